/** The parts of an ISO 8601 duration; `seconds` may carry up to three decimals. */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  negative: boolean;
}

// Fractions only on seconds (at most milliseconds): a fractional month or day has no single
// meaning once business calendars and time zones are involved.
const ISO_DURATION =
  /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,3})?)S)?)?$/;

/**
 * Parses an ISO 8601 duration such as `P3D`, `PT10S`, `P1DT2H` or `P2W`.
 *
 * Returns null when the text is malformed: no designator (`P`, `PT`), no leading `P` (`3D`),
 * a `T` with no time part, lower case, or a fraction anywhere but on seconds. A leading minus
 * (`-P1D`) is accepted and reported as `negative`; callers decide whether that is allowed.
 *
 * @example
 * parseIsoDuration('P1DT2H'); // { years: 0, months: 0, weeks: 0, days: 1, hours: 2, ... }
 * parseIsoDuration('PT0.5S')?.seconds; // 0.5
 * parseIsoDuration('P'); // null
 */
export function parseIsoDuration(text: string): IsoDuration | null {
  if (typeof text !== 'string') return null;
  const match = ISO_DURATION.exec(text);
  if (!match) return null;
  const [, minus, years, months, weeks, days, hours, minutes, seconds] = match;
  if ([years, months, weeks, days, hours, minutes, seconds].every((part) => part === undefined)) {
    return null;
  }
  if (text.includes('T') && [hours, minutes, seconds].every((part) => part === undefined)) {
    return null;
  }
  const value = (part: string | undefined): number => (part === undefined ? 0 : Number(part));
  return {
    years: value(years),
    months: value(months),
    weeks: value(weeks),
    days: value(days),
    hours: value(hours),
    minutes: value(minutes),
    seconds: value(seconds),
    negative: minus === '-',
  };
}

/**
 * Whether a parsed duration is zero (every part zero, whatever its sign).
 *
 * @example
 * isZeroDuration(parseIsoDuration('PT0S')!); // true
 */
export function isZeroDuration(duration: IsoDuration): boolean {
  return (
    duration.years === 0 &&
    duration.months === 0 &&
    duration.weeks === 0 &&
    duration.days === 0 &&
    duration.hours === 0 &&
    duration.minutes === 0 &&
    duration.seconds === 0
  );
}

/**
 * Adds (or, with `direction` -1, subtracts) an ISO 8601 duration to an instant in UTC: years
 * and months move the calendar date and clamp to the month's last day (31 January + P1M is
 * the last day of February); weeks, days and time parts are exact elapsed time. Business-day
 * deadlines are the calendar library's job; this is for `{ duration }` SLAs and for reminder
 * and escalation offsets from a `dueAt`. Throws on a malformed duration.
 *
 * @example
 * addIsoDuration(new Date('2026-01-31T18:00:00Z'), 'P1M'); // 2026-02-28T18:00:00.000Z
 * addIsoDuration(new Date('2026-03-10T18:00:00Z'), 'P1D', -1); // 2026-03-09T18:00:00.000Z
 */
export function addIsoDuration(
  at: Date,
  duration: string | IsoDuration,
  direction: 1 | -1 = 1,
): Date {
  const parsed = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  if (!parsed) throw new RangeError(`Malformed ISO 8601 duration: ${String(duration)}`);
  const sign = (parsed.negative ? -1 : 1) * direction;
  const result = new Date(at.getTime());
  const totalMonths = sign * (parsed.years * 12 + parsed.months);
  if (totalMonths !== 0) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + totalMonths);
    const lastDay = new Date(
      Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0),
    ).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  const elapsedMs =
    ((((parsed.weeks * 7 + parsed.days) * 24 + parsed.hours) * 60 + parsed.minutes) * 60 +
      parsed.seconds) *
    1000;
  return new Date(result.getTime() + sign * Math.round(elapsedMs));
}
