import { wallTimeInstants } from './dates';

/**
 * What a meeting's start, as typed (a wall-clock date and time in a zone), may surprise its
 * members with. None of it stops the scheduling — a binational group may well meet on a
 * Saturday — except `skipped`, which the service refuses.
 */
export interface StartCheck {
  /** The date falls on a weekend, when the agencies' offices are closed. */
  weekend: 'saturday' | 'sunday' | null;
  /** The time is at night (21:00 to 06:59), most often a.m. typed for p.m. */
  night: boolean;
  /**
   * The time occurs twice that night (the clocks go back): both instants, earliest first.
   * The service takes the first (the contract); the page says so.
   */
  repeated: { first: Date; second: Date } | null;
  /** The time never occurs that night (the clocks skip it): the service refuses it. */
  skipped: boolean;
}

/** From 21:00 to 06:59 a time is at night: nobody calls a meeting then on purpose. */
const NIGHT_FROM = 21;
const NIGHT_UNTIL = 7;

/**
 * Checks a start before it is sent: the weekend, the night, the hour repeated or skipped when
 * the clocks change in `zone`. Null while the date or time is incomplete or not a calendar
 * date and time (the form says so on its own).
 *
 * @example checkStart('2026-11-01', '01:30', 'America/Matamoros')
 * // { weekend: 'sunday', night: true, repeated: { first: 06:30Z, second: 07:30Z }, skipped: false }
 */
export function checkStart(date: string, time: string, zone: string): StartCheck | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 16) !== `${date}T${time}`)
    return null;
  // The weekday of the date as typed: it is the meeting's own calendar date.
  const weekday = new Date(wall).getUTCDay();
  const hour = Number(t[1]);
  let instants: Date[];
  try {
    instants = wallTimeInstants(date, time, zone);
  } catch {
    return null; // not a zone the browser knows: the zone field says so
  }
  return {
    weekend: weekday === 6 ? 'saturday' : weekday === 0 ? 'sunday' : null,
    night: hour >= NIGHT_FROM || hour < NIGHT_UNTIL,
    repeated: instants.length === 2 ? { first: instants[0], second: instants[1] } : null,
    skipped: instants.length === 0,
  };
}

/**
 * `2026-07-16T09:00` (a meeting's `localStart`) as the date and time fields hold it.
 *
 * @example splitLocalStart('2026-07-16T09:00') // { date: '2026-07-16', time: '09:00' }
 */
export function splitLocalStart(localStart: string): { date: string; time: string } {
  return { date: localStart.slice(0, 10), time: localStart.slice(11, 16) };
}

/**
 * True once a meeting has begun: its minutes may be published, and its agenda, time and place
 * are settled (the service refuses changes with a 409).
 */
export function hasBegun(startsAt: string, now: number): boolean {
  return Date.parse(startsAt) <= now;
}

/**
 * True when a meeting's title says no more than its kind: one scheduled without a title takes
 * its kind's label ("Extraordinary meeting") as title, and is better named by kind and date.
 */
export function titleIsKind(title: string, kindLabel: string): boolean {
  return title.trim().toLocaleLowerCase() === kindLabel.trim().toLocaleLowerCase();
}
