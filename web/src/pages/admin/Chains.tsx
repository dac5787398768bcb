import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { api, call, type Schemas } from '../../api/client';
import { fetchAll } from '../../api/queries';
import { useBi } from '../../components/bits';
import { DateTime, ErrorAlert, Loading, PageTitle } from '../../components/common';
import { TableRegion } from '../../components/TableRegion';
import { useT, type MessageId } from '../../i18n/i18n';
import { AdminNav } from './AdminNav';

/** Every approval chain, by key, each version with its status; drafts open in the editor. */
export function ChainsPage() {
  const t = useT();
  const bi = useBi();
  const chains = useQuery({
    queryKey: ['approval-chains', 'all'],
    queryFn: () =>
      fetchAll((offset, limit) =>
        call(api.GET('/api/v1/approval-chains', { params: { query: { offset, limit } } })),
      ),
  });
  const byKey = new Map<string, Schemas['ApprovalChainView'][]>();
  for (const c of chains.data ?? []) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
  return (
    <>
      <AdminNav />
      <PageTitle title={t('chains.title')}>{t('chains.title')}</PageTitle>
      <p>
        <Link to="/manage/chains/$chainId" params={{ chainId: 'new' }} className="button">
          {t('chains.new')}
        </Link>
      </p>
      {chains.isPending && <Loading />}
      <ErrorAlert error={chains.error} />
      {chains.data && byKey.size === 0 && <p>{t('chains.none')}</p>}
      {[...byKey].map(([key, versions]) => (
        <section key={key} aria-labelledby={`chain-${key}`}>
          <h2 id={`chain-${key}`}>
            {bi(versions[0].name)} <code>{key}</code>
          </h2>
          <TableRegion labelledBy={`chain-${key}-caption`}>
            <table>
              <caption id={`chain-${key}-caption`} className="visually-hidden">
                {t('chains.versionsOf', { name: bi(versions[0].name) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('chains.version')}</th>
                  <th scope="col">{t('chains.status')}</th>
                  <th scope="col">{t('chains.steps')}</th>
                  <th scope="col">{t('chains.publishedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to="/manage/chains/$chainId" params={{ chainId: c.id }}>
                        {t(c.status === 'draft' ? 'chains.editVersion' : 'chains.openVersion', {
                          version: c.version,
                        })}
                      </Link>
                    </th>
                    <td>
                      <span className={`tag tag--${c.status === 'draft' ? 'pending' : 'approved'}`}>
                        {t(`chains.status.${c.status}` as MessageId)}
                      </span>
                    </td>
                    <td>{c.steps.length}</td>
                    <td>
                      <DateTime value={c.publishedAt} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </section>
      ))}
    </>
  );
}
