import { JwtService } from '@nestjs/jwt';
import { parseSetCookie } from 'cookie';
import { createUser, expectProblem } from './support/fixtures';
import { ADMIN, createTestApp, type TestApp } from './support/test-app';

const COOKIE = 'puentes_refresh';
const PORTAL = 'https://portal.test.puentes.local';
const THIRTY_DAYS = 30 * 24 * 60 * 60;

interface Grant {
  accessToken: string;
  /** `puentes_refresh=<token>`, as a browser would send it back. */
  cookie: string;
  setCookie: string;
}

type Answer = { status: number; headers: Record<string, unknown>; body: Record<string, unknown> };

/** The refresh cookie an answer sets (undefined when it sets none). */
function refreshCookieOf(response: Answer) {
  const headers = (response.headers['set-cookie'] as string[] | undefined) ?? [];
  const raw = headers.find((h) => h.startsWith(`${COOKIE}=`));
  return raw === undefined ? undefined : { raw, ...parseSetCookie(raw) };
}

function claimsOf(accessToken: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

// jest takes testTimeout from the global config only, not from the e2e project's: on a busy
// machine the start of the app alone can pass the 5 s default.
jest.setTimeout(60_000);

describe('Sessions: refresh cookie, rotation, logout, password change, PATCH /me', () => {
  let app: TestApp;

  beforeAll(async () => {
    // TRUST_PROXY so a request "over https" can be told by X-Forwarded-Proto, as behind a
    // load balancer; CORS_ORIGINS names a second origin allowed to refresh. This file logs in
    // far more than 30 times a minute (platform.e2e-spec tests the limit).
    app = await createTestApp({
      TRUST_PROXY: '127.0.0.1',
      CORS_ORIGINS: PORTAL,
      LOGIN_RATE_LIMIT: '1000',
    });
  });
  afterAll(() => app?.close());

  async function login(email: string, password: string): Promise<Grant> {
    const response = await app.http().post('/api/v1/auth/login').send({ email, password });
    expect(response.status).toBe(200);
    const cookie = refreshCookieOf(response)!;
    return {
      accessToken: response.body.accessToken as string,
      cookie: `${COOKIE}=${cookie.value}`,
      setCookie: cookie.raw,
    };
  }

  const refresh = (cookie?: string) => {
    const request = app.http().post('/api/v1/auth/refresh');
    return cookie ? request.set('Cookie', cookie) : request;
  };
  const me = (token: string) => app.http().get('/api/v1/me').auth(token, { type: 'bearer' });
  const endOf = async (accessToken: string) =>
    (
      await app.sql<{ end_reason: string | null }>(
        `SELECT end_reason FROM sessions WHERE id = $1`,
        [claimsOf(accessToken).sid],
      )
    )[0]?.end_reason;

  describe('login', () => {
    it('answers as before and sets an HttpOnly, SameSite=Strict refresh cookie on /api/v1/auth', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: ADMIN.email, password: ADMIN.password });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 3600,
        user: expect.objectContaining({ email: ADMIN.email, roles: ['admin'] }),
      });
      const cookie = refreshCookieOf(response)!;
      expect(cookie).toEqual(
        expect.objectContaining({
          name: COOKIE,
          value: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
          httpOnly: true,
          sameSite: 'strict',
          path: '/api/v1/auth',
          maxAge: THIRTY_DAYS,
        }),
      );
      // Plain http: a Secure cookie would never come back.
      expect(cookie.secure).toBeUndefined();
      const sid = claimsOf(response.body.accessToken as string).sid;
      expect(sid).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));

      // Only the hash of the token is stored.
      const [row] = await app.sql<{ refresh_token_hash: string; user_id: string }>(
        `SELECT refresh_token_hash, user_id FROM sessions WHERE id = $1`,
        [sid],
      );
      expect(row.user_id).toBe(response.body.user.id);
      expect(row.refresh_token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.refresh_token_hash).not.toContain(cookie.value);
    });

    it('marks the cookie Secure when the request came over https through a trusted proxy', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .set('X-Forwarded-Proto', 'https')
        .send({ email: ADMIN.email, password: ADMIN.password });
      expect(response.status).toBe(200);
      expect(refreshCookieOf(response)!.secure).toBe(true);
    });

    it('sets no cookie on bad credentials', async () => {
      const response = await app
        .http()
        .post('/api/v1/auth/login')
        .send({ email: ADMIN.email, password: 'not-the-password' });
      expectProblem(response, 401);
      expect(refreshCookieOf(response)).toBeUndefined();
    });
  });

  describe('refresh', () => {
    it('answers like login with a rotated cookie, in the same session', async () => {
      const first = await login(ADMIN.email, ADMIN.password);
      const response = await refresh(first.cookie);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 3600,
        user: expect.objectContaining({ email: ADMIN.email }),
      });
      const rotated = refreshCookieOf(response)!;
      expect(rotated).toEqual(
        expect.objectContaining({
          httpOnly: true,
          sameSite: 'strict',
          path: '/api/v1/auth',
          maxAge: THIRTY_DAYS,
        }),
      );
      expect(`${COOKIE}=${rotated.value}`).not.toBe(first.cookie);
      const accessToken = response.body.accessToken as string;
      expect(claimsOf(accessToken).sid).toBe(claimsOf(first.accessToken).sid);
      expect((await me(accessToken)).status).toBe(200);
      expect((await me(first.accessToken)).status).toBe(200);
      // The rotated cookie works in its turn.
      expect((await refresh(`${COOKIE}=${rotated.value}`)).status).toBe(200);
    });

    it('ends the whole session when a used refresh token comes back', async () => {
      const first = await login(ADMIN.email, ADMIN.password);
      const second = await refresh(first.cookie);
      expect(second.status).toBe(200);
      const secondCookie = `${COOKIE}=${refreshCookieOf(second)!.value}`;

      const replayed = await refresh(first.cookie);
      expect(expectProblem(replayed, 401).code).toBe('AUTH.REFRESH_TOKEN_INVALID');
      // Both the thief's and the owner's copies are dead, and every access token of the session.
      expectProblem(await me(first.accessToken), 401);
      expectProblem(await me(second.body.accessToken as string), 401);
      expectProblem(await refresh(secondCookie), 401);
      expect(await endOf(first.accessToken)).toBe('refresh_token_reused');
    });

    it('lets only one of two refreshes racing with the same token win, and ends the session', async () => {
      const grant = await login(ADMIN.email, ADMIN.password);
      const answers = await Promise.all([refresh(grant.cookie), refresh(grant.cookie)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
      expect(await endOf(grant.accessToken)).toBe('refresh_token_reused');
    });

    it('answers 401 problem+json without a valid cookie, and clears a dead one', async () => {
      expect(expectProblem(await refresh(), 401).code).toBe('AUTH.REFRESH_TOKEN_INVALID');
      const garbage = await refresh(`${COOKIE}=not-a-token`);
      expectProblem(garbage, 401);
      const cleared = refreshCookieOf(garbage)!;
      expect(cleared.value).toBe('');
      expect(cleared.expires!.getTime()).toBeLessThan(Date.now());
      expectProblem(await refresh(`${COOKIE}=${'A'.repeat(43)}`), 401);
      // A body does not stand in for the cookie.
      expectProblem(
        await app
          .http()
          .post('/api/v1/auth/refresh')
          .send({ refreshToken: 'A'.repeat(43) }),
        401,
      );
    });

    it('ends a session whose refresh cookie went unused past the idle limit', async () => {
      const grant = await login(ADMIN.email, ADMIN.password);
      await app.sql(`UPDATE sessions SET last_used_at = now() - interval '31 days' WHERE id = $1`, [
        claimsOf(grant.accessToken).sid,
      ]);
      expectProblem(await refresh(grant.cookie), 401);
      expect(await endOf(grant.accessToken)).toBe('idle_timeout');
      expectProblem(await me(grant.accessToken), 401);
    });

    it('refuses a browser request from another site, and takes its own origin and CORS_ORIGINS', async () => {
      const grant = await login(ADMIN.email, ADMIN.password);
      const crossSite = await refresh(grant.cookie).set('Origin', 'https://evil.example');
      expect(expectProblem(crossSite, 403).code).toBe('AUTH.ORIGIN_REFUSED');
      // The refusal used nothing up: the same cookie still works from an allowed origin.
      const own = await refresh(grant.cookie).set('Origin', app.url);
      expect(own.status).toBe(200);
      const portal = await refresh(`${COOKIE}=${refreshCookieOf(own)!.value}`).set(
        'Origin',
        PORTAL,
      );
      expect(portal.status).toBe(200);
    });
  });

  describe('access tokens', () => {
    it('refuses a genuine token without a session id (issued before sessions existed)', async () => {
      const admin = (await me(await app.adminToken())).body as { id: string };
      const jwt = app.running.app.get(JwtService, { strict: false });
      const legacy = await jwt.signAsync({ sub: admin.id });
      expectProblem(await me(legacy), 401);
      const unknownSession = await jwt.signAsync({
        sub: admin.id,
        sid: '7d0f5e8e-0000-4000-8000-000000000000',
      });
      expectProblem(await me(unknownSession), 401);
      expectProblem(await me(await jwt.signAsync({ sub: admin.id, sid: 'not-a-uuid' })), 401);
    });

    it("refuses a session id that belongs to another user's session", async () => {
      const other = await createUser(app, { roles: ['viewer'] });
      const admin = (await me(await app.adminToken())).body as { id: string };
      const jwt = app.running.app.get(JwtService, { strict: false });
      const mixed = await jwt.signAsync({ sub: admin.id, sid: claimsOf(other.token).sid });
      expectProblem(await me(mixed), 401);
    });
  });

  describe('logout', () => {
    it('ends the session: its access token and its refresh cookie answer 401', async () => {
      const grant = await login(ADMIN.email, ADMIN.password);
      const response = await app
        .http()
        .post('/api/v1/auth/logout')
        .auth(grant.accessToken, { type: 'bearer' })
        .set('Cookie', grant.cookie);
      expect(response.status).toBe(204);
      const cleared = refreshCookieOf(response)!;
      expect(cleared).toEqual(
        expect.objectContaining({ value: '', path: '/api/v1/auth', httpOnly: true }),
      );
      expect(cleared.expires!.getTime()).toBeLessThan(Date.now());
      expectProblem(await me(grant.accessToken), 401);
      expectProblem(await refresh(grant.cookie), 401);
      expect(await endOf(grant.accessToken)).toBe('logout');

      // Twice is fine.
      const again = await app
        .http()
        .post('/api/v1/auth/logout')
        .auth(grant.accessToken, { type: 'bearer' })
        .set('Cookie', grant.cookie);
      expect(again.status).toBe(204);
    });

    it('ends the session of the refresh cookie alone (a browser after a reload)', async () => {
      const grant = await login(ADMIN.email, ADMIN.password);
      const response = await app.http().post('/api/v1/auth/logout').set('Cookie', grant.cookie);
      expect(response.status).toBe(204);
      expectProblem(await me(grant.accessToken), 401);
    });

    it('ends only the session it names', async () => {
      const mine = await login(ADMIN.email, ADMIN.password);
      const elsewhere = await login(ADMIN.email, ADMIN.password);
      await app.http().post('/api/v1/auth/logout').auth(mine.accessToken, { type: 'bearer' });
      expectProblem(await me(mine.accessToken), 401);
      expect((await me(elsewhere.accessToken)).status).toBe(200);
    });

    it('answers 401 with neither a token nor a cookie, or with a forged token', async () => {
      expectProblem(await app.http().post('/api/v1/auth/logout'), 401);
      const grant = await login(ADMIN.email, ADMIN.password);
      const forged = `${grant.accessToken.slice(0, -4)}AAAA`;
      expectProblem(
        await app.http().post('/api/v1/auth/logout').auth(forged, { type: 'bearer' }),
        401,
      );
      expect((await me(grant.accessToken)).status).toBe(200);
    });
  });

  describe('POST /me/password', () => {
    it('changes the password and ends every other session of the user', async () => {
      const { user, password } = await createUser(app, { roles: ['viewer'] });
      const current = await login(user.email, password);
      const other = await login(user.email, password);
      const newPassword = 'another-long-password';

      const response = await app
        .http()
        .post('/api/v1/me/password')
        .auth(current.accessToken, { type: 'bearer' })
        .send({ currentPassword: password, newPassword });
      expect(response.status).toBe(204);

      expect((await me(current.accessToken)).status).toBe(200);
      expect((await refresh(current.cookie)).status).toBe(200);
      expectProblem(await me(other.accessToken), 401);
      expectProblem(await refresh(other.cookie), 401);
      expect(await endOf(other.accessToken)).toBe('password_changed');

      expectProblem(
        await app.http().post('/api/v1/auth/login').send({ email: user.email, password }),
        401,
      );
      await login(user.email, newPassword);
    });

    it('answers 400 naming currentPassword when it is wrong, and changes nothing', async () => {
      const { user, password, token } = await createUser(app, { roles: ['viewer'] });
      const other = await login(user.email, password);
      const response = await app
        .http()
        .post('/api/v1/me/password')
        .auth(token, { type: 'bearer' })
        .send({ currentPassword: 'not-my-password', newPassword: 'another-long-password' });
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('AUTH.WRONG_PASSWORD');
      expect(problem.errors?.map((e) => e.field)).toEqual(['currentPassword']);
      expect((await me(other.accessToken)).status).toBe(200);
      await login(user.email, password);
    });

    it('answers 400 naming newPassword when it is weak, and refuses unknown fields', async () => {
      const { password, token } = await createUser(app, { roles: ['viewer'] });
      const weak = await app
        .http()
        .post('/api/v1/me/password')
        .auth(token, { type: 'bearer' })
        .send({ currentPassword: password, newPassword: 'short' });
      expect(expectProblem(weak, 400).errors?.map((e) => e.field)).toEqual(['newPassword']);
      const extra = await app
        .http()
        .post('/api/v1/me/password')
        .auth(token, { type: 'bearer' })
        .send({ currentPassword: password, newPassword: 'another-long-password', userId: 'x' });
      expect(expectProblem(extra, 400).errors?.map((e) => e.field)).toEqual(['userId']);
      const empty = await app
        .http()
        .post('/api/v1/me/password')
        .auth(token, { type: 'bearer' })
        .send({});
      expect(
        expectProblem(empty, 400)
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['currentPassword', 'newPassword']);
      expectProblem(
        await app
          .http()
          .post('/api/v1/me/password')
          .send({ currentPassword: password, newPassword: 'another-long-password' }),
        401,
      );
    });
  });

  describe('admin changes', () => {
    const patchUser = async (id: string, body: Record<string, unknown>) =>
      app
        .http()
        .patch(`/api/v1/users/${id}`)
        .auth(await app.adminToken(), { type: 'bearer' })
        .send(body);

    it('deactivating a user ends all their sessions, for good', async () => {
      const { user, password, token } = await createUser(app, { roles: ['viewer'] });
      const other = await login(user.email, password);
      expect((await patchUser(user.id, { active: false })).status).toBe(200);
      expectProblem(await me(token), 401);
      expectProblem(await refresh(other.cookie), 401);
      expect(await endOf(token)).toBe('user_deactivated');
      // Reactivated, the old sessions stay ended: the user logs in again.
      expect((await patchUser(user.id, { active: true })).status).toBe(200);
      expectProblem(await me(other.accessToken), 401);
      expectProblem(await refresh(other.cookie), 401);
      expect((await me((await login(user.email, password)).accessToken)).status).toBe(200);
    });

    it('resetting a password ends all sessions of the user', async () => {
      const { user, password, token } = await createUser(app, { roles: ['viewer'] });
      const other = await login(user.email, password);
      expect((await patchUser(user.id, { password: 'reset-by-the-admin' })).status).toBe(200);
      expectProblem(await me(token), 401);
      expectProblem(await me(other.accessToken), 401);
      expect(await endOf(token)).toBe('password_reset');
      // Other changes leave sessions alone.
      const fresh = await login(user.email, 'reset-by-the-admin');
      expect((await patchUser(user.id, { name: 'Renamed' })).status).toBe(200);
      expect((await me(fresh.accessToken)).status).toBe(200);
    });
  });

  describe('PATCH /me', () => {
    it('answers the whole user, as GET /me does', async () => {
      const { token } = await createUser(app, { roles: ['viewer'] });
      const response = await app
        .http()
        .patch('/api/v1/me')
        .auth(token, { type: 'bearer' })
        .send({ name: 'Ana Ruiz', locale: 'es', timeZone: 'America/Ciudad_Juarez' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: expect.any(String),
        email: expect.any(String),
        name: 'Ana Ruiz',
        agencyId: null,
        roles: ['viewer'],
        locale: 'es',
        timeZone: 'America/Ciudad_Juarez',
        active: true,
      });
      expect((await me(token)).body).toEqual(response.body);
      // An empty body changes nothing.
      const empty = await app.http().patch('/api/v1/me').auth(token, { type: 'bearer' }).send({});
      expect(empty.body).toEqual(response.body);
    });

    it('refuses a bad locale, zone, name or unknown field, naming each', async () => {
      const { token } = await createUser(app, { roles: ['viewer'] });
      const response = await app
        .http()
        .patch('/api/v1/me')
        .auth(token, { type: 'bearer' })
        .send({ name: null, locale: 'fr', timeZone: 'Mars/Olympus', email: 'me@evil.example' });
      expect(
        expectProblem(response, 400)
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['email', 'locale', 'name', 'timeZone']);
      const blank = await app
        .http()
        .patch('/api/v1/me')
        .auth(token, { type: 'bearer' })
        .send({ name: '', locale: null, timeZone: null });
      expect(
        expectProblem(blank, 400)
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['locale', 'name', 'timeZone']);
    });
  });

  it('documents every session route with its success and problem+json answers', async () => {
    const document = (await app.http().get('/docs-json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const expected: [string, string, string[]][] = [
      ['/api/v1/auth/login', 'post', ['200', '400', '401', '429']],
      ['/api/v1/auth/refresh', 'post', ['200', '401', '403']],
      ['/api/v1/auth/logout', 'post', ['204', '401', '403']],
      ['/api/v1/me', 'patch', ['200', '400', '401']],
      ['/api/v1/me/password', 'post', ['204', '400', '401']],
    ];
    for (const [path, method, statuses] of expected) {
      const responses = document.paths[path][method].responses;
      expect(Object.keys(responses).sort()).toEqual(expect.arrayContaining(statuses));
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(responses[status].content).toEqual({
          'application/problem+json': {
            schema: { $ref: '#/components/schemas/ProblemDetailsDto' },
          },
        });
      }
    }
    expect(document.paths['/api/v1/auth/refresh'].post.responses['200'].content).toEqual({
      'application/json': { schema: { $ref: '#/components/schemas/LoginResponse' } },
    });
    expect(Object.keys(document.components.schemas.ProblemDetailsDto.properties)).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'errors']),
    );
  });
});
