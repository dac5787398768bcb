import { type HolidayTable, defineHolidayTable } from './holiday-rule';

/**
 * United States federal holidays, 5 U.S.C. 6103(a), as in force since 2000 (the first year
 * this library supports). Juneteenth was added by Pub. L. 117-17, signed 17 June 2021 and
 * first observed on Friday 18 June 2021.
 *
 * Observance for a Monday–Friday workweek (6103(b), Executive Order 11582; as OPM publishes
 * it): a holiday on Saturday is observed the Friday before, on Sunday the Monday after; New
 * Year's Day on a Saturday is thus observed on 31 December of the previous year.
 *
 * Not modeled: Inauguration Day (20 January after a presidential election) closes federal
 * offices only in the Washington, D.C. area (6103(c)); election days are not federal
 * holidays; closures by executive order (e.g. an extra day at Christmas) are announced
 * case by case and come in as an agency's extra non-working days.
 */
export const UNITED_STATES_HOLIDAYS: HolidayTable = defineHolidayTable({
  country: 'US',
  observance: 'fridayBeforeMondayAfter',
  rules: [
    {
      id: 'new-years-day',
      name: { en: "New Year's Day", es: 'Año Nuevo' },
      kind: 'fixed',
      month: 1,
      day: 1,
    },
    {
      id: 'martin-luther-king-jr-day',
      name: {
        en: 'Birthday of Martin Luther King, Jr.',
        es: 'Natalicio de Martin Luther King Jr.',
      },
      kind: 'nthWeekday',
      month: 1,
      weekday: 1,
      n: 3,
    },
    {
      id: 'washingtons-birthday',
      name: { en: "Washington's Birthday", es: 'Natalicio de George Washington' },
      kind: 'nthWeekday',
      month: 2,
      weekday: 1,
      n: 3,
    },
    {
      id: 'memorial-day',
      name: { en: 'Memorial Day', es: 'Día de los Caídos' },
      kind: 'nthWeekday',
      month: 5,
      weekday: 1,
      n: -1,
    },
    {
      id: 'juneteenth',
      name: {
        en: 'Juneteenth National Independence Day',
        es: 'Día Nacional de la Independencia de Juneteenth',
      },
      kind: 'fixed',
      month: 6,
      day: 19,
      since: 2021,
    },
    {
      id: 'independence-day',
      name: { en: 'Independence Day', es: 'Día de la Independencia' },
      kind: 'fixed',
      month: 7,
      day: 4,
    },
    {
      id: 'labor-day',
      name: { en: 'Labor Day', es: 'Día del Trabajo' },
      kind: 'nthWeekday',
      month: 9,
      weekday: 1,
      n: 1,
    },
    {
      id: 'columbus-day',
      name: { en: 'Columbus Day', es: 'Día de Colón' },
      kind: 'nthWeekday',
      month: 10,
      weekday: 1,
      n: 2,
    },
    {
      id: 'veterans-day',
      name: { en: 'Veterans Day', es: 'Día de los Veteranos' },
      kind: 'fixed',
      month: 11,
      day: 11,
    },
    {
      id: 'thanksgiving-day',
      name: { en: 'Thanksgiving Day', es: 'Día de Acción de Gracias' },
      kind: 'nthWeekday',
      month: 11,
      weekday: 4,
      n: 4,
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
