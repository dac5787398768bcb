import { BusinessCalendarError } from './business-calendar.errors';
import type { Country } from './holiday-rule';
import { assertSupportedYear, holidays } from './holidays';
import { formatIsoDate, fromEpochDay, isWeekend, parseIsoDate, toEpochDay } from './iso-date';

export type CalendarId = Country | 'binational';

export const CALENDAR_IDS: readonly CalendarId[] = Object.freeze(['MX', 'US', 'binational']);

export function isCalendarId(value: unknown): value is CalendarId {
  return value === 'MX' || value === 'US' || value === 'binational';
}

const COUNTRIES: Readonly<Record<CalendarId, readonly Country[]>> = {
  MX: ['MX'],
  US: ['US'],
  binational: ['MX', 'US'],
};

// Federal closures per calendar and year, as epoch days. Shared by every BusinessCalendar, so
// building one per deadline computation costs nothing beyond its own extra days.
const federalClosures = new Map<string, ReadonlySet<number>>();

function federalClosuresIn(calendar: CalendarId, year: number): ReadonlySet<number> {
  const key = `${calendar}:${year}`;
  let closed = federalClosures.get(key);
  if (!closed) {
    const days = new Set<number>();
    for (const country of COUNTRIES[calendar]) {
      for (const holiday of holidays(country, year)) {
        const { year: y, month, day } = parseIsoDate(holiday.date);
        days.add(toEpochDay(y, month, day));
      }
    }
    closed = days;
    federalClosures.set(key, closed);
  }
  return closed;
}

/**
 * Working days of a federal office: Monday to Friday, minus the federal holidays of its
 * country (as observed: a US holiday on Saturday closes the Friday before), minus the extra
 * non-working days its agency publishes. The `binational` calendar counts a day only when
 * it is a working day in both Mexico and the United States.
 *
 * @example
 * const sict = new BusinessCalendar('MX', ['2026-04-02', '2026-04-03']); // Holy Thursday, Friday
 * sict.isWorkingDay('2026-04-02'); // false
 * new BusinessCalendar('binational').isWorkingDay('2026-02-16'); // false (Washington's Birthday)
 * new BusinessCalendar('US').addWorkingDays('2026-07-02', 1); // '2026-07-06'
 */
export class BusinessCalendar {
  readonly calendar: CalendarId;
  /** The extra non-working days, sorted and without duplicates. */
  readonly extraNonWorkingDays: readonly string[];
  private readonly extra: ReadonlySet<number>;

  constructor(calendar: CalendarId, extraNonWorkingDays: readonly string[] = []) {
    if (!isCalendarId(calendar)) {
      throw new BusinessCalendarError(
        'BUSINESS_CALENDAR.UNKNOWN_CALENDAR',
        `Unknown calendar ${JSON.stringify(calendar)}; expected one of ${CALENDAR_IDS.join(', ')}`,
      );
    }
    if (!Array.isArray(extraNonWorkingDays)) {
      throw new BusinessCalendarError(
        'BUSINESS_CALENDAR.INVALID_DATE',
        'Extra non-working days must be an array of YYYY-MM-DD dates',
      );
    }
    this.calendar = calendar;
    const extra = new Set<number>();
    for (const date of extraNonWorkingDays) {
      const { year, month, day } = parseIsoDate(date);
      extra.add(toEpochDay(year, month, day));
    }
    this.extra = extra;
    this.extraNonWorkingDays = Object.freeze(
      [...extra].sort((a, b) => a - b).map((d) => formatIsoDate(fromEpochDay(d))),
    );
  }

  /**
   * Whether federal offices on this calendar work on `date` ('YYYY-MM-DD').
   *
   * @example
   * new BusinessCalendar('MX').isWorkingDay('2024-10-01'); // false: inauguration day
   * new BusinessCalendar('MX').isWorkingDay('2022-05-02'); // true: 1 May fell on a Sunday
   */
  isWorkingDay(date: string): boolean {
    const { year, month, day } = parseIsoDate(date);
    assertSupportedYear(year);
    return this.isWorkingEpochDay(toEpochDay(year, month, day), year);
  }

  /**
   * The n-th working day after `date` ('YYYY-MM-DD'). `date` itself never counts, whether or
   * not it is a working day.
   *
   * @example
   * new BusinessCalendar('MX').addWorkingDays('2026-01-30', 1); // '2026-02-03' (2 Feb is a holiday)
   */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) {
      throw new BusinessCalendarError(
        'BUSINESS_CALENDAR.INVALID_BUSINESS_DAYS',
        `The number of business days must be an integer of at least 1, got ${n}`,
      );
    }
    const start = parseIsoDate(date);
    assertSupportedYear(start.year);
    let year = start.year;
    let epochDay = toEpochDay(start.year, start.month, start.day);
    let nextNewYear = toEpochDay(year + 1, 1, 1);
    let remaining = n;
    while (remaining > 0) {
      epochDay += 1;
      if (epochDay >= nextNewYear) {
        year += 1;
        assertSupportedYear(year);
        nextNewYear = toEpochDay(year + 1, 1, 1);
      }
      if (this.isWorkingEpochDay(epochDay, year)) remaining -= 1;
    }
    return formatIsoDate(fromEpochDay(epochDay));
  }

  private isWorkingEpochDay(epochDay: number, year: number): boolean {
    return (
      !isWeekend(epochDay) &&
      !this.extra.has(epochDay) &&
      !federalClosuresIn(this.calendar, year).has(epochDay)
    );
  }
}
