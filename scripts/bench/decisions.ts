/**
 * npm run bench:decisions — decisions per second and their latency through HTTP, the latency
 * of GET /tasks and of GET /workflows (the search: default sort, sort=dueAt, and
 * ballIsWith=US&overdue=true) with 100,000 workflows in the database, and pgbench (TPC-B) on
 * the same PostgreSQL as the baseline. Seeds its own data in a database of its own, then drops it.
 *
 *   BENCH_SECONDS=30 BENCH_CLIENTS=16 BENCH_WORKFLOWS=2000 npm run bench:decisions
 *   (BENCH_KEEP_DATABASE=true keeps the database for EXPLAIN ANALYZE)
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  call,
  cpuAccount,
  login,
  startWorkflows,
  createDatabase,
  expectStatus,
  machine,
  pgbench,
  postgresVersion,
  REDIS_URL,
  round,
  startService,
  summarize,
  BENCH_ADMIN,
  productionEnv,
} from './support';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 2000);
const TOTAL_WORKFLOWS = Number(process.env.BENCH_TOTAL_WORKFLOWS ?? 100_000);
const TASK_SECONDS = Number(process.env.BENCH_TASK_SECONDS ?? 15);
// Inbox latency alone (one reader), then under load (four readers at once on two cores).
const TASK_CLIENTS = (process.env.BENCH_TASK_CLIENTS ?? '1,4').split(',').map(Number);
const WARM_UP_SECONDS = 3;

const ADMIN = BENCH_ADMIN;
const AGENCIES = [
  'SRE',
  'SICT',
  'ANAM',
  'SEMARNAT',
  'INDAABIN',
  'CBP',
  'GSA',
  'FHWA',
  'EPA',
  'DOS',
];
// Five sequential steps, each signed by one Mexican and one U.S. agency.
const STEPS = [0, 1, 2, 3, 4].map((i) => ({
  key: `step-${i + 1}`,
  name: { en: `Step ${i + 1}`, es: `Paso ${i + 1}` },
  assignees: [{ agency: AGENCIES[i] }, { agency: AGENCIES[i + 5] }],
  rule: 'all',
  ...(i > 0 ? { dependsOn: [`step-${i}`] } : {}),
  sla: { businessDays: 5 + i, calendar: 'binational' },
  reminders: [{ before: 'P1D' }],
  escalations: [{ after: 'PT0S', notify: ['coordinator'] }],
}));

async function main() {
  const database = await createDatabase('puentes_bench');
  const pgVersion = await postgresVersion(database.url);
  console.log(`machine: ${machine()}; PostgreSQL ${pgVersion}; Redis ${REDIS_URL}`);
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  try {
    service = await startService(productionEnv(database.url));
    const url = service.url;
    const admin = await login(url, ADMIN.email, ADMIN.password);
    console.log(
      `seeding: ${AGENCIES.length} agencies, a 5-step chain, ${WORKFLOWS} projects and workflows…`,
    );
    const approvers: Record<string, string> = {};
    for (const [index, code] of AGENCIES.entries()) {
      const agency = await expectStatus(
        call(
          'POST',
          `${url}/api/v1/agencies`,
          { code, country: index < 5 ? 'MX' : 'US', name: { en: code, es: code } },
          admin,
        ),
        201,
        'agency',
      );
      const email = `approver.${code.toLowerCase()}@bench.puentes.local`;
      const password = randomBytes(12).toString('hex');
      await expectStatus(
        call(
          'POST',
          `${url}/api/v1/users`,
          {
            email,
            name: code,
            password,
            roles: ['approver'],
            agencyId: (agency.body as { id: string }).id,
          },
          admin,
        ),
        201,
        'approver',
      );
      approvers[code] = await login(url, email, password);
    }
    const chain = await expectStatus(
      call(
        'POST',
        `${url}/api/v1/approval-chains`,
        { key: 'bench-chain', name: { en: 'Bench', es: 'Bench' }, steps: STEPS },
        admin,
      ),
      201,
      'chain',
    );
    const chainId = (chain.body as { id: string }).id;
    await expectStatus(
      call('POST', `${url}/api/v1/approval-chains/${chainId}/publish`, undefined, admin),
      200,
      'publish',
    );

    const workflowIds = await startWorkflows(url, admin, 'bench-chain', WORKFLOWS, CLIENTS);

    // Each client owns its workflows and signs them in order (step by step, MX then US), so
    // no two clients ever race for the same signature: every refusal is an error.
    console.log(
      `decisions: ${CLIENTS} clients for ${SECONDS} s after a ${WARM_UP_SECONDS} s warm-up…`,
    );
    const latencies: number[] = [];
    let errors = 0;
    let exhausted = 0;
    const startAt = Date.now();
    const measureFrom = startAt + WARM_UP_SECONDS * 1000;
    const endAt = measureFrom + SECONDS * 1000;
    // Where the machine's CPU goes during the measured seconds (from the end of the warm-up).
    let cpu: (() => Record<string, number>) | undefined;
    const account = setTimeout(
      () => (cpu = cpuAccount({ service: service!.pid }, new URL(database.url).pathname.slice(1))),
      WARM_UP_SECONDS * 1000,
    );
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        const mine = workflowIds
          .filter((_, i) => i % CLIENTS === client)
          .map((id) => ({ id, next: 0 }));
        let cursor = 0;
        while (Date.now() < endAt) {
          const open = mine.filter((w) => w.next < STEPS.length * 2);
          if (open.length === 0) {
            exhausted++;
            return;
          }
          const workflow = open[cursor++ % open.length];
          const step = STEPS[Math.floor(workflow.next / 2)];
          const agency = step.assignees[workflow.next % 2].agency;
          const began = performance.now();
          const answer = await call(
            'POST',
            `${url}/api/v1/workflows/${workflow.id}/steps/${step.key}/decisions`,
            { decision: 'approve' },
            approvers[agency],
          );
          const took = performance.now() - began;
          workflow.next++;
          if (Date.now() < measureFrom) continue;
          if (answer.status === 201) latencies.push(took);
          else errors++;
        }
      }),
    );
    const decided = summarize(latencies);
    const perSecond = decided.count / SECONDS;
    clearTimeout(account);
    const cpuSeconds = cpu?.();

    console.log(`tasks: growing the database to ${TOTAL_WORKFLOWS} workflows…`);
    await addSyntheticWorkflows(database.url, chainId, TOTAL_WORKFLOWS - WORKFLOWS);
    const tasks = [];
    for (const clients of TASK_CLIENTS) tasks.push(await measureInbox(url, approvers, clients));
    console.log('workflows: GET /workflows, one reader per query…');
    const search = [];
    for (const query of SEARCHES) search.push(await measureSearch(url, admin, query));

    await service.stop();
    console.log(`pgbench: TPC-B, ${CLIENTS} clients, ${SECONDS} s on the same server…`);
    const tps = await pgbench(CLIENTS, SECONDS);

    const result = {
      machine: machine(),
      postgres: pgVersion,
      decisions: {
        clients: CLIENTS,
        seconds: SECONDS,
        decisions: decided.count,
        perSecond: round(perSecond),
        p50ms: round(decided.p50),
        p95ms: round(decided.p95),
        p99ms: round(decided.p99),
        maxMs: round(decided.max),
        errors,
        clientsOutOfWork: exhausted,
        // Two cores: at most 2 × wallSeconds in all.
        cpuSeconds,
      },
      tasks,
      search,
      pgbench: { tps: round(tps), decisionsPerPgbenchTransaction: round(perSecond / tps, 3) },
    };
    console.log(JSON.stringify(result, null, 2));
    const decisionsMet = perSecond >= 200 && decided.p99 <= 150 && errors === 0;
    const inboxMet = tasks[0].p99ms <= 50 && tasks.every((t) => t.errors === 0);
    console.log(
      `decisions: ${decisionsMet ? 'target met' : 'TARGET MISSED'} (≥ 200/s, p99 ≤ 150 ms, no errors)`,
    );
    console.log(
      `GET /tasks: ${inboxMet ? 'target met' : 'TARGET MISSED'} (p99 ≤ 50 ms, ${tasks[0].clients} reader)`,
    );
    const searchMet = search.every((s) => s.p99ms <= 50 && s.errors === 0);
    console.log(
      `GET /workflows: ${searchMet ? 'target met' : 'TARGET MISSED'} (p99 ≤ 50 ms for each query, 1 reader)`,
    );
  } finally {
    await service?.stop();
    if (process.env.BENCH_KEEP_DATABASE === 'true') console.log(`kept ${database.url}`);
    else await database.drop();
  }
}

/** GET /tasks as the approvers of every agency, `clients` requests at a time. */
async function measureInbox(url: string, approvers: Record<string, string>, clients: number) {
  const latencies: number[] = [];
  let errors = 0;
  let largest = 0;
  const endAt = Date.now() + TASK_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      let i = client;
      while (Date.now() < endAt) {
        const token = approvers[AGENCIES[i++ % AGENCIES.length]];
        const began = performance.now();
        const answer = await call('GET', `${url}/api/v1/tasks?limit=50`, undefined, token);
        const took = performance.now() - began;
        if (answer.status !== 200) {
          errors++;
          continue;
        }
        latencies.push(took);
        largest = Math.max(largest, (answer.body as { total: number }).total);
      }
    }),
  );
  const inbox = summarize(latencies);
  return {
    workflows: TOTAL_WORKFLOWS,
    clients,
    requests: inbox.count,
    largestInbox: largest,
    p50ms: round(inbox.p50),
    p95ms: round(inbox.p95),
    p99ms: round(inbox.p99),
    errors,
  };
}

