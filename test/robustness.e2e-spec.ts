import fc from 'fast-check';
import { createAgency, createUser } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * "No request, however malformed, may produce a 5xx": every route in the OpenAPI description
 * gets wrong path parameters, wrongly typed fields, garbage bodies and garbage queries.
 */
describe('Robustness: malformed requests never get a 5xx', () => {
  let app: TestApp;
  let admin: string;
  let viewer: string;
  let operations: { method: string; path: string; schema?: Schema }[];

  interface Schema {
    properties?: Record<string, unknown>;
  }

  beforeAll(async () => {
    app = await createTestApp();
    admin = await app.adminToken();
    const agency = await createAgency(app, { code: 'SRE', country: 'MX' });
    viewer = (await createUser(app, { roles: ['viewer', 'approver'], agencyId: agency.id })).token;
    const document = (await app.http().get('/docs-json')).body as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>
      >;
      components: { schemas: Record<string, Schema> };
    };
    operations = Object.entries(document.paths)
      // Logout would end the sessions of the tokens every other request here uses, turning
      // them into 401s; sessions.e2e-spec covers it.
      .filter(([path]) => path !== '/api/v1/auth/logout')
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => {
          const ref = operation.requestBody?.content['application/json']?.schema.$ref;
          return {
            method,
            path,
            schema: ref ? document.components.schemas[ref.split('/').pop()!] : undefined,
          };
        }),
      );
  });
  afterAll(() => app?.close());

  const WRONG_VALUES: unknown[] = [
    null,
    12,
    -1,
    1e308,
    'text',
    '',
    true,
    [],
    {},
    ['x'],
    { en: 1 },
    '\u0000',
    'x'.repeat(5000),
  ];
  const PATH_VALUES = [
    '7d0f5e8e-0000-4000-8000-000000000000',
    'not-a-uuid',
    '%E0%A4%A',
    '..',
    'x'.repeat(300),
  ];

  function paths(template: string): string[] {
    return PATH_VALUES.map((value) => template.replace(/\{[^}]+\}/g, value));
  }

  function wrongBodies(schema?: Schema): unknown[] {
    const bodies: unknown[] = [undefined, {}, [], 'text', 0, null, { unknown: 1 }];
    const properties = Object.keys(schema?.properties ?? {});
    for (const [index, wrong] of WRONG_VALUES.entries()) {
      bodies.push(
        Object.fromEntries(
          properties.map((p, i) => [p, WRONG_VALUES[(index + i) % WRONG_VALUES.length] ?? wrong]),
        ),
      );
    }
    return bodies;
  }

  async function send(method: string, url: string, token: string, body: unknown) {
    let request = app.http()[method as 'get'](url).auth(token, { type: 'bearer' });
    if (body !== undefined && method !== 'get') {
      request = request.set('Content-Type', 'application/json').send(JSON.stringify(body) as never);
    }
    return request;
  }

  it('answers every route with wrong path parameters and wrongly typed fields with a 4xx', async () => {
    const failures: string[] = [];
    for (const { method, path, schema } of operations) {
      if (path === '/health') continue;
      for (const url of paths(path)) {
        for (const body of wrongBodies(schema)) {
          for (const token of [admin, viewer]) {
            const response = await send(method, url, token, body);
            if (response.status >= 500)
              failures.push(
                `${method.toUpperCase()} ${url} ${JSON.stringify(body)?.slice(0, 80)} → ${response.status}`,
              );
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('answers arbitrary JSON bodies and query strings with a 4xx', async () => {
    const writes = operations.filter((o) => o.method !== 'get');
    const reads = operations.filter((o) => o.method === 'get' && o.path !== '/health');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...writes),
        fc.jsonValue({ maxDepth: 3 }),
        async (operation, body) => {
          const url = operation.path.replace(/\{[^}]+\}/g, '7d0f5e8e-0000-4000-8000-000000000000');
          const response = await send(operation.method, url, admin, body);
          return response.status < 500;
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...reads),
        fc.dictionary(
          fc.constantFrom(
            'limit',
            'offset',
            'q',
            'status',
            'type',
            'country',
            'key',
            'role',
            'agencyId',
            'technicalGroupCode',
            'x',
          ),
          fc.string(),
        ),
        async (operation, query) => {
          const url = operation.path.replace(/\{[^}]+\}/g, '7d0f5e8e-0000-4000-8000-000000000000');
          const response = await app.http().get(url).query(query).auth(admin, { type: 'bearer' });
          return response.status < 500;
        },
      ),
      { numRuns: 150 },
    );
  }, 120_000);
});
