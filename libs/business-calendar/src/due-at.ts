import { DateTime } from 'luxon';
import { BusinessCalendar, type CalendarId } from './business-calendar';
import { BusinessCalendarError } from './business-calendar.errors';
import { formatIsoDate, parseIsoDate } from './iso-date';
import { assertValidDate, isZeroDuration, parseIsoDuration, shift } from './iso-duration';
import { ianaZone } from './time-zone';
import { resolveWallTime } from './wall-time';

/** n working days on a calendar: due at 18:00 local time on the n-th working day. */
export interface BusinessDaysSla {
  readonly businessDays: number;
  readonly calendar: CalendarId;
}

/** A plain ISO 8601 duration from activation, e.g. 'PT30S' or 'P2D'. */
export interface DurationSla {
  readonly duration: string;
}

export type Sla = BusinessDaysSla | DurationSla;

/** Local hour at which a business-day deadline falls. */
export const DUE_LOCAL_HOUR = 18;

// Calendars without agency extras are the common case: build each once.
const plainCalendars = new Map<CalendarId, BusinessCalendar>();

/**
 * When a step activated at `activatedAt` is due.
 *
 * - `{ businessDays: n, calendar }`: 18:00 local time in `timeZone` on the n-th working day
 *   after the local date of activation in `timeZone` — that date itself never counts, even
 *   when it is a working day and even at 00:01. The local date decides, not the UTC date.
 *   `extraNonWorkingDays` (the agency's own published days off, 'YYYY-MM-DD') are skipped too.
 * - `{ duration }`: `activatedAt` plus the duration, as {@link addDuration} does it: hours,
 *   minutes and seconds are elapsed time; days, weeks, months and years are calendar units in
 *   `timeZone` (P1D across a DST change keeps the local wall time). The duration must be
 *   greater than zero; `extraNonWorkingDays` do not apply to it.
 *
 * Throws a BusinessCalendarError on an invalid date, an unknown calendar or zone, a
 * `businessDays` that is not an integer ≥ 1, or a malformed or zero duration.
 *
 * @example
 * // Friday 6 March 2026, 10:00 in New York; the US changes to DST on Sunday 8 March.
 * dueAt(new Date('2026-03-06T15:00:00Z'), { businessDays: 1, calendar: 'US' }, 'America/New_York');
 * // → 2026-03-09T22:00:00.000Z (Monday 18:00 EDT)
 * dueAt(new Date('2026-03-06T15:00:00Z'), { duration: 'PT30S' }, 'America/New_York');
 * // → 2026-03-06T15:00:30.000Z
 */
export function dueAt(
  activatedAt: Date,
  sla: Sla,
  timeZone: string,
  extraNonWorkingDays?: readonly string[],
): Date {
  assertValidDate(activatedAt, 'activatedAt');
  const zone = ianaZone(timeZone);
  const hasBusinessDays = typeof sla === 'object' && sla !== null && 'businessDays' in sla;
  const hasDuration = typeof sla === 'object' && sla !== null && 'duration' in sla;
  if (hasBusinessDays === hasDuration) {
    throw new BusinessCalendarError(
      'BUSINESS_CALENDAR.INVALID_SLA',
      'An SLA is either { businessDays, calendar } or { duration }',
    );
  }

  if ('duration' in sla) {
    const duration = parseIsoDuration(sla.duration);
    if (isZeroDuration(duration)) {
      throw new BusinessCalendarError(
        'BUSINESS_CALENDAR.INVALID_DURATION',
        `An SLA duration must be greater than zero, got ${JSON.stringify(sla.duration)}`,
      );
    }
    return shift(activatedAt, duration, timeZone, 1);
  }

  const calendar = calendarFor(sla.calendar, extraNonWorkingDays);
  const local = DateTime.fromMillis(activatedAt.getTime(), { zone });
  const dueDate = parseIsoDate(
    calendar.addWorkingDays(
      formatIsoDate({ year: local.year, month: local.month, day: local.day }),
      sla.businessDays,
    ),
  );
  // From the zone's rules, not the server's date (see resolveWallTime). No zone skips 18:00
  // today; should one, luxon moves the time past the gap.
  const wall = resolveWallTime({ ...dueDate, hour: DUE_LOCAL_HOUR, minute: 0 }, timeZone);
  if (wall.kind === 'instant') return wall.at;
  return DateTime.fromObject({ ...dueDate, hour: DUE_LOCAL_HOUR }, { zone }).toJSDate();
}

function calendarFor(
  calendar: CalendarId,
  extraNonWorkingDays: readonly string[] | undefined,
): BusinessCalendar {
  if (extraNonWorkingDays !== undefined && extraNonWorkingDays.length > 0) {
    return new BusinessCalendar(calendar, extraNonWorkingDays);
  }
  // The constructor refuses an unknown id before anything is cached.
  let plain = plainCalendars.get(calendar);
  if (!plain) {
    plain = new BusinessCalendar(calendar);
    plainCalendars.set(calendar, plain);
  }
  return plain;
}
