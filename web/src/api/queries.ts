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
 * Every approval chain's name by its key (a few chains, a few versions each): the newest
 * published version's name, else the newest draft's. Lists name a workflow's chain by this
 * rather than by its key, which is an identifier, not words.
 */
export function useChainNames() {
  return useQuery({
    queryKey: ['approval-chains', 'names'],
    staleTime: LONG,
    queryFn: async () => {
      const items = await fetchAll((offset, limit) =>
        call(api.GET('/api/v1/approval-chains', { params: { query: { offset, limit } } })),
      );
      const rank = (c: Schemas['ApprovalChainView']) =>
        (c.status === 'published' ? 1_000_000 : 0) + c.version;
      const best = new Map<string, Schemas['ApprovalChainView']>();
      for (const c of items) {
        const seen = best.get(c.key);
        if (!seen || rank(c) > rank(seen)) best.set(c.key, c);
      }
      return new Map([...best].map(([key, c]) => [key, c.name]));
    },
  });
}
