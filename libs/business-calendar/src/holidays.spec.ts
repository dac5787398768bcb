import { BusinessCalendarError } from './business-calendar.errors';
import { holidays } from './holidays';

// Written out by hand, year by year, independently of the rule code (and spot-checked against
// OPM's published tables): 'MM-DD id', with '*' marking a US day observed in lieu of a weekend
// holiday. MX days of rest stay on weekends; US lists both the holiday and its observed day.
const EXPECTED_MX: Record<number, string[]> = {
  2020: [
    '01-01 new-years-day',
    '02-03 constitution-day',
    '03-16 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-16 revolution-day',
    '12-25 christmas-day',
  ],
  2021: [
    '01-01 new-years-day',
    '02-01 constitution-day',
    '03-15 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-15 revolution-day',
    '12-25 christmas-day',
  ],
  2022: [
    '01-01 new-years-day',
    '02-07 constitution-day',
    '03-21 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-21 revolution-day',
    '12-25 christmas-day',
  ],
  2023: [
    '01-01 new-years-day',
    '02-06 constitution-day',
    '03-20 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-20 revolution-day',
    '12-25 christmas-day',
  ],
  2024: [
    '01-01 new-years-day',
    '02-05 constitution-day',
    '03-18 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '10-01 inauguration-day',
    '11-18 revolution-day',
    '12-25 christmas-day',
  ],
  2025: [
    '01-01 new-years-day',
    '02-03 constitution-day',
    '03-17 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-17 revolution-day',
    '12-25 christmas-day',
  ],
  2026: [
    '01-01 new-years-day',
    '02-02 constitution-day',
    '03-16 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-16 revolution-day',
    '12-25 christmas-day',
  ],
  2027: [
    '01-01 new-years-day',
    '02-01 constitution-day',
    '03-15 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-15 revolution-day',
    '12-25 christmas-day',
  ],
  2028: [
    '01-01 new-years-day',
    '02-07 constitution-day',
    '03-20 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-20 revolution-day',
    '12-25 christmas-day',
  ],
  2029: [
    '01-01 new-years-day',
    '02-05 constitution-day',
    '03-19 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-19 revolution-day',
    '12-25 christmas-day',
  ],
  2030: [
    '01-01 new-years-day',
    '02-04 constitution-day',
    '03-18 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '10-01 inauguration-day',
    '11-18 revolution-day',
    '12-25 christmas-day',
  ],
  2031: [
    '01-01 new-years-day',
    '02-03 constitution-day',
    '03-17 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-17 revolution-day',
    '12-25 christmas-day',
  ],
  2032: [
    '01-01 new-years-day',
    '02-02 constitution-day',
    '03-15 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-15 revolution-day',
    '12-25 christmas-day',
  ],
  2033: [
    '01-01 new-years-day',
    '02-07 constitution-day',
    '03-21 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-21 revolution-day',
    '12-25 christmas-day',
  ],
  2034: [
    '01-01 new-years-day',
    '02-06 constitution-day',
    '03-20 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-20 revolution-day',
    '12-25 christmas-day',
  ],
  2035: [
    '01-01 new-years-day',
    '02-05 constitution-day',
    '03-19 benito-juarez-birthday',
    '05-01 labour-day',
    '09-16 independence-day',
    '11-19 revolution-day',
    '12-25 christmas-day',
  ],
};

