/**
 * What both the router and its pages need. Pages never import the router itself (it imports
 * every page, lazily); they reach their route with `getRouteApi('<route id>')`.
 */
export const WORKFLOW_STATUSES = ['active', 'approved', 'rejected', 'cancelled'] as const;
