/**
 * Time zones as people know them. Nobody should read `America/Hermosillo`: a border zone is
 * named as the emails name it ("hora de Hermosillo", "Arizona time": one list, shared with the
 * service, in libs/business-calendar), any other by the browser's CLDR data ("Mountain Standard
 * Time"), with the city when CLDR has no name for it (then it says "GMT-07:00").
 */
import {
  ZONE_CITIES,
  ZONE_PLACES,
  peopleZoneName,
} from '../../../libs/business-calendar/src/zone-names';

/** The city of an IANA id as its last part reads: `America/Ciudad_Juarez` → `Ciudad Juarez`. */
function idCity(zone: string): string {
  const last = zone.split('/').at(-1) ?? zone;
  return last.replace(/_/g, ' ');
}

/**
 * The exemplar city of an IANA id as people write it in `locale`: `America/Ciudad_Juarez` →
 * `Ciudad Juárez`, `America/New_York` in Spanish → `Nueva York` (`ZONE_CITIES`); otherwise the
 * id's last part (`America/Tijuana` → `Tijuana`).
 */
export function zoneCity(zone: string, locale = 'en'): string {
  return ZONE_CITIES[locale.startsWith('es') ? 'es' : 'en'][zone] ?? idCity(zone);
}

function nameOf(
  zone: string,
  locale: string,
  at: Date,
  style: 'long' | 'longGeneric' | 'longOffset',
): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      timeZoneName: style,
    }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

/** The zone's offset from UTC at `at`, in minutes (−420 for Hermosillo). */
function offsetMinutes(zone: string, at: Date): number {
  const name = nameOf(zone, 'en', at, 'longOffset'); // "GMT-07:00", or "GMT"
  const match = /([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** The name the emails give the zone in the reader's language, if it has one of its own. */
function ownName(zone: string, locale: string, at: Date): string | undefined {
  return peopleZoneName(zone, locale.startsWith('es') ? 'es' : 'en', offsetMinutes(zone, at));
}

/**
 * What a zone is looked up by in a picker beyond its label: the states and border cities that
 * keep its time ("Sonora", "Nogales"), and its IANA city.
 */
export function zonePlaces(zone: string): readonly string[] {
  // Both spellings of the city: people type "Mazatlan" as often as "Mazatlán".
  return [
    ...new Set([
      ...(ZONE_PLACES[zone] ?? []),
      zoneCity(zone, 'es'),
      zoneCity(zone, 'en'),
      idCity(zone),
    ]),
  ];
}

const OFFSET_ONLY = /^(GMT|UTC|TU)([+-−]\d|$)/;

/**
 * The zone's name at an instant, in `locale`: "Mountain Standard Time", "hora de verano del
 * Pacífico" (the specific name, so summer time is visible). When CLDR knows only an offset,
 * the offset with the city: "GMT-07:00 (Hermosillo)". UTC stays "UTC".
 */
export function zoneName(zone: string, locale: string, at: Date = new Date()): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const own = ownName(zone, locale, at);
  if (own) return own;
  const name = nameOf(zone, locale, at, 'long');
  if (!name || OFFSET_ONLY.test(name)) return `${name || 'GMT'} (${zoneCity(zone, locale)})`;
  return name;
}

/**
 * A zone's label in a picker: its generic name and its city, "hora del Pacífico (Tijuana)",
 * so zones that share a name (Tijuana, Los Angeles) stay apart.
 */
export function zoneLabel(zone: string, locale: string, at: Date = new Date()): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const generic = ownName(zone, locale, at) ?? nameOf(zone, locale, at, 'longGeneric');
  const name = !generic || OFFSET_ONLY.test(generic) ? zoneName(zone, locale, at) : generic;
  const city = zoneCity(zone, locale);
  return name.includes(city) ? name : `${name} (${city})`;
}

/** The zones of Mexico and the United States first: the people who use Puentes live there. */
export const BORDER_ZONES = [
  'America/Tijuana',
  'America/Hermosillo',
  'America/Mazatlan',
  'America/Chihuahua',
  'America/Ciudad_Juarez',
  'America/Ojinaga',
  'America/Monterrey',
  'America/Matamoros',
  'America/Mexico_City',
  'America/Merida',
  'America/Cancun',
  'America/Los_Angeles',
  'America/Phoenix',
  'America/Denver',
  'America/Chicago',
  'America/New_York',
  'UTC',
];

/** Every IANA zone the browser knows (the border zones when it cannot list them). */
export function allZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  const rest = zones.filter((z) => !BORDER_ZONES.includes(z));
  return [...BORDER_ZONES, ...rest];
}

/** True when two zones show the same wall-clock time at `at` (no need to show both). */
export function sameClock(a: string, b: string, at: Date): boolean {
  if (a === b) return true;
  const f = (zone: string) =>
    new Intl.DateTimeFormat('en', {
      timeZone: zone,
      hour: 'numeric',
      minute: 'numeric',
      day: 'numeric',
      hourCycle: 'h23',
    }).format(at);
  try {
    return f(a) === f(b);
  } catch {
    return false;
  }
}
