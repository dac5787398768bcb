import type { Seat } from '@puentes/workflow-engine';
import type { Bilingual, Country } from '@app/common/bilingual';

/**
 * Pure logic of a group's work in progress: who holds each open step, which side the ball is
 * with, what is overdue or due soon. No I/O and no clock (`now` is an argument), so it is
 * unit-tested directly; the services only load the rows and store the results.
 */

/** Who must act on an open step: an agency, or a group co-chair seat (through their agency). */
export interface Holder {
  agencyCode: string;
  /** Null only for an agency that no longer exists. */
  country: Country | null;
  /** Set when the slot is a technical group's co-chair seat (`SON-AZ`). */
  viaGroup?: string;
}

/** An active step of a running workflow of one of the group's projects. */
export interface OpenStep {
  projectId: string;
  workflowId: string;
  chainKey: string;
  stepKey: string;
  stepName: Bilingual;
  activatedAt: Date | null;
  dueAt: Date | null;
  escalationLevel: number;
  holders: Holder[];
}

/**
 * A step of a running workflow sent back for changes: no agency holds it (its round is paused);
 * it waits on the workflow's coordinator to resubmit it.
 */
export interface SentBackStep {
  projectId: string;
  workflowId: string;
  chainKey: string;
  stepKey: string;
  stepName: Bilingual;
  requestedAt: Date;
  /** The assignee that asked for the changes, and its seat for a group. */
  requestedBy: { agency?: string; technicalGroup?: string; seat: Seat };
}

export interface ProjectRef {
  id: string;
  code: string;
  name: Bilingual;
  status: string;
}

export type Side = Country | 'both';
export type Urgency = 'overdue' | 'due_soon' | 'on_track' | 'no_deadline';

export const SIDE_LABELS: Readonly<Record<Side, Bilingual>> = {
  MX: { en: 'Mexico', es: 'México' },
  US: { en: 'United States', es: 'Estados Unidos' },
  both: { en: 'Both sides', es: 'Ambos lados' },
};

export const URGENCY_LABELS: Readonly<Record<Urgency, Bilingual>> = {
  overdue: { en: 'Overdue', es: 'Vencida' },
  due_soon: { en: 'Due soon', es: 'Por vencer' },
  on_track: { en: 'On track', es: 'En plazo' },
  no_deadline: { en: 'No deadline', es: 'Sin plazo' },
};

const DAY_MS = 86_400_000;

