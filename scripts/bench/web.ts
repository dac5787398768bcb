/**
 * `npm run bench:web`: what the web app costs a person on My tasks, measured in Debian's
 * Chromium (playwright-core) against the real service.
 *
 * 1. Bytes: the JavaScript a first visit to My tasks loads (sign in, land on /tasks), raw and
 *    compressed (gzip level 6, what a reverse proxy or `compression` would send). Budget: 200 KB.
 * 2. Time: from the click on "My tasks" in the navigation (and from a full load of /tasks) until
 *    the list is usable — every task rendered and the count shown — for an approver with
 *    BENCH_TASKS (500) open tasks. Budget: 1 s. Baseline, same run: the same for an approver
 *    with no task, and the bare `GET /api/v1/tasks` calls the page makes.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import {
  call,
  createDatabase,
  expectStatus,
  login,
  machine,
  percentile,
  postgresVersion,
  REDIS_URL,
  round,
  startService,
  startWorkflows,
  BENCH_ADMIN,
} from './support';

const TASKS = Number(process.env.BENCH_TASKS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ADMIN = BENCH_ADMIN;
const PASSWORD = randomBytes(12).toString('hex');

interface Person {
  email: string;
  tasks: number;
}

async function seed(url: string): Promise<{ busy: Person; idle: Person }> {
  const admin = await login(url, ADMIN.email, ADMIN.password);
  const agencies: Record<string, string> = {};
  for (const [code, country] of [
    ['CBP', 'US'],
    ['SRE', 'MX'],
  ]) {
    const agency = await expectStatus(
      call(
        'POST',
        `${url}/api/v1/agencies`,
        { code, country, name: { en: code, es: code } },
        admin,
      ),
      201,
      'agency',
    );
    agencies[code] = (agency.body as { id: string }).id;
  }
  const user = async (email: string, roles: string[], agencyId?: string) =>
    expectStatus(
      call(
        'POST',
        `${url}/api/v1/users`,
        { email, name: email.split('@')[0], password: PASSWORD, roles, agencyId },
        admin,
      ),
      201,
      email,
    );
  await user('busy@bench.puentes.local', ['approver'], agencies.CBP);
  await user('idle@bench.puentes.local', ['approver'], agencies.SRE);
  await user('coordinator@bench.puentes.local', ['coordinator']);
  const chain = await expectStatus(
    call(
      'POST',
      `${url}/api/v1/approval-chains`,
      {
        key: 'bench-web',
        name: { en: 'Bench', es: 'Bench' },
        steps: [
          {
            key: 'review',
            name: { en: 'CBP review', es: 'Revisión de CBP' },
            assignees: [{ agency: 'CBP' }],
            sla: { businessDays: 10, calendar: 'US' },
          },
        ],
      },
      admin,
    ),
    201,
    'chain',
  );
  await expectStatus(
    call(
      'POST',
      `${url}/api/v1/approval-chains/${(chain.body as { id: string }).id}/publish`,
      {},
      admin,
    ),
    200,
    'publish',
  );
  const coordinator = await login(url, 'coordinator@bench.puentes.local', PASSWORD);
  await startWorkflows(url, coordinator, 'bench-web', TASKS, 8);
  return {
    busy: { email: 'busy@bench.puentes.local', tasks: TASKS },
    idle: { email: 'idle@bench.puentes.local', tasks: 0 },
  };
}

async function launch(): Promise<Browser> {
  // The flags the browser tests use (test/support/browser.ts): no network beyond localhost.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/**
 * The list is usable: the whole inbox is loaded (the count line names all of the person's
 * tasks) and its first page of cards is rendered, soonest deadline first.
 */
async function waitUsable(page: Page, person: Person): Promise<void> {
  if (person.tasks === 0) {
    await page
      .getByText(/Nothing is waiting for you|Nada espera su decisión/)
      .waitFor({ timeout: 30_000 });
    return;
  }
  const main = page.getByRole('main');
  await main
    .getByRole('status')
    .filter({ hasText: new RegExp(`\\b${person.tasks}\\b`) })
    .waitFor({ timeout: 30_000 });
  await main.locator('ul.cards > li').first().waitFor({ timeout: 30_000 });
}

