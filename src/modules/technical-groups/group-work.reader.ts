import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Bilingual, Country } from '@app/common/bilingual';
import type { Holder, OpenStep, ProjectRef } from './group-work';

interface StepRow {
  project_id: string;
  workflow_id: string;
  chain_key: string;
  key: string;
  name: Bilingual | null;
  activated_at: Date | null;
  due_at: Date | null;
  escalation_level: number;
  holders: { agencyCode: string | null; country: Country | null; viaGroup: string | null }[];
}

/**
 * Reads a group's projects and the open steps of their running workflows in two queries,
 * however many workflows there are: the holders of each step come from its open signature
 * slots (`workflow_steps.awaiting`), resolved in SQL to an agency and a country (a group seat
 * through its co-chair's agency).
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
              COALESCE((
                SELECT json_agg(json_build_object(
                         'agencyCode', COALESCE(slot_agency.code, chair_agency.code),
                         'country', CASE split_part(slot, '/', 2)
                                      WHEN 'mx' THEN 'MX' WHEN 'us' THEN 'US'
                                      ELSE slot_agency.country END,
                         'viaGroup', tg.code) ORDER BY slot)
                  FROM unnest(s.awaiting) AS slot
                  LEFT JOIN agencies slot_agency
                         ON slot LIKE 'agency:%' AND slot_agency.code = split_part(substr(slot, 8), '/', 1)
                  LEFT JOIN technical_groups tg
                         ON slot LIKE 'group:%' AND tg.code = split_part(substr(slot, 7), '/', 1)
                  LEFT JOIN users chair
                         ON chair.id = CASE split_part(slot, '/', 2)
                                         WHEN 'mx' THEN tg.co_chair_mx_id
                                         WHEN 'us' THEN tg.co_chair_us_id END
                  LEFT JOIN agencies chair_agency ON chair_agency.id = chair.agency_id
              ), '[]'::json) AS holders
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
        holders: r.holders.flatMap((h): Holder[] =>
          h.agencyCode
            ? [
                {
                  agencyCode: h.agencyCode,
                  country: (h.country?.trim() as Country | undefined) ?? null,
                  ...(h.viaGroup ? { viaGroup: h.viaGroup } : {}),
                },
              ]
            : [],
        ),
      })),
    };
  }
}