const EXPECTED_US: Record<number, string[]> = {
  2020: [
    '01-01 new-years-day',
    '01-20 martin-luther-king-jr-day',
    '02-17 washingtons-birthday',
    '05-25 memorial-day',
    '07-03 independence-day*',
    '07-04 independence-day',
    '09-07 labor-day',
    '10-12 columbus-day',
    '11-11 veterans-day',
    '11-26 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2021: [
    '01-01 new-years-day',
    '01-18 martin-luther-king-jr-day',
    '02-15 washingtons-birthday',
    '05-31 memorial-day',
    '06-18 juneteenth*',
    '06-19 juneteenth',
    '07-04 independence-day',
    '07-05 independence-day*',
    '09-06 labor-day',
    '10-11 columbus-day',
    '11-11 veterans-day',
    '11-25 thanksgiving-day',
    '12-24 christmas-day*',
    '12-25 christmas-day',
    '12-31 new-years-day*',
  ],
  2022: [
    '01-01 new-years-day',
    '01-17 martin-luther-king-jr-day',
    '02-21 washingtons-birthday',
    '05-30 memorial-day',
    '06-19 juneteenth',
    '06-20 juneteenth*',
    '07-04 independence-day',
    '09-05 labor-day',
    '10-10 columbus-day',
    '11-11 veterans-day',
    '11-24 thanksgiving-day',
    '12-25 christmas-day',
    '12-26 christmas-day*',
  ],
  2023: [
    '01-01 new-years-day',
    '01-02 new-years-day*',
    '01-16 martin-luther-king-jr-day',
    '02-20 washingtons-birthday',
    '05-29 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-04 labor-day',
    '10-09 columbus-day',
    '11-10 veterans-day*',
    '11-11 veterans-day',
    '11-23 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2024: [
    '01-01 new-years-day',
    '01-15 martin-luther-king-jr-day',
    '02-19 washingtons-birthday',
    '05-27 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-02 labor-day',
    '10-14 columbus-day',
    '11-11 veterans-day',
    '11-28 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2025: [
    '01-01 new-years-day',
    '01-20 martin-luther-king-jr-day',
    '02-17 washingtons-birthday',
    '05-26 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-01 labor-day',
    '10-13 columbus-day',
    '11-11 veterans-day',
    '11-27 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2026: [
    '01-01 new-years-day',
    '01-19 martin-luther-king-jr-day',
    '02-16 washingtons-birthday',
    '05-25 memorial-day',
    '06-19 juneteenth',
    '07-03 independence-day*',
    '07-04 independence-day',
    '09-07 labor-day',
    '10-12 columbus-day',
    '11-11 veterans-day',
    '11-26 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2027: [
    '01-01 new-years-day',
    '01-18 martin-luther-king-jr-day',
    '02-15 washingtons-birthday',
    '05-31 memorial-day',
    '06-18 juneteenth*',
    '06-19 juneteenth',
    '07-04 independence-day',
    '07-05 independence-day*',
    '09-06 labor-day',
    '10-11 columbus-day',
    '11-11 veterans-day',
    '11-25 thanksgiving-day',
    '12-24 christmas-day*',
    '12-25 christmas-day',
    '12-31 new-years-day*',
  ],
  2028: [
    '01-01 new-years-day',
    '01-17 martin-luther-king-jr-day',
    '02-21 washingtons-birthday',
    '05-29 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-04 labor-day',
    '10-09 columbus-day',
    '11-10 veterans-day*',
    '11-11 veterans-day',
    '11-23 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2029: [
    '01-01 new-years-day',
    '01-15 martin-luther-king-jr-day',
    '02-19 washingtons-birthday',
    '05-28 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-03 labor-day',
    '10-08 columbus-day',
    '11-11 veterans-day',
    '11-12 veterans-day*',
    '11-22 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2030: [
    '01-01 new-years-day',
    '01-21 martin-luther-king-jr-day',
    '02-18 washingtons-birthday',
    '05-27 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-02 labor-day',
    '10-14 columbus-day',
    '11-11 veterans-day',
    '11-28 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2031: [
    '01-01 new-years-day',
    '01-20 martin-luther-king-jr-day',
    '02-17 washingtons-birthday',
    '05-26 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-01 labor-day',
    '10-13 columbus-day',
    '11-11 veterans-day',
    '11-27 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2032: [
    '01-01 new-years-day',
    '01-19 martin-luther-king-jr-day',
    '02-16 washingtons-birthday',
    '05-31 memorial-day',
    '06-18 juneteenth*',
    '06-19 juneteenth',
    '07-04 independence-day',
    '07-05 independence-day*',
    '09-06 labor-day',
    '10-11 columbus-day',
    '11-11 veterans-day',
    '11-25 thanksgiving-day',
    '12-24 christmas-day*',
    '12-25 christmas-day',
    '12-31 new-years-day*',
  ],
  2033: [
    '01-01 new-years-day',
    '01-17 martin-luther-king-jr-day',
    '02-21 washingtons-birthday',
    '05-30 memorial-day',
    '06-19 juneteenth',
    '06-20 juneteenth*',
    '07-04 independence-day',
    '09-05 labor-day',
    '10-10 columbus-day',
    '11-11 veterans-day',
    '11-24 thanksgiving-day',
    '12-25 christmas-day',
    '12-26 christmas-day*',
  ],
  2034: [
    '01-01 new-years-day',
    '01-02 new-years-day*',
    '01-16 martin-luther-king-jr-day',
    '02-20 washingtons-birthday',
    '05-29 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-04 labor-day',
    '10-09 columbus-day',
    '11-10 veterans-day*',
    '11-11 veterans-day',
    '11-23 thanksgiving-day',
    '12-25 christmas-day',
  ],
  2035: [
    '01-01 new-years-day',
    '01-15 martin-luther-king-jr-day',
    '02-19 washingtons-birthday',
    '05-28 memorial-day',
    '06-19 juneteenth',
    '07-04 independence-day',
    '09-03 labor-day',
    '10-08 columbus-day',
    '11-11 veterans-day',
    '11-12 veterans-day*',
    '11-22 thanksgiving-day',
    '12-25 christmas-day',
  ],
};

