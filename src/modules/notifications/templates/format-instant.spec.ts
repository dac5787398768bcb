import { formatInstant } from './format-instant';

// 18:00 on Friday 4 December 2026 in Hermosillo (UTC−7, no daylight saving time).
const DEADLINE = new Date('2026-12-05T01:00:00Z');

describe('formatInstant', () => {
  it('shows one deadline as each reader’s own local time, naming their zone', () => {
    expect(formatInstant(DEADLINE, 'America/Hermosillo', 'es')).toEqual({
      short: 'vie 4 dic, 18:00 (hora de Hermosillo)',
      long: 'viernes 4 de diciembre de 2026 a las 18:00 (hora de Hermosillo, UTC−7)',
    });
    expect(formatInstant(DEADLINE, 'America/New_York', 'en')).toEqual({
      short: 'Fri, Dec 4, 8:00 PM EST',
      long: 'Friday, December 4, 2026, at 8:00 PM EST (UTC−5)',
    });
  });

  it('follows daylight saving time in Ciudad Juárez (summer MDT, winter MST)', () => {
    const summer = new Date('2026-07-16T00:00:00Z');
    const winter = new Date('2026-01-16T01:00:00Z');
    expect(formatInstant(summer, 'America/Ciudad_Juarez', 'en').long).toBe(
      'Wednesday, July 15, 2026, at 6:00 PM MDT (UTC−6)',
    );
    expect(formatInstant(winter, 'America/Ciudad_Juarez', 'en').long).toBe(
      'Thursday, January 15, 2026, at 6:00 PM MST (UTC−7)',
    );
    expect(formatInstant(summer, 'America/Ciudad_Juarez', 'es').long).toBe(
      'miércoles 15 de julio de 2026 a las 18:00 (hora de Ciudad Juárez, UTC−6)',
    );
    expect(formatInstant(winter, 'America/Ciudad_Juarez', 'es').long).toBe(
      'jueves 15 de enero de 2026 a las 18:00 (hora de Ciudad Juárez, UTC−7)',
    );
  });

  it('names the central zone of Mexico, which no longer changes in summer', () => {
    const summer = new Date('2026-07-16T00:00:00Z');
    expect(formatInstant(summer, 'America/Mexico_City', 'es').short).toBe(
      'mié 15 jul, 18:00 (hora del Centro de México)',
    );
    expect(formatInstant(summer, 'America/Chihuahua', 'es').short).toBe(
      'mié 15 jul, 18:00 (hora del Centro de México)',
    );
    expect(formatInstant(summer, 'America/Mexico_City', 'en').short).toBe(
      'Wed, Jul 15, 6:00 PM Central Mexico time (CST)',
    );
  });

  it('writes "EE.\u00a0UU." in the Spanish U.S. zone names with a no-break space, never wrapped', () => {
    expect(formatInstant(DEADLINE, 'America/New_York', 'es').short).toBe(
      'vie 4 dic, 20:00 (hora del Este de EE.\u00a0UU.)',
    );
    for (const zone of [
      'America/Detroit',
      'America/Chicago',
      'America/Denver',
      'America/Los_Angeles',
    ]) {
      const { short, long } = formatInstant(DEADLINE, zone, 'es');
      expect(`${short} ${long}`).toContain('EE.\u00a0UU.');
      expect(`${short} ${long}`).not.toMatch(/EE\. UU/);
    }
  });

  it('falls back to the UTC offset where there is no unambiguous name', () => {
    // en-US has no letters for Hermosillo; Spanish has no name for Kolkata.
    expect(formatInstant(DEADLINE, 'America/Hermosillo', 'en').short).toBe(
      'Fri, Dec 4, 6:00 PM Sonora time (UTC−7)',
    );
    expect(formatInstant(DEADLINE, 'America/Hermosillo', 'en').long).toBe(
      'Friday, December 4, 2026, at 6:00 PM Sonora time (UTC−7)',
    );
    expect(formatInstant(DEADLINE, 'Asia/Kolkata', 'es').short).toBe('sáb 5 dic, 06:30 (UTC+5:30)');
  });

  it('resolves zone links to their canonical zone', () => {
    expect(formatInstant(DEADLINE, 'US/Arizona', 'es').short).toBe(
      'vie 4 dic, 18:00 (hora de Arizona)',
    );
  });

  it('shows an unknown zone as UTC, saying so, instead of failing', () => {
    expect(formatInstant(DEADLINE, 'America/Atlantis', 'en').short).toBe('Sat, Dec 5, 1:00 AM UTC');
    expect(formatInstant(DEADLINE, 'America/Atlantis', 'es').long).toBe(
      'sábado 5 de diciembre de 2026 a la 01:00 (UTC)',
    );
  });

  it('refuses an invalid date', () => {
    expect(() => formatInstant(new Date(Number.NaN), 'UTC', 'en')).toThrow(RangeError);
  });

  it('never shows an IANA zone id, and names the border zones whose letters mislead', () => {
    const zones = [
      'America/Tijuana',
      'America/Hermosillo',
      'America/Phoenix',
      'America/Ciudad_Juarez',
      'America/Denver',
      'America/Ojinaga',
      'America/Chihuahua',
      'America/Matamoros',
      'America/Monterrey',
      'America/Mexico_City',
      'America/Chicago',
      'America/New_York',
      'US/Arizona',
    ];
    for (const zone of zones)
      for (const locale of ['en', 'es'] as const)
        for (const at of [DEADLINE, new Date('2026-07-16T00:00:00Z')]) {
          const { short, long } = formatInstant(at, zone, locale);
          expect({ zone, text: `${short} | ${long}` }).toEqual({
            zone,
            text: expect.not.stringMatching(/\w\/\w|_/),
          });
        }
    expect(formatInstant(DEADLINE, 'America/Phoenix', 'en').long).toBe(
      'Friday, December 4, 2026, at 6:00 PM Arizona time (MST, UTC−7)',
    );
    expect(formatInstant(DEADLINE, 'America/Denver', 'en').short).toBe('Fri, Dec 4, 6:00 PM MST');
  });
});
