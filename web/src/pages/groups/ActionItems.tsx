import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { PAGE_SIZE } from '../../app/search';
import { useBi } from '../../components/bits';
import {
  BusyButton,
  DateTime,
  Due,
  ErrorAlert,
  Loading,
  Pagination,
  useProblemText,
} from '../../components/common';
import { useLocale, useT } from '../../i18n/i18n';
import { GroupFrame, MembersOnly, type GroupContext } from './GroupFrame';

const route = getRouteApi('/signed-in/technical-groups/$code/action-items');

const STATUSES = ['open', 'done', 'cancelled'] as const;
type Status = (typeof STATUSES)[number];

/**
 * An item's status, changed in two moves: the list holds a choice, the button sends it. A
 * select saving on `change` would save every status a keyboard walks through (arrow keys on a
 * closed select change it, one by one), each save telling the owner agency and writing the
 * group's history. The choice is the item's own (keyed by it), so a refetch of the list keeps
 * it; once sent, the list shows the status the service answered.
 */
/** One option per status, in the words the page shows them (the filter and each item's change). */
function StatusOptions() {
  const t = useT();
  return STATUSES.map((s) => (
    <option key={s} value={s}>
      {t(`actionItems.status.${s}`)}
    </option>
  ));
}

function StatusChange({
  item,
  groupId,
  say,
  leaves,
}: {
  item: Schemas['ActionItemView'];
  groupId: string;
  say: (text: string, error?: boolean, focus?: boolean) => void;
  /** Whether an item with this status drops out of the list as filtered. */
  leaves: (status: Status) => boolean;
}) {
  const t = useT();
  const bi = useBi();
  const queryClient = useQueryClient();
  const problemText = useProblemText();
  const [choice, setChoice] = useState<Status | null>(null);
  const chosen = choice ?? item.status;
  const update = useMutation({
    mutationFn: (status: Status) =>
      call(
        api.PATCH('/api/v1/technical-groups/{groupId}/action-items/{itemId}', {
          params: { path: { groupId, itemId: item.id } },
          body: { status },
        }),
      ),
    onSuccess: (updated) => {
      // The answer goes into the list at once, so the select never shows the old status
      // between the save and the refetch; then the list is read again (an item filtered away).
      queryClient.setQueriesData<Schemas['ActionItemPage']>(
        { queryKey: ['action-items', groupId] },
        (page) =>
          page && {
            ...page,
            items: page.items.map((i) => (i.id === updated.id ? updated : i)),
          },
      );
      setChoice(null);
      void queryClient.invalidateQueries({ queryKey: ['action-items', groupId] });
      say(
        t('actionItems.updated', {
          title: bi(updated.title),
          status: t(`actionItems.status.${updated.status}`),
        }),
        false,
        leaves(updated.status),
      );
    },
    onError: (e) => say(problemText(e), true),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (update.isPending) return;
    // Nothing chosen but the status it has: said, not sent (the service would record nothing).
    if (chosen === item.status) {
      say(
        t('actionItems.unchanged', {
          title: bi(item.title),
          status: t(`actionItems.status.${item.status}`),
        }),
      );
      return;
    }
    update.mutate(chosen);
  };
  const id = `ai-${item.id}`;
  return (
    <form className="field-inline" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={id}>{t('actionItems.changeStatus', { title: bi(item.title) })}</label>
        <select id={id} value={chosen} onChange={(e) => setChoice(e.target.value as Status)}>
          <StatusOptions />
        </select>
      </div>
      <div>
        <BusyButton type="submit" className="button button--secondary" busy={update.isPending}>
          {/* Each button says whose status it sends, to a screen reader too: "Change status:
              Send drawings", its visible words first (WCAG 2.5.3). Said whole by the hidden
              text, not pieced from the visible words and a hidden ": title" — the browser
              puts a space between those (the hidden one is positioned out of the line). */}
          <span aria-hidden="true">{t('actionItems.changeStatus.submit')}</span>
          <span className="visually-hidden">
            {t('actionItems.changeStatus.submitFor', { title: bi(item.title) })}
          </span>
        </BusyButton>
      </div>
    </form>
  );
}

function Items({ group, code }: GroupContext & { code: string }) {
  const t = useT();
  const bi = useBi();
  const { formatLocale, timeZone } = useLocale();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/technical-groups/$code/action-items' });
  const page = search.page ?? 1;
  const [message, setMessage] = useState<{
    text: string;
    error: boolean;
    focus: boolean;
  } | null>(null);

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
  const meetings = new Map(items.data?.meetings.map((m) => [m.id, m]));
  /** "Regional meeting (Dec 8, 2026)": the date on the reader's calendar, as every date here. */
  const meetingLinkText = (meeting: Schemas['ActionItemMeetingView'] | undefined) =>
    meeting
      ? t('actionItems.meetingLink', {
          title: bi(meeting.title),
          date: new Intl.DateTimeFormat(formatLocale, { dateStyle: 'medium', timeZone }).format(
            new Date(meeting.startsAt),
          ),
        })
      : t('actionItems.openMeeting');
  const region = useRef<HTMLDivElement>(null);
  // An item changed to a status the list is filtered away from leaves the page with the button
  // that had the focus: the focus then goes to the announcement, not to the page's top.
  useEffect(() => {
    if (message?.focus) region.current?.focus();
  }, [message]);
  const say = (text: string, error = false, focus = false) => setMessage({ text, error, focus });

  return (
    <>
      <div className="filters">
        <div className="field">
          <label htmlFor="ai-status">{t('actionItems.status')}</label>
          <select
            id="ai-status"
            value={search.status ?? ''}
            // Each change replaces the page's history entry: arrow keys on a closed select
            // change it once per status they pass, and Back should leave the page, not walk
            // back through every status.
            onChange={(e) =>
              void navigate({
                search: { status: (e.target.value || undefined) as Status | undefined },
                replace: true,
              })
            }
          >
            <option value="">{t('filters.all')}</option>
            <StatusOptions />
          </select>
        </div>
      </div>
      <div ref={region} tabIndex={-1} role="status" aria-live="polite">
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
                          {/* The link's words name the meeting, the same to every reader
                              (its title and date): no hidden text beside what is seen. */}
                          <Link
                            to="/technical-groups/$code/meetings/$meetingId"
                            params={{ code, meetingId: item.meetingId }}
                          >
                            {meetingLinkText(meetings.get(item.meetingId))}
                          </Link>
                        </dd>
                      </div>
                    )}
                  </dl>
                  {canChange && (
                    <StatusChange
                      key={item.id}
                      item={item}
                      groupId={group.id}
                      say={say}
                      leaves={(status) => !!search.status && status !== search.status}
                    />
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
