import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { page, type PaginationQuery } from '@app/common/http/pagination';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import type { TaskView } from './dto/workflow.dto';
import { signingCapacities } from './signing';

/**
 * The caller's inbox: every active step where they can still sign for an assignee, oldest
 * deadline first. Served by the partial indexes on active steps (GIN on `assignees`, B-tree
 * on `due_at`), so it stays fast however many finished workflows there are.
 */
@Injectable()
export class TasksService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async inbox(user: AuthUser, query: PaginationQuery) {
    const capacities = await signingCapacities(this.dataSource.manager, user.id);
    if (capacities.length === 0) return page<TaskView>([], 0, query);
    const rows = (await this.dataSource.query(
      `WITH mine AS (SELECT * FROM unnest($1::text[], $2::text[]) AS m(assignee, seat))
       SELECT s.workflow_id, w.project_id, p.code AS project_code, s.key AS step_key,
              c.definition -> 'steps' -> s.position -> 'name' AS step_name,
              m.assignee, m.seat, s.due_at, s.escalation_level,
              count(*) OVER () AS total
         FROM workflow_steps s
         JOIN mine m ON m.assignee = ANY (s.assignees)
         JOIN workflows w ON w.id = s.workflow_id
         JOIN projects p ON p.id = w.project_id
         JOIN approval_chains c ON c.id = w.chain_id
        WHERE s.status = 'active'
          AND s.assignees && $1::text[]
          AND NOT EXISTS (
                SELECT 1 FROM step_decisions d
                 WHERE d.step_id = s.id AND d.round = s.round
                   AND d.assignee = m.assignee AND d.seat = m.seat)
        ORDER BY s.due_at ASC NULLS LAST, s.activated_at ASC, s.id, m.assignee
        LIMIT $3 OFFSET $4`,
      [capacities.map((c) => c.assignee), capacities.map((c) => c.seat), query.limit, query.offset],
    )) as {
      workflow_id: string;
      project_id: string;
      project_code: string;
      step_key: string;
      step_name: { en: string; es: string };
      assignee: string;
      seat: TaskView['seat'];
      due_at: Date | null;
      escalation_level: number;
      total: string;
    }[];
    const items: TaskView[] = rows.map((r) => ({
      workflowId: r.workflow_id,
      projectId: r.project_id,
      projectCode: r.project_code,
      stepKey: r.step_key,
      stepName: r.step_name,
      assignee: r.assignee.slice(r.assignee.indexOf(':') + 1),
      seat: r.seat,
      dueAt: r.due_at?.toISOString() ?? null,
      escalationLevel: r.escalation_level,
    }));
    // Past the last page the window count is gone; count separately only then.
    const total =
      rows.length > 0
        ? Number(rows[0].total)
        : query.offset === 0
          ? 0
          : await this.count(capacities);
    return page(items, total, query);
  }

  private async count(capacities: { assignee: string; seat: string }[]): Promise<number> {
    const [row] = (await this.dataSource.query(
      `WITH mine AS (SELECT * FROM unnest($1::text[], $2::text[]) AS m(assignee, seat))
       SELECT count(*)::int AS total FROM workflow_steps s JOIN mine m ON m.assignee = ANY (s.assignees)
        WHERE s.status = 'active' AND s.assignees && $1::text[]
          AND NOT EXISTS (SELECT 1 FROM step_decisions d WHERE d.step_id = s.id AND d.round = s.round
                             AND d.assignee = m.assignee AND d.seat = m.seat)`,
      [capacities.map((c) => c.assignee), capacities.map((c) => c.seat)],
    )) as { total: number }[];
    return row.total;
  }
}
