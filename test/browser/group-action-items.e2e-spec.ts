import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  tabTo,
  visibleText,
  expectRefusedField,
  hasFocus,
} from '../support/browser';
import { GROUP, STEPS, createScenario, startService, type Scenario } from './scenario';

jest.setTimeout(120_000);

type Locale = 'en' | 'es';
const LOCALES: Locale[] = ['en', 'es'];

/** The page's globals as `page.evaluate` callbacks see them (no DOM lib in this project). */
type Box = { scrollWidth: number; clientWidth: number; getBoundingClientRect(): { right: number } };
/** Each language's action item for CBP (its approver marks it done) and the U.S. co-chair's. */
const ITEMS = {
  en: { en: 'Staff the new lanes', es: 'Asignar personal a los nuevos carriles' },
  es: { en: 'Install the scanners', es: 'Instalar los equipos de rayos X' },
  adot: { en: 'Share the traffic study', es: 'Compartir el estudio de tránsito' },
};
const DONE = { en: 'Done', es: 'Cumplido' };
const STATUS_WORDS = {
  en: { open: 'Open', done: 'Done', cancelled: 'Cancelled' },
  es: { open: 'Pendiente', done: 'Cumplido', cancelled: 'Cancelado' },
};
const STATUS_OF = /^(status of|estado de) /i;
/** The button that sends an item's status: its visible words, then (hidden) the item's title —
 * "Change status: Send drawings", no space before the colon. */
const changeStatus = (title: string) =>
  new RegExp(`^(change status|cambiar estado): ${title}$`, 'i');
const NEW_ITEM = /^(assign an action item|asignar un compromiso)$/i;

/**
 * A technical group's pages as the people a tester found them wrong for: the approver of the
 * agency an action item is assigned to — not in the group — opens the link of the notice and
 * marks the item done; an observer reads the items with no control the server would refuse;
 * a co-chair's dashboard says a step sent back for changes waits on the coordinator; and on a
 * phone (390 px) the dashboard's tables scroll with the keyboard and show every heading.
 */
