import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { invalidField } from '@app/common/errors/domain-error';
import { SIGNATURE_SLOTS_SQL } from '@app/modules/approvals/signature-slots';
import type { CalendarId, Country } from '@puentes/business-calendar';
import { type Assignee, assigneeId, parseSlotId, seatsOf, slotId } from '@puentes/workflow-engine';
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
 * - **Who held a step.** Each assignee's seat on a step (a signature slot: `agency:SRE/agency`,
 *   `group:SON-AZ/mx`) is a hold of the agency that signs in it: the agency itself, or for a
 *   technical group's seat the agency of the co-chair sitting in it now. A hold starts when its
 *   round starts and ends when that seat decides in the round, or when the round ends without
 *   it (another seat settled the step, a return, a cancellation), or runs to now. So a step of
 *   four agencies under `all` is four holds, and an agency that signed on day 2 is not blamed
 *   for the 28 days another took: the agency report and the SLA report are per hold, and the
 *   country report counts a step's round for a side while any seat of that side holds it.
 *   A step's current assignees (after any reassignment) name its seats in every round.
 * - **Working days** are counted on the step's own calendar, as its deadline is
 *   (approvals/deadlines.ts): its business-day SLA's calendar (`MX`, `US`, `binational`), or
 *   without one its owner's country's, with its owner's own days off, in its owner's zone. Its
 *   owner is its first assignee's agency (for a technical group, the agency of its MX
 *   co-chair). Every seat of a step counts on that one calendar. Hours are elapsed time.
 * - A step is counted round by round. A step activated once and decided (or still active) is
 *   read from its row alone; any other (changes requested, returned, cancelled) from its
 *   `step_activated` events, each round ending at the first later event that ends it. So a
 *   returned step counts both rounds, and the wait between a request for changes and the
 *   resubmission is the coordinator's, not the agency's.
 * - A round's working days are those after its local start date up to and including its
 *   local end date (now for an open round): the same count as a business-day SLA, whose
 *   activation day never counts.
 * - The window (`from`, `to`: UTC dates, inclusive) selects holds decided in it or still open
 *   (begun before its end); cycle times, workflows completed in it; SLA, deadlines in it.
 *
 * What keeps them fast over 500,000 steps (docs/benchmarks.md, `npm run bench:reports`): a step
 * whose one assignee is an agency (and was never reassigned) is its one hold, read from its
 * row with no join to the signatures; only the others are joined to `step_decisions`, and they
 * are found without a second pass over every step (their owners are few, and reassigned steps
 * have a partial index). The owners are resolved before the query and passed as arrays (and,
 * when a step key has one owner in every chain version, the steps are not joined to their
 * workflows at all); working days are array lookups; each query groups with hashing, sorting
 * only each agency's durations for the percentiles; multi-round steps find their activations
 * through a partial index; and JIT is off for them (it cost seconds of compilation per call).
 */

/** The parameters of every step report, in order ($1…$20). */
interface Scope {
  from: string | null;
  toEnd: string | null;
  technicalGroupCode: string | null;
  workingDays: number[][];
  firstDay: string;
  /** The owner rows (`owners`, numbered from 1 in this order): one per chain step. */
  ownerChains: (string | null)[];
  ownerSteps: string[];
  ownerCalendars: number[];
  ownerZones: string[];
  ownerGroups: (string | null)[];
  /** Whether the step's one assignee is an agency: its one hold is its row. */
  ownerSole: boolean[];
  /** Whether the owner's agency is counted (the country filter), for sole steps. */
  ownerCounted: boolean[];
  /** Every seat held by an agency the report counts (`holders`): assignee id, seat, agency. */
  holderAssignees: string[];
  holderSeats: string[];
  holderAgencies: number[];
  /** The seats of each owner row (`seated_owners`): its number, assignee id, seat. */
  slotOwners: number[];
  slotAssignees: string[];
  slotSeats: string[];
  /** Per calendar index: the country (`MX`, `US`; null for the binational calendar). */
  countries: (string | null)[];
  /** Per owner row: its agency (the index of the agency's own calendar), for sole steps. */
  ownerAgencies: number[];
}

