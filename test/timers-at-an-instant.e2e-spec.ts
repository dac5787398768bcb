import type { ManualClock } from '@app/common/clock/clock';
import { createAgency, createProject, createUser } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';
import { clockAt, fireTimersAt } from './support/timers';

/**
 * The timer tier: the service on a clock the test sets. A step due in ten days is reminded the
 * day before and escalated when due, each at the instant the test names, without sleeping.
 */
describe('Timers fired at a given instant', () => {
  const START = '2027-03-01T16:00:00.000Z'; // a Monday, 09:00 in Phoenix
  let app: TestApp;
  let clock: ManualClock;
  let coordinator: { token: string; user: { id: string } };
  let approver: { token: string; user: { id: string } };
  let admin: string;

  beforeAll(async () => {
    clock = clockAt(START);
    // The API alone: nothing fires unless the test says so.
    app = await createTestApp({ APP_ROLE: 'api' }, { clock });
    admin = await app.adminToken();
    const cbp = await createAgency(app, {
      code: 'CBP',
      country: 'US',
      timeZone: 'America/Phoenix',
    });
    coordinator = await createUser(app, { roles: ['coordinator'] });
    approver = await createUser(app, { roles: ['approver'], agencyId: cbp.id });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function startWorkflow() {
    const chain = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({
        key: `instant-${Date.now().toString(36)}`,
        name: { en: 'Instant', es: 'Instante' },
        steps: [
          {
            key: 'review',
            name: { en: 'Review', es: 'Revisión' },
            assignees: [{ agency: 'CBP' }],
            sla: { duration: 'P10D' },
            reminders: [{ before: 'P1D' }],
            escalations: [
              { after: 'PT0S', notify: ['coordinator'] },
              { after: 'P2D', notify: ['agency', 'admin'] },
            ],
          },
        ],
      })
      .expect(201);
    await app
      .http()
      .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const project = await createProject(app, {}, coordinator.token);
    const started = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ chainKey: chain.body.key })
      .expect(201);
    return started.body as { id: string; steps: { dueAt: string; activatedAt: string }[] };
  }

  const noticesOf = (workflowId: string) =>
    app.sql<{ type: string; user_id: string }>(
      `SELECT type, user_id FROM notifications
        WHERE workflow_id = $1 AND type IN ('reminder', 'escalation') ORDER BY created_at, type`,
      [workflowId],
    );

  it('reminds, then escalates twice, each at its instant and never before', async () => {
    clock.set(new Date(START));
    const workflow = await startWorkflow();
    // The workflow started on the test's clock.
    expect(workflow.steps[0].activatedAt).toBe(START);
    expect(workflow.steps[0].dueAt).toBe('2027-03-11T16:00:00.000Z');

    // A second before the reminder: nothing is due.
    expect(await fireTimersAt(app, clock, '2027-03-10T15:59:59.000Z')).toEqual([]);
    const reminded = await fireTimersAt(app, clock, '2027-03-10T16:00:00.000Z');
    expect(reminded.map((r) => r.status)).toEqual(['fired']);
    expect((await noticesOf(workflow.id)).map((n) => n.type).sort()).toEqual([
      'reminder',
      'reminder',
    ]);

    // Both escalations fall due by the later instant; each raises the level once.
    const escalated = await fireTimersAt(app, clock, '2027-03-13T16:00:00.000Z');
    expect(escalated.map((r) => r.status)).toEqual(['fired', 'fired']);
    const read = await app
      .http()
      .get(`/api/v1/workflows/${workflow.id}`)
      .auth(coordinator.token, { type: 'bearer' })
      .expect(200);
    expect(read.body.steps[0].escalationLevel).toBe(2);
    const escalations = (await noticesOf(workflow.id)).filter((n) => n.type === 'escalation');
    // The coordinator (first), then the approver and the admin (second).
    expect(escalations.map((n) => n.user_id)).toEqual(
      expect.arrayContaining([coordinator.user.id, approver.user.id]),
    );
    const events = await app
      .http()
      .get(`/api/v1/workflows/${workflow.id}/events`)
      .auth(coordinator.token, { type: 'bearer' })
      .expect(200);
    expect(
      (
        events.body.items as {
          type: string;
          at: string;
          actor: unknown;
          data: Record<string, unknown>;
        }[]
      )
        .filter((e) => e.type === 'reminder_sent' || e.type === 'escalated')
        .map((e) => [e.type, e.at, e.actor, e.data]),
    ).toEqual([
      [
        // The timers' events are nobody's act: no actor.
        'reminder_sent',
        '2027-03-10T16:00:00.000Z',
        null,
        { stepKey: 'review', round: 1, ordinal: 0, pending: ['CBP'] },
      ],
      [
        'escalated',
        '2027-03-13T16:00:00.000Z',
        null,
        {
          stepKey: 'review',
          round: 1,
          ordinal: 0,
          pending: ['CBP'],
          escalationLevel: 1,
          notify: ['coordinator'],
        },
      ],
      [
        'escalated',
        '2027-03-13T16:00:00.000Z',
        null,
        {
          stepKey: 'review',
          round: 1,
          ordinal: 1,
          pending: ['CBP'],
          escalationLevel: 2,
          notify: ['agency', 'admin'],
        },
      ],
    ]);
    const verified = await app
      .http()
      .get(`/api/v1/workflows/${workflow.id}/events/verify`)
      .auth(coordinator.token, { type: 'bearer' })
      .expect(200);
    expect(verified.body).toMatchObject({ valid: true, replay: 'matches' });

    // Fired again (a repeated job), nothing happens twice.
    expect(await fireTimersAt(app, clock, '2027-03-20T00:00:00.000Z')).toEqual([]);
    expect(await noticesOf(workflow.id)).toHaveLength(2 + escalations.length);
  });

  it('drops the timers of a round decided before they fall due', async () => {
    clock.set(new Date(START));
    const workflow = await startWorkflow();
    clock.set(new Date('2027-03-02T16:00:00.000Z'));
    await app
      .http()
      .post(`/api/v1/workflows/${workflow.id}/steps/review/decisions`)
      .auth(approver.token, { type: 'bearer' })
      .send({ decision: 'approve' })
      .expect(201);
    expect(await fireTimersAt(app, clock, '2027-04-01T00:00:00.000Z')).toEqual([]);
    const timers = await app.sql<{ status: string }>(
      'SELECT status FROM deadline_timers WHERE workflow_id = $1',
      [workflow.id],
    );
    expect(timers.map((t) => t.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(await noticesOf(workflow.id)).toEqual([]);
  });
});
