import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { Client } from 'pg';
import request from 'supertest';
import { startPuentes, type RunningPuentes, type StartOptions } from '@app/bootstrap';
import { WorkflowsService } from '@app/modules/approvals/workflows.service';

export const ADMIN = { email: 'admin@test.puentes.local', password: 'admin-password-for-tests' };

export interface TestApp {
  running: RunningPuentes;
  queuePrefix: string;
  url: string;
  databaseUrl: string;
  http(): ReturnType<typeof request>;
  login(email: string, password: string): Promise<string>;
  adminToken(): Promise<string>;
  /** Runs SQL directly against this test file's database. */
  sql<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /**
   * Says that a test wrote a workflow's stored state itself (a due date, an escalation level)
   * to stage a scene, so the replay check at `close()` leaves that workflow out: its state no
   * longer comes from its events, on purpose.
   */
  stagedState(workflowId: string): void;
  close(): Promise<void>;
}

/**
 * One audit signing key for every app a test file starts: an `api` and a `worker` process on
 * one database must sign with the same key, as they do in production (AUDIT_SIGNING_KEY).
 */
const AUDIT_SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: the e2e global setup did not run');
  return url;
}

/** A fresh database whose name says it is for tests, on the test server. */
export async function createTestDatabase(): Promise<string> {
  const name = `puentes_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  if (!/^puentes_test_[0-9a-f]+$/.test(name)) throw new Error(`Refusing to drop ${name}`);
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * Starts the real service (real PostgreSQL, real Redis when REDIS_URL is set) on a database
 * and a queue prefix of its own, so test files run in parallel without sharing state.
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
  options: StartOptions = {},
): Promise<TestApp> {
  const databaseUrl = env.DATABASE_URL ?? (await createTestDatabase());
  const queuePrefix = env.QUEUE_PREFIX ?? `{test-${randomBytes(4).toString('hex')}}`;
  const running = await startPuentes(
    {
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
      PORT: '0',
      HOST: '127.0.0.1',
      JWT_SECRET: randomBytes(32).toString('hex'),
      AUDIT_SIGNING_KEY,
      // PUENTES_TEST_POOL_SIZE=1 runs every test on a pool of one connection: a transaction
      // that sent a query through the pool instead of its own connection then fails with a
      // 503 after PUENTES_TEST_POOL_WAIT_MS instead of passing (see docs/reliability.md).
      DB_POOL_SIZE: process.env.PUENTES_TEST_POOL_SIZE,
      DB_POOL_WAIT_MS: process.env.PUENTES_TEST_POOL_WAIT_MS,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    { logLevels: ['error'], ...options },
  );
  const url = running.url ?? '';
  const pool = new Client({ connectionString: databaseUrl });
  pool.on('error', () => undefined); // the server may end it first when the app stops
  await pool.connect();
  let adminToken: string | undefined;

  const staged = new Set<string>();
  const app: TestApp = {
    running,
    queuePrefix,
    url,
    databaseUrl,
    http: () => request(url),
    async login(email, password) {
      const response = await request(url).post('/api/v1/auth/login').send({ email, password });
      if (response.status !== 200)
        throw new Error(`login ${email}: ${response.status} ${response.text}`);
      return response.body.accessToken as string;
    },
    async adminToken() {
      adminToken ??= await app.login(ADMIN.email, ADMIN.password);
      return adminToken;
    },
    async sql<T>(text: string, values?: unknown[]) {
      return (await pool.query(text, values)).rows as T[];
    },
    stagedState(workflowId) {
      staged.add(workflowId);
    },
    async close() {
      await pool.end();
      // The last step on every test database: each stored history must replay, through the
      // engine, to the state stored beside it (see WorkflowsService.replayMismatches).
      const mismatches = env.DATABASE_URL
        ? []
        : (await running.app.get(WorkflowsService, { strict: false }).replayMismatches()).filter(
            (m) => !staged.has(m.workflowId),
          );
      await running.stop();
      if (process.env.REDIS_URL && !env.QUEUE_PREFIX) {
        const redis = new Redis(process.env.REDIS_URL);
        const keys = await redis.keys(`${queuePrefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      }
      if (!env.DATABASE_URL) await dropTestDatabase(databaseUrl);
      if (mismatches.length > 0)
        throw new Error(
          `Stored histories that do not replay to their stored state: ${JSON.stringify(mismatches)}`,
        );
    },
  };
  return app;
}
