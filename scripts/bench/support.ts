/**
 * What every benchmark needs: a database of its own, the real service in its own process,
 * a keep-alive HTTP client, and percentiles. Benchmarks talk to the service only over HTTP.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..', '..');
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0';

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
}

/** Clock ticks a second in /proc/<pid>/stat (USER_HZ: 100 on Linux everywhere it runs). */
const TICKS = 100;

/** CPU seconds (user + system) a process has used, from /proc (Linux); 0 when it is gone. */
function processCpuSeconds(pid: number): number {
  try {
    // Fields after the command (which may hold spaces, hence the last ')'): utime is the 12th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** Every process of the machine whose command name is `comm` (e.g. 'postgres'). */
function pidsNamed(comm: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm;
      } catch {
        return false;
      }
    });
}

/** Whether PostgreSQL process `pid` is a backend connected to `database` (its process title). */
function backendOf(pid: number, database: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(' ').includes(database);
  } catch {
    return false;
  }
}

/**
 * Where the machine's CPU goes during a phase of a benchmark: call it before, then call the
 * function it returns after, for the CPU seconds used in between by each of `services` (name →
 * pid), by every PostgreSQL process (backends that exited in between are not counted), by
 * Redis and by the benchmark itself (the load generator and its SMTP server), and the phase's
 * wall seconds. On two cores, a sum near 2 × wall means the machine was full. Given the
 * benchmark's `database` name, `postgresBackends` is the part of `postgres` spent by the
 * backends connected to it: a figure that other work on the machine does not swell.
 */
export function cpuAccount(services: Record<string, number>, database?: string) {
  const others = () => ({
    postgres: pidsNamed('postgres'),
    redis: pidsNamed('redis-server'),
  });
  const read = () => {
    const named = others();
    const own = process.cpuUsage();
    return {
      services: Object.fromEntries(
        Object.entries(services).map(([name, pid]) => [name, processCpuSeconds(pid)]),
      ),
      postgres: named.postgres.map((pid) => [pid, processCpuSeconds(pid)] as const),
      redis: named.redis.reduce((sum, pid) => sum + processCpuSeconds(pid), 0),
      benchmark: (own.user + own.system) / 1e6,
    };
  };
  const before = read();
  const started = Date.now();
  return (): Record<string, number> => {
    const after = read();
    const postgresBefore = new Map(before.postgres);
    const result: Record<string, number> = { wallSeconds: (Date.now() - started) / 1000 };
    for (const name of Object.keys(services))
      result[name] = after.services[name] - before.services[name];
    result.postgres = after.postgres.reduce(
      (sum, [pid, seconds]) => sum + seconds - (postgresBefore.get(pid) ?? 0),
      0,
    );
    if (database)
      result.postgresBackends = after.postgres
        .filter(([pid]) => backendOf(pid, database))
        .reduce((sum, [pid, seconds]) => sum + seconds - (postgresBefore.get(pid) ?? 0), 0);
    result.redis = after.redis - before.redis;
    result.benchmark = after.benchmark - before.benchmark;
    for (const key of Object.keys(result)) result[key] = Math.round(result[key] * 10) / 10;
    return result;
  };
}

export async function postgresVersion(url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return ((await client.query('SHOW server_version')).rows[0] as { server_version: string })
      .server_version;
  } finally {
    await client.end();
  }
}

