import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { createAgency, createProject, createUser, expectProblem } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Issue: right after a process starts, 30 parallel decisions on 30 workflows of one chain
 * wedged it for good — each transaction held a pooled connection and its workflow's lock,
 * then asked the pool for a second one to read the (cold) chain cache. These tests hold the
 * service to: no transaction uses a second connection, nothing waits for ever, and a wait that
 * runs out is a 503 problem, not a hang.
 */

const name = (en: string) => ({ en, es: `${en} (es)` });
/** Shared by every process of a test, so a token from one is good on the others. */
const JWT_SECRET = randomBytes(32).toString('hex');

interface Setup {
  approverToken: string;
  startWorkflow(): Promise<string>;
}

async function setup(app: TestApp): Promise<Setup> {
  const admin = await app.adminToken();
  const agency = await createAgency(app, { code: 'CBP', country: 'US' });
  const approver = await createUser(app, { roles: ['approver'], agencyId: agency.id });
  const coordinator = await createUser(app, { roles: ['coordinator'] });
  const chain = await app
    .http()
    .post('/api/v1/approval-chains')
    .auth(admin, { type: 'bearer' })
    .send({
      key: 'burst',
      name: name('Burst'),
      steps: [
        { key: 'review', name: name('Review'), assignees: [{ agency: 'CBP' }] },
        {
          key: 'after',
          name: name('After'),
          assignees: [{ agency: 'CBP' }],
          dependsOn: ['review'],
          sla: { businessDays: 5, calendar: 'US' },
          reminders: [{ before: 'P1D' }],
        },
      ],
    });
  await app
    .http()
    .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
    .auth(admin, { type: 'bearer' })
    .expect(200);
  return {
    approverToken: approver.token,
    async startWorkflow() {
      // One running workflow of a chain per project.
      const project = await createProject(app, {}, coordinator.token);
      const started = await app
        .http()
        .post(`/api/v1/projects/${project.id}/workflows`)
        .auth(coordinator.token, { type: 'bearer' })
        .send({ chainKey: 'burst' });
      if (started.status !== 201) throw new Error(`start ${started.status} ${started.text}`);
      return started.body.id as string;
    },
  };
}

/** Sends one decision; resolves with its status, or 0 when no answer came within `limitMs`. */
async function decide(url: string, token: string, workflowId: string, limitMs: number) {
  try {
    const response = await request(url)
      .post(`/api/v1/workflows/${workflowId}/steps/review/decisions`)
      .auth(token, { type: 'bearer' })
      .timeout({ response: limitMs, deadline: limitMs })
      .send({ decision: 'approve' });
    return { status: response.status, body: response.body as { code?: string } };
  } catch {
    return { status: 0, body: {} };
  }
}

