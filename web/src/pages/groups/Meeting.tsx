import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { flushSync } from 'react-dom';
import { api, call, useIdempotencyKey, type Schemas } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
import { EscalationTag, useBi } from '../../components/bits';
import {
  BusyButton,
  DateTime,
  DateTimeWithZone,
  ErrorAlert,
  Loading,
  useProblemText,
} from '../../components/common';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useLocale, useT } from '../../i18n/i18n';
import {
  businessDaysAreValid,
  DUE_LOCAL_HOUR,
  dueDateBounds,
  dueDateProblem,
  earliestDueDate,
  LATEST_DUE_DATE,
  MAX_BUSINESS_DAYS,
  MIN_BUSINESS_DAYS,
  type DueDateProblem,
} from '../../lib/action-items';
import { formatTimeOfDay } from '../../lib/dates';
import { formatDuration } from '../../lib/durations';
import { withoutErrors } from '../../lib/field-errors';
import {
  draftOf,
  hasBegun,
  MAX_DURATION,
  meetingPatch,
  MIN_DURATION,
  type MeetingChange,
  type MeetingDraft,
  type MeetingPatch,
} from '../../lib/meetings';
import { GroupFrame, MembersOnly, type GroupContext } from './GroupFrame';
import {
  draftErrors,
  focusFirstInvalid,
  meetingErrors,
  MeetingStartFields,
  useMeetingName,
  useNow,
  type MeetingErrors,
  type MeetingField,
} from './MeetingStart';

const route = getRouteApi('/signed-in/technical-groups/$code/meetings/$meetingId');

type Meeting = Schemas['MeetingView'];

/**
 * Announces the result of the last change and takes focus, so a keyboard user hears it.
 * `clear` takes it away once it no longer speaks of what the form shows (an edit, a new try).
 * `focus: false` leaves the focus where the page put it (the live region still reads it out).
 * Words are kept in the language they were said in: once the reader switches languages the
 * message is no longer shown, rather than left standing in the other language.
 */
function useAnnouncer() {
  const { locale } = useLocale();
  const [said, setMessage] = useState<{
    text: string;
    error: boolean;
    focus: boolean;
    locale: string;
  } | null>(null);
  const message = said?.locale === locale ? said : null;
  const ref = useRef<HTMLDivElement>(null);
  // On a new message only: not when a switch of language hides or shows it again.
  useEffect(() => {
    if (said?.focus) ref.current?.focus();
  }, [said]);
  const region = (
    <div ref={ref} tabIndex={-1} role="status" aria-live="polite">
      {message && (
        <div className={`alert ${message.error ? 'alert--error' : 'alert--success'}`}>
          <p>{message.text}</p>
        </div>
      )}
    </div>
  );
  return {
    region,
    say: (text: string, error = false, { focus = true }: { focus?: boolean } = {}) =>
      setMessage({ text, error, focus, locale }),
    clear: () => setMessage(null),
  };
}

/**
 * The agenda, which co-chairs (and coordinators in the group) shape until the meeting begins;
 * from then on it stays as members received it (the service refuses changes), and the page
 * says so instead of offering the controls.
 */