/** The searches measured: the default list, the deadline sort, and a "whose turn" filter. */
const SEARCHES = ['limit=50', 'sort=dueAt&limit=50', 'ballIsWith=US&overdue=true&limit=50'];

/** GET /workflows?<query> as the admin, one request at a time, for TASK_SECONDS. */
async function measureSearch(url: string, token: string, query: string) {
  const latencies: number[] = [];
  let errors = 0;
  let total = 0;
  const endAt = Date.now() + TASK_SECONDS * 1000;
  while (Date.now() < endAt) {
    const began = performance.now();
    const answer = await call('GET', `${url}/api/v1/workflows?${query}`, undefined, token);
    const took = performance.now() - began;
    if (answer.status !== 200) {
      errors++;
      continue;
    }
    latencies.push(took);
    total = (answer.body as { total: number }).total;
  }
  const measured = summarize(latencies);
  return {
    query,
    workflows: TOTAL_WORKFLOWS,
    matched: total,
    requests: measured.count,
    p50ms: round(measured.p50),
    p95ms: round(measured.p95),
    p99ms: round(measured.p99),
    errors,
  };
}

/**
 * Fills the database the way years of use would: finished workflows (every step approved and
 * signed) and, one in ten, running ones with one active step. Written with SQL because going
 * through the API would take the better part of an hour on this machine; the rows have the
 * shape the service writes (histories are left out: GET /tasks does not read them).
 */
