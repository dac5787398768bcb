import { useEffect, useState } from 'react';
import type { Schemas } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
import { useBi } from '../../components/bits';
import { ZonePicker } from '../../components/ZonePicker';
import { useLocale, useT, type MessageId } from '../../i18n/i18n';
import { dateIn, formatInstant, formatTimeOfDay } from '../../lib/dates';
import {
  checkStart,
  durationIsValid,
  linkIsValid,
  startHasPassed,
  titleIsKind,
  type MeetingDraft,
} from '../../lib/meetings';

/** The fields of a meeting form a refusal of the service may name. */
export type MeetingField =
  'kind' | 'startsAt' | 'timeZone' | 'durationMinutes' | 'place' | 'link' | 'title';
/** A form's messages by field, `general` for what belongs to no field. */
export type MeetingErrors = Partial<Record<MeetingField | 'general', string>>;

const FIELDS: readonly MeetingField[] = [
  'kind',
  'startsAt',
  'timeZone',
  'durationMinutes',
  'place',
  'link',
  'title',
];

/**
 * What a refused schedule or reschedule says, field by field, in the reader's language: the
 * same messages whichever form sent it. `problemText` words a refusal by its code.
 */
export function meetingErrors(
  error: unknown,
  t: (id: MessageId) => string,
  problemText: (error: unknown) => string,
): MeetingErrors {
  if (!(error instanceof ApiError) || error.status !== 400) return { general: problemText(error) };
  const { byField } = problemToFields(error.problem, FIELDS);
  const next: MeetingErrors = {};
  for (const f of Object.keys(byField) as MeetingField[])
    next[f] = t(`meeting.error.${f}` as MessageId);
  const code = error.problem.code;
  if (code === 'MEETING.INVALID_START') next.startsAt = problemText(error);
  // In the words the form uses when it finds it first (the clock moved on while sending).
  if (code === 'MEETING.START_IN_PAST') next.startsAt = t('meeting.error.startPast');
  if (code === 'MEETING.NO_PLACE_OR_LINK') next.place = problemText(error);
  if (Object.keys(next).length === 0) next.general = problemText(error);
  return next;
}

/**
 * The errors of the start found before sending, as the service would refuse it: a date and a
 * time are needed, a time the clocks skip does not exist, and — when the start is sent
 * (`sent`: always when scheduling, when it changed when rescheduling) — it must still be ahead
 * (`MEETING.START_IN_PAST`). Empty when the start may be sent.
 */
export function startErrors(
  date: string,
  time: string,
  zone: string,
  t: (id: MessageId) => string,
  sent = true,
): MeetingErrors {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time))
    return { startsAt: t('meeting.error.startsAt') };
  if (checkStart(date, time, zone)?.skipped)
    return { startsAt: t('problem.MEETING.INVALID_START') };
  if (sent && startHasPassed(date, time, zone)) return { startsAt: t('meeting.error.startPast') };
  return {};
}

/**
 * The errors of a meeting's edit form found before sending, by field: a title in both languages
 * (the service keeps one, and takes a new one only whole), a start as `startErrors` checks it
 * (still ahead when `moved`: the form sends it), a length of 15 to 720 minutes, a whole web
 * address for the link, and a place or a link (the service refuses a meeting members cannot
 * find). Empty when the changes may be sent.
 */
export function draftErrors(
  draft: MeetingDraft,
  t: (id: MessageId) => string,
  moved = true,
): MeetingErrors {
  const next: MeetingErrors = startErrors(draft.date, draft.time, draft.timeZone, t, moved);
  if (!draft.titleEs.trim() || !draft.titleEn.trim()) next.title = t('meeting.edit.error.title');
  if (!durationIsValid(draft.duration)) next.durationMinutes = t('meeting.error.durationMinutes');
  if (!draft.place.trim() && !draft.link.trim()) next.place = t('problem.MEETING.NO_PLACE_OR_LINK');
  if (!linkIsValid(draft.link)) next.link = t('meeting.error.link');
  return next;
}

/**
 * Moves the focus to the first field of `form` marked invalid, in the form's order, so a
 * keyboard or screen-reader user lands on what to fix (its message is tied to it by
 * `aria-describedby`). Called once the errors are on the page.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * Non-blocking warnings on a start as it is typed: a weekend, a time at night (most often a.m.
 * for p.m.), a time that occurs twice because the clocks go back that night — saying which of
 * the two the meeting takes (the first, as the service does). A polite live region, so a
 * screen reader hears them once the fields change, without the focus moving.
 */
