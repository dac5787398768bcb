import { createServer } from 'node:net';
import { DateTime } from 'luxon';
import { startSmtpServer } from '../support/smtp';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The world the browser tests act in, made through the API (the UI is not the subject of the
 * setup): agencies of both countries, a Sonora–Arizona group with its two co-chairs, people
 * with their own language and zone, and a published three-step chain —
 * the SRE's technical file, then the group's co-chairs, then CBP.
 */

export interface Person {
  id: string;
  email: string;
  password: string;
  name: string;
  token: string;
}

export interface StepView {
  key: string;
  status: string;
  round: number;
  dueAt: string | null;
  assignees: { agency?: string; technicalGroup?: string; decision: string | null }[];
}
export interface WorkflowView {
  id: string;
  status: string;
  steps: StepView[];
}

export const CHAIN = {
  key: 'border-crossing',
  name: { en: 'Border crossing authorization', es: 'Autorización de cruce fronterizo' },
};
export const STEPS = {
  file: { en: 'Technical file', es: 'Expediente técnico' },
  chairs: { en: 'Co-chairs’ sign-off', es: 'Visto bueno de la copresidencia' },
  cbp: { en: 'CBP operational review', es: 'Revisión operativa de CBP' },
};
export const GROUP = {
  code: 'SON-AZ',
  name: { en: 'Sonora–Arizona', es: 'Sonora–Arizona' },
};

let serial = 0;

/** A port nobody listens on now, so PUBLIC_URL (the links in emails) can name it up front. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The service on a port of its own, mailing to an in-process SMTP server; links point at it. */
export async function startService() {
  const smtp = await startSmtpServer();
  const port = await freePort();
  const app = await createTestApp({
    SMTP_URL: smtp.url,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
  });
  return { app, smtp };
}

export type Scenario = Awaited<ReturnType<typeof createScenario>>;

