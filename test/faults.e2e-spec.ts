import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import { DeadlineTimers } from '@app/modules/deadlines/deadline-timers.service';
import { EMAIL_QUEUE, SEND_EMAIL } from '@app/modules/notifications/jobs/email.jobs';
import { createAgency, createProject, createUser } from './support/fixtures';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { startTcpProxy } from './support/tcp-proxy';
import { createTestApp, type TestApp } from './support/test-app';

const name = (en: string) => ({ en, es: `${en} (es)` });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sets up agencies, an approver, a coordinator and a published chain on `api`. */
async function setup(api: TestApp, step: Record<string, unknown>) {
  const admin = await api.adminToken();
  const agency = await createAgency(api, { code: 'CBP', country: 'US' });
  const approver = await createUser(api, { roles: ['approver'], agencyId: agency.id });
  const coordinator = await createUser(api, { roles: ['coordinator'] });
  const chain = await api
    .http()
    .post('/api/v1/approval-chains')
    .auth(admin, { type: 'bearer' })
    .send({
      key: 'chain',
      name: name('Chain'),
      steps: [{ key: 'review', name: name('Review'), assignees: [{ agency: 'CBP' }], ...step }],
    });
  await api
    .http()
    .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
    .auth(admin, { type: 'bearer' })
    .expect(200);
  const startWorkflow = async () => {
    const project = await createProject(api, {}, coordinator.token);
    const started = await api
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ chainKey: 'chain' });
    if (started.status !== 201) throw new Error(`start ${started.status} ${started.text}`);
    return started.body as { id: string; steps: { dueAt: string }[] };
  };
  return { approver, coordinator, startWorkflow };
}

const ofType = (mails: ReceivedMail[], workflowId: string, type: string) =>
  mails.filter(
    (m) =>
      header(m.mail, 'x-puentes-workflow-id') === workflowId &&
      header(m.mail, 'x-puentes-notification-type') === type,
  );

