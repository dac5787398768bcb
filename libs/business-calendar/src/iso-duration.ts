import { DateTime } from 'luxon';
import { BusinessCalendarError } from './business-calendar.errors';
import { ianaZone } from './time-zone';

/** A parsed ISO 8601 duration; every field is a non-negative integer. */
export interface IsoDuration {
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  readonly milliseconds: number;
}

// PnYnMnWnDTnHnMnS, integers only, except up to three decimals on the seconds. Weeks may be
// combined with other units (ISO 8601-1:2019 allows it). No sign: a negative SLA, reminder or
// escalation offset is a mistake the caller must see.
const ISO_DURATION =
  /^P(?:(\d{1,9})Y)?(?:(\d{1,9})M)?(?:(\d{1,9})W)?(?:(\d{1,9})D)?(?:T(?:(\d{1,9})H)?(?:(\d{1,9})M)?(?:(\d{1,12})(?:[.,](\d{1,3}))?S)?)?$/;

/**
 * Parses a strict ISO 8601 duration such as 'P3D', 'PT30S', 'P1DT12H' or 'PT0.5S'.
 * Throws BUSINESS_CALENDAR.INVALID_DURATION for anything else: a sign, a fraction on a unit
 * other than seconds, lowercase letters, 'P' or 'PT' alone, a dangling 'T'.
 *
 * @example
 * parseIsoDuration('P1DT2H'); // { years: 0, months: 0, weeks: 0, days: 1, hours: 2, … }
 */
export function parseIsoDuration(iso: string): IsoDuration {
  const match = typeof iso === 'string' ? ISO_DURATION.exec(iso) : null;
  if (!match || iso === 'P' || iso.endsWith('T')) {
    throw new BusinessCalendarError(
      'BUSINESS_CALENDAR.INVALID_DURATION',
      `Expected an ISO 8601 duration such as 'P3D' or 'PT30S', got ${JSON.stringify(iso)}`,
    );
  }
  const int = (group: string | undefined): number => (group === undefined ? 0 : Number(group));
  return Object.freeze({
    years: int(match[1]),
    months: int(match[2]),
    weeks: int(match[3]),
    days: int(match[4]),
    hours: int(match[5]),
    minutes: int(match[6]),
    seconds: int(match[7]),
    milliseconds: match[8] === undefined ? 0 : Number(match[8].padEnd(3, '0')),
  });
}

/**
 * Whether every component is zero ('PT0S', 'P0D'): fine for a reminder's `before` or an
 * escalation's `after`, not for an SLA.
 *
 * @example
 * isZeroDuration(parseIsoDuration('PT0S')); // true
 */
export function isZeroDuration(duration: IsoDuration): boolean {
  return Object.values(duration).every((value) => value === 0);
}

/**
 * `date` plus an ISO 8601 duration. Years, months, weeks and days are calendar units counted
 * on the local calendar of `timeZone`, so 'P1D' keeps the local wall time across a DST change
 * (23 or 25 hours of elapsed time) and 'P1M' from 31 January gives the last day of February.
 * Hours, minutes and seconds are elapsed time ('PT24H' is always 86 400 s). The calendar part
 * is applied first, then the elapsed part. A wall time the calendar part lands on that does
 * not exist (spring forward) moves forward by the gap; a repeated one (fall back) keeps the
 * UTC offset it started from where it can.
 *
 * @example
 * // 17:00 in New York the day before the March 2026 change → 17:00 the next day, 23 h later
 * addDuration(new Date('2026-03-07T22:00:00Z'), 'P1D', 'America/New_York');
 * // → 2026-03-08T21:00:00.000Z
 */
export function addDuration(date: Date, iso: string, timeZone: string): Date {
  return shift(date, parseIsoDuration(iso), timeZone, 1);
}

/**
 * `date` minus an ISO 8601 duration: the exact mirror of {@link addDuration} (each
 * component negated, calendar part first, then elapsed part). Reminders fire at
 * `subtractDuration(dueAt, before, zone)`.
 *
 * @example
 * subtractDuration(new Date('2026-03-10T22:00:00Z'), 'P3D', 'America/New_York');
 * // → 2026-03-07T23:00:00.000Z (18:00 EST; the due time was 18:00 EDT)
 */
export function subtractDuration(date: Date, iso: string, timeZone: string): Date {
  return shift(date, parseIsoDuration(iso), timeZone, -1);
}

export function assertValidDate(date: Date, what = 'date'): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new BusinessCalendarError(
      'BUSINESS_CALENDAR.INVALID_DATE',
      `Expected a valid Date for ${what}, got ${String(date)}`,
    );
  }
}

/** Shared by addDuration, subtractDuration and dueAt, which has already parsed the duration. */
export function shift(date: Date, duration: IsoDuration, timeZone: string, sign: 1 | -1): Date {
  assertValidDate(date);
  const zone = ianaZone(timeZone);
  const { years, months, weeks, days, hours, minutes, seconds, milliseconds } = duration;
  let millis = date.getTime();
  if (years !== 0 || months !== 0 || weeks !== 0 || days !== 0) {
    const local = DateTime.fromMillis(millis, { zone }).plus({
      years: sign * years,
      months: sign * months,
      weeks: sign * weeks,
      days: sign * days,
    });
    millis = local.isValid ? local.toMillis() : NaN;
  }
  millis += sign * (((hours * 60 + minutes) * 60 + seconds) * 1000 + milliseconds);
  const result = new Date(millis);
  if (Number.isNaN(result.getTime())) {
    throw new BusinessCalendarError(
      'BUSINESS_CALENDAR.INVALID_DURATION',
      `Shifting ${date.toISOString()} by this duration leaves the representable time range`,
    );
  }
  return result;
}