async function signIn(page: Page, url: string, person: Person, returnTo: string) {
  await page.goto(`${url}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel(/email|correo/i).fill(person.email);
  await page.getByLabel(/password|contraseña/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in|iniciar sesión|entrar/i }).click();
}

/** JS bytes of a first visit: sign in, land on My tasks. */
async function firstVisitBytes(browser: Browser, url: string, person: Person) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const scripts = new Map<string, Buffer>();
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    try {
      scripts.set(response.url(), await response.body());
    } catch {
      // a response without a body (a redirect) carries no script
    }
  });
  await signIn(page, url, person, '/tasks');
  await page.waitForURL(/\/tasks/);
  await waitUsable(page, person);
  await page.waitForLoadState('networkidle');
  await context.close();
  const raw = [...scripts.values()].reduce((sum, body) => sum + body.length, 0);
  const gzip = [...scripts.values()].reduce((sum, body) => sum + gzipSync(body).length, 0);
  return { files: scripts.size, raw, gzip };
}

/** ms from navigation to a usable list, RUNS times: in-app click and full load. */
async function timeToUsable(browser: Browser, url: string, person: Person) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await signIn(page, url, person, '/profile');
  await page.waitForURL(/\/profile/);
  const click: number[] = [];
  const load: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /notifications|notificaciones/i })
      .click();
    await page.waitForURL(/\/notifications/);
    await page.waitForLoadState('networkidle');
    const started = Date.now();
    await page
      .getByRole('navigation')
      .getByRole('link', { name: /my tasks|mis tareas/i })
      .click();
    await waitUsable(page, person);
    click.push(Date.now() - started);

    const reloadStarted = Date.now();
    await page.goto(`${url}/tasks`);
    await waitUsable(page, person);
    load.push(Date.now() - reloadStarted);
  }
  await context.close();
  return { click: stats(click), load: stats(load) };
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: round(percentile(sorted, 50), 0),
    p95: round(percentile(sorted, 95), 0),
    max: sorted[sorted.length - 1],
  };
}

/** The bare API calls the page makes for its list (200 a page), RUNS times. */
async function apiBaseline(url: string, person: Person) {
  const token = await login(url, person.email, PASSWORD);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = Date.now();
    for (let offset = 0; offset === 0 || offset < person.tasks; offset += 200)
      await expectStatus(
        call('GET', `${url}/api/v1/tasks?limit=200&offset=${offset}`, undefined, token),
        200,
        'tasks',
      );
    times.push(Date.now() - started);
  }
  return stats(times);
}

async function main() {
  const database = await createDatabase('puentes_bench_web');
  let service: Awaited<ReturnType<typeof startService>> | undefined;
  let browser: Browser | undefined;
  try {
    console.log(
      `machine: ${machine()}; PostgreSQL ${await postgresVersion(database.url)}; ${TASKS} tasks; ${RUNS} runs`,
    );
    service = await startService({
      DATABASE_URL: database.url,
      REDIS_URL,
      QUEUE_PREFIX: `{bench-${randomBytes(3).toString('hex')}}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOGIN_RATE_LIMIT: '10000',
    });
    const { busy, idle } = await seed(service.url);
    browser = await launch();
    const bytes = await firstVisitBytes(browser, service.url, busy);
    console.log(
      `first visit to My tasks: ${bytes.files} scripts, ${round(bytes.raw / 1024)} KB raw, ` +
        `${round(bytes.gzip / 1024)} KB gzip (budget 200 KB)`,
    );
    for (const person of [idle, busy]) {
      const api = await apiBaseline(service.url, person);
      const ui = await timeToUsable(browser, service.url, person);
      console.log(
        `${person.tasks} tasks: GET /tasks (all pages) p50 ${api.p50} / p95 ${api.p95} ms; ` +
          `click → usable p50 ${ui.click.p50} / p95 ${ui.click.p95} / max ${ui.click.max} ms; ` +
          `full load → usable p50 ${ui.load.p50} / p95 ${ui.load.p95} / max ${ui.load.max} ms (budget 1000 ms)`,
      );
    }
  } finally {
    await browser?.close();
    await service?.stop();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
