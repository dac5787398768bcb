import {
  type HolidayRule,
  defineHolidayTable,
  observedEpochDay,
  ruleAppliesIn,
  ruleEpochDay,
} from './holiday-rule';
import { formatIsoDate, fromEpochDay, toEpochDay } from './iso-date';
import { MEXICO_HOLIDAYS } from './mexico-holidays';
import { UNITED_STATES_HOLIDAYS } from './united-states-holidays';

const name = { en: 'Test', es: 'Prueba' };
const iso = (epochDay: number | undefined): string | undefined =>
  epochDay === undefined ? undefined : formatIsoDate(fromEpochDay(epochDay));

describe('holiday rules', () => {
  it('finds the n-th and the last weekday of a month', () => {
    const rule = (n: 1 | 2 | 3 | 4 | -1, weekday: 1 | 4 = 1): HolidayRule => ({
      id: 't',
      name,
      kind: 'nthWeekday',
      month: 5,
      weekday,
      n,
    });
    // May 2026 starts on a Friday and has five Fridays, Saturdays and Sundays.
    expect(iso(ruleEpochDay(rule(1), 2026))).toBe('2026-05-04');
    expect(iso(ruleEpochDay(rule(4), 2026))).toBe('2026-05-25');
    expect(iso(ruleEpochDay(rule(-1), 2026))).toBe('2026-05-25');
    expect(iso(ruleEpochDay(rule(-1), 2027))).toBe('2027-05-31');
    expect(iso(ruleEpochDay(rule(1, 4), 2026))).toBe('2026-05-07');
    expect(iso(ruleEpochDay(rule(-1, 4), 2026))).toBe('2026-05-28');
  });

  it('applies year ranges and every-n-years rules', () => {
    const every6: HolidayRule = {
      id: 't',
      name,
      kind: 'fixed',
      month: 10,
      day: 1,
      everyYears: 6,
      since: 2024,
      until: 2036,
    };
    expect([2018, 2023, 2024, 2025, 2030, 2036, 2042].map((y) => ruleAppliesIn(every6, y))).toEqual(
      [false, false, true, false, true, true, false],
    );
    expect(ruleEpochDay(every6, 2025)).toBeUndefined();
    expect(iso(ruleEpochDay(every6, 2030))).toBe('2030-10-01');
  });

  it('moves Saturday to Friday and Sunday to Monday only under the US policy', () => {
    const saturday = toEpochDay(2026, 7, 4);
    const sunday = toEpochDay(2022, 5, 1);
    expect(iso(observedEpochDay('fridayBeforeMondayAfter', saturday))).toBe('2026-07-03');
    expect(iso(observedEpochDay('fridayBeforeMondayAfter', sunday))).toBe('2022-05-02');
    expect(iso(observedEpochDay('fridayBeforeMondayAfter', toEpochDay(2026, 7, 6)))).toBe(
      '2026-07-06',
    );
    expect(observedEpochDay('none', saturday)).toBe(saturday);
    expect(observedEpochDay('none', sunday)).toBe(sunday);
  });

  it('holds the published tables as checked, frozen data', () => {
    expect(MEXICO_HOLIDAYS.observance).toBe('none');
    expect(UNITED_STATES_HOLIDAYS.observance).toBe('fridayBeforeMondayAfter');
    expect(Object.isFrozen(MEXICO_HOLIDAYS.rules)).toBe(true);
    expect(Object.isFrozen(UNITED_STATES_HOLIDAYS.rules[0].name)).toBe(true);
    expect(MEXICO_HOLIDAYS.rules.filter((r) => r.id === 'inauguration-day')).toEqual([
      expect.objectContaining({ kind: 'fixed', month: 10, day: 1, everyYears: 6, since: 2024 }),
      expect.objectContaining({ month: 12, day: 1, everyYears: 6, since: 2000, until: 2018 }),
    ]);
  });

  it('refuses inconsistent table data', () => {
    const base = { country: 'MX' as const, observance: 'none' as const };
    const fixed = (extra: Partial<HolidayRule>): HolidayRule =>
      ({ id: 'x', name, kind: 'fixed', month: 1, day: 1, ...extra }) as HolidayRule;
    expect(() => defineHolidayTable({ ...base, rules: [fixed({ month: 13 })] })).toThrow(/month/);
    expect(() => defineHolidayTable({ ...base, rules: [fixed({ month: 2, day: 30 })] })).toThrow(
      /day/,
    );
    expect(() => defineHolidayTable({ ...base, rules: [fixed({ everyYears: 6 })] })).toThrow(
      /everyYears/,
    );
    expect(() =>
      defineHolidayTable({ ...base, rules: [fixed({ until: 2010 }), fixed({ since: 2010 })] }),
    ).toThrow(/overlap/);
    expect(() =>
      defineHolidayTable({ ...base, rules: [fixed({ until: 2009 }), fixed({ since: 2010 })] }),
    ).not.toThrow();
  });
});
