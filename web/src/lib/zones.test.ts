import { allZones, sameClock, zoneCity, zoneLabel, zoneName, zonePlaces } from './zones';

const winter = new Date('2026-01-15T18:00:00Z');
const summer = new Date('2026-07-15T18:00:00Z');

describe('zone names', () => {
  it('names a zone as people know it, never by its IANA id', () => {
    expect(zoneName('America/Denver', 'en', winter)).toBe('Mountain Standard Time');
    expect(zoneName('America/Los_Angeles', 'en', summer)).toBe('Pacific Daylight Time');
    // The border zones as the emails name them (libs/business-calendar zone-names).
    expect(zoneName('America/Tijuana', 'es-MX', winter)).toBe('hora de Tijuana');
    expect(zoneName('America/Mexico_City', 'es', winter)).toBe('hora del Centro de México');
    expect(zoneName('America/Hermosillo', 'en-US', summer)).toBe('Sonora time');
    expect(zoneName('America/Phoenix', 'en', winter)).toBe('Arizona time');
    expect(zoneName('America/Phoenix', 'es', summer)).toBe('hora de Arizona');
    // A regional name holds only at its offset: Chihuahua left Mountain time in 2022.
    expect(zoneName('America/Chihuahua', 'es', new Date('2021-01-15T18:00:00Z'))).not.toBe(
      'hora del Centro de México',
    );
    for (const zone of ['America/Hermosillo', 'America/Ciudad_Juarez', 'America/Matamoros']) {
      for (const locale of ['en', 'es'])
        expect(zoneName(zone, locale, winter)).not.toContain('America/');
    }
    expect(zoneName('UTC', 'es', winter)).toBe('UTC');
  });

  it('labels picker entries with the generic name and the city', () => {
    expect(zoneLabel('America/Tijuana', 'es', winter)).toBe('hora de Tijuana');
    // The city as people write it, not as the IANA id spells it.
    expect(zoneLabel('America/Mazatlan', 'es', winter)).toBe(
      'hora del Pacífico de México (Mazatlán)',
    );
    expect(zoneLabel('America/Los_Angeles', 'en', winter)).toBe('Pacific Time (Los Angeles)');
    expect(zoneLabel('America/Los_Angeles', 'es-MX', winter)).toBe(
      'hora del Pacífico de EE.\u00a0UU. (Los Ángeles)',
    );
    expect(zoneCity('America/Ciudad_Juarez')).toBe('Ciudad Juárez');
    expect(zoneCity('America/New_York', 'es')).toBe('Nueva York');
    expect(zoneCity('America/Tijuana', 'es')).toBe('Tijuana');
  });

  it('finds a border zone by the states and cities that keep its time', () => {
    expect(zonePlaces('America/Hermosillo')).toEqual(expect.arrayContaining(['Sonora', 'Nogales']));
    expect(zonePlaces('America/Phoenix')).toEqual(expect.arrayContaining(['Arizona', 'Nogales']));
    expect(zonePlaces('Europe/Madrid')).toEqual(['Madrid']);
    // Typed with or without the accent, or by its Spanish name.
    expect(zonePlaces('America/Mazatlan')).toEqual(
      expect.arrayContaining(['Mazatlán', 'Mazatlan']),
    );
    expect(zonePlaces('America/New_York')).toEqual(
      expect.arrayContaining(['Nueva York', 'New York']),
    );
  });

  it('lists the border zones first, then every other zone once', () => {
    const zones = allZones();
    expect(zones[0]).toBe('America/Tijuana');
    expect(new Set(zones).size).toBe(zones.length);
    expect(zones).toContain('Europe/Madrid');
  });

  it('tells when two zones show the same clock', () => {
    // Phoenix keeps standard time all year: it matches Los Angeles in summer, Denver in winter.
    expect(sameClock('America/Phoenix', 'America/Los_Angeles', summer)).toBe(true);
    expect(sameClock('America/Phoenix', 'America/Los_Angeles', winter)).toBe(false);
    expect(sameClock('America/Phoenix', 'America/Denver', winter)).toBe(true);
  });
});
