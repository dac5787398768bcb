import * as calendar from '@puentes/business-calendar';

describe('@puentes/business-calendar', () => {
  it('exposes its public face through the path alias', () => {
    expect(Object.keys(calendar).sort()).toEqual([
      'BusinessCalendar',
      'BusinessCalendarError',
      'CALENDAR_IDS',
      'DUE_LOCAL_HOUR',
      'HOLIDAY_TABLES',
      'MEXICO_HOLIDAYS',
      'SUPPORTED_YEARS',
      'UNITED_STATES_HOLIDAYS',
      'addDuration',
      'dueAt',
      'holidays',
      'isCalendarId',
      'isValidTimeZone',
      'isZeroDuration',
      'parseIsoDuration',
      'parseWallTime',
      'peopleZoneName',
      'resolveWallTime',
      'subtractDuration',
    ]);
  });
});