describe('Database pool: nothing waits for ever', () => {
  let seed: TestApp;
  let fixture: Setup;

  beforeAll(async () => {
    seed = await createTestApp({ JWT_SECRET });
    fixture = await setup(seed);
  });

  afterAll(async () => {
    await seed.close();
  });

  /** A process of its own on the seed's database: its cache of published chains is cold. */
  const coldProcess = (env: Record<string, string> = {}) =>
    createTestApp({
      DATABASE_URL: seed.databaseUrl,
      QUEUE_PREFIX: seed.queuePrefix,
      APP_ROLE: 'api',
      JWT_SECRET,
      ...env,
    });

  const startMany = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await fixture.startWorkflow());
    return ids;
  };

  it('answers a burst of 30 parallel decisions on a cold process within 5 s, 10 tries of 10', async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const workflows = await startMany(30);
      const api = await coldProcess();
      try {
        const started = Date.now();
        const answers = await Promise.all(
          workflows.map((id) => decide(api.url, fixture.approverToken, id, 5000)),
        );
        const elapsed = Date.now() - started;
        expect({ attempt, statuses: answers.map((a) => a.status) }).toEqual({
          attempt,
          statuses: workflows.map(() => 201),
        });
        expect(elapsed).toBeLessThan(5000);
      } finally {
        await api.close();
      }
    }
  }, 240_000);

  it('with DB_POOL_SIZE=4 every request of the burst still gets an answer: a decision or a 503', async () => {
    const workflows = await startMany(30);
    const api = await coldProcess({ DB_POOL_SIZE: '4', DB_POOL_WAIT_MS: '1000' });
    try {
      const answers = await Promise.all(
        workflows.map((id) => decide(api.url, fixture.approverToken, id, 10_000)),
      );
      for (const answer of answers) {
        expect([201, 503]).toContain(answer.status);
        if (answer.status === 503) expect(answer.body.code).toBe('DATABASE_BUSY');
      }
      expect(answers.filter((a) => a.status === 201).length).toBeGreaterThan(0);
    } finally {
      await api.close();
    }
  }, 60_000);

  it('no transaction asks the pool for a second connection: the decision flow runs on a pool of one', async () => {
    // With one pooled connection, any query that a transaction sent through the pool instead
    // of its own connection would wait for the connection it holds itself: a 503 after 3 s.
    const workflows = await startMany(3);
    const api = await coldProcess({ DB_POOL_SIZE: '1', DB_POOL_WAIT_MS: '3000' });
    try {
      for (const id of workflows) {
        const answer = await decide(api.url, fixture.approverToken, id, 10_000);
        expect(answer.status).toBe(201);
      }
      const tasks = await request(api.url)
        .get('/api/v1/tasks')
        .auth(fixture.approverToken, { type: 'bearer' });
      expect(tasks.status).toBe(200);
      expect(tasks.body.items.map((t: { stepKey: string }) => t.stepKey)).toContain('after');
    } finally {
      await api.close();
    }
  }, 60_000);

  it('a column added while a process runs (a rolling deploy’s migration) does not break what it has prepared', async () => {
    // The decision path's statements are prepared by name on each pooled connection; one
    // whose result columns changed under it would fail on that connection for good (0A000).
    const [first, second] = await startMany(2);
    const api = await coldProcess({ DB_POOL_SIZE: '1' });
    const tables = ['workflows', 'workflow_steps', 'notifications', 'users', 'deadline_timers'];
    try {
      expect((await decide(api.url, fixture.approverToken, first, 10_000)).status).toBe(201);
      for (const table of tables)
        await seed.sql(`ALTER TABLE ${table} ADD COLUMN rolling_deploy_probe int`);
      expect((await decide(api.url, fixture.approverToken, second, 10_000)).status).toBe(201);
    } finally {
      await api.close();
      for (const table of tables)
        await seed.sql(`ALTER TABLE ${table} DROP COLUMN IF EXISTS rolling_deploy_probe`);
    }
  }, 60_000);

  it('a lock held elsewhere ends in a 503 after DB_LOCK_TIMEOUT_MS, and /health names the pool, not the database', async () => {
    const [workflowId] = await startMany(1);
    const api = await coldProcess({
      DB_POOL_SIZE: '1',
      DB_POOL_WAIT_MS: '6000',
      DB_LOCK_TIMEOUT_MS: '4000',
    });
    const blocker = new Client({ connectionString: seed.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM workflows WHERE id = $1 FOR UPDATE', [workflowId]);
      const decision = decide(api.url, fixture.approverToken, workflowId, 15_000);
      await new Promise((r) => setTimeout(r, 500)); // the decision now holds the one connection
      const health = await request(api.url).get('/health');
      expect(health.status).toBe(503);
      expect(health.body.checks).toEqual(
        expect.objectContaining({ database: 'up', pool: 'exhausted' }),
      );
      const answer = await decision;
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('DATABASE_BUSY');
      await blocker.query('ROLLBACK');
      // The lock gone, the same decision goes through: nothing was half-written.
      const retried = await decide(api.url, fixture.approverToken, workflowId, 10_000);
      expect(retried.status).toBe(201);
      const healthy = await request(api.url).get('/health');
      expect(healthy.status).toBe(200);
      expect(healthy.body.checks).toEqual(
        expect.objectContaining({ database: 'up', pool: 'ok', queue: 'up' }),
      );
    } finally {
      await blocker.end();
      await api.close();
    }
  }, 60_000);

  it('answers a 503 problem with Retry-After when the pool wait runs out', async () => {
    const [workflowId] = await startMany(1);
    const api = await coldProcess({ DB_POOL_SIZE: '1', DB_POOL_WAIT_MS: '500' });
    const blocker = new Client({ connectionString: seed.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM workflows WHERE id = $1 FOR UPDATE', [workflowId]);
      const held = decide(api.url, fixture.approverToken, workflowId, 15_000);
      await new Promise((r) => setTimeout(r, 300));
      const waiting = await request(api.url)
        .get('/api/v1/tasks')
        .auth(fixture.approverToken, { type: 'bearer' });
      expectProblem(waiting, 503);
      expect(waiting.headers['retry-after']).toBe('2');
      await blocker.query('ROLLBACK');
      expect((await held).status).toBe(201);
    } finally {
      await blocker.end();
      await api.close();
    }
  }, 60_000);
});
