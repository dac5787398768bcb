import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useGroupByCode } from '../../api/queries';
import { useUser } from '../../auth/session';
import { useBi } from '../../components/bits';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { useT } from '../../i18n/i18n';

export interface GroupContext {
  group: Schemas['TechnicalGroupDetailView'];
  /** Co-chairs of this group and admins: they schedule meetings, write minutes, assign items. */
  canManage: boolean;
}

/**
 * The frame of a technical group's pages: the group found by its code (links and emails name
 * groups by code; the API by id), its name as the heading's context, and the group's tabs.
 */
export function GroupFrame({
  code,
  title,
  children,
}: {
  code: string;
  title: (groupName: string) => string;
  children: (ctx: GroupContext) => ReactNode;
}) {
  const t = useT();
  const bi = useBi();
  const user = useUser();
  const { group: summary, isPending, error } = useGroupByCode(code);
  const detail = useQuery({
    queryKey: ['technical-group', summary?.id],
    enabled: !!summary,
    queryFn: () =>
      call(api.GET('/api/v1/technical-groups/{id}', { params: { path: { id: summary!.id } } })),
  });
  if (isPending || (summary && detail.isPending)) return <Loading />;
  if (!summary || !detail.data)
    return (
      <section>
        <PageTitle title={t('groups.title')}>{t('groups.title')}</PageTitle>
        {error || detail.error ? (
          <ErrorAlert error={error ?? detail.error} />
        ) : (
          <div className="alert alert--error" role="alert">
            <p>{t('groups.notFound')}</p>
          </div>
        )}
      </section>
    );
  const group = detail.data;
  const canManage =
    user.roles.includes('admin') ||
    group.coChairs.mx.userId === user.id ||
    group.coChairs.us.userId === user.id;
  const heading = title(bi(group.name));
  const tabs = [
    { to: '/technical-groups/$code', label: t('groups.tab.dashboard') },
    { to: '/technical-groups/$code/roster', label: t('groups.tab.roster') },
    { to: '/technical-groups/$code/meetings', label: t('groups.tab.meetings') },
    { to: '/technical-groups/$code/action-items', label: t('groups.tab.actionItems') },
  ] as const;
  return (
    <section>
      <p>
        <Link to="/technical-groups">{t('groups.back')}</Link>
      </p>
      <PageTitle title={heading}>{heading}</PageTitle>
      <nav className="subnav" aria-label={t('groups.tabs', { group: bi(group.name) })}>
        <ul>
          {tabs.map((tab) => (
            <li key={tab.to}>
              <Link
                to={tab.to}
                params={{ code }}
                activeOptions={{ exact: true }}
                activeProps={{ 'aria-current': 'page' }}
              >
                {tab.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {children({ group, canManage })}
    </section>
  );
}
