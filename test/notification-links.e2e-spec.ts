import { DateTime } from 'luxon';
import {
  createAgency,
  createProject,
  createTechnicalGroup,
  createUser,
  publishChain,
} from './support/fixtures';
import { startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';

interface Item {
  id: string;
  type: string;
  readAt: string | null;
  subject: string;
  title: string;
  workflowId?: string;
  stepKey?: string;
  technicalGroupCode?: string;
  meetingId?: string;
  actionItemId?: string;
  delegationId?: string;
}

/**
 * Every notice in the inbox says what it is about, so the web app can link it to its page: a
 * workflow's step, a group's meeting (invitation, change, minutes), a group's action items, a
 * delegation. The fields are stored when the notice is written, from the event that caused it.
 */
describe('Notifications: what each notice is about', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let group: { id: string; code: string };
  let mxChair: Awaited<ReturnType<typeof createUser>>;
  let usChair: Awaited<ReturnType<typeof createUser>>; // of ADOT, the action item's owner
  let adotViewer: Awaited<ReturnType<typeof createUser>>;

  const inbox = async (token: string) => {
    const response = await app
      .http()
      .get('/api/v1/notifications')
      .query({ limit: 100 })
      .auth(token, { type: 'bearer' });
    expect(response.status).toBe(200);
    return response.body.items as Item[];
  };
  const send = (method: 'post' | 'put', path: string, token: string, body: object = {}) => {
    const agent = app.http();
    return agent[method](`/api/v1/technical-groups/${group.id}${path}`)
      .auth(token, { type: 'bearer' })
      .send(body);
  };
  const inAWeek = () =>
    DateTime.now()
      .setZone('America/Hermosillo')
      .plus({ days: 7 })
      .startOf('hour')
      .toFormat("yyyy-MM-dd'T'HH:mm");
  const linkFields = [
    'workflowId',
    'stepKey',
    'technicalGroupCode',
    'meetingId',
    'actionItemId',
    'delegationId',
  ] as const;
  /** Only the fields that say what a notice is about (absent ones stay absent). */
  const about = (item: Item) =>
    Object.fromEntries(linkFields.filter((f) => f in item).map((f) => [f, item[f]]));

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ SMTP_URL: smtp.url });
    const son = await createAgency(app, { country: 'MX', timeZone: 'America/Hermosillo' });
    const adot = await createAgency(app, {
      code: 'ADOT',
      country: 'US',
      timeZone: 'America/Phoenix',
    });
    mxChair = await createUser(app, { roles: ['approver'], agencyId: son.id, locale: 'es' });
    usChair = await createUser(app, { roles: ['approver'], agencyId: adot.id });
    adotViewer = await createUser(app, { roles: ['viewer'], agencyId: adot.id });
    group = await createTechnicalGroup(app, {
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
    });
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('a meeting notice names the group and the meeting; its minutes, the same meeting', async () => {
    const created = await send('post', '/meetings', mxChair.token, {
      kind: 'regional',
      title: { en: 'Linked meeting', es: 'Reunión enlazada' },
      startsAt: inAWeek(),
      timeZone: 'America/Hermosillo',
      place: 'Nogales',
    });
    expect(created.status).toBe(201);
    const meetingId = created.body.id as string;

    for (const chair of [mxChair, usChair]) {
      const invitation = (await inbox(chair.token)).find(
        (n) => n.type === 'meeting_invitation' && n.meetingId === meetingId,
      );
      expect(invitation && about(invitation)).toEqual({
        technicalGroupCode: group.code,
        meetingId,
      });
    }

    // The meeting is held (its start a minute ago), and its minutes published.
    await app.sql(`UPDATE meetings SET starts_at = now() - interval '1 minute' WHERE id = $1`, [
      meetingId,
    ]);
    await send('put', `/meetings/${meetingId}/minutes`, mxChair.token, {
      decisions: [{ en: 'Next meeting in Nogales', es: 'Próxima reunión en Nogales' }],
      presentAgencyCodes: ['ADOT'],
    }).expect(200);
    await send('post', `/meetings/${meetingId}/minutes/publish`, mxChair.token).expect(200);
    const minutes = (await inbox(usChair.token)).find((n) => n.type === 'minutes_published');
    expect(minutes && about(minutes)).toEqual({ technicalGroupCode: group.code, meetingId });

    // An action item agreed there: its owner's people are told, with the group and the item.
    const item = await send('post', `/meetings/${meetingId}/action-items`, mxChair.token, {
      title: { en: 'Share the traffic study', es: 'Compartir el estudio de tránsito' },
      ownerAgencyCode: 'ADOT',
      dueDate: DateTime.now().setZone('America/Phoenix').plus({ days: 20 }).toISODate(),
    });
    expect(item.status).toBe(201);
    const assigned = (await inbox(usChair.token)).find((n) => n.type === 'action_item_assigned');
    expect(assigned && about(assigned)).toEqual({
      technicalGroupCode: group.code,
      actionItemId: item.body.id,
    });
  });

  it('a delegation notice names the delegation, to both people', async () => {
    const created = await app
      .http()
      .post('/api/v1/delegations')
      .auth(usChair.token, { type: 'bearer' })
      .send({
        delegateId: adotViewer.user.id,
        startsAt: new Date(Date.now() + 86_400_000).toISOString(),
        endsAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        legalBasis: 'Art. 12 of the internal rules',
      });
    expect(created.status).toBe(201);
    for (const who of [usChair, adotViewer]) {
      const notice = (await inbox(who.token)).find((n) => n.type === 'delegation_created');
      expect(notice && about(notice)).toEqual({ delegationId: created.body.id });
      // The app's own tag is for the mailbox: the email keeps it, the app's title does not.
      expect(notice!.subject).toMatch(/^\[Puentes\] Delegation: /);
      expect(notice!.title).toBe(notice!.subject.slice('[Puentes] '.length));
    }
  });

  it('a workflow notice keeps its workflow and step, and nothing else', async () => {
    await publishChain(app, {
      key: 'linked-permit',
      name: { en: 'Linked permit', es: 'Permiso enlazado' },
      steps: [
        {
          key: 'adot-review',
          name: { en: 'ADOT review', es: 'Revisión de ADOT' },
          assignees: [{ agency: 'ADOT' }],
        },
      ],
    });
    const coordinator = await createUser(app, { roles: ['coordinator'] });
    const project = await createProject(app, {}, coordinator.token);
    const started = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ chainKey: 'linked-permit' });
    expect(started.status).toBe(201);
    const assigned = (await inbox(usChair.token)).find(
      (n) => n.type === 'step_assigned' && n.workflowId === started.body.id,
    );
    expect(assigned && about(assigned)).toEqual({
      workflowId: started.body.id,
      stepKey: 'adot-review',
    });
    // A project's tag says which one: kept in the app's title too.
    expect(assigned!.title).toBe(assigned!.subject);
    expect(assigned!.title).toMatch(new RegExp(`^\\[${project.code}\\] `));
  });
});
