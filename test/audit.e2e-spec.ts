import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  eventHash,
  keyIdOf,
  verifySignature,
  headMessage,
  ed25519PublicKey,
} from '@puentes/audit-proof';
import type { Job } from 'bullmq';
import { HeadBackfill } from '@app/modules/audit/head-backfill';
import { AuditCheckpoints } from '@app/modules/audit/audit-checkpoints.service';
import { DAILY_CHECKPOINT, PLENARY_CHECKPOINTS } from '@app/modules/maintenance/maintenance.jobs';
import { MaintenanceProcessor } from '@app/modules/maintenance/maintenance.processor';
import {
  createAgency,
  createCoChairs,
  createProject,
  createTechnicalGroup,
  createUser,
  expectProblem,
} from './support/fixtures';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';

const ROOT = join(__dirname, '..');

/** Runs the auditor's command exactly as the README gives it. */
function auditVerify(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', 'audit:verify', '--', ...args],
      { cwd: ROOT, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? ((error as { code?: number }).code ?? 1) : 0,
          output: stdout + stderr,
        }),
    );
  });
}

describe('Anchored history: signed heads, checkpoints, exports and audit:verify', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: string;
  let viewer: string;
  let approver: string;
  let chairs: Awaited<ReturnType<typeof createCoChairs>>;
  let groupCode: string;
  let groupId: string;
  let workflowId: string;
  let dir: string;
  const chainKey = `audit-${Date.now().toString(36)}`;

  const get = (path: string, token = viewer) =>
    app.http().get(`/api/v1${path}`).auth(token, { type: 'bearer' });
  const verify = async (id = workflowId) => (await get(`/workflows/${id}/events/verify`)).body;
  const save = (name: string, body: unknown) => {
    const file = join(dir, name);
    writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
    return file;
  };

  async function startWorkflow(): Promise<string> {
    const project = await createProject(app, { technicalGroupCode: groupCode });
    const started = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(admin, { type: 'bearer' })
      .send({ chainKey });
    expect(started.status).toBe(201);
    return started.body.id as string;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'puentes-audit-'));
    smtp = await startSmtpServer();
    app = await createTestApp({ SMTP_URL: smtp.url });
    admin = await app.adminToken();
    const sre = await createAgency(app, { country: 'MX' });
    approver = (await createUser(app, { roles: ['approver'], agencyId: sre.id })).token;
    viewer = (await createUser(app, { roles: ['viewer'] })).token;
    chairs = await createCoChairs(app);
    const group = await createTechnicalGroup(app, {
      coChairs: { mx: chairs.mx.id, us: chairs.us.id },
    });
    groupCode = group.code;
    groupId = group.id;
    const chain = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({
        key: chainKey,
        name: { en: 'Audit chain', es: 'Cadena de auditoría' },
        steps: ['a', 'b'].map((key, i) => ({
          key,
          name: { en: `Step ${key}`, es: `Etapa ${key}` },
          assignees: [{ agency: sre.code }],
          ...(i > 0 ? { dependsOn: ['a'] } : {}),
        })),
      });
    expect(chain.status).toBe(201);
    await app
      .http()
      .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    workflowId = await startWorkflow();
    await app
      .http()
      .post(`/api/v1/workflows/${workflowId}/steps/a/decisions`)
      .auth(approver, { type: 'bearer' })
      .send({ decision: 'approve', comment: 'looks right' })
      .expect(201);
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the public key to any signed-in user, and to nobody else', async () => {
    expectProblem(await app.http().get('/api/v1/audit/public-key'), 401);
    const response = await get('/audit/public-key').expect(200);
    expect(response.body).toEqual({
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
      algorithm: 'Ed25519',
      publicKey: expect.stringContaining('-----BEGIN PUBLIC KEY-----'),
    });
    expect(keyIdOf(response.body.publicKey)).toBe(response.body.keyId);
  });

  it('signs the head in the same write that moves it, and verify checks the signature', async () => {
    const [row] = await app.sql<{
      last_seq: number;
      last_hash: string;
      head_signature: string;
      head_key_id: string;
    }>('SELECT last_seq, last_hash, head_signature, head_key_id FROM workflows WHERE id = $1', [
      workflowId,
    ]);
    const { keyId, publicKey } = (await get('/audit/public-key')).body;
    expect(row.head_key_id).toBe(keyId);
    expect(
      verifySignature(
        headMessage(workflowId, row.last_seq, row.last_hash),
        row.head_signature,
        ed25519PublicKey(publicKey),
      ),
    ).toBe(true);
    expect(await verify()).toEqual({
      valid: true,
      checked: row.last_seq,
      firstBrokenSeq: null,
      signature: 'valid',
      replay: 'matches',
    });
  });

  it('answers missing for an unsigned head, and the start-up backfill signs it', async () => {
    await app.sql('UPDATE workflows SET head_signature = NULL, head_key_id = NULL WHERE id = $1', [
      workflowId,
    ]);
    const unsigned = await verify();
    expect(unsigned).toEqual(
      expect.objectContaining({
        valid: false,
        signature: 'missing',
        firstBrokenSeq: unsigned.checked,
      }),
    );
    const backfill = app.running.app.get(HeadBackfill, { strict: false });
    expect(await backfill.run()).toBe(1);
    expect(await backfill.run()).toBe(0);
    expect(await verify()).toEqual(expect.objectContaining({ valid: true, signature: 'valid' }));
  });

  it('makes a checkpoint for an admin only, lists it and sends it to every co-chair in their language', async () => {
    expectProblem(
      await app.http().post('/api/v1/audit/checkpoints').auth(viewer, { type: 'bearer' }),
      403,
    );
    const made = await app
      .http()
      .post('/api/v1/audit/checkpoints')
      .auth(admin, { type: 'bearer' })
      .expect(201);
    const [{ count }] = await app.sql<{ count: number }>(
      'SELECT count(*)::int AS count FROM workflows',
    );
    expect(made.body).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      keyId: (await get('/audit/public-key')).body.keyId,
      root: expect.stringMatching(/^[0-9a-f]{64}$/),
      workflowCount: count,
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{86}==$/),
      trigger: 'manual',
    });
    expect((await get(`/audit/checkpoints/${made.body.id}`).expect(200)).body).toEqual(made.body);
    const list = (await get('/audit/checkpoints?limit=5').expect(200)).body;
    expect(list).toEqual({ items: [made.body], total: 1, limit: 5, offset: 0 });
    expectProblem(await get('/audit/checkpoints/7d1f0a3e-0000-4000-8000-000000000000'), 404);
    expectProblem(await get('/audit/checkpoints/not-a-uuid'), 400);

    // Both co-chairs, once each, by email and in the app, with the whole signed record.
    const mails = await smtp.waitFor(
      (all) =>
        all.filter((m) => header(m.mail, 'x-puentes-notification-type') === 'audit_checkpoint')
          .length >= 2,
    );
    const sent = mails.filter(
      (m) => header(m.mail, 'x-puentes-notification-type') === 'audit_checkpoint',
    );
    expect(sent.map((m) => m.to).sort()).toEqual([chairs.mx.email, chairs.us.email].sort());
    for (const { mail } of sent) {
      expect(mail.text).toContain(made.body.root);
      expect(mail.text).toContain(made.body.signature);
      expect(mail.text).toContain(made.body.at);
      expect(mail.text).toContain('npm run audit:verify');
    }
    const mx = sent.find((m) => m.to === chairs.mx.email)!.mail;
    expect(mx.subject).toMatch(/^\[Puentes\] Punto de control del historial: raíz [0-9a-f]{12}…/);
    const inbox = (await get('/notifications', chairs.usToken).expect(200)).body.items as {
      type: string;
    }[];
    expect(inbox.filter((n) => n.type === 'audit_checkpoint')).toHaveLength(1);
    const history = (await get(`/technical-groups/${groupId}/events`).expect(200)).body.items as {
      type: string;
      data: { checkpointId?: string };
    }[];
    expect(history.filter((e) => e.type === 'audit_checkpoint_sent')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ checkpointId: made.body.id }) }),
    ]);
  });

  it('exports a history that audit:verify accepts with nothing but the public key', async () => {
    const exported = (await get(`/workflows/${workflowId}/events/export`).expect(200)).body;
    const checkpoint = (await get('/audit/checkpoints')).body.items[0];
    expect(exported).toEqual(
      expect.objectContaining({
        format: 'puentes-history-export/v1',
        workflowId,
        head: expect.objectContaining({ signature: expect.any(String) }),
        checkpoint,
        inclusion: expect.objectContaining({ treeSize: checkpoint.workflowCount }),
      }),
    );
    const key = save('key.pem', (await get('/audit/public-key')).body.publicKey);
    const result = await auditVerify([
      '--export',
      save('export.json', exported),
      '--public-key',
      key,
      '--checkpoint',
      save('checkpoint.json', checkpoint),
    ]);
    expect(result.output).toMatch(/PASS {2}hash chain: \d+ events recompute/);
    expect(result.output).toContain('PASS  head signature');
    expect(result.output).toContain(`PASS  checkpoint signature: checkpoint ${checkpoint.id}`);
    expect(result.output).toContain(`root ${checkpoint.root}`);
    expect(result.output).toContain('PASS  inclusion proof');
    expect(result.output).toContain('OK: all 8 checks passed');
    expect(result.code).toBe(0);

    // A workflow younger than the checkpoint has no proof yet, and the command says so.
    const young = await startWorkflow();
    const youngExport = (await get(`/workflows/${young}/events/export`).expect(200)).body;
    expect(youngExport.inclusion).toBeNull();
    const refused = await auditVerify([
      '--export',
      save('young.json', youngExport),
      '--public-key',
      key,
    ]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('FAIL  inclusion: the workflow is not in checkpoint');

    expectProblem(
      await get(
        `/workflows/${workflowId}/events/export?checkpointId=7d1f0a3e-0000-4000-8000-000000000000`,
      ),
      404,
    );
    expectProblem(await get(`/workflows/${workflowId}/events/export?checkpointId=nope`), 400);
  });

  it('catches an event edited in the database with every later hash and the head recomputed', async () => {
    const checkpoint = (await get('/audit/checkpoints')).body.items[0];
    const before = await verify();
    expect(before.valid).toBe(true);

    // The insider: rewrite the decision's comment, then recompute the chain from there on
    // and move the workflow's head to match, so the chain itself is intact again.
    const events = await app.sql<{
      seq: number;
      at: Date;
      type: string;
      actor_id: string | null;
      data: Record<string, unknown>;
      prev_hash: string;
    }>(
      'SELECT seq, at, type, actor_id, data, prev_hash FROM workflow_events WHERE workflow_id = $1 ORDER BY seq',
      [workflowId],
    );
    const edited = events.find((e) => e.type === 'decision_recorded')!;
    edited.data = { ...edited.data, comment: 'rejected, in fact' };
    let prevHash = events[edited.seq - 2].prev_hash;
    for (const event of events.slice(edited.seq - 2)) {
      const hash = eventHash(prevHash, {
        seq: event.seq,
        at: event.at.toISOString(),
        type: event.type,
        actorId: event.actor_id,
        data: event.data,
      });
      await app.sql(
        'UPDATE workflow_events SET data = $3, prev_hash = $4, hash = $5 WHERE workflow_id = $1 AND seq = $2',
        [workflowId, event.seq, JSON.stringify(event.data), prevHash, hash],
      );
      prevHash = hash;
    }
    await app.sql('UPDATE workflows SET last_hash = $2 WHERE id = $1', [workflowId, prevHash]);

    // The chain recomputes, the signature does not hold: broken, reported at the head.
    expect(await verify()).toEqual({
      valid: false,
      checked: events.length,
      firstBrokenSeq: events.length,
      signature: 'invalid',
      // The rewritten comment is not the one stored with the signature.
      replay: 'differs',
    });

    const key = save('key.pem', (await get('/audit/public-key')).body.publicKey);
    const exported = (await get(`/workflows/${workflowId}/events/export`).expect(200)).body;
    const result = await auditVerify([
      '--export',
      save('tampered.json', exported),
      '--public-key',
      key,
      '--checkpoint',
      save('checkpoint.json', checkpoint),
    ]);
    expect(result.output).toMatch(/PASS {2}hash chain/);
    expect(result.output).toContain('FAIL  head signature: does not hold');
    expect(result.output).toContain('FAIL  anchored head in chain');
    expect(result.output).toMatch(/REFUSED: 2 of 8 checks failed/);
    expect(result.code).toBe(1);
    // An ordinary write on the rewritten history does not make the service vouch for it.
    await app
      .http()
      .post(`/api/v1/workflows/${workflowId}/steps/b/decisions`)
      .auth(approver, { type: 'bearer' })
      .send({ decision: 'approve', comment: 'second step' })
      .expect(201);
    const after = await verify();
    expect(after).toEqual({
      valid: false,
      checked: expect.any(Number),
      firstBrokenSeq: after.checked,
      signature: 'invalid',
      replay: 'differs',
    });
    expect(after.checked).toBeGreaterThan(events.length);
  });

  it('makes one daily checkpoint however many times its job runs', async () => {
    const processor = app.running.app.get(MaintenanceProcessor, { strict: false });
    const first = await processor.process({ name: DAILY_CHECKPOINT } as Job);
    const second = await processor.process({ name: DAILY_CHECKPOINT } as Job);
    expect(first.checkpoint).toEqual(expect.any(String));
    expect(second.checkpoint).toBeNull();
    const daily = await app.sql<{ trigger: string; trigger_key: string }>(
      "SELECT trigger, trigger_key FROM audit_checkpoints WHERE trigger = 'daily'",
    );
    expect(daily).toEqual([
      { trigger: 'daily', trigger_key: `daily/${new Date().toISOString().slice(0, 10)}` },
    ]);
  });

  it('makes one checkpoint when a plenary meeting begins, none for a cancelled one', async () => {
    const schedule = async (kind: string, title: string) => {
      const response = await app
        .http()
        .post(`/api/v1/technical-groups/${groupId}/meetings`)
        .auth(admin, { type: 'bearer' })
        .send({
          kind,
          title: { en: title, es: `${title} (es)` },
          startsAt: '2027-07-15T09:00',
          timeZone: 'America/Hermosillo',
          durationMinutes: 60,
          place: 'Nogales, Sonora',
        });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const plenary = await schedule('plenary', 'December plenary');
    const regional = await schedule('regional', 'Regional review');
    const cancelled = await schedule('plenary', 'Called-off plenary');
    await app
      .http()
      .post(`/api/v1/technical-groups/${groupId}/meetings/${cancelled}/cancel`)
      .auth(admin, { type: 'bearer' })
      .send({})
      .expect(200);
    const checkpoints = app.running.app.get(AuditCheckpoints, { strict: false });
    expect(await checkpoints.makeForPlenaries(new Date())).toEqual([]); // not begun yet

    // Time passes: the meetings begin.
    await app.sql(
      "UPDATE meetings SET starts_at = now() - interval '5 minutes' WHERE id = ANY($1)",
      [[plenary, regional, cancelled]],
    );
    const processor = app.running.app.get(MaintenanceProcessor, { strict: false });
    const first = await processor.process({ name: PLENARY_CHECKPOINTS } as Job);
    const second = await processor.process({ name: PLENARY_CHECKPOINTS } as Job);
    expect(first.checkpoints).toHaveLength(1);
    expect(second.checkpoints).toEqual([]);
    expect(
      await app.sql("SELECT trigger_key FROM audit_checkpoints WHERE trigger = 'plenary'"),
    ).toEqual([{ trigger_key: `plenary/${plenary}` }]);
    const about = (m: ReceivedMail) =>
      (m.mail.text ?? '').includes('December plenary') &&
      header(m.mail, 'x-puentes-notification-type') === 'audit_checkpoint';
    const mails = await smtp.waitFor((all) => all.filter(about).length >= 2);
    const text = (to: string) => mails.find((m) => m.to === to && about(m))!.mail.text;
    expect(text(chairs.us.email)).toContain(
      `for the plenary meeting "December plenary" of ${groupCode}`,
    );
    expect(text(chairs.mx.email)).toContain(
      `con motivo de la reunión plenaria «December plenary (es)» de ${groupCode}`,
    );
  });

  it('describes every new route, its answer and its problems in the OpenAPI document', async () => {
    const document = (await app.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const routes: [string, string, string[]][] = [
      ['/api/v1/audit/public-key', 'get', ['200', '401']],
      ['/api/v1/audit/checkpoints', 'get', ['200', '400', '401']],
      ['/api/v1/audit/checkpoints', 'post', ['201', '401', '403']],
      ['/api/v1/audit/checkpoints/{id}', 'get', ['200', '400', '401', '404']],
      ['/api/v1/workflows/{id}/events/export', 'get', ['200', '400', '401', '404']],
      ['/api/v1/workflows/{id}/events/verify', 'get', ['200', '400', '401', '404']],
    ];
    for (const [path, method, statuses] of routes) {
      const responses = document.paths[path]?.[method]?.responses;
      expect(Object.keys(responses ?? {})).toEqual(expect.arrayContaining(statuses));
      for (const status of statuses.filter((s) => s >= '400'))
        expect(responses[status].content).toHaveProperty('application/problem+json');
    }
    expect(Object.keys(document.components.schemas.HistoryCheckView.properties)).toContain(
      'signature',
    );
    expect(Object.keys(document.components.schemas.HistoryExportView.properties)).toEqual(
      expect.arrayContaining(['events', 'head', 'checkpoint', 'inclusion']),
    );
  });
});
