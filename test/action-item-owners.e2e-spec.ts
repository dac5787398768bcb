import { DateTime } from 'luxon';
import { createAgency, createTechnicalGroup, createUser, expectProblem } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

type Person = Awaited<ReturnType<typeof createUser>>;
interface Item {
  id: string;
  status: string;
  ownerAgency: { code: string };
  canUpdate: boolean;
}

/**
 * The agency an action item is assigned to answers for it, whether or not it has anyone in the
 * group: its approvers are told ("please mark it done in Puentes"), so they read the items
 * their agency owns — those only — and change their status. An observer reads the group's
 * items but changes none, and each item says whether the caller may (`canUpdate`), so the web
 * app offers its control only to them.
 */
describe('Action items: the owner agency acts on its own, observers read', () => {
  let app: TestApp;
  let group: { id: string; code: string };
  let mxChair: Person; // SON-SICT
  let member: Person; // NMDOT, a member
  let cbpApprover: Person; // CBP-T, not in the group: the defect's user
  let cbpViewerObserver: Person; // CBP-T viewer, an observer of the group
  let cbpApproverObserver: Person; // CBP-T approver who observes the group
  let gsaApprover: Person; // GSA-T, a listed agency of the group that owns no item
  let farApprover: Person; // an agency outside the group
  let farViewer: Person; // a viewer of that agency: nothing of the group's business
  let meetingId: string;
  let cbpItem: Item;
  let nmdotItem: Item;

  const path = (rest: string) => `/api/v1/technical-groups/${group.id}${rest}`;
  const get = (rest: string, who: Person) =>
    app.http().get(path(rest)).auth(who.token, { type: 'bearer' });
  const patch = (rest: string, who: Person, body: object) =>
    app.http().patch(path(rest)).auth(who.token, { type: 'bearer' }).send(body);
  const post = async (rest: string, who: Person, body: object) => {
    const response = await app
      .http()
      .post(path(rest))
      .auth(who.token, { type: 'bearer' })
      .send(body);
    expect(response.status).toBe(201);
    return response.body as Item & { id: string };
  };

  beforeAll(async () => {
    app = await createTestApp();
    const agency = (code: string, country: 'MX' | 'US', timeZone: string) =>
      createAgency(app, { code, country, timeZone });
    const son = await agency('SON-SICT', 'MX', 'America/Hermosillo');
    const adot = await agency('ADOT', 'US', 'America/Phoenix');
    const nmdot = await agency('NMDOT', 'US', 'America/Denver');
    const cbp = await agency('CBP-T', 'US', 'America/Phoenix');
    const gsa = await agency('GSA-T', 'US', 'America/Phoenix');
    const far = await agency('FAR', 'US', 'America/New_York');
    mxChair = await createUser(app, { roles: ['approver'], agencyId: son.id });
    const usChair = await createUser(app, { roles: ['approver'], agencyId: adot.id });
    member = await createUser(app, { roles: ['viewer'], agencyId: nmdot.id });
    cbpApprover = await createUser(app, { roles: ['approver'], agencyId: cbp.id });
    cbpViewerObserver = await createUser(app, { roles: ['viewer'], agencyId: cbp.id });
    cbpApproverObserver = await createUser(app, { roles: ['approver'], agencyId: cbp.id });
    gsaApprover = await createUser(app, { roles: ['approver'], agencyId: gsa.id });
    farApprover = await createUser(app, { roles: ['approver'], agencyId: far.id });
    farViewer = await createUser(app, { roles: ['viewer'], agencyId: far.id });
    group = await createTechnicalGroup(app, {
      code: 'GT-OWNERS',
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
      memberAgencyCodes: ['CBP-T', 'GSA-T'],
    });
    await post('/members', mxChair, { userId: member.user.id, role: 'member' });
    for (const observer of [cbpViewerObserver, cbpApproverObserver])
      await post('/members', mxChair, { userId: observer.user.id, role: 'observer' });
    const meeting = await post('/meetings', mxChair, {
      kind: 'regional',
      title: { en: 'Regional meeting', es: 'Reunión regional' },
      startsAt: DateTime.now()
        .setZone('America/Hermosillo')
        .plus({ days: 7 })
        .startOf('hour')
        .toFormat("yyyy-MM-dd'T'HH:mm"),
      timeZone: 'America/Hermosillo',
      place: 'Nogales',
    });
    meetingId = meeting.id;
    const due = DateTime.now().plus({ days: 30 }).toISODate()!;
    cbpItem = await post(`/meetings/${meetingId}/action-items`, mxChair, {
      title: { en: 'Staff the new lanes', es: 'Asignar personal a los nuevos carriles' },
      ownerAgencyCode: 'CBP-T',
      dueDate: due,
    });
    nmdotItem = await post(`/meetings/${meetingId}/action-items`, mxChair, {
      title: { en: 'Share the traffic study', es: 'Compartir el estudio de tránsito' },
      ownerAgencyCode: 'NMDOT',
      dueDate: due,
    });
    expect(cbpItem.canUpdate).toBe(true); // the co-chair who made it
  }, 60_000);

  afterAll(async () => {
    await app?.close();
  });

  it('tells the owner agency’s approvers, who read their agency’s items only, and nothing else of the group', async () => {
    // CBP-T has nobody in the group as member: its approvers get the notice.
    const notices = await app
      .http()
      .get('/api/v1/notifications')
      .auth(cbpApprover.token, { type: 'bearer' });
    expect(notices.status).toBe(200);
    expect(JSON.stringify(notices.body)).toContain(cbpItem.id);

    const list = await get('/action-items', cbpApprover);
    expect(list.status).toBe(200);
    expect(list.body.ownerAgencyOnly).toBe('CBP-T');
    expect(list.body.total).toBe(1);
    expect(list.body.items.map((i: Item) => [i.id, i.ownerAgency.code, i.canUpdate])).toEqual([
      [cbpItem.id, 'CBP-T', true],
    ]);
    // The group's meetings stay private to it: the page names none of them.
    expect(list.body.meetings).toEqual([]);
    // Filters narrow it further, never widen it.
    const asked = await get('/action-items?ownerAgencyCode=NMDOT', cbpApprover);
    expect(asked.body.total).toBe(0);
    expect((await get(`/action-items/${cbpItem.id}`, cbpApprover)).body.canUpdate).toBe(true);
    // The rest of the group's business stays private.
    expectProblem(await get(`/action-items/${nmdotItem.id}`, cbpApprover), 404);
    expectProblem(await get('/meetings', cbpApprover), 404);
    expectProblem(await get(`/meetings/${meetingId}/minutes`, cbpApprover), 404);
  });

  it('lets the owner agency’s approver mark the item done (and reopen it), its status only', async () => {
    const titleToo = expectProblem(
      await patch(`/action-items/${cbpItem.id}`, cbpApprover, {
        status: 'done',
        title: { en: 'Other', es: 'Otra' },
      }),
      403,
    );
    expect(titleToo.code).toBe('ACTION_ITEM.STATUS_ONLY');
    expectProblem(
      await patch(`/action-items/${nmdotItem.id}`, cbpApprover, { status: 'done' }),
      404,
    );

    const done = await patch(`/action-items/${cbpItem.id}`, cbpApprover, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toEqual(
      expect.objectContaining({ status: 'done', closedAt: expect.any(String), canUpdate: true }),
    );
    const open = await patch(`/action-items/${cbpItem.id}`, cbpApprover, { status: 'open' });
    expect(open.body).toEqual(expect.objectContaining({ status: 'open', closedAt: null }));
    // The group's history says who closed it.
    const history = await app
      .http()
      .get(path('/events?limit=50'))
      .auth(mxChair.token, { type: 'bearer' });
    const closed = history.body.items.find(
      (e: { type: string; data: { actionItemId?: string; change?: string } }) =>
        e.data.actionItemId === cbpItem.id && e.data.change === 'closed',
    );
    expect(closed.actorId).toBe(cbpApprover.user.id);
  });

  it('lets an approver of the owner agency act even as an observer; a viewer observer only reads', async () => {
    // The viewer observer reads every item of the group, and may change none.
    const seen = await get('/action-items', cbpViewerObserver);
    expect(seen.status).toBe(200);
    expect(seen.body.ownerAgencyOnly).toBeNull();
    expect(seen.body.items.map((i: Item) => [i.ownerAgency.code, i.canUpdate]).sort()).toEqual([
      ['CBP-T', false],
      ['NMDOT', false],
    ]);
    // The items' meeting, named, so a link to it can say which meeting it opens.
    expect(seen.body.meetings).toEqual([
      {
        id: meetingId,
        title: { en: 'Regional meeting', es: 'Reunión regional' },
        startsAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00\.000Z$/),
        timeZone: 'America/Hermosillo',
      },
    ]);
    const refused = expectProblem(
      await patch(`/action-items/${cbpItem.id}`, cbpViewerObserver, { status: 'done' }),
      403,
    );
    expect(refused.code).toBe('ACTION_ITEM.NOT_YOURS');

    const approverSees = await get('/action-items', cbpApproverObserver);
    expect(
      approverSees.body.items.map((i: Item) => [i.ownerAgency.code, i.canUpdate]).sort(),
    ).toEqual([
      ['CBP-T', true],
      ['NMDOT', false],
    ]);
    await patch(`/action-items/${cbpItem.id}`, cbpApproverObserver, { status: 'done' }).expect(200);
    expectProblem(
      await patch(`/action-items/${nmdotItem.id}`, cbpApproverObserver, { status: 'done' }),
      403,
    );
  });

  it('says the same in the meeting’s minutes: a member may change their own agency’s item only', async () => {
    const minutes = await get(`/meetings/${meetingId}/minutes`, member);
    expect(minutes.status).toBe(200);
    expect(
      minutes.body.actionItems.map((i: Item) => [i.ownerAgency.code, i.canUpdate]).sort(),
    ).toEqual([
      ['CBP-T', false],
      ['NMDOT', true],
    ]);
    expectProblem(await patch(`/action-items/${cbpItem.id}`, member, { status: 'open' }), 403);
    await patch(`/action-items/${nmdotItem.id}`, member, { status: 'done' }).expect(200);
  });

  it('gives an approver of a group agency that owns none an empty list of its own, and hides the rest (404)', async () => {
    // "None of yours yet" is an empty page, not a missing one; the others' items stay hidden.
    const none = await get('/action-items', gsaApprover);
    expect(none.status).toBe(200);
    expect(none.body).toEqual(
      expect.objectContaining({ items: [], total: 0, ownerAgencyOnly: 'GSA-T' }),
    );
    // An agency outside the group can be assigned nothing: no list that can never fill.
    expectProblem(await get('/action-items', farApprover), 404);
    for (const outsider of [gsaApprover, farApprover]) {
      expectProblem(await get(`/action-items/${cbpItem.id}`, outsider), 404);
      expectProblem(await patch(`/action-items/${cbpItem.id}`, outsider, { status: 'done' }), 404);
    }
  });

  it('tells each caller what they may do in the group, by the rules the routes apply', async () => {
    const access = async (who: Person) => {
      const read = await app
        .http()
        .get(`/api/v1/technical-groups/${group.id}`)
        .auth(who.token, { type: 'bearer' });
      expect(read.status).toBe(200);
      return read.body.access;
    };
    expect(await access(mxChair)).toEqual({
      role: 'co_chair',
      manage: true,
      readMeetings: true,
      editAgenda: true,
      actionItems: 'all',
    });
    expect(await access(cbpViewerObserver)).toEqual({
      role: 'observer',
      manage: false,
      readMeetings: true,
      editAgenda: false,
      actionItems: 'all',
    });
    // Approvers off the roster of the group's agencies: their agency's items, whether it owns
    // any yet or not; of an agency outside the group, none (it can be assigned none).
    for (const outsider of [cbpApprover, gsaApprover])
      expect(await access(outsider)).toEqual({
        role: null,
        manage: false,
        readMeetings: false,
        editAgenda: false,
        actionItems: 'own_agency',
      });
    expect((await access(farApprover)).actionItems).toBe('none');
    expect((await access(farViewer)).actionItems).toBe('none');
    expectProblem(await get('/action-items', farViewer), 404);
  });

  it('keeps the meetings’ and action items’ events out of the history an outsider reads', async () => {
    const types = async (who: Person) =>
      ((await get('/events?limit=200', who).expect(200)).body.items as { type: string }[]).map(
        (e) => e.type,
      );
    const insider = await types(member);
    expect(insider).toEqual(
      expect.arrayContaining(['meeting_scheduled', 'action_item_created', 'member_added']),
    );
    for (const outsider of [cbpApprover, farApprover]) {
      const seen = await types(outsider);
      expect(seen).toContain('member_added');
      expect(seen.filter((t) => /^(meeting|agenda|minutes|action_item)_/.test(t))).toEqual([]);
    }
  });
});
