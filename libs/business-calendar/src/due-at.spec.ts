import { DateTime } from 'luxon';
import { BusinessCalendar, type CalendarId } from './business-calendar';
import { dueAt } from './due-at';

const at = (iso: string): Date => new Date(iso);
const localOf = (date: Date, zone: string): string =>
  DateTime.fromJSDate(date, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ ccc');

describe('dueAt with business days', () => {
  const MX1 = { businessDays: 1, calendar: 'MX' } as const;
  const US1 = { businessDays: 1, calendar: 'US' } as const;

  describe('in zones without DST', () => {
    it.each([
      ['America/Hermosillo', MX1],
      ['America/Phoenix', US1],
    ])('%s: 18:00 local is 01:00Z the next day all year', (zone, sla) => {
      // Wednesdays at 08:00 local, in summer and in winter.
      expect(dueAt(at('2026-07-15T15:00:00Z'), sla, zone)).toEqual(at('2026-07-17T01:00:00Z'));
      expect(dueAt(at('2026-01-14T15:00:00Z'), sla, zone)).toEqual(at('2026-01-16T01:00:00Z'));
    });

    it('America/Mexico_City: UTC−6 all year, so 18:00 local is 00:00Z the next day', () => {
      const zone = 'America/Mexico_City';
      expect(dueAt(at('2026-07-15T15:00:00Z'), MX1, zone)).toEqual(at('2026-07-17T00:00:00Z'));
      expect(dueAt(at('2026-01-14T15:00:00Z'), MX1, zone)).toEqual(at('2026-01-16T00:00:00Z'));
    });
  });

  describe('in border zones that follow US DST', () => {
    it.each([
      ['America/Ciudad_Juarez', MX1],
      ['America/Denver', US1],
    ])('%s: 18:00 local is 00:00Z in summer, 01:00Z in winter', (zone, sla) => {
      expect(dueAt(at('2026-07-15T15:00:00Z'), sla, zone)).toEqual(at('2026-07-17T00:00:00Z'));
      expect(dueAt(at('2026-01-14T15:00:00Z'), sla, zone)).toEqual(at('2026-01-16T01:00:00Z'));
    });

    it('puts Ciudad Juárez an hour off Chihuahua city in summer only', () => {
      const summer = at('2026-07-15T15:00:00Z');
      expect(dueAt(summer, MX1, 'America/Chihuahua')).toEqual(at('2026-07-17T00:00:00Z'));
      const winter = at('2026-01-14T15:00:00Z');
      expect(dueAt(winter, MX1, 'America/Chihuahua')).toEqual(at('2026-01-16T00:00:00Z'));
      expect(dueAt(winter, MX1, 'America/Ciudad_Juarez')).toEqual(at('2026-01-16T01:00:00Z'));
    });
  });

  describe('the local date of activation decides, not the UTC date', () => {
    it('Friday 23:30 local and Saturday 00:30 UTC, the same instant', () => {
      const instant = at('2026-01-17T00:30:00Z');
      expect(localOf(instant, 'Atlantic/Cape_Verde')).toBe('2026-01-16 23:30 -01:00 Fri');
      // Monday 19 January is Martin Luther King Jr. Day: Tuesday 18:00 local.
      expect(dueAt(instant, US1, 'Atlantic/Cape_Verde')).toEqual(at('2026-01-20T19:00:00Z'));
      // The same instant is Friday 18:30 in Mexico City: Monday 18:00 local.
      expect(dueAt(instant, MX1, 'America/Mexico_City')).toEqual(at('2026-01-20T00:00:00Z'));
    });

    it('Thursday 23:30 local is due Friday, though it is Friday in UTC', () => {
      const instant = at('2026-01-16T00:30:00Z');
      expect(localOf(instant, 'Atlantic/Cape_Verde')).toBe('2026-01-15 23:30 -01:00 Thu');
      expect(dueAt(instant, US1, 'Atlantic/Cape_Verde')).toEqual(at('2026-01-16T19:00:00Z'));
      // Thursday 20:00 in Mexico City is already Friday 02:00Z.
      expect(dueAt(at('2026-01-16T02:00:00Z'), MX1, 'America/Mexico_City')).toEqual(
        at('2026-01-17T00:00:00Z'),
      );
    });

    it('Friday morning east of UTC is due Monday, though it is Thursday in UTC', () => {
      const instant = at('2026-01-15T23:30:00Z'); // Friday 08:30 in Tokyo
      expect(dueAt(instant, MX1, 'Asia/Tokyo')).toEqual(at('2026-01-19T09:00:00Z'));
    });

    it('does not count the activation date even at 00:01', () => {
      // Wednesday 00:01 in Mexico City → Thursday 18:00.
      expect(dueAt(at('2026-01-14T06:01:00Z'), MX1, 'America/Mexico_City')).toEqual(
        at('2026-01-16T00:00:00Z'),
      );
    });
  });

  describe('across the DST change', () => {
    it('lands at exactly 18:00 local after the spring change (New York, 8 March 2026)', () => {
      const friday = at('2026-03-06T15:00:00Z'); // 10:00 EST
      const due = dueAt(friday, US1, 'America/New_York');
      expect(due).toEqual(at('2026-03-09T22:00:00Z'));
      expect(localOf(due, 'America/New_York')).toBe('2026-03-09 18:00 -04:00 Mon');
      expect(dueAt(friday, { businessDays: 3, calendar: 'US' }, 'America/New_York')).toEqual(
        at('2026-03-11T22:00:00Z'),
      );
    });

    it('lands at exactly 18:00 local after the autumn change (1 November 2026)', () => {
      const due = dueAt(at('2026-10-30T14:00:00Z'), US1, 'America/New_York');
      expect(localOf(due, 'America/New_York')).toBe('2026-11-02 18:00 -05:00 Mon');
      expect(dueAt(at('2026-10-30T16:00:00Z'), MX1, 'America/Tijuana')).toEqual(
        at('2026-11-03T02:00:00Z'),
      );
    });
  });

  describe('activation on a non-working day', () => {
    const zone = 'America/Mexico_City';

    it('on a holiday: that date does not count', () => {
      // Monday 2 February 2026, Constitution Day.
      expect(dueAt(at('2026-02-02T16:00:00Z'), MX1, zone)).toEqual(at('2026-02-04T00:00:00Z'));
    });

    it('on a weekend: that date does not count', () => {
      expect(dueAt(at('2026-02-07T16:00:00Z'), MX1, zone)).toEqual(at('2026-02-10T00:00:00Z'));
      expect(dueAt(at('2026-02-08T16:00:00Z'), MX1, zone)).toEqual(at('2026-02-10T00:00:00Z'));
    });
  });

  it('skips holidays of the calendar, including the year change', () => {
    // Thursday 30 December 2027: Friday 31 is New Year 2028 observed in the US, not in Mexico.
    const thursday = at('2027-12-30T15:00:00Z');
    expect(dueAt(thursday, US1, 'America/New_York')).toEqual(at('2028-01-03T23:00:00Z'));
    expect(dueAt(thursday, MX1, 'America/Matamoros')).toEqual(at('2028-01-01T00:00:00Z'));
    // Independence Day 2026 is a Saturday, observed Friday 3 July.
    expect(dueAt(at('2026-07-02T15:00:00Z'), US1, 'America/Chicago')).toEqual(
      at('2026-07-06T23:00:00Z'),
    );
  });

  it('binational skips the days off of both countries', () => {
    const zone = 'America/Mexico_City';
    const sla = { businessDays: 3, calendar: 'binational' } as const;
    // From Tuesday 10 November 2026: Veterans Day (US) Wed 11, Revolution Day (MX) Mon 16.
    expect(dueAt(at('2026-11-10T16:00:00Z'), sla, zone)).toEqual(at('2026-11-18T00:00:00Z'));
    expect(dueAt(at('2026-11-10T16:00:00Z'), { ...sla, calendar: 'MX' }, zone)).toEqual(
      at('2026-11-14T00:00:00Z'),
    );
    expect(dueAt(at('2026-11-10T16:00:00Z'), { ...sla, calendar: 'US' }, zone)).toEqual(
      at('2026-11-17T00:00:00Z'),
    );
  });

  it('pushes the deadline past the extra non-working days of an agency', () => {
    const zone = 'America/Mexico_City';
    const wednesday = at('2026-04-01T16:00:00Z');
    expect(dueAt(wednesday, MX1, zone)).toEqual(at('2026-04-03T00:00:00Z'));
    // Holy Thursday and Friday 2026, published by the agency.
    expect(dueAt(wednesday, MX1, zone, ['2026-04-02', '2026-04-03'])).toEqual(
      at('2026-04-07T00:00:00Z'),
    );
    expect(dueAt(wednesday, MX1, zone, [])).toEqual(at('2026-04-03T00:00:00Z'));
  });

  it('is 18:00 local on the n-th working day after the local activation date, all year', () => {
    const cases: [string, CalendarId][] = [
      ['America/Tijuana', 'binational'],
      ['America/Ciudad_Juarez', 'MX'],
      ['America/New_York', 'US'],
    ];
    for (const [zone, calendarId] of cases) {
      const calendar = new BusinessCalendar(calendarId);
      for (let day = 0; day < 366; day += 1) {
        const activatedAt = new Date(Date.UTC(2026, 0, 1, 3 + (day % 24), 17) + day * 86_400_000);
        const n = 1 + (day % 7);
        const due = DateTime.fromJSDate(
          dueAt(activatedAt, { businessDays: n, calendar: calendarId }, zone),
          {
            zone,
          },
        );
        const start = DateTime.fromJSDate(activatedAt, { zone }).startOf('day');
        expect([due.hour, due.minute, due.second]).toEqual([18, 0, 0]);
        let counted = 0;
        for (
          let d = start.plus({ days: 1 });
          d.toISODate()! <= due.toISODate()!;
          d = d.plus({ days: 1 })
        ) {
          if (calendar.isWorkingDay(d.toISODate()!)) counted += 1;
        }
        expect(counted).toBe(n);
        expect(calendar.isWorkingDay(due.toISODate()!)).toBe(true);
      }
    }
  });
});

describe('dueAt with a duration', () => {
  it('adds elapsed time for hours, minutes and seconds', () => {
    expect(dueAt(at('2026-03-07T22:00:00Z'), { duration: 'PT30S' }, 'America/New_York')).toEqual(
      at('2026-03-07T22:00:30Z'),
    );
    expect(dueAt(at('2026-03-07T22:00:00Z'), { duration: 'PT24H' }, 'America/New_York')).toEqual(
      at('2026-03-08T22:00:00Z'),
    );
  });

  it('keeps the wall time for P1D across DST', () => {
    expect(dueAt(at('2026-03-07T22:00:00Z'), { duration: 'P1D' }, 'America/New_York')).toEqual(
      at('2026-03-08T21:00:00Z'),
    );
    expect(dueAt(at('2026-03-07T22:00:00Z'), { duration: 'P1D' }, 'America/Mexico_City')).toEqual(
      at('2026-03-08T22:00:00Z'),
    );
  });

  it('ignores business calendars and extra days', () => {
    // Saturday + P1D is Sunday: a plain duration is not business time.
    expect(
      dueAt(at('2026-07-04T15:00:00Z'), { duration: 'P1D' }, 'America/Denver', ['2026-07-05']),
    ).toEqual(at('2026-07-05T15:00:00Z'));
  });
});

describe('dueAt refuses bad input', () => {
  const ok = at('2026-03-06T15:00:00Z');
  const code = (c: string) => expect.objectContaining({ code: `BUSINESS_CALENDAR.${c}` });

  it('an invalid activation date', () => {
    expect(() => dueAt(new Date(NaN), { duration: 'PT1S' }, 'UTC')).toThrow(code('INVALID_DATE'));
    expect(() => dueAt('2026-03-06' as unknown as Date, { duration: 'PT1S' }, 'UTC')).toThrow(
      code('INVALID_DATE'),
    );
  });

  it('an unknown time zone', () => {
    expect(() => dueAt(ok, { duration: 'PT1S' }, 'America/Juarez')).toThrow(
      code('UNKNOWN_TIME_ZONE'),
    );
    expect(() => dueAt(ok, { businessDays: 1, calendar: 'MX' }, '')).toThrow(
      code('UNKNOWN_TIME_ZONE'),
    );
  });

  it('an unknown calendar', () => {
    expect(() => dueAt(ok, { businessDays: 1, calendar: 'CA' as 'MX' }, 'UTC')).toThrow(
      code('UNKNOWN_CALENDAR'),
    );
  });

  it('businessDays below 1 or not an integer', () => {
    for (const businessDays of [0, -2, 1.5, NaN, '3' as unknown as number]) {
      expect(() => dueAt(ok, { businessDays, calendar: 'US' }, 'UTC')).toThrow(
        code('INVALID_BUSINESS_DAYS'),
      );
    }
  });

  it('a malformed, negative or zero duration', () => {
    for (const duration of ['P', '3 days', '-P1D', 'PT0S', 'P0D']) {
      expect(() => dueAt(ok, { duration }, 'UTC')).toThrow(code('INVALID_DURATION'));
    }
  });

  it('an SLA that is neither or both kinds', () => {
    expect(() => dueAt(ok, {} as never, 'UTC')).toThrow(code('INVALID_SLA'));
    expect(() => dueAt(ok, null as never, 'UTC')).toThrow(code('INVALID_SLA'));
    expect(() =>
      dueAt(ok, { duration: 'P1D', businessDays: 1, calendar: 'MX' } as never, 'UTC'),
    ).toThrow(code('INVALID_SLA'));
  });

  it('a malformed extra non-working day', () => {
    expect(() => dueAt(ok, { businessDays: 1, calendar: 'MX' }, 'UTC', ['2026-02-31'])).toThrow(
      code('INVALID_DATE'),
    );
  });
});
