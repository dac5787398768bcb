import { useGroups } from '../api/queries';
import { delegatorKind, type DelegatorKind } from '../lib/delegator';
import { useSession } from './session';

/**
 * The signed-in person's kind of delegator (see `delegatorKind`): `isPending` while the groups,
 * which name the co-chairs, are still loading (`kind` then counts the roles alone). The API
 * decides what may be delegated; this only fits the words and the links to the person.
 */
export function useDelegatorKind(): { kind: DelegatorKind; isPending: boolean } {
  const { user } = useSession();
  const groups = useGroups();
  return {
    kind: user ? delegatorKind(user, groups.data?.values() ?? []) : 'other',
    isPending: groups.isPending,
  };
}
