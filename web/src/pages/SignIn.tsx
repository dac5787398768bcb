import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/problem';
import { useSession } from '../auth/session';
import { BusyButton, ErrorAlert, PageTitle } from '../components/common';
import { useT } from '../i18n/i18n';
import { TextField } from './admin/fields';

const route = getRouteApi('/sign-in');

export function SignInPage() {
  const t = useT();
  const session = useSession();
  const { returnTo } = route.useSearch();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<{ email?: boolean; password?: boolean }>({});
  const [busy, setBusy] = useState(false);

  // Signed in (now, or already): on to where the visitor was going. After the render that
  // gave the router the new session, so its guard lets them through.
  useEffect(() => {
    if (session.status === 'signedIn') void navigate({ to: returnTo ?? '/tasks', replace: true });
  }, [session.status, returnTo, navigate]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // An empty field is said here, not sent: the service would answer "wrong password", and
    // each try would count against the sign-in limit.
    const empty = { email: email.trim() === '', password: password === '' };
    setMissing(empty);
    if (empty.email || empty.password) {
      setError(null);
      document.getElementById(empty.email ? 'email' : 'password')?.focus();
      return;
    }
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
        <TextField
          id="email"
          type="email"
          label={t('signIn.email')}
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={missing.email ? t('signIn.emailMissing') : undefined}
        />
        <TextField
          id="password"
          type="password"
          label={t('signIn.password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={missing.password ? t('signIn.passwordMissing') : undefined}
        />
        <div>
          <BusyButton type="submit" className="button" busy={busy}>
            {busy ? t('signIn.busy') : t('signIn.submit')}
          </BusyButton>
        </div>
      </form>
    </section>
  );
}
