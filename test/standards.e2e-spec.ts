import { toProblem } from '@app/common/errors/problem-details';
import {
  createAgency,
  createCoChairs,
  createProject,
  createTechnicalGroup,
  expectProblem,
} from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/** What HTTP and the contract's conventions say every answer does, whatever the route. */
describe('Standards: authentication challenge, media types, one message per problem, database refusals', () => {
  let app: TestApp;
  let admin: string;

  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.adminToken();
  });
  afterAll(() => app?.close());

  it('answers 401 with WWW-Authenticate: Bearer, saying when a given token was refused', async () => {
    const none = await app.http().get('/api/v1/me');
    expectProblem(none, 401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="puentes"');
    const bad = await app.http().get('/api/v1/me').auth('not-a-token', { type: 'bearer' });
    expectProblem(bad, 401);
    expect(bad.headers['www-authenticate']).toBe('Bearer realm="puentes", error="invalid_token"');
    const login = await app
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'nobody@test.puentes.local', password: 'wrong-password-here' });
    expectProblem(login, 401);
    expect(login.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('answers a body that is not JSON with 415, naming what was sent', async () => {
    const text = await app
      .http()
      .post('/api/v1/agencies')
      .auth(admin, { type: 'bearer' })
      .set('Content-Type', 'text/plain')
      .send('code=X');
    expect(expectProblem(text, 415).detail).toContain('text/plain');
    const form = await app
      .http()
      .post('/api/v1/agencies')
      .auth(admin, { type: 'bearer' })
      .type('form')
      .send({ code: 'X' });
    expect(expectProblem(form, 415).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    // No body at all is not a media type problem: the missing fields are named.
    const empty = await app.http().post('/api/v1/agencies').auth(admin, { type: 'bearer' });
    expectProblem(empty, 400);
  });

  it('names a JSON null (or any non-object) body as such', async () => {
    for (const [body, named] of [
      ['null', 'JSON null'],
      ['42', 'a JSON number'],
      ['"text"', 'a JSON string'],
    ]) {
      const response = await app
        .http()
        .post('/api/v1/agencies')
        .auth(admin, { type: 'bearer' })
        .set('Content-Type', 'application/json')
        .send(body);
      const problem = expectProblem(response, 400);
      expect(problem.code).toBe('BODY_NOT_AN_OBJECT');
      expect(problem.detail).toContain(named);
    }
  });

  it('reports one message per problem, naming the field and the rule it broke', async () => {
    const missing = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({ name: { en: 'Chain', es: 'Cadena' }, steps: [] });
    expect(expectProblem(missing, 400).errors).toEqual([
      { field: 'key', message: 'key is required' },
    ]);
    const wrong = await app
      .http()
      .post('/api/v1/agencies')
      .auth(admin, { type: 'bearer' })
      .send({ code: 12, country: null, name: { en: 'x'.repeat(301), es: 'y' } });
    expect(expectProblem(wrong, 400).errors).toEqual([
      { field: 'code', message: 'code must be a string' },
      { field: 'country', message: 'country is required and may not be null' },
      { field: 'name.en', message: 'name.en must be shorter than or equal to 300 characters' },
    ]);
  });

  it('describes the conventions in the OpenAPI document, and serves Swagger UI over plain http on any host', async () => {
    const document = (await app.http().get('/docs-json')).body as {
      security?: unknown[];
      paths: Record<
        string,
        Record<
          string,
          {
            security?: unknown[];
            parameters?: { in: string; name: string; schema?: { format?: string } }[];
            responses: Record<string, { content?: Record<string, unknown> }>;
          }
        >
      >;
    };
    expect(document.security).toEqual([{ bearer: [] }]);
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, operation.security]).toEqual([where, expect.any(Array)]);
        const parameters = operation.parameters ?? [];
        for (const parameter of parameters.filter(
          (p) => p.in === 'path' && /(^id|Id)$/.test(p.name),
        ))
          expect([where, parameter.name, parameter.schema?.format]).toEqual([
            where,
            parameter.name,
            'uuid',
          ]);
        if (method === 'post' && operation.security?.length)
          expect([where, parameters.some((p) => p.name === 'Idempotency-Key')]).toEqual([
            where,
            true,
          ]);
        if (path.startsWith('/api/'))
          expect([
            where,
            Object.entries(operation.responses).some(
              ([status, response]) =>
                status >= '400' && response.content?.['application/problem+json'] !== undefined,
            ),
          ]).toEqual([where, true]);
      }
    }

    // A browser on another machine reaches the service by its address over plain http: the
    // page must not ask for its own scripts over https (CSP upgrade-insecure-requests).
    const page = await app.http().get('/docs').set('Host', '10.20.30.40:3000');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const assets = [...page.text.matchAll(/(?:src|href)="\.\/docs\/([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining(['swagger-ui-bundle.js', 'swagger-ui.css']));
    for (const asset of assets)
      expect([
        asset,
        (await app.http().get(`/docs/${asset}`).set('Host', '10.20.30.40:3000')).status,
      ]).toEqual([asset, 200]);
    // No inline script: everything Swagger UI runs comes from 'self'.
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
  });

  it('resolves a meeting start in the repeated hour to its first occurrence, and refuses the skipped hour', async () => {
    // 7 November 2027: U.S. clocks, and those of the Mexican border cities that follow them,
    // go back at 02:00, so 01:30 happens twice. The first is on summer time.
    const chairs = await createCoChairs(app);
    const group = await createTechnicalGroup(app, {
      coChairs: { mx: chairs.mx.id, us: chairs.us.id },
    });
    const schedule = (startsAt: string, timeZone: string) =>
      app
        .http()
        .post(`/api/v1/technical-groups/${group.id}/meetings`)
        .auth(chairs.mxToken, { type: 'bearer' })
        .send({ kind: 'plenary', startsAt, timeZone, place: 'Puente internacional' });
    for (const [timeZone, summerOffset] of [
      ['America/Tijuana', -7],
      ['America/Ciudad_Juarez', -6],
      ['America/Matamoros', -5],
      ['America/New_York', -4],
    ] as const) {
      const repeated = await schedule('2027-11-07T01:30', timeZone);
      expect([timeZone, repeated.status, repeated.body.startsAt]).toEqual([
        timeZone,
        201,
        new Date(Date.UTC(2027, 10, 7, 1 - summerOffset, 30)).toISOString(),
      ]);
      const skipped = await schedule('2027-03-14T02:30', timeZone);
      expect(expectProblem(skipped, 400).errors?.[0].field).toBe('startsAt');
    }
  });

  describe('every value PostgreSQL would refuse is a 400 naming the field', () => {
    it('a NUL character (22P05 in jsonb, 22021 in text), in a body or a query', async () => {
      const project = await app
        .http()
        .post('/api/v1/projects')
        .auth(admin, { type: 'bearer' })
        .send({
          code: 'NUL-STD',
          name: { en: 'x', es: 'x' },
          type: 'bridge',
          attributes: { note: 'a\u0000b' },
        });
      expect(expectProblem(project, 400).errors).toEqual([
        {
          field: 'attributes.note',
          message: 'attributes.note contains the NUL character (U+0000), which cannot be stored',
        },
      ]);
      const query = await app
        .http()
        .get('/api/v1/projects')
        .query({ q: 'a\u0000b' })
        .auth(admin, { type: 'bearer' });
      expect(expectProblem(query, 400).errors?.map((e) => e.field)).toEqual(['q']);
      const listed = await app.http().get('/api/v1/projects').auth(admin, { type: 'bearer' });
      expect(listed.body.items.map((p: { code: string }) => p.code)).not.toContain('NUL-STD');
    });

    it('a number out of range (22003) or not a number PostgreSQL reads (22P02)', async () => {
      for (const offset of ['9223372036854775808', '1e30']) {
        const response = await app
          .http()
          .get(`/api/v1/workflows?offset=${offset}`)
          .auth(admin, { type: 'bearer' });
        expect(expectProblem(response, 400).errors?.map((e) => e.field)).toEqual(['offset']);
      }
    });

    it('a date out of range (22008)', async () => {
      const agency = await createAgency(app);
      const response = await app
        .http()
        .put(`/api/v1/agencies/${agency.id}/non-working-days`)
        .auth(admin, { type: 'bearer' })
        .send({ dates: ['0000-01-01'] });
      const problem = expectProblem(response, 400);
      expect(problem.errors?.[0].field).toMatch(/^dates/);
    });

    it('a text too long for its field (22001) or for an index (54000)', async () => {
      const code = await app
        .http()
        .post('/api/v1/projects')
        .auth(admin, { type: 'bearer' })
        .send({ code: 'X'.repeat(5000), name: { en: 'x', es: 'x' }, type: 'bridge' });
      expect(expectProblem(code, 400).errors?.map((e) => e.field)).toEqual(['code']);
      const project = await createProject(app);
      const attribute = await app
        .http()
        .patch(`/api/v1/projects/${project.id}`)
        .auth(admin, { type: 'bearer' })
        .send({ attributes: { note: 'v'.repeat(90_000) } });
      expect(expectProblem(attribute, 400).errors?.[0].field).toMatch(/^attributes/);
    });

    it('maps each class as PostgreSQL raises it to the field that carried the value', async () => {
      const raise = async (sql: string, values?: unknown[]) => {
        try {
          await app.sql(sql, values);
        } catch (error) {
          return error;
        }
        throw new Error(`${sql} did not fail`);
      };
      const cases: [unknown, { body?: unknown; query?: unknown; params?: unknown }, string][] = [
        [await raise(`SELECT $1::uuid`, ['abc']), { params: { id: 'abc' } }, 'id'],
        [
          await raise(`SELECT $1::int`, ['99999999999']),
          { query: { offset: '99999999999' } },
          'offset',
        ],
        [
          await raise(`SELECT $1::date`, ['0000-01-01']),
          { body: { dates: ['0000-01-01'] } },
          'dates[0]',
        ],
        [
          await raise(
            `CREATE TEMP TABLE IF NOT EXISTS t22001 (v varchar(4)); INSERT INTO t22001 VALUES ('toolong')`,
          ),
          { body: { code: 'toolong', name: 'x' } },
          'code',
        ],
        [
          await raise(`SELECT $1::jsonb`, ['{"note":"a\\u0000b"}']),
          { body: { attributes: { note: 'a\u0000b' } } },
          'attributes.note',
        ],
        [
          await raise(
            `CREATE TEMP TABLE IF NOT EXISTS t54000 (v text); CREATE INDEX IF NOT EXISTS t54000_v ON t54000 (v); INSERT INTO t54000 SELECT string_agg(md5(i::text), '') FROM generate_series(1, 300) i`,
          ),
          { body: { title: 'short', note: 'x'.repeat(9600) } },
          'note',
        ],
      ];
      for (const [error, request, field] of cases) {
        const problem = toProblem(error, request);
        expect(problem?.status).toBe(400);
        expect(problem?.errors?.[0]?.field).toBe(field);
      }
    });
  });
});
