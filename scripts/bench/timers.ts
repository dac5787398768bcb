/**
 * npm run bench:timers — reminders fired by the service and delivered as emails to an SMTP
 * server in this process, under two loads, with bare BullMQ delayed no-op jobs on the same
 * Redis as the floor:
 *   steady: 10,000 reminders (5 on each of 2,000 workflows) due evenly over 100 s;
 *   burst:  10,000 reminders due in the same second (the 09:00 Monday morning).
 * Each reminder goes to the step's approver and the workflow's coordinator (two emails).
 *
 *   BENCH_REMINDERS=10000 BENCH_STEADY_SECONDS=100 npm run bench:timers
 *
 * With BENCH_TIMERS_LOAD=busy, another load instead: the API busy while reminders fall due.
 * 2,000 workflows are started through the API at full speed (16 clients, each start also
 * creating its project); each workflow's step has a 30 s SLA with reminders 25 s and 20 s
 * before it, so every workflow's two reminders fall due 5 s and 10 s after its start, while
 * the later workflows are still being started. Measured as above: the lag of every reminder
 * email from its timer's `fire_at`; target p99 ≤ 1 s, none lost, none doubled.
 *
 *   BENCH_TIMERS_LOAD=busy BENCH_BUSY_WORKFLOWS=2000 npm run bench:timers
 */
import { randomBytes } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import {
  call,
  cpuAccount,
  login,
  startWorkflows,
  createDatabase,
  expectStatus,
  machine,
  postgresVersion,
  REDIS_URL,
  round,
  startService,
  summarize,
  BENCH_ADMIN,
  productionEnv,
} from './support';
import {
  DEADLINES_QUEUE,
  TIMER_JOB_OPTIONS,
  timerJobs,
} from '@app/modules/deadlines/jobs/deadline.jobs';

const REMINDERS = Number(process.env.BENCH_REMINDERS ?? 10_000);
const PER_WORKFLOW = 5;
const WORKFLOWS = REMINDERS / PER_WORKFLOW;
const STEADY_SECONDS = Number(process.env.BENCH_STEADY_SECONDS ?? 100);
const LEAD_MS = 15_000; // time to relay every timer's job before the first is due
const BUSY = process.env.BENCH_TIMERS_LOAD === 'busy';
const BUSY_WORKFLOWS = Number(process.env.BENCH_BUSY_WORKFLOWS ?? 2000);
const BUSY_CLIENTS = 16;
const ADMIN = BENCH_ADMIN;

/** Emails received, by notification id (from the stable Message-ID), with arrival times. */
function startSmtp() {
  const arrivals = new Map<string, number[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 8192) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*<([0-9a-f-]{36})@notifications\.puentes>/im.exec(head)?.[1];
        if (id) arrivals.set(id, [...(arrivals.get(id) ?? []), Date.now()]);
        callback();
      });
    },
  });
  return new Promise<{ url: string; arrivals: Map<string, number[]>; close(): Promise<void> }>(
    (resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.server.address() as { port: number };
        resolve({
          url: `smtp://127.0.0.1:${port}`,
          arrivals,
          close: () => new Promise((r) => server.close(() => r())),
        });
      });
    },
  );
}

/**
 * Writes timers and, once committed, adds their delayed jobs, as the service does when a step
 * activates, with the times of the load instead of the chain's.
 */
