import { DateTime } from 'luxon';
import { actionItemDue } from '@app/modules/group-meetings/action-item-due';
import { calendarOfMail } from './support/itip';
import { createAgency, createTechnicalGroup, createUser, expectProblem } from './support/fixtures';
import { header, type ReceivedMail, startSmtpServer } from './support/smtp';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Meetings behave like meetings: action items due in working days after a meeting follow it
 * when it moves (their reminders too); a meeting whose minutes are published stays where it
 * was; someone who joins the group is invited to the meetings already planned.
 */
describe('Meeting rules', () => {
  let app: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let group: { id: string };
  let mxChair: Awaited<ReturnType<typeof createUser>>;
  let usChair: Awaited<ReturnType<typeof createUser>>;
  let adotMember: Awaited<ReturnType<typeof createUser>>;

  // A Tuesday three weeks ahead at 09:00 in Phoenix (no daylight time, no US holiday near).
  const tuesday = (weeks: number) =>
    DateTime.now()
      .setZone('America/Phoenix')
      .plus({ weeks })
      .set({ weekday: 2, hour: 9, minute: 0, second: 0, millisecond: 0 });
  const local = (at: DateTime) => at.toFormat("yyyy-MM-dd'T'HH:mm");
  const send = (method: 'post' | 'patch', path: string, token: string, body: object = {}) => {
    const agent = app.http();
    return agent[method](`/api/v1/technical-groups/${group.id}${path}`)
      .auth(token, { type: 'bearer' })
      .send(body);
  };
  const schedule = async (at: DateTime) => {
    const created = await send('post', '/meetings', usChair.token, {
      kind: 'regional',
      startsAt: local(at),
      timeZone: 'America/Phoenix',
      place: 'Nogales, Arizona',
    });
    expect(created.status).toBe(201);
    // The answer is what was written: a later read shows the same meeting and agenda.
    expect(created.body).toEqual(await read(`/meetings/${created.body.id}`));
    return created.body as { id: string };
  };
  const read = async (path: string) =>
    (
      await app
        .http()
        .get(`/api/v1/technical-groups/${group.id}${path}`)
        .auth(usChair.token, { type: 'bearer' })
        .expect(200)
    ).body as unknown;
  const ofType = (type: string, text: string) => (mails: ReceivedMail[]) =>
    mails.filter(
      (m) =>
        header(m.mail, 'X-Puentes-Notification-Type') === type &&
        (m.mail.text ?? '').includes(text),
    );

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ SMTP_URL: smtp.url });
    const son = await createAgency(app, {
      code: 'SON',
      country: 'MX',
      timeZone: 'America/Hermosillo',
    });
    const adot = await createAgency(app, {
      code: 'ADOT',
      country: 'US',
      timeZone: 'America/Phoenix',
    });
    mxChair = await createUser(app, { roles: ['approver'], agencyId: son.id, locale: 'es' });
    usChair = await createUser(app, { roles: ['approver'], agencyId: adot.id, locale: 'en' });
    adotMember = await createUser(app, { roles: ['viewer'], agencyId: adot.id, locale: 'en' });
    group = await createTechnicalGroup(app, {
      coChairs: { mx: mxChair.user.id, us: usChair.user.id },
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await smtp?.close();
  });

  it('moves the action items due in working days with their meeting, reminders and all; plain dates stay', async () => {
    const meeting = await schedule(tuesday(3));
    const item = async (due: object) => {
      const created = await send('post', `/meetings/${meeting.id}/action-items`, usChair.token, {
        title: { en: 'Share the traffic study', es: 'Compartir el estudio' },
        ownerAgencyCode: 'ADOT',
        ...due,
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(await read(`/action-items/${created.body.id}`));
      return created.body as { id: string; dueDate: string; dueAt: string };
    };
    const relative = await item({ dueIn: { businessDays: 3, calendar: 'US' } });
    const fixedDate = tuesday(5).toISODate()!;
    const fixed = await item({ dueDate: fixedDate });
    // Three US working days after the meeting's date, at 18:00 in Phoenix (ADOT's days off: none).
    const dueAfter = (meeting: DateTime) =>
      actionItemDue(
        { dueIn: { businessDays: 3, calendar: 'US' } },
        meeting.toJSDate(),
        'America/Phoenix',
        [],
      );
    expect(relative.dueAt).toBe(dueAfter(tuesday(3)).dueAt.toISOString());
    const pendingTimers = (itemId: string) =>
      app.sql<{ fire_at: Date }>(
        `SELECT fire_at FROM deadline_timers WHERE action_item_id = $1 AND status = 'pending'
          ORDER BY fire_at`,
        [itemId],
      );
    const before = await pendingTimers(relative.id);

    const moved = await send('patch', `/meetings/${meeting.id}`, usChair.token, {
      startsAt: local(tuesday(4)),
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual(await read(`/meetings/${meeting.id}`));
    const items = (
      await app
        .http()
        .get(`/api/v1/technical-groups/${group.id}/action-items?meetingId=${meeting.id}`)
        .auth(usChair.token, { type: 'bearer' })
    ).body.items as { id: string; dueDate: string; dueAt: string; updatedAt: string }[];
    const now = (id: string) => items.find((i) => i.id === id)!;
    const due = dueAfter(tuesday(4));
    expect(now(relative.id)).toMatchObject({
      dueDate: due.dueDate,
      dueAt: due.dueAt.toISOString(),
    });
    expect(due.dueAt.getTime()).toBeGreaterThan(Date.parse(relative.dueAt));
    expect(now(fixed.id)).toMatchObject({ dueDate: fixedDate, dueAt: fixed.dueAt });
    // Its reminders and overdue notice follow: counted from the new due time now.
    const after = await pendingTimers(relative.id);
    expect(before.at(-1)!.fire_at.getTime()).toBe(Date.parse(relative.dueAt));
    expect(after).toHaveLength(before.length);
    expect(after.at(-1)!.fire_at.getTime()).toBe(due.dueAt.getTime());
    expect(after[0].fire_at.getTime()).toBeGreaterThan(before[0].fire_at.getTime());
    // The owner hears of the new date, and of the earlier one; the item due on its own date
    // has no news.
    const told = await app.sql<{ action_item_id: string }>(
      `SELECT action_item_id FROM notifications WHERE type = 'action_item_due_changed'
          AND action_item_id = ANY($1::uuid[])`,
      [[relative.id, fixed.id]],
    );
    expect(told.length).toBeGreaterThan(0);
    expect(told.every((n) => n.action_item_id === relative.id)).toBe(true);
    await smtp.waitFor((all) => ofType('action_item_due_changed', '')(all).length >= told.length);
    // A change answers with the item as written, its updatedAt the stored one.
    const closed = await app
      .http()
      .patch(`/api/v1/technical-groups/${group.id}/action-items/${fixed.id}`)
      .auth(usChair.token, { type: 'bearer' })
      .send({ status: 'done' });
    expect(closed.status).toBe(200);
    expect(closed.body).toEqual(await read(`/action-items/${fixed.id}`));
    expect(Date.parse(closed.body.updatedAt)).toBeGreaterThan(Date.parse(now(fixed.id).updatedAt));
  });

  it('keeps a meeting whose minutes are published where it was (409), and publishes none before it begins', async () => {
    const meeting = await schedule(tuesday(3));
    const draft = await app
      .http()
      .put(`/api/v1/technical-groups/${group.id}/meetings/${meeting.id}/minutes`)
      .auth(usChair.token, { type: 'bearer' })
      .send({ decisions: [{ en: 'Agreed', es: 'Acordado' }], presentAgencyCodes: ['ADOT', 'SON'] });
    expect(draft.status).toBe(200);
    const early = expectProblem(
      await send('post', `/meetings/${meeting.id}/minutes/publish`, usChair.token),
      409,
    );
    expect(early.code).toBe('MINUTES.MEETING_NOT_BEGUN');
    // The meeting begins (its start brought to a minute ago: the service reads the real clock).
    await app.sql(`UPDATE meetings SET starts_at = now() - interval '1 minute' WHERE id = $1`, [
      meeting.id,
    ]);
    await send('post', `/meetings/${meeting.id}/minutes/publish`, usChair.token).expect(200);
    for (const [method, path, body] of [
      ['patch', `/meetings/${meeting.id}`, { startsAt: local(tuesday(6)) }],
      ['post', `/meetings/${meeting.id}/cancel`, {}],
    ] as const) {
      expect(expectProblem(await send(method, path, usChair.token, body), 409).code).toBe(
        'MEETING.MINUTES_PUBLISHED',
      );
    }
  });

  it('freezes the agenda once the meeting has begun: no refresh, no new item, no reorder, no removal (409)', async () => {
    const meeting = await schedule(tuesday(3));
    const path = `/meetings/${meeting.id}/agenda`;
    // Before it begins the agenda is the co-chairs' to shape.
    const added = await send('post', `${path}/items`, usChair.token, {
      title: { en: 'Port staffing', es: 'Personal del puerto' },
    });
    expect(added.status).toBe(201);
    // The meeting begins and its minutes are published, as the tester did (08:39, then 08:40).
    await app.sql(`UPDATE meetings SET starts_at = now() - interval '1 minute' WHERE id = $1`, [
      meeting.id,
    ]);
    await app
      .http()
      .put(`/api/v1/technical-groups/${group.id}/meetings/${meeting.id}/minutes`)
      .auth(usChair.token, { type: 'bearer' })
      .send({ decisions: [{ en: 'Agreed', es: 'Acordado' }], presentAgencyCodes: ['ADOT'] })
      .expect(200);
    await send('post', `/meetings/${meeting.id}/minutes/publish`, usChair.token).expect(200);
    const before = await read(`/meetings/${meeting.id}`);
    const itemIds = (added.body.agenda as { id: string }[]).map((item) => item.id);
    const attempts = [
      ['post', `${path}/regenerate`, {}],
      ['post', `${path}/items`, { title: { en: 'General business', es: 'Asuntos generales' } }],
      ['put', `${path}/order`, { itemIds: [...itemIds].reverse() }],
      ['delete', `${path}/items/${itemIds[0]}`, undefined],
    ] as const;
    for (const [method, route, body] of attempts) {
      const agent = app.http();
      const response = await agent[method](`/api/v1/technical-groups/${group.id}${route}`)
        .auth(usChair.token, { type: 'bearer' })
        .send(body);
      const problem = expectProblem(response, 409);
      expect([route, problem.code]).toEqual([route, 'MEETING.AGENDA_FROZEN']);
      expect(problem.detail).toMatch(/agenda can no longer change once the meeting has begun/);
    }
    // The agenda stays as the members received it.
    expect(await read(`/meetings/${meeting.id}`)).toEqual(before);
  });

  it('lists the meetings not over yet soonest first, and those over most recent first', async () => {
    const later = await schedule(tuesday(5));
    const sooner = await schedule(tuesday(4));
    const calledOff = await schedule(tuesday(6));
    await send('post', `/meetings/${calledOff.id}/cancel`, usChair.token).expect(200);
    const [underWay, lastWeek, lastMonth] = [
      await schedule(tuesday(3)),
      await schedule(tuesday(3)),
      await schedule(tuesday(3)),
    ];
    // Time passes: one began ten minutes ago (90 minutes long), two are over.
    for (const [meeting, ago] of [
      [underWay, '10 minutes'],
      [lastWeek, '7 days'],
      [lastMonth, '30 days'],
    ] as const) {
      await app.sql(`UPDATE meetings SET starts_at = now() - $2::interval WHERE id = $1`, [
        meeting.id,
        ago,
      ]);
    }
    type Listed = { id: string; startsAt: string; status: string };
    const list = async (query: string) =>
      (await read(`/meetings?${query}&limit=200`)) as { items: Listed[]; total: number };
    const upcoming = await list('when=upcoming');
    const past = await list('when=past');
    const all = await list('');
    const ids = (items: Listed[]) => items.map((m) => m.id);
    const starts = (items: Listed[]) => items.map((m) => Date.parse(m.startsAt));
    expect(ids(upcoming.items)).toEqual(
      expect.arrayContaining([underWay.id, sooner.id, later.id, calledOff.id]),
    );
    expect(ids(upcoming.items)).not.toEqual(expect.arrayContaining([lastWeek.id]));
    expect(starts(upcoming.items)).toEqual([...starts(upcoming.items)].sort((a, b) => a - b));
    const order = ids(upcoming.items);
    expect(order.indexOf(underWay.id)).toBeLessThan(order.indexOf(sooner.id));
    expect(order.indexOf(sooner.id)).toBeLessThan(order.indexOf(later.id));
    expect(upcoming.items.find((m) => m.id === calledOff.id)!.status).toBe('cancelled');
    expect(ids(past.items).slice(0, 2)).toEqual([lastWeek.id, lastMonth.id]);
    expect(starts(past.items)).toEqual([...starts(past.items)].sort((a, b) => b - a));
    // The two halves make the whole, which stays latest first.
    expect(upcoming.total + past.total).toBe(all.total);
    expect(starts(all.items)).toEqual([...starts(all.items)].sort((a, b) => b - a));
    const refused = expectProblem(
      await app
        .http()
        .get(`/api/v1/technical-groups/${group.id}/meetings?when=soon`)
        .auth(usChair.token, { type: 'bearer' }),
      400,
    );
    expect(refused.errors).toEqual([
      { field: 'when', message: expect.stringMatching(/^when must be one of/) },
    ]);
  });

  it('invites someone who joins the group to the meetings already planned, as they stand now', async () => {
    const planned = await schedule(tuesday(3));
    await send('patch', `/meetings/${planned.id}`, usChair.token, { durationMinutes: 60 }).expect(
      200,
    );
    const called = await schedule(tuesday(4));
    await send('post', `/meetings/${called.id}/cancel`, usChair.token).expect(200);

    await send('post', '/members', usChair.token, {
      userId: adotMember.user.id,
      role: 'member',
    }).expect(201);
    const mails = await smtp.waitFor((all) =>
      ofType('meeting_invitation', planned.id)(all).some((m) => m.to === adotMember.user.email),
    );
    const invitation = ofType(
      'meeting_invitation',
      planned.id,
    )(mails).find((m) => m.to === adotMember.user.email)!;
    expect(calendarOfMail(invitation.mail)).toMatchObject({
      method: 'REQUEST',
      uid: `meeting-${planned.id}@puentes`,
      sequence: 1,
      attendees: [adotMember.user.email.toLowerCase()],
    });
    // Nothing for the meeting called off, and the co-chairs are not invited again.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(
      smtp.received.filter(
        (m) => m.to === adotMember.user.email && (m.mail.text ?? '').includes(called.id),
      ),
    ).toHaveLength(0);
    expect(
      ofType(
        'meeting_invitation',
        planned.id,
      )(smtp.received).filter((m) => m.to === usChair.user.email),
    ).toHaveLength(1);
  });

  it('invites a new co-chair to the meetings ahead, as anyone who joins', async () => {
    const planned = await schedule(tuesday(3));
    const son = (await app.sql<{ id: string }>(`SELECT id FROM agencies WHERE code = 'SON'`))[0];
    const newChair = await createUser(app, { roles: ['approver'], agencyId: son.id, locale: 'es' });
    await app
      .http()
      .patch(`/api/v1/technical-groups/${group.id}`)
      .auth(await app.adminToken(), { type: 'bearer' })
      .send({ coChairs: { mx: newChair.user.id } })
      .expect(200);
    const mails = await smtp.waitFor((all) =>
      ofType('meeting_invitation', planned.id)(all).some((m) => m.to === newChair.user.email),
    );
    const invitation = ofType(
      'meeting_invitation',
      planned.id,
    )(mails).find((m) => m.to === newChair.user.email)!;
    expect(calendarOfMail(invitation.mail)).toMatchObject({
      method: 'REQUEST',
      uid: `meeting-${planned.id}@puentes`,
    });
  });
});
