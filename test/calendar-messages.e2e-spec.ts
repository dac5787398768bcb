import { calendarOfMail } from './support/itip';
import { createAgency, createProject, createUser } from './support/fixtures';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';

let serial = 0;
const key = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${serial++}`;
const name = (en: string) => ({ en, es: `${en} (es)` });

/**
 * Every calendar message Puentes emails is a valid iTIP message (RFC 5545, 5546, 6047), read
 * back from a real SMTP server with a real parser (ical.js): a step's deadline goes out as a
 * REQUEST with its assignment, and is withdrawn (CANCEL, same UID, higher SEQUENCE) from the
 * calendars that received it once the step is decided or the workflow ends.
 */
describe('Calendar messages of deadlines', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: string;
  let coordinator: Awaited<ReturnType<typeof createUser>>;
  let cbp: Awaited<ReturnType<typeof createUser>>;
  let sre: Awaited<ReturnType<typeof createUser>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Puentes <avisos@puentes.example.org>',
    });
    admin = await app.adminToken();
    const us = await createAgency(app, { code: 'CBP', country: 'US' });
    const mx = await createAgency(app, { code: 'SRE', country: 'MX' });
    coordinator = await createUser(app, { roles: ['coordinator'], locale: 'en' });
    cbp = await createUser(app, { roles: ['approver'], agencyId: us.id, locale: 'en' });
    sre = await createUser(app, { roles: ['approver'], agencyId: mx.id, locale: 'es' });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  async function start(): Promise<{ id: string }> {
    const chainKey = key('chain');
    const chain = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({
        key: chainKey,
        name: name('Permit'),
        steps: [
          {
            key: 'review',
            name: name('CBP review'),
            assignees: [{ agency: 'CBP' }],
            sla: { duration: 'P3D' },
          },
          {
            key: 'sign',
            name: name('SRE signature'),
            assignees: [{ agency: 'SRE' }],
            dependsOn: ['review'],
            sla: { duration: 'P5D' },
          },
        ],
      });
    expect(chain.status).toBe(201);
    await app
      .http()
      .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const project = await createProject(app, {}, coordinator.token);
    const started = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ chainKey });
    expect(started.status).toBe(201);
    return started.body as { id: string };
  }

  const mails = (workflowId: string, type: string, to: string) =>
    smtp.received.filter(
      (m) =>
        header(m.mail, 'x-puentes-workflow-id') === workflowId &&
        header(m.mail, 'x-puentes-notification-type') === type &&
        m.to === to,
    );
  const calendarOf = (mail: ReceivedMail) => calendarOfMail(mail.mail);

  it('sends a deadline as a REQUEST and withdraws it with a CANCEL once the step is decided', async () => {
    const before = Date.now();
    const workflow = await start();
    await smtp.waitFor(() => mails(workflow.id, 'step_assigned', cbp.user.email).length === 1);
    const invite = calendarOf(mails(workflow.id, 'step_assigned', cbp.user.email)[0]);
    expect(invite).toMatchObject({
      method: 'REQUEST',
      sequence: 0,
      organizer: 'avisos@puentes.example.org',
      attendees: [cbp.user.email.toLowerCase()],
    });
    // Stamped when made (to the second), three days before the deadline it carries.
    expect(invite.dtstamp.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(invite.dtstamp.getTime()).toBeLessThanOrEqual(Date.now());
    expect(invite.dtstart!.getTime() - invite.dtstamp.getTime()).toBeGreaterThan(2 * 86_400_000);
    // The event says what it is and links to the step, without the email's greeting and
    // signature around it.
    expect(invite.url).toMatch(new RegExp(`/workflows/${workflow.id}\\?step=review$`));
    expect(invite.description).toContain(invite.url);
    expect(invite.description).not.toMatch(/Dear |Apreciable |Puentes — /);

    await app
      .http()
      .post(`/api/v1/workflows/${workflow.id}/steps/review/decisions`)
      .auth(cbp.token, { type: 'bearer' })
      .send({ decision: 'approve' })
      .expect(201);
    await smtp.waitFor(
      () =>
        mails(workflow.id, 'deadline_withdrawn', cbp.user.email).length === 1 &&
        mails(workflow.id, 'step_assigned', sre.user.email).length === 1,
    );
    const withdrawn = mails(workflow.id, 'deadline_withdrawn', cbp.user.email)[0];
    expect(calendarOf(withdrawn)).toMatchObject({
      method: 'CANCEL',
      uid: invite.uid,
      sequence: 1,
      status: 'CANCELLED',
      dtstart: invite.dtstart,
      organizer: 'avisos@puentes.example.org',
      attendees: [cbp.user.email.toLowerCase()],
    });
    expect(withdrawn.mail.subject).toMatch(/Deadline withdrawn: CBP review$/);
    // The next step's deadline is a new event, and nobody who never got one is told.
    const next = calendarOf(mails(workflow.id, 'step_assigned', sre.user.email)[0]);
    expect(next.method).toBe('REQUEST');
    expect(next.uid).not.toBe(invite.uid);
    expect(mails(workflow.id, 'deadline_withdrawn', sre.user.email)).toHaveLength(0);
    expect(mails(workflow.id, 'deadline_withdrawn', coordinator.user.email)).toHaveLength(0);
    // The signer gets the CANCEL by email, but their inbox does not tell them, unread, what
    // they just did.
    const inbox = (
      await app
        .http()
        .get('/api/v1/notifications?limit=200')
        .auth(cbp.token, { type: 'bearer' })
        .expect(200)
    ).body.items as { type: string; workflowId?: string; readAt: string | null }[];
    const notice = inbox.find(
      (n) => n.workflowId === workflow.id && n.type === 'deadline_withdrawn',
    );
    expect(notice?.readAt).toEqual(expect.any(String));
  });

  it('withdraws the open deadline when the workflow is cancelled, once', async () => {
    const workflow = await start();
    await smtp.waitFor(() => mails(workflow.id, 'step_assigned', cbp.user.email).length === 1);
    const invite = calendarOf(mails(workflow.id, 'step_assigned', cbp.user.email)[0]);
    await app
      .http()
      .post(`/api/v1/workflows/${workflow.id}/cancel`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ comment: 'Duplicate request' })
      .expect(200);
    await smtp.waitFor(() => mails(workflow.id, 'deadline_withdrawn', cbp.user.email).length === 1);
    const cancel = calendarOf(mails(workflow.id, 'deadline_withdrawn', cbp.user.email)[0]);
    expect(cancel).toMatchObject({ method: 'CANCEL', uid: invite.uid, sequence: 1 });
    // Withdrawn by someone else's act (the coordinator's): news to the approver, unread.
    const [unread] = await app.sql<{ read_at: Date | null }>(
      `SELECT read_at FROM notifications WHERE type = 'deadline_withdrawn' AND workflow_id = $1`,
      [workflow.id],
    );
    expect(unread.read_at).toBeNull();
    const stored = await app.sql<{ n: string }>(
      `SELECT count(*) AS n FROM notifications WHERE type = 'deadline_withdrawn' AND workflow_id = $1`,
      [workflow.id],
    );
    expect(Number(stored[0].n)).toBe(1);
  });

  it('withdraws a round sent back for changes, and sends the new round as a new event', async () => {
    const workflow = await start();
    await smtp.waitFor(() => mails(workflow.id, 'step_assigned', cbp.user.email).length === 1);
    const first = calendarOf(mails(workflow.id, 'step_assigned', cbp.user.email)[0]);
    await app
      .http()
      .post(`/api/v1/workflows/${workflow.id}/steps/review/decisions`)
      .auth(cbp.token, { type: 'bearer' })
      .send({ decision: 'request_changes', comment: 'Attach the traffic study' })
      .expect(201);
    await smtp.waitFor(() => mails(workflow.id, 'deadline_withdrawn', cbp.user.email).length === 1);
    expect(calendarOf(mails(workflow.id, 'deadline_withdrawn', cbp.user.email)[0])).toMatchObject({
      method: 'CANCEL',
      uid: first.uid,
    });
    await app
      .http()
      .post(`/api/v1/workflows/${workflow.id}/steps/review/resubmit`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ comment: 'Study attached' })
      .expect(200);
    await smtp.waitFor(() => mails(workflow.id, 'step_assigned', cbp.user.email).length === 2);
    const second = calendarOf(mails(workflow.id, 'step_assigned', cbp.user.email)[1]);
    expect(second.method).toBe('REQUEST');
    expect(second.uid).not.toBe(first.uid);
  });
});
