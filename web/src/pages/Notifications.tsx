import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, call, type Schemas } from '../api/client';
import { PAGE_SIZE } from '../app/search';
import {
  BusyButton,
  DateTime,
  ErrorAlert,
  Loading,
  PageTitle,
  Pagination,
  useProblemText,
} from '../components/common';
import { hasMessage, useLocale, useT, type MessageId } from '../i18n/i18n';

const route = getRouteApi('/signed-in/notifications');

type Notice = Schemas['NotificationView'];

/** The id of a notice's heading: where the focus goes once it is marked read. */
const headingId = (id: string) => `notice-${id}`;

/**
 * The link of a notice to the page it is about — the workflow (at the step), the group's meeting
 * (invitations, changes, minutes), the group's action items, the delegations — or nothing (a
 * history checkpoint has no page). Opening it marks the notice read (`onOpen`), as reading the
 * page it names is reading the notice.
 */
function NoticeLink({ notice: n, onOpen }: { notice: Notice; onOpen: () => void }) {
  const t = useT();
  const common = { onClick: onOpen, 'aria-describedby': headingId(n.id) };
  if (n.workflowId)
    return (
      <Link
        to="/workflows/$workflowId"
        params={{ workflowId: n.workflowId }}
        search={n.stepKey ? { step: n.stepKey } : {}}
        {...common}
      >
        {t('notifications.open')}
      </Link>
    );
  if (n.technicalGroupCode && n.meetingId)
    return (
      <Link
        to="/technical-groups/$code/meetings/$meetingId"
        params={{ code: n.technicalGroupCode, meetingId: n.meetingId }}
        {...common}
      >
        {t(
          n.type === 'minutes_published'
            ? 'notifications.open.minutes'
            : 'notifications.open.meeting',
        )}
      </Link>
    );
  if (n.technicalGroupCode && n.actionItemId)
    return (
      <Link
        to="/technical-groups/$code/action-items"
        params={{ code: n.technicalGroupCode }}
        search={{}}
        {...common}
      >
        {t('notifications.open.actionItems')}
      </Link>
    );
  if (n.delegationId)
    return (
      <Link to="/delegations" search={{}} {...common}>
        {t('notifications.open.delegations')}
      </Link>
    );
  return null;
}

export function NotificationsPage() {
  const t = useT();
  const { locale } = useLocale();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/notifications' });
  const page = search.page ?? 1;
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [announcement, setAnnouncement] = useState('');
  // A notice just marked read with its button: its button goes once the list is refetched, and
  // the focus would fall to <body> (the top of the page for a keyboard or screen reader user).
  // It goes to the notice's heading instead, or, when the notice left the list (only unread
  // shown), to the heading of the one now in its place (none left: the page's title).
  const [refocus, setRefocus] = useState<{ id: string; index: number; subject: string } | null>(
    null,
  );
  const [focusRequest, setFocusRequest] = useState<{ headingId: string | null } | null>(null);

  const list = useQuery({
    queryKey: ['notifications', 'list', page, !!search.unread],
    queryFn: () =>
      call(
        api.GET('/api/v1/notifications', {
          params: {
            query: {
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              ...(search.unread ? { unread: true } : {}),
            },
          },
        }),
      ),
  });
  const markRead = useMutation({
    mutationFn: (id: string) =>
      call(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['notifications'] }),
    onError: (error) => {
      setRefocus(null);
      setAnnouncement(problemText(error));
    },
  });

  // Once the refetched list shows the notice read (or without it): adjusted while rendering,
  // so the announcement and the focus come with the same update that removes the button.
  if (refocus && list.data && !list.isFetching) {
    const items = list.data.items;
    const same = items.find((n) => n.id === refocus.id);
    if (!same || same.readAt) {
      const target = same ?? items[Math.min(refocus.index, items.length - 1)];
      setFocusRequest({ headingId: target ? headingId(target.id) : null });
      setAnnouncement(t('notifications.markedItem', { subject: refocus.subject }));
      setRefocus(null);
    }
  }
  useEffect(() => {
    if (!focusRequest) return;
    const heading = focusRequest.headingId
      ? document.getElementById(focusRequest.headingId)
      : document.querySelector<HTMLElement>('main h1');
    heading?.focus();
  }, [focusRequest]);

  return (
    <section>
      <PageTitle title={t('notifications.title')}>{t('notifications.title')}</PageTitle>
      <div className="filters">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={!!search.unread}
            onChange={(e) => void navigate({ search: { unread: e.target.checked || undefined } })}
          />
          {t('notifications.onlyUnread')}
        </label>
      </div>
      <p role="status" aria-live="polite" className="visually-hidden">
        {announcement}
      </p>
      {list.isPending && <Loading />}
      <ErrorAlert error={list.error} />
      {list.data && (
        <>
          <p>{t('notifications.count', { count: list.data.total })}</p>
          {list.data.items.length === 0 ? (
            <p>{t('notifications.empty')}</p>
          ) : (
            <ul className="cards">
              {list.data.items.map((n, index) => (
                <li key={n.id} className={`card${n.readAt ? '' : ' card--unread'}`}>
                  <h2 id={headingId(n.id)} tabIndex={-1}>
                    {!n.readAt && (
                      <span className="tag tag--active">{t('notifications.unread')}</span>
                    )}{' '}
                    {/* Kept in the language it was sent in: marked so, a screen reader reads it
                        with the right voice (WCAG 3.1.2), and said when it is not the reader's. */}
                    <span lang={n.locale}>{n.title}</span>
                  </h2>
                  <p className="hint">
                    {hasMessage(`notification.type.${n.type}`)
                      ? t(`notification.type.${n.type}` as MessageId)
                      : t('notification.type.other')}{' '}
                    · <DateTime value={n.createdAt} />
                    {n.locale !== locale && (
                      <> · {t('notifications.sentIn', { language: n.locale })}</>
                    )}
                  </p>
                  <p className="notification-body" lang={n.locale}>
                    {n.body}
                  </p>
                  <p>
                    <NoticeLink notice={n} onOpen={() => !n.readAt && markRead.mutate(n.id)} />{' '}
                    {!n.readAt && (
                      <BusyButton
                        type="button"
                        className="button button--secondary button--small"
                        busy={markRead.isPending && markRead.variables === n.id}
                        aria-label={t('notifications.markReadItem', { subject: n.title })}
                        onClick={() =>
                          markRead.mutate(n.id, {
                            onSuccess: () => setRefocus({ id: n.id, index, subject: n.title }),
                          })
                        }
                      >
                        {t('notifications.markRead')}
                      </BusyButton>
                    )}
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pagination
            page={page}
            total={list.data.total}
            makeSearch={(p) => ({ ...search, page: p > 1 ? p : undefined })}
          />
        </>
      )}
    </section>
  );
}
