/** Anything with a deadline that may be absent (an inbox item, an open step). */
export interface HasDue {
  dueAt: string | null;
}

/** Soonest deadline first; items without one last, in their original order (stable sort). */
export function byDeadline(a: HasDue, b: HasDue): number {
  if (a.dueAt === b.dueAt) return 0;
  if (a.dueAt === null) return 1;
  if (b.dueAt === null) return -1;
  return Date.parse(a.dueAt) - Date.parse(b.dueAt);
}