async function addSyntheticWorkflows(databaseUrl: string, chainId: string, count: number) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    await client.query(`
      INSERT INTO projects (code, name_en, name_es, type, status, attributes)
      SELECT 'SYN-' || g, 'Synthetic ' || g, 'Sintético ' || g, 'bridge', 'active', '{}'
        FROM generate_series(1, 1000) g`);
    const [{ coordinator }] = (
      await client.query(`SELECT id AS coordinator FROM users WHERE 'admin' = ANY(roles) LIMIT 1`)
    ).rows as { coordinator: string }[];
    await client.query(
      `CREATE TEMP TABLE syn AS
       SELECT gen_random_uuid() AS id, g, (g % 10 = 0) AS running, (g / 10) % 5 AS active_position,
              (g % 20 = 0) AS mx_signed,
              now() - make_interval(mins => g) AS started_at
         FROM generate_series(1, $1::int) g`,
      [count],
    );
    await client.query(
      `INSERT INTO workflows (id, project_id, chain_id, chain_key, chain_version, status, coordinator_id, attributes,
                              started_at, completed_at, version, last_seq, last_hash)
       SELECT s.id, p.id, $1, 'bench-chain', 1, CASE WHEN s.running THEN 'active' ELSE 'approved' END, $2, '{}',
              s.started_at, CASE WHEN s.running THEN NULL ELSE s.started_at + interval '30 days' END, 10, 0, NULL
         FROM syn s JOIN projects p ON p.code = 'SYN-' || (s.g % 1000 + 1)`,
      [chainId, coordinator],
    );
    const signers = [0, 1, 2, 3, 4]
      .map((i) => `WHEN ${i} THEN ARRAY['agency:${AGENCIES[i]}', 'agency:${AGENCIES[i + 5]}']`)
      .join(' ');
    // Open slots of the active step: both agencies, or (half the time) only the U.S. one.
    const slots = [0, 1, 2, 3, 4]
      .map(
        (i) =>
          `WHEN ${i} THEN CASE WHEN s.mx_signed THEN ARRAY['agency:${AGENCIES[i + 5]}/agency']
                ELSE ARRAY['agency:${AGENCIES[i]}/agency', 'agency:${AGENCIES[i + 5]}/agency'] END`,
      )
      .join(' ');
    await client.query(
      `INSERT INTO workflow_steps (id, workflow_id, key, position, awaiting, status, round, activated_at, due_at, finished_at, escalation_level)
       SELECT gen_random_uuid(), s.id, 'step-' || (k + 1), k,
              CASE WHEN s.running AND k = s.active_position THEN CASE k ${slots} END ELSE '{}' END,
              CASE WHEN NOT s.running OR k < s.active_position THEN 'approved'
                   WHEN k = s.active_position THEN 'active' ELSE 'pending' END,
              CASE WHEN NOT s.running OR k <= s.active_position THEN 1 ELSE 0 END,
              CASE WHEN NOT s.running OR k <= s.active_position THEN s.started_at + make_interval(days => k) END,
              CASE WHEN NOT s.running OR k <= s.active_position THEN s.started_at + make_interval(days => k + 7) END,
              CASE WHEN NOT s.running OR k < s.active_position THEN s.started_at + make_interval(days => k + 1) END,
              0
         FROM syn s CROSS JOIN generate_series(0, 4) k`,
    );
    await client.query(
      `INSERT INTO step_decisions (step_id, round, assignee, seat, decision, decided_by, decided_at)
       SELECT st.id, 1, a.assignee, 'agency', 'approve', $1, st.finished_at
         FROM workflow_steps st JOIN syn s ON s.id = st.workflow_id
         CROSS JOIN LATERAL unnest(CASE st.position ${signers} END) AS a(assignee)
        WHERE st.status = 'approved'`,
      [coordinator],
    );
    const mxSigners = [0, 1, 2, 3, 4]
      .map((i) => `WHEN ${i} THEN 'agency:${AGENCIES[i]}'`)
      .join(' ');
    await client.query(
      `INSERT INTO step_decisions (step_id, round, assignee, seat, decision, decided_by, decided_at)
       SELECT st.id, 1, CASE st.position ${mxSigners} END, 'agency', 'approve', $1, st.activated_at
         FROM workflow_steps st JOIN syn s ON s.id = st.workflow_id
        WHERE st.status = 'active' AND s.mx_signed`,
      [coordinator],
    );
    // What the workflow store keeps on each workflow for the search (WorkflowStore.record).
    await client.query(
      `UPDATE workflows w SET awaiting = st.awaiting, next_due_at = st.due_at
         FROM workflow_steps st JOIN syn s ON s.id = st.workflow_id
        WHERE w.id = st.workflow_id AND st.status = 'active'`,
    );
    await client.query('ANALYZE');
    const [{ workflows }] = (await client.query('SELECT count(*)::int AS workflows FROM workflows'))
      .rows as { workflows: number }[];
    console.log(
      `  ${workflows} workflows in the database (${((Date.now() - started) / 1000).toFixed(0)} s to add them)`,
    );
  } finally {
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
