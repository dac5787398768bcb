import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';
import { api, call, type Schemas } from '../api/client';
import { fetchAll, useAgencies, useAllProjects } from '../api/queries';
import { PAGE_SIZE } from '../app/search';
import { useUser } from '../auth/session';
import { EscalationTag, GroupFilter, seatCountry, useBi } from '../components/bits';
import { DateTime, Due, ErrorAlert, Loading, PageTitle, Pagination } from '../components/common';
import { useT } from '../i18n/i18n';
import { byDeadline } from '../lib/tasks';

const route = getRouteApi('/signed-in/tasks');

type Task = Schemas['TaskView'];
type WorkflowSummary = Schemas['WorkflowSummaryView'];
/** The workflows waiting for a resubmission shown here; the rest are a link away. */
const RESUBMIT_LIMIT = 10;

/** Whose item this is when the reader signs as a delegate (suplencia). */
function delegatorOf(task: Task): string | null {
  return task.onBehalfOf?.name ?? null;
}

/**
 * The coordinator's share of "My tasks": steps an approver sent back for changes, waiting for
 * the coordinator to resubmit them (the inbox, `GET /tasks`, lists decisions only). Each links
 * to its step on the workflow page, where `?step=` opens the resubmit panel. Shown only when
 * something is waiting (or could not be loaded).
 */
