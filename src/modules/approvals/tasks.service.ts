import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { page, type PaginationQuery } from '@app/common/http/pagination';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { ApprovalChainsService } from './approval-chains.service';
import type { TaskView } from './dto/workflow.dto';
import { signingCapacities, slotOf } from './signing';

/**
 * The caller's inbox: every active step where they can still sign for an assignee, oldest
 * deadline first. The candidates come from the partial GIN index on the open signature slots
 * of active steps, so the cost follows the size of the inbox, not of the history; only the
 * page is joined to its workflow and project, and step names come from the cached chains.
 */
/** Active steps with one of the caller's signature slots ($1) still open. */
const CANDIDATES = `
  SELECT s.id, s.workflow_id, s.key, s.position, s.due_at, s.activated_at, s.escalation_level, slot
    FROM workflow_steps s CROSS JOIN LATERAL unnest(s.awaiting) AS slot
   WHERE s.status = 'active' AND s.awaiting && $1::text[] AND slot = ANY ($1::text[])`;

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chains: ApprovalChainsService,
  ) {}

  async inbox(user: AuthUser, query: PaginationQuery) {
    const slots = signingCapacities(user).map(slotOf);
    if (slots.length === 0) return page<TaskView>([], 0, query);
    const rows = (await this.dataSource.query(
      `WITH candidates AS MATERIALIZED (
         ${CANDIDATES}),
       page AS (
         SELECT * FROM candidates
          ORDER BY due_at ASC NULLS LAST, activated_at ASC, id, slot
          LIMIT $2 OFFSET $3)
       SELECT page.*, w.project_id, w.chain_id, p.code AS project_code,
              (SELECT count(*) FROM candidates)::int AS total
         FROM page
         JOIN workflows w ON w.id = page.workflow_id
         JOIN projects p ON p.id = w.project_id
        ORDER BY page.due_at ASC NULLS LAST, page.activated_at ASC, page.id, page.slot`,
      [slots, query.limit, query.offset],
    )) as {
      workflow_id: string;
      project_id: string;
      chain_id: string;
      project_code: string;
      key: string;
      position: number;
      slot: string;
      due_at: Date | null;
      escalation_level: number;
      total: number;
    }[];
    const items: TaskView[] = [];
    for (const r of rows) {
      const chain = await this.chains.publishedById(r.chain_id);
      items.push({
        workflowId: r.workflow_id,
        projectId: r.project_id,
        projectCode: r.project_code,
        stepKey: r.key,
        stepName: this.chains.definitionOf(chain).steps[r.position].name,
        assignee: r.slot.slice(r.slot.indexOf(':') + 1, r.slot.indexOf('/')),
        seat: r.slot.slice(r.slot.indexOf('/') + 1) as TaskView['seat'],
        dueAt: r.due_at?.toISOString() ?? null,
        escalationLevel: r.escalation_level,
      });
    }
    // Past the last page no row carries the total; count only then.
    const total = rows[0]?.total ?? (query.offset === 0 ? 0 : await this.count(slots));
    return page(items, total, query);
  }

  private async count(slots: string[]): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM (${CANDIDATES}) candidates`,
      [slots],
    )) as { total: number }[];
    return row.total;
  }
}