const ROUND_ENDS = `'step_approved', 'step_rejected', 'changes_requested', 'step_cancelled'`;

/**
 * The working days up to a local date on a calendar: `$4` holds, per calendar (by its 1-based
 * index in {@link Calendars.list}), the count of working days from `$5` to each day, so a
 * span's working days are one subtraction, with no join and no sort.
 */
const cum = (at: string, zone: string, calendar: string) =>
  `($4::int[])[${calendar}][(${at} AT TIME ZONE ${zone})::date - $5::date + 1]`;

/** A hold `r`'s elapsed hours (float8: date_part, not the numeric EXTRACT) and working days. */
const HOURS = `(date_part('epoch', COALESCE(r.ended, now())) - date_part('epoch', r.started)) / 3600`;
const DAYS = `${cum('COALESCE(r.ended, now())', 'r.time_zone', 'r.calendar')}
             - ${cum('r.started', 'r.time_zone', 'r.calendar')}`;

/**
 * Steps of one `kind` joined to their owners (`o`: the arrays `$6`…`$12` and `$20`, one entry
 * per step of every published chain version, resolved beforehand; for a shared step, once per
 * seat). When every chain version gives a step key the same owner and no filter needs the
 * workflow, the key alone decides, and the half-million steps are not joined to their
 * workflows at all; otherwise they are, by a hash join that the planner can size (it knows the
 * arrays' lengths, not a guess at a jsonb expansion).
 */
function ownedSteps(
  byKey: boolean,
  group: boolean,
  kind: 'sole' | 'shared' | 'reassigned',
): string {
  const filter = {
    sole: 'o.sole AND o.counted AND s.assignees IS NULL',
    shared: 'NOT o.sole AND s.assignees IS NULL',
    reassigned: 's.assignees IS NOT NULL',
  }[kind];
  // A shared step comes once per seat: its owner row's seats (`seated_owners`, a few rows
  // joined before the steps are), or for a reassigned step the seats of its own list.
  const owners = kind === 'shared' ? 'seated_owners' : 'owners';
  const seats = {
    sole: 'o.agency',
    shared: 'o.assignee, o.seat, o.holder AS agency',
    reassigned: 'h.assignee, h.seat, h.agency',
  }[kind];
  const reassigned =
    kind === 'reassigned'
      ? `CROSS JOIN LATERAL unnest(s.assignees) AS a(assignee)
         JOIN holders h ON h.assignee = a.assignee`
      : '';
  const columns = `s.id, s.workflow_id, s.key, s.status, s.round, s.activated_at, s.finished_at,
           s.due_at, o.calendar, o.time_zone, ${seats}`;
  if (byKey)
    return `SELECT ${columns} FROM workflow_steps s JOIN ${owners} o ON o.step_key = s.key
             ${reassigned}
             WHERE s.round > 0 AND ${filter}`;
  return `SELECT ${columns} FROM workflow_steps s
      JOIN workflows w ON w.id = s.workflow_id
      JOIN ${owners} o ON o.chain_id = w.chain_id AND o.step_key = s.key
                   AND (o.project_group IS NULL OR o.project_group = w.project_group)
      ${
        group
          ? `AND w.project_id IN (
             SELECT p.id FROM projects p JOIN technical_groups tg ON tg.id = p.technical_group_id
              WHERE tg.code = $3)`
          : ''
      }
      ${reassigned}
     WHERE s.round > 0 AND ${filter}`;
}

/**
 * The rounds of the steps in CTE `steps`: a step's one round read from its row (`single`), and
 * every round of any other from the history. Columns: the step's, plus `round` (this one's
 * number), `started`, `ended` (null while open) and `round_due`.
 */