function Agenda({
  meeting,
  groupId,
  canEdit,
  begun,
}: {
  meeting: Meeting;
  groupId: string;
  canEdit: boolean;
  begun: boolean;
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
  const editable = canEdit && meeting.status === 'scheduled' && !begun;
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
      {canEdit && meeting.status === 'scheduled' && begun && (
        <div className="alert alert--info">
          <p>{t('agenda.frozen')}</p>
        </div>
      )}
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

type MinutesVersion = Schemas['MinutesView'];

/** Which version, who published it and when: the line an auditor checks a version by. */
function Published({ version }: { version: MinutesVersion }) {
  const t = useT();
  return (
    <>
      {version.publishedByName
        ? t('minutes.publishedBy', { version: version.version, name: version.publishedByName })
        : t('minutes.versionN', { version: version.version })}{' '}
      · <DateTime value={version.publishedAt} />
    </>
  );
}

/**
 * A published version as it was published: what it corrects (when it is a correction), its
 * decisions and the agencies present. `level` keeps the headings in order where it is shown:
 * under the minutes' heading for the current version, under "Earlier versions" for the others.
 */
function MinutesVersionBody({ version, level }: { version: MinutesVersion; level: 3 | 4 }) {
  const t = useT();
  const bi = useBi();
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <>
      {version.correctionNote && (
        <div className="alert alert--info">
          {/* A correction is the published version after the one it corrects: the service
              drafts it as the latest version + 1, and publishes one draft at a time. */}
          <p>
            <strong>{t('minutes.corrects', { version: version.version - 1 })}</strong>
          </p>
          <blockquote className="comment">{version.correctionNote}</blockquote>
        </div>
      )}
      <Heading>{t('minutes.decisions')}</Heading>
      {version.decisions.length > 0 ? (
        <ol>
          {version.decisions.map((d, i) => (
            <li key={i}>{bi(d)}</li>
          ))}
        </ol>
      ) : (
        <p>{t('minutes.noDecisions')}</p>
      )}
      <Heading>{t('minutes.attendance')}</Heading>
      <p>
        {t('country.MX')}: {version.attendance.MX.map((a) => a.code).join(', ') || '—'}
        <br />
        {t('country.US')}: {version.attendance.US.map((a) => a.code).join(', ') || '—'}
      </p>
    </>
  );
}

/** A save of the draft: what is sent, and the form's row of each decision sent (blank rows are
 * left out, so the service's `decisions[k]` is the form's decision `rows[k]`). */
type MinutesSave = { body: Schemas['SaveMinutesDto']; rows: number[] };
/** The draft form's messages, by the id of the field they belong to (`dec-0-en`,
 * `minutes-note`, `present-CBP`). */
type MinutesErrors = Record<string, string>;

/** The decisions as the service keeps them: trimmed, the blank ones left out. */
const decisionsToSave = (decisions: { es: string; en: string }[]) =>
  decisions.flatMap((d, row) => {
    const es = d.es.trim();
    const en = d.en.trim();
    return es || en ? [{ row, es, en }] : [];
  });

/** Whether the form says what `draft` says: the decisions, who was present, the note. */
function sameAsDraft(body: Schemas['SaveMinutesDto'], draft: MinutesVersion): boolean {
  const saved = decisionsToSave(draft.decisions);
  const codes = [...draft.attendance.MX, ...draft.attendance.US].map((a) => a.code).sort();
  const present = [...body.presentAgencyCodes].sort();
  return (
    body.decisions.length === saved.length &&
    body.decisions.every((d, i) => d.es === saved[i].es && d.en === saved[i].en) &&
    present.length === codes.length &&
    present.every((c, i) => c === codes[i]) &&
    (body.correctionNote ?? '') === (draft.correctionNote ?? '').trim()
  );
}

/**
 * The minutes: the published version, and for co-chairs the draft. Publishing tells every
 * member and freezes the version, so it asks first (a confirmation dialog); unsaved edits of
 * the draft are saved before it is published, so what was on screen is what is published.
 * The form checks each decision is in both languages and a correction says what it corrects
 * before sending, and puts what the service refuses on the field it names. Minutes with no
 * decision and nobody present are not offered for publishing (the service would take them):
 * the form says what they lack instead. "Add a decision" takes the focus into the new one;
 * removing one leaves it on a neighbour (or on "Add a decision") and says so in the live
 * region. An edit clears the last outcome announced, which spoke of the draft as it was, and
 * the message of the field edited.
 */
function Minutes({
  meeting,
  group,
  canManage,
  begun,
}: { meeting: Meeting; begun: boolean } & GroupContext) {
  const t = useT();
  const bi = useBi();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const { region, say, clear } = useAnnouncer();
  const path = { groupId: group.id, meetingId: meeting.id };
  const queryKey = ['minutes', group.id, meeting.id];
  const overview = useQuery({
    queryKey,
    queryFn: () =>
      call(
        api.GET('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/minutes', {
          params: { path },
        }),
      ),
  });
  const [decisions, setDecisions] = useState<{ es: string; en: string }[] | null>(null);
  const [present, setPresent] = useState<string[] | null>(null);
  // null until the co-chair types: the field shows the draft's note, so saving the draft again
  // (after a reload) keeps what it says the correction corrects instead of erasing it.
  const [note, setNote] = useState<string | null>(null);
  const [errors, setErrors] = useState<MinutesErrors>({});
  // Bumped whenever errors are shown, so the focus moves to the first field they name.
  const [checked, setChecked] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const addDecision = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (checked) focusFirstInvalid(form.current);
  }, [checked]);
  const draft = overview.data?.draft ?? null;
  const current = overview.data?.current ?? null;
  const base = draft ?? current;
  // A version after a published one corrects it, and says what.
  const correcting = !!current || (draft?.version ?? 1) > 1;
  const draftNote = note ?? draft?.correctionNote ?? '';
  const draftDecisions = decisions ?? base?.decisions.map((d) => ({ es: d.es, en: d.en })) ?? [];
  const draftPresent =
    present ?? (base ? [...base.attendance.MX, ...base.attendance.US].map((a) => a.code) : []);
  const toSave = (): MinutesSave => {
    const sent = decisionsToSave(draftDecisions);
    return {
      rows: sent.map((d) => d.row),
      body: {
        decisions: sent.map(({ es, en }) => ({ es, en })),
        presentAgencyCodes: draftPresent,
        ...(draftNote.trim() ? { correctionNote: draftNote.trim() } : {}),
      },
    };
  };
  // Measured against the saved draft, not against what was typed: a save leaves nothing unsaved.
  const unsaved = !draft || !sameAsDraft(toSave().body, draft);
  // Nothing to publish: no decision and nobody marked present. The service would publish it
  // (and tell every member of minutes that record nothing), so the form does not offer it.
  const empty = toSave().body.decisions.length === 0 && draftPresent.length === 0;

  const showErrors = (next: MinutesErrors) => {
    setErrors(next);
    if (Object.keys(next).length > 0) setChecked((n) => n + 1);
  };
  /** An edit of a field takes its message away: it spoke of the value as it was. */
  const edited = (id: string) => setErrors((old) => withoutErrors(old, id));
  /** The errors found before sending: each decision in both languages, a correction's note. */
  const check = (): MinutesErrors => {
    const next: MinutesErrors = {};
    draftDecisions.forEach((d, i) => {
      if (!d.es.trim() && !d.en.trim()) return;
      for (const lang of ['es', 'en'] as const) {
        const text = d[lang].trim();
        if (!text) next[`dec-${i}-${lang}`] = t('minutes.error.decision');
        else if (text.length > 300) next[`dec-${i}-${lang}`] = t('minutes.error.decisionLength');
      }
    });
    if (correcting && !draftNote.trim()) next['minutes-note'] = t('minutes.error.correctionNote');
    return next;
  };
  /** A refusal: its message at the top, and each field it names marked, the first focused. */
  const refused = (error: unknown, sent: MinutesSave | null) => {
    const next: MinutesErrors = {};
    if (error instanceof ApiError && error.status === 400) {
      for (const { field } of error.problem.errors ?? []) {
        const decision = /^decisions\[(\d+)\]\.(es|en)$/.exec(field);
        const agency = /^presentAgencyCodes\[(\d+)\]$/.exec(field);
        if (decision && sent) {
          const k = Number(decision[1]);
          const lang = decision[2] as 'es' | 'en';
          if (sent.rows[k] === undefined) continue;
          next[`dec-${sent.rows[k]}-${lang}`] = sent.body.decisions[k][lang]
            ? t('minutes.error.decisionLength')
            : t('minutes.error.decision');
        } else if (agency && sent) {
          const code = sent.body.presentAgencyCodes[Number(agency[1])];
          if (code !== undefined) next[`present-${code}`] = t('problem.MINUTES.UNKNOWN_AGENCY');
        } else if (field === 'correctionNote' && correcting) {
          next['minutes-note'] = t('minutes.error.correctionNote');
        }
      }
    }
    say(problemText(error), true);
    showErrors(next);
  };

  /** Writes the draft, and keeps the answer as the saved draft the form is measured against. */
  const putDraft = async (sent: MinutesSave) => {
    const saved = await call(
      api.PUT('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/minutes', {
        params: { path },
        body: sent.body,
      }),
    );
    queryClient.setQueryData<Schemas['MinutesOverview']>(
      queryKey,
      (old) => old && { ...old, draft: saved },
    );
    return saved;
  };
  const save = useMutation({
    mutationFn: putDraft,
    onSuccess: () => {
      setErrors({});
      void queryClient.invalidateQueries({ queryKey });
      say(t('minutes.saved'));
    },
    onError: refused,
  });
  const [confirmingPublish, setConfirmingPublish] = useState(false);
  const publish = useMutation({
    mutationFn: async (sent: MinutesSave | null) => {
      if (sent) await putDraft(sent);
      return call(
        api.POST('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/minutes/publish', {
          params: { path },
        }),
      );
    },
    onSuccess: () => {
      setDecisions(null);
      setPresent(null);
      setNote(null);
      setErrors({});
      void queryClient.invalidateQueries({ queryKey });
      say(t('minutes.published'));
    },
    onError: refused,
  });
  /** Checks what is to be sent; with errors, shows them and sends nothing. */
  const checkFirst = () => {
    const next = check();
    showErrors(next);
    if (Object.keys(next).length === 0) return true;
    say(t('problem.VALIDATION_FAILED'), true);
    return false;
  };

  if (overview.isPending) return <Loading />;
  if (!overview.data) return <ErrorAlert error={overview.error} />;
  const { history, actionItems } = overview.data;
  // `history` is newest first and starts with `current`: the rest were corrected since.
  const earlier = history.filter((v) => v.id !== current?.id);
  // Agencies marked present that are no longer in the group: shown, so they can be unmarked.
  const former = base
    ? (['MX', 'US'] as const).flatMap((country) =>
        base.attendance[country]
          .filter(
            (a) =>
              draftPresent.includes(a.code) && !group.memberAgencies.some((m) => m.code === a.code),
          )
          .map((a) => ({ ...a, country })),
      )
    : [];
  const presentError = Object.entries(errors).find(([id]) => id.startsWith('present-'))?.[1];
  /** A field's message, tied to it by `aria-describedby`. */
  const fieldError = (id: string) =>
    errors[id] ? (
      <p className="field-error" id={`${id}-error`}>
        {errors[id]}
      </p>
    ) : null;
  const invalid = (id: string) => ({
    'aria-invalid': !!errors[id],
    'aria-describedby': errors[id] ? `${id}-error` : undefined,
  });
  const publishHint = !begun
    ? t('minutes.publishOnceBegun')
    : empty
      ? t('minutes.nothingToPublish')
      : !draft
        ? t('minutes.saveFirst')
        : null;
  // Minutes record a meeting held: the service publishes none before it begins (409).
  return (
    <>
      <h2>{t('minutes.title')}</h2>
      {region}
      {current ? (
        <>
          <p className="hint">
            <Published version={current} />
          </p>
          <MinutesVersionBody version={current} level={3} />
          {earlier.length > 0 && (
            <>
              <h3>{t('minutes.earlier')}</h3>
              <p className="hint">{t('minutes.earlier.hint')}</p>
              {/* Each in a card: opened, an earlier version's decisions are not read as the
                  current ones. */}
              <ul className="cards">
                {earlier.map((v) => (
                  <li key={v.id} className="card">
                    <details>
                      <summary>
                        <Published version={v} />
                      </summary>
                      <MinutesVersionBody version={v} level={4} />
                    </details>
                  </li>
                ))}
              </ul>
            </>
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
              // Each with its status, in the words of the Action items page: a reader of the
              // minutes sees what is still pending, not only what was assigned.
              <li key={a.id}>
                {bi(a.title)} — {a.ownerAgency.code} · {t('actionItems.status')}:{' '}
                {t(`actionItems.status.${a.status}`)} · {t('tasks.due')}:{' '}
                <DateTime value={a.dueAt} />
              </li>
            ))}
          </ul>
        </>
      )}
      {canManage && (
        <form
          ref={form}
          className="form"
          noValidate
          aria-labelledby="minutes-draft"
          onSubmit={(e) => {
            e.preventDefault();
            if (checkFirst()) save.mutate(toSave());
          }}
          // Any edit of a field (change events bubble) makes the last outcome old news: a
          // "Draft saved" left on screen would speak of a draft that is no longer the one shown.
          onChange={clear}
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
                  {...invalid(`dec-${i}-es`)}
                  onChange={(e) => {
                    setDecisions(
                      draftDecisions.map((x, j) => (j === i ? { ...x, es: e.target.value } : x)),
                    );
                    edited(`dec-${i}-es`);
                  }}
                />
                {fieldError(`dec-${i}-es`)}
              </div>
              <div className="field">
                <label htmlFor={`dec-${i}-en`}>{t('minutes.inEnglish')}</label>
                <textarea
                  id={`dec-${i}-en`}
                  lang="en"
                  value={d.en}
                  {...invalid(`dec-${i}-en`)}
                  onChange={(e) => {
                    setDecisions(
                      draftDecisions.map((x, j) => (j === i ? { ...x, en: e.target.value } : x)),
                    );
                    edited(`dec-${i}-en`);
                  }}
                />
                {fieldError(`dec-${i}-en`)}
              </div>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  // The messages name decisions by their place, which this changes.
                  setErrors({});
                  // A removal is an edit too (no change event says so).
                  clear();
                  // Rows are keyed by place, so the last row's fieldset goes: left alone, the
                  // focus would sit on the next decision's "Remove", or fall to the page. It
                  // moves to the next decision's first field (now in this place), the previous
                  // one's if this was the last, or "Add a decision" when none remain.
                  flushSync(() => setDecisions(draftDecisions.filter((_, j) => j !== i)));
                  const left = draftDecisions.length - 1;
                  (left === 0
                    ? addDecision.current
                    : form.current?.querySelector<HTMLElement>(`#dec-${Math.min(i, left - 1)}-es`)
                  )?.focus();
                  // Said, as the focus moved without a word of it; the focus stays where it went.
                  say(
                    t(i < left ? 'minutes.removed' : 'minutes.removedLast', { n: i + 1 }),
                    false,
                    { focus: false },
                  );
                }}
              >
                {t('minutes.removeDecision', { n: i + 1 })}
              </button>
            </fieldset>
          ))}
          <div>
            <button
              ref={addDecision}
              type="button"
              className="button button--secondary"
              onClick={() => {
                // The new decision is on the page before the focus moves into its first field:
                // a keyboard or screen-reader user lands there, and hears "Decision N".
                flushSync(() => setDecisions([...draftDecisions, { es: '', en: '' }]));
                form.current
                  ?.querySelector<HTMLElement>(`#dec-${draftDecisions.length}-es`)
                  ?.focus();
              }}
            >
              {t('minutes.addDecision')}
            </button>
          </div>
          <fieldset>
            <legend>{t('minutes.present')}</legend>
            {[...group.memberAgencies, ...former].map((a) => (
              <div className="radio" key={a.code}>
                <input
                  type="checkbox"
                  id={`present-${a.code}`}
                  checked={draftPresent.includes(a.code)}
                  aria-invalid={!!errors[`present-${a.code}`]}
                  aria-describedby={
                    errors[`present-${a.code}`] ? 'minutes-present-error' : undefined
                  }
                  onChange={(e) => {
                    setPresent(
                      e.target.checked
                        ? [...draftPresent, a.code]
                        : draftPresent.filter((c) => c !== a.code),
                    );
                    edited(`present-${a.code}`);
                  }}
                />
                <label htmlFor={`present-${a.code}`}>
                  {a.code} — {bi(a.name)} ({t(`country.short.${a.country}`)})
                </label>
              </div>
            ))}
            {presentError && (
              <p className="field-error" id="minutes-present-error">
                {presentError}
              </p>
            )}
          </fieldset>
          {correcting && (
            <div className="field">
              <label htmlFor="minutes-note">{t('minutes.correctionNote')}</label>
              <textarea
                id="minutes-note"
                value={draftNote}
                maxLength={2000}
                {...invalid('minutes-note')}
                onChange={(e) => {
                  setNote(e.target.value);
                  edited('minutes-note');
                }}
              />
              {fieldError('minutes-note')}
            </div>
          )}
          <div>
            <BusyButton
              type="submit"
              className="button button--secondary"
              busy={save.isPending}
              aria-describedby={publishHint ? 'minutes-publish-hint' : undefined}
            >
              {t('minutes.saveDraft')}
            </BusyButton>{' '}
            {draft && begun && (
              <BusyButton
                type="button"
                className="button"
                busy={publish.isPending}
                aria-haspopup="dialog"
                aria-describedby={publishHint ? 'minutes-publish-hint' : undefined}
                onClick={() => {
                  // Refused here, said (and focused) rather than confirmed as if all were well.
                  if (empty) say(t('minutes.nothingToPublish'), true);
                  else if (!unsaved || checkFirst()) setConfirmingPublish(true);
                }}
              >
                {t('minutes.publish')}
              </BusyButton>
            )}
          </div>
          {publishHint && (
            <p className="hint" id="minutes-publish-hint">
              {publishHint}
            </p>
          )}
        </form>
      )}
      <ConfirmDialog
        isOpen={confirmingPublish}
        title={correcting ? t('minutes.confirm.titleCorrection') : t('minutes.confirm.title')}
        confirmLabel={t('minutes.confirm.publish')}
        keepLabel={t('minutes.confirm.keep')}
        onKeep={() => setConfirmingPublish(false)}
        onConfirm={() => {
          setConfirmingPublish(false);
          publish.mutate(unsaved ? toSave() : null);
        }}
      >
        <p>{t('minutes.confirm.text')}</p>
        {unsaved && <p>{t('minutes.confirm.unsaved')}</p>}
      </ConfirmDialog>
    </>
  );
}

