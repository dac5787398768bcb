/**
 * ISO 8601 durations (`P3D`, `PT0S`, `P1DT12H`: an approval chain's SLAs, reminders and
 * escalations) in words a person reads, in the reader's language. Pure: the chain editor and
 * the published chain's page both word them through here.
 */
import { type DateTimeDuration, parseDuration as parseIsoDuration } from '@internationalized/date';
import type { MessageId } from '../i18n/i18n';

/** A duration's parts; `seconds` may have a fraction (`PT0.5S`). */
export type DurationParts = Required<DateTimeDuration>;

/**
 * The parts of an ISO 8601 duration, or null for anything else (`3 days`, `P`, `PT`) and for a
 * signed one (`-P1D`), which the service refuses too.
 */
export function parseDuration(iso: string): DurationParts | null {
  const text = iso.trim();
  if (/^[+-]/.test(text)) return null;
  try {
    return parseIsoDuration(text);
  } catch {
    return null;
  }
}

const UNITS = [
  ['years', 'year'],
  ['months', 'month'],
  ['weeks', 'week'],
  ['days', 'day'],
  ['hours', 'hour'],
  ['minutes', 'minute'],
  ['seconds', 'second'],
] as const;

/**
 * A duration in words, in an Intl locale (`FORMAT_LOCALES`): its parts as units of the
 * locale, joined as a list; null when `iso` is not a duration. A zero duration is "0 minutes".
 *
 * @example
 * formatDuration('P1DT12H', 'en-US'); // "1 day and 12 hours"
 * formatDuration('PT30M', 'es-MX'); // "30 minutos"
 */
export function formatDuration(iso: string, locale: string): string | null {
  const parts = parseDuration(iso);
  if (!parts) return null;
  const unit = (value: number, name: (typeof UNITS)[number][1]) =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'long' }).format(value);
  const words = UNITS.filter(([key]) => parts[key] > 0).map(([key, name]) =>
    unit(parts[key], name),
  );
  if (words.length === 0) return unit(0, 'minute');
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(words);
}

/**
 * What a duration of a chain step measures: a reminder's time `before` the deadline, an
 * escalation's time `after` it, or an SLA's time from the step's activation.
 */
export type DurationUse = 'before' | 'after' | 'fromActivation';

/**
 * A duration of a chain step as a message of the catalogue and its values; null when `iso` is
 * not a duration (a field still being typed). A reminder or an escalation of zero is "at the
 * deadline".
 *
 * @example
 * describeDuration('P3D', 'before', 'en-US');
 * // { id: 'chainEditor.duration.before', values: { duration: '3 days' } } → "3 days before the deadline"
 * describeDuration('PT0S', 'after', 'es-MX');
 * // { id: 'chainEditor.duration.atDeadline', values: {} } → "al vencer el plazo"
 */
export function describeDuration(
  iso: string,
  use: DurationUse,
  locale: string,
): { id: MessageId; values: Record<string, string> } | null {
  const parts = parseDuration(iso);
  if (!parts) return null;
  const zero = Object.values(parts).every((value) => value === 0);
  if (zero && use !== 'fromActivation')
    return { id: 'chainEditor.duration.atDeadline', values: {} };
  const ids: Record<DurationUse, MessageId> = {
    before: 'chainEditor.duration.before',
    after: 'chainEditor.duration.after',
    fromActivation: 'chainEditor.duration.fromActivation',
  };
  return { id: ids[use], values: { duration: formatDuration(iso, locale)! } };
}
