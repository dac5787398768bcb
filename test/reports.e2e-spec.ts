import { BusinessCalendar, type CalendarId } from '@puentes/business-calendar';
import {
  createAgency,
  createProject,
  createTechnicalGroup,
  createUser,
  expectProblem,
  publishChain,
} from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

const name = (en: string) => ({ en, es: `${en} (es)` });
const HOUR = 3_600_000;

/**
 * The working days on `calendar` from `first` ('YYYY-MM-DD') to today in UTC−7 (where every
 * agency of these tests is): what a step open since the day before `first` has counted so far.
 */
function workingDaysSince(calendar: CalendarId, first: string): number {
  const days = new BusinessCalendar(calendar);
  const today = new Date(Date.now() - 7 * HOUR).toISOString().slice(0, 10);
  let count = 0;
  for (let at = Date.parse(first); at <= Date.parse(today); at += 24 * HOUR)
    if (days.isWorkingDay(new Date(at).toISOString().slice(0, 10))) count++;
  return count;
}

/** GET a report as `token` (a `200` expected): its rows. */
async function reportOf(app: TestApp, token: string, path: string) {
  const response = await app.http().get(`/api/v1/reports/${path}`).auth(token, { type: 'bearer' });
  expect(response.status).toBe(200);
  return response.body as Record<string, unknown>[];
}

/**
 * The reports over a seeded history whose answers are worked out by hand below. Both
 * agencies keep UTC−7 all year (Hermosillo, Phoenix), so 17:00Z is 10:00 local and a
 * deadline "18:00 local" is 01:00Z the next day. Holidays met: MX 16 March (Benito Juárez),
 * US 25 May (Memorial Day), US 11 and 26 November.
 *
 * Chain `rpt-chain`: `mx` (RPT-MX, 3 MX business days) then `us` (RPT-US, 2 US business days).
 *
 * W1, approved. mx: Thu 12 Mar 17:00Z → Wed 18 Mar 17:00Z: Fri 13, Tue 17, Wed 18 = 3 working
 *   days (Mon 16 is a holiday: 3, not 4; 6 calendar days), 144 h, due Thu 19 01:00Z: in time.
 *   us: Wed 18 → Fri 20 Mar 17:00Z: Thu, Fri = 2 days, 48 h, due Sat 21 01:00Z: in time.
 *   Cycle Thu 12 → Fri 20 on the binational calendar: 13, 17, 18, 19, 20 = 5 days, 192 h.
 * W2, approved after a return. mx round 1: Mon 18 May 16:00Z → Tue 19: 1 day, 24 h (due Fri
 *   22 01:00Z). us round 1: Tue 19 → Fri 22 May 16:00Z, rejected, returned to mx: Wed, Thu, Fri
 *   = 3 days, 72 h, due Fri 22 01:00Z: late. mx round 2: Fri 22 → Tue 26: Mon 25 (MX works)
 *   and Tue = 2 days, 96 h, due Thu 28 01:00Z: in time. us round 2: Tue 26 → Fri 29: 3 days,
 *   72 h, due Fri 29 01:00Z: late. Totals (both rounds): mx 3 days 120 h; us 6 days 144 h.
 *   Cycle Mon 18 → Fri 29: 19, 20, 21, 22, 26, 27, 28, 29 (25 closed in the US) = 8 days, 264 h.
 * W3, open (no technical group). mx: Mon 2 Nov 17:00Z → Wed 4: 2 days, 48 h, due Fri 6
 *   01:00Z: in time. us: active since Wed 4 Nov 17:00Z, due Sat 7 01:00Z: overdue, counting to
 *   now (on 30 Nov 2026: 16 working days, Veterans Day and Thanksgiving left out).
 */
