import { IANAZone } from 'luxon';
import { BusinessCalendarError } from './business-calendar.errors';

// Names as given → the zone under ICU's canonical name. Capped, since case variants of a
// valid name are unbounded and names may come straight from requests.
const known = new Map<string, IANAZone>();
const MAX_KNOWN = 2_000;

/**
 * Whether Node's ICU knows `zone` as an IANA time zone name (including links such as
 * 'US/Arizona'; ICU matches names case-insensitively). Offsets such as '+05:00' and
 * luxon's own 'local'/'system' are not zone names and are refused.
 *
 * @example
 * isValidTimeZone('America/Ciudad_Juarez'); // true
 * isValidTimeZone('America/Atlantis'); // false
 */
export function isValidTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string') return false;
  if (known.has(zone)) return true;
  // IANA names are letters, digits, '/', '_', '-', '+'; this also keeps offsets out.
  if (!/^[A-Za-z][A-Za-z0-9/_+-]{0,99}$/.test(zone)) return false;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  if (known.size < MAX_KNOWN) known.set(zone, IANAZone.create(canonical));
  return true;
}

/** The luxon zone for a valid IANA name; throws BUSINESS_CALENDAR.UNKNOWN_TIME_ZONE otherwise. */
export function ianaZone(zone: string): IANAZone {
  if (!isValidTimeZone(zone)) {
    throw new BusinessCalendarError(
      'BUSINESS_CALENDAR.UNKNOWN_TIME_ZONE',
      `Unknown IANA time zone ${JSON.stringify(zone)}`,
    );
  }
  return known.get(zone) ?? IANAZone.create(zone);
}
