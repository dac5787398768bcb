import { BusinessCalendarError } from './business-calendar.errors';

/**
 * Plain civil-date arithmetic on 'YYYY-MM-DD' strings and "epoch days" (days since
 * 1970-01-01). Dates here have no time zone: they are the local dates of whoever asks.
 */

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses a strict 'YYYY-MM-DD' that names a real date (no 2026-02-30). */
export function parseIsoDate(value: string): CivilDate {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return { year, month, day };
    }
  }
  throw new BusinessCalendarError(
    'BUSINESS_CALENDAR.INVALID_DATE',
    `Expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(value)}`,
  );
}

export function toEpochDay(year: number, month: number, day: number): number {
  // Date.UTC maps years 0–99 to 1900–1999; every year we accept is ≥ 2000.
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export function fromEpochDay(epochDay: number): CivilDate {
  const date = new Date(epochDay * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function formatIsoDate({ year, month, day }: CivilDate): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function isoWeekday(epochDay: number): Weekday {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return (((((epochDay + 3) % 7) + 7) % 7) + 1) as Weekday;
}

export function isWeekend(epochDay: number): boolean {
  return isoWeekday(epochDay) >= 6;
}
