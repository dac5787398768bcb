import { type HolidayTable, defineHolidayTable } from './holiday-rule';

/**
 * Mexico's federal days of rest, Ley Federal del Trabajo art. 74, as in force since 2000
 * (the first year this library supports).
 *
 * - The 2006 reform (DOF 17-01-2006, in force the next day) moved 5 February, 21 March and
 *   20 November to Mondays; its second transitory article kept 21 March 2006 for Juárez's
 *   bicentennial, so that Monday rule starts in 2007.
 * - The inauguration of the federal executive moved from 1 December (last in 2018) to
 *   1 October from 2024 (constitutional reform of 2014; art. 74 fraction VII amended in
 *   the DOF of 30-09-2024). 2024-12-01 was therefore not a day of rest.
 * - Fraction IX, election days set by federal and local electoral law, is not modeled: it
 *   depends on each election's calendar and on the state; agencies that close publish it,
 *   and the app passes it in as an extra non-working day.
 *
 * A day of rest on a weekend is not moved to a weekday.
 */
export const MEXICO_HOLIDAYS: HolidayTable = defineHolidayTable({
  country: 'MX',
  observance: 'none',
  rules: [
    {
      id: 'new-years-day',
      name: { en: "New Year's Day", es: 'Año Nuevo' },
      kind: 'fixed',
      month: 1,
      day: 1,
    },
    {
      id: 'constitution-day',
      name: { en: 'Constitution Day', es: 'Día de la Constitución' },
      kind: 'fixed',
      month: 2,
      day: 5,
      until: 2005,
    },
    {
      id: 'constitution-day',
      name: { en: 'Constitution Day', es: 'Día de la Constitución' },
      kind: 'nthWeekday',
      month: 2,
      weekday: 1,
      n: 1,
      since: 2006,
    },
    {
      id: 'benito-juarez-birthday',
      name: { en: "Benito Juárez's Birthday", es: 'Natalicio de Benito Juárez' },
      kind: 'fixed',
      month: 3,
      day: 21,
      until: 2006,
    },
    {
      id: 'benito-juarez-birthday',
      name: { en: "Benito Juárez's Birthday", es: 'Natalicio de Benito Juárez' },
      kind: 'nthWeekday',
      month: 3,
      weekday: 1,
      n: 3,
      since: 2007,
    },
    {
      id: 'labour-day',
      name: { en: 'Labour Day', es: 'Día del Trabajo' },
      kind: 'fixed',
      month: 5,
      day: 1,
    },
    {
      id: 'independence-day',
      name: { en: 'Independence Day', es: 'Día de la Independencia' },
      kind: 'fixed',
      month: 9,
      day: 16,
    },
    {
      id: 'inauguration-day',
      name: {
        en: 'Inauguration of the Federal Executive',
        es: 'Transmisión del Poder Ejecutivo Federal',
      },
      kind: 'fixed',
      month: 10,
      day: 1,
      everyYears: 6,
      since: 2024,
    },
    {
      id: 'revolution-day',
      name: { en: 'Revolution Day', es: 'Día de la Revolución' },
      kind: 'fixed',
      month: 11,
      day: 20,
      until: 2005,
    },
    {
      id: 'revolution-day',
      name: { en: 'Revolution Day', es: 'Día de la Revolución' },
      kind: 'nthWeekday',
      month: 11,
      weekday: 1,
      n: 3,
      since: 2006,
    },
    {
      id: 'inauguration-day',
      name: {
        en: 'Inauguration of the Federal Executive',
        es: 'Transmisión del Poder Ejecutivo Federal',
      },
      kind: 'fixed',
      month: 12,
      day: 1,
      everyYears: 6,
      since: 2000,
      until: 2018,
    },
    {
      id: 'christmas-day',
      name: { en: 'Christmas Day', es: 'Navidad' },
      kind: 'fixed',
      month: 12,
      day: 25,
    },
  ],
});
