import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { useAgencies, useChainNames } from '../api/queries';
import { WORKFLOW_STATUSES } from '../app/routes-shared';
import { PAGE_SIZE } from '../app/search';
import { EscalationTag, GroupFilter, StatusTag, useBi } from '../components/bits';
import { DateTime, Due, ErrorAlert, Loading, PageTitle, Pagination } from '../components/common';
import { TableRegion } from '../components/TableRegion';
import { useT } from '../i18n/i18n';

const route = getRouteApi('/signed-in/workflows');

export function WorkflowsPage() {
  const t = useT();
  const bi = useBi();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/workflows' });
  const page = search.page ?? 1;
  const agencies = useAgencies();
  const chainNames = useChainNames();
  const [q, setQ] = useState(search.q ?? '');

  const results = useQuery({
    queryKey: ['workflows', 'search', search],
    queryFn: () =>
      call(
        api.GET('/api/v1/workflows', {
          params: {
            query: {
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              ...(search.q ? { q: search.q } : {}),
              ...(search.mine ? { coordinatorId: 'me' } : {}),
              ...(search.overdue ? { overdue: true } : {}),
              ...(search.changes ? { changesRequested: true } : {}),
              ...(search.ball ? { ballIsWith: search.ball } : {}),
              ...(search.agency ? { agency: search.agency } : {}),
              ...(search.group ? { technicalGroupCode: search.group } : {}),
              ...(search.status ? { status: search.status } : {}),
              ...(search.overdue ? { sort: 'dueAt' as const } : {}),
            },
          },
        }),
      ),
  });

  // A step's clock is its first assignee agency's (the service computes its deadline there).
  const owner = (assignees: { agency?: string }[]) => {
    const code = assignees[0]?.agency;
    return code ? { code, timeZone: agencies.data?.get(code)?.timeZone } : undefined;
  };
  const set = (patch: Partial<typeof search>) =>
    void navigate({ search: (s) => ({ ...s, ...patch, page: undefined }) });
  const submitQ = (event: FormEvent) => {
    event.preventDefault();
    set({ q: q.trim() || undefined });
  };

  return (
    <section>
      <PageTitle title={t('workflows.title')}>{t('workflows.title')}</PageTitle>
      <form
        className="filters"
        role="search"
        aria-label={t('workflows.filters')}
        onSubmit={submitQ}
      >
        <div className="field">
          <label htmlFor="wf-q">{t('workflows.q')}</label>
          <input id="wf-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="wf-status">{t('workflows.status')}</label>
          <select
            id="wf-status"
            value={search.status ?? ''}
            onChange={(e) => set({ status: (e.target.value || undefined) as typeof search.status })}
          >
            <option value="">{t('filters.all')}</option>
            {WORKFLOW_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`workflow.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="wf-ball">{t('workflows.ball')}</label>
          <select
            id="wf-ball"
            value={search.ball ?? ''}
            onChange={(e) => set({ ball: (e.target.value || undefined) as typeof search.ball })}
          >
            <option value="">{t('filters.any')}</option>
            <option value="MX">{t('country.MX')}</option>
            <option value="US">{t('country.US')}</option>
            <option value="both">{t('country.both')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="wf-agency">{t('workflows.agency')}</label>
          <select
            id="wf-agency"
            value={search.agency ?? ''}
            onChange={(e) => set({ agency: e.target.value || undefined })}
          >
            <option value="">{t('filters.any')}</option>
            {[...(agencies.data?.values() ?? [])]
              .sort((a, b) => a.code.localeCompare(b.code))
              .map((a) => (
                <option key={a.code} value={a.code}>
                  {a.code} — {bi(a.name)}
                </option>
              ))}
          </select>
        </div>
        <GroupFilter id="wf-group" value={search.group} onChange={(group) => set({ group })} />
        <div className="field">
          <span className="label">{t('workflows.show')}</span>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={!!search.mine}
              onChange={(e) => set({ mine: e.target.checked || undefined })}
            />
            {t('workflows.mine')}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={!!search.overdue}
              onChange={(e) => set({ overdue: e.target.checked || undefined })}
            />
            {t('workflows.overdue')}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={!!search.changes}
              onChange={(e) => set({ changes: e.target.checked || undefined })}
            />
            {t('workflows.changesRequested')}
          </label>
        </div>
        <div>
          <button type="submit" className="button">
            {t('workflows.search')}
          </button>
        </div>
      </form>

      {results.isPending && <Loading />}
      <ErrorAlert error={results.error} />
      {results.data && (
        <>
          <p role="status" aria-live="polite">
            {t('workflows.count', { count: results.data.total })}
          </p>
          {results.data.items.length > 0 && (
            <TableRegion labelledBy="workflows-caption">
              <table>
                <caption id="workflows-caption" className="visually-hidden">
                  {t('workflows.title')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('workflows.col.project')}</th>
                    <th scope="col">{t('workflows.col.status')}</th>
                    <th scope="col">{t('workflows.col.open')}</th>
                    <th scope="col">{t('workflows.col.ball')}</th>
                    <th scope="col">{t('workflows.col.started')}</th>
                  </tr>
                </thead>
                <tbody>
                  {results.data.items.map((w) => (
                    <tr key={w.id}>
                      <td>
                        <Link to="/workflows/$workflowId" params={{ workflowId: w.id }}>
                          {w.projectCode} — {bi(w.projectName)}
                        </Link>
                        <div className="hint">
                          {bi(chainNames.data?.get(w.chainKey)) || w.chainKey}
                        </div>
                      </td>
                      <td>
                        <StatusTag status={w.status} kind="workflow" />{' '}
                        {w.overdue && <span className="tag tag--overdue">{t('due.overdue')}</span>}
                      </td>
                      <td>
                        {w.openSteps.length === 0 && w.changesRequested.length === 0
                          ? '—'
                          : w.openSteps.map((s) => (
                              <div key={s.key}>
                                <strong>{bi(s.name)}</strong>{' '}
                                <EscalationTag level={s.escalationLevel} />
                                <div className="hint">
                                  {t('workflows.waitingOn', {
                                    who: s.pendingAssignees
                                      .map((a) => a.agency ?? a.technicalGroup ?? '')
                                      .join(', '),
                                  })}
                                </div>
                                <Due value={s.dueAt} owner={owner(s.pendingAssignees)} />
                              </div>
                            ))}
                        {/* A step sent back waits on its coordinator's resubmission. */}
                        {w.changesRequested.map((s) => (
                          <div key={s.key}>
                            <strong>{bi(s.name)}</strong>{' '}
                            <span className="tag tag--changes_requested">
                              {t('step.status.changes_requested')}
                            </span>
                            <div className="hint">{t('workflows.waitingResubmit')}</div>
                          </div>
                        ))}
                      </td>
                      <td>{w.ballIsWith ? t(`country.${w.ballIsWith}`) : '—'}</td>
                      <td>
                        <DateTime value={w.startedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          )}
          <Pagination
            page={page}
            total={results.data.total}
            makeSearch={(p) => ({ ...search, page: p > 1 ? p : undefined })}
          />
        </>
      )}
    </section>
  );
}
