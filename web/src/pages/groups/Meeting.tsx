import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call, useIdempotencyKey, type Schemas } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
import { useUser } from '../../auth/session';
import { EscalationTag, useBi } from '../../components/bits';
import {
  BusyButton,
  DateTime,
  DateTimeWithZone,
  ErrorAlert,
  Loading,
  useProblemText,
} from '../../components/common';
import { useT } from '../../i18n/i18n';
import { GroupFrame, type GroupContext } from './GroupFrame';

const route = getRouteApi('/signed-in/technical-groups/$code/meetings/$meetingId');

type Meeting = Schemas['MeetingView'];

/** Announces the result of the last change and takes focus, so a keyboard user hears it. */
function useAnnouncer() {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  const region = (
    <div ref={ref} tabIndex={-1} role="status" aria-live="polite">
      {message && (
        <div className={`alert ${message.error ? 'alert--error' : 'alert--success'}`}>
          <p>{message.text}</p>
        </div>
      )}
    </div>
  );
  return { region, say: (text: string, error = false) => setMessage({ text, error }) };
}

function Agenda({
  meeting,
  groupId,
  canEdit,
}: {
  meeting: Meeting;
  groupId: string;
  canEdit: boolean;
}) {
  const t = useT();
  const bi = useBi();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const { region, say } = useAnnouncer();
  const [titleEs, setTitleEs] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [titleError, setTitleError] = useState<string | null>(null);
  const path = { groupId, meetingId: meeting.id };
  const done = (updated: Meeting, text: string) => {
    queryClient.setQueryData(['meeting', groupId, meeting.id], updated);
    say(text);
  };
  const fail = (error: unknown) => say(problemText(error), true);

  const reorder = useMutation({
    mutationFn: (itemIds: string[]) =>
      call(
        api.PUT('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/agenda/order', {
          params: { path },
          body: { itemIds },
        }),
      ),
    onSuccess: (m) => done(m, t('agenda.moved')),
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: async (itemId: string) => {
      await call(
        api.DELETE(
          '/api/v1/technical-groups/{groupId}/meetings/{meetingId}/agenda/items/{itemId}',
          {
            params: { path: { ...path, itemId } },
          },
        ),
      );
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['meeting', groupId, meeting.id] });
      say(t('agenda.removed'));
    },
    onError: fail,
  });
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/agenda/items', {
          params: { path },
          body: { title: { es: titleEs.trim(), en: titleEn.trim() } },
        }),
      ),
    onSuccess: (m) => {
      setTitleEs('');
      setTitleEn('');
      done(m, t('agenda.added'));
    },
    onError: fail,
  });
  const regenerate = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/agenda/regenerate', {
          params: { path },
        }),
      ),
    onSuccess: (m) => done(m, t('agenda.regenerated')),
    onError: fail,
  });

  const items = [...meeting.agenda].sort((a, b) => a.position - b.position);
  const move = (index: number, by: -1 | 1) => {
    const ids = items.map((i) => i.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id);
    reorder.mutate(ids);
  };
  const editable = canEdit && meeting.status === 'scheduled';
  const submitAdd = (event: FormEvent) => {
    event.preventDefault();
    if (!titleEs.trim() || !titleEn.trim()) {
      setTitleError(t('agenda.error.title'));
      document.getElementById(!titleEs.trim() ? 'agenda-es' : 'agenda-en')?.focus();
      return;
    }
    setTitleError(null);
    add.mutate();
  };

  return (
    <>
      <h2>{t('agenda.title')}</h2>
      <p className="hint">
        {t('agenda.generatedAt')} <DateTime value={meeting.agendaGeneratedAt} />
      </p>
      {region}
      {items.length === 0 && <p>{t('agenda.empty')}</p>}
      <ol className="steps">
        {items.map((item, index) => (
          <li key={item.id} className="step">
            <h3>
              {bi(item.title)}{' '}
              {item.source === 'manual' && (
                <span className="tag tag--pending">{t('agenda.manual')}</span>
              )}
            </h3>
            {item.steps.length > 0 && (
              <ul>
                {item.steps.map((s) => (
                  <li key={`${s.workflowId}/${s.stepKey}`}>
                    <Link
                      to="/workflows/$workflowId"
                      params={{ workflowId: s.workflowId }}
                      search={{ step: s.stepKey }}
                    >
                      {bi(s.name)}
                    </Link>{' '}
                    <span
                      className={`tag ${s.urgency === 'overdue' ? 'tag--overdue' : 'tag--escalated'}`}
                    >
                      {bi(s.urgencyLabel)}
                    </span>{' '}
                    <EscalationTag level={s.escalationLevel} />
                    <div className="hint">
                      {s.sideLabel ? `${bi(s.sideLabel)} · ` : ''}
                      {s.agencies.map((a) => a.code).join(', ')} · {t('tasks.due')}:{' '}
                      <DateTime value={s.dueAt} />
                    </div>
                  </li>
                ))}
              </ul>
            )}
            {editable && (
              <p>
                <BusyButton
                  type="button"
                  className="button button--secondary button--small"
                  disabled={index === 0}
                  busy={reorder.isPending}
                  aria-label={t('agenda.upItem', { item: bi(item.title) })}
                  onClick={() => move(index, -1)}
                >
                  {t('agenda.up')}
                </BusyButton>{' '}
                <BusyButton
                  type="button"
                  className="button button--secondary button--small"
                  disabled={index === items.length - 1}
                  busy={reorder.isPending}
                  aria-label={t('agenda.downItem', { item: bi(item.title) })}
                  onClick={() => move(index, 1)}
                >
                  {t('agenda.down')}
                </BusyButton>{' '}
                <BusyButton
                  type="button"
                  className="button button--secondary button--small"
                  busy={remove.isPending}
                  aria-label={t('agenda.removeItem', { item: bi(item.title) })}
                  onClick={() => remove.mutate(item.id)}
                >
                  {t('agenda.remove')}
                </BusyButton>
              </p>
            )}
          </li>
        ))}
      </ol>
      {editable && (
        <>
          <p>
            <BusyButton
              type="button"
              className="button button--secondary"
              busy={regenerate.isPending}
              onClick={() => regenerate.mutate()}
            >
              {t('agenda.regenerate')}
            </BusyButton>
          </p>
          <form className="form" onSubmit={submitAdd} noValidate aria-labelledby="agenda-add">
            <h3 id="agenda-add">{t('agenda.add')}</h3>
            <div className="field">
              <label htmlFor="agenda-es">{t('meeting.title.es')}</label>
              <input
                id="agenda-es"
                type="text"
                lang="es"
                value={titleEs}
                maxLength={300}
                onChange={(e) => setTitleEs(e.target.value)}
                aria-invalid={!!titleError && !titleEs.trim()}
              />
            </div>
            <div className="field">
              <label htmlFor="agenda-en">{t('meeting.title.en')}</label>
              <input
                id="agenda-en"
                type="text"
                lang="en"
                value={titleEn}
                maxLength={300}
                onChange={(e) => setTitleEn(e.target.value)}
                aria-invalid={!!titleError && !titleEn.trim()}
              />
            </div>
            {titleError && <p className="field-error">{titleError}</p>}
            <div>
              <BusyButton type="submit" className="button" busy={add.isPending}>
                {t('agenda.addSubmit')}
              </BusyButton>
            </div>
          </form>
        </>
      )}
    </>
  );
}

