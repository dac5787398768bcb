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

/** An MX and a US agency, each with an approver who can co-chair a technical group. */
export async function createCoChairs(app: TestApp) {
  const mxAgency = await createAgency(app, { country: 'MX' });
  const usAgency = await createAgency(app, { country: 'US' });
  const mx = await createUser(app, { roles: ['approver'], agencyId: mxAgency.id });
  const us = await createUser(app, { roles: ['approver'], agencyId: usAgency.id });
  return { mx: mx.user, us: us.user, mxAgency, usAgency, mxToken: mx.token, usToken: us.token };
}

export async function createTechnicalGroup(
  app: TestApp,
  body: Partial<{
    code: string;
    name: { en: string; es: string };
    mxStates: string[];
    usStates: string[];
    coChairs: { mx: string; us: string };
    memberAgencyCodes: string[];
  }> = {},
) {
  let coChairs = body.coChairs;
  if (!coChairs) {
    const created = await createCoChairs(app);
    coChairs = { mx: created.mx.id, us: created.us.id };
  }
  const response = await app
    .http()
    .post('/api/v1/technical-groups')
    .auth(await app.adminToken(), { type: 'bearer' })
    .send({
      code: body.code ?? `TG${unique()}`.slice(0, 32),
      name: body.name ?? { en: 'Test group', es: 'Grupo de prueba' },
      mxStates: body.mxStates ?? ['SON'],
      usStates: body.usStates ?? ['AZ'],
      coChairs,
      ...(body.memberAgencyCodes ? { memberAgencyCodes: body.memberAgencyCodes } : {}),
    });
  if (response.status !== 201) throw new Error(`group: ${response.status} ${response.text}`);
  return response.body as {
    id: string;
    code: string;
    coChairs: { mx: { userId: string }; us: { userId: string } };
  };
}

export async function createProject(
  app: TestApp,
  body: Partial<{
    code: string;
    name: { en: string; es: string };
    type: string;
    status: string;
    technicalGroupCode: string;
    attributes: Record<string, string | number | boolean>;
  }> = {},
  token?: string,
) {
  const response = await app
    .http()
    .post('/api/v1/projects')
    .auth(token ?? (await app.adminToken()), { type: 'bearer' })
    .send({
      code: `PR${unique()}`.slice(0, 32),
      name: { en: 'Test project', es: 'Proyecto de prueba' },
      type: 'bridge',
      ...body,
    });
  if (response.status !== 201) throw new Error(`project: ${response.status} ${response.text}`);
  return response.body as {
    id: string;
    code: string;
    status: string;
    technicalGroupCode: string | null;
  };
}

/**
 * Creates an approval chain as the admin and publishes it: its version's id. Throws with the
 * API's answer when either call is refused.
 */
export async function publishChain(
  app: TestApp,
  chain: { key: string; name: { en: string; es: string }; steps: Record<string, unknown>[] },
): Promise<string> {
  const admin = await app.adminToken();
  const created = await app
    .http()
    .post('/api/v1/approval-chains')
    .auth(admin, { type: 'bearer' })
    .send(chain);
  if (created.status !== 201) throw new Error(`chain: ${created.status} ${created.text}`);
  const id = (created.body as { id: string }).id;
  const published = await app
    .http()
    .post(`/api/v1/approval-chains/${id}/publish`)
    .auth(admin, { type: 'bearer' });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${published.text}`);
  return id;
}

/**
 * Starts a workflow of the published chain `chainKey` on a new project (with `project`'s
 * fields, e.g. its technical group), as `token`'s coordinator: the workflow as the API answers
 * it. Throws with the API's answer when refused.
 */
export async function startWorkflow<T = { id: string }>(
  app: TestApp,
  chainKey: string,
  token: string,
  project: Parameters<typeof createProject>[1] = {},
): Promise<T> {
  const { id } = await createProject(app, project, token);
  const started = await app
    .http()
    .post(`/api/v1/projects/${id}/workflows`)
    .auth(token, { type: 'bearer' })
    .send({ chainKey });
  if (started.status !== 201) throw new Error(`workflow: ${started.status} ${started.text}`);
  return started.body as T;
}
