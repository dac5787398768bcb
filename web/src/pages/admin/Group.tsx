import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { useBi } from '../../components/bits';
import { ErrorAlert, Loading, PageTitle } from '../../components/common';
import { useT } from '../../i18n/i18n';
import { AdminNav } from './AdminNav';
import { GroupForm } from './Groups';

const route = getRouteApi('/signed-in/manage/manage/groups/$groupId');

export function GroupAdminPage() {
  const t = useT();
  const bi = useBi();
  const { groupId } = route.useParams();
  const group = useQuery({
    queryKey: ['technical-groups', 'one', groupId],
    queryFn: () =>
      call(api.GET('/api/v1/technical-groups/{id}', { params: { path: { id: groupId } } })),
  });
  const title = group.data ? `${bi(group.data.name)} (${group.data.code})` : t('groupsAdmin.title');
  return (
    <>
      <AdminNav />
      <p>
        <Link to="/manage/groups">{t('groupsAdmin.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      {group.isPending && <Loading />}
      <ErrorAlert error={group.error} />
      {group.data && <GroupForm key={group.data.id} group={group.data} />}
    </>
  );
}