const YEARS = Object.keys(EXPECTED_MX).map(Number);

function actual(calendar: 'MX' | 'US', year: number): string[] {
  return holidays(calendar, year).map((h) => {
    expect(h.date.slice(0, 5)).toBe(`${year}-`);
    return `${h.date.slice(5)} ${h.id}${h.observed ? '*' : ''}`;
  });
}

describe('holidays', () => {
  it('covers 2020–2035 in both expected tables', () => {
    expect(YEARS).toEqual(Array.from({ length: 16 }, (_, i) => 2020 + i));
    expect(Object.keys(EXPECTED_US).map(Number)).toEqual(YEARS);
  });

  it.each(YEARS)('lists exactly the Mexican days of rest of %i', (year) => {
    expect(new Set(actual('MX', year))).toEqual(new Set(EXPECTED_MX[year]));
    expect(actual('MX', year)).toHaveLength(EXPECTED_MX[year].length);
  });

  it.each(YEARS)('lists exactly the US federal holidays and observed days of %i', (year) => {
    expect(new Set(actual('US', year))).toEqual(new Set(EXPECTED_US[year]));
    expect(actual('US', year)).toHaveLength(EXPECTED_US[year].length);
  });

  it('sorts by date', () => {
    for (const calendar of ['MX', 'US'] as const) {
      const dates = holidays(calendar, 2027).map((h) => h.date);
      expect(dates).toEqual([...dates].sort());
    }
  });

  describe('inauguration of the Mexican federal executive', () => {
    const dates = (year: number): string[] => holidays('MX', year).map((h) => h.date);

    it('is 1 October from 2024, every six years', () => {
      expect(dates(2024)).toContain('2024-10-01');
      expect(dates(2030)).toContain('2030-10-01');
      expect(dates(2036)).toContain('2036-10-01');
      expect(dates(2025)).not.toContain('2025-10-01');
    });

    it('is no longer 1 December from 2024', () => {
      expect(dates(2024)).not.toContain('2024-12-01');
      expect(dates(2030)).not.toContain('2030-12-01');
    });

    it('was 1 December every six years until 2018', () => {
      expect(dates(2018)).toContain('2018-12-01');
      expect(dates(2012)).toContain('2012-12-01');
      expect(dates(2006)).toContain('2006-12-01');
      expect(dates(2000)).toContain('2000-12-01');
      expect(dates(2018)).not.toContain('2018-10-01');
      expect(dates(2019)).not.toContain('2019-12-01');
    });
  });

  it('keeps the pre-2006 fixed Mexican dates and the Juárez bicentennial exception', () => {
    expect(holidays('MX', 2005).map((h) => h.date)).toEqual([
      '2005-01-01',
      '2005-02-05',
      '2005-03-21',
      '2005-05-01',
      '2005-09-16',
      '2005-11-20',
      '2005-12-25',
    ]);
    // DOF 17-01-2006: Mondays from 2006, but 21 March kept in 2006 and Monday only from 2007.
    expect(holidays('MX', 2006).map((h) => h.date)).toEqual([
      '2006-01-01',
      '2006-02-06',
      '2006-03-21',
      '2006-05-01',
      '2006-09-16',
      '2006-11-20',
      '2006-12-01',
      '2006-12-25',
    ]);
    expect(holidays('MX', 2007).map((h) => h.date)).toContain('2007-03-19');
  });

  it('does not move a Mexican day of rest that falls on a weekend', () => {
    const may2022 = holidays('MX', 2022).filter((h) => h.id === 'labour-day');
    expect(may2022).toEqual([expect.objectContaining({ date: '2022-05-01', observed: false })]);
    expect(holidays('MX', 2022).every((h) => !h.observed)).toBe(true);
  });

  it('puts a Saturday New Year observed on 31 December of the year before', () => {
    const newYears = (year: number) => holidays('US', year).filter((h) => h.id === 'new-years-day');
    expect(newYears(2021)).toEqual([
      expect.objectContaining({ date: '2021-01-01', observed: false }),
      expect.objectContaining({ date: '2021-12-31', observed: true }),
    ]);
    expect(newYears(2022)).toEqual([
      expect.objectContaining({ date: '2022-01-01', observed: false }),
    ]);
    expect(newYears(2027).map((h) => h.date)).toEqual(['2027-01-01', '2027-12-31']);
    expect(newYears(2028).map((h) => h.date)).toEqual(['2028-01-01']);
  });

  it('starts Juneteenth in 2021, observed on Friday 18 June that year', () => {
    expect(holidays('US', 2020).some((h) => h.id === 'juneteenth')).toBe(false);
    expect(holidays('US', 2021).filter((h) => h.id === 'juneteenth')).toEqual([
      expect.objectContaining({ date: '2021-06-18', observed: true }),
      expect.objectContaining({ date: '2021-06-19', observed: false }),
    ]);
  });

  it('marks observed days only on weekdays, and only for weekend holidays', () => {
    for (let year = 2020; year <= 2035; year += 1) {
      const list = holidays('US', year);
      for (const h of list.filter((x) => x.observed)) {
        const day = new Date(`${h.date}T00:00:00Z`);
        const weekday = day.getUTCDay();
        expect([1, 5]).toContain(weekday);
        // The holiday itself is the adjacent weekend day (possibly in the next year).
        const holidayDay = new Date(day.getTime() + (weekday === 5 ? 1 : -1) * 86_400_000);
        const iso = holidayDay.toISOString().slice(0, 10);
        const source = holidays('US', holidayDay.getUTCFullYear());
        expect(source).toContainEqual(
          expect.objectContaining({ date: iso, id: h.id, observed: false }),
        );
      }
    }
  });

  it('names every holiday in English and Spanish', () => {
    const [mxNewYear] = holidays('MX', 2026);
    expect(mxNewYear.name).toEqual({ en: "New Year's Day", es: 'Año Nuevo' });
    const thanksgiving = holidays('US', 2026).find((h) => h.id === 'thanksgiving-day');
    expect(thanksgiving?.name).toEqual({ en: 'Thanksgiving Day', es: 'Día de Acción de Gracias' });
    for (const calendar of ['MX', 'US'] as const) {
      for (const h of holidays(calendar, 2030)) {
        expect(h.name.en).not.toBe('');
        expect(h.name.es).not.toBe('');
      }
    }
  });

  it('returns a frozen, cached list', () => {
    const list = holidays('US', 2026);
    expect(holidays('US', 2026)).toBe(list);
    expect(Object.isFrozen(list)).toBe(true);
    expect(Object.isFrozen(list[0])).toBe(true);
    expect(Object.isFrozen(list[0].name)).toBe(true);
  });

  it('refuses an unknown calendar, binational, and years out of range', () => {
    expect(() => holidays('CA' as 'MX', 2026)).toThrow(BusinessCalendarError);
    expect(() => holidays('binational' as 'MX', 2026)).toThrow(/country/);
    expect(() => holidays('MX', 1999)).toThrow(
      expect.objectContaining({ code: 'BUSINESS_CALENDAR.YEAR_OUT_OF_RANGE' }),
    );
    expect(() => holidays('MX', 2026.5)).toThrow(BusinessCalendarError);
    expect(() => holidays('US', 10000)).toThrow(BusinessCalendarError);
  });
});
