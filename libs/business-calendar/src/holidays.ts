import { BusinessCalendarError } from './business-calendar.errors';
import {
  type Country,
  type HolidayTable,
  type LocalizedName,
  observedEpochDay,
  ruleEpochDay,
} from './holiday-rule';
import { formatIsoDate, fromEpochDay } from './iso-date';
import { MEXICO_HOLIDAYS } from './mexico-holidays';
import { UNITED_STATES_HOLIDAYS } from './united-states-holidays';

/** Years the rule tables are written for (the tables hold the law as in force since 2000). */
export const SUPPORTED_YEARS = { from: 2000, to: 9999 } as const;

export interface Holiday {
  /** 'YYYY-MM-DD'. */
  readonly date: string;
  readonly id: string;
  readonly name: LocalizedName;
  /** True when `date` is the weekday on which a weekend holiday is observed (US only). */
  readonly observed: boolean;
}

export const HOLIDAY_TABLES: Readonly<Record<Country, HolidayTable>> = {
  MX: MEXICO_HOLIDAYS,
  US: UNITED_STATES_HOLIDAYS,
};

export function isCountry(value: unknown): value is Country {
  return value === 'MX' || value === 'US';
}

export function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < SUPPORTED_YEARS.from || year > SUPPORTED_YEARS.to) {
    throw new BusinessCalendarError(
      'BUSINESS_CALENDAR.YEAR_OUT_OF_RANGE',
      `Year must be an integer from ${SUPPORTED_YEARS.from} to ${SUPPORTED_YEARS.to}, got ${year}`,
    );
  }
}

const cache = new Map<string, readonly Holiday[]>();

/**
 * The federal holidays of a country in a year: every date on which federal offices close
 * for a holiday. For the US both the holiday itself (`observed: false`) and, when it falls
 * on a weekend, the weekday on which it is observed (`observed: true`) are listed; an
 * observed day belongs to the year in which it falls, so `holidays('US', 2021)` ends with
 * New Year's Day 2022 observed on 2021-12-31. Mexican days of rest are never moved.
 * Sorted by date; the result is frozen and shared between calls.
 *
 * @example
 * holidays('US', 2026).filter((h) => h.id === 'independence-day');
 * // [ { date: '2026-07-03', id: 'independence-day', observed: true, name: … },
 * //   { date: '2026-07-04', id: 'independence-day', observed: false, name: … } ]
 * holidays('MX', 2024).some((h) => h.date === '2024-10-01'); // true (inauguration)
 */
export function holidays(calendar: Country, year: number): readonly Holiday[] {
  if (!isCountry(calendar)) {
    throw new BusinessCalendarError(
      'BUSINESS_CALENDAR.UNKNOWN_CALENDAR',
      `Holidays exist for a country, 'MX' or 'US'; got ${JSON.stringify(calendar)}`,
    );
  }
  assertSupportedYear(year);
  const key = `${calendar}:${year}`;
  let result = cache.get(key);
  if (!result) {
    result = computeHolidays(HOLIDAY_TABLES[calendar], year);
    cache.set(key, result);
  }
  return result;
}

function computeHolidays(table: HolidayTable, year: number): readonly Holiday[] {
  const found: Holiday[] = [];
  // A neighbouring year's holiday can be observed in this one (1 January on a Saturday).
  for (const ruleYear of [year - 1, year, year + 1]) {
    for (const rule of table.rules) {
      const actual = ruleEpochDay(rule, ruleYear);
      if (actual === undefined) continue;
      const observed = observedEpochDay(table.observance, actual);
      const add = (epochDay: number, isObserved: boolean): void => {
        const date = fromEpochDay(epochDay);
        if (date.year !== year) return;
        found.push(
          Object.freeze({
            date: formatIsoDate(date),
            id: rule.id,
            name: rule.name,
            observed: isObserved,
          }),
        );
      };
      add(actual, false);
      if (observed !== actual) add(observed, true);
    }
  }
  found.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1));
  return Object.freeze(found);
}
