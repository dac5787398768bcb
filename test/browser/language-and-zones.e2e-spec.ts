import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  visibleText,
} from '../support/browser';
import { GROUP, STEPS, createScenario, startService, type Scenario } from './scenario';
import { stepItem } from './ui';

jest.setTimeout(120_000);

const catalogue = (locale: string) =>
  JSON.parse(
    readFileSync(join(__dirname, '..', '..', 'web', 'src', 'i18n', `${locale}.json`), 'utf8'),
  ) as Record<string, string>;

/** The page's globals the tests read in `page.waitForFunction` (compiled without the DOM lib). */
type PageGlobal = {
  document: {
    documentElement: { lang: string };
    activeElement: { tagName: string; textContent: string | null } | null;
  };
};

/**
 * The English-only texts of the catalogue: messages without placeholders whose Spanish differs
 * (and are long enough not to be a word both languages share). None may show on a Spanish page.
 */
function englishOnly(): string[] {
  const en = catalogue('en');
  const es = catalogue('es');
  return Object.entries(en)
    .filter(([id, text]) => !text.includes('{') && text.length >= 6 && es[id] !== text)
    .map(([, text]) => text);
}

/** Every label a person sees at the top of the page: the navigation and the heading. */
async function labels(page: Page) {
  const nav = page.getByRole('navigation', { name: /^(main|principal)$/i });
  await need(nav, 'the main navigation');
  const links = await nav.getByRole('link').all();
  return {
    nav: await Promise.all(links.map((link) => visibleText(link))),
    heading: await visibleText(page.locator('main h1').first()),
    signOut: await visibleText(page.getByRole('button', { name: /^(sign out|cerrar sesión)$/i })),
    lang: await page.locator('html').getAttribute('lang'),
  };
}

