import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call, useIdempotencyKey, type Schemas } from '../api/client';
import { ApiError, problemToFields } from '../api/problem';
import { useAgencies } from '../api/queries';
import { useDelegatorKind } from '../auth/delegations-access';
import { useUser } from '../auth/session';
import { FORMAT_LOCALES, useLocale, useT, type MessageId } from '../i18n/i18n';
import { dateIn, formatInstant, wallClockIn, wallTimeToInstant } from '../lib/dates';
import { cancelledBeforeStart, delegationEndProblem } from '../lib/delegation-window';
import { zoneName } from '../lib/zones';
import { BusyButton, DateTime, ErrorAlert, Loading, useProblemText } from './common';
import { ConfirmDialog } from './ConfirmDialog';

type Delegation = Schemas['DelegationView'];
type Status = Delegation['status'];

/**
 * What the last action came to, kept as what to say rather than in words, so that it reads in
 * the language the page is in now: switching languages re-renders it.
 */
type Outcome =
  { kind: 'success'; id: MessageId; delegate: string } | { kind: 'error'; error: unknown };

function useOutcomeText(): (outcome: Outcome) => string {
  const t = useT();
  const problemText = useProblemText();
  return (outcome) =>
    outcome.kind === 'success'
      ? t(outcome.id, { delegate: outcome.delegate })
      : problemText(outcome.error);
}

/**
 * A table of delegations: the caller's own (`mine`), or every one (admins), optionally of one
 * status. The delegator (or an admin) revokes an active one from its row, or cancels a
 * scheduled one (it will not begin), after confirming it (it cannot be undone); the outcome is
 * announced. A revoked one says when it was revoked, rather than the end it no longer reaches;
 * one revoked before its start reads as cancelled throughout (the service calls it `revoked`).
 */
