import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { api, call, useIdempotencyKey, type Schemas } from '../api/client';
import { ApiError, problemToFields } from '../api/problem';
import { useT, type MessageId } from '../i18n/i18n';
import { withoutErrors } from '../lib/field-errors';
import type { RejectEffect } from '../lib/reject-effect';
import { seatCountry, useBi } from './bits';
import { BusyButton, useProblemText } from './common';
import { useKindName, useProjectDocuments } from './Documents';

type Decision = Schemas['DecisionDto']['decision'];
type Workflow = Schemas['WorkflowView'];

export interface SignOption {
  /** Agency or group code (what `onBehalfOf` takes). */
  assignee: string;
  seat: 'agency' | 'mx' | 'us';
  /**
   * The delegator's name when the reader signs this one as their substitute (suplencia), as the
   * inbox says it (`onBehalfOf`): the panel names whose place they sign in.
   */
  inPlaceOf?: string;
}

type Bilingual = Schemas['BilingualDto'];

/**
 * What the workflow page says once a panel closes on a result. What to say, not the words: a
 * message and its values (a step's name in both languages), or the failure. It is worded when
 * shown ({@link useOutcomeText}), so the announcement follows a change of language. `null`:
 * the panel was closed without a result.
 */
export type Outcome =
  | {
      kind: 'success' | 'conflict';
      message: MessageId;
      values?: Record<string, string | number | Bilingual>;
    }
  | { kind: 'error'; problem: unknown }
  | null;

/** An {@link Outcome} in the reader's language, as it is now. */
export function useOutcomeText(): (outcome: NonNullable<Outcome>) => string {
  const t = useT();
  const bi = useBi();
  const problemText = useProblemText();
  return (outcome) => {
    if (outcome.kind === 'error') return problemText(outcome.problem);
    const values = Object.fromEntries(
      Object.entries(outcome.values ?? {}).map(([name, value]) => [
        name,
        typeof value === 'object' ? bi(value) : value,
      ]),
    );
    return t(outcome.message, values);
  };
}

/**
 * After a decision or a resubmission, My tasks and the workflow lists are refetched at once,
 * even when not on screen (`refetchType: 'all'`): going back to them then shows the step gone,
 * rather than the cached list for a moment.
 */
function refreshLists(queryClient: QueryClient): void {
  void queryClient.invalidateQueries({ queryKey: ['tasks'], refetchType: 'all' });
  void queryClient.invalidateQueries({ queryKey: ['workflows'], refetchType: 'all' });
}

/**
 * Approve, request changes or reject one step. A comment is required for the last two (the
 * service says so too, and its answer lands on the comment field); when the reader can sign
 * for several assignees they pick one. A field's message (and its mark) goes once the field is
 * edited. A substitute reads whose place they sign in
 * (`SignOption.inPlaceOf`), as the decision will record it. A 409 means someone else decided first: the workflow
 * is reloaded and the reader told. The result is announced and focused. The reader may cite
 * documents of the project (a checkbox each): the history records each one's current version
 * and SHA-256 with the signature.
 *
 * Requesting changes says beforehand what follows: the coordinator resubmits the step, which
 * then runs a new round where every assignee signs again, those that approved included.
 *
 * Rejecting says beforehand what it will do (`rejectEffect`): when it ends the whole workflow
 * (the chain's `onReject` is `end`, the default) the panel asks for confirmation first, in an
 * alert dialog naming how many other open steps are cancelled; when it returns the workflow to
 * an earlier step (`returnToName`), the panel says where; when the step's rule can still be
 * met, that the step stays open.
 */