async function scheduleReminders(
  db: Client,
  timerQueue: Queue,
  workflowIds: string[],
  fireAt: (index: number) => Date,
  label: string,
) {
  const rows = workflowIds.flatMap((workflowId, w) =>
    Array.from({ length: PER_WORKFLOW }, (_, k) => ({
      workflowId,
      ordinal: k,
      fireAt: fireAt(w * PER_WORKFLOW + k).toISOString(),
    })),
  );
  await db.query('BEGIN');
  const timers = (
    await db.query(
      `INSERT INTO deadline_timers (workflow_id, step_id, round, kind, ordinal, fire_at)
       SELECT r.workflow_id, s.id, s.round, 'reminder', r.ordinal + $2::int, r.fire_at
         FROM jsonb_to_recordset($1::jsonb) AS r(workflow_id uuid, ordinal int, fire_at timestamptz)
         JOIN workflow_steps s ON s.workflow_id = r.workflow_id
       RETURNING id, fire_at`,
      [
        JSON.stringify(
          rows.map((r) => ({ workflow_id: r.workflowId, ordinal: r.ordinal, fire_at: r.fireAt })),
        ),
        label === 'burst' ? PER_WORKFLOW : 0,
      ],
    )
  ).rows as { id: string; fire_at: Date }[];
  await db.query('COMMIT');
  const now = Date.now();
  await timerQueue.addBulk(
    timerJobs(timers).map((job) => ({
      name: job.name,
      data: job.data,
      opts: {
        ...TIMER_JOB_OPTIONS,
        jobId: job.jobId,
        delay: Math.max(0, job.runAt!.getTime() - now),
      },
    })),
  );
  return timers;
}

/** Waits until every reminder email has arrived (or `timeoutMs` passes); then measures. */
async function collect(
  db: Client,
  smtp: { arrivals: Map<string, number[]> },
  timerIds: string[],
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  let expected: { id: string; fire_at: Date }[];
  for (;;) {
    expected = (
      await db.query(
        `SELECT n.id, t.fire_at FROM notifications n
           JOIN deadline_timers t ON t.id = split_part(n.dedup_key, '/', 2)::uuid
          WHERE n.type = 'reminder' AND t.id = ANY($1::uuid[])`,
        [timerIds],
      )
    ).rows as { id: string; fire_at: Date }[];
    const arrived = expected.filter((n) => smtp.arrivals.has(n.id)).length;
    if (
      (expected.length === timerIds.length * 2 && arrived === expected.length) ||
      Date.now() > deadline
    )
      break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const lags: number[] = [];
  let duplicates = 0;
  let last = 0;
  for (const n of expected) {
    const times = smtp.arrivals.get(n.id);
    if (!times) continue;
    duplicates += times.length - 1;
    lags.push(times[0] - n.fire_at.getTime());
    last = Math.max(last, times[0]);
  }
  const [{ fired }] = (
    await db.query(
      `SELECT count(*)::int AS fired FROM deadline_timers WHERE id = ANY($1::uuid[]) AND status = 'fired'`,
      [timerIds],
    )
  ).rows as { fired: number }[];
  // Where the lag is: from `fire_at` to the timer's firing, and from there to the email.
  const firing = (
    await db.query(
      `SELECT extract(epoch FROM fired_at - fire_at) * 1000 AS ms FROM deadline_timers
        WHERE id = ANY($1::uuid[]) AND status = 'fired'`,
      [timerIds],
    )
  ).rows as { ms: string }[];
  // …and from the notice's creation to its email's sending; how many the email sweeper re-queued.
  const sending = (
    await db.query(
      `SELECT extract(epoch FROM n.email_sent_at - n.created_at) * 1000 AS ms,
              n.email_sweep_after > n.created_at + interval '31 seconds' AS swept
         FROM notifications n
        WHERE n.type = 'reminder' AND split_part(n.dedup_key, '/', 2)::uuid = ANY($1::uuid[])`,
      [timerIds],
    )
  ).rows as { ms: string | null; swept: boolean }[];
  return {
    remindersFired: fired,
    emailsExpected: timerIds.length * 2,
    emailsReceived: lags.length,
    lost: timerIds.length * 2 - lags.length,
    duplicates,
    lag: summarize(lags),
    fireLag: summarize(firing.map((f) => Number(f.ms))),
    sendLag: summarize(sending.flatMap((n) => (n.ms === null ? [] : [Number(n.ms)]))),
    swept: sending.filter((n) => n.swept).length,
    lastArrival: last,
  };
}

/**
 * The busy load: workflows started at full speed through the API while the reminders of those
 * started a few seconds earlier fall due.
 */
async function busyLoad(
  url: string,
  admin: string,
  db: Client,
  smtp: { arrivals: Map<string, number[]> },
) {
  const chain = await expectStatus(
    call(
      'POST',
      `${url}/api/v1/approval-chains`,
      {
        key: 'bench-busy',
        name: { en: 'Bench busy', es: 'Bench busy' },
        steps: [
          {
            key: 'review',
            name: { en: 'Review', es: 'Revisión' },
            assignees: [{ agency: 'CBP' }],
            sla: { duration: 'PT30S' },
            reminders: [{ before: 'PT25S' }, { before: 'PT20S' }],
          },
        ],
      },
      admin,
    ),
    201,
    'chain',
  );
  await expectStatus(
    call(
      'POST',
      `${url}/api/v1/approval-chains/${(chain.body as { id: string }).id}/publish`,
      undefined,
      admin,
    ),
    200,
    'publish',
  );
  console.log(
    `busy: starting ${BUSY_WORKFLOWS} workflows at full speed (${BUSY_CLIENTS} clients) while their reminders fall due…`,
  );
  const started = Date.now();
  const workflowIds = await startWorkflows(url, admin, 'bench-busy', BUSY_WORKFLOWS, BUSY_CLIENTS);
  const startSeconds = (Date.now() - started) / 1000;
  const timers = (
    await db.query(
      `SELECT id FROM deadline_timers WHERE workflow_id = ANY($1::uuid[]) AND kind = 'reminder'`,
      [workflowIds],
    )
  ).rows as { id: string }[];
  const result = await collect(
    db,
    smtp,
    timers.map((t) => t.id),
    120_000,
  );
  return { startSeconds, reminders: timers.length, ...result };
}

/** `REDIS_URL` as BullMQ's connection options. */
function redisConnection() {
  const url = new URL(REDIS_URL);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    db: Number(url.pathname.slice(1) || 0),
    maxRetriesPerRequest: null,
  };
}

