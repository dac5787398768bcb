import { BusinessCalendarError } from './business-calendar.errors';
import { addDuration, isZeroDuration, parseIsoDuration, subtractDuration } from './iso-duration';

const NY = 'America/New_York';
const HOUR = 3_600_000;

describe('parseIsoDuration', () => {
  it('reads every unit', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7.25S')).toEqual({
      years: 1,
      months: 2,
      weeks: 3,
      days: 4,
      hours: 5,
      minutes: 6,
      seconds: 7,
      milliseconds: 250,
    });
    expect(parseIsoDuration('PT30S')).toEqual(expect.objectContaining({ seconds: 30, days: 0 }));
    expect(parseIsoDuration('P3D').days).toBe(3);
    expect(parseIsoDuration('PT0,5S').milliseconds).toBe(500);
  });

  it('knows a zero duration', () => {
    expect(isZeroDuration(parseIsoDuration('PT0S'))).toBe(true);
    expect(isZeroDuration(parseIsoDuration('P0D'))).toBe(true);
    expect(isZeroDuration(parseIsoDuration('PT0.001S'))).toBe(false);
  });

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    'p1d',
    '1D',
    '-P1D',
    'P-1D',
    'P1.5D',
    'PT1.5H',
    'PT1H30',
    'P1H',
    'PT1D',
    'P1D2H',
    'PT0.0001S',
    'P1DT1H ',
    'P9999999999D',
  ])('refuses %j', (iso) => {
    expect(() => parseIsoDuration(iso)).toThrow(
      expect.objectContaining({ code: 'BUSINESS_CALENDAR.INVALID_DURATION' }),
    );
  });

  it('refuses a value that is not a string', () => {
    expect(() => parseIsoDuration(3 as unknown as string)).toThrow(BusinessCalendarError);
  });
});

describe('addDuration and subtractDuration', () => {
  it('adds hours, minutes and seconds as elapsed time', () => {
    const start = new Date('2026-03-07T22:00:00Z'); // 17:00 EST, the day before DST starts
    expect(addDuration(start, 'PT24H', NY)).toEqual(new Date('2026-03-08T22:00:00Z'));
    expect(addDuration(start, 'PT30S', NY)).toEqual(new Date('2026-03-07T22:00:30Z'));
    expect(addDuration(start, 'PT1H30M0.5S', NY)).toEqual(new Date('2026-03-07T23:30:00.500Z'));
  });

  it('adds days as calendar days: P1D across DST keeps the wall time', () => {
    const springEve = new Date('2026-03-07T22:00:00Z'); // 17:00 EST
    const springNext = addDuration(springEve, 'P1D', NY);
    expect(springNext).toEqual(new Date('2026-03-08T21:00:00Z')); // 17:00 EDT
    expect(springNext.getTime() - springEve.getTime()).toBe(23 * HOUR);

    const fallEve = new Date('2026-10-31T21:00:00Z'); // 17:00 EDT
    const fallNext = addDuration(fallEve, 'P1D', NY);
    expect(fallNext).toEqual(new Date('2026-11-01T22:00:00Z')); // 17:00 EST
    expect(fallNext.getTime() - fallEve.getTime()).toBe(25 * HOUR);

    expect(addDuration(springEve, 'P1W', NY)).toEqual(new Date('2026-03-14T21:00:00Z'));
  });

  it('keeps 24 hours per day where the zone has no DST', () => {
    const start = new Date('2026-03-07T23:00:00Z');
    for (const zone of ['America/Mexico_City', 'America/Hermosillo', 'America/Phoenix']) {
      expect(addDuration(start, 'P1D', zone).getTime() - start.getTime()).toBe(24 * HOUR);
    }
    // Ciudad Juárez follows US DST, like Denver.
    expect(addDuration(start, 'P1D', 'America/Ciudad_Juarez').getTime() - start.getTime()).toBe(
      23 * HOUR,
    );
  });

  it('applies the calendar part first, then the elapsed part', () => {
    // 17:00 EST + 1 day → 17:00 EDT, + 2 h → 19:00 EDT.
    expect(addDuration(new Date('2026-03-07T22:00:00Z'), 'P1DT2H', NY)).toEqual(
      new Date('2026-03-08T23:00:00Z'),
    );
  });

  it('clamps months to the end of the shorter month', () => {
    expect(addDuration(new Date('2026-01-31T18:00:00Z'), 'P1M', 'UTC')).toEqual(
      new Date('2026-02-28T18:00:00Z'),
    );
    expect(addDuration(new Date('2028-02-29T18:00:00Z'), 'P1Y', 'UTC')).toEqual(
      new Date('2029-02-28T18:00:00Z'),
    );
  });

  it('moves a wall time that does not exist forward by the gap', () => {
    // 02:30 on 8 March 2026 does not exist in New York: 03:30 EDT.
    expect(addDuration(new Date('2026-03-07T07:30:00Z'), 'P1D', NY)).toEqual(
      new Date('2026-03-08T07:30:00Z'),
    );
  });

  it('subtracts as the mirror of add, for reminders before a due time', () => {
    const due = new Date('2026-03-10T22:00:00Z'); // Tuesday 18:00 EDT
    expect(subtractDuration(due, 'P3D', NY)).toEqual(new Date('2026-03-07T23:00:00Z')); // 18:00 EST
    expect(subtractDuration(due, 'P1D', NY)).toEqual(new Date('2026-03-09T22:00:00Z'));
    expect(subtractDuration(due, 'PT1H', NY)).toEqual(new Date('2026-03-10T21:00:00Z'));
    expect(subtractDuration(due, 'PT0S', NY)).toEqual(due);
    expect(addDuration(due, 'PT0S', NY)).toEqual(due);
    expect(addDuration(due, 'P2D', NY)).toEqual(new Date('2026-03-12T22:00:00Z'));
  });

  it('does not mutate its input', () => {
    const start = new Date('2026-03-07T22:00:00Z');
    addDuration(start, 'P1D', NY);
    expect(start.toISOString()).toBe('2026-03-07T22:00:00.000Z');
  });

  it('refuses bad dates, zones and durations', () => {
    const start = new Date('2026-03-07T22:00:00Z');
    expect(() => addDuration(new Date('nope'), 'P1D', NY)).toThrow(
      expect.objectContaining({ code: 'BUSINESS_CALENDAR.INVALID_DATE' }),
    );
    expect(() => addDuration(start, 'P1D', 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'BUSINESS_CALENDAR.UNKNOWN_TIME_ZONE' }),
    );
    expect(() => subtractDuration(start, '-P1D', NY)).toThrow(
      expect.objectContaining({ code: 'BUSINESS_CALENDAR.INVALID_DURATION' }),
    );
    expect(() => addDuration(start, 'P999999999Y', NY)).toThrow(BusinessCalendarError);
  });
});
