import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { PAGE_SIZE } from '../../app/search';
import { useBi } from '../../components/bits';
import {
  DateTime,
  Due,
  ErrorAlert,
  Loading,
  Pagination,
  useProblemText,
} from '../../components/common';
import { useT } from '../../i18n/i18n';
import { GroupFrame, MembersOnly, type GroupContext } from './GroupFrame';

const route = getRouteApi('/signed-in/technical-groups/$code/action-items');

const STATUSES = ['open', 'done', 'cancelled'] as const;
type Status = (typeof STATUSES)[number];

function Items({ group, code }: GroupContext & { code: string }) {
  const t = useT();
  const bi = useBi();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/technical-groups/$code/action-items' });
  const page = search.page ?? 1;
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const items = useQuery({
    queryKey: ['action-items', group.id, page, search.status],
    queryFn: () =>
      call(
        api.GET('/api/v1/technical-groups/{groupId}/action-items', {
          params: {
            path: { groupId: group.id },
            query: {
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              ...(search.status ? { status: search.status } : {}),
            },
          },
        }),
      ),
  });
  const update = useMutation({
    mutationFn: ({ item, status }: { item: Schemas['ActionItemView']; status: Status }) =>
      call(
        api.PATCH('/api/v1/technical-groups/{groupId}/action-items/{itemId}', {
          params: { path: { groupId: group.id, itemId: item.id } },
          body: { status },
        }),
      ),
    onSuccess: (item) => {
      void queryClient.invalidateQueries({ queryKey: ['action-items', group.id] });
      setMessage({
        text: t('actionItems.updated', {
          title: bi(item.title),
          status: t(`actionItems.status.${item.status}`),
        }),
        error: false,
      });
    },
    onError: (e) => setMessage({ text: problemText(e), error: true }),
  });

  return (
    <>
      <div className="filters">
        <div className="field">
          <label htmlFor="ai-status">{t('actionItems.status')}</label>
          <select
            id="ai-status"
            value={search.status ?? ''}
            onChange={(e) =>
              void navigate({
                search: { status: (e.target.value || undefined) as Status | undefined },
              })
            }
          >
            <option value="">{t('filters.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`actionItems.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div role="status" aria-live="polite">
        {message && (
          <div className={`alert ${message.error ? 'alert--error' : 'alert--success'}`}>
            <p>{message.text}</p>
          </div>
        )}
      </div>
      {items.isPending && <Loading />}
      <ErrorAlert error={items.error} />
      {items.data && (
        <>
          {items.data.ownerAgencyOnly && items.data.total > 0 && (
            <p className="hint">
              {t('actionItems.onlyYourAgency', { agency: items.data.ownerAgencyOnly })}
            </p>
          )}
          <p>
            {/* An agency with nothing assigned yet is told so plainly, not given a bare "none". */}
            {items.data.ownerAgencyOnly && items.data.total === 0 && !search.status
              ? t('actionItems.noneForAgency', { agency: items.data.ownerAgencyOnly })
              : t('actionItems.count', { count: items.data.total })}
          </p>
          <ul className="cards">
            {items.data.items.map((item) => {
              // The server says whom it lets change the status (`canUpdate`): the control is
              // offered to them only; everyone else reads the status above, as text.
              const canChange = item.canUpdate;
              const overdue = item.status === 'open' && new Date(item.dueAt) < new Date();
              return (
                <li key={item.id} className={`card${overdue ? ' card--overdue' : ''}`}>
                  <h2>{bi(item.title)}</h2>
                  <dl className="meta">
                    <div>
                      <dt>{t('actionItems.owner')}</dt>
                      <dd>
                        {item.ownerAgency.code} — {bi(item.ownerAgency.name)}
                      </dd>
                    </div>
                    <div>
                      <dt>{t('actionItems.status')}</dt>
                      <dd>{t(`actionItems.status.${item.status}`)}</dd>
                    </div>
                    <div>
                      <dt>{t('tasks.due')}</dt>
                      <dd>
                        {item.status === 'open' ? (
                          <Due value={item.dueAt} owner={item.ownerAgency} />
                        ) : (
                          // Closed: when it was due, as every date here, not `2026-12-08`.
                          <DateTime value={item.dueAt} />
                        )}
                      </dd>
                    </div>
                    {/* The group's meetings stay private to an agency that only owns items. */}
                    {!items.data.ownerAgencyOnly && (
                      <div>
                        <dt>{t('actionItems.meeting')}</dt>
                        <dd>
                          <Link
                            to="/technical-groups/$code/meetings/$meetingId"
                            params={{ code, meetingId: item.meetingId }}
                          >
                            {t('actionItems.openMeeting')}
                            {/* Each link says whose meeting it opens, to a screen reader too. */}
                            <span className="visually-hidden">: {bi(item.title)}</span>
                          </Link>
                        </dd>
                      </div>
                    )}
                  </dl>
                  {canChange && (
                    <div className="field">
                      <label htmlFor={`ai-${item.id}`}>
                        {t('actionItems.changeStatus', { title: bi(item.title) })}
                      </label>
                      <select
                        id={`ai-${item.id}`}
                        value={item.status}
                        // Not `disabled` while a change is sent: that would drop the focus (as
                        // BusyButton explains); a change meanwhile is ignored, and the select,
                        // controlled, shows the status it has.
                        aria-disabled={update.isPending || undefined}
                        onChange={(e) => {
                          if (!update.isPending)
                            update.mutate({ item, status: e.target.value as Status });
                        }}
                      >
                        {STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {t(`actionItems.status.${s}`)}
                          </option>
                        ))}
                      </select>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
          <Pagination
            page={page}
            total={items.data.total}
            makeSearch={(n) => ({ ...search, page: n > 1 ? n : undefined })}
          />
        </>
      )}
    </>
  );
}

export function ActionItemsPage() {
  const t = useT();
  const { code } = route.useParams();
  return (
    <GroupFrame code={code} title={(name) => t('actionItems.title', { group: name })}>
      {(ctx) =>
        ctx.group.access.actionItems === 'none' ? (
          <MembersOnly what="actionItems" />
        ) : (
          <Items {...ctx} code={code} />
        )
      }
    </GroupFrame>
  );
}
