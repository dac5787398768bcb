import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';

const ROOT = join(__dirname, '..');

interface Started {
  child: ChildProcess;
  url: string;
  log: () => string;
  seconds: number;
}

/** Starts `src/main.ts` as a newcomer would: no DATABASE_URL, no REDIS_URL, no SMTP_URL. */
function startService(dataDir: string): Promise<Started> {
  const began = process.hrtime.bigint();
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
  };
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 90 s:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        const seconds = Number(process.hrtime.bigint() - began) / 1e9;
        resolve({ child, url: match[1], log: () => output, seconds });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${output}`));
    });
  });
}

function stopService(started: Started): Promise<number | null> {
  return new Promise((resolve) => {
    started.child.once('exit', (code) => resolve(code));
    started.child.kill('SIGTERM');
  });
}

describe('The embedded default: npm start with nothing but Node', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'puentes-embedded-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('starts from an empty DATA_DIR, seeds the demo, answers /health, and stops cleanly; then starts again without reseeding', async () => {
    const first = await startService(dataDir);
    let logins: { email: string; password: string; roles: string[] }[];
    let keyId: string;
    try {
      const health = await request(first.url).get('/health');
      expect(health.status).toBe(200);
      expect(health.body).toEqual(
        expect.objectContaining({ status: 'ok', queueBackend: 'postgres' }),
      );
      expect(first.log()).toMatch(/Seeded the demo: 30 agencies, 4 technical groups/);
      expect(first.log()).toMatch(/Demo admin: admin@demo\.puentes\.local \/ \S+/);

      logins = JSON.parse(await readFile(join(dataDir, 'demo-logins.json'), 'utf8'));
      // The logins for people: printed before the service listens, kept for its owner only.
      const text = join(dataDir, 'demo-logins.txt');
      expect((await stat(text)).mode & 0o077).toBe(0);
      const lines = (await readFile(text, 'utf8')).trim().split('\n').slice(1);
      expect(lines).toHaveLength(logins.length);
      for (const l of logins) {
        expect(lines.find((line) => line.startsWith(`${l.email} `))).toContain(l.password);
      }
      expect(first.log().indexOf('approver.anam@demo.puentes.local')).toBeLessThan(
        first.log().indexOf('listening on'),
      );
      expect(first.log()).toMatch(/Demo workflow on SAN-LUIS-II \(completed\): approved/);
      expect(logins.map((l) => l.roles[0])).toEqual(
        expect.arrayContaining(['admin', 'coordinator', 'approver', 'viewer']),
      );
      const admin = logins.find((l) => l.roles.includes('admin'))!;
      const login = await request(first.url)
        .post('/api/v1/auth/login')
        .send({ email: admin.email, password: admin.password });
      expect(login.status).toBe(200);
      const agencies = await request(first.url)
        .get('/api/v1/agencies?limit=200')
        .auth(login.body.accessToken, { type: 'bearer' });
      expect(agencies.body.total).toBe(30);
      // The generated audit signing key: kept under DATA_DIR for its owner only.
      keyId = (
        await request(first.url)
          .get('/api/v1/audit/public-key')
          .auth(login.body.accessToken, { type: 'bearer' })
      ).body.keyId;
      expect(keyId).toMatch(/^[0-9a-f]{16}$/);
      expect((await stat(join(dataDir, 'audit-signing-key.pem'))).mode & 0o777).toBe(0o600);
    } finally {
      expect(await stopService(first)).toBe(0);
    }
    // PostgreSQL removes its pid file when it has shut down cleanly.
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    const second = await startService(dataDir);
    try {
      expect(second.log()).not.toMatch(/Seeded the demo/);
      expect((await request(second.url).get('/health')).status).toBe(200);
      const admin = logins.find((l) => l.roles.includes('admin'))!;
      const login = await request(second.url)
        .post('/api/v1/auth/login')
        .send({ email: admin.email, password: admin.password });
      expect(login.status).toBe(200);
      // The same key after a restart, so what it signed before still verifies.
      const key = await request(second.url)
        .get('/api/v1/audit/public-key')
        .auth(login.body.accessToken, { type: 'bearer' });
      expect(key.body.keyId).toBe(keyId);
    } finally {
      expect(await stopService(second)).toBe(0);
    }
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    process.stdout.write(
      `embedded default: first start ${first.seconds.toFixed(1)} s, second start ${second.seconds.toFixed(1)} s (including on-the-fly TypeScript compilation)\n`,
    );
  }, 240_000);
});
