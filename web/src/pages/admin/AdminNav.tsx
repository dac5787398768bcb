import { Link } from '@tanstack/react-router';
import { useT } from '../../i18n/i18n';

/** The administration pages, one link each: shown at the top of every one of them. */
export function AdminNav() {
  const t = useT();
  const links = [
    ['/manage/chains', 'admin.chains'],
    ['/manage/agencies', 'admin.agencies'],
    ['/manage/users', 'admin.users'],
    ['/manage/groups', 'admin.groups'],
    ['/manage/email-failures', 'admin.emailFailures'],
  ] as const;
  return (
    <nav aria-label={t('admin.nav')} className="sub-nav">
      <ul>
        {links.map(([to, label]) => (
          <li key={to}>
            <Link to={to} activeProps={{ 'aria-current': 'page', className: 'active' }}>
              {t(label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
