/**
 * The one place that builds the web app's addresses that emails link to — the scheme the web
 * app routes (agreed with it; changing one means changing both):
 *
 * - a workflow: `{base}/workflows/{workflowId}`
 * - a step waiting on a decision: `{base}/workflows/{workflowId}?step={stepKey}` (opens that
 *   step's decision panel after sign-in)
 * - a group's meeting: `{base}/technical-groups/{groupCode}/meetings/{meetingId}`
 * - a group's action items: `{base}/technical-groups/{groupCode}/action-items`
 *
 * `base` is `PUBLIC_URL` (a trailing slash is ignored); every path and query part is
 * URL-encoded. Pure.
 *
 * @example
 * stepUrl('https://puentes.example.org', 'c0ffee', 'cbp-review');
 * // 'https://puentes.example.org/workflows/c0ffee?step=cbp-review'
 */
const join = (base: string, ...parts: string[]) =>
  `${base.trim().replace(/\/+$/, '')}/${parts.map(encodeURIComponent).join('/')}`;

export const workflowUrl = (base: string, workflowId: string) =>
  join(base, 'workflows', workflowId);

export const stepUrl = (base: string, workflowId: string, stepKey: string) =>
  `${workflowUrl(base, workflowId)}?step=${encodeURIComponent(stepKey)}`;

export const meetingUrl = (base: string, groupCode: string, meetingId: string) =>
  join(base, 'technical-groups', groupCode, 'meetings', meetingId);

export const actionItemsUrl = (base: string, groupCode: string) =>
  join(base, 'technical-groups', groupCode, 'action-items');
