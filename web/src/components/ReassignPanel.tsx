import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call, useIdempotencyKey, type Schemas } from '../api/client';
import { ApiError, problemToFields } from '../api/problem';
import { useAgencies } from '../api/queries';
import { useT } from '../i18n/i18n';
import { useBi } from './bits';
import type { Outcome } from './DecisionPanel';
import { BusyButton } from './common';

type Step = Schemas['StepView'];

/**
 * Admins: replace an assignee of a pending or active step that has not decided yet by another
 * agency, for this workflow only, with a reason. The service's 400 lands on the field it names;
 * a 409 (it decided meanwhile) is told as such.
 */
export function ReassignPanel({
  workflowId,
  step,
  stepName,
  onDone,
}: {
  workflowId: string;
  step: Step;
  stepName: string;
  onDone: (outcome: Outcome) => void;
}) {
  const t = useT();
  const bi = useBi();
  const queryClient = useQueryClient();
  const agencies = useAgencies();
  const { key, settled } = useIdempotencyKey();
  const undecided = step.assignees.filter((a) => a.decision === null && a.signatures.length === 0);
  const code = (a: Schemas['AssigneeView']) => a.agency ?? a.technicalGroup ?? '';
  const [from, setFrom] = useState(undecided[0] ? code(undecided[0]) : '');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ from?: string; to?: string; reason?: string }>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const onStep = new Set(step.assignees.map(code));
  const choices = [...(agencies.data?.values() ?? [])].filter((a) => !onStep.has(a.code));
  const fromRef = step.assignees.find((a) => code(a) === from);

  const mutation = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/workflows/{id}/steps/{stepKey}/reassign', {
          params: { path: { id: workflowId, stepKey: step.key } },
          headers: { 'Idempotency-Key': key },
          body: {
            from: fromRef?.technicalGroup ? { technicalGroup: from } : { agency: from },
            to: { agency: to },
            reason: reason.trim(),
          },
        }),
      ),
    onSuccess: (workflow) => {
      queryClient.setQueryData(['workflow', workflowId], workflow);
      void queryClient.invalidateQueries({ queryKey: ['workflow-events', workflowId] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      onDone({
        kind: 'success',
        message: 'reassign.done',
        values: { step: step.name, from, to },
      });
    },
    onSettled: settled,
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, ['from', 'to', 'reason'] as const);
        const next = {
          from: byField.from ? t('reassign.error.from') : undefined,
          to: byField.to || !byField.reason ? t('reassign.error.to') : undefined,
          reason: byField.reason ? t('reassign.error.reason') : undefined,
        };
        setErrors(next);
        const first = (['from', 'to', 'reason'] as const).find((f) => next[f]);
        if (first) document.getElementById(`reassign-${step.key}-${first}`)?.focus();
        return;
      }
      onDone(
        error instanceof ApiError && error.status === 409
          ? { kind: 'conflict', message: 'reassign.conflict' }
          : { kind: 'error', problem: error },
      );
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const local: typeof errors = {};
    if (!from) local.from = t('reassign.error.from');
    if (!to) local.to = t('reassign.error.to');
    if (!reason.trim()) local.reason = t('reassign.error.reason');
    setErrors(local);
    const first = (['from', 'to', 'reason'] as const).find((f) => local[f]);
    if (first) {
      document.getElementById(`reassign-${step.key}-${first}`)?.focus();
      return;
    }
    mutation.mutate();
  };
  const id = (field: string) => `reassign-${step.key}-${field}`;
  const described = (field: 'from' | 'to' | 'reason') =>
    errors[field] ? `${id(field)}-error` : undefined;

  return (
    <form className="form panel" onSubmit={submit} noValidate>
      <h4 ref={headingRef} tabIndex={-1}>
        {t('reassign.title', { step: stepName })}
      </h4>
      <p className="hint">{t('reassign.hint')}</p>
      {undecided.length === 0 ? (
        <>
          <p>{t('reassign.nobody')}</p>
          <div className="actions">
            <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
              {t('reassign.cancel')}
            </button>
          </div>
        </>
      ) : (
        <>
          <div className="field">
            <label htmlFor={id('from')}>{t('reassign.from')}</label>
            <select
              id={id('from')}
              value={from}
              aria-invalid={!!errors.from}
              aria-describedby={described('from')}
              onChange={(e) => setFrom(e.target.value)}
            >
              {undecided.map((a) => (
                <option key={code(a)} value={code(a)}>
                  {code(a)}
                </option>
              ))}
            </select>
            {errors.from && (
              <p className="field-error" id={`${id('from')}-error`}>
                {errors.from}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={id('to')}>{t('reassign.to')}</label>
            <select
              id={id('to')}
              value={to}
              aria-invalid={!!errors.to}
              aria-describedby={described('to')}
              onChange={(e) => setTo(e.target.value)}
            >
              <option value="">{t('reassign.choose')}</option>
              {choices.map((a) => (
                <option key={a.code} value={a.code}>
                  {a.code} — {bi(a.name)} ({t(`country.short.${a.country}`)})
                </option>
              ))}
            </select>
            {errors.to && (
              <p className="field-error" id={`${id('to')}-error`}>
                {errors.to}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={id('reason')}>{t('reassign.reason')}</label>
            <textarea
              id={id('reason')}
              rows={2}
              maxLength={2000}
              value={reason}
              aria-invalid={!!errors.reason}
              aria-describedby={described('reason')}
              onChange={(e) => setReason(e.target.value)}
            />
            {errors.reason && (
              <p className="field-error" id={`${id('reason')}-error`}>
                {errors.reason}
              </p>
            )}
          </div>
          <div className="actions">
            <BusyButton type="submit" className="button" busy={mutation.isPending}>
              {t('reassign.submit')}
            </BusyButton>{' '}
            <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
              {t('reassign.cancel')}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
