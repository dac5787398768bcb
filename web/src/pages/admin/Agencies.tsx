import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, call } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
import { PAGE_SIZE } from '../../app/search';
import { useBi } from '../../components/bits';
import { BusyButton, ErrorAlert, Loading, PageTitle, Pagination } from '../../components/common';
import { TableRegion } from '../../components/TableRegion';
import { useT } from '../../i18n/i18n';
import { zoneName } from '../../lib/zones';
import { useLocale } from '../../i18n/i18n';
import { AdminNav } from './AdminNav';
import { focusFirstError, SearchBox, TextField } from './fields';

const route = getRouteApi('/signed-in/manage/manage/agencies');

const FIELDS = ['code', 'country', 'name', 'email', 'timeZone'] as const;

function CreateAgency() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [country, setCountry] = useState<'MX' | 'US'>('MX');
  const [nameEs, setNameEs] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string[]>>>({});
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/agencies', {
          body: {
            code: code.trim(),
            country,
            name: { en: nameEn.trim(), es: nameEs.trim() },
            ...(email.trim() ? { email: email.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (agency) => {
      await queryClient.invalidateQueries({ queryKey: ['agencies'] });
      await navigate({ to: '/manage/agencies/$agencyId', params: { agencyId: agency.id } });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const { byField } = problemToFields(error.problem, FIELDS);
        setErrors(byField);
        focusFirstError(byField, {
          code: 'agency-code',
          country: 'agency-country',
          name: 'agency-name-es',
          email: 'agency-email',
        });
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    create.mutate();
  };
  const err = (f: (typeof FIELDS)[number]) => (errors[f] ? t(`agencies.error.${f}`) : undefined);
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="new-agency">
      <h2 id="new-agency">{t('agencies.new')}</h2>
      <ErrorAlert error={create.error} />
      <TextField
        id="agency-code"
        label={t('agencies.code')}
        hint={t('agencies.code.hint')}
        value={code}
        onChange={(v) => setCode(v.toUpperCase())}
        error={err('code')}
      />
      <div className="field">
        <label htmlFor="agency-country">{t('agencies.country')}</label>
        <select
          id="agency-country"
          value={country}
          onChange={(e) => setCountry(e.target.value as 'MX' | 'US')}
        >
          <option value="MX">{t('country.MX')}</option>
          <option value="US">{t('country.US')}</option>
        </select>
      </div>
      <TextField
        id="agency-name-es"
        lang="es"
        label={t('agencies.nameEs')}
        value={nameEs}
        onChange={setNameEs}
        error={err('name')}
      />
      <TextField
        id="agency-name-en"
        lang="en"
        label={t('agencies.nameEn')}
        value={nameEn}
        onChange={setNameEn}
        error={err('name')}
      />
      <TextField
        id="agency-email"
        type="email"
        label={t('agencies.email')}
        value={email}
        onChange={setEmail}
        error={err('email')}
      />
      <p className="hint">{t('agencies.zone.default')}</p>
      <div>
        <BusyButton type="submit" className="button" busy={create.isPending}>
          {t('agencies.create')}
        </BusyButton>
      </div>
    </form>
  );
}

/** Every agency (search by code or name, a page at a time) and a form for a new one. */
export function AgenciesPage() {
  const t = useT();
  const bi = useBi();
  const { formatLocale } = useLocale();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const pageNo = search.page ?? 1;
  const agencies = useQuery({
    queryKey: ['agencies', 'page', search],
    queryFn: () =>
      call(
        api.GET('/api/v1/agencies', {
          params: {
            query: { q: search.q, limit: PAGE_SIZE, offset: (pageNo - 1) * PAGE_SIZE },
          },
        }),
      ),
  });
  return (
    <>
      <AdminNav />
      <PageTitle title={t('agencies.title')}>{t('agencies.title')}</PageTitle>
      <SearchBox
        id="agencies-q"
        label={t('agencies.search')}
        value={search.q}
        onSearch={(q) => void navigate({ search: { q } })}
      />
      {agencies.isPending && <Loading />}
      <ErrorAlert error={agencies.error} />
      {agencies.data && (
        <>
          <TableRegion labelledBy="agencies-caption" hidden={agencies.data.items.length === 0}>
            <table>
              <caption id="agencies-caption" className="visually-hidden">
                {t('agencies.title')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('agencies.code')}</th>
                  <th scope="col">{t('agencies.name')}</th>
                  <th scope="col">{t('agencies.country')}</th>
                  <th scope="col">{t('agencies.zone')}</th>
                  <th scope="col">{t('agencies.daysOff')}</th>
                </tr>
              </thead>
              <tbody>
                {agencies.data.items.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to="/manage/agencies/$agencyId" params={{ agencyId: a.id }}>
                        {a.code}
                      </Link>
                    </th>
                    <td>{bi(a.name)}</td>
                    <td>{t(`country.${a.country}`)}</td>
                    <td>{zoneName(a.timeZone, formatLocale)}</td>
                    <td>{a.nonWorkingDays.length}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          {agencies.data.items.length === 0 && (
            <p>{search.q ? t('admin.noMatch', { q: search.q }) : t('admin.none')}</p>
          )}
          <Pagination
            page={pageNo}
            total={agencies.data.total}
            makeSearch={(page) => ({ ...search, page })}
          />
        </>
      )}
      <CreateAgency />
    </>
  );
}
