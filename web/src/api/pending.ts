// Routes the agreed contract (shared/design/api.md) promises but that the API document this
// client was generated from does not describe yet: sessions (refresh cookie, logout, password)
// and the workflow search. Written in openapi-typescript's shape so that `Paths` (client.ts)
// takes the generated description instead as soon as `npm run api:generate` finds the route —
// a mismatch then fails the typecheck. Delete an entry once the generated schema has it.
import type { components } from './schema';

type S = components['schemas'];
type Json<T> = { headers: { [name: string]: unknown }; content: { 'application/json': T } };
type NoContent = { headers: { [name: string]: unknown }; content?: never };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Only<M extends string, Op> = { parameters: NoParams } & { [K in M]: Op } & {
  [
    K in Exclude<'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace', M>
  ]?: never;
};

/** One open step of a workflow summary. */
export interface WorkflowSummaryOpenStep {
  key: string;
  name: S['BilingualDto'];
  dueAt: string | null;
  escalationLevel: number;
  /** The assignees that have not decided (the contract leaves their shape open: codes or objects). */
  pendingAssignees: (string | { agency?: string; technicalGroup?: string })[];
}

/** `GET /api/v1/workflows` item. */
export interface WorkflowSummary {
  id: string;
  projectId: string;
  projectCode: string;
  projectName: S['BilingualDto'];
  chainKey: string;
  chainVersion: number;
  status: 'active' | 'approved' | 'rejected' | 'cancelled';
  coordinatorId: string;
  startedAt: string;
  completedAt: string | null;
  openSteps: WorkflowSummaryOpenStep[];
  overdue: boolean;
  ballIsWith: 'MX' | 'US' | 'both' | null;
}

export interface WorkflowSearchQuery {
  limit?: number;
  offset?: number;
  status?: 'active' | 'approved' | 'rejected' | 'cancelled';
  projectId?: string;
  chainKey?: string;
  technicalGroupCode?: string;
  coordinatorId?: string;
  agency?: string;
  ballIsWith?: 'MX' | 'US' | 'both';
  overdue?: boolean;
  q?: string;
  sort?: 'dueAt' | '-startedAt';
}

export interface PendingPaths {
  '/api/v1/auth/refresh': Only<
    'post',
    {
      parameters: NoParams;
      requestBody?: never;
      responses: { 200: Json<S['LoginResponse']>; 401: Json<unknown> };
    }
  >;
  '/api/v1/auth/logout': Only<
    'post',
    { parameters: NoParams; requestBody?: never; responses: { 204: NoContent } }
  >;
  '/api/v1/me/password': Only<
    'post',
    {
      parameters: NoParams;
      requestBody: {
        content: { 'application/json': { currentPassword: string; newPassword: string } };
      };
      responses: { 204: NoContent; 400: Json<unknown> };
    }
  >;
  '/api/v1/workflows': Only<
    'get',
    {
      parameters: { query?: WorkflowSearchQuery; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: Json<{ items: WorkflowSummary[]; total: number; limit: number; offset: number }>;
      };
    }
  >;
}
