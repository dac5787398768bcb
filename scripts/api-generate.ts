// `npm run api:generate`: starts the service exactly as it runs (its own throw-away database),
// reads the OpenAPI document it serves at /docs-json, writes it to web/openapi.json, and
// renders web/src/api/schema.d.ts from it (web/scripts/api-types.mjs). The web app's typed
// client is built on those two files; `npm run check` and test/web-serving.e2e-spec.ts fail
// when they drift from the code.
//
// With DATABASE_URL (a server where it may create databases) it makes a database of its own
// there and drops it after; without it, an embedded PostgreSQL in a temporary DATA_DIR.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPuentes } from '../src/bootstrap';

const root = join(__dirname, '..');

async function withDatabase<T>(run: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const server = process.env.DATABASE_URL;
  if (!server) {
    const dataDir = await mkdtemp(join(tmpdir(), 'puentes-apigen-'));
    try {
      return await run({ DATA_DIR: dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const name = `puentes_apigen_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  try {
    return await run({ DATABASE_URL: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function main(): Promise<void> {
  const document = await withDatabase(async (env) => {
    const running = await startPuentes(
      {
        ...env,
        PORT: '0',
        HOST: '127.0.0.1',
        APP_ROLE: 'api',
        SEED_DEMO: 'false',
        JWT_SECRET: randomBytes(32).toString('hex'),
      },
      { logLevels: ['error'] },
    );
    try {
      const response = await fetch(`${running.url}/docs-json`);
      if (!response.ok) throw new Error(`/docs-json answered ${response.status}`);
      return (await response.json()) as unknown;
    } finally {
      await running.stop();
    }
  });
  const file = join(root, 'web', 'openapi.json');
  await writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`Wrote ${file}`);
  execFileSync(process.execPath, [join(root, 'web', 'scripts', 'api-types.mjs'), 'write'], {
    stdio: 'inherit',
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