export async function createDatabase(
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const again = new Client({ connectionString: SERVER_URL });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

export interface Service {
  url: string;
  /** The service process, for benchmarks that read its memory (`/proc/<pid>/status`). */
  pid: number;
  stop(): Promise<void>;
}

/** The bootstrap admin of a benchmark's service: a fresh password per run. */
export const BENCH_ADMIN = {
  email: 'bench-admin@puentes.local',
  password: randomBytes(12).toString('hex'),
};

/**
 * The environment of a service in production shape on `databaseUrl`: its own queue prefix on
 * the shared Redis, fresh JWT and audit signing keys, the bench admin, and a login limit no
 * benchmark reaches. `extra` adds or overrides variables.
 */
export function productionEnv(
  databaseUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    QUEUE_PREFIX: `{bench-${randomBytes(3).toString('hex')}}`,
    NODE_ENV: 'production',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    ADMIN_EMAIL: BENCH_ADMIN.email,
    ADMIN_PASSWORD: BENCH_ADMIN.password,
    LOGIN_RATE_LIMIT: '10000',
    // The service's tuning, when the benchmark is given it: a run can compare settings.
    ...Object.fromEntries(
      ['SMTP_POOL_SIZE', 'DB_POOL_SIZE'].flatMap((name) => {
        const value = process.env[name];
        return value ? [[name, value]] : [];
      }),
    ),
    ...extra,
  };
}

/**
 * Builds if needed and starts the compiled service with `env`, waiting for /health (a worker,
 * `APP_ROLE=worker`, has no HTTP: it is left to start while the caller goes on).
 */
export async function startService(env: Record<string, string>): Promise<Service> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'start.js'), '--build-only'], {
    stdio: 'inherit',
    cwd: ROOT,
  });
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(
    process.execPath,
    [...nodeArgs, join(ROOT, 'dist', 'src', 'main.js')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        PORT: port,
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; env.APP_ROLE !== 'worker' && i < 600; i++) {
    try {
      if ((await call('GET', `${url}/health`)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export interface Answer {
  status: number;
  body: unknown;
}

/** One HTTP request on a kept-alive connection. */
export function call(method: string, url: string, body?: unknown, token?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({
            status: res.statusCode ?? 0,
            body: text ? (JSON.parse(text) as unknown) : null,
          });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export async function expectStatus(
  answer: Promise<Answer>,
  status: number,
  what: string,
): Promise<Answer> {
  const result = await answer;
  if (result.status !== status)
    throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(latenciesMs: number[]) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

/** TPC-B with pgbench on the same server: the floor of what this machine's PostgreSQL does. */
export async function pgbench(clients: number, seconds: number): Promise<number> {
  const database = await createDatabase('puentes_pgbench');
  try {
    const url = new URL(database.url);
    // A `?host=/var/run/postgresql` URL means a Unix socket: pgbench goes the same way.
    const args = [
      '-h',
      url.searchParams.get('host') ?? url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username || 'postgres'),
    ];
    const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) };
    const name = url.pathname.slice(1);
    execFileSync('pgbench', [...args, '-i', '-q', '-s', '10', name], { env, stdio: 'ignore' });
    const output = execFileSync(
      'pgbench',
      [...args, '-c', String(clients), '-j', '2', '-T', String(seconds), '-M', 'prepared', name],
      {
        env,
        encoding: 'utf8',
      },
    );
    const tps = /tps = ([\d.]+)/.exec(output);
    if (!tps) throw new Error(`pgbench said:\n${output}`);
    return Number(tps[1]);
  } finally {
    await database.drop();
  }
}

export const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export async function login(url: string, email: string, password: string): Promise<string> {
  const answer = await expectStatus(
    call('POST', `${url}/api/v1/auth/login`, { email, password }),
    200,
    `login ${email}`,
  );
  return (answer.body as { accessToken: string }).accessToken;
}

/** Starts `count` workflows of `chainKey`, each on a project of its own, `concurrency` at a time. */
export async function startWorkflows(
  url: string,
  token: string,
  chainKey: string,
  count: number,
  concurrency: number,
) {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const project = await expectStatus(
          call(
            'POST',
            `${url}/api/v1/projects`,
            { code: `BENCH-${i}`, name: { en: `Bench ${i}`, es: `Bench ${i}` }, type: 'bridge' },
            token,
          ),
          201,
          'project',
        );
        const workflow = await expectStatus(
          call(
            'POST',
            `${url}/api/v1/projects/${(project.body as { id: string }).id}/workflows`,
            { chainKey },
            token,
          ),
          201,
          'workflow',
        );
        ids[i] = (workflow.body as { id: string }).id;
      }
    }),
  );
  return ids;
}
