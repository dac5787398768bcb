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
 * True when a start as typed (a wall-clock date and time in `zone`) is not after `now`: the
 * service schedules a meeting, or moves it, only into the future (`MEETING.START_IN_PAST`),
 * comparing the instant it resolves the start to — the first of a repeated hour — with its
 * clock. False while the date or time is incomplete, skipped or not a calendar date (the form
 * says so on its own).
 *
 * @example startHasPassed('2020-01-15', '09:00', 'America/Tijuana') // true
 */
export function startHasPassed(
  date: string,
  time: string,
  zone: string,
  now = Date.now(),
): boolean {
  let first: Date | undefined;
  try {
    [first] = wallTimeInstants(date, time, zone);
  } catch {
    return false; // not a zone the browser knows: the zone field says so
  }
  return !!first && first.getTime() <= now;
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

/** What the edit form may change of a meeting: what `PATCH …/meetings/:m` accepts. */
export interface EditableMeeting {
  title: { en: string; es: string };
  /** The start as stated in `timeZone` (`2026-07-16T09:00`). */
  localStart: string;
  timeZone: string;
  durationMinutes: number;
  place: string | null;
  link: string | null;
}

/** The edit form's fields, as typed. */
export interface MeetingDraft {
  titleEs: string;
  titleEn: string;
  date: string;
  time: string;
  timeZone: string;
  duration: string;
  place: string;
  link: string;
}

/** A change the form sends, in the form's order: the names its summary and announcement use. */
export type MeetingChange = 'title' | 'start' | 'timeZone' | 'duration' | 'place' | 'link';

/** The body of `PATCH …/meetings/:m`. `null` removes the place or the link. */
export interface MeetingPatch {
  title?: { en: string; es: string };
  startsAt?: string;
  timeZone?: string;
  durationMinutes?: number;
  place?: string | null;
  link?: string | null;
}

/** The edit form filled with the meeting as it is. */
export function draftOf(meeting: EditableMeeting): MeetingDraft {
  const { date, time } = splitLocalStart(meeting.localStart);
  return {
    titleEs: meeting.title.es,
    titleEn: meeting.title.en,
    date,
    time,
    timeZone: meeting.timeZone,
    duration: String(meeting.durationMinutes),
    place: meeting.place ?? '',
    link: meeting.link ?? '',
  };
}

/**
 * The PATCH for what the form changed, and only that: every PATCH the service takes sends every
 * member a `meeting_rescheduled` notice with a calendar update at the next SEQUENCE, and a start
 * it is given is a move (the action items due in working days after the meeting follow it).
 * An untouched field is left out, so an unchanged start is no move — and a change another
 * co-chair saved meanwhile to a field this one left alone is not overwritten with the value the
 * form was opened with. A new zone sends the start too: the same wall time, read in that zone.
 * Texts are compared and sent trimmed; an emptied place or link is `null` (removed).
 *
 * @example
 * meetingPatch(meeting, { ...draftOf(meeting), duration: '120' })
 * // { body: { durationMinutes: 120 }, changes: ['duration'] }
 */
export function meetingPatch(
  meeting: EditableMeeting,
  draft: MeetingDraft,
): { body: MeetingPatch; changes: MeetingChange[] } {
  const body: MeetingPatch = {};
  const changes: MeetingChange[] = [];
  const title = { es: draft.titleEs.trim(), en: draft.titleEn.trim() };
  if (title.es !== meeting.title.es.trim() || title.en !== meeting.title.en.trim()) {
    // The service takes a title in both languages or none.
    body.title = title;
    changes.push('title');
  }
  const localStart = `${draft.date}T${draft.time}`;
  if (localStart !== meeting.localStart.slice(0, 16)) {
    body.startsAt = localStart;
    changes.push('start');
  }
  if (draft.timeZone !== meeting.timeZone) {
    body.startsAt = localStart;
    body.timeZone = draft.timeZone;
    changes.push('timeZone');
  }
  // By value: "090" is the same 90 minutes (an empty field is 0, and refused before sending).
  const duration = Number(draft.duration.trim());
  if (duration !== meeting.durationMinutes) {
    body.durationMinutes = duration;
    changes.push('duration');
  }
  const place = draft.place.trim();
  if (place !== (meeting.place ?? '').trim()) {
    body.place = place || null;
    changes.push('place');
  }
  const link = draft.link.trim();
  if (link !== (meeting.link ?? '').trim()) {
    body.link = link || null;
    changes.push('link');
  }
  return { body, changes };
}

/** The service's bounds of a meeting's length, in minutes (`durationMinutes`). */
export const MIN_DURATION = 15;
export const MAX_DURATION = 720;

/**
 * True when a length as typed is one the service takes: whole minutes from 15 to 720.
 *
 * @example durationIsValid('90') // true; durationIsValid('1.5'), durationIsValid('') // false
 */
export function durationIsValid(text: string): boolean {
  if (!/^\d+$/.test(text.trim())) return false;
  const minutes = Number(text.trim());
  return minutes >= MIN_DURATION && minutes <= MAX_DURATION;
}

/**
 * True when a video link as typed can be sent: empty (none), or a whole http(s) address. The
 * service checks it further (a host with a domain, `errors[].field` = `link`), and the form shows
 * that on the field too.
 *
 * @example linkIsValid('https://meet.example.gov/son-az') // true; linkIsValid('meet.example.gov') // false
 */
export function linkIsValid(text: string): boolean {
  const link = text.trim();
  if (!link) return true;
  if (!/^https?:\/\/\S+$/i.test(link)) return false;
  try {
    return Boolean(new URL(link).hostname);
  } catch {
    return false;
  }
}
