import { useMutation, useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useId, useState, type FormEvent } from 'react';
import { api, call, useIdempotencyKey } from '../api/client';
import { fetchAll, useChainNames, useGroups } from '../api/queries';
import { PAGE_SIZE } from '../app/search';
import { useUser } from '../auth/session';
import { StatusTag, useBi } from '../components/bits';
import { ProjectDocuments } from '../components/Documents';
import {
  BusyButton,
  DateTime,
  ErrorAlert,
  Loading,
  PageTitle,
  Pagination,
  useProblemText,
} from '../components/common';
import { hasMessage, useT, type MessageId } from '../i18n/i18n';

const route = getRouteApi('/signed-in/projects/$projectId');

function StartWorkflow({ projectId }: { projectId: string }) {
  const t = useT();
  const bi = useBi();
  const id = useId();
  const navigate = useNavigate();
  const problemText = useProblemText();
  const [chainKey, setChainKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const { key, settled } = useIdempotencyKey();
  const chains = useQuery({
    queryKey: ['approval-chains', 'published'],
    queryFn: () =>
      fetchAll((offset, limit) =>
        call(
          api.GET('/api/v1/approval-chains', {
            params: { query: { status: 'published', offset, limit } },
          }),
        ),
      ),
  });
  // The latest published version of each key (the one a new workflow runs on).
  const latest = new Map<
    string,
    { key: string; version: number; name: { en: string; es: string } }
  >();
  for (const c of chains.data ?? [])
    if ((latest.get(c.key)?.version ?? 0) < c.version) latest.set(c.key, c);
  const start = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/projects/{projectId}/workflows', {
          params: { path: { projectId } },
          headers: { 'Idempotency-Key': key },
          body: { chainKey },
        }),
      ),
    onSuccess: (workflow) =>
      void navigate({ to: '/workflows/$workflowId', params: { workflowId: workflow.id } }),
    onSettled: settled,
    onError: (e) => {
      setError(problemText(e));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chainKey) {
      setError(t('project.start.error.chain'));
      document.getElementById(`${id}-chain`)?.focus();
      return;
    }
    setError(null);
    start.mutate();
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('project.start.title')}</h2>
      {error && (
        <div className="alert alert--error" role="alert">
          <p>{error}</p>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-chain`}>{t('project.start.chain')}</label>
        <select
          id={`${id}-chain`}
          value={chainKey}
          onChange={(e) => setChainKey(e.target.value)}
          aria-invalid={!!error && !chainKey}
        >
          <option value="">{t('project.start.choose')}</option>
          {[...latest.values()].map((c) => (
            <option key={c.key} value={c.key}>
              {bi(c.name)} ({t('workflow.chainVersion', { key: c.key, version: c.version })})
            </option>
          ))}
        </select>
      </div>
      <div>
        <BusyButton type="submit" className="button" busy={start.isPending}>
          {t('project.start.submit')}
        </BusyButton>
      </div>
    </form>
  );
}

export function ProjectPage() {
  const t = useT();
  const bi = useBi();
  const user = useUser();
  const { projectId } = route.useParams();
  const search = route.useSearch();
  const page = search.page ?? 1;
  const groups = useGroups();
  const chainNames = useChainNames();
  const project = useQuery({
    queryKey: ['project', projectId],
    queryFn: () => call(api.GET('/api/v1/projects/{id}', { params: { path: { id: projectId } } })),
  });
  const workflows = useQuery({
    queryKey: ['project-workflows', projectId, page],
    queryFn: () =>
      call(
        api.GET('/api/v1/projects/{projectId}/workflows', {
          params: {
            path: { projectId },
            query: { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
          },
        }),
      ),
  });
  if (project.isPending) return <Loading />;
  if (!project.data)
    return (
      <section>
        <PageTitle title={t('projects.title')}>{t('projects.title')}</PageTitle>
        <ErrorAlert error={project.error} />
      </section>
    );
  const p = project.data;
  const title = `${p.code} — ${bi(p.name)}`;
  const canStart = user.roles.includes('coordinator') || user.roles.includes('admin');
  const attributes = Object.entries(p.attributes);
  return (
    <section>
      <p>
        <Link to="/projects">{t('project.back')}</Link>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      <dl className="meta">
        <div>
          <dt>{t('project.type')}</dt>
          <dd>{t(`project.type.${p.type}` as MessageId)}</dd>
        </div>
        <div>
          <dt>{t('project.status')}</dt>
          <dd>{t(`project.status.${p.status}` as MessageId)}</dd>
        </div>
        {p.technicalGroupCode && (
          <div>
            <dt>{t('filters.group')}</dt>
            <dd>
              <Link to="/technical-groups/$code" params={{ code: p.technicalGroupCode }}>
                {bi(groups.data?.get(p.technicalGroupCode)?.name) || p.technicalGroupCode}
              </Link>
            </dd>
          </div>
        )}
      </dl>
      <h2>{t('project.attributes')}</h2>
      {attributes.length === 0 ? (
        <p>{t('project.noAttributes')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('project.attribute')}</th>
              <th scope="col">{t('project.value')}</th>
            </tr>
          </thead>
          <tbody>
            {attributes.map(([name, value]) => {
              // Attributes are free-form; the usual ones have words, any other shows its name.
              const label = `project.attribute.${name}`;
              return (
                <tr key={name}>
                  <th scope="row">{hasMessage(label) ? t(label) : name}</th>
                  <td>
                    {typeof value === 'boolean'
                      ? t(value ? 'common.yes' : 'common.no')
                      : String(value)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <h2>{t('project.workflows')}</h2>
      <ErrorAlert error={workflows.error} />
      {workflows.data && (
        <>
          {workflows.data.items.length === 0 ? (
            <p>{t('project.noWorkflows')}</p>
          ) : (
            <ul className="cards">
              {workflows.data.items.map((w) => (
                <li key={w.id} className="card">
                  <h3>
                    <Link to="/workflows/$workflowId" params={{ workflowId: w.id }}>
                      {t('workflow.chainVersion', {
                        key: bi(chainNames.data?.get(w.chainKey)) || w.chainKey,
                        version: w.chainVersion,
                      })}
                    </Link>{' '}
                    <StatusTag status={w.status} kind="workflow" />
                  </h3>
                  <p className="hint">
                    {t('workflow.started')}: <DateTime value={w.startedAt} />
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Pagination
            page={page}
            total={workflows.data.total}
            makeSearch={(n) => ({ page: n > 1 ? n : undefined })}
          />
        </>
      )}
      {canStart && <StartWorkflow projectId={p.id} />}
      <ProjectDocuments
        projectId={p.id}
        canUpload={canStart}
        stepNames={(workflowId, stepKey) =>
          bi(
            workflows.data?.items
              .find((w) => w.id === workflowId)
              ?.steps.find((s) => s.key === stepKey)?.name,
          ) || undefined
        }
      />
    </section>
  );
}
