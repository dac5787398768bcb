import { TechnicalGroupsService } from '@app/modules/technical-groups/technical-groups.service';
import {
  createAgency,
  createCoChairs,
  createTechnicalGroup,
  createUser,
  expectProblem,
} from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

const UNKNOWN_ID = '7d0f5e8e-0000-4000-8000-000000000000';

describe('Technical groups', () => {
  let app: TestApp;
  let admin: string;
  let chairs: Awaited<ReturnType<typeof createCoChairs>>;
  let viewer: string;

  const fields = (problem: { errors?: { field: string }[] }) =>
    problem.errors?.map((e) => e.field).sort();

  const post = (body: Record<string, unknown>, token = admin) =>
    app.http().post('/api/v1/technical-groups').auth(token, { type: 'bearer' }).send(body);

  const patch = (id: string, body: Record<string, unknown>, token = admin) =>
    app.http().patch(`/api/v1/technical-groups/${id}`).auth(token, { type: 'bearer' }).send(body);

  const valid = (overrides: Record<string, unknown> = {}) => ({
    code: 'VALID-GROUP',
    name: { en: 'A group', es: 'Un grupo' },
    mxStates: ['SON'],
    usStates: ['AZ'],
    coChairs: { mx: chairs.mx.id, us: chairs.us.id },
    ...overrides,
  });

  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.adminToken();
    chairs = await createCoChairs(app);
    viewer = (await createUser(app, { roles: ['viewer'] })).token;
  });
  afterAll(() => app?.close());

  describe('POST /technical-groups', () => {
    it('creates a group: co-chairs named, their agencies members beside the listed ones', async () => {
      const mxMember = await createAgency(app, {
        code: 'TG-SICT',
        country: 'MX',
        name: { en: 'Infrastructure', es: 'Infraestructura' },
      });
      const usMember = await createAgency(app, { code: 'TG-GSA', country: 'US' });
      const mxChairAgency = await createAgency(app, { code: 'TG-SRE', country: 'MX' });
      const usChairAgency = await createAgency(app, { code: 'TG-CBP', country: 'US' });
      const { user: mxChair } = await createUser(app, {
        roles: ['approver'],
        agencyId: mxChairAgency.id,
      });
      const { user: usChair } = await createUser(app, {
        roles: ['approver'],
        agencyId: usChairAgency.id,
      });
      const response = await post({
        code: 'SON-AZ',
        name: { en: 'Sonora–Arizona', es: 'Sonora–Arizona' },
        mxStates: ['SON'],
        usStates: ['AZ', 'NM'],
        coChairs: { mx: mxChair.id, us: usChair.id },
        // The co-chair's own agency listed again is not doubled.
        memberAgencyCodes: ['TG-GSA', 'TG-SICT', 'TG-SRE'],
      });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'SON-AZ',
        name: { en: 'Sonora–Arizona', es: 'Sonora–Arizona' },
        mxStates: ['SON'],
        usStates: ['AZ', 'NM'],
        coChairs: {
          mx: { userId: mxChair.id, name: 'Test User', agencyCode: 'TG-SRE' },
          us: { userId: usChair.id, name: 'Test User', agencyCode: 'TG-CBP' },
        },
        memberAgencies: [
          {
            id: mxMember.id,
            code: 'TG-SICT',
            country: 'MX',
            name: { en: 'Infrastructure', es: 'Infraestructura' },
            // Where its action items fall due (18:00 there): MX agencies default to CDMX.
            timeZone: 'America/Mexico_City',
          },
          expect.objectContaining({ id: mxChairAgency.id, code: 'TG-SRE', country: 'MX' }),
          expect.objectContaining({ id: usChairAgency.id, code: 'TG-CBP', country: 'US' }),
          expect.objectContaining({ id: usMember.id, code: 'TG-GSA', country: 'US' }),
        ],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(new Date(response.body.createdAt).toISOString()).toBe(response.body.createdAt);

      const read = await app
        .http()
        .get(`/api/v1/technical-groups/${response.body.id}`)
        .auth(admin, { type: 'bearer' });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({
        ...response.body,
        roster: expect.any(Object),
        // The admin who made it runs it, though on its roster they are not.
        access: {
          role: null,
          manage: true,
          readMeetings: true,
          editAgenda: true,
          actionItems: 'all',
        },
      });
      expect(read.body.roster.people).toEqual([
        {
          userId: mxChair.id,
          name: 'Test User',
          agencyCode: 'TG-SRE',
          country: 'MX',
          role: 'co_chair',
          roleLabel: { en: 'Co-chair', es: 'Copresidencia' },
          seat: 'mx',
        },
        expect.objectContaining({ userId: usChair.id, role: 'co_chair', seat: 'us' }),
      ]);
      expect(
        read.body.roster.agencies.map((a: { code: string; role: string }) => [a.code, a.role]),
      ).toEqual([
        ['TG-SICT', 'member'],
        ['TG-SRE', 'co_chair'],
        ['TG-CBP', 'co_chair'],
        ['TG-GSA', 'member'],
      ]);
    });

    it("counts the co-chairs' agencies as the members when none are listed", async () => {
      const response = await post(valid({ code: 'NO-MEMBERS', mxStates: ['BCN', 'BCS'] }));
      expect(response.status).toBe(201);
      expect(response.body.memberAgencies.map((a: { code: string }) => a.code)).toEqual([
        chairs.mxAgency.code,
        chairs.usAgency.code,
      ]);
      expect(response.body.mxStates).toEqual(['BCN', 'BCS']);
    });

    it('accepts every Mexican state, and the U.S. states with DC', async () => {
      const mx =
        'AGU BCN BCS CAM CHP CHH CMX COA COL DUR GUA GRO HID JAL MEX MIC MOR NAY NLE OAX PUE QUE ROO SLP SIN SON TAB TAM TLA VER YUC ZAC';
      const us =
        'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY';
      const response = await post(
        valid({ code: 'EVERYWHERE', mxStates: mx.split(' '), usStates: us.split(' ') }),
      );
      expect(response.status).toBe(201);
      expect(response.body.mxStates).toHaveLength(32);
      expect(response.body.usStates).toHaveLength(51);
    });

    it('refuses a duplicate code with 409', async () => {
      await createTechnicalGroup(app, { code: 'DUP-GROUP' });
      const response = await post(valid({ code: 'DUP-GROUP' }));
      expect(expectProblem(response, 409).code).toBe('TECHNICAL_GROUP.CODE_TAKEN');
    });

    it('names each unknown state code by its index', async () => {
      const response = await post(
        valid({ code: 'BAD-STATES', mxStates: ['SON', 'AZ', 'MX-CHH'], usStates: ['TX', 'son'] }),
      );
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('TECHNICAL_GROUP.UNKNOWN_STATE');
      expect(fields(problem)).toEqual(['mxStates[1]', 'mxStates[2]', 'usStates[1]']);
      // A Mexican code is not a U.S. one and the other way round.
      const swapped = await post(valid({ code: 'SWAPPED', mxStates: ['TX'], usStates: ['TAM'] }));
      expect(fields(expectProblem(swapped, 400))).toEqual(['mxStates[0]', 'usStates[0]']);
    });

    it('refuses a co-chair who does not exist', async () => {
      const response = await post(
        valid({ code: 'NO-CHAIR', coChairs: { mx: UNKNOWN_ID, us: chairs.us.id } }),
      );
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('TECHNICAL_GROUP.UNKNOWN_USER');
      expect(problem.errors).toEqual([
        { field: 'coChairs.mx', message: `no user with id ${UNKNOWN_ID}` },
      ]);
    });

    it('refuses an MX co-chair of a U.S. agency and a US co-chair of a Mexican agency', async () => {
      const response = await post(
        valid({ code: 'WRONG-SIDE', coChairs: { mx: chairs.us.id, us: chairs.mx.id } }),
      );
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('TECHNICAL_GROUP.CO_CHAIR_COUNTRY');
      expect(problem.errors).toEqual([
        { field: 'coChairs.mx', message: 'the MX co-chair must belong to a Mexican agency' },
        { field: 'coChairs.us', message: 'the US co-chair must belong to a U.S. agency' },
      ]);
    });

    it('refuses a co-chair without an agency and a deactivated one', async () => {
      const { user: loose } = await createUser(app, { roles: ['coordinator'] });
      const noAgency = await post(
        valid({ code: 'LOOSE', coChairs: { mx: chairs.mx.id, us: loose.id } }),
      );
      expect(fields(expectProblem(noAgency, 400))).toEqual(['coChairs.us']);

      const { user: gone } = await createUser(app, {
        roles: ['approver'],
        agencyId: chairs.mxAgency.id,
      });
      await app
        .http()
        .patch(`/api/v1/users/${gone.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ active: false })
        .expect(200);
      const inactive = await post(
        valid({ code: 'GONE', coChairs: { mx: gone.id, us: chairs.us.id } }),
      );
      expect(expectProblem(inactive, 400).errors).toEqual([
        { field: 'coChairs.mx', message: 'the user is deactivated' },
      ]);
    });

    it('names each unknown member agency by its index', async () => {
      await createAgency(app, { code: 'TG-KNOWN' });
      const response = await post(
        valid({
          code: 'BAD-MEMBERS',
          memberAgencyCodes: ['TG-KNOWN', 'NOPE-1', 'NOPE-2', 'x'.repeat(300)],
        }),
      );
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('TECHNICAL_GROUP.UNKNOWN_AGENCY');
      expect(fields(problem)).toEqual([
        'memberAgencyCodes[1]',
        'memberAgencyCodes[2]',
        'memberAgencyCodes[3]',
      ]);
      expect(problem.errors?.[0].message).toBe('no agency with code NOPE-1');
    });

    it('lists every problem of states, co-chairs and members at once', async () => {
      const response = await post(
        valid({
          code: 'ALL-WRONG',
          mxStates: ['XX'],
          coChairs: { mx: UNKNOWN_ID, us: chairs.mx.id },
          memberAgencyCodes: ['NOPE'],
        }),
      );
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('VALIDATION_FAILED');
      expect(fields(problem)).toEqual([
        'coChairs.mx',
        'coChairs.us',
        'memberAgencyCodes[0]',
        'mxStates[0]',
      ]);
      expect(
        await app.sql('SELECT id FROM technical_groups WHERE code = $1', ['ALL-WRONG']),
      ).toEqual([]);
    });

    it('validates the shape of the body, unknown fields included', async () => {
      const empty = await post({});
      expect(fields(expectProblem(empty, 400))).toEqual([
        'coChairs',
        'code',
        'mxStates',
        'name',
        'usStates',
      ]);
      const bad = await post({
        code: 'lower case',
        name: { en: 'Only English' },
        mxStates: [],
        usStates: ['AZ', 'AZ'],
        coChairs: { mx: 'not-a-uuid' },
        memberAgencyCodes: 'SICT',
        budget: 10,
      });
      expect(fields(expectProblem(bad, 400))).toEqual([
        'budget',
        'coChairs.mx',
        'coChairs.us',
        'code',
        'memberAgencyCodes',
        'mxStates',
        'name.es',
        'usStates',
      ]);
      const types = await post(
        valid({ code: 'TYPES', mxStates: [1], coChairs: 'someone', name: null }),
      );
      expect(fields(expectProblem(types, 400))).toEqual(['coChairs', 'mxStates', 'name']);
    });
  });

  describe('reading', () => {
    it('lets every authenticated user read, and nobody without a token', async () => {
      const group = await createTechnicalGroup(app, { code: 'READABLE' });
      const list = await app
        .http()
        .get('/api/v1/technical-groups?q=readable')
        .auth(viewer, { type: 'bearer' });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        items: [expect.objectContaining({ id: group.id, code: 'READABLE' })],
        total: 1,
        limit: 50,
        offset: 0,
      });
      const one = await app
        .http()
        .get(`/api/v1/technical-groups/${group.id}`)
        .auth(chairs.mxToken, { type: 'bearer' });
      expect(one.status).toBe(200);
      expect(one.body.code).toBe('READABLE');

      expectProblem(await app.http().get('/api/v1/technical-groups'), 401);
      expectProblem(await app.http().get(`/api/v1/technical-groups/${group.id}`), 401);
      expectProblem(await app.http().post('/api/v1/technical-groups').send(valid()), 401);
      expectProblem(await app.http().patch(`/api/v1/technical-groups/${group.id}`).send({}), 401);
    });

    it('searches code and both names literally, and paginates', async () => {
      await createTechnicalGroup(app, {
        code: 'FIND-1',
        name: { en: 'Lower Rio Grande', es: 'Bajo Río Bravo' },
      });
      await createTechnicalGroup(app, {
        code: 'FIND-2',
        name: { en: 'Paso del Norte 100%', es: 'Paso del Norte' },
      });
      await createTechnicalGroup(app, { code: 'FIND_3' });
      const get = (query: string) =>
        app.http().get(`/api/v1/technical-groups?${query}`).auth(viewer, { type: 'bearer' });
      const codes = (body: { items: { code: string }[] }) => body.items.map((g) => g.code);

      expect(codes((await get('q=find')).body)).toEqual(['FIND-1', 'FIND-2', 'FIND_3']);
      expect(codes((await get('q=rio%20grande')).body)).toEqual(['FIND-1']);
      expect(codes((await get(`q=${encodeURIComponent('Río Bravo')}`)).body)).toEqual(['FIND-1']);
      expect(codes((await get('q=100%25')).body)).toEqual(['FIND-2']);
      expect(codes((await get('q=FIND_')).body)).toEqual(['FIND_3']);
      expect((await get('q=%25')).body.total).toBe(1);

      const second = await get('q=find&limit=2&offset=2');
      expect(second.body).toEqual({
        items: [expect.objectContaining({ code: 'FIND_3' })],
        total: 3,
        limit: 2,
        offset: 2,
      });
      const first = await get('q=find&limit=2');
      expect(codes(first.body)).toEqual(['FIND-1', 'FIND-2']);
      expect(first.body.items[0].memberAgencies).toHaveLength(2);
      expect(first.body.items[0].coChairs.mx.userId).toEqual(expect.any(String));

      expect(fields(expectProblem(await get('limit=0&offset=-1&sort=code'), 400))).toEqual([
        'limit',
        'offset',
        'sort',
      ]);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(
        await app
          .http()
          .get(`/api/v1/technical-groups/${UNKNOWN_ID}`)
          .auth(admin, { type: 'bearer' }),
        404,
      );
      expectProblem(
        await app.http().get('/api/v1/technical-groups/nope').auth(admin, { type: 'bearer' }),
        400,
      );
    });
  });

  describe('PATCH /technical-groups/:id', () => {
    it('updates names, states and members, and either co-chair alone', async () => {
      const group = await createTechnicalGroup(app, { code: 'PATCH-ME' });
      const other = await createCoChairs(app);
      await createAgency(app, { code: 'TG-FHWA', country: 'US' });

      const renamed = await patch(group.id, {
        name: { en: 'Renamed', es: 'Renombrado' },
        mxStates: ['CHH'],
        usStates: ['TX', 'NM'],
        memberAgencyCodes: ['TG-FHWA'],
      });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual(
        expect.objectContaining({
          code: 'PATCH-ME',
          name: { en: 'Renamed', es: 'Renombrado' },
          mxStates: ['CHH'],
          usStates: ['TX', 'NM'],
        }),
      );
      expect(renamed.body.memberAgencies.map((a: { code: string }) => a.code)).toContain('TG-FHWA');
      // The answer is what was stored: a later read shows the same group (roster and the
      // caller's access aside).
      const stored = async () => {
        const {
          roster: _roster,
          access: _access,
          ...shown
        } = (
          await app
            .http()
            .get(`/api/v1/technical-groups/${group.id}`)
            .auth(await app.adminToken(), { type: 'bearer' })
        ).body;
        return shown;
      };
      expect(renamed.body).toEqual(await stored());

      const mxOnly = await patch(group.id, { coChairs: { mx: other.mx.id } });
      expect(mxOnly.status).toBe(200);
      expect(mxOnly.body).toEqual(await stored());
      expect(mxOnly.body.coChairs.mx).toEqual({
        userId: other.mx.id,
        name: 'Test User',
        agencyCode: other.mxAgency.code,
      });
      expect(mxOnly.body.coChairs.us.userId).toBe(group.coChairs.us.userId);
      // The new co-chair's agency is a member; the previous one's is no longer.
      const members = mxOnly.body.memberAgencies.map((a: { code: string }) => a.code);
      expect(members).toContain(other.mxAgency.code);
      expect(members).toHaveLength(3);

      const both = await patch(group.id, { coChairs: { mx: chairs.mx.id, us: other.us.id } });
      expect(both.body.coChairs.mx.userId).toBe(chairs.mx.id);
      expect(both.body.coChairs.us.userId).toBe(other.us.id);

      const cleared = await patch(group.id, { memberAgencyCodes: [] });
      expect(cleared.body.memberAgencies.map((a: { code: string }) => a.code)).toEqual([
        chairs.mxAgency.code,
        other.usAgency.code,
      ]);

      const unchanged = await patch(group.id, {});
      expect(unchanged.status).toBe(200);
      expect(unchanged.body.name).toEqual({ en: 'Renamed', es: 'Renombrado' });
      const read = await app
        .http()
        .get(`/api/v1/technical-groups/${group.id}`)
        .auth(admin, { type: 'bearer' });
      expect(read.body).toEqual({
        ...unchanged.body,
        roster: expect.any(Object),
        access: expect.any(Object),
      });
      // Replaced co-chairs stay in the group as members; each change is in its history.
      const roles = Object.fromEntries(
        read.body.roster.people.map((p: { userId: string; role: string }) => [p.userId, p.role]),
      );
      expect(roles).toEqual({
        [chairs.mx.id]: 'co_chair',
        [other.us.id]: 'co_chair',
        [other.mx.id]: 'member',
        [group.coChairs.mx.userId]: 'member',
        [group.coChairs.us.userId]: 'member',
      });
      const history = await app
        .http()
        .get(`/api/v1/technical-groups/${group.id}/events`)
        .auth(admin, { type: 'bearer' });
      expect(
        history.body.items.map((e: { type: string; data: { seat?: string } }) => [
          e.type,
          e.data.seat,
        ]),
      ).toEqual([
        ['group_created', undefined],
        ['co_chair_changed', 'mx'],
        ['co_chair_changed', 'mx'],
        ['co_chair_changed', 'us'],
      ]);
      expect(history.body.items[1].data).toEqual({
        seat: 'mx',
        from: group.coChairs.mx.userId,
        to: other.mx.id,
      });
    });

    it('refuses what creation refuses, and changing the code', async () => {
      const group = await createTechnicalGroup(app, { code: 'PATCH-BAD' });
      const response = await patch(group.id, {
        usStates: ['AZ', 'ZZ'],
        coChairs: { us: chairs.mx.id },
        memberAgencyCodes: ['NOPE'],
      });
      expect(fields(expectProblem(response, 400))).toEqual([
        'coChairs.us',
        'memberAgencyCodes[0]',
        'usStates[1]',
      ]);
      const missing = await patch(group.id, { coChairs: { mx: UNKNOWN_ID } });
      expect(fields(expectProblem(missing, 400))).toEqual(['coChairs.mx']);
      const code = await patch(group.id, { code: 'OTHER', mxStates: [] });
      expect(fields(expectProblem(code, 400))).toEqual(['code', 'mxStates']);

      const read = await app
        .http()
        .get(`/api/v1/technical-groups/${group.id}`)
        .auth(admin, { type: 'bearer' });
      expect(read.body).toEqual(
        expect.objectContaining({ code: 'PATCH-BAD', usStates: ['AZ'], mxStates: ['SON'] }),
      );
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectProblem(await patch(UNKNOWN_ID, { mxStates: ['SON'] }), 404);
      expectProblem(await patch('not-a-uuid', {}), 400);
    });
  });

  describe('roles', () => {
    it('lets only admins write', async () => {
      const group = await createTechnicalGroup(app, { code: 'ADMIN-ONLY' });
      const { token: coordinator } = await createUser(app, { roles: ['coordinator'] });
      for (const token of [viewer, chairs.mxToken, coordinator]) {
        const created = await post(valid({ code: 'NOT-ALLOWED' }), token);
        expect(expectProblem(created, 403).code).toBe('AUTH.ROLE_REQUIRED');
        expectProblem(await patch(group.id, { name: { en: 'x', es: 'y' } }, token), 403);
      }
      expect(
        await app.sql('SELECT id FROM technical_groups WHERE code = $1', ['NOT-ALLOWED']),
      ).toEqual([]);
    });
  });

  describe('for the approvals module', () => {
    it('finds groups by code with their co-chairs and members loaded', async () => {
      const group = await createTechnicalGroup(app, { code: 'BY-CODE' });
      const service = app.running.app.get(TechnicalGroupsService);
      const found = await service.findByCodes(['BY-CODE', 'UNKNOWN-GROUP', 'BY-CODE']);
      expect(found).toHaveLength(1);
      expect(found[0]).toEqual(
        expect.objectContaining({
          id: group.id,
          code: 'BY-CODE',
          coChairMxId: group.coChairs.mx.userId,
          coChairUsId: group.coChairs.us.userId,
        }),
      );
      expect(found[0].coChairMx?.agency?.country).toBe('MX');
      expect(found[0].memberAgencies).toEqual([]);
      await expect(service.findByCodes([])).resolves.toEqual([]);
    });
  });

  it('describes every route in OpenAPI', async () => {
    const document = await app.http().get('/docs-json');
    const paths = document.body.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/api/v1/technical-groups']).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/api/v1/technical-groups/{id}']).sort()).toEqual(['get', 'patch']);
    const schemas = document.body.components.schemas;
    expect(schemas.CreateTechnicalGroupDto.required).toEqual(
      expect.arrayContaining(['code', 'name', 'mxStates', 'usStates', 'coChairs']),
    );
    expect(schemas.TechnicalGroupView.properties).toEqual(
      expect.objectContaining({ coChairs: expect.anything(), memberAgencies: expect.anything() }),
    );
  });
});
