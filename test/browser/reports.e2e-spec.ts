import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { createAgency, createProject, createUser } from '../support/fixtures';
import {
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
} from '../support/browser';
import { startService } from './scenario';

jest.setTimeout(120_000);

const name = (en: string) => ({ en, es: `${en} (es)` });

/**
 * The reports page over a seeded history whose figures are worked out by hand (the same two
 * workflows as test/reports.e2e-spec.ts, both finished, so no figure depends on today).
 * Agencies keep UTC−7 all year (Hermosillo, Phoenix); holidays met: MX 16 March, US 25 May.
 *
 * W1: mx Thu 12 → Wed 18 Mar (3 working days, 144 h, in time); us Wed 18 → Fri 20 Mar
 *   (2 days, 48 h, in time). Cycle: 5 binational working days.
 * W2 (us rejects, returned to mx, both run again): mx 1 day (24 h) + 2 days (96 h), in time;
 *   us 3 days (72 h, late) + 3 days (72 h, late). Cycle: 8 days.
 *
 * Agencies: RPT-US 2 decided, waited 2 + 6 = 8 working days (the bottleneck), median 4,
 *   p90 5.6, half in time; RPT-MX 2 decided, 3 + 3 = 6 days, median 3, p90 3, all in time.
 * Countries: MX held 144 + 24 + 96 h = 11 step-days (6 working), US 48 + 72 + 72 h = 8 (8):
 *   shares 11/19 = 57.9 % and 8/19 = 42.1 %.
 * Cycle times: 2 completed, median 6.5, p90 7.7 working days; one of two reworked: 50 %.
 * SLA: March, each agency 1 due, 0 missed; May, RPT-MX 2 due 0 missed, RPT-US 2 due 2 missed.
 */