/** The floor: the same loads as bare BullMQ delayed jobs with a no-op processor. */
async function bareBullmq(steadyAt: (i: number) => number) {
  const prefix = `{bench-floor-${randomBytes(3).toString('hex')}}`;
  const connection = redisConnection();
  const queue = new Queue('floor', { connection, prefix });
  const processedAt = new Map<string, number>();
  const worker = new Worker('floor', async (job) => void processedAt.set(job.id!, Date.now()), {
    connection,
    prefix,
    concurrency: 8,
  });
  const run = async (at: (i: number) => number) => {
    processedAt.clear();
    const jobs = Array.from({ length: REMINDERS }, (_, i) => ({
      name: 'noop',
      data: {},
      opts: { jobId: `j${i}-${randomBytes(3).toString('hex')}`, delay: at(i) - Date.now() },
    }));
    for (let i = 0; i < jobs.length; i += 1000) await queue.addBulk(jobs.slice(i, i + 1000));
    const deadline = Math.max(...jobs.map((_, i) => at(i))) + 60_000;
    while (processedAt.size < REMINDERS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const lags = jobs
      .map((j, i) => (processedAt.get(j.opts.jobId) ?? NaN) - at(i))
      .filter((n) => !Number.isNaN(n));
    return {
      processed: processedAt.size,
      lag: summarize(lags),
      last: Math.max(...processedAt.values()),
    };
  };
  const steady = await run(steadyAt);
  const burstDue = Date.now() + LEAD_MS;
  const burstRun = await run(() => burstDue);
  const burst = { ...burstRun, seconds: (burstRun.last - burstDue) / 1000 };
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  return { steady, burst };
}

async function main() {
  const database = await createDatabase('puentes_bench_timers');
  const smtp = await startSmtp();
  const db = new Client({ connectionString: database.url });
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let worker: Awaited<ReturnType<typeof startService>> | undefined;
  let timerQueue: Queue | undefined;
  try {
    console.log(
      `machine: ${machine()}; PostgreSQL ${await postgresVersion(database.url)}; Redis ${REDIS_URL}`,
    );
    const env = productionEnv(database.url, {
      SMTP_URL: smtp.url,
      DB_POOL_SIZE: process.env.BENCH_DB_POOL_SIZE ?? '',
    });
    // The busy load runs the production shape: an API process and a worker process (the
    // contract's APP_ROLE split), so a saturated API cannot starve the workers of their turn.
    service = await startService(BUSY ? { ...env, APP_ROLE: 'api' } : env);
    if (BUSY) {
      worker = await startService({ ...env, APP_ROLE: 'worker' });
      await new Promise((r) => setTimeout(r, 5000)); // its processors start
    }
    const url = service.url;
    timerQueue = new Queue(DEADLINES_QUEUE, {
      connection: redisConnection(),
      prefix: env.QUEUE_PREFIX,
    });
    await db.connect();
    const admin = await login(url, ADMIN.email, ADMIN.password);
    const agency = await expectStatus(
      call(
        'POST',
        `${url}/api/v1/agencies`,
        { code: 'CBP', country: 'US', name: { en: 'CBP', es: 'CBP' } },
        admin,
      ),
      201,
      'agency',
    );
    await expectStatus(
      call(
        'POST',
        `${url}/api/v1/users`,
        {
          email: 'approver@bench.puentes.local',
          name: 'Approver',
          password: randomBytes(12).toString('hex'),
          roles: ['approver'],
          agencyId: (agency.body as { id: string }).id,
        },
        admin,
      ),
      201,
      'approver',
    );
    const chain = await expectStatus(
      call(
        'POST',
        `${url}/api/v1/approval-chains`,
        {
          key: 'bench',
          name: { en: 'Bench', es: 'Bench' },
          steps: [
            {
              key: 'review',
              name: { en: 'Review', es: 'Revisión' },
              assignees: [{ agency: 'CBP' }],
              sla: { duration: 'PT12H' },
              // The reminders the timers below stand for (steady: 0–4, burst: 5–9): the engine
              // fires only a reminder its chain has.
              reminders: Array.from({ length: 2 * PER_WORKFLOW }, (_, i) => ({
                before: `PT${i + 1}H`,
              })),
            },
          ],
        },
        admin,
      ),
      201,
      'chain',
    );
    await expectStatus(
      call(
        'POST',
        `${url}/api/v1/approval-chains/${(chain.body as { id: string }).id}/publish`,
        undefined,
        admin,
      ),
      200,
      'publish',
    );
    if (BUSY) {
      const cpu = cpuAccount({ api: service.pid, worker: worker!.pid });
      const busy = await busyLoad(url, admin, db, smtp);
      const cpuSeconds = cpu();
      const summary = {
        machine: machine(),
        busy: {
          workflows: BUSY_WORKFLOWS,
          startSeconds: round(busy.startSeconds, 1),
          workflowsStartedPerSecond: round(BUSY_WORKFLOWS / busy.startSeconds),
          reminders: busy.reminders,
          fired: busy.remindersFired,
          emails: `${busy.emailsReceived}/${busy.emailsExpected}`,
          lost: busy.lost,
          duplicates: busy.duplicates,
          lagMs: {
            p50: round(busy.lag.p50),
            p99: round(busy.lag.p99),
            max: round(busy.lag.max),
          },
          timerFiredLagMs: {
            p50: round(busy.fireLag.p50),
            p99: round(busy.fireLag.p99),
            max: round(busy.fireLag.max),
          },
          createdToSentMs: {
            p50: round(busy.sendLag.p50),
            p99: round(busy.sendLag.p99),
            max: round(busy.sendLag.max),
          },
          emailsRequeuedBySweeper: busy.swept,
          // Where the machine's CPU went meanwhile (two cores: at most 2 × wallSeconds).
          cpuSeconds,
        },
      };
      console.log(JSON.stringify(summary, null, 2));
      console.log(
        busy.lag.p99 <= 1000 && busy.lost === 0 && busy.duplicates === 0
          ? 'target met: reminder-email lag p99 ≤ 1 s with the API busy; none lost, none doubled'
          : 'TARGET MISSED',
      );
      return;
    }
    console.log(`seeding ${WORKFLOWS} workflows through the API…`);
    const workflowIds = await startWorkflows(url, admin, 'bench', WORKFLOWS, 8);
    // The timers the service scheduled hours ahead make way for the loads' own, due soon.
    await db.query('DELETE FROM deadline_timers');
    // Let the assignment emails drain before measuring.
    while (
      (await db.query(`SELECT 1 FROM notifications WHERE email_status = 'pending' LIMIT 1`))
        .rowCount
    ) {
      await new Promise((r) => setTimeout(r, 500));
    }

    console.log(`steady: ${REMINDERS} reminders due evenly over ${STEADY_SECONDS} s…`);
    const steadyStart = Date.now() + LEAD_MS;
    const steadyAt = (i: number) =>
      steadyStart + Math.floor((i * STEADY_SECONDS * 1000) / REMINDERS);
    const steadyTimers = await scheduleReminders(
      db,
      timerQueue,
      workflowIds,
      (i) => new Date(steadyAt(i)),
      'steady',
    );
    const steady = await collect(
      db,
      smtp,
      steadyTimers.map((t) => t.id),
      LEAD_MS + STEADY_SECONDS * 1000 + 120_000,
    );

    console.log(`burst: ${REMINDERS} reminders due in the same second…`);
    const burstAt = Date.now() + LEAD_MS;
    const burstTimers = await scheduleReminders(
      db,
      timerQueue,
      workflowIds,
      () => new Date(burstAt),
      'burst',
    );
    const burst = await collect(
      db,
      smtp,
      burstTimers.map((t) => t.id),
      LEAD_MS + 300_000,
    );
    const burstSeconds = (burst.lastArrival - burstAt) / 1000;

    await service.stop();
    console.log('floor: the same loads as bare BullMQ delayed no-op jobs…');
    const floorStart = Date.now() + LEAD_MS;
    const floor = await bareBullmq(
      (i) => floorStart + Math.floor((i * STEADY_SECONDS * 1000) / REMINDERS),
    );

    const result = {
      machine: machine(),
      steady: {
        reminders: REMINDERS,
        overSeconds: STEADY_SECONDS,
        fired: steady.remindersFired,
        emails: `${steady.emailsReceived}/${steady.emailsExpected}`,
        lost: steady.lost,
        duplicates: steady.duplicates,
        lagMs: {
          p50: round(steady.lag.p50),
          p99: round(steady.lag.p99),
          max: round(steady.lag.max),
        },
        floorLagMs: {
          p50: round(floor.steady.lag.p50),
          p99: round(floor.steady.lag.p99),
          max: round(floor.steady.lag.max),
        },
      },
      burst: {
        reminders: REMINDERS,
        fired: burst.remindersFired,
        emails: `${burst.emailsReceived}/${burst.emailsExpected}`,
        lost: burst.lost,
        duplicates: burst.duplicates,
        secondsToLastEmail: round(burstSeconds, 2),
        remindersPerSecond: round(REMINDERS / burstSeconds),
        emailsPerSecond: round(burst.emailsReceived / burstSeconds),
        floorSecondsToLastJob: round(floor.burst.seconds, 2),
        floorJobsPerSecond: round(REMINDERS / floor.burst.seconds),
      },
    };
    console.log(JSON.stringify(result, null, 2));
    const met =
      steady.lag.p99 <= 1000 &&
      REMINDERS / burstSeconds >= 300 &&
      steady.lost + burst.lost === 0 &&
      steady.duplicates + burst.duplicates === 0;
    console.log(
      met
        ? 'targets met: steady p99 ≤ 1 s; burst ≥ 300 reminders/s; none lost, none doubled'
        : 'TARGETS MISSED',
    );
  } finally {
    await timerQueue?.close();
    await service?.stop();
    await worker?.stop();
    await db.end().catch(() => undefined);
    await smtp.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
