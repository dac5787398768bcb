/** A deadline to put in the recipient's calendar. */
export interface CalendarInviteInput {
  /**
   * Stable per deadline (e.g. `<workflowId>.<stepKey>.<round>@puentes`): a reminder sent again
   * with the same UID updates the same calendar entry instead of adding another.
   */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly start: Date;
  /** Length of the event; 30 minutes by default. */
  readonly durationMinutes?: number;
  readonly organizerEmail?: string;
  readonly url?: string;
  /** Where it happens (a meeting's place). */
  readonly location?: string;
  /** How many times the event was changed: a calendar keeps the highest. */
  readonly sequence?: number;
  /** The event is called off: calendars remove it (METHOD:CANCEL, STATUS:CANCELLED). */
  readonly cancelled?: boolean;
}

const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/**
 * Builds an RFC 5545 calendar (METHOD:PUBLISH) holding one event for a deadline, with a
 * display alarm one hour before it. Times are in UTC, so every calendar shows them in its
 * owner's zone. DTSTAMP is the start itself rather than the clock: the same deadline always
 * gives the same bytes, and a moved deadline gives a newer stamp for the same UID.
 *
 * @throws RangeError for an invalid `start` or a `durationMinutes` that is not a positive number.
 * @example
 * buildCalendarInvite({
 *   uid: 'wf-1.cbp-review.1@puentes', title: 'Deadline: CBP operational review',
 *   description: 'OTAY-MESA-EAST', start: new Date('2026-12-05T01:00:00Z'),
 * });
 * // 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n…DTSTART:20261205T010000Z\r\n…END:VCALENDAR\r\n'
 */
export function buildCalendarInvite(input: CalendarInviteInput): string {
  const { start, durationMinutes = 30 } = input;
  if (Number.isNaN(start.getTime())) throw new RangeError('The invite start is not a valid date');
  if (!Number.isFinite(durationMinutes) || durationMinutes <= 0) {
    throw new RangeError(`durationMinutes must be a positive number, not ${durationMinutes}`);
  }
  const end = new Date(start.getTime() + durationMinutes * 60_000);

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Puentes//Deadlines//EN',
    'CALSCALE:GREGORIAN',
    input.cancelled ? 'METHOD:CANCEL' : 'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeText(input.uid)}`,
    `SEQUENCE:${input.sequence ?? 0}`,
    ...(input.cancelled ? ['STATUS:CANCELLED'] : []),
    `DTSTAMP:${utcDateTime(start)}`,
    `DTSTART:${utcDateTime(start)}`,
    `DTEND:${utcDateTime(end)}`,
    `SUMMARY:${escapeText(input.title)}`,
    `DESCRIPTION:${escapeText(input.description)}`,
  ];
  if (input.location) lines.push(`LOCATION:${escapeText(input.location)}`);
  // URIs are not TEXT: commas and semicolons in them are literal, so only line breaks go.
  if (input.url) lines.push(`URL:${stripLineBreaks(input.url)}`);
  if (input.organizerEmail) {
    lines.push(`ORGANIZER:mailto:${stripLineBreaks(input.organizerEmail).replace(/[;:]/g, '')}`);
  }
  if (!input.cancelled) {
    lines.push(
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `DESCRIPTION:${escapeText(input.title)}`,
      'TRIGGER:-PT1H',
      'END:VALARM',
    );
  }
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** `YYYYMMDDTHHMMSSZ` (RFC 5545 §3.3.5, form #2: UTC). */
function utcDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** TEXT escaping (RFC 5545 §3.3.11); other control characters are not allowed at all. */
function escapeText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // eslint-disable-next-line no-control-regex -- removing control characters on purpose
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')
  );
}

function stripLineBreaks(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters on purpose
  return text.replace(/[\u0000-\u001f\u007f]/g, '').trim();
}

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): continuation lines start with one
 * space, which counts towards their 75. Splits only between code points, so a multi-byte
 * UTF-8 character (é, ñ, an emoji) is never cut in half.
 */
function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}
