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
import { GROUP, createScenario, startService, type Person, type Scenario } from './scenario';

jest.setTimeout(120_000);

type Locale = 'en' | 'es';
const LOCALES: Locale[] = ['en', 'es'];

const TABS = /^(pages of|páginas de) /i;
const TAB = {
  dashboard: /^(dashboard|tablero)$/i,
  roster: /^(members|integrantes)$/i,
  meetings: /^(meetings|reuniones)$/i,
  actionItems: /^(action items|compromisos)$/i,
};
/** The words of the API's bare 404 as the app used to show them, in either language. */
const BARE_NOT_FOUND = /(not found|no se encontró)/i;

/**
 * A technical group's pages for people outside it, as a tester first met them: an approver of
 * an agency that is not in the group opened its tabs and got "This was not found" under
 * Meetings and Action items. Now the tabs they may use are the only ones offered, the page
 * says they are not a member and who to ask, their agency's action items are an ordinary empty
 * list, and a page reached by its address says in words that it is for members — and the app
 * never asks the API for what it would refuse (no 404 on the way).
 */
describe('browser: a technical group for people outside it', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  /** Per language, an approver whose agency is not in the group (nor on its roster). */
  let outsider: Record<Locale, Person>;
  let meetingId: string;
  const CO_CHAIRS = () => [s.people.mxChair.name, s.people.usChair.name];

  const open = async (who: Person, locale: Locale, path: string) => {
    const opened = await openUser(browser, service.app.url, {
      locale: locale === 'es' ? 'es-MX' : 'en-US',
      timezoneId: 'America/Phoenix',
    });
    // Every answer of the API that says "not found" or "not allowed", to show none was asked.
    const refused: string[] = [];
    opened.page.on('response', (response) => {
      if (response.url().includes('/api/') && [403, 404].includes(response.status()))
        refused.push(`${response.status()} ${response.url()}`);
    });
    await signIn(opened.page, who, path);
    await settle(opened.page, path);
    expect(await opened.page.locator('html').getAttribute('lang')).toBe(locale);
    return { ...opened, refused };
  };
  const tabNames = async (page: Page) => {
    const nav = await need(page.getByRole('navigation', { name: TABS }), 'the group’s tabs');
    return (await nav.getByRole('link').allInnerTexts()).map((text) => text.trim());
  };
  const noErrors = async (page: Page) => {
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await visibleText(page.locator('main'))).not.toMatch(BARE_NOT_FOUND);
  };

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    // SRE (Spanish) and CBP (English) take part in SON-AZ as agencies (so they may be assigned
    // its action items), but their approvers are not on its roster.
    await service.app
      .http()
      .patch(`/api/v1/technical-groups/${s.group.id}`)
      .auth(s.admin, { type: 'bearer' })
      .send({ memberAgencyCodes: ['SRE', 'CBP'] })
      .expect(200);
    outsider = { en: s.people.cbp, es: s.people.sre };
    // The group has business of its own that stays private: a meeting with an item for ADOT.
    meetingId = (await s.meeting()).id;
    await s.actionItem(
      meetingId,
      { en: 'Share the traffic study', es: 'Compartir el estudio de tránsito' },
      'ADOT',
    );
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it.each(LOCALES)(
    'an approver outside the group gets its public tabs, why not the rest, and whom to ask (%s)',
    async (locale) => {
      const { page, context, refused } = await open(outsider[locale], locale, '/technical-groups');
      // The list offers the group, and its link opens it: its dashboard is public.
      await (
        await need(
          page.getByRole('link', { name: GROUP.name[locale] }),
          'the group’s link in the list',
        )
      ).click();
      await page.waitForURL((url) => url.pathname === `/technical-groups/${GROUP.code}`);
      await settle(page, 'the group’s dashboard');
      const tabs = await tabNames(page);
      expect(tabs).toEqual(
        locale === 'en'
          ? ['Dashboard', 'Members', 'Action items']
          : ['Tablero', 'Integrantes', 'Compromisos'],
      );
      const notice = await need(
        page.getByText(
          locale === 'en'
            ? /^You are not a member of this group: you see its dashboard, its members and the action items assigned to your agency\. To take part in its meetings, ask one of its co-chairs to add you: /
            : /^Usted no es integrante de este grupo: ve su tablero, sus integrantes y los compromisos asignados a su dependencia\. Para participar en sus reuniones, solicite su alta a la copresidencia: /,
        ),
        'the notice that they are not a member',
      );
      // Who to ask: the group's two co-chairs, by name.
      for (const name of CO_CHAIRS()) expect(await visibleText(notice)).toContain(name);
      await noErrors(page);
      await expectAccessible(page, `a group’s dashboard for an outsider (${locale})`);

      // Their agency's action items: none yet, said as such, not as an error.
      await page.getByRole('link', { name: TAB.actionItems }).click();
      await page.waitForURL((url) => url.pathname.endsWith('/action-items'));
      await settle(page, 'the action items');
      const agency = locale === 'en' ? 'CBP' : 'SRE';
      await need(
        page.getByText(
          locale === 'en'
            ? `No action items for your agency, ${agency}, yet.`
            : `Todavía no hay compromisos para su dependencia, ${agency}.`,
          { exact: true },
        ),
        'the empty state of their agency’s action items',
      );
      // The ADOT item of the group stays private.
      expect(await visibleText(page.locator('main'))).not.toMatch(/traffic study|tránsito/i);
      await noErrors(page);
      await expectAccessible(page, `an outsider agency’s empty action items (${locale})`);

      // The meetings by their address (an old bookmark): said in words, nothing asked of the API.
      await page.goto(`/technical-groups/${GROUP.code}/meetings`);
      await settle(page, 'the meetings');
      await need(
        page.getByText(
          locale === 'en'
            ? 'This group’s meetings are for its members only.'
            : 'Las reuniones de este grupo son solo para sus integrantes.',
          { exact: true },
        ),
        'why the meetings are not shown',
      );
      expect(await visibleText(page.locator('main'))).not.toMatch(
        /regional meeting|reunión regional/i,
      );
      await noErrors(page);
      await expectAccessible(page, `a group’s meetings for an outsider (${locale})`);
      // And a meeting's own link (from an email forwarded to them): the same, in words.
      await page.goto(`/technical-groups/${GROUP.code}/meetings/${meetingId}`);
      await settle(page, 'a meeting');
      await need(
        page.getByText(
          locale === 'en'
            ? 'This group’s meetings are for its members only.'
            : 'Las reuniones de este grupo son solo para sus integrantes.',
          { exact: true },
        ),
        'why the meeting is not shown',
      );
      await noErrors(page);
      expect(refused).toEqual([]);
      await context.close();
    },
  );

  it('a viewer outside the group has no action items tab, and the page says whose they are', async () => {
    const { page, context, refused } = await open(
      s.people.inNewYork,
      'en',
      `/technical-groups/${GROUP.code}/roster`,
    );
    expect(await tabNames(page)).toEqual(['Dashboard', 'Members']);
    await need(
      page.getByText(
        /^You are not a member of this group: you see its dashboard and its members\. To take part in its meetings, ask one of its co-chairs to add you: /,
      ),
      'the notice that they are not a member',
    );
    await page.goto(`/technical-groups/${GROUP.code}/action-items`);
    await settle(page, 'the action items');
    await need(
      page.getByText(
        'This group’s action items are for its members, and for the approvers of the agencies they are assigned to.',
        { exact: true },
      ),
      'why the action items are not shown',
    );
    await noErrors(page);
    await expectAccessible(page, 'a group’s action items for an outside viewer');
    expect(refused).toEqual([]);
    await context.close();
  });

  it('an approver of an agency outside the group has no action items tab: none can be assigned to it', async () => {
    const gsa = await service.app
      .http()
      .post('/api/v1/agencies')
      .auth(s.admin, { type: 'bearer' })
      .send({ code: 'GSA', country: 'US', name: { en: 'GSA', es: 'GSA' } })
      .expect(201);
    const email = `gsa.${Date.now()}@test.puentes.local`;
    const password = 'a-long-browser-test-password';
    const user = await service.app
      .http()
      .post('/api/v1/users')
      .auth(s.admin, { type: 'bearer' })
      .send({ email, name: 'Gale Ortiz', password, roles: ['approver'], agencyId: gsa.body.id })
      .expect(201);
    const person = {
      id: user.body.id,
      email,
      password,
      name: 'Gale Ortiz',
      token: await service.app.login(email, password),
    };
    const { page, context, refused } = await open(person, 'en', `/technical-groups/${GROUP.code}`);
    expect(await tabNames(page)).toEqual(['Dashboard', 'Members']);
    await need(
      page.getByText(
        /^You are not a member of this group: you see its dashboard and its members\./,
      ),
      'the notice that they are not a member',
    );
    await noErrors(page);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('a co-chair gets every tab and no notice', async () => {
    const { page, context } = await open(s.people.usChair, 'en', `/technical-groups/${GROUP.code}`);
    expect(await tabNames(page)).toEqual(['Dashboard', 'Members', 'Meetings', 'Action items']);
    expect(await page.getByText(/not a member/i).count()).toBe(0);
    await page.getByRole('link', { name: TAB.meetings }).click();
    await need(page.getByRole('link', { name: /^Regional meeting/ }), 'the group’s meeting');
    // A meeting the group does not have (a mistyped link): said as such, not as a bare 404.
    await page.goto(
      `/technical-groups/${GROUP.code}/meetings/00000000-0000-4000-8000-000000000000`,
    );
    await settle(page, 'a missing meeting');
    const missing = await need(page.getByRole('alert'), 'the missing meeting’s message');
    expect(await visibleText(missing)).toBe(
      'This group has no such meeting. Check the link, or look for it among the group’s meetings.',
    );
    // A link cut short when copied (no id at all): the same words, not "invalid request".
    await page.goto(`/technical-groups/${GROUP.code}/meetings/abc`);
    await settle(page, 'a meeting link cut short');
    expect(await visibleText(await need(page.getByRole('alert'), 'its message'))).toBe(
      'This group has no such meeting. Check the link, or look for it among the group’s meetings.',
    );
    await context.close();
  });
});
