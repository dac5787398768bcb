/**
 * npm run bench:reports:compare — the report queries of another commit (the baseline,
 * `main` unless BENCH_BASELINE names one) and of this tree, taking turns on one database in
 * one run, so both meet the same load. In-process (ReportsService on a pg client, no HTTP):
 * the figures are the queries' own. Needs a database seeded by `npm run bench:reports` and
 * kept (BENCH_KEEP_DATABASE=true prints its URL):
 *
 *   BENCH_DATABASE_URL=postgres://…/puentes_bench_xxxx BENCH_ROUNDS=10 npm run bench:reports:compare
 *
 * The baseline's reports.service.ts is read with `git show` into a temporary file beside this
 * tree's (so its imports resolve), loaded, and deleted.
 */
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { ReportQuery } from '@app/modules/reports/dto/reports.dto';
import { ReportsService } from '@app/modules/reports/reports.service';
import { machine, postgresVersion, round, summarize } from './support';

const DATABASE_URL = process.env.BENCH_DATABASE_URL;
const BASELINE = process.env.BENCH_BASELINE ?? 'main';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const WARM_UP = 2;
const REPORTS: [string, keyof ReportsService, ReportQuery][] = [
  ['agencies', 'agencies', {}],
  ['countries', 'countries', {}],
  ['cycle-times', 'cycleTimes', {}],
  ['sla', 'sla', {}],
  [
    'agencies?from=2026-01-01&to=2026-06-30&country=US',
    'agencies',
    { from: '2026-01-01', to: '2026-06-30', country: 'US' },
  ],
];

type Reports = Record<string, (query: ReportQuery) => Promise<unknown[]>>;

/**
 * Whether two answers agree: every field equal, except the ones that grow with the clock
 * while open steps wait (hours, step-days), which must agree within 0.1 % (the two queries
 * run seconds apart).
 */
function agree(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((row, i) =>
    Object.entries(row as Record<string, unknown>).every(([key, value]) => {
      const other = (b[i] as Record<string, unknown>)[key];
      if (typeof value === 'number' && typeof other === 'number' && /Hours|StepDays/.test(key))
        return Math.abs(value - other) <= Math.abs(value) * 0.001;
      return value === other;
    }),
  );
}

async function main() {
  if (!DATABASE_URL) throw new Error('Set BENCH_DATABASE_URL to a kept bench:reports database');
  const root = join(__dirname, '..', '..');
  const file = join(root, 'src', 'modules', 'reports', `.baseline-${process.pid}.service.ts`);
  writeFileSync(
    file,
    execFileSync('git', ['show', `${BASELINE}:src/modules/reports/reports.service.ts`], {
      cwd: root,
      encoding: 'utf8',
    }),
  );
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    // A file written at run time: loaded through require, which @swc-node/register compiles.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const baseline = (require(file) as { ReportsService: typeof ReportsService }).ReportsService;
    // What ReportsService uses of TypeORM's DataSource: query, and transaction (one client).
    const db = {
      query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows,
      transaction: async <T>(work: (manager: unknown) => Promise<T>): Promise<T> => {
        await client.query('BEGIN');
        try {
          const result = await work(db);
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
      },
    };
    const services: Record<string, Reports> = {
      [`baseline (${BASELINE})`]: new baseline(db as never) as unknown as Reports,
      'this tree': new ReportsService(db as never) as unknown as Reports,
    };
    console.log(
      `machine: ${machine()}; PostgreSQL ${await postgresVersion(DATABASE_URL)}; ${ROUNDS} rounds`,
    );
    const latencies = new Map<string, number[]>();
    const disagreements = new Set<string>();
    const loads: number[] = [];
    for (let i = 0; i < WARM_UP + ROUNDS; i++) {
      for (const [label, method, query] of REPORTS) {
        const answers: unknown[][] = [];
        for (const [name, service] of Object.entries(services)) {
          const began = performance.now();
          answers.push(await service[method](query));
          const took = performance.now() - began;
          if (i >= WARM_UP)
            latencies.set(`${label}|${name}`, [...(latencies.get(`${label}|${name}`) ?? []), took]);
        }
        if (!agree(answers[0], answers[1])) disagreements.add(label);
      }
      loads.push(loadavg()[0]);
    }
    const results = [...latencies].map(([key, values]) => {
      const [report, queries] = key.split('|');
      const s = summarize(values);
      return { report, queries, p50ms: round(s.p50), p95ms: round(s.p95), p99ms: round(s.p99) };
    });
    console.table(results);
    console.log(
      disagreements.size === 0
        ? 'answers: the same from both, for every report'
        : `answers DIFFER for: ${[...disagreements].join(', ')}`,
    );
    console.log(
      `load average (1 min) during the run: ${round(Math.min(...loads))}–${round(Math.max(...loads))}`,
    );
  } finally {
    await client.end();
    rmSync(file, { force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
