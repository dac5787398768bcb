// Time zones as people on the border name them, shared by the emails (the service's
// format-instant) and the web app's screens and zone picker, so that one zone has one name
// wherever a person reads it. Plain data and one lookup, with no import: the web app bundles
// this file as it is.

/** A zone's name for people, in one language. */
export interface ZoneName {
  readonly name: string;
  /**
   * Set for names that cover a whole region: the label is only true while the zone keeps that
   * offset (Chihuahua, for one, left Mountain time in 2022), so an older time zone database
   * falls back to the bare offset instead of a wrong name.
   */
  readonly offsetMinutes?: number;
}

const CENTRO_DE_MEXICO: ZoneName = { name: 'hora del Centro de México', offsetMinutes: -360 };
const CENTRAL_MEXICO: ZoneName = { name: 'Central Mexico time', offsetMinutes: -360 };

/**
 * Per language, the zones whose name is not what ICU (CLDR) says. In Spanish, ICU's names
 * ("hora estándar central") do not say which country they mean, which matters on a border:
 * zones that follow U.S. daylight saving time are named after their city, so the name is right
 * in every season, and whole regions as Mexico's Ley de los Husos Horarios and U.S. usage name
 * them. In English, U.S. readers know U.S. zones by their letters (EST, PDT); these are the
 * zones whose letters are missing (Sonora) or say the wrong thing on a border: Arizona keeps
 * MST all year, and Mexico's Centro is not U.S. Central. "EE.\u00a0UU." keeps a no-break
 * space, so a line never ends between its two halves.
 */
export const ZONE_NAMES: Readonly<Record<'en' | 'es', Readonly<Record<string, ZoneName>>>> = {
  es: {
    'America/Mexico_City': CENTRO_DE_MEXICO,
    'America/Monterrey': CENTRO_DE_MEXICO,
    'America/Merida': CENTRO_DE_MEXICO,
    'America/Chihuahua': CENTRO_DE_MEXICO,
    'America/Bahia_Banderas': CENTRO_DE_MEXICO,
    'America/Mazatlan': { name: 'hora del Pacífico de México', offsetMinutes: -420 },
    'America/Cancun': { name: 'hora del Sureste de México', offsetMinutes: -300 },
    'America/Hermosillo': { name: 'hora de Hermosillo' },
    'America/Tijuana': { name: 'hora de Tijuana' },
    'America/Ciudad_Juarez': { name: 'hora de Ciudad Juárez' },
    'America/Ojinaga': { name: 'hora de Ojinaga' },
    'America/Matamoros': { name: 'hora de Matamoros' },
    'America/New_York': { name: 'hora del Este de EE.\u00a0UU.' },
    'America/Detroit': { name: 'hora del Este de EE.\u00a0UU.' },
    'America/Chicago': { name: 'hora del Centro de EE.\u00a0UU.' },
    'America/Denver': { name: 'hora de la Montaña de EE.\u00a0UU.' },
    'America/Phoenix': { name: 'hora de Arizona' },
    'America/Los_Angeles': { name: 'hora del Pacífico de EE.\u00a0UU.' },
    'America/Anchorage': { name: 'hora de Alaska' },
    'Pacific/Honolulu': { name: 'hora de Hawái' },
  },
  en: {
    'America/Mexico_City': CENTRAL_MEXICO,
    'America/Monterrey': CENTRAL_MEXICO,
    'America/Merida': CENTRAL_MEXICO,
    'America/Chihuahua': CENTRAL_MEXICO,
    'America/Bahia_Banderas': CENTRAL_MEXICO,
    'America/Mazatlan': { name: 'Mexican Pacific time', offsetMinutes: -420 },
    'America/Cancun': { name: 'Southeast Mexico time', offsetMinutes: -300 },
    'America/Hermosillo': { name: 'Sonora time' },
    'America/Phoenix': { name: 'Arizona time' },
  },
};

/**
 * The name of `timeZone` (an IANA id, canonical) in `language` at a given UTC offset, when it
 * has one of its own here; `undefined` when ICU's name (or the offset) is the one to use.
 *
 * @example
 * peopleZoneName('America/Hermosillo', 'en', -420); // 'Sonora time'
 * peopleZoneName('America/Chihuahua', 'es', -420); // undefined (its name is for UTC−6)
 */
export function peopleZoneName(
  timeZone: string,
  language: 'en' | 'es',
  offsetMinutes: number,
): string | undefined {
  const known = ZONE_NAMES[language][timeZone];
  if (!known) return undefined;
  if (known.offsetMinutes !== undefined && known.offsetMinutes !== offsetMinutes) return undefined;
  return known.name;
}

/**
 * Places people look a border zone up by, beyond its own city (the zone picker searches
 * them): the states it covers and the border cities that keep its time (calendars.md, "Border
 * time zones"). Nogales, Sonora keeps Hermosillo's time, Nogales, Arizona Phoenix's.
 */
export const ZONE_PLACES: Readonly<Record<string, readonly string[]>> = {
  'America/Tijuana': ['Baja California', 'Mexicali', 'Tecate', 'Ensenada'],
  'America/Hermosillo': ['Sonora', 'Nogales', 'San Luis Río Colorado', 'Agua Prieta'],
  'America/Ciudad_Juarez': ['Chihuahua', 'Ciudad Juárez'],
  'America/Ojinaga': ['Chihuahua'],
  'America/Matamoros': [
    'Tamaulipas',
    'Coahuila',
    'Nuevo León',
    'Nuevo Laredo',
    'Reynosa',
    'Piedras Negras',
    'Ciudad Acuña',
  ],
  'America/Monterrey': ['Nuevo León', 'Coahuila', 'Tamaulipas', 'Saltillo', 'Ciudad Victoria'],
  'America/Chihuahua': ['Chihuahua'],
  'America/Mexico_City': ['Ciudad de México', 'CDMX', 'Mexico City'],
  'America/Los_Angeles': ['California', 'San Diego', 'Calexico'],
  'America/Phoenix': ['Arizona', 'Nogales', 'Yuma', 'Douglas', 'Tucson'],
  'America/Denver': ['New Mexico', 'Nuevo México', 'El Paso', 'Santa Teresa'],
  'America/Chicago': ['Texas', 'Laredo', 'McAllen', 'Brownsville', 'Eagle Pass', 'Presidio'],
  'America/New_York': ['Washington', 'District of Columbia'],
};

/**
 * A zone's city as people write it, where its IANA id spells it otherwise (no accents, or an
 * English exonym): `America/Mazatlan` is Mazatlán, `America/New_York` Nueva York in Spanish.
 * The others read as their id's last part (`America/Tijuana`: Tijuana).
 */
export const ZONE_CITIES: Readonly<Record<'en' | 'es', Readonly<Record<string, string>>>> = {
  es: {
    'America/Mazatlan': 'Mazatlán',
    'America/Merida': 'Mérida',
    'America/Cancun': 'Cancún',
    'America/Ciudad_Juarez': 'Ciudad Juárez',
    'America/Bahia_Banderas': 'Bahía de Banderas',
    'America/Mexico_City': 'Ciudad de México',
    'America/Los_Angeles': 'Los Ángeles',
    'America/New_York': 'Nueva York',
  },
  en: {
    'America/Mazatlan': 'Mazatlán',
    'America/Merida': 'Mérida',
    'America/Cancun': 'Cancún',
    'America/Ciudad_Juarez': 'Ciudad Juárez',
    'America/Bahia_Banderas': 'Bahía de Banderas',
  },
};