describe('Faults: nothing lost, nothing doubled', () => {
  it('a worker stopped with timers pending sends each reminder once when it comes back', async () => {
    const smtp = await startSmtpServer();
    const api = await createTestApp({ APP_ROLE: 'api', SMTP_URL: smtp.url });
    let worker = await createTestApp({
      DATABASE_URL: api.databaseUrl,
      QUEUE_PREFIX: api.queuePrefix,
      APP_ROLE: 'worker',
      SMTP_URL: smtp.url,
    });
    try {
      const { startWorkflow } = await setup(api, {
        sla: { duration: 'PT4S' },
        reminders: [{ before: 'PT2S' }],
      });
      const workflows = [await startWorkflow(), await startWorkflow(), await startWorkflow()];
      await worker.running.stop();
      await sleep(4000); // every reminder's time passes with no worker running
      expect(workflows.flatMap((w) => ofType(smtp.received, w.id, 'reminder'))).toHaveLength(0);
      worker = await createTestApp({
        DATABASE_URL: api.databaseUrl,
        QUEUE_PREFIX: api.queuePrefix,
        APP_ROLE: 'worker',
        SMTP_URL: smtp.url,
      });
      // Two recipients (the approver and the coordinator) per workflow.
      await smtp.waitFor(
        (mails) => workflows.every((w) => ofType(mails, w.id, 'reminder').length === 2),
        15_000,
      );
      await sleep(3000);
      for (const w of workflows) expect(ofType(smtp.received, w.id, 'reminder')).toHaveLength(2);
    } finally {
      await worker.close();
      await api.close();
      await smtp.close();
    }
  }, 60_000);

  // Deleting every key of this service's queue prefix is what FLUSHDB does to it, without
  // disturbing the other test files that share the Redis. Only meaningful on Redis.
  const onRedis = process.env.REDIS_URL ? it : it.skip;
  onRedis(
    'a flushed Redis loses no pending timer',
    async () => {
      const smtp = await startSmtpServer();
      const app = await createTestApp({ SMTP_URL: smtp.url });
      try {
        const { startWorkflow } = await setup(app, {
          sla: { duration: 'PT4S' },
          reminders: [{ before: 'PT2S' }],
        });
        const workflow = await startWorkflow();
        await sleep(500);
        const redis = new Redis(process.env.REDIS_URL!);
        const keys = await redis.keys(`${app.queuePrefix}*`);
        expect(keys.length).toBeGreaterThan(0);
        await redis.del(...keys);
        redis.disconnect();
        await smtp.waitFor((mails) => ofType(mails, workflow.id, 'reminder').length === 2, 15_000);
        await sleep(2500);
        const reminders = ofType(smtp.received, workflow.id, 'reminder');
        expect(reminders).toHaveLength(2);
        // On time on the recovery path too: the contract's 2 s after the reminder's time.
        const remindAt = new Date(workflow.steps[0].dueAt).getTime() - 2000;
        for (const mail of reminders) expect(mail.receivedAt - remindAt).toBeLessThanOrEqual(2000);
      } finally {
        await app.close();
        await smtp.close();
      }
    },
    40_000,
  );

  it('a timer whose job failed for good (every try in an outage) fires within seconds of recovery', async () => {
    const smtp = await startSmtpServer();
    // Each try of the timer's job waits 200 ms for the workflow's lock, then fails.
    const app = await createTestApp({ SMTP_URL: smtp.url, DB_LOCK_TIMEOUT_MS: '200' });
    const holder = new Client({ connectionString: app.databaseUrl });
    await holder.connect();
    try {
      const { startWorkflow } = await setup(app, {
        sla: { duration: 'PT6S' },
        reminders: [{ before: 'PT3S' }],
      });
      const workflow = await startWorkflow();
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM workflows WHERE id = $1 FOR UPDATE', [workflow.id]);
      // Five tries 0.5, 1, 2 and 4 s apart: all fail while the lock is held, and the job fails.
      const remindAt = new Date(workflow.steps[0].dueAt).getTime() - 3000;
      await sleep(remindAt + 9000 - Date.now());
      await holder.query('COMMIT');
      const released = Date.now();
      await smtp.waitFor((mails) => ofType(mails, workflow.id, 'reminder').length === 2, 15_000);
      const [first] = ofType(smtp.received, workflow.id, 'reminder');
      // Not 30 s after its time, as when failed jobs were retried only then.
      expect(first.receivedAt - released).toBeLessThan(4000);
    } finally {
      await holder.end();
      await app.close();
      await smtp.close();
    }
  }, 40_000);

  it('a timer falls due while Redis does not answer: the sweeper fires it from the database on time', async () => {
    const api = await createTestApp({ APP_ROLE: 'api' });
    // The worker reaches Redis through a proxy that the test freezes: a Redis that hangs. Its
    // sweeper must still fire due timers (their notices are the database's), which it did not
    // when it asked Redis first: in the fault suite a Redis restart held it, a timer 2.2 s late.
    const redisUrl = new URL(process.env.REDIS_URL!);
    const proxy = await startTcpProxy(`${redisUrl.hostname}:${redisUrl.port || 6379}`);
    const worker = await createTestApp({
      DATABASE_URL: api.databaseUrl,
      QUEUE_PREFIX: api.queuePrefix,
      APP_ROLE: 'worker',
      REDIS_URL: `redis://${proxy.address}${redisUrl.pathname}`,
    });
    try {
      const { startWorkflow } = await setup(api, {
        sla: { duration: 'PT8S' },
        reminders: [{ before: 'PT5S' }],
      });
      const workflow = await startWorkflow();
      proxy.freeze();
      const remindAt = new Date(workflow.steps[0].dueAt).getTime() - 5000;
      await sleep(remindAt + 2500 - Date.now());
      const timers = await api.sql<{ status: string; late_ms: number }>(
        `SELECT status, (extract(epoch FROM fired_at - fire_at) * 1000)::float8 AS late_ms
           FROM deadline_timers WHERE workflow_id = $1 AND kind = 'reminder'`,
        [workflow.id],
      );
      expect(timers).toEqual([{ status: 'fired', late_ms: expect.any(Number) }]);
      expect(timers[0].late_ms).toBeLessThan(2000);
      // The approver's and the coordinator's, in their inboxes; their emails wait for Redis.
      const notices = await api.sql(
        `SELECT id FROM notifications WHERE workflow_id = $1 AND type = 'reminder'`,
        [workflow.id],
      );
      expect(notices).toHaveLength(2);
    } finally {
      proxy.thaw();
      await worker.close();
      await api.close();
      await proxy.close();
    }
  }, 40_000);

  it('a crash between commit and enqueue is recovered by the sweeper', async () => {
    const smtp = await startSmtpServer();
    // The API commits but cannot reach its queue (as if it died right after the commit).
    const api = await createTestApp({
      APP_ROLE: 'api',
      SMTP_URL: smtp.url,
      REDIS_URL: 'redis://127.0.0.1:1/0',
    });
    const worker = await createTestApp({
      DATABASE_URL: api.databaseUrl,
      APP_ROLE: 'worker',
      SMTP_URL: smtp.url,
    });
    try {
      const { startWorkflow, approver } = await setup(api, {
        sla: { duration: 'PT3S' },
        reminders: [{ before: 'PT1S' }],
      });
      const workflow = await startWorkflow();
      // Nothing reached the queue: the database says what is still to do, and the worker's
      // sweepers queue it (the email once its sweep time has come, the reminders' timers
      // ahead of their time).
      expect(
        await api.sql(
          `SELECT id FROM notifications WHERE workflow_id = $1 AND email_status = 'pending'`,
          [workflow.id],
        ),
      ).not.toHaveLength(0);
      await smtp.waitFor(
        (mails) => ofType(mails, workflow.id, 'step_assigned').length === 1,
        25_000,
      );
      await smtp.waitFor((mails) => ofType(mails, workflow.id, 'reminder').length === 2, 15_000);
      expect(ofType(smtp.received, workflow.id, 'step_assigned')[0].to).toBe(approver.user.email);
    } finally {
      await worker.close();
      await api.close();
      await smtp.close();
    }
  }, 40_000);

  it('an SMTP server that refuses for a while gets every email, once, when it accepts', async () => {
    let refusing = true;
    const smtp = await startSmtpServer({ refuse: () => (refusing ? 451 : null) });
    const app = await createTestApp({ SMTP_URL: smtp.url });
    try {
      const { startWorkflow } = await setup(app, {});
      const workflows = [await startWorkflow(), await startWorkflow()];
      await new Promise((r) => setTimeout(r, 2500));
      expect(smtp.refusals()).toBeGreaterThan(0);
      expect(smtp.received).toHaveLength(0);
      refusing = false;
      await smtp.waitFor(
        (mails) => workflows.every((w) => ofType(mails, w.id, 'step_assigned').length === 1),
        20_000,
      );
      await sleep(2000);
      const ids = smtp.received.map((m) => m.mail.messageId);
      expect(new Set(ids).size).toBe(ids.length);
      const statuses = await app.sql<{ email_status: string }>(
        'SELECT email_status FROM notifications',
      );
      expect(statuses.every((s) => s.email_status === 'sent')).toBe(true);
    } finally {
      await app.close();
      await smtp.close();
    }
  }, 40_000);

  it('an SMTP server that takes the message and never answers gets it once: unconfirmed, never resent', async () => {
    const smtp = await startSmtpServer({ stall: () => true });
    const api = await createTestApp({ SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '1500' });
    try {
      const { approver, startWorkflow } = await setup(api, {});
      const workflow = await startWorkflow();
      const deadline = Date.now() + 15_000;
      while (!smtp.taken.includes(approver.user.email) && Date.now() < deadline) await sleep(100);
      expect(smtp.taken).toContain(approver.user.email);
      // Past the SMTP timeout, a retry's backoff and two sweeps of the email sweeper.
      await sleep(12_000);
      expect(smtp.taken.filter((to) => to === approver.user.email)).toHaveLength(1);
      const [row] = await api.sql<{ email_status: string; email_error: string }>(
        `SELECT n.email_status, n.email_error FROM notifications n JOIN users u ON u.id = n.user_id
          WHERE u.email = $1 AND n.workflow_id = $2`,
        [approver.user.email, workflow.id],
      );
      expect(row.email_status).toBe('failed');
      expect(row.email_error).toMatch(/^unconfirmed/);
    } finally {
      await api.close();
      await smtp.close();
    }
  }, 60_000);

  it('an SMTP server that drops the connection before the message is sent gets it, once, when it accepts', async () => {
    let dropping = true;
    const smtp = await startSmtpServer({ drop: () => (dropping ? 'before-data' : null) });
    const app = await createTestApp({ SMTP_URL: smtp.url, SMTP_TIMEOUT_MS: '1500' });
    try {
      const { approver, startWorkflow } = await setup(app, {});
      const workflow = await startWorkflow();
      const deadline = Date.now() + 10_000;
      while (smtp.drops() === 0 && Date.now() < deadline) await sleep(100);
      expect(smtp.drops()).toBeGreaterThan(0);
      // Nothing of the message left: a retry is safe, and it is not marked unconfirmed.
      dropping = false;
      await smtp.waitFor(
        (mails) => ofType(mails, workflow.id, 'step_assigned').length === 1,
        20_000,
      );
      await sleep(2000);
      expect(ofType(smtp.received, workflow.id, 'step_assigned')).toHaveLength(1);
      const [row] = await app.sql<{ email_status: string }>(
        `SELECT n.email_status FROM notifications n JOIN users u ON u.id = n.user_id
          WHERE u.email = $1 AND n.workflow_id = $2`,
        [approver.user.email, workflow.id],
      );
      expect(row.email_status).toBe('sent');
    } finally {
      await app.close();
      await smtp.close();
    }
  }, 40_000);

  it('an email held by a worker that died is sent again once its lease runs out, not a minute later', async () => {
    const smtp = await startSmtpServer();
    const app = await createTestApp({ SMTP_URL: smtp.url });
    try {
      const { startWorkflow } = await setup(app, {});
      const workflow = await startWorkflow();
      await smtp.waitFor((mails) => ofType(mails, workflow.id, 'step_assigned').length === 1);
      // As a worker killed before the message left leaves it: pending, under a lease nobody
      // renews, and not due for an ordinary sweep for an hour.
      await app.sql(
        `UPDATE notifications SET email_status = 'pending', email_lease = gen_random_uuid(),
                email_locked_until = now() + interval '1 second',
                email_sweep_after = now() + interval '1 hour', email_transmitted_at = NULL
          WHERE workflow_id = $1`,
        [workflow.id],
      );
      const lapsed = Date.now() + 1000;
      await smtp.waitFor(
        (mails) => ofType(mails, workflow.id, 'step_assigned').length === 2,
        10_000,
      );
      // The lease's second, then the next sweep (every 2 s) and the send.
      const again = ofType(smtp.received, workflow.id, 'step_assigned')[1];
      expect(again.receivedAt - lapsed).toBeLessThan(4000);
    } finally {
      await app.close();
      await smtp.close();
    }
  }, 40_000);

  it('an email held by a worker that died is taken over at once by its job run again, not when the lease runs out', async () => {
    const smtp = await startSmtpServer();
    const app = await createTestApp({ SMTP_URL: smtp.url });
    try {
      const { startWorkflow } = await setup(app, {});
      const workflow = await startWorkflow();
      await smtp.waitFor((mails) => ofType(mails, workflow.id, 'step_assigned').length === 1);
      // As a worker killed before the message left leaves it, under a lease of an hour held by
      // a run of job `held-1` (as if nobody renewed it, but it had not run out).
      await app.sql(
        `UPDATE notifications SET email_status = 'pending', email_lease = gen_random_uuid(),
                email_lease_job = 'held-1', email_locked_until = now() + interval '1 hour',
                email_sweep_after = now() + interval '1 hour', email_transmitted_at = NULL
          WHERE workflow_id = $1`,
        [workflow.id],
      );
      const [notification] = await app.sql<{ id: string }>(
        'SELECT id FROM notifications WHERE workflow_id = $1',
        [workflow.id],
      );
      const queue = app.running.app.get<Queue>(getQueueToken(EMAIL_QUEUE), { strict: false });
      // Another job with the same email leaves it to the lease's holder…
      await queue.add(SEND_EMAIL, { notificationIds: [notification.id] }, { jobId: 'other-1' });
      await sleep(2000);
      expect(ofType(smtp.received, workflow.id, 'step_assigned')).toHaveLength(1);
      // …and the holder's job, run again (as the queue does once it finds its worker gone),
      // takes it over and sends it.
      const rerun = Date.now();
      await queue.add(SEND_EMAIL, { notificationIds: [notification.id] }, { jobId: 'held-1' });
      await smtp.waitFor(
        (mails) => ofType(mails, workflow.id, 'step_assigned').length === 2,
        10_000,
      );
      expect(
        ofType(smtp.received, workflow.id, 'step_assigned')[1].receivedAt - rerun,
      ).toBeLessThan(3000);
      const [row] = await app.sql<{ email_status: string; email_lease_job: string | null }>(
        'SELECT email_status, email_lease_job FROM notifications WHERE id = $1',
        [notification.id],
      );
      expect(row).toEqual({ email_status: 'sent', email_lease_job: null });
    } finally {
      await app.close();
      await smtp.close();
    }
  }, 40_000);

  it('an email a dead worker had let go to the server is marked unconfirmed, never sent again', async () => {
    const smtp = await startSmtpServer();
    const app = await createTestApp({ SMTP_URL: smtp.url });
    try {
      const { startWorkflow } = await setup(app, {});
      const workflow = await startWorkflow();
      await smtp.waitFor((mails) => ofType(mails, workflow.id, 'step_assigned').length === 1);
      const [sent] = await app.sql<{ email_transmitted_at: Date | null }>(
        'SELECT email_transmitted_at FROM notifications WHERE workflow_id = $1',
        [workflow.id],
      );
      expect(sent.email_transmitted_at).not.toBeNull();
      // As a worker killed between the server's 250 and the row's update leaves it.
      await app.sql(
        `UPDATE notifications SET email_status = 'pending', email_lease = gen_random_uuid(),
                email_locked_until = now() + interval '1 second', email_sent_at = NULL
          WHERE workflow_id = $1`,
        [workflow.id],
      );
      const deadline = Date.now() + 10_000;
      let row: { email_status: string; email_error: string | null } | undefined;
      while (Date.now() < deadline) {
        [row] = await app.sql<{ email_status: string; email_error: string | null }>(
          'SELECT email_status, email_error FROM notifications WHERE workflow_id = $1',
          [workflow.id],
        );
        if (row.email_status !== 'pending') break;
        await sleep(200);
      }
      expect(row).toMatchObject({
        email_status: 'failed',
        email_error: expect.stringMatching(/^unconfirmed/),
      });
      await sleep(1000);
      expect(ofType(smtp.received, workflow.id, 'step_assigned')).toHaveLength(1);
    } finally {
      await app.close();
      await smtp.close();
    }
  }, 40_000);

  it('a job delivered twice has one effect: one email, one reminder', async () => {
    const smtp = await startSmtpServer();
    const app = await createTestApp({ SMTP_URL: smtp.url });
    try {
      const { startWorkflow } = await setup(app, {
        sla: { duration: 'PT1H' },
        reminders: [{ before: 'PT1M' }],
      });
      const workflow = await startWorkflow();
      await smtp.waitFor(
        (mails) => ofType(mails, workflow.id, 'step_assigned').length === 1,
        10_000,
      );
      // The same email job delivered again, under other ids: the notification is already sent.
      const [notification] = await app.sql<{ id: string }>(
        `SELECT id FROM notifications WHERE type = 'step_assigned'`,
      );
      const queue = app.running.app.get<Queue>(getQueueToken(EMAIL_QUEUE), { strict: false });
      await Promise.all(
        [1, 2, 3].map((n) =>
          queue.add(SEND_EMAIL, { notificationIds: [notification.id] }, { jobId: `again-${n}` }),
        ),
      );
      // The same timer fired twice, at once and then again.
      const [timer] = await app.sql<{ id: string }>(
        'SELECT id FROM deadline_timers WHERE workflow_id = $1',
        [workflow.id],
      );
      const deadlines = app.running.app.get(DeadlineTimers, { strict: false });
      // Due in 59 minutes: fired "then" by passing that time, and never before it.
      const then = new Date(Date.now() + 3600_000);
      expect((await deadlines.fire(timer.id, new Date())).outcome).toBe('early');
      const [first, second] = await Promise.all([
        deadlines.fire(timer.id, then),
        deadlines.fire(timer.id, then),
      ]);
      expect([first.outcome, second.outcome].sort()).toEqual(['fired', 'skipped']);
      expect((await deadlines.fire(timer.id, then)).outcome).toBe('skipped');
      // As the timer's job does once the firing has committed: its emails go to their queue.
      const afterCommit = app.running.app.get(AfterCommitQueue, { strict: false });
      for (const fired of [first, second])
        if ('queued' in fired) await afterCommit.add(fired.queued);
      await smtp.waitFor((mails) => ofType(mails, workflow.id, 'reminder').length === 2, 10_000);
      await sleep(2500);
      expect(ofType(smtp.received, workflow.id, 'step_assigned')).toHaveLength(1);
      expect(ofType(smtp.received, workflow.id, 'reminder')).toHaveLength(2);
      const events = await app.sql(
        `SELECT seq FROM workflow_events WHERE workflow_id = $1 AND type = 'reminder_sent'`,
        [workflow.id],
      );
      expect(events).toHaveLength(1);
    } finally {
      await app.close();
      await smtp.close();
    }
  }, 40_000);

  it('one job fires the due timers of every workflow it can lock, each once, and skips the ones held', async () => {
    const smtp = await startSmtpServer();
    const app = await createTestApp({ SMTP_URL: smtp.url });
    const holder = new Client({ connectionString: app.databaseUrl });
    await holder.connect();
    try {
      const { coordinator, startWorkflow } = await setup(app, {
        sla: { duration: 'PT1H' },
        reminders: [{ before: 'PT1M' }],
        escalations: [{ after: 'PT0S', notify: ['coordinator'] }],
      });
      const [first, second, held] = [
        await startWorkflow(),
        await startWorkflow(),
        await startWorkflow(),
      ];
      const timerOf = async (workflowId: string) =>
        (
          await app.sql<{ id: string }>(
            `SELECT id FROM deadline_timers WHERE workflow_id = $1 AND kind = 'reminder'`,
            [workflowId],
          )
        )[0].id;
      // A decision on the third workflow holds its lock while the first one's job runs.
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM workflows WHERE id = $1 FOR UPDATE', [held.id]);
      const deadlines = app.running.app.get(DeadlineTimers, { strict: false });
      const then = new Date(Date.now() + 2 * 3600_000); // past every reminder and escalation
      expect((await deadlines.fire(await timerOf(first.id), then)).outcome).toBe('fired');
      const statuses = await app.sql<{ workflow_id: string; status: string }>(
        'SELECT workflow_id, status FROM deadline_timers',
      );
      const statusOf = (id: string) =>
        statuses.filter((t) => t.workflow_id === id).map((t) => t.status);
      expect(statusOf(first.id)).toEqual(['fired', 'fired']);
      expect(statusOf(second.id)).toEqual(['fired', 'fired']); // fired by the first one's job
      expect(statusOf(held.id)).toEqual(['pending', 'pending']); // skipped, not waited for
      expect((await deadlines.fire(await timerOf(second.id), then)).outcome).toBe('skipped');

      await holder.query('COMMIT');
      expect((await deadlines.fire(await timerOf(held.id), then)).outcome).toBe('fired');

      for (const workflow of [first, second, held]) {
        const check = await app
          .http()
          .get(`/api/v1/workflows/${workflow.id}/events/verify`)
          .auth(coordinator.token, { type: 'bearer' })
          .expect(200);
        expect(check.body).toMatchObject({ valid: true, firstBrokenSeq: null, signature: 'valid' });
        const [step] = await app.sql<{ escalation_level: number }>(
          'SELECT escalation_level FROM workflow_steps WHERE workflow_id = $1',
          [workflow.id],
        );
        expect(step.escalation_level).toBe(1);
      }
      const all = [first, second, held];
      await smtp.waitFor(
        (mails) =>
          all.every(
            (w) =>
              ofType(mails, w.id, 'reminder').length === 2 &&
              ofType(mails, w.id, 'escalation').length === 1,
          ),
        15_000,
      );
      await sleep(1500);
      for (const w of all) {
        expect(ofType(smtp.received, w.id, 'reminder')).toHaveLength(2);
        expect(ofType(smtp.received, w.id, 'escalation')).toHaveLength(1);
      }
    } finally {
      await holder.end();
      await app.close();
      await smtp.close();
    }
  }, 60_000);
});
