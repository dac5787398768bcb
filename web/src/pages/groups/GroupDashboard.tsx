import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { useChainNames } from '../../api/queries';
import { EscalationTag, useBi } from '../../components/bits';
import { DateTime, ErrorAlert, Loading } from '../../components/common';
import { useT } from '../../i18n/i18n';
import { GroupFrame } from './GroupFrame';

const route = getRouteApi('/signed-in/technical-groups/$code');

function Dashboard({ groupId }: { groupId: string }) {
  const t = useT();
  const bi = useBi();
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
  return (
    <>
      <p className="hint">
        {t('dashboard.generated')} <DateTime value={d.generatedAt} />
      </p>
      <h2>{t('dashboard.byCountry')}</h2>
      <div className="table-wrap">
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
      </div>
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
              <strong>{t('workflow.ball')}</strong>{' '}
              {p.ballIsWith.side
                ? `${bi(p.ballIsWith.label) || t(`country.${p.ballIsWith.side}`)} (${p.ballIsWith.agencies.map((a) => a.code).join(', ')})`
                : t('workflow.ballNobody')}
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
                </ul>
              </div>
            ))}
          </li>
        ))}
      </ul>
      <h2>{t('dashboard.byAgency')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.agency')}</th>
              <th scope="col">{t('dashboard.country')}</th>
              <th scope="col">{t('dashboard.open')}</th>
              <th scope="col">{t('dashboard.overdue')}</th>
              <th scope="col">{t('dashboard.dueSoon', { days: d.dueSoonDays })}</th>
            </tr>
          </thead>
          <tbody>
            {d.byAgency.map((a) => (
              <tr key={a.agencyCode}>
                <th scope="row">{a.agencyCode}</th>
                <td>{a.country ? t(`country.${a.country}`) : '—'}</td>
                <td>{a.open}</td>
                <td>{a.overdue}</td>
                <td>{a.dueSoon}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
