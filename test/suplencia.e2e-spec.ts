import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManualClock } from '@app/common/clock/clock';
import { formatInstant } from '@app/modules/notifications/templates/format-instant';
import { pdfFile } from './support/document-files';
import { createAgency, expectProblem, publishChain, startWorkflow } from './support/fixtures';
import { header, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';
import { clockAt, fireTimersAt } from './support/timers';

let serial = 0;
const key = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${serial++}`;
const name = (en: string) => ({ en, es: `${en} (es)` });
const HOUR = 3_600_000;

interface Person {
  id: string;
  email: string;
  name: string;
  token: string;
}

interface Workflow {
  id: string;
  projectId: string;
  steps: {
    key: string;
    status: string;
    assignees: { agency?: string; decision: string | null }[];
  }[];
}

/**
 * Suplencia, reassignment and comments against the real service (PostgreSQL, Redis, SMTP) on a
 * clock the test sets: a delegation takes effect and ends at its instants, the decision event
 * records it, a reassignment moves the pending assignee for one workflow, and a comment is a
 * hash-chained event that tells those who still have to sign.
 */
describe('Suplencia, reassignment and comments', () => {
  let app: TestApp;
  let clock: ManualClock;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let dataDir: string;
  let admin: string;
  let sre: { id: string; code: string };
  let cbp: { id: string; code: string };
  let gsa: { id: string; code: string };
  let coordinator: Person;
  let titular: Person; // an SRE approver, the delegator
  let suplente: Person; // an SRE viewer, the delegate
  let other: Person; // another SRE viewer
  let cbpApprover: Person;
  let gsaApprover: Person;

  async function person(
    fullName: string,
    roles: string[],
    agencyId?: string,
    locale = 'en',
  ): Promise<Person> {
    const email = `${key('p').toLowerCase()}@test.puentes.local`;
    const password = 'a-long-test-password';
    const created = await app
      .http()
      .post('/api/v1/users')
      .auth(admin, { type: 'bearer' })
      .send({ email, name: fullName, password, roles, locale, ...(agencyId ? { agencyId } : {}) });
    expect(created.status).toBe(201);
    return { id: created.body.id, email, name: fullName, token: await app.login(email, password) };
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    clock = clockAt(new Date());
    // Documents a delegate attaches are stored here, not in the working tree.
    dataDir = await mkdtemp(join(tmpdir(), 'puentes-suplencia-'));
    app = await createTestApp({ SMTP_URL: smtp.url, DATA_DIR: dataDir }, { clock });
    admin = await app.adminToken();
    sre = await createAgency(app, { code: 'SRE', country: 'MX' });
    cbp = await createAgency(app, { code: 'CBP', country: 'US' });
    gsa = await createAgency(app, { code: 'GSA', country: 'US', timeZone: 'America/Los_Angeles' });
    coordinator = await person('Carla Coordinadora', ['coordinator']);
    titular = await person('Tomás Titular', ['approver'], sre.id);
    suplente = await person('Sofía Suplente', ['viewer'], sre.id);
    other = await person('Óscar Otro', ['viewer'], sre.id);
    cbpApprover = await person('Casey CBP', ['approver'], cbp.id);
    gsaApprover = await person('Gale GSA', ['approver'], gsa.id);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(steps: Record<string, unknown>[]): Promise<Workflow> {
    const chainKey = key('chain');
    await publishChain(app, { key: chainKey, name: name('Permit'), steps });
    return startWorkflow<Workflow>(app, chainKey, coordinator.token);
  }

  const sreStep = [{ key: 'sre', name: name('SRE opinion'), assignees: [{ agency: 'SRE' }] }];

  const decide = (who: Person, workflowId: string, stepKey: string, body: object) =>
    app
      .http()
      .post(`/api/v1/workflows/${workflowId}/steps/${stepKey}/decisions`)
      .auth(who.token, { type: 'bearer' })
      .send(body);
  const delegate = (who: string, body: object) =>
    app.http().post('/api/v1/delegations').auth(who, { type: 'bearer' }).send(body);
  const tasks = async (who: Person) =>
    (await app.http().get('/api/v1/tasks').auth(who.token, { type: 'bearer' }).expect(200))
      .body as {
      items: { workflowId: string; onBehalfOf: { userId: string; name: string } | null }[];
    };
  const events = async (workflowId: string) =>
    (
      await app
        .http()
        .get(`/api/v1/workflows/${workflowId}/events`)
        .auth(admin, { type: 'bearer' })
        .expect(200)
    ).body.items as { seq: number; type: string; actorId: string; data: Record<string, unknown> }[];
  const eventCount = async (workflowId: string) =>
    Number(
      (
        await app.sql<{ n: string }>(
          'SELECT count(*) AS n FROM workflow_events WHERE workflow_id = $1',
          [workflowId],
        )
      )[0].n,
    );
  const noticesOf = (userId: string, type: string) =>
    app.sql<{ subject: string; body: string; workflow_id: string | null }>(
      'SELECT subject, body, workflow_id FROM notifications WHERE user_id = $1 AND type = $2',
      [userId, type],
    );

  it('lets the delegate sign within the window only, and the event records the delegation', async () => {
    const w1 = await start(sreStep);
    const w2 = await start(sreStep);
    const startsAt = new Date(clock.now().getTime() + HOUR);
    const endsAt = new Date(startsAt.getTime() + 2 * HOUR);
    const created = await delegate(titular.token, {
      delegateId: suplente.id,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
      reference: 'SRE/DGAJ/123/2026',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      delegatorId: titular.id,
      delegateId: suplente.id,
      agencyId: sre.id,
      status: 'scheduled',
      revokedAt: null,
      createdBy: titular.id,
    });
    const delegationId = created.body.id as string;
    // Both people are told, each in their language, each addressed as who they are in it.
    const [toDelegator, ...again] = await noticesOf(titular.id, 'delegation_created');
    expect(again).toEqual([]);
    expect(toDelegator.subject).toContain('Delegation: Sofía Suplente may sign in your place');
    expect(toDelegator.body).toContain('You recorded a delegation: Sofía Suplente may sign');
    const [toDelegate] = await noticesOf(suplente.id, 'delegation_created');
    expect(toDelegate.subject).toContain('Delegation: you may sign in place of Tomás Titular');
    expect(toDelegate.body).toContain('you may sign in place of Tomás Titular from ');
    expect(toDelegate.body).toContain('Art. 45 del Reglamento Interior de la SRE');

    // Before it starts: nothing in the inbox, and a decision is refused.
    expect((await tasks(suplente)).items).toEqual([]);
    clock.set(new Date(startsAt.getTime() - 1000));
    expectProblem(await decide(suplente, w1.id, 'sre', { decision: 'approve' }), 403);

    // Within the window: the delegator's items, on their behalf; the delegate decides one.
    clock.set(new Date(startsAt.getTime() + 60_000));
    const inbox = await tasks(suplente);
    expect(inbox.items.map((t) => t.workflowId).sort()).toEqual([w1.id, w2.id].sort());
    expect(inbox.items[0].onBehalfOf).toEqual({ userId: titular.id, name: 'Tomás Titular' });
    expect((await tasks(titular)).items.every((t) => t.onBehalfOf === null)).toBe(true);
    const decided = await decide(suplente, w1.id, 'sre', {
      decision: 'request_changes',
      comment: 'Falta el anexo técnico',
    });
    expect(decided.status).toBe(201);
    const recorded = (await events(w1.id)).find((e) => e.type === 'decision_recorded')!;
    expect(recorded.actorId).toBe(suplente.id);
    expect(recorded.data).toEqual({
      stepKey: 'sre',
      round: 1,
      assignee: 'agency:SRE',
      seat: 'agency',
      decision: 'request_changes',
      comment: 'Falta el anexo técnico',
      delegationId,
      delegator: { userId: titular.id, name: 'Tomás Titular' },
      legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
      reference: 'SRE/DGAJ/123/2026',
    });
    // The coordinator's email says who signed in whose place.
    const mail = await smtp.waitFor((mails) =>
      mails.some(
        (m) =>
          m.to === coordinator.email &&
          header(m.mail, 'x-puentes-workflow-id') === w1.id &&
          header(m.mail, 'x-puentes-notification-type') === 'changes_requested',
      ),
    );
    const notice = mail.find(
      (m) => m.to === coordinator.email && header(m.mail, 'x-puentes-workflow-id') === w1.id,
    )!;
    expect(notice.mail.text).toContain('Signed by Sofía Suplente in place of Tomás Titular.');
    // The delegator is told who signed in their place, what, and on which basis — once.
    const [told] = await noticesOf(titular.id, 'signed_in_your_place');
    expect(told).toMatchObject({ workflow_id: w1.id });
    expect(told.subject).toContain(
      'Sofía Suplente signed in your place: requested changes to SRE opinion',
    );
    expect(told.body).toContain('Legal basis: Art. 45 del Reglamento Interior de la SRE');
    expect(told.body).toContain('Reference: SRE/DGAJ/123/2026');
    expect(await noticesOf(suplente.id, 'signed_in_your_place')).toEqual([]);

    // One second after it ends: gone from the inbox, and refused.
    clock.set(new Date(endsAt.getTime() + 1000));
    expect((await tasks(suplente)).items).toEqual([]);
    const late = expectProblem(await decide(suplente, w2.id, 'sre', { decision: 'approve' }), 403);
    expect(late.detail).toContain('sre');
    const listed = await app
      .http()
      .get(`/api/v1/delegations/${delegationId}`)
      .auth(suplente.token, { type: 'bearer' })
      .expect(200);
    expect(listed.body.status).toBe('expired');
    // The delegator still signs for their agency (and is not told of their own signature).
    expect((await decide(titular, w2.id, 'sre', { decision: 'approve' })).status).toBe(201);
    expect(await noticesOf(titular.id, 'signed_in_your_place')).toHaveLength(1);
    for (const w of [w1, w2]) {
      const verify = await app
        .http()
        .get(`/api/v1/workflows/${w.id}/events/verify`)
        .auth(admin, { type: 'bearer' })
        .expect(200);
      expect(verify.body).toMatchObject({ valid: true, signature: 'valid', replay: 'matches' });
    }
  });

  it('stops a revoked delegation at once, and tells both people', async () => {
    const w = await start(sreStep);
    const now = clock.now();
    const created = await delegate(admin, {
      delegatorId: titular.id,
      delegateId: other.id,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + 24 * HOUR).toISOString(),
      legalBasis: 'Oficio SRE-0042',
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('active');
    expect((await tasks(other)).items.map((t) => t.workflowId)).toContain(w.id);
    // The delegate may not revoke it; the delegator may.
    expectProblem(
      await app
        .http()
        .post(`/api/v1/delegations/${created.body.id}/revoke`)
        .auth(other.token, { type: 'bearer' }),
      403,
    );
    const revoked = await app
      .http()
      .post(`/api/v1/delegations/${created.body.id}/revoke`)
      .auth(titular.token, { type: 'bearer' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: now.toISOString() });
    // Same instant: nothing in the inbox, and the decision is refused with nothing written.
    expect((await tasks(other)).items).toEqual([]);
    const before = await eventCount(w.id);
    expectProblem(await decide(other, w.id, 'sre', { decision: 'approve' }), 403);
    expect(await eventCount(w.id)).toBe(before);
    expectProblem(
      await app
        .http()
        .post(`/api/v1/delegations/${created.body.id}/revoke`)
        .auth(titular.token, { type: 'bearer' }),
      409,
    );
    expect(await noticesOf(titular.id, 'delegation_revoked')).toHaveLength(1);
    expect(await noticesOf(other.id, 'delegation_revoked')).toHaveLength(1);
    // Admins see every delegation; the filter by status reads the clock.
    const all = await app
      .http()
      .get('/api/v1/delegations?status=revoked')
      .auth(admin, { type: 'bearer' })
      .expect(200);
    expect(all.body.items.map((d: { id: string }) => d.id)).toContain(created.body.id);
    // Someone not party to it sees nothing of it.
    expectProblem(
      await app
        .http()
        .get(`/api/v1/delegations/${created.body.id}`)
        .auth(cbpApprover.token, { type: 'bearer' }),
      404,
    );
  });

  it('is not transitive: a delegate can neither re-delegate nor sign as a delegate of a delegate', async () => {
    const w = await start(sreStep);
    const now = clock.now();
    const window = {
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + 24 * HOUR).toISOString(),
      legalBasis: 'Art. 45',
    };
    expect((await delegate(titular.token, { ...window, delegateId: suplente.id })).status).toBe(
      201,
    );
    // The delegate passes it on: refused, naming the delegator (nothing of their own to give).
    const again = expectProblem(
      await delegate(suplente.token, { ...window, delegateId: other.id }),
      400,
    );
    expect(again.errors).toEqual([expect.objectContaining({ field: 'delegatorId' })]);
    const byAdmin = expectProblem(
      await delegate(admin, { ...window, delegatorId: suplente.id, delegateId: other.id }),
      400,
    );
    expect(byAdmin.errors).toEqual([expect.objectContaining({ field: 'delegatorId' })]);
    expect(
      (await app.sql('SELECT 1 FROM delegations WHERE delegator_id = $1', [suplente.id])).length,
    ).toBe(0);
    // So the third person signs for nobody; the delegate does.
    expect((await tasks(other)).items).toEqual([]);
    expectProblem(await decide(other, w.id, 'sre', { decision: 'approve' }), 403);
    expect((await decide(suplente, w.id, 'sre', { decision: 'approve' })).status).toBe(201);
  });

  it('lets a delegate attach a document to the delegator’s step, and a non-signer still not', async () => {
    const semarnat = await createAgency(app, { code: 'SEMARNAT', country: 'MX' });
    const alejandra = await person('Alejandra Beltrán Ochoa', ['approver'], semarnat.id, 'es');
    const jorge = await person('Jorge Ramírez', ['viewer'], semarnat.id);
    const w = await start([
      { key: 'semarnat', name: name('Environmental opinion'), assignees: [{ agency: 'SEMARNAT' }] },
    ]);
    const upload = (who: Person, fields: Record<string, string>) => {
      let req = app
        .http()
        .post(`/api/v1/projects/${w.projectId}/documents`)
        .auth(who.token, { type: 'bearer' });
      for (const [field, value] of Object.entries(fields)) req = req.field(field, value);
      return req.attach('file', pdfFile('Manifestación de impacto ambiental'), 'mia.pdf');
    };
    const stepForm = {
      title: 'Manifestación de impacto ambiental',
      kind: 'environmental',
      workflowId: w.id,
      stepKey: 'semarnat',
    };
    // Before the delegation, the future delegate signs for nobody: refused.
    expectProblem(await upload(jorge, stepForm), 403);
    const now = clock.now();
    const created = await delegate(alejandra.token, {
      delegateId: jorge.id,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + 24 * HOUR).toISOString(),
      legalBasis: 'Art. 17 del Reglamento Interior de la SEMARNAT',
      reference: 'SEMARNAT/UCAJ/0456/2026',
    });
    expect(created.status).toBe(201);
    // While it is active, the delegate may sign for SEMARNAT: they attach to its step.
    const attached = await upload(jorge, stepForm);
    expect(attached.status).toBe(201);
    expect(attached.body).toMatchObject({ workflowId: w.id, stepKey: 'semarnat', version: 1 });
    const history = await events(w.id);
    expect(history.at(-1)).toMatchObject({ type: 'document_attached', actorId: jorge.id });
    // …and a new version of it.
    const version = await app
      .http()
      .post(`/api/v1/documents/${attached.body.id}/versions`)
      .auth(jorge.token, { type: 'bearer' })
      .attach('file', pdfFile('MIA, versión 2'), 'mia-v2.pdf');
    expect(version.status).toBe(201);
    // Not a project document (only coordinators and admins), nor someone who signs for nobody
    // on this step: another agency's approver, a viewer of SRE.
    expectProblem(await upload(jorge, { title: 'Oficio', kind: 'agency_opinion' }), 403);
    expectProblem(await upload(cbpApprover, stepForm), 403);
    expectProblem(await upload(other, stepForm), 403);
    // Once revoked, refused again.
    await app
      .http()
      .post(`/api/v1/delegations/${created.body.id}/revoke`)
      .auth(alejandra.token, { type: 'bearer' })
      .expect(200);
    expectProblem(await upload(jorge, stepForm), 403);
  });

  it('tells the delegator, in their language and zone, when the delegate signs in their place', async () => {
    const semarnat = await app.sql<{ id: string }>(
      "SELECT id FROM agencies WHERE code = 'SEMARNAT'",
    );
    const [agency] = semarnat.length
      ? semarnat
      : [await createAgency(app, { code: 'SEMARNAT', country: 'MX' })];
    const titularEs = await person('Alejandra Beltrán', ['approver'], agency.id, 'es');
    const suplenteEs = await person('Jorge Ramírez Soto', ['viewer'], agency.id);
    const w = await start([
      { key: 'semarnat', name: name('Environmental opinion'), assignees: [{ agency: 'SEMARNAT' }] },
    ]);
    const now = clock.now();
    expect(
      (
        await delegate(titularEs.token, {
          delegateId: suplenteEs.id,
          startsAt: now.toISOString(),
          endsAt: new Date(now.getTime() + 24 * HOUR).toISOString(),
          legalBasis: 'Art. 17 del Reglamento Interior de la SEMARNAT',
        })
      ).status,
    ).toBe(201);
    expect(
      (await decide(suplenteEs, w.id, 'semarnat', { decision: 'approve', comment: 'Procede.' }))
        .status,
    ).toBe(201);
    // In the inbox, through the API: in Spanish, naming the delegate, the step and the basis.
    const listed = await app
      .http()
      .get('/api/v1/notifications')
      .auth(titularEs.token, { type: 'bearer' })
      .expect(200);
    const told = (
      listed.body.items as {
        type: string;
        subject: string;
        body: string;
        workflowId?: string;
        stepKey?: string;
      }[]
    ).filter((n) => n.type === 'signed_in_your_place');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ workflowId: w.id, stepKey: 'semarnat' });
    expect(told[0].subject).toContain(
      'Jorge Ramírez Soto firmó en su suplencia: aprobó Environmental opinion (es)',
    );
    expect(told[0].body).toContain('Fundamento: Art. 17 del Reglamento Interior de la SEMARNAT');
    expect(told[0].body).toContain('Comentario de Jorge Ramírez Soto:');
    expect(told[0].body).toContain('abra el trámite para revisarla');
    // And by email, with its headers.
    const mails = await smtp.waitFor((all) =>
      all.some(
        (m) =>
          m.to === titularEs.email &&
          header(m.mail, 'x-puentes-notification-type') === 'signed_in_your_place',
      ),
    );
    const mail = mails.find(
      (m) =>
        m.to === titularEs.email &&
        header(m.mail, 'x-puentes-notification-type') === 'signed_in_your_place',
    )!;
    expect(header(mail.mail, 'x-puentes-workflow-id')).toBe(w.id);
    expect(header(mail.mail, 'content-language')).toBe('es');
    expect(mail.mail.text).toContain('Apreciable Alejandra Beltrán:');
    expect(mail.mail.text).toContain(
      'Jorge Ramírez Soto firmó en su suplencia por SEMARNAT: aprobó la etapa “Environmental opinion (es)”',
    );
    expect(mail.mail.text).toContain('Fecha de firma:');
    expect(mail.mail.text).toContain('le solicitamos ingresar a Puentes para revisarla');
  });

  it('refuses a delegate of another agency and every malformed window with a 400 naming the field', async () => {
    const now = clock.now();
    const base = {
      delegateId: cbpApprover.id,
      startsAt: now.toISOString(),
      endsAt: new Date(now.getTime() + HOUR).toISOString(),
      legalBasis: 'Art. 45',
    };
    // The form offers only those who may be named: people of the delegator's agency.
    const candidates = async (who: string, query = '') =>
      app.http().get(`/api/v1/delegations/candidates${query}`).auth(who, { type: 'bearer' });
    const offered = (await candidates(titular.token)).body.items.map((c: { id: string }) => c.id);
    expect(offered).toEqual(expect.arrayContaining([suplente.id, other.id]));
    expect(offered).not.toContain(cbpApprover.id);
    expect(offered).not.toContain(titular.id);
    // A fellow approver of the agency signs for it already: naming them would change nothing.
    const fellow = await person('Fernanda Firmante', ['approver'], sre.id);
    try {
      const offeredNow = (await candidates(titular.token)).body.items.map(
        (c: { id: string }) => c.id,
      );
      expect(offeredNow).toEqual(expect.arrayContaining([suplente.id, other.id]));
      expect(offeredNow).not.toContain(fellow.id);
    } finally {
      await app.sql('UPDATE users SET active = false WHERE id = $1', [fellow.id]);
    }
    expect((await candidates(suplente.token)).body.items).toEqual([]);
    expectProblem(await candidates(cbpApprover.token, `?delegatorId=${titular.id}`), 403);
    const otherAgency = expectProblem(await delegate(titular.token, base), 400);
    expect(otherAgency.errors).toEqual([expect.objectContaining({ field: 'delegateId' })]);
    const cases: [object, string][] = [
      [{ endsAt: new Date(now.getTime() - HOUR).toISOString() }, 'endsAt'],
      [{ endsAt: new Date(now.getTime() + 181 * 24 * HOUR).toISOString() }, 'endsAt'],
      [{ legalBasis: '' }, 'legalBasis'],
      [{ legalBasis: 'x'.repeat(501) }, 'legalBasis'],
      [{ startsAt: 'tomorrow' }, 'startsAt'],
      [{ delegateId: 'not-a-uuid' }, 'delegateId'],
    ];
    for (const [change, field] of cases) {
      const problem = expectProblem(
        await delegate(titular.token, { ...base, delegateId: suplente.id, ...change }),
        400,
      );
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    }
    // Only an admin names another delegator.
    expectProblem(
      await delegate(cbpApprover.token, {
        ...base,
        delegatorId: titular.id,
        delegateId: suplente.id,
      }),
      403,
    );
    expect(
      (await app.sql('SELECT 1 FROM delegations WHERE delegate_id = $1', [cbpApprover.id])).length,
    ).toBe(0);
  });

  it('tells the delegate of the steps already waiting, when the delegation starts', async () => {
    const w = await start(sreStep);
    const assigned = async (who: Person) =>
      (await noticesOf(who.id, 'step_assigned')).filter((n) => n.workflow_id === w.id);
    const now = clock.now();
    const window = (startsAt: Date) => ({
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 4 * HOUR).toISOString(),
      legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
    });
    // Starting now: told at once, in the delegation's own transaction.
    const atOnce = await person('Ana Inmediata', ['viewer'], sre.id);
    expect((await delegate(titular.token, { ...window(now), delegateId: atOnce.id })).status).toBe(
      201,
    );
    const [told] = await assigned(atOnce);
    expect(told).toBeDefined();
    expect(told.subject).toContain('SRE opinion');
    // …naming whose place the delegate signs in.
    expect(told.subject).toContain('Action needed in place of Tomás Titular');
    // …and until when: the delegation's end, on the delegate's clock.
    const untilOn = async (who: Person, end: Date) => {
      const [{ time_zone }] = await app.sql<{ time_zone: string }>(
        'SELECT time_zone FROM users WHERE id = $1',
        [who.id],
      );
      return formatInstant(end, time_zone, 'en').long;
    };
    expect(told.body).toContain(
      `that you may give in place of Tomás Titular until ${await untilOn(atOnce, new Date(now.getTime() + 4 * HOUR))}, when the delegation ends.`,
    );

    // Starting in an hour: nobody is told before; at the start, the timer tells the delegate, once.
    const later = await person('Lucía Luego', ['viewer'], sre.id);
    const revoked = await person('Raúl Revocado', ['viewer'], sre.id);
    const startsAt = new Date(now.getTime() + HOUR);
    const scheduled = await delegate(titular.token, { ...window(startsAt), delegateId: later.id });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.status).toBe('scheduled');
    const withdrawn = await delegate(titular.token, {
      ...window(startsAt),
      delegateId: revoked.id,
    });
    expect(withdrawn.status).toBe(201);
    await app
      .http()
      .post(`/api/v1/delegations/${withdrawn.body.id}/revoke`)
      .auth(titular.token, { type: 'bearer' })
      .expect(200);
    // Revoked before its start, it never began: both are told it is cancelled and will not start,
    // in the email and in the inbox, never that it stops "as of now".
    const [cancelNotice] = await app.sql<{ subject: string; body: string; in_app_body: string }>(
      `SELECT subject, body, in_app_body FROM notifications
        WHERE user_id = $1 AND type = 'delegation_revoked'`,
      [revoked.id],
    );
    expect(cancelNotice.subject).toBe(
      '[Puentes] Delegation cancelled: you will not sign in place of Tomás Titular',
    );
    for (const text of [cancelNotice.body, cancelNotice.in_app_body]) {
      expect(text).toContain(
        'The delegation was cancelled before it began: it will not start, and you will not sign in place of Tomás Titular.',
      );
      expect(text).not.toMatch(/as of now|no longer|revoked/i);
    }
    expect(await assigned(later)).toEqual([]);
    const timers = await app.sql<{ id: string; delegation_id: string; status: string }>(
      `SELECT id, delegation_id, status FROM deadline_timers WHERE delegation_id = ANY($1::uuid[])`,
      [[scheduled.body.id, withdrawn.body.id]],
    );
    expect(timers.map((t) => [t.delegation_id, t.status]).sort()).toEqual(
      [
        [scheduled.body.id, 'pending'],
        [withdrawn.body.id, 'cancelled'],
      ].sort(),
    );
    await fireTimersAt(app, clock, new Date(startsAt.getTime() + 1000));
    expect(await assigned(later)).toHaveLength(1);
    expect((await assigned(later))[0].subject).toContain('in place of Tomás Titular');
    expect((await assigned(later))[0].body).toContain(
      `in place of Tomás Titular until ${await untilOn(later, new Date(startsAt.getTime() + 4 * HOUR))}, when the delegation ends.`,
    );
    expect(await assigned(revoked)).toEqual([]);
    // Firing again (a job run twice) tells nobody twice.
    await fireTimersAt(app, clock, new Date(startsAt.getTime() + 2000));
    expect(await assigned(later)).toHaveLength(1);
    const [fired] = await app.sql<{ status: string }>(
      'SELECT status FROM deadline_timers WHERE delegation_id = $1',
      [scheduled.body.id],
    );
    expect(fired.status).toBe('fired');
    expect((await tasks(later)).items.map((t) => t.workflowId)).toContain(w.id);
  });

  it('reassigns a pending assignee for one workflow, recorded, notified and replayable', async () => {
    const steps = [
      { key: 'intake', name: name('Intake'), assignees: [{ agency: 'SRE' }] },
      {
        key: 'federal',
        name: name('Federal views'),
        assignees: [{ agency: 'CBP' }],
        dependsOn: ['intake'],
        sla: { businessDays: 2, calendar: 'US' },
      },
    ];
    const w = await start(steps);
    const untouched = await start(steps);
    const reassign = (stepKey: string, body: object, token = admin) =>
      app
        .http()
        .post(`/api/v1/workflows/${w.id}/steps/${stepKey}/reassign`)
        .auth(token, { type: 'bearer' })
        .send(body);
    const body = {
      from: { agency: 'CBP' },
      to: { agency: 'GSA' },
      reason: 'Jurisdiction moved to GSA by the 2026 agreement',
    };
    const before = await eventCount(w.id);
    expectProblem(await reassign('federal', body, coordinator.token), 403);
    const unknown = expectProblem(
      await reassign('federal', { ...body, to: { agency: 'NOPE' } }),
      400,
    );
    expect(unknown.errors).toEqual([expect.objectContaining({ field: 'to.agency' })]);
    const notOnStep = expectProblem(
      await reassign('federal', { ...body, from: { agency: 'GSA' }, to: { agency: 'SRE' } }),
      400,
    );
    expect(notOnStep.errors?.map((e) => e.field)).toEqual(['from']);
    expectProblem(await reassign('federal', { ...body, reason: ' ' }), 400);
    expectProblem(await reassign('nope', body), 404);
    expect(await eventCount(w.id)).toBe(before);

    // A pending step: reassigned before it runs.
    const moved = await reassign('federal', body);
    expect(moved.status).toBe(200);
    expect((moved.body as Workflow).steps[1].assignees.map((a) => a.agency)).toEqual(['GSA']);
    // Who can sign is counted for the assignee the step has now, not the chain's.
    expect((moved.body as Workflow).steps[1].assignees[0]).toMatchObject({
      agency: 'GSA',
      signers: 1,
      unstaffed: false,
    });
    const history = await events(w.id);
    expect(history.at(-1)).toMatchObject({
      type: 'assignee_reassigned',
      data: {
        stepKey: 'federal',
        round: 0,
        from: 'agency:CBP',
        to: 'agency:GSA',
        reason: 'Jurisdiction moved to GSA by the 2026 agreement',
      },
    });
    for (const who of [gsaApprover, cbpApprover, coordinator]) {
      const [notice] = await noticesOf(who.id, 'assignee_reassigned');
      expect(notice).toMatchObject({ workflow_id: w.id });
      expect(notice.body).toContain('from CBP to GSA');
    }
    // When it runs, GSA signs it, not CBP; the other workflow still waits on CBP.
    expect((await decide(titular, w.id, 'intake', { decision: 'approve' })).status).toBe(201);
    expect((await decide(titular, untouched.id, 'intake', { decision: 'approve' })).status).toBe(
      201,
    );
    expect((await tasks(gsaApprover)).items.map((t) => t.workflowId)).toEqual([w.id]);
    // Its deadline is 18:00 on the clock of the agency that holds it now.
    const hourIn = async (id: string, zone: string) => {
      const got = await app.http().get(`/api/v1/workflows/${id}`).auth(admin, { type: 'bearer' });
      const dueAt = new Date((got.body as { steps: { dueAt: string }[] }).steps[1].dueAt);
      return new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hour: 'numeric',
        hourCycle: 'h23',
      }).format(dueAt);
    };
    expect(await hourIn(w.id, 'America/Los_Angeles')).toBe('18');
    expect(await hourIn(untouched.id, 'America/New_York')).toBe('18');
    expect((await tasks(cbpApprover)).items.map((t) => t.workflowId)).toEqual([untouched.id]);
    expectProblem(await decide(cbpApprover, w.id, 'federal', { decision: 'approve' }), 403);
    // An active step: back to CBP, then CBP signs; a decided assignee cannot be moved.
    expect(
      (await reassign('federal', { ...body, from: { agency: 'GSA' }, to: { agency: 'CBP' } }))
        .status,
    ).toBe(200);
    expect((await decide(cbpApprover, w.id, 'federal', { decision: 'approve' })).status).toBe(201);
    const done = await app
      .http()
      .get(`/api/v1/workflows/${w.id}`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    expect(done.body.status).toBe('approved');
    expectProblem(await reassign('federal', { ...body, from: { agency: 'CBP' } }), 409);
    const verify = await app
      .http()
      .get(`/api/v1/workflows/${w.id}/events/verify`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    expect(verify.body).toMatchObject({ valid: true, replay: 'matches' });
  });

  it('records a comment in the chain and tells those who still have to sign', async () => {
    const w = await start([
      {
        key: 'views',
        name: name('Views'),
        assignees: [{ agency: 'SRE' }, { agency: 'CBP' }],
      },
    ]);
    expect((await decide(cbpApprover, w.id, 'views', { decision: 'approve' })).status).toBe(201);
    const post = (who: string, body: object) =>
      app
        .http()
        .post(`/api/v1/workflows/${w.id}/comments`)
        .auth(who, { type: 'bearer' })
        .send(body);
    const before = await eventCount(w.id);
    expectProblem(await post(gsaApprover.token, { body: 'Hello' }), 403);
    const noBody = expectProblem(await post(coordinator.token, { body: '' }), 400);
    expect(noBody.errors?.map((e) => e.field)).toContain('body');
    const badStep = expectProblem(
      await post(coordinator.token, { body: 'Hi', stepKey: 'nope' }),
      400,
    );
    expect(badStep.errors?.map((e) => e.field)).toEqual(['stepKey']);
    const badDoc = expectProblem(
      await post(coordinator.token, {
        body: 'See the annex',
        documentIds: ['00000000-0000-4000-8000-000000000000'],
      }),
      400,
    );
    expect(badDoc.errors?.map((e) => e.field)).toEqual(['documentIds[0]']);
    expect(await eventCount(w.id)).toBe(before);

    const added = await post(cbpApprover.token, {
      body: 'Annex C shows the new lane layout.',
      stepKey: 'views',
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      seq: before + 1,
      actorId: cbpApprover.id,
      stepKey: 'views',
      body: 'Annex C shows the new lane layout.',
    });
    // SRE still has to sign, and the coordinator hears of it; the author does not.
    for (const who of [titular, coordinator]) {
      const [notice] = await noticesOf(who.id, 'comment_added');
      expect(notice.body).toContain('Annex C shows the new lane layout.');
    }
    expect(await noticesOf(cbpApprover.id, 'comment_added')).toEqual([]);
    const mails = await smtp.waitFor((all) =>
      all.some(
        (m) =>
          m.to === titular.email &&
          header(m.mail, 'x-puentes-notification-type') === 'comment_added',
      ),
    );
    expect(
      mails.some((m) => m.to === cbpApprover.email && m.mail.subject?.includes('New comment')),
    ).toBe(false);
    const listed = await app
      .http()
      .get(`/api/v1/workflows/${w.id}/comments`)
      .auth(gsaApprover.token, { type: 'bearer' })
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ seq: before + 1, actorName: 'Casey CBP', documents: [] }),
    ]);
    const history = await events(w.id);
    expect(history.at(-1)).toMatchObject({ type: 'comment_added', actorId: cbpApprover.id });
    const verify = await app
      .http()
      .get(`/api/v1/workflows/${w.id}/events/verify`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    expect(verify.body).toMatchObject({ valid: true, checked: before + 1, replay: 'matches' });
    // The step is still waiting on SRE: a comment decided nothing.
    expect((await tasks(titular)).items.map((t) => t.workflowId)).toContain(w.id);
  });
});
