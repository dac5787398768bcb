import { addIsoDuration, isZeroDuration, parseIsoDuration } from './durations';

describe('parseIsoDuration', () => {
  const zero = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

  it.each([
    ['P3D', { days: 3 }],
    ['PT10S', { seconds: 10 }],
    ['P1DT2H', { days: 1, hours: 2 }],
    ['PT0S', {}],
    ['P2W', { weeks: 2 }],
    ['P1Y2M10DT2H30M15S', { years: 1, months: 2, days: 10, hours: 2, minutes: 30, seconds: 15 }],
    ['PT30M', { minutes: 30 }],
    ['P1M', { months: 1 }],
    ['PT1.5S', { seconds: 1.5 }],
    ['PT0.250S', { seconds: 0.25 }],
  ])('parses %s', (text, parts) => {
    expect(parseIsoDuration(text)).toEqual({ ...zero, ...parts, negative: false });
  });

  it('reports a leading minus as negative', () => {
    expect(parseIsoDuration('-P1D')).toEqual({ ...zero, days: 1, negative: true });
  });

  it.each([
    'P',
    'PT',
    '3D',
    'P1DT',
    'p3d',
    'P3d',
    'PT1H2D',
    'P1.5D',
    'PT1.5M',
    'PT1.1234S',
    'PT,5S',
    '+P1D',
    'P-1D',
    ' P1D',
    'P1D ',
    '',
    'P1S',
    'PT1Y',
  ])('refuses %p', (text) => {
    expect(parseIsoDuration(text)).toBeNull();
  });

  it('refuses a value that is not text', () => {
    expect(parseIsoDuration(3 as unknown as string)).toBeNull();
  });

  it('tells a zero duration from a positive one', () => {
    expect(isZeroDuration(parseIsoDuration('PT0S')!)).toBe(true);
    expect(isZeroDuration(parseIsoDuration('P0DT0H')!)).toBe(true);
    expect(isZeroDuration(parseIsoDuration('PT0.001S')!)).toBe(false);
  });
});

describe('addIsoDuration', () => {
  const at = (iso: string) => new Date(iso);

  it('adds days and time as elapsed UTC time', () => {
    expect(addIsoDuration(at('2026-03-10T18:00:00Z'), 'P1DT2H30M').toISOString()).toBe(
      '2026-03-11T20:30:00.000Z',
    );
    expect(addIsoDuration(at('2026-03-10T18:00:00Z'), 'P2W').toISOString()).toBe(
      '2026-03-24T18:00:00.000Z',
    );
    expect(addIsoDuration(at('2026-03-10T18:00:00Z'), 'PT0.5S').toISOString()).toBe(
      '2026-03-10T18:00:00.500Z',
    );
  });

  it('subtracts with direction -1, as for a reminder before dueAt', () => {
    expect(addIsoDuration(at('2026-03-10T18:00:00Z'), 'P3D', -1).toISOString()).toBe(
      '2026-03-07T18:00:00.000Z',
    );
  });

  it('honours a negative duration', () => {
    expect(addIsoDuration(at('2026-03-10T18:00:00Z'), '-PT1H').toISOString()).toBe(
      '2026-03-10T17:00:00.000Z',
    );
  });

  it('moves months on the calendar and clamps to the end of a shorter month', () => {
    expect(addIsoDuration(at('2026-01-31T18:00:00Z'), 'P1M').toISOString()).toBe(
      '2026-02-28T18:00:00.000Z',
    );
    expect(addIsoDuration(at('2028-01-31T18:00:00Z'), 'P1M').toISOString()).toBe(
      '2028-02-29T18:00:00.000Z',
    );
    expect(addIsoDuration(at('2026-03-31T00:00:00Z'), 'P1M', -1).toISOString()).toBe(
      '2026-02-28T00:00:00.000Z',
    );
    expect(addIsoDuration(at('2026-11-15T12:00:00Z'), 'P1Y2M').toISOString()).toBe(
      '2028-01-15T12:00:00.000Z',
    );
  });

  it('does not mutate the given date', () => {
    const date = at('2026-01-31T18:00:00Z');
    addIsoDuration(date, 'P1M');
    expect(date.toISOString()).toBe('2026-01-31T18:00:00.000Z');
  });

  it('throws on a malformed duration', () => {
    expect(() => addIsoDuration(at('2026-01-01T00:00:00Z'), 'P')).toThrow(RangeError);
  });
});
