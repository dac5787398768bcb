import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Bilingual } from '@app/common/bilingual';
import { type HeldSlot, holderOf, holdersJsonSql } from '@app/modules/approvals/signature-slots';
import type { OpenStep, ProjectRef } from './group-work';

interface StepRow {
  project_id: string;
  workflow_id: string;
  chain_key: string;
  key: string;
  name: Bilingual | null;
  activated_at: Date | null;
  due_at: Date | null;
  escalation_level: number;
  holders: HeldSlot[];
}

/**
 * Reads a group's projects and the open steps of their running workflows in two queries,
 * however many workflows there are: the holders of each step come from its open signature
 * slots (`workflow_steps.awaiting`), resolved in SQL to an agency and a country (a group seat
 * through its co-chair's agency) by `holdersJsonSql`, the one definition the workflow search
 * shares.
 */
@Injectable()
export class GroupWorkReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(
    groupId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ projects: ProjectRef[]; steps: OpenStep[] }> {
    const projects = (await manager.query(
      `SELECT id, code, name_en, name_es, status FROM projects
        WHERE technical_group_id = $1 ORDER BY code`,
      [groupId],
    )) as { id: string; code: string; name_en: string; name_es: string; status: string }[];
    if (projects.length === 0) return { projects: [], steps: [] };

    const rows = (await manager.query(
      `SELECT w.project_id, w.id AS workflow_id, w.chain_key, s.key,
              c.definition -> 'steps' -> s.position -> 'name' AS name,
              s.activated_at, s.due_at, s.escalation_level,
              ${holdersJsonSql('s.awaiting')} AS holders
         FROM workflows w
         JOIN workflow_steps s ON s.workflow_id = w.id AND s.status = 'active'
         JOIN approval_chains c ON c.id = w.chain_id
        WHERE w.status = 'active' AND w.project_id = ANY($1::uuid[])`,
      [projects.map((p) => p.id)],
    )) as StepRow[];

    return {
      projects: projects.map((p) => ({
        id: p.id,
        code: p.code,
        name: { en: p.name_en, es: p.name_es },
        status: p.status,
      })),
      steps: rows.map((r) => ({
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
    };
  }
}
