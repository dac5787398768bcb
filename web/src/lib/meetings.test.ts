import { wallTimeInstants } from './dates';
import {
  checkStart,
  draftOf,
  durationIsValid,
  hasBegun,
  linkIsValid,
  meetingPatch,
  splitLocalStart,
  startHasPassed,
  titleIsKind,
  type EditableMeeting,
} from './meetings';

describe('a meeting’s start, checked before it is sent', () => {
  it('says nothing of a Tuesday morning', () => {
    expect(checkStart('2027-01-12', '09:00', 'America/Hermosillo')).toEqual({
      weekend: null,
      night: false,
      repeated: null,
      skipped: false,
    });
  });

  it('notices a Saturday and a Sunday, by the date as typed in the meeting’s zone', () => {
    expect(checkStart('2027-01-16', '10:00', 'America/Tijuana')?.weekend).toBe('saturday');
    expect(checkStart('2027-01-17', '10:00', 'America/Tijuana')?.weekend).toBe('sunday');
    expect(checkStart('2027-01-15', '10:00', 'America/Tijuana')?.weekend).toBeNull();
  });

  it.each([
    ['01:30', true],
    ['06:59', true],
    ['07:00', false],
    ['20:59', false],
    ['21:00', true],
    ['23:30', true],
  ])('takes %s for night: %s', (time, night) => {
    expect(checkStart('2027-01-12', time, 'America/Hermosillo')?.night).toBe(night);
  });

  it.each(['America/Tijuana', 'America/Ciudad_Juarez', 'America/Matamoros', 'America/New_York'])(
    'finds both instants of 01:30 on the night the clocks go back in %s, the first on daylight time',
    (zone) => {
      // Sunday 1 November 2026: the clocks of these zones go back from 02:00 to 01:00.
      const check = checkStart('2026-11-01', '01:30', zone)!;
      expect(check.repeated).not.toBeNull();
      const { first, second } = check.repeated!;
      expect(second.getTime() - first.getTime()).toBe(3_600_000);
      // The same instant the service takes (resolveWallTime: the first occurrence).
      expect(first).toEqual(wallTimeInstants('2026-11-01', '01:30', zone)[0]);
      expect(check.skipped).toBe(false);
    },
  );

  it('gives the instants of the repeated hour whatever the browser’s own date', () => {
    expect(wallTimeInstants('2026-11-01', '01:30', 'America/Matamoros')).toEqual([
      new Date('2026-11-01T06:30:00Z'), // CDT, UTC−5
      new Date('2026-11-01T07:30:00Z'), // CST, UTC−6
    ]);
    expect(wallTimeInstants('2026-11-01', '01:30', 'America/Hermosillo')).toEqual([
      new Date('2026-11-01T08:30:00Z'),
    ]);
  });

  it('notices the hour the clocks skip, which the service refuses', () => {
    // Sunday 8 March 2026 in Tijuana: 02:00 becomes 03:00.
    expect(checkStart('2026-03-08', '02:30', 'America/Tijuana')).toMatchObject({
      skipped: true,
      repeated: null,
    });
    expect(checkStart('2026-03-08', '03:30', 'America/Tijuana')?.skipped).toBe(false);
  });

  it('waits for a whole, real date and time', () => {
    expect(checkStart('', '09:00', 'America/Tijuana')).toBeNull();
    expect(checkStart('2027-01-12', '', 'America/Tijuana')).toBeNull();
    expect(checkStart('2027-02-30', '09:00', 'America/Tijuana')).toBeNull();
    expect(checkStart('2027-01-12', '24:00', 'America/Tijuana')).toBeNull();
    expect(checkStart('2027-01-12', '09:00', 'Not/A_Zone')).toBeNull();
  });
});

describe('meetings', () => {
  it('splits the start as stated into the date and time fields', () => {
    expect(splitLocalStart('2026-07-16T09:00')).toEqual({ date: '2026-07-16', time: '09:00' });
  });

  it('has begun at its start, not before', () => {
    const start = '2027-01-14T15:39:00.000Z';
    expect(hasBegun(start, Date.parse(start) - 1)).toBe(false);
    expect(hasBegun(start, Date.parse(start))).toBe(true);
  });

  it('knows a title that only repeats the kind', () => {
    expect(titleIsKind('Extraordinary meeting', 'Extraordinary meeting')).toBe(true);
    expect(titleIsKind(' reunión extraordinaria ', 'Reunión extraordinaria')).toBe(true);
    expect(titleIsKind('Q3 review', 'Regional meeting')).toBe(false);
  });
});