const roundsOf = (steps: string, single: string) => `
    SELECT s.*, true AS single, 1 AS this_round, s.activated_at AS started,
           CASE WHEN s.status = 'active' THEN NULL ELSE s.finished_at END AS ended,
           s.due_at AS round_due
      FROM ${steps} s
     WHERE s.round = 1 AND s.status IN ('active', 'approved', 'rejected') AND ${single}
    UNION ALL
    -- The current round of a step decided (or active) in a later round, from its row…
    SELECT s.*, false, s.round, s.activated_at,
           CASE WHEN s.status = 'active' THEN NULL ELSE s.finished_at END, s.due_at
      FROM ${steps} s
     WHERE NOT (s.round = 1 AND s.status IN ('active', 'approved', 'rejected'))
       AND s.round > 1 AND s.status IN ('active', 'approved', 'rejected')
    UNION ALL
    -- …and every other round from the history (all of them for a step that was reset,
    -- cancelled or sent back for changes).
    SELECT s.*, false, (a.data->>'round')::int, a.at,
           COALESCE(e.at, CASE WHEN s.status = 'active' AND s.round = (a.data->>'round')::int
                               THEN NULL
                               ELSE (SELECT w.completed_at FROM workflows w
                                      WHERE w.id = s.workflow_id) END),
           (a.data->>'dueAt')::timestamptz
      FROM ${steps} s
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
            OR (a.data->>'round')::int < s.round)`;

/**
 * CTEs `owners` (numbered), `holders` (every seat an agency the report counts holds),
 * `seated_owners` (each owner row once per seat, with its holder), the steps (`sole_steps`: one
 * agency, never reassigned; `shared_steps`: several seats; `reassigned_steps`: an admin changed
 * their assignees) and `holds`: one row per hold and round, with `agency` (the holder's calendar
 * index), `assignee` and `seat` (null for a sole step), `started`, `ended` (the seat's decision
 * or the round's end; null while open), `decided` (the seat approved or rejected in the step's
 * current round), `open` (it has not, and the step is active), `in_time` (for a decided hold:
 * by the step's deadline) and `single` (a step's one round, read from its row alone). Only the
 * columns the reports read, so that what is hashed stays narrow.
 */
const scope = (byKey: boolean, group: boolean, single = 'true') => `
  owners AS (
    SELECT * FROM unnest($6::uuid[], $7::text[], $8::int[], $9::text[], $10::text[], $11::bool[],
                         $12::bool[], $20::int[]) WITH ORDINALITY
        AS o(chain_id, step_key, calendar, time_zone, project_group, sole, counted, agency, owner)
     -- Every parameter is typed here, whether or not this report reads it further on.
     WHERE ($3::text IS NULL OR $3::text IS NOT NULL) AND $4::int[] IS NOT NULL
       AND $5::date IS NOT NULL AND $19::text[] IS NOT NULL
  ),
  holders AS (
    SELECT * FROM unnest($13::text[], $14::text[], $15::int[]) AS h(assignee, seat, agency)
  ),
  seated_owners AS (
    SELECT o.*, h.assignee, h.seat, h.agency AS holder
      FROM owners o
      JOIN unnest($16::int[], $17::text[], $18::text[]) AS os(owner, assignee, seat)
        ON os.owner = o.owner
      JOIN holders h ON h.assignee = os.assignee AND h.seat = os.seat
  ),
  sole_steps AS NOT MATERIALIZED (${ownedSteps(byKey, group, 'sole')}),
  shared_steps AS NOT MATERIALIZED (${ownedSteps(byKey, group, 'shared')}),
  reassigned_steps AS NOT MATERIALIZED (${ownedSteps(byKey, group, 'reassigned')}),
  holds AS NOT MATERIALIZED (
    SELECT r.id, r.this_round, NULL::text AS assignee, NULL::text AS seat, r.agency,
           r.calendar, r.time_zone, r.status, r.due_at, r.round_due, r.single, r.started,
           r.ended, r.this_round = r.round AND r.status IN ('approved', 'rejected') AS decided,
           r.status = 'active' AND r.ended IS NULL AS open,
           r.finished_at <= r.due_at AS in_time
      FROM (${roundsOf('sole_steps', single)}) r
    UNION ALL
    SELECT r.id, r.this_round, r.assignee, r.seat, r.agency, r.calendar, r.time_zone, r.status,
           r.due_at, r.round_due, r.single, r.started, COALESCE(d.decided_at, r.ended),
           r.this_round = r.round AND r.status IN ('active', 'approved', 'rejected')
             AND d.decision IN ('approve', 'reject'),
           r.status = 'active' AND r.ended IS NULL AND d.decided_at IS NULL,
           CASE WHEN d.decision IN ('approve', 'reject') THEN d.decided_at <= r.due_at END
      FROM (
        -- Each round of a shared or reassigned step, once per seat.
        ${roundsOf('shared_steps', single)}
        UNION ALL
        ${roundsOf('reassigned_steps', single)}
      ) r
      LEFT JOIN step_decisions d
             ON d.step_id = r.id AND d.round = r.this_round AND d.assignee = r.assignee
            AND d.seat = r.seat
  )`;

