import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { invalidField } from '@app/common/errors/domain-error';
import type { Country } from '@puentes/business-calendar';
import type { DataSource } from 'typeorm';
import type {
  AgencyReportRow,
  CountryReportRow,
  CycleTimeReportRow,
  ReportQuery,
  SlaReportRow,
} from './dto/reports.dto';
import { type ReportCalendar, type WorkingDayCounts, workingDayCounts } from './report-calendars';

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
 *
 * What keeps them fast over 500,000 steps (docs/benchmarks.md, `npm run bench:reports`): the
 * owners are resolved before the query and passed as arrays (and, when a step key has one
 * owner in every chain version, the steps are not joined to their workflows at all); working
 * days are array lookups; each query groups by calendar with hashing, sorting only each
 * calendar's durations for the percentiles; multi-round steps find their activations through
 * a partial index; and JIT is off for them (it cost seconds of compilation per call).
 */

/** The parameters of every step report, in order ($1…$10). */
interface Scope {
  from: string | null;
  toEnd: string | null;
  technicalGroupCode: string | null;
  workingDays: number[][];
  firstDay: string;
  ownerChains: (string | null)[];
  ownerSteps: string[];
  ownerCalendars: number[];
  ownerZones: string[];
  ownerGroups: (string | null)[];
}

const ROUND_ENDS = `'step_approved', 'step_rejected', 'changes_requested', 'step_cancelled'`;

/**
 * The working days up to a local date on a calendar: `$4` holds, per calendar (by its 1-based
 * index in {@link Calendars.list}), the count of working days from `$5` to each day, so a
 * span's working days are one subtraction, with no join and no sort.
 */
const cum = (at: string, zone: string, calendar: string) =>
  `($4::int[])[${calendar}][(${at} AT TIME ZONE ${zone})::date - $5::date + 1]`;

/** A round `r`'s elapsed hours (float8: date_part, not the numeric EXTRACT) and working days. */
const HOURS = `(date_part('epoch', COALESCE(r.ended, now())) - date_part('epoch', r.started)) / 3600`;
const DAYS = `${cum('COALESCE(r.ended, now())', 'r.time_zone', 'r.calendar')}
             - ${cum('r.started', 'r.time_zone', 'r.calendar')}`;

/**
 * How a step finds its owner (`owners`: the arrays `$6`…`$10`, one entry per step of every
 * published chain version, resolved beforehand). When every chain version gives a step key the
 * same owner and no filter needs the workflow, the key alone decides, and the half-million
 * steps are not joined to their workflows at all; otherwise they are, by a hash join that the
 * planner can size (it knows the arrays' lengths, not a guess at a jsonb expansion).
 */
function stepsFrom(byKey: boolean, group: boolean): string {
  if (byKey) return `workflow_steps s JOIN owners o ON o.step_key = s.key`;
  return `workflow_steps s
      JOIN workflows w ON w.id = s.workflow_id
      JOIN owners o ON o.chain_id = w.chain_id AND o.step_key = s.key
                   AND (o.project_group IS NULL OR o.project_group = w.project_group)
      ${
        group
          ? `AND w.project_id IN (
             SELECT p.id FROM projects p JOIN technical_groups tg ON tg.id = p.technical_group_id
              WHERE tg.code = $3)`
          : ''
      }`;
}

/**
 * CTEs `owners`, `steps`, their rounds (`single_rounds`: a step's one round, read from its
 * row; `event_rounds`: every round of any other, from the history) and `rounds` (both). Only
 * the columns the reports read, so that what is sorted and hashed stays narrow.
 */
