import {
  createAgency,
  createProject,
  createTechnicalGroup,
  createUser,
  expectProblem,
} from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

type Person = Awaited<ReturnType<typeof createUser>>;
interface Summary {
  id: string;
  projectId: string;
  projectCode: string;
  projectName: { en: string; es: string };
  chainKey: string;
  chainVersion: number;
  status: string;
  coordinatorId: string;
  startedAt: string;
  completedAt: string | null;
  openSteps: {
    key: string;
    name: { en: string; es: string };
    dueAt: string | null;
    escalationLevel: number;
    pendingAssignees: {
      agency?: string;
      technicalGroup?: string;
      seats: string[];
      countries: string[];
    }[];
  }[];
  changesRequested: {
    key: string;
    name: { en: string; es: string };
    requestedAt: string;
    requestedBy: { agency?: string; technicalGroup?: string; seat: string };
  }[];
  overdue: boolean;
  ballIsWith: 'MX' | 'US' | 'both' | null;
}
interface SummaryPage {
  items: Summary[];
  total: number;
  limit: number;
  offset: number;
}

const name = (en: string) => ({ en, es: `${en} (es)` });

/**
 * GET /workflows against real workflows moved by real decisions: every filter, both sorts,
 * pagination, what "the ball is with" means for agencies and for a technical group's co-chair
 * seats, and the validation of every query field.
 */
