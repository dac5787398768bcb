import { sameClock, zoneName } from './zones';

export interface DueText {
  /** "30 nov 2026, 18:00 hora estándar del Pacífico" — in the reader's zone, zone named. */
  local: string;
  /** The same instant on the owner's clock, when it differs from the reader's; else null. */
  owner: string | null;
  overdue: boolean;
  /** Whole days left (negative once overdue), counted in the reader's zone. */
  daysLeft: number;
}

const DAY = 86_400_000;

/** A date and time in `zone`, followed by the zone's human name. */
export function formatInstant(iso: string | Date, locale: string, zone: string): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);
  return `${text} ${zoneName(zone, locale, at)}`;
}

/**
 * The calendar date (`YYYY-MM-DD`, what a date input takes) of an instant on the clocks of `zone`.
 *
 * @example dateIn('2026-12-11T04:00:00Z', 'America/Tijuana') // '2026-12-10'
 */
export function dateIn(at: Date | string, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(typeof at === 'string' ? new Date(at) : at);
}

/** The calendar date of an instant in a zone, as a day number (for whole-day differences). */
function dayNumber(at: Date, zone: string): number {
  return Math.round(Date.parse(`${dateIn(at, zone)}T00:00:00Z`) / DAY);
}

/**
 * How a deadline reads to someone in `readerZone`: the time in their zone (zone named), the
 * owner's local time when their clock shows something else, whether it has passed, and the
 * days left by the reader's calendar.
 */
export function describeDue(
  dueAt: string,
  now: Date,
  locale: string,
  readerZone: string,
  ownerZone?: string | null,
): DueText {
  const due = new Date(dueAt);
  return {
    local: formatInstant(due, locale, readerZone),
    owner:
      ownerZone && !sameClock(ownerZone, readerZone, due)
        ? formatInstant(due, locale, ownerZone)
        : null,
    overdue: due.getTime() < now.getTime(),
    daysLeft: dayNumber(due, readerZone) - dayNumber(now, readerZone),
  };
}

/** How far `zone`'s clock is ahead of UTC at `at`, in milliseconds. */
function offsetOf(at: number, zone: string): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a wall-clock date (`2026-12-01`) and time (`09:30`) name in `zone`: what a
 * person typed in their own zone, as the API takes it. A time that occurs twice (clocks going
 * back) is its first occurrence; one that never occurs (skipped) moves forward by the gap.
 * Null for a malformed date or time.
 */
export function wallTimeToInstant(date: string, time: string, zone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(wall)) return null;
  // The zone's offset a day either side brackets the answer; the earlier fit wins.
  const candidates = [offsetOf(wall - 86_400_000, zone), offsetOf(wall + 86_400_000, zone)]
    .map((offset) => wall - offset)
    .filter((at) => at + offsetOf(at, zone) === wall)
    .sort((a, b) => a - b);
  return new Date(candidates[0] ?? wall - offsetOf(wall, zone));
}

/**
 * Every instant a wall-clock date (`2026-11-01`) and time (`01:30`) name in `zone`, earliest
 * first: one as a rule, two in the hour repeated when the clocks go back, none in the hour
 * they skip (or for a malformed date or time). The service takes the first of two.
 *
 * @example wallTimeInstants('2026-11-01', '01:30', 'America/New_York').length // 2
 */
export function wallTimeInstants(date: string, time: string, zone: string): Date[] {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return [];
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  // Not a calendar date and time (Feb 30, 24:00): Date.UTC would roll it over.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== `${date}T${time}`)
    return [];
  // A clock moves by hours at a transition, never by a day: the offsets a day either side
  // are every offset the zone can have at that wall time.
  const fits = new Set(
    [offsetOf(wall - 86_400_000, zone), offsetOf(wall + 86_400_000, zone)]
      .map((offset) => wall - offset)
      .filter((at) => at + offsetOf(at, zone) === wall),
  );
  return [...fits].sort((a, b) => a - b).map((at) => new Date(at));
}

/**
 * The wall time (`HH:MM`, 24-hour) on the clocks of `zone` at `now`, to the minute.
 *
 * @example wallClockIn('America/Hermosillo', new Date('2026-12-01T05:07:30Z')) // '22:07'
 */
export function wallClockIn(zone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(now);
}

/**
 * A time of day (not an instant) as the reader's language writes times: "6:00 PM" in
 * English (`en-US`), "18:00" in Spanish (`es-MX-u-hc-h23`) — the same words as every time
 * `formatInstant` writes. `locale` is a {@link FORMAT_LOCALES} locale.
 *
 * @example formatTimeOfDay(18, 0, 'en-US') // '6:00 PM'
 */
export function formatTimeOfDay(hour: number, minute: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2000, 0, 1, hour, minute)),
  );
}

/**
 * Whether a window of UTC dates (`YYYY-MM-DD`, both inclusive, either left open) ends before
 * it starts: `to` earlier than `from`. A window of one day (`from` = `to`) is fine.
 *
 * @example windowEndsBeforeStart('2026-05-31', '2026-05-01') // true
 */
export function windowEndsBeforeStart(from?: string, to?: string): boolean {
  return !!from && !!to && to < from;
}
