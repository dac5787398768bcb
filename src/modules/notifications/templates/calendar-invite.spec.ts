import { buildCalendarInvite, type CalendarInviteInput } from './calendar-invite';

const BASE: CalendarInviteInput = {
  uid: '7d3c4a1e-5b2f-4c8e-9a10-2f6b8c1d0e11.cbp-review.1@puentes',
  title: 'Fecha límite: Revisión operativa de CBP',
  description: 'OTAY-MESA-EAST',
  start: new Date('2026-12-05T01:00:00Z'),
};

/** Physical lines, without the final CRLF. */
const physicalLines = (ics: string): string[] => ics.slice(0, -2).split('\r\n');
/** Logical lines: folding undone (RFC 5545 §3.1). */
const logicalLines = (ics: string): string[] => physicalLines(ics.replace(/\r\n /g, ''));
const property = (ics: string, name: string): string | undefined =>
  logicalLines(ics).find((line) => line.startsWith(`${name}:`));

describe('buildCalendarInvite', () => {
  it('builds one published event with a display alarm an hour before', () => {
    expect(logicalLines(buildCalendarInvite(BASE))).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Puentes//Deadlines//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      `UID:${BASE.uid}`,
      'SEQUENCE:0',
      'DTSTAMP:20261205T010000Z',
      'DTSTART:20261205T010000Z',
      'DTEND:20261205T013000Z',
      'SUMMARY:Fecha límite: Revisión operativa de CBP',
      'DESCRIPTION:OTAY-MESA-EAST',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'DESCRIPTION:Fecha límite: Revisión operativa de CBP',
      'TRIGGER:-PT1H',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
  });

  it('cancels an event: METHOD:CANCEL, STATUS:CANCELLED, its sequence, no alarm', () => {
    const ics = buildCalendarInvite({ ...BASE, sequence: 2, cancelled: true });
    expect(property(ics, 'METHOD')).toBe('METHOD:CANCEL');
    expect(property(ics, 'STATUS')).toBe('STATUS:CANCELLED');
    expect(property(ics, 'SEQUENCE')).toBe('SEQUENCE:2');
    expect(ics).not.toContain('BEGIN:VALARM');
  });

  it('ends every line with CRLF and has no bare CR or LF', () => {
    const ics = buildCalendarInvite({ ...BASE, description: 'one\ntwo\r\nthree\rfour' });
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
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

  it('is stable: the same deadline gives the same bytes, so a re-sent invite updates one entry', () => {
    expect(buildCalendarInvite(BASE)).toBe(buildCalendarInvite({ ...BASE }));
    const moved = buildCalendarInvite({ ...BASE, start: new Date('2026-12-08T01:00:00Z') });
    expect(property(moved, 'UID')).toBe(`UID:${BASE.uid}`);
    expect(property(moved, 'DTSTAMP')).toBe('DTSTAMP:20261208T010000Z');
  });

  it('escapes backslashes, semicolons, commas and newlines in text', () => {
    const ics = buildCalendarInvite({
      ...BASE,
      title: 'SRE; CBP, GSA',
      description: 'Ruta C:\\anexos\nSegunda línea\r\nTercera',
    });
    expect(property(ics, 'SUMMARY')).toBe('SUMMARY:SRE\\; CBP\\, GSA');
    expect(property(ics, 'DESCRIPTION')).toBe(
      'DESCRIPTION:Ruta C:\\\\anexos\\nSegunda línea\\nTercera',
    );
  });

  it('folds long lines at 75 octets without splitting é, ñ or an emoji', () => {
    const description = `${'é'.repeat(40)} ${'ñ'.repeat(50)} 🌉 ${'Revisión aduanera, '.repeat(8)}`;
    const ics = buildCalendarInvite({ ...BASE, title: 'é'.repeat(40), description });
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
    // 'SUMMARY:' is 8 octets and é is 2: the first line must stop at 74, not cut é at 75.
    const summary = physicalLines(ics).find((line) => line.startsWith('SUMMARY:')) ?? '';
    expect(Buffer.byteLength(summary, 'utf8')).toBe(74);
    expect(property(ics, 'SUMMARY')).toBe(`SUMMARY:${'é'.repeat(40)}`);
    expect(property(ics, 'DESCRIPTION')).toBe(`DESCRIPTION:${description.replace(/,/g, '\\,')}`);
  });

  it('adds the URL and the organizer only when given, without letting them inject lines', () => {
    expect(property(buildCalendarInvite(BASE), 'URL')).toBeUndefined();
    const ics = buildCalendarInvite({
      ...BASE,
      url: 'https://puentes.example.gov/api/v1/workflows/abc?x=1,2\r\nATTACH:https://evil',
      organizerEmail: 'noreply@puentes.example.gov',
    });
    expect(property(ics, 'URL')).toBe(
      'URL:https://puentes.example.gov/api/v1/workflows/abc?x=1,2ATTACH:https://evil',
    );
    expect(property(ics, 'ORGANIZER')).toBe('ORGANIZER:mailto:noreply@puentes.example.gov');
    expect(logicalLines(ics).some((line) => line.startsWith('ATTACH'))).toBe(false);
  });

  it('refuses an invalid start or duration', () => {
    expect(() => buildCalendarInvite({ ...BASE, start: new Date('nope') })).toThrow(RangeError);
    expect(() => buildCalendarInvite({ ...BASE, durationMinutes: 0 })).toThrow(RangeError);
    expect(() => buildCalendarInvite({ ...BASE, durationMinutes: Number.NaN })).toThrow(RangeError);
  });
});