const scope = (byKey: boolean, group: boolean) => `
  owners AS (
    SELECT * FROM unnest($6::uuid[], $7::text[], $8::int[], $9::text[], $10::text[])
      AS o(chain_id, step_key, calendar, time_zone, project_group)
     -- Every parameter is typed here, whether or not this report reads it further on.
     WHERE ($3::text IS NULL OR $3::text IS NOT NULL) AND $4::int[] IS NOT NULL
       AND $5::date IS NOT NULL
  ),
  steps AS NOT MATERIALIZED (
    SELECT s.id, s.workflow_id, s.key, s.status, s.round, s.activated_at, s.finished_at,
           s.due_at, o.calendar, o.time_zone
      FROM ${stepsFrom(byKey, group)}
     WHERE s.round > 0
  ),
  single_rounds AS NOT MATERIALIZED (
    SELECT s.id, s.calendar, s.time_zone, s.status, s.finished_at, s.due_at,
           s.activated_at AS started,
           CASE WHEN s.status = 'active' THEN NULL ELSE s.finished_at END AS ended,
           s.due_at AS round_due
      FROM steps s
     WHERE s.round = 1 AND s.status IN ('active', 'approved', 'rejected')
  ),
  event_rounds AS NOT MATERIALIZED (
    -- The current round of a step decided (or active) in a later round, from its row…
    SELECT s.id, s.calendar, s.time_zone, s.status, s.finished_at, s.due_at,
           s.activated_at AS started,
           CASE WHEN s.status = 'active' THEN NULL ELSE s.finished_at END AS ended,
           s.due_at AS round_due
      FROM steps s
     WHERE NOT (s.round = 1 AND s.status IN ('active', 'approved', 'rejected'))
       AND s.round > 1 AND s.status IN ('active', 'approved', 'rejected')
    UNION ALL
    -- …and every other round from the history (all of them for a step that was reset,
    -- cancelled or sent back for changes).
    SELECT s.id, s.calendar, s.time_zone, s.status, s.finished_at, s.due_at, a.at AS started,
           COALESCE(e.at, CASE WHEN s.status = 'active' AND s.round = (a.data->>'round')::int
                               THEN NULL
                               ELSE (SELECT w.completed_at FROM workflows w
                                      WHERE w.id = s.workflow_id) END) AS ended,
           (a.data->>'dueAt')::timestamptz AS round_due
      FROM steps s
     -- OFFSET 0 keeps this a lookup per step: the few steps read here must not turn into a
     -- hash of every activation in the history.
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
       AND (s.status NOT IN ('active', 'approved', 'rejected')
            OR (a.data->>'round')::int < s.round)
  ),
  rounds AS NOT MATERIALIZED (
    SELECT * FROM single_rounds UNION ALL SELECT * FROM event_rounds
  )`;

/**
 * Per calendar (owner agency): counts, percentiles, sums. Each step is reduced to a few flags
 * and numbers, hashed by calendar; only each calendar's decided durations are sorted.
 */
const agenciesSql = (byKey: boolean, group: boolean) => `
  WITH ${scope(byKey, group)},
  per_step AS (
    SELECT calendar, status, finished_at <= due_at AS in_time, due_at < now() AS past_due,
           ${HOURS} AS hours, ${DAYS} AS days,
           started AS first_started, COALESCE(ended, now()) AS last_ended
      FROM single_rounds r
    UNION ALL
    SELECT calendar, status, finished_at <= due_at, due_at < now(), sum(${HOURS}), sum(${DAYS}),
           min(started), max(COALESCE(ended, now()))
      FROM event_rounds r GROUP BY id, calendar, status, finished_at, due_at
  ),
  in_window AS (
    SELECT calendar, status IN ('approved', 'rejected') AS decided, status = 'active' AS open,
           in_time, past_due, hours, days
      FROM per_step
     WHERE (status = 'active' AND ($2::timestamptz IS NULL OR first_started < $2))
        OR (status <> 'active' AND ($1::timestamptz IS NULL OR last_ended >= $1)
            AND ($2::timestamptz IS NULL OR last_ended < $2))
  )
  SELECT calendar, decided,
         (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY d) FROM unnest(days) d)
           AS days,
         (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY h) FROM unnest(hours) h)
           AS hours,
         within_sla, open_now, overdue_now, waiting_days, waiting_hours
    FROM (
      -- Hashed by calendar (an ordered-set aggregate here would sort every row by calendar
      -- first): each calendar's decided durations are sorted on their own, above.
      SELECT calendar,
             count(*) FILTER (WHERE decided) AS decided,
             array_agg(days) FILTER (WHERE decided) AS days,
             array_agg(hours) FILTER (WHERE decided) AS hours,
             avg(CASE WHEN in_time THEN 1.0 ELSE 0.0 END)
               FILTER (WHERE decided AND in_time IS NOT NULL) AS within_sla,
             count(*) FILTER (WHERE open) AS open_now,
             count(*) FILTER (WHERE open AND past_due) AS overdue_now,
             sum(days) AS waiting_days,
             sum(hours) AS waiting_hours
        FROM in_window GROUP BY calendar
    ) per_calendar`;

