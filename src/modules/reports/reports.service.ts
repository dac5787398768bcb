import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Country } from '@puentes/business-calendar';
import type { DataSource } from 'typeorm';
import type {
  AgencyReportRow,
  CountryReportRow,
  CycleTimeReportRow,
  ReportQuery,
  SlaReportRow,
} from './dto/reports.dto';
import { type ReportCalendar, workingDayCounts } from './report-calendars';

/*
 * How the reports read the stored history (one place, shared by every report):
 *
 * - A step's owner is its first assignee's agency — for a technical group, the agency of its
 *   MX co-chair — as for its deadlines (approvals/deadlines.ts). Its working days are that
 *   agency's: its country's federal holidays and its own days off, in its zone.
 * - A step is counted round by round. A step activated once and decided (or still active) is
 *   read from its row alone; any other (changes requested, returned, cancelled) from its
 *   `step_activated` events, each round ending at the first later event that ends it. So a
 *   returned step counts both rounds, and the wait between a request for changes and the
 *   resubmission is the coordinator's, not the agency's.
 * - A round's working days are those after its local start date up to and including its
 *   local end date (now for an open round): the same count as a business-day SLA, whose
 *   activation day never counts. Hours are elapsed time.
 * - The window (`from`, `to`: UTC dates, inclusive) selects steps decided in it or still open
 *   (activated before its end); cycle times, workflows completed in it; SLA, deadlines in it.
 */

/** The named parameters of {@link SCOPE}, in order. */
interface Scope {
  from: string | null;
  toEnd: string | null;
  technicalGroupCode: string | null;
  chainKey: string | null;
  country: string | null;
  workingDays: number[][];
  calendarKeys: string[];
  firstDay: string;
}

const ROUND_ENDS = `'step_approved', 'step_rejected', 'changes_requested', 'step_cancelled'`;

/**
 * The working days up to a local date on a calendar: `$6` holds, per calendar (`$7` its keys,
 * in order), the count of working days from `$8` to each day, so a span's working days are one
 * subtraction, with no join and no sort over half a million rows.
 */
const cum = (at: string, zone: string, calendar: string) =>
  `($6::int[])[${calendar}][(${at} AT TIME ZONE ${zone})::date - $8::date + 1]`;

/** A round `r`'s elapsed hours and working days (an open one to now). */
const HOURS = `EXTRACT(EPOCH FROM COALESCE(r.ended, now()) - r.started) / 3600`;
const DAYS = `${cum('COALESCE(r.ended, now())', 'r.time_zone', 'r.calendar')}
             - ${cum('r.started', 'r.time_zone', 'r.calendar')}`;

/**
 * CTEs `owners`, `steps`, their rounds (`single_rounds`: a step's one round, read from its
 * row; `event_rounds`: every round of any other, from the history) and `rounds` (both, with
 * hours and working days).
 */
