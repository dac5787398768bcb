export const ROLES = ['admin', 'coordinator', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