/**
 * Per calendar: open and overdue steps now (an open step has one round without an end: its
 * current one), and the step-days held in the window, in one pass over the rounds.
 */
const countriesSql = (byKey: boolean, group: boolean) => `
  WITH ${scope(byKey, group)},
  clipped AS (
    SELECT r.calendar, r.time_zone, r.status = 'active' AND r.ended IS NULL AS open,
           r.due_at < now() AS past_due,
           GREATEST(r.started, COALESCE($1::timestamptz, r.started)) AS clip_start,
           LEAST(COALESCE(r.ended, now()), COALESCE($2::timestamptz, now()), now()) AS clip_end
      FROM rounds r
  )
  SELECT c.calendar,
         count(*) FILTER (WHERE c.open) AS open_now,
         count(*) FILTER (WHERE c.open AND c.past_due) AS overdue_now,
         COALESCE(sum((date_part('epoch', c.clip_end) - date_part('epoch', c.clip_start)) / 86400)
           FILTER (WHERE c.clip_end > c.clip_start), 0) AS step_days,
         COALESCE(sum(${cum('c.clip_end', 'c.time_zone', 'c.calendar')}
           - ${cum('c.clip_start', 'c.time_zone', 'c.calendar')})
           FILTER (WHERE c.clip_end > c.clip_start), 0) AS working_days
    FROM clipped c GROUP BY c.calendar`;

/** Per calendar and month of the deadline (in the owner's zone): rounds due, and late. */
const slaSql = (byKey: boolean, group: boolean) => `
  WITH ${scope(byKey, group)},
  due AS (
    SELECT r.calendar, date_trunc('month', r.round_due AT TIME ZONE r.time_zone) AS month,
           (r.ended IS NULL AND r.round_due < now()) OR r.ended > r.round_due AS late
      FROM rounds r
     WHERE r.round_due IS NOT NULL AND (r.ended IS NOT NULL OR r.round_due < now())
       AND ($1::timestamptz IS NULL OR r.round_due >= $1)
       AND ($2::timestamptz IS NULL OR r.round_due < $2)
  )
  SELECT calendar, to_char(month, 'YYYY-MM') AS month, count(*) AS due,
         count(*) FILTER (WHERE late) AS late
    FROM due GROUP BY calendar, month`;