/** The fields of the new action item's form that carry a message of their own. */
type ActionItemField = 'title' | 'owner' | 'due';
/** How the new action item's form offers the due date, fresh: in 10 working days, binational. */
const FRESH_DUE = { kind: 'days', days: '10', calendar: 'binational' } as const;
type ActionItemErrors = Partial<Record<ActionItemField, string>>;

/**
 * Co-chairs assign a follow-up to an agency, due on a date or in working days after the
 * meeting. What the service would refuse is refused before sending, with the reason that
 * applies — a date that has passed, one before a meeting still ahead, one beyond the year 9999,
 * working days outside 1 to 250 — and a refusal of the service lands on the same fields with the
 * same words. Each message is tied to its field (`aria-describedby`), and the first field
 * marked takes the focus, as in the meeting's schedule and edit forms.
 */
function NewActionItem({ meeting, group }: { meeting: Meeting; group: GroupContext['group'] }) {
  const t = useT();
  const bi = useBi();
  const { formatLocale } = useLocale();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const { region, say, clear } = useAnnouncer();
  const { key, settled } = useIdempotencyKey();
  const [titleEs, setTitleEs] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [owner, setOwner] = useState('');
  const [dueKind, setDueKind] = useState<'date' | 'days'>(FRESH_DUE.kind);
  const [dueDate, setDueDate] = useState('');
  const [days, setDays] = useState<string>(FRESH_DUE.days);
  const [calendar, setCalendar] = useState<'MX' | 'US' | 'binational'>(FRESH_DUE.calendar);
  const [errors, setErrors] = useState<ActionItemErrors>({});
  // Bumped whenever errors are shown (as in the minutes' form), so the focus moves to the first
  // field they name: a keyboard or screen-reader user lands on what to fix and hears why.
  const [checked, setChecked] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (checked) focusFirstInvalid(form.current);
  }, [checked]);
  const showErrors = (next: ActionItemErrors) => {
    setErrors(next);
    if (Object.keys(next).length > 0) setChecked((n) => n + 1);
  };
  // Today and the meeting's date on the owner agency's clocks, as the service checks them (the
  // item falls due at 18:00 there): a meeting near midnight in its own zone may be on the next
  // day, or the day before, where the owner works. Before an owner is chosen, the meeting's
  // zone. Read at each render, so a page left open past midnight moves on.
  const ownerZone = group.memberAgencies.find((a) => a.code === owner)?.timeZone;
  const bounds = dueDateBounds(new Date(), meeting.startsAt, ownerZone ?? meeting.timeZone);
  /** A plain date (`2027-01-15`) as this page writes dates: "January 15, 2027". */
  const longDate = (date: string) =>
    new Intl.DateTimeFormat(formatLocale, { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${date}T12:00:00Z`),
    );
  /** The message of a due date that cannot be sent, by its reason. */
  const dueDateMessage = (problem: DueDateProblem) => {
    switch (problem) {
      case 'missing':
        return t('actionItems.error.dateMissing');
      case 'tooLate':
        return t('actionItems.error.dateTooLate', { date: longDate(LATEST_DUE_DATE) });
      case 'past':
        // The earliest date taken: today, or the meeting's when it is still ahead.
        return bounds.meetingDate > bounds.today
          ? t('actionItems.error.pastBeforeMeeting', { date: longDate(bounds.meetingDate) })
          : t('actionItems.error.past', { date: longDate(bounds.today) });
      case 'beforeMeeting':
        return t('actionItems.error.beforeMeeting', { date: longDate(bounds.meetingDate) });
    }
  };
  const daysMessage = () =>
    t('actionItems.error.days', { min: MIN_BUSINESS_DAYS, max: MAX_BUSINESS_DAYS });

  /** A refusal of the service (400, `errors[]`) as the form's own messages, field by field. */
  const refusedFields = (error: ApiError): ActionItemErrors => {
    const { byField } = problemToFields(error.problem, [
      'title',
      'ownerAgencyCode',
      'dueDate',
      'dueIn',
    ] as const);
    const next: ActionItemErrors = {};
    if (byField.title) next.title = t('actionItems.error.title');
    if (byField.ownerAgencyCode)
      next.owner =
        error.problem.code === 'ACTION_ITEM.OWNER_NOT_IN_GROUP'
          ? problemText(error)
          : t('actionItems.error.owner');
    if (dueKind === 'date' && byField.dueDate) {
      // Told by the problem's field (and code), never by its English words: the form checks
      // against the same owner's clocks as the service, so it says why in its own; a refusal
      // it did not foresee (the meeting moved meanwhile) gets the code's message.
      const problem =
        error.problem.code === 'ACTION_ITEM.INVALID_DUE' ? dueDateProblem(dueDate, bounds) : null;
      next.due = problem ? dueDateMessage(problem) : t('problem.ACTION_ITEM.INVALID_DUE');
    }
    if (dueKind === 'days' && byField.dueIn) next.due = daysMessage();
    return next;
  };
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
              : { dueIn: { businessDays: Number(days.trim()), calendar } }),
          },
        }),
      ),
    onSuccess: (item) => {
      // Assigned: the form is as fresh for the next item (as the delegation form is), and only
      // the announcement of this one stays — until the form is edited or sent again.
      setTitleEs('');
      setTitleEn('');
      setOwner('');
      setDueKind(FRESH_DUE.kind);
      setDueDate('');
      setDays(FRESH_DUE.days);
      setCalendar(FRESH_DUE.calendar);
      setErrors({});
      void queryClient.invalidateQueries({ queryKey: ['minutes', group.id, meeting.id] });
      void queryClient.invalidateQueries({ queryKey: ['action-items', group.id] });
      say(t('actionItems.created', { title: bi(item.title), owner: item.ownerAgency.code }));
    },
    onSettled: settled,
    onError: (error) => {
      const next = error instanceof ApiError && error.status === 400 ? refusedFields(error) : {};
      if (Object.keys(next).length > 0) showErrors(next);
      else say(problemText(error), true);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The last outcome speaks of the item sent before, not of this one.
    clear();
    const next: ActionItemErrors = {};
    if (!titleEs.trim() || !titleEn.trim()) next.title = t('actionItems.error.title');
    if (!owner) next.owner = t('actionItems.error.owner');
    if (dueKind === 'date') {
      const problem = dueDateProblem(dueDate, bounds);
      if (problem) next.due = dueDateMessage(problem);
    } else if (!businessDaysAreValid(days)) next.due = daysMessage();
    showErrors(next);
    if (Object.keys(next).length === 0) create.mutate();
  };
  const chooseDueKind = (kind: 'date' | 'days') => {
    setDueKind(kind);
    // The message was about the other way of giving the due date.
    setErrors((old) => withoutErrors(old, 'due'));
  };
  /** A field's message, tied to its field by `aria-describedby` (see `invalid`). */
  const fieldError = (f: ActionItemField) =>
    errors[f] ? (
      <p className="field-error" id={`ai-${f}-error`}>
        {errors[f]}
      </p>
    ) : null;
  const invalid = (f: ActionItemField, marked = !!errors[f]) => ({
    'aria-invalid': marked,
    'aria-describedby': errors[f] ? `ai-${f}-error` : undefined,
  });
  // A title refused here is marked where it is missing; refused by the service, in both.
  const titleMarked = (own: string, other: string) =>
    !!errors.title && (!own.trim() || !!other.trim());
  return (
    <form
      ref={form}
      className="form"
      onSubmit={submit}
      // Any edit of a field (change events bubble) makes the last outcome old news.
      onChange={clear}
      noValidate
      aria-labelledby="ai-new"
    >
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
          {...invalid('title', titleMarked(titleEs, titleEn))}
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
          {...invalid('title', titleMarked(titleEn, titleEs))}
        />
        {fieldError('title')}
      </div>
      <div className="field">
        <label htmlFor="ai-owner">{t('actionItems.owner')}</label>
        <select
          id="ai-owner"
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          {...invalid('owner')}
        >
          <option value="">{t('actionItems.chooseOwner')}</option>
          {group.memberAgencies.map((a) => (
            <option key={a.code} value={a.code}>
              {a.code} — {bi(a.name)} ({t(`country.short.${a.country}`)})
            </option>
          ))}
        </select>
        {fieldError('owner')}
      </div>
      <fieldset>
        <legend>{t('actionItems.due')}</legend>
        <div className="radio">
          <input
            type="radio"
            id="ai-due-days"
            name="ai-due"
            checked={dueKind === 'days'}
            onChange={() => chooseDueKind('days')}
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
                min={MIN_BUSINESS_DAYS}
                max={MAX_BUSINESS_DAYS}
                step={1}
                value={days}
                onChange={(e) => setDays(e.target.value)}
                {...invalid('due')}
              />
              {fieldError('due')}
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
            onChange={() => chooseDueKind('date')}
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
              // The date picker offers no day the form would refuse.
              min={earliestDueDate(bounds)}
              max={LATEST_DUE_DATE}
              onChange={(e) => setDueDate(e.target.value)}
              {...invalid('due')}
            />
            {fieldError('due')}
          </div>
        )}
        <p className="hint">
          {t('actionItems.dueHint', { time: formatTimeOfDay(DUE_LOCAL_HOUR, 0, formatLocale) })}
        </p>
      </fieldset>
      <div>
        <BusyButton type="submit" className="button" busy={create.isPending}>
          {t('actionItems.create')}
        </BusyButton>
      </div>
    </form>
  );
}

/**
 * What co-chairs (and admins) may still do to a meeting ahead: change any of its details in one
 * form — title, start, length, place, video link — or call it off (after a confirmation: every
 * member is told, and it leaves their calendars). The form opens filled with the meeting as it
 * is and sends only what was changed (`meetingPatch`): every change the service takes tells
 * every member, and a start sent is a move. Once it has begun neither is offered, and the page
 * says why; the service refuses both then anyway (409), and a refusal closes the form.
 */
function ChangeMeeting({
  meeting,
  groupId,
  onChanged,
  onFailed,
  onRefused,
}: {
  meeting: Meeting;
  groupId: string;
  /** The meeting as it now is, and what to announce. */
  onChanged: (updated: Meeting, message: string) => void;
  /** A refusal to announce (the form stays as it was). */
  onFailed: (message: string) => void;
  /** A 409: the meeting can no longer change (held, called off, its minutes published). */
  onRefused: (message: string) => void;
}) {
  const t = useT();
  const { formatLocale } = useLocale();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  // The meeting as the form was opened on (null: closed). Changes are measured against it, not
  // against a later refetch, so a detail another co-chair changed meanwhile, and this one left
  // alone, is not sent back with its old value.
  const [base, setBase] = useState<Meeting | null>(null);
  const [draft, setDraft] = useState<MeetingDraft>(() => draftOf(meeting));
  const [errors, setErrors] = useState<MeetingErrors>({});
  // Bumped whenever errors are shown, so the focus moves to the first field they name.
  const [checked, setChecked] = useState(0);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [note, setNote] = useState('');
  const openButton = useRef<HTMLButtonElement>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // Only "Close without changes" gives the focus back to the button: after a save the page
  // announces the change, and that announcement takes the focus.
  const returnFocus = useRef(false);
  const open = base !== null;
  const path = { groupId, meetingId: meeting.id };
  const { changes } = meetingPatch(base ?? meeting, draft);
  const changeList = (list: MeetingChange[]) =>
    new Intl.ListFormat(formatLocale, { type: 'conjunction' }).format(
      list.map((c) => t(`meeting.edit.field.${c}`)),
    );

  useEffect(() => {
    if (open) formHeading.current?.focus();
    else if (returnFocus.current) openButton.current?.focus();
    returnFocus.current = false;
  }, [open]);
  useEffect(() => {
    if (checked) focusFirstInvalid(form.current);
  }, [checked]);

  const edit = (field: keyof MeetingDraft) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const showErrors = (next: MeetingErrors) => {
    setErrors(next);
    setChecked((n) => n + 1);
  };
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['meetings', groupId] });
    void queryClient.invalidateQueries({ queryKey: ['minutes', groupId, meeting.id] });
  };
  /** A 409 is the meeting's state, not the form's: the page says why and offers it no more. */
  const refused = (error: unknown) => {
    if (!(error instanceof ApiError) || error.status !== 409) return false;
    setBase(null);
    void queryClient.invalidateQueries({ queryKey: ['meeting', groupId, meeting.id] });
    onRefused(problemText(error));
    return true;
  };
  const save = useMutation({
    mutationFn: (patch: { body: MeetingPatch; changes: MeetingChange[] }) =>
      call(
        api.PATCH('/api/v1/technical-groups/{groupId}/meetings/{meetingId}', {
          params: { path },
          body: patch.body,
        }),
      ),
    onSuccess: (updated, patch) => {
      refresh();
      setBase(null);
      setErrors({});
      // A move alone is said as one; anything else names what changed.
      const movedOnly = patch.changes.every((c) => c === 'start' || c === 'timeZone');
      onChanged(
        updated,
        movedOnly
          ? t('meeting.rescheduled')
          : t('meeting.edited', { changes: changeList(patch.changes) }),
      );
    },
    onError: (error) => {
      if (refused(error)) return;
      const next = meetingErrors(error, t, problemText);
      // The schedule form's message allows both titles empty; a meeting keeps a title.
      if (next.title) next.title = t('meeting.edit.error.title');
      showErrors(next);
    },
  });
  const cancel = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/technical-groups/{groupId}/meetings/{meetingId}/cancel', {
          params: { path },
          body: note.trim() ? { note: note.trim() } : {},
        }),
      ),
    onSuccess: (updated) => {
      refresh();
      onChanged(updated, t('meeting.calledOff'));
    },
    onError: (error) => {
      if (!refused(error)) onFailed(problemText(error));
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!base) return;
    const patch = meetingPatch(base, draft);
    // A start is sent (and must be ahead) only when it moves: a title corrected is no move.
    const next = draftErrors(
      draft,
      t,
      patch.changes.includes('start') || patch.changes.includes('timeZone'),
    );
    if (Object.keys(next).length === 0 && patch.changes.length === 0)
      next.general = t('meeting.reschedule.unchanged');
    showErrors(next);
    if (Object.keys(next).length === 0) save.mutate(patch);
  };

  const described = (...ids: (string | false)[]) => ids.filter(Boolean).join(' ') || undefined;
  const fieldError = (field: MeetingField) =>
    errors[field] ? (
      <p className="field-error" id={`reschedule-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;
  // Both title fields carry the one message; the one left empty is the one to fix.
  const titleInvalid = (value: string) =>
    !!errors.title && (!value.trim() || (!!draft.titleEs.trim() && !!draft.titleEn.trim()));

  return (
    <section aria-labelledby="meeting-change">
      <h2 id="meeting-change">{t('meeting.change')}</h2>
      {!open && (
        <p className="button-row">
          <button
            ref={openButton}
            type="button"
            className="button button--secondary"
            onClick={() => {
              setErrors({});
              setDraft(draftOf(meeting));
              setBase(meeting);
            }}
          >
            {t('meeting.reschedule')}
          </button>
          <BusyButton
            type="button"
            className="button button--danger"
            busy={cancel.isPending}
            aria-haspopup="dialog"
            onClick={() => setConfirmingCancel(true)}
          >
            {t('meeting.callOff')}
          </BusyButton>
        </p>
      )}
      {open && (
        <form
          ref={form}
          id="meeting-reschedule"
          className="form"
          onSubmit={submit}
          noValidate
          aria-labelledby="meeting-reschedule-title"
          aria-describedby="meeting-reschedule-hint"
        >
          <h3 id="meeting-reschedule-title" ref={formHeading} tabIndex={-1}>
            {t('meeting.reschedule.title')}
          </h3>
          <p className="hint" id="meeting-reschedule-hint">
            {t('meeting.reschedule.hint')}
          </p>
          {errors.general && (
            <div className="alert alert--error" role="alert">
              <p>{errors.general}</p>
            </div>
          )}
          <fieldset>
            <legend>{t('meeting.edit.titleLegend')}</legend>
            <div className="field">
              <label htmlFor="reschedule-title-es">{t('meeting.title.es')}</label>
              <input
                id="reschedule-title-es"
                type="text"
                lang="es"
                value={draft.titleEs}
                maxLength={300}
                onChange={(e) => edit('titleEs')(e.target.value)}
                aria-invalid={titleInvalid(draft.titleEs)}
                aria-describedby={described(!!errors.title && 'reschedule-title-error')}
              />
            </div>
            <div className="field">
              <label htmlFor="reschedule-title-en">{t('meeting.title.en')}</label>
              <input
                id="reschedule-title-en"
                type="text"
                lang="en"
                value={draft.titleEn}
                maxLength={300}
                onChange={(e) => edit('titleEn')(e.target.value)}
                aria-invalid={titleInvalid(draft.titleEn)}
                aria-describedby={described(!!errors.title && 'reschedule-title-error')}
              />
            </div>
            {fieldError('title')}
          </fieldset>
          <MeetingStartFields
            prefix="reschedule"
            date={draft.date}
            time={draft.time}
            zone={draft.timeZone}
            onDate={edit('date')}
            onTime={edit('time')}
            onZone={edit('timeZone')}
            errors={errors}
          />
          <div className="field">
            <label htmlFor="reschedule-duration">{t('meeting.duration')}</label>
            <p className="hint" id="reschedule-duration-hint">
              {t('meeting.edit.duration.hint')}
            </p>
            <input
              id="reschedule-duration"
              type="number"
              inputMode="numeric"
              min={MIN_DURATION}
              max={MAX_DURATION}
              step={15}
              value={draft.duration}
              onChange={(e) => edit('duration')(e.target.value)}
              aria-invalid={!!errors.durationMinutes}
              aria-describedby={described(
                'reschedule-duration-hint',
                !!errors.durationMinutes && 'reschedule-durationMinutes-error',
              )}
            />
            {fieldError('durationMinutes')}
          </div>
          <fieldset aria-describedby="reschedule-where-hint">
            <legend>{t('meeting.edit.where')}</legend>
            <p className="hint" id="reschedule-where-hint">
              {t('meeting.edit.where.hint')}
            </p>
            <div className="field">
              <label htmlFor="reschedule-place">{t('meeting.place')}</label>
              <input
                id="reschedule-place"
                type="text"
                value={draft.place}
                maxLength={300}
                onChange={(e) => edit('place')(e.target.value)}
                aria-invalid={!!errors.place}
                aria-describedby={described(!!errors.place && 'reschedule-place-error')}
              />
              {fieldError('place')}
            </div>
            <div className="field">
              <label htmlFor="reschedule-link">{t('meeting.link')}</label>
              <input
                id="reschedule-link"
                type="url"
                inputMode="url"
                value={draft.link}
                maxLength={2000}
                onChange={(e) => edit('link')(e.target.value)}
                aria-invalid={!!errors.link}
                aria-describedby={described(!!errors.link && 'reschedule-link-error')}
              />
              {fieldError('link')}
            </div>
          </fieldset>
          {changes.length > 0 && (
            <p className="hint" id="meeting-reschedule-pending">
              {t('meeting.edit.pending', { changes: changeList(changes) })}
            </p>
          )}
          <div className="button-row">
            <BusyButton
              type="submit"
              className="button"
              busy={save.isPending}
              aria-describedby={changes.length > 0 ? 'meeting-reschedule-pending' : undefined}
            >
              {t('meeting.reschedule.submit')}
            </BusyButton>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                returnFocus.current = true;
                setBase(null);
                setErrors({});
              }}
            >
              {t('meeting.reschedule.close')}
            </button>
          </div>
        </form>
      )}
      <ConfirmDialog
        isOpen={confirmingCancel}
        danger
        title={t('meeting.callOff.title')}
        confirmLabel={t('meeting.callOff.confirm')}
        keepLabel={t('meeting.callOff.keep')}
        onKeep={() => setConfirmingCancel(false)}
        onConfirm={() => {
          setConfirmingCancel(false);
          cancel.mutate();
        }}
        extra={
          <div className="field">
            <label htmlFor="call-off-note">{t('meeting.callOff.note')}</label>
            <textarea
              id="call-off-note"
              value={note}
              maxLength={1000}
              onChange={(e) => setNote(e.target.value)}
            />
          </div>
        }
      >
        <p>{t('meeting.callOff.text')}</p>
      </ConfirmDialog>
    </section>
  );
}

