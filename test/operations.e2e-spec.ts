import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import request from 'supertest';
import { WorkerMetricsServer } from '@app/modules/operations/worker-metrics-server';
import { createAgency, createProject, createUser, expectProblem } from './support/fixtures';
import { startSmtpServer } from './support/smtp';
import { ADMIN, createTestApp, type TestApp } from './support/test-app';

const METRICS_TOKEN = 'metrics-token-for-the-tests';
const HEALTHCHECK = join(__dirname, '..', 'scripts', 'healthcheck.js');
const run = promisify(execFile);

/** The value of one series in a Prometheus text exposition (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/** Runs the image's health check command against a process, as the container runtime would. */
async function healthcheck(env: Record<string, string>): Promise<number> {
  try {
    await run(process.execPath, [HEALTHCHECK], { env: { PATH: process.env.PATH ?? '', ...env } });
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

describe('Operations: logs, metrics, queue dashboard, login limit across processes, health checks', () => {
  const lines: Record<string, unknown>[] = [];
  let app: TestApp;
  let worker: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let workerPort: number;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // First in this file: the Nest logger of every app in one process is the first's.
    app = await createTestApp(
      { APP_ROLE: 'api', METRICS_TOKEN, SMTP_URL: smtp.url },
      { logLevels: ['log', 'warn', 'error'], logDestination: lineCollector(lines) },
    );
    worker = await createTestApp({
      APP_ROLE: 'worker',
      DATABASE_URL: app.databaseUrl,
      QUEUE_PREFIX: app.queuePrefix,
      METRICS_TOKEN,
      METRICS_PORT: '0',
      SMTP_URL: smtp.url,
    });
    workerPort = worker.running.app.get(WorkerMetricsServer).port!;
  });
  afterAll(async () => {
    await worker?.close();
    await app?.close();
    await smtp?.close();
  });

  const scrape = async (url: string) => {
    const response = await request(url).get('/metrics').auth(METRICS_TOKEN, { type: 'bearer' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    return response.text;
  };
  const workerUrl = () => `http://127.0.0.1:${workerPort}`;

  it('refuses /metrics without the token or with a wrong one, on the API and on a worker', async () => {
    expectProblem(await app.http().get('/metrics'), 401);
    expectProblem(
      await app.http().get('/metrics').auth('wrong-token-wrong', { type: 'bearer' }),
      401,
    );
    expect((await request(workerUrl()).get('/metrics')).status).toBe(401);
    expect(
      (await request(workerUrl()).get('/metrics').auth('wrong', { type: 'bearer' })).status,
    ).toBe(401);
  });

  it('counts a request, a decision, a fired timer and a sent email (API and worker each serve their own)', async () => {
    await app.http().get('/health').expect(200);
    const api = await scrape(app.url);
    expect(
      sample(api, 'puentes_http_requests_total', {
        route: '/health',
        status: '200',
        method: 'GET',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(api).toMatch(/puentes_http_request_duration_seconds_bucket\{.*route="\/health"/);
    expect(api).toContain('nodejs_eventloop_lag_seconds');
    expect(api).toMatch(/puentes_queue_jobs\{queue="deadlines",state="delayed",role="api"\}/);
    // The service runs on the Node line the project pins (see package.json engines).
    expect(api).toMatch(/nodejs_version_info\{version="v24\./);

    const agency = await createAgency(app, { country: 'US' });
    const coordinator = await createUser(app, { roles: ['coordinator'] });
    const approver = await createUser(app, { roles: ['approver'], agencyId: agency.id });
    const admin = await app.adminToken();
    const chain = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({
        key: `ops-${Date.now().toString(36)}`,
        name: { en: 'Ops', es: 'Ops' },
        steps: [
          {
            key: 'first',
            name: { en: 'First', es: 'Primero' },
            assignees: [{ agency: agency.code }],
          },
          {
            key: 'second',
            name: { en: 'Second', es: 'Segundo' },
            dependsOn: ['first'],
            assignees: [{ agency: agency.code }],
            sla: { duration: 'PT3S' },
            reminders: [{ before: 'PT2S' }],
          },
        ],
      });
    expect(chain.status).toBe(201);
    await app
      .http()
      .post(`/api/v1/approval-chains/${chain.body.id}/publish`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    const project = await createProject(app, {}, coordinator.token);
    const workflow = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(coordinator.token, { type: 'bearer' })
      .send({ chainKey: chain.body.key });
    expect(workflow.status).toBe(201);
    await app
      .http()
      .post(`/api/v1/workflows/${workflow.body.id}/steps/first/decisions`)
      .auth(approver.token, { type: 'bearer' })
      .send({ decision: 'approve' })
      .expect(201);
    expect(sample(await scrape(app.url), 'puentes_decisions_total', { decision: 'approve' })).toBe(
      1,
    );

    // The second step's reminder fires 1 s after it activates, on the worker; its emails go out.
    let text = '';
    for (let i = 0; i < 40; i++) {
      text = await scrape(workerUrl());
      if (
        sample(text, 'puentes_timers_fired_total', { subject: 'step' }) >= 1 &&
        sample(text, 'puentes_emails_total', { outcome: 'sent' }) >= 1
      )
        break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(sample(text, 'puentes_timers_fired_total', { subject: 'step', role: 'worker' })).toBe(1);
    expect(sample(text, 'puentes_timer_lag_seconds_count', { subject: 'step' })).toBe(1);
    expect(sample(text, 'puentes_emails_total', { outcome: 'sent' })).toBeGreaterThanOrEqual(1);
    // The sweeper's view: no due timer is left behind (for more than a sweep).
    expect(sample(text, 'puentes_timers_overdue_seconds', { role: 'worker' })).toBeLessThan(2);
    expect(text).toMatch(/^puentes_timers_overdue_seconds\{role="worker"\} /m);
    expect(
      sample(text, 'puentes_queue_jobs_processed_total', { queue: 'emails', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(smtp.received.length).toBeGreaterThanOrEqual(1);
    // The API process fires no timers and sends no email: those are the worker's.
    expect(sample(await scrape(app.url), 'puentes_timers_fired_total')).toBe(0);
  }, 40_000);

  it('gives every response an X-Request-Id, keeping a sane one the caller sent', async () => {
    for (const path of [
      '/health',
      '/api/v1/nothing-here',
      '/docs',
      '/admin/queues',
      '/metrics',
      '/',
    ]) {
      const response = await app.http().get(path);
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    const kept = await app.http().get('/health').set('X-Request-Id', 'lb-1234.abc');
    expect(kept.headers['x-request-id']).toBe('lb-1234.abc');
    const replaced = await app.http().get('/health').set('X-Request-Id', 'no spaces <allowed>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes a login as one JSON line with its request id, route, user and duration, and no secret', async () => {
    const user = await createUser(app, { roles: ['viewer'] });
    const login = await app
      .http()
      .post('/api/v1/auth/login')
      .set('X-Request-Id', 'login-line-test')
      .set('Cookie', 'puentes_refresh=some-old-cookie')
      .send({ email: user.user.email, password: user.password });
    expect(login.status).toBe(200);
    await app.http().get('/api/v1/me').auth(login.body.accessToken, { type: 'bearer' }).expect(200);
    const captured = lines;
    const line = captured.find((l) => l.reqId === 'login-line-test');
    expect(line).toEqual(
      expect.objectContaining({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        route: '/api/v1/auth/login',
        responseTime: expect.any(Number),
        res: { statusCode: 200 },
      }),
    );
    const me = captured.find((l) => l.route === '/api/v1/me' && l.userId === user.user.id);
    expect(me).toBeDefined();
    const all = captured.map((l) => JSON.stringify(l)).join('\n');
    expect(all).not.toContain(user.password);
    expect(all).not.toContain(login.body.accessToken);
    expect(all).not.toContain('some-old-cookie');
    expect(all).not.toContain(ADMIN.password);
  });

  describe.each([
    ['Redis', {}],
    ['PostgreSQL', { REDIS_URL: '' }],
  ])('the queue dashboard on %s', (_backend, env) => {
    let board: TestApp;
    beforeAll(async () => {
      board = await createTestApp(env);
    });
    afterAll(() => board?.close());

    it('is refused to anonymous users and non-admins and shown to an admin, with no token in a URL', async () => {
      expectProblem(await board.http().get('/admin/queues'), 401);
      expectProblem(await board.http().get('/admin/queues/api/queues'), 401);
      expectProblem(await board.http().post('/api/v1/admin/queue-dashboard/session'), 401);
      const viewer = await createUser(board, { roles: ['viewer', 'coordinator'] });
      expectProblem(
        await board
          .http()
          .post('/api/v1/admin/queue-dashboard/session')
          .auth(viewer.token, { type: 'bearer' }),
        403,
      );
      // A viewer's access token as a cookie is no dashboard cookie.
      expectProblem(
        await board.http().get('/admin/queues').set('Cookie', `puentes_queues=${viewer.token}`),
        401,
      );

      const admin = await board.adminToken();
      const opened = await board
        .http()
        .post('/api/v1/admin/queue-dashboard/session')
        .auth(admin, { type: 'bearer' });
      expect(opened.status).toBe(204);
      const cookie = (opened.headers['set-cookie'] as unknown as string[])[0];
      expect(cookie).toMatch(
        /^puentes_queues=[\w.-]+; Max-Age=900; Path=\/admin\/queues; Expires=.*; HttpOnly; SameSite=Strict$/,
      );
      const value = cookie.split(';')[0];
      // An admin's access token as a cookie is no dashboard cookie either.
      expectProblem(
        await board.http().get('/admin/queues').set('Cookie', `puentes_queues=${admin}`),
        401,
      );
      const page = await board.http().get('/admin/queues').set('Cookie', value);
      expect(page.status).toBe(200);
      expect(page.text).toContain('Puentes queues');
      const queues = await board.http().get('/admin/queues/api/queues').set('Cookie', value);
      expect(queues.status).toBe(200);
      expect((queues.body.queues as { name: string }[]).map((q) => q.name).sort()).toEqual(
        expect.arrayContaining([
          expect.stringContaining('deadlines'),
          expect.stringContaining('emails'),
          expect.stringContaining('maintenance'),
        ]),
      );
      // The queue-depth gauge reads the same queues on this backend.
      const metrics = await board.http().get('/metrics');
      expect(metrics.text).toMatch(
        /^puentes_queue_jobs\{queue="emails",state="waiting",role="all"\} \d+$/m,
      );
      // Logging out ends the dashboard cookie with the session.
      await board.http().post('/api/v1/auth/logout').auth(admin, { type: 'bearer' }).expect(204);
      expectProblem(await board.http().get('/admin/queues').set('Cookie', value), 401);
    });
  });

  it('refuses the 31st login attempt in a minute from one address, whichever of two API processes it reaches', async () => {
    const first = await createTestApp({ APP_ROLE: 'api' });
    const second = await createTestApp({
      APP_ROLE: 'api',
      DATABASE_URL: first.databaseUrl,
      QUEUE_PREFIX: first.queuePrefix,
    });
    try {
      const attempt = (target: TestApp, i: number) =>
        target
          .http()
          .post('/api/v1/auth/login')
          // Spoofed: with TRUST_PROXY unset the service counts the connection's address.
          .set('X-Forwarded-For', `203.0.113.${i}`)
          .send({ email: 'nobody@test.puentes.local', password: 'not-the-password' });
      for (let i = 0; i < 30; i++) {
        expect((await attempt(i % 2 === 0 ? first : second, i)).status).toBe(401);
      }
      expectProblem(await attempt(first, 31), 429);
      expectProblem(await attempt(second, 32), 429);
    } finally {
      await second.close();
      await first.close();
    }
  });

  it('answers a request in flight when it is told to stop, before it stops', async () => {
    const stopping = await createTestApp({ APP_ROLE: 'api' });
    const body = JSON.stringify({ email: ADMIN.email, password: ADMIN.password });
    const answer = new Promise<number>((resolve, reject) => {
      const call = httpRequest(
        {
          host: '127.0.0.1',
          port: new URL(stopping.url).port,
          method: 'POST',
          path: '/api/v1/auth/login',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode!);
        },
      );
      call.on('error', reject);
      // Half the body now, the rest once the stop has begun: the request is in flight.
      call.write(body.slice(0, 10));
      setTimeout(() => call.end(body.slice(10)), 1000);
    });
    await new Promise((r) => setTimeout(r, 300));
    const stopped = stopping.close();
    expect(await answer).toBe(200);
    await stopped;
  });

  it('passes the image health check of each role against a started api and worker', async () => {
    const apiPort = new URL(app.url).port;
    expect(await healthcheck({ APP_ROLE: 'api', PORT: apiPort })).toBe(0);
    expect(await healthcheck({ APP_ROLE: 'worker', METRICS_PORT: String(workerPort) })).toBe(0);
    const health = await request(workerUrl()).get('/health');
    expect(health.body).toEqual(expect.objectContaining({ status: 'ok', role: 'worker' }));
    // A worker without METRICS_PORT, or nothing listening, is unhealthy.
    expect(await healthcheck({ APP_ROLE: 'worker' })).toBe(1);
    expect(await healthcheck({ APP_ROLE: 'api', PORT: '1' })).toBe(1);
  });

  it('serves Swagger UI at /docs and /docs/, every script and style of it over plain http', async () => {
    for (const path of ['/docs', '/docs/']) {
      const page = await app.http().get(path);
      expect(page.status).toBe(200);
      expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      const assets = [...page.text.matchAll(/(?:src|href)="(\.?\/?[^"]+\.(?:js|css))"/g)].map(
        (m) => new URL(m[1], `http://127.0.0.1${path}`).pathname,
      );
      expect(assets.some((a) => a.endsWith('swagger-ui-init.js'))).toBe(true);
      for (const asset of assets) {
        const response = await app.http().get(asset);
        expect([asset, response.status]).toEqual([asset, 200]);
        // Not the web app's index.html answering for a path it does not know.
        expect(response.headers['content-type']).toMatch(/javascript|css/);
      }
    }
  });
});

/** A Writable that keeps each JSON log line (the service writes one object a line). */
function lineCollector(into: Record<string, unknown>[]): Writable {
  let rest = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = rest + chunk.toString();
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) into.push(JSON.parse(part));
      done();
    },
  });
}
