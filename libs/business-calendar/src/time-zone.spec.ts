import { isValidTimeZone } from './time-zone';

describe('isValidTimeZone', () => {
  it.each([
    'America/Ciudad_Juarez',
    'America/Mexico_City',
    'America/Tijuana',
    'America/Hermosillo',
    'America/Ojinaga',
    'America/Matamoros',
    'America/Phoenix',
    'America/Denver',
    'America/Chicago',
    'America/Los_Angeles',
    'America/New_York',
    'UTC',
    'Etc/GMT+7',
    'US/Arizona',
  ])('accepts %s', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each([
    '',
    'America/Atlantis',
    'Mars/Olympus_Mons',
    'local',
    'system',
    '+05:00',
    '-06:00',
    'UTC+5',
    ' America/Phoenix',
    'America/Phoenix ',
    'America/Mexico City',
    '../../etc/passwd',
  ])('refuses %j', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });

  it('refuses values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, ['UTC']]) {
      expect(isValidTimeZone(value)).toBe(false);
    }
  });
});
