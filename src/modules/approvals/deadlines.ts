import { dueAt as businessDueAt, type Sla } from '@puentes/business-calendar';
import {
  assigneeId,
  type ChainDefinition,
  type CommandResult,
  type EngineOptions,
  type StepDefinition,
} from '@puentes/workflow-engine';
import type { EntityManager } from 'typeorm';

/**
 * The time zone a step's deadline is counted in: its first assignee's agency (for a technical
 * group, the agency of its MX co-chair), per the contract.
 */
export async function stepTimeZones(
  manager: EntityManager,
  definition: ChainDefinition,
): Promise<Map<string, string>> {
  const owners = definition.steps.filter((s) => s.sla).map((s) => s.assignees[0]);
  const agencies = owners.flatMap((a) => ('agency' in a ? [a.agency] : []));
  const groups = owners.flatMap((a) => ('technicalGroup' in a ? [a.technicalGroup] : []));
  if (owners.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT 'agency:' || code AS assignee, time_zone FROM agencies WHERE code = ANY($1)
     UNION ALL
     SELECT 'group:' || g.code, a.time_zone
       FROM technical_groups g
       JOIN users u ON u.id = g.co_chair_mx_id
       JOIN agencies a ON a.id = u.agency_id
      WHERE g.code = ANY($2)`,
    [agencies, groups],
  )) as { assignee: string; time_zone: string }[];
  return new Map(rows.map((r) => [r.assignee, r.time_zone]));
}

/** The engine's `dueAt` option: business days in the owner's zone, or a plain duration. */
export function deadlineCalculator(zones: Map<string, string>) {
  return (step: StepDefinition, activatedAt: Date): Date | null => {
    if (!step.sla) return null;
    const zone = zones.get(assigneeId(step.assignees[0])) ?? 'UTC';
    return businessDueAt(activatedAt, step.sla as Sla, zone);
  };
}

/**
 * Runs an engine command with deadlines, reading the owners' time zones only when a step
 * with an SLA actually (re)activates: the engine is pure, so a first dry run tells.
 */
export async function withDeadlines(
  manager: EntityManager,
  definition: ChainDefinition,
  command: (options: EngineOptions) => CommandResult,
): Promise<CommandResult> {
  let needed = false;
  const dryRun = command({
    dueAt: (step) => {
      if (step.sla) needed = true;
      return null;
    },
  });
  if (!needed) return dryRun;
  return command({ dueAt: deadlineCalculator(await stepTimeZones(manager, definition)) });
}