export function DecisionPanel({
  workflowId,
  projectId,
  step,
  stepName,
  signFor,
  rejectEffect,
  returnToName,
  onDone,
}: {
  workflowId: string;
  projectId: string;
  step: Schemas['StepView'];
  stepName: string;
  signFor: SignOption[];
  rejectEffect: RejectEffect;
  /** The name of the step a rejection returns the workflow to (`rejectEffect` `returns`). */
  returnToName?: string;
  onDone: (outcome: Outcome) => void;
}) {
  const t = useT();
  /** `SRE`, or a co-chair seat: `BC-CA (MX co-chair)`. */
  const signsForLabel = (s: SignOption) =>
    s.seat === 'agency'
      ? s.assignee
      : t('tasks.seat', { group: s.assignee, seat: t(seatCountry(s.seat)) });
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const id = useId();
  const [decision, setDecision] = useState<Decision | ''>('');
  const [comment, setComment] = useState('');
  const [onBehalfOf, setOnBehalfOf] = useState(signFor[0]?.assignee ?? '');
  const [cited, setCited] = useState<string[]>([]);
  const documents = useProjectDocuments(projectId);
  const kindName = useKindName();
  const [errors, setErrors] = useState<{
    decision?: string;
    comment?: string;
    onBehalfOf?: string;
    documents?: string;
    general?: string;
  }>({});
  const { key, settled } = useIdempotencyKey();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const submitRef = useRef<HTMLButtonElement>(null);
  // The dialog that asks before a rejection that ends the workflow; once it is dismissed the
  // submit button gets the focus back (`backToSubmit`, acted on after the dialog has gone).
  const [confirming, setConfirming] = useState(false);
  const backToSubmit = useRef(false);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  useEffect(() => {
    if (confirming || !backToSubmit.current) return;
    backToSubmit.current = false;
    submitRef.current?.focus();
  }, [confirming]);

  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/workflows/{id}/steps/{stepKey}/decisions', {
          params: { path: { id: workflowId, stepKey: step.key } },
          headers: { 'Idempotency-Key': key },
          body: {
            decision: decision as Decision,
            ...(comment.trim() ? { comment: comment.trim() } : {}),
            ...(signFor.length > 1 ? { onBehalfOf } : {}),
            ...(cited.length > 0 ? { documentIds: cited } : {}),
          },
        }),
      ),
    onSuccess: (workflow: Workflow) => {
      queryClient.setQueryData(['workflow', workflowId], workflow);
      refreshLists(queryClient);
      void queryClient.invalidateQueries({ queryKey: ['workflow-events', workflowId] });
      onDone({
        kind: 'success',
        message: `decision.done.${decision as Decision}`,
        values: { step: step.name },
      });
    },
    onSettled: settled,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: ['workflow', workflowId] });
        void queryClient.invalidateQueries({ queryKey: ['workflow-events', workflowId] });
        void queryClient.invalidateQueries({ queryKey: ['tasks'] });
        onDone({ kind: 'conflict', message: 'decision.conflict' });
        return;
      }
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, [
          'decision',
          'comment',
          'onBehalfOf',
          'documentIds',
        ] as const);
        setErrors({
          decision: byField.decision ? t('decision.error.decision') : undefined,
          comment: byField.comment ? t('decision.error.comment') : undefined,
          onBehalfOf: byField.onBehalfOf ? t('decision.error.onBehalfOf') : undefined,
          documents: byField.documentIds ? t('decision.error.documents') : undefined,
          general:
            !byField.decision && !byField.comment && !byField.onBehalfOf && !byField.documentIds
              ? problemText(error)
              : undefined,
        });
        if (byField.documentIds) document.getElementById(`${id}-documents`)?.focus();
        return;
      }
      setErrors({ general: problemText(error) });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!decision) next.decision = t('decision.error.decision');
    if ((decision === 'reject' || decision === 'request_changes') && !comment.trim())
      next.comment = t('decision.error.comment');
    setErrors(next);
    if (Object.keys(next).length > 0) {
      document.getElementById(next.decision ? `${id}-approve` : `${id}-comment`)?.focus();
      return;
    }
    if (decision === 'reject' && (rejectEffect.kind === 'ends' || rejectEffect.kind === 'unknown'))
      setConfirming(true);
    else mutation.mutate();
  };
  const dismiss = () => {
    backToSubmit.current = true;
    setConfirming(false);
  };
  /** An edit of a field takes its message away: it spoke of the value as it was. */
  const edited = (...fields: (keyof typeof errors)[]) =>
    setErrors((old) => withoutErrors(old, ...fields));

  const needsComment = decision === 'reject' || decision === 'request_changes';
  // What rejecting does, in words: shown once Reject is chosen, and read with its radio button.
  const ending =
    rejectEffect.kind === 'ends'
      ? t('decision.reject.ends', { step: stepName, count: rejectEffect.others })
      : t('decision.reject.mayEnd', { step: stepName });
  const rejectHint =
    rejectEffect.kind === 'returns'
      ? t('decision.reject.returns', { step: returnToName ?? rejectEffect.to })
      : rejectEffect.kind === 'stays'
        ? t('decision.reject.stays')
        : ending;
  return (
    <section className="decision-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
        {t('decision.title', { step: stepName })}
      </h3>
      {errors.general && (
        <div className="alert alert--error" role="alert">
          <p>{errors.general}</p>
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate>
        {signFor.length > 1 && (
          <div className="field">
            <label htmlFor={`${id}-behalf`}>{t('decision.onBehalfOf')}</label>
            <select
              id={`${id}-behalf`}
              value={onBehalfOf}
              onChange={(e) => {
                setOnBehalfOf(e.target.value);
                edited('onBehalfOf');
              }}
              aria-invalid={!!errors.onBehalfOf}
              aria-describedby={errors.onBehalfOf ? `${id}-behalf-error` : undefined}
            >
              {signFor.map((s) => (
                <option key={`${s.assignee}/${s.seat}`} value={s.assignee}>
                  {s.inPlaceOf
                    ? t('decision.optionInPlaceOf', {
                        assignee: signsForLabel(s),
                        delegator: s.inPlaceOf,
                      })
                    : signsForLabel(s)}
                </option>
              ))}
            </select>
            {errors.onBehalfOf && (
              <p className="field-error" id={`${id}-behalf-error`}>
                {errors.onBehalfOf}
              </p>
            )}
          </div>
        )}
        {signFor.length === 1 && (
          <p className="hint">
            {signFor[0].inPlaceOf
              ? t('decision.signingForInPlaceOf', {
                  assignee: signsForLabel(signFor[0]),
                  delegator: signFor[0].inPlaceOf,
                })
              : t('decision.signingFor', { assignee: signsForLabel(signFor[0]) })}
          </p>
        )}
        <fieldset
          aria-describedby={errors.decision ? `${id}-decision-error` : undefined}
          aria-invalid={!!errors.decision}
        >
          <legend>{t('decision.legend')}</legend>
          {(['approve', 'request_changes', 'reject'] as const).map((d) => (
            <div className="radio" key={d}>
              <input
                type="radio"
                id={`${id}-${d}`}
                name={`${id}-decision`}
                value={d}
                checked={decision === d}
                aria-describedby={d === 'approve' ? undefined : `${id}-${d}-hint`}
                onChange={() => {
                  setDecision(d);
                  // Approving needs no comment: a message asking for one is moot too.
                  edited('decision', ...(d === 'approve' ? (['comment'] as const) : []));
                }}
              />
              <label htmlFor={`${id}-${d}`}>{t(`decision.${d}`)}</label>
            </div>
          ))}
          {/* Always in the page, so each radio's description exists; visible once it is chosen. */}
          <p
            id={`${id}-request_changes-hint`}
            className={decision === 'request_changes' ? 'hint decision-effect' : 'visually-hidden'}
          >
            {t('decision.request_changes.hint')}
          </p>
          <p
            id={`${id}-reject-hint`}
            className={decision === 'reject' ? 'hint decision-effect' : 'visually-hidden'}
          >
            {rejectHint}
          </p>
          {errors.decision && (
            <p className="field-error" id={`${id}-decision-error`}>
              {errors.decision}
            </p>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-comment`}>
            {needsComment ? t('decision.comment.required') : t('decision.comment.optional')}
          </label>
          <p className="hint" id={`${id}-comment-hint`}>
            {t('decision.comment.hint')}
          </p>
          <textarea
            id={`${id}-comment`}
            value={comment}
            maxLength={4000}
            required={needsComment}
            aria-invalid={!!errors.comment}
            aria-describedby={`${id}-comment-hint${errors.comment ? ` ${id}-comment-error` : ''}`}
            onChange={(e) => {
              setComment(e.target.value);
              edited('comment');
            }}
          />
          {errors.comment && (
            <p className="field-error" id={`${id}-comment-error`}>
              {errors.comment}
            </p>
          )}
        </div>
        <fieldset
          id={`${id}-documents`}
          tabIndex={-1}
          aria-describedby={`${id}-documents-hint${errors.documents ? ` ${id}-documents-error` : ''}`}
          aria-invalid={!!errors.documents}
        >
          <legend>{t('decision.documents.legend')}</legend>
          <p className="hint" id={`${id}-documents-hint`}>
            {t('decision.documents.hint')}
          </p>
          {documents.data?.length === 0 && <p>{t('decision.documents.none')}</p>}
          {documents.data?.map((d) => (
            <div className="document-choice" key={d.id}>
              <input
                type="checkbox"
                id={`${id}-doc-${d.id}`}
                value={d.id}
                checked={cited.includes(d.id)}
                onChange={(e) => {
                  setCited((now) =>
                    e.target.checked ? [...now, d.id] : now.filter((c) => c !== d.id),
                  );
                  edited('documents');
                }}
              />
              <label htmlFor={`${id}-doc-${d.id}`}>
                {t('decision.documents.item', {
                  title: d.title,
                  file: d.fileName,
                  version: d.version,
                })}{' '}
                <span className="hint">({kindName(d.kind)})</span>{' '}
                <span className="hint">
                  {t('documents.sha256')}: <code className="mono">{d.sha256}</code>
                </span>
              </label>
            </div>
          ))}
          {errors.documents && (
            <p className="field-error" id={`${id}-documents-error`}>
              {errors.documents}
            </p>
          )}
        </fieldset>
        <div>
          <BusyButton ref={submitRef} type="submit" className="button" busy={mutation.isPending}>
            {mutation.isPending ? t('decision.sending') : t('decision.submit')}
          </BusyButton>{' '}
          <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
      <ModalOverlay
        className="modal-overlay"
        isOpen={confirming}
        onOpenChange={(open) => {
          if (!open) dismiss();
        }}
      >
        <Modal className="modal">
          <Dialog role="alertdialog" className="dialog" aria-describedby={`${id}-confirm-text`}>
            <Heading slot="title" level={2}>
              {rejectEffect.kind === 'ends'
                ? t('decision.reject.confirmTitle')
                : t('decision.reject.confirmTitleMaybe', { step: stepName })}
            </Heading>
            <p id={`${id}-confirm-text`}>{ending}</p>
            <div className="button-row">
              {/* The choice that destroys nothing has the focus first (WAI-ARIA alert dialog). */}
              <button
                type="button"
                className="button button--secondary"
                autoFocus
                onClick={dismiss}
              >
                {t('decision.reject.keep')}
              </button>
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setConfirming(false);
                  mutation.mutate();
                }}
              >
                {rejectEffect.kind === 'ends'
                  ? t('decision.reject.confirm')
                  : t('decision.reject.confirmMaybe')}
              </button>
            </div>
          </Dialog>
        </Modal>
      </ModalOverlay>
    </section>
  );
}

/** The coordinator's answer to a request for changes: the step runs again, in a new round. */
export function ResubmitPanel({
  workflowId,
  step,
  stepName,
  onDone,
}: {
  workflowId: string;
  step: Schemas['StepView'];
  stepName: string;
  onDone: (outcome: Outcome) => void;
}) {
  const t = useT();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const id = useId();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/workflows/{id}/steps/{stepKey}/resubmit', {
          params: { path: { id: workflowId, stepKey: step.key } },
          body: comment.trim() ? { comment: comment.trim() } : {},
        }),
      ),
    onSuccess: (workflow) => {
      queryClient.setQueryData(['workflow', workflowId], workflow);
      refreshLists(queryClient);
      void queryClient.invalidateQueries({ queryKey: ['workflow-events', workflowId] });
      onDone({ kind: 'success', message: 'resubmit.done', values: { step: step.name } });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409) {
        void queryClient.invalidateQueries({ queryKey: ['workflow', workflowId] });
        onDone({ kind: 'conflict', message: 'problem.409' });
        return;
      }
      setError(problemText(e));
    },
  });
  return (
    <section className="decision-panel" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={-1} ref={headingRef}>
        {t('resubmit.title', { step: stepName })}
      </h3>
      <p className="hint">{t('resubmit.intro')}</p>
      {error && (
        <div className="alert alert--error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-comment`}>{t('resubmit.comment')}</label>
          <textarea
            id={`${id}-comment`}
            value={comment}
            maxLength={4000}
            onChange={(e) => setComment(e.target.value)}
          />
        </div>
        <div>
          <BusyButton type="submit" className="button" busy={mutation.isPending}>
            {t('resubmit.submit')}
          </BusyButton>{' '}
          <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