export function DelegationTable({
  mine,
  status,
  caption,
}: {
  mine: boolean;
  status?: Status;
  caption: string;
}) {
  const t = useT();
  const user = useUser();
  const outcomeText = useOutcomeText();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<Outcome | null>(null);
  // The delegation whose revocation (or, not started, cancellation) is being confirmed.
  const [confirming, setConfirming] = useState<Delegation | null>(null);
  const cancelling = confirming?.status === 'scheduled';
  const messageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);
  const list = useQuery({
    queryKey: ['delegations', { mine, status }],
    queryFn: () =>
      call(
        api.GET('/api/v1/delegations', {
          params: {
            query: { ...(mine ? { mine: true } : {}), ...(status ? { status } : {}), limit: 200 },
          },
        }),
      ),
  });
  const revoke = useMutation({
    mutationFn: (d: Delegation) =>
      call(api.POST('/api/v1/delegations/{id}/revoke', { params: { path: { id: d.id } } })),
    onSuccess: (d, before) => {
      void queryClient.invalidateQueries({ queryKey: ['delegations'] });
      setMessage({
        kind: 'success',
        // One revoked before its start never lent anything: cancelled, not stopped.
        id:
          before.status === 'scheduled' || cancelledBeforeStart(d)
            ? 'delegations.revoked.beforeStart'
            : 'delegations.revoked',
        delegate: d.delegate.name,
      });
    },
    onError: (error) => setMessage({ kind: 'error', error }),
  });
  const isAdmin = user.roles.includes('admin');
  return (
    <>
      <div ref={messageRef} tabIndex={-1} role="status" aria-live="polite">
        {message && (
          <div className={`alert alert--${message.kind}`}>
            <p>{outcomeText(message)}</p>
          </div>
        )}
      </div>
      {list.isPending && <Loading />}
      <ErrorAlert error={list.error} />
      {list.data &&
        (list.data.items.length === 0 ? (
          <p>{t('delegations.none')}</p>
        ) : (
          // On a phone each row stacks into a card, every cell under its column's name (its
          // `data-label`), so Status and the Revoke button are in view; wider it may scroll
          // sideways: focusable, so a keyboard can too (once revoked, no row has a button left).
          <div className="table-wrap" tabIndex={0} role="region" aria-label={caption}>
            <table className="table--stack">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('delegations.delegator')}</th>
                  <th scope="col">{t('delegations.delegate')}</th>
                  <th scope="col">{t('delegations.from')}</th>
                  <th scope="col">{t('delegations.until')}</th>
                  <th scope="col">{t('delegations.legalBasis')}</th>
                  <th scope="col">{t('delegations.status')}</th>
                  <th scope="col">{t('delegations.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((d) => (
                  <tr key={d.id}>
                    <td data-label={t('delegations.delegator')}>
                      {d.delegator.id === user.id ? t('delegations.you') : d.delegator.name}
                    </td>
                    <td data-label={t('delegations.delegate')}>
                      {d.delegate.id === user.id ? t('delegations.you') : d.delegate.name}
                    </td>
                    <td data-label={t('delegations.from')}>
                      <DateTime value={d.startsAt} />
                    </td>
                    <td data-label={t('delegations.until')}>
                      {d.status === 'revoked' && d.revokedAt ? (
                        <>
                          {/* Revoked before its start, it never lent anything: cancelled. */}
                          {t(
                            cancelledBeforeStart(d)
                              ? 'delegations.cancelledOn'
                              : 'delegations.revokedOn',
                          )}{' '}
                          <DateTime value={d.revokedAt} />
                          <br />
                          <span className="hint">
                            {t('delegations.plannedEnd')} <DateTime value={d.endsAt} />
                          </span>
                        </>
                      ) : (
                        <DateTime value={d.endsAt} />
                      )}
                    </td>
                    <td data-label={t('delegations.legalBasis')}>
                      {d.legalBasis}
                      {d.reference && (
                        <>
                          <br />
                          <span className="hint">
                            {t('delegations.referenceShown', { reference: d.reference })}
                          </span>
                        </>
                      )}
                    </td>
                    <td data-label={t('delegations.status')}>
                      {d.status === 'revoked' && cancelledBeforeStart(d) ? (
                        <span className="tag tag--delegation-revoked tag--delegation-cancelled">
                          {t('delegations.status.cancelled')}
                        </span>
                      ) : (
                        <span className={`tag tag--delegation-${d.status}`}>
                          {t(`delegations.status.${d.status}` as MessageId)}
                        </span>
                      )}
                    </td>
                    <td data-label={t('delegations.actions')}>
                      {(d.status === 'active' || d.status === 'scheduled') &&
                        (d.delegatorId === user.id || isAdmin) && (
                          <BusyButton
                            type="button"
                            className="button button--secondary"
                            busy={revoke.isPending}
                            onClick={() => {
                              setMessage(null);
                              setConfirming(d);
                            }}
                          >
                            {t(
                              d.status === 'scheduled'
                                ? 'delegations.cancel'
                                : 'delegations.revoke',
                              { delegate: d.delegate.name },
                            )}
                          </BusyButton>
                        )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      <ConfirmDialog
        isOpen={confirming !== null}
        title={t(
          cancelling ? 'delegations.cancel.confirmTitle' : 'delegations.revoke.confirmTitle',
          { delegate: confirming?.delegate.name ?? '' },
        )}
        confirmLabel={t(cancelling ? 'delegations.cancel.confirm' : 'delegations.revoke.confirm')}
        keepLabel={t('delegations.revoke.keep')}
        danger
        onKeep={() => setConfirming(null)}
        onConfirm={() => {
          const d = confirming;
          setConfirming(null);
          if (d) revoke.mutate(d);
        }}
      >
        <p>
          {t(cancelling ? 'delegations.cancel.confirmText' : 'delegations.revoke.confirmText', {
            delegate: confirming?.delegate.name ?? '',
            delegator: confirming?.delegator.name ?? '',
            mine: confirming?.delegatorId === user.id ? 'yes' : 'no',
          })}
        </p>
      </ConfirmDialog>
    </>
  );
}

type Fields = 'delegateId' | 'startsAt' | 'endsAt' | 'legalBasis' | 'reference';

/**
 * How far in the past a start may be and still be taken (the service takes any start): a few
 * minutes, for the time it takes to fill the form in after typing the time now. A start
 * further back would record a delegation as in force when nobody had named it.
 */
const START_GRACE_MS = 5 * 60_000;

/**
 * Why nobody is offered as the reader's substitute, truthfully: an approver whose agency has
 * nobody else (an admin can add people to it); a co-chair with nobody in an agency of their
 * country; else they have no signature of their own to delegate.
 */
function useNoCandidatesReason(): { isPending: boolean; text: string } {
  const t = useT();
  const user = useUser();
  const agencies = useAgencies();
  const delegator = useDelegatorKind();
  const approverOf =
    user.roles.includes('approver') && user.agencyId
      ? [...(agencies.data?.values() ?? [])].find((a) => a.id === user.agencyId)
      : undefined;
  return {
    isPending: agencies.isPending || delegator.isPending,
    text: approverOf
      ? t('delegations.noCandidates.agency', { agency: approverOf.code })
      : delegator.kind === 'chair' || delegator.kind === 'both'
        ? t('delegations.noCandidates.chair')
        : t('delegations.nothingToDelegate'),
  };
}

/**
 * Who may stand in for the reader, in words that fit what they sign: an approver's substitute
 * is of their agency; a co-chair's, for the group's seat, of an agency of their country.
 */
function DelegationIntro() {
  const t = useT();
  const { kind } = useDelegatorKind();
  return <p className="hint">{t('delegations.intro', { kind })}</p>;
}

/** A heading level for the form's title, under the page's own headings. */
type HeadingLevel = 2 | 3 | 4;

/**
 * The reader's own delegations (suplencias), given and received, and the form to name a
 * substitute: on the profile page (under its "Delegations" h2: the form's title an h3) and on
 * the delegations page of those who are not admins (right under the page's h1: an h2).
 * `headingLevel` is the form title's level, 3 unless given.
 */
export function MyDelegations({ headingLevel = 3 }: { headingLevel?: HeadingLevel }) {
  const t = useT();
  return (
    <>
      <DelegationIntro />
      <DelegationTable mine caption={t('delegations.mine')} />
      <DelegationForm headingLevel={headingLevel} />
    </>
  );
}

/** The start the form offers: today, at 09:00 or, once that has passed, now (on the reader's clock). */
function offeredStart(timeZone: string): { date: string; time: string } {
  const now = wallClockIn(timeZone);
  return { date: dateIn(new Date(), timeZone), time: now > '09:00' ? now : '09:00' };
}

/**
 * Names a substitute: who (from the people the service says may be named), from when until
 * when (typed on the reader's own clock, the zone named), on which legal basis. Only for those
 * with signatures of their own to delegate. A start already past (beyond a few minutes) is
 * refused here: a delegation is not backdated. A refused submit marks its fields, ties each
 * message to its field and moves the focus to the first, as the meeting forms do. The end is
 * checked here as the service checks it, one message per rule broken (after the start, at most
 * 180 days after it, not passed); the service's refusal of it is told the same way.
 * `headingLevel` is its title's level (3 unless given), to fit the page's outline.
 */
export function DelegationForm({ headingLevel = 3 }: { headingLevel?: HeadingLevel }) {
  const t = useT();
  const user = useUser();
  const queryClient = useQueryClient();
  const { key, settled } = useIdempotencyKey();
  const { kind } = useDelegatorKind();
  const { formatLocale } = useLocale();
  const Heading = `h${headingLevel}` as const;
  const today = dateIn(new Date(), user.timeZone);
  const [delegateId, setDelegateId] = useState('');
  const [startDate, setStartDate] = useState(today);
  // 09:00, or, once that has passed today, now: someone leaving now is covered at once.
  const [startTime, setStartTime] = useState(() => offeredStart(user.timeZone).time);
  // A start left as offered means "from now" even once the form has been open a while.
  const [startEdited, setStartEdited] = useState(false);
  const [endDate, setEndDate] = useState('');
  const [endTime, setEndTime] = useState('18:00');
  const [legalBasis, setLegalBasis] = useState('');
  const [reference, setReference] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [result, setResult] = useState<Outcome | null>(null);
  const outcomeText = useOutcomeText();
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);
  // Refused (here or by the service): the first marked field takes the focus, once marked.
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (Object.keys(errors).length > 0)
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const candidates = useQuery({
    queryKey: ['delegations', 'candidates'],
    queryFn: () => call(api.GET('/api/v1/delegations/candidates')),
  });
  const noCandidates = useNoCandidatesReason();

  // The window last sent, to tell which rule of it the service refused.
  const sent = useRef<{ startsAt: Date | null; endsAt: Date | null }>({
    startsAt: null,
    endsAt: null,
  });
  /** The message for the end's first broken rule (see delegationEndProblem), or null. */
  const endMessage = ({ startsAt, endsAt }: { startsAt: Date | null; endsAt: Date | null }) => {
    const problem = delegationEndProblem(startsAt, endsAt);
    if (!problem) return null;
    switch (problem.rule) {
      case 'missing':
        return t('delegations.error.endsMissing');
      case 'notAfterStart':
        return t('delegations.error.endsAt');
      case 'past':
        return t('delegations.error.endsPast');
      case 'tooLong':
        return t('delegations.error.endsTooLate', {
          date: formatInstant(problem.latest, formatLocale, user.timeZone),
        });
    }
  };

  const create = useMutation({
    mutationFn: (body: Schemas['CreateDelegationDto']) =>
      call(api.POST('/api/v1/delegations', { headers: { 'Idempotency-Key': key }, body })),
    onSuccess: (d) => {
      void queryClient.invalidateQueries({ queryKey: ['delegations'] });
      // Recorded: the form is as fresh for the next one (its start offered as now again), and
      // only the announcement of this one stays.
      const start = offeredStart(user.timeZone);
      setErrors({});
      setDelegateId('');
      setStartDate(start.date);
      setStartTime(start.time);
      setStartEdited(false);
      setEndDate('');
      setEndTime('18:00');
      setLegalBasis('');
      setReference('');
      setResult({ kind: 'success', id: 'delegations.created', delegate: d.delegate.name });
    },
    onSettled: settled,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, [
          'delegateId',
          'startsAt',
          'endsAt',
          'legalBasis',
          'reference',
        ] as const);
        const next: Partial<Record<Fields, string>> = {};
        for (const field of Object.keys(byField) as Fields[])
          next[field] =
            field === 'endsAt'
              ? // The rule broken, as checked here on what was sent (the service names no rule
                // by code: DELEGATION.WINDOW_INVALID for each); else its catch-all words.
                (endMessage(sent.current) ?? t('problem.DELEGATION.WINDOW_INVALID'))
              : t(`delegations.error.${field}` as MessageId, { kind });
        setErrors(next);
        return;
      }
      setResult({ kind: 'error', error });
    },
  });

  if (candidates.isPending || (candidates.data?.items.length === 0 && noCandidates.isPending))
    return <Loading />;
  if (!candidates.data || candidates.data.items.length === 0)
    return <p className="hint">{noCandidates.text}</p>;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const offered = wallTimeToInstant(startDate, startTime, user.timeZone);
    const startsAt =
      !startEdited && offered && offered.getTime() < Date.now() ? new Date() : offered;
    const endsAt = wallTimeToInstant(endDate, endTime, user.timeZone);
    const local: Partial<Record<Fields, string>> = {};
    if (!delegateId) local.delegateId = t('delegations.error.delegateId', { kind });
    if (!startsAt) local.startsAt = t('delegations.error.startsAt');
    else if (startsAt.getTime() < Date.now() - START_GRACE_MS)
      local.startsAt = t('delegations.error.startsPast');
    const endProblem = endMessage({ startsAt, endsAt });
    if (endProblem) local.endsAt = endProblem;
    if (!legalBasis.trim()) local.legalBasis = t('delegations.error.legalBasis');
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    sent.current = { startsAt, endsAt };
    create.mutate({
      delegateId,
      startsAt: startsAt!.toISOString(),
      endsAt: endsAt!.toISOString(),
      legalBasis: legalBasis.trim(),
      ...(reference.trim() ? { reference: reference.trim() } : {}),
    });
  };

  const describedBy = (field: Fields, hint?: string) =>
    [hint, errors[field] ? `delegation-${field}-error` : null].filter(Boolean).join(' ') ||
    undefined;
  const fieldError = (field: Fields) =>
    errors[field] ? (
      <p className="field-error" id={`delegation-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <form
      ref={form}
      className="form"
      onSubmit={submit}
      noValidate
      aria-labelledby="delegation-form-title"
    >
      <Heading id="delegation-form-title">{t('delegations.new')}</Heading>
      <div ref={resultRef} tabIndex={-1} role={result?.kind === 'error' ? 'alert' : 'status'}>
        {result && (
          <div className={`alert alert--${result.kind}`}>
            <p>{outcomeText(result)}</p>
          </div>
        )}
      </div>
      <p className="hint" id="delegation-zone-hint">
        {t('delegations.zoneHint', { zone: zoneName(user.timeZone, FORMAT_LOCALES[user.locale]) })}
      </p>
      <div className="field">
        <label htmlFor="delegation-delegateId">{t('delegations.delegate')}</label>
        <select
          id="delegation-delegateId"
          value={delegateId}
          aria-invalid={!!errors.delegateId}
          aria-describedby={describedBy('delegateId')}
          onChange={(e) => setDelegateId(e.target.value)}
        >
          <option value="">{t('delegations.choose')}</option>
          {candidates.data.items.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.agencyCode})
            </option>
          ))}
        </select>
        {fieldError('delegateId')}
      </div>
      <fieldset>
        <legend>{t('delegations.from')}</legend>
        <div className="field">
          <label htmlFor="delegation-startsAt">{t('delegations.date')}</label>
          <input
            id="delegation-startsAt"
            type="date"
            value={startDate}
            min={today}
            aria-invalid={!!errors.startsAt}
            aria-describedby={describedBy('startsAt', 'delegation-zone-hint')}
            onChange={(e) => {
              setStartEdited(true);
              setStartDate(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="delegation-startTime">{t('delegations.time')}</label>
          <input
            id="delegation-startTime"
            type="time"
            value={startTime}
            aria-invalid={!!errors.startsAt}
            aria-describedby={describedBy('startsAt', 'delegation-zone-hint')}
            onChange={(e) => {
              setStartEdited(true);
              setStartTime(e.target.value);
            }}
          />
        </div>
        {fieldError('startsAt')}
      </fieldset>
      <fieldset>
        <legend>{t('delegations.until')}</legend>
        <div className="field">
          <label htmlFor="delegation-endsAt">{t('delegations.date')}</label>
          <input
            id="delegation-endsAt"
            type="date"
            value={endDate}
            min={startDate}
            aria-invalid={!!errors.endsAt}
            aria-describedby={describedBy('endsAt', 'delegation-zone-hint')}
            onChange={(e) => setEndDate(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="delegation-endTime">{t('delegations.time')}</label>
          <input
            id="delegation-endTime"
            type="time"
            value={endTime}
            aria-invalid={!!errors.endsAt}
            aria-describedby={describedBy('endsAt', 'delegation-zone-hint')}
            onChange={(e) => setEndTime(e.target.value)}
          />
        </div>
        {fieldError('endsAt')}
      </fieldset>
      <div className="field">
        <label htmlFor="delegation-legalBasis">{t('delegations.legalBasis')}</label>
        <p className="hint" id="delegation-legalBasis-hint">
          {t('delegations.legalBasis.hint')}
        </p>
        <textarea
          id="delegation-legalBasis"
          rows={2}
          maxLength={500}
          value={legalBasis}
          aria-invalid={!!errors.legalBasis}
          aria-describedby={describedBy('legalBasis', 'delegation-legalBasis-hint')}
          onChange={(e) => setLegalBasis(e.target.value)}
        />
        {fieldError('legalBasis')}
      </div>
      <div className="field">
        <label htmlFor="delegation-reference">{t('delegations.reference')}</label>
        <input
          id="delegation-reference"
          type="text"
          maxLength={500}
          value={reference}
          aria-invalid={!!errors.reference}
          aria-describedby={describedBy('reference')}
          onChange={(e) => setReference(e.target.value)}
        />
        {fieldError('reference')}
      </div>
      <div>
        <BusyButton type="submit" className="button" busy={create.isPending}>
          {t('delegations.submit')}
        </BusyButton>
      </div>
    </form>
  );
}