describe('browser: the reports page', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let coordinator: { email: string; password: string; token: string };
  let approver: { email: string; password: string };

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    const app = service.app;
    const admin = await app.adminToken();
    await createAgency(app, {
      code: 'RPT-MX',
      country: 'MX',
      timeZone: 'America/Hermosillo',
      name: { en: 'Mexican agency', es: 'Dependencia mexicana' },
    });
    const us = await createAgency(app, {
      code: 'RPT-US',
      country: 'US',
      timeZone: 'America/Phoenix',
      name: { en: 'U.S. agency', es: 'Dependencia estadounidense' },
    });
    const made = await createUser(app, { roles: ['coordinator'], locale: 'en' });
    coordinator = { email: made.user.email, password: made.password, token: made.token };
    const other = await createUser(app, { roles: ['approver'], agencyId: us.id, locale: 'es' });
    approver = { email: other.user.email, password: other.password };
    const created = await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({
        key: 'rpt-chain',
        name: { en: 'Report chain', es: 'Cadena del informe' },
        steps: [
          {
            key: 'mx',
            name: name('MX'),
            assignees: [{ agency: 'RPT-MX' }],
            sla: { businessDays: 3, calendar: 'MX' },
          },
          {
            key: 'us',
            name: name('US'),
            assignees: [{ agency: 'RPT-US' }],
            dependsOn: ['mx'],
            sla: { businessDays: 2, calendar: 'US' },
            onReject: { returnTo: 'mx' },
          },
        ],
      });
    expect(created.status).toBe(201);
    const chainId = created.body.id as string;
    await app
      .http()
      .post(`/api/v1/approval-chains/${chainId}/publish`)
      .auth(admin, { type: 'bearer' })
      .expect(200);
    // A draft never published: no workflow can run it, so the filters must not offer it.
    await app
      .http()
      .post('/api/v1/approval-chains')
      .auth(admin, { type: 'bearer' })
      .send({
        key: 'rpt-draft',
        name: { en: 'Unpublished draft chain', es: 'Cadena en borrador' },
        steps: [{ key: 'only', name: name('Only'), assignees: [{ agency: 'RPT-MX' }] }],
      })
      .expect(201);
    const project = await createProject(app);

    type Step = [key: string, round: number, activated: string, due: string, finished: string];
    type Event = [type: string, at: string, data: Record<string, unknown>];
    const seed = async (started: string, completed: string, steps: Step[], events: Event[]) => {
      const [workflow] = await app.sql<{ id: string }>(
        `INSERT INTO workflows (project_id, chain_id, chain_key, chain_version, status,
                                coordinator_id, attributes, started_at, completed_at, last_seq)
         VALUES ($1, $2, 'rpt-chain', 1, 'approved', $3, '{}', $4, $5, $6) RETURNING id`,
        [project.id, chainId, made.user.id, started, completed, events.length],
      );
      for (const [position, [key, round, activated, due, finished]] of steps.entries())
        await app.sql(
          `INSERT INTO workflow_steps (workflow_id, key, position, status, round, activated_at,
                                       due_at, finished_at)
           VALUES ($1, $2, $3, 'approved', $4, $5, $6, $7)`,
          [workflow.id, key, position, round, activated, due, finished],
        );
      for (const [seq, [type, at, data]] of events.entries())
        await app.sql(
          `INSERT INTO workflow_events (workflow_id, seq, type, at, data, prev_hash, hash)
           VALUES ($1, $2, $3, $4, $5, repeat('0', 64), repeat('0', 64))`,
          [workflow.id, seq + 1, type, at, JSON.stringify(data)],
        );
    };
    const activated = (stepKey: string, round: number, at: string, dueAt: string): Event => [
      'step_activated',
      at,
      { stepKey, round, dueAt },
    ];
    await seed(
      '2026-03-12T17:00:00Z',
      '2026-03-20T17:00:00Z',
      [
        ['mx', 1, '2026-03-12T17:00:00Z', '2026-03-19T01:00:00Z', '2026-03-18T17:00:00Z'],
        ['us', 1, '2026-03-18T17:00:00Z', '2026-03-21T01:00:00Z', '2026-03-20T17:00:00Z'],
      ],
      [
        ['workflow_started', '2026-03-12T17:00:00Z', { attributes: {} }],
        activated('mx', 1, '2026-03-12T17:00:00Z', '2026-03-19T01:00:00Z'),
        ['step_approved', '2026-03-18T17:00:00Z', { stepKey: 'mx', round: 1 }],
        activated('us', 1, '2026-03-18T17:00:00Z', '2026-03-21T01:00:00Z'),
        ['step_approved', '2026-03-20T17:00:00Z', { stepKey: 'us', round: 1 }],
        ['workflow_approved', '2026-03-20T17:00:00Z', {}],
      ],
    );
    await seed(
      '2026-05-18T16:00:00Z',
      '2026-05-29T16:00:00Z',
      [
        ['mx', 2, '2026-05-22T16:00:00Z', '2026-05-28T01:00:00Z', '2026-05-26T16:00:00Z'],
        ['us', 2, '2026-05-26T16:00:00Z', '2026-05-29T01:00:00Z', '2026-05-29T16:00:00Z'],
      ],
      [
        ['workflow_started', '2026-05-18T16:00:00Z', { attributes: {} }],
        activated('mx', 1, '2026-05-18T16:00:00Z', '2026-05-22T01:00:00Z'),
        ['step_approved', '2026-05-19T16:00:00Z', { stepKey: 'mx', round: 1 }],
        activated('us', 1, '2026-05-19T16:00:00Z', '2026-05-22T01:00:00Z'),
        ['step_rejected', '2026-05-22T16:00:00Z', { stepKey: 'us', round: 1 }],
        [
          'workflow_returned',
          '2026-05-22T16:00:00Z',
          { stepKey: 'us', round: 1, returnTo: 'mx', resetSteps: ['mx', 'us'] },
        ],
        activated('mx', 2, '2026-05-22T16:00:00Z', '2026-05-28T01:00:00Z'),
        ['step_approved', '2026-05-26T16:00:00Z', { stepKey: 'mx', round: 2 }],
        activated('us', 2, '2026-05-26T16:00:00Z', '2026-05-29T01:00:00Z'),
        ['step_approved', '2026-05-29T16:00:00Z', { stepKey: 'us', round: 2 }],
        ['workflow_approved', '2026-05-29T16:00:00Z', {}],
      ],
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  /** The cells of a report's table, row by row (header cells of each row included). */
  const table = async (page: Page, caption: RegExp) => {
    const found = await need(
      page.getByRole('table', { name: caption }),
      `the report table "${caption.source}"`,
    );
    return found
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) =>
          [...row.children].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()),
        ),
      );
  };

  /** What the API answers as CSV for `path`, to compare with what the page downloads. */
  const apiCsv = async (path: string) => {
    const response = await service.app
      .http()
      .get(`/api/v1/reports/${path}`)
      .set('Accept', 'text/csv')
      .auth(coordinator.token, { type: 'bearer' });
    expect(response.status).toBe(200);
    return response.text;
  };

  const download = async (page: Page, button: RegExp) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    return readFile((await file.path())!, 'utf8');
  };

  it('shows the seeded figures in every table, each chart named, and downloads the API’s CSV', async () => {
    const { page, context } = await openUser(browser, service.app.url, { locale: 'en-US' });
    await signIn(page, coordinator, '/reports');
    await settle(page, 'the reports page');
    await need(page.getByRole('navigation').getByRole('link', { name: 'Reports' }), 'nav link');

    expect(await table(page, /^Per agency, the bottleneck first$/)).toEqual([
      ['RPT-US — U.S. agency', 'United States', '8', '2', '4', '5.6', '50%', '0', '0'],
      ['RPT-MX — Mexican agency', 'Mexico', '6', '2', '3', '3', '100%', '0', '0'],
    ]);
    expect(await table(page, /^Open step-days per country$/)).toEqual([
      ['Mexico', '57.9%', '11', '6', '0', '0'],
      ['United States', '42.1%', '8', '8', '0', '0'],
    ]);
    expect(await table(page, /^Cycle times per chain$/)).toEqual([
      ['Report chain', '2', '6.5', '7.7', '228', '256.8', '50%'],
    ]);
    expect(await table(page, /^Deadlines due and missed per agency and month$/)).toEqual([
      ['RPT-MX — Mexican agency', 'Mar 2026', '1', '0', '0%'],
      ['RPT-US — U.S. agency', 'Mar 2026', '1', '0', '0%'],
      ['RPT-MX — Mexican agency', 'May 2026', '2', '0', '0%'],
      ['RPT-US — U.S. agency', 'May 2026', '2', '2', '100%'],
    ]);
    // The chain filter offers the chains workflows run, by name: not the draft.
    expect(
      await page
        .getByLabel('Approval chain')
        .locator('option')
        .evaluateAll((options) => options.map((o) => (o.textContent ?? '').trim())),
    ).toEqual(['All', 'Report chain']);
    // Each chart is one image named in words, with its main finding beside it.
    const charts = page.getByRole('img');
    expect(await charts.count()).toBe(4);
    await need(
      page.getByRole('img', { name: /^Bar chart of the working days each agency held steps/ }),
      'the agencies chart, named',
    );
    await need(page.getByText('The bottleneck: RPT-US — U.S. agency, 8 working days'), 'summary');
    await need(
      page.getByRole('img', { name: /^Heat map of the share of deadlines missed/ }),
      'heat map',
    );

    for (const [button, path] of [
      [/^Download CSV: Agencies/, 'agencies'],
      [/^Download CSV: Mexico and the United States/, 'countries'],
      [/^Download CSV: Cycle times/, 'cycle-times'],
      [/^Download CSV: Missed deadlines/, 'sla'],
    ] as const)
      expect(await download(page, button)).toBe(await apiCsv(path));

    // Filters: the window and the country go to the URL and to the API, CSV included.
    await page.getByLabel('From (UTC date)').fill('2026-05-01');
    await page.getByLabel('To (UTC date)').fill('2026-05-31');
    await page.getByLabel('Owner agency’s country').selectOption('US');
    await page.getByRole('button', { name: 'Show the reports' }).click();
    await page.waitForURL((url) => url.searchParams.get('country') === 'US');
    await settle(page, 'the filtered reports page');
    await need(page.getByRole('cell', { name: '6' }).first(), 'the filtered figures');
    expect(await table(page, /^Per agency, the bottleneck first$/)).toEqual([
      ['RPT-US — U.S. agency', 'United States', '6', '1', '6', '6', '0%', '0', '0'],
    ]);
    expect(await download(page, /^Download CSV: Agencies/)).toBe(
      await apiCsv('agencies?from=2026-05-01&to=2026-05-31&country=US'),
    );
    await context.close();
  });

  it('writes the figures as Mexico does in Spanish (es-MX), as the charts do', async () => {
    const made = await createUser(service.app, { roles: ['coordinator'], locale: 'es' });
    const { page, context, errors } = await openUser(browser, service.app.url, {
      locale: 'es-MX',
    });
    await signIn(page, { email: made.user.email, password: made.password }, '/reports');
    await settle(page, 'the reports page in Spanish');
    expect(await page.locator('html').getAttribute('lang')).toBe('es');
    const nbsp = (rows: string[][]) => rows.map((r) => r.map((c) => c.replace(/\u00a0/g, ' ')));
    expect(nbsp(await table(page, /^Por dependencia, primero el cuello de botella$/))).toEqual([
      [
        'RPT-US — Dependencia estadounidense',
        'Estados Unidos',
        '8',
        '2',
        '4',
        '5.6',
        '50%',
        '0',
        '0',
      ],
      ['RPT-MX — Dependencia mexicana', 'México', '6', '2', '3', '3', '100%', '0', '0'],
    ]);
    expect(nbsp(await table(page, /^Días-etapa abiertos por país$/))).toEqual([
      ['México', '57.9%', '11', '6', '0', '0'],
      ['Estados Unidos', '42.1%', '8', '8', '0', '0'],
    ]);
    expect(
      (await table(page, /^Plazos y vencimientos por dependencia y mes$/)).map((r) => r[1]),
    ).toEqual(['mar 2026', 'mar 2026', 'may 2026', 'may 2026']);
    // The charts (drawn on a canvas) are there, and nothing failed drawing them.
    expect(await page.getByRole('img').count()).toBe(4);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a window whose “To” is before its “From” on the page: said once, on that field, nothing sent', async () => {
    const { page, context, errors } = await openUser(browser, service.app.url, {
      locale: 'en-US',
    });
    /** Every report the page asks the service for, in order. */
    const asked: URL[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/v1/reports/')) asked.push(url);
    });
    await signIn(page, coordinator, '/reports');
    await settle(page, 'the reports page');
    await need(page.getByRole('table', { name: /^Per agency/ }), 'the reports');

    const from = page.getByLabel('From (UTC date)');
    const to = page.getByLabel('To (UTC date)');
    const message = '“To (UTC date)” must not be before “From (UTC date)”.';
    asked.length = 0;
    await from.fill('2026-05-20');
    await to.fill('2026-05-01');
    await page.getByRole('button', { name: 'Show the reports' }).click();
    // The one message, beside the field it is about, which is marked and described by it.
    await need(page.getByText(message, { exact: true }), 'the message about the window');
    expect(await page.getByText(message).count()).toBe(1);
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await to.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toBe(message);
    expect(await from.getAttribute('aria-invalid')).toBeNull();
    // The keyboard is on the field to correct; the address keeps the last window shown.
    expect(await to.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    expect(await page.getByRole('alert').filter({ hasText: /error/i }).count()).toBe(0);
    await expectAccessible(page, 'the reports page with a window ending before it starts');

    // Corrected, the message goes as it is typed, and the reports of the new window come.
    await to.fill('2026-05-31');
    expect(await page.getByText(message).count()).toBe(0);
    expect(await to.getAttribute('aria-invalid')).toBeNull();
    await page.getByRole('button', { name: 'Show the reports' }).click();
    await page.waitForURL((url) => url.searchParams.get('to') === '2026-05-31');
    await settle(page, 'the reports of the corrected window');
    await need(page.getByRole('table', { name: /^Per agency/ }), 'the reports');
    // The reversed window never reached the service: only the corrected one did.
    expect(asked.length).toBeGreaterThanOrEqual(4);
    for (const url of asked) {
      expect(url.searchParams.get('from')).toBe('2026-05-20');
      expect(url.searchParams.get('to')).toBe('2026-05-31');
    }
    expect(errors).toEqual([]);
    await context.close();

    // A link with the window the wrong way round, in Spanish: the same, in its words.
    const made = await createUser(service.app, { roles: ['coordinator'], locale: 'es' });
    const es = await openUser(browser, service.app.url, { locale: 'es-MX' });
    const askedEs: URL[] = [];
    es.page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/v1/reports/')) askedEs.push(url);
    });
    await signIn(
      es.page,
      { email: made.user.email, password: made.password },
      '/reports?from=2026-05-31&to=2026-05-01',
    );
    await settle(es.page, 'the reports page in Spanish, window reversed');
    const mensaje = '«Hasta (fecha UTC)» no puede ser anterior a «Desde (fecha UTC)».';
    await need(es.page.getByText(mensaje, { exact: true }), 'the message, in Spanish');
    expect(await es.page.getByText(mensaje).count()).toBe(1);
    const hasta = es.page.getByLabel('Hasta (fecha UTC)');
    expect(await hasta.inputValue()).toBe('2026-05-01');
    expect(await hasta.getAttribute('aria-invalid')).toBe('true');
    expect(await es.page.getByRole('table').count()).toBe(0);
    expect(askedEs).toEqual([]);
    await expectAccessible(es.page, 'the reports page in Spanish with a reversed window');
    await es.context.close();
  });

  it('tells someone who may not read the reports so, in their language, with no link to them', async () => {
    const { page, context } = await openUser(browser, service.app.url, { locale: 'es-MX' });
    await signIn(page, approver, '/reports');
    await settle(page, 'the reports page (refused)');
    await need(
      page.getByText(
        /^Los informes son para la coordinación, las personas administradoras y las copresidencias/,
      ),
      'the message that reports are for coordinators, admins and co-chairs',
    );
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Informes' }).count()).toBe(
      0,
    );
    await context.close();
  });
});
