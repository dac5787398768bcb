import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DateTime } from 'luxon';
import { DEADLINES_QUEUE, timerJobId } from '@app/modules/deadlines/jobs/deadline.jobs';
import { DeadlineTimers } from '@app/modules/deadlines/deadline-timers.service';
import { formatInstant } from '@app/modules/notifications/templates/format-instant';
import { createAgency, createTechnicalGroup, createUser } from './support/fixtures';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';

const HOUR = 3_600_000;

/** A due date's day as a subject line gives the earlier one: `Fri, Feb 5` / `vie 5 feb`. */
function day(at: string, zone = 'America/Phoenix', locale: 'en' | 'es' = 'en'): string {
  const local = DateTime.fromISO(at).setZone(zone);
  if (locale === 'en') return local.setLocale('en-US').toFormat('ccc, LLL d');
  const es = local.setLocale('es-MX');
  return `${es.toFormat('ccc').replace(/\.$/, '')} ${es.day} ${es.toFormat('LLL').replace(/\.$/, '')}`;
}

interface Timer {
  id: string;
  kind: string;
  ordinal: number;
  round: number;
  status: string;
  fire_at: Date;
}

/**
 * Action items ride the deadline machinery of workflow steps: their reminders and their overdue
 * notice are `deadline_timers` rows, fired by the same processor and re-queued by the same
 * sweeper. The owner agency's people are reminded; the co-chairs hear when an item slips.
 */
