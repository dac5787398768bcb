import { join } from 'node:path';
import { types } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { IdempotencyCommitSubscriber } from '@app/common/idempotency/idempotency-scope';
import { ENTITIES } from './entities';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would put them at midnight in the
// server's zone, and a holiday is a date, not an instant. (1082: date, 1182: date[].)
types.setTypeParser(1082, (value: string) => value);
types.setTypeParser(1182 as typeof types.builtins.DATE, (value: string) =>
  value === '{}' ? [] : value.slice(1, -1).split(','),
);

/** Class migrations `<epoch-ms>-PascalName.ts` in the top-level `migrations/` folder. */
const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');

/** The one description of the database, used by the app, the migration CLI and the tests. */
export function dataSourceOptions(
  url: string,
  extra: { poolSize?: number } = {},
): DataSourceOptions {
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
    extra: { max: extra.poolSize ?? 20 },
  };
}

export function createDataSource(url: string, extra?: { poolSize?: number }): DataSource {
  return new DataSource(dataSourceOptions(url, extra));
}

// Any constant works; it only has to be the same for every process of Puentes.
const MIGRATION_LOCK = 73_110_201;

/**
 * Applies pending migrations under a PostgreSQL advisory lock, so an `api` and a `worker`
 * starting together never run them twice. One connection: the lock is per session.
 */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, { poolSize: 1 });
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