describe('browser: language and time zones', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  let workflowId: string;

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    const { id } = await s.project('San Luis II bridge', 'Puente San Luis II');
    workflowId = (await s.startWorkflow(id)).id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it('switching language changes every label, and the choice is saved', async () => {
    const { page, context } = await openUser(browser, service.app.url, { locale: 'en-US' });
    await signIn(page, s.people.coordinator, `/workflows/${workflowId}`);
    await settle(page, 'the workflow page in English');
    const english = await labels(page);
    expect(english.lang).toBe('en');

    await (
      await need(
        page.getByRole('link', { name: /cambiar a español/i }),
        'the language switch "Español"',
      )
    ).click();
    await page.waitForFunction(() => {
      const g = globalThis as unknown as { document: { documentElement: { lang: string } } };
      return g.document.documentElement.lang === 'es';
    });
    await settle(page, 'the workflow page in Spanish');
    const spanish = await labels(page);
    expect(spanish.nav).toHaveLength(english.nav.length);
    english.nav.forEach((label, i) => expect(spanish.nav[i]).not.toBe(label));
    expect(spanish.heading).not.toBe(english.heading);
    expect(spanish.signOut).toBe('Cerrar sesión');
    const body = await visibleText(page.locator('body'));
    expect(englishOnly().filter((text) => body.includes(text))).toEqual([]);
    expect(
      await visibleText(stepItem(page, STEPS.file).getByRole('heading', { level: 3 })),
    ).toContain(STEPS.file.es);

    // Saved on the user: a new browser, signed in afresh, opens in Spanish.
    const me = await service.app
      .http()
      .get('/api/v1/me')
      .auth(s.people.coordinator.token, { type: 'bearer' });
    expect(me.body.locale).toBe('es');
    const again = await openUser(browser, service.app.url, { locale: 'en-US' });
    await signIn(again.page, s.people.coordinator, '/tasks');
    await settle(again.page, 'My tasks after signing in again');
    expect((await labels(again.page)).nav).toEqual(spanish.nav);
    await again.context.close();
    await context.close();
  });

  it('an address that asks for a language (the switch opened in a new tab) is honoured and saved', async () => {
    const reader = s.people.inNewYork;
    const localeOf = async () =>
      (await service.app.http().get('/api/v1/me').auth(reader.token, { type: 'bearer' })).body
        .locale as string;
    expect(await localeOf()).toBe('en');
    const { page, context } = await openUser(browser, service.app.url, { locale: 'en-US' });
    await signIn(page, reader, '/tasks');
    await page.locator('html[lang="en"]').waitFor({ state: 'attached' });
    await page.goto(`${service.app.url}/tasks?lang=es`);
    await page.locator('html[lang="es"]').waitFor({ state: 'attached' });
    await settle(page, 'My tasks, opened at ?lang=es');
    // Saved, as a click on the switch saves it: a reload without the address's ask stays Spanish.
    for (let tries = 0; tries < 50 && (await localeOf()) !== 'es'; tries++)
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await localeOf()).toBe('es');
    await page.goto(`${service.app.url}/tasks`);
    await page.locator('html[lang="es"]').waitFor({ state: 'attached' });
    await context.close();
  });

  it('shows an assignee nobody can sign for as such, in words, in English and in Spanish', async () => {
    const app = service.app;
    const post = async (path: string, body: object, status = 201) => {
      const response = await app.http().post(path).auth(s.admin, { type: 'bearer' }).send(body);
      expect(response.status).toBe(status);
      return response.body as { id: string; warnings?: unknown[] };
    };
    await post('/api/v1/agencies', {
      code: 'VACANT',
      country: 'US',
      name: { en: 'Vacant office', es: 'Oficina vacante' },
    });
    const step = { en: 'Vacant review', es: 'Revisión vacante' };
    const chain = await post('/api/v1/approval-chains', {
      key: 'staffing-gap',
      name: { en: 'Staffing gap', es: 'Falta de firmantes' },
      steps: [{ key: 'vacante', name: step, assignees: [{ agency: 'VACANT' }, { agency: 'CBP' }] }],
    });
    expect((await post(`/api/v1/approval-chains/${chain.id}/publish`, {}, 200)).warnings).toEqual([
      expect.objectContaining({ stepKey: 'vacante', code: 'ASSIGNEE_UNSTAFFED' }),
    ]);
    const project = await s.project('Vacant crossing', 'Cruce vacante');
    const started = await app
      .http()
      .post(`/api/v1/projects/${project.id}/workflows`)
      .auth(s.people.coordinator.token, { type: 'bearer' })
      .send({ chainKey: 'staffing-gap' })
      .expect(201);

    const reader = s.people.inNewYork;
    // Spanish first, so that the reader is left in English, as the next test expects.
    for (const locale of ['es', 'en'] as const) {
      await app
        .http()
        .patch('/api/v1/me')
        .auth(reader.token, { type: 'bearer' })
        .send({ locale })
        .expect(200);
      const texts = catalogue(locale);
      const { page, context } = await openUser(browser, app.url, { locale: 'en-US' });
      await signIn(page, reader, `/workflows/${started.body.id as string}`);
      await settle(page, `the workflow page in ${locale}`);
      const item = await need(stepItem(page, step), `the step "${step[locale]}"`);
      const vacant = await need(
        item.getByRole('listitem').filter({ hasText: 'VACANT' }),
        'the unstaffed assignee',
      );
      expect(await visibleText(vacant)).toContain(texts['assignee.unstaffed.agency']);
      const cbp = await need(
        item.getByRole('listitem').filter({ hasText: 'CBP' }),
        'the staffed assignee',
      );
      const cbpText = await visibleText(cbp);
      expect(cbpText).toContain(locale === 'en' ? '1 person can sign' : '1 persona puede firmar');
      expect(cbpText).not.toContain(texts['assignee.unstaffed.agency']);
      await expectAccessible(page, `the workflow page with an unstaffed assignee (${locale})`);
      await context.close();
    }
  });

  it('a user in Hermosillo and one in New York see the same deadline, each in their own time with the zone named', async () => {
    const step = await s.step(workflowId, 'expediente');
    const dueAt = step.dueAt!;
    const seen: Record<string, string> = {};
    const hints: string[] = [];
    for (const [who, zone] of [
      [s.people.inHermosillo, 'America/Hermosillo'],
      [s.people.inNewYork, 'America/New_York'],
    ] as const) {
      // The browser's own clock is UTC: the zone shown must come from the user's profile.
      const { page, context } = await openUser(browser, service.app.url, { timezoneId: 'UTC' });
      await signIn(page, who, `/workflows/${workflowId}`);
      await settle(page, `the workflow page of ${who.name}`);
      const time = await need(
        stepItem(page, STEPS.file).locator(`time[datetime="${dueAt}"]`),
        'the deadline of the first step, as a <time> element',
      );
      const text = (await time.innerText()).replace(/[\u202f\u00a0]/g, ' ');
      const expected = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        dateStyle: 'medium',
        timeStyle: 'short',
      })
        .format(new Date(dueAt))
        .replace(/[\u202f\u00a0]/g, ' ');
      expect(text).toContain(expected);
      expect(text).not.toContain('America/');
      expect(text).not.toMatch(/\bUTC\b/);
      seen[zone] = text;
      // Where the reader's clock differs from the deadline owner's, the owner's time is named.
      const hint = stepItem(page, STEPS.file).locator('.due .hint');
      hints.push(...(await hint.allInnerTexts()));
      await context.close();
    }
    const owner = (step as { assignees: { agency?: string }[] }).assignees[0].agency!;
    expect(hints.some((h) => h.includes(`at ${owner}`))).toBe(true);
    // Sonora keeps no daylight time and ICU has no name of its own for it: named as the emails do.
    expect(seen['America/Hermosillo']).toMatch(/Sonora time/);
    expect(seen['America/New_York']).toMatch(/Eastern/);
    expect(seen['America/Hermosillo']).not.toBe(seen['America/New_York']);
  });

  it('finds a zone by the state or border city that keeps its time, named as the emails name it', async () => {
    const { page, context } = await openUser(browser, service.app.url, { locale: 'en-US' });
    await signIn(page, s.people.inHermosillo, '/profile');
    await settle(page, 'the profile page');
    const field = await need(
      page.getByRole('combobox', { name: /time zone|zona horaria/i }),
      'the time zone field',
    );
    // Nogales, Sonora keeps Hermosillo's time; Nogales, Arizona keeps Phoenix's.
    await field.fill('Nogales');
    const options = page.getByRole('option');
    await options.first().waitFor();
    const found = await options.allInnerTexts();
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Sonora time/),
        expect.stringMatching(/^Arizona time/),
      ]),
    );
    await field.fill('Sonora');
    await options.first().waitFor();
    expect(await options.allInnerTexts()).toEqual([expect.stringMatching(/^Sonora time/)]);
    await context.close();
  });

  it('confirms a saved profile in the language just chosen, each way', async () => {
    // Ricardo reads Spanish: he switches to English, then back.
    const reader = s.people.sre2;
    const { page, context } = await openUser(browser, service.app.url, { locale: 'es-MX' });
    await signIn(page, reader, '/profile');
    await settle(page, 'the profile page');
    for (const [locale, language] of [
      ['en', 'English'],
      ['es', 'Español'],
    ] as const) {
      await (await need(page.getByRole('radio', { name: language }), language)).check();
      await (
        await need(page.getByRole('button', { name: /^(save|guardar)$/i }), 'Save / Guardar')
      ).click();
      await page.waitForFunction(
        (lang) => (globalThis as unknown as PageGlobal).document.documentElement.lang === lang,
        locale,
      );
      const saved = await need(
        page.getByRole('status').filter({ hasText: catalogue(locale)['profile.saved'] }),
        `the confirmation "${catalogue(locale)['profile.saved']}"`,
      );
      expect(await visibleText(saved)).toBe(catalogue(locale)['profile.saved']);
      expect(await visibleText(page.locator('main'))).not.toContain(
        catalogue(locale === 'en' ? 'es' : 'en')['profile.saved'],
      );
    }
    await context.close();
  });

  /** A person's notifications, newest first, as GET /notifications gives them. */
  const noticesOf = async (person: { token: string }) =>
    (
      await service.app
        .http()
        .get('/api/v1/notifications')
        .query({ limit: 100 })
        .auth(person.token, { type: 'bearer' })
        .expect(200)
    ).body.items as {
      id: string;
      type: string;
      /** What the notifications page shows as the notice's heading. */
      title: string;
      locale: 'en' | 'es';
      readAt: string | null;
      meetingId?: string;
    }[];

  it('links a meeting notice to its meeting, and keeps the focus on the page after "Mark as read"', async () => {
    const app = service.app;
    const schedule = (en: string, es: string) => s.meeting({ en, es }, 10);
    const first = await schedule('Bridge traffic review', 'Revisión del tránsito del puente');
    const second = await schedule('Customs lanes review', 'Revisión de carriles aduanales');

    // Lucía reads Spanish, John English: each sees the notices, and the words, in their own.
    for (const [chair, locale] of [
      [s.people.mxChair, 'es'],
      [s.people.usChair, 'en'],
    ] as const) {
      const texts = catalogue(locale);
      const invitation = async (meetingId: string) =>
        (await noticesOf(chair)).find(
          (n) => n.type === 'meeting_invitation' && n.meetingId === meetingId,
        )!;
      const [one, two] = [await invitation(first.id), await invitation(second.id)];
      const { page, context } = await openUser(browser, app.url, { locale: 'en-US' });
      await signIn(page, chair, '/notifications');
      await settle(page, `the notifications page (${locale})`);
      const card = (subject: string) =>
        page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: subject }) });

      // "Mark as read" with the keyboard: the focus stays in the list, on that notice.
      const markRead = await need(
        card(one.title).getByRole('button', {
          name: texts['notifications.markReadItem'].replace('{subject}', one.title),
        }),
        `the "${texts['notifications.markRead']}" button of the first meeting's notice`,
      );
      await markRead.focus();
      await page.keyboard.press('Enter');
      await markRead.waitFor({ state: 'detached', timeout: 15_000 });
      const focused = await page.waitForFunction(() => {
        const active = (globalThis as unknown as PageGlobal).document.activeElement;
        return active && active.tagName !== 'BODY' ? active.textContent : null;
      });
      expect(await focused.jsonValue()).toContain(one.title);
      await need(
        page.getByRole('status').filter({
          hasText: texts['notifications.markedItem'].replace('{subject}', one.title),
        }),
        'the announcement that the notice is read',
      );
      expect((await invitation(first.id)).readAt).not.toBeNull();

      // The other notice's link opens its meeting, and reading it there marks it read.
      await (
        await need(
          card(two.title).getByRole('link', { name: texts['notifications.open.meeting'] }),
          `the link "${texts['notifications.open.meeting']}" of the second meeting's notice`,
        )
      ).click();
      await page.waitForURL(
        (url) => url.pathname === `/technical-groups/${GROUP.code}/meetings/${second.id}`,
      );
      const title = locale === 'en' ? 'Customs lanes review' : 'Revisión de carriles aduanales';
      await need(page.locator('main').getByText(title).first(), `the meeting "${title}"`);
      await settle(page, `the meeting page (${locale})`);
      // Marked read as the link is followed (its request may end after the page changed).
      for (let i = 0; i < 50 && !(await invitation(second.id)).readAt; i++)
        await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await invitation(second.id)).readAt).not.toBeNull();
      await context.close();
    }
  });

  it('keeps a notice in the language it was sent in, marked as such for screen readers', async () => {
    const app = service.app;
    const meeting = await s.meeting(
      { en: 'Lane count review', es: 'Revisión del aforo de carriles' },
      12,
    );
    const chair = s.people.mxChair;
    const patchLocale = (locale: 'en' | 'es') =>
      app
        .http()
        .patch('/api/v1/me')
        .auth(chair.token, { type: 'bearer' })
        .send({ locale })
        .expect(200);
    // Sent while Lucía read Spanish; she now reads English.
    const sent = (await noticesOf(chair)).find(
      (n) => n.type === 'meeting_invitation' && n.meetingId === meeting.id,
    )!;
    expect(sent.locale).toBe('es');
    await patchLocale('en');
    try {
      const { page, context } = await openUser(browser, app.url, { locale: 'en-US' });
      await signIn(page, chair, '/notifications');
      await settle(page, 'the notifications page in English, with a notice sent in Spanish');
      const card = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: sent.title }) });
      await need(card, `the notice "${sent.title}"`);
      expect(await card.locator('h2 [lang]').getAttribute('lang')).toBe('es');
      expect(await card.locator('.notification-body').getAttribute('lang')).toBe('es');
      expect(await visibleText(card.locator('.hint'))).toContain(
        catalogue('en')['notifications.sentIn'].replace(
          /\{language, select, es \{([^}]*)\}.*$/,
          '$1',
        ),
      );
      await context.close();
    } finally {
      await patchLocale('es');
    }
  });
});
