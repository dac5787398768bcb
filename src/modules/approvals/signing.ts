import { type Seat, assigneeId, slotId } from '@puentes/workflow-engine';
import type { Actor } from '@app/modules/identity/auth/auth-user';

/** An assignee the user may sign for, and in which seat. */
export interface SigningCapacity {
  assignee: string;
  seat: Seat;
}

/**
 * Whom a user signs for: their agency if they are one of its approvers, and every technical
 * group they co-chair (as its MX or US co-chair).
 */
export function signingCapacities(user: Actor): SigningCapacity[] {
  return [
    ...(user.agencyCode && user.roles.includes('approver')
      ? [{ assignee: assigneeId({ agency: user.agencyCode }), seat: 'agency' as const }]
      : []),
    ...user.coChairOf.mx.map((code) => ({
      assignee: assigneeId({ technicalGroup: code }),
      seat: 'mx' as const,
    })),
    ...user.coChairOf.us.map((code) => ({
      assignee: assigneeId({ technicalGroup: code }),
      seat: 'us' as const,
    })),
  ];
}

/** A signature slot, as stored in `workflow_steps.awaiting`: `agency:CBP/agency`, `group:SON-AZ/mx`. */
export const slotOf = (capacity: SigningCapacity) => slotId(capacity);
