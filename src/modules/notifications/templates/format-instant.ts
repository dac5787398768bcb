import { peopleZoneName } from '@puentes/business-calendar';
import { DateTime } from 'luxon';
import type { NotificationLocale } from './notification-kinds';

/** An instant as a recipient reads it: in their zone, with that zone spelled out. */
export interface FormattedInstant {
  /**
   * For subject lines: `Fri, Dec 4, 6:00 PM Arizona time (MST)` /
   * `vie 4 dic, 18:00 (hora de Hermosillo)`.
   */
  readonly short: string;
  /**
   * For bodies, with the year and the UTC offset so that nobody has to know what a zone name
   * means: `Friday, December 4, 2026, at 6:00 PM Arizona time (MST, UTC−7)` /
   * `viernes 4 de diciembre de 2026 a las 18:00 (hora de Hermosillo, UTC−7)`.
   */
  readonly long: string;
}

// A zone's letters at one of its offsets ('EST' for New York at −300) are the same every time:
// luxon asks ICU for them on each call (3 % of the email worker's CPU in a burst of reminders,
// docs/benchmarks.md), so each is asked once. Bounded: zones × their few offsets.
const LETTERS = new Map<string, string>();

function zoneLetters(local: DateTime): string {
  const key = `${local.locale}|${local.zoneName}|${local.offset}`;
  let letters = LETTERS.get(key);
  if (letters === undefined) {
    letters = local.offsetNameShort ?? '';
    if (LETTERS.size < 1_000) LETTERS.set(key, letters);
  }
  return letters;
}

/**
 * Formats `at` for a reader in `timeZone` (IANA), in their language, always naming the zone as
 * people name it and never by its IANA id: in English by its letters (`EST`, `MDT`), or by
 * name where letters are missing or misleading (`Arizona time (MST)`, `Sonora time (UTC−7)`);
 * in Spanish by name (`hora del Centro de México`); else by the offset (`UTC−7`). An unknown zone is shown in UTC,
 * said so, rather than failing the whole notification.
 *
 * @example
 * formatInstant(new Date('2026-12-05T01:00:00Z'), 'America/New_York', 'en').short;
 * // 'Fri, Dec 4, 8:00 PM EST'
 */
export function formatInstant(
  at: Date,
  timeZone: string,
  locale: NotificationLocale,
): FormattedInstant {
  const luxonLocale = locale === 'es' ? 'es-MX' : 'en-US';
  let local = DateTime.fromJSDate(at, { zone: timeZone }).setLocale(luxonLocale);
  if (!local.isValid) local = DateTime.fromJSDate(at, { zone: 'UTC' }).setLocale(luxonLocale);
  if (!local.isValid) throw new RangeError(`Cannot format an invalid date: ${String(at)}`);

  const offset = utcOffsetLabel(local.offset);
  if (locale === 'en') {
    const abbreviation = zoneLetters(local);
    // en-US has letters for U.S. zones and a few others; elsewhere ICU says "GMT-7".
    const letters = /^[A-Z]{2,5}$/.test(abbreviation) ? abbreviation : undefined;
    const time = local.toFormat('ccc, LLL d, h:mm a');
    const date = local.toFormat("cccc, LLLL d, yyyy, 'at' h:mm a");
    const name = namedZone(timeZone, 'en', local.offset);
    if (name) {
      // "MST" alone does not say whether Arizona (no daylight time) or Denver is meant, and
      // "CST" reads as U.S. Central to a U.S. reader of a Mexico City time.
      return {
        short: `${time} ${name} (${letters ?? offset})`,
        long: `${date} ${name} (${letters ? `${letters}, ${offset}` : offset})`,
      };
    }
    const zone = letters ?? offset;
    const withOffset = zone === offset ? zone : `${zone} (${offset})`;
    return { short: `${time} ${zone}`, long: `${date} ${withOffset}` };
  }

  const name = namedZone(timeZone, 'es', local.offset) ?? offset;
  const withOffset = name === offset ? name : `${name}, ${offset}`;
  // Some ICU versions abbreviate "vie." and "dic."; officials write them without the dot.
  const weekday = local.toFormat('ccc').replace(/\.$/, '');
  const month = local.toFormat('LLL').replace(/\.$/, '');
  const time = local.toFormat('HH:mm');
  // "a la 01:30" but "a las 18:00": one o'clock is singular in Spanish.
  const preposition = local.hour === 1 ? 'a la' : 'a las';
  return {
    short: `${weekday} ${local.day} ${month}, ${time} (${name})`,
    long: `${local.toFormat("cccc d 'de' LLLL 'de' yyyy")} ${preposition} ${time} (${withOffset})`,
  };
}

/** `UTC−7`, `UTC+5:30`, `UTC`: with a real minus sign, as typeset offsets are written. */
function utcOffsetLabel(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes < 0 ? '\u2212' : '+';
  const hours = Math.floor(Math.abs(offsetMinutes) / 60);
  const minutes = Math.abs(offsetMinutes) % 60;
  return `UTC${sign}${hours}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}`;
}

/** The zone's own name in `language` (`ZONE_NAMES`), under a link's canonical id too. */
function namedZone(
  timeZone: string,
  language: NotificationLocale,
  offsetMinutes: number,
): string | undefined {
  return (
    peopleZoneName(timeZone, language, offsetMinutes) ??
    peopleZoneName(canonicalZone(timeZone), language, offsetMinutes)
  );
}

/**
 * ICU's canonical name for a zone link (`US/Arizona` → `America/Phoenix`). Remembered: asking
 * ICU builds a formatter, a cost paid for every email otherwise; zones are a few hundred names.
 */
function canonicalZone(timeZone: string): string {
  let canonical = canonicalZones.get(timeZone);
  if (canonical === undefined) {
    try {
      canonical = new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
    } catch {
      canonical = timeZone;
    }
    if (canonicalZones.size < 1_000) canonicalZones.set(timeZone, canonical);
  }
  return canonical;
}
const canonicalZones = new Map<string, string>();
