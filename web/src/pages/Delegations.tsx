import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useUser } from '../auth/session';
import { PageTitle } from '../components/common';
import { DelegationTable, MyDelegations } from '../components/Delegations';
import { useT, type MessageId } from '../i18n/i18n';

const route = getRouteApi('/signed-in/delegations');

const STATUSES = ['scheduled', 'active', 'expired', 'revoked'] as const;

/**
 * Admins: every delegation (suplencia), filtered by status in the URL. Anyone else: their own,
 * given and received, and the form to name a substitute (the menu's "Delegations" for approvers
 * and co-chairs; a delegation notice links here too).
 */
export function DelegationsPage() {
  const t = useT();
  const user = useUser();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/delegations' });
  // The service's `revoked` takes in those revoked before their start too, which the table
  // calls cancelled: the filter names both.
  const statusLabel = (s: (typeof STATUSES)[number]) =>
    s === 'revoked' ? t('delegations.filter.revoked') : t(`delegations.status.${s}` as MessageId);
  if (!user.roles.includes('admin'))
    return (
      <section>
        <PageTitle title={t('delegations.title')}>{t('delegations.title')}</PageTitle>
        {/* Right under the page's h1: the form's title is an h2. */}
        <MyDelegations headingLevel={2} />
      </section>
    );
  return (
    <section>
      <PageTitle title={t('delegations.all')}>{t('delegations.all')}</PageTitle>
      {/* Admins look after delegations; the people who are away name their own substitutes. */}
      <p className="hint">{t('delegations.adminIntro')}</p>
      <form
        className="filters"
        role="search"
        aria-label={t('delegations.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
        <div className="field">
          <label htmlFor="delegation-status">{t('delegations.status')}</label>
          <select
            id="delegation-status"
            value={search.status ?? ''}
            onChange={(e) =>
              void navigate({
                search: {
                  status: (e.target.value || undefined) as (typeof STATUSES)[number] | undefined,
                },
              })
            }
          >
            <option value="">{t('filters.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
        </div>
      </form>
      {/* Keyed by the filter: a revocation announced under one filter does not stay above
          another's rows. */}
      <DelegationTable
        key={search.status ?? ''}
        mine={false}
        status={search.status}
        caption={
          search.status
            ? t('delegations.filtered', { status: statusLabel(search.status) })
            : t('delegations.all')
        }
      />
    </section>
  );
}
