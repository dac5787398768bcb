/**
 * `npm run migration:run | migration:revert | migration:generate <Name> | migration:check`
 *
 * run/revert act on DATABASE_URL (or the embedded database under DATA_DIR). generate and check
 * build a scratch database on the same server, apply every migration to it and compare it with
 * the entities, so their answer never depends on the state of someone's working database.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { loadConfig } from '@app/config/app-config';
import { createDataSource, MIGRATION_TUNING, runMigrations } from './data-source';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

Logger.overrideLogger(['log', 'warn', 'error']);
const logger = new Logger('Migrations');

async function withDatabase<T>(work: (url: string) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env);
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) embedded = await startEmbeddedPostgres(config.dataDir, logger);
  try {
    return await work(config.databaseUrl ?? embedded!.url);
  } finally {
    await embedded?.stop();
  }
}

async function withScratchDatabase<T>(url: string, work: (scratchUrl: string) => Promise<T>) {
  const name = `puentes_migration_scratch_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    return await work(scratch.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** The SQL that would bring a fully migrated database in line with the entities. */
async function pendingSchemaChanges(url: string) {
  await runMigrations(url);
  const dataSource = createDataSource(url, MIGRATION_TUNING);
  await dataSource.initialize();
  try {
    return await dataSource.driver.createSchemaBuilder().log();
  } finally {
    await dataSource.destroy();
  }
}

const quote = (sql: string) => '`' + sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`') + '`';

async function generate(name: string | undefined) {
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    throw new Error('Give the migration a PascalCase name: npm run migration:generate AddProjects');
  }
  const changes = await withDatabase((url) => withScratchDatabase(url, pendingSchemaChanges));
  if (changes.upQueries.length === 0) {
    logger.log('The entities and the migrations agree: nothing to generate.');
    return;
  }
  const timestamp = Date.now();
  const up = changes.upQueries.map((q) => `    await queryRunner.query(${quote(q.query)});`);
  const down = changes.downQueries
    .reverse()
    .map((q) => `    await queryRunner.query(${quote(q.query)});`);
  const file = join(__dirname, '..', '..', 'migrations', `${timestamp}-${name}.ts`);
  await writeFile(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.join('\n')}
  }
}
`,
  );
  logger.log(`Wrote ${file}: review it, then run npm run format`);
}

async function check() {
  const changes = await withDatabase((url) => withScratchDatabase(url, pendingSchemaChanges));
  if (changes.upQueries.length > 0) {
    console.error('The entities and the migrations disagree. A migration would need:');
    for (const q of changes.upQueries) console.error(`  ${q.query};`);
    console.error('Run: npm run migration:generate <Name>');
    process.exitCode = 1;
    return;
  }
  logger.log('The entities and the migrations agree.');
}

async function revert() {
  await withDatabase(async (url) => {
    const dataSource = createDataSource(url, MIGRATION_TUNING);
    await dataSource.initialize();
    try {
      await dataSource.undoLastMigration({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
  });
}

async function main() {
  const [command, argument] = process.argv.slice(2);
  switch (command) {
    case 'run': {
      const applied = await withDatabase(runMigrations);
      logger.log(applied.length ? `Applied ${applied.join(', ')}` : 'No pending migration.');
      return;
    }
    case 'revert':
      return revert();
    case 'generate':
      return generate(argument);
    case 'check':
      return check();
    default:
      throw new Error('Usage: migration-cli run | revert | generate <Name> | check');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
