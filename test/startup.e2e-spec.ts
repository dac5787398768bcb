import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { startPuentes } from '@app/bootstrap';
import { ConfigError } from '@app/config/app-config';
import { MAINTENANCE_QUEUE } from '@app/modules/maintenance/maintenance.jobs';
import { MaintenanceProcessor } from '@app/modules/maintenance/maintenance.processor';
import { expectProblem } from './support/fixtures';
import {
  ADMIN,
  createTestApp,
  createTestDatabase,
  dropTestDatabase,
  type TestApp,
} from './support/test-app';

describe('Start-up: bootstrap admin, demo seed, roles, configuration', () => {
  it('creates only the bootstrap admin on an empty DATABASE_URL without SEED_DEMO', async () => {
    const app = await createTestApp();
    try {
      const users = await app.sql<{ email: string; roles: string[] }>(
        'SELECT email, roles FROM users',
      );
      expect(users).toEqual([{ email: ADMIN.email, roles: ['admin'] }]);
      expect(await app.sql('SELECT id FROM agencies')).toHaveLength(0);
      expect(await app.sql('SELECT id FROM approval_chains')).toHaveLength(0);
    } finally {
      await app.close();
    }
  });

  it('seeds the demo once with SEED_DEMO=true, and not again on the next start', async () => {
    const databaseUrl = await createTestDatabase();
    try {
      const first = await createTestApp({ DATABASE_URL: databaseUrl, SEED_DEMO: 'true' });
      const counts = async (app: TestApp) =>
        (
          await app.sql<{
            agencies: number;
            groups: number;
            users: number;
            chains: number;
            projects: number;
          }>(
            `SELECT (SELECT count(*)::int FROM agencies) AS agencies,
                    (SELECT count(*)::int FROM projects) AS projects,
                    (SELECT count(*)::int FROM technical_groups) AS groups,
                    (SELECT count(*)::int FROM users) AS users,
                    (SELECT count(*)::int FROM approval_chains WHERE status = 'published') AS chains`,
          )
        )[0];
      const seeded = await counts(first);
      expect(seeded).toEqual({ agencies: 30, groups: 4, users: 26, chains: 1, projects: 3 });
      const countries = await first.sql<{ country: string; n: number }>(
        'SELECT country, count(*)::int AS n FROM agencies GROUP BY country ORDER BY country',
      );
      expect(countries).toEqual([
        { country: 'MX', n: 17 },
        { country: 'US', n: 13 },
      ]);
      const roles = await first.sql<{ role: string }>(
        'SELECT DISTINCT unnest(roles) AS role FROM users ORDER BY role',
      );
      expect(roles.map((r) => r.role)).toEqual(['admin', 'approver', 'coordinator', 'viewer']);
      const chairs = await first.sql<{ code: string; mx: string; us: string }>(
        `SELECT g.code, amx.country AS mx, aus.country AS us FROM technical_groups g
           JOIN users umx ON umx.id = g.co_chair_mx_id JOIN agencies amx ON amx.id = umx.agency_id
           JOIN users uus ON uus.id = g.co_chair_us_id JOIN agencies aus ON aus.id = uus.agency_id`,
      );
      expect(chairs.every((c) => c.mx === 'MX' && c.us === 'US')).toBe(true);
      const roster = await first.sql<{ email: string; role: string }>(
        `SELECT u.email, m.role FROM technical_group_members m
           JOIN users u ON u.id = m.user_id JOIN technical_groups g ON g.id = m.group_id
          WHERE g.code = 'SON-AZ' ORDER BY u.email`,
      );
      expect(roster).toEqual([
        { email: 'approver@demo.puentes.local', role: 'member' },
        { email: 'viewer@demo.puentes.local', role: 'observer' },
      ]);
      const [chain] = await first.sql<{ key: string; definition: { steps: { key: string }[] } }>(
        'SELECT key, definition FROM approval_chains',
      );
      expect(chain.key).toBe('border-crossing-authorization');
      expect(chain.definition.steps.map((s) => s.key)).toContain('diplomatic-sign-off');

      // Nobody the demo chain names is left without someone who can sign for it (the project's
      // own group, `{ projectGroup: true }`, is checked on the workflows below).
      const unstaffed = await first.sql<{ assignee: string }>(
        `SELECT a.value AS assignee
           FROM approval_chains c,
                jsonb_array_elements(c.definition -> 'steps') AS step,
                jsonb_array_elements(step -> 'assignees') AS assignee,
                LATERAL (SELECT COALESCE(assignee ->> 'agency', assignee ->> 'technicalGroup') AS value) a
          WHERE assignee ->> 'projectGroup' IS NULL
            AND NOT EXISTS (
                  SELECT 1 FROM users u JOIN agencies ag ON ag.id = u.agency_id
                   WHERE u.active AND 'approver' = ANY(u.roles) AND ag.code = assignee ->> 'agency')
            AND NOT EXISTS (
                  SELECT 1 FROM technical_groups g
                    JOIN users mx ON mx.id = g.co_chair_mx_id AND mx.active
                    JOIN users us ON us.id = g.co_chair_us_id AND us.active
                   WHERE g.code = assignee ->> 'technicalGroup')`,
      );
      expect(unstaffed).toEqual([]);
      // Mexicans read Spanish and Americans English, in their offices' zones (two stationed
      // in the Sonora–Arizona desert, which keeps standard time all year).
      const people = await first.sql<{
        email: string;
        locale: string;
        tz: string;
        country: string;
      }>(
        `SELECT u.email, u.locale, u.time_zone AS tz, a.country FROM users u
           JOIN agencies a ON a.id = u.agency_id WHERE 'approver' = ANY(u.roles)`,
      );
      expect(people.every((p) => p.locale === (p.country.trim() === 'MX' ? 'es' : 'en'))).toBe(
        true,
      );
      expect(people.find((p) => p.email === 'approver.anam@demo.puentes.local')!.tz).toBe(
        'America/Hermosillo',
      );
      expect(people.find((p) => p.email === 'approver.cbp@demo.puentes.local')!.tz).toBe(
        'America/Phoenix',
      );

      // Three workflows, moved through the approvals service: just started, midway, approved.
      const workflows = await first.sql<{
        code: string;
        id: string;
        status: string;
        steps: Record<string, string>;
      }>(
        `SELECT p.code, w.id, w.status,
                (SELECT jsonb_object_agg(s.key, s.status) FROM workflow_steps s
                  WHERE s.workflow_id = w.id) AS steps
           FROM workflows w JOIN projects p ON p.id = w.project_id ORDER BY p.code`,
      );
      const byProject = Object.fromEntries(workflows.map((w) => [w.code, w]));
      expect(byProject['OTAY-MESA-EAST'].status).toBe('active');
      expect(byProject['OTAY-MESA-EAST'].steps).toEqual(
        expect.objectContaining({ 'regional-priority': 'active', 'mx-technical-file': 'pending' }),
      );
      // Otay Mesa East (Baja California–California) waits on its own group's co-chairs.
      const otay = await first
        .http()
        .get(`/api/v1/workflows/${byProject['OTAY-MESA-EAST'].id}`)
        .auth(await first.adminToken(), { type: 'bearer' })
        .expect(200);
      expect(otay.body.steps[0].assignees).toEqual([
        expect.objectContaining({
          technicalGroup: 'BC-CA',
          projectGroup: true,
          signers: 2,
          unstaffed: false,
        }),
      ]);
      expect(byProject['NOGALES-RAIL'].status).toBe('active');
      expect(byProject['NOGALES-RAIL'].steps).toEqual(
        expect.objectContaining({
          'regional-priority': 'approved',
          'mx-technical-file': 'changes_requested',
          'us-agency-views': 'active',
          'rail-safety': 'active',
          'environmental-review': 'pending',
        }),
      );
      expect(byProject['SAN-LUIS-II'].status).toBe('approved');
      expect(byProject['SAN-LUIS-II'].steps['rail-safety']).toBe('skipped');
      const admin = await first.adminToken();
      for (const workflow of workflows) {
        // Real histories: hash-chained, with a signature event for every decision.
        const check = await first
          .http()
          .get(`/api/v1/workflows/${workflow.id}/events/verify`)
          .auth(admin, { type: 'bearer' })
          .expect(200);
        expect(check.body.valid).toBe(true);
      }
      const [signatures] = await first.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM workflow_events WHERE type = 'decision_recorded'`,
      );
      expect(signatures.n).toBe(8 + 17);
      // Deadlines are real: the open steps have timers.
      const [timers] = await first.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM deadline_timers t JOIN workflow_steps s ON s.id = t.step_id
          WHERE s.status = 'active' AND t.status = 'pending'`,
      );
      expect(timers.n).toBeGreaterThan(0);
      // And the search sees where the ball is.
      const search = await first
        .http()
        .get('/api/v1/workflows?status=active&sort=dueAt')
        .auth(admin, { type: 'bearer' })
        .expect(200);
      const midway = (search.body.items as { projectCode: string; ballIsWith: string }[]).find(
        (i) => i.projectCode === 'NOGALES-RAIL',
      )!;
      expect(midway.ballIsWith).toBe('both'); // FHWA, EPA, USIBWC (US); ATTRAPI (MX)
      await first.close();

      const second = await createTestApp({ DATABASE_URL: databaseUrl, SEED_DEMO: 'true' });
      expect(await counts(second)).toEqual(seeded);
      await second.close();
    } finally {
      await dropTestDatabase(databaseUrl);
    }
  }, 180_000);

  it('runs as a worker without HTTP, and its maintenance job has one effect however often it runs', async () => {
    const api = await createTestApp({ APP_ROLE: 'api' });
    const worker = await createTestApp({ DATABASE_URL: api.databaseUrl, APP_ROLE: 'worker' });
    try {
      expect(worker.running.url).toBeUndefined();
      const token = await api.adminToken();
      await api
        .http()
        .post('/api/v1/agencies')
        .auth(token, { type: 'bearer' })
        .set('Idempotency-Key', 'old-key')
        .send({ code: 'OLD', country: 'MX', name: { en: 'x', es: 'y' } })
        .expect(201);
      await api.sql(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours'`);
      const processor = worker.running.app.get(MaintenanceProcessor);
      await expect(processor.purgeIdempotencyKeys()).resolves.toBe(1);
      await expect(processor.purgeIdempotencyKeys()).resolves.toBe(0);
      expect(await api.sql('SELECT key FROM idempotency_keys')).toHaveLength(0);

      const queue = worker.running.app.get<Queue>(getQueueToken(MAINTENANCE_QUEUE));
      const schedulers = await queue.getJobSchedulers();
      expect(schedulers.map((s) => s.key).sort()).toEqual([
        'audit-daily-checkpoint',
        'audit-plenary-checkpoints',
        'purge-idempotency-keys',
        'sweep-document-files',
      ]);
      expect(() => api.running.app.get(MaintenanceProcessor)).toThrow();
    } finally {
      await worker.close();
      await api.close();
    }
  });

  it('answers /health with 503 when the queue is unreachable', async () => {
    const app = await createTestApp({ APP_ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:1/0' });
    try {
      const response = await app.http().get('/health');
      expect(response.status).toBe(503);
      expect(response.body.checks).toEqual({ database: 'up', pool: 'ok', queue: 'down' });
    } finally {
      await app.close();
    }
  }, 30_000);

  it('opens CORS only to the configured origins', async () => {
    const app = await createTestApp({ CORS_ORIGINS: 'https://portal.sre.gob.mx' });
    try {
      const allowed = await app.http().get('/health').set('Origin', 'https://portal.sre.gob.mx');
      expect(allowed.headers['access-control-allow-origin']).toBe('https://portal.sre.gob.mx');
      const other = await app.http().get('/health').set('Origin', 'https://evil.example');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      expectProblem(await app.http().get('/api/v1/me'), 401);
    } finally {
      await app.close();
    }
  });

  it('refuses to start on a bad configuration, naming each variable', async () => {
    const start = startPuentes({ PORT: 'eighty', APP_ROLE: 'everything', REDIS_URL: 'http://x' });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/PORT[\s\S]*REDIS_URL[\s\S]*APP_ROLE|APP_ROLE/);
    const error = (await start.catch((e: unknown) => e)) as ConfigError;
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['APP_ROLE', 'PORT', 'REDIS_URL']);
  });
});
