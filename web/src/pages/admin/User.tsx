import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
import { BusyButton, ErrorAlert, Loading, PageTitle } from '../../components/common';
import { ZonePicker } from '../../components/ZonePicker';
import { LOCALES, useT, type Locale } from '../../i18n/i18n';
import { AdminNav } from './AdminNav';
import { focusFirstError, TextField } from './fields';
import { AgencyField, MIN_PASSWORD, RolesField, type Role } from './Users';

const route = getRouteApi('/signed-in/manage/manage/users/$userId');

type User = Schemas['UserView'];
const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', es: 'Español' };
const FIELDS = ['email', 'name', 'agencyId', 'roles', 'locale', 'timeZone'] as const;

function Status({ text }: { text: string | null }) {
  return (
    <div role="status">
      {text && (
        <div className="alert alert--success">
          <p>{text}</p>
        </div>
      )}
    </div>
  );
}

function UserForm({ user }: { user: User }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState(user.name);
  const [email, setEmail] = useState(user.email);
  const [agencyId, setAgencyId] = useState(user.agencyId ?? '');
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [locale, setLocale] = useState<Locale>(user.locale);
  const [timeZone, setTimeZone] = useState(user.timeZone);
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string[]>>>({});
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: {
            name: name.trim(),
            email: email.trim(),
            agencyId: agencyId || null,
            roles,
            locale,
            timeZone,
          },
        }),
      ),
    onSuccess: async (updated) => {
      setErrors({});
      queryClient.setQueryData(['users', 'one', user.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['users', 'page'] });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const { byField } = problemToFields(error.problem, FIELDS);
        setErrors(byField);
        focusFirstError(byField, {
          name: 'user-name',
          email: 'user-email',
          agencyId: 'user-agency',
          roles: 'user-role-admin',
          locale: `user-lang-${locale}`,
        });
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const err = (f: (typeof FIELDS)[number]) => (errors[f] ? t(`users.error.${f}`) : undefined);
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="user-details">
      <h2 id="user-details">{t('users.details')}</h2>
      <ErrorAlert error={save.error} />
      <Status text={save.isSuccess ? t('admin.saved') : null} />
      <TextField
        id="user-name"
        label={t('users.name')}
        value={name}
        onChange={setName}
        error={err('name')}
      />
      <TextField
        id="user-email"
        type="email"
        label={t('users.email')}
        value={email}
        onChange={setEmail}
        error={err('email')}
      />
      <AgencyField
        id="user-agency"
        value={agencyId}
        onChange={setAgencyId}
        error={err('agencyId')}
      />
      <RolesField idPrefix="user" value={roles} onChange={setRoles} error={err('roles')} />
      <fieldset>
        <legend>{t('users.language')}</legend>
        {LOCALES.map((l) => (
          <div className="radio" key={l}>
            <input
              type="radio"
              id={`user-lang-${l}`}
              name="user-lang"
              checked={locale === l}
              onChange={() => setLocale(l)}
            />
            <label htmlFor={`user-lang-${l}`} lang={l}>
              {LANGUAGE_NAMES[l]}
            </label>
          </div>
        ))}
      </fieldset>
      <ZonePicker
        label={t('users.zone')}
        value={timeZone}
        onChange={setTimeZone}
        error={err('timeZone')}
      />
      <div>
        <BusyButton type="submit" className="button" busy={save.isPending}>
          {t('admin.save')}
        </BusyButton>
      </div>
    </form>
  );
}

/** A new password set by the admin: every session of the user ends (api.md). */
function ResetPassword({ user }: { user: User }) {
  const t = useT();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const reset = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { password } }),
      ),
    onSuccess: () => {
      setPassword('');
      setError(undefined);
    },
    onError: (e) => {
      if (
        e instanceof ApiError &&
        problemToFields(e.problem, ['password'] as const).byField.password
      )
        setError(t('users.password.hint', { min: MIN_PASSWORD }));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (password.length < MIN_PASSWORD) {
      setError(t('users.password.hint', { min: MIN_PASSWORD }));
      document.getElementById('reset-password')?.focus();
      return;
    }
    reset.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="reset-password-title">
      <h2 id="reset-password-title">{t('users.resetPassword')}</h2>
      <p className="hint">{t('users.resetPassword.hint')}</p>
      <ErrorAlert error={reset.error} />
      <Status text={reset.isSuccess ? t('users.resetPassword.done') : null} />
      <TextField
        id="reset-password"
        type="password"
        autoComplete="new-password"
        label={t('users.password.new')}
        value={password}
        onChange={setPassword}
        error={error}
      />
      <div>
        <BusyButton type="submit" className="button" busy={reset.isPending}>
          {t('users.resetPassword.submit')}
        </BusyButton>
      </div>
    </form>
  );
}

function Activation({ user }: { user: User }) {
  const t = useT();
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () =>
      call(
        api.PATCH('/api/v1/users/{id}', {
          params: { path: { id: user.id } },
          body: { active: !user.active },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(['users', 'one', user.id], updated);
      await queryClient.invalidateQueries({ queryKey: ['users', 'page'] });
    },
  });
  return (
    <section aria-labelledby="user-activation">
      <h2 id="user-activation">{t('users.activation')}</h2>
      <p role="status">
        {t(user.active ? 'users.activation.active' : 'users.activation.inactive')}
      </p>
      <ErrorAlert error={toggle.error} />
      <BusyButton
        type="button"
        className={`button ${user.active ? 'button--danger' : ''}`}
        busy={toggle.isPending}
        onClick={() => toggle.mutate()}
      >
        {t(user.active ? 'users.deactivate' : 'users.reactivate')}
      </BusyButton>
    </section>
  );
}

export function UserPage() {
  const t = useT();
  const { userId } = route.useParams();
  const user = useQuery({
    queryKey: ['users', 'one', userId],
    queryFn: () => call(api.GET('/api/v1/users/{id}', { params: { path: { id: userId } } })),
  });
  const title = user.data?.name ?? t('users.title');
  return (
    <>
      <AdminNav />
      <p>
        <Link to="/manage/users">{t('users.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      {user.isPending && <Loading />}
      <ErrorAlert error={user.error} />
      {user.data && (
        <>
          <UserForm key={user.data.id} user={user.data} />
          <Activation user={user.data} />
          <ResetPassword user={user.data} />
        </>
      )}
    </>
  );
}