function Minutes({ meeting, group, canManage }: { meeting: Meeting } & GroupContext) {
  // When the page was opened: rendering stays pure; a reload sees a meeting that began since.
  const [openedAt] = useState(() => Date.now());
  const t = useT();
  const bi = useBi();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const { region, say } = useAnnouncer();
  const path = { groupId: group.id, meetingId: meeting.id };
  const overview = useQuery({
    queryKey: ['minutes', group.id, meeting.id],
    queryFn: () =>
      call(
        api.GET('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/minutes', {
          params: { path },
        }),
      ),
  });
  const [decisions, setDecisions] = useState<{ es: string; en: string }[] | null>(null);
  const [present, setPresent] = useState<string[] | null>(null);
  const [note, setNote] = useState('');
  const base = overview.data?.draft ?? overview.data?.current ?? null;
  const draftDecisions = decisions ?? base?.decisions.map((d) => ({ es: d.es, en: d.en })) ?? [];
  const draftPresent =
    present ?? (base ? [...base.attendance.MX, ...base.attendance.US].map((a) => a.code) : []);

  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/minutes', {
          params: { path },
          body: {
            decisions: draftDecisions.filter((d) => d.es.trim() || d.en.trim()),
            presentAgencyCodes: draftPresent,
            ...(note.trim() ? { correctionNote: note.trim() } : {}),
          },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['minutes', group.id, meeting.id] });
      say(t('minutes.saved'));
    },
    onError: (e) => say(problemText(e), true),
  });
  const publish = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/minutes/publish', {
          params: { path },
        }),
      ),
    onSuccess: () => {
      setDecisions(null);
      setPresent(null);
      setNote('');
      void queryClient.invalidateQueries({ queryKey: ['minutes', group.id, meeting.id] });
      say(t('minutes.published'));
    },
    onError: (e) => say(problemText(e), true),
  });

  if (overview.isPending) return <Loading />;
  if (!overview.data) return <ErrorAlert error={overview.error} />;
  const { current, draft, history, actionItems } = overview.data;
  // Minutes record a meeting held: the service publishes none before it begins (409).
  const begun = Date.parse(meeting.startsAt) <= openedAt;
  return (
    <>
      <h2>{t('minutes.title')}</h2>
      {region}
      {current ? (
        <>
          <p className="hint">
            {t('minutes.version', { version: current.version })} ·{' '}
            <DateTime value={current.publishedAt} />
          </p>
          <h3>{t('minutes.decisions')}</h3>
          <ol>
            {current.decisions.map((d, i) => (
              <li key={i}>{bi(d)}</li>
            ))}
          </ol>
          <h3>{t('minutes.attendance')}</h3>
          <p>
            {t('country.MX')}: {current.attendance.MX.map((a) => a.code).join(', ') || '—'}
            <br />
            {t('country.US')}: {current.attendance.US.map((a) => a.code).join(', ') || '—'}
          </p>
          {history.length > 1 && (
            <p className="hint">{t('minutes.history', { count: history.length })}</p>
          )}
        </>
      ) : (
        <p>{t('minutes.none')}</p>
      )}
      {actionItems.length > 0 && (
        <>
          <h3>{t('actionItems.title.short')}</h3>
          <ul>
            {actionItems.map((a) => (
              <li key={a.id}>
                {bi(a.title)} — {a.ownerAgency.code} · <DateTime value={a.dueAt} />
              </li>
            ))}
          </ul>
        </>
      )}
      {canManage && (
        <form
          className="form"
          noValidate
          aria-labelledby="minutes-draft"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <h3 id="minutes-draft">
            {draft ? t('minutes.editDraft') : current ? t('minutes.correct') : t('minutes.write')}
          </h3>
          {draftDecisions.map((d, i) => (
            <fieldset key={i}>
              <legend>{t('minutes.decisionN', { n: i + 1 })}</legend>
              <div className="field">
                <label htmlFor={`dec-${i}-es`}>{t('minutes.inSpanish')}</label>
                <textarea
                  id={`dec-${i}-es`}
                  lang="es"
                  value={d.es}
                  onChange={(e) =>
                    setDecisions(
                      draftDecisions.map((x, j) => (j === i ? { ...x, es: e.target.value } : x)),
                    )
                  }
                />
              </div>
              <div className="field">
                <label htmlFor={`dec-${i}-en`}>{t('minutes.inEnglish')}</label>
                <textarea
                  id={`dec-${i}-en`}
                  lang="en"
                  value={d.en}
                  onChange={(e) =>
                    setDecisions(
                      draftDecisions.map((x, j) => (j === i ? { ...x, en: e.target.value } : x)),
                    )
                  }
                />
              </div>
              <button
                type="button"
                className="link-button"
                onClick={() => setDecisions(draftDecisions.filter((_, j) => j !== i))}
              >
                {t('minutes.removeDecision', { n: i + 1 })}
              </button>
            </fieldset>
          ))}
          <div>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setDecisions([...draftDecisions, { es: '', en: '' }])}
            >
              {t('minutes.addDecision')}
            </button>
          </div>
          <fieldset>
            <legend>{t('minutes.present')}</legend>
            {group.memberAgencies.map((a) => (
              <div className="radio" key={a.code}>
                <input
                  type="checkbox"
                  id={`present-${a.code}`}
                  checked={draftPresent.includes(a.code)}
                  onChange={(e) =>
                    setPresent(
                      e.target.checked
                        ? [...draftPresent, a.code]
                        : draftPresent.filter((c) => c !== a.code),
                    )
                  }
                />
                <label htmlFor={`present-${a.code}`}>
                  {a.code} — {bi(a.name)} ({t(`country.short.${a.country}`)})
                </label>
              </div>
            ))}
          </fieldset>
          {current && (
            <div className="field">
              <label htmlFor="minutes-note">{t('minutes.correctionNote')}</label>
              <textarea id="minutes-note" value={note} onChange={(e) => setNote(e.target.value)} />
            </div>
          )}
          <div>
            <BusyButton type="submit" className="button button--secondary" busy={save.isPending}>
              {t('minutes.saveDraft')}
            </BusyButton>{' '}
            {draft && begun && (
              <BusyButton
                type="button"
                className="button"
                busy={publish.isPending}
                onClick={() => publish.mutate()}
              >
                {t('minutes.publish')}
              </BusyButton>
            )}
          </div>
          {draft && !begun && <p className="hint">{t('minutes.publishOnceBegun')}</p>}
        </form>
      )}
    </>
  );
}

