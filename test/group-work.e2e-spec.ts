import { DateTime } from 'luxon';
import {
  createAgency,
  createProject,
  createTechnicalGroup,
  createUser,
  expectProblem,
} from './support/fixtures';
import { calendarOfMail } from './support/itip';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';

type Person = Awaited<ReturnType<typeof createUser>>;
const UNKNOWN_ID = '7d0f5e8e-0000-4000-8000-000000000000';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const name = (en: string) => ({ en, es: `${en} (es)` });

/** A wall-clock time in Hermosillo (no DST) `days` from now, as a meeting's `startsAt`. */
const hermosilloIn = (days: number) =>
  DateTime.now()
    .setZone('America/Hermosillo')
    .plus({ days })
    .startOf('hour')
    .toFormat("yyyy-MM-dd'T'HH:mm");

/**
 * A technical group as its co-chairs run it: the roster, the dashboard of what each side owes,
 * meetings with a generated agenda and invitations in every member's own time, action items,
 * and minutes. Members in Hermosillo and Phoenix (no DST) sit beside Ciudad Juárez and Denver.
 */
describe('Technical group work: roster, dashboard, meetings, action items, minutes', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: string;
  let group: { id: string; code: string };
  let mxChair: Person; // Sonora (Hermosillo), Spanish
  let usChair: Person; // Arizona (Phoenix), English
  let jrzMember: Person; // Ciudad Juárez, Spanish
  let denMember: Person; // Denver, English
  let observer: Person; // Denver, viewer
  let outsider: Person; // an approver of an agency outside the group
  let coordinator: Person;
  let projects: { a: { id: string; code: string }; b: { id: string }; idle: { id: string } };
  let workflows: { a: string; b: string };

  const http = () => app.http();
  const as = (person: Person | string) =>
    typeof person === 'string' ? person : (person.token as string);
  const get = (path: string, who: Person | string) =>
    http().get(`/api/v1/technical-groups/${group.id}${path}`).auth(as(who), { type: 'bearer' });
  const send = (
    method: 'post' | 'put' | 'patch' | 'delete',
    path: string,
    who: Person | string,
    body?: unknown,
  ) => {
    const agent = http();
    const request = agent[method](`/api/v1/technical-groups/${group.id}${path}`).auth(as(who), {
      type: 'bearer',
    });
    return body === undefined ? request : request.send(body as object);
  };
  const fields = (problem: { errors?: { field: string }[] }) =>
    problem.errors?.map((e) => e.field).sort();
  // Stages overdue and escalated steps without waiting for them: the workflow's stored state
  // then no longer comes from its events, which the replay check is told.
  const setDue = (workflowId: string, stepKey: string, dueAt: Date, escalationLevel = 0) => {
    app.stagedState(workflowId);
    return app.sql(
      'UPDATE workflow_steps SET due_at = $3, escalation_level = $4 WHERE workflow_id = $1 AND key = $2',
      [workflowId, stepKey, dueAt, escalationLevel],
    );
  };
  /** Mails of a type whose subject names one of `titles` (the meeting's, in either language). */
  const mailsOf =
    (type: string, ...titles: string[]) =>
    (mails: ReceivedMail[]) =>
      mails.filter(
        (m) =>
          header(m.mail, 'X-Puentes-Notification-Type') === type &&
          titles.some((title) => (m.mail.subject ?? '').includes(title)),
      );

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ SMTP_URL: smtp.url });
    admin = await app.adminToken();
    const agencies = {
      son: await createAgency(app, {
        code: 'SON-SICT',
        country: 'MX',
        timeZone: 'America/Hermosillo',
      }),
      jrz: await createAgency(app, {
        code: 'JRZ-IMIP',
        country: 'MX',
        timeZone: 'America/Ciudad_Juarez',
      }),
      adot: await createAgency(app, { code: 'ADOT', country: 'US', timeZone: 'America/Phoenix' }),
      nmdot: await createAgency(app, { code: 'NMDOT', country: 'US', timeZone: 'America/Denver' }),
      far: await createAgency(app, { code: 'FAR', country: 'US' }),
    };
    mxChair = await createUser(app, { roles: ['approver'], agencyId: agencies.son.id });
    usChair = await createUser(app, { roles: ['approver'], agencyId: agencies.adot.id });
    jrzMember = await createUser(app, { roles: ['approver'], agencyId: agencies.jrz.id });
    denMember = await createUser(app, { roles: ['approver'], agencyId: agencies.nmdot.id });
    observer = await createUser(app, { roles: ['viewer'], agencyId: agencies.nmdot.id });
    outsider = await createUser(app, { roles: ['approver'], agencyId: agencies.far.id });
    coordinator = await createUser(app, { roles: ['coordinator'] });
    group = await createTechnicalGroup(app, {
      code: 'GT-SONAZ',
      name: { en: 'Sonora–Arizona Group', es: 'Grupo Sonora–Arizona' },
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
    });

    // Two running workflows: one held by agencies of both sides, one by the group's co-chairs.
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
    await chain('permit', [
      { key: 'mx-file', name: name('MX technical file'), assignees: [{ agency: 'SON-SICT' }], sla },
      {
        key: 'us-views',
        name: name('US agency views'),
        assignees: [{ agency: 'ADOT' }, { agency: 'NMDOT' }],
        sla,
      },
    ]);
    await chain('signoff', [
      {
        key: 'chairs',
        name: name('Co-chair sign-off'),
        assignees: [{ technicalGroup: 'GT-SONAZ' }],
        sla,
      },
    ]);
    const project = (code: string) =>
      createProject(app, { code, technicalGroupCode: 'GT-SONAZ' }, coordinator.token);
    projects = {
      a: await project('P-BRIDGE'),
      b: await project('P-PORT'),
      idle: await project('P-IDLE'),
    };
    const start = async (projectId: string, chainKey: string) => {
      const response = await http()
        .post(`/api/v1/projects/${projectId}/workflows`)
        .auth(coordinator.token, { type: 'bearer' })
        .send({ chainKey });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    workflows = {
      a: await start(projects.a.id, 'permit'),
      b: await start(projects.b.id, 'signoff'),
    };
    const now = Date.now();
    await setDue(workflows.a, 'mx-file', new Date(now - DAY), 1);
    await setDue(workflows.a, 'us-views', new Date(now + 5 * DAY));
    await setDue(workflows.b, 'chairs', new Date(now + 30 * DAY));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  describe('roster', () => {
    it('lets a co-chair add members and observers, shown with bilingual role labels', async () => {
      const added = await send('post', '/members', mxChair, {
        userId: jrzMember.user.id,
        role: 'member',
      });
      expect(added.status).toBe(201);
      await send('post', '/members', admin, { userId: denMember.user.id, role: 'observer' }).expect(
        201,
      );
      await send('patch', `/members/${denMember.user.id}`, usChair, { role: 'member' }).expect(200);
      await send('post', '/members', usChair, {
        userId: observer.user.id,
        role: 'observer',
      }).expect(201);

      // Anyone may read the group and its roster.
      const read = await http()
        .get(`/api/v1/technical-groups/${group.id}`)
        .auth(outsider.token, { type: 'bearer' });
      expect(read.status).toBe(200);
      expect(
        read.body.roster.people.map((p: { userId: string; role: string; roleLabel: unknown }) => [
          p.userId,
          p.role,
          p.roleLabel,
        ]),
      ).toEqual(
        expect.arrayContaining([
          [mxChair.user.id, 'co_chair', { en: 'Co-chair', es: 'Copresidencia' }],
          [usChair.user.id, 'co_chair', { en: 'Co-chair', es: 'Copresidencia' }],
          [jrzMember.user.id, 'member', { en: 'Member', es: 'Integrante' }],
          [denMember.user.id, 'member', { en: 'Member', es: 'Integrante' }],
          [observer.user.id, 'observer', { en: 'Observer', es: 'Observador' }],
        ]),
      );
      expect(read.body.roster.people.slice(0, 2).map((p: { seat: string }) => p.seat)).toEqual([
        'mx',
        'us',
      ]);
      expect(
        read.body.roster.agencies.map((a: { code: string; role: string }) => [a.code, a.role]),
      ).toEqual([
        ['JRZ-IMIP', 'member'],
        ['SON-SICT', 'co_chair'],
        ['ADOT', 'co_chair'],
        ['NMDOT', 'member'],
      ]);
      const history = await get('/events', outsider);
      expect(history.body.items.map((e: { type: string }) => e.type)).toEqual([
        'group_created',
        'member_added',
        'member_added',
        'member_role_changed',
        'member_added',
      ]);
    });

    it('refuses roster changes by anyone but co-chairs and admins, naming why', async () => {
      const body = { userId: outsider.user.id, role: 'member' };
      const byMember = expectProblem(await send('post', '/members', jrzMember, body), 403);
      expect(byMember.code).toBe('TECHNICAL_GROUP.NOT_A_CO_CHAIR');
      expect(byMember.detail).toContain('you are a member');
      expectProblem(await send('post', '/members', outsider, body), 403);
      expectProblem(await send('delete', `/members/${observer.user.id}`, observer), 403);
    });

    it('refuses bad members with 400, doubles with 409, unknown ones with 404', async () => {
      const bad = async (body: unknown, status: number) =>
        expectProblem(await send('post', '/members', mxChair, body), status);
      expect(fields(await bad({ userId: 'x', role: 'chief', extra: 1 }, 400))).toEqual([
        'extra',
        'role',
        'userId',
      ]);
      expect((await bad({ userId: UNKNOWN_ID, role: 'member' }, 400)).code).toBe(
        'TECHNICAL_GROUP.UNKNOWN_USER',
      );
      expect((await bad({ userId: coordinator.user.id, role: 'member' }, 400)).code).toBe(
        'TECHNICAL_GROUP.MEMBER_WITHOUT_AGENCY',
      );
      expect((await bad({ userId: jrzMember.user.id, role: 'observer' }, 409)).code).toBe(
        'TECHNICAL_GROUP.ALREADY_A_MEMBER',
      );
      expect((await bad({ userId: usChair.user.id, role: 'member' }, 409)).detail).toContain(
        'co-chair',
      );
      expect((await bad({ userId: mxChair.user.id, role: 'co_chair' }, 400)).errors).toEqual([
        { field: 'role', message: expect.stringContaining('member, observer') },
      ]);
      expectProblem(
        await send('patch', `/members/${usChair.user.id}`, admin, { role: 'observer' }),
        404,
      );
      expectProblem(await send('delete', `/members/${outsider.user.id}`, admin), 404);
      expectProblem(
        await http()
          .post(`/api/v1/technical-groups/${UNKNOWN_ID}/members`)
          .auth(admin, { type: 'bearer' })
          .send({ userId: jrzMember.user.id, role: 'member' }),
        404,
      );
    });

    it('removes a member, into the history', async () => {
      const extra = await createUser(app, {
        roles: ['viewer'],
        agencyId: (await createAgency(app, { country: 'MX' })).id,
      });
      await send('post', '/members', mxChair, { userId: extra.user.id, role: 'member' }).expect(
        201,
      );
      await send('delete', `/members/${extra.user.id}`, mxChair).expect(204);
      expectProblem(
        await http()
          .get(`/api/v1/technical-groups/${UNKNOWN_ID}/events`)
          .auth(admin, { type: 'bearer' }),
        404,
      );
      const history = await get('/events', admin);
      expect(history.body.items.at(-1)).toEqual(
        expect.objectContaining({
          type: 'member_removed',
          actorId: mxChair.user.id,
          data: { userId: extra.user.id, role: 'member' },
        }),
      );
    });
  });

  describe('GET /technical-groups/:id/dashboard', () => {
    it('shows what each side owes: open steps, holders, the ball, and counts', async () => {
      const response = await get('/dashboard', outsider);
      expect(response.status).toBe(200);
      const body = response.body;
      expect(body.groupCode).toBe('GT-SONAZ');
      expect(body.projects.map((p: { code: string }) => p.code)).toEqual([
        'P-BRIDGE',
        'P-IDLE',
        'P-PORT',
      ]);
      const [bridge, idle, port] = body.projects;
      expect(bridge.ballIsWith).toEqual({
        side: 'both',
        label: { en: 'Both sides', es: 'Ambos lados' },
        agencies: [
          { code: 'SON-SICT', country: 'MX' },
          { code: 'ADOT', country: 'US' },
          { code: 'NMDOT', country: 'US' },
        ],
        coordinator: false,
      });
      expect(bridge.workflows).toHaveLength(1);
      expect(bridge.workflows[0].openSteps).toEqual([
        {
          key: 'mx-file',
          name: name('MX technical file'),
          heldBy: [{ agencyCode: 'SON-SICT', country: 'MX' }],
          side: 'MX',
          activatedAt: expect.any(String),
          dueAt: expect.any(String),
          escalationLevel: 1,
          urgency: 'overdue',
          urgencyLabel: { en: 'Overdue', es: 'Vencida' },
        },
        expect.objectContaining({
          key: 'us-views',
          side: 'US',
          urgency: 'due_soon',
          heldBy: [
            { agencyCode: 'ADOT', country: 'US' },
            { agencyCode: 'NMDOT', country: 'US' },
          ],
        }),
      ]);
      expect(idle.ballIsWith).toEqual({
        side: null,
        label: null,
        agencies: [],
        coordinator: false,
      });
      expect(idle.workflows).toEqual([]);
      // A group step is held by its co-chairs' seats, through their agencies.
      expect(port.workflows[0].openSteps[0].heldBy).toEqual([
        { agencyCode: 'SON-SICT', country: 'MX', viaGroup: 'GT-SONAZ' },
        { agencyCode: 'ADOT', country: 'US', viaGroup: 'GT-SONAZ' },
      ]);
      expect(port.workflows[0].openSteps[0].urgency).toBe('on_track');
      expect(body.byCountry).toEqual({
        MX: { open: 2, overdue: 1, dueSoon: 0 },
        US: { open: 2, overdue: 0, dueSoon: 1 },
      });
      expect(body.byAgency).toEqual([
        { agencyCode: 'SON-SICT', country: 'MX', open: 2, overdue: 1, dueSoon: 0 },
        { agencyCode: 'ADOT', country: 'US', open: 2, overdue: 0, dueSoon: 1 },
        { agencyCode: 'NMDOT', country: 'US', open: 1, overdue: 0, dueSoon: 1 },
      ]);
      expect(body.awaitingResubmission).toBe(0);
      expect(bridge.workflows[0].changesRequested).toEqual([]);
    });

    it('shows a step sent back for changes as waiting on the coordinator, held by no agency', async () => {
      // A group of its own, so the other tests' counts stay as they are.
      const back = await createTechnicalGroup(app, { code: 'GT-BACK' });
      const project = await createProject(
        app,
        { code: 'P-BACK', technicalGroupCode: 'GT-BACK' },
        coordinator.token,
      );
      const started = await http()
        .post(`/api/v1/projects/${project.id}/workflows`)
        .auth(coordinator.token, { type: 'bearer' })
        .send({ chainKey: 'permit' });
      expect(started.status).toBe(201);
      // Both steps run side by side; SON-SICT sends Mexico's back, the U.S. views stay open.
      const sent = await http()
        .post(`/api/v1/workflows/${started.body.id}/steps/mx-file/decisions`)
        .auth(mxChair.token, { type: 'bearer' })
        .send({ decision: 'request_changes', comment: 'The site plan is missing.' });
      expect(sent.status).toBe(201);

      const response = await http()
        .get(`/api/v1/technical-groups/${back.id}/dashboard`)
        .auth(coordinator.token, { type: 'bearer' });
      expect(response.status).toBe(200);
      const [only] = response.body.projects;
      // The ball: the U.S. agencies of the open step, and the coordinator, to resubmit.
      expect(only.ballIsWith).toEqual({
        side: 'US',
        label: { en: 'United States', es: 'Estados Unidos' },
        agencies: [
          { code: 'ADOT', country: 'US' },
          { code: 'NMDOT', country: 'US' },
        ],
        coordinator: true,
      });
      const [workflow] = only.workflows;
      expect(workflow.openSteps.map((s: { key: string }) => s.key)).toEqual(['us-views']);
      expect(workflow.changesRequested).toEqual([
        {
          key: 'mx-file',
          name: name('MX technical file'),
          requestedAt: expect.any(String),
          requestedBy: { agency: 'SON-SICT', seat: 'agency' },
        },
      ]);
      // Mexico holds nothing: the step waits on the coordinator, counted apart.
      expect(response.body.byCountry.MX).toEqual({ open: 0, overdue: 0, dueSoon: 0 });
      expect(response.body.byAgency.map((a: { agencyCode: string }) => a.agencyCode)).toEqual([
        'ADOT',
        'NMDOT',
      ]);
      expect(response.body.awaitingResubmission).toBe(1);
    });

    it('widens "due soon" on request, and refuses nonsense with 400 and unknown groups with 404', async () => {
      const wide = await get('/dashboard?dueSoonDays=60', mxChair);
      expect(wide.body.byCountry.US).toEqual({ open: 2, overdue: 0, dueSoon: 2 });
      expect(
        fields(expectProblem(await get('/dashboard?dueSoonDays=0&x=1', mxChair), 400)),
      ).toEqual(['dueSoonDays', 'x']);
      expectProblem(
        await http()
          .get(`/api/v1/technical-groups/${UNKNOWN_ID}/dashboard`)
          .auth(admin, { type: 'bearer' }),
        404,
      );
    });
  });

  describe('meetings and their agenda', () => {
    let first: { id: string; agenda: { id: string; source: string; steps: unknown[] }[] };

    it('schedules a meeting with an agenda of overdue and due-soon steps, by project', async () => {
      const response = await send('post', '/meetings', mxChair, {
        kind: 'regional',
        title: { en: 'Regional meeting A', es: 'Reunión regional A' },
        startsAt: hermosilloIn(2),
        timeZone: 'America/Hermosillo',
        place: 'Nogales, Sonora',
      });
      expect(response.status).toBe(201);
      first = response.body;
      expect(response.body).toEqual(
        expect.objectContaining({
          kind: 'regional',
          kindLabel: { en: 'Regional meeting', es: 'Reunión regional' },
          timeZone: 'America/Hermosillo',
          localStart: hermosilloIn(2),
          durationMinutes: 90,
          place: 'Nogales, Sonora',
          link: null,
        }),
      );
      // The co-chair step due in 30 days is beyond the meeting + 14 days: not on the agenda.
      expect(response.body.agenda).toEqual([
        {
          id: expect.any(String),
          position: 1,
          source: 'generated',
          title: { en: 'Test project (P-BRIDGE)', es: 'Proyecto de prueba (P-BRIDGE)' },
          projectId: projects.a.id,
          steps: [
            expect.objectContaining({
              stepKey: 'mx-file',
              urgency: 'overdue',
              urgencyLabel: { en: 'Overdue', es: 'Vencida' },
              side: 'MX',
              sideLabel: { en: 'Mexico', es: 'México' },
              agencies: [{ code: 'SON-SICT', country: 'MX' }],
              escalationLevel: 1,
            }),
            expect.objectContaining({
              stepKey: 'us-views',
              urgency: 'due_soon',
              side: 'US',
              agencies: [
                { code: 'ADOT', country: 'US' },
                { code: 'NMDOT', country: 'US' },
              ],
            }),
          ],
        },
      ]);
    });

    it('lets the co-chairs add items and reorder the agenda', async () => {
      const added = await send('post', `/meetings/${first.id}/agenda/items`, usChair, {
        title: { en: 'Rail safety briefing', es: 'Informe de seguridad ferroviaria' },
      });
      expect(added.status).toBe(201);
      const manual = added.body.agenda[1];
      expect(manual).toEqual(
        expect.objectContaining({ position: 2, source: 'manual', projectId: null, steps: [] }),
      );
      const generated = added.body.agenda[0];
      const reordered = await send('put', `/meetings/${first.id}/agenda/order`, mxChair, {
        itemIds: [manual.id, generated.id],
      });
      expect(reordered.status).toBe(200);
      expect(reordered.body.agenda.map((i: { id: string }) => i.id)).toEqual([
        manual.id,
        generated.id,
      ]);
      const partial = expectProblem(
        await send('put', `/meetings/${first.id}/agenda/order`, mxChair, {
          itemIds: [manual.id, UNKNOWN_ID],
        }),
        400,
      );
      expect(fields(partial)).toEqual(['itemIds', 'itemIds[1]']);
    });

    it('shows a step that became overdue between two meetings, and regeneration keeps manual items', async () => {
      // Time passes: the US views are now late, and the co-chair sign-off comes due.
      await setDue(workflows.a, 'us-views', new Date(Date.now() - HOUR));
      await setDue(workflows.b, 'chairs', new Date(Date.now() + 10 * DAY));

      const second = await send('post', '/meetings', usChair, {
        kind: 'extraordinary',
        startsAt: hermosilloIn(5),
        timeZone: 'America/Hermosillo',
        link: 'https://meet.example.gov/son-az',
      });
      expect(second.status).toBe(201);
      expect(second.body.title).toEqual({
        en: 'Extraordinary meeting',
        es: 'Reunión extraordinaria',
      });
      const bridge = second.body.agenda[0];
      expect(bridge.steps.map((s: { stepKey: string; urgency: string }) => s.urgency)).toEqual([
        'overdue',
        'overdue',
      ]);
      expect(second.body.agenda.map((i: { projectId: string }) => i.projectId)).toEqual([
        projects.a.id,
        projects.b.id,
      ]);

      // The first meeting still shows its snapshot until regenerated.
      const before = await get(`/meetings/${first.id}`, jrzMember);
      expect(before.body.agenda[1].steps[1].urgency).toBe('due_soon');
      const regenerated = await send('post', `/meetings/${first.id}/agenda/regenerate`, mxChair);
      expect(regenerated.status).toBe(200);
      expect(
        regenerated.body.agenda.map((i: { source: string; projectId: string | null }) => [
          i.source,
          i.projectId,
        ]),
      ).toEqual([
        ['manual', null],
        ['generated', projects.a.id],
        ['generated', projects.b.id],
      ]);
      expect(regenerated.body.agenda[1].steps[1]).toEqual(
        expect.objectContaining({ stepKey: 'us-views', urgency: 'overdue' }),
      );
      expect(
        new Date(regenerated.body.agendaGeneratedAt).getTime() >
          new Date(before.body.agendaGeneratedAt).getTime(),
      ).toBe(true);

      await send(
        'delete',
        `/meetings/${first.id}/agenda/items/${regenerated.body.agenda[0].id}`,
        mxChair,
      ).expect(204);
      const after = await get(`/meetings/${first.id}`, mxChair);
      expect(after.body.agenda.map((i: { position: number }) => i.position)).toEqual([1, 2]);
    });

    it('lists meetings for members, observers and coordinators of its projects, and hides them from everyone else (404)', async () => {
      const list = await get('/meetings', observer);
      expect(list.status).toBe(200);
      expect(list.body.total).toBeGreaterThanOrEqual(2);
      await get(`/meetings/${first.id}`, denMember).expect(200);
      // The coordinator of the group's projects reads its meetings, and changes none of them.
      expect((await get('/meetings', coordinator)).body.total).toBe(list.body.total);
      await get(`/meetings/${first.id}`, coordinator).expect(200);
      expectProblem(
        await send('post', `/meetings/${first.id}/agenda/regenerate`, coordinator),
        403,
      );
      for (const who of [outsider]) {
        expect(expectProblem(await get('/meetings', who), 404).detail).toContain(
          'only its members',
        );
        expectProblem(await get(`/meetings/${first.id}`, who), 404);
        expectProblem(await send('post', `/meetings/${first.id}/agenda/regenerate`, who), 404);
        expectProblem(
          await send('post', '/meetings', who, {
            kind: 'regional',
            startsAt: hermosilloIn(3),
            timeZone: 'America/Hermosillo',
            place: 'x',
          }),
          404,
        );
      }
      // A meeting of another group is not found through this one.
      const other = await createTechnicalGroup(app, {});
      expectProblem(
        await http()
          .get(`/api/v1/technical-groups/${other.id}/meetings/${first.id}`)
          .auth(admin, { type: 'bearer' }),
        404,
      );
    });

    it('lets only co-chairs and admins change meetings (403 for members and observers)', async () => {
      for (const who of [jrzMember, observer]) {
        const refused = expectProblem(
          await send('post', `/meetings/${first.id}/agenda/items`, who, { title: name('x') }),
          403,
        );
        expect(refused.code).toBe('TECHNICAL_GROUP.NOT_AN_AGENDA_EDITOR');
      }
      const agenda = (await get(`/meetings/${first.id}`, jrzMember)).body.agenda as {
        id: string;
      }[];
      const writes: [string, 'post' | 'put' | 'delete', string, unknown][] = [
        [
          'schedule',
          'post',
          '/meetings',
          {
            kind: 'regional',
            startsAt: hermosilloIn(4),
            timeZone: 'America/Hermosillo',
            place: 'x',
          },
        ],
        ['regenerate', 'post', `/meetings/${first.id}/agenda/regenerate`, undefined],
        [
          'reorder',
          'put',
          `/meetings/${first.id}/agenda/order`,
          { itemIds: agenda.map((i) => i.id) },
        ],
        ['remove', 'delete', `/meetings/${first.id}/agenda/items/${agenda[0].id}`, undefined],
        [
          'minutes',
          'put',
          `/meetings/${first.id}/minutes`,
          { decisions: [], presentAgencyCodes: [] },
        ],
        ['publish', 'post', `/meetings/${first.id}/minutes/publish`, undefined],
      ];
      for (const [what, method, path, body] of writes) {
        const response = await send(method, path, denMember, body);
        expect([what, response.status]).toEqual([what, 403]);
      }
      await send('post', `/meetings/${first.id}/agenda/items`, admin, {
        title: name('From the admin'),
      }).expect(201);
    });

    it('lets a coordinator in the group shape the agenda, and nothing else of the meeting', async () => {
      const agencyId = (
        await app.sql<{ id: string }>(`SELECT id FROM agencies WHERE code = 'ADOT'`)
      )[0].id;
      const planner = await createUser(app, { roles: ['coordinator'], agencyId });
      await send('post', '/members', usChair, { userId: planner.user.id, role: 'member' }).expect(
        201,
      );
      const added = await send('post', `/meetings/${first.id}/agenda/items`, planner, {
        title: name('Port of entry staffing'),
      });
      expect(added.status).toBe(201);
      const ids = (added.body.agenda as { id: string }[]).map((i) => i.id);
      const reordered = await send('put', `/meetings/${first.id}/agenda/order`, planner, {
        itemIds: [ids[ids.length - 1], ...ids.slice(0, -1)],
      });
      expect(reordered.status).toBe(200);
      expect(reordered.body.agenda[0].title.en).toBe('Port of entry staffing');
      expectProblem(
        await send('put', `/meetings/${first.id}/minutes`, planner, {
          decisions: [],
          presentAgencyCodes: [],
        }),
        403,
      );
      await send('delete', `/members/${planner.user.id}`, usChair).expect(204);
      // Outside the group, the coordinator role opens nothing.
      expectProblem(
        await send('post', `/meetings/${first.id}/agenda/items`, planner, { title: name('x') }),
        404,
      );
    });

    it('refuses malformed meetings with a 400 naming each field', async () => {
      const bad = async (body: Record<string, unknown>) =>
        expectProblem(await send('post', '/meetings', mxChair, body), 400);
      const valid = {
        kind: 'plenary',
        startsAt: hermosilloIn(3),
        timeZone: 'America/Hermosillo',
        place: 'Hermosillo',
      };
      expect(
        fields(
          await bad({
            kind: 'party',
            startsAt: 'tomorrow',
            timeZone: 'Mars/Olympus',
            durationMinutes: 1,
            link: 'not a url',
            extra: true,
          }),
        ),
      ).toEqual(['durationMinutes', 'extra', 'kind', 'link', 'startsAt', 'timeZone']);
      expect(fields(await bad({ ...valid, place: undefined }))).toEqual(['link', 'place']);
      expect((await bad({ ...valid, startsAt: '2020-01-01T09:00' })).code).toBe(
        'MEETING.START_IN_PAST',
      );
      expect((await bad({ ...valid, startsAt: '2027-02-30T09:00' })).code).toBe(
        'MEETING.INVALID_START',
      );
      // 02:30 on 14 March 2027 does not exist in Denver: clocks go from 02:00 to 03:00.
      const gap = await bad({ ...valid, startsAt: '2027-03-14T02:30', timeZone: 'America/Denver' });
      expect(gap.errors).toEqual([
        { field: 'startsAt', message: expect.stringContaining('does not exist in America/Denver') },
      ]);
    });
  });

  describe('invitations in every member’s own time', () => {
    const expectTimes = async (title: { en: string; es: string }, expected: [Person, string][]) => {
      const invitations = mailsOf('meeting_invitation', title.en, title.es);
      const mails = invitations(await smtp.waitFor((all) => invitations(all).length >= 5));
      expect(mails).toHaveLength(5);
      expect(mails.map((m) => m.to).sort()).toEqual(
        [mxChair, usChair, jrzMember, denMember, observer].map((p) => p.user.email).sort(),
      );
      for (const [person, time] of expected) {
        const mail = mails.find((m) => m.to === person.user.email)!;
        expect(mail.mail.text).toContain(time);
      }
      return mails;
    };

    it('in July, shows Hermosillo and Phoenix an hour behind Ciudad Juárez and Denver', async () => {
      const response = await send('post', '/meetings', usChair, {
        kind: 'plenary',
        title: { en: 'July plenary', es: 'Plenaria de julio' },
        startsAt: '2027-07-15T09:00',
        timeZone: 'America/Hermosillo',
        durationMinutes: 120,
        place: 'Nogales, Sonora',
        link: 'https://meet.example.gov/plenary',
      });
      expect(response.status).toBe(201);
      expect(response.body.startsAt).toBe('2027-07-15T16:00:00.000Z');
      const mails = await expectTimes({ en: 'July plenary', es: 'Plenaria de julio' }, [
        [usChair, 'When: Thursday, July 15, 2027, at 9:00 AM Arizona time (MST, UTC−7)'],
        [denMember, 'When: Thursday, July 15, 2027, at 10:00 AM MDT (UTC−6)'],
        [
          observer,
          'Local time of the meeting: Thursday, July 15, 2027, at 9:00 AM Sonora time (UTC−7)',
        ],
        [
          mxChair,
          'Fecha y hora: jueves 15 de julio de 2027 a las 09:00 (hora de Hermosillo, UTC−7)',
        ],
        [
          jrzMember,
          'Fecha y hora: jueves 15 de julio de 2027 a las 10:00 (hora de Ciudad Juárez, UTC−6)',
        ],
      ]);
      const spanish = mails.find((m) => m.to === jrzMember.user.email)!.mail;
      expect(spanish.subject).toBe(
        '[GT-SONAZ] Convocatoria: Plenaria de julio — el jue 15 jul, 10:00 (hora de Ciudad Juárez)',
      );
      expect(spanish.text).toContain('Orden del día:');
      const [invite] = spanish.attachments;
      expect(invite.filename).toBe('meeting.ics');
      // Every invitation is a valid iTIP REQUEST addressed to its recipient.
      for (const mail of mails) {
        expect(calendarOfMail(mail.mail)).toMatchObject({
          method: 'REQUEST',
          sequence: 0,
          attendees: [mail.to.toLowerCase()],
        });
      }
      const ics = invite.content.toString('utf8');
      expect(ics).toContain('DTSTART:20270715T160000Z');
      expect(ics).toContain('DTEND:20270715T180000Z');
      expect(ics).toContain('LOCATION:Nogales\\, Sonora');
      expect(ics).toContain(`UID:meeting-${response.body.id}@puentes`);

      const inbox = await http()
        .get('/api/v1/notifications')
        .auth(jrzMember.token, { type: 'bearer' });
      expect(inbox.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ type: 'meeting_invitation', subject: spanish.subject }),
        ]),
      );
    });

    it('in January, shows all four at the same hour (nobody on daylight time)', async () => {
      await send('post', '/meetings', mxChair, {
        kind: 'regional',
        title: { en: 'January regional', es: 'Regional de enero' },
        startsAt: '2027-01-14T09:00',
        timeZone: 'America/Hermosillo',
        place: 'Hermosillo',
      }).expect(201);
      const mails = await expectTimes({ en: 'January regional', es: 'Regional de enero' }, [
        [usChair, 'When: Thursday, January 14, 2027, at 9:00 AM Arizona time (MST, UTC−7)'],
        [denMember, 'When: Thursday, January 14, 2027, at 9:00 AM MST (UTC−7)'],
        [mxChair, 'jueves 14 de enero de 2027 a las 09:00 (hora de Hermosillo, UTC−7)'],
        [jrzMember, 'jueves 14 de enero de 2027 a las 09:00 (hora de Ciudad Juárez, UTC−7)'],
      ]);
      const denver = mails.find((m) => m.to === denMember.user.email)!.mail.text ?? '';
      expect(denver).not.toContain('Local time of the meeting');
    });

    it('states a start in Denver summer time for readers on both sides', async () => {
      await send('post', '/meetings', admin, {
        kind: 'regional',
        title: { en: 'Denver August', es: 'Denver agosto' },
        startsAt: '2027-08-05T14:00',
        timeZone: 'America/Denver',
        place: 'El Paso',
      }).expect(201);
      await expectTimes({ en: 'Denver August', es: 'Denver agosto' }, [
        [denMember, 'When: Thursday, August 5, 2027, at 2:00 PM MDT (UTC−6)'],
        [usChair, 'When: Thursday, August 5, 2027, at 1:00 PM Arizona time (MST, UTC−7)'],
        [mxChair, 'jueves 5 de agosto de 2027 a las 13:00 (hora de Hermosillo, UTC−7)'],
        [jrzMember, 'jueves 5 de agosto de 2027 a las 14:00 (hora de Ciudad Juárez, UTC−6)'],
      ]);
    });
  });

  describe('action items', () => {
    let meetingId: string;
    let item: { id: string; dueAt: string };

    beforeAll(async () => {
      const meeting = await send('post', '/meetings', mxChair, {
        kind: 'regional',
        title: name('Action meeting'),
        startsAt: '2027-07-01T10:00',
        timeZone: 'America/Ciudad_Juarez',
        place: 'Ciudad Juárez',
      });
      meetingId = meeting.body.id;
    });

    it('records an item due on a plain date, at 18:00 in the owner agency’s zone', async () => {
      const response = await send('post', `/meetings/${meetingId}/action-items`, usChair, {
        title: { en: 'Share the traffic study', es: 'Compartir el estudio de tránsito' },
        ownerAgencyCode: 'NMDOT',
        dueDate: '2027-07-09',
      });
      expect(response.status).toBe(201);
      item = response.body;
      expect(response.body).toEqual(
        expect.objectContaining({
          meetingId,
          ownerAgency: expect.objectContaining({
            code: 'NMDOT',
            country: 'US',
            timeZone: 'America/Denver',
          }),
          dueDate: '2027-07-09',
          dueIn: null,
          dueAt: '2027-07-10T00:00:00.000Z',
          status: 'open',
          closedAt: null,
        }),
      );
      const [row] = await app.sql<{ due_at: Date }>(
        'SELECT due_at FROM action_items WHERE id = $1',
        [item.id],
      );
      expect(row.due_at.toISOString()).toBe('2027-07-10T00:00:00.000Z');
    });

    it('reckons business days after the meeting on a calendar, skipping holidays', async () => {
      // Thursday 1 July 2027; 5 July (Monday) is the observed Independence Day in the U.S.
      const us = await send('post', `/meetings/${meetingId}/action-items`, mxChair, {
        title: name('Send the permit file'),
        ownerAgencyCode: 'ADOT',
        dueIn: { businessDays: 2, calendar: 'US' },
      });
      expect(us.status).toBe(201);
      expect(us.body).toEqual(
        expect.objectContaining({
          dueDate: '2027-07-06',
          dueIn: { businessDays: 2, calendar: 'US' },
          dueAt: '2027-07-07T01:00:00.000Z',
        }),
      );
      const mx = await send('post', `/meetings/${meetingId}/action-items`, mxChair, {
        title: name('Publish the notice'),
        ownerAgencyCode: 'JRZ-IMIP',
        dueIn: { businessDays: 2, calendar: 'MX' },
      });
      expect(mx.body.dueDate).toBe('2027-07-05');
      expect(mx.body.dueAt).toBe('2027-07-06T00:00:00.000Z');
    });

    it('refuses bad items with 400 naming the field, and non-co-chairs', async () => {
      const post = (who: Person | string, body: Record<string, unknown>) =>
        send('post', `/meetings/${meetingId}/action-items`, who, body);
      const valid = { title: name('x'), ownerAgencyCode: 'ADOT', dueDate: '2027-07-09' };
      expect(
        fields(expectProblem(await post(admin, { ...valid, dueDate: undefined }), 400)),
      ).toEqual(['dueDate', 'dueIn']);
      expect(
        fields(
          expectProblem(
            await post(admin, { ...valid, dueIn: { businessDays: 0, calendar: 'EU' } }),
            400,
          ),
        ),
      ).toEqual(['dueIn.businessDays', 'dueIn.calendar']);
      expect(expectProblem(await post(admin, { ...valid, ownerAgencyCode: 'FAR' }), 400).code).toBe(
        'ACTION_ITEM.OWNER_NOT_IN_GROUP',
      );
      expect(expectProblem(await post(admin, { ...valid, dueDate: '2027-06-30' }), 400).code).toBe(
        'ACTION_ITEM.INVALID_DUE',
      );
      expectProblem(await post(jrzMember, valid), 403);
      expectProblem(await post(outsider, valid), 404);
      expectProblem(await send('post', `/meetings/${UNKNOWN_ID}/action-items`, admin, valid), 404);
    });

    it('lets a member of the owner agency change the status, and nothing else', async () => {
      const path = `/action-items/${item.id}`;
      const titleChange = expectProblem(
        await send('patch', path, denMember, { status: 'done', title: name('Other') }),
        403,
      );
      expect(titleChange.code).toBe('ACTION_ITEM.STATUS_ONLY');
      expect(fields(titleChange)).toEqual(['title']);
      expect(
        expectProblem(await send('patch', path, jrzMember, { status: 'done' }), 403).code,
      ).toBe('ACTION_ITEM.NOT_YOURS');
      // An observer of the owner agency reads but does not act.
      expectProblem(await send('patch', path, observer, { status: 'done' }), 403);
      expectProblem(await send('patch', path, outsider, { status: 'done' }), 404);
      expectProblem(await send('patch', path, denMember, { status: 'finished' }), 400);

      const done = await send('patch', path, denMember, { status: 'done' });
      expect(done.status).toBe(200);
      expect(done.body.status).toBe('done');
      expect(done.body.closedAt).toEqual(expect.any(String));
    });

    it('lets a co-chair reschedule and reassign, reckoned in the new owner’s zone', async () => {
      const path = `/action-items/${item.id}`;
      const moved = await send('patch', path, mxChair, {
        ownerAgencyCode: 'SON-SICT',
        dueDate: '2027-07-20',
        status: 'open',
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toEqual(
        expect.objectContaining({
          ownerAgency: expect.objectContaining({ code: 'SON-SICT' }),
          dueDate: '2027-07-20',
          dueAt: '2027-07-21T01:00:00.000Z',
          status: 'open',
          closedAt: null,
        }),
      );
      const history = await get('/events?limit=200', admin);
      const changes = history.body.items
        .filter((e: { data: { actionItemId?: string } }) => e.data.actionItemId === item.id)
        .map((e: { type: string; data: { change: string } }) => [e.type, e.data.change]);
      expect(changes).toEqual([
        ['action_item_created', 'created'],
        ['action_item_updated', 'closed'],
        ['action_item_updated', 'rescheduled'],
        ['action_item_updated', 'reopened'],
      ]);
    });

    it('lists the group’s items for members (filters too), and hides them from outsiders', async () => {
      const all = await get('/action-items', observer);
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(3);
      expect(all.body.items.map((i: { dueDate: string }) => i.dueDate)).toEqual([
        '2027-07-05',
        '2027-07-06',
        '2027-07-20',
      ]);
      const adot = await get(`/action-items?ownerAgencyCode=ADOT&status=open`, jrzMember);
      expect(
        adot.body.items.map((i: { ownerAgency: { code: string } }) => i.ownerAgency.code),
      ).toEqual(['ADOT']);
      await get(`/action-items/${item.id}`, jrzMember).expect(200);
      // An approver of an agency outside the group, which can be assigned none: nothing.
      expectProblem(await get('/action-items', outsider), 404);
      expectProblem(await get(`/action-items/${item.id}`, outsider), 404);
      expectProblem(await get(`/action-items/${UNKNOWN_ID}`, admin), 404);
      expectProblem(await get('/action-items?status=late', admin), 400);
    });
  });

  describe('minutes', () => {
    let meetingId: string;
    const minutes = (who: Person | string) => get(`/meetings/${meetingId}/minutes`, who);

    beforeAll(async () => {
      const meeting = await send('post', '/meetings', mxChair, {
        kind: 'regional',
        title: { en: 'Minuted meeting', es: 'Reunión con minuta' },
        startsAt: hermosilloIn(1),
        timeZone: 'America/Hermosillo',
        place: 'Nogales',
      });
      meetingId = meeting.body.id;
    });

    it('drafts minutes with decisions and attendance per country, visible to co-chairs only', async () => {
      const draft = await send('put', `/meetings/${meetingId}/minutes`, mxChair, {
        decisions: [{ en: 'ADOT shares the traffic study', es: 'ADOT comparte el estudio' }],
        presentAgencyCodes: ['ADOT', 'SON-SICT', 'NMDOT'],
      });
      expect(draft.status).toBe(200);
      expect(draft.body).toEqual(
        expect.objectContaining({
          version: 1,
          status: 'draft',
          attendance: {
            MX: [{ code: 'SON-SICT', name: expect.any(Object) }],
            US: [
              { code: 'ADOT', name: expect.any(Object) },
              { code: 'NMDOT', name: expect.any(Object) },
            ],
          },
          publishedAt: null,
        }),
      );
      const edited = await send('put', `/meetings/${meetingId}/minutes`, usChair, {
        decisions: [
          { en: 'ADOT shares the traffic study', es: 'ADOT comparte el estudio' },
          { en: 'Next meeting in Nogales', es: 'Próxima reunión en Nogales' },
        ],
        presentAgencyCodes: ['ADOT', 'SON-SICT', 'NMDOT', 'JRZ-IMIP'],
      });
      expect(edited.body.version).toBe(1);
      expect((await minutes(mxChair)).body.draft.decisions).toHaveLength(2);
      const forMember = (await minutes(jrzMember)).body;
      expect(forMember).toEqual({ current: null, draft: null, history: [], actionItems: [] });
    });

    it('publishes: frozen, every member told by email, and corrections are new versions', async () => {
      // Minutes record a meeting held: not before it begins.
      expect(
        expectProblem(await send('post', `/meetings/${meetingId}/minutes/publish`, usChair), 409)
          .code,
      ).toBe('MINUTES.MEETING_NOT_BEGUN');
      // The meeting begins (its start brought to a minute ago: the service reads the real clock).
      await app.sql(`UPDATE meetings SET starts_at = now() - interval '1 minute' WHERE id = $1`, [
        meetingId,
      ]);
      const published = await send('post', `/meetings/${meetingId}/minutes/publish`, usChair);
      expect(published.status).toBe(200);
      expect(published.body).toEqual(
        expect.objectContaining({ version: 1, status: 'published', publishedBy: usChair.user.id }),
      );
      const mails = mailsOf(
        'minutes_published',
        'Minut',
      )(await smtp.waitFor((all) => mailsOf('minutes_published', 'Minut')(all).length >= 5));
      const spanish = mails.find((m) => m.to === jrzMember.user.email)!.mail;
      expect(spanish.subject).toBe('[GT-SONAZ] Minuta: Reunión con minuta');
      expect(spanish.text).toContain('Acuerdos:\n> 1. ADOT comparte el estudio');
      expect(mails.find((m) => m.to === denMember.user.email)!.mail.subject).toBe(
        '[GT-SONAZ] Minutes: Minuted meeting',
      );

      expect(
        expectProblem(await send('post', `/meetings/${meetingId}/minutes/publish`, usChair), 409)
          .code,
      ).toBe('MINUTES.NO_DRAFT');
      const body = {
        decisions: [
          { en: 'ADOT shares the study by July', es: 'ADOT comparte el estudio en julio' },
        ],
        presentAgencyCodes: ['ADOT', 'SON-SICT'],
      };
      expect(
        expectProblem(await send('put', `/meetings/${meetingId}/minutes`, mxChair, body), 400)
          .errors,
      ).toEqual([{ field: 'correctionNote', message: expect.stringContaining('version 1') }]);
      const correction = await send('put', `/meetings/${meetingId}/minutes`, mxChair, {
        ...body,
        correctionNote: 'NMDOT and JRZ-IMIP were not present',
      });
      expect(correction.body).toEqual(expect.objectContaining({ version: 2, status: 'draft' }));
      // Every save of the correction's draft says what it corrects: saved again without the
      // note, it is refused (it used to store none, and the correction went out unexplained).
      expect(
        expectProblem(await send('put', `/meetings/${meetingId}/minutes`, mxChair, body), 400).code,
      ).toBe('MINUTES.CORRECTION_NOTE_REQUIRED');
      // A draft stored without one (before that rule) is not published so.
      await app.sql('UPDATE meeting_minutes SET correction_note = NULL WHERE id = $1', [
        correction.body.id,
      ]);
      expect(
        expectProblem(await send('post', `/meetings/${meetingId}/minutes/publish`, mxChair), 400)
          .code,
      ).toBe('MINUTES.CORRECTION_NOTE_REQUIRED');
      await app.sql('UPDATE meeting_minutes SET correction_note = $2 WHERE id = $1', [
        correction.body.id,
        'NMDOT and JRZ-IMIP were not present',
      ]);
      await send('post', `/meetings/${meetingId}/minutes/publish`, mxChair).expect(200);

      const read = (await minutes(observer)).body;
      expect(read.current).toEqual(
        expect.objectContaining({
          version: 2,
          correctionNote: 'NMDOT and JRZ-IMIP were not present',
        }),
      );
      expect(read.history.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      // Each version says who published it, by name as well as by id: a reader is shown a person.
      const names = new Map(
        (
          await app.sql<{ id: string; name: string }>(
            'SELECT id, name FROM users WHERE id = ANY($1::uuid[])',
            [[mxChair.user.id, usChair.user.id]],
          )
        ).map((u) => [u.id, u.name]),
      );
      expect(
        read.history.map((v: { publishedBy: string; publishedByName: string }) => [
          v.publishedBy,
          v.publishedByName,
        ]),
      ).toEqual([
        [mxChair.user.id, names.get(mxChair.user.id)],
        [usChair.user.id, names.get(usChair.user.id)],
      ]);
      // The first version is as it was published.
      expect(read.history[1].decisions).toHaveLength(2);
      expect(read.history[1].attendance.MX.map((a: { code: string }) => a.code)).toEqual([
        'JRZ-IMIP',
        'SON-SICT',
      ]);
      const corrected = await smtp.waitFor(
        (all) => all.filter((m) => (m.mail.subject ?? '').includes('(version 2)')).length >= 3,
      );
      expect(corrected.length).toBeGreaterThan(0);
    });

    it('refuses minutes to non-co-chairs, unknown agencies, and outsiders (404)', async () => {
      const body = { decisions: [], presentAgencyCodes: ['FAR', 'ADOT'] };
      const unknown = expectProblem(
        await send('put', `/meetings/${meetingId}/minutes`, mxChair, body),
        400,
      );
      expect(unknown.errors).toEqual([
        { field: 'presentAgencyCodes[0]', message: 'FAR is not an agency of this group' },
      ]);
      expectProblem(
        await send('put', `/meetings/${meetingId}/minutes`, denMember, {
          ...body,
          presentAgencyCodes: [],
        }),
        403,
      );
      expectProblem(await send('post', `/meetings/${meetingId}/minutes/publish`, observer), 403);
      expectProblem(await minutes(outsider), 404);
      expectProblem(await send('post', `/meetings/${meetingId}/minutes/publish`, outsider), 404);
      expect(
        fields(
          expectProblem(
            await send('put', `/meetings/${meetingId}/minutes`, mxChair, {
              decisions: [{ en: '' }],
              presentAgencyCodes: 'ADOT',
            }),
            400,
          ),
        ),
      ).toEqual(['decisions[0].en', 'decisions[0].es', 'presentAgencyCodes']);
    });
  });
  describe('a large portfolio', () => {
    it('counts every open step of 2,000 running workflows on the dashboard', async () => {
      const big = await createTechnicalGroup(app, { code: 'GT-BIG' });
      const project = await createProject(
        app,
        { code: 'P-MANY', technicalGroupCode: 'GT-BIG' },
        coordinator.token,
      );
      // Copies of the two-step workflow, as if 2,000 had been started on this project.
      await app.sql(
        `WITH copies AS (
           INSERT INTO workflows (project_id, chain_id, chain_key, chain_version, status,
                                  coordinator_id, attributes, started_at)
           SELECT $2, w.chain_id, w.chain_key, w.chain_version, 'active', w.coordinator_id,
                  w.attributes, w.started_at
             FROM workflows w, generate_series(1, 2000) WHERE w.id = $1
           RETURNING id)
         INSERT INTO workflow_steps (workflow_id, key, position, awaiting, status, round,
                                     activated_at, due_at, escalation_level)
         SELECT c.id, s.key, s.position, s.awaiting, s.status, s.round, s.activated_at,
                CASE s.key WHEN 'mx-file' THEN now() - interval '1 day'
                           ELSE now() + interval '3 days' END,
                s.escalation_level
           FROM copies c CROSS JOIN workflow_steps s WHERE s.workflow_id = $1`,
        [workflows.a, project.id],
      );
      const response = await http()
        .get(`/api/v1/technical-groups/${big.id}/dashboard`)
        .auth(admin, { type: 'bearer' });
      expect(response.status).toBe(200);
      expect(response.body.projects[0].workflows).toHaveLength(2000);
      expect(response.body.byCountry).toEqual({
        MX: { open: 2000, overdue: 2000, dueSoon: 0 },
        US: { open: 2000, overdue: 0, dueSoon: 2000 },
      });
    });
  });
  describe('junk against a real group', () => {
    it('never answers 5xx, whatever the body or query', async () => {
      const [meeting] = (await get('/meetings', admin)).body.items as { id: string }[];
      const [item] = (await get('/action-items', admin)).body.items as { id: string }[];
      const junk: unknown[] = [
        {},
        [],
        'text',
        null,
        { title: { en: '\u0000', es: 'x\u0000y' }, place: '\u0000', kind: 'regional' },
        {
          kind: 'regional',
          startsAt: '9999-12-31T23:59',
          timeZone: 'Pacific/Kiritimati',
          place: 'a\u0000b',
          title: { en: 'a\u0000', es: 'b' },
        },
        { decisions: [{ en: '\u0000', es: '\u0000' }], presentAgencyCodes: ['\u0000'] },
        { title: name('x'), ownerAgencyCode: '\u0000', dueDate: '9999-12-31' },
        { title: name('x'), ownerAgencyCode: 'ADOT', dueIn: { businessDays: 250, calendar: 'MX' } },
        { status: 'done', dueDate: '0000-01-01' },
        { itemIds: [UNKNOWN_ID, UNKNOWN_ID] },
        { userId: UNKNOWN_ID, role: 'member', extra: '\u0000' },
      ];
      const routes: ['post' | 'put' | 'patch' | 'delete', string][] = [
        ['post', '/members'],
        ['patch', `/members/${jrzMember.user.id}`],
        ['post', '/meetings'],
        ['post', `/meetings/${meeting.id}/agenda/items`],
        ['put', `/meetings/${meeting.id}/agenda/order`],
        ['put', `/meetings/${meeting.id}/minutes`],
        ['post', `/meetings/${meeting.id}/action-items`],
        ['patch', `/action-items/${item.id}`],
      ];
      const failures: string[] = [];
      for (const [method, path] of routes) {
        for (const body of junk) {
          const response = await send(method, path, admin, body);
          if (response.status >= 500) failures.push(`${method} ${path} ${JSON.stringify(body)}`);
        }
      }
      for (const query of [
        'ownerAgencyCode=%00',
        'meetingId=%00',
        'status=%00',
        'limit=%00',
        'dueSoonDays=1e9',
      ]) {
        for (const path of ['/action-items', '/meetings', '/dashboard', '/events']) {
          const response = await get(`${path}?${query}`, admin);
          if (response.status >= 500) failures.push(`GET ${path}?${query}`);
        }
      }
      expect(failures).toEqual([]);
    }, 60_000);
  });
});
