/**
 * npm run bench:reports — the latency of each report (GET /reports/agencies, /countries,
 * /cycle-times, /sla) over 100,000 workflows of 5 steps (500,000 steps) with their histories,
 * one reader at a time, through HTTP. Seeds its own data in a database of its own, then drops
 * it. Target: p99 ≤ 500 ms for each report.
 *
 *   BENCH_WORKFLOWS=100000 BENCH_REQUESTS=40 npm run bench:reports
 *   (BENCH_KEEP_DATABASE=true keeps the database for EXPLAIN ANALYZE)
 *
 * BENCH_REPORTS_SHARED=true gives every step two agencies that must both sign (the next one in
 * the list beside its own), with their signatures in `step_decisions`: the reports then charge
 * each agency its own part, which joins a million signatures instead of reading steps alone.
 */
import { loadavg } from 'node:os';
import { Client } from 'pg';
import {
  call,
  createDatabase,
  expectStatus,
  login,
  machine,
  postgresVersion,
  round,
  startService,
  summarize,
  BENCH_ADMIN,
  productionEnv,
} from './support';

const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 40);
const WARM_UP = 3;
const SHARED = process.env.BENCH_REPORTS_SHARED === 'true';

const ADMIN = BENCH_ADMIN;
const AGENCIES: [string, 'MX' | 'US'][] = [
  ['SRE', 'MX'],
  ['CBP', 'US'],
  ['SICT', 'MX'],
  ['GSA', 'US'],
  ['ANAM', 'MX'],
];
// Five sequential steps, owned alternately by a Mexican and a U.S. agency (shared: with the
// next agency of the list beside the owner, so three of the five pair both countries).
const signers = (i: number) =>
  SHARED ? [AGENCIES[i][0], AGENCIES[(i + 1) % AGENCIES.length][0]] : [AGENCIES[i][0]];
const STEPS = AGENCIES.map(([, country], i) => ({
  key: `step-${i + 1}`,
  name: { en: `Step ${i + 1}`, es: `Paso ${i + 1}` },
  assignees: signers(i).map((agency) => ({ agency })),
  ...(i > 0 ? { dependsOn: [`step-${i}`] } : {}),
  sla: { businessDays: 5, calendar: country },
}));
const REPORTS = [
  'agencies',
  'countries',
  'cycle-times',
  'sla',
  'agencies?from=2026-01-01&to=2026-06-30&country=US',
];

