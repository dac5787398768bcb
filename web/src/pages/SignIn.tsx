import { useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/problem';
import { signInRoute } from '../app/router';
import { useSession } from '../auth/session';
import { BusyButton, ErrorAlert, PageTitle } from '../components/common';
import { useT } from '../i18n/i18n';

export function SignInPage() {
  const t = useT();
  const session = useSession();
  const { returnTo } = signInRoute.useSearch();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  // Signed in (now, or already): on to where the visitor was going. After the render that
  // gave the router the new session, so its guard lets them through.
  useEffect(() => {
    if (session.status === 'signedIn') void navigate({ to: returnTo ?? '/tasks', replace: true });
  }, [session.status, returnTo, navigate]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(email.trim(), password);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError({ status: 0, code: 'NETWORK' }));
      setBusy(false);
    }
  };

  return (
    <section className="sign-in">
      <PageTitle title={t('signIn.title')}>{t('signIn.title')}</PageTitle>
      {session.expired && (
        <div className="alert alert--info" role="status">
          <p>{t('signIn.expired')}</p>
        </div>
      )}
      {/* Not for the front door (`/` sends here with `returnTo=/tasks`): only for a page asked for. */}
      {returnTo && returnTo !== '/tasks' && !session.expired && <p>{t('signIn.needed')}</p>}
      {/* The session could not be checked (not "no session"): say why, until a sign-in. */}
      <ErrorAlert error={error ?? session.restoreError} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor="email">{t('signIn.email')}</label>
          <input
            id="email"
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">{t('signIn.password')}</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div>
          <BusyButton type="submit" className="button" busy={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </BusyButton>
        </div>
      </form>
    </section>
  );
}
