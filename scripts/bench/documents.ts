/**
 * `npm run bench:documents`: what storing and serving a document costs, beside the machine's
 * own file copy and HTTP transfer of the same bytes.
 *
 * 1. Throughput: one BENCH_DOCUMENT_MB (50) MB file uploaded to the service (multipart, curl
 *    -F) and downloaded from it (curl), each the median of BENCH_RUNS (5); beside `cp` of the
 *    file, and curl uploading it to / downloading it from a bare Node HTTP server that only
 *    writes / reads the file (the floor of an HTTP transfer on this machine).
 * 2. Memory: the service's peak RSS (sampled every 20 ms from /proc) during 8 parallel uploads
 *    of the 50 MB file, beside 8 parallel uploads of a 5 MB one: streamed uploads keep it flat.
 *
 * Storage: the filesystem (DATA_DIR/documents on this machine's disk).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import {
  call,
  createDatabase,
  expectStatus,
  login,
  machine,
  postgresVersion,
  REDIS_URL,
  round,
  startService,
  BENCH_ADMIN,
} from './support';

const run = promisify(execFile);
const MB = Number(process.env.BENCH_DOCUMENT_MB ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PARALLEL = 8;
const ADMIN = BENCH_ADMIN;

/** A file of `mb` MiB that the service takes for a PDF (its header), the rest random. */
async function makeFile(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path);
  out.write('%PDF-1.7\n');
  for (let i = 0; i < mb; i++) out.write(randomBytes(1024 * 1024));
  await new Promise((done) => out.end(done));
  return (await stat(path)).size;
}

/** Seconds of one command (wall clock). */
async function timed(command: string, args: string[]): Promise<number> {
  const start = process.hrtime.bigint();
  await run(command, args, { maxBuffer: 1024 * 1024 });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function median(times: () => Promise<number>): Promise<number> {
  const all: number[] = [];
  for (let i = 0; i < RUNS; i++) all.push(await times());
  all.sort((a, b) => a - b);
  return all[Math.floor(all.length / 2)];
}

/** The floor: a bare Node server that writes an upload to a file and serves the file back. */
async function bareServer(dir: string, file: string) {
  const server = createServer((request, response) => {
    if (request.method === 'POST') {
      void pipeline(request, createWriteStream(join(dir, `bare-${randomBytes(4).toString('hex')}`)))
        .then(() => response.end('ok'))
        .catch(() => response.destroy());
    } else {
      void pipeline(createReadStream(file), response).catch(() => undefined);
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

async function rssKiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** Peak RSS (MiB) of `pid` while `work` runs, and the RSS just before it. */
async function peakDuring(pid: number, work: () => Promise<unknown>) {
  const before = await rssKiB(pid);
  let peak = before;
  let running = true;
  const sampler = (async () => {
    while (running) {
      peak = Math.max(peak, await rssKiB(pid));
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await work();
  running = false;
  await sampler;
  return { beforeMiB: round(before / 1024), peakMiB: round(peak / 1024) };
}

async function main() {
  const dir = await mkdtemp(join(tmpdir(), 'puentes-bench-documents-'));
  const database = await createDatabase('puentes_bench_documents');
  const service = await startService({
    DATABASE_URL: database.url,
    REDIS_URL,
    DATA_DIR: join(dir, 'data'),
    QUEUE_PREFIX: `{bench-${randomBytes(3).toString('hex')}}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SEED_DEMO: 'false',
    MAX_UPLOAD_MB: String(MB + 1),
    LOG_LEVEL: 'warn',
  });
  const bare = await bareServer(dir, join(dir, 'big.pdf'));
  try {
    const url = service.url;
    const token = await login(url, ADMIN.email, ADMIN.password);
    const project = await expectStatus(
      call(
        'POST',
        `${url}/api/v1/projects`,
        { code: 'BENCH-DOCS', name: { en: 'Bench', es: 'Bench' }, type: 'bridge' },
        token,
      ),
      201,
      'project',
    );
    const projectId = (project.body as { id: string }).id;
    const big = join(dir, 'big.pdf');
    const bytes = await makeFile(big, MB);
    const small = join(dir, 'small.pdf');
    await makeFile(small, Math.max(1, Math.round(MB / 10)));
    const mib = bytes / 2 ** 20;

    const uploadArgs = (file: string) => [
      '-sS',
      '--fail',
      '-o',
      '/dev/null',
      '-H',
      `Authorization: Bearer ${token}`,
      '-F',
      'title=Bench',
      '-F',
      'kind=other',
      '-F',
      `file=@${file};type=application/pdf`,
      `${url}/api/v1/projects/${projectId}/documents`,
    ];
    const cp = await median(() =>
      timed('cp', [big, join(dir, `copy-${randomBytes(4).toString('hex')}`)]),
    );
    const bareUp = await median(() =>
      timed('curl', ['-sS', '--fail', '-o', '/dev/null', '-F', `file=@${big}`, bare.url]),
    );
    const bareDown = await median(() =>
      timed('curl', ['-sS', '--fail', '-o', '/dev/null', bare.url]),
    );
    const up = await median(() => timed('curl', uploadArgs(big)));
    const { stdout } = await run(
      'curl',
      uploadArgs(big).map((a) => (a === '/dev/null' ? '-' : a)),
    );
    const documentId = (JSON.parse(stdout) as { id: string }).id;
    const down = await median(() =>
      timed('curl', [
        '-sS',
        '--fail',
        '-o',
        '/dev/null',
        '-H',
        `Authorization: Bearer ${token}`,
        `${url}/api/v1/documents/${documentId}/content`,
      ]),
    );
    const parallel = (file: string) =>
      peakDuring(service.pid, () =>
        Promise.all(Array.from({ length: PARALLEL }, () => run('curl', uploadArgs(file)))),
      );
    const smallRun = await parallel(small);
    const bigRun = await parallel(big);

    const rate = (seconds: number) => round(mib / seconds, 0);
    const result = {
      machine: machine(),
      postgres: await postgresVersion(database.url),
      fileMiB: round(mib, 1),
      runs: RUNS,
      throughputMiBps: {
        cp: rate(cp),
        bareHttpUpload: rate(bareUp),
        bareHttpDownload: rate(bareDown),
        serviceUpload: rate(up),
        serviceDownload: rate(down),
      },
      ratio: {
        uploadVsBareHttp: round(bareUp / up, 2),
        downloadVsBareHttp: round(bareDown / down, 2),
        uploadVsCp: round(cp / up, 2),
        downloadVsCp: round(cp / down, 2),
      },
      memory: {
        [`${PARALLEL} × ${round(mib / 10, 0)} MiB uploads`]: smallRun,
        [`${PARALLEL} × ${round(mib, 0)} MiB uploads`]: bigRun,
      },
    };
    console.log(JSON.stringify(result, null, 2));
    await writeFile(join(dir, 'result.json'), JSON.stringify(result));
  } finally {
    bare.close();
    await service.stop();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