/**
 * What a one-round step `s` must meet for a hold of it to be in the agency report's window
 * (`in_window` below): begun before its end, and open or finished after its start (a seat's
 * hold ends by the step's finish). Said on the step, so that a window reads fewer steps.
 */
const IN_AGENCY_WINDOW = `($2::timestamptz IS NULL OR s.activated_at < $2)
     AND ($1::timestamptz IS NULL OR s.status = 'active' OR s.finished_at >= $1)`;

/** The SLA report's window on a one-round step: its deadline in it (as `due` below). */
const DUE_IN_WINDOW = `($1::timestamptz IS NULL OR s.due_at >= $1)
     AND ($2::timestamptz IS NULL OR s.due_at < $2)`;

/**
 * Per holder agency: counts, percentiles, sums. Each hold is reduced to a few flags and
 * numbers, hashed by agency; only each agency's decided durations are sorted.
 */
const agenciesSql = (byKey: boolean, group: boolean) => `
  WITH ${scope(byKey, group, IN_AGENCY_WINDOW)},
  per_hold AS (
    SELECT agency, decided, open, in_time, due_at < now() AS past_due,
           ${HOURS} AS hours, ${DAYS} AS days,
           started AS first_started, COALESCE(ended, now()) AS last_ended
      FROM holds r WHERE r.single
    UNION ALL
    SELECT agency, bool_or(decided), bool_or(open), bool_or(in_time) FILTER (WHERE decided),
           bool_or(due_at < now()), sum(${HOURS}), sum(${DAYS}),
           min(started), max(COALESCE(ended, now()))
      FROM holds r WHERE NOT r.single GROUP BY id, assignee, seat, agency
  ),
  in_window AS (
    SELECT agency, decided, open, in_time, past_due, hours, days
      FROM per_hold
     WHERE (open AND ($2::timestamptz IS NULL OR first_started < $2))
        OR (NOT open AND ($1::timestamptz IS NULL OR last_ended >= $1)
            AND ($2::timestamptz IS NULL OR last_ended < $2))
  )
  SELECT agency, decided,
         (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY d) FROM unnest(days) d)
           AS days,
         (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY h) FROM unnest(hours) h)
           AS hours,
         within_sla, open_now, overdue_now, waiting_days, waiting_hours
    FROM (
      -- Hashed by agency (an ordered-set aggregate here would sort every row by agency
      -- first): each agency's decided durations are sorted on their own, above.
      SELECT agency,
             count(*) FILTER (WHERE decided) AS decided,
             array_agg(days) FILTER (WHERE decided) AS days,
             array_agg(hours) FILTER (WHERE decided) AS hours,
             avg(CASE WHEN in_time THEN 1.0 ELSE 0.0 END)
               FILTER (WHERE decided AND in_time IS NOT NULL) AS within_sla,
             count(*) FILTER (WHERE open) AS open_now,
             count(*) FILTER (WHERE open AND past_due) AS overdue_now,
             sum(days) AS waiting_days,
             sum(hours) AS waiting_hours
        FROM in_window GROUP BY agency
    ) per_agency`;

