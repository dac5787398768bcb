import { allZones, sameClock, zoneCity, zoneLabel, zoneName } from './zones';

const winter = new Date('2026-01-15T18:00:00Z');
const summer = new Date('2026-07-15T18:00:00Z');

describe('zone names', () => {
  it('names a zone as people know it, never by its IANA id', () => {
    expect(zoneName('America/Denver', 'en', winter)).toBe('Mountain Standard Time');
    expect(zoneName('America/Los_Angeles', 'en', summer)).toBe('Pacific Daylight Time');
    expect(zoneName('America/Tijuana', 'es', winter)).toMatch(/^hora estándar del Pacífico/);
    expect(zoneName('America/Mexico_City', 'es', winter)).toMatch(
      /^hora estándar (del centro|central)/,
    );
    for (const zone of ['America/Hermosillo', 'America/Ciudad_Juarez', 'America/Matamoros']) {
      for (const locale of ['en', 'es'])
        expect(zoneName(zone, locale, winter)).not.toContain('America/');
    }
    expect(zoneName('UTC', 'es', winter)).toBe('UTC');
  });

  it('labels picker entries with the generic name and the city', () => {
    expect(zoneLabel('America/Tijuana', 'es', winter)).toBe('hora del Pacífico (Tijuana)');
    expect(zoneLabel('America/Los_Angeles', 'en', winter)).toBe('Pacific Time (Los Angeles)');
    expect(zoneCity('America/Ciudad_Juarez')).toBe('Ciudad Juarez');
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
