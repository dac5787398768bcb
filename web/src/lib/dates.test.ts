import {
  describeDue,
  formatInstant,
  formatTimeOfDay,
  wallTimeToInstant,
  wallClockIn,
  windowEndsBeforeStart,
} from './dates';

describe('due dates', () => {
  const dueAt = '2026-12-03T02:00:00.000Z'; // 18:00 on 2 December in Tijuana (UTC−8)

  it('shows the time in the reader’s zone with the zone named, and the owner’s time when it differs', () => {
    const due = describeDue(
      dueAt,
      new Date('2026-11-30T17:00:00Z'),
      'en',
      'America/New_York',
      'America/Tijuana',
    );
    expect(due.local).toBe('Dec 2, 2026, 9:00 PM Eastern Standard Time');
    expect(due.owner).toBe('Dec 2, 2026, 6:00 PM Pacific Standard Time');
    expect(due.overdue).toBe(false);
    expect(due.daysLeft).toBe(2);
  });

  it('leaves out the owner’s time when their clock reads the same', () => {
    const due = describeDue(
      dueAt,
      new Date('2026-11-30T17:00:00Z'),
      'es-MX-u-hc-h23',
      'America/Los_Angeles',
      'America/Tijuana',
    );
    expect(due.owner).toBeNull();
    // Mexican Spanish on the 24-hour clock (FORMAT_LOCALES), as the emails write it.
    expect(due.local).toBe('2 dic 2026, 18:00 hora del Pacífico de EE.\u00a0UU.');
  });

  it('counts days by the reader’s calendar and marks a passed deadline overdue', () => {
    const due = describeDue(dueAt, new Date('2026-12-04T12:00:00Z'), 'en', 'America/Tijuana', null);
    expect(due.overdue).toBe(true);
    expect(due.daysLeft).toBe(-2);
    // Near midnight: still the same day in Tijuana although UTC has moved on.
    const sameDay = describeDue(dueAt, new Date('2026-12-03T00:30:00Z'), 'en', 'America/Tijuana');
    expect(sameDay.daysLeft).toBe(0);
    expect(sameDay.overdue).toBe(false);
  });

  it('formats any instant in a zone, the zone named', () => {
    expect(formatInstant('2026-07-01T15:30:00Z', 'en', 'America/Phoenix')).toBe(
      'Jul 1, 2026, 8:30 AM Arizona time',
    );
  });
});

describe('wall times typed in a zone', () => {
  it('reads a date and time on the zone’s clock', () => {
    expect(wallTimeToInstant('2026-12-01', '09:30', 'America/Tijuana')?.toISOString()).toBe(
      '2026-12-01T17:30:00.000Z',
    );
    expect(wallTimeToInstant('2026-07-01', '09:30', 'America/Tijuana')?.toISOString()).toBe(
      '2026-07-01T16:30:00.000Z',
    );
    expect(wallTimeToInstant('2026-12-01', '09:30', 'America/Mexico_City')?.toISOString()).toBe(
      '2026-12-01T15:30:00.000Z',
    );
  });

  it('takes the first of a repeated hour, and refuses what is not a date or a time', () => {
    // 1 November 2026, 01:30 happens twice in New York: first in EDT (UTC−4).
    expect(wallTimeToInstant('2026-11-01', '01:30', 'America/New_York')?.toISOString()).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    expect(wallTimeToInstant('2026-12-01', '', 'UTC')).toBeNull();
    expect(wallTimeToInstant('tomorrow', '09:30', 'UTC')).toBeNull();
  });
});

describe('wallClockIn', () => {
  it('gives the time on the zone’s clock, to the minute', () => {
    // 05:07 UTC is 22:07 the day before in Hermosillo (UTC−7, no daylight saving time).
    expect(wallClockIn('America/Hermosillo', new Date('2026-12-01T05:07:30Z'))).toBe('22:07');
    expect(wallClockIn('America/Mexico_City', new Date('2026-12-01T15:00:00Z'))).toBe('09:00');
    expect(wallClockIn('UTC', new Date('2026-12-01T00:05:00Z'))).toBe('00:05');
  });
});

describe('a time of day', () => {
  it('is written as every time of the page is, in the reader’s language', () => {
    // What formatInstant writes for the same hour, so a hint reads like the dates beside it.
    const en = formatTimeOfDay(18, 0, 'en-US');
    expect(en.replace(/\s/g, ' ')).toBe('6:00 PM');
    expect(formatInstant('2026-12-03T02:00:00.000Z', 'en-US', 'America/Tijuana')).toContain(en);
    expect(formatTimeOfDay(18, 0, 'es-MX-u-hc-h23')).toBe('18:00');
    expect(formatTimeOfDay(9, 5, 'es-MX-u-hc-h23')).toBe('09:05');
  });
});

describe('a window of dates', () => {
  it('ends before it starts only when both ends are given and "to" is the earlier', () => {
    expect(windowEndsBeforeStart('2026-05-31', '2026-05-01')).toBe(true);
    expect(windowEndsBeforeStart('2026-05-01', '2026-05-31')).toBe(false);
    expect(windowEndsBeforeStart('2026-05-01', '2026-05-01')).toBe(false); // one day
    expect(windowEndsBeforeStart('2026-12-31', '2027-01-01')).toBe(false); // across a year
    expect(windowEndsBeforeStart('2027-01-01', '2026-12-31')).toBe(true);
    expect(windowEndsBeforeStart('2026-05-31', '')).toBe(false); // open-ended
    expect(windowEndsBeforeStart(undefined, '2026-05-01')).toBe(false);
  });
});
