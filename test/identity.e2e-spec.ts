import { createAgency, createUser, expectProblem } from './support/fixtures';
import { ADMIN, createTestApp, type TestApp } from './support/test-app';

describe('Identity: auth, agencies and users', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.adminToken();
  });
  afterAll(() => app?.close());

  describe('POST /auth/login and GET /me', () => {
    it('logs the bootstrap admin in and returns the contract shape', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: ADMIN.email.toUpperCase(), password: ADMIN.password });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 3600,
        user: expect.objectContaining({
          id: expect.any(String),
          email: ADMIN.email,
          agencyId: null,
          roles: ['admin'],
          locale: 'en',
          timeZone: 'UTC',
        }),
      });
      expect(JSON.stringify(response.body)).not.toMatch(/password|hash/i);
      const header = JSON.parse(
        Buffer.from(response.body.accessToken.split('.')[0], 'base64url').toString(),
      );
      expect(header.alg).toBe('HS256');
    });

    it('gives the same 401 for an unknown email and a wrong password', async () => {
      const unknown = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@test.puentes.local', password: ADMIN.password });
      const wrong = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: ADMIN.email, password: 'not-the-password' });
      expectProblem(unknown, 401);
      expectProblem(wrong, 401);
      const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
      expect(strip(unknown.body)).toEqual(strip(wrong.body));
    });

    it('refuses a login without the fields it needs', async () => {
      const response = await app.http().post('/api/v1/auth/login').send({});
      const problem = expectProblem(response, 400);
      expect(problem.errors?.map((e) => e.field).sort()).toEqual(['email', 'password']);
    });

    it('answers /me for the caller and 401 without or with a bad token', async () => {
      const me = await app.http().get('/api/v1/me').auth(admin, { type: 'bearer' });
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(ADMIN.email);

      expectProblem(await app.http().get('/api/v1/me'), 401);
      expectProblem(await app.http().get('/api/v1/me').auth('garbage', { type: 'bearer' }), 401);
      expectProblem(await app.http().get('/api/v1/me').set('Authorization', `Basic ${admin}`), 401);
    });

    it('refuses an unsigned token (alg none) and a token signed with another secret', async () => {
      const [, payload] = admin.split('.');
      const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
      expectProblem(await app.http().get('/api/v1/me').auth(none, { type: 'bearer' }), 401);
      const tampered = `${admin.slice(0, -4)}AAAA`;
      expectProblem(await app.http().get('/api/v1/me').auth(tampered, { type: 'bearer' }), 401);
    });

    it('lets a user set their own language and time zone', async () => {
      const { token } = await createUser(app, { roles: ['viewer'] });
      const response = await app
        .http()
        .patch('/api/v1/me')
        .auth(token, { type: 'bearer' })
        .send({ locale: 'es', timeZone: 'America/Hermosillo' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({ locale: 'es', timeZone: 'America/Hermosillo' }),
      );
      const refused = await app
        .http()
        .patch('/api/v1/me')
        .auth(token, { type: 'bearer' })
        .send({ roles: ['admin'], timeZone: 'Mars/Olympus' });
      const problem = expectProblem(refused, 400);
      expect(problem.errors?.map((e) => e.field).sort()).toEqual(['roles', 'timeZone']);
    });
  });

  describe('agencies', () => {
    it('creates an agency with the default zone of its country', async () => {
      const mx = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .send({
          code: 'SEMARNAT',
          country: 'MX',
          name: { en: 'Environment', es: 'Medio Ambiente' },
        });
      expect(mx.status).toBe(201);
      expect(mx.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'SEMARNAT',
        country: 'MX',
        name: { en: 'Environment', es: 'Medio Ambiente' },
        email: null,
        timeZone: 'America/Mexico_City',
        nonWorkingDays: [],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const us = await createAgency(app, { code: 'USIBWC', country: 'US' });
      expect(us.timeZone).toBe('America/New_York');
      const juarez = await createAgency(app, {
        code: 'CILA',
        country: 'MX',
        timeZone: 'America/Ciudad_Juarez',
      });
      expect(juarez.timeZone).toBe('America/Ciudad_Juarez');
    });

    it('refuses a duplicate code with 409', async () => {
      await createAgency(app, { code: 'DUP-1' });
      const response = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .send({ code: 'DUP-1', country: 'US', name: { en: 'x', es: 'y' } });
      expect(expectProblem(response, 409).code).toBe('AGENCY.CODE_TAKEN');
    });

    it('lists every invalid field at once, unknown fields included', async () => {
      const response = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .send({
          code: 'x',
          country: 'CA',
          name: { en: 'Only English' },
          timeZone: 'Not/A_Zone',
          email: 'not-an-email',
          budget: 10,
        });
      const problem = expectProblem(response, 400);
      expect(problem.errors?.map((e) => e.field).sort()).toEqual([
        'budget',
        'code',
        'country',
        'email',
        'name.es',
        'timeZone',
      ]);
    });

    it('lets every authenticated user read, only admins write', async () => {
      const { token: viewer } = await createUser(app, { roles: ['viewer'] });
      const agency = await createAgency(app, { code: 'READ-ME', country: 'US' });
      const list = await app
        .http()
        .get('/api/v1/agencies?country=US&q=read-me')
        .auth(viewer, { type: 'bearer' });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        items: [expect.objectContaining({ code: 'READ-ME' })],
        total: 1,
        limit: 50,
        offset: 0,
      });
      const one = await app
        .http()
        .get(`/api/v1/agencies/${agency.id}`)
        .auth(viewer, { type: 'bearer' });
      expect(one.status).toBe(200);

      const write = await app
        .http()
        .post('/api/v1/agencies')
        .auth(viewer, { type: 'bearer' })
        .send({ code: 'NOPE', country: 'US', name: { en: 'x', es: 'y' } });
      expect(expectProblem(write, 403).code).toBe('AUTH.ROLE_REQUIRED');
      expectProblem(
        await app
          .http()
          .patch(`/api/v1/agencies/${agency.id}`)
          .auth(viewer, { type: 'bearer' })
          .send({}),
        403,
      );
      expectProblem(await app.http().get('/api/v1/agencies'), 401);
    });

    it('paginates, and refuses a limit above 200', async () => {
      for (const code of ['PAGE-A', 'PAGE-B', 'PAGE-C']) await createAgency(app, { code });
      const second = await app
        .http()
        .get('/api/v1/agencies?q=PAGE-&limit=2&offset=2')
        .auth(admin, { type: 'bearer' });
      expect(second.body).toEqual({
        items: [expect.objectContaining({ code: 'PAGE-C' })],
        total: 3,
        limit: 2,
        offset: 2,
      });
      const tooMany = await app
        .http()
        .get('/api/v1/agencies?limit=201&offset=-1')
        .auth(admin, { type: 'bearer' });
      expect(
        expectProblem(tooMany, 400)
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['limit', 'offset']);
      const literal = await app
        .http()
        .get('/api/v1/agencies?q=%25')
        .auth(admin, { type: 'bearer' });
      expect(literal.body.total).toBe(0);
    });

    it('updates names, email and zone but never the code', async () => {
      const agency = await createAgency(app, { code: 'PATCH-ME' });
      const response = await app
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .auth(admin, { type: 'bearer' })
        .send({
          name: { en: 'Renamed', es: 'Renombrada' },
          timeZone: 'America/Tijuana',
          email: 'Mesa@Example.gob.mx',
        });
      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({
          code: 'PATCH-ME',
          name: { en: 'Renamed', es: 'Renombrada' },
          timeZone: 'America/Tijuana',
          email: 'mesa@example.gob.mx',
        }),
      );
      const code = await app
        .http()
        .patch(`/api/v1/agencies/${agency.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ code: 'OTHER' });
      expect(expectProblem(code, 400).errors).toEqual([
        { field: 'code', message: expect.any(String) },
      ]);
    });

    it("sets an agency's own days off, admins only, with real dates", async () => {
      const agency = await createAgency(app, { code: 'DAYS-OFF' });
      const put = (token: string, body: unknown) =>
        app
          .http()
          .put(`/api/v1/agencies/${agency.id}/non-working-days`)
          .auth(token, { type: 'bearer' })
          .send(body as object);
      const set = await put(admin, { dates: ['2026-12-24', '2026-12-12', '2026-11-02'] });
      expect(set.status).toBe(200);
      expect(set.body.nonWorkingDays).toEqual(['2026-11-02', '2026-12-12', '2026-12-24']);
      expect(
        expectProblem(await put(admin, { dates: ['2026-02-30', 'tomorrow'] }), 400).errors?.[0]
          .field,
      ).toBe('dates');
      expectProblem(await put(admin, { dates: ['2026-12-12', '2026-12-12'] }), 400);
      expectProblem(await put(admin, {}), 400);
      const { token } = await createUser(app, { roles: ['coordinator'] });
      expectProblem(await put(token, { dates: [] }), 403);
      const cleared = await put(admin, { dates: [] });
      expect(cleared.body.nonWorkingDays).toEqual([]);
    });

    it("lists a country's federal holidays for the days-off calendar, and refuses bad input", async () => {
      const { token } = await createUser(app, { roles: ['viewer'] });
      const get = (query: string) =>
        app.http().get(`/api/v1/holidays${query}`).auth(token, { type: 'bearer' });
      const mx = await get('?country=MX&year=2026');
      expect(mx.status).toBe(200);
      // LFT art. 74 in 2026: 1 Jan, first Monday of Feb, third Monday of Mar, 1 May,
      // 16 Sep, third Monday of Nov, 25 Dec (no inauguration that year).
      expect(mx.body.items.map((h: { date: string }) => h.date)).toEqual([
        '2026-01-01',
        '2026-02-02',
        '2026-03-16',
        '2026-05-01',
        '2026-09-16',
        '2026-11-16',
        '2026-12-25',
      ]);
      expect(mx.body.items[4].name).toEqual({
        en: expect.stringMatching(/independence/i),
        es: expect.stringMatching(/independencia/i),
      });
      const us = await get('?country=US&year=2026');
      // 4 July 2026 is a Saturday: observed on Friday 3 July, both listed.
      expect(us.body.items.filter((h: { date: string }) => h.date.startsWith('2026-07'))).toEqual([
        { date: '2026-07-03', name: expect.any(Object), observed: true },
        { date: '2026-07-04', name: expect.any(Object), observed: false },
      ]);
      const fields = async (query: string) =>
        expectProblem(await get(query), 400).errors?.map((e) => e.field);
      expect(await fields('?country=CA&year=2026')).toEqual(['country']);
      expect(await fields('?country=MX&year=1999')).toEqual(['year']);
      expect(await fields('?country=MX')).toEqual(['year']);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      const unknown = await app
        .http()
        .get('/api/v1/agencies/7d0f5e8e-0000-4000-8000-000000000000')
        .auth(admin, { type: 'bearer' });
      expectProblem(unknown, 404);
      expectProblem(
        await app.http().get('/api/v1/agencies/not-a-uuid').auth(admin, { type: 'bearer' }),
        400,
      );
      expectProblem(
        await app
          .http()
          .patch('/api/v1/agencies/7d0f5e8e-0000-4000-8000-000000000000')
          .auth(admin, { type: 'bearer' })
          .send({ timeZone: 'UTC' }),
        404,
      );
    });
  });

  describe('users', () => {
    it('creates a user with defaults from the agency and never returns the password', async () => {
      const agency = await createAgency(app, {
        code: 'SON-SICT',
        country: 'MX',
        timeZone: 'America/Hermosillo',
      });
      const response = await app
        .http()
        .post('/api/v1/users')
        .auth(admin, { type: 'bearer' })
        .send({
          email: 'Ana.Ruiz@Sonora.gob.mx',
          name: 'Ana Ruiz',
          password: 'correct horse battery',
          agencyId: agency.id,
          roles: ['approver'],
        });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.any(String),
        email: 'ana.ruiz@sonora.gob.mx',
        name: 'Ana Ruiz',
        agencyId: agency.id,
        roles: ['approver'],
        locale: 'es',
        timeZone: 'America/Hermosillo',
        active: true,
      });
      const [row] = await app.sql<{ password_hash: string }>(
        'SELECT password_hash FROM users WHERE id = $1',
        [response.body.id],
      );
      expect(row.password_hash).toMatch(/^\$argon2id\$/);

      const us = await createAgency(app, {
        code: 'ADOT',
        country: 'US',
        timeZone: 'America/Phoenix',
      });
      const { user } = await createUser(app, { roles: ['approver'], agencyId: us.id });
      const read = await app.http().get(`/api/v1/users/${user.id}`).auth(admin, { type: 'bearer' });
      expect(read.body).toEqual(
        expect.objectContaining({ locale: 'en', timeZone: 'America/Phoenix' }),
      );

      const { user: noAgency } = await createUser(app, { roles: ['coordinator'] });
      const plain = await app
        .http()
        .get(`/api/v1/users/${noAgency.id}`)
        .auth(admin, { type: 'bearer' });
      expect(plain.body).toEqual(
        expect.objectContaining({ locale: 'en', timeZone: 'UTC', agencyId: null }),
      );
    });

    it('refuses a duplicate email whatever its case with 409', async () => {
      await createUser(app, { roles: ['viewer'], email: 'same@test.puentes.local' });
      const response = await app
        .http()
        .post('/api/v1/users')
        .auth(admin, { type: 'bearer' })
        .send({
          email: 'SAME@test.puentes.local',
          name: 'x',
          password: 'a-long-test-password',
          roles: ['viewer'],
        });
      expect(expectProblem(response, 409).code).toBe('USER.EMAIL_TAKEN');
    });

    it('refuses an approver without agency, an unknown agency, bad roles and short passwords', async () => {
      const approver = await app
        .http()
        .post('/api/v1/users')
        .auth(admin, { type: 'bearer' })
        .send({
          email: 'a1@test.puentes.local',
          name: 'x',
          password: 'a-long-test-password',
          roles: ['approver'],
        });
      expect(expectProblem(approver, 400).errors).toEqual([
        { field: 'agencyId', message: 'an approver must belong to an agency' },
      ]);
      const unknown = await app
        .http()
        .post('/api/v1/users')
        .auth(admin, { type: 'bearer' })
        .send({
          email: 'a2@test.puentes.local',
          name: 'x',
          password: 'a-long-test-password',
          roles: ['viewer'],
          agencyId: '7d0f5e8e-0000-4000-8000-000000000000',
        });
      expect(expectProblem(unknown, 400).errors?.[0].field).toBe('agencyId');
      const bad = await app
        .http()
        .post('/api/v1/users')
        .auth(admin, { type: 'bearer' })
        .send({ email: 'nope', name: '', password: 'short', roles: ['king'], locale: 'fr' });
      expect(
        expectProblem(bad, 400)
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['email', 'locale', 'name', 'password', 'roles']);
    });

    it('is for admins only', async () => {
      const { token } = await createUser(app, { roles: ['coordinator'] });
      expectProblem(await app.http().get('/api/v1/users').auth(token, { type: 'bearer' }), 403);
      expectProblem(
        await app.http().post('/api/v1/users').auth(token, { type: 'bearer' }).send({}),
        403,
      );
    });

    it('lists with filters and pagination', async () => {
      const agency = await createAgency(app, { code: 'LIST-USERS' });
      await createUser(app, { roles: ['approver'], agencyId: agency.id });
      await createUser(app, { roles: ['viewer'], agencyId: agency.id });
      const approvers = await app
        .http()
        .get(`/api/v1/users?agencyId=${agency.id}&role=approver`)
        .auth(admin, { type: 'bearer' });
      expect(approvers.body.total).toBe(1);
      expect(approvers.body.items[0].roles).toEqual(['approver']);
      const all = await app
        .http()
        .get(`/api/v1/users?agencyId=${agency.id}&limit=1`)
        .auth(admin, { type: 'bearer' });
      expect(all.body).toEqual(expect.objectContaining({ total: 2, limit: 1, offset: 0 }));
      expect(all.body.items).toHaveLength(1);
    });

    it('updates roles and agency, keeps approvers attached to an agency, and deactivates', async () => {
      const agency = await createAgency(app, { code: 'PATCH-USERS' });
      const { user, token, password } = await createUser(app, { roles: ['viewer'] });
      const promote = await app
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ roles: ['approver'] });
      expectProblem(promote, 400);
      const ok = await app
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ roles: ['approver', 'viewer'], agencyId: agency.id, name: 'Renamed' });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual(
        expect.objectContaining({
          roles: ['approver', 'viewer'],
          agencyId: agency.id,
          name: 'Renamed',
        }),
      );
      const taken = await app
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ email: ADMIN.email });
      expectProblem(taken, 409);

      const off = await app
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ active: false });
      expect(off.body.active).toBe(false);
      expectProblem(await app.http().get('/api/v1/me').auth(token, { type: 'bearer' }), 401);
      expectProblem(
        await app.http().post('/api/v1/auth/login').send({ email: user.email, password }),
        401,
      );
      expectProblem(
        await app
          .http()
          .patch('/api/v1/users/7d0f5e8e-0000-4000-8000-000000000000')
          .auth(admin, { type: 'bearer' })
          .send({}),
        404,
      );
    });

    it('changes a password: the old one stops working', async () => {
      const { user, password } = await createUser(app, { roles: ['viewer'] });
      await app
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ password: 'a-brand-new-password' })
        .expect(200);
      expectProblem(
        await app.http().post('/api/v1/auth/login').send({ email: user.email, password }),
        401,
      );
      await expect(app.login(user.email, 'a-brand-new-password')).resolves.toEqual(
        expect.any(String),
      );
    });
  });
});
