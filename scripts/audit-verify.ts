/**
 * `npm run audit:verify -- --export history.json --public-key key.pem [--checkpoint cp.json]`
 *
 * Checks a workflow's exported history (GET /api/v1/workflows/:id/events/export) offline,
 * with nothing but the service's public key (GET /api/v1/audit/public-key, obtained apart
 * from the database): the hash chain, the head's signature, the checkpoint's signature and
 * the Merkle proof of the head it recorded. With --checkpoint (GET /api/v1/audit/checkpoints/:id,
 * or the record in the co-chairs' email), the export must be against exactly that checkpoint.
 * Exit status: 0 every check passed, 1 a check failed, 2 the files could not be read.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyHistoryExport } from '@puentes/audit-proof';

const USAGE =
  'usage: npm run audit:verify -- --export <history.json> --public-key <key.pem> [--checkpoint <checkpoint.json>]';

function fail(message: string): never {
  console.error(`audit:verify: ${message}\n${USAGE}`);
  process.exit(2);
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    fail(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

function json(path: string, what: string): unknown {
  try {
    return JSON.parse(read(path, what));
  } catch (error) {
    if (error instanceof SyntaxError) fail(`the ${what} ${path} is not JSON: ${error.message}`);
    throw error;
  }
}

/** The public key file may be the PEM itself or the JSON answer of /audit/public-key. */
function publicKeyPem(path: string): string {
  const text = read(path, 'public key');
  if (text.trimStart().startsWith('{')) {
    const body = json(path, 'public key') as { publicKey?: unknown };
    if (typeof body.publicKey !== 'string') fail(`${path} has no publicKey`);
    return body.publicKey;
  }
  return text;
}

let args: ReturnType<typeof parseOptions>;
function parseOptions() {
  return parseArgs({
    options: {
      export: { type: 'string' },
      'public-key': { type: 'string' },
      checkpoint: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }).values;
}
try {
  args = parseOptions();
} catch (error) {
  fail((error as Error).message);
}
if (args.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!args.export) fail('--export is required');
if (!args['public-key']) fail('--public-key is required');

const verdict = verifyHistoryExport(
  json(args.export, 'export'),
  publicKeyPem(args['public-key']),
  args.checkpoint === undefined ? undefined : json(args.checkpoint, 'checkpoint'),
);
for (const check of verdict.checks)
  console.log(`${check.ok ? 'PASS' : 'FAIL'}  ${check.check}: ${check.detail}`);
const failed = verdict.checks.filter((c) => !c.ok).length;
if (verdict.ok) {
  console.log(`OK: all ${verdict.checks.length} checks passed`);
} else {
  console.log(`REFUSED: ${failed} of ${verdict.checks.length} checks failed`);
  process.exitCode = 1;
}
