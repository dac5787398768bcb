import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { ApiError, problemToFields } from '../api/problem';
import { useSession, useUser } from '../auth/session';
import { BusyButton, PageTitle, useProblemText } from '../components/common';
import { MyDelegations } from '../components/Delegations';
import { ZonePicker } from '../components/ZonePicker';
import { FORMAT_LOCALES, LOCALES, useT, type Locale, type MessageId } from '../i18n/i18n';
import { zoneName } from '../lib/zones';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };
const MIN_PASSWORD = 12;

/**
 * What a form says once its request has ended: a message (by id) or the failure. What to say,
 * not the words: it is worded when shown, so it is in the language of the page as it is now —
 * saving a switch to Spanish confirms it in Spanish, though the click came from English.
 */
type Outcome = { kind: 'success'; message: MessageId } | { kind: 'error'; problem: unknown };

function Result({ outcome }: { outcome: Outcome | null }) {
  const t = useT();
  const problemText = useProblemText();
  const ref = useRef<HTMLDivElement>(null);
  // Focused when a new outcome comes, not when the same one is worded again in a new language.
  useEffect(() => {
    if (outcome) ref.current?.focus();
  }, [outcome]);
  const kind = outcome?.kind ?? 'success';
  return (
    <div ref={ref} tabIndex={-1} role={kind === 'error' ? 'alert' : 'status'}>
      {outcome && (
        <div className={`alert alert--${kind}`}>
          <p>{outcome.kind === 'error' ? problemText(outcome.problem) : t(outcome.message)}</p>
        </div>
      )}
    </div>
  );
}