describe('browser: a group’s action items and dashboard, for owners, observers and co-chairs', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;
  /** Per language: an approver of CBP outside the group, and a CBP observer of the group. */
  const people: Record<Locale, { owner: Person; observer: Person }> = {} as never;
  type Person = { email: string; password: string };
  let meetingId: string;
  /** The ids of the items made in `beforeAll`, by their key in ITEMS. */
  const itemIds: Partial<Record<keyof typeof ITEMS, string>> = {};
  /** The status changes of an item recorded in the group's history, oldest first. */
  const recordedChanges = async (itemId: string) =>
    (
      await service.app.sql<{ status: string }>(
        `SELECT data->>'status' AS status FROM technical_group_events
          WHERE type = 'action_item_updated' AND data->>'actionItemId' = $1 ORDER BY id`,
        [itemId],
      )
    ).map((row) => row.status);
  const itemStatus = async (itemId: string) => {
    const response = await service.app
      .http()
      .get(`/api/v1/technical-groups/${s.group.id}/action-items/${itemId}`)
      .auth(s.people.mxChair.token, { type: 'bearer' });
    expect(response.status).toBe(200);
    return (response.body as { status: 'open' | 'done' | 'cancelled' }).status;
  };

  const post = async (path: string, token: string, body: object, status = 201) => {
    const response = await service.app.http().post(path).auth(token, { type: 'bearer' }).send(body);
    if (response.status !== status)
      throw new Error(`POST ${path}: ${response.status} ${response.text}`);
    return response.body as { id: string };
  };
  const user = async (name: string, roles: string[], locale: Locale, timeZone: string) => {
    const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${Date.now().toString(36)}@test.puentes.local`;
    const password = 'a-long-browser-test-password';
    const created = await post('/api/v1/users', s.admin, {
      email,
      name,
      password,
      roles,
      locale,
      timeZone,
      agencyId: s.agencies.CBP.id,
    });
    return { id: created.id, email, password };
  };
  const open = async (who: Person, locale: Locale, path: string) => {
    const opened = await openUser(browser, service.app.url, {
      locale: locale === 'es' ? 'es-MX' : 'en-US',
      timezoneId: 'America/Phoenix',
    });
    await signIn(opened.page, who, path);
    await settle(opened.page, path);
    expect(await opened.page.locator('html').getAttribute('lang')).toBe(locale);
    return opened;
  };
  const card = (page: Page, title: { en: string; es: string }, locale: Locale) =>
    page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title[locale] }) });

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
    const members = `/api/v1/technical-groups/${s.group.id}/members`;
    for (const locale of LOCALES) {
      const owner = await user(
        locale === 'en' ? 'Grace Holt' : 'Rosa Villarreal',
        ['approver'],
        locale,
        'America/Phoenix',
      );
      const observer = await user(
        locale === 'en' ? 'Owen Park' : 'Tomás Aguilar',
        ['viewer'],
        locale,
        'America/Phoenix',
      );
      // As in the demo: CBP's viewer observes the group; CBP's approvers are not in it.
      await post(members, s.people.mxChair.token, { userId: observer.id, role: 'observer' });
      people[locale] = { owner, observer };
    }
    const meeting = await s.meeting();
    meetingId = meeting.id;
    for (const [key, owner] of [
      ['en', 'CBP'],
      ['es', 'CBP'],
      ['adot', 'ADOT'],
    ] as const)
      itemIds[key] = (await s.actionItem(meeting.id, ITEMS[key], owner)).id;
    // A workflow whose first step the SRE sent back for changes, and one still with the SRE.
    const returned = await s.project('Sonoyta port of entry', 'Garita de Sonoyta');
    const sentBack = await s.startWorkflow(returned.id);
    await s.decide(sentBack.id, 'expediente', s.people.sre, {
      decision: 'request_changes',
      comment: 'The site plan does not match the traffic study.',
    });
    const running = await s.project('Nogales rail crossing', 'Cruce ferroviario de Nogales');
    await s.startWorkflow(running.id);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it.each(LOCALES)(
    'the approver of the owner agency, outside the group, marks its item done (%s)',
    async (locale) => {
      const { page, context } = await open(
        people[locale].owner,
        locale,
        `/technical-groups/${GROUP.code}/action-items`,
      );
      await need(
        page.getByText(
          locale === 'en'
            ? /these are the action items assigned to CBP; you can change their status/i
            : /estos son los compromisos asignados a CBP; usted puede cambiar su estado/i,
        ),
        'why only CBP’s items show',
      );
      // Not in the group: told so, and offered no Meetings tab that would answer 404.
      await need(
        page.getByText(
          locale === 'en'
            ? /^You are not a member of this group: .* the action items assigned to your agency\./
            : /^Usted no es integrante de este grupo: .* los compromisos asignados a su dependencia\./,
        ),
        'the notice that they are not a member',
      );
      expect(
        await page
          .getByRole('navigation', { name: /^(pages of|páginas de) /i })
          .getByRole('link', { name: /^(meetings|reuniones)$/i })
          .count(),
      ).toBe(0);
      // CBP's items only: not the ADOT one, and no link into the group's private meetings.
      await need(card(page, ITEMS[locale], locale), `the item "${ITEMS[locale][locale]}"`);
      expect(await card(page, ITEMS.adot, locale).count()).toBe(0);
      expect(
        await page.getByRole('link', { name: /^(open the meeting|abrir la reunión)/i }).count(),
      ).toBe(0);
      await expectAccessible(page, `the owner agency’s action items (${locale})`);

      const status = await need(
        card(page, ITEMS[locale], locale).getByRole('combobox', { name: STATUS_OF }),
        'the status control of the agency’s own item',
      );
      // With the keyboard only: arrow keys on the closed select walk through the statuses
      // (done, cancelled, back to done), each a `change` — and none of them is saved.
      const id = itemIds[locale]!;
      await status.focus();
      for (const key of ['ArrowDown', 'ArrowDown', 'ArrowUp']) await page.keyboard.press(key);
      await expect(status.inputValue()).resolves.toBe('done');
      await page.waitForTimeout(500);
      expect(await recordedChanges(id)).toEqual([]);
      await expect(itemStatus(id)).resolves.toBe('open');
      // The button beside it sends the choice, once; it names the item to a screen reader.
      const send = await need(
        card(page, ITEMS[locale], locale).getByRole('button', {
          name: changeStatus(ITEMS[locale][locale]),
        }),
        'the button that sends the status, named with the item',
      );
      expect(await send.getAttribute('aria-label')).toBeNull();
      await page.keyboard.press('Tab');
      await expect(hasFocus(send)).resolves.toBe(true);
      await page.keyboard.press('Enter');
      const said = await need(
        page.getByRole('status').filter({ hasText: DONE[locale] }),
        'the announcement that the item is done',
      );
      expect(await visibleText(said)).toContain(ITEMS[locale][locale]);
      await expect(status.inputValue()).resolves.toBe('done');
      expect(await recordedChanges(id)).toEqual(['done']);
      await expect(itemStatus(id)).resolves.toBe('done');
      // The focus stays on the button that sent it.
      await expect(hasFocus(send)).resolves.toBe(true);
      // Done, it still says when it was due as every date here, not as `2026-12-08`.
      const done = await visibleText(card(page, ITEMS[locale], locale));
      expect(done).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(done).toMatch(/\b20\d\d\b/);
      await context.close();
    },
  );

  it.each(LOCALES)(
    'an observer reads every item’s status as text, with no control to change it (%s)',
    async (locale) => {
      const { page, context } = await open(
        people[locale].observer,
        locale,
        `/technical-groups/${GROUP.code}/action-items`,
      );
      // Every item of the group, each status as text; none with a control — not even those of
      // the observer's own agency, CBP: an observer does not act for it.
      const item = await need(card(page, ITEMS.adot, locale), 'the ADOT item');
      expect(await visibleText(item)).toMatch(
        locale === 'en' ? /Status\s*Open/ : /Estado\s*Pendiente/,
      );
      await need(card(page, ITEMS.es, locale), 'a CBP item');
      expect(await page.getByRole('combobox', { name: STATUS_OF }).count()).toBe(0);
      // Each item's link says which meeting it opens, in words a sighted reader sees too: its
      // name is its visible text (WCAG 2.5.3), with no hidden words beside it.
      const meetingName = locale === 'en' ? 'Regional meeting' : 'Reunión regional';
      const named = new RegExp(`^${meetingName} \\(.*\\b20\\d\\d\\)$`);
      const link = await need(item.getByRole('link', { name: named }), 'the link to the meeting');
      expect(await visibleText(link)).toMatch(named);
      expect(await link.locator('.visually-hidden').count()).toBe(0);
      expect(await link.getAttribute('href')).toBe(
        `/technical-groups/${GROUP.code}/meetings/${meetingId}`,
      );
      await expectAccessible(page, `an observer’s action items (${locale})`);
      await context.close();
    },
  );

  it.each(LOCALES)(
    'a co-chair assigning an item is told why a due date is refused, on its field; the minutes list each item’s status (%s)',
    async (locale) => {
      const chair = locale === 'en' ? s.people.usChair : s.people.mxChair;
      const path = `/technical-groups/${GROUP.code}/meetings/${meetingId}`;
      const { page, context } = await open(chair, locale, path);
      const form = await need(page.getByRole('form', { name: NEW_ITEM }), 'the new item form');
      const title = { en: `Survey the ${locale} lanes`, es: `Medir los carriles (${locale})` };
      await form.getByLabel(/^(title in spanish|título en español)$/i).fill(title.es);
      await form.getByLabel(/^(title in english|título en inglés)$/i).fill(title.en);
      await form.getByLabel(/^(owner|responsable)$/i).selectOption('ADOT');
      const submit = form.getByRole('button', {
        name: /^(assign and notify the agency|asignar y avisar a la dependencia)$/i,
      });
      const marked = (field: Locator, message: RegExp, what: string) =>
        expectRefusedField(page, field, message, what);
      const before = (await service.app.sql(`SELECT id FROM action_items`)).length;
      // The hour it falls due, written as every time on the page: "6:00 PM" in English.
      const hint = await visibleText(
        await need(form.getByText(/^(due at|vence a las) /i), 'the due-time hint'),
      );
      expect(hint).toContain(locale === 'en' ? 'Due at 6:00 PM ' : 'Vence a las 18:00 ');
      expect(hint).not.toMatch(locale === 'en' ? /18:00/ : /p\.\s?m\./i);

      // Working days beyond the service's 250: that range, said on the field, which has focus.
      const days = form.getByLabel(/^(working days|días hábiles)$/i);
      await days.fill('300');
      await submit.click();
      await marked(
        days,
        locale === 'en'
          ? /^Enter a whole number of working days from 1 to 250\.$/
          : /^Indique un número entero de días hábiles, de 1 a 250\.$/,
        'the working days',
      );

      // A date that has passed: said so (not "give a date"), on the date field, focus there.
      await form.getByRole('radio', { name: /^(on a date|en una fecha)$/i }).check();
      const date = form.getByLabel(/^(date|fecha)$/i);
      expect(await date.getAttribute('min')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      await date.fill(DateTime.now().minus({ days: 10 }).toISODate()!);
      await submit.click();
      // The meeting is 3 days ahead: the earliest date it may be due is the meeting's.
      await marked(
        date,
        locale === 'en'
          ? /^That date has already passed, and the meeting is on .+ 20\d\d: the due date cannot be earlier\.$/
          : /^Esa fecha ya pasó, y la reunión es el .+ de 20\d\d: la fecha de vencimiento no puede ser anterior\.$/,
        'the past due date',
      );
      await expectAccessible(page, `the new item form with a refused date (${locale})`);
      expect((await service.app.sql(`SELECT id FROM action_items`)).length).toBe(before);

      // A date ahead is taken; the minutes' list then shows it, open, with every item's status.
      await date.fill(DateTime.now().plus({ days: 30 }).toISODate()!);
      await submit.click();
      const assigned = page.getByRole('status').filter({ hasText: title[locale] });
      await need(assigned, 'the announcement that the item was assigned');
      // Assigned: the form is fresh again — no title, no owner, due in 10 working days — and
      // only the announcement stays.
      const titleEs = form.getByLabel(/^(title in spanish|título en español)$/i);
      expect(await titleEs.inputValue()).toBe('');
      expect(await form.getByLabel(/^(title in english|título en inglés)$/i).inputValue()).toBe('');
      expect(await form.getByLabel(/^(owner|responsable)$/i).inputValue()).toBe('');
      expect(
        await form.getByRole('radio', { name: /^(in working days|en días hábiles)/i }).isChecked(),
      ).toBe(true);
      expect(await days.inputValue()).toBe('10');
      expect(await date.count()).toBe(0);
      expect(await form.locator('[aria-invalid="true"]').count()).toBe(0);
      const listed = (name: string) =>
        page.getByRole('listitem').filter({ hasText: name }).filter({ hasText: /·/ });
      const words = STATUS_WORDS[locale];
      const label = locale === 'en' ? 'Status' : 'Estado';
      const item = await need(listed(title[locale]), 'the new item in the minutes’ list');
      const text = await visibleText(item);
      expect(text).toContain(`${label}: ${words.open}`);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(text).toMatch(/\b20\d\d\b/);
      for (const key of ['en', 'es', 'adot'] as const) {
        const status = await itemStatus(itemIds[key]!);
        expect(await visibleText(await need(listed(ITEMS[key][locale]), key))).toContain(
          `${label}: ${words[status]}`,
        );
      }

      // Sent again with nothing in it: the last item's announcement goes, as soon as this
      // submission starts, and the form's own refusal is all that is said.
      await submit.click();
      await expectRefusedField(
        page,
        titleEs,
        locale === 'en'
          ? 'Enter the action item’s title in both languages.'
          : 'Escriba el título del compromiso en ambos idiomas.',
        'the empty title, after an item was assigned',
      );
      expect(await assigned.count()).toBe(0);
      expect(await form.getByLabel(/^(owner|responsable)$/i).getAttribute('aria-invalid')).toBe(
        'true',
      );
      await expectAccessible(page, `the new item form, sent empty after an item (${locale})`);
      // Once assigned again, the announcement stays until the form is edited.
      const next = { en: `Count the ${locale} lanes`, es: `Contar los carriles (${locale})` };
      await titleEs.fill(next.es);
      await form.getByLabel(/^(title in english|título en inglés)$/i).fill(next.en);
      await form.getByLabel(/^(owner|responsable)$/i).selectOption('ADOT');
      await submit.click();
      const again = page.getByRole('status').filter({ hasText: next[locale] });
      await need(again, 'the announcement of the second item');
      await titleEs.fill('Otro');
      await again.waitFor({ state: 'detached' });
      await context.close();
    },
  );

  it.each(LOCALES)(
    'walking the status filter with the keyboard leaves one history entry: Back leaves the page (%s)',
    async (locale) => {
      const dashboard = `/technical-groups/${GROUP.code}`;
      const { page, context } = await open(people[locale].observer, locale, dashboard);
      const list = `${dashboard}/action-items`;
      await page.goto(list);
      await settle(page, 'the action items');
      const filter = await need(
        page.getByRole('combobox', { name: /^(status|estado)$/i }),
        'the status filter',
      );
      await filter.focus();
      // Arrow keys on the closed select: open, done, cancelled — each one a `change`.
      for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown']) await page.keyboard.press(key);
      await expect(filter.inputValue()).resolves.toBe('cancelled');
      await page.waitForURL((url) => url.searchParams.get('status') === 'cancelled');
      // Every change is in the URL (a filter lives there), each replacing the page's entry.
      await page.goBack();
      await page.waitForURL((url) => url.pathname === dashboard);
      expect(new URL(page.url()).search).toBe('');
      await context.close();
    },
  );

  it.each(LOCALES)(
    'a due date is checked against the meeting’s date on the owner agency’s clocks, as the service checks it (%s)',
    async (locale) => {
      // 23:30 in Honolulu, ten days ahead: already the next day in Phoenix, where ADOT works.
      const honolulu = DateTime.now().setZone('Pacific/Honolulu').plus({ days: 10 });
      const late = await post(
        `/api/v1/technical-groups/${s.group.id}/meetings`,
        s.people.mxChair.token,
        {
          kind: 'regional',
          title: { en: `Late call (${locale})`, es: `Llamada nocturna (${locale})` },
          startsAt: `${honolulu.toISODate()}T23:30`,
          timeZone: 'Pacific/Honolulu',
          place: 'Nogales, Sonora',
        },
      );
      const meetingDay = honolulu.toISODate()!;
      const ownerDay = honolulu.plus({ days: 1 }).toISODate()!;
      const chair = locale === 'en' ? s.people.usChair : s.people.mxChair;
      const path = `/technical-groups/${GROUP.code}/meetings/${late.id}`;
      const { page, context } = await open(chair, locale, path);
      const sent: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().includes('/action-items'))
          sent.push(request.url());
      });
      const form = await need(page.getByRole('form', { name: NEW_ITEM }), 'the new item form');
      await form.getByLabel(/^(title in spanish|título en español)$/i).fill('Revisar el aforo');
      await form.getByLabel(/^(title in english|título en inglés)$/i).fill('Review the counts');
      await form.getByLabel(/^(owner|responsable)$/i).selectOption('ADOT');
      await form.getByRole('radio', { name: /^(on a date|en una fecha)$/i }).check();
      const date = form.getByLabel(/^(date|fecha)$/i);
      // The picker offers no day before the meeting's date where ADOT works.
      await expect(date.getAttribute('min')).resolves.toBe(ownerDay);
      await date.fill(meetingDay);
      await form
        .getByRole('button', {
          name: /^(assign and notify the agency|asignar y avisar a la dependencia)$/i,
        })
        .click();
      const long = new Intl.DateTimeFormat(locale === 'en' ? 'en-US' : 'es-MX', {
        dateStyle: 'long',
        timeZone: 'UTC',
      }).format(new Date(`${ownerDay}T12:00:00Z`));
      await expectRefusedField(
        page,
        date,
        locale === 'en'
          ? `The meeting is on ${long}: the due date cannot be earlier.`
          : `La reunión es el ${long}: la fecha de vencimiento no puede ser anterior.`,
        'the date before the meeting’s, on the owner’s clocks',
      );
      // Refused by the form itself: nothing was sent for the service to refuse.
      expect(sent).toEqual([]);
      await context.close();
    },
  );

  it.each(LOCALES)(
    'the co-chair’s dashboard shows a step sent back as waiting on the coordinator (%s)',
    async (locale) => {
      const chair = locale === 'en' ? s.people.usChair : s.people.mxChair;
      const { page, context } = await open(chair, locale, `/technical-groups/${GROUP.code}`);
      const project = await need(
        page
          .getByRole('listitem')
          .filter({
            has: page.getByRole('link', { name: /(Sonoyta port of entry|Garita de Sonoyta)/ }),
          })
          .filter({ has: page.getByRole('heading') }),
        'the project with the step sent back',
      );
      const text = await visibleText(project);
      expect(text).toContain(
        locale === 'en'
          ? `Waiting on: the coordinator, to resubmit “${STEPS.file.en}”`
          : `Pendiente de: la coordinación, que debe reenviar «${STEPS.file.es}»`,
      );
      expect(text).toContain(
        locale === 'en'
          ? 'Waiting for the coordinator to resubmit it'
          : 'Espera que la coordinación la reenvíe',
      );
      expect(text).toMatch(locale === 'en' ? /Asked by:\s*SRE/ : /Solicitó:\s*SRE/);
      await need(
        page.getByText(
          locale === 'en'
            ? /^1 step was sent back for changes and waits on its coordinator’s resubmission/
            : /^1 etapa se devolvió con cambios solicitados y espera que la coordinación la reenvíe/,
        ),
        'the count of steps waiting on a resubmission',
      );
      await expectAccessible(page, `a group’s dashboard with a step sent back (${locale})`);
      await context.close();
    },
  );

  it.each(LOCALES)(
    'on a 390 px phone the dashboard’s tables are named regions a keyboard scrolls, every heading in view (%s)',
    async (locale) => {
      const chair = locale === 'en' ? s.people.usChair : s.people.mxChair;
      const { page, context } = await open(chair, locale, `/technical-groups/${GROUP.code}`);
      await page.setViewportSize({ width: 390, height: 844 });
      for (const name of [
        /^(open steps by country|etapas abiertas por país)$/i,
        /^(open steps by agency|etapas abiertas por dependencia)$/i,
      ]) {
        const region = await need(page.getByRole('region', { name }), `a region named ${name}`);
        await tabTo(page, region, `the table region ${name}`, 80);
        const heading = region.getByRole('columnheader', {
          name: /^(due within 14 days|vencen en 14 días)$/i,
        });
        await need(heading, 'the "due within 14 days" column heading');
        // The heading is whole within the region's visible width, not cut off at its edge.
        const fits = await heading.evaluate((th) => {
          const cell = th as unknown as Box & { closest(s: string): Box };
          const wrap = cell.closest('[role="region"]');
          return {
            cell: cell.getBoundingClientRect().right,
            wrap: wrap.getBoundingClientRect().right,
            clipped: cell.scrollWidth > cell.clientWidth,
          };
        });
        expect(fits.clipped).toBe(false);
        expect(fits.cell).toBeLessThanOrEqual(fits.wrap + 0.5);
      }
      await expectAccessible(page, `a group’s dashboard at 390 px (${locale})`);
      // The roster's tables too: the other group page with tables.
      await page.goto(`/technical-groups/${GROUP.code}/roster`);
      await settle(page, 'the roster at 390 px');
      await expectAccessible(page, `a group’s roster at 390 px (${locale})`);
      await context.close();
    },
  );
});
