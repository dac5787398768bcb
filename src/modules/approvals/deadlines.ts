import { dueAt as businessDueAt, type Sla } from '@puentes/business-calendar';
import {
  assigneeId,
  type ChainDefinition,
  type CommandResult,
  type EngineOptions,
  type StepDefinition,
} from '@puentes/workflow-engine';
import type { EntityManager } from 'typeorm';
import { prepared } from '@app/database/prepared-statement';

/** The agency whose zone and days off a step's deadlines are counted in. */
export interface StepOwner {
  timeZone: string;
  nonWorkingDays: string[];
}

/** Step owners by assignee id (`agency:SRE`, `group:SON-AZ`). */
export type StepOwners = Map<string, StepOwner>;

/**
 * The owner of each step with an SLA: its first assignee's agency (for a technical group, the
 * agency of its MX co-chair), per the contract.
 */
export async function stepOwners(
  manager: EntityManager,
  definition: ChainDefinition,
): Promise<StepOwners> {
  const owners = definition.steps.filter((s) => s.sla).map((s) => s.assignees[0]);
  if (owners.length === 0) return new Map();
  const agencies = owners.flatMap((a) => ('agency' in a ? [a.agency] : []));
  const groups = owners.flatMap((a) => ('technicalGroup' in a ? [a.technicalGroup] : []));
  const rows = (await manager.query(
    prepared(`SELECT 'agency:' || code AS assignee, time_zone, non_working_days::text[] AS days
       FROM agencies WHERE code = ANY($1)
     UNION ALL
     SELECT 'group:' || g.code, a.time_zone, a.non_working_days::text[]
       FROM technical_groups g
       JOIN users u ON u.id = g.co_chair_mx_id
       JOIN agencies a ON a.id = u.agency_id
      WHERE g.code = ANY($2)`),
    [agencies, groups],
  )) as { assignee: string; time_zone: string; days: string[] }[];
  return new Map(rows.map((r) => [r.assignee, { timeZone: r.time_zone, nonWorkingDays: r.days }]));
}

export function ownerOf(owners: StepOwners, step: StepDefinition): StepOwner {
  return owners.get(assigneeId(step.assignees[0])) ?? { timeZone: 'UTC', nonWorkingDays: [] };
}

/** The engine's `dueAt` option: business days in the owner's zone and calendar, or a duration. */
export function deadlineCalculator(owners: StepOwners) {
  return (step: StepDefinition, activatedAt: Date): Date | null => {
    if (!step.sla) return null;
    const owner = ownerOf(owners, step);
    return businessDueAt(activatedAt, step.sla as Sla, owner.timeZone, owner.nonWorkingDays);
  };
}

/**
 * Runs an engine command with deadlines, reading the step owners only when a step with an SLA
 * actually (re)activates: the engine is pure, so a first dry run tells. Returns the owners it
 * read, for the timers of the steps that activated.
 */
export async function withDeadlines(
  manager: EntityManager,
  definition: ChainDefinition,
  command: (options: EngineOptions) => CommandResult,
): Promise<{ result: CommandResult; owners: StepOwners }> {
  let needed = false;
  const dryRun = command({
    dueAt: (step) => {
      if (step.sla) needed = true;
      return null;
    },
  });
  if (!needed) return { result: dryRun, owners: new Map() };
  const owners = await stepOwners(manager, definition);
  return { result: command({ dueAt: deadlineCalculator(owners) }), owners };
}
