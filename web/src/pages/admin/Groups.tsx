import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { ApiError, problemToFields } from '../../api/problem';
import { fetchAll, useAgencies, useGroups } from '../../api/queries';
import { useBi } from '../../components/bits';
import { BusyButton, ErrorAlert, Loading, PageTitle } from '../../components/common';
import { TableRegion } from '../../components/TableRegion';
import { useT } from '../../i18n/i18n';
import { AdminNav } from './AdminNav';
import { focusFirstError, TextField } from './fields';

type CreateDto = Schemas['CreateTechnicalGroupDto'];
type Group = Schemas['TechnicalGroupView'];
export const MX_STATES: CreateDto['mxStates'] = [
  'BCN', 'BCS', 'SON', 'CHH', 'COA', 'NLE', 'TAM', 'SIN', 'DUR', 'AGU', 'CAM', 'CHP', 'CMX',
  'COL', 'GUA', 'GRO', 'HID', 'JAL', 'MEX', 'MIC', 'MOR', 'NAY', 'OAX', 'PUE', 'QUE', 'ROO',
  'SLP', 'TAB', 'TLA', 'VER', 'YUC', 'ZAC',
]; // prettier-ignore
export const US_STATES: CreateDto['usStates'] = [
  'CA', 'AZ', 'NM', 'TX', 'AL', 'AK', 'AR', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID',
  'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE',
  'NV', 'NH', 'NJ', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'UT',
  'VT', 'VA', 'WA', 'WV', 'WI', 'WY',
]; // prettier-ignore

/** Every active user with an agency (co-chairs are chosen among them), with that agency's country. */
function useCoChairCandidates() {
  const agencies = useAgencies();
  const users = useQuery({
    queryKey: ['users', 'all'],
    queryFn: () =>
      fetchAll((offset, limit) =>
        call(api.GET('/api/v1/users', { params: { query: { offset, limit } } })),
      ),
  });
  const byId = new Map([...(agencies.data?.values() ?? [])].map((a) => [a.id, a]));
  const of = (country: 'MX' | 'US') =>
    (users.data ?? [])
      .filter((u) => u.active && u.agencyId && byId.get(u.agencyId)?.country === country)
      .map((u) => ({ id: u.id, label: `${u.name} (${byId.get(u.agencyId!)!.code})` }));
  return { MX: of('MX'), US: of('US') };
}