/** Co-chairs assign a follow-up to an agency, due on a date or in working days after the meeting. */
function NewActionItem({ meeting, group }: { meeting: Meeting; group: GroupContext['group'] }) {
  const t = useT();
  const bi = useBi();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const { region, say } = useAnnouncer();
  const { key, renewAfter } = useIdempotencyKey();
  const [titleEs, setTitleEs] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [owner, setOwner] = useState('');
  const [dueKind, setDueKind] = useState<'date' | 'days'>('days');
  const [dueDate, setDueDate] = useState('');
  const [days, setDays] = useState('10');
  const [calendar, setCalendar] = useState<'MX' | 'US' | 'binational'>('binational');
  const [errors, setErrors] = useState<Partial<Record<'title' | 'owner' | 'due', string>>>({});
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/action-items', {
          params: { path: { groupId: group.id, meetingId: meeting.id } },
          headers: { 'Idempotency-Key': key },
          body: {
            title: { es: titleEs.trim(), en: titleEn.trim() },
            ownerAgencyCode: owner,
            ...(dueKind === 'date'
              ? { dueDate }
              : { dueIn: { businessDays: Number(days), calendar } }),
          },
        }),
      ),
    onSuccess: (item) => {
      renewAfter(null);
      setTitleEs('');
      setTitleEn('');
      void queryClient.invalidateQueries({ queryKey: ['minutes', group.id, meeting.id] });
      void queryClient.invalidateQueries({ queryKey: ['action-items', group.id] });
      say(t('actionItems.created', { title: bi(item.title), owner: item.ownerAgency.code }));
    },
    onError: (error) => {
      renewAfter(error);
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, [
          'title',
          'ownerAgencyCode',
          'dueDate',
          'dueIn',
        ] as const);
        if (byField.title || byField.ownerAgencyCode || byField.dueDate || byField.dueIn) {
          setErrors({
            title: byField.title ? t('agenda.error.title') : undefined,
            owner: byField.ownerAgencyCode ? t('actionItems.error.owner') : undefined,
            due: byField.dueDate || byField.dueIn ? t('actionItems.error.due') : undefined,
          });
          return;
        }
      }
      say(problemText(error), true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!titleEs.trim() || !titleEn.trim()) next.title = t('agenda.error.title');
    if (!owner) next.owner = t('actionItems.error.owner');
    if (dueKind === 'date' ? !/^\d{4}-\d{2}-\d{2}$/.test(dueDate) : !(Number(days) >= 1))
      next.due = t('actionItems.error.due');
    setErrors(next);
    if (Object.keys(next).length === 0) create.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="ai-new">
      <h3 id="ai-new">{t('actionItems.new')}</h3>
      {region}
      <div className="field">
        <label htmlFor="ai-es">{t('meeting.title.es')}</label>
        <input
          id="ai-es"
          type="text"
          lang="es"
          value={titleEs}
          maxLength={300}
          onChange={(e) => setTitleEs(e.target.value)}
          aria-invalid={!!errors.title && !titleEs.trim()}
        />
      </div>
      <div className="field">
        <label htmlFor="ai-en">{t('meeting.title.en')}</label>
        <input
          id="ai-en"
          type="text"
          lang="en"
          value={titleEn}
          maxLength={300}
          onChange={(e) => setTitleEn(e.target.value)}
          aria-invalid={!!errors.title && !titleEn.trim()}
        />
        {errors.title && <p className="field-error">{errors.title}</p>}
      </div>
      <div className="field">
        <label htmlFor="ai-owner">{t('actionItems.owner')}</label>
        <select
          id="ai-owner"
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          aria-invalid={!!errors.owner}
        >
          <option value="">{t('actionItems.chooseOwner')}</option>
          {group.memberAgencies.map((a) => (
            <option key={a.code} value={a.code}>
              {a.code} — {bi(a.name)} ({t(`country.short.${a.country}`)})
            </option>
          ))}
        </select>
        {errors.owner && <p className="field-error">{errors.owner}</p>}
      </div>
      <fieldset>
        <legend>{t('actionItems.due')}</legend>
        <div className="radio">
          <input
            type="radio"
            id="ai-due-days"
            name="ai-due"
            checked={dueKind === 'days'}
            onChange={() => setDueKind('days')}
          />
          <label htmlFor="ai-due-days">{t('actionItems.dueInDays')}</label>
        </div>
        {dueKind === 'days' && (
          <>
            <div className="field">
              <label htmlFor="ai-days">{t('actionItems.businessDays')}</label>
              <input
                id="ai-days"
                type="number"
                min={1}
                max={365}
                value={days}
                onChange={(e) => setDays(e.target.value)}
                aria-invalid={!!errors.due}
              />
            </div>
            <div className="field">
              <label htmlFor="ai-calendar">{t('chainEditor.sla.calendar')}</label>
              <select
                id="ai-calendar"
                value={calendar}
                onChange={(e) => setCalendar(e.target.value as typeof calendar)}
              >
                <option value="binational">{t('calendar.binational')}</option>
                <option value="MX">{t('calendar.MX')}</option>
                <option value="US">{t('calendar.US')}</option>
              </select>
            </div>
          </>
        )}
        <div className="radio">
          <input
            type="radio"
            id="ai-due-date"
            name="ai-due"
            checked={dueKind === 'date'}
            onChange={() => setDueKind('date')}
          />
          <label htmlFor="ai-due-date">{t('actionItems.dueOnDate')}</label>
        </div>
        {dueKind === 'date' && (
          <div className="field">
            <label htmlFor="ai-date">{t('meeting.date')}</label>
            <input
              id="ai-date"
              type="date"
              value={dueDate}
              onChange={(e) => setDueDate(e.target.value)}
              aria-invalid={!!errors.due}
            />
          </div>
        )}
        <p className="hint">{t('actionItems.dueHint')}</p>
        {errors.due && <p className="field-error">{errors.due}</p>}
      </fieldset>
      <div>
        <BusyButton type="submit" className="button" busy={create.isPending}>
          {t('actionItems.create')}
        </BusyButton>
      </div>
    </form>
  );
}

