import type { ManualClock } from '@app/common/clock/clock';
import { formatInstant } from '@app/modules/notifications/templates/format-instant';
import {
  createAgency,
  createTechnicalGroup,
  publishChain,
  startWorkflow,
} from './support/fixtures';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';
import { clockAt, fireTimersAt } from './support/timers';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = '2027-03-01T16:00:00.000Z'; // a Monday
let serial = 0;
const key = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${serial++}`;

interface Person {
  id: string;
  email: string;
  name: string;
  token: string;
}

interface Notice {
  type: string;
  subject: string;
  body: string;
  workflowId?: string;
  stepKey?: string;
}

/**
 * Suplencia and the notices that ask for a decision, against the real service (PostgreSQL,
 * Redis, SMTP) on a clock the test sets: while a delegation is in force, a step that activates
 * (or is reminded, escalated, or comes back after changes) on the delegator's agency or seat
 * tells the delegate too — in their language, naming whose place they sign in — once; never
 * through a delegation scheduled, expired or revoked, nor to a delegate of a delegate.
 */
describe('Suplencia: the delegate is told of the steps that come to wait on them', () => {
  let app: TestApp;
  let clock: ManualClock;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: string;
  let sre: { id: string; code: string };
  let coordinator: Person;
  let titular: Person; // an SRE approver, the delegator
  let suplente: Person; // an SRE viewer who reads Spanish: the delegate
  let doble: Person; // an SRE approver who is also the titular's delegate
  let futuro: Person; // delegate of a delegation that has not started
  let expirado: Person; // delegate of a delegation that has ended
  let revocado: Person; // delegate of a revoked delegation
  let nieta: Person; // "delegate" of the delegate: suplencia is not transitive
  let cbpApprover: Person;

  async function person(
    fullName: string,
    roles: string[],
    agencyId: string,
    locale = 'en',
  ): Promise<Person> {
    const email = `${key('p').toLowerCase()}@test.puentes.local`;
    const password = 'a-long-test-password';
    const created = await app
      .http()
      .post('/api/v1/users')
      .auth(admin, { type: 'bearer' })
      .send({ email, name: fullName, password, roles, locale, agencyId });
    expect(created.status).toBe(201);
    return { id: created.body.id, email, name: fullName, token: await app.login(email, password) };
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    clock = clockAt(START);
    app = await createTestApp({ SMTP_URL: smtp.url }, { clock });
    admin = await app.adminToken();
    sre = await createAgency(app, { code: 'SRE', country: 'MX' });
    const cbp = await createAgency(app, { code: 'CBP', country: 'US' });
    coordinator = await person('Carla Coordinadora', ['coordinator'], sre.id);
    titular = await person('Tomás Titular', ['approver'], sre.id);
    suplente = await person('Sofía Suplente', ['viewer'], sre.id, 'es');
    doble = await person('Diego Doble', ['approver'], sre.id);
    futuro = await person('Fernando Futuro', ['viewer'], sre.id);
    expirado = await person('Ernesto Expirado', ['viewer'], sre.id);
    revocado = await person('Raúl Revocado', ['viewer'], sre.id);
    nieta = await person('Nora Nieta', ['viewer'], sre.id);
    cbpApprover = await person('Casey CBP', ['approver'], cbp.id);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  async function start(
    steps: Record<string, unknown>[],
    technicalGroupCode?: string,
  ): Promise<{ id: string }> {
    const chainKey = key('chain');
    await publishChain(app, { key: chainKey, name: { en: 'Permit', es: 'Permiso' }, steps });
    return startWorkflow(
      app,
      chainKey,
      coordinator.token,
      technicalGroupCode ? { technicalGroupCode } : {},
    );
  }

  const decide = (who: Person, workflowId: string, stepKey: string, body: object) =>
    app
      .http()
      .post(`/api/v1/workflows/${workflowId}/steps/${stepKey}/decisions`)
      .auth(who.token, { type: 'bearer' })
      .send(body);
  const delegate = (who: Person, delegateId: string, startsAt: Date, endsAt: Date) =>
    app.http().post('/api/v1/delegations').auth(who.token, { type: 'bearer' }).send({
      delegateId,
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      legalBasis: 'Art. 45 del Reglamento Interior de la SRE',
    });
  /** The person's own inbox, as the API lists it: their notices of one kind about a workflow. */
  const inbox = async (who: Person, workflowId: string, type: string) =>
    (
      (await app.http().get('/api/v1/notifications?limit=100').auth(who.token, { type: 'bearer' }))
        .body.items as Notice[]
    ).filter((n) => n.workflowId === workflowId && n.type === type);
  const mailTo = (who: Person, workflowId: string, type: string) => (mails: ReceivedMail[]) =>
    mails.filter(
      (m) =>
        m.to === who.email &&
        header(m.mail, 'x-puentes-workflow-id') === workflowId &&
        header(m.mail, 'x-puentes-notification-type') === type,
    );
  const dueAtOf = async (workflowId: string, stepKey: string) => {
    const read = await app
      .http()
      .get(`/api/v1/workflows/${workflowId}`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const step = (read.body as { steps: { key: string; dueAt: string }[] }).steps.find(
      (s) => s.key === stepKey,
    )!;
    return new Date(step.dueAt);
  };

  it('tells the delegate of an agency step that activates, is reminded, escalates and comes back — once, in their place', async () => {
    const w = await start([
      { key: 'intake', name: { en: 'Intake', es: 'Recepción' }, assignees: [{ agency: 'CBP' }] },
      {
        key: 'sre',
        name: { en: 'SRE opinion', es: 'Opinión de la SRE' },
        assignees: [{ agency: 'SRE' }],
        dependsOn: ['intake'],
        sla: { duration: 'P10D' },
        reminders: [{ before: 'P1D' }],
        escalations: [{ after: 'PT0S', notify: ['coordinator', 'agency'] }],
      },
    ]);
    const now = clock.now();
    const month = new Date(now.getTime() + 30 * DAY);
    for (const who of [suplente, doble, revocado])
      expect((await delegate(titular, who.id, now, month)).status).toBe(201);
    // One that ends in an hour, one that starts in twenty days (after the step's deadline),
    // and the one of `revocado`, revoked at once.
    expect((await delegate(titular, expirado.id, now, new Date(now.getTime() + HOUR))).status).toBe(
      201,
    );
    const scheduled = await delegate(
      titular,
      futuro.id,
      new Date(now.getTime() + 20 * DAY),
      new Date(now.getTime() + 25 * DAY),
    );
    expect(scheduled.body.status).toBe('scheduled');
    const [toRevoke] = await app.sql<{ id: string }>(
      'SELECT id FROM delegations WHERE delegate_id = $1',
      [revocado.id],
    );
    await app
      .http()
      .post(`/api/v1/delegations/${toRevoke.id}/revoke`)
      .auth(titular.token, { type: 'bearer' })
      .expect(200);
    // A delegation from the delegate, staged in the table because the API refuses to create it
    // (the delegate has no signature of their own to lend): its delegate must get nothing.
    await app.sql(
      `INSERT INTO delegations (delegator_id, delegate_id, agency_id, starts_at, ends_at,
                                legal_basis, created_by)
       VALUES ($1, $2, $3, $4, $5, 'staged', $1)`,
      [suplente.id, nieta.id, sre.id, now, month],
    );

    // Two hours later (the one-hour delegation is over), CBP signs and the SRE step activates.
    clock.set(new Date(now.getTime() + 2 * HOUR));
    expect((await decide(cbpApprover, w.id, 'intake', { decision: 'approve' })).status).toBe(201);

    // The delegate who is no approver: in their inbox, in Spanish, naming the delegator…
    const [assigned, ...more] = await inbox(suplente, w.id, 'step_assigned');
    expect(more).toEqual([]);
    expect(assigned).toMatchObject({ stepKey: 'sre' });
    expect(assigned.subject).toContain(
      'Acción requerida en suplencia de Tomás Titular: Opinión de la SRE',
    );
    // …and until when the delegation lets them: its end, on their clock.
    const [{ time_zone: zone }] = await app.sql<{ time_zone: string }>(
      'SELECT time_zone FROM users WHERE id = $1',
      [suplente.id],
    );
    const hasta = `hasta el ${formatInstant(month, zone, 'es').long}, cuando termina la suplencia.`;
    expect(assigned.body).toContain(
      `está en espera de una decisión que usted puede emitir en suplencia de Tomás Titular ${hasta}`,
    );
    // …and by email, with the deadline's calendar invitation like any assignee.
    const mails = await smtp.waitFor(
      (all) => mailTo(suplente, w.id, 'step_assigned')(all).length > 0,
    );
    const [mail] = mailTo(suplente, w.id, 'step_assigned')(mails);
    expect(header(mail.mail, 'content-language')).toBe('es');
    expect(header(mail.mail, 'x-puentes-step-key')).toBe('sre');
    expect(mail.mail.subject).toContain('en suplencia de Tomás Titular');
    expect(mail.mail.text).toContain('Apreciable Sofía Suplente:');
    expect(mail.mail.text).toContain('que usted puede emitir en suplencia de Tomás Titular');
    expect(mail.mail.attachments.map((a) => a.contentType)).toContain('text/calendar');
    // The delegator, and the delegate who is an approver too: one notice each, their own.
    for (const who of [titular, doble]) {
      const own = await inbox(who, w.id, 'step_assigned');
      expect(own).toHaveLength(1);
      expect(own[0].subject).toContain('Action needed: SRE opinion');
      expect(own[0].body).toContain('is awaiting your decision.');
    }
    // Nobody through a delegation scheduled, ended or revoked, nor through the delegate.
    for (const who of [futuro, expirado, revocado, nieta])
      expect(await inbox(who, w.id, 'step_assigned')).toEqual([]);
    // What they were told is what they may do: the delegate signs, the others do not.
    const lentTasks = await app
      .http()
      .get('/api/v1/tasks')
      .auth(suplente.token, { type: 'bearer' });
    expect(lentTasks.body.items).toContainEqual(
      expect.objectContaining({
        workflowId: w.id,
        onBehalfOf: { userId: titular.id, name: 'Tomás Titular' },
      }),
    );
    for (const who of [futuro, expirado, revocado, nieta]) {
      const tasks = await app.http().get('/api/v1/tasks').auth(who.token, { type: 'bearer' });
      expect((tasks.body.items as { workflowId: string }[]).map((t) => t.workflowId)).not.toContain(
        w.id,
      );
    }

    // The reminder the day before the deadline, then the escalation at the deadline.
    const dueAt = await dueAtOf(w.id, 'sre');
    await fireTimersAt(app, clock, new Date(dueAt.getTime() - DAY));
    const [reminder, ...reminders] = await inbox(suplente, w.id, 'reminder');
    expect(reminders).toEqual([]);
    expect(reminder.subject).toContain('Recordatorio, en suplencia de Tomás Titular: ');
    expect(reminder.body).toContain(
      `que usted puede emitir en suplencia de Tomás Titular ${hasta}`,
    );
    await fireTimersAt(app, clock, dueAt);
    const [escalation, ...escalations] = await inbox(suplente, w.id, 'escalation');
    expect(escalations).toEqual([]);
    expect(escalation.subject).toContain('Plazo vencido, en suplencia de Tomás Titular: ');
    expect(escalation.body).toContain(
      `Usted puede emitir esa decisión en suplencia de Tomás Titular ${hasta}`,
    );
    await smtp.waitFor((all) => mailTo(suplente, w.id, 'escalation')(all).length > 0);
    for (const type of ['reminder', 'escalation']) {
      const own = await inbox(doble, w.id, type);
      expect(own).toHaveLength(1);
      expect(own[0].subject).not.toContain('in place of');
      for (const who of [futuro, expirado, revocado, nieta])
        expect(await inbox(who, w.id, type)).toEqual([]);
    }
    // A duplicate timer job tells nobody twice.
    await fireTimersAt(app, clock, new Date(dueAt.getTime() + 1000));
    expect(await inbox(suplente, w.id, 'escalation')).toHaveLength(1);

    // Changes asked, then the step comes back in a new round: the delegate is told again.
    expect(
      (await decide(titular, w.id, 'sre', { decision: 'request_changes', comment: 'Anexo' }))
        .status,
    ).toBe(201);
    await app
      .http()
      .post(`/api/v1/workflows/${w.id}/steps/sre/resubmit`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ comment: 'Anexo agregado' })
      .expect(200);
    const rounds = await inbox(suplente, w.id, 'step_assigned');
    expect(rounds).toHaveLength(2);
    expect(rounds[0].body).toContain('Ronda de revisión: 2');
    expect(rounds[0].subject).toContain('en suplencia de Tomás Titular');
    expect(await inbox(doble, w.id, 'step_assigned')).toHaveLength(2);
    expect(await inbox(nieta, w.id, 'step_assigned')).toEqual([]);
  });

  it('tells the delegate of a co-chair seat of the group step, and only while that seat is open', async () => {
    const semarnat = await createAgency(app, { code: 'SEMARNAT', country: 'MX' });
    const gsa = await createAgency(app, { code: 'GSA', country: 'US' });
    const mxChair = await person('Marta Copresidenta', ['approver'], semarnat.id);
    const usChair = await person('Ursula Cochair', ['approver'], gsa.id);
    // An SRE viewer may hold the Mexican seat (another agency of the same country).
    const asiento = await person('Rosa Asiento', ['viewer'], sre.id);
    const group = await createTechnicalGroup(app, {
      coChairs: { mx: mxChair.id, us: usChair.id },
    });
    const now = clock.now();
    expect(
      (await delegate(mxChair, asiento.id, now, new Date(now.getTime() + 30 * DAY))).status,
    ).toBe(201);
    // The group's step activates at the start, during the delegation.
    const w = await start(
      [
        {
          key: 'regional',
          name: { en: 'Regional priority', es: 'Prioridad regional' },
          assignees: [{ technicalGroup: group.code }],
          sla: { duration: 'P10D' },
          reminders: [{ before: 'P1D' }],
          escalations: [{ after: 'PT0S', notify: ['group_chairs'] }],
        },
      ],
      group.code,
    );
    const [assigned, ...more] = await inbox(asiento, w.id, 'step_assigned');
    expect(more).toEqual([]);
    expect(assigned.subject).toContain('Action needed in place of Marta Copresidenta: ');
    expect(assigned.body).toContain('that you may give in place of Marta Copresidenta');
    const mails = await smtp.waitFor(
      (all) => mailTo(asiento, w.id, 'step_assigned')(all).length > 0,
    );
    expect(mailTo(asiento, w.id, 'step_assigned')(mails)[0].mail.text).toContain(
      'Dear Rosa Asiento,',
    );
    for (const who of [mxChair, usChair]) {
      const own = await inbox(who, w.id, 'step_assigned');
      expect(own).toHaveLength(1);
      expect(own[0].subject).not.toContain('in place of');
    }
    // The delegate signs the Mexican seat; the reminder then asks only the U.S. seat, and an
    // escalation to the group's chairs (as chairs, not as signers) is not theirs either.
    expect((await decide(asiento, w.id, 'regional', { decision: 'approve' })).status).toBe(201);
    const dueAt = await dueAtOf(w.id, 'regional');
    await fireTimersAt(app, clock, new Date(dueAt.getTime() - DAY));
    expect(await inbox(usChair, w.id, 'reminder')).toHaveLength(1);
    expect(await inbox(asiento, w.id, 'reminder')).toEqual([]);
    await fireTimersAt(app, clock, dueAt);
    expect(await inbox(mxChair, w.id, 'escalation')).toHaveLength(1);
    expect(await inbox(asiento, w.id, 'escalation')).toEqual([]);
  });
});