export function urgencyOf(dueAt: Date | null, now: Date, dueSoonDays: number): Urgency {
  if (!dueAt) return 'no_deadline';
  if (dueAt.getTime() < now.getTime()) return 'overdue';
  if (dueAt.getTime() <= now.getTime() + dueSoonDays * DAY_MS) return 'due_soon';
  return 'on_track';
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The distinct agencies among holders, MX first, then by code. */
export function agenciesOf(
  holders: readonly Holder[],
): { code: string; country: Country | null }[] {
  const byCode = new Map<string, Country | null>();
  for (const h of holders) if (!byCode.has(h.agencyCode)) byCode.set(h.agencyCode, h.country);
  return [...byCode]
    .map(([code, country]) => ({ code, country }))
    .sort((a, b) => compare(a.country ?? 'ZZ', b.country ?? 'ZZ') || compare(a.code, b.code));
}

/** MX, US, both, or null when nobody holds anything. */
export function sideOf(holders: readonly Holder[]): Side | null {
  const countries = new Set(holders.map((h) => h.country).filter((c): c is Country => !!c));
  if (countries.size === 2) return 'both';
  const [only] = countries;
  return only ?? null;
}

export interface BallIsWith {
  side: Side | null;
  label: Bilingual | null;
  agencies: { code: string; country: Country | null }[];
  /** A step was sent back for changes: the ball is (also) with the coordinator, to resubmit. */
  coordinator: boolean;
}

export function ballIsWith(holders: readonly Holder[], sentBack = 0): BallIsWith {
  const side = sideOf(holders);
  return {
    side,
    label: side ? SIDE_LABELS[side] : null,
    agencies: agenciesOf(holders),
    coordinator: sentBack > 0,
  };
}

export interface Tally {
  open: number;
  overdue: number;
  dueSoon: number;
}

export interface DashboardSteps {
  projects: {
    project: ProjectRef;
    ballIsWith: BallIsWith;
    workflows: {
      id: string;
      chainKey: string;
      steps: (OpenStep & { urgency: Urgency; side: Side | null })[];
      /** Its steps sent back for changes, earliest request first. */
      sentBack: SentBackStep[];
    }[];
  }[];
  byCountry: Record<Country, Tally>;
  byAgency: ({ agencyCode: string; country: Country | null } & Tally)[];
  /** How many steps wait on their coordinator's resubmission (no country or agency holds them). */
  awaitingResubmission: number;
}

const emptyTally = (): Tally => ({ open: 0, overdue: 0, dueSoon: 0 });

function count(tally: Tally, urgency: Urgency): void {
  tally.open += 1;
  if (urgency === 'overdue') tally.overdue += 1;
  if (urgency === 'due_soon') tally.dueSoon += 1;
}

/**
 * The dashboard's body: every project (those without running work too), its running
 * workflows with their open steps, the side the ball is with, and per agency and per country
 * how many open steps they hold, how many are overdue and how many due within `dueSoonDays`.
 * A step held by two agencies counts once for each; held by both countries, once for each.
 * A step sent back for changes (`sentBack`) is held by no agency and counted by no country: it
 * is listed under its workflow as waiting on the coordinator, who then has the ball too.
 *
 * @example
 * summarizeGroupWork([{ id: 'p', code: 'P', name, status: 'active' }], steps, now, 14)
 *   .projects[0].ballIsWith.side; // 'MX'
 */
export function summarizeGroupWork(
  projects: readonly ProjectRef[],
  steps: readonly OpenStep[],
  now: Date,
  dueSoonDays: number,
  sentBack: readonly SentBackStep[] = [],
): DashboardSteps {
  const byCountry: Record<Country, Tally> = { MX: emptyTally(), US: emptyTally() };
  const byAgency = new Map<string, { agencyCode: string; country: Country | null } & Tally>();
  const stepsOf = new Map<string, OpenStep[]>();
  for (const step of steps) {
    const list = stepsOf.get(step.projectId) ?? [];
    list.push(step);
    stepsOf.set(step.projectId, list);
  }
  const sentBackOf = new Map<string, SentBackStep[]>();
  for (const step of sentBack) {
    const list = sentBackOf.get(step.projectId) ?? [];
    list.push(step);
    sentBackOf.set(step.projectId, list);
  }

  const result = [...projects]
    .sort((a, b) => compare(a.code, b.code))
    .map((project) => {
      const own = [...(stepsOf.get(project.id) ?? [])].sort(
        (a, b) =>
          (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) ||
          compare(a.workflowId, b.workflowId) ||
          compare(a.stepKey, b.stepKey),
      );
      const workflows = new Map<string, DashboardSteps['projects'][number]['workflows'][number]>();
      for (const step of own) {
        const urgency = urgencyOf(step.dueAt, now, dueSoonDays);
        for (const agency of agenciesOf(step.holders)) {
          const tally = byAgency.get(agency.code) ?? {
            agencyCode: agency.code,
            country: agency.country,
            ...emptyTally(),
          };
          count(tally, urgency);
          byAgency.set(agency.code, tally);
        }
        for (const country of new Set(step.holders.map((h) => h.country))) {
          if (country) count(byCountry[country], urgency);
        }
        const workflow = workflows.get(step.workflowId) ?? {
          id: step.workflowId,
          chainKey: step.chainKey,
          steps: [],
          sentBack: [],
        };
        workflow.steps.push({ ...step, urgency, side: sideOf(step.holders) });
        workflows.set(step.workflowId, workflow);
      }
      // After the workflows with open steps: one waiting only on its coordinator comes last.
      const returned = [...(sentBackOf.get(project.id) ?? [])].sort(
        (a, b) =>
          a.requestedAt.getTime() - b.requestedAt.getTime() ||
          compare(a.workflowId, b.workflowId) ||
          compare(a.stepKey, b.stepKey),
      );
      for (const step of returned) {
        const workflow = workflows.get(step.workflowId) ?? {
          id: step.workflowId,
          chainKey: step.chainKey,
          steps: [],
          sentBack: [],
        };
        workflow.sentBack.push(step);
        workflows.set(step.workflowId, workflow);
      }
      return {
        project,
        ballIsWith: ballIsWith(
          own.flatMap((s) => s.holders),
          returned.length,
        ),
        workflows: [...workflows.values()],
      };
    });

  return {
    projects: result,
    byCountry,
    byAgency: [...byAgency.values()].sort(
      (a, b) =>
        compare(a.country ?? 'ZZ', b.country ?? 'ZZ') || compare(a.agencyCode, b.agencyCode),
    ),
    awaitingResubmission: result.reduce(
      (n, p) => n + p.workflows.reduce((m, w) => m + w.sentBack.length, 0),
      0,
    ),
  };
}

/** A step as the agenda shows it: frozen when the agenda was generated. */
export interface AgendaStep {
  workflowId: string;
  stepKey: string;
  name: Bilingual;
  dueAt: string;
  urgency: 'overdue' | 'due_soon';
  escalationLevel: number;
  side: Side | null;
  agencies: { code: string; country: Country | null }[];
}

export interface GeneratedAgendaItem {
  projectId: string;
  title: Bilingual;
  steps: AgendaStep[];
}

/** How far past the meeting (or now, if later) a due date still makes the agenda. */
export const AGENDA_HORIZON_DAYS = 14;

/**
 * The generated agenda: one item per project that has an open step overdue at `now` or due
 * within {@link AGENDA_HORIZON_DAYS} days of the meeting (of `now`, for a meeting already
 * under way), projects by code, steps by due date.
 */
export function generateAgenda(
  projects: readonly ProjectRef[],
  steps: readonly OpenStep[],
  now: Date,
  meetingStartsAt: Date,
): GeneratedAgendaItem[] {
  const horizon = Math.max(now.getTime(), meetingStartsAt.getTime()) + AGENDA_HORIZON_DAYS * DAY_MS;
  const byId = new Map(projects.map((p) => [p.id, p]));
  const items = new Map<string, GeneratedAgendaItem>();
  const selected = steps
    .filter((s) => s.dueAt && s.dueAt.getTime() <= horizon && byId.has(s.projectId))
    .sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime() || compare(a.stepKey, b.stepKey));
  for (const step of selected) {
    const project = byId.get(step.projectId)!;
    const item = items.get(project.id) ?? {
      projectId: project.id,
      title: {
        en: `${project.name.en} (${project.code})`,
        es: `${project.name.es} (${project.code})`,
      },
      steps: [],
    };
    item.steps.push({
      workflowId: step.workflowId,
      stepKey: step.stepKey,
      name: step.stepName,
      dueAt: step.dueAt!.toISOString(),
      urgency: step.dueAt!.getTime() < now.getTime() ? 'overdue' : 'due_soon',
      escalationLevel: step.escalationLevel,
      side: sideOf(step.holders),
      agencies: agenciesOf(step.holders),
    });
    items.set(project.id, item);
  }
  return [...items.values()].sort((a, b) =>
    compare(byId.get(a.projectId)!.code, byId.get(b.projectId)!.code),
  );
}

/**
 * Regenerating keeps what people did to the agenda: manual items stay where they were put, a
 * project still on the agenda keeps its place (with fresh steps), a project no longer due
 * leaves it, and newly due projects are added at the end.
 */
export function mergeAgenda<
  E extends { source: 'generated' | 'manual'; projectId: string | null },
  G extends { projectId: string },
>(existing: readonly E[], generated: readonly G[]): (E | G)[] {
  const fresh = new Map(generated.map((g) => [g.projectId, g]));
  const result: (E | G)[] = [];
  for (const item of existing) {
    if (item.source === 'manual') {
      result.push(item);
    } else if (item.projectId && fresh.has(item.projectId)) {
      result.push(fresh.get(item.projectId)!);
      fresh.delete(item.projectId);
    }
  }
  return [...result, ...fresh.values()];
}
