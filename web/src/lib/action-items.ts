/**
 * What the service takes for an action item's due date (`CreateActionItemDto`, checked by
 * `actionItemDue`), so the form refuses the same before sending and says why.
 */

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
 * The meeting's date the service names when it refuses a due date before it ("…before its
 * meeting (2026-12-10)"): on the owner agency's clocks, which the form does not know, so it
 * may be a day off the meeting's own. Null when the refusal names none.
 */
export function meetingDateOfRefusal(message: string): string | null {
  return /\bbefore its meeting \((\d{4}-\d{2}-\d{2})\)/.exec(message)?.[1] ?? null;
}
