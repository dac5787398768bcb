import {
  type BusinessDaysSla,
  BusinessCalendarError,
  DUE_LOCAL_HOUR,
  dueAt,
  parseWallTime,
  resolveWallTime,
} from '@puentes/business-calendar';
import { DateTime } from 'luxon';
import { type CodedFieldError, throwIfInvalid } from '@app/common/errors/domain-error';

export interface ActionItemDue {
  /** The owner's local date. */
  dueDate: string;
  dueAt: Date;
  /** Kept when the date was given as business days, to say how it was reckoned. */
  dueRule: BusinessDaysSla | null;
}

/**
 * When an action item is due: 18:00 in the owner agency's zone, on the plain date given or on
 * the n-th business day after the meeting's local date there (the calendar's holidays and
 * the agency's own days off skipped, as for workflow steps). Not before the meeting's date.
 * Throws a 400 naming the field for anything else.
 *
 * @example
 * actionItemDue({ dueIn: { businessDays: 1, calendar: 'US' } },
 *   new Date('2026-07-02T16:00:00Z'), 'America/Denver', []);
 * // { dueDate: '2026-07-06', dueAt: 2026-07-07T00:00:00.000Z, dueRule: {…} } (3 July observed)
 */
export function actionItemDue(
  given: { dueDate?: string; dueIn?: BusinessDaysSla },
  meetingStartsAt: Date,
  ownerTimeZone: string,
  ownerNonWorkingDays: readonly string[],
): ActionItemDue {
  const problem = (field: string, message: string): CodedFieldError => ({
    field,
    message,
    code: 'ACTION_ITEM.INVALID_DUE',
  });
  if ((given.dueDate === undefined) === (given.dueIn === undefined)) {
    throwIfInvalid([
      problem('dueDate', 'give either dueDate or dueIn, not both and not neither'),
      problem('dueIn', 'give either dueDate or dueIn, not both and not neither'),
    ]);
  }
  const meetingDate = DateTime.fromJSDate(meetingStartsAt, { zone: ownerTimeZone }).toISODate()!;
  if (given.dueIn) {
    try {
      const at = dueAt(meetingStartsAt, given.dueIn, ownerTimeZone, ownerNonWorkingDays);
      return {
        dueDate: DateTime.fromJSDate(at, { zone: ownerTimeZone }).toISODate()!,
        dueAt: at,
        dueRule: { businessDays: given.dueIn.businessDays, calendar: given.dueIn.calendar },
      };
    } catch (error) {
      if (error instanceof BusinessCalendarError) {
        throwIfInvalid([problem('dueIn', error.message)]);
      }
      throw error;
    }
  }
  // 18:00 on that date where the owner works, from the zone's rules, not the server's date.
  const wall = parseWallTime(`${given.dueDate}T${String(DUE_LOCAL_HOUR).padStart(2, '0')}:00`);
  const resolved = wall ? resolveWallTime(wall, ownerTimeZone) : undefined;
  if (resolved?.kind !== 'instant') {
    throwIfInvalid([problem('dueDate', `${given.dueDate} is not a calendar date`)]);
    throw new Error('unreachable: throwIfInvalid threw');
  }
  if (given.dueDate! < meetingDate) {
    throwIfInvalid([
      problem('dueDate', `an action item cannot be due before its meeting (${meetingDate})`),
    ]);
  }
  return { dueDate: given.dueDate!, dueAt: resolved.at, dueRule: null };
}
