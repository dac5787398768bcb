import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/problem';
import { router } from './app/router';
import { SessionProvider, useSession } from './auth/session';
import { LocaleProvider, useT } from './i18n/i18n';
import { useEffect } from 'react';
import './styles/tokens.css';
import './styles/app.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not change by asking again; a network blip may.
      retry: (failures, error) =>
        !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
    },
  },
});

/** The router, once the session is known; its guards re-run whenever the session changes. */
function App() {
  const session = useSession();
  const t = useT();
  useEffect(() => {
    if (session.status !== 'restoring') void router.invalidate();
  }, [session.status]);
  if (session.status === 'restoring')
    return (
      <p role="status" className="loading boot">
        {t('app.restoring')}
      </p>
    );
  return <RouterProvider router={router} context={{ session }} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </LocaleProvider>
    </QueryClientProvider>
  </StrictMode>,
);
