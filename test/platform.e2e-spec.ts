import { createAgency, createUser, expectProblem } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

describe('Platform: errors, idempotency, security headers, health, OpenAPI', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.adminToken();
  });
  afterAll(() => app?.close());

  describe('problem+json for every refusal', () => {
    it('answers malformed JSON with 400, not 500', async () => {
      const response = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .set('Content-Type', 'application/json')
        .send('{"code": "BROKEN",');
      expect(expectProblem(response, 400).code).toBe('MALFORMED_JSON');
    });

    it('answers an unknown route with 404 and a JSON array body with 400', async () => {
      expectProblem(
        await app.http().get('/api/v1/nothing-here').auth(admin, { type: 'bearer' }),
        404,
      );
      const array = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .send([{ code: 'X' }]);
      expectProblem(array, 400);
    });

    it('answers wrongly typed values and nested garbage with 400', async () => {
      const response = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .send({ code: 12, country: null, name: 'not an object', email: { a: 1 } });
      const problem = expectProblem(response, 400);
      expect(problem.errors?.map((e) => e.field)).toEqual(
        expect.arrayContaining(['code', 'country', 'name', 'email']),
      );
      const query = await app
        .http()
        .get('/api/v1/agencies?limit=abc&offset=1.5&sort=code')
        .auth(admin, { type: 'bearer' });
      expect(
        expectProblem(query, 400)
          .errors?.map((e) => e.field)
          .sort(),
      ).toEqual(['limit', 'offset', 'sort']);
    });

    it('answers an oversized body with 413', async () => {
      const response = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .send({ code: 'BIG', country: 'MX', name: { en: 'x'.repeat(200_000), es: 'y' } });
      expectProblem(response, 413);
    });
  });

  describe('Idempotency-Key', () => {
    const body = { code: 'IDEM-1', country: 'MX', name: { en: 'Idempotent', es: 'Idempotente' } };

    it('replays the first answer without acting again', async () => {
      const first = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .set('Idempotency-Key', 'key-1')
        .send(body);
      expect(first.status).toBe(201);
      const again = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .set('Idempotency-Key', 'key-1')
        .send({ name: body.name, country: 'MX', code: 'IDEM-1' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const rows = await app.sql('SELECT id FROM agencies WHERE code = $1', ['IDEM-1']);
      expect(rows).toHaveLength(1);
    });

    it('refuses the same key with another body with 422', async () => {
      const other = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .set('Idempotency-Key', 'key-1')
        .send({ ...body, code: 'IDEM-2' });
      expect(expectProblem(other, 422).code).toBe('IDEMPOTENCY.KEY_REUSED');
      expect(await app.sql('SELECT id FROM agencies WHERE code = $1', ['IDEM-2'])).toHaveLength(0);
    });

    it('keeps keys per user: another user may use the same key', async () => {
      const { token } = await createUser(app, { roles: ['admin'] });
      const response = await app
        .http()
        .post('/api/v1/agencies')
        .auth(token, { type: 'bearer' })
        .set('Idempotency-Key', 'key-1')
        .send({ ...body, code: 'IDEM-3' });
      expect(response.status).toBe(201);
    });

    it('replays a refusal as it was first given', async () => {
      await createAgency(app, { code: 'IDEM-TAKEN' });
      const send = () =>
        app
          .http()
          .post('/api/v1/agencies')
          .auth(admin, { type: 'bearer' })
          .set('Idempotency-Key', 'key-taken')
          .send({ ...body, code: 'IDEM-TAKEN' });
      const first = await send();
      expectProblem(first, 409);
      const again = await send();
      expectProblem(again, 409);
      expect(again.body).toEqual(first.body);
    });

    it('gives every simultaneous repeat the one answer and acts once', async () => {
      const send = () =>
        app
          .http()
          .post('/api/v1/agencies')
          .auth(admin, { type: 'bearer' })
          .set('Idempotency-Key', 'key-race')
          .send({ ...body, code: 'IDEM-RACE' });
      const answers = await Promise.all(Array.from({ length: 8 }, send));
      expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await app.sql('SELECT id FROM agencies WHERE code = $1', ['IDEM-RACE'])).toHaveLength(
        1,
      );
    });

    it('marks the key in the same transaction as the change, and never runs a committed request twice', async () => {
      const send = () =>
        app
          .http()
          .post('/api/v1/agencies')
          .auth(admin, { type: 'bearer' })
          .set('Idempotency-Key', 'key-lost')
          .send({ ...body, code: 'IDEM-LOST' });
      expect((await send()).status).toBe(201);
      const [key] = await app.sql<{ committed_at: Date | null }>(
        `SELECT committed_at FROM idempotency_keys WHERE key = 'key-lost'`,
      );
      expect(key.committed_at).not.toBeNull();
      // The service died after the commit and before storing its answer, two minutes ago.
      await app.sql(
        `UPDATE idempotency_keys SET completed_at = NULL, response_status = NULL,
                response_body = NULL, created_at = now() - interval '2 minutes'
          WHERE key = 'key-lost'`,
      );
      const retry = await send();
      expect(expectProblem(retry, 409).code).toBe('IDEMPOTENCY.ANSWER_LOST');
      expect(await app.sql('SELECT id FROM agencies WHERE code = $1', ['IDEM-LOST'])).toHaveLength(
        1,
      );
    });

    it('refuses a malformed key with 400', async () => {
      const response = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .set('Idempotency-Key', 'x'.repeat(300))
        .send({ ...body, code: 'IDEM-4' });
      expect(expectProblem(response, 400).errors?.[0].field).toBe('Idempotency-Key');
    });
  });

  describe('security', () => {
    it('sends helmet headers and no CORS headers by default', async () => {
      const response = await app.http().get('/health').set('Origin', 'https://evil.example');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['strict-transport-security']).toBeDefined();
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('operations', () => {
    it('reports health without a token', async () => {
      const response = await app.http().get('/health');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(
        expect.objectContaining({
          status: 'ok',
          checks: { database: 'up', pool: 'ok', queue: 'up' },
        }),
      );
    });

    it('serves Swagger UI and an OpenAPI description of every route', async () => {
      const ui = await app.http().get('/docs');
      expect(ui.status).toBe(200);
      expect(ui.text).toMatch(/swagger/i);
      const document = await app.http().get('/docs-json');
      expect(document.status).toBe(200);
      const paths = document.body.paths as Record<string, Record<string, unknown>>;
      const routes = Object.entries(paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
      );
      // Each module's own tests check its routes; these are the foundation's.
      expect(routes).toEqual(
        expect.arrayContaining([
          'POST /api/v1/auth/login',
          'GET /api/v1/me',
          'PATCH /api/v1/me',
          'POST /api/v1/agencies',
          'GET /api/v1/agencies',
          'GET /api/v1/agencies/{id}',
          'PATCH /api/v1/agencies/{id}',
          'POST /api/v1/users',
          'GET /api/v1/users',
          'GET /api/v1/users/{id}',
          'PATCH /api/v1/users/{id}',
          'GET /health',
        ]),
      );
      // Every route the service serves is described, whatever module adds it.
      const express = (
        app.running.app as unknown as {
          getHttpAdapter(): { getInstance(): { router: { stack: ExpressLayer[] } } };
        }
      )
        .getHttpAdapter()
        .getInstance();
      const served = express.router.stack
        .filter((layer) => layer.route && !layer.route.path.startsWith('/docs'))
        // Nest adds a catch-all (every method) route beside a path excluded from the prefix.
        .filter((layer) => !layer.route!.methods.acl)
        // The web app's index.html fallback (src/modules/web) is a page, not an API route.
        .filter((layer) => layer.route!.path !== '{*any}')
        .flatMap((layer) =>
          Object.keys(layer.route!.methods)
            .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
            .map((m) => `${m.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, '{$1}')}`),
        );
      expect(served.length).toBeGreaterThanOrEqual(12);
      expect(served.filter((r) => !routes.includes(r))).toEqual([]);
      expect(document.body.components.schemas.CreateAgencyDto.required).toEqual(
        expect.arrayContaining(['code', 'country', 'name']),
      );
    });
  });

  describe('login rate limit', () => {
    it('allows 30 attempts a minute per client address, then answers 429', async () => {
      const attempt = () =>
        app
          .http()
          .post('/api/v1/auth/login')
          .send({ email: 'x@test.puentes.local', password: 'wrong' });
      // This file's earlier tests logged in a few times already; the limit counts them too.
      let status = 401;
      let attempts = 0;
      while (status === 401 && attempts < 40) {
        status = (await attempt()).status;
        attempts++;
      }
      expect(attempts).toBeGreaterThanOrEqual(28);
      const limited = await attempt();
      expect(expectProblem(limited, 429).code).toBe('RATE_LIMITED');
      expect(limited.headers['retry-after']).toBeDefined();
      // Other routes are not limited.
      expect((await app.http().get('/api/v1/me').auth(admin, { type: 'bearer' })).status).toBe(200);
    });
  });
});
