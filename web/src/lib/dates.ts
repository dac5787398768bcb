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

/** The calendar date of an instant in a zone, as a day number (for whole-day differences). */
function dayNumber(at: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
  return Math.round(Date.parse(`${parts}T00:00:00Z`) / DAY);
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
