import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { today, type CalendarDate } from '@internationalized/date';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Calendar, CalendarCell, CalendarGrid, Heading } from 'react-aria-components';
import { api, call, type Schemas } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
import { useBi } from '../../components/bits';
import { BusyButton, ErrorAlert, Loading, PageTitle } from '../../components/common';
import { ZonePicker } from '../../components/ZonePicker';
import { useLocale, useT } from '../../i18n/i18n';
import { AdminNav } from './AdminNav';
import { focusFirstError, TextField } from './fields';

const route = getRouteApi('/signed-in/manage/manage/agencies/$agencyId');

type Agency = Schemas['AgencyView'];

function Saved({ show, text }: { show: boolean; text: string }) {
  return (
    <div role="status">
      {show && (
        <div className="alert alert--success">
          <p>{text}</p>
        </div>
      )}
    </div>
  );
}

function AgencyForm({ agency }: { agency: Agency }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [nameEs, setNameEs] = useState(agency.name.es);
  const [nameEn, setNameEn] = useState(agency.name.en);
  const [email, setEmail] = useState(agency.email ?? '');
  const [timeZone, setTimeZone] = useState(agency.timeZone);
  const [errors, setErrors] = useState<Partial<Record<'name' | 'email' | 'timeZone', string[]>>>(
    {},
  );
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/agencies/{id}', {
          params: { path: { id: agency.id } },
          body: {
            name: { en: nameEn.trim(), es: nameEs.trim() },
            email: email.trim() || null,
            timeZone,
          },
        }),
      ),
    onSuccess: async (updated) => {
      setErrors({});
      queryClient.setQueryData(['agencies', 'one', agency.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['agencies'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const { byField } = problemToFields(error.problem, ['name', 'email', 'timeZone'] as const);
        setErrors(byField);
        focusFirstError(byField, { name: 'agency-name-es', email: 'agency-email' });
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="agency-details">
      <h2 id="agency-details">{t('agencies.details')}</h2>
      <ErrorAlert error={save.error} />
      <Saved show={save.isSuccess} text={t('admin.saved')} />
      <p>
        <strong>{t('agencies.code')}</strong> {agency.code} · {t(`country.${agency.country}`)}
      </p>
      <TextField
        id="agency-name-es"
        lang="es"
        label={t('agencies.nameEs')}
        value={nameEs}
        onChange={setNameEs}
        error={errors.name ? t('agencies.error.name') : undefined}
      />
      <TextField
        id="agency-name-en"
        lang="en"
        label={t('agencies.nameEn')}
        value={nameEn}
        onChange={setNameEn}
        error={errors.name ? t('agencies.error.name') : undefined}
      />
      <TextField
        id="agency-email"
        type="email"
        label={t('agencies.email')}
        value={email}
        onChange={setEmail}
        error={errors.email ? t('agencies.error.email') : undefined}
      />
      <ZonePicker
        label={t('agencies.zone')}
        value={timeZone}
        onChange={setTimeZone}
        error={errors.timeZone ? t('agencies.error.timeZone') : undefined}
      />
      <div>
        <BusyButton type="submit" className="button" busy={save.isPending}>
          {t('admin.save')}
        </BusyButton>
      </div>
    </form>
  );
}

/**
 * The agency's own days off: a calendar to pick dates (Enter or a click adds or removes the
 * date), the list of picked dates, and beside them the federal holidays of the agency's
 * country in the year shown, which every step already counts (api.md).
 */
function DaysOff({ agency }: { agency: Agency }) {
  const t = useT();
  const bi = useBi();
  const { formatLocale } = useLocale();
  const queryClient = useQueryClient();
  const [days, setDays] = useState<string[]>(agency.nonWorkingDays);
  const [focused, setFocused] = useState<CalendarDate>(() => today(agency.timeZone));
  const year = focused.year;
  const holidays = useQuery({
    queryKey: ['holidays', agency.country, year],
    staleTime: Infinity,
    queryFn: () =>
      call(api.GET('/api/v1/holidays', { params: { query: { country: agency.country, year } } })),
  });
  const holidayOn = new Map((holidays.data?.items ?? []).map((h) => [h.date, h]));
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/agencies/{id}/non-working-days', {
          params: { path: { id: agency.id } },
          body: { dates: days },
        }),
      ),
    onSuccess: async (updated) => {
      setDays(updated.nonWorkingDays);
      queryClient.setQueryData(['agencies', 'one', agency.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['agencies'] });
    },
  });
  const toggle = (date: string) => {
    save.reset();
    setDays((d) => (d.includes(date) ? d.filter((x) => x !== date) : [...d, date].sort()));
  };
  const format = (date: string) =>
    new Intl.DateTimeFormat(formatLocale, {
      dateStyle: 'full',
      timeZone: 'UTC',
    }).format(new Date(`${date}T00:00:00Z`));
  const listRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (save.isSuccess) listRef.current?.focus();
  }, [save.isSuccess]);

  return (
    <section aria-labelledby="days-off" className="days-off">
      <h2 id="days-off">{t('agencies.daysOff')}</h2>
      <p className="hint">{t('agencies.daysOff.hint')}</p>
      <div className="days-off__columns">
        <div>
          <Calendar
            aria-label={t('agencies.daysOff.calendar')}
            value={null}
            focusedValue={focused}
            onFocusChange={setFocused}
            onChange={(date) => toggle(date.toString())}
            className="calendar"
          >
            <header className="calendar__header">
              <Button slot="previous" className="button button--secondary button--small">
                <span aria-hidden="true">◀</span>
              </Button>
              <Heading className="calendar__title" />
              <Button slot="next" className="button button--secondary button--small">
                <span aria-hidden="true">▶</span>
              </Button>
            </header>
            <CalendarGrid>
              {(date) => {
                const iso = date.toString();
                const off = days.includes(iso);
                const holiday = holidayOn.get(iso);
                const state = [
                  off ? t('agencies.daysOff.marked') : '',
                  holiday ? `${t('agencies.holiday')}: ${bi(holiday.name)}` : '',
                ].filter(Boolean);
                return (
                  <CalendarCell
                    date={date}
                    className={`calendar__cell${off ? ' calendar__cell--off' : ''}${holiday ? ' calendar__cell--holiday' : ''}`}
                    // react-aria names the day itself (its date, "today", "selected") and drops
                    // an aria-label given to the cell; the •/★ marks are only seen. So the day's
                    // own name is extended here, on the element react-aria renders, with what
                    // the day is: a day off, a federal holiday.
                    render={(props) => (
                      <div
                        {...props}
                        aria-label={[props['aria-label'], ...state].filter(Boolean).join(', ')}
                      />
                    )}
                  >
                    {({ formattedDate }) => (
                      <>
                        {formattedDate}
                        {off && <span aria-hidden="true">•</span>}
                        {holiday && <span aria-hidden="true">★</span>}
                      </>
                    )}
                  </CalendarCell>
                );
              }}
            </CalendarGrid>
          </Calendar>
          <p className="hint">{t('agencies.daysOff.legend')}</p>
        </div>
        <div>
          <h3 ref={listRef} tabIndex={-1}>
            {t('agencies.daysOff.own', { count: days.length })}
          </h3>
          {days.length === 0 ? (
            <p>{t('admin.none')}</p>
          ) : (
            <ul className="plain-list">
              {days.map((d) => (
                <li key={d}>
                  <time dateTime={d}>{format(d)}</time>{' '}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={t('agencies.daysOff.remove', { date: format(d) })}
                    onClick={() => {
                      toggle(d);
                      // The button goes with its date: focus stays in the list, on its heading.
                      listRef.current?.focus();
                    }}
                  >
                    {t('admin.remove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <ErrorAlert error={save.error} />
          <Saved show={save.isSuccess} text={t('agencies.daysOff.saved')} />
          <BusyButton
            type="button"
            className="button"
            busy={save.isPending}
            onClick={() => save.mutate()}
          >
            {t('agencies.daysOff.save')}
          </BusyButton>
        </div>
        <div>
          <h3>{t('agencies.holidays', { country: t(`country.${agency.country}`), year })}</h3>
          {holidays.isPending && <Loading />}
          <ErrorAlert error={holidays.error} />
          <ul className="plain-list">
            {holidays.data?.items.map((h) => (
              <li key={`${h.date}-${h.observed}`}>
                <time dateTime={h.date}>{format(h.date)}</time> — {bi(h.name)}
                {h.observed && <> ({t('agencies.holiday.observed')})</>}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

export function AgencyPage() {
  const t = useT();
  const bi = useBi();
  const { agencyId } = route.useParams();
  const agency = useQuery({
    queryKey: ['agencies', 'one', agencyId],
    queryFn: () => call(api.GET('/api/v1/agencies/{id}', { params: { path: { id: agencyId } } })),
  });
  const title = agency.data ? `${agency.data.code} — ${bi(agency.data.name)}` : t('agencies.title');
  return (
    <>
      <AdminNav />
      <p>
        <Link to="/manage/agencies">{t('agencies.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      {agency.isPending && <Loading />}
      <ErrorAlert error={agency.error} />
      {agency.data && (
        <>
          <AgencyForm key={agency.data.id} agency={agency.data} />
          <DaysOff agency={agency.data} />
        </>
      )}
    </>
  );
}
