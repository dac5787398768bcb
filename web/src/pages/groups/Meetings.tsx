import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call, useIdempotencyKey, type Schemas } from '../../api/client';
import { PAGE_SIZE } from '../../app/search';
import { useUser } from '../../auth/session';
import { useBi } from '../../components/bits';
import {
  BusyButton,
  DateTimeWithZone,
  ErrorAlert,
  Loading,
  Pagination,
  useProblemText,
} from '../../components/common';
import { useT } from '../../i18n/i18n';
import { durationIsValid, linkIsValid } from '../../lib/meetings';
import { GroupFrame, MembersOnly } from './GroupFrame';
import {
  focusFirstInvalid,
  meetingErrors,
  MeetingStartFields,
  startErrors,
  useMeetingName,
  useNow,
  type MeetingErrors,
  type MeetingField,
} from './MeetingStart';

const route = getRouteApi('/signed-in/technical-groups/$code/meetings');

const KINDS = ['regional', 'plenary', 'extraordinary'] as const;

function ScheduleMeeting({ groupId, code }: { groupId: string; code: string }) {
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [kind, setKind] = useState<(typeof KINDS)[number]>('regional');
  const [titleEs, setTitleEs] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('09:00');
  const [timeZone, setTimeZone] = useState(user.timeZone);
  const [duration, setDuration] = useState('90');
  const [place, setPlace] = useState('');
  const [link, setLink] = useState('');
  const [errors, setErrors] = useState<MeetingErrors>({});
  const { key, settled } = useIdempotencyKey();
  const form = useRef<HTMLFormElement>(null);
  // Refused (here or by the service): the first marked field takes the focus, as in the
  // meeting's edit form, so a keyboard or screen-reader user lands on what to fix.
  useEffect(() => {
    if (Object.keys(errors).length > 0) focusFirstInvalid(form.current);
  }, [errors]);

  const schedule = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/technical-groups/{groupId}/meetings', {
          params: { path: { groupId } },
          headers: { 'Idempotency-Key': key },
          body: {
            kind,
            startsAt: `${date}T${time}`,
            timeZone,
            durationMinutes: Number(duration),
            ...(titleEs.trim() && titleEn.trim()
              ? { title: { es: titleEs.trim(), en: titleEn.trim() } }
              : {}),
            ...(place.trim() ? { place: place.trim() } : {}),
            ...(link.trim() ? { link: link.trim() } : {}),
          },
        }),
      ),
    onSuccess: (meeting) => {
      void queryClient.invalidateQueries({ queryKey: ['meetings', groupId] });
      void navigate({
        to: '/technical-groups/$code/meetings/$meetingId',
        params: { code, meetingId: meeting.id },
      });
    },
    onSettled: settled,
    onError: (error) => {
      setErrors(meetingErrors(error, t, problemText));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Everything the service would refuse, found at once: a start still ahead in the meeting's
    // zone, a length of 15 to 720 minutes, a place or a link (a whole web address), a title in
    // both languages or none — each on its field, the first focused.
    const next: MeetingErrors = startErrors(date, time, timeZone, t);
    if (!!titleEs.trim() !== !!titleEn.trim()) next.title = t('meeting.error.title');
    if (!durationIsValid(duration)) next.durationMinutes = t('meeting.error.durationMinutes');
    if (!place.trim() && !link.trim()) next.place = t('problem.MEETING.NO_PLACE_OR_LINK');
    if (!linkIsValid(link)) next.link = t('meeting.error.link');
    setErrors(next);
    if (Object.keys(next).length === 0) schedule.mutate();
  };

  const err = (f: MeetingField) =>
    errors[f] ? (
      <p className="field-error" id={`meeting-${f}-error`}>
        {errors[f]}
      </p>
    ) : null;
  return (
    <form ref={form} className="form" onSubmit={submit} noValidate aria-labelledby="schedule-title">
      <h2 id="schedule-title">{t('meeting.schedule')}</h2>
      {errors.general && (
        <div className="alert alert--error" role="alert">
          <p>{errors.general}</p>
        </div>
      )}
      <div className="field">
        <label htmlFor="meeting-kind">{t('meeting.kind')}</label>
        <select
          id="meeting-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as typeof kind)}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`meeting.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>{t('meeting.titleLegend')}</legend>
        <div className="field">
          <label htmlFor="meeting-title-es" lang="es">
            {t('meeting.title.es')}
          </label>
          <input
            id="meeting-title-es"
            type="text"
            lang="es"
            value={titleEs}
            maxLength={300}
            onChange={(e) => setTitleEs(e.target.value)}
            aria-invalid={!!errors.title}
            aria-describedby={errors.title ? 'meeting-title-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="meeting-title-en" lang="en">
            {t('meeting.title.en')}
          </label>
          <input
            id="meeting-title-en"
            type="text"
            lang="en"
            value={titleEn}
            maxLength={300}
            onChange={(e) => setTitleEn(e.target.value)}
            aria-invalid={!!errors.title}
            aria-describedby={errors.title ? 'meeting-title-error' : undefined}
          />
        </div>
        {err('title')}
      </fieldset>
      <MeetingStartFields
        prefix="meeting"
        date={date}
        time={time}
        zone={timeZone}
        onDate={setDate}
        onTime={setTime}
        onZone={setTimeZone}
        errors={errors}
      />
      <div className="field">
        <label htmlFor="meeting-duration">{t('meeting.duration')}</label>
        <input
          id="meeting-duration"
          type="number"
          min={15}
          max={720}
          step={15}
          value={duration}
          onChange={(e) => setDuration(e.target.value)}
          aria-invalid={!!errors.durationMinutes}
          aria-describedby={errors.durationMinutes ? 'meeting-durationMinutes-error' : undefined}
        />
        {err('durationMinutes')}
      </div>
      <div className="field">
        <label htmlFor="meeting-place">{t('meeting.place')}</label>
        <input
          id="meeting-place"
          type="text"
          value={place}
          maxLength={300}
          onChange={(e) => setPlace(e.target.value)}
          aria-invalid={!!errors.place}
          aria-describedby={errors.place ? 'meeting-place-error' : undefined}
        />
        {err('place')}
      </div>
      <div className="field">
        <label htmlFor="meeting-link">{t('meeting.link')}</label>
        <input
          id="meeting-link"
          type="url"
          value={link}
          maxLength={2000}
          onChange={(e) => setLink(e.target.value)}
          aria-invalid={!!errors.link}
          aria-describedby={errors.link ? 'meeting-link-error' : undefined}
        />
        {err('link')}
      </div>
      <div>
        <BusyButton type="submit" className="button" busy={schedule.isPending}>
          {t('meeting.scheduleSubmit')}
        </BusyButton>
      </div>
    </form>
  );
}

