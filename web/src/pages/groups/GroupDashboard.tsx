import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, call, type Schemas } from '../../api/client';
import { useChainNames } from '../../api/queries';
import { EscalationTag, seatCountry, useBi } from '../../components/bits';
import { DateTime, ErrorAlert, Loading } from '../../components/common';
import { TableRegion } from '../../components/TableRegion';
import { useLocale, useT } from '../../i18n/i18n';
import { GroupFrame } from './GroupFrame';

const route = getRouteApi('/signed-in/technical-groups/$code');

type DashboardProject = Schemas['DashboardProjectView'];
type Requester = Schemas['WorkflowChangesRequestedView']['requestedBy'];

function Dashboard({ groupId }: { groupId: string }) {
  const t = useT();
  const bi = useBi();
  const { formatLocale } = useLocale();
  const chainNames = useChainNames();
  const dashboard = useQuery({
    queryKey: ['group-dashboard', groupId],
    queryFn: () =>
      call(
        api.GET('/api/v1/technical-groups/{id}/dashboard', { params: { path: { id: groupId } } }),
      ),
  });
  if (dashboard.isPending) return <Loading />;
  if (!dashboard.data) return <ErrorAlert error={dashboard.error} />;
  const d = dashboard.data;
  /** Who asked for the changes: the agency, or a group's co-chair seat ("SON-AZ (US co-chair)"). */
  const requester = (by: Requester) =>
    by.technicalGroup && (by.seat === 'mx' || by.seat === 'us')
      ? t('tasks.seat', { group: by.technicalGroup, seat: t(seatCountry(by.seat)) })
      : (by.agency ?? by.technicalGroup ?? '');
  /**
   * Whose turn it is, as the workflow page says it: the agencies of the open steps, and — for a
   * step sent back for changes, which no agency holds — the coordinator, to resubmit it.
   */
  const ball = (p: DashboardProject) => {
    const parts: string[] = [];
    if (p.ballIsWith.side)
      parts.push(
        `${bi(p.ballIsWith.label) || t(`country.${p.ballIsWith.side}`)} (${p.ballIsWith.agencies.map((a) => a.code).join(', ')})`,
      );
    const toResubmit = p.workflows.flatMap((w) =>
      w.changesRequested.map((s) => t('workflow.ballResubmit.step', { step: bi(s.name) })),
    );
    if (p.ballIsWith.coordinator && toResubmit.length > 0)
      parts.push(
        t('workflow.ballResubmit', {
          steps: new Intl.ListFormat(formatLocale, { type: 'conjunction' }).format(toResubmit),
        }),
      );
    // The coordinator's part has commas of its own: a semicolon sets it apart.
    return parts.length > 0 ? parts.join('; ') : t('workflow.ballNobody');
  };
  return (
    <>
      <p className="hint">
        {t('dashboard.generated')} <DateTime value={d.generatedAt} />
      </p>
      <h2 id="dashboard-by-country">{t('dashboard.byCountry')}</h2>
      <TableRegion labelledBy="dashboard-by-country">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.country')}</th>
              <th scope="col">{t('dashboard.open')}</th>
              <th scope="col">{t('dashboard.overdue')}</th>
              <th scope="col">{t('dashboard.dueSoon', { days: d.dueSoonDays })}</th>
            </tr>
          </thead>
          <tbody>
            {(['MX', 'US'] as const).map((c) => (
              <tr key={c}>
                <th scope="row">{t(`country.${c}`)}</th>
                <td>{d.byCountry[c].open}</td>
                <td>{d.byCountry[c].overdue}</td>
                <td>{d.byCountry[c].dueSoon}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {d.awaitingResubmission > 0 && (
        <p>{t('dashboard.awaitingResubmission', { count: d.awaitingResubmission })}</p>
      )}
      <h2>{t('dashboard.projects')}</h2>
      {d.projects.length === 0 && <p>{t('dashboard.noProjects')}</p>}
      <ul className="cards">
        {d.projects.map((p) => (
          <li key={p.id} className="card">
            <h3>
              <Link to="/projects/$projectId" params={{ projectId: p.id }}>
                {p.code} — {bi(p.name)}
              </Link>
            </h3>
            <p>
              <strong>{t('workflow.ball')}</strong> {ball(p)}
            </p>
            {p.workflows.map((w) => (
              <div key={w.id}>
                <p>
                  <Link to="/workflows/$workflowId" params={{ workflowId: w.id }}>
                    {bi(chainNames.data?.get(w.chainKey)) || w.chainKey}
                  </Link>
                </p>
                <ul>
                  {w.openSteps.map((s) => (
                    <li key={s.key}>
                      <Link
                        to="/workflows/$workflowId"
                        params={{ workflowId: w.id }}
                        search={{ step: s.key }}
                      >
                        {bi(s.name)}
                      </Link>{' '}
                      <span
                        className={`tag ${s.urgency === 'overdue' ? 'tag--overdue' : s.urgency === 'due_soon' ? 'tag--escalated' : 'tag--pending'}`}
                      >
                        {bi(s.urgencyLabel)}
                      </span>{' '}
                      <EscalationTag level={s.escalationLevel} />
                      <div className="hint">
                        {t('dashboard.heldBy', {
                          who: s.heldBy
                            .map((h) =>
                              h.country
                                ? `${h.agencyCode} (${t(`country.short.${h.country}`)})`
                                : h.agencyCode,
                            )
                            .join(', '),
                        })}
                        {s.dueAt && (
                          <>
                            {' · '}
                            {t('tasks.due')}: <DateTime value={s.dueAt} />
                          </>
                        )}
                      </div>
                    </li>
                  ))}
                  {/* A step sent back waits on the coordinator's resubmission, not on an agency. */}
                  {w.changesRequested.map((s) => (
                    <li key={s.key}>
                      <Link
                        to="/workflows/$workflowId"
                        params={{ workflowId: w.id }}
                        search={{ step: s.key }}
                      >
                        {bi(s.name)}
                      </Link>{' '}
                      <span className="tag tag--changes_requested">
                        {t('step.status.changes_requested')}
                      </span>
                      <div className="hint">
                        {t('workflows.waitingResubmit')}
                        {' · '}
                        {t('tasks.resubmit.requestedBy')}: {requester(s.requestedBy)}
                        {' · '}
                        {t('tasks.resubmit.requestedAt')}: <DateTime value={s.requestedAt} />
                      </div>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </li>
        ))}
      </ul>
      <h2 id="dashboard-by-agency">{t('dashboard.byAgency')}</h2>
      <TableRegion labelledBy="dashboard-by-agency">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.agency')}</th>
              <th scope="col">{t('dashboard.open')}</th>
              <th scope="col">{t('dashboard.overdue')}</th>
              <th scope="col">{t('dashboard.dueSoon', { days: d.dueSoonDays })}</th>
            </tr>
          </thead>
          <tbody>
            {d.byAgency.map((a) => (
              <tr key={a.agencyCode}>
                {/* The country beside the code, as "Held by" says it: a column of its own
                    pushed "Due within 14 days" off a 390 px phone. */}
                <th scope="row">
                  {a.country
                    ? `${a.agencyCode} (${t(`country.short.${a.country}`)})`
                    : a.agencyCode}
                </th>
                <td>{a.open}</td>
                <td>{a.overdue}</td>
                <td>{a.dueSoon}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </>
  );
}

export function GroupDashboardPage() {
  const t = useT();
  const { code } = route.useParams();
  return (
    <GroupFrame code={code} title={(name) => t('dashboard.title', { group: name })}>
      {({ group }) => <Dashboard groupId={group.id} />}
    </GroupFrame>
  );
}
