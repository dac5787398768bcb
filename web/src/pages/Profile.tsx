import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { useGroups } from '../api/queries';
import { ApiError, problemToFields } from '../api/problem';
import { useSession, useUser } from '../auth/session';
import { BusyButton, PageTitle, useProblemText } from '../components/common';
import { DelegationForm, DelegationTable } from '../components/Delegations';
import { ZonePicker } from '../components/ZonePicker';
import { FORMAT_LOCALES, LOCALES, useT, type Locale } from '../i18n/i18n';
import { zoneName } from '../lib/zones';

const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };
const MIN_PASSWORD = 12;

function Result({ text, kind }: { text: string | null; kind: 'success' | 'error' }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  return (
    <div ref={ref} tabIndex={-1} role={kind === 'error' ? 'alert' : 'status'}>
      {text && (
        <div className={`alert alert--${kind}`}>
          <p>{text}</p>
        </div>
      )}
    </div>
  );
}

function ProfileForm() {
  const t = useT();
  const user = useUser();
  const { setUser } = useSession();
  const problemText = useProblemText();
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
  const [errors, setErrors] = useState<{ name?: string; timeZone?: string; locale?: string }>({});
  const [result, setResult] = useState<{ text: string; kind: 'success' | 'error' } | null>(null);

  const save = useMutation({
    mutationFn: () =>
      call(api.PATCH('/api/v1/me', { body: { name: name.trim(), locale, timeZone } })),
    onSuccess: (updated) => {
      setUser(updated);
      setErrors({});
      setResult({ text: t('profile.saved'), kind: 'success' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, ['name', 'locale', 'timeZone'] as const);
        setErrors({
          name: byField.name ? t('profile.error.name') : undefined,
          locale: byField.locale ? t('profile.error.locale') : undefined,
          timeZone: byField.timeZone ? t('profile.error.timeZone') : undefined,
        });
      }
      setResult({ text: problemText(error), kind: 'error' });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    if (!name.trim()) {
      setErrors({ name: t('profile.error.name') });
      document.getElementById('profile-name')?.focus();
      return;
    }
    save.mutate();
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="profile-details">
      <h2 id="profile-details">{t('profile.details')}</h2>
      <Result text={result?.text ?? null} kind={result?.kind ?? 'success'} />
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
            {errors.name}
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
        {errors.locale && <p className="field-error">{errors.locale}</p>}
      </fieldset>
      <ZonePicker
        label={t('profile.zone')}
        value={timeZone}
        onChange={setTimeZone}
        error={errors.timeZone}
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
  const problemText = useProblemText();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<{ currentPassword?: string; newPassword?: string }>({});
  const [result, setResult] = useState<{ text: string; kind: 'success' | 'error' } | null>(null);

  const change = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/me/password', { body: { currentPassword: current, newPassword: next } }),
      ),
    onSuccess: () => {
      setCurrent('');
      setNext('');
      setErrors({});
      setResult({ text: t('password.changed'), kind: 'success' });
    },
    onError: (error) => {
      if (error instanceof ApiError && error.status === 400) {
        const { byField } = problemToFields(error.problem, [
          'currentPassword',
          'newPassword',
        ] as const);
        const fieldErrors = {
          currentPassword: byField.currentPassword ? t('password.error.current') : undefined,
          newPassword: byField.newPassword ? t('password.error.new') : undefined,
        };
        // A wrong current password may come without a field: it is that field's problem.
        if (!fieldErrors.currentPassword && !fieldErrors.newPassword)
          fieldErrors.currentPassword = t('password.error.current');
        setErrors(fieldErrors);
        document
          .getElementById(fieldErrors.currentPassword ? 'password-current' : 'password-new')
          ?.focus();
        setResult(null);
        return;
      }
      setResult({ text: problemText(error), kind: 'error' });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(null);
    const local: typeof errors = {};
    if (!current) local.currentPassword = t('password.error.currentMissing');
    if (next.length < MIN_PASSWORD) local.newPassword = t('password.error.new');
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
      <Result text={result?.text ?? null} kind={result?.kind ?? 'success'} />
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
            {errors.currentPassword}
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
            {errors.newPassword}
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

/**
 * Who may stand in for the reader, in words that fit what they sign: an approver's substitute
 * is of their agency; a co-chair's, for the group's seat, of an agency of their country.
 */
function DelegationIntro() {
  const t = useT();
  const user = useUser();
  const groups = useGroups();
  const chair = [...(groups.data?.values() ?? [])].some(
    (g) => g.coChairs.mx.userId === user.id || g.coChairs.us.userId === user.id,
  );
  const approver = user.roles.includes('approver');
  const kind = approver && chair ? 'both' : chair ? 'chair' : approver ? 'approver' : 'other';
  return <p className="hint">{t('delegations.intro', { kind })}</p>;
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
        <DelegationIntro />
        <DelegationTable mine caption={t('delegations.mine')} />
        <DelegationForm />
      </section>
    </section>
  );
}
