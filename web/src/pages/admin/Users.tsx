import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
import { useAgencies } from '../../api/queries';
import { PAGE_SIZE } from '../../app/search';
import { BusyButton, ErrorAlert, Loading, PageTitle, Pagination } from '../../components/common';
import { TableRegion } from '../../components/TableRegion';
import { useT, type MessageId } from '../../i18n/i18n';
import { AdminNav } from './AdminNav';
import { focusFirstError, SearchBox, TextField } from './fields';

const route = getRouteApi('/signed-in/manage/manage/users');

export const ROLES = ['admin', 'coordinator', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const MIN_PASSWORD = 12;

/** Checkboxes for a user's roles. */
export function RolesField({
  idPrefix,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  value: Role[];
  onChange: (roles: Role[]) => void;
  error?: string;
}) {
  const t = useT();
  return (
    <fieldset aria-describedby={error ? `${idPrefix}-roles-error` : undefined}>
      <legend>{t('users.roles')}</legend>
      {ROLES.map((role) => (
        <div className="checkbox" key={role}>
          <input
            type="checkbox"
            id={`${idPrefix}-role-${role}`}
            checked={value.includes(role)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, role] : value.filter((r) => r !== role))
            }
          />
          <label htmlFor={`${idPrefix}-role-${role}`}>{t(`users.role.${role}` as MessageId)}</label>
        </div>
      ))}
      {error && (
        <p className="field-error" id={`${idPrefix}-roles-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** A select of every agency (or none). */
export function AgencyField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (agencyId: string) => void;
  error?: string;
}) {
  const t = useT();
  const agencies = useAgencies();
  return (
    <div className="field">
      <label htmlFor={id}>{t('users.agency')}</label>
      <select
        id={id}
        value={value}
        aria-invalid={!!error || undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">{t('users.agency.none')}</option>
        {[...(agencies.data?.values() ?? [])].map((a) => (
          <option key={a.id} value={a.id}>
            {a.code} ({t(`country.short.${a.country}`)})
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

const FIELDS = ['email', 'name', 'password', 'agencyId', 'roles'] as const;

function CreateUser() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [agencyId, setAgencyId] = useState('');
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string[]>>>({});
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/users', {
          body: {
            email: email.trim(),
            name: name.trim(),
            password,
            roles,
            ...(agencyId ? { agencyId } : {}),
          },
        }),
      ),
    onSuccess: async (user) => {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      await navigate({ to: '/manage/users/$userId', params: { userId: user.id } });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const { byField } = problemToFields(error.problem, FIELDS);
        setErrors(byField);
        focusFirstError(byField, {
          name: 'user-name',
          email: 'user-email',
          password: 'user-password',
          agencyId: 'user-agency',
          roles: 'user-role-admin',
        });
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    create.mutate();
  };
  const err = (f: (typeof FIELDS)[number]) => (errors[f] ? t(`users.error.${f}`) : undefined);
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="new-user">
      <h2 id="new-user">{t('users.new')}</h2>
      <ErrorAlert error={create.error} />
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
      <TextField
        id="user-password"
        type="password"
        autoComplete="new-password"
        label={t('users.password')}
        hint={t('users.password.hint', { min: MIN_PASSWORD })}
        value={password}
        onChange={setPassword}
        error={err('password')}
      />
      <AgencyField
        id="user-agency"
        value={agencyId}
        onChange={setAgencyId}
        error={err('agencyId')}
      />
      <RolesField idPrefix="user" value={roles} onChange={setRoles} error={err('roles')} />
      <p className="hint">{t('users.defaults')}</p>
      <div>
        <BusyButton type="submit" className="button" busy={create.isPending}>
          {t('users.create')}
        </BusyButton>
      </div>
    </form>
  );
}

/** Every user, searched by name or email, a page at a time; and a form for a new one. */
export function UsersPage() {
  const t = useT();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const agencies = useAgencies();
  const byId = new Map<string, Schemas['AgencyView']>(
    [...(agencies.data?.values() ?? [])].map((a) => [a.id, a]),
  );
  const pageNo = search.page ?? 1;
  const users = useQuery({
    queryKey: ['users', 'page', search],
    queryFn: () =>
      call(
        api.GET('/api/v1/users', {
          params: {
            query: { q: search.q, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE },
          },
        }),
      ),
  });
  return (
    <>
      <AdminNav />
      <PageTitle title={t('users.title')}>{t('users.title')}</PageTitle>
      <SearchBox
        id="users-q"
        label={t('users.search')}
        value={search.q}
        onSearch={(q) => void navigate({ search: { q } })}
      />
      {users.isPending && <Loading />}
      <ErrorAlert error={users.error} />
      {users.data && (
        <>
          <TableRegion labelledBy="users-caption" hidden={users.data.items.length === 0}>
            <table>
              <caption id="users-caption" className="visually-hidden">
                {t('users.title')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.agency')}</th>
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.status')}</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <Link to="/manage/users/$userId" params={{ userId: u.id }}>
                        {u.name}
                      </Link>
                    </th>
                    <td>{u.email}</td>
                    <td>{u.agencyId ? (byId.get(u.agencyId)?.code ?? '…') : '—'}</td>
                    <td>{u.roles.map((r) => t(`users.role.${r}` as MessageId)).join(', ')}</td>
                    <td>
                      <span className={`tag tag--${u.active ? 'approved' : 'cancelled'}`}>
                        {t(u.active ? 'users.active' : 'users.inactive')}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          {users.data.items.length === 0 && (
            <p>{search.q ? t('admin.noMatch', { q: search.q }) : t('admin.none')}</p>
          )}
          <Pagination
            page={pageNo}
            total={users.data.total}
            makeSearch={(page) => ({ ...search, page })}
          />
        </>
      )}
      <CreateUser />
    </>
  );
}