function MeetingBody(ctx: GroupContext & { meetingId: string }) {
  const t = useT();
  const bi = useBi();
  const user = useUser();
  const meeting = useQuery({
    queryKey: ['meeting', ctx.group.id, ctx.meetingId],
    queryFn: () =>
      call(
        api.GET('/api/v1/technical-groups/{groupId}/meetings/{meetingId}', {
          params: { path: { groupId: ctx.group.id, meetingId: ctx.meetingId } },
        }),
      ),
  });
  if (meeting.isPending) return <Loading />;
  if (!meeting.data) return <ErrorAlert error={meeting.error} />;
  const m = meeting.data;
  return (
    <>
      <h2>{bi(m.title)}</h2>
      {m.status === 'cancelled' && (
        <div className="alert alert--warning">
          <p>
            {t('meeting.cancelled')}
            {m.cancellationNote ? `: ${m.cancellationNote}` : ''}
          </p>
        </div>
      )}
      <dl className="meta">
        <div>
          <dt>{t('meeting.kind')}</dt>
          <dd>{bi(m.kindLabel)}</dd>
        </div>
        <div>
          <dt>{t('meeting.start')}</dt>
          <dd>
            <DateTimeWithZone
              value={m.startsAt}
              otherZone={m.timeZone}
              otherLabel="meeting.localTime"
            />
          </dd>
        </div>
        <div>
          <dt>{t('meeting.duration')}</dt>
          <dd>{m.durationMinutes}</dd>
        </div>
        {m.place && (
          <div>
            <dt>{t('meeting.place')}</dt>
            <dd>{m.place}</dd>
          </div>
        )}
        {m.link && (
          <div>
            <dt>{t('meeting.link')}</dt>
            <dd>
              <a href={m.link} rel="noopener noreferrer">
                {m.link}
              </a>
            </dd>
          </div>
        )}
      </dl>
      <Agenda
        meeting={m}
        groupId={ctx.group.id}
        canEdit={ctx.canManage || user.roles.includes('coordinator')}
      />
      <Minutes meeting={m} group={ctx.group} canManage={ctx.canManage} />
      {ctx.canManage && m.status === 'scheduled' && <NewActionItem meeting={m} group={ctx.group} />}
    </>
  );
}

export function MeetingPage() {
  const t = useT();
  const { code, meetingId } = route.useParams();
  return (
    <GroupFrame code={code} title={(name) => t('meeting.pageTitle', { group: name })}>
      {(ctx) => <MeetingBody {...ctx} meetingId={meetingId} />}
    </GroupFrame>
  );
}
