import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parseAssigneeId, parseSlotId, type Seat } from '@puentes/workflow-engine';
import { DataSource } from 'typeorm';
import type { Bilingual, Country } from '@app/common/bilingual';
import { page, type Page } from '@app/common/http/pagination';
import { codeOrNameContainsSql, likePattern } from '@app/common/http/text-search';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { sideOf } from '@app/modules/technical-groups/group-work';
import type {
  WorkflowOpenStepView,
  PendingAssigneeView,
  WorkflowChangesRequestedView,
  SearchWorkflowsQuery,
  WorkflowSummaryView,
} from './dto/workflow-search.dto';
import {
  type HeldSlot,
  holderOf,
  holdersJsonSql,
  slotsOfAgencySql,
  slotsOfCountrySql,
} from './signature-slots';

interface SummaryRow {
  total: number;
  id: string | null;
  project_id: string;
  project_code: string;
  project_name_en: string;
  project_name_es: string;
  chain_key: string;
  chain_version: number;
  status: string;
  coordinator_id: string;
  started_at: Date;
  completed_at: Date | null;
  next_due_at: Date | null;
  open_steps: {
    key: string;
    name: Bilingual | null;
    dueAt: string | null;
    escalationLevel: number;
    awaiting: string[];
    holders: HeldSlot[];
  }[];
  changes_requested: {
    key: string;
    name: Bilingual | null;
    /** The request that ended the round (the first one: it ends it at once). */
    requested: { at: string; assignee: string; seat: Seat };
  }[];
}

/** The sorts, each matching an index on `workflows` (`idx_workflows_started`, `…_next_due`). */
const ORDER = {
  '-startedAt': (t: string) => `${t}.started_at DESC, ${t}.id DESC`,
  dueAt: (t: string) => `${t}.next_due_at ASC NULLS LAST, ${t}.started_at DESC, ${t}.id DESC`,
} as const;

/**
 * `GET /workflows`: every workflow, filtered and sorted, as summaries with their open steps,
 * who is still pending on them, which side the ball is with, and the steps sent back for
 * changes that wait for the coordinator's resubmission.
 *
 * "The ball is with" a side when an assignee still pending on an open (active) step is on that
 * side: an agency in its country; a technical group in the country of each co-chair seat not
 * yet signed this round. `both` when both sides are pending, null when nothing
 * is. The holders of the open signature slots come from `holdersJsonSql` and the side from
 * `sideOf` — the definitions the technical groups' dashboard uses — so the two never disagree.
 *
 * One statement per request, whatever the page: the filters and both sorts are answered by
 * indexes on `workflows` (its `awaiting` — the union of its active steps' open slots — and
 * `next_due_at`, kept by `WorkflowStore.record`), the total is counted in the same statement,
 * and only the page's rows are joined to their project, chain and open steps.
 */