const SCOPE = `
  owners AS (
    SELECT c.id AS chain_id, st->>'key' AS step_key, a.id::text AS calendar_key,
           array_position($7::text[], a.id::text) AS calendar, a.code,
           a.country::text AS country, a.time_zone,
           -- A step first assigned to the project's own group has one owner per group: the
           -- workflow's (workflows.project_group) picks it.
           CASE WHEN st->'assignees'->0->>'projectGroup' = 'true' THEN g.code END AS project_group
      FROM approval_chains c
     CROSS JOIN LATERAL jsonb_array_elements(c.definition->'steps') st
      LEFT JOIN agencies direct ON direct.code = st->'assignees'->0->>'agency'
      LEFT JOIN technical_groups g ON g.code = st->'assignees'->0->>'technicalGroup'
             OR st->'assignees'->0->>'projectGroup' = 'true'
      LEFT JOIN users chair ON chair.id = g.co_chair_mx_id
      JOIN agencies a ON a.id = COALESCE(direct.id, chair.agency_id)
     WHERE c.status <> 'draft'
  ),
  steps AS NOT MATERIALIZED (
    SELECT s.id, s.workflow_id, s.key, s.status, s.round, s.activated_at, s.finished_at,
           s.due_at, w.completed_at AS workflow_completed_at, o.calendar_key, o.calendar, o.code,
           o.country, o.time_zone
      FROM workflow_steps s
      JOIN workflows w ON w.id = s.workflow_id
      JOIN owners o ON o.chain_id = w.chain_id AND o.step_key = s.key
                   AND (o.project_group IS NULL OR o.project_group = w.project_group)
     WHERE s.round > 0
       AND ($4::text IS NULL OR w.chain_key = $4)
       AND ($5::text IS NULL OR o.country = $5)
       AND ($3::text IS NULL OR w.project_id IN (
             SELECT p.id FROM projects p JOIN technical_groups tg ON tg.id = p.technical_group_id
              WHERE tg.code = $3))
  ),
  single_rounds AS NOT MATERIALIZED (
    SELECT s.*, s.round AS n, s.activated_at AS started,
           CASE WHEN s.status = 'active' THEN NULL ELSE s.finished_at END AS ended,
           s.due_at AS round_due
      FROM steps s
     WHERE s.round = 1 AND s.status IN ('active', 'approved', 'rejected')
  ),
  event_rounds AS NOT MATERIALIZED (
    SELECT s.*, (a.data->>'round')::int AS n, a.at AS started,
           COALESCE(e.at, CASE WHEN s.status = 'active' AND s.round = (a.data->>'round')::int
                               THEN NULL ELSE s.workflow_completed_at END) AS ended,
           (a.data->>'dueAt')::timestamptz AS round_due
      FROM steps s
     -- OFFSET 0 keeps this a lookup by the primary key per step: the few steps read here
     -- must not turn into a hash of every activation in the history.
     CROSS JOIN LATERAL (
        SELECT a.seq, a.at, a.data FROM workflow_events a
         WHERE a.workflow_id = s.workflow_id AND a.type = 'step_activated'
           AND a.data->>'stepKey' = s.key OFFSET 0) a
      LEFT JOIN LATERAL (
        SELECT e.at FROM workflow_events e
         WHERE e.workflow_id = s.workflow_id AND e.seq > a.seq
           AND ((e.type IN (${ROUND_ENDS}) AND e.data->>'stepKey' = s.key
                 AND (e.data->>'round')::int = (a.data->>'round')::int)
             OR (e.type = 'workflow_returned' AND e.data->'resetSteps' ? s.key)
             OR e.type IN ('workflow_rejected', 'workflow_cancelled'))
         ORDER BY e.seq LIMIT 1) e ON true
     WHERE NOT (s.round = 1 AND s.status IN ('active', 'approved', 'rejected'))
  ),
  rounds AS (
    SELECT r.*, ${HOURS} AS hours, ${DAYS} AS days
      FROM (SELECT * FROM single_rounds UNION ALL SELECT * FROM event_rounds) r
  )`;

const AGENCIES = `
  WITH ${SCOPE},
  per_step AS (
    SELECT id, calendar_key, status, finished_at, due_at, ${HOURS} AS hours, ${DAYS} AS days,
           started AS first_started, COALESCE(ended, now()) AS last_ended
      FROM single_rounds r
    UNION ALL
    SELECT id, calendar_key, status, finished_at, due_at, sum(${HOURS}), sum(${DAYS}),
           min(started), max(COALESCE(ended, now()))
      FROM event_rounds r GROUP BY id, calendar_key, status, finished_at, due_at
  ),
  in_window AS (
    SELECT * FROM per_step
     WHERE (status = 'active' AND ($2::timestamptz IS NULL OR first_started < $2))
        OR (status <> 'active' AND ($1::timestamptz IS NULL OR last_ended >= $1)
            AND ($2::timestamptz IS NULL OR last_ended < $2))
  ),
  per_agency AS (
    SELECT calendar_key,
           count(*) FILTER (WHERE status IN ('approved', 'rejected')) AS decided,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY days)
             FILTER (WHERE status IN ('approved', 'rejected')) AS median_days,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
             FILTER (WHERE status IN ('approved', 'rejected')) AS p90_days,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)
             FILTER (WHERE status IN ('approved', 'rejected')) AS median_hours,
           percentile_cont(0.9) WITHIN GROUP (ORDER BY hours)
             FILTER (WHERE status IN ('approved', 'rejected')) AS p90_hours,
           avg(CASE WHEN finished_at <= due_at THEN 1.0 ELSE 0.0 END)
             FILTER (WHERE status IN ('approved', 'rejected') AND due_at IS NOT NULL)
             AS within_sla,
           count(*) FILTER (WHERE status = 'active') AS open_now,
           count(*) FILTER (WHERE status = 'active' AND due_at < now()) AS overdue_now,
           sum(days) AS waiting_days,
           sum(hours) AS waiting_hours
      FROM in_window GROUP BY calendar_key
  )
  SELECT a.code AS "agencyCode", a.country::text AS country,
         p.decided::int AS "stepsDecided",
         p.median_days AS "medianDaysToDecide", p.p90_days AS "p90DaysToDecide",
         p.median_hours AS "medianHoursToDecide", p.p90_hours AS "p90HoursToDecide",
         p.within_sla AS "withinSlaRate",
         p.open_now::int AS "openNow", p.overdue_now::int AS "overdueNow",
         p.waiting_days AS "waitingDaysTotal", p.waiting_hours AS "waitingHoursTotal"
    FROM per_agency p JOIN agencies a ON a.id::text = p.calendar_key
   ORDER BY "waitingDaysTotal" DESC, a.code`;

