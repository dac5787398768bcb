/**
 * What the service takes for an action item's due date (`CreateActionItemDto`, checked by
 * `actionItemDue`), so the form refuses the same before sending and says why.
 */

import { dateIn } from './dates';

/** The hour an item falls due on its date, in the owner agency's zone (the service's `DUE_LOCAL_HOUR`). */
export const DUE_LOCAL_HOUR = 18;
/** The service's bounds of a number of working days (`dueIn.businessDays`). */
export const MIN_BUSINESS_DAYS = 1;
export const MAX_BUSINESS_DAYS = 250;
/** The latest date the service reads: a year of four digits (`YYYY-MM-DD`). */
export const LATEST_DUE_DATE = '9999-12-31';

/**
 * True when a number of working days as typed is one the service takes: a whole number from
 * 1 to 250.
 *
 * @example businessDaysAreValid('10') // true; businessDaysAreValid('251'), businessDaysAreValid('2.5') // false
 */
export function businessDaysAreValid(text: string): boolean {
  if (!/^\d+$/.test(text.trim())) return false;
  const days = Number(text.trim());
  return days >= MIN_BUSINESS_DAYS && days <= MAX_BUSINESS_DAYS;
}

/** Why a due date as typed cannot be sent (see `dueDateProblem`). */
export type DueDateProblem = 'missing' | 'tooLate' | 'beforeMeeting' | 'past';

/**
 * Why a due date as typed cannot be sent:
 * - `missing`: no whole date (a date field half filled in gives none);
 * - `tooLate`: after 31 December 9999 (a date field takes years of five digits and more; the
 *   service reads four);
 * - `past`: before today — an item would be overdue as soon as it is assigned (the service
 *   refuses a date before the meeting's, and the form any day gone);
 * - `beforeMeeting`: not past, but before the date of a meeting still ahead.
 * Null when it may be sent. `today` and `meetingDate` are `YYYY-MM-DD`; the earliest date
 * taken is `earliestDueDate`.
 *
 * @example dueDateProblem('2027-01-10', { today: '2027-01-05', meetingDate: '2027-01-12' }) // 'beforeMeeting'
 */
export function dueDateProblem(
  date: string,
  { today, meetingDate }: { today: string; meetingDate: string },
): DueDateProblem | null {
  if (/^\+?\d{5,}-\d{2}-\d{2}$/.test(date)) return 'tooLate';
  if (!isCalendarDate(date)) return 'missing';
  if (date < today) return 'past';
  if (date < meetingDate) return 'beforeMeeting';
  return null;
}

/** The earliest due date the form offers: today, or the meeting's date when it is later. */
export function earliestDueDate({ today, meetingDate }: { today: string; meetingDate: string }) {
  return meetingDate > today ? meetingDate : today;
}

/** A `YYYY-MM-DD` that names a day of the calendar (no 2027-02-30). */
function isCalendarDate(date: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  return at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}

/**
 * The dates a due date is checked against, as the service checks it (`actionItemDue`): on the
 * clocks of the owner agency, where the item falls due (18:00 there). `today` is that zone's
 * date now, `meetingDate` the meeting's date there — a day off the meeting's own date when the
 * meeting is near midnight in its zone. `zone` is the owner agency's IANA zone.
 *
 * @example
 * // 23:30 on 10 December in Tijuana is already 11 December in New York.
 * dueDateBounds(new Date('2026-12-01T12:00:00Z'), '2026-12-11T07:30:00Z', 'America/New_York')
 * // { today: '2026-12-01', meetingDate: '2026-12-11' }
 */
export function dueDateBounds(
  now: Date,
  meetingStartsAt: string | Date,
  zone: string,
): { today: string; meetingDate: string } {
  return { today: dateIn(now, zone), meetingDate: dateIn(meetingStartsAt, zone) };
}
