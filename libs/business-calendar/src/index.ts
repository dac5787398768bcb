// Public face of @puentes/business-calendar: Mexican and U.S. federal holidays, business days
// on MX/US/binational calendars, and step deadlines in IANA time zones. Pure: no I/O, no clock.
export { BusinessCalendarError, type BusinessCalendarErrorCode } from './business-calendar.errors';
export {
  type Country,
  type FixedDateRule,
  type HolidayRule,
  type HolidayTable,
  type LocalizedName,
  type NthWeekdayRule,
  type ObservancePolicy,
} from './holiday-rule';
export type { Weekday } from './iso-date';
export { MEXICO_HOLIDAYS } from './mexico-holidays';
export { UNITED_STATES_HOLIDAYS } from './united-states-holidays';
export { HOLIDAY_TABLES, SUPPORTED_YEARS, type Holiday, holidays } from './holidays';
export { BusinessCalendar, CALENDAR_IDS, type CalendarId, isCalendarId } from './business-calendar';
export { isValidTimeZone } from './time-zone';
export { type ZoneName, peopleZoneName } from './zone-names';
export {
  type IsoDuration,
  addDuration,
  isZeroDuration,
  parseIsoDuration,
  subtractDuration,
} from './iso-duration';
export { type BusinessDaysSla, DUE_LOCAL_HOUR, type DurationSla, type Sla, dueAt } from './due-at';
export {
  type WallTime,
  type WallTimeResolution,
  parseWallTime,
  resolveWallTime,
} from './wall-time';