const COUNTRIES = `
  WITH ${SCOPE},
  clipped AS (
    SELECT r.*,
           GREATEST(r.started, COALESCE($1::timestamptz, r.started)) AS clip_start,
           LEAST(COALESCE(r.ended, now()), COALESCE($2::timestamptz, now()), now()) AS clip_end
      FROM rounds r
  ),
  held AS (
    SELECT c.country,
           EXTRACT(EPOCH FROM c.clip_end - c.clip_start) / 86400 AS step_days,
           ${cum('c.clip_end', 'c.time_zone', 'c.calendar')}
             - ${cum('c.clip_start', 'c.time_zone', 'c.calendar')} AS working_days
      FROM clipped c
     WHERE c.clip_end > c.clip_start
  ),
  open_now AS (
    SELECT country, count(*) AS open_now, count(*) FILTER (WHERE due_at < now()) AS overdue_now
      FROM steps WHERE status = 'active' GROUP BY country
  ),
  held_by AS (
    SELECT country, sum(step_days) AS step_days, sum(working_days) AS working_days
      FROM held GROUP BY country
  ),
  sides AS (
    SELECT side.country,
           COALESCE(o.open_now, 0)::int AS "openNow",
           COALESCE(o.overdue_now, 0)::int AS "overdueNow",
           COALESCE(h.step_days, 0) AS "openStepDays",
           COALESCE(h.working_days, 0) AS "openStepWorkingDays"
      FROM (VALUES ('MX'), ('US')) AS side(country)
      LEFT JOIN open_now o ON o.country = side.country
      LEFT JOIN held_by h ON h.country = side.country
     WHERE $5::text IS NULL OR side.country = $5
  )
  SELECT sides.*,
         "openStepDays" / NULLIF(sum("openStepDays") OVER (), 0) AS share
    FROM sides ORDER BY country`;

const SLA = `
  WITH ${SCOPE},
  due AS (
    SELECT r.code, r.country, to_char(r.round_due AT TIME ZONE r.time_zone, 'YYYY-MM') AS month,
           (r.ended IS NULL AND r.round_due < now()) OR r.ended > r.round_due AS late
      FROM rounds r
     WHERE r.round_due IS NOT NULL AND (r.ended IS NOT NULL OR r.round_due < now())
       AND ($1::timestamptz IS NULL OR r.round_due >= $1)
       AND ($2::timestamptz IS NULL OR r.round_due < $2)
  )
  SELECT code AS "agencyCode", country, month, count(*)::int AS "stepsDue",
         count(*) FILTER (WHERE late)::int AS "stepsLate",
         avg(CASE WHEN late THEN 1.0 ELSE 0.0 END) AS "lateRate"
    FROM due GROUP BY code, country, month ORDER BY month, code`;

const BINATIONAL = `array_position($7::text[], 'binational')`;

// Cycle times need no step owner: a workflow's working days are counted on the binational
// calendar (a day both sides work) in its coordinator's zone.
const CYCLE_TIMES = `
  WITH
  done AS (
    SELECT w.id, w.chain_key, w.started_at, w.completed_at, u.time_zone
      FROM workflows w JOIN users u ON u.id = w.coordinator_id
     WHERE w.status IN ('approved', 'rejected')
       AND ($1::timestamptz IS NULL OR w.completed_at >= $1)
       AND ($2::timestamptz IS NULL OR w.completed_at < $2)
       AND ($4::text IS NULL OR w.chain_key = $4)
       AND ($3::text IS NULL OR w.project_id IN (
             SELECT p.id FROM projects p JOIN technical_groups tg ON tg.id = p.technical_group_id
              WHERE tg.code = $3))
       AND ($5::text IS NULL OR $5::text IS NOT NULL)
  ),
  timed AS (
    SELECT d.id, d.chain_key,
           EXTRACT(EPOCH FROM d.completed_at - d.started_at) / 3600 AS hours,
           ${cum('d.completed_at', 'd.time_zone', BINATIONAL)} - ${cum('d.started_at', 'd.time_zone', BINATIONAL)}
             AS days,
           d.id IN (SELECT workflow_id FROM workflow_events
                     WHERE type IN ('changes_requested', 'workflow_returned')) AS rework
      FROM done d
  )
  SELECT chain_key AS "chainKey", count(*)::int AS "workflowsCompleted",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS "medianDays",
         percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS "p90Days",
         percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) AS "medianHours",
         percentile_cont(0.9) WITHIN GROUP (ORDER BY hours) AS "p90Hours",
         avg(CASE WHEN rework THEN 1.0 ELSE 0.0 END) AS "reworkRate"
    FROM timed GROUP BY chain_key ORDER BY chain_key`;

