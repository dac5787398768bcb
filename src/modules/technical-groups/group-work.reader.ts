import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Bilingual } from '@app/common/bilingual';
import { parseAssigneeId, type Seat } from '@puentes/workflow-engine';
import { type HeldSlot, holderOf, holdersJsonSql } from '@app/modules/approvals/signature-slots';
import type { OpenStep, ProjectRef, SentBackStep } from './group-work';

interface StepRow {
  project_id: string;
  workflow_id: string;
  chain_key: string;
  key: string;
  status: 'active' | 'changes_requested';
  name: Bilingual | null;
  activated_at: Date | null;
  due_at: Date | null;
  escalation_level: number;
  holders: HeldSlot[];
  /** For a step sent back: the request for changes that ended its round. */
  requested: { at: string; assignee: string; seat: Seat } | null;
}

/**
 * Reads a group's projects and the open steps of their running workflows in two queries,
 * however many workflows there are: the holders of each step come from its open signature
 * slots (`workflow_steps.awaiting`), resolved in SQL to an agency and a country (a group seat
 * through its co-chair's agency) by `holdersJsonSql`, the one definition the workflow search
 * shares. The steps sent back for changes come in the same query, apart (`sentBack`): they wait
 * on the coordinator's resubmission, which the dashboard shows and the agenda leaves out.
 */
@Injectable()
export class GroupWorkReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(
    groupId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ projects: ProjectRef[]; steps: OpenStep[]; sentBack: SentBackStep[] }> {
    const projects = (await manager.query(
      `SELECT id, code, name_en, name_es, status FROM projects
        WHERE technical_group_id = $1 ORDER BY code`,
      [groupId],
    )) as { id: string; code: string; name_en: string; name_es: string; status: string }[];
    if (projects.length === 0) return { projects: [], steps: [], sentBack: [] };

    const rows = (await manager.query(
      `SELECT w.project_id, w.id AS workflow_id, w.chain_key, s.key, s.status,
              c.definition -> 'steps' -> s.position -> 'name' AS name,
              s.activated_at, s.due_at, s.escalation_level,
              ${holdersJsonSql('s.awaiting')} AS holders,
              -- As the workflow search reads it: a step sent back keeps no finished_at, and the
              -- request for changes that ended its round is its one such signature in it.
              CASE WHEN s.status = 'changes_requested' THEN
                (SELECT json_build_object('at', d.decided_at, 'assignee', d.assignee,
                                          'seat', d.seat)
                   FROM step_decisions d
                  WHERE d.step_id = s.id AND d.round = s.round
                    AND d.decision = 'request_changes'
                  ORDER BY d.decided_at LIMIT 1) END AS requested
         FROM workflows w
         JOIN workflow_steps s ON s.workflow_id = w.id
                              AND s.status IN ('active', 'changes_requested')
         JOIN approval_chains c ON c.id = w.chain_id
        WHERE w.status = 'active' AND w.project_id = ANY($1::uuid[])`,
      [projects.map((p) => p.id)],
    )) as StepRow[];
    const active = rows.filter((r) => r.status === 'active');
    const returned = rows.filter((r) => r.status === 'changes_requested' && r.requested);

    return {
      projects: projects.map((p) => ({
        id: p.id,
        code: p.code,
        name: { en: p.name_en, es: p.name_es },
        status: p.status,
      })),
      steps: active.map((r) => ({
        projectId: r.project_id,
        workflowId: r.workflow_id,
        chainKey: r.chain_key,
        stepKey: r.key,
        stepName: r.name ?? { en: r.key, es: r.key },
        activatedAt: r.activated_at,
        dueAt: r.due_at,
        escalationLevel: r.escalation_level,
        holders: r.holders.map(holderOf),
      })),
      sentBack: returned.map((r) => ({
        projectId: r.project_id,
        workflowId: r.workflow_id,
        chainKey: r.chain_key,
        stepKey: r.key,
        stepName: r.name ?? { en: r.key, es: r.key },
        requestedAt: new Date(r.requested!.at),
        requestedBy: { ...parseAssigneeId(r.requested!.assignee)!, seat: r.requested!.seat },
      })),
    };
  }
}
