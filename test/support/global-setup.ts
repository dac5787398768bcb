import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
// globalSetup runs outside jest's module registry: no path aliases here.
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ensureWebBuild } from './web-build';

/**
 * With DATABASE_URL set (CI), the e2e tests use that server; each test file makes its own
 * database on it. Without it (a fresh machine with only Node), one embedded PostgreSQL is
 * started for the whole run. REDIS_URL is used when set; else BullMQ runs on PostgreSQL.
 * The web app is built first when its build is missing or stale (once for the whole run, so
 * test files running in parallel never build it at the same time).
 */
export default async function globalSetup(): Promise<void> {
  ensureWebBuild();
  if (process.env.DATABASE_URL) return;
  const dataDir = await mkdtemp(join(tmpdir(), 'puentes-test-'));
  const logger = new Logger('TestDatabase');
  logger.debug = () => undefined;
  const database = await startEmbeddedPostgres(dataDir, logger);
  process.env.DATABASE_URL = database.url;
  process.env.PUENTES_TEST_EMBEDDED_DIR = dataDir;
  (globalThis as { puentesTestDatabase?: typeof database }).puentesTestDatabase = database;
}
