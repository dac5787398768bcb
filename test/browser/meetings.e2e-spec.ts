import type { Browser, Locator, Page } from 'playwright-core';
import { DateTime } from 'luxon';
import {
  expectAccessible,
  launchBrowser,
  need,
  openUser,
  settle,
  signIn,
  tabTo,
  UI_TIMEOUT,
  expectRefusedField,
  hasFocus,
  visibleText,
} from '../support/browser';
import { calendarOfMail } from '../support/itip';
import { header } from '../support/smtp';
import { GROUP, createScenario, startService, type Person, type Scenario } from './scenario';

jest.setTimeout(180_000);

/** The page's globals as `evaluate` callbacks see them (this project compiles without the DOM lib). */
type PageGlobal = { document: { activeElement: { id: string; tagName: string } | null } };
/** Each language read by the co-chair who reads it, in their own zone. */
const READERS = [
  { locale: 'en', browserLocale: 'en-US', who: 'usChair', zone: 'America/Phoenix' },
  { locale: 'es', browserLocale: 'es-MX', who: 'mxChair', zone: 'America/Hermosillo' },
] as const;
type Reader = (typeof READERS)[number];

const BUTTON = {
  reschedule: /^(edit or reschedule|modificar o reprogramar)$/i,
  saveReschedule: /^(save and tell the members|guardar y notificar a los integrantes)$/i,
  callOff: /^(call off the meeting|cancelar la reunión)$/i,
  confirmCallOff: /^(call off and tell the members|cancelar y notificar a los integrantes)$/i,
  keepMeeting: /^(keep the meeting|conservar la reunión)$/i,
  publish: /^(publish the minutes|publicar la minuta)$/i,
  confirmPublish: /^(publish and notify the members|publicar y notificar a los integrantes)$/i,
  notYet: /^(not yet|todavía no)$/i,
  regenerate: /^(refresh from the open steps|actualizar con las etapas abiertas)$/i,
  addItem: /^(add to the agenda|agregar al orden del día)$/i,
};
/** The heading of the form that changes a meeting's details. */
const EDIT_FORM = /^(edit or reschedule the meeting|modificar o reprogramar la reunión)$/i;

/**
 * A group's meetings in the browser, in both languages and with the keyboard alone where a
 * person acts: the list in two halves (upcoming soonest first, past most recent first, the
 * cancelled marked, an untitled meeting named once by kind and date); a co-chair reschedules a
 * meeting (warned of a Sunday at night and of the hour repeated when the clocks go back) and
 * calls one off after a confirmation; a co-chair corrects the title, the length and the link of
 * a meeting in the same form, which sends only those (no move), and every member gets the
 * update; a meeting that has begun keeps its agenda and time, and its minutes are published
 * after a confirmation; after a correction, a reader sees what the current version corrects
 * and who published each version when, and opens version 1 as it was published. axe checks
 * each state.
 */