function MeetingBody(ctx: GroupContext & { meetingId: string }) {
  const t = useT();
  const bi = useBi();
  const { formatLocale } = useLocale();
  const queryClient = useQueryClient();
  const meetingName = useMeetingName();
  const { region, say } = useAnnouncer();
  // The clock moves on while the page is open: the meeting's controls follow its start.
  const now = useNow();
  // Why the service refused a change (409: held, called off, minutes published), when the
  // page had not seen it yet (another co-chair, a slow clock): the change is offered no more.
  const [refused, setRefused] = useState<{ meetingId: string; text: string } | null>(null);
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
  if (!meeting.data)
    // The caller reads the group's meetings (else the page says so and asks nothing): a 404
    // is then a meeting this group does not have — a mistyped or foreign link — and a 400 a
    // link whose id is not one at all (cut short when copied): the same to the reader.
    return meeting.error instanceof ApiError &&
      (meeting.error.status === 404 || meeting.error.status === 400) ? (
      <div className="alert alert--error" role="alert">
        <p>{t('meeting.notFound')}</p>
      </div>
    ) : (
      <ErrorAlert error={meeting.error} />
    );
  const m = meeting.data;
  const begun = hasBegun(m.startsAt, now);
  const refusal = refused?.meetingId === m.id ? refused.text : null;
  const { name, untitled } = meetingName(m);
  return (
    <>
      <h2>{name}</h2>
      {region}
      {m.status === 'cancelled' && (
        <div className="alert alert--warning">
          <p>
            {t('meeting.cancelled')}
            {m.cancellationNote ? `: ${m.cancellationNote}` : ''}
          </p>
        </div>
      )}
      <dl className="meta">
        {!untitled && (
          <div>
            <dt>{t('meeting.kind')}</dt>
            <dd>{bi(m.kindLabel)}</dd>
          </div>
        )}
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
          <dt>{t('meeting.length')}</dt>
          {/* "1 hour and 30 minutes", not a bare 90 under a label that names the unit. */}
          <dd>
            {formatDuration(
              `PT${Math.floor(m.durationMinutes / 60)}H${m.durationMinutes % 60}M`,
              formatLocale,
            )}
          </dd>
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
      {ctx.canManage &&
        m.status === 'scheduled' &&
        (begun || refusal ? (
          <p className="hint">{refusal ?? t('meeting.change.begun')}</p>
        ) : (
          <ChangeMeeting
            // Another meeting opened in this page starts with the form closed.
            key={m.id}
            meeting={m}
            groupId={ctx.group.id}
            onChanged={(updated, message) => {
              queryClient.setQueryData(['meeting', ctx.group.id, m.id], updated);
              say(message);
            }}
            onFailed={(message) => say(message, true)}
            onRefused={(message) => {
              setRefused({ meetingId: m.id, text: message });
              say(message, true);
            }}
          />
        ))}
      <Agenda
        meeting={m}
        groupId={ctx.group.id}
        // As the API decides it: co-chairs, admins, and coordinators on the group's roster.
        canEdit={ctx.group.access.editAgenda}
        begun={begun}
      />
      <Minutes meeting={m} group={ctx.group} canManage={ctx.canManage} begun={begun} />
      {ctx.canManage && m.status === 'scheduled' && <NewActionItem meeting={m} group={ctx.group} />}
    </>
  );
}

export function MeetingPage() {
  const t = useT();
  const { code, meetingId } = route.useParams();
  return (
    <GroupFrame code={code} title={(name) => t('meeting.pageTitle', { group: name })}>
      {(ctx) =>
        ctx.group.access.readMeetings ? (
          <MeetingBody {...ctx} meetingId={meetingId} />
        ) : (
          <MembersOnly what="meetings" />
        )
      }
    </GroupFrame>
  );
}