function WaitingForResubmission({
  workflows,
  total,
  error,
}: {
  workflows: WorkflowSummary[];
  total: number;
  error: unknown;
}) {
  const t = useT();
  const bi = useBi();
  /** Who asked: the agency, or a group's co-chair seat ("SON-AZ (US co-chair)"). */
  const requester = (by: WorkflowSummary['changesRequested'][number]['requestedBy']) =>
    by.technicalGroup && (by.seat === 'mx' || by.seat === 'us')
      ? t('tasks.seat', { group: by.technicalGroup, seat: t(seatCountry(by.seat)) })
      : (by.agency ?? by.technicalGroup ?? '');
  const steps = workflows.flatMap((workflow) =>
    workflow.changesRequested.map((step) => ({ workflow, step })),
  );
  if (steps.length === 0 && !error) return null;
  return (
    <section aria-labelledby="resubmit-title">
      <h2 id="resubmit-title">{t('tasks.resubmit.title')}</h2>
      <ErrorAlert error={error} />
      {steps.length > 0 && (
        <>
          <p className="hint">{t('tasks.resubmit.intro')}</p>
          <ul className="cards">
            {steps.map(({ workflow, step }) => (
              <li key={`${workflow.id}/${step.key}`} className="card">
                <h3>
                  <Link
                    to="/workflows/$workflowId"
                    params={{ workflowId: workflow.id }}
                    search={{ step: step.key }}
                  >
                    {bi(step.name)}
                  </Link>
                </h3>
                <dl className="meta">
                  <div>
                    <dt>{t('tasks.project')}</dt>
                    <dd>
                      {workflow.projectCode} — {bi(workflow.projectName)}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('tasks.resubmit.requestedBy')}</dt>
                    <dd>{requester(step.requestedBy)}</dd>
                  </div>
                  <div>
                    <dt>{t('tasks.resubmit.requestedAt')}</dt>
                    <dd>
                      <DateTime value={step.requestedAt} />
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
          {total > workflows.length && (
            <p>
              <Link to="/workflows" search={{ mine: true, changes: true }}>
                {t('tasks.resubmit.showAll', { count: total })}
              </Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}

export function TasksPage() {
  const t = useT();
  const bi = useBi();
  const user = useUser();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/tasks' });
  const page = search.page ?? 1;
  const agencies = useAgencies();
  const projects = useAllProjects();

  // The inbox is one person's open steps (hundreds at most): loaded whole, so the project
  // and group filters and the page count are exact.
  const tasks = useQuery({
    queryKey: ['tasks', 'all'],
    queryFn: () =>
      fetchAll((offset, limit) =>
        call(api.GET('/api/v1/tasks', { params: { query: { offset, limit } } })),
      ),
  });

  // Whoever may start a workflow coordinates it: their trámites sent back for changes.
  const coordinates = user.roles.includes('coordinator') || user.roles.includes('admin');
  const resubmissions = useQuery({
    queryKey: ['workflows', 'changes-requested', 'me'],
    enabled: coordinates,
    queryFn: () =>
      call(
        api.GET('/api/v1/workflows', {
          params: {
            query: { coordinatorId: 'me', changesRequested: true, limit: RESUBMIT_LIMIT },
          },
        }),
      ),
  });
  const waitingForYou = (resubmissions.data?.total ?? 0) > 0;

  const filtered = useMemo(() => {
    const all = [...(tasks.data ?? [])].sort(byDeadline);
    return all.filter((task) => {
      if (search.project && task.projectCode !== search.project) return false;
      if (search.group) {
        const project = projects.data?.get(task.projectId);
        if (project?.technicalGroupCode !== search.group) return false;
      }
      return true;
    });
  }, [tasks.data, search.project, search.group, projects.data]);

  const projectCodes = useMemo(
    () => [...new Set((tasks.data ?? []).map((task) => task.projectCode))].sort(),
    [tasks.data],
  );
  const visible = filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const now = new Date();

  return (
    <section>
      <PageTitle title={t('tasks.title')}>{t('tasks.title')}</PageTitle>
      <WaitingForResubmission
        workflows={resubmissions.data?.items ?? []}
        total={resubmissions.data?.total ?? 0}
        error={resubmissions.error}
      />
      {/* The inbox under a heading of its own, for everyone: its cards (h3) are not read as
          part of the resubmissions above. */}
      <section aria-labelledby="decisions-title">
        <h2 id="decisions-title">{t('tasks.decisions.title')}</h2>
        <p className="hint">{t('tasks.intro')}</p>
        <form
          className="filters"
          role="search"
          aria-label={t('tasks.filters')}
          onSubmit={(e) => e.preventDefault()}
        >
          <div className="field">
            <label htmlFor="task-project">{t('filters.project')}</label>
            <select
              id="task-project"
              value={search.project ?? ''}
              onChange={(e) =>
                void navigate({
                  search: (s) => ({ ...s, project: e.target.value || undefined, page: undefined }),
                })
              }
            >
              <option value="">{t('filters.all')}</option>
              {projectCodes.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </div>
          <GroupFilter
            id="task-group"
            value={search.group}
            onChange={(group) =>
              void navigate({ search: (s) => ({ ...s, group, page: undefined }) })
            }
          />
        </form>

        {tasks.isPending && <Loading />}
        <ErrorAlert error={tasks.error} />
        {tasks.data && (
          <>
            {/* One line: the count, or when there is nothing, why (said once, not "No tasks" too). */}
            <p role="status" aria-live="polite">
              {filtered.length > 0
                ? t('tasks.count', { count: filtered.length })
                : tasks.data.length > 0
                  ? t('tasks.emptyFiltered')
                  : waitingForYou
                    ? t('tasks.emptyDecisions')
                    : t('tasks.empty')}
            </p>
            {filtered.length === 0 ? null : (
              <ul className="cards">
                {visible.map((task) => {
                  const overdue = task.dueAt !== null && new Date(task.dueAt) < now;
                  const ownerZone = agencies.data?.get(task.assignee)?.timeZone;
                  return (
                    <li
                      key={`${task.workflowId}/${task.stepKey}/${task.assignee}/${task.seat}`}
                      className={`card${overdue ? ' card--overdue' : ''}`}
                    >
                      <h3>
                        <Link
                          to="/workflows/$workflowId"
                          params={{ workflowId: task.workflowId }}
                          search={{ step: task.stepKey }}
                        >
                          {bi(task.stepName)}
                        </Link>{' '}
                        <EscalationTag level={task.escalationLevel} />
                      </h3>
                      <dl className="meta">
                        <div>
                          <dt>{t('tasks.project')}</dt>
                          <dd>
                            {projects.data?.get(task.projectId)
                              ? `${task.projectCode} — ${bi(projects.data.get(task.projectId)!.name)}`
                              : task.projectCode}
                          </dd>
                        </div>
                        <div>
                          <dt>{t('tasks.signFor')}</dt>
                          <dd>
                            {task.signsFor
                              .map((s) =>
                                s.seat === 'agency'
                                  ? s.assignee
                                  : t('tasks.seat', {
                                      group: s.assignee,
                                      seat: t(seatCountry(s.seat)),
                                    }),
                              )
                              .join(', ')}
                          </dd>
                        </div>
                        {delegatorOf(task) && (
                          <div>
                            <dt>{t('tasks.inPlaceOf')}</dt>
                            <dd>{delegatorOf(task)}</dd>
                          </div>
                        )}
                        <div>
                          <dt>{t('tasks.due')}</dt>
                          <dd>
                            <Due
                              value={task.dueAt}
                              owner={{ code: task.assignee, timeZone: ownerZone }}
                              now={now}
                            />
                          </dd>
                        </div>
                      </dl>
                    </li>
                  );
                })}
              </ul>
            )}
            <Pagination
              page={page}
              total={filtered.length}
              makeSearch={(p) => ({ ...search, page: p > 1 ? p : undefined })}
            />
          </>
        )}
      </section>
    </section>
  );
}