describe('browser: meetings', () => {
  let service: Awaited<ReturnType<typeof startService>>;
  let browser: Browser;
  let s: Scenario;

  const call = async (
    method: 'get' | 'post' | 'put',
    path: string,
    who: Person,
    body?: object,
  ): Promise<Record<string, unknown>> => {
    const agent = service.app.http();
    const response = await agent[method](`/api/v1/technical-groups/${s.group.id}${path}`)
      .auth(who.token, { type: 'bearer' })
      .send(body);
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
    return response.body as Record<string, unknown>;
  };
  /** A meeting `days` ahead at 10:00 in `zone`, scheduled through the API. */
  const schedule = async (
    who: Person,
    days: number,
    body: object = {},
    zone = 'America/Hermosillo',
  ) =>
    (await call('post', '/meetings', who, {
      kind: 'regional',
      startsAt: DateTime.now()
        .setZone(zone)
        .plus({ days })
        .set({ hour: 10, minute: 0, second: 0, millisecond: 0 })
        .toFormat("yyyy-MM-dd'T'HH:mm"),
      timeZone: zone,
      place: 'Nogales, Sonora',
      ...body,
    })) as { id: string; startsAt: string; localStart: string };
  /** Time passes: the meeting began `ago` (the service reads the real clock). */
  const begin = (meetingId: string, ago: string) =>
    service.app.sql(`UPDATE meetings SET starts_at = now() - $2::interval WHERE id = $1`, [
      meetingId,
      ago,
    ]);
  const title = (en: string, es: string) => ({ title: { en, es } });

  const open = async (reader: Reader, path: string) => {
    const user = await openUser(browser, service.app.url, {
      locale: reader.browserLocale,
      timezoneId: reader.zone,
    });
    await signIn(user.page, s.people[reader.who], path);
    await settle(user.page, path);
    expect(await user.page.locator('html').getAttribute('lang')).toBe(reader.locale);
    return user;
  };
  const headings = (region: Locator) => region.getByRole('heading', { level: 3 }).allInnerTexts();
  const status = (page: Page, text: RegExp, what: string) =>
    need(page.getByRole('status').filter({ hasText: text }), what);

  beforeAll(async () => {
    [service, browser] = await Promise.all([startService(), launchBrowser()]);
    s = await createScenario(service.app);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.app.close();
    await service?.smtp.close();
  });

  it.each(READERS)(
    'lists upcoming meetings soonest first and past ones most recent first, the cancelled marked ($locale)',
    async (reader) => {
      const chair = s.people[reader.who];
      const tag = reader.locale.toUpperCase();
      await schedule(chair, 12, title(`Later ${tag}`, `Después ${tag}`));
      await schedule(chair, 3, title(`Soon ${tag}`, `Pronto ${tag}`));
      const postponed = await schedule(chair, 5, title(`Postponed ${tag}`, `Pospuesta ${tag}`));
      await call('post', `/meetings/${postponed.id}/cancel`, chair, {});
      const lastWeek = await schedule(chair, 1, title(`Last week ${tag}`, `Semana pasada ${tag}`));
      const lastMonth = await schedule(chair, 1, title(`Last month ${tag}`, `Mes pasado ${tag}`));
      await begin(lastWeek.id, '7 days');
      await begin(lastMonth.id, '30 days');
      const onNow = await schedule(chair, 2, title(`On now ${tag}`, `Ahora ${tag}`));
      await begin(onNow.id, '10 minutes');
      const untitled = await schedule(chair, 20 + READERS.indexOf(reader), {
        kind: 'extraordinary',
      });

      const { page, context } = await open(reader, `/technical-groups/${GROUP.code}/meetings`);
      const upcoming = await need(
        page.getByRole('region', { name: /^(upcoming meetings|próximas reuniones)$/i }),
        'the section of upcoming meetings',
      );
      const past = await need(
        page.getByRole('region', { name: /^(past meetings|reuniones anteriores)$/i }),
        'the section of past meetings',
      );
      await need(upcoming.getByRole('heading', { name: new RegExp(tag) }), 'the meetings listed');
      const ahead = await headings(upcoming);
      const where = (list: string[], name: RegExp) => list.findIndex((h) => name.test(h));
      const soonAt = where(ahead, new RegExp(`(Soon|Pronto) ${tag}`));
      const postponedAt = where(ahead, new RegExp(`(Postponed|Pospuesta) ${tag}`));
      const laterAt = where(ahead, new RegExp(`(Later|Después) ${tag}`));
      expect(soonAt).toBeGreaterThanOrEqual(0);
      expect(soonAt < postponedAt && postponedAt < laterAt).toBe(true);
      // The cancelled one says so, in words; so does the one under way (begun, not over).
      expect(ahead[postponedAt]).toMatch(/(called off|cancelada)$/i);
      expect(ahead[where(ahead, new RegExp(`(On now|Ahora) ${tag}`))]).toMatch(
        /(under way|en curso)$/i,
      );
      expect(ahead[soonAt]).not.toMatch(/(under way|en curso)$/i);
      expect(where(ahead, new RegExp(`(Last week|Semana pasada) ${tag}`))).toBe(-1);
      const held = await headings(past);
      const lastWeekAt = where(held, new RegExp(`(Last week|Semana pasada) ${tag}`));
      const lastMonthAt = where(held, new RegExp(`(Last month|Mes pasado) ${tag}`));
      expect(lastWeekAt).toBeGreaterThanOrEqual(0);
      expect(lastWeekAt).toBeLessThan(lastMonthAt);

      // A meeting without a title is named once, by its kind and its date.
      const date = new Intl.DateTimeFormat(reader.browserLocale, {
        dateStyle: 'long',
        timeZone: reader.zone,
      }).format(new Date(untitled.startsAt));
      const name =
        reader.locale === 'en'
          ? `Extraordinary meeting of ${date}`
          : `Reunión extraordinaria del ${date}`;
      const card = upcoming.getByRole('listitem').filter({
        has: page.getByRole('heading', { name, exact: true }),
      });
      await need(card, `the untitled meeting named "${name}"`);
      expect((await card.innerText()).match(/extraordinar/gi)).toHaveLength(1);

      await expectAccessible(page, `a group’s meetings in two sections (${reader.locale})`);

      // Sent empty, the schedule form puts the focus on the first field to fix.
      await page
        .getByRole('button', {
          name: /^(schedule and invite the members|programar e invitar a los integrantes)$/i,
        })
        .click();
      // (A string: the page's `document`, which this file's Node types do not know.)
      await page.waitForFunction(
        "document.activeElement?.getAttribute('aria-invalid') === 'true'",
        undefined,
        { timeout: UI_TIMEOUT },
      );

      // A start already over and no place: both said in one round, before anything is sent;
      // the picker offers no day before today in the meeting's zone (the chair's own here).
      const scheduled = async () =>
        Number((await service.app.sql<{ n: string }>(`SELECT count(*) AS n FROM meetings`))[0].n);
      const before = await scheduled();
      const today = DateTime.now().setZone(reader.zone);
      const startDate = page.locator('#meeting-date');
      expect(await startDate.getAttribute('min')).toBe(today.toISODate());
      await startDate.fill(today.minus({ days: 1 }).toISODate()!);
      await page.locator('#meeting-time').fill('10:00');
      await page.locator('#meeting-place').fill('');
      await page
        .getByRole('button', {
          name: /^(schedule and invite the members|programar e invitar a los integrantes)$/i,
        })
        .click();
      await expectRefusedField(
        page,
        startDate,
        reader.locale === 'en'
          ? 'Enter a start still ahead: that date and time have already passed in the meeting’s time zone.'
          : 'Indique un inicio futuro: esa fecha y hora ya pasaron en la zona horaria de la reunión.',
        'a start already over',
      );
      expect(await page.locator('#meeting-time').getAttribute('aria-invalid')).toBe('true');
      const place = page.locator('#meeting-place');
      expect(await place.getAttribute('aria-invalid')).toBe('true');
      expect(await visibleText(page.locator('#meeting-place-error'))).toBe(
        reader.locale === 'en'
          ? 'Enter a place or a video link.'
          : 'Indique un lugar o un enlace de videollamada.',
      );
      await expectAccessible(
        page,
        `the schedule form, a past start and no place (${reader.locale})`,
      );
      expect(await scheduled()).toBe(before);
      await context.close();
    },
  );

  it.each(READERS)(
    'a co-chair reschedules a meeting and calls one off after confirming, with the keyboard ($locale)',
    async (reader) => {
      const chair = s.people[reader.who];
      const meeting = await schedule(
        chair,
        6,
        { ...title('Border crossing review', 'Revisión del cruce'), place: 'Tijuana, B.C.' },
        'America/Tijuana',
      );
      const { page, context } = await open(
        reader,
        `/technical-groups/${GROUP.code}/meetings/${meeting.id}`,
      );
      await tabTo(page, page.getByRole('button', { name: BUTTON.reschedule }), 'Reschedule');
      await page.keyboard.press('Enter');
      const form = await need(
        page.locator('form').filter({
          has: page.getByRole('heading', { name: EDIT_FORM }),
        }),
        'the reschedule form',
      );
      // Its fields start from the meeting as it is: date, time, and its zone (Tijuana).
      expect(await page.locator('#reschedule-date').inputValue()).toBe(
        meeting.localStart.slice(0, 10),
      );
      expect(await page.locator('#reschedule-time').inputValue()).toBe('10:00');

      // 01:30 on the Sunday the clocks go back in Tijuana: a Sunday, at night, and twice.
      let fallBack = DateTime.fromObject({ year: DateTime.now().year, month: 11, day: 1 });
      while (fallBack.weekday !== 7) fallBack = fallBack.plus({ days: 1 });
      if (fallBack < DateTime.now().plus({ days: 1 })) {
        fallBack = DateTime.fromObject({ year: DateTime.now().year + 1, month: 11, day: 1 });
        while (fallBack.weekday !== 7) fallBack = fallBack.plus({ days: 1 });
      }
      await page.locator('#reschedule-date').fill(fallBack.toISODate()!);
      await page.locator('#reschedule-time').fill('01:30');
      await need(form.getByText(/(is a Sunday|es domingo)/i), 'the Sunday warning');
      await need(form.getByText(/(is at night|horario nocturno)/i), 'the night warning');
      await need(
        form.getByText(/(occurs twice|ocurre dos veces).*(first|primera)/i),
        'the warning that 01:30 occurs twice, saying the first one is used',
      );
      await expectAccessible(page, `the reschedule form with its warnings (${reader.locale})`);

      // A weekday morning a week later, in another place.
      const next = DateTime.now().setZone('America/Tijuana').plus({ days: 9 });
      const weekday = next.weekday >= 6 ? next.plus({ days: 8 - next.weekday }) : next;
      await page.locator('#reschedule-date').fill(weekday.toISODate()!);
      await page.locator('#reschedule-time').fill('11:30');
      await page.locator('#reschedule-place').fill('Otay Mesa, B.C.');
      expect(await form.getByText(/(is a Sunday|es domingo|occurs twice)/i).count()).toBe(0);
      await tabTo(page, form.getByRole('button', { name: BUTTON.saveReschedule }), 'Save');
      await page.keyboard.press('Enter');
      // A new start and a new place: the notice names both.
      await status(
        page,
        /(meeting changed \(start and place\)|reunión modificada \(inicio y lugar\))/i,
        'the notice naming the start and the place changed',
      );
      const moved = await call('get', `/meetings/${meeting.id}`, chair);
      expect(moved).toMatchObject({
        localStart: `${weekday.toISODate()}T11:30`,
        timeZone: 'America/Tijuana',
        place: 'Otay Mesa, B.C.',
        status: 'scheduled',
      });

      // Calling it off asks first; Escape keeps the meeting.
      const callOff = page.getByRole('button', { name: BUTTON.callOff });
      await tabTo(page, callOff, 'Call off the meeting');
      await page.keyboard.press('Enter');
      const dialog = await need(
        page.getByRole('alertdialog', {
          name: /^(call off this meeting\?|¿desea cancelar esta reunión\?)$/i,
        }),
        'the dialog asking before calling the meeting off',
      );
      expect(await dialog.innerText()).toMatch(/(every member|cada integrante)/i);
      expect(await hasFocus(dialog.getByRole('button', { name: BUTTON.keepMeeting }))).toBe(true);
      await expectAccessible(page, `the call-off confirmation (${reader.locale})`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect((await call('get', `/meetings/${meeting.id}`, chair)).status).toBe('scheduled');

      await tabTo(page, callOff, 'Call off the meeting, again');
      await page.keyboard.press('Enter');
      await need(dialog, 'the call-off dialog, again');
      await dialog
        .getByLabel(/^(reason|motivo)/i)
        .fill(reader.locale === 'en' ? 'Traffic study not ready' : 'Estudio no concluido');
      await tabTo(page, dialog.getByRole('button', { name: BUTTON.confirmCallOff }), 'confirm');
      await page.keyboard.press('Enter');
      await status(page, /(meeting called off|reunión cancelada)/i, 'the called-off notice');
      const calledOff = await call('get', `/meetings/${meeting.id}`, chair);
      expect(calledOff).toMatchObject({ status: 'cancelled' });
      expect(calledOff.cancellationNote).toMatch(/(Traffic study|Estudio)/);
      expect(await page.getByRole('button', { name: BUTTON.reschedule }).count()).toBe(0);
      await expectAccessible(page, `a meeting called off (${reader.locale})`);
      await context.close();
    },
  );

  it('a co-chair corrects the title, the length and the video link in one form, in Spanish: the start stays, and every member is told', async () => {
    const reader = READERS[1];
    const chair = s.people[reader.who];
    // A member besides the two co-chairs: the update goes to the whole roster.
    const member = s.people.sre;
    await call('post', '/members', chair, { userId: member.id, role: 'member' });
    const meeting = await schedule(chair, 8, {
      ...title('Nogales port review', 'Revisón del puerto de Nogales'),
      place: 'Aduana de Nogales, Sonora',
    });
    const { page, context } = await open(
      reader,
      `/technical-groups/${GROUP.code}/meetings/${meeting.id}`,
    );
    // What the page sends (openapi-fetch sends a Request whose body the browser's network log
    // does not show): every PATCH body, read in the page before it goes.
    await context.addInitScript({
      content: `(() => {
        const sent = (window.__patches = []);
        const original = window.fetch.bind(window);
        window.fetch = async (input, init) => {
          const request = new Request(input, init);
          if (request.method === 'PATCH') sent.push(await request.clone().text());
          return original(request);
        };
      })();`,
    });
    await page.reload();
    await settle(page, 'the meeting page, reloaded');
    const patches = async () =>
      ((await page.evaluate('window.__patches')) as string[]).map(
        (body) => JSON.parse(body) as Record<string, unknown>,
      );

    await tabTo(page, page.getByRole('button', { name: BUTTON.reschedule }), 'Edit or reschedule');
    await page.keyboard.press('Enter');
    const heading = await need(page.getByRole('heading', { name: EDIT_FORM }), 'the edit form');
    expect(await hasFocus(heading)).toBe(true);
    const form = page.locator('form').filter({ has: heading });
    // Every field starts from the meeting as it is, and the hint says who is told.
    const field = (label: RegExp) => form.getByLabel(label, { exact: false });
    const titleEs = field(/^título en español$/i);
    const duration = field(/^duración en minutos/i);
    const link = field(/^enlace de videollamada$/i);
    expect(await titleEs.inputValue()).toBe('Revisón del puerto de Nogales');
    expect(await field(/^título en inglés$/i).inputValue()).toBe('Nogales port review');
    expect(await page.locator('#reschedule-date').inputValue()).toBe(
      meeting.localStart.slice(0, 10),
    );
    expect(await page.locator('#reschedule-time').inputValue()).toBe('10:00');
    expect(await duration.inputValue()).toBe('90');
    expect(await field(/^lugar$/i).inputValue()).toBe('Aduana de Nogales, Sonora');
    expect(await link.inputValue()).toBe('');
    expect(await form.innerText()).toMatch(
      /cualquier cambio que guarde se notificará a cada integrante/i,
    );

    await titleEs.fill('Revisión del puerto de Nogales');
    await duration.fill('120');
    // A web address without a domain: the service refuses it, and says so on the field.
    await link.fill('https://reunion');
    const save = form.getByRole('button', { name: BUTTON.saveReschedule });
    await tabTo(page, save, 'Save');
    await page.keyboard.press('Enter');
    const linkError = await need(
      form.getByText(/indique una dirección web completa/i),
      'the refused link, said on its field',
    );
    expect(await link.getAttribute('aria-invalid')).toBe('true');
    expect(await link.getAttribute('aria-describedby')).toBe(await linkError.getAttribute('id'));
    expect(await hasFocus(link)).toBe(true);
    await expectAccessible(page, 'the edit form, its link refused (es)');

    await link.fill('https://meet.example.gov/son-az');
    await need(
      form.getByText(/cambios por guardar: título, duración y enlace de videollamada/i),
      'what the save will send, named before it is sent',
    );
    await tabTo(page, save, 'Save, again');
    await page.keyboard.press('Enter');
    await status(
      page,
      /reunión modificada \(título, duración y enlace de videollamada\); se notificó a cada integrante/i,
      'the notice naming what changed',
    );
    // The page shows the meeting as it now is.
    await need(
      page.getByRole('heading', { level: 2, name: 'Revisión del puerto de Nogales' }),
      'the corrected title',
    );
    const details = page.locator('dl.meta');
    expect(await details.innerText()).toMatch(/duración\s*2 horas/i);
    expect(
      await details.getByRole('link', { name: 'https://meet.example.gov/son-az' }).count(),
    ).toBe(1);
    expect(await page.getByRole('heading', { name: EDIT_FORM }).count()).toBe(0);
    await expectAccessible(page, 'a meeting corrected (es)');

    // Only what changed was sent, both times: no start, so no move.
    const sent = await patches();
    expect(sent).toHaveLength(2);
    for (const body of sent)
      expect(Object.keys(body).sort()).toEqual(['durationMinutes', 'link', 'title']);
    expect(sent[1]).toEqual({
      title: { es: 'Revisión del puerto de Nogales', en: 'Nogales port review' },
      durationMinutes: 120,
      link: 'https://meet.example.gov/son-az',
    });
    expect(await call('get', `/meetings/${meeting.id}`, chair)).toMatchObject({
      title: { es: 'Revisión del puerto de Nogales', en: 'Nogales port review' },
      startsAt: meeting.startsAt,
      localStart: meeting.localStart,
      durationMinutes: 120,
      place: 'Aduana de Nogales, Sonora',
      link: 'https://meet.example.gov/son-az',
    });

    // Every member got the update, in their language: the same event at the next SEQUENCE,
    // still at its time, 120 minutes long. The refused attempt told nobody.
    const uid = `meeting-${meeting.id}@puentes`;
    const updates = (to: Person) =>
      service.smtp.received.filter(
        (m) =>
          m.to === to.email &&
          header(m.mail, 'X-Puentes-Notification-Type') === 'meeting_rescheduled' &&
          m.mail.attachments.some((a) => a.content.toString('utf8').includes(`UID:${uid}`)),
      );
    const recipients = [
      { person: chair, title: 'Revisión del puerto de Nogales', length: '120 minutos' },
      { person: s.people.usChair, title: 'Nogales port review', length: '120 minutes' },
      { person: member, title: 'Revisión del puerto de Nogales', length: '120 minutos' },
    ];
    await service.smtp.waitFor(() => recipients.every(({ person }) => updates(person).length > 0));
    for (const { person, title: named, length } of recipients) {
      const [update, ...more] = updates(person);
      expect([person.email, more.length]).toEqual([person.email, 0]);
      expect(update.mail.subject).toContain(named);
      expect(update.mail.text).toContain(length);
      expect(update.mail.text).toContain('https://meet.example.gov/son-az');
      const calendar = calendarOfMail(update.mail);
      expect(calendar).toMatchObject({ method: 'REQUEST', uid, sequence: 1 });
      expect(calendar.dtstart?.toISOString()).toBe(new Date(meeting.startsAt).toISOString());
      const end = /^DTEND:(\d{8}T\d{6}Z)\r$/m.exec(calendar.ics)?.[1];
      expect(end && DateTime.fromFormat(end, "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' }).toISO()).toBe(
        DateTime.fromISO(meeting.startsAt, { zone: 'utc' }).plus({ minutes: 120 }).toISO(),
      );
    }
    await context.close();
  });

  it.each(READERS)(
    'a meeting that has begun keeps its agenda and time, and its minutes are published after confirming ($locale)',
    async (reader) => {
      const chair = s.people[reader.who];
      const meeting = await schedule(chair, 2, title('Held meeting', 'Reunión celebrada'));
      await call('post', `/meetings/${meeting.id}/agenda/items`, chair, {
        title: { en: 'General business', es: 'Asuntos generales' },
      });
      await call('put', `/meetings/${meeting.id}/minutes`, chair, {
        decisions: [{ en: 'ADOT shares the study', es: 'ADOT comparte el estudio' }],
        presentAgencyCodes: ['ADOT'],
      });
      await begin(meeting.id, '5 minutes');
      const { page, context } = await open(
        reader,
        `/technical-groups/${GROUP.code}/meetings/${meeting.id}`,
      );
      await need(
        page.getByText(
          /(agenda stays as the members received it|se conserva tal como lo recibieron)/i,
        ),
        'the note that the agenda is frozen once the meeting has begun',
      );
      await need(
        page.getByText(
          /(can no longer be rescheduled or called off|ya no puede reprogramarse ni cancelarse)/i,
        ),
        'the note that a meeting under way can no longer be moved',
      );
      for (const name of [
        BUTTON.regenerate,
        BUTTON.addItem,
        BUTTON.reschedule,
        BUTTON.callOff,
        /^(remove|quitar):/i,
      ])
        expect([name, await page.getByRole('button', { name }).count()]).toEqual([name, 0]);

      // Publishing asks first; "Not yet" has the focus, and Escape publishes nothing.
      const publish = page.getByRole('button', { name: BUTTON.publish });
      await tabTo(page, publish, 'Publish the minutes');
      await page.keyboard.press('Enter');
      const dialog = await need(
        page.getByRole('alertdialog', {
          name: /^(publish the minutes\?|¿desea publicar la minuta\?)$/i,
        }),
        'the dialog asking before publishing the minutes',
      );
      expect(await dialog.innerText()).toMatch(/(every member|cada integrante)/i);
      expect(await hasFocus(dialog.getByRole('button', { name: BUTTON.notYet }))).toBe(true);
      await expectAccessible(page, `the publish confirmation (${reader.locale})`);
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect((await call('get', `/meetings/${meeting.id}/minutes`, chair)).current).toBeNull();

      await tabTo(page, publish, 'Publish the minutes, again');
      await page.keyboard.press('Enter');
      await need(dialog, 'the publish dialog, again');
      await tabTo(page, dialog.getByRole('button', { name: BUTTON.confirmPublish }), 'confirm');
      await page.keyboard.press('Enter');
      await status(page, /(minutes published|minuta publicada)/i, 'the published notice');
      expect((await call('get', `/meetings/${meeting.id}/minutes`, chair)).current).toMatchObject({
        version: 1,
        status: 'published',
      });
      await expectAccessible(page, `a meeting held, its minutes published (${reader.locale})`);
      await context.close();
    },
  );

  it.each(READERS)(
    'after a correction, a reader sees what the current version corrects and opens version 1, with the keyboard ($locale)',
    async (reader) => {
      const chair = s.people[reader.who];
      // The other co-chair published version 1: each version names its own publisher.
      const other = s.people[reader.who === 'mxChair' ? 'usChair' : 'mxChair'];
      const meeting = await schedule(chair, 2, title('Corrected minutes', 'Minuta corregida'));
      await begin(meeting.id, '2 hours');
      const minutes = `/meetings/${meeting.id}/minutes`;
      const FIRST = { en: 'CBP opens a second lane', es: 'CBP abre un segundo carril' };
      const SECOND = {
        en: 'CBP opens a second lane in March',
        es: 'CBP abre un segundo carril en marzo',
      };
      await call('put', minutes, other, { decisions: [FIRST], presentAgencyCodes: ['ADOT'] });
      const first = await call('post', `${minutes}/publish`, other);
      // The note is one string, written in the language of the co-chair who corrects.
      const note =
        reader.locale === 'en'
          ? 'SON-SICT attended and was left out; the lane opens in March.'
          : 'SON-SICT asistió y se omitió; el carril abre en marzo.';
      await call('put', minutes, chair, {
        decisions: [SECOND],
        presentAgencyCodes: ['ADOT', 'SON-SICT'],
        correctionNote: note,
      });
      const second = await call('post', `${minutes}/publish`, chair);

      const { page, context } = await open(
        reader,
        `/technical-groups/${GROUP.code}/meetings/${meeting.id}`,
      );
      const es = reader.locale === 'es';
      const zone = es ? 'hora de Hermosillo' : 'Arizona time';
      /** The instant as the page writes it for this reader: their zone, named. */
      const when = (iso: unknown) =>
        `${new Intl.DateTimeFormat(es ? 'es-MX-u-hc-h23' : 'en-US', {
          timeZone: reader.zone,
          dateStyle: 'medium',
          timeStyle: 'short',
        }).format(new Date(iso as string))} ${zone}`;
      const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

      // The current version: which one, who published it and when, and what it corrects.
      const published = await need(
        page.getByText(
          es ? `Versión 2, publicada por ${chair.name}` : `Version 2, published by ${chair.name}`,
        ),
        'the current version, with who published it',
      );
      const at = published.locator('time');
      expect(await at.getAttribute('datetime')).toBe(second.publishedAt);
      expect(flat(await at.innerText())).toBe(flat(when(second.publishedAt)));
      const correction = await need(
        page.locator('.alert').filter({
          hasText: es ? 'Esta versión corrige la versión 1:' : 'This version corrects version 1:',
        }),
        'what the current version corrects',
      );
      expect(flat(await correction.innerText())).toContain(note);
      await need(page.getByText(SECOND[reader.locale], { exact: true }), 'the current decision');

      // Version 1 is there, closed: its summary says who published it and when.
      await need(
        page.getByRole('heading', {
          level: 3,
          name: es ? 'Versiones anteriores' : 'Earlier versions',
          exact: true,
        }),
        'the heading of the earlier versions',
      );
      const summary = await need(
        page.locator('summary').filter({
          hasText: es
            ? `Versión 1, publicada por ${other.name}`
            : `Version 1, published by ${other.name}`,
        }),
        'version 1, to open',
      );
      expect(await summary.locator('time').getAttribute('datetime')).toBe(first.publishedAt);
      expect(flat(await summary.locator('time').innerText())).toBe(flat(when(first.publishedAt)));
      const earlier = page.locator('details').filter({ has: summary });
      const firstDecision = earlier.getByText(FIRST[reader.locale], { exact: true });
      expect(await firstDecision.isVisible()).toBe(false);
      await expectAccessible(page, `minutes corrected, version 1 closed (${reader.locale})`);

      // Opened with the keyboard: version 1 as it was published, its headings under the
      // "Earlier versions" one.
      await tabTo(page, summary, 'the summary of version 1');
      await page.keyboard.press('Enter');
      await need(firstDecision, 'the decision of version 1, once opened');
      expect(await earlier.getAttribute('open')).not.toBeNull();
      expect(await earlier.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(
        es ? ['Acuerdos tomados', 'Dependencias presentes'] : ['Decisions', 'Agencies present'],
      );
      const attendance = flat(await earlier.innerText());
      expect(attendance).toContain(es ? 'México: —' : 'Mexico: —');
      expect(attendance).toContain(es ? 'Estados Unidos: ADOT' : 'United States: ADOT');
      // Version 1 corrected nothing: it says nothing of a correction.
      expect(attendance).not.toMatch(/(corrects version|corrige la versión)/i);
      // Headings go down one level at a time, from the page's h1 to version 1's h4.
      const levels = await page
        .locator('main')
        .locator('h1, h2, h3, h4, h5, h6')
        .evaluateAll((all) =>
          all
            .filter((h) => (h as unknown as { offsetParent: unknown }).offsetParent !== null)
            .map((h) => Number((h as unknown as { tagName: string }).tagName.slice(1))),
        );
      expect([levels[0], levels.includes(4)]).toEqual([1, true]);
      const skips = levels.flatMap((level, i) =>
        i > 0 && level - levels[i - 1] > 1 ? [`h${levels[i - 1]} → h${level}`] : [],
      );
      expect(skips).toEqual([]);
      await expectAccessible(page, `minutes corrected, version 1 open (${reader.locale})`);
      await context.close();
    },
  );

  it.each(READERS)(
    'minutes that record nothing are not offered for publishing: the form says what they lack ($locale)',
    async (reader) => {
      const chair = s.people[reader.who];
      const meeting = await schedule(chair, 2, title('Empty minutes', 'Minuta vacía'));
      await begin(meeting.id, '1 hour');
      const minutes = `/meetings/${meeting.id}/minutes`;
      // A draft with no decision and nobody present: the service keeps it (and would publish it).
      await call('put', minutes, chair, { decisions: [], presentAgencyCodes: [] });
      const { page, context } = await open(
        reader,
        `/technical-groups/${GROUP.code}/meetings/${meeting.id}`,
      );
      const lacks =
        reader.locale === 'en'
          ? 'Enter at least one decision, or mark the agencies present, before publishing the minutes.'
          : 'Indique al menos un acuerdo, o marque las dependencias presentes, antes de publicar la minuta.';
      const hint = await need(
        page.getByText(lacks, { exact: true }),
        'the hint of what is lacking',
      );
      const publish = page.getByRole('button', { name: BUTTON.publish });
      expect(await publish.getAttribute('aria-describedby')).toBe(await hint.getAttribute('id'));
      await tabTo(page, publish, 'Publish the minutes');
      await page.keyboard.press('Enter');
      // Refused in the form, said and focused; no confirmation as if all were well.
      const refusal = await status(page, new RegExp(`^${lacks}$`), 'the refusal to publish');
      await page
        .waitForFunction(
          (el) => el === el?.ownerDocument.activeElement,
          await refusal.elementHandle(),
          {
            timeout: 5_000,
          },
        )
        .catch(() => undefined);
      expect(await hasFocus(refusal)).toBe(true);
      expect(await page.getByRole('alertdialog').count()).toBe(0);
      expect((await call('get', minutes, chair)).current).toBeNull();
      await expectAccessible(page, `minutes with nothing to publish (${reader.locale})`);

      // An agency marked present: there is something to publish, and publishing asks first.
      await page.getByRole('checkbox', { name: /^ADOT — / }).check();
      await page.locator('#minutes-publish-hint').waitFor({ state: 'detached' });
      await tabTo(page, publish, 'Publish the minutes, with the attendance');
      await page.keyboard.press('Enter');
      const dialog = await need(
        page.getByRole('alertdialog', {
          name: /^(publish the minutes\?|¿desea publicar la minuta\?)$/i,
        }),
        'the dialog asking before publishing the minutes',
      );
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      expect((await call('get', minutes, chair)).current).toBeNull();
      await context.close();
    },
  );

  it('a co-chair is shown on the field what the draft of a correction lacks, and the publish dialog speaks of unsaved changes only when there are some', async () => {
    const reader = READERS[1];
    const chair = s.people[reader.who];
    const meeting = await schedule(chair, 2, title('Minutes to fix', 'Minuta por corregir'));
    await begin(meeting.id, '3 hours');
    const minutes = `/meetings/${meeting.id}/minutes`;
    await call('put', minutes, chair, {
      decisions: [{ en: 'ADOT shares the study', es: 'ADOT comparte el estudio' }],
      presentAgencyCodes: ['ADOT'],
    });
    await call('post', `${minutes}/publish`, chair);
    const { page, context } = await open(
      reader,
      `/technical-groups/${GROUP.code}/meetings/${meeting.id}`,
    );
    const form = await need(
      page.locator('form').filter({
        has: page.getByRole('heading', { name: 'Corregir la minuta (nueva versión)' }),
      }),
      'the form of the correction',
    );
    // No draft yet: the form says it is saved before it is published.
    await need(
      form.getByText('Para publicar la minuta, primero guarde el borrador', { exact: false }),
      'the hint that the draft is saved before it is published',
    );
    expect(await page.getByRole('button', { name: BUTTON.publish }).count()).toBe(0);
    const save = form.getByRole('button', { name: 'Guardar borrador', exact: true });
    const marked = (field: Locator, message: string, what: string) =>
      expectRefusedField(page, field, message, what);

    // A second decision in Spanish only: its English field is the one to fix. Added with the
    // keyboard, the focus moves into it (its first field), in the fieldset "Acuerdo 2".
    await tabTo(
      page,
      form.getByRole('button', { name: 'Agregar un acuerdo', exact: true }),
      'Agregar un acuerdo',
    );
    await page.keyboard.press('Enter');
    const added = form.getByRole('group', { name: 'Acuerdo 2', exact: true });
    await need(added, 'the fieldset of the decision added');
    expect(await hasFocus(added.getByLabel('En español', { exact: true }))).toBe(true);
    expect(await hasFocus(page.locator('#dec-1-es'))).toBe(true);
    await page.keyboard.type('Acuerdo 1');
    expect(await page.locator('#dec-1-es').inputValue()).toBe('Acuerdo 1');
    await tabTo(page, save, 'Guardar borrador');
    await page.keyboard.press('Enter');
    await marked(
      page.locator('#dec-1-en'),
      'Indique el acuerdo en ambos idiomas.',
      'the English field of decision 2',
    );
    expect(await page.locator('#dec-1-es').getAttribute('aria-invalid')).toBe('false');
    await expectAccessible(page, 'the draft of the minutes with a decision in Spanish only');

    // Retyped, the field's message and its mark go at once, and so does the summary.
    await page.locator('#dec-1-en').fill('Decision 1');
    await page
      .getByText('Indique el acuerdo en ambos idiomas.', { exact: true })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    expect(await page.locator('#dec-1-en').getAttribute('aria-invalid')).toBe('false');
    expect(await page.locator('#dec-1-en').getAttribute('aria-describedby')).toBeNull();
    await page
      .getByRole('status')
      .filter({ hasText: /algunos valores no son válidos/i })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    // In both languages now, but the correction does not say what it corrects.
    await tabTo(page, save, 'Guardar borrador, again');
    await page.keyboard.press('Enter');
    const note = page.locator('#minutes-note');
    await marked(
      note,
      'Indique qué corrige esta versión: los integrantes lo leerán junto con la corrección.',
      'the note of the correction',
    );
    expect(await page.locator('#dec-1-en').getAttribute('aria-invalid')).toBe('false');
    expect((await call('get', minutes, chair)).draft).toBeNull();

    // What the service refuses lands on the field it names too: the note, taken out on the way.
    await note.fill('Se agregó el acuerdo 1.');
    await page.route('**/minutes', async (route) => {
      const request = route.request();
      if (request.method() !== 'PUT') return route.continue();
      const { correctionNote: _, ...body } = request.postDataJSON() as Record<string, unknown>;
      await route.continue({ postData: JSON.stringify(body) });
    });
    await tabTo(page, save, 'Guardar borrador, with the note taken out');
    await page.keyboard.press('Enter');
    await marked(
      note,
      'Indique qué corrige esta versión: los integrantes lo leerán junto con la corrección.',
      'the note the service asked for',
    );
    await page.unroute('**/minutes');

    await tabTo(page, save, 'Guardar borrador, with the note');
    await page.keyboard.press('Enter');
    await status(page, /^Borrador guardado\.$/, 'the saved notice');
    expect(await note.getAttribute('aria-invalid')).toBe('false');
    expect((await call('get', minutes, chair)).draft).toMatchObject({
      version: 2,
      correctionNote: 'Se agregó el acuerdo 1.',
      decisions: [
        { en: 'ADOT shares the study', es: 'ADOT comparte el estudio' },
        { en: 'Decision 1', es: 'Acuerdo 1' },
      ],
    });

    // Just saved: the dialog has no unsaved changes to speak of.
    const publish = page.getByRole('button', { name: BUTTON.publish });
    await tabTo(page, publish, 'Publicar la minuta');
    await page.keyboard.press('Enter');
    const dialog = await need(
      page.getByRole('alertdialog', { name: '¿Desea publicar esta corrección?' }),
      'the dialog asking before publishing the correction',
    );
    expect(await dialog.innerText()).toMatch(/cada integrante/);
    expect(await dialog.innerText()).not.toMatch(/no ha guardado/);
    await expectAccessible(page, 'the publish dialog just after a save');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Changed again: "Borrador guardado." no longer speaks of the draft shown, and goes; the
    // dialog now speaks of unsaved changes, and publishing saves the change first.
    await note.fill('Se agregó el acuerdo 1 y se corrigió la asistencia.');
    await page
      .getByRole('status')
      .filter({ hasText: 'Borrador guardado.' })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await tabTo(page, publish, 'Publicar la minuta, after a change');
    await page.keyboard.press('Enter');
    await need(dialog, 'the publish dialog, after a change');
    expect(await dialog.innerText()).toMatch(/no ha guardado se guardarán/);
    await tabTo(page, dialog.getByRole('button', { name: BUTTON.confirmPublish }), 'confirm');
    await page.keyboard.press('Enter');
    await status(page, /minuta publicada/i, 'the published notice');
    // Switched to English, the page does not keep a Spanish notice standing; back in Spanish,
    // the draft is as it was.
    await page.locator('a.lang-switch').click();
    await page.locator('html[lang="en"]').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    await page
      .getByRole('status')
      .filter({ hasText: /minuta publicada/i })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await page.locator('a.lang-switch').click();
    await page.locator('html[lang="es"]').waitFor({ state: 'attached', timeout: UI_TIMEOUT });
    expect((await call('get', minutes, chair)).current).toMatchObject({
      version: 2,
      correctionNote: 'Se agregó el acuerdo 1 y se corrigió la asistencia.',
    });

    // The next correction starts from version 2. A third decision, typed into: an edit, so the
    // "published" notice goes rather than claim the edited draft is published.
    const add = form.getByRole('button', { name: 'Agregar un acuerdo', exact: true });
    await tabTo(page, add, 'Agregar un acuerdo, after publishing');
    await page.keyboard.press('Enter');
    expect(await hasFocus(page.locator('#dec-2-es'))).toBe(true);
    await page.keyboard.type('Acuerdo 3');
    await page
      .getByRole('status')
      .filter({ hasText: /minuta publicada/i })
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    // Removing a decision with the keyboard leaves the focus in the form, not on <body>: on the
    // decision now in its place, on the one before when it was the last, and on "Agregar un
    // acuerdo" once none remain.
    const removeDecision = async (n: number, what: string) => {
      await tabTo(
        page,
        form.getByRole('button', { name: `Quitar el acuerdo ${n}`, exact: true }),
        what,
      );
      await page.keyboard.press('Enter');
    };
    const focused = () =>
      page.evaluate(() => {
        const active = (globalThis as unknown as PageGlobal).document.activeElement;
        return active && `${active.tagName.toLowerCase()}#${active.id}`;
      });
    // Each removal is said in the live region (the focus stays where it moved).
    const said = async (text: string, what: string) =>
      expect(
        await visibleText(await need(page.getByRole('status').filter({ hasText: text }), what)),
      ).toBe(text);
    await removeDecision(2, 'Quitar el acuerdo 2, of 3');
    expect(await focused()).toBe('textarea#dec-1-es');
    await said(
      'Se quitó el acuerdo 2; los acuerdos siguientes se renumeraron.',
      'the removal of decision 2 of 3, announced',
    );
    expect(await focused()).toBe('textarea#dec-1-es');
    expect(await page.locator('#dec-1-es').inputValue()).toBe('Acuerdo 3');
    expect(await form.getByRole('group', { name: /^Acuerdo \d$/ }).count()).toBe(2);
    await removeDecision(2, 'Quitar el acuerdo 2, the last');
    expect(await focused()).toBe('textarea#dec-0-es');
    await said('Se quitó el acuerdo 2.', 'the removal of the last decision, announced');
    expect(await focused()).toBe('textarea#dec-0-es');
    expect(await page.locator('#dec-0-es').inputValue()).toBe('ADOT comparte el estudio');
    await removeDecision(1, 'Quitar el acuerdo 1, the only one');
    expect(await hasFocus(add)).toBe(true);
    await said('Se quitó el acuerdo 1.', 'the removal of the only decision, announced');
    expect(await hasFocus(add)).toBe(true);
    expect(await form.getByRole('group', { name: /^Acuerdo \d$/ }).count()).toBe(0);
    await expectAccessible(page, 'the draft of the next correction, its decisions removed');
    // Nothing was sent: version 2 stands, and no draft was written.
    expect((await call('get', minutes, chair)).draft).toBeNull();
    await context.close();
  });
});
