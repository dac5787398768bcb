import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { DateTime } from 'luxon';
import {
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  tabTo,
} from '../support/browser';
import { pdfFile } from '../support/document-files';
import { GROUP, STEPS, createScenario, startService, type Person, type Scenario } from './scenario';
import { DECISIONS, either } from './ui';

jest.setTimeout(120_000);

/**
 * The page's globals as `page.evaluate` callbacks see them (this project compiles without the
 * DOM lib). Only a type: the callbacks run in the browser and cannot call Node code.
 */
type InPage = {
  document: { activeElement: { getAttribute(name: string): string | null } | null };
  localStorage: { setItem(key: string, value: string): void };
};

/** The names Chromium's own accessibility tree gives the nodes of `role` (what a screen reader hears). */
async function accessibleNames(page: Page, role: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored?: boolean; role?: { value?: string }; name?: { value?: string } }[];
    };
    return nodes
      .filter((n) => !n.ignored && n.role?.value === role)
      .map((n) => String(n.name?.value ?? ''));
  } finally {
    await cdp.detach();
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * WCAG 2.2 A/AA on every page of the app, in both languages (axe-core in Chromium), and one
 * journey — signing in and approving a step — with the keyboard alone (Tab, Enter, Space).
 */
describe('browser: accessibility', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let workflowId: string;
  let projectId: string;
  let meetingId: string;
  let coordinators: Record<'en' | 'es', { email: string; password: string }>;
  const signedIn: Partial<
    Record<'en' | 'es', { context: BrowserContext; page: Page; who: Person }>
  > = {};
  /** Admins reading each language, for the administration pages. */
  const admins: Partial<Record<'en' | 'es', { context: BrowserContext; page: Page; who: Person }>> =
    {};
  let chainId: string;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    projectId = (await s.project('Nogales rail crossing', 'Cruce ferroviario de Nogales')).id;
    workflowId = (await s.startWorkflow(projectId)).id;
    // Documents on the project and on a step, one of them in two versions and cited by a
    // decision: the project page, the workflow page (the step's documents, the history) and
    // the decision panel (its checkboxes) all have some to show.
    const mia = await s.uploadDocument(
      projectId,
      s.people.coordinator,
      { title: 'MIA — Nogales', kind: 'environmental' },
      { name: 'mia-nogales.pdf', bytes: pdfFile('MIA Nogales') },
    );
    await service.app
      .http()
      .post(`/api/v1/documents/${mia.id}/versions`)
      .field('note', 'Hydraulic annex added')
      .auth(s.people.coordinator.token, { type: 'bearer' })
      .attach('file', pdfFile('MIA Nogales, v2'), 'mia-nogales-2.pdf')
      .expect(201);
    await s.uploadDocument(
      projectId,
      s.people.sre,
      {
        title: 'Oficio SRE',
        kind: 'agency_opinion',
        restricted: 'true',
        workflowId,
        stepKey: 'expediente',
      },
      { name: 'oficio-sre.pdf', bytes: pdfFile('Oficio') },
    );
    await s.decide(workflowId, 'expediente', s.people.sre, {
      decision: 'approve',
      documentIds: [mia.id],
    });
    // A coordinator who reads Spanish (the scenario's reads English), for the upload forms.
    const email = `coordinadora.${Date.now()}@test.puentes.local`;
    await service.app
      .http()
      .post('/api/v1/users')
      .auth(s.admin, { type: 'bearer' })
      .send({
        email,
        name: 'Elena Ríos',
        password: s.people.coordinator.password,
        roles: ['coordinator'],
        locale: 'es',
        timeZone: 'America/Mexico_City',
      })
      .expect(201);
    coordinators = {
      en: s.people.coordinator,
      es: { ...s.people.coordinator, email },
    };
    // A meeting with an action item, so the group's pages have something to show.
    meetingId = (await s.meeting()).id;
    await s.actionItem(
      meetingId,
      { en: 'Share the traffic study', es: 'Compartir el estudio de tránsito' },
      'ADOT',
    );
    // A delegation (the profile pages list it) and a comment (the workflow page shows it).
    const now = Date.now();
    await service.app
      .http()
      .post('/api/v1/delegations')
      .auth(s.people.mxChair.token, { type: 'bearer' })
      .send({
        delegateId: s.people.inHermosillo.id,
        startsAt: new Date(now).toISOString(),
        endsAt: new Date(now + 7 * 86_400_000).toISOString(),
        legalBasis: 'Art. 12 del Reglamento del Grupo',
        reference: 'SICT/77/2026',
      })
      .expect(201);
    await service.app
      .http()
      .post(`/api/v1/workflows/${workflowId}/comments`)
      .auth(s.people.coordinator.token, { type: 'bearer' })
      .send({ body: 'The traffic study is attached to the project.', stepKey: 'copresidencia' })
      .expect(201);
    // The co-chairs see every page: tasks (the group's step), the group, its meetings. The
    // US co-chair reads English, the MX co-chair Spanish.
    for (const [locale, who] of [
      ['en', s.people.usChair],
      ['es', s.people.mxChair],
    ] as const) {
      const user = await openUser(browser, service.app.url, {
        locale: locale === 'es' ? 'es-MX' : 'en-US',
        timezoneId: 'America/Hermosillo',
      });
      await signIn(user.page, who, '/tasks');
      signedIn[locale] = { ...user, who };
    }
    chainId = (
      await service.app
        .http()
        .get('/api/v1/approval-chains')
        .auth(s.admin, { type: 'bearer' })
        .expect(200)
    ).body.items[0].id;
    for (const locale of ['en', 'es'] as const) {
      const email = `admin.${locale}@test.puentes.local`;
      const password = 'an-admin-password-for-axe';
      const created = await service.app
        .http()
        .post('/api/v1/users')
        .auth(s.admin, { type: 'bearer' })
        .send({ email, name: `Admin ${locale}`, password, roles: ['admin'], locale })
        .expect(201);
      const who: Person = {
        id: created.body.id,
        email,
        password,
        name: `Admin ${locale}`,
        token: '',
      };
      const user = await openUser(browser, service.app.url, {
        locale: locale === 'es' ? 'es-MX' : 'en-US',
        timezoneId: 'America/Tijuana',
      });
      await signIn(user.page, who, '/tasks');
      admins[locale] = { ...user, who };
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it.each(['en', 'es'] as const)('the sign-in page (%s)', async (locale) => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: locale === 'es' ? 'es-MX' : 'en-US',
    });
    // A signed-out visit is a normal state: nothing in the console, not even the 401 of a
    // session check (openUser's own list lets that one pass).
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto('/sign-in');
    await settle(page, 'the sign-in page');
    expect(consoleErrors).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    await expectAccessible(page, `the sign-in page (${locale})`);
    // Empty fields are said on the page, not sent (each try would count against the limit).
    let logins = 0;
    page.on('request', (r) => r.url().endsWith('/api/v1/auth/login') && logins++);
    await page.getByRole('button', { name: /^(sign in|iniciar sesión)$/i }).click();
    const email = page.getByLabel(/^(email|correo electrónico)$/i);
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(
      await email.evaluate(
        (el) =>
          ((globalThis as unknown as InPage).document.activeElement as unknown) === (el as unknown),
      ),
    ).toBe(true);
    await need(
      page.getByText(/^(enter your email\.|escriba su correo electrónico\.)$/i),
      'the empty email said beside its field',
    );
    await expectAccessible(page, `the sign-in page with empty fields (${locale})`);
    expect(logins).toBe(0);
    // With the service's error shown where it belongs.
    await page.getByLabel(/^(email|correo electrónico)$/i).fill('nobody@test.puentes.local');
    await page.getByLabel(/^(password|contraseña)$/i).fill('not-the-password');
    await page.getByRole('button', { name: /^(sign in|iniciar sesión)$/i }).click();
    await need(page.getByRole('alert'), 'the sign-in error');
    await expectAccessible(page, `the sign-in page with an error (${locale})`);
    await context.close();
  });

  it('a session check that fails is said as such, not taken for a sign-out', async () => {
    const { page, context } = await openUser(browser, service.app.url, { locale: 'es-MX' });
    // A browser that had a session, and a service that cannot answer for it just now.
    await page.addInitScript(() =>
      (globalThis as unknown as InPage).localStorage.setItem('puentes.session', '1'),
    );
    await page.route('**/api/v1/auth/refresh', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 503, title: 'Service Unavailable' }),
      }),
    );
    await page.goto('/tasks');
    await settle(page, 'the sign-in page after a failed session check');
    await need(
      page.getByRole('alert').filter({ hasText: /(en mantenimiento|under maintenance)/i }),
      'the alert saying the session could not be checked (503)',
    );
    await expectAccessible(page, 'the sign-in page after a failed session check');
    await context.close();
  });

  it.each(['en', 'es'] as const)(
    'a button busy with its request keeps the focus and ignores another press (%s)',
    async (locale) => {
      const { page, context, errors } = await openUser(browser, service.app.url, {
        locale: locale === 'es' ? 'es-MX' : 'en-US',
      });
      await page.goto('/sign-in');
      await settle(page, 'the sign-in page');
      await page.getByLabel(/^(email|correo electrónico)$/i).fill(s.people.usChair.email);
      await page.getByLabel(/^(password|contraseña)$/i).fill(s.people.usChair.password);
      // The sign-in request is held until the checks below are done.
      let held: Route | null = null;
      let sent = 0;
      await page.route('**/api/v1/auth/login', (route) => {
        sent += 1;
        held = route;
      });
      const submit = page.getByRole('button', {
        name: /^(sign in|iniciar sesión|signing in…|iniciando sesión…)$/i,
      });
      await tabTo(page, submit, 'the sign-in button', 5);
      await page.keyboard.press('Enter');
      for (let i = 0; i < 100 && sent === 0; i++) await page.waitForTimeout(50);
      expect(sent).toBe(1);
      // Still focused (not dropped to <body>), and said to be unavailable meanwhile.
      expect(await submit.getAttribute('aria-disabled')).toBe('true');
      expect(
        await submit.evaluate(
          (el) =>
            ((globalThis as unknown as InPage).document.activeElement as unknown) ===
            (el as unknown),
        ),
      ).toBe(true);
      // Pressed again, or Enter in a field (which clicks the form's default button): no
      // second request.
      await page.keyboard.press('Enter');
      await page.getByLabel(/^(password|contraseña)$/i).press('Enter');
      await page.waitForTimeout(200);
      expect(sent).toBe(1);
      await (held as Route | null)!.continue();
      await page.waitForURL((url) => url.pathname === '/tasks');
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  const pages: [string, () => string][] = [
    ['My tasks', () => '/tasks'],
    ['Workflows', () => '/workflows'],
    ['a workflow', () => `/workflows/${workflowId}`],
    [
      'a workflow with its decision panel open',
      () => `/workflows/${workflowId}?step=copresidencia`,
    ],
    ['Projects', () => '/projects'],
    ['a project', () => `/projects/${projectId}`],
    ['Notifications', () => '/notifications'],
    ['Profile', () => '/profile'],
    ['Technical groups', () => '/technical-groups'],
    ['a group’s dashboard', () => `/technical-groups/${GROUP.code}`],
    ['a group’s roster', () => `/technical-groups/${GROUP.code}/roster`],
    ['a group’s meetings', () => `/technical-groups/${GROUP.code}/meetings`],
    ['a meeting', () => `/technical-groups/${GROUP.code}/meetings/${meetingId}`],
    ['a group’s action items', () => `/technical-groups/${GROUP.code}/action-items`],
    // The co-chairs may read the reports: its four charts and tables, over the history above.
    ['Reports', () => '/reports'],
    ['an address that does not exist', () => '/no/such/page'],
  ];
  const cases = pages.flatMap(([name, path]) =>
    (['en', 'es'] as const).map((locale) => [`${name} (${locale})`, path, locale] as const),
  );

  it.each(cases)('%s', async (name, path, locale) => {
    const { page, who } = signedIn[locale]!;
    await page.goto(path());
    await settle(page, name);
    // A reload restores the session from its cookie; where it does not (that is tested on its
    // own, in sessions-and-conflicts), sign in again so this test stays about accessibility.
    if (await page.getByLabel(/^(email|correo electrónico)$/i).isVisible()) {
      await signIn(page, who, ''); // back to the page asked for, without a reload
      await settle(page, name);
    }
    expect(new URL(page.url()).pathname).toBe(new URL(path(), service.app.url).pathname);
    await settle(page, name);
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    await expectAccessible(page, name);
  });

  it.each(['en', 'es'] as const)(
    'the documents as a coordinator sees them: versions open, upload refused (%s)',
    async (locale) => {
      const { page, context } = await openUser(browser, service.app.url, {
        locale: locale === 'es' ? 'es-MX' : 'en-US',
        timezoneId: 'America/Mexico_City',
      });
      await signIn(page, coordinators[locale], `/projects/${projectId}`);
      await settle(page, 'the project page');
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      // Every version of the document, open (their SHA-256 and download buttons).
      const versions = await need(
        page.getByText(/^(versions|versiones) \(2\)$/i),
        'the versions disclosure of the document with two versions',
      );
      await versions.click();
      await need(
        page.getByRole('table', { name: /(every version|todas las versiones)/i }),
        'the table of versions',
      );
      // An upload sent without a title, a kind or a file: the errors on their fields.
      await page.getByRole('button', { name: /^(upload|subir)$/i }).click();
      await need(page.getByText(/^(choose a file\.|elija un archivo\.)$/i), 'the file error');
      await expectAccessible(page, `the project’s documents, as its coordinator (${locale})`);
      // The step's documents on the workflow page, with the form to attach another.
      await page.goto(`/workflows/${workflowId}`);
      await settle(page, 'the workflow page');
      await (
        await need(
          page.getByRole('button', { name: /(attach a document|adjuntar un documento)/i }),
          'the button to attach a document to a step',
        )
      ).click();
      await expectAccessible(page, `a workflow with a step’s upload form (${locale})`);
      await context.close();
    },
  );

  it.each(['en', 'es'] as const)(
    'the admin pages of delegations and of reassignment (%s)',
    async (locale) => {
      const email = `admin.${locale}.${Date.now().toString(36)}@test.puentes.local`;
      const password = 'a-long-browser-test-password';
      await service.app
        .http()
        .post('/api/v1/users')
        .auth(s.admin, { type: 'bearer' })
        .send({ email, password, name: `Admin ${locale}`, roles: ['admin'], locale })
        .expect(201);
      const { page, context } = await openUser(browser, service.app.url, {
        locale: locale === 'es' ? 'es-MX' : 'en-US',
        timezoneId: 'America/Tijuana',
      });
      await signIn(page, { email, password }, '/delegations');
      await settle(page, 'all delegations');
      await need(page.getByRole('table'), 'the table of every delegation');
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      // The service's `revoked` takes in the cancelled (revoked before their start): the
      // status filter says so.
      expect(
        await page
          .getByLabel(/^(status|estado)$/i)
          .locator('option')
          .allTextContents(),
      ).toEqual(
        locale === 'es'
          ? ['Todos', 'Programada', 'Vigente', 'Vencida', 'Revocada o cancelada']
          : ['All', 'Scheduled', 'Active', 'Expired', 'Revoked or cancelled'],
      );
      // An admin has no form here: the page says who names substitutes, and what an admin can do.
      await need(
        page.getByText(
          locale === 'es'
            ? /designan a sus propias personas suplentes/
            : /name their own substitutes/,
        ),
        'who names substitutes',
      );
      await expectAccessible(page, `all delegations (${locale})`);

      await page.goto(`/workflows/${workflowId}`);
      await settle(page, 'a workflow, as an admin');
      const open = page.getByRole('button', { name: /^(reassign|reasignar)/i }).first();
      await tabTo(page, open, 'the reassign button');
      await page.keyboard.press('Enter');
      await need(
        page.getByLabel(/^(new assignee|nueva instancia)$/i),
        'the reassign form with its "New assignee" field',
      );
      await expectAccessible(page, `a workflow with its reassign form open (${locale})`);
      await context.close();
    },
  );

  const adminPages: [string, () => string][] = [
    ['Approval chains', () => '/manage/chains'],
    ['a published chain', () => `/manage/chains/${chainId}`],
    ['the editor of a new chain', () => '/manage/chains/new'],
    ['Agencies', () => '/manage/agencies'],
    ['an agency and its days off', () => `/manage/agencies/${s.agencies.SRE.id}`],
    ['Users', () => '/manage/users'],
    ['a user', () => `/manage/users/${s.people.sre.id}`],
    ['Technical groups (administration)', () => '/manage/groups'],
    ['a technical group (administration)', () => `/manage/groups/${s.group.id}`],
    ['Failed emails', () => '/manage/email-failures'],
  ];
  const adminCases = adminPages.flatMap(([name, path]) =>
    (['en', 'es'] as const).map((locale) => [`${name} (${locale})`, path, locale] as const),
  );

  it.each(adminCases)('%s', async (name, path, locale) => {
    const { page, who } = admins[locale]!;
    await page.goto(path());
    await settle(page, name);
    // (These pages have email fields of their own: the sign-in page is told by its address.)
    if (new URL(page.url()).pathname === '/sign-in') {
      await signIn(page, who, '');
      await settle(page, name);
    }
    expect(new URL(page.url()).pathname).toBe(new URL(path(), service.app.url).pathname);
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    await expectAccessible(page, name);
  });

  it.each(['en', 'es'] as const)(
    'the days-off calendar says which day is a federal holiday or a day off (%s)',
    async (locale) => {
      const { page, who } = admins[locale]!;
      await page.goto(`/manage/agencies/${s.agencies.SRE.id}`);
      await settle(page, 'an agency and its days off');
      if (new URL(page.url()).pathname === '/sign-in') {
        await signIn(page, who, '');
        await settle(page, 'an agency and its days off');
      }
      // The SRE is Mexican: its country's next federal holiday from this month on (else the
      // year's last), reached with the calendar's "next" / "previous" month buttons.
      const zone = 'America/Mexico_City';
      const now = DateTime.now().setZone(zone);
      const { items } = (
        await service.app
          .http()
          .get('/api/v1/holidays')
          .query({ country: 'MX', year: now.year })
          .auth(s.admin, { type: 'bearer' })
          .expect(200)
      ).body as { items: { date: string; name: { en: string; es: string } }[] };
      const holiday =
        items.find((h) => h.date.slice(0, 7) >= now.toFormat('yyyy-MM')) ?? items.at(-1)!;
      const target = DateTime.fromISO(holiday.date, { zone });
      const months = (target.year - now.year) * 12 + target.month - now.month;
      const turn = page.getByRole('button', {
        name: months >= 0 ? /^(next|siguiente)$/i : /^(previous|anterior)$/i,
      });
      for (let i = 0; i < Math.abs(months); i++) await turn.click();

      const holidayName = new RegExp(
        `(federal holiday|feriado federal): ${escapeRegExp(holiday.name[locale])}`,
        'i',
      );
      const cell = await need(
        page.getByRole('button', { name: holidayName }),
        `the calendar's day ${holiday.date}, named a federal holiday`,
      );
      // What Chromium gives a screen reader, not only what Playwright computes.
      expect((await accessibleNames(page, 'button')).some((n) => holidayName.test(n))).toBe(true);

      // The next day, picked with the keyboard, is then said to be a day off of the agency.
      await cell.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      const dayOff = /(own day off|día inhábil propio)/i;
      const focused = await page.evaluate(
        () =>
          (globalThis as unknown as InPage).document.activeElement?.getAttribute('aria-label') ??
          '',
      );
      expect(focused).toMatch(dayOff);
      expect((await accessibleNames(page, 'button')).some((n) => dayOff.test(n))).toBe(true);
      await expectAccessible(page, `the days-off calendar with a day picked (${locale})`);
    },
  );

  it.each(['en', 'es'] as const)(
    'the chain editor showing the problems the service found (%s)',
    async (locale) => {
      const { page } = admins[locale]!;
      await page.goto('/manage/chains/new');
      await settle(page, 'the chain editor');
      await page.getByLabel(/^(chain key|clave de la cadena)$/i).fill('axe-check');
      await page.getByLabel(/^(chain name in spanish|nombre de la cadena en español)$/i).fill('A');
      await page.getByLabel(/^(chain name in english|nombre de la cadena en inglés)$/i).fill('A');
      await page.getByRole('button', { name: /^(save the draft|guardar el borrador)$/i }).click();
      await need(
        page
          .getByRole('region', { name: /^(step|etapa) 1/i })
          .locator('.field-error')
          .first(),
        'a problem shown on step 1',
      );
      await expectAccessible(page, `the chain editor with problems (${locale})`);
    },
  );

  it.each(['en', 'es'] as const)(
    'on a 390 px phone the menu waits behind a "Menu" button, opened and closed with the keyboard (%s)',
    async (locale) => {
      const { page, context } = await openUser(browser, service.app.url, {
        locale: locale === 'es' ? 'es-MX' : 'en-US',
      });
      const reader = locale === 'es' ? s.people.mxChair : s.people.usChair;
      await signIn(page, reader, '/tasks');
      await page.setViewportSize({ width: 390, height: 844 });
      await settle(page, 'My tasks at 390 px');
      const nav = page.getByRole('navigation', { name: /^(main|principal)$/i });
      const toggle = nav.getByRole('button', {
        name: locale === 'es' ? 'Menú' : 'Menu',
        exact: true,
      });
      const workflows = nav.getByRole('link', { name: /^(workflows|trámites)$/i });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await workflows.isVisible()).toBe(false);
      // The header and its closed menu leave most of the screen to the page.
      const headerBottom = await nav.evaluate(
        (el) =>
          (el as unknown as { getBoundingClientRect(): { bottom: number } }).getBoundingClientRect()
            .bottom,
      );
      expect(headerBottom).toBeLessThan(250);
      await expectAccessible(page, `My tasks at 390 px, menu closed (${locale})`);

      await tabTo(page, toggle, 'the Menu button');
      await page.keyboard.press('Enter');
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      await need(workflows, 'the Workflows link, the menu open');
      await expectAccessible(page, `My tasks at 390 px, menu open (${locale})`);
      await tabTo(page, workflows, 'the Workflows link');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/workflows');
      // Followed, the link closes the menu.
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await workflows.isVisible()).toBe(false);
      await context.close();
    },
  );

  it('a keyboard user already on a link of the new page keeps the focus there', async () => {
    const { page, context } = await openUser(browser, service.app.url, { locale: 'en-US' });
    await signIn(page, s.people.usChair, '/tasks');
    const task = page.getByRole('main').getByRole('link', { name: either(STEPS.chairs) });
    await need(task, 'the task in My tasks');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: /^(workflows|flujos)/i }).click();
    await page.waitForURL((url) => url.pathname === '/workflows');
    await settle(page, 'Workflows');

    // Back to My tasks (its list is known: it shows at once). As soon as it shows, a quick
    // Tab (a task of its own, as a key press is) puts the focus on the task's link — before
    // the app's own move to the heading, which a busy machine runs late.
    await page.evaluate((name) => {
      type El = { focus(): void; textContent: string | null };
      const g = globalThis as unknown as {
        document: { querySelectorAll(s: string): ArrayLike<El> };
        location: { pathname: string };
        MutationObserver: new (cb: () => void) => {
          observe(n: unknown, o: object): void;
          disconnect(): void;
        };
        setTimeout(cb: () => void, ms: number): void;
        tabbed?: boolean;
      };
      const observer = new g.MutationObserver(() => {
        if (g.location.pathname !== '/tasks') return;
        const link = Array.from(g.document.querySelectorAll('main h3 a[href^="/workflows/"]')).find(
          (a) => new RegExp(name, 'i').test(a.textContent ?? ''),
        );
        if (!link) return;
        observer.disconnect();
        g.setTimeout(() => {
          link.focus();
          g.tabbed = true;
        }, 20);
      });
      observer.observe(g.document, { childList: true, subtree: true });
    }, either(STEPS.chairs).source);
    await nav.getByRole('link', { name: /^(my tasks|mis tareas)/i }).click();
    await page.waitForFunction(() => (globalThis as unknown as { tabbed?: boolean }).tabbed);
    // A page timer set after the app's (50 ms after the page shows) and due well after it.
    await page.evaluate(() => new Promise((done) => setTimeout(done, 250)));
    const focused = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { textContent: string } | null } })
          .document.activeElement?.textContent ?? '',
    );
    expect(focused).toMatch(either(STEPS.chairs));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/workflows/${workflowId}`);
    await context.close();
  });

  it('one journey with the keyboard alone: sign in, open the task, approve the step', async () => {
    const { page, context } = await openUser(browser, service.app.url, {
      locale: 'en-US',
      timezoneId: 'America/Phoenix',
    });
    await page.goto('/tasks');
    await settle(page, 'the sign-in page');
    const email = page.getByLabel(/^(email|correo electrónico)$/i);
    await tabTo(page, email, 'the email field');
    await page.keyboard.type(s.people.usChair.email);
    await tabTo(page, page.getByLabel(/^(password|contraseña)$/i), 'the password field', 3);
    await page.keyboard.type(s.people.usChair.password);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/tasks');
    await settle(page, 'My tasks');

    await tabTo(
      page,
      page.getByRole('main').getByRole('link', { name: either(STEPS.chairs) }),
      'the task in My tasks',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/workflows/${workflowId}`);
    await settle(page, 'the workflow page');

    const panel = page.getByRole('region', { name: /(decision on|decisión sobre)/i });
    const decide = page.getByRole('button', { name: /(decide|decidir)/i }).first();
    // `?step=` opens the panel once the workflow has loaded: wait for the panel or its button,
    // not for whichever happens to be on screen at this instant.
    await need(panel.or(decide), 'the decision panel or its "Decide" button');
    if (!(await panel.isVisible())) {
      await tabTo(page, decide, 'the "Decide" button');
      await page.keyboard.press('Enter');
    }
    await need(panel, 'the decision panel');
    const approve = panel.getByRole('radio', { name: DECISIONS.approve });
    await tabTo(page, approve, 'the "Approve" choice');
    await page.keyboard.press('Space');
    expect(await approve.isChecked()).toBe(true);
    await tabTo(
      page,
      panel.getByRole('button', { name: /^(record my decision|registrar mi decisión)$/i }),
      'the submit button of the decision panel',
    );
    await page.keyboard.press('Enter');
    await need(
      page.getByRole('status').filter({ hasText: /(recorded|registrad)/i }),
      'the announcement that the decision was recorded',
    );
    // Focus moved to what changed (the announcement), not back to the top of the page.
    const focusedText = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { activeElement: { textContent: string } | null } })
          .document.activeElement?.textContent ?? '',
    );
    expect(focusedText).toMatch(/(recorded|registrad)/i);
    const step = await s.step(workflowId, 'copresidencia');
    expect(step.assignees[0]).toMatchObject({ technicalGroup: GROUP.code });
    const signatures = (
      await service.app
        .http()
        .get(`/api/v1/workflows/${workflowId}`)
        .auth(s.people.usChair.token, { type: 'bearer' })
    ).body.steps.find((x: { key: string }) => x.key === 'copresidencia').assignees[0]
      .signatures as { seat: string }[];
    expect(signatures.map((x) => x.seat)).toContain('us');
    await context.close();
  });
});