describe('Reports: GET /reports/*', () => {
  let app: TestApp;
  let coordinator: string;
  let approver: string;
  let chair: string;
  let groupCode: string;
  /** The open US step of W3: working days and hours from its activation to now. */
  const openSince = new Date('2026-11-04T17:00:00Z');
  const openDays = () => workingDaysSince('US', '2026-11-05');
  const openHours = () => (Date.now() - openSince.getTime()) / HOUR;
  const report = (path: string, token = coordinator) => reportOf(app, token, path);
  const csv = async (path: string) => {
    const response = await app
      .http()
      .get(`/api/v1/reports/${path}`)
      .set('Accept', 'text/csv')
      .auth(coordinator, { type: 'bearer' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    return response.text;
  };

  beforeAll(async () => {
    app = await createTestApp();
    const mx = await createAgency(app, {
      code: 'RPT-MX',
      country: 'MX',
      timeZone: 'America/Hermosillo',
    });
    const us = await createAgency(app, {
      code: 'RPT-US',
      country: 'US',
      timeZone: 'America/Phoenix',
    });
    const coordinatorUser = await createUser(app, {
      roles: ['coordinator'],
      timeZone: 'America/Phoenix',
    });
    coordinator = coordinatorUser.token;
    approver = (await createUser(app, { roles: ['approver'], agencyId: mx.id })).token;
    const mxChair = await createUser(app, { roles: ['approver'], agencyId: mx.id });
    const usChair = await createUser(app, { roles: ['approver'], agencyId: us.id });
    chair = mxChair.token;
    groupCode = (
      await createTechnicalGroup(app, {
        code: 'RPT-TG',
        coChairs: { mx: mxChair.user.id, us: usChair.user.id },
      })
    ).code;
    const chainId = await publishChain(app, {
      key: 'rpt-chain',
      name: name('Report chain'),
      steps: [
        {
          key: 'mx',
          name: name('MX'),
          assignees: [{ agency: 'RPT-MX' }],
          sla: { businessDays: 3, calendar: 'MX' },
        },
        {
          key: 'us',
          name: name('US'),
          assignees: [{ agency: 'RPT-US' }],
          dependsOn: ['mx'],
          sla: { businessDays: 2, calendar: 'US' },
          onReject: { returnTo: 'mx' },
        },
      ],
    });
    const inGroup = await createProject(app, { technicalGroupCode: groupCode });
    const alone = await createProject(app);

    type Step = [
      key: string,
      status: string,
      round: number,
      activated: string,
      due: string,
      finished: string | null,
    ];
    type Event = [type: string, at: string, data: Record<string, unknown>];
    const seed = async (
      projectId: string,
      status: string,
      started: string,
      completed: string | null,
      steps: Step[],
      events: Event[],
    ) => {
      const [workflow] = await app.sql<{ id: string }>(
        `INSERT INTO workflows (project_id, chain_id, chain_key, chain_version, status,
                                coordinator_id, attributes, started_at, completed_at, last_seq)
         VALUES ($1, $2, 'rpt-chain', 1, $3, $4, '{}', $5, $6, $7) RETURNING id`,
        [projectId, chainId, status, coordinatorUser.user.id, started, completed, events.length],
      );
      for (const [position, [key, stepStatus, round, activated, due, finished]] of steps.entries())
        await app.sql(
          `INSERT INTO workflow_steps (workflow_id, key, position, status, round, activated_at,
                                       due_at, finished_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [workflow.id, key, position, stepStatus, round, activated, due, finished],
        );
      for (const [seq, [type, at, data]] of events.entries())
        await app.sql(
          `INSERT INTO workflow_events (workflow_id, seq, type, at, data, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, repeat('0', 64), repeat('0', 64))`,
          [workflow.id, seq + 1, type, at, JSON.stringify(data)],
        );
    };
    const activated = (stepKey: string, round: number, at: string, dueAt: string): Event => [
      'step_activated',
      at,
      { stepKey, round, dueAt },
    ];

    // W1: one round each; the steps' rows are enough, the history is there as it would be.
    await seed(
      inGroup.id,
      'approved',
      '2026-03-12T17:00:00Z',
      '2026-03-20T17:00:00Z',
      [
        [
          'mx',
          'approved',
          1,
          '2026-03-12T17:00:00Z',
          '2026-03-19T01:00:00Z',
          '2026-03-18T17:00:00Z',
        ],
        [
          'us',
          'approved',
          1,
          '2026-03-18T17:00:00Z',
          '2026-03-21T01:00:00Z',
          '2026-03-20T17:00:00Z',
        ],
      ],
      [
        ['workflow_started', '2026-03-12T17:00:00Z', { attributes: {} }],
        activated('mx', 1, '2026-03-12T17:00:00Z', '2026-03-19T01:00:00Z'),
        ['step_approved', '2026-03-18T17:00:00Z', { stepKey: 'mx', round: 1 }],
        activated('us', 1, '2026-03-18T17:00:00Z', '2026-03-21T01:00:00Z'),
        ['step_approved', '2026-03-20T17:00:00Z', { stepKey: 'us', round: 1 }],
        ['workflow_approved', '2026-03-20T17:00:00Z', {}],
      ],
    );
    // W2: us rejects, the workflow returns to mx, and both steps run a second round.
    await seed(
      inGroup.id,
      'approved',
      '2026-05-18T16:00:00Z',
      '2026-05-29T16:00:00Z',
      [
        [
          'mx',
          'approved',
          2,
          '2026-05-22T16:00:00Z',
          '2026-05-28T01:00:00Z',
          '2026-05-26T16:00:00Z',
        ],
        [
          'us',
          'approved',
          2,
          '2026-05-26T16:00:00Z',
          '2026-05-29T01:00:00Z',
          '2026-05-29T16:00:00Z',
        ],
      ],
      [
        ['workflow_started', '2026-05-18T16:00:00Z', { attributes: {} }],
        activated('mx', 1, '2026-05-18T16:00:00Z', '2026-05-22T01:00:00Z'),
        ['step_approved', '2026-05-19T16:00:00Z', { stepKey: 'mx', round: 1 }],
        activated('us', 1, '2026-05-19T16:00:00Z', '2026-05-22T01:00:00Z'),
        ['step_rejected', '2026-05-22T16:00:00Z', { stepKey: 'us', round: 1 }],
        [
          'workflow_returned',
          '2026-05-22T16:00:00Z',
          { stepKey: 'us', round: 1, returnTo: 'mx', resetSteps: ['mx', 'us'] },
        ],
        activated('mx', 2, '2026-05-22T16:00:00Z', '2026-05-28T01:00:00Z'),
        ['step_approved', '2026-05-26T16:00:00Z', { stepKey: 'mx', round: 2 }],
        activated('us', 2, '2026-05-26T16:00:00Z', '2026-05-29T01:00:00Z'),
        ['step_approved', '2026-05-29T16:00:00Z', { stepKey: 'us', round: 2 }],
        ['workflow_approved', '2026-05-29T16:00:00Z', {}],
      ],
    );
    // W3: still waiting for the US.
    await seed(
      alone.id,
      'active',
      '2026-11-02T17:00:00Z',
      null,
      [
        [
          'mx',
          'approved',
          1,
          '2026-11-02T17:00:00Z',
          '2026-11-06T01:00:00Z',
          '2026-11-04T17:00:00Z',
        ],
        ['us', 'active', 1, openSince.toISOString(), '2026-11-07T01:00:00Z', null],
      ],
      [
        ['workflow_started', '2026-11-02T17:00:00Z', { attributes: {} }],
        activated('mx', 1, '2026-11-02T17:00:00Z', '2026-11-06T01:00:00Z'),
        ['step_approved', '2026-11-04T17:00:00Z', { stepKey: 'mx', round: 1 }],
        activated('us', 1, openSince.toISOString(), '2026-11-07T01:00:00Z'),
      ],
    );
  });

  afterAll(async () => {
    await app?.close();
  });

  it('ranks agencies by working days waited, counting both rounds of a return and open steps to now', async () => {
    const rows = await report('agencies');
    expect(rows).toHaveLength(2);
    const [us, mx] = rows;
    expect(mx).toEqual({
      agencyCode: 'RPT-MX',
      country: 'MX',
      stepsDecided: 3,
      medianDaysToDecide: 3, // [2, 3, 3]
      p90DaysToDecide: 3,
      medianHoursToDecide: 120, // [48, 120, 144]
      p90HoursToDecide: 139.2, // 120 + 0.8 × 24
      withinSlaRate: 1,
      openNow: 0,
      overdueNow: 0,
      waitingDaysTotal: 8,
      waitingHoursTotal: 312,
    });
    expect(us).toMatchObject({
      agencyCode: 'RPT-US',
      country: 'US',
      stepsDecided: 2,
      medianDaysToDecide: 4, // [2, 6]
      p90DaysToDecide: 5.6, // 2 + 0.9 × 4
      medianHoursToDecide: 96, // [48, 144]
      p90HoursToDecide: 134.4, // 48 + 0.9 × 96
      withinSlaRate: 0.5, // W2's us was decided after its (second round's) deadline
      openNow: 1,
      overdueNow: 1,
      waitingDaysTotal: 8 + openDays(),
    });
    expect(us.waitingHoursTotal).toBeCloseTo(192 + openHours(), 0);
  });

  it('filters by window, technical group, chain and country', async () => {
    // Only W2 was decided in May; W3's open step started after the window.
    expect(await report('agencies?from=2026-05-01&to=2026-05-31')).toEqual([
      expect.objectContaining({
        agencyCode: 'RPT-US',
        stepsDecided: 1,
        waitingDaysTotal: 6,
        openNow: 0,
      }),
      expect.objectContaining({ agencyCode: 'RPT-MX', stepsDecided: 1, waitingDaysTotal: 3 }),
    ]);
    // W3's project has no technical group.
    expect(await report(`agencies?technicalGroupCode=${groupCode}`)).toEqual([
      expect.objectContaining({
        agencyCode: 'RPT-US',
        stepsDecided: 2,
        openNow: 0,
        waitingDaysTotal: 8,
      }),
      expect.objectContaining({ agencyCode: 'RPT-MX', stepsDecided: 2, waitingDaysTotal: 6 }),
    ]);
    expect(await report('agencies?country=MX')).toEqual([
      expect.objectContaining({ agencyCode: 'RPT-MX' }),
    ]);
    expect(await report('agencies?chainKey=other-chain')).toEqual([]);
  });

  it("says whose turn it was: each side's share of the open step-days in the window", async () => {
    // May: MX held 24 + 96 h = 5 days (3 working), the US 72 + 72 h = 6 days (6 working).
    expect(await report('countries?from=2026-05-01&to=2026-05-31')).toEqual([
      {
        country: 'MX',
        openNow: 0,
        overdueNow: 0,
        openStepDays: 5,
        openStepWorkingDays: 3,
        share: 0.4545,
      },
      {
        country: 'US',
        openNow: 1,
        overdueNow: 1,
        openStepDays: 6,
        openStepWorkingDays: 6,
        share: 0.5455,
      },
    ]);
    const [mx, us] = await report('countries');
    expect(mx).toMatchObject({ openStepDays: 13, openStepWorkingDays: 8 });
    expect(us.openStepWorkingDays).toBe(8 + openDays());
    expect(us.openStepDays).toBeCloseTo((192 + openHours()) / 24, 1);
  });

  it('gives cycle times per chain on the binational calendar, and the rework rate', async () => {
    expect(await report('cycle-times')).toEqual([
      {
        chainKey: 'rpt-chain',
        workflowsCompleted: 2,
        medianDays: 6.5, // [5, 8]
        p90Days: 7.7,
        medianHours: 228, // [192, 264]
        p90Hours: 256.8,
        reworkRate: 0.5,
      },
    ]);
    expect(await report('cycle-times?to=2026-04-30')).toEqual([
      expect.objectContaining({ workflowsCompleted: 1, medianDays: 5, reworkRate: 0 }),
    ]);
  });

  it('counts deadlines due and missed per agency and month, round by round', async () => {
    expect(await report('sla')).toEqual([
      {
        agencyCode: 'RPT-MX',
        country: 'MX',
        month: '2026-03',
        stepsDue: 1,
        stepsLate: 0,
        lateRate: 0,
      },
      {
        agencyCode: 'RPT-US',
        country: 'US',
        month: '2026-03',
        stepsDue: 1,
        stepsLate: 0,
        lateRate: 0,
      },
      {
        agencyCode: 'RPT-MX',
        country: 'MX',
        month: '2026-05',
        stepsDue: 2,
        stepsLate: 0,
        lateRate: 0,
      },
      {
        agencyCode: 'RPT-US',
        country: 'US',
        month: '2026-05',
        stepsDue: 2,
        stepsLate: 2,
        lateRate: 1,
      },
      {
        agencyCode: 'RPT-MX',
        country: 'MX',
        month: '2026-11',
        stepsDue: 1,
        stepsLate: 0,
        lateRate: 0,
      },
      {
        agencyCode: 'RPT-US',
        country: 'US',
        month: '2026-11',
        stepsDue: 1,
        stepsLate: 1,
        lateRate: 1,
      },
    ]);
  });

  it('answers CSV with a header row when asked for text/csv', async () => {
    expect(await csv('agencies?from=2026-05-01&to=2026-05-31')).toBe(
      'agencyCode,country,stepsDecided,medianDaysToDecide,p90DaysToDecide,medianHoursToDecide,' +
        'p90HoursToDecide,withinSlaRate,openNow,overdueNow,waitingDaysTotal,waitingHoursTotal\r\n' +
        'RPT-US,US,1,6,6,144,144,0,0,0,6,144\r\n' +
        'RPT-MX,MX,1,3,3,120,120,1,0,0,3,120\r\n',
    );
    expect(await csv('countries?from=2026-05-01&to=2026-05-31')).toBe(
      'country,openNow,overdueNow,openStepDays,openStepWorkingDays,share\r\n' +
        'MX,0,0,5,3,0.4545\r\nUS,1,1,6,6,0.5455\r\n',
    );
    expect(await csv('cycle-times')).toBe(
      'chainKey,workflowsCompleted,medianDays,p90Days,medianHours,p90Hours,reworkRate\r\n' +
        'rpt-chain,2,6.5,7.7,228,256.8,0.5\r\n',
    );
    expect(await csv('sla?from=2026-05-01&to=2026-05-31')).toBe(
      'agencyCode,country,month,stepsDue,stepsLate,lateRate\r\n' +
        'RPT-MX,MX,2026-05,2,0,0\r\nRPT-US,US,2026-05,2,2,1\r\n',
    );
  });

  it('lets co-chairs in and keeps other approvers out (403)', async () => {
    await report('sla', chair);
    const refused = await app
      .http()
      .get('/api/v1/reports/agencies')
      .auth(approver, { type: 'bearer' });
    expect(expectProblem(refused, 403).code).toBe('REPORTS.FORBIDDEN');
  });

  it('refuses a date that is not one, naming the field (400)', async () => {
    const response = await app
      .http()
      .get('/api/v1/reports/agencies?from=2026-02-30&to=yesterday')
      .auth(coordinator, { type: 'bearer' });
    const problem = expectProblem(response, 400);
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['from', 'to']);
  });

  it('refuses a window that ends before it starts, naming `to`, on every report (400)', async () => {
    for (const report of ['agencies', 'countries', 'cycle-times', 'sla']) {
      const response = await app
        .http()
        .get(`/api/v1/reports/${report}?from=2026-06-30&to=2026-01-01`)
        .auth(coordinator, { type: 'bearer' });
      const problem = expectProblem(response, 400);
      expect(problem.errors).toEqual([
        { field: 'to', message: 'must not be before from (2026-06-30)' },
      ]);
    }
  });
});

/**
 * Steps that several agencies hold: each seat is its own agency's hold, from the round's start
 * to that seat's decision, so an agency that signed on the first day is not charged for the
 * others' weeks. Every agency keeps UTC−7 all year (17:00Z is 10:00 local); every step counts
 * its working days on its own calendar, in its owner's zone (the first assignee: SH-MX1):
 * `views` on the binational one (the days both countries work: not Mexico's 16 November, nor
 * Veterans Day or Thanksgiving), the others on its owner's, Mexico's (not 16 March).
 *
 * Chain `shared-chain`: `views` (SH-MX1, SH-MX2 and SH-US, all must approve; 5 binational
 * working days), then `chairs` (group SH-TG: its MX seat is SH-MX1's, its US seat SH-US's; 2 MX
 * working days), then `sign` (SH-MX2, no deadline).
 *
 * W1, approved. views, Mon 2 Mar 17:00Z, due Mon 9 18:00 local (Tue 10 01:00Z): SH-MX1
 *   approves Tue 3 (1 working day, 24 h, in time), SH-US Fri 6 (4 days, 96 h, in time), SH-MX2
 *   Wed 11 (Tue 3–Fri 6, Mon 9–Wed 11: 7 days, 216 h, late). chairs, Wed 11, due Fri 13 18:00
 *   local: the MX seat approves Thu 12 (1 day, 24 h, in time), the US seat Tue 17 (Thu 12,
 *   Fri 13, Tue 17: 3 days, 144 h, late). sign, reassigned from SH-MX2 to SH-US, Tue 17 →
 *   Thu 19 (2 days, 48 h): SH-US's.
 * W2, open. views, Mon 2 Nov 17:00Z, due Tue 10 Nov 01:00Z: SH-US approved Wed 4 (2 days,
 *   48 h, in time); SH-MX1 and SH-MX2 have not signed: open, overdue, counting to now.
 *
 * By side: W1 views held by MX until Wed 11 (9 days, 7 working) and by the US until Fri 6 (4,
 * 4); chairs by MX 1 day (1) and the US 6 days (3); sign by the US 2 days (2). March: MX 10
 * step-days (8 working), US 4 + 6 + 2 = 12 (4 + 3 + 2 = 9 working); W2 adds the US's 2 (2).
 */
describe('Reports: steps that several agencies hold', () => {
  let app: TestApp;
  let coordinator: string;
  const openSince = new Date('2026-11-02T17:00:00Z');
  /** Binational working days from W2's activation to today (local), and hours to now. */
  const openDays = () => workingDaysSince('binational', '2026-11-03');
  const openHours = () => (Date.now() - openSince.getTime()) / HOUR;
  const report = (path: string) => reportOf(app, coordinator, path);

  beforeAll(async () => {
    app = await createTestApp();
    const zone = { timeZone: 'America/Hermosillo' };
    const mx1 = await createAgency(app, { code: 'SH-MX1', country: 'MX', ...zone });
    await createAgency(app, { code: 'SH-MX2', country: 'MX', ...zone });
    const us = await createAgency(app, {
      code: 'SH-US',
      country: 'US',
      timeZone: 'America/Phoenix',
    });
    const coordinatorUser = await createUser(app, { roles: ['coordinator'] });
    coordinator = coordinatorUser.token;
    const mxChair = await createUser(app, { roles: ['approver'], agencyId: mx1.id });
    const usChair = await createUser(app, { roles: ['approver'], agencyId: us.id });
    await createTechnicalGroup(app, {
      code: 'SH-TG',
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
    });
    const chainId = await publishChain(app, {
      key: 'shared-chain',
      name: name('Shared chain'),
      steps: [
        {
          key: 'views',
          name: name('Views'),
          assignees: [{ agency: 'SH-MX1' }, { agency: 'SH-MX2' }, { agency: 'SH-US' }],
          sla: { businessDays: 5, calendar: 'binational' },
        },
        {
          key: 'chairs',
          name: name('Chairs'),
          assignees: [{ technicalGroup: 'SH-TG' }],
          dependsOn: ['views'],
          sla: { businessDays: 2, calendar: 'MX' },
        },
        {
          key: 'sign',
          name: name('Sign'),
          assignees: [{ agency: 'SH-MX2' }],
          dependsOn: ['chairs'],
        },
      ],
    });
    const project = await createProject(app);

    type Signature = [assignee: string, seat: string, at: string];
    type Step = [
      key: string,
      status: string,
      activated: string,
      due: string | null,
      finished: string | null,
      signatures: Signature[],
      reassignedTo?: string[],
    ];
    const seed = async (
      status: string,
      started: string,
      completed: string | null,
      steps: Step[],
    ) => {
      const [workflow] = await app.sql<{ id: string }>(
        `INSERT INTO workflows (project_id, chain_id, chain_key, chain_version, status,
                                coordinator_id, attributes, started_at, completed_at)
         VALUES ($1, $2, 'shared-chain', 1, $3, $4, '{}', $5, $6) RETURNING id`,
        [project.id, chainId, status, coordinatorUser.user.id, started, completed],
      );
      for (const [
        position,
        [key, stepStatus, activated, due, finished, signed, to],
      ] of steps.entries()) {
        const [step] = await app.sql<{ id: string }>(
          `INSERT INTO workflow_steps (workflow_id, key, position, status, round, activated_at,
                                       due_at, finished_at, assignees)
           VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8) RETURNING id`,
          [workflow.id, key, position, stepStatus, activated, due, finished, to ?? null],
        );
        for (const [assignee, seat, at] of signed)
          await app.sql(
            `INSERT INTO step_decisions (step_id, round, assignee, seat, decision, decided_at)
             VALUES ($1, 1, $2, $3, 'approve', $4)`,
            [step.id, assignee, seat, at],
          );
      }
    };
    await seed('approved', '2026-03-02T17:00:00Z', '2026-03-19T17:00:00Z', [
      [
        'views',
        'approved',
        '2026-03-02T17:00:00Z',
        '2026-03-10T01:00:00Z',
        '2026-03-11T17:00:00Z',
        [
          ['agency:SH-MX1', 'agency', '2026-03-03T17:00:00Z'],
          ['agency:SH-US', 'agency', '2026-03-06T17:00:00Z'],
          ['agency:SH-MX2', 'agency', '2026-03-11T17:00:00Z'],
        ],
      ],
      [
        'chairs',
        'approved',
        '2026-03-11T17:00:00Z',
        '2026-03-14T01:00:00Z',
        '2026-03-17T17:00:00Z',
        [
          ['group:SH-TG', 'mx', '2026-03-12T17:00:00Z'],
          ['group:SH-TG', 'us', '2026-03-17T17:00:00Z'],
        ],
      ],
      [
        'sign',
        'approved',
        '2026-03-17T17:00:00Z',
        null,
        '2026-03-19T17:00:00Z',
        [['agency:SH-US', 'agency', '2026-03-19T17:00:00Z']],
        ['agency:SH-US'],
      ],
    ]);
    await seed('active', openSince.toISOString(), null, [
      [
        'views',
        'active',
        openSince.toISOString(),
        '2026-11-10T01:00:00Z',
        null,
        [['agency:SH-US', 'agency', '2026-11-04T17:00:00Z']],
      ],
    ]);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('charges each agency for its own seat, not the first assignee for the whole step', async () => {
    const rows = await report('agencies');
    expect(rows.map((r) => r.agencyCode)).toEqual(['SH-MX2', 'SH-MX1', 'SH-US']);
    const [mx2, mx1, us] = rows;
    expect(mx2).toMatchObject({
      stepsDecided: 1,
      medianDaysToDecide: 7,
      medianHoursToDecide: 216,
      withinSlaRate: 0,
      openNow: 1,
      overdueNow: 1,
      waitingDaysTotal: 7 + openDays(),
    });
    expect(mx1).toMatchObject({
      stepsDecided: 2, // views and the group's MX seat
      medianDaysToDecide: 1,
      p90DaysToDecide: 1,
      medianHoursToDecide: 24,
      withinSlaRate: 1,
      openNow: 1,
      overdueNow: 1,
      waitingDaysTotal: 2 + openDays(),
    });
    expect(mx1.waitingHoursTotal).toBeCloseTo(48 + openHours(), 0);
    expect(us).toEqual({
      agencyCode: 'SH-US',
      country: 'US',
      stepsDecided: 4, // views twice, the group's US seat, and the step reassigned to it
      medianDaysToDecide: 2.5, // [2, 2, 3, 4]
      p90DaysToDecide: 3.7, // 3 + 0.7 × 1
      medianHoursToDecide: 72, // [48, 48, 96, 144]
      p90HoursToDecide: 129.6, // 96 + 0.7 × 48
      withinSlaRate: 0.6667, // W1 views and W2 views in time, the US seat late; sign has none
      openNow: 0, // it signed W2's views on 4 November
      overdueNow: 0,
      waitingDaysTotal: 11,
      waitingHoursTotal: 336,
    });
    expect(await report('agencies?country=US')).toEqual([us]);
    expect((await report('agencies?country=MX')).map((r) => r.agencyCode)).toEqual([
      'SH-MX2',
      'SH-MX1',
    ]);
  });

  it('counts a round once per side, until the last agency of that side signs', async () => {
    expect(await report('countries?from=2026-03-01&to=2026-03-31')).toEqual([
      {
        country: 'MX',
        openNow: 1,
        overdueNow: 1,
        openStepDays: 10,
        openStepWorkingDays: 8,
        share: 0.4545,
      },
      {
        country: 'US',
        openNow: 0,
        overdueNow: 0,
        openStepDays: 12,
        openStepWorkingDays: 9,
        share: 0.5455,
      },
    ]);
    const [mx, us] = await report('countries');
    expect(mx.openStepWorkingDays).toBe(8 + openDays());
    expect(mx.openStepDays).toBeCloseTo(10 + openHours() / 24, 1);
    expect(us).toMatchObject({ openStepDays: 14, openStepWorkingDays: 11 });
  });

  it("counts each seat's deadline: due and late per agency and month", async () => {
    const due = (agencyCode: string, month: string, stepsDue: number, stepsLate: number) =>
      expect.objectContaining({ agencyCode, month, stepsDue, stepsLate });
    expect(await report('sla')).toEqual([
      due('SH-MX1', '2026-03', 2, 0),
      due('SH-MX2', '2026-03', 1, 1),
      due('SH-US', '2026-03', 2, 1),
      due('SH-MX1', '2026-11', 1, 1),
      due('SH-MX2', '2026-11', 1, 1),
      due('SH-US', '2026-11', 1, 0),
    ]);
  });
});

/**
 * A step of two agencies sent back and signed again: each seat is charged round by round, its
 * rounds read from the history and its signatures from `step_decisions` of that round. Both
 * agencies keep UTC−7 (17:00Z is 10:00 local); working days on the owner's (RW-MX) calendar,
 * July 2026 having no Mexican holiday.
 *
 * Chain `rework-chain`: `first` (RW-MX alone), then `both` (RW-MX and RW-US; a rejection
 * returns to `first`).
 * first round 1: Mon 6 Jul → Tue 7 (1 working day, 24 h). both round 1 from Tue 7: RW-MX
 *   approves Wed 8 (1 day, 24 h), RW-US rejects Fri 10 (3 days, 72 h): back to first.
 * first round 2: Fri 10 → Mon 13 (1 day, 72 h). both round 2 from Mon 13: RW-US approves Tue 14
 *   (1 day, 24 h), RW-MX Thu 16 (3 days, 72 h).
 * RW-MX: first 2 days / 96 h, its seat on both 4 days / 96 h; RW-US: 4 days / 96 h, one
 * decision that stands (its rejection was of a round that did not).
 * By side: MX holds first's rounds (1 + 3 calendar days, 1 + 1 working) and both's (1 + 3, 1 + 3):
 * 8 days, 6 working; the US both's (3 + 1): 4 days, 4 working.
 */
describe('Reports: a step of two agencies sent back and signed again', () => {
  let app: TestApp;
  let coordinator: string;
  const report = (path: string) => reportOf(app, coordinator, path);

  beforeAll(async () => {
    app = await createTestApp();
    await createAgency(app, { code: 'RW-MX', country: 'MX', timeZone: 'America/Hermosillo' });
    await createAgency(app, { code: 'RW-US', country: 'US', timeZone: 'America/Phoenix' });
    const coordinatorUser = await createUser(app, { roles: ['coordinator'] });
    coordinator = coordinatorUser.token;
    const chainId = await publishChain(app, {
      key: 'rework-chain',
      name: name('Rework chain'),
      steps: [
        { key: 'first', name: name('First'), assignees: [{ agency: 'RW-MX' }] },
        {
          key: 'both',
          name: name('Both'),
          assignees: [{ agency: 'RW-MX' }, { agency: 'RW-US' }],
          dependsOn: ['first'],
          onReject: { returnTo: 'first' },
        },
      ],
    });
    const project = await createProject(app);
    const at = (day: number) => `2026-07-${String(day).padStart(2, '0')}T17:00:00Z`;
    const [workflow] = await app.sql<{ id: string }>(
      `INSERT INTO workflows (project_id, chain_id, chain_key, chain_version, status,
                              coordinator_id, attributes, started_at, completed_at)
       VALUES ($1, $2, 'rework-chain', 1, 'approved', $3, '{}', $4, $5) RETURNING id`,
      [project.id, chainId, coordinatorUser.user.id, at(6), at(16)],
    );
    const step = async (key: string, position: number, activated: string, finished: string) =>
      (
        await app.sql<{ id: string }>(
          `INSERT INTO workflow_steps (workflow_id, key, position, status, round, activated_at,
                                       finished_at)
           VALUES ($1, $2, $3, 'approved', 2, $4, $5) RETURNING id`,
          [workflow.id, key, position, activated, finished],
        )
      )[0].id;
    await step('first', 0, at(10), at(13));
    const both = await step('both', 1, at(13), at(16));
    for (const [round, assignee, decision, day] of [
      [1, 'agency:RW-MX', 'approve', 8],
      [1, 'agency:RW-US', 'reject', 10],
      [2, 'agency:RW-US', 'approve', 14],
      [2, 'agency:RW-MX', 'approve', 16],
    ] as const)
      await app.sql(
        `INSERT INTO step_decisions (step_id, round, assignee, seat, decision, decided_at)
         VALUES ($1, $2, $3, 'agency', $4, $5)`,
        [both, round, assignee, decision, at(day)],
      );
    const events: [string, string, Record<string, unknown>][] = [
      ['workflow_started', at(6), { attributes: {} }],
      ['step_activated', at(6), { stepKey: 'first', round: 1, dueAt: null }],
      ['step_approved', at(7), { stepKey: 'first', round: 1 }],
      ['step_activated', at(7), { stepKey: 'both', round: 1, dueAt: null }],
      ['step_rejected', at(10), { stepKey: 'both', round: 1 }],
      [
        'workflow_returned',
        at(10),
        { stepKey: 'both', round: 1, returnTo: 'first', resetSteps: ['first', 'both'] },
      ],
      ['step_activated', at(10), { stepKey: 'first', round: 2, dueAt: null }],
      ['step_approved', at(13), { stepKey: 'first', round: 2 }],
      ['step_activated', at(13), { stepKey: 'both', round: 2, dueAt: null }],
      ['step_approved', at(16), { stepKey: 'both', round: 2 }],
      ['workflow_approved', at(16), {}],
    ];
    for (const [seq, [type, when, data]] of events.entries())
      await app.sql(
        `INSERT INTO workflow_events (workflow_id, seq, type, at, data, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, repeat('0', 64), repeat('0', 64))`,
        [workflow.id, seq + 1, type, when, JSON.stringify(data)],
      );
  });

  afterAll(async () => {
    await app?.close();
  });

  it("charges each seat every round, with that round's signature", async () => {
    expect(await report('agencies')).toEqual([
      expect.objectContaining({
        agencyCode: 'RW-MX',
        stepsDecided: 2,
        medianDaysToDecide: 3, // [2, 4]
        p90DaysToDecide: 3.8,
        medianHoursToDecide: 96,
        waitingDaysTotal: 6,
        waitingHoursTotal: 192,
      }),
      expect.objectContaining({
        agencyCode: 'RW-US',
        stepsDecided: 1,
        medianDaysToDecide: 4,
        medianHoursToDecide: 96,
        waitingDaysTotal: 4,
        waitingHoursTotal: 96,
      }),
    ]);
    expect(await report('countries')).toEqual([
      expect.objectContaining({ country: 'MX', openStepDays: 8, openStepWorkingDays: 6 }),
      expect.objectContaining({ country: 'US', openStepDays: 4, openStepWorkingDays: 4 }),
    ]);
  });
});