function ProfileForm() {
  const t = useT();
  const user = useUser();
  const { setUser } = useSession();
  const [name, setName] = useState(user.name);
  const [locale, setLocale] = useState<Locale>(user.locale);
  // The header's language link changes the user's language too: follow it, or saving this
  // form (say, for a new zone) would quietly switch the language back.
  const [followedLocale, setFollowedLocale] = useState<Locale>(user.locale);
  if (followedLocale !== user.locale) {
    setFollowedLocale(user.locale);
    setLocale(user.locale);
  }
  const [timeZone, setTimeZone] = useState(user.timeZone);
  // Message ids, worded when shown (see `Outcome`).
  const [errors, setErrors] = useState<{
    name?: MessageId;
    timeZone?: MessageId;
    locale?: MessageId;
  }>({});
  const [result, setResult] = useState<Outcome | null>(null);

  const save = useMutation({
    mutationFn: () =>
      call(api.PATCH('/api/v1/me', { body: { name: name.trim(), locale, timeZone } })),
    onSuccess: (updated) => {
      setUser(updated);
      setErrors({});
      setResult({ kind: 'success', message: 'profile.saved' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, ['name', 'locale', 'timeZone'] as const);
        setErrors({
          name: byField.name ? 'profile.error.name' : undefined,
          locale: byField.locale ? 'profile.error.locale' : undefined,
          timeZone: byField.timeZone ? 'profile.error.timeZone' : undefined,
        });
      }
      setResult({ kind: 'error', problem: error });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    if (!name.trim()) {
      setErrors({ name: 'profile.error.name' });
      document.getElementById('profile-name')?.focus();
      return;
    }
    save.mutate();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="profile-details">
      <h2 id="profile-details">{t('profile.details')}</h2>
      <Result outcome={result} />
      <p>
        <strong>{t('profile.email')}</strong> {user.email}
      </p>
      <div className="field">
        <label htmlFor="profile-name">{t('profile.name')}</label>
        <input
          id="profile-name"
          type="text"
          autoComplete="name"
          value={name}
          maxLength={200}
          aria-invalid={!!errors.name}
          aria-describedby={errors.name ? 'profile-name-error' : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        {errors.name && (
          <p className="field-error" id="profile-name-error">
            {t(errors.name)}
          </p>
        )}
      </div>
      <fieldset>
        <legend>{t('profile.language')}</legend>
        {LOCALES.map((l) => (
          <div className="radio" key={l}>
            <input
              type="radio"
              id={`profile-lang-${l}`}
              name="profile-lang"
              checked={locale === l}
              onChange={() => setLocale(l)}
            />
            <label htmlFor={`profile-lang-${l}`} lang={l}>
              {LANGUAGE_NAMES[l]}
            </label>
          </div>
        ))}
        {errors.locale && <p className="field-error">{t(errors.locale)}</p>}
      </fieldset>
      <ZonePicker
        label={t('profile.zone')}
        value={timeZone}
        onChange={setTimeZone}
        error={errors.timeZone && t(errors.timeZone)}
        description={t('profile.zone.hint', {
          zone: zoneName(timeZone, FORMAT_LOCALES[user.locale]),
        })}
      />
      <div>
        <BusyButton type="submit" className="button" busy={save.isPending}>
          {t('profile.save')}
        </BusyButton>
      </div>
    </form>
  );
}

function PasswordForm() {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  // Message ids, worded when shown (see `Outcome`).
  const [errors, setErrors] = useState<{ currentPassword?: MessageId; newPassword?: MessageId }>(
    {},
  );
  const [result, setResult] = useState<Outcome | null>(null);

  const change = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/me/password', { body: { currentPassword: current, newPassword: next } }),
      ),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setErrors({});
      setResult({ kind: 'success', message: 'password.changed' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, [
          'currentPassword',
          'newPassword',
        ] as const);
        const fieldErrors: typeof errors = {
          currentPassword: byField.currentPassword ? 'password.error.current' : undefined,
          newPassword: byField.newPassword ? 'password.error.new' : undefined,
        };
        // A wrong current password may come without a field: it is that field's problem.
        if (!fieldErrors.currentPassword && !fieldErrors.newPassword)
          fieldErrors.currentPassword = 'password.error.current';
        setErrors(fieldErrors);
        document
          .getElementById(fieldErrors.currentPassword ? 'password-current' : 'password-new')
          ?.focus();
        setResult(null);
        return;
      }
      setResult({ kind: 'error', problem: error });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const local: typeof errors = {};
    if (!current) local.currentPassword = 'password.error.currentMissing';
    if (next.length < MIN_PASSWORD) local.newPassword = 'password.error.new';
    setErrors(local);
    if (local.currentPassword || local.newPassword) {
      document.getElementById(local.currentPassword ? 'password-current' : 'password-new')?.focus();
      return;
    }
    change.mutate();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="password-title">
      <h2 id="password-title">{t('password.title')}</h2>
      <Result outcome={result} />
      <div className="field">
        <label htmlFor="password-current">{t('password.current')}</label>
        <input
          id="password-current"
          type="password"
          autoComplete="current-password"
          value={current}
          aria-invalid={!!errors.currentPassword}
          aria-describedby={errors.currentPassword ? 'password-current-error' : undefined}
          onChange={(e) => setCurrent(e.target.value)}
        />
        {errors.currentPassword && (
          <p className="field-error" id="password-current-error">
            {t(errors.currentPassword)}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor="password-new">{t('password.new')}</label>
        <p className="hint" id="password-new-hint">
          {t('password.new.hint', { min: MIN_PASSWORD })}
        </p>
        <input
          id="password-new"
          type="password"
          autoComplete="new-password"
          value={next}
          aria-invalid={!!errors.newPassword}
          aria-describedby={`password-new-hint${errors.newPassword ? ' password-new-error' : ''}`}
          onChange={(e) => setNext(e.target.value)}
        />
        {errors.newPassword && (
          <p className="field-error" id="password-new-error">
            {t(errors.newPassword)}
          </p>
        )}
      </div>
      <div>
        <BusyButton type="submit" className="button" busy={change.isPending}>
          {t('password.submit')}
        </BusyButton>
      </div>
    </form>
  );
}

export function ProfilePage() {
  const t = useT();
  return (
    <section>
      <PageTitle title={t('profile.title')}>{t('profile.title')}</PageTitle>
      <div className="two-col">
        <ProfileForm />
        <PasswordForm />
      </div>
      <section aria-labelledby="delegations-title">
        <h2 id="delegations-title">{t('delegations.title')}</h2>
        <MyDelegations headingLevel={3} />
      </section>
    </section>
  );
}
