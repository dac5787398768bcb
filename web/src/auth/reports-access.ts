import { useGroups } from '../api/queries';
import { useSession } from './session';

/**
 * Whether the signed-in person may read the reports: coordinators, admins, and the co-chairs
 * of any technical group (not a role: they are named on their groups). The API decides (403);
 * this only spares others a link to a page they cannot use.
 */
export function useCanReadReports(): boolean {
  const { user } = useSession();
  const groups = useGroups();
  if (!user) return false;
  if (user.roles.includes('admin') || user.roles.includes('coordinator')) return true;
  return [...(groups.data?.values() ?? [])].some(
    (g) => g.coChairs.mx.userId === user.id || g.coChairs.us.userId === user.id,
  );
}