export function StartWarnings({ date, time, zone }: { date: string; time: string; zone: string }) {
  const t = useT();
  const { formatLocale } = useLocale();
  const check = checkStart(date, time, zone);
  const warnings: string[] = [];
  if (check) {
    const [y, m, d] = date.split('-').map(Number);
    const [hour, minute] = time.split(':').map(Number);
    const day = new Intl.DateTimeFormat(formatLocale, {
      dateStyle: 'long',
      timeZone: 'UTC',
    }).format(new Date(Date.UTC(y, m - 1, d)));
    const at = formatTimeOfDay(hour, minute, formatLocale);
    if (check.weekend) warnings.push(t('meeting.warn.weekend', { date: day, day: check.weekend }));
    if (check.night)
      warnings.push(
        t('meeting.warn.night', {
          time: at,
          other: formatTimeOfDay((hour + 12) % 24, minute, formatLocale),
        }),
      );
    if (check.repeated)
      warnings.push(
        t('meeting.warn.repeated', {
          time: at,
          date: day,
          first: formatInstant(check.repeated.first, formatLocale, zone),
        }),
      );
  }
  return (
    <div aria-live="polite" className="start-warnings">
      {warnings.length > 0 && (
        <div className="alert alert--warning">
          <p>
            <strong>{t('meeting.warn.title')}</strong>
          </p>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

/** Today on the clocks of `zone` (`YYYY-MM-DD`); undefined for a zone the browser does not know. */
function todayIn(zone: string): string | undefined {
  try {
    return dateIn(new Date(), zone);
  } catch {
    return undefined;
  }
}

/**
 * The start of a meeting as scheduling and rescheduling take it: a date, a local time and the
 * zone of that time, with the same messages and warnings in both forms. The date picker offers
 * no day already over in the meeting's zone (the service takes only a start ahead). `prefix`
 * keeps the ids of two forms on one page apart.
 */
export function MeetingStartFields({
  prefix,
  date,
  time,
  zone,
  onDate,
  onTime,
  onZone,
  errors,
}: {
  prefix: string;
  date: string;
  time: string;
  zone: string;
  onDate: (date: string) => void;
  onTime: (time: string) => void;
  onZone: (zone: string) => void;
  errors: MeetingErrors;
}) {
  const t = useT();
  const errorId = `${prefix}-startsAt-error`;
  return (
    <fieldset>
      <legend>{t('meeting.start')}</legend>
      <div className="field">
        <label htmlFor={`${prefix}-date`}>{t('meeting.date')}</label>
        <input
          id={`${prefix}-date`}
          type="date"
          value={date}
          min={todayIn(zone)}
          onChange={(e) => onDate(e.target.value)}
          aria-invalid={!!errors.startsAt}
          aria-describedby={errors.startsAt ? errorId : undefined}
        />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-time`}>{t('meeting.time')}</label>
        <input
          id={`${prefix}-time`}
          type="time"
          value={time}
          onChange={(e) => onTime(e.target.value)}
          aria-invalid={!!errors.startsAt}
          aria-describedby={errors.startsAt ? errorId : undefined}
        />
      </div>
      {errors.startsAt && (
        <p className="field-error" id={errorId}>
          {errors.startsAt}
        </p>
      )}
      <ZonePicker
        label={t('meeting.zone')}
        value={zone}
        onChange={onZone}
        error={errors.timeZone}
        description={t('meeting.zone.hint')}
      />
      <StartWarnings date={date} time={time} zone={zone} />
    </fieldset>
  );
}

/**
 * How a meeting is named on a page: by its title, or — when its title is only its kind, as
 * for one scheduled without a title — by its kind and its date in the reader's zone
 * ("Extraordinary meeting of January 14, 2027"), so the kind is not said twice.
 */
export function useMeetingName(): (meeting: Schemas['MeetingSummaryView']) => {
  name: string;
  untitled: boolean;
} {
  const t = useT();
  const bi = useBi();
  const { formatLocale, timeZone } = useLocale();
  return (meeting) => {
    const kind = bi(meeting.kindLabel);
    if (!titleIsKind(bi(meeting.title), kind)) return { name: bi(meeting.title), untitled: false };
    const date = new Intl.DateTimeFormat(formatLocale, { dateStyle: 'long', timeZone }).format(
      new Date(meeting.startsAt),
    );
    return { name: t('meeting.untitledName', { kind, date }), untitled: true };
  };
}

/** The time now, refreshed every `everyMs`: a page left open sees a meeting begin. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