/**
 * Per side (MX, US), in rows per agency that the caller adds up by country: open and overdue
 * steps now, and the step-days each side held in the window, in one pass. A round counts once
 * for a side however many of its agencies held it, from its start until the last of them let
 * go (`$19`: each calendar index's country).
 */
const countriesSql = (byKey: boolean, group: boolean) => `
  WITH ${scope(byKey, group)},
  sides AS (
    -- A side's round, under one of its agencies (the country is looked up once per agency).
    SELECT r.agency, r.calendar, r.time_zone, r.started, r.ended, r.open,
           r.due_at < now() AS past_due
      FROM holds r WHERE r.assignee IS NULL
    UNION ALL
    SELECT min(r.agency), r.calendar, r.time_zone, min(r.started),
           CASE WHEN bool_or(r.ended IS NULL) THEN NULL ELSE max(r.ended) END,
           bool_or(r.open), bool_or(r.due_at < now())
      FROM holds r WHERE r.assignee IS NOT NULL
     GROUP BY r.id, r.this_round, ($19::text[])[r.agency], r.calendar, r.time_zone
  ),
  clipped AS (
    SELECT c.agency, c.calendar, c.time_zone, c.open, c.past_due,
           GREATEST(c.started, COALESCE($1::timestamptz, c.started)) AS clip_start,
           LEAST(COALESCE(c.ended, now()), COALESCE($2::timestamptz, now()), now()) AS clip_end
      FROM sides c
  )
  SELECT c.agency,
         count(*) FILTER (WHERE c.open) AS open_now,
         count(*) FILTER (WHERE c.open AND c.past_due) AS overdue_now,
         COALESCE(sum((date_part('epoch', c.clip_end) - date_part('epoch', c.clip_start)) / 86400)
           FILTER (WHERE c.clip_end > c.clip_start), 0) AS step_days,
         COALESCE(sum(${cum('c.clip_end', 'c.time_zone', 'c.calendar')}
           - ${cum('c.clip_start', 'c.time_zone', 'c.calendar')})
           FILTER (WHERE c.clip_end > c.clip_start), 0) AS working_days
    FROM clipped c GROUP BY c.agency`;

/**
 * Per holder agency and month of the deadline (in the step's zone): holds due, and late (the
 * seat decided after the deadline, or the round ran past it without the seat).
 */
const slaSql = (byKey: boolean, group: boolean) => `
  WITH ${scope(byKey, group, DUE_IN_WINDOW)},
  due AS (
    SELECT r.agency, date_trunc('month', r.round_due AT TIME ZONE r.time_zone) AS month,
           (r.ended IS NULL AND r.round_due < now()) OR r.ended > r.round_due AS late
      FROM holds r
     WHERE r.round_due IS NOT NULL AND (r.ended IS NOT NULL OR r.round_due < now())
       AND ($1::timestamptz IS NULL OR r.round_due >= $1)
       AND ($2::timestamptz IS NULL OR r.round_due < $2)
  )
  SELECT agency, to_char(month, 'YYYY-MM') AS month, count(*) AS due,
         count(*) FILTER (WHERE late) AS late
    FROM due GROUP BY agency, month`;

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
  /** The step's assignees as the chain declares them. */
  assignees: Assignee[];
  /**
   * The step's owner: its first assignee's agency (for a technical group, its MX co-chair's).
   * Null when it resolves to no agency (such steps are not counted).
   */
  agency_id: string | null;
  /** The calendar of a business-day SLA (`MX`, `US`, `binational`), or null. */
  sla_calendar: CalendarId | null;
  /**
   * For a step assigned to the project's own group (`{ projectGroup: true }`): the group this
   * row is for, one row per group; the workflow's `project_group` picks it.
   */
  project_group: string | null;
}

