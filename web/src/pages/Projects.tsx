import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, call } from '../api/client';
import { useGroups } from '../api/queries';
import { PAGE_SIZE } from '../app/search';
import { GroupFilter, useBi } from '../components/bits';
import { ErrorAlert, Loading, PageTitle, Pagination } from '../components/common';
import { useT, type MessageId } from '../i18n/i18n';

const route = getRouteApi('/signed-in/projects');

export function ProjectsPage() {
  const t = useT();
  const bi = useBi();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/projects' });
  const page = search.page ?? 1;
  const groups = useGroups();
  const [q, setQ] = useState(search.q ?? '');
  const projects = useQuery({
    queryKey: ['projects', 'list', search],
    queryFn: () =>
      call(
        api.GET('/api/v1/projects', {
          params: {
            query: {
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
              ...(search.q ? { q: search.q } : {}),
              ...(search.group ? { technicalGroupCode: search.group } : {}),
            },
          },
        }),
      ),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void navigate({ search: (s) => ({ ...s, q: q.trim() || undefined, page: undefined }) });
  };
  return (
    <section>
      <PageTitle title={t('projects.title')}>{t('projects.title')}</PageTitle>
      <form className="filters" role="search" aria-label={t('projects.filters')} onSubmit={submit}>
        <div className="field">
          <label htmlFor="projects-q">{t('projects.q')}</label>
          <input id="projects-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </div>
        <GroupFilter
          id="projects-group"
          value={search.group}
          onChange={(group) => void navigate({ search: (s) => ({ ...s, group, page: undefined }) })}
        />
        <div>
          <button type="submit" className="button">
            {t('workflows.search')}
          </button>
        </div>
      </form>
      {projects.isPending && <Loading />}
      <ErrorAlert error={projects.error} />
      {projects.data && (
        <>
          <p role="status" aria-live="polite">
            {t('projects.count', { count: projects.data.total })}
          </p>
          <ul className="cards">
            {projects.data.items.map((p) => (
              <li key={p.id} className="card">
                <h2>
                  <Link to="/projects/$projectId" params={{ projectId: p.id }}>
                    {p.code} — {bi(p.name)}
                  </Link>
                </h2>
                <p className="meta">
                  <span>{t(`project.type.${p.type}` as MessageId)}</span>
                  <span>{t(`project.status.${p.status}` as MessageId)}</span>
                  {p.technicalGroupCode && (
                    <span>
                      {bi(groups.data?.get(p.technicalGroupCode)?.name) || p.technicalGroupCode}
                    </span>
                  )}
                </p>
              </li>
            ))}
          </ul>
          <Pagination
            page={page}
            total={projects.data.total}
            makeSearch={(n) => ({ ...search, page: n > 1 ? n : undefined })}
          />
        </>
      )}
    </section>
  );
}
