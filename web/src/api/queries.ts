import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from './client';

/** Every page of a `{items,total,limit,offset}` list (at most `cap` items), 200 at a time. */
export async function fetchAll<T>(
  load: (offset: number, limit: number) => Promise<{ items: T[]; total: number }>,
  cap = 2000,
): Promise<T[]> {
  const items: T[] = [];
  for (let offset = 0; offset < cap; offset += 200) {
    const page = await load(offset, 200);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) break;
  }
  return items;
}

const LONG = 10 * 60_000;

/** Every agency (a few dozen): their names, countries and zones, by code. */
export function useAgencies() {
  return useQuery({
    queryKey: ['agencies', 'all'],
    staleTime: LONG,
    queryFn: async () => {
      const items = await fetchAll((offset, limit) =>
        call(api.GET('/api/v1/agencies', { params: { query: { offset, limit } } })),
      );
      return new Map<string, Schemas['AgencyView']>(items.map((a) => [a.code, a]));
    },
  });
}

/** Every technical group, by code (the app's links name groups by code, the API by id). */
export function useGroups() {
  return useQuery({
    queryKey: ['technical-groups', 'all'],
    staleTime: LONG,
    queryFn: async () => {
      const items = await fetchAll((offset, limit) =>
        call(api.GET('/api/v1/technical-groups', { params: { query: { offset, limit } } })),
      );
      return new Map<string, Schemas['TechnicalGroupView']>(items.map((g) => [g.code, g]));
    },
  });
}

/** One group by its code, through the list above. */
export function useGroupByCode(code: string) {
  const groups = useGroups();
  return { ...groups, group: groups.data?.get(code) ?? null };
}

/** Every project (for filters and names), by id. */
export function useAllProjects() {
  return useQuery({
    queryKey: ['projects', 'all'],
    staleTime: 60_000,
    queryFn: async () => {
      const items = await fetchAll((offset, limit) =>
        call(api.GET('/api/v1/projects', { params: { query: { offset, limit } } })),
      );
      return new Map<string, Schemas['ProjectView']>(items.map((p) => [p.id, p]));
    },
  });
}

/**
 * The name of every approval chain that workflows can run, by its key (a few chains, a few
 * versions each): its newest published version's name. Lists name a workflow's chain by this
 * rather than by its key, which is an identifier, not words; filters offer these chains only —
 * a chain never published (a draft) has no workflow to find.
 */
export function useChainNames() {
  return useQuery({
    queryKey: ['approval-chains', 'names'],
    staleTime: LONG,
    queryFn: async () => {
      const items = await fetchAll((offset, limit) =>
        call(
          api.GET('/api/v1/approval-chains', {
            params: { query: { status: 'published', offset, limit } },
          }),
        ),
      );
      const newest = new Map<string, Schemas['ApprovalChainView']>();
      for (const c of items) {
        const seen = newest.get(c.key);
        if (!seen || c.version > seen.version) newest.set(c.key, c);
      }
      return new Map([...newest].map(([key, c]) => [key, c.name]));
    },
  });
}