// Cycle times need no step owner: a workflow's working days are counted on the binational
// calendar (a day both sides work) in its coordinator's zone. $5: that calendar's counts, from
// $6. The rework rate reads the partial index idx_workflow_events_rework.
const cycleCum = (at: string) =>
  `($5::int[])[1][(${at} AT TIME ZONE d.time_zone)::date - $6::date + 1]`;
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
  ),
  timed AS (
    SELECT d.id, d.chain_key,
           (date_part('epoch', d.completed_at) - date_part('epoch', d.started_at)) / 3600 AS hours,
           ${cycleCum('d.completed_at')} - ${cycleCum('d.started_at')} AS days,
           d.id IN (SELECT workflow_id FROM workflow_events
                     WHERE type IN ('changes_requested', 'workflow_returned')) AS rework
      FROM done d
  )
  SELECT chain_key AS "chainKey", count(*)::int AS "workflowsCompleted",
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY days) AS days,
         percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY hours) AS hours,
         avg(CASE WHEN rework THEN 1.0 ELSE 0.0 END) AS "reworkRate"
    FROM timed GROUP BY chain_key ORDER BY chain_key`;

/** A step of a published (or retired) chain version and the agency that owns it. */
interface OwnerRow {
  chain_id: string;
  chain_key: string;
  step_key: string;
  /** Null when the step's first assignee resolves to no agency (such steps are not counted). */
  agency_id: string | null;
  /**
   * For a step first assigned to the project's own group (`{ projectGroup: true }`): the group
   * this row is the owner for, one row per group; the workflow's `project_group` picks it.
   */
  project_group: string | null;
}

const OWNERS = `
  SELECT c.id AS chain_id, c.key AS chain_key, st->>'key' AS step_key,
         COALESCE(direct.id, chair.agency_id)::text AS agency_id,
         CASE WHEN st->'assignees'->0->>'projectGroup' = 'true' THEN g.code END AS project_group
    FROM approval_chains c
   CROSS JOIN LATERAL jsonb_array_elements(c.definition->'steps') st
    LEFT JOIN agencies direct ON direct.code = st->'assignees'->0->>'agency'
    LEFT JOIN technical_groups g ON g.code = st->'assignees'->0->>'technicalGroup'
           OR st->'assignees'->0->>'projectGroup' = 'true'
    LEFT JOIN users chair ON chair.id = g.co_chair_mx_id
   WHERE c.status <> 'draft'`;

/** The calendars of one request: the binational one first, then each agency's. */
interface Calendars {
  /** Per calendar, 1-based in SQL: `binational`, then every agency. */
  list: { key: string; code: string; country: Country | null; timeZone: string }[];
  counts: WorkingDayCounts;
  firstDay: string;
}

type Numeric = string | number | null;

/**
 * The reports of the contract's "Reports" section, computed by SQL over the stored steps and
 * history on every call (there is no second copy of the data to keep in sync). Durations come
 * in working days (see the rules above) and in hours, both rounded to 2 decimals; rates are
 * shares from 0 to 1, null when nothing was counted.
 *
 * Each report is one query grouped by owner calendar (a few rows); names, countries, the
 * ranking and the country totals are then put together here from those rows.
 */
@Injectable()
export class ReportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Per owner agency, the bottleneck (most working days waited) first. */
  async agencies(query: ReportQuery): Promise<AgencyReportRow[]> {
    const { rows, calendars } = await this.stepReport(agenciesSql, query);
    return rows
      .map((r) => {
        const agency = calendars.list[Number(r.calendar) - 1];
        const days = percentiles(r.days);
        const hours = percentiles(r.hours);
        return {
          agencyCode: agency.code,
          country: agency.country as string,
          stepsDecided: Number(r.decided),
          medianDaysToDecide: round(days[0]),
          p90DaysToDecide: round(days[1]),
          medianHoursToDecide: round(hours[0]),
          p90HoursToDecide: round(hours[1]),
          withinSlaRate: round(r.within_sla as Numeric, 4),
          openNow: Number(r.open_now),
          overdueNow: Number(r.overdue_now),
          waitingDaysTotal: round(r.waiting_days as Numeric) ?? 0,
          waitingHoursTotal: round(r.waiting_hours as Numeric) ?? 0,
        };
      })
      .sort(
        (a, b) => b.waitingDaysTotal - a.waitingDaysTotal || compare(a.agencyCode, b.agencyCode),
      );
  }

  /** MX and US: open and overdue steps now, and the open step-days each side held. */
  async countries(query: ReportQuery): Promise<CountryReportRow[]> {
    const { rows, calendars } = await this.stepReport(countriesSql, query);
    const sides = (['MX', 'US'] as const)
      .filter((country) => !query.country || query.country === country)
      .map((country) => {
        const mine = rows.filter((r) => calendars.list[Number(r.calendar) - 1].country === country);
        const sum = (column: string) => mine.reduce((total, r) => total + Number(r[column]), 0);
        return {
          country,
          openNow: sum('open_now'),
          overdueNow: sum('overdue_now'),
          stepDays: sum('step_days'),
          workingDays: sum('working_days'),
        };
      });
    const total = sides.reduce((sum, side) => sum + side.stepDays, 0);
    return sides.map((side) => ({
      country: side.country,
      openNow: side.openNow,
      overdueNow: side.overdueNow,
      openStepDays: round(side.stepDays) ?? 0,
      openStepWorkingDays: round(side.workingDays) ?? 0,
      share: total > 0 ? round(side.stepDays / total, 4) : null,
    }));
  }

  /** Per chain key: completed workflows, their cycle times and rework rate. */
  async cycleTimes(query: ReportQuery): Promise<CycleTimeReportRow[]> {
    const calendars = await this.calendars(true);
    const rows = await this.analytic(CYCLE_TIMES, [
      ...window(query),
      query.technicalGroupCode ?? null,
      query.chainKey ?? null,
      calendars.counts.counts,
      calendars.firstDay,
    ]);
    return rows.map((r) => {
      const days = percentiles(r.days);
      const hours = percentiles(r.hours);
      return {
        chainKey: r.chainKey as string,
        workflowsCompleted: Number(r.workflowsCompleted),
        medianDays: round(days[0]),
        p90Days: round(days[1]),
        medianHours: round(hours[0]),
        p90Hours: round(hours[1]),
        reworkRate: round(r.reworkRate as Numeric, 4),
      };
    });
  }

  /** Per owner agency and month of the deadline: rounds due, late, and the late rate. */
  async sla(query: ReportQuery): Promise<SlaReportRow[]> {
    const { rows, calendars } = await this.stepReport(slaSql, query);
    return rows
      .map((r) => {
        const agency = calendars.list[Number(r.calendar) - 1];
        const due = Number(r.due);
        const late = Number(r.late);
        return {
          agencyCode: agency.code,
          country: agency.country as string,
          month: r.month as string,
          stepsDue: due,
          stepsLate: late,
          lateRate: due > 0 ? round(late / due, 4) : null,
        };
      })
      .sort((a, b) => compare(a.month, b.month) || compare(a.agencyCode, b.agencyCode));
  }

  /**
   * Runs one of the step reports: resolves the calendars and every chain step's owner first
   * (a few rows), applies the country and chain filters to those owners, and passes them to
   * the query as arrays. Rows come back per calendar (`calendar`: 1-based index in the list).
   */
  private async stepReport(
    sql: (byKey: boolean, group: boolean) => string,
    query: ReportQuery,
  ): Promise<{ rows: Record<string, unknown>[]; calendars: Calendars }> {
    const [calendars, ownerRows] = await Promise.all([
      this.calendars(false),
      this.db.query(OWNERS) as Promise<OwnerRow[]>,
    ]);
    const index = new Map(calendars.list.map((c, i) => [c.key, i + 1]));
    // A step key decides its owner alone when every chain version that has it agrees.
    const ownerOfKey = new Map<string, string | null>();
    const ambiguous = new Set<string>();
    for (const o of ownerRows) {
      if (ownerOfKey.has(o.step_key) && ownerOfKey.get(o.step_key) !== o.agency_id)
        ambiguous.add(o.step_key);
      ownerOfKey.set(o.step_key, o.agency_id);
    }
    const byKey = ambiguous.size === 0 && !query.chainKey && !query.technicalGroupCode;
    const wanted = ownerRows.filter(
      (o) =>
        o.agency_id !== null &&
        (!query.chainKey || o.chain_key === query.chainKey) &&
        (!query.country || calendars.list[index.get(o.agency_id)! - 1].country === query.country),
    );
    const owners = byKey
      ? [
          ...new Map(
            wanted.map((o) => [o.step_key, { ...o, chain_id: null, project_group: null }]),
          ).values(),
        ]
      : wanted;
    const scope: Scope = {
      from: window(query)[0],
      toEnd: window(query)[1],
      technicalGroupCode: query.technicalGroupCode ?? null,
      workingDays: calendars.counts.counts,
      firstDay: calendars.firstDay,
      ownerChains: owners.map((o) => o.chain_id),
      ownerSteps: owners.map((o) => o.step_key),
      ownerCalendars: owners.map((o) => index.get(o.agency_id!)!),
      ownerZones: owners.map((o) => calendars.list[index.get(o.agency_id!)! - 1].timeZone),
      ownerGroups: owners.map((o) => o.project_group),
    };
    const rows = await this.analytic(sql(byKey, !!query.technicalGroupCode), Object.values(scope));
    return { rows, calendars };
  }

  /**
   * One report query, in a transaction of its own with two settings for it alone: no JIT (on
   * these plans LLVM spent 3.5 s compiling a query that runs in well under one) and enough
   * memory to sort half a million narrow rows for the percentiles without spilling to disk.
   */
  private analytic(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    return this.db.transaction(async (manager) => {
      await manager.query(
        `SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
                set_config('enable_memoize', 'off', true)`,
      );
      return (await manager.query(sql, params)) as Record<string, unknown>[];
    });
  }

  /**
   * The binational calendar and every agency's (or the binational one alone), with their
   * running working-day counts from the day before the first workflow started to tomorrow.
   */
  private async calendars(binationalOnly: boolean): Promise<Calendars> {
    const [bounds] = (await this.db.query(
      `SELECT to_char((SELECT min(started_at) FROM workflows) - interval '1 day', 'YYYY-MM-DD') AS first,
              to_char(now() + interval '1 day', 'YYYY-MM-DD') AS last`,
    )) as { first: string | null; last: string }[];
    const firstDay = bounds.first ?? bounds.last;
    const agencies = binationalOnly
      ? []
      : ((await this.db.query(
          `SELECT id::text AS key, code, country, time_zone AS "timeZone",
                  non_working_days::text[] AS days
             FROM agencies`,
        )) as { key: string; code: string; country: Country; timeZone: string; days: string[] }[]);
    const list: Calendars['list'] = [
      { key: 'binational', code: 'binational', country: null, timeZone: 'UTC' },
      ...agencies.map((a) => ({
        key: a.key,
        code: a.code,
        country: a.country,
        timeZone: a.timeZone,
      })),
    ];
    const calendars: ReportCalendar[] = [
      { key: 'binational', calendar: 'binational', extraNonWorkingDays: [] },
      ...agencies.map((a): ReportCalendar => ({
        key: a.key,
        calendar: a.country,
        extraNonWorkingDays: a.days,
      })),
    ];
    return { list, counts: workingDayCounts(calendars, firstDay, bounds.last), firstDay };
  }
}

/**
 * `from` and the instant after `to` (both UTC), or null. A window that ends before it starts
 * is a `400` naming `to` (every report reads its window here).
 */
function window(query: ReportQuery): [string | null, string | null] {
  if (query.from && query.to && query.to < query.from)
    throw invalidField('to', `must not be before from (${query.from})`, 'REPORT.WINDOW_INVALID');
  return [query.from ? `${query.from}T00:00:00Z` : null, query.to ? nextDay(query.to) : null];
}

/** The `{0.5, 0.9}` array percentile_cont returns (as the driver gives it), or two nulls. */
function percentiles(value: unknown): [Numeric, Numeric] {
  if (value === null || value === undefined) return [null, null];
  const list = Array.isArray(value)
    ? (value as Numeric[])
    : String(value).replace(/[{}]/g, '').split(',').map(Number);
  return [list[0] ?? null, list[1] ?? null];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString();
}

function round(value: Numeric, digits = 2): number | null {
  if (value === null) return null;
  const factor = 10 ** digits;
  return Math.round(Number(value) * factor) / factor;
}