describe('the edit form of a meeting', () => {
  const meeting: EditableMeeting = {
    title: { es: 'Revisón del cruce', en: 'Crossing review' },
    localStart: '2027-01-14T10:00',
    timeZone: 'America/Hermosillo',
    durationMinutes: 90,
    place: 'Nogales, Sonora',
    link: null,
  };

  it('starts from the meeting as it is, and sends nothing while nothing changed', () => {
    const draft = draftOf(meeting);
    expect(draft).toEqual({
      titleEs: 'Revisón del cruce',
      titleEn: 'Crossing review',
      date: '2027-01-14',
      time: '10:00',
      timeZone: 'America/Hermosillo',
      duration: '90',
      place: 'Nogales, Sonora',
      link: '',
    });
    expect(meetingPatch(meeting, draft)).toEqual({ body: {}, changes: [] });
    // Spaces around a text are not a change.
    expect(
      meetingPatch(meeting, { ...draft, place: ' Nogales, Sonora ', duration: ' 090' }),
    ).toEqual({ body: {}, changes: [] });
  });

  it('sends the title, the length and the link without the start: no move', () => {
    const { body, changes } = meetingPatch(meeting, {
      ...draftOf(meeting),
      titleEs: 'Revisión del cruce ',
      duration: '120',
      link: ' https://meet.example.gov/son-az',
    });
    expect(body).toEqual({
      title: { es: 'Revisión del cruce', en: 'Crossing review' },
      durationMinutes: 120,
      link: 'https://meet.example.gov/son-az',
    });
    expect(changes).toEqual(['title', 'duration', 'link']);
  });

  it('sends a new date or time as the start, in the meeting’s zone', () => {
    expect(meetingPatch(meeting, { ...draftOf(meeting), time: '11:30' })).toEqual({
      body: { startsAt: '2027-01-14T11:30' },
      changes: ['start'],
    });
  });

  it('sends a new zone with the same wall time, read in that zone', () => {
    expect(meetingPatch(meeting, { ...draftOf(meeting), timeZone: 'America/Tijuana' })).toEqual({
      body: { startsAt: '2027-01-14T10:00', timeZone: 'America/Tijuana' },
      changes: ['timeZone'],
    });
  });

  it('removes an emptied place or link (null), and compares a start stated with seconds', () => {
    const withLink = { ...meeting, localStart: '2027-01-14T10:00:00', link: 'https://x.example' };
    expect(meetingPatch(withLink, { ...draftOf(withLink), place: '  ' })).toEqual({
      body: { place: null },
      changes: ['place'],
    });
    expect(meetingPatch(withLink, { ...draftOf(withLink), link: '' }).body).toEqual({
      link: null,
    });
  });

  it.each([
    ['90', true],
    ['15', true],
    ['720', true],
    [' 120 ', true],
    ['14', false],
    ['721', false],
    ['1.5', false],
    ['-30', false],
    ['', false],
  ])('takes %p minutes for a length: %s', (text, valid) => {
    expect(durationIsValid(text)).toBe(valid);
  });

  it.each([
    ['', true],
    ['https://meet.example.gov/son-az', true],
    ['http://meet.example.gov', true],
    ['meet.example.gov/son-az', false],
    ['ftp://meet.example.gov', false],
    ['https://', false],
    ['https://meet example', false],
  ])('takes %p for a video link: %s', (text, valid) => {
    expect(linkIsValid(text)).toBe(valid);
  });
});

describe('a start that has passed, as the service refuses it (MEETING.START_IN_PAST)', () => {
  // 10:00 on 15 January 2027 in Tijuana (UTC−8) is 18:00 UTC.
  const at = Date.parse('2027-01-15T18:00:00Z');

  it('is refused at or before the clock, taken a minute after it', () => {
    expect(startHasPassed('2027-01-15', '10:00', 'America/Tijuana', at)).toBe(true);
    expect(startHasPassed('2027-01-15', '09:59', 'America/Tijuana', at)).toBe(true);
    expect(startHasPassed('2027-01-15', '10:01', 'America/Tijuana', at)).toBe(false);
  });

  it('reads the wall time in the meeting’s zone, not the reader’s', () => {
    // 10:30 in Hermosillo (UTC−7) is 17:30 UTC: already past; in Tijuana, 18:30 UTC: ahead.
    expect(startHasPassed('2027-01-15', '10:30', 'America/Hermosillo', at)).toBe(true);
    expect(startHasPassed('2027-01-15', '10:30', 'America/Tijuana', at)).toBe(false);
  });

  it('takes the first of a repeated hour, as the service does', () => {
    // 01:30 occurs at 08:30Z (PDT) and at 09:30Z (PST) on 1 November 2026 in Tijuana.
    const between = Date.parse('2026-11-01T09:00:00Z');
    expect(startHasPassed('2026-11-01', '01:30', 'America/Tijuana', between)).toBe(true);
  });

  it('leaves an incomplete or impossible start to the other messages', () => {
    expect(startHasPassed('', '10:00', 'America/Tijuana', at)).toBe(false);
    expect(startHasPassed('2020-02-30', '10:00', 'America/Tijuana', at)).toBe(false);
    expect(startHasPassed('2020-01-15', '10:00', 'Not/AZone', at)).toBe(false);
  });
});
