import { BusinessCalendar, type CalendarId } from '@puentes/business-calendar';

/** A calendar the reports count working days on: an agency's (by id) or `binational`. */
export interface ReportCalendar {
  key: string;
  calendar: CalendarId;
  /** The agency's own days off, 'YYYY-MM-DD'. */
  extraNonWorkingDays: readonly string[];
}

/** The non-working days of each calendar between two dates, as the parameters SQL takes. */
export interface NonWorkingDays {
  keys: string[];
  days: string[];
}

const DAY_MS = 86_400_000;

/**
 * Lists every non-working day (weekends, the federal holidays of the calendar's countries,
 * the agency's own days off) from `first` to `last` ('YYYY-MM-DD', inclusive) of each
 * calendar. The business calendar library decides what a working day is, so SQL never
 * learns a holiday rule of its own: it only counts the days this lists.
 */
export function nonWorkingDays(
  calendars: readonly ReportCalendar[],
  first: string,
  last: string,
): NonWorkingDays {
  const keys: string[] = [];
  const days: string[] = [];
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  for (const entry of calendars) {
    const calendar = new BusinessCalendar(entry.calendar, entry.extraNonWorkingDays);
    for (let at = start; at <= end; at += DAY_MS) {
      const day = new Date(at).toISOString().slice(0, 10);
      if (!calendar.isWorkingDay(day)) {
        keys.push(entry.key);
        days.push(day);
      }
    }
  }
  return { keys, days };
}