/**
 * A meeting in a list: its name (its title, or its kind and date when it has no title of its
 * own: the kind is not said twice), when it starts in the reader's zone and its own, where,
 * and whether it was called off.
 */
export function MeetingSummary({
  meeting,
  code,
}: {
  meeting: Schemas['MeetingSummaryView'];
  code: string;
}) {
  const t = useT();
  const bi = useBi();
  const { name, untitled } = useMeetingName()(meeting);
  const now = useNow();
  // Begun and not over: it is listed among those not over yet, and says it is on now.
  const start = Date.parse(meeting.startsAt);
  const underWay =
    meeting.status !== 'cancelled' &&
    start <= now &&
    now < start + meeting.durationMinutes * 60_000;
  return (
    <li className="card">
      <h3>
        <Link
          to="/technical-groups/$code/meetings/$meetingId"
          params={{ code, meetingId: meeting.id }}
        >
          {name}
        </Link>{' '}
        {meeting.status === 'cancelled' && (
          <span className="tag tag--cancelled">{t('meeting.cancelled')}</span>
        )}
        {underWay && <span className="tag">{t('meeting.underWay')}</span>}
      </h3>
      <p className="hint">
        {!untitled && <>{bi(meeting.kindLabel)} · </>}
        <DateTimeWithZone
          value={meeting.startsAt}
          otherZone={meeting.timeZone}
          otherLabel="meeting.localTime"
        />
        {meeting.place && <> · {meeting.place}</>}
      </p>
    </li>
  );
}

/** A group's meetings: those ahead and those held, each in its own section, and (for co-chairs) the form to schedule one. */
export function MeetingsPage() {
  const t = useT();
  const { code } = route.useParams();
  const search = route.useSearch();
  return (
    <GroupFrame code={code} title={(name) => t('meetings.title', { group: name })}>
      {({ group, canManage }) =>
        !group.access.readMeetings ? (
          <MembersOnly what="meetings" />
        ) : (
          <div className="two-col">
            <div>
              <MeetingsSection
                when="upcoming"
                groupId={group.id}
                code={code}
                page={search.upcoming ?? 1}
                makeSearch={(n) => ({ ...search, upcoming: n > 1 ? n : undefined })}
              />
              <MeetingsSection
                when="past"
                groupId={group.id}
                code={code}
                page={search.page ?? 1}
                makeSearch={(n) => ({ ...search, page: n > 1 ? n : undefined })}
              />
            </div>
            {canManage && <ScheduleMeeting groupId={group.id} code={code} />}
          </div>
        )
      }
    </GroupFrame>
  );
}

/**
 * One half of the group's meetings, each paged on its own: those not over yet, soonest first
 * (what a member looks for), and those over, most recent first (the record). A meeting under
 * way is still among the upcoming until it ends.
 */
function MeetingsSection({
  when,
  groupId,
  code,
  page,
  makeSearch,
}: {
  when: 'upcoming' | 'past';
  groupId: string;
  code: string;
  page: number;
  makeSearch: (page: number) => Record<string, unknown>;
}) {
  const t = useT();
  const meetings = useQuery({
    queryKey: ['meetings', groupId, when, page],
    queryFn: () =>
      call(
        api.GET('/api/v1/technical-groups/{groupId}/meetings', {
          params: {
            path: { groupId },
            query: { when, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
          },
        }),
      ),
  });
  const headingId = `meetings-${when}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t(when === 'upcoming' ? 'meetings.upcoming' : 'meetings.past')}</h2>
      {meetings.isPending && <Loading />}
      <ErrorAlert error={meetings.error} />
      {meetings.data && (
        <>
          {meetings.data.items.length === 0 && (
            <p>{t(when === 'upcoming' ? 'meetings.noneUpcoming' : 'meetings.nonePast')}</p>
          )}
          <ul className="cards">
            {meetings.data.items.map((m) => (
              <MeetingSummary key={m.id} meeting={m} code={code} />
            ))}
          </ul>
          <Pagination page={page} total={meetings.data.total} makeSearch={makeSearch} />
        </>
      )}
    </section>
  );
}
