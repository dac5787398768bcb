import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';

/** How many times a property may appear in a VEVENT of a method (RFC 5546 §3.2). */
type Presence = '1' | '1+' | '0' | '0-1';

/**
 * The VEVENT rows of RFC 5546's tables that Puentes's messages touch: §3.2.1 PUBLISH,
 * §3.2.2 REQUEST, §3.2.5 CANCEL. A property not listed is `0+` or `0-1` and unchecked, except
 * that the single-valued ones below are held to at most one. SEQUENCE of PUBLISH and REQUEST
 * is `0-1` but must be present when above 0 (checked apart).
 */
const RULES: Record<'PUBLISH' | 'REQUEST' | 'CANCEL', Record<string, Presence>> = {
  PUBLISH: {
    DTSTAMP: '1',
    DTSTART: '1',
    ORGANIZER: '1',
    SUMMARY: '1',
    UID: '1',
    SEQUENCE: '0-1',
    ATTENDEE: '0',
    'REQUEST-STATUS': '0',
  },
  REQUEST: {
    ATTENDEE: '1+',
    DTSTAMP: '1',
    DTSTART: '1',
    ORGANIZER: '1',
    SUMMARY: '1',
    UID: '1',
    SEQUENCE: '0-1',
    'REQUEST-STATUS': '0',
  },
  CANCEL: {
    // "MUST include all Attendees if the entire event is cancelled": here, the recipient.
    ATTENDEE: '1+',
    DTSTAMP: '1',
    ORGANIZER: '1',
    SEQUENCE: '1',
    UID: '1',
    'REQUEST-STATUS': '0',
  },
};
const SINGLE = ['DTEND', 'DURATION', 'DESCRIPTION', 'LOCATION', 'STATUS', 'URL', 'CLASS'];
const STATUSES = {
  PUBLISH: ['TENTATIVE', 'CONFIRMED', 'CANCELLED'],
  REQUEST: ['TENTATIVE', 'CONFIRMED'],
  CANCEL: ['CANCELLED'],
};

/** What a checked calendar message says, for the test's own expectations. */
export interface ItipMessage {
  method: 'PUBLISH' | 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  dtstamp: Date;
  dtstart: Date | null;
  status: string | null;
  organizer: string;
  attendees: string[];
  alarms: number;
  description: string | null;
  url: string | null;
}

/**
 * Parses a calendar message with ical.js and holds it to RFC 5545 (CRLF lines of at most 75
 * octets, VERSION 2.0, PRODID) and to RFC 5546's table for its METHOD; with `contentType`, to
 * RFC 6047 §2.4 (`text/calendar` whose `method=` is the body's METHOD). Throws, naming the
 * rule, on the first breach; returns what it read.
 */
export function checkItip(ics: string, options: { contentType?: string } = {}): ItipMessage {
  const fail = (rule: string) => {
    throw new Error(`Not a valid iTIP message: ${rule}\n${ics}`);
  };
  if (!ics.endsWith('\r\n')) fail('RFC 5545 §3.1: the last line ends with CRLF');
  if (/\r(?!\n)|(?<!\r)\n/.test(ics)) fail('RFC 5545 §3.1: lines end with CRLF, never bare CR/LF');
  for (const line of ics.slice(0, -2).split('\r\n')) {
    if (Buffer.byteLength(line, 'utf8') > 75) fail(`RFC 5545 §3.1: line over 75 octets: ${line}`);
  }
  const calendar = new ICAL.Component(ICAL.parse(ics));
  if (calendar.name !== 'vcalendar') fail('the object is a VCALENDAR');
  if (calendar.getFirstPropertyValue('version') !== '2.0') fail('VERSION:2.0');
  if (!calendar.getFirstPropertyValue('prodid')) fail('PRODID is required');
  const methods = calendar.getAllProperties('method');
  if (methods.length !== 1) fail('RFC 5546 §1.4: exactly one METHOD');
  const method = String(methods[0].getFirstValue()) as ItipMessage['method'];
  if (!(method in RULES)) fail(`a METHOD Puentes sends (PUBLISH, REQUEST, CANCEL), not ${method}`);
  if (options.contentType !== undefined) {
    const [type, ...params] = options.contentType.split(';').map((p) => p.trim());
    if (type.toLowerCase() !== 'text/calendar') fail('RFC 6047 §2.4: the part is text/calendar');
    const param = params.find((p) => p.toLowerCase().startsWith('method='));
    if (param?.slice(7).replace(/"/g, '').toUpperCase() !== method) {
      fail(`RFC 6047 §2.4: the MIME method= (${param ?? 'none'}) equals METHOD:${method}`);
    }
  }

  const events = calendar.getAllSubcomponents('vevent');
  if (events.length !== 1) fail('one VEVENT per message');
  const event = events[0];
  const count = (name: string) => event.getAllProperties(name.toLowerCase()).length;
  for (const [name, presence] of Object.entries(RULES[method])) {
    const n = count(name);
    const ok =
      presence === '1' ? n === 1 : presence === '1+' ? n >= 1 : presence === '0' ? n === 0 : n <= 1;
    if (!ok) fail(`RFC 5546 ${method}: ${name} must appear ${presence}, appears ${n}`);
  }
  for (const name of SINGLE) if (count(name) > 1) fail(`${name} appears at most once`);
  if (count('DTEND') && count('DURATION')) fail('RFC 5545 §3.6.1: DTEND or DURATION, not both');
  const sequence = Number(event.getFirstPropertyValue('sequence') ?? 0);
  if (sequence > 0 && count('SEQUENCE') === 0) fail('SEQUENCE must be present when above 0');
  const status = (event.getFirstPropertyValue('status') as string | null) ?? null;
  if (status && !STATUSES[method].includes(status)) fail(`${method}: STATUS ${status}`);
  const alarms = event.getAllSubcomponents('valarm').length;
  if (method === 'CANCEL' && alarms > 0) fail('RFC 5546 CANCEL: VALARM must not appear');

  const time = (name: string) => {
    const value = event.getFirstPropertyValue(name) as ICAL.Time | null;
    return value ? value.toJSDate() : null;
  };
  const address = (value: unknown) =>
    String(value)
      .replace(/^mailto:/i, '')
      .toLowerCase();
  return {
    method,
    uid: String(event.getFirstPropertyValue('uid')),
    sequence,
    dtstamp: time('dtstamp')!,
    dtstart: time('dtstart'),
    status,
    organizer: address(event.getFirstPropertyValue('organizer')),
    attendees: event.getAllProperties('attendee').map((p) => address(p.getFirstValue())),
    alarms,
    description: (event.getFirstPropertyValue('description') as string | null) ?? null,
    url: (event.getFirstPropertyValue('url') as string | null) ?? null,
  };
}

/**
 * The one calendar part of an email as the SMTP server received it, checked with `checkItip`
 * including its MIME `Content-Type` (RFC 6047). Throws when there is none, or more than one.
 */
export function calendarOfMail(mail: ParsedMail): ItipMessage & { ics: string } {
  const parts = mail.attachments.filter((a) => a.contentType === 'text/calendar');
  if (parts.length !== 1) throw new Error(`expected one text/calendar part, got ${parts.length}`);
  // mailparser reads the part's Content-Type into its value and parameters.
  const { value, params } = parts[0].headers.get('content-type') as {
    value: string;
    params: Record<string, string>;
  };
  const contentType = [value, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)].join('; ');
  const ics = parts[0].content.toString('utf8');
  return { ...checkItip(ics, { contentType }), ics };
}