type Numeric = string | number | null;

/**
 * The reports of the contract's "Reports" section, computed by SQL over the stored steps and
 * history on every call (there is no second copy of the data to keep in sync). Durations come
 * in working days (see the rules above) and in hours, both rounded to 2 decimals; rates are
 * shares from 0 to 1, null when nothing was counted.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Per owner agency, the bottleneck (most working days waited) first. */
  async agencies(query: ReportQuery): Promise<AgencyReportRow[]> {
    const rows = await this.run<Record<string, Numeric>>(AGENCIES, query);
    return rows.map((r) => ({
      agencyCode: r.agencyCode as string,
      country: r.country as string,
      stepsDecided: Number(r.stepsDecided),
      medianDaysToDecide: round(r.medianDaysToDecide),
      p90DaysToDecide: round(r.p90DaysToDecide),
      medianHoursToDecide: round(r.medianHoursToDecide),
      p90HoursToDecide: round(r.p90HoursToDecide),
      withinSlaRate: round(r.withinSlaRate, 4),
      openNow: Number(r.openNow),
      overdueNow: Number(r.overdueNow),
      waitingDaysTotal: round(r.waitingDaysTotal) ?? 0,
      waitingHoursTotal: round(r.waitingHoursTotal) ?? 0,
    }));
  }

  /** MX and US: open and overdue steps now, and the open step-days each side held. */
  async countries(query: ReportQuery): Promise<CountryReportRow[]> {
    const rows = await this.run<Record<string, Numeric>>(COUNTRIES, query);
    return rows.map((r) => ({
      country: r.country as string,
      openNow: Number(r.openNow),
      overdueNow: Number(r.overdueNow),
      openStepDays: round(r.openStepDays) ?? 0,
      openStepWorkingDays: round(r.openStepWorkingDays) ?? 0,
      share: round(r.share, 4),
    }));
  }

  /** Per chain key: completed workflows, their cycle times and rework rate. */
  async cycleTimes(query: ReportQuery): Promise<CycleTimeReportRow[]> {
    const rows = await this.run<Record<string, Numeric>>(CYCLE_TIMES, query, ['binational']);
    return rows.map((r) => ({
      chainKey: r.chainKey as string,
      workflowsCompleted: Number(r.workflowsCompleted),
      medianDays: round(r.medianDays),
      p90Days: round(r.p90Days),
      medianHours: round(r.medianHours),
      p90Hours: round(r.p90Hours),
      reworkRate: round(r.reworkRate, 4),
    }));
  }

  /** Per owner agency and month of the deadline: rounds due, late, and the late rate. */
  async sla(query: ReportQuery): Promise<SlaReportRow[]> {
    const rows = await this.run<Record<string, Numeric>>(SLA, query);
    return rows.map((r) => ({
      agencyCode: r.agencyCode as string,
      country: r.country as string,
      month: r.month as string,
      stepsDue: Number(r.stepsDue),
      stepsLate: Number(r.stepsLate),
      lateRate: round(r.lateRate, 4),
    }));
  }

  private async run<T>(sql: string, query: ReportQuery, only?: string[]): Promise<T[]> {
    const [bounds] = (await this.db.query(
      `SELECT to_char((SELECT min(started_at) FROM workflows) - interval '1 day', 'YYYY-MM-DD') AS first,
              to_char(now() + interval '1 day', 'YYYY-MM-DD') AS last`,
    )) as { first: string | null; last: string }[];
    const first = bounds.first ?? bounds.last;
    const agencies = (await this.db.query(
      `SELECT id::text AS key, country, non_working_days::text[] AS days FROM agencies`,
    )) as { key: string; country: Country; days: string[] }[];
    const binational: ReportCalendar = {
      key: 'binational',
      calendar: 'binational',
      extraNonWorkingDays: [],
    };
    const calendars = [
      binational,
      ...agencies.map((a): ReportCalendar => ({
        key: a.key,
        calendar: a.country,
        extraNonWorkingDays: a.days,
      })),
    ].filter((c) => !only || only.includes(c.key));
    const days = workingDayCounts(calendars, first, bounds.last);
    const scope: Scope = {
      from: query.from ? `${query.from}T00:00:00Z` : null,
      toEnd: query.to ? nextDay(query.to) : null,
      technicalGroupCode: query.technicalGroupCode ?? null,
      chainKey: query.chainKey ?? null,
      country: query.country ?? null,
      workingDays: days.counts,
      calendarKeys: days.keys,
      firstDay: first,
    };
    return (await this.db.query(sql, Object.values(scope))) as T[];
  }
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
}

function round(value: Numeric, digits = 2): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(Number(value) * factor) / factor;
}
