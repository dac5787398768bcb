import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../api/client';
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
import { hasMessage, useT, type MessageId } from '../i18n/i18n';

const route = getRouteApi('/signed-in/notifications');

export function NotificationsPage() {
  const t = useT();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/notifications' });
  const page = search.page ?? 1;
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [announcement, setAnnouncement] = useState('');

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
    onSuccess: () => {
      setAnnouncement(t('notifications.marked'));
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
    onError: (error) => setAnnouncement(problemText(error)),
  });

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
              {list.data.items.map((n) => (
                <li key={n.id} className={`card${n.readAt ? '' : ' card--unread'}`}>
                  <h2>
                    {!n.readAt && (
                      <span className="tag tag--active">{t('notifications.unread')}</span>
                    )}{' '}
                    {n.subject}
                  </h2>
                  <p className="hint">
                    {hasMessage(`notification.type.${n.type}`)
                      ? t(`notification.type.${n.type}` as MessageId)
                      : t('notification.type.other')}{' '}
                    · <DateTime value={n.createdAt} />
                  </p>
                  <p className="notification-body">{n.body}</p>
                  <p>
                    {n.workflowId && (
                      <Link
                        to="/workflows/$workflowId"
                        params={{ workflowId: n.workflowId }}
                        search={n.stepKey ? { step: n.stepKey } : {}}
                        onClick={() => !n.readAt && markRead.mutate(n.id)}
                      >
                        {t('notifications.open')}
                      </Link>
                    )}{' '}
                    {!n.readAt && (
                      <BusyButton
                        type="button"
                        className="button button--secondary button--small"
                        busy={markRead.isPending}
                        aria-label={t('notifications.markReadItem', { subject: n.subject })}
                        onClick={() => markRead.mutate(n.id)}
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
