import { useQuery } from '@tanstack/react-query';
import { Link, Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { api, call } from '../api/client';
import { useDelegatorKind } from '../auth/delegations-access';
import { useCanReadReports } from '../auth/reports-access';
import { useSession } from '../auth/session';
import { localeInUrl, useLocale, useT, type Locale } from '../i18n/i18n';

/** The other language, named in itself, with its own `lang` (a screen reader says it right). */
function LanguageSwitch() {
  const { locale, setLocale } = useLocale();
  const { user, setUser } = useSession();
  const t = useT();
  const other: Locale = locale === 'es' ? 'en' : 'es';
  const switchTo = async () => {
    setLocale(other);
    // An address that asked for a language (`?lang=`) now asks for this one: a reload, which
    // honours it, does not switch back.
    if (localeInUrl()) {
      const url = new URL(window.location.href);
      url.searchParams.set('lang', other);
      window.history.replaceState(window.history.state, '', url);
    }
    if (user) {
      const updated = await call(api.PATCH('/api/v1/me', { body: { locale: other } })).catch(
        () => null,
      );
      if (updated) setUser(updated);
    }
  };
  return (
    <a
      href={`?lang=${other}`}
      lang={other}
      hrefLang={other}
      className="lang-switch"
      aria-label={t('nav.languageSwitch.label')}
      onClick={(event) => {
        event.preventDefault();
        void switchTo();
      }}
    >
      {other === 'es' ? 'Español' : 'English'}
    </a>
  );
}

function Count({ value, label }: { value: number | undefined; label: string }) {
  if (!value) return null;
  return (
    <span className="badge">
      <span aria-hidden="true">{value}</span>
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

/**
 * Admins only: the queue dashboard is a page the service renders, which cannot see the access
 * token this app keeps in memory. Its cookie (HttpOnly, for /admin/queues only, 15 minutes) is
 * asked for with the token, then the page is opened: no token is ever put in a URL.
 */
function QueueDashboardLink() {
  const t = useT();
  return (
    <a
      href="/admin/queues"
      onClick={(event) => {
        event.preventDefault();
        void call(api.POST('/api/v1/admin/queue-dashboard/session')).then(
          () => window.location.assign('/admin/queues'),
          () => undefined,
        );
      }}
    >
      {t('nav.queues')}
    </a>
  );
}

/**
 * The main menu. On a phone its links wait behind a "Menu" button (a disclosure: `aria-expanded`
 * on the button, the list it controls), so the header does not fill a third of the screen; a
 * link followed closes it. Wider, the button is hidden and the links always shown (CSS).
 */
function Navigation() {
  const t = useT();
  const [open, setOpen] = useState(false);
  const { user } = useSession();
  const canReadReports = useCanReadReports();
  // Admins see every delegation there; approvers and co-chairs their own, and name substitutes.
  const delegator = useDelegatorKind();
  const delegations = user?.roles.includes('admin') || delegator.kind !== 'other';
  const tasks = useQuery({
    queryKey: ['tasks', 'count'],
    queryFn: () => call(api.GET('/api/v1/tasks', { params: { query: { limit: 1 } } })),
    refetchInterval: 60_000,
  });
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () =>
      call(api.GET('/api/v1/notifications', { params: { query: { unread: true, limit: 1 } } })),
    refetchInterval: 60_000,
  });
  const links = [
    {
      to: '/tasks',
      label: t('nav.tasks'),
      count: tasks.data?.total,
      countLabel: t('nav.tasks.count', { count: tasks.data?.total ?? 0 }),
    },
    { to: '/workflows', label: t('nav.workflows') },
    { to: '/projects', label: t('nav.projects') },
    { to: '/technical-groups', label: t('nav.groups') },
    {
      to: '/notifications',
      label: t('nav.notifications'),
      count: unread.data?.total,
      countLabel: t('nav.notifications.count', { count: unread.data?.total ?? 0 }),
    },
  ] as const;
  return (
    <nav aria-label={t('nav.label')} className={`main-nav${open ? ' main-nav--open' : ''}`}>
      <button
        type="button"
        className="main-nav__toggle"
        aria-expanded={open}
        aria-controls="main-nav-links"
        onClick={() => setOpen((was) => !was)}
      >
        {t('nav.menu')}
      </button>
      {/* Any link followed (a click bubbles up from it) closes the menu on a phone. */}
      <ul id="main-nav-links" onClick={(e) => (e.target as Element).closest('a') && setOpen(false)}>
        {links.map((link) => (
          <li key={link.to}>
            <Link to={link.to} activeProps={{ 'aria-current': 'page', className: 'active' }}>
              {link.label}
              {'count' in link && <Count value={link.count} label={link.countLabel} />}
            </Link>
          </li>
        ))}
        {canReadReports && (
          <li>
            <Link to="/reports" activeProps={{ 'aria-current': 'page', className: 'active' }}>
              {t('nav.reports')}
            </Link>
          </li>
        )}
        {delegations && (
          <li>
            <Link to="/delegations" activeProps={{ 'aria-current': 'page', className: 'active' }}>
              {t('nav.delegations')}
            </Link>
          </li>
        )}
        {user?.roles.includes('admin') && (
          <li>
            <Link
              to="/manage/chains"
              activeOptions={{ includeSearch: false }}
              activeProps={{ className: 'active' }}
            >
              {t('nav.admin')}
            </Link>
          </li>
        )}
        {user?.roles.includes('admin') && (
          <li>
            <QueueDashboardLink />
          </li>
        )}
      </ul>
    </nav>
  );
}

/**
 * After every navigation, focus moves to the new page's heading (a screen reader announces
 * it; keyboard users start from the top of the content, not from the link they followed).
 */
function useFocusOnNavigation() {
  // The location once its page is rendered: a page loaded lazily on its first visit is not
  // there yet when the address changes, and focusing the old page's heading would lose focus.
  const pathname = useRouterState({ select: (s) => s.resolvedLocation?.pathname });
  const previous = useRef(pathname);
  useEffect(() => {
    const before = previous.current;
    previous.current = pathname;
    if (!before || !pathname || before === pathname) return;
    // Where the focus is as the new page shows: on <body> (the followed link left with the old
    // page) or still on the header's link that was followed.
    const onArrival = document.activeElement;
    const timer = window.setTimeout(() => {
      // The page may have moved focus itself already (a task's link opens its decision panel,
      // whose heading takes focus): leave it there.
      const active = document.activeElement;
      if (active instanceof HTMLElement && active.tabIndex === -1 && active.closest('main > *'))
        return;
      // Moved since by the reader: a keyboard user who already tabbed into the new page (the
      // timer runs late on a busy machine). Taking it back would lose their place, and their
      // next Enter would land on the heading instead of the link they chose.
      if (active && active !== onArrival && active !== document.body) return;
      const heading = document.querySelector<HTMLElement>('main h1');
      (heading ?? document.getElementById('main'))?.focus();
    }, 50);
    return () => window.clearTimeout(timer);
  }, [pathname]);
}

export function Shell() {
  const t = useT();
  const session = useSession();
  const navigate = useNavigate();
  // Signed out on purpose: to a plain sign-in page. The way back to where this person was is
  // for a session that ended by itself, not for the next person to sign in at this browser.
  const signOut = async () => {
    await session.signOut();
    await navigate({ to: '/sign-in', search: {}, replace: true });
  };
  useFocusOnNavigation();

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__bar">
          <Link to="/tasks" className="brand">
            Puentes
          </Link>
          <div className="site-header__tools">
            <LanguageSwitch />
            {session.user && (
              <>
                <Link to="/profile" className="profile-link">
                  {session.user.name}
                </Link>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => void signOut()}
                >
                  {t('nav.signOut')}
                </button>
              </>
            )}
          </div>
        </div>
        {session.status === 'signedIn' && <Navigation />}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
