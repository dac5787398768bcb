import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/common/clock/clock';
import { page, type PaginationQuery } from '@app/common/http/pagination';
import { DelegationsService } from '@app/modules/delegations/delegations.service';
import type { AuthUser } from '@app/modules/identity/auth/auth-user';
import { ApprovalChainsService } from './approval-chains.service';
import type { TaskView } from './dto/workflow.dto';
import { type SigningCapacity, signingCapacities, slotOf } from './signing';

/**
 * The caller's inbox: every active step where they can still sign for an assignee, oldest
 * deadline first, one item per step. The steps come from the partial GIN index on the open
 * signature slots of active steps, so the cost follows the size of the inbox, not of the
 * history; only the page is joined to its workflow and project, and step names come from the
 * cached chain versions. While a delegation is active (by the clock decisions also read), the
 * delegator's items are the delegate's too, marked `onBehalfOf`.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chains: ApprovalChainsService,
    private readonly delegations: DelegationsService,
    private readonly clock: Clock,
  ) {}

  async inbox(user: AuthUser, query: PaginationQuery) {
    const own = signingCapacities(user);
    const delegated = await this.delegations.activeFor(
      this.dataSource.manager,
      user.id,
      this.clock.now(),
    );
    const capacities = [...own, ...delegated.flatMap((d) => d.capacities)];
    if (capacities.length === 0) return page<TaskView>([], 0, query);
    const rows = (await this.dataSource.query(
      `WITH page AS (
         SELECT s.id, s.workflow_id, s.key, s.position, s.due_at, s.activated_at,
                s.escalation_level, s.awaiting, count(*) OVER () AS total
           FROM workflow_steps s
          WHERE s.status = 'active' AND s.awaiting && $1::text[]
          ORDER BY s.due_at ASC NULLS LAST, s.activated_at ASC, s.id
          LIMIT $2 OFFSET $3)
       SELECT page.*, w.project_id, w.chain_id, p.code AS project_code
         FROM page
         JOIN workflows w ON w.id = page.workflow_id
         JOIN projects p ON p.id = w.project_id
        ORDER BY page.due_at ASC NULLS LAST, page.activated_at ASC, page.id`,
      [capacities.map(slotOf), query.limit, query.offset],
    )) as {
      workflow_id: string;
      project_id: string;
      chain_id: string;
      project_code: string;
      key: string;
      position: number;
      awaiting: string[];
      due_at: Date | null;
      escalation_level: number;
      total: string;
    }[];
    const items: TaskView[] = [];
    for (const r of rows) {
      const chain = await this.chains.publishedById(r.chain_id, this.dataSource.manager);
      // One's own signature first; else the first delegation that covers an open slot.
      const through = own.some((c) => r.awaiting.includes(slotOf(c)))
        ? null
        : delegated.find((d) => d.capacities.some((c) => r.awaiting.includes(slotOf(c))))!;
      const signsFor = (through ? through.capacities : own)
        .filter((c) => r.awaiting.includes(slotOf(c)))
        .map(codeOf);
      items.push({
        workflowId: r.workflow_id,
        projectId: r.project_id,
        projectCode: r.project_code,
        stepKey: r.key,
        stepName: this.chains.definitionOf(chain).steps[r.position].name,
        ...signsFor[0],
        signsFor,
        dueAt: r.due_at?.toISOString() ?? null,
        escalationLevel: r.escalation_level,
        onBehalfOf: through ? { ...through.delegator } : null,
      });
    }
    // Past the last page no row carries the total; count only then.
    const total =
      rows.length > 0
        ? Number(rows[0].total)
        : query.offset === 0
          ? 0
          : await this.count(capacities);
    return page(items, total, query);
  }

  private async count(capacities: SigningCapacity[]): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS total FROM workflow_steps
        WHERE status = 'active' AND awaiting && $1::text[]`,
      [capacities.map(slotOf)],
    )) as { total: number }[];
    return row.total;
  }
}

/** `agency:CBP` in seat `agency` → `{ assignee: 'CBP', seat: 'agency' }`. */
function codeOf(capacity: SigningCapacity) {
  return {
    assignee: capacity.assignee.slice(capacity.assignee.indexOf(':') + 1),
    seat: capacity.seat,
  };
}