export async function createScenario(app: TestApp) {
  const admin = await app.adminToken();
  const post = async <T>(path: string, token: string, body: object, status = 201) => {
    const response = await app.http().post(path).auth(token, { type: 'bearer' }).send(body);
    if (response.status !== status)
      throw new Error(`POST ${path}: ${response.status} ${response.text}`);
    return response.body as T;
  };

  const agencies: Record<string, { id: string }> = {};
  for (const [code, country, timeZone, en, es] of [
    ['SRE', 'MX', 'America/Mexico_City', 'Foreign Affairs', 'Relaciones Exteriores'],
    ['SON-SICT', 'MX', 'America/Hermosillo', 'SICT Sonora', 'SICT Sonora'],
    ['CBP', 'US', 'America/New_York', 'Customs and Border Protection', 'Aduanas y Protección'],
    ['ADOT', 'US', 'America/Phoenix', 'Arizona DOT', 'Transporte de Arizona'],
  ] as const)
    agencies[code] = await post('/api/v1/agencies', admin, {
      code,
      country,
      timeZone,
      name: { en, es },
    });

  const person = async (
    name: string,
    roles: string[],
    agency: string | null,
    locale: 'en' | 'es',
    timeZone: string,
  ): Promise<Person> => {
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${serial++}@test.puentes.local`;
    const password = 'a-long-browser-test-password';
    const user = await post<{ id: string }>('/api/v1/users', admin, {
      email,
      name,
      password,
      roles,
      locale,
      timeZone,
      ...(agency ? { agencyId: agencies[agency].id } : {}),
    });
    return { id: user.id, email, password, name, token: await app.login(email, password) };
  };

  const people = {
    coordinator: await person('Carmen Vega', ['coordinator'], null, 'en', 'America/Mexico_City'),
    /** The approver whose language is Spanish (she signs from her email). */
    sre: await person('Sofía Herrera', ['approver'], 'SRE', 'es', 'America/Mexico_City'),
    sre2: await person('Ricardo Ortega', ['approver'], 'SRE', 'es', 'America/Mexico_City'),
    mxChair: await person('Lucía Durán', ['approver'], 'SON-SICT', 'es', 'America/Hermosillo'),
    usChair: await person('John Miller', ['approver'], 'ADOT', 'en', 'America/Phoenix'),
    cbp: await person('Dana Brooks', ['approver'], 'CBP', 'en', 'America/New_York'),
    inHermosillo: await person('Marta Soto', ['viewer'], 'SON-SICT', 'en', 'America/Hermosillo'),
    inNewYork: await person('Peter Wolfe', ['viewer'], 'CBP', 'en', 'America/New_York'),
  };

  const group = await post<{ id: string; code: string }>('/api/v1/technical-groups', admin, {
    code: GROUP.code,
    name: GROUP.name,
    mxStates: ['SON'],
    usStates: ['AZ'],
    coChairs: { mx: people.mxChair.id, us: people.usChair.id },
  });

  const chain = await post<{ id: string }>('/api/v1/approval-chains', admin, {
    key: CHAIN.key,
    name: CHAIN.name,
    steps: [
      {
        key: 'expediente',
        name: STEPS.file,
        assignees: [{ agency: 'SRE' }],
        sla: { businessDays: 5, calendar: 'MX' },
      },
      {
        key: 'copresidencia',
        name: STEPS.chairs,
        assignees: [{ technicalGroup: GROUP.code }],
        dependsOn: ['expediente'],
        sla: { businessDays: 10, calendar: 'binational' },
      },
      {
        key: 'revision-cbp',
        name: STEPS.cbp,
        assignees: [{ agency: 'CBP' }],
        dependsOn: ['copresidencia'],
        sla: { businessDays: 10, calendar: 'US' },
      },
    ],
  });
  await post(`/api/v1/approval-chains/${chain.id}/publish`, admin, {}, 200);

  let projectSerial = 0;
  /** A project of the group (its code and its names in both languages). */
  const project = async (en: string, es: string) =>
    post<{ id: string; code: string }>('/api/v1/projects', people.coordinator.token, {
      code: `NOG-${Date.now().toString(36).toUpperCase()}-${projectSerial++}`,
      name: { en, es },
      type: 'rail_crossing',
      technicalGroupCode: GROUP.code,
    });

  const startWorkflow = async (projectId: string) =>
    post<WorkflowView>(`/api/v1/projects/${projectId}/workflows`, people.coordinator.token, {
      chainKey: CHAIN.key,
    });

  const workflow = async (id: string) => {
    const response = await app
      .http()
      .get(`/api/v1/workflows/${id}`)
      .auth(people.coordinator.token, { type: 'bearer' });
    if (response.status !== 200) throw new Error(`GET workflow: ${response.status}`);
    return response.body as WorkflowView;
  };

  const step = async (workflowId: string, key: string) =>
    (await workflow(workflowId)).steps.find((s) => s.key === key)!;

  const decide = (workflowId: string, key: string, who: Person, body: object) =>
    post<WorkflowView>(`/api/v1/workflows/${workflowId}/steps/${key}/decisions`, who.token, body);

  /**
   * Brings a workflow to the point a test starts from, through the API, when an earlier test
   * (whose subject it was) did not get it there: every step before `key` approved.
   */
  const approveThrough = async (workflowId: string, keys: string[]) => {
    for (const key of keys) {
      const current = await step(workflowId, key);
      if (current.status !== 'active') continue;
      if (key === 'expediente') await decide(workflowId, key, people.sre, { decision: 'approve' });
      if (key === 'copresidencia')
        for (const chair of [people.mxChair, people.usChair]) {
          const again = await step(workflowId, key);
          if (again.status === 'active')
            await decide(workflowId, key, chair, { decision: 'approve' }).catch(() => undefined);
        }
      if (key === 'revision-cbp')
        await decide(workflowId, key, people.cbp, { decision: 'approve' });
    }
  };

  /**
   * A document uploaded through the API (multipart, fields before the file), to the project or
   * to a step of one of its workflows (`fields.workflowId`, `fields.stepKey`).
   */
  const uploadDocument = async (
    projectId: string,
    who: Person,
    fields: Record<string, string>,
    file: { name: string; bytes: Buffer },
  ) => {
    let request = app.http().post(`/api/v1/projects/${projectId}/documents`);
    for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
    const response = await request
      .auth(who.token, { type: 'bearer' })
      .attach('file', file.bytes, file.name);
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${response.text}`);
    return response.body as { id: string; sha256: string; title: string; version: number };
  };

  /**
   * A regional meeting of the group scheduled by its Mexican co-chair, `inDays` days ahead on
   * the hour, Hermosillo time, in Nogales.
   */
  const meeting = async (
    title: { en: string; es: string } = { en: 'Regional meeting', es: 'Reunión regional' },
    inDays = 3,
  ) =>
    post<{ id: string }>(`/api/v1/technical-groups/${group.id}/meetings`, people.mxChair.token, {
      kind: 'regional',
      title,
      startsAt: DateTime.now()
        .setZone('America/Hermosillo')
        .plus({ days: inDays })
        .startOf('hour')
        .toFormat("yyyy-MM-dd'T'HH:mm"),
      timeZone: 'America/Hermosillo',
      place: 'Nogales, Sonora',
    });

  /** An action item of a meeting, owed by `ownerAgencyCode` 5 binational working days after. */
  const actionItem = async (
    meetingId: string,
    title: { en: string; es: string },
    ownerAgencyCode: string,
  ) =>
    post<{ id: string }>(
      `/api/v1/technical-groups/${group.id}/meetings/${meetingId}/action-items`,
      people.mxChair.token,
      { title, ownerAgencyCode, dueIn: { businessDays: 5, calendar: 'binational' } },
    );

  return {
    admin,
    agencies,
    people,
    group,
    meeting,
    actionItem,
    project,
    startWorkflow,
    workflow,
    step,
    decide,
    approveThrough,
    uploadDocument,
  };
}
