import { createAgency, createProject, createUser, expectProblem } from './support/fixtures';
import { header, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';

type Workflow = {
  id: string;
  steps: {
    key: string;
    status: string;
    activatedAt: string | null;
    dueAt: string | null;
    escalationLevel: number;
  }[];
};

let serial = 0;
const key = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${serial++}`;
const name = (en: string) => ({ en, es: `${en} (es)` });

describe('Deadlines, reminders, escalations and bilingual notifications', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let admin: string;
  let coordinator: { token: string; user: { id: string; email: string } };
  let sonora: { token: string; user: { id: string; email: string } };
  let cbp: { token: string; user: { id: string; email: string } };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://puentes.example.org/' });
    admin = await app.adminToken();
    const son = await createAgency(app, {
      code: 'SON-SICT',
      country: 'MX',
      timeZone: 'America/Hermosillo',
    });
    const us = await createAgency(app, { code: 'CBP', country: 'US' });
    coordinator = await createUser(app, {
      roles: ['coordinator'],
      locale: 'en',
      timeZone: 'America/New_York',
    });
    sonora = await createUser(app, { roles: ['approver'], agencyId: son.id });
    cbp = await createUser(app, { roles: ['approver'], agencyId: us.id });
  });
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  async function start(steps: Record<string, unknown>[]): Promise<Workflow> {
    const chainKey = key('chain');
    const chain = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({ key: chainKey, name: name('Chain'), steps });
    expect(chain.status).toBe(201);
    await app
      .http()
      .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const project = await createProject(
      app,
      { name: { en: 'Nogales rail crossing', es: 'Cruce ferroviario de Nogales' } },
      coordinator.token,
    );
    const started = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ chainKey });
    expect(started.status).toBe(201);
    return started.body as Workflow;
  }

  const mailsFor = (workflowId: string, type: string, to?: string) =>
    smtp.received.filter(
      (m) =>
        header(m.mail, 'x-puentes-workflow-id') === workflowId &&
        header(m.mail, 'x-puentes-notification-type') === type &&
        (!to || m.to === to),
    );

  it('sends the reminder on time and escalates at dueAt + after, raising the level', async () => {
    const workflow = await start([
      {
        key: 'review',
        name: name('Review'),
        assignees: [{ agency: 'CBP' }],
        sla: { duration: 'PT7S' },
        reminders: [{ before: 'PT4S' }],
        escalations: [{ after: 'PT0S', notify: ['coordinator', 'agency'] }],
      },
    ]);
    const step = workflow.steps[0];
    const dueAt = Date.parse(step.dueAt!);
    expect(dueAt - Date.parse(step.activatedAt!)).toBe(7000);

    // The assignment goes out at once, with the deadline as a calendar invite.
    await smtp.waitFor(
      () => mailsFor(workflow.id, 'step_assigned', cbp.user.email).length === 1,
      5000,
    );
    const assigned = mailsFor(workflow.id, 'step_assigned', cbp.user.email)[0].mail;
    expect(header(assigned, 'x-puentes-step-key')).toBe('review');
    expect(assigned.attachments.map((a) => a.contentType)).toContain('text/calendar');

    await smtp.waitFor(() => mailsFor(workflow.id, 'reminder').length >= 2, 10_000);
    const reminders = mailsFor(workflow.id, 'reminder');
    expect(reminders.map((r) => r.to).sort()).toEqual(
      [cbp.user.email, coordinator.user.email].sort(),
    );
    for (const reminder of reminders) {
      // Never early, and within a couple of seconds of dueAt − 4 s.
      expect(reminder.receivedAt).toBeGreaterThanOrEqual(dueAt - 4000);
      expect(reminder.receivedAt).toBeLessThan(dueAt - 4000 + 2500);
      expect(reminder.mail.messageId).toMatch(/^<[0-9a-f-]{36}@notifications\.puentes>$/);
    }

    await smtp.waitFor(() => mailsFor(workflow.id, 'escalation').length >= 2, 10_000);
    const escalations = mailsFor(workflow.id, 'escalation');
    expect(escalations.map((e) => e.to).sort()).toEqual(
      [cbp.user.email, coordinator.user.email].sort(),
    );
    expect(Math.min(...escalations.map((e) => e.receivedAt))).toBeGreaterThanOrEqual(dueAt);
    const after = (
      await app.http().get(`/api/v1/workflows/${workflow.id}`).auth(cbp.token, { type: 'bearer' })
    ).body as Workflow;
    expect(after.steps[0].escalationLevel).toBe(1);
    const events = await app
      .http()
      .get(`/api/v1/workflows/${workflow.id}/events?limit=200`)
      .auth(cbp.token, { type: 'bearer' });
    expect((events.body.items as { type: string }[]).map((e) => e.type)).toEqual(
      expect.arrayContaining(['reminder_sent', 'escalated']),
    );
    // The history, reminder and escalation included, replays through the engine to the
    // stored state (the escalation level too).
    const verify = () =>
      app
        .http()
        .get(`/api/v1/workflows/${workflow.id}/events/verify`)
        .auth(cbp.token, { type: 'bearer' });
    expect((await verify()).body).toMatchObject({ valid: true, replay: 'matches' });

    // Each person got each reminder and escalation once.
    await new Promise((r) => setTimeout(r, 2500));
    expect(mailsFor(workflow.id, 'reminder')).toHaveLength(2);
    expect(mailsFor(workflow.id, 'escalation')).toHaveLength(2);

    // A stored state its history does not rebuild is told apart, though the chain is intact.
    await app.sql('UPDATE workflow_steps SET escalation_level = 7 WHERE workflow_id = $1', [
      workflow.id,
    ]);
    expect((await verify()).body).toMatchObject({
      valid: false,
      firstBrokenSeq: null,
      signature: 'valid',
      replay: 'differs',
    });
    await app.sql('UPDATE workflow_steps SET escalation_level = 1 WHERE workflow_id = $1', [
      workflow.id,
    ]);
    expect((await verify()).body).toMatchObject({ valid: true, replay: 'matches' });
  }, 30_000);

  it('fires nothing for a step once it is decided', async () => {
    const workflow = await start([
      {
        key: 'quick',
        name: name('Quick'),
        assignees: [{ agency: 'CBP' }],
        sla: { duration: 'PT3S' },
        reminders: [{ before: 'PT1S' }],
        escalations: [{ after: 'PT0S', notify: ['coordinator'] }],
      },
    ]);
    await app
      .http()
      .post(`/api/v1/workflows/${workflow.id}/steps/quick/decisions`)
      .auth(cbp.token, { type: 'bearer' })
      .send({ decision: 'approve' })
      .expect(201);
    await new Promise((r) => setTimeout(r, 4500));
    expect(mailsFor(workflow.id, 'reminder')).toHaveLength(0);
    expect(mailsFor(workflow.id, 'escalation')).toHaveLength(0);
    const timers = await app.sql<{ status: string }>(
      'SELECT status FROM deadline_timers WHERE workflow_id = $1',
      [workflow.id],
    );
    expect(timers.map((t) => t.status)).toEqual(['cancelled', 'cancelled']);
    await smtp.waitFor(
      () => mailsFor(workflow.id, 'workflow_completed', coordinator.user.email).length === 1,
      5000,
    );
  }, 20_000);

  it('writes to each person in their language and time zone', async () => {
    const workflow = await start([
      {
        key: 'priority',
        name: { en: 'Regional prioritization', es: 'Priorización regional' },
        assignees: [{ agency: 'SON-SICT' }],
        sla: { businessDays: 5, calendar: 'MX' },
        reminders: [{ before: 'P10D' }],
      },
    ]);
    // 18:00 in Hermosillo (UTC−7 all year) is 01:00Z the next day.
    expect(workflow.steps[0].dueAt).toMatch(/T01:00:00\.000Z$/);
    await smtp.waitFor(
      () => mailsFor(workflow.id, 'step_assigned', sonora.user.email).length === 1,
      5000,
    );
    const spanish = mailsFor(workflow.id, 'step_assigned', sonora.user.email)[0].mail;
    expect(spanish.subject).toContain('Priorización regional');
    expect(spanish.subject).toMatch(/18:00/);
    expect(spanish.text).toMatch(/Hermosillo/);
    expect(spanish.text).toContain('Cruce ferroviario de Nogales');
    // A machine's message in the reader's language, linking to the step's decision panel.
    expect(header(spanish, 'auto-submitted')).toBe('auto-generated');
    expect(header(spanish, 'content-language')).toBe('es');
    const stepLink = `https://puentes.example.org/workflows/${workflow.id}?step=priority`;
    expect(spanish.html).toContain(
      `<a href="${stepLink}">Abrir la etapa en Puentes para decidir</a>`,
    );
    expect(spanish.text).toContain(stepLink);
    expect(spanish.text).toMatch(/^Apreciable .+:\n/);
    // The inbox, already in Puentes, shows the message alone: no greeting, link or signature.
    const inbox = (
      await app
        .http()
        .get('/api/v1/notifications?limit=200')
        .auth(sonora.token, { type: 'bearer' })
        .expect(200)
    ).body.items as { id: string; type: string; body: string; workflowId?: string }[];
    const notice = inbox.find((n) => n.workflowId === workflow.id && n.type === 'step_assigned');
    expect(notice?.body).toContain('Cruce ferroviario de Nogales');
    expect(notice?.body).toMatch(/\nFecha límite: .*Hermosillo/);
    expect(notice?.body).not.toMatch(/https?:\/\/|Apreciable|Puentes — /);
    // A notification from before the in-app body was kept shows its email's text.
    await app.sql('UPDATE notifications SET in_app_body = NULL WHERE id = $1', [notice!.id]);
    const old = (
      await app
        .http()
        .get('/api/v1/notifications?limit=200')
        .auth(sonora.token, { type: 'bearer' })
        .expect(200)
    ).body.items.find((n: { id: string }) => n.id === notice!.id) as { body: string };
    expect(old.body).toContain(stepLink);

    // The reminder (ten days before a five-day deadline) is due at once: the coordinator in New
    // York reads the same deadline in English, at 20:00 Eastern.
    await smtp.waitFor(
      () => mailsFor(workflow.id, 'reminder', coordinator.user.email).length === 1,
      10_000,
    );
    const english = mailsFor(workflow.id, 'reminder', coordinator.user.email)[0].mail;
    expect(english.subject).toContain('Regional prioritization');
    expect(english.subject).toMatch(/8:00\s?PM/);
    expect(english.subject).toMatch(/E[SD]T/);
    expect(english.text).toContain('Nogales rail crossing');
    expect(header(english, 'auto-submitted')).toBe('auto-generated');
    expect(header(english, 'content-language')).toBe('en');
    expect(english.html).toContain(`<a href="${stepLink}">Open the step in Puentes to decide</a>`);
  }, 20_000);

  it("counts the owner agency's own days off", async () => {
    const steps = [
      {
        key: 'file',
        name: name('File'),
        assignees: [{ agency: 'SON-SICT' }],
        sla: { businessDays: 1, calendar: 'MX' },
      },
    ];
    const before = Date.parse((await start(steps)).steps[0].dueAt!);
    // Close the Sonora office on that due date: the next workflow's deadline moves past it.
    const dueDate = new Date(before - 7 * 3600_000).toISOString().slice(0, 10);
    const agencies = await app
      .http()
      .get('/api/v1/agencies?q=SON-SICT')
      .auth(admin, { type: 'bearer' });
    await app
      .http()
      .put(`/api/v1/agencies/${agencies.body.items[0].id}/non-working-days`)
      .auth(admin, { type: 'bearer' })
      .send({ dates: [dueDate] })
      .expect(200);
    const after = Date.parse((await start(steps)).steps[0].dueAt!);
    expect(after).toBeGreaterThanOrEqual(before + 24 * 3600_000);
    expect(new Date(after).toISOString()).toMatch(/T01:00:00\.000Z$/);
  });

  it('keeps an in-app inbox per person', async () => {
    const mine = await app
      .http()
      .get('/api/v1/notifications?limit=200')
      .auth(cbp.token, { type: 'bearer' });
    expect(mine.status).toBe(200);
    const items = mine.body.items as {
      id: string;
      type: string;
      subject: string;
      body: string;
      createdAt: string;
      readAt: string | null;
      workflowId?: string;
      stepKey?: string;
    }[];
    expect(items.length).toBeGreaterThan(0);
    // The newest unread one (a deadline the reader's own decision withdrew comes already read).
    const first = items.find((i) => i.readAt === null)!;
    expect(first).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        type: expect.any(String),
        subject: expect.any(String),
        body: expect.any(String),
        readAt: null,
      }),
    );
    const created = items.map((i) => i.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    const read = await app
      .http()
      .post(`/api/v1/notifications/${first.id}/read`)
      .auth(cbp.token, { type: 'bearer' });
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const unread = await app
      .http()
      .get('/api/v1/notifications?unread=true&limit=200')
      .auth(cbp.token, { type: 'bearer' });
    expect((unread.body.items as { id: string }[]).some((i) => i.id === first.id)).toBe(false);
    expectProblem(
      await app
        .http()
        .post(`/api/v1/notifications/${first.id}/read`)
        .auth(sonora.token, { type: 'bearer' }),
      404,
    );
    expectProblem(
      await app
        .http()
        .get('/api/v1/notifications/failed-deliveries')
        .auth(cbp.token, { type: 'bearer' }),
      403,
    );
  });

  it('keeps a permanently refused email as failed, with its reason, for admins to see', async () => {
    const refusing = await startSmtpServer({
      refuse: (to) => (to.includes('nobody') ? 550 : null),
    });
    const other = await createTestApp({ SMTP_URL: refusing.url });
    try {
      const agency = await createAgency(other, { code: 'SRE', country: 'MX' });
      await createUser(other, {
        roles: ['approver'],
        agencyId: agency.id,
        email: 'nobody@test.puentes.local',
      });
      const token = await other.adminToken();
      const chain = await other
        .http()
        .post('/api/v1/approval-chains')
        .auth(token, { type: 'bearer' })
        .send({
          key: 'c',
          name: name('C'),
          steps: [{ key: 's', name: name('S'), assignees: [{ agency: 'SRE' }] }],
        });
      await other
        .http()
        .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
        .auth(token, { type: 'bearer' })
        .expect(200);
      const project = await createProject(other, {});
      await other
        .http()
        .post(`/api/v1/projects/${project.id}/workflows`)
        .auth(token, { type: 'bearer' })
        .send({ chainKey: 'c' })
        .expect(201);
      let failed: { items: { recipient: { email: string }; emailError: string; type: string }[] } =
        { items: [] };
      for (let i = 0; i < 100 && failed.items.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 100));
        failed = (
          await other
            .http()
            .get('/api/v1/notifications/failed-deliveries')
            .auth(token, { type: 'bearer' })
        ).body;
      }
      expect(failed.items).toEqual([
        expect.objectContaining({
          type: 'step_assigned',
          recipient: expect.objectContaining({ email: 'nobody@test.puentes.local' }),
          emailError: expect.stringMatching(/550|unavailable/i),
        }),
      ]);
    } finally {
      await other.close();
      await refusing.close();
    }
  }, 30_000);
});
