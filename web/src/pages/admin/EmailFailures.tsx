import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { api, call } from '../../api/client';
import { PAGE_SIZE } from '../../app/search';
import { DateTime, ErrorAlert, Loading, PageTitle, Pagination } from '../../components/common';
import { TableRegion } from '../../components/TableRegion';
import { useT } from '../../i18n/i18n';
import { AdminNav } from './AdminNav';

const route = getRouteApi('/signed-in/manage/manage/email-failures');

/**
 * Emails the service gave up on, newest first: to whom, about what, how many attempts, and the
 * reason the mail server or the network gave (shown as it came: it is for the admin to act on).
 */
export function EmailFailuresPage() {
  const t = useT();
  const search = route.useSearch();
  const pageNo = search.page ?? 1;
  const failures = useQuery({
    queryKey: ['failed-deliveries', pageNo],
    queryFn: () =>
      call(
        api.GET('/api/v1/notifications/failed-deliveries', {
          params: { query: { limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE } },
        }),
      ),
  });
  return (
    <>
      <AdminNav />
      <PageTitle title={t('emailFailures.title')}>{t('emailFailures.title')}</PageTitle>
      <p className="hint">{t('emailFailures.hint')}</p>
      {failures.isPending && <Loading />}
      <ErrorAlert error={failures.error} />
      {failures.data && failures.data.items.length === 0 && <p>{t('emailFailures.none')}</p>}
      {failures.data && failures.data.items.length > 0 && (
        <TableRegion labelledBy="email-failures-caption">
          <table>
            <caption id="email-failures-caption" className="visually-hidden">
              {t('emailFailures.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('emailFailures.when')}</th>
                <th scope="col">{t('emailFailures.to')}</th>
                <th scope="col">{t('emailFailures.subject')}</th>
                <th scope="col">{t('emailFailures.attempts')}</th>
                <th scope="col">{t('emailFailures.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {failures.data.items.map((f) => (
                <tr key={f.id}>
                  <td>
                    <DateTime value={f.createdAt} />
                  </td>
                  <th scope="row">
                    <Link to="/manage/users/$userId" params={{ userId: f.recipient.id }}>
                      {f.recipient.name}
                    </Link>{' '}
                    &lt;{f.recipient.email}&gt;
                  </th>
                  <td>
                    {f.workflowId ? (
                      <Link to="/workflows/$workflowId" params={{ workflowId: f.workflowId }}>
                        {f.subject}
                      </Link>
                    ) : (
                      f.subject
                    )}
                  </td>
                  <td>{f.emailAttempts}</td>
                  <td>
                    {f.emailError ? (
                      <code lang="en">{f.emailError}</code>
                    ) : (
                      t('emailFailures.noReason')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {failures.data && (
        <Pagination page={pageNo} total={failures.data.total} makeSearch={(page) => ({ page })} />
      )}
    </>
  );
}
