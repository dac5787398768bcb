import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call, useIdempotencyKey, type Schemas } from '../api/client';
import { ApiError } from '../api/problem';
import { useUser } from '../auth/session';
import { useT } from '../i18n/i18n';
import { useBi } from './bits';
import { BusyButton, DateTime, ErrorAlert, Loading, useProblemText } from './common';

/**
 * A workflow's comment thread (oldest first) and the form to add one, about the whole
 * workflow or one step. A comment decides nothing; the service says who may write one (a 403
 * is told in words), and the new comment is announced.
 */
export function Comments({
  workflowId,
  steps,
}: {
  workflowId: string;
  steps: Schemas['StepView'][];
}) {
  const t = useT();
  const bi = useBi();
  const user = useUser();
  const problemText = useProblemText();
  const queryClient = useQueryClient();
  const { key, settled } = useIdempotencyKey();
  const [body, setBody] = useState('');
  const [stepKey, setStepKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const comments = useQuery({
    queryKey: ['workflow-comments', workflowId],
    queryFn: () =>
      call(
        api.GET('/api/v1/workflows/{id}/comments', {
          params: { path: { id: workflowId }, query: { limit: 200 } },
        }),
      ),
  });
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/workflows/{id}/comments', {
          params: { path: { id: workflowId } },
          headers: { 'Idempotency-Key': key },
          body: { body: body.trim(), ...(stepKey ? { stepKey } : {}) },
        }),
      ),
    onSuccess: () => {
      setBody('');
      setError(null);
      setDone(t('comments.added'));
      void queryClient.invalidateQueries({ queryKey: ['workflow-comments', workflowId] });
      void queryClient.invalidateQueries({ queryKey: ['workflow-events', workflowId] });
    },
    onSettled: settled,
    onError: (e) => {
      setError(
        e instanceof ApiError && e.status === 400 ? t('comments.error.body') : problemText(e),
      );
      document.getElementById('comment-body')?.focus();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    if (!body.trim()) {
      setError(t('comments.error.body'));
      document.getElementById('comment-body')?.focus();
      return;
    }
    add.mutate();
  };
  const stepName = (key: string | null) =>
    key ? bi(steps.find((s) => s.key === key)?.name) || key : null;

  return (
    <section aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments.title')}</h2>
      {comments.isPending && <Loading />}
      <ErrorAlert error={comments.error} />
      {comments.data &&
        (comments.data.items.length === 0 ? (
          <p>{t('comments.none')}</p>
        ) : (
          <ol className="history">
            {comments.data.items.map((c) => (
              <li key={c.seq}>
                <strong>
                  {c.actorId === user.id
                    ? t('comments.you')
                    : (c.actorName ?? t('comments.someone'))}
                </strong>
                {stepName(c.stepKey) && (
                  <> — {t('comments.onStep', { step: stepName(c.stepKey) })}</>
                )}
                <br />
                <span className="hint">
                  #{c.seq} · <DateTime value={c.at} />
                </span>
                <blockquote className="comment">{c.body}</blockquote>
              </li>
            ))}
          </ol>
        ))}
      <form className="form" onSubmit={submit} noValidate aria-labelledby="comment-form-title">
        <h3 id="comment-form-title">{t('comments.new')}</h3>
        <div ref={doneRef} tabIndex={-1} role="status">
          {done && (
            <div className="alert alert--success">
              <p>{done}</p>
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="comment-step">{t('comments.about')}</label>
          <select id="comment-step" value={stepKey} onChange={(e) => setStepKey(e.target.value)}>
            <option value="">{t('comments.aboutWorkflow')}</option>
            {steps.map((s) => (
              <option key={s.key} value={s.key}>
                {bi(s.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="comment-body">{t('comments.body')}</label>
          <p className="hint" id="comment-body-hint">
            {t('comments.hint')}
          </p>
          <textarea
            id="comment-body"
            rows={3}
            maxLength={4000}
            value={body}
            aria-invalid={!!error}
            aria-describedby={`comment-body-hint${error ? ' comment-body-error' : ''}`}
            onChange={(e) => setBody(e.target.value)}
          />
          {error && (
            <p className="field-error" id="comment-body-error">
              {error}
            </p>
          )}
        </div>
        <div>
          <BusyButton type="submit" className="button" busy={add.isPending}>
            {t('comments.submit')}
          </BusyButton>
        </div>
      </form>
    </section>
  );
}
