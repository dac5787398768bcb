import { Link } from '@tanstack/react-router';
import { useEffect, type ComponentPropsWithRef, type MouseEvent, type ReactNode } from 'react';
import { ApiError, type Problem } from '../api/problem';
import { useLocale, useT, type MessageId } from '../i18n/i18n';
import { describeDue, formatInstant } from '../lib/dates';
import { PAGE_SIZE } from '../app/search';
import { CODE_MESSAGES } from './problem-messages';

/** The page's `<h1>` (focus lands here after a navigation) and the document title. */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} · Puentes`;
  }, [title]);
  return <h1 tabIndex={-1}>{children}</h1>;
}

/**
 * A button whose own request may be running (`busy`). It is not `disabled` meanwhile: a
 * disabled button loses the focus — the browser moves it to `<body>`, and a keyboard or screen
 * reader user who just pressed it loses their place. Instead it stays focusable and says
 * `aria-disabled="true"` (styled like a disabled button, announced as unavailable), and a click
 * while busy is cancelled and does nothing: that also stops Enter in one of its form's fields
 * from submitting the form again (implicit submission clicks the default button). `disabled`
 * stays for a button unusable for another reason (the first item's "move up").
 */
export function BusyButton({
  busy,
  type = 'button',
  onClick,
  ...props
}: ComponentPropsWithRef<'button'> & { busy: boolean }) {
  return (
    <button
      {...props}
      type={type}
      aria-disabled={busy || props['aria-disabled'] || undefined}
      onClick={(event: MouseEvent<HTMLButtonElement>) => {
        if (busy) {
          event.preventDefault();
          return;
        }
        onClick?.(event);
      }}
    />
  );
}

const STATUS_MESSAGES: Record<number, MessageId> = {
  400: 'problem.400',
  401: 'problem.401',
  403: 'problem.403',
  404: 'problem.404',
  409: 'problem.409',
  413: 'problem.413',
  422: 'problem.422',
  429: 'problem.429',
  503: 'problem.503',
};

/**
 * What a failure means, in the reader's language: by the problem's `code` when the app knows
 * it, else by its status. The service's own `detail` is English prose for developers, so it
 * is never shown as is (nor a code, nor an id).
 */
export function useProblemText(): (problem: Problem | unknown) => string {
  const t = useT();
  return (input) => {
    const problem = input instanceof ApiError ? input.problem : (input as Problem | undefined);
    if (!problem || typeof problem !== 'object' || typeof problem.status !== 'number')
      return t('problem.unknown');
    // Who still has to sign, when the caller cannot: in words, so they know whom to ask.
    const pending = problem.pendingAssignees ?? [];
    if (problem.code === 'WORKFLOW.NOT_A_SIGNER' && pending.length > 0)
      return t('problem.WORKFLOW.NOT_A_SIGNER.pending', { assignees: pending.join(', ') });
    const byCode = problem.code ? CODE_MESSAGES[problem.code] : undefined;
    if (byCode) return t(byCode);
    const byStatus = STATUS_MESSAGES[problem.status];
    return t(byStatus ?? 'problem.unknown');
  };
}

/** A failure where it happened, read out when it appears. */
export function ErrorAlert({ error, children }: { error: unknown; children?: ReactNode }) {
  const text = useProblemText();
  const t = useT();
  if (!error) return null;
  return (
    <div className="alert alert--error" role="alert">
      <p>
        <strong>{t('common.error')}</strong> {text(error)}
      </p>
      {children}
    </div>
  );
}

export function Loading() {
  const t = useT();
  return (
    <p role="status" className="loading">
      {t('common.loading')}
    </p>
  );
}

/** An instant in the reader's zone, the zone named. */
export function DateTime({ value }: { value: string | null | undefined }) {
  const { formatLocale, timeZone } = useLocale();
  if (!value) return <>—</>;
  return <time dateTime={value}>{formatInstant(value, formatLocale, timeZone)}</time>;
}

/**
 * A deadline: the time in the reader's zone (zone named), the local time of the agency
 * `owner` (its code and zone) when it differs, and in words whether it is overdue or how many
 * days remain.
 */
export function Due({
  value,
  owner,
  now,
}: {
  value: string | null;
  owner?: { code: string; timeZone?: string | null };
  now?: Date;
}) {
  const { formatLocale, timeZone } = useLocale();
  const t = useT();
  if (!value) return <span>{t('due.none')}</span>;
  const due = describeDue(value, now ?? new Date(), formatLocale, timeZone, owner?.timeZone);
  return (
    <span className="due">
      <time dateTime={value}>{due.local}</time>
      {due.owner && owner && (
        <span className="hint">
          {' '}
          ({t('due.ownerTimeOf', { time: due.owner, owner: owner.code })})
        </span>
      )}
      {' · '}
      {due.overdue ? (
        <span className="tag tag--overdue">{t('due.overdue')}</span>
      ) : (
        <span className="hint">{t('due.daysLeft', { days: due.daysLeft })}</span>
      )}
    </span>
  );
}

/** Previous / next links for an `{items,total,limit,offset}` list, the page in the URL. */
export function Pagination({
  page,
  total,
  pageSize = PAGE_SIZE,
  makeSearch,
}: {
  page: number;
  total: number;
  pageSize?: number;
  makeSearch: (page: number) => Record<string, unknown>;
}) {
  const t = useT();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <Link
        to="."
        search={makeSearch(page - 1) as never}
        aria-disabled={page <= 1}
        tabIndex={page <= 1 ? -1 : undefined}
      >
        {t('pagination.previous')}
      </Link>
      <span>{t('pagination.status', { page, pages, total })}</span>
      <Link
        to="."
        search={makeSearch(page + 1) as never}
        aria-disabled={page >= pages}
        tabIndex={page >= pages ? -1 : undefined}
      >
        {t('pagination.next')}
      </Link>
    </nav>
  );
}

/** An instant in the reader's zone, and also on `otherZone`'s clock when that reads differently. */
export function DateTimeWithZone({
  value,
  otherZone,
  otherLabel,
}: {
  value: string;
  otherZone: string;
  otherLabel: MessageId;
}) {
  const { formatLocale, timeZone } = useLocale();
  const t = useT();
  const both = describeDue(value, new Date(), formatLocale, timeZone, otherZone);
  return (
    <>
      <time dateTime={value}>{both.local}</time>
      {both.owner && <span className="hint"> ({t(otherLabel, { time: both.owner })})</span>}
    </>
  );
}
