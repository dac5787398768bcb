import type { TestApp } from './test-app';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();

export async function createAgency(
  app: TestApp,
  body: Partial<{
    code: string;
    country: 'MX' | 'US';
    timeZone: string;
    name: { en: string; es: string };
  }> = {},
) {
  const response = await app
    .http()
    .post('/api/v1/agencies')
    .auth(await app.adminToken(), { type: 'bearer' })
    .send({
      code: body.code ?? `AG${unique()}`.slice(0, 32),
      country: body.country ?? 'MX',
      name: body.name ?? { en: 'Test agency', es: 'Agencia de prueba' },
      ...(body.timeZone ? { timeZone: body.timeZone } : {}),
    });
  if (response.status !== 201) throw new Error(`agency: ${response.status} ${response.text}`);
  return response.body as { id: string; code: string; country: string; timeZone: string };
}

export async function createUser(
  app: TestApp,
  body: { roles: string[]; agencyId?: string; locale?: string; timeZone?: string; email?: string },
) {
  const email = body.email ?? `user.${unique().toLowerCase()}@test.puentes.local`;
  const password = 'a-long-test-password';
  const response = await app
    .http()
    .post('/api/v1/users')
    .auth(await app.adminToken(), { type: 'bearer' })
    .send({ name: 'Test User', password, ...body, email });
  if (response.status !== 201) throw new Error(`user: ${response.status} ${response.text}`);
  const token = await app.login(email, password);
  return { user: response.body as { id: string; email: string }, token, password };
}

/** Asserts an RFC 9457 answer and returns its body. */
export function expectProblem(
  response: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
  status: number,
) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toEqual(
    expect.objectContaining({
      type: expect.any(String),
      title: expect.any(String),
      status,
      detail: expect.any(String),
    }),
  );
  return response.body as {
    code: string;
    detail: string;
    errors?: { field: string; message: string }[];
  };
}
