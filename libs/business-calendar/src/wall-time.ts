import { ianaZone } from './time-zone';

/** A wall-clock reading: what a clock on the wall of that zone shows. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

/** Why a wall time names no instant, or which instant it names. */
export type WallTimeResolution =
  | {
      kind: 'instant';
      at: Date;
      /** True in the hour repeated when clocks go back. */ ambiguous: boolean;
    }
  | { kind: 'skipped' } // the hour skipped when clocks go forward
  | { kind: 'invalid' }; // not a calendar date and time (Feb 30, 24:00)

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DAY_MS = 86_400_000;

/**
 * Parses `YYYY-MM-DDTHH:mm[:ss]` (no offset, no zone: a wall-clock reading).
 *
 * @example
 * parseWallTime('2026-11-01T01:30'); // { year: 2026, month: 11, day: 1, hour: 1, minute: 30 }
 * parseWallTime('2026-11-01T01:30Z'); // null
 */
export function parseWallTime(text: string): WallTime | null {
  const match = LOCAL.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((p) => Number(p ?? 0));
  return { year, month, day, hour, minute, second };
}

/**
 * The instant a wall-clock time names in an IANA zone, from the zone's rules alone, never from
 * today's date (luxon and `Date` guess from the current offset, so the hour repeated when
 * clocks go back gave one instant in summer and another in winter). Following the contract:
 * - a time that occurs twice (the repeated hour) means its **first** occurrence (the earlier
 *   instant, still on the summer offset), and says it was ambiguous;
 * - a time that never occurs (the skipped hour) is `skipped`, for the caller to refuse;
 * - a reading that is no calendar date and time is `invalid`.
 * Throws `BUSINESS_CALENDAR.UNKNOWN_TIME_ZONE` for a zone that is not one.
 *
 * @example
 * resolveWallTime({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York');
 * // { kind: 'instant', at: 2026-11-01T05:30:00.000Z (EDT, the first 01:30), ambiguous: true }
 * resolveWallTime({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, 'America/New_York');
 * // { kind: 'skipped' }
 */
export function resolveWallTime(wall: WallTime, timeZone: string): WallTimeResolution {
  const zone = ianaZone(timeZone);
  const second = wall.second ?? 0;
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, second);
  const check = new Date(asUtc);
  if (
    wall.year < 1 ||
    check.getUTCFullYear() !== wall.year ||
    check.getUTCMonth() !== wall.month - 1 ||
    check.getUTCDate() !== wall.day ||
    check.getUTCHours() !== wall.hour ||
    check.getUTCMinutes() !== wall.minute ||
    check.getUTCSeconds() !== second
  ) {
    return { kind: 'invalid' };
  }
  // Every offset the zone uses within a day either side; a transition moves a clock by hours,
  // never by more than a day. An offset fits when the zone really has it at that instant.
  const offsets = new Set([asUtc - DAY_MS, asUtc, asUtc + DAY_MS].map((t) => zone.offset(t)));
  const fits = [...offsets]
    .map((offset) => asUtc - offset * 60_000)
    .filter((t) => zone.offset(t) * 60_000 === asUtc - t)
    .sort((a, b) => a - b);
  if (fits.length === 0) return { kind: 'skipped' };
  return { kind: 'instant', at: new Date(fits[0]), ambiguous: fits.length > 1 };
}
