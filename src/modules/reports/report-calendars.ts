import { BusinessCalendar, type CalendarId } from '@puentes/business-calendar';

/** A calendar the reports count working days on: an agency's (by id) or `binational`. */
export interface ReportCalendar {
  key: string;
  calendar: CalendarId;
  /** The agency's own days off, 'YYYY-MM-DD'. */
  extraNonWorkingDays: readonly string[];
}

/** Per calendar (in the order of `keys`), the running count of working days, as SQL takes it. */
export interface WorkingDayCounts {
  keys: string[];
  /** `counts[i][j]`: working days of calendar `keys[i]` from `first` to `first` + j days. */
  counts: number[][];
}

const DAY_MS = 86_400_000;

/**
 * Counts, for each calendar and each day from `first` to `last` ('YYYY-MM-DD', inclusive), the
 * working days since `first` (weekends, the federal holidays of the calendar's countries and
 * the agency's own days off are not). The working days of a span are then one subtraction:
 * those after its start date up to and including its end date. The business calendar library
 * decides what a working day is, so SQL never learns a holiday rule of its own.
 *
 * @example
 * // 2026-03-13 (Fri), 14, 15 (weekend), 16 (a Mexican holiday), 17 (Tue)
 * workingDayCounts([{ key: 'x', calendar: 'MX', extraNonWorkingDays: [] }], '2026-03-13', '2026-03-17');
 * // → { keys: ['x'], counts: [[1, 1, 1, 1, 2]] }
 */
export function workingDayCounts(
  calendars: readonly ReportCalendar[],
  first: string,
  last: string,
): WorkingDayCounts {
  const start = Date.parse(`${first}T00:00:00Z`);
  const end = Date.parse(`${last}T00:00:00Z`);
  const counts = calendars.map((entry) => {
    const calendar = new BusinessCalendar(entry.calendar, entry.extraNonWorkingDays);
    const running: number[] = [];
    let count = 0;
    for (let at = start; at <= end; at += DAY_MS) {
      if (calendar.isWorkingDay(new Date(at).toISOString().slice(0, 10))) count++;
      running.push(count);
    }
    return running;
  });
  return { keys: calendars.map((c) => c.key), counts };
}
