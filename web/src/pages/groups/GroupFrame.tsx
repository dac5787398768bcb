import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { useGroupByCode } from '../../api/queries';
import { useBi } from '../../components/bits';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { useT } from '../../i18n/i18n';

type Group = Schemas['TechnicalGroupDetailView'];

export interface GroupContext {
  group: Group;
  /** Co-chairs of this group and admins: they schedule meetings, write minutes, assign items. */
  canManage: boolean;
}

/**
 * Why a page of the group shows nothing to someone outside it (its meetings, its action items,
 * reached by a link or an old bookmark): in words, instead of the API's bare 404 — the
 * group's notice above it says whom to ask to join.
 */
export function MembersOnly({ what }: { what: 'meetings' | 'actionItems' }) {
  const t = useT();
  return (
    <div className="alert alert--info">
      <p>{t(`groups.membersOnly.${what}`)}</p>
    </div>
  );
}

/**
 * To someone not in the group (the API's `access.role` is null and they do not run it), what
 * they see of it and why not the rest, and whom to ask to join: its co-chairs, who keep its
 * roster. A coordinator of one of its projects reads its meetings and is not told this.
 */
function NotAMember({ group }: { group: Group }) {
  const t = useT();
  const { access, coChairs } = group;
  if (access.role !== null || access.manage || access.readMeetings) return null;
  const names = { mx: coChairs.mx.name, us: coChairs.us.name };
  return (
    <div className="alert alert--info">
      <p>
        {access.actionItems === 'own_agency'
          ? t('groups.notMember.ownAgency', names)
          : t('groups.notMember', names)}
      </p>
    </div>
  );
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
  const heading = title(bi(group.name));
  // The dashboard and the roster are public; the other tabs only for those the API lets read
  // them (it says so in `access`), so that no tab leads to a 404.
  const tabs = [
    { to: '/technical-groups/$code', label: t('groups.tab.dashboard'), shown: true },
    { to: '/technical-groups/$code/roster', label: t('groups.tab.roster'), shown: true },
    {
      to: '/technical-groups/$code/meetings',
      label: t('groups.tab.meetings'),
      shown: group.access.readMeetings,
    },
    {
      to: '/technical-groups/$code/action-items',
      label: t('groups.tab.actionItems'),
      shown: group.access.actionItems !== 'none',
    },
  ] as const;
  return (
    <section>
      <p>
        <Link to="/technical-groups">{t('groups.back')}</Link>
      </p>
      <PageTitle title={heading}>{heading}</PageTitle>
      <nav className="subnav" aria-label={t('groups.tabs', { group: bi(group.name) })}>
        <ul>
          {tabs
            .filter((tab) => tab.shown)
            .map((tab) => (
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
      <NotAMember group={group} />
      {children({ group, canManage: group.access.manage })}
    </section>
  );
}