describe('Finding workflows: GET /workflows', () => {
  let app: TestApp;
  let admin: string;
  let coordinator: Person;
  let mxa: Person; // approver of SRCH-MXA (MX)
  let usa: Person; // approver of SRCH-USA (US)
  let mxChair: Person; // SRCH-MXC (MX), co-chair of SRCH-GT
  let usChair: Person; // SRCH-USC (US), co-chair of SRCH-GT
  let group: { id: string; code: string };
  let p1: { id: string; code: string }; // in the group, "Alpha Bridge" / "Puente Alfa"
  let p2: { id: string; code: string };
  let p3: { id: string; code: string };
  /** w1 US (MX signed) · w2 both · w3 group, US seat open · w4 group, MX seat open ·
   *  w5 approved · w6 cancelled · w7 US, overdue within a second ·
   *  w8 (the last test) sent back for changes, then resubmitted. */
  const w: Record<string, string> = {};

  const http = () => app.http();
  const find = async (query: string, who: string = admin) => {
    const response = await http()
      .get(`/api/v1/workflows${query ? `?${query}` : ''}`)
      .auth(who, { type: 'bearer' });
    expect(response.status).toBe(200);
    return response.body as SummaryPage;
  };
  const ids = (page: SummaryPage) => page.items.map((i) => i.id);
  const named = (...keys: string[]) => keys.map((k) => w[k]);
  const sorted = (list: string[]) => [...list].sort();
  const decide = async (id: string, step: string, who: Person) => {
    const response = await http()
      .post(`/api/v1/workflows/${id}/steps/${step}/decisions`)
      .auth(who.token, { type: 'bearer' })
      .send({ decision: 'approve' });
    expect(response.status).toBe(201);
  };
  const start = async (projectId: string, chainKey: string, token = admin) => {
    const response = await http()
      .post(`/api/v1/projects/${projectId}/workflows`)
      .auth(token, { type: 'bearer' })
      .send({ chainKey });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  };

  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.adminToken();
    const mxaAgency = await createAgency(app, { code: 'SRCH-MXA', country: 'MX' });
    const usaAgency = await createAgency(app, { code: 'SRCH-USA', country: 'US' });
    const mxcAgency = await createAgency(app, { code: 'SRCH-MXC', country: 'MX' });
    const uscAgency = await createAgency(app, { code: 'SRCH-USC', country: 'US' });
    mxa = await createUser(app, { roles: ['approver'], agencyId: mxaAgency.id });
    usa = await createUser(app, { roles: ['approver'], agencyId: usaAgency.id });
    mxChair = await createUser(app, { roles: ['approver'], agencyId: mxcAgency.id });
    usChair = await createUser(app, { roles: ['approver'], agencyId: uscAgency.id });
    coordinator = await createUser(app, { roles: ['coordinator'] });
    group = await createTechnicalGroup(app, {
      code: 'SRCH-GT',
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
    });
    p1 = await createProject(app, {
      code: 'SRCH-ALPHA',
      name: { en: 'Alpha Bridge', es: 'Puente Alfa' },
      technicalGroupCode: 'SRCH-GT',
    });
    p2 = await createProject(app, { code: 'SRCH-RAIL', name: name('Nogales rail 50%') });
    p3 = await createProject(app, { code: 'SRCH-PORT', name: name('Port of entry') });

    const chain = async (key: string, steps: unknown[]) => {
      const created = await http()
        .post('/api/v1/approval-chains')
        .auth(admin, { type: 'bearer' })
        .send({ key, name: name(key), steps });
      expect(created.status).toBe(201);
      await http()
        .post(`/api/v1/approval-chains/${created.body.id}/publish`)
        .auth(admin, { type: 'bearer' })
        .expect(200);
    };
    const sla = { businessDays: 10, calendar: 'binational' };
    await chain('search-agency', [
      {
        key: 'views',
        name: name('Agency views'),
        assignees: [{ agency: 'SRCH-MXA' }, { agency: 'SRCH-USA' }],
        sla,
      },
      {
        key: 'final',
        name: name('Final'),
        assignees: [{ agency: 'SRCH-USA' }],
        dependsOn: ['views'],
      },
    ]);
    await chain('search-group', [
      {
        key: 'chairs',
        name: name('Co-chair sign-off'),
        assignees: [{ technicalGroup: 'SRCH-GT' }],
        sla: { businessDays: 20, calendar: 'MX' },
      },
    ]);
    await chain('search-quick', [
      {
        key: 'quick',
        name: name('Quick look'),
        assignees: [{ agency: 'SRCH-USA' }],
        sla: { duration: 'PT1S' },
      },
    ]);

    w.w1 = await start(p1.id, 'search-agency', coordinator.token);
    await decide(w.w1, 'views', mxa);
    w.w2 = await start(p2.id, 'search-agency', coordinator.token);
    w.w3 = await start(p1.id, 'search-group');
    await decide(w.w3, 'chairs', mxChair);
    w.w4 = await start(p3.id, 'search-group');
    await decide(w.w4, 'chairs', usChair);
    w.w5 = await start(p2.id, 'search-group');
    await decide(w.w5, 'chairs', mxChair);
    await decide(w.w5, 'chairs', usChair);
    w.w6 = await start(p3.id, 'search-agency');
    await http()
      .post(`/api/v1/workflows/${w.w6}/cancel`)
      .auth(admin, { type: 'bearer' })
      .send({ comment: 'Superseded' })
      .expect(200);
    w.w7 = await start(p3.id, 'search-quick');
    // Its one-second deadline passes for real.
    for (let i = 0; i < 50 && !(await find('overdue=true')).items.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('lists every workflow, newest first, as summaries', async () => {
    const all = await find('');
    expect(all.total).toBe(7);
    expect(all).toEqual(expect.objectContaining({ limit: 50, offset: 0 }));
    expect(ids(all)).toEqual(named('w7', 'w6', 'w5', 'w4', 'w3', 'w2', 'w1'));
    const starts = all.items.map((i) => i.startedAt);
    expect(starts).toEqual([...starts].sort().reverse());

    const w1 = all.items.find((i) => i.id === w.w1)!;
    expect(w1).toEqual({
      id: w.w1,
      projectId: p1.id,
      projectCode: 'SRCH-ALPHA',
      projectName: { en: 'Alpha Bridge', es: 'Puente Alfa' },
      chainKey: 'search-agency',
      chainVersion: 1,
      status: 'active',
      coordinatorId: coordinator.user.id,
      startedAt: expect.stringMatching(/Z$/),
      completedAt: null,
      openSteps: [
        {
          key: 'views',
          name: name('Agency views'),
          dueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          escalationLevel: 0,
          pendingAssignees: [{ agency: 'SRCH-USA', seats: ['agency'], countries: ['US'] }],
        },
      ],
      changesRequested: [],
      overdue: false,
      ballIsWith: 'US',
    });
    const w5 = all.items.find((i) => i.id === w.w5)!;
    expect(w5).toEqual(
      expect.objectContaining({
        status: 'approved',
        completedAt: expect.any(String),
        openSteps: [],
        overdue: false,
        ballIsWith: null,
      }),
    );
    expect(all.items.find((i) => i.id === w.w7)!.overdue).toBe(true);
  });

  it('ball is with: agencies by country, a group by its unsigned co-chair seats', async () => {
    const all = await find('');
    const byId = new Map(all.items.map((i) => [i.id, i]));
    // Both agencies of the first step still pending: both sides.
    expect(byId.get(w.w2)!.ballIsWith).toBe('both');
    expect(byId.get(w.w2)!.openSteps[0].pendingAssignees).toEqual([
      { agency: 'SRCH-MXA', seats: ['agency'], countries: ['MX'] },
      { agency: 'SRCH-USA', seats: ['agency'], countries: ['US'] },
    ]);
    // The MX co-chair signed: the group is still pending, on the U.S. seat only.
    expect(byId.get(w.w3)!.openSteps[0].pendingAssignees).toEqual([
      { technicalGroup: 'SRCH-GT', seats: ['us'], countries: ['US'] },
    ]);
    expect(byId.get(w.w3)!.ballIsWith).toBe('US');
    expect(byId.get(w.w4)!.openSteps[0].pendingAssignees).toEqual([
      { technicalGroup: 'SRCH-GT', seats: ['mx'], countries: ['MX'] },
    ]);
    expect(byId.get(w.w4)!.ballIsWith).toBe('MX');
    expect(byId.get(w.w6)!.ballIsWith).toBeNull();

    expect(sorted(ids(await find('ballIsWith=US')))).toEqual(sorted(named('w1', 'w3', 'w7')));
    expect(ids(await find('ballIsWith=MX'))).toEqual(named('w4'));
    expect(ids(await find('ballIsWith=both'))).toEqual(named('w2'));

    // The group's dashboard says the same of the project both w1 and w3 run on.
    const dashboard = await http()
      .get(`/api/v1/technical-groups/${group.id}/dashboard`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const project = (
      dashboard.body as { projects: { id: string; ballIsWith: { side: string } }[] }
    ).projects.find((p) => p.id === p1.id)!;
    expect(project.ballIsWith.side).toBe('US');
  });

  it('a group seat is held by whoever sits in it now: the agency filter follows a new co-chair', async () => {
    const seat = (chairs: { mx: string; us: string }) =>
      http()
        .patch(`/api/v1/technical-groups/${group.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ coChairs: chairs })
        .expect(200);
    await seat({ mx: mxChair.user.id, us: usa.user.id });
    try {
      expect(ids(await find('agency=SRCH-USC'))).toEqual([]);
      expect(sorted(ids(await find('agency=SRCH-USA')))).toEqual(
        sorted(named('w1', 'w2', 'w3', 'w7')),
      );
      const w3 = (await find('chainKey=search-group')).items.find((i) => i.id === w.w3)!;
      expect(w3.ballIsWith).toBe('US'); // the seat's side, whoever sits in it
    } finally {
      await seat({ mx: mxChair.user.id, us: usChair.user.id });
    }
    expect(ids(await find('agency=SRCH-USC'))).toEqual(named('w3'));
  });

  it('filters by agency holding an open step, directly or in a co-chair seat', async () => {
    expect(sorted(ids(await find('agency=SRCH-USA')))).toEqual(sorted(named('w1', 'w2', 'w7')));
    expect(ids(await find('agency=SRCH-MXA'))).toEqual(named('w2'));
    expect(ids(await find('agency=SRCH-USC'))).toEqual(named('w3'));
    expect(ids(await find('agency=SRCH-MXC'))).toEqual(named('w4'));
    expect((await find('agency=NOBODY')).total).toBe(0);
  });

  it('filters by status, project, chain, group, coordinator and overdue', async () => {
    expect(ids(await find('status=approved'))).toEqual(named('w5'));
    expect(ids(await find('status=cancelled'))).toEqual(named('w6'));
    expect((await find('status=active')).total).toBe(5);
    expect(ids(await find(`projectId=${p2.id}`))).toEqual(named('w5', 'w2'));
    expect(ids(await find('chainKey=search-group'))).toEqual(named('w5', 'w4', 'w3'));
    expect(ids(await find('technicalGroupCode=SRCH-GT'))).toEqual(named('w3', 'w1'));
    expect((await find('technicalGroupCode=NO-SUCH')).total).toBe(0);
    expect(ids(await find('coordinatorId=me', coordinator.token))).toEqual(named('w2', 'w1'));
    expect(ids(await find(`coordinatorId=${coordinator.user.id}`))).toEqual(named('w2', 'w1'));
    expect(ids(await find('overdue=true'))).toEqual(named('w7'));
    expect((await find('overdue=false')).total).toBe(6);
    expect(ids(await find('ballIsWith=US&overdue=true'))).toEqual(named('w7'));
    expect(ids(await find(`status=active&projectId=${p3.id}&chainKey=search-group`))).toEqual(
      named('w4'),
    );
  });

  it('q matches the project code or either name, literally', async () => {
    expect(ids(await find('q=alfa'))).toEqual(named('w3', 'w1')); // Spanish name
    expect(ids(await find('q=ALPHA%20bridge'))).toEqual(named('w3', 'w1')); // English name
    expect(ids(await find('q=srch-port'))).toEqual(named('w7', 'w6', 'w4')); // code
    expect(ids(await find(`q=${encodeURIComponent('50%')}`))).toEqual(named('w5', 'w2'));
    expect((await find(`q=${encodeURIComponent('%')}`)).total).toBe(2); // not a wildcard
    expect((await find('q=nothing-like-it')).total).toBe(0);
  });

  it('sort=dueAt: soonest open deadline first, workflows without one last', async () => {
    const page = await find('sort=dueAt');
    expect(page.total).toBe(7);
    expect(page.items[0].id).toBe(w.w7);
    const due = page.items.map((i) =>
      i.openSteps.length ? Math.min(...i.openSteps.map((s) => Date.parse(s.dueAt!))) : Infinity,
    );
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(ids(page).slice(-2)).toEqual(named('w6', 'w5')); // none open: newest first
    expect(ids(await find('sort=-startedAt'))).toEqual(ids(await find('')));
  });

  it('pages with limit and offset, the total unchanged', async () => {
    const first = await find('limit=3');
    const second = await find('limit=3&offset=3');
    const last = await find('limit=3&offset=6');
    expect([first.total, second.total, last.total]).toEqual([7, 7, 7]);
    expect(first).toEqual(expect.objectContaining({ limit: 3, offset: 0 }));
    expect([...ids(first), ...ids(second), ...ids(last)]).toEqual(ids(await find('')));
    const beyond = await find('limit=3&offset=30');
    expect(beyond).toEqual({ items: [], total: 7, limit: 3, offset: 30 });
    const dueSecond = await find('sort=dueAt&limit=2&offset=2');
    expect(ids(dueSecond)).toEqual(ids(await find('sort=dueAt')).slice(2, 4));
  });

  it('refuses a bad value of every filter, naming each field', async () => {
    const bad = await http()
      .get(
        '/api/v1/workflows?status=running&projectId=nope&chainKey=Bad_Key&technicalGroupCode=son-az' +
          '&coordinatorId=you&agency=c%20b%20p&ballIsWith=mx&overdue=yes&changesRequested=1' +
          '&sort=startedAt' +
          `&q=${'x'.repeat(101)}&limit=0&offset=-1`,
      )
      .auth(admin, { type: 'bearer' });
    const problem = expectProblem(bad, 400);
    expect(problem.errors!.map((e) => e.field).sort()).toEqual(
      [
        'agency',
        'ballIsWith',
        'changesRequested',
        'chainKey',
        'coordinatorId',
        'limit',
        'offset',
        'overdue',
        'projectId',
        'q',
        'sort',
        'status',
        'technicalGroupCode',
      ].sort(),
    );
    const tooMany = expectProblem(
      await http().get('/api/v1/workflows?limit=201').auth(admin, { type: 'bearer' }),
      400,
    );
    expect(tooMany.errors).toEqual([expect.objectContaining({ field: 'limit' })]);
    const unknown = expectProblem(
      await http().get('/api/v1/workflows?owner=me').auth(admin, { type: 'bearer' }),
      400,
    );
    expect(unknown.errors).toEqual([{ field: 'owner', message: 'unknown field' }]);
    const twice = expectProblem(
      await http().get('/api/v1/workflows?status=active&status=approved').auth(admin, {
        type: 'bearer',
      }),
      400,
    );
    expect(twice.errors).toEqual([expect.objectContaining({ field: 'status' })]);
    expectProblem(await http().get('/api/v1/workflows'), 401);
  });

  it('is described in the OpenAPI document with typed summaries and problem answers', async () => {
    const docs = await http().get('/docs-json').expect(200);
    const route = docs.body.paths['/api/v1/workflows'].get;
    expect(Object.keys(route.responses).sort()).toEqual(['200', '400', '401', '503']);
    expect(route.responses['400'].content['application/problem+json'].schema.$ref).toBe(
      '#/components/schemas/ProblemDetailsDto',
    );
    const summary = docs.body.components.schemas.WorkflowSummaryView;
    expect(summary.properties.ballIsWith.enum).toEqual(['MX', 'US', 'both']);
    expect(summary.properties.ballIsWith.description).toMatch(/co-chair seat/);
    expect(docs.body.components.schemas.PendingAssigneeView.properties.seats).toBeDefined();
    expect(summary.properties.changesRequested.items.$ref).toBe(
      '#/components/schemas/WorkflowChangesRequestedView',
    );
    expect(summary.required).toContain('changesRequested');
    expect(
      Object.keys(docs.body.components.schemas.WorkflowChangesRequestedView.properties).sort(),
    ).toEqual(['key', 'name', 'requestedAt', 'requestedBy']);
    const params = route.parameters.map((p: { name: string }) => p.name).sort();
    expect(params).toEqual(
      [
        'agency',
        'ballIsWith',
        'changesRequested',
        'chainKey',
        'coordinatorId',
        'limit',
        'offset',
        'overdue',
        'projectId',
        'q',
        'sort',
        'status',
        'technicalGroupCode',
      ].sort(),
    );
  });

  // Last: the workflow it starts would change the totals the tests above count.
  it("changesRequested: a coordinator's workflows waiting for a resubmission, until it comes", async () => {
    const before = Date.now();
    w.w8 = await start(p3.id, 'search-agency', coordinator.token); // w6 there is cancelled
    const asked = await http()
      .post(`/api/v1/workflows/${w.w8}/steps/views/decisions`)
      .auth(usa.token, { type: 'bearer' })
      .send({ decision: 'request_changes', comment: 'The site plan is missing.' });
    expect(asked.status).toBe(201);
    const signature = (
      asked.body as {
        steps: {
          key: string;
          status: string;
          finishedAt: string | null;
          assignees: { agency?: string; decidedAt: string | null }[];
        }[];
      }
    ).steps.find((step) => step.key === 'views')!;
    expect(signature.status).toBe('changes_requested');
    // The round is paused, not finished: the step keeps no finished_at.
    expect(signature.finishedAt).toBeNull();
    const decidedAt = signature.assignees.find((a) => a.agency === 'SRCH-USA')!.decidedAt!;

    const waiting = await find('coordinatorId=me&changesRequested=true', coordinator.token);
    expect(waiting.total).toBe(1);
    expect(ids(waiting)).toEqual(named('w8'));
    const [item] = waiting.items;
    expect(item.changesRequested).toEqual([
      {
        key: 'views',
        name: name('Agency views'),
        requestedAt: decidedAt,
        requestedBy: { agency: 'SRCH-USA', seat: 'agency' },
      },
    ]);
    expect(item.changesRequested[0].requestedAt).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/,
    );
    expect(Date.parse(item.changesRequested[0].requestedAt)).toBeGreaterThanOrEqual(before - 1000);
    // Nobody's signature is pending on it: the ball is with its coordinator, on no side.
    expect(item).toEqual(
      expect.objectContaining({ status: 'active', openSteps: [], ballIsWith: null }),
    );
    expect(ids(await find('changesRequested=true'))).toEqual(named('w8'));
    expect(ids(await find('coordinatorId=me&changesRequested=false', coordinator.token))).toEqual(
      named('w2', 'w1'),
    );
    expect((await find('changesRequested=false')).total).toBe(7);
    const others = (await find('')).items.filter((i) => i.id !== w.w8);
    expect(others.map((i) => i.changesRequested)).toEqual(others.map(() => []));

    await http()
      .post(`/api/v1/workflows/${w.w8}/steps/views/resubmit`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ comment: 'Site plan attached.' })
      .expect(200);
    expect((await find('coordinatorId=me&changesRequested=true', coordinator.token)).total).toBe(0);
    const resubmitted = (await find('coordinatorId=me', coordinator.token)).items.find(
      (i) => i.id === w.w8,
    )!;
    expect(resubmitted.changesRequested).toEqual([]);
    expect(resubmitted.openSteps.map((s) => s.key)).toEqual(['views']);
    expect(ids(await find('coordinatorId=me&changesRequested=false', coordinator.token))).toEqual(
      named('w8', 'w2', 'w1'),
    );

    const bad = expectProblem(
      await http()
        .get('/api/v1/workflows?coordinatorId=me&changesRequested=nope')
        .auth(coordinator.token, { type: 'bearer' }),
      400,
    );
    expect(bad.errors).toEqual([
      { field: 'changesRequested', message: expect.stringMatching(/changesRequested/) },
    ]);
  });
});
