import { DateTime } from 'luxon';
import { createAgency, createTechnicalGroup, createUser, expectProblem } from './support/fixtures';
import { calendarOfMail } from './support/itip';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Meetings move and are called off. Every member hears of it in their language and zone, and
 * the calendar entry of the invitation is replaced (next SEQUENCE) or removed (METHOD:CANCEL).
 */
describe('Meetings rescheduled and cancelled', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let group: { id: string };
  let mxChair: Awaited<ReturnType<typeof createUser>>; // Hermosillo, Spanish
  let usChair: Awaited<ReturnType<typeof createUser>>; // Phoenix, English
  let denver: Awaited<ReturnType<typeof createUser>>; // a member in Denver, English
  let outsider: Awaited<ReturnType<typeof createUser>>;

  // A year ahead in July: Denver keeps daylight time (UTC−6); Hermosillo and Phoenix never do.
  const year = DateTime.now().year + 1;
  const send = (method: 'post' | 'patch', path: string, token: string, body: object = {}) => {
    const agent = app.http();
    return agent[method](`/api/v1/technical-groups/${group.id}${path}`)
      .auth(token, { type: 'bearer' })
      .send(body);
  };
  const ofType = (type: string, meetingId: string) => (mails: ReceivedMail[]) =>
    mails.filter(
      (m) =>
        header(m.mail, 'X-Puentes-Notification-Type') === type &&
        (m.mail.text ?? '').includes(meetingId),
    );
  const schedule = async () => {
    const created = await send('post', '/meetings', mxChair.token, {
      kind: 'regional',
      title: { en: 'July regional meeting', es: 'Reunión regional de julio' },
      startsAt: `${year}-07-15T09:00`,
      timeZone: 'America/Hermosillo',
      place: 'Nogales, Sonora',
    });
    expect(created.status).toBe(201);
    return created.body as { id: string };
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ SMTP_URL: smtp.url });
    const son = await createAgency(app, { country: 'MX', timeZone: 'America/Hermosillo' });
    const adot = await createAgency(app, { country: 'US', timeZone: 'America/Phoenix' });
    const nmdot = await createAgency(app, { country: 'US', timeZone: 'America/Denver' });
    mxChair = await createUser(app, { roles: ['approver'], agencyId: son.id, locale: 'es' });
    usChair = await createUser(app, { roles: ['approver'], agencyId: adot.id, locale: 'en' });
    denver = await createUser(app, { roles: ['approver'], agencyId: nmdot.id, locale: 'en' });
    outsider = await createUser(app, { roles: ['approver'], agencyId: nmdot.id });
    group = await createTechnicalGroup(app, {
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
    });
    await send('post', '/members', usChair.token, {
      userId: denver.user.id,
      role: 'member',
    }).expect(201);
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('moves a meeting: every member gets the new time in their zone, and the calendar entry is replaced', async () => {
    const meeting = await schedule();
    const moved = await send('patch', `/meetings/${meeting.id}`, usChair.token, {
      startsAt: `${year}-07-22T10:00`,
      link: 'https://meet.example.gov/son-az',
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      localStart: `${year}-07-22T10:00`,
      timeZone: 'America/Hermosillo',
      startsAt: `${year}-07-22T17:00:00.000Z`,
      place: 'Nogales, Sonora',
      link: 'https://meet.example.gov/son-az',
      status: 'scheduled',
    });
    const mails = await smtp.waitFor(
      (all) => ofType('meeting_rescheduled', meeting.id)(all).length === 3,
    );
    const changed = ofType('meeting_rescheduled', meeting.id)(mails);
    const to = (person: typeof denver) => changed.find((m) => m.to === person.user.email)!;
    expect(to(denver).mail.subject).toContain('11:00 AM MDT');
    expect(to(usChair).mail.subject).toContain('10:00 AM Arizona time (MST)');
    expect(to(mxChair).mail.subject).toMatch(
      /^\[.*\] Cambio: Reunión regional de julio — ahora el/,
    );
    expect(to(mxChair).mail.text).toContain('Antes');
    for (const mail of changed) {
      // A valid iTIP update of the invitation: same UID, next SEQUENCE, the new time.
      expect(calendarOfMail(mail.mail)).toMatchObject({
        method: 'REQUEST',
        uid: `meeting-${meeting.id}@puentes`,
        sequence: 1,
        dtstart: new Date(`${year}-07-22T17:00:00Z`),
        attendees: [mail.to.toLowerCase()],
      });
    }
    const history = await app
      .http()
      .get(`/api/v1/technical-groups/${group.id}/events`)
      .auth(denver.token, { type: 'bearer' });
    expect(history.body.items.map((e: { type: string }) => e.type)).toContain(
      'meeting_rescheduled',
    );
  });

  it('a change of place and link keeps the time: the subject names what changed, not "now"', async () => {
    const meeting = await schedule();
    await send('patch', `/meetings/${meeting.id}`, usChair.token, {
      place: 'Nogales, Arizona',
      link: 'https://meet.example.gov/son-az',
    }).expect(200);
    const mails = await smtp.waitFor(
      (all) => ofType('meeting_rescheduled', meeting.id)(all).length === 3,
    );
    const changed = ofType('meeting_rescheduled', meeting.id)(mails);
    const to = (person: typeof denver) => changed.find((m) => m.to === person.user.email)!;
    expect(to(mxChair).mail.subject).toMatch(
      /^\[.*\] Cambio: Reunión regional de julio — sede y enlace de videollamada$/,
    );
    expect(to(denver).mail.subject).toMatch(
      /^\[.*\] Changed: July regional meeting — place and video link$/,
    );
    expect(to(mxChair).mail.text).toContain('Sede anterior: Nogales, Sonora');
    expect(to(mxChair).mail.text).toContain('Enlace anterior: (ninguno)');
    for (const mail of changed) {
      expect(mail.mail.subject).not.toMatch(/\b(now|ahora)\b/);
      expect(mail.mail.text).not.toMatch(/^(Was|Antes): /m);
    }
  });

  it('a change that changes nothing is no news: no update sent, no history, the calendar entry kept', async () => {
    const meeting = await schedule();
    for (const body of [
      {},
      { startsAt: `${year}-07-15T09:00`, place: 'Nogales, Sonora' },
      { title: { en: 'July regional meeting', es: 'Reunión regional de julio' } },
    ]) {
      const same = await send('patch', `/meetings/${meeting.id}`, mxChair.token, body);
      expect(same.status).toBe(200);
      expect(same.body).toMatchObject({ localStart: `${year}-07-15T09:00` });
    }
    // A real change after them is the entry's first revision.
    await send('patch', `/meetings/${meeting.id}`, mxChair.token, { durationMinutes: 120 }).expect(
      200,
    );
    const mails = await smtp.waitFor(
      (all) => ofType('meeting_rescheduled', meeting.id)(all).length === 3,
    );
    for (const mail of ofType('meeting_rescheduled', meeting.id)(mails)) {
      expect(calendarOfMail(mail.mail).sequence).toBe(1);
      // The time did not move: no "Was" beside it.
      expect(mail.mail.text).not.toMatch(/^(Was|Antes): /m);
    }
    const history = await app
      .http()
      .get(`/api/v1/technical-groups/${group.id}/events?limit=200`)
      .auth(mxChair.token, { type: 'bearer' });
    const changes = (history.body.items as { type: string; data: { meetingId?: string } }[]).filter(
      (e) => e.type === 'meeting_rescheduled' && e.data.meetingId === meeting.id,
    );
    expect(changes).toHaveLength(1);
  });

  it('calls a meeting off: members are told why, calendars drop it, and it takes no more changes', async () => {
    const meeting = await schedule();
    const cancelled = await send('post', `/meetings/${meeting.id}/cancel`, mxChair.token, {
      note: 'Se pospone hasta contar con el nuevo estudio',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      cancellationNote: 'Se pospone hasta contar con el nuevo estudio',
    });
    const mails = await smtp.waitFor(
      (all) => ofType('meeting_cancelled', meeting.id)(all).length === 3,
    );
    for (const mail of ofType('meeting_cancelled', meeting.id)(mails)) {
      // A CANCEL in the MIME type too (RFC 6047), not a PUBLISH around a CANCEL body.
      expect(calendarOfMail(mail.mail)).toMatchObject({
        method: 'CANCEL',
        uid: `meeting-${meeting.id}@puentes`,
        status: 'CANCELLED',
        sequence: 1,
        alarms: 0,
      });
      expect(mail.mail.subject).toMatch(/cancelled|cancelada/i);
      expect(mail.mail.text).toContain('Se pospone hasta contar con el nuevo estudio');
    }
    for (const [method, path, body] of [
      ['post', `/meetings/${meeting.id}/cancel`, {}],
      ['patch', `/meetings/${meeting.id}`, { durationMinutes: 60 }],
      ['post', `/meetings/${meeting.id}/agenda/items`, { title: { en: 'x', es: 'x' } }],
    ] as const) {
      expect(expectProblem(await send(method, path, usChair.token, body), 409).code).toBe(
        'MEETING.CANCELLED',
      );
    }
  });

  it('lets only co-chairs and admins move or cancel; outsiders do not see the meeting; bad times are 400', async () => {
    const meeting = await schedule();
    expectProblem(
      await send('patch', `/meetings/${meeting.id}`, denver.token, { durationMinutes: 60 }),
      403,
    );
    expectProblem(await send('post', `/meetings/${meeting.id}/cancel`, denver.token), 403);
    expectProblem(await send('post', `/meetings/${meeting.id}/cancel`, outsider.token), 404);
    const past = expectProblem(
      await send('patch', `/meetings/${meeting.id}`, mxChair.token, {
        startsAt: '2020-01-10T09:00',
      }),
      400,
    );
    expect(past.errors?.[0].field).toBe('startsAt');
    const neither = expectProblem(
      await send('patch', `/meetings/${meeting.id}`, mxChair.token, { place: null }),
      400,
    );
    expect(neither.errors?.map((e) => e.field).sort()).toEqual(['link', 'place']);
    // The refusals changed nothing.
    const [row] = await app.sql<{ sequence: number; place: string }>(
      'SELECT sequence, place FROM meetings WHERE id = $1',
      [meeting.id],
    );
    expect(row).toEqual({ sequence: 0, place: 'Nogales, Sonora' });
  });
});
