import { Settings } from 'luxon';
import { parseWallTime, resolveWallTime } from './wall-time';

// 2026: U.S. clocks (and the Mexican border cities that follow them) go forward on 8 March
// and back on 1 November, at 02:00 local time.
const ZONES: [zone: string, summerOffsetHours: number][] = [
  ['America/Tijuana', -7],
  ['America/Ciudad_Juarez', -6],
  ['America/Matamoros', -5],
  ['America/New_York', -4],
];
const SERVER_CLOCKS = { summer: '2026-07-15T12:00:00Z', winter: '2027-01-15T12:00:00Z' };

describe('resolveWallTime', () => {
  const luxonNow = Settings.now;
  afterEach(() => {
    jest.useRealTimers();
    Settings.now = luxonNow;
  });

  for (const [season, now] of Object.entries(SERVER_CLOCKS)) {
    describe(`with the server's clock in ${season}`, () => {
      beforeEach(() => {
        jest.useFakeTimers({ now: new Date(now) });
        Settings.now = () => new Date(now).getTime();
      });

      it.each(ZONES)(
        'gives the first occurrence of the repeated hour in %s',
        (zone, summerOffset) => {
          const resolved = resolveWallTime(parseWallTime('2026-11-01T01:30')!, zone);
          const first = new Date(Date.UTC(2026, 10, 1, 1 - summerOffset, 30));
          expect(resolved).toEqual({ kind: 'instant', at: first, ambiguous: true });
        },
      );

      it.each(ZONES)('refuses the skipped hour in %s', (zone) => {
        expect(resolveWallTime(parseWallTime('2026-03-08T02:30')!, zone)).toEqual({
          kind: 'skipped',
        });
      });

      it.each(ZONES)('resolves ordinary summer and winter times in %s', (zone, summerOffset) => {
        expect(resolveWallTime(parseWallTime('2026-07-01T10:00')!, zone)).toEqual({
          kind: 'instant',
          at: new Date(Date.UTC(2026, 6, 1, 10 - summerOffset)),
          ambiguous: false,
        });
        expect(resolveWallTime(parseWallTime('2026-12-01T10:00')!, zone)).toEqual({
          kind: 'instant',
          at: new Date(Date.UTC(2026, 11, 1, 10 - summerOffset + 1)),
          ambiguous: false,
        });
        // The hour just after the repeated one exists once, on winter time.
        expect(resolveWallTime(parseWallTime('2026-11-01T02:30')!, zone)).toEqual({
          kind: 'instant',
          at: new Date(Date.UTC(2026, 10, 1, 2 - summerOffset + 1, 30)),
          ambiguous: false,
        });
      });
    });
  }

  it('refuses readings that are no calendar date and time, and unknown zones', () => {
    expect(resolveWallTime(parseWallTime('2026-02-30T10:00')!, 'America/Tijuana')).toEqual({
      kind: 'invalid',
    });
    expect(resolveWallTime(parseWallTime('2026-02-01T24:00')!, 'America/Tijuana')).toEqual({
      kind: 'invalid',
    });
    expect(parseWallTime('2026-02-01T10:00-07:00')).toBeNull();
    expect(() => resolveWallTime(parseWallTime('2026-02-01T10:00')!, 'Mars/Olympus')).toThrow(
      /Unknown IANA time zone/,
    );
  });
});
