import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, call, useIdempotencyKey, type Schemas } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
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
import { ZonePicker } from '../../components/ZonePicker';
import { useT, type MessageId } from '../../i18n/i18n';
import { GroupFrame } from './GroupFrame';

const route = getRouteApi('/signed-in/technical-groups/$code/meetings');

const KINDS = ['regional', 'plenary', 'extraordinary'] as const;
type Fields = 'kind' | 'startsAt' | 'timeZone' | 'durationMinutes' | 'place' | 'link' | 'title';

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
  const [errors, setErrors] = useState<Partial<Record<Fields | 'general', string>>>({});
  const { key, renewAfter } = useIdempotencyKey();

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
    onError: (error) => {
      renewAfter(error);
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, [
          'kind',
          'startsAt',
          'timeZone',
          'durationMinutes',
          'place',
          'link',
          'title',
        ] as const);
        const next: typeof errors = {};
        for (const f of Object.keys(byField) as Fields[])
          next[f] = t(`meeting.error.${f}` as MessageId);
        if (
          error.problem.code === 'MEETING.INVALID_START' ||
          error.problem.code === 'MEETING.START_IN_PAST'
        )
          next.startsAt = problemText(error);
        if (error.problem.code === 'MEETING.NO_PLACE_OR_LINK') next.place = problemText(error);
        if (Object.keys(next).length === 0) next.general = problemText(error);
        setErrors(next);
        return;
      }
      setErrors({ general: problemText(error) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time))
      next.startsAt = t('meeting.error.startsAt');
    if (!place.trim() && !link.trim()) next.place = t('problem.MEETING.NO_PLACE_OR_LINK');
    if (!!titleEs.trim() !== !!titleEn.trim()) next.title = t('meeting.error.title');
    setErrors(next);
    if (Object.keys(next).length === 0) schedule.mutate();
  };

  const err = (f: Fields) =>
    errors[f] ? (
      <p className="field-error" id={`meeting-${f}-error`}>
        {errors[f]}
      </p>
    ) : null;
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="schedule-title">
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
            maxLength={200}
            onChange={(e) => setTitleEs(e.target.value)}
            aria-invalid={!!errors.title}
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
            maxLength={200}
            onChange={(e) => setTitleEn(e.target.value)}
            aria-invalid={!!errors.title}
          />
        </div>
        {err('title')}
      </fieldset>
      <fieldset>
        <legend>{t('meeting.start')}</legend>
        <div className="field">
          <label htmlFor="meeting-date">{t('meeting.date')}</label>
          <input
            id="meeting-date"
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={!!errors.startsAt}
            aria-describedby={errors.startsAt ? 'meeting-startsAt-error' : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor="meeting-time">{t('meeting.time')}</label>
          <input
            id="meeting-time"
            type="time"
            value={time}
            onChange={(e) => setTime(e.target.value)}
            aria-invalid={!!errors.startsAt}
          />
        </div>
        {err('startsAt')}
        <ZonePicker
          label={t('meeting.zone')}
          value={timeZone}
          onChange={setTimeZone}
          error={errors.timeZone}
          description={t('meeting.zone.hint')}
        />
      </fieldset>
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
          maxLength={500}
          onChange={(e) => setLink(e.target.value)}
          aria-invalid={!!errors.link}
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

export function MeetingSummary({
  meeting,
  code,
}: {
  meeting: Schemas['MeetingSummaryView'];
  code: string;
}) {
  const t = useT();
  const bi = useBi();
  return (
    <li className="card">
      <h3>
        <Link
          to="/technical-groups/$code/meetings/$meetingId"
          params={{ code, meetingId: meeting.id }}
        >
          {bi(meeting.title)}
        </Link>{' '}
        {meeting.status === 'cancelled' && (
          <span className="tag tag--cancelled">{t('meeting.cancelled')}</span>
        )}
      </h3>
      <p className="hint">
        {bi(meeting.kindLabel)} ·{' '}
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

export function MeetingsPage() {
  const t = useT();
  const { code } = route.useParams();
  const search = route.useSearch();
  const page = search.page ?? 1;
  return (
    <GroupFrame code={code} title={(name) => t('meetings.title', { group: name })}>
      {({ group, canManage }) => (
        <MeetingsList groupId={group.id} code={code} page={page} canManage={canManage} />
      )}
    </GroupFrame>
  );
}

function MeetingsList({
  groupId,
  code,
  page,
  canManage,
}: {
  groupId: string;
  code: string;
  page: number;
  canManage: boolean;
}) {
  const t = useT();
  const meetings = useQuery({
    queryKey: ['meetings', groupId, page],
    queryFn: () =>
      call(
        api.GET('/api/v1/technical-groups/{groupId}/meetings', {
          params: {
            path: { groupId },
            query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
          },
        }),
      ),
  });
  return (
    <div className="two-col">
      <div>
        <h2>{t('meetings.list')}</h2>
        {meetings.isPending && <Loading />}
        <ErrorAlert error={meetings.error} />
        {meetings.data && (
          <>
            {meetings.data.items.length === 0 && <p>{t('meetings.empty')}</p>}
            <ul className="cards">
              {meetings.data.items.map((m) => (
                <MeetingSummary key={m.id} meeting={m} code={code} />
              ))}
            </ul>
            <Pagination
              page={page}
              total={meetings.data.total}
              makeSearch={(n) => ({ page: n > 1 ? n : undefined })}
            />
          </>
        )}
      </div>
      {canManage && <ScheduleMeeting groupId={groupId} code={code} />}
    </div>
  );
}
