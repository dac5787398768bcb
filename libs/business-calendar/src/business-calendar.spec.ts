import { BusinessCalendar, isCalendarId } from './business-calendar';
import { BusinessCalendarError } from './business-calendar.errors';

const mx = new BusinessCalendar('MX');
const us = new BusinessCalendar('US');
const both = new BusinessCalendar('binational');

describe('BusinessCalendar', () => {
  describe('isWorkingDay', () => {
    it('treats Monday to Friday as working days and weekends as not', () => {
      // 2026-01-12 is a Monday.
      const week = ['12', '13', '14', '15', '16', '17', '18'].map((d) => `2026-01-${d}`);
      expect(week.map((d) => mx.isWorkingDay(d))).toEqual([
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]);
      expect(week.map((d) => us.isWorkingDay(d))).toEqual([
        true,
        true,
        true,
        true,
        true,
        false,
        false,
      ]);
    });

    it('knows the Mexican inauguration day moved from 1 December to 1 October', () => {
      expect(mx.isWorkingDay('2024-10-01')).toBe(false);
      expect(mx.isWorkingDay('2030-10-01')).toBe(false);
      expect(mx.isWorkingDay('2018-10-01')).toBe(true);
      // 2024-12-01 and 2018-12-01 fall on Sundays, so test the days of rest directly too.
      expect(mx.isWorkingDay('2024-12-02')).toBe(true);
      expect(mx.isWorkingDay('2030-12-02')).toBe(true);
      expect(new BusinessCalendar('MX').isWorkingDay('2025-10-01')).toBe(true);
    });

    it('does not move a Mexican day of rest off a weekend', () => {
      expect(mx.isWorkingDay('2022-05-01')).toBe(false); // Sunday
      expect(mx.isWorkingDay('2022-05-02')).toBe(true);
      expect(mx.isWorkingDay('2021-12-24')).toBe(true); // Christmas 2021 is a Saturday
      expect(mx.isWorkingDay('2021-12-31')).toBe(true);
    });

    it('closes on US observed days, including New Year observed in the year before', () => {
      expect(us.isWorkingDay('2021-12-31')).toBe(false);
      expect(us.isWorkingDay('2027-12-31')).toBe(false);
      expect(us.isWorkingDay('2026-07-03')).toBe(false);
      expect(us.isWorkingDay('2021-06-18')).toBe(false);
      expect(us.isWorkingDay('2020-06-19')).toBe(true); // before Juneteenth was a holiday
      expect(us.isWorkingDay('2023-11-10')).toBe(false);
      expect(us.isWorkingDay('2022-01-03')).toBe(true); // nothing left to observe on Monday
    });

    it('is binational only when both countries work', () => {
      expect(both.isWorkingDay('2026-02-02')).toBe(false); // MX: Constitution Day
      expect(both.isWorkingDay('2026-02-16')).toBe(false); // US: Washington's Birthday
      expect(both.isWorkingDay('2026-09-16')).toBe(false); // MX: Independence Day
      expect(both.isWorkingDay('2026-07-03')).toBe(false); // US: Independence Day observed
      expect(both.isWorkingDay('2026-02-03')).toBe(true);
      expect(mx.isWorkingDay('2026-02-16')).toBe(true);
      expect(us.isWorkingDay('2026-02-02')).toBe(true);
    });

    it('skips the extra non-working days of an agency', () => {
      const sre = new BusinessCalendar('MX', ['2026-04-02', '2026-04-03', '2026-11-02']);
      expect(sre.isWorkingDay('2026-04-02')).toBe(false);
      expect(sre.isWorkingDay('2026-11-02')).toBe(false);
      expect(sre.isWorkingDay('2026-04-06')).toBe(true);
      expect(mx.isWorkingDay('2026-04-02')).toBe(true);
      expect(new BusinessCalendar('binational', ['2026-12-24']).isWorkingDay('2026-12-24')).toBe(
        false,
      );
    });
  });

  describe('addWorkingDays', () => {
    it('never counts the start date', () => {
      expect(mx.addWorkingDays('2026-01-14', 1)).toBe('2026-01-15');
      expect(mx.addWorkingDays('2026-01-17', 1)).toBe('2026-01-19'); // from a Saturday
      expect(mx.addWorkingDays('2026-02-02', 1)).toBe('2026-02-03'); // from a holiday
    });

    it('skips weekends, holidays and extra days, across years', () => {
      expect(mx.addWorkingDays('2026-01-30', 1)).toBe('2026-02-03');
      expect(us.addWorkingDays('2026-07-02', 1)).toBe('2026-07-06');
      expect(us.addWorkingDays('2027-12-30', 1)).toBe('2028-01-03');
      expect(mx.addWorkingDays('2027-12-30', 1)).toBe('2027-12-31');
      // Veterans Day (US, Wed 11 Nov) and Revolution Day (MX, Mon 16 Nov) in one week.
      expect(both.addWorkingDays('2026-11-10', 3)).toBe('2026-11-17');
      expect(
        new BusinessCalendar('MX', ['2026-04-02', '2026-04-03']).addWorkingDays('2026-04-01', 1),
      ).toBe('2026-04-06');
      expect(us.addWorkingDays('2026-01-01', 250)).toBe('2026-12-31');
    });

    it('refuses a count that is not an integer of at least 1', () => {
      for (const n of [0, -1, 1.5, NaN, Infinity]) {
        expect(() => mx.addWorkingDays('2026-01-14', n)).toThrow(
          expect.objectContaining({ code: 'BUSINESS_CALENDAR.INVALID_BUSINESS_DAYS' }),
        );
      }
    });
  });

  it('lists its extra days sorted and without duplicates', () => {
    const calendar = new BusinessCalendar('US', ['2026-12-24', '2026-11-27', '2026-12-24']);
    expect(calendar.extraNonWorkingDays).toEqual(['2026-11-27', '2026-12-24']);
    expect(calendar.calendar).toBe('US');
  });

  it('refuses an unknown calendar id', () => {
    expect(() => new BusinessCalendar('CA' as 'MX')).toThrow(
      expect.objectContaining({ code: 'BUSINESS_CALENDAR.UNKNOWN_CALENDAR' }),
    );
    expect(() => new BusinessCalendar('mx' as 'MX')).toThrow(BusinessCalendarError);
    expect(isCalendarId('binational')).toBe(true);
    expect(isCalendarId('MX-US')).toBe(false);
  });

  it('refuses malformed dates, as input and as extra days', () => {
    for (const bad of [
      '2026-02-30',
      '2026-13-01',
      '2026-1-5',
      '20260105',
      '2026-01-05T00:00',
      '',
    ]) {
      expect(() => mx.isWorkingDay(bad)).toThrow(
        expect.objectContaining({ code: 'BUSINESS_CALENDAR.INVALID_DATE' }),
      );
      expect(() => new BusinessCalendar('MX', [bad])).toThrow(BusinessCalendarError);
    }
    expect(() => new BusinessCalendar('MX', '2026-01-05' as unknown as string[])).toThrow(
      BusinessCalendarError,
    );
    expect(mx.isWorkingDay('2028-02-29')).toBe(true);
    expect(() => mx.isWorkingDay('1999-12-31')).toThrow(
      expect.objectContaining({ code: 'BUSINESS_CALENDAR.YEAR_OUT_OF_RANGE' }),
    );
  });

  it('answers quickly once a year is cached', () => {
    const calendar = new BusinessCalendar('binational', ['2026-04-02']);
    let working = 0;
    for (let i = 0; i < 100_000; i += 1) {
      if (calendar.isWorkingDay('2026-09-16')) working += 1;
    }
    expect(working).toBe(0);
  });
});