async function main() {
  const database = await createDatabase('puentes_bench');
  const pgVersion = await postgresVersion(database.url);
  console.log(`machine: ${machine()}; PostgreSQL ${pgVersion}`);
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  try {
    service = await startService(productionEnv(database.url));
    const url = service.url;
    const admin = await login(url, ADMIN.email, ADMIN.password);
    for (const [code, country] of AGENCIES) {
      await expectStatus(
        call(
          'POST',
          `${url}/api/v1/agencies`,
          { code, country, name: { en: code, es: code } },
          admin,
        ),
        201,
        'agency',
      );
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
    console.log(`seeding ${WORKFLOWS} workflows, ${WORKFLOWS * 5} steps and their histories…`);
    const counts = await seed(database.url, chainId, WORKFLOWS);
    console.log(`  ${JSON.stringify(counts)}`);

    const results = [];
    for (const report of REPORTS) {
      const latencies: number[] = [];
      let errors = 0;
      let rows = 0;
      for (let i = 0; i < WARM_UP + REQUESTS; i++) {
        const began = performance.now();
        const answer = await call('GET', `${url}/api/v1/reports/${report}`, undefined, admin);
        const took = performance.now() - began;
        if (answer.status !== 200) {
          errors++;
          console.error(report, answer.status, answer.body);
          continue;
        }
        rows = (answer.body as unknown[]).length;
        if (i >= WARM_UP) latencies.push(took);
      }
      const measured = summarize(latencies);
      const result = {
        report,
        rows,
        requests: measured.count,
        p50ms: round(measured.p50),
        p95ms: round(measured.p95),
        p99ms: round(measured.p99),
        maxMs: round(measured.max),
        errors,
        loadAverage1m: round(loadavg()[0]),
      };
      console.log(JSON.stringify(result));
      results.push(result);
    }
    console.log(
      JSON.stringify({ machine: machine(), postgres: pgVersion, ...counts, results }, null, 2),
    );
    const met = results.every((r) => r.p99ms <= 500 && r.errors === 0);
    console.log(
      `reports: ${met ? 'target met' : 'TARGET MISSED'} (p99 ≤ 500 ms for each, 1 reader)`,
    );
  } finally {
    await service?.stop();
    if (process.env.BENCH_KEEP_DATABASE === 'true') console.log(`kept ${database.url}`);
    else await database.drop();
  }
}

/**
 * A year of use, written with SQL (the API would take hours): finished workflows and, one in
 * ten, running ones with one active step; one in twenty had step 3 rejected and returned to
 * step 2, so steps 2 and 3 ran twice. Every activation and decision is in the history, as the
 * service writes it (hashes aside: the reports do not read them).
 */
async function seed(databaseUrl: string, chainId: string, count: number) {
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
              (g % 20 = 1) AS rework,
              now() - make_interval(mins => g * 5) - interval '8 days' AS started_at
         FROM generate_series(1, $1::int) g`,
      [count],
    );
    await client.query(
      `INSERT INTO workflows (id, project_id, chain_id, chain_key, chain_version, status, coordinator_id, attributes,
                              started_at, completed_at, version, last_seq, last_hash)
       SELECT s.id, p.id, $1, 'bench-chain', 1, CASE WHEN s.running THEN 'active' ELSE 'approved' END, $2, '{}',
              s.started_at, CASE WHEN s.running THEN NULL ELSE s.started_at + interval '5 days' END, 10, 0, NULL
         FROM syn s JOIN projects p ON p.code = 'SYN-' || (s.g % 1000 + 1)`,
      [chainId, coordinator],
    );
    await client.query(
      `INSERT INTO workflow_steps (id, workflow_id, key, position, status, round, activated_at, due_at, finished_at)
       SELECT gen_random_uuid(), s.id, 'step-' || (k + 1), k,
              CASE WHEN NOT s.running OR k < s.active_position THEN 'approved'
                   WHEN k = s.active_position THEN 'active' ELSE 'pending' END,
              CASE WHEN NOT s.running OR k <= s.active_position
                   THEN CASE WHEN s.rework AND k IN (1, 2) THEN 2 ELSE 1 END ELSE 0 END,
              CASE WHEN NOT s.running OR k <= s.active_position THEN s.started_at + make_interval(days => k) END,
              CASE WHEN NOT s.running OR k <= s.active_position THEN s.started_at + make_interval(days => k + 7) END,
              CASE WHEN NOT s.running OR k < s.active_position THEN s.started_at + make_interval(days => k + 1) END
         FROM syn s CROSS JOIN generate_series(0, 4) k`,
    );
    // The history: each round's activation and end; a rework workflow's first rounds of
    // steps 2 and 3 a day before its second ones, with the return between them.
    await client.query(
      `CREATE TEMP TABLE ev AS
       SELECT st.workflow_id, w.started_at AS at, 0 AS ord, 'workflow_started' AS type,
              '{"attributes":{}}'::jsonb AS data
         FROM workflows w JOIN syn s ON s.id = w.id JOIN workflow_steps st ON st.workflow_id = w.id
        WHERE st.position = 0
       UNION ALL
       SELECT st.workflow_id, st.activated_at - interval '2 days' + make_interval(mins => r.n), 1,
              CASE r.n WHEN 0 THEN 'step_activated'
                       ELSE CASE WHEN st.position = 2 THEN 'step_rejected' ELSE 'step_approved' END END,
              jsonb_build_object('stepKey', st.key, 'round', 1) ||
                CASE r.n WHEN 0 THEN jsonb_build_object('dueAt', st.activated_at + interval '5 days')
                         ELSE '{}' END
         FROM workflow_steps st CROSS JOIN (VALUES (0), (1)) r(n)
        WHERE st.round = 2
       UNION ALL
       SELECT st.workflow_id, st.activated_at - interval '1 day', 2, 'workflow_returned',
              jsonb_build_object('stepKey', 'step-3', 'round', 1, 'returnTo', 'step-2',
                                 'resetSteps', jsonb_build_array('step-2', 'step-3', 'step-4', 'step-5'))
         FROM workflow_steps st WHERE st.round = 2 AND st.position = 2
       UNION ALL
       SELECT st.workflow_id, st.activated_at, 3, 'step_activated',
              jsonb_build_object('stepKey', st.key, 'round', st.round, 'dueAt', st.due_at)
         FROM workflow_steps st WHERE st.round > 0
       UNION ALL
       SELECT st.workflow_id, st.finished_at, 4, 'step_approved',
              jsonb_build_object('stepKey', st.key, 'round', st.round)
         FROM workflow_steps st WHERE st.status = 'approved'
       UNION ALL
       SELECT w.id, w.completed_at, 5, 'workflow_approved', '{}'::jsonb
         FROM workflows w WHERE w.status = 'approved'`,
    );
    await client.query(
      `INSERT INTO workflow_events (workflow_id, seq, type, at, data, prev_hash, hash)
       SELECT workflow_id, row_number() OVER (PARTITION BY workflow_id ORDER BY at, ord),
              type, at, data, repeat('0', 64), repeat('0', 64)
         FROM ev`,
    );
    await client.query(
      `UPDATE workflows w SET last_seq = e.n
         FROM (SELECT workflow_id, max(seq) AS n FROM workflow_events GROUP BY workflow_id) e
        WHERE e.workflow_id = w.id`,
    );
    if (SHARED) await seedSignatures(client);
    await client.query('VACUUM ANALYZE');
    const [row] = (
      await client.query(
        `SELECT (SELECT count(*)::int FROM workflows) AS workflows,
                (SELECT count(*)::int FROM workflow_steps) AS steps,
                (SELECT count(*)::int FROM workflow_events) AS events,
                (SELECT count(*)::int FROM step_decisions) AS signatures`,
      )
    ).rows as { workflows: number; steps: number; events: number; signatures: number }[];
    return { ...row, seedSeconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    await client.end();
  }
}

/**
 * Each step's signatures, as the service stores them: an approved step's first signer at six
 * hours, its second when the step was approved; an active step's first signer only; a
 * reworked step's first round signed at its end (step 3's second signer rejecting it).
 */
async function seedSignatures(client: Client) {
  const slots = STEPS.flatMap((step, i) =>
    signers(i).map((code, n) => `('${step.key}', ${n + 1}, 'agency:${code}')`),
  );
  await client.query(
    `WITH slot(key, n, assignee) AS (VALUES ${slots.join(', ')})
     INSERT INTO step_decisions (step_id, round, assignee, seat, decision, decided_at)
     SELECT st.id, st.round, slot.assignee, 'agency', 'approve',
            CASE WHEN slot.n = 1 THEN st.activated_at + interval '6 hours' ELSE st.finished_at END
       FROM workflow_steps st JOIN slot ON slot.key = st.key
      WHERE st.status = 'approved'
     UNION ALL
     SELECT st.id, st.round, slot.assignee, 'agency', 'approve',
            st.activated_at + interval '6 hours'
       FROM workflow_steps st JOIN slot ON slot.key = st.key AND slot.n = 1
      WHERE st.status = 'active' AND st.activated_at + interval '6 hours' < now()
     UNION ALL
     SELECT st.id, 1, slot.assignee, 'agency',
            CASE WHEN st.position = 2 AND slot.n = 2 THEN 'reject' ELSE 'approve' END,
            st.activated_at - interval '2 days' + interval '1 minute'
       FROM workflow_steps st JOIN slot ON slot.key = st.key
      WHERE st.round = 2`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
