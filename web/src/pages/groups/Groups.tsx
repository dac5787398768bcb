import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { PAGE_SIZE } from '../../app/search';
import { useBi } from '../../components/bits';
import { ErrorAlert, Loading, PageTitle, Pagination } from '../../components/common';
import { useT } from '../../i18n/i18n';

const route = getRouteApi('/signed-in/technical-groups');

export function GroupsPage() {
  const t = useT();
  const bi = useBi();
  const search = route.useSearch();
  const page = search.page ?? 1;
  const groups = useQuery({
    queryKey: ['technical-groups', 'list', page],
    queryFn: () =>
      call(
        api.GET('/api/v1/technical-groups', {
          params: { query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
        }),
      ),
  });
  return (
    <section>
      <PageTitle title={t('groups.title')}>{t('groups.title')}</PageTitle>
      {groups.isPending && <Loading />}
      <ErrorAlert error={groups.error} />
      {groups.data && (
        <>
          <ul className="cards">
            {groups.data.items.map((g) => (
              <li key={g.id} className="card">
                <h2>
                  <Link to="/technical-groups/$code" params={{ code: g.code }}>
                    {bi(g.name)}
                  </Link>
                </h2>
                <p className="meta">
                  <span>
                    {t('groups.coChairs', { mx: g.coChairs.mx.name, us: g.coChairs.us.name })}
                  </span>
                  <span>
                    {t('groups.states', { mx: g.mxStates.join(', '), us: g.usStates.join(', ') })}
                  </span>
                </p>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            total={groups.data.total}
            makeSearch={(n) => ({ page: n > 1 ? n : undefined })}
          />
        </>
      )}
    </section>
  );
}