const OWNERS = `
  SELECT c.id AS chain_id, c.key AS chain_key, st->>'key' AS step_key,
         st->'assignees' AS assignees, COALESCE(direct.id, chair.agency_id)::text AS agency_id,
         st->'sla'->>'calendar' AS sla_calendar,
         pg.code AS project_group
    FROM approval_chains c
   CROSS JOIN LATERAL jsonb_array_elements(c.definition->'steps') st
    LEFT JOIN technical_groups pg ON st->'assignees' @> '[{"projectGroup": true}]'
    LEFT JOIN agencies direct ON direct.code = st->'assignees'->0->>'agency'
    LEFT JOIN technical_groups g
           ON g.code = COALESCE(st->'assignees'->0->>'technicalGroup',
                                CASE WHEN st->'assignees'->0->>'projectGroup' = 'true'
                                     THEN pg.code END)
    LEFT JOIN users chair ON chair.id = g.co_chair_mx_id
   WHERE c.status <> 'draft'`;

/** Every signature slot and the agency that signs in it now (see SIGNATURE_SLOTS_SQL). */
const HOLDERS = `SELECT ss.slot, ss.agency_code FROM ${SIGNATURE_SLOTS_SQL} ss
                  WHERE ss.agency_code IS NOT NULL`;

/** The calendars of one request: the binational one first, then each agency's. */
interface Calendars {
  /**
   * Per calendar, 1-based in SQL: `binational`, then every agency's own (its country's), then
   * any other a step of an agency counts on (`MX`, `US` or `binational` with the agency's days
   * off, in its zone; keyed `<agency id>/<calendar>`). `agency`: the index of the agency's own
   * entry, by which the reports group (itself for an agency's own).
   */
  list: {
    key: string;
    code: string;
    country: Country | null;
    timeZone: string;
    agency: number;
  }[];
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

