export type BusinessCalendarErrorCode =
  | 'BUSINESS_CALENDAR.UNKNOWN_CALENDAR'
  | 'BUSINESS_CALENDAR.INVALID_DATE'
  | 'BUSINESS_CALENDAR.YEAR_OUT_OF_RANGE'
  | 'BUSINESS_CALENDAR.INVALID_SLA'
  | 'BUSINESS_CALENDAR.INVALID_BUSINESS_DAYS'
  | 'BUSINESS_CALENDAR.INVALID_DURATION'
  | 'BUSINESS_CALENDAR.UNKNOWN_TIME_ZONE';

/**
 * The only error this library throws on bad input. It carries a stable `code` so the app can
 * map it (usually to a 400 problem+json) without parsing messages.
 *
 * @example
 * try {
 *   holidays('CA' as 'MX', 2026);
 * } catch (e) {
 *   if (e instanceof BusinessCalendarError) console.log(e.code); // 'BUSINESS_CALENDAR.UNKNOWN_CALENDAR'
 * }
 */
export class BusinessCalendarError extends Error {
  override readonly name = 'BusinessCalendarError';

  constructor(
    readonly code: BusinessCalendarErrorCode,
    message: string,
  ) {
    super(message);
  }
}
