import { getRouteApi } from '@tanstack/react-router';
import { useBi } from '../../components/bits';
import { TableRegion } from '../../components/TableRegion';
import { useT } from '../../i18n/i18n';
import { GroupFrame } from './GroupFrame';

const route = getRouteApi('/signed-in/technical-groups/$code/roster');

export function RosterPage() {
  const t = useT();
  const bi = useBi();
  const { code } = route.useParams();
  return (
    <GroupFrame code={code} title={(name) => t('roster.title', { group: name })}>
      {({ group }) => (
        <>
          <h2 id="roster-people">{t('roster.people')}</h2>
          <TableRegion labelledBy="roster-people">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('roster.name')}</th>
                  <th scope="col">{t('roster.agency')}</th>
                  <th scope="col">{t('dashboard.country')}</th>
                  <th scope="col">{t('roster.role')}</th>
                </tr>
              </thead>
              <tbody>
                {group.roster.people.map((p) => (
                  <tr key={p.userId}>
                    <th scope="row">{p.name}</th>
                    <td>{p.agencyCode ?? '—'}</td>
                    <td>{p.country ? t(`country.${p.country}`) : '—'}</td>
                    <td>{bi(p.roleLabel)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <h2 id="roster-agencies">{t('roster.agencies')}</h2>
          <TableRegion labelledBy="roster-agencies">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('roster.agency')}</th>
                  <th scope="col">{t('dashboard.country')}</th>
                  <th scope="col">{t('roster.role')}</th>
                </tr>
              </thead>
              <tbody>
                {group.roster.agencies.map((a) => (
                  <tr key={a.code}>
                    <th scope="row">
                      {a.code} — {bi(a.name)}
                    </th>
                    <td>{t(`country.${a.country}`)}</td>
                    <td>{bi(a.roleLabel)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        </>
      )}
    </GroupFrame>
  );
}