function Checkboxes<T extends string>({
  legend,
  idPrefix,
  options,
  value,
  onChange,
  error,
  label = (o) => o,
}: {
  legend: string;
  idPrefix: string;
  options: readonly T[];
  value: T[];
  onChange: (value: T[]) => void;
  error?: string;
  label?: (option: T) => string;
}) {
  return (
    <fieldset className="checkbox-grid" aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <div className="checkbox" key={o}>
          <input
            type="checkbox"
            id={`${idPrefix}-${o}`}
            checked={value.includes(o)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, o] : value.filter((x) => x !== o))
            }
          />
          <label htmlFor={`${idPrefix}-${o}`}>{label(o)}</label>
        </div>
      ))}
      {error && (
        <p className="field-error" id={`${idPrefix}-error`}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

const FIELDS = ['code', 'name', 'mxStates', 'usStates', 'coChairs', 'memberAgencyCodes'] as const;

/** Creates a group (no `group`) or changes one: names, states, co-chairs, member agencies. */
export function GroupForm({ group }: { group?: Group }) {
  const t = useT();
  const bi = useBi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const agencies = useAgencies();
  const candidates = useCoChairCandidates();
  const [code, setCode] = useState(group?.code ?? '');
  const [nameEs, setNameEs] = useState(group?.name.es ?? '');
  const [nameEn, setNameEn] = useState(group?.name.en ?? '');
  const [mxStates, setMxStates] = useState<CreateDto['mxStates']>(group?.mxStates ?? []);
  const [usStates, setUsStates] = useState<CreateDto['usStates']>(group?.usStates ?? []);
  const [mx, setMx] = useState(group?.coChairs.mx.userId ?? '');
  const [us, setUs] = useState(group?.coChairs.us.userId ?? '');
  const [members, setMembers] = useState<string[]>(group?.memberAgencies.map((a) => a.code) ?? []);
  const [errors, setErrors] = useState<Partial<Record<(typeof FIELDS)[number], string[]>>>({});
  const save = useMutation({
    mutationFn: async (): Promise<Group> => {
      const name = { en: nameEn.trim(), es: nameEs.trim() };
      if (group)
        return call(
          api.PATCH('/api/v1/technical-groups/{id}', {
            params: { path: { id: group.id } },
            body: { name, mxStates, usStates, coChairs: { mx, us }, memberAgencyCodes: members },
          }),
        );
      return call(
        api.POST('/api/v1/technical-groups', {
          body: {
            code: code.trim(),
            name,
            mxStates,
            usStates,
            coChairs: { mx, us },
            memberAgencyCodes: members,
          },
        }),
      );
    },
    onSuccess: async (saved) => {
      setErrors({});
      await queryClient.invalidateQueries({ queryKey: ['technical-groups'] });
      if (!group) await navigate({ to: '/manage/groups/$groupId', params: { groupId: saved.id } });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const { byField } = problemToFields(error.problem, FIELDS);
        setErrors(byField);
        focusFirstError(byField, {
          ...(group ? {} : { code: 'group-code' }),
          name: 'group-name-es',
          coChairs: 'group-chair-MX',
          mxStates: `group-mx-${MX_STATES[0]}`,
          usStates: `group-us-${US_STATES[0]}`,
          memberAgencyCodes: `group-member-${[...(agencies.data?.keys() ?? [])][0]}`,
        });
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  const err = (f: (typeof FIELDS)[number]) => (errors[f] ? t(`groupsAdmin.error.${f}`) : undefined);
  const chair = (seat: 'MX' | 'US', value: string, set: (v: string) => void) => (
    <div className="field">
      <label htmlFor={`group-chair-${seat}`}>{t(`groupsAdmin.coChair.${seat}`)}</label>
      <select
        id={`group-chair-${seat}`}
        value={value}
        aria-invalid={!!errors.coChairs || undefined}
        aria-describedby={errors.coChairs ? 'group-chairs-error' : undefined}
        onChange={(e) => set(e.target.value)}
      >
        <option value="">{t('groupsAdmin.coChair.choose')}</option>
        {candidates[seat].map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby="group-form">
      <h2 id="group-form">{group ? t('groupsAdmin.details') : t('groupsAdmin.new')}</h2>
      <ErrorAlert error={save.error} />
      <div role="status">
        {save.isSuccess && group && (
          <div className="alert alert--success">
            <p>{t('admin.saved')}</p>
          </div>
        )}
      </div>
      <TextField
        id="group-code"
        label={t('groupsAdmin.code')}
        value={code}
        readOnly={!!group}
        onChange={(v) => setCode(v.toUpperCase())}
        error={err('code')}
      />
      <TextField
        id="group-name-es"
        lang="es"
        label={t('agencies.nameEs')}
        value={nameEs}
        onChange={setNameEs}
        error={err('name')}
      />
      <TextField
        id="group-name-en"
        lang="en"
        label={t('agencies.nameEn')}
        value={nameEn}
        onChange={setNameEn}
        error={err('name')}
      />
      {chair('MX', mx, setMx)}
      {chair('US', us, setUs)}
      {errors.coChairs && (
        <p className="field-error" id="group-chairs-error">
          {err('coChairs')}
        </p>
      )}
      <Checkboxes
        legend={t('groupsAdmin.mxStates')}
        idPrefix="group-mx"
        options={MX_STATES}
        value={mxStates}
        onChange={setMxStates}
        error={err('mxStates')}
      />
      <Checkboxes
        legend={t('groupsAdmin.usStates')}
        idPrefix="group-us"
        options={US_STATES}
        value={usStates}
        onChange={setUsStates}
        error={err('usStates')}
      />
      <Checkboxes
        legend={t('groupsAdmin.members')}
        idPrefix="group-member"
        options={[...(agencies.data?.keys() ?? [])]}
        value={members}
        onChange={setMembers}
        error={err('memberAgencyCodes')}
        label={(c) => {
          const a = agencies.data?.get(c);
          return a ? `${c} — ${bi(a.name)} (${t(`country.short.${a.country}`)})` : c;
        }}
      />
      <div>
        <BusyButton type="submit" className="button" busy={save.isPending}>
          {group ? t('admin.save') : t('groupsAdmin.create')}
        </BusyButton>
      </div>
    </form>
  );
}

export function GroupsAdminPage() {
  const t = useT();
  const bi = useBi();
  const groups = useGroups();
  return (
    <>
      <AdminNav />
      <PageTitle title={t('groupsAdmin.title')}>{t('groupsAdmin.title')}</PageTitle>
      {groups.isPending && <Loading />}
      <ErrorAlert error={groups.error} />
      {groups.data && (
        <TableRegion labelledBy="groups-admin-caption">
          <table>
            <caption id="groups-admin-caption" className="visually-hidden">
              {t('groupsAdmin.title')}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('groupsAdmin.name')}</th>
                <th scope="col">{t('groupsAdmin.coChairs')}</th>
                <th scope="col">{t('groupsAdmin.states')}</th>
                <th scope="col">{t('groupsAdmin.members')}</th>
              </tr>
            </thead>
            <tbody>
              {[...groups.data.values()].map((g) => (
                <tr key={g.id}>
                  <th scope="row">
                    <Link to="/manage/groups/$groupId" params={{ groupId: g.id }}>
                      {bi(g.name)} ({g.code})
                    </Link>
                  </th>
                  <td>
                    {g.coChairs.mx.name}; {g.coChairs.us.name}
                  </td>
                  <td>{[...g.mxStates, ...g.usStates].join(', ')}</td>
                  <td>{g.memberAgencies.map((a) => a.code).join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <GroupForm />
    </>
  );
}