  /** Per agency that held steps, the bottleneck (most working days waited) first. */
  async agencies(query: ReportQuery): Promise<AgencyReportRow[]> {
    const { rows, calendars } = await this.stepReport(agenciesSql, query);
    return rows
      .map((r) => {
        const agency = calendars.list[Number(r.agency) - 1];
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
        const mine = rows.filter((r) => calendars.list[Number(r.agency) - 1].country === country);
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

  /** Per agency that held steps and month of the deadline: holds due, late, the late rate. */
  async sla(query: ReportQuery): Promise<SlaReportRow[]> {
    const { rows, calendars } = await this.stepReport(slaSql, query);
    return rows
      .map((r) => {
        const agency = calendars.list[Number(r.agency) - 1];
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
   * Runs one of the step reports: resolves the calendars, every chain step's owner and slots,
   * and who holds each slot (a few rows) first, applies the country and chain filters to them,
   * and passes them to the query as arrays. Rows come back per agency (`agency`: its 1-based
   * index in the calendar list).
   */
  private async stepReport(
    sql: (byKey: boolean, group: boolean) => string,
    query: ReportQuery,
  ): Promise<{ rows: Record<string, unknown>[]; calendars: Calendars }> {
    const [ownerRows, holderRows] = await Promise.all([
      this.db.query(OWNERS) as Promise<OwnerRow[]>,
      this.db.query(HOLDERS) as Promise<{ slot: string; agency_code: string }[]>,
    ]);
    const calendars = await this.calendars(
      false,
      ownerRows.flatMap((o) =>
        o.agency_id && o.sla_calendar ? [{ agencyId: o.agency_id, calendar: o.sla_calendar }] : [],
      ),
    );
    const index = new Map(calendars.list.map((c, i) => [c.key, i + 1]));
    const indexOfCode = new Map(
      calendars.list.filter((c, i) => c.agency === i + 1).map((c) => [c.code, c.agency]),
    );
    const inCountry = (calendar: number) =>
      !query.country || calendars.list[calendar - 1].country === query.country;
    const owners = ownerRows
      .filter((o) => o.agency_id !== null && (!query.chainKey || o.chain_key === query.chainKey))
      .map((o) => {
        // The step's own calendar: its SLA's, with its owner's days off, or its owner's country's.
        const calendar = index.get(`${o.agency_id}/${o.sla_calendar}`) ?? index.get(o.agency_id!)!;
        const agency = calendars.list[calendar - 1].agency;
        const seats = o.assignees.flatMap((a) => {
          const assignee =
            'projectGroup' in a
              ? o.project_group
                ? `group:${o.project_group}`
                : null
              : assigneeId(a);
          return assignee ? seatsOf(a).map((seat) => ({ assignee, seat })) : [];
        });
        const sole = o.assignees.length === 1 && 'agency' in o.assignees[0];
        return { ...o, calendar, agency, seats, sole, counted: inCountry(calendar) };
      });
    // A step key decides its owner alone when every chain version that has it agrees.
    const ownerOfKey = new Map<string, string>();
    const ambiguous = new Set<string>();
    for (const o of owners) {
      const owner = `${o.calendar} ${o.seats.map(slotId).join()}`;
      if (ownerOfKey.has(o.step_key) && ownerOfKey.get(o.step_key) !== owner)
        ambiguous.add(o.step_key);
      ownerOfKey.set(o.step_key, owner);
    }
    const byKey = ambiguous.size === 0 && !query.chainKey && !query.technicalGroupCode;
    const used = byKey
      ? [
          ...new Map(
            owners.map((o) => [o.step_key, { ...o, chain_id: null, project_group: null }]),
          ).values(),
        ]
      : owners;
    const holders = holderRows.flatMap((h) => {
      const agency = indexOfCode.get(h.agency_code)!;
      const seat = parseSlotId(h.slot);
      return seat && inCountry(agency) ? [{ ...seat, agency }] : [];
    });
    const slots = used.flatMap((o, i) => o.seats.map((seat) => ({ owner: i + 1, ...seat })));
    const scope: Scope = {
      from: window(query)[0],
      toEnd: window(query)[1],
      technicalGroupCode: query.technicalGroupCode ?? null,
      workingDays: calendars.counts.counts,
      firstDay: calendars.firstDay,
      ownerChains: used.map((o) => o.chain_id),
      ownerSteps: used.map((o) => o.step_key),
      ownerCalendars: used.map((o) => o.calendar),
      ownerZones: used.map((o) => calendars.list[o.calendar - 1].timeZone),
      ownerGroups: used.map((o) => o.project_group),
      ownerSole: used.map((o) => o.sole),
      ownerCounted: used.map((o) => o.counted),
      holderAssignees: holders.map((h) => h.assignee),
      holderSeats: holders.map((h) => h.seat),
      holderAgencies: holders.map((h) => h.agency),
      slotOwners: slots.map((s) => s.owner),
      slotAssignees: slots.map((s) => s.assignee),
      slotSeats: slots.map((s) => s.seat),
      countries: calendars.list.map((c) => c.country),
      ownerAgencies: used.map((o) => o.agency),
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
  private async calendars(
    binationalOnly: boolean,
    stepCalendars: { agencyId: string; calendar: CalendarId }[] = [],
  ): Promise<Calendars> {
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
    const byId = new Map(agencies.map((a, i) => [a.key, { ...a, agency: i + 2 }]));
    const others = [
      ...new Map(
        stepCalendars
          .filter((c) => byId.has(c.agencyId) && byId.get(c.agencyId)!.country !== c.calendar)
          .map((c) => [`${c.agencyId}/${c.calendar}`, { ...byId.get(c.agencyId)!, ...c }]),
      ),
    ];
    const list: Calendars['list'] = [
      { key: 'binational', code: 'binational', country: null, timeZone: 'UTC', agency: 1 },
      ...[...byId.values()].map(({ key, code, country, timeZone, agency }) => ({
        key,
        code,
        country,
        timeZone,
        agency,
      })),
      ...others.map(([key, { code, country, timeZone, agency }]) => ({
        key,
        code,
        country,
        timeZone,
        agency,
      })),
    ];
    const calendars: ReportCalendar[] = [
      { key: 'binational', calendar: 'binational', extraNonWorkingDays: [] },
      ...agencies.map((a): ReportCalendar => ({
        key: a.key,
        calendar: a.country,
        extraNonWorkingDays: a.days,
      })),
      ...others.map(([key, c]): ReportCalendar => ({
        key,
        calendar: c.calendar,
        extraNonWorkingDays: c.days,
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