@Injectable()
export class WorkflowSearchService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async search(
    query: SearchWorkflowsQuery,
    user: AuthUser,
    now = new Date(),
  ): Promise<Page<WorkflowSummaryView>> {
    const params: unknown[] = [];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    let nowParam: string | undefined; // bound only when used: PostgreSQL must type each one
    const nowRef = () => (nowParam ??= `${bind(now)}::timestamptz`);
    const where: string[] = [];
    if (query.status) where.push(`w.status = ${bind(query.status)}`);
    if (query.projectId) where.push(`w.project_id = ${bind(query.projectId)}::uuid`);
    if (query.chainKey) where.push(`w.chain_key = ${bind(query.chainKey)}`);
    if (query.coordinatorId) {
      const id = query.coordinatorId === 'me' ? user.id : query.coordinatorId;
      where.push(`w.coordinator_id = ${bind(id)}::uuid`);
    }
    if (query.technicalGroupCode) {
      where.push(
        `w.project_id IN (SELECT p.id FROM projects p JOIN technical_groups g ON g.id = p.technical_group_id
                           WHERE g.code = ${bind(query.technicalGroupCode)})`,
      );
    }
    if (query.q) {
      where.push(
        `w.project_id IN (SELECT p.id FROM projects p
                           WHERE ${codeOrNameContainsSql('p', bind(likePattern(query.q)))})`,
      );
    }
    // Open slots exist only on active workflows; saying so lets the partial GIN index answer.
    if (query.agency) {
      where.push(`w.status = 'active' AND w.awaiting && ${slotsOfAgencySql(bind(query.agency))}`);
    }
    if (query.ballIsWith) {
      const mx = `w.awaiting && ${slotsOfCountrySql(bind('MX'))}`;
      const us = `w.awaiting && ${slotsOfCountrySql(bind('US'))}`;
      where.push(
        `w.status = 'active' AND ` +
          {
            MX: `${mx} AND NOT (${us})`,
            US: `${us} AND NOT (${mx})`,
            both: `${mx} AND ${us}`,
          }[query.ballIsWith],
      );
    }
    if (query.overdue === true) {
      where.push(`w.status = 'active' AND w.next_due_at < ${nowRef()}`);
    } else if (query.overdue === false) {
      where.push(`(w.status <> 'active' OR w.next_due_at IS NULL OR w.next_due_at >= ${nowRef()})`);
    }
    // Few steps wait for a resubmission, and the partial index
    // `idx_workflow_steps_changes_requested` holds just them. `true` starts from them (their
    // workflows fetched by id, never a scan of every workflow); `false` is an anti-join on it.
    if (query.changesRequested === true) {
      where.push(
        `w.status = 'active' AND w.id = ANY(ARRAY(
           SELECT s.workflow_id FROM workflow_steps s WHERE s.status = 'changes_requested'))`,
      );
    } else if (query.changesRequested === false) {
      where.push(
        `NOT EXISTS (SELECT 1 FROM workflow_steps s
                      WHERE s.workflow_id = w.id AND s.status = 'changes_requested')`,
      );
    }
    const condition = where.length > 0 ? where.join(' AND ') : 'true';
    const order = ORDER[query.sort];

    const rows = (await this.dataSource.query(
      `WITH page AS (
         SELECT w.id, w.project_id, w.chain_id, w.chain_key, w.chain_version, w.status,
                w.coordinator_id, w.started_at, w.completed_at, w.next_due_at
           FROM workflows w
          WHERE ${condition}
          ORDER BY ${order('w')}
          LIMIT ${bind(query.limit)} OFFSET ${bind(query.offset)}),
       counted AS (SELECT count(*)::int AS total FROM workflows w WHERE ${condition})
       SELECT counted.total, page.*, p.code AS project_code, p.name_en AS project_name_en,
              p.name_es AS project_name_es,
              COALESCE((
                SELECT json_agg(json_build_object(
                         'key', s.key,
                         'name', c.definition -> 'steps' -> s.position -> 'name',
                         'dueAt', s.due_at, 'escalationLevel', s.escalation_level,
                         'awaiting', s.awaiting,
                         'holders', ${holdersJsonSql('s.awaiting')})
                       ORDER BY s.due_at ASC NULLS LAST, s.position)
                  FROM workflow_steps s
                 WHERE s.workflow_id = page.id AND s.status = 'active'), '[]'::json) AS open_steps,
              -- A step sent back keeps no finished_at (its round is paused, not over): the
              -- request for changes that ended the round is its one such signature in it.
              COALESCE((
                SELECT json_agg(json_build_object(
                         'key', s.key,
                         'name', c.definition -> 'steps' -> s.position -> 'name',
                         'requested', (SELECT json_build_object('at', d.decided_at,
                                                 'assignee', d.assignee, 'seat', d.seat)
                                          FROM step_decisions d
                                         WHERE d.step_id = s.id AND d.round = s.round
                                           AND d.decision = 'request_changes'
                                         ORDER BY d.decided_at LIMIT 1))
                       ORDER BY s.position)
                  FROM workflow_steps s
                 WHERE s.workflow_id = page.id AND s.status = 'changes_requested'),
                '[]'::json) AS changes_requested
         FROM counted
         LEFT JOIN page ON true
         LEFT JOIN projects p ON p.id = page.project_id
         LEFT JOIN approval_chains c ON c.id = page.chain_id
        ORDER BY ${order('page')}`,
      params,
    )) as SummaryRow[];

    const items = rows.filter((r) => r.id !== null).map((r) => summaryOf(r, now));
    return page(items, rows[0]?.total ?? 0, query);
  }
}

function summaryOf(row: SummaryRow, now: Date): WorkflowSummaryView {
  const openSteps: WorkflowOpenStepView[] = row.open_steps.map((step) => ({
    key: step.key,
    name: step.name ?? { en: step.key, es: step.key },
    dueAt: step.dueAt ? new Date(step.dueAt).toISOString() : null,
    escalationLevel: step.escalationLevel,
    pendingAssignees: pendingAssignees(step.awaiting, step.holders),
  }));
  const changesRequested: WorkflowChangesRequestedView[] = row.changes_requested.map((step) => ({
    key: step.key,
    name: step.name ?? { en: step.key, es: step.key },
    requestedAt: new Date(step.requested.at).toISOString(),
    requestedBy: { ...parseAssigneeId(step.requested.assignee)!, seat: step.requested.seat },
  }));
  const holders = row.open_steps.flatMap((s) => s.holders.map(holderOf));
  return {
    id: row.id!,
    projectId: row.project_id,
    projectCode: row.project_code,
    projectName: { en: row.project_name_en, es: row.project_name_es },
    chainKey: row.chain_key,
    chainVersion: row.chain_version,
    status: row.status,
    coordinatorId: row.coordinator_id,
    startedAt: row.started_at.toISOString(),
    completedAt: row.completed_at?.toISOString() ?? null,
    openSteps,
    changesRequested,
    overdue:
      row.status === 'active' && !!row.next_due_at && row.next_due_at.getTime() < now.getTime(),
    ballIsWith: sideOf(holders),
  };
}

/**
 * The assignees behind a step's open slots (`agency:CBP/agency`, `group:SON-AZ/mx`), in slot
 * order, each with its unsigned seats and the sides their holders are on.
 */
export function pendingAssignees(
  awaiting: readonly string[],
  holders: readonly HeldSlot[],
): PendingAssigneeView[] {
  const byAssignee = new Map<string, PendingAssigneeView>();
  for (const slot of awaiting) {
    const parsed = parseSlotId(slot);
    if (!parsed) continue;
    const { assignee, seat } = parsed;
    const view = byAssignee.get(assignee) ?? {
      ...parseAssigneeId(assignee)!,
      seats: [],
      countries: [],
    };
    view.seats.push(seat);
    const country = holders.find((h) => h.slot === slot)?.country;
    if (country && !view.countries.includes(country)) view.countries.push(country as Country);
    byAssignee.set(assignee, view);
  }
  return [...byAssignee.values()];
}
