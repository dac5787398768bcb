import { checkItip } from '@test/support/itip';
import { buildCalendarInvite, type CalendarInviteInput, calendarMethodOf } from './calendar-invite';

const BASE: CalendarInviteInput = {
  uid: '7d3c4a1e-5b2f-4c8e-9a10-2f6b8c1d0e11-1@puentes',
  title: 'Fecha límite: Revisión operativa de CBP',
  description: 'OTAY-MESA-EAST',
  start: new Date('2026-12-05T01:00:00Z'),
  stamp: new Date('2026-11-30T18:04:05.678Z'),
  organizer: { name: 'Puentes', email: 'no-reply@puentes.example' },
  attendee: { name: 'Ana Ruiz', email: 'ana@sct.example.mx' },
};

/** Physical lines, without the final CRLF. */
const physicalLines = (ics: string): string[] => ics.slice(0, -2).split('\r\n');
/** Logical lines: folding undone (RFC 5545 §3.1). */
const logicalLines = (ics: string): string[] => physicalLines(ics.replace(/\r\n /g, ''));
const property = (ics: string, name: string): string | undefined =>
  logicalLines(ics).find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`));

describe('buildCalendarInvite', () => {
  it('makes a valid iTIP REQUEST: organizer, the recipient as attendee, stamped when made, an alarm', () => {
    const ics = buildCalendarInvite(BASE);
    const message = checkItip(ics, {
      contentType: `text/calendar; charset=utf-8; method=${calendarMethodOf(ics)}`,
    });
    expect(message).toEqual({
      method: 'REQUEST',
      uid: BASE.uid,
      sequence: 0,
      dtstamp: new Date('2026-11-30T18:04:05Z'),
      dtstart: BASE.start,
      status: 'CONFIRMED',
      organizer: 'no-reply@puentes.example',
      attendees: ['ana@sct.example.mx'],
      alarms: 1,
      description: BASE.description,
      url: null,
    });
    expect(property(ics, 'DTEND')).toBe('DTEND:20261205T013000Z');
    expect(property(ics, 'ORGANIZER')).toBe(
      'ORGANIZER;CN="Puentes":mailto:no-reply@puentes.example',
    );
    // A deadline asks for no answer.
    expect(property(ics, 'ATTENDEE')).toContain('RSVP=FALSE');
  });

  it('stamps the message with the clock, not the event: a later message of the same event is newer', () => {
    const first = checkItip(buildCalendarInvite(BASE));
    const later = checkItip(
      buildCalendarInvite({ ...BASE, stamp: new Date('2026-12-02T09:00:00Z'), sequence: 1 }),
    );
    expect(first.dtstamp).not.toEqual(first.dtstart);
    expect(later.dtstamp.getTime()).toBeGreaterThan(first.dtstamp.getTime());
    expect([later.uid, later.sequence]).toEqual([first.uid, 1]);
  });

  it('calls an event off with a valid iTIP CANCEL: same UID, its sequence, STATUS:CANCELLED, no alarm', () => {
    const ics = buildCalendarInvite({ ...BASE, sequence: 2, cancelled: true });
    expect(calendarMethodOf(ics)).toBe('CANCEL');
    expect(
      checkItip(ics, { contentType: 'text/calendar; charset=utf-8; method=CANCEL' }),
    ).toMatchObject({
      method: 'CANCEL',
      uid: BASE.uid,
      sequence: 2,
      status: 'CANCELLED',
      attendees: ['ana@sct.example.mx'],
      alarms: 0,
    });
  });

  it('the checker catches what was wrong before: PUBLISH around CANCEL, no organizer', () => {
    const cancel = buildCalendarInvite({ ...BASE, cancelled: true });
    expect(() => checkItip(cancel, { contentType: 'text/calendar; method=PUBLISH' })).toThrow(
      /RFC 6047/,
    );
    const withoutOrganizer = cancel.replace(/ORGANIZER[^\r]*\r\n/, '');
    expect(() => checkItip(withoutOrganizer)).toThrow(/ORGANIZER must appear 1/);
  });

  it('writes times in UTC and honours the duration', () => {
    const ics = buildCalendarInvite({
      ...BASE,
      start: new Date('2026-07-16T00:00:00.999Z'),
      durationMinutes: 90,
    });
    expect(property(ics, 'DTSTART')).toBe('DTSTART:20260716T000000Z');
    expect(property(ics, 'DTEND')).toBe('DTEND:20260716T013000Z');
  });

  it('escapes semicolons, commas, backslashes and newlines in text; drops other controls', () => {
    const ics = buildCalendarInvite({
      ...BASE,
      title: 'SRE; CBP, GSA\u0007',
      description: 'Ruta C:\\anexos\nSegunda línea\r\nTercera\u0000',
    });
    checkItip(ics);
    expect(property(ics, 'SUMMARY')).toBe('SUMMARY:SRE\\; CBP\\, GSA');
    expect(property(ics, 'DESCRIPTION')).toBe(
      'DESCRIPTION:Ruta C:\\\\anexos\\nSegunda línea\\nTercera',
    );
  });

  it('folds long lines at 75 octets without splitting é, ñ or an emoji', () => {
    const description = `${'é'.repeat(40)} ${'ñ'.repeat(50)} 🌉 ${'Revisión aduanera, '.repeat(8)}`;
    const ics = buildCalendarInvite({ ...BASE, title: 'é'.repeat(40), description });
    checkItip(ics);
    const bytes = Buffer.from(ics, 'utf8');
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let start = 0;
    let continuations = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] !== 0x0d || bytes[i + 1] !== 0x0a) continue;
      const line = bytes.subarray(start, i);
      expect(line.length).toBeLessThanOrEqual(75);
      // A fatal decoder throws on half a character.
      expect(() => decoder.decode(line)).not.toThrow();
      if (line[0] === 0x20) continuations++;
      start = i + 2;
    }
    expect(continuations).toBeGreaterThan(3);
    expect(property(ics, 'SUMMARY')).toBe(`SUMMARY:${'é'.repeat(40)}`);
  });

  it('keeps names and links from injecting lines or parameters', () => {
    const ics = buildCalendarInvite({
      ...BASE,
      url: 'https://puentes.example.gov/workflows/abc\r\nATTACH:https://evil',
      attendee: { name: 'Ann "x";ROLE=CHAIR\r\nATTACH:y', email: 'ann@x.example' },
    });
    const message = checkItip(ics);
    expect(message.attendees).toEqual(['ann@x.example']);
    expect(logicalLines(ics).some((line) => line.startsWith('ATTACH'))).toBe(false);
    expect(property(ics, 'ATTENDEE')).toContain('ROLE=REQ-PARTICIPANT');
  });

  it('refuses an invalid start, stamp or duration', () => {
    expect(() => buildCalendarInvite({ ...BASE, start: new Date('nope') })).toThrow(RangeError);
    expect(() => buildCalendarInvite({ ...BASE, stamp: new Date('nope') })).toThrow(RangeError);
    expect(() => buildCalendarInvite({ ...BASE, durationMinutes: 0 })).toThrow(RangeError);
    expect(() => buildCalendarInvite({ ...BASE, durationMinutes: Number.NaN })).toThrow(RangeError);
  });
});