describe('Action items: reminders before, the co-chairs told after', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let group: { id: string; code: string };
  let mxChair: Awaited<ReturnType<typeof createUser>>; // Hermosillo, Spanish
  let usChair: Awaited<ReturnType<typeof createUser>>; // Phoenix, English, of the owner agency
  let member: Awaited<ReturnType<typeof createUser>>; // Phoenix, of the owner agency
  let other: Awaited<ReturnType<typeof createUser>>; // a member of another agency
  let meetingId: string;

  const api = (method: 'post' | 'patch', path: string, token: string, body: object) => {
    const agent = app.http();
    return agent[method](`/api/v1/technical-groups/${group.id}${path}`)
      .auth(token, { type: 'bearer' })
      .send(body);
  };
  const timersOf = (itemId: string) =>
    app.sql<Timer>(
      `SELECT id, kind, ordinal, round, status, fire_at FROM deadline_timers
        WHERE action_item_id = $1 ORDER BY round, fire_at`,
      [itemId],
    );
  interface Item {
    id: string;
    dueAt: string;
    title: { en: string; es: string };
  }
  // Each item's title is its own: a notice shows no id, so its mails are told apart by title.
  const mailsOf = (type: string, item: Item) => (mails: ReceivedMail[]) =>
    mails.filter(
      (m) =>
        header(m.mail, 'X-Puentes-Notification-Type') === type &&
        [`“${item.title.en}”`, `«${item.title.es}»`].some((title) =>
          (m.mail.text ?? '').includes(title),
        ),
    );
  const recipients = (mails: ReceivedMail[]) => mails.map((m) => m.to).sort();
  let items = 0;
  const createItem = async (
    due: { dueDate: string } | { dueIn: { businessDays: number; calendar: string } },
    { meeting = meetingId, owner = 'ADOT' } = {},
  ) => {
    items += 1;
    const response = await api('post', `/meetings/${meeting}/action-items`, mxChair.token, {
      title: {
        en: `Share the traffic study ${items}`,
        es: `Compartir el estudio de tránsito ${items}`,
      },
      ownerAgencyCode: owner,
      ...due,
    });
    expect(response.status).toBe(201);
    return response.body as Item;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ SMTP_URL: smtp.url });
    const son = await createAgency(app, {
      code: 'SON-SICT',
      country: 'MX',
      timeZone: 'America/Hermosillo',
    });
    const adot = await createAgency(app, {
      code: 'ADOT',
      country: 'US',
      timeZone: 'America/Phoenix',
    });
    const nmdot = await createAgency(app, {
      code: 'NMDOT',
      country: 'US',
      timeZone: 'America/Denver',
    });
    mxChair = await createUser(app, { roles: ['approver'], agencyId: son.id });
    usChair = await createUser(app, { roles: ['approver'], agencyId: adot.id });
    member = await createUser(app, { roles: ['viewer'], agencyId: adot.id });
    other = await createUser(app, { roles: ['approver'], agencyId: nmdot.id });
    group = await createTechnicalGroup(app, {
      code: 'GT-ITEMS',
      name: { en: 'Sonora–Arizona Group', es: 'Grupo Sonora–Arizona' },
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
    });
    for (const person of [member, other]) {
      const added = await api('post', '/members', mxChair.token, {
        userId: person.user.id,
        role: 'member',
      });
      expect(added.status).toBe(201);
    }
    const startsAt = DateTime.now()
      .setZone('America/Hermosillo')
      .plus({ days: 7 })
      .startOf('hour')
      .toFormat("yyyy-MM-dd'T'HH:mm");
    const meeting = await api('post', '/meetings', mxChair.token, {
      kind: 'regional',
      title: { en: 'Regional meeting', es: 'Reunión regional' },
      startsAt,
      timeZone: 'America/Hermosillo',
      place: 'Nogales',
    });
    expect(meeting.status).toBe(201);
    meetingId = meeting.body.id;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  /** A plain due date 20 days ahead in Phoenix: every reminder is still to come. */
  const dueDate = (days = 20) =>
    DateTime.now().setZone('America/Phoenix').plus({ days }).toISODate()!;

  it('schedules two reminders and an overdue notice, and tells the owner agency’s people', async () => {
    const item = await createItem({ dueDate: dueDate() });
    const timers = await timersOf(item.id);
    const dueAt = new Date(item.dueAt).getTime();
    // Phoenix keeps no DST: a day before is exactly 24 hours before.
    expect(timers.map((t) => [t.kind, t.round, t.status, t.fire_at.getTime() - dueAt])).toEqual([
      ['reminder', 0, 'pending', -72 * HOUR],
      ['reminder', 0, 'pending', -24 * HOUR],
      ['escalation', 0, 'pending', 0],
    ]);
    const assigned = await smtp.waitFor(
      (mails) => mailsOf('action_item_assigned', item)(mails).length === 2,
    );
    expect(recipients(mailsOf('action_item_assigned', item)(assigned))).toEqual(
      [member.user.email, usChair.user.email].sort(),
    );
  });

  it('reminds the owner when a reminder falls due, through the processor and the sweeper', async () => {
    const item = await createItem({ dueDate: dueDate() });
    const [first] = await timersOf(item.id);
    // Time passes: the first reminder is due now, and its delayed job is lost (a flushed
    // Redis), so the sweeper is what finds it and the processor that fires it.
    await app.sql('UPDATE deadline_timers SET fire_at = now() WHERE id = $1', [first.id]);
    const queue = app.running.app.get<Queue>(getQueueToken(DEADLINES_QUEUE), { strict: false });
    await (await queue.getJob(timerJobId(first.id)))!.remove();
    await smtp.waitFor((mails) => mailsOf('action_item_reminder', item)(mails).length === 2);
    const reminders = mailsOf('action_item_reminder', item)(smtp.received);
    expect(recipients(reminders)).toEqual([member.user.email, usChair.user.email].sort());
    expect(reminders.find((m) => m.to === usChair.user.email)!.mail.subject).toMatch(
      /^\[GT-ITEMS\] Reminder: ADOT owes “Share the traffic study \d+” by .* Arizona time \(MST\)$/,
    );
    expect((await timersOf(item.id)).map((t) => t.status)).toEqual(['fired', 'pending', 'pending']);
    const [event] = await app.sql<{ data: { actionItemId: string } }>(
      `SELECT data FROM technical_group_events WHERE type = 'action_item_reminder_sent'
        AND data ->> 'actionItemId' = $1`,
      [item.id],
    );
    expect(event).toBeDefined();
  }, 20_000);

  it('tells both co-chairs, each in their language, when an item is still open at its due time', async () => {
    const item = await createItem({ dueDate: dueDate() });
    const timers = await timersOf(item.id);
    const overdue = timers.find((t) => t.kind === 'escalation')!;
    const deadlines = app.running.app.get(DeadlineTimers, { strict: false });
    const later = new Date(new Date(item.dueAt).getTime() + HOUR);
    expect((await deadlines.fire(overdue.id, new Date())).outcome).toBe('early');
    const [once, twice] = await Promise.all([
      deadlines.fire(overdue.id, later),
      deadlines.fire(overdue.id, later),
    ]);
    expect([once.outcome, twice.outcome].sort()).toEqual(['fired', 'skipped']);
    await smtp.waitFor((mails) => mailsOf('action_item_overdue', item)(mails).length === 3);
    const mails = mailsOf('action_item_overdue', item)(smtp.received);
    expect(recipients(mails)).toEqual(
      [member.user.email, usChair.user.email, mxChair.user.email].sort(),
    );
    expect(mails.find((m) => m.to === mxChair.user.email)!.mail.subject).toMatch(
      /^\[GT-ITEMS\] Vencido: ADOT no ha cumplido «Compartir el estudio de tránsito \d+»/,
    );
    expect(mails.some((m) => m.to === other.user.email)).toBe(false);
  }, 20_000);

  it('a done item is not chased: its pending timers are cancelled, and a reopened one is scheduled anew', async () => {
    const item = await createItem({ dueDate: dueDate() });
    const done = await api('patch', `/action-items/${item.id}`, member.token, { status: 'done' });
    expect(done.status).toBe(200);
    expect((await timersOf(item.id)).map((t) => t.status)).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
    ]);
    const reopened = await api('patch', `/action-items/${item.id}`, usChair.token, {
      status: 'open',
    });
    expect(reopened.status).toBe(200);
    const timers = await timersOf(item.id);
    expect(timers.filter((t) => t.round === 1).map((t) => [t.kind, t.status])).toEqual([
      ['reminder', 'pending'],
      ['reminder', 'pending'],
      ['escalation', 'pending'],
    ]);
  });

  it('a rescheduled item replaces its timers and tells the owner the new date and the earlier one', async () => {
    const item = await createItem({ dueDate: dueDate() });
    const moved = await api('patch', `/action-items/${item.id}`, mxChair.token, {
      dueDate: dueDate(30),
    });
    expect(moved.status).toBe(200);
    const timers = await timersOf(item.id);
    expect(timers.filter((t) => t.round === 0).every((t) => t.status === 'cancelled')).toBe(true);
    const fresh = timers.filter((t) => t.round === 1);
    expect(fresh).toHaveLength(3);
    expect(fresh[2].fire_at.toISOString()).toBe(moved.body.dueAt);
    const changed = await smtp.waitFor(
      (mails) => mailsOf('action_item_due_changed', item)(mails).length === 2,
    );
    const told = mailsOf('action_item_due_changed', item)(changed);
    expect(recipients(told)).toEqual([member.user.email, usChair.user.email].sort());
    const mail = told.find((m) => m.to === usChair.user.email)!.mail;
    expect(mail.subject).toBe(
      `[GT-ITEMS] An action item’s due date changed: ADOT’s “${item.title.en}” is now due ${formatInstant(new Date(moved.body.dueAt), 'America/Phoenix', 'en').short} (was ${day(item.dueAt)})`,
    );
    expect(mail.text).toContain(
      `Previous due date: ${formatInstant(new Date(item.dueAt), 'America/Phoenix', 'en').long}`,
    );
    // A co-chair's edit is no meeting's move: no reason is made up.
    expect(mail.text).not.toContain('because the meeting');
    expect(mailsOf('action_item_assigned', item)(smtp.received)).toHaveLength(2);
  });

  it('a moved meeting tells each owner agency once that its item’s due date moved, from when to when, in their language', async () => {
    const startsAt = (days: number) =>
      DateTime.now()
        .setZone('America/Hermosillo')
        .plus({ days })
        .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    const meeting = await api('post', '/meetings', mxChair.token, {
      kind: 'regional',
      title: { en: 'Works meeting', es: 'Reunión de obras' },
      startsAt: startsAt(8).toFormat("yyyy-MM-dd'T'HH:mm"),
      timeZone: 'America/Hermosillo',
      place: 'Nogales',
    });
    expect(meeting.status).toBe(201);
    const adotItem = await createItem(
      { dueIn: { businessDays: 5, calendar: 'US' } },
      { meeting: meeting.body.id },
    );
    const sonItem = await createItem(
      { dueIn: { businessDays: 5, calendar: 'MX' } },
      { meeting: meeting.body.id, owner: 'SON-SICT' },
    );
    const fixed = await createItem({ dueDate: dueDate(40) }, { meeting: meeting.body.id });
    const move = async (days: number) => {
      const moved = await api('patch', `/meetings/${meeting.body.id}`, usChair.token, {
        startsAt: startsAt(days).toFormat("yyyy-MM-dd'T'HH:mm"),
      });
      expect(moved.status).toBe(200);
      return new Date(moved.body.startsAt as string);
    };
    const dueNow = async (item: Item) =>
      (
        await app
          .http()
          .get(`/api/v1/technical-groups/${group.id}/action-items/${item.id}`)
          .auth(usChair.token, { type: 'bearer' })
      ).body.dueAt as string;

    const movedTo = await move(15);
    const adotDue = await dueNow(adotItem);
    const sonDue = await dueNow(sonItem);
    expect(Date.parse(adotDue)).toBeGreaterThan(Date.parse(adotItem.dueAt));
    await smtp.waitFor(
      (mails) =>
        mailsOf('action_item_due_changed', adotItem)(mails).length === 2 &&
        mailsOf('action_item_due_changed', sonItem)(mails).length === 1,
    );
    // ADOT's co-chair, in English and Phoenix time: the new date, the earlier one, and why.
    const [english] = mailsOf(
      'action_item_due_changed',
      adotItem,
    )(smtp.received).filter((m) => m.to === usChair.user.email);
    const phoenix = (at: string | Date) => formatInstant(new Date(at), 'America/Phoenix', 'en');
    expect(english.mail.subject).toBe(
      `[GT-ITEMS] An action item’s due date changed: ADOT’s “${adotItem.title.en}” is now due ${phoenix(adotDue).short} (was ${day(adotItem.dueAt)})`,
    );
    expect(english.mail.text).toContain(
      `changed because the meeting “Works meeting” moved to ${phoenix(movedTo).long}: it is now due ${phoenix(adotDue).long}; it was due ${phoenix(adotItem.dueAt).long}.`,
    );
    // SON-SICT's co-chair, in Spanish and Hermosillo time.
    const hermosillo = (at: string | Date) =>
      formatInstant(new Date(at), 'America/Hermosillo', 'es');
    const [spanish] = mailsOf('action_item_due_changed', sonItem)(smtp.received);
    expect(spanish.to).toBe(mxChair.user.email);
    expect(spanish.mail.subject).toBe(
      `[GT-ITEMS] Cambió la fecha límite de un compromiso de SON-SICT: «${sonItem.title.es}» — ahora vence el ${hermosillo(sonDue).short}; antes, el ${day(sonItem.dueAt, 'America/Hermosillo', 'es')}`,
    );
    expect(spanish.mail.text).toContain(
      `porque la reunión «Reunión de obras» se movió al ${hermosillo(movedTo).long}`,
    );
    expect(spanish.mail.text).toContain(`Fecha límite anterior: ${hermosillo(sonItem.dueAt).long}`);
    for (const mail of [english, spanish])
      expect(mail.mail.text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    // Not an assignment again, and nothing for the item due on a date of its own.
    expect(mailsOf('action_item_assigned', adotItem)(smtp.received)).toHaveLength(2);
    const [{ count }] = await app.sql<{ count: string }>(
      `SELECT count(*) FROM notifications WHERE action_item_id = $1 AND type <> 'action_item_assigned'`,
      [fixed.id],
    );
    expect(count).toBe('0');

    // A second move is news again.
    await move(8);
    await smtp.waitFor((mails) => mailsOf('action_item_due_changed', adotItem)(mails).length === 4);
    const [{ count: told }] = await app.sql<{ count: string }>(
      `SELECT count(*) FROM notifications
        WHERE action_item_id = $1 AND type = 'action_item_due_changed' AND user_id = $2`,
      [adotItem.id, usChair.user.id],
    );
    expect(told).toBe('2');
  }, 30_000);

  it('an item closed behind the timer’s back is skipped when its timer fires, not reminded', async () => {
    const item = await createItem({ dueDate: dueDate() });
    const [first] = await timersOf(item.id);
    await app.sql(`UPDATE action_items SET status = 'cancelled' WHERE id = $1`, [item.id]);
    const deadlines = app.running.app.get(DeadlineTimers, { strict: false });
    const fired = await deadlines.fire(first.id, new Date(new Date(item.dueAt).getTime()));
    expect(fired).toMatchObject({ outcome: 'skipped', reason: 'the action item is cancelled' });
    expect((await timersOf(item.id))[0].status).toBe('cancelled');
  });
});
