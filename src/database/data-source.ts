import { join } from 'node:path';
import { types } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { IdempotencyCommitSubscriber } from '@app/common/idempotency/idempotency-scope';
import { DEFAULT_DATABASE_TUNING, type DatabaseTuning } from '@app/config/app-config';
import { ENTITIES } from './entities';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would put them at midnight in the
// server's zone, and a holiday is a date, not an instant. (1082: date, 1182: date[].)
types.setTypeParser(1082, (value: string) => value);
types.setTypeParser(1182 as typeof types.builtins.DATE, (value: string) =>
  value === '{}' ? [] : value.slice(1, -1).split(','),
);

/** Class migrations `<epoch-ms>-PascalName.ts` in the top-level `migrations/` folder. */
const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

/**
 * The one description of the database, used by the app, the migration CLI and the tests.
 *
 * Nothing may wait on it for ever: a caller waits at most `poolWaitMs` for a pooled connection
 * (then pg-pool fails with "timeout exceeded when trying to connect", answered 503), and every
 * session runs with PostgreSQL's `statement_timeout`, `lock_timeout` and
 * `idle_in_transaction_session_timeout` (SQLSTATE 57014, 55P03, 25P03; answered 503 too).
 * Migrations run with no statement or lock limit (`MIGRATION_TUNING`).
 */
export function dataSourceOptions(
  url: string,
  tuning: Partial<DatabaseTuning> = {},
): DataSourceOptions {
  const t = { ...DEFAULT_DATABASE_TUNING, ...tuning };
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    subscribers: [IdempotencyCommitSubscriber],
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+: no extension (nor superuser) needed.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn'],
    extra: {
      max: t.poolSize,
      connectionTimeoutMillis: t.poolWaitMs,
      // 0 turns a server-side timeout off (pg leaves the server default when falsy).
      statement_timeout: t.statementTimeoutMs,
      lock_timeout: t.lockTimeoutMs,
      idle_in_transaction_session_timeout: t.idleInTransactionTimeoutMs,
      application_name: 'puentes',
    },
  };
}

export function createDataSource(url: string, tuning?: Partial<DatabaseTuning>): DataSource {
  return new DataSource(dataSourceOptions(url, tuning));
}

/** One connection with no statement or lock limit: migrations may rewrite big tables. */
export const MIGRATION_TUNING: Partial<DatabaseTuning> = {
  poolSize: 1,
  statementTimeoutMs: 0,
  lockTimeoutMs: 0,
  idleInTransactionTimeoutMs: 0,
};

// Any constant works; it only has to be the same for every process of Puentes.
const MIGRATION_LOCK = 73_110_201;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so an `api` and a `worker`
 * starting together never run them twice. One connection: the lock is per session.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, MIGRATION_TUNING);
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
