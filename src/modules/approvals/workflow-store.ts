import { Injectable } from '@nestjs/common';
import {
  type ChainDefinition,
  type CommandResult,
  openSeats,
  resolveProjectGroup,
  type StepDecision,
  type StepState,
  type WorkflowState,
} from '@puentes/workflow-engine';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { DomainError, notFound } from '@app/common/errors/domain-error';
import { AuditSigner } from '@app/modules/audit/audit-signer';
import { ApprovalChainsService } from './approval-chains.service';
import type { ApprovalChain } from './entities/approval-chain.entity';
import { WorkflowStep } from './entities/workflow-step.entity';
import { Workflow } from './entities/workflow.entity';
import { slotOf } from './signing';
import { appendToChain } from './workflow-history';
import { prepared } from '@app/database/prepared-statement';

/** What every notification about a workflow names: its project and the project's group. */
export interface WorkflowContext {
  project: { code: string; name: { en: string; es: string } };
  technicalGroupCode: string | null;
}

/**
 * A workflow as the engine sees it, with the rows it was read from. `definition` is the chain
 * as this workflow runs it: `{ projectGroup: true }` resolved to the group it started with.
 */
export interface LoadedWorkflow {
  workflow: Workflow;
  chain: ApprovalChain;
  definition: ChainDefinition;
  steps: WorkflowStep[];
  state: WorkflowState;
  context: WorkflowContext;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;
const date = (text: string | null) => (text ? new Date(text) : null);

/**
 * Reads workflows into engine state and writes the engine's answers back: step rows,
 * signatures and hash-chained events, all in the caller's transaction. The rows
 * are the state; nothing else is stored beside them.
 */
@Injectable()
export class WorkflowStore {
  constructor(
    private readonly chains: ApprovalChainsService,
    private readonly signer: AuditSigner,
  ) {}

  /**
   * Loads a workflow, its steps and their current-round signatures in one query; with `lock`,
   * first takes the row lock that serialises every write to the workflow.
   */
  async load(manager: EntityManager, id: string, lock: boolean): Promise<LoadedWorkflow> {
    const [loaded] = await this.read(manager, [id], lock);
    if (!loaded) throw notFound('workflow', id);
    return loaded;
  }

  /** Workflows this transaction has already locked, in one query (in no set order). */
  async loadLocked(manager: EntityManager, ids: string[]): Promise<LoadedWorkflow[]> {
    return ids.length === 0 ? [] : this.read(manager, ids, false);
  }

  /** Many workflows at once (in the order of `workflows`), in one query. */
  async hydrate(manager: EntityManager, workflows: Workflow[]): Promise<LoadedWorkflow[]> {
    if (workflows.length === 0) return [];
    const loaded = await this.read(
      manager,
      workflows.map((w) => w.id),
      false,
    );
    const byId = new Map(loaded.map((l) => [l.workflow.id, l]));
    return workflows.map((w) => byId.get(w.id)!);
  }

  private async read(
    manager: EntityManager,
    ids: string[],
    lock: boolean,
  ): Promise<LoadedWorkflow[]> {
    // The lock comes first, in its own statement: under READ COMMITTED a statement sees the
    // data as of its start, so steps read in the same statement as a lock that had to wait
    // would miss what the transaction holding it had just committed.
    if (lock)
      await manager.query(
        prepared('SELECT id FROM workflows WHERE id = ANY($1::uuid[]) FOR UPDATE'),
        [ids],
      );
    const rows = (await manager.query(
      // Columns by name, not `wf.*`: a prepared statement whose result columns change under it
      // (a column added by a migration while this process runs) fails with 0A000 "cached plan
      // must not change result type" on every connection that prepared it.
      prepared(`WITH w AS (
         SELECT wf.id, wf.project_id, wf.chain_id, wf.chain_key, wf.chain_version, wf.status,
                wf.coordinator_id, wf.attributes, wf.project_group, wf.started_at,
                wf.completed_at, wf.version, wf.last_seq, wf.last_hash, wf.awaiting,
                wf.next_due_at, wf.head_signature, wf.head_key_id, wf.created_at,
                p.code AS project_code, p.name_en AS project_name_en,
                p.name_es AS project_name_es, g.code AS group_code
           FROM workflows wf
           JOIN projects p ON p.id = wf.project_id
           LEFT JOIN technical_groups g ON g.id = p.technical_group_id
          WHERE wf.id = ANY($1::uuid[]))
       SELECT w.*, COALESCE((
         SELECT json_agg(json_build_object(
                  'id', s.id, 'key', s.key, 'position', s.position,
                  'awaiting', s.awaiting,
                  'status', s.status, 'round', s.round, 'activated_at', s.activated_at,
                  'due_at', s.due_at, 'finished_at', s.finished_at,
                  'escalation_level', s.escalation_level, 'assignees', s.assignees,
                  -- A step sent back to pending keeps its round until it runs again, but no
                  -- longer its signatures (the engine's workflow_returned clears them).
                  'decisions', COALESCE((
                    SELECT json_agg(json_build_object(
                             'assignee', d.assignee, 'seat', d.seat, 'decision', d.decision,
                             'comment', d.comment, 'actorId', d.decided_by, 'at', d.decided_at)
                           ORDER BY d.decided_at, d.id)
                      FROM step_decisions d
                     WHERE d.step_id = s.id AND d.round = s.round AND s.status <> 'pending'), '[]'))
                ORDER BY s.position)
           FROM workflow_steps s WHERE s.workflow_id = w.id), '[]') AS steps
         FROM w`),
      [ids],
    )) as WorkflowRow[];
    return Promise.all(rows.map((row) => this.fromRow(manager, row)));
  }

  private async fromRow(manager: EntityManager, row: WorkflowRow): Promise<LoadedWorkflow> {
    const workflow: Workflow = {
      id: row.id,
      projectId: row.project_id,
      chainId: row.chain_id,
      chainKey: row.chain_key,
      chainVersion: row.chain_version,
      status: row.status,
      coordinatorId: row.coordinator_id,
      attributes: row.attributes,
      projectGroup: row.project_group,
      startedAt: row.started_at,
      completedAt: row.completed_at,
      version: row.version,
      lastSeq: row.last_seq,
      lastHash: row.last_hash,
      awaiting: row.awaiting,
      nextDueAt: row.next_due_at,
      headSignature: row.head_signature,
      headKeyId: row.head_key_id,
      createdAt: row.created_at,
    };
    const steps: WorkflowStep[] = row.steps.map((s) => ({
      id: s.id,
      workflowId: row.id,
      key: s.key,
      position: s.position,
      awaiting: s.awaiting,
      status: s.status,
      round: s.round,
      activatedAt: date(s.activated_at),
      dueAt: date(s.due_at),
      finishedAt: date(s.finished_at),
      escalationLevel: s.escalation_level,
      assignees: s.assignees,
    }));
    const chain = await this.chains.publishedById(workflow.chainId, manager);
    const state: WorkflowState = {
      status: workflow.status,
      attributes: workflow.attributes,
      ...(workflow.projectGroup ? { projectGroup: workflow.projectGroup } : {}),
      startedAt: workflow.startedAt.toISOString(),
      completedAt: iso(workflow.completedAt),
      steps: row.steps.map((s, index) => ({
        key: s.key,
        status: s.status,
        round: s.round,
        activatedAt: iso(steps[index].activatedAt),
        dueAt: iso(steps[index].dueAt),
        finishedAt: iso(steps[index].finishedAt),
        escalationLevel: s.escalation_level,
        decisions: s.decisions.map((d) => ({ ...d, at: new Date(d.at).toISOString() })),
        ...(s.assignees ? { assignees: s.assignees } : {}),
      })),
    };
    return {
      workflow,
      chain,
      definition: resolveProjectGroup(this.chains.definitionOf(chain), workflow.projectGroup),
      steps,
      state,
      context: {
        project: {
          code: row.project_code,
          name: { en: row.project_name_en, es: row.project_name_es },
        },
        technicalGroupCode: row.group_code,
      },
    };
  }

  /** The project and group a new workflow's notifications name. */
  async contextOf(manager: EntityManager, projectId: string): Promise<WorkflowContext> {
    const [row] = (await manager.query(
      `SELECT p.code, p.name_en, p.name_es, g.code AS group_code
         FROM projects p LEFT JOIN technical_groups g ON g.id = p.technical_group_id
        WHERE p.id = $1`,
      [projectId],
    )) as { code: string; name_en: string; name_es: string; group_code: string | null }[];
    return {
      project: { code: row.code, name: { en: row.name_en, es: row.name_es } },
      technicalGroupCode: row.group_code,
    };
  }

  /** Inserts a new workflow and its steps, then records what `start` returned. */
  async create(
    manager: EntityManager,
    init: {
      projectId: string;
      chain: ApprovalChain;
      coordinatorId: string;
      context: WorkflowContext;
    },
    result: CommandResult,
  ): Promise<LoadedWorkflow> {
    const projectGroup = result.state.projectGroup ?? null;
    const definition = resolveProjectGroup(this.chains.definitionOf(init.chain), projectGroup);
    const workflow = await manager.save(
      manager.create(Workflow, {
        projectId: init.projectId,
        chainId: init.chain.id,
        chainKey: init.chain.key,
        chainVersion: init.chain.version,
        status: 'active',
        coordinatorId: init.coordinatorId,
        attributes: result.state.attributes,
        projectGroup,
        startedAt: new Date(result.state.startedAt),
        completedAt: null,
        version: 0,
        lastSeq: 0,
        lastHash: null,
        awaiting: [],
        nextDueAt: null,
        headSignature: null,
        headKeyId: null,
      }),
    );
    const steps = definition.steps.map((step, position) =>
      manager.create(WorkflowStep, {
        workflowId: workflow.id,
        key: step.key,
        position,
        awaiting: [],
        status: 'pending',
        round: 0,
        activatedAt: null,
        dueAt: null,
        finishedAt: null,
        escalationLevel: 0,
        assignees: null,
      }),
    );
    await manager.insert(WorkflowStep, steps as QueryDeepPartialEntity<WorkflowStep>[]);
    const before: WorkflowState = {
      ...result.state,
      steps: result.state.steps.map((s) => ({
        ...s,
        status: 'pending',
        round: 0,
        activatedAt: null,
        dueAt: null,
        finishedAt: null,
        escalationLevel: 0,
        decisions: [],
      })),
    };
    const loaded: LoadedWorkflow = {
      workflow,
      chain: init.chain,
      definition,
      steps,
      state: before,
      context: init.context,
    };
    return this.record(manager, loaded, result);
  }

  /**
   * Writes the difference between the loaded state and the engine's answer: changed steps,
   * new signatures, the new events (hash-chained after the workflow's head) and the workflow
   * row with its signed head, in one statement (one round trip on the hot path). Effects are
   * `WorkflowEffects`'.
   */
  async record(
    manager: EntityManager,
    loaded: LoadedWorkflow,
    result: CommandResult,
  ): Promise<LoadedWorkflow> {
    const [recorded] = await this.recordAll(manager, [{ loaded, result }]);
    return recorded;
  }

  /**
   * The one writer of a workflow's history and head: records the answers of the engine for
   * many workflows (each locked by this transaction) in one statement — `record`, batched, for
   * the timers that fire a burst of reminders together.
   */
  async recordAll(
    manager: EntityManager,
    answers: { loaded: LoadedWorkflow; result: CommandResult }[],
  ): Promise<LoadedWorkflow[]> {
    const stepUpdates: Record<string, unknown>[] = [];
    const signatures: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    const heads: Record<string, unknown>[] = [];
    for (const { loaded, result } of answers) {
      const changes = this.changes(loaded, result);
      stepUpdates.push(...changes.stepUpdates);
      signatures.push(...changes.signatures);
      events.push(...changes.events);
      heads.push(changes.head);
    }
    if (heads.length === 0) return [];

    try {
      await manager.query(
        prepared(`WITH step_updates AS (
           UPDATE workflow_steps s
              SET status = u.status, round = u.round, activated_at = u.activated_at,
                  due_at = u.due_at, finished_at = u.finished_at,
                  escalation_level = u.escalation_level, awaiting = u.awaiting,
                  assignees = u.assignees
             FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, status text, round int,
                    activated_at timestamptz, due_at timestamptz, finished_at timestamptz,
                    escalation_level int, awaiting text[], assignees text[])
            WHERE s.id = u.id
           RETURNING 1),
         signatures AS (
           INSERT INTO step_decisions (step_id, round, assignee, seat, decision, comment, decided_by, decided_at)
           SELECT * FROM jsonb_to_recordset($2::jsonb) AS d(step_id uuid, round int, assignee text,
                    seat text, decision text, comment text, decided_by uuid, decided_at timestamptz)
           RETURNING 1),
         events AS (
           INSERT INTO workflow_events (workflow_id, seq, type, at, actor_id, data, prev_hash, hash)
           SELECT e.workflow_id, e.seq, e.type, e.at, e.actor_id, e.data, e.prev_hash, e.hash
             FROM jsonb_to_recordset($3::jsonb) AS e(workflow_id uuid, seq int, type text,
                    at timestamptz, actor_id uuid, data jsonb, prev_hash text, hash text)
           RETURNING 1)
         UPDATE workflows w
            SET status = h.status, completed_at = h.completed_at, version = h.version,
                last_seq = h.last_seq, last_hash = h.last_hash, awaiting = h.awaiting,
                next_due_at = h.next_due_at, head_signature = h.head_signature,
                head_key_id = h.head_key_id
           FROM jsonb_to_recordset($4::jsonb) AS h(id uuid, status text, completed_at timestamptz,
                  version int, last_seq int, last_hash text, awaiting text[],
                  next_due_at timestamptz, head_signature text, head_key_id text)
          WHERE w.id = h.id`),
        [
          JSON.stringify(stepUpdates),
          JSON.stringify(signatures),
          JSON.stringify(events),
          JSON.stringify(heads),
        ],
      );
    } catch (error) {
      // The unique signature key: someone signed in this seat and round a moment ago.
      if (
        (error as { code?: string; constraint?: string }).constraint ===
        'uq_step_decisions_signature'
      ) {
        throw new DomainError(
          'conflict',
          'WORKFLOW.ALREADY_DECIDED',
          'This assignee has already decided in this round.',
        );
      }
      throw error;
    }
    return answers.map(({ loaded, result }) => ({ ...loaded, state: result.state }));
  }

  /**
   * What one answer changes, as rows: the steps, the signatures, the events chained after the
   * head, and the workflow row with its new head and that head's signature. Moves the loaded
   * rows along, so they describe the new state.
   */
  private changes(loaded: LoadedWorkflow, result: CommandResult) {
    const { workflow, steps } = loaded;
    const stepByKey = new Map(steps.map((s) => [s.key, s]));

    const stepUpdates = result.state.steps.flatMap((next, index) => {
      const row = steps[index];
      const previous = loaded.state.steps[index];
      const awaiting = openSeats(loaded.definition, result.state, next.key).map(slotOf);
      const changed =
        previous.status !== next.status ||
        previous.round !== next.round ||
        previous.activatedAt !== next.activatedAt ||
        previous.dueAt !== next.dueAt ||
        previous.finishedAt !== next.finishedAt ||
        previous.escalationLevel !== next.escalationLevel ||
        awaiting.join() !== row.awaiting.join() ||
        next.assignees?.join() !== row.assignees?.join();
      if (!changed) return [];
      row.awaiting = awaiting;
      row.escalationLevel = next.escalationLevel;
      row.status = next.status;
      row.round = next.round;
      row.activatedAt = date(next.activatedAt);
      row.dueAt = date(next.dueAt);
      row.finishedAt = date(next.finishedAt);
      row.assignees = next.assignees ?? null;
      return [
        {
          id: row.id,
          status: next.status,
          round: next.round,
          activated_at: next.activatedAt,
          due_at: next.dueAt,
          finished_at: next.finishedAt,
          escalation_level: next.escalationLevel,
          awaiting,
          assignees: next.assignees ?? null,
        },
      ];
    });
    const signatures = result.events.flatMap((event) =>
      event.type === 'decision_recorded'
        ? [
            {
              step_id: stepByKey.get(event.data.stepKey)!.id,
              round: event.data.round,
              assignee: event.data.assignee,
              seat: event.data.seat,
              decision: event.data.decision,
              comment: event.data.comment,
              decided_by: event.actorId,
              decided_at: event.at,
            },
          ]
        : [],
    );
    const previous = {
      seq: workflow.lastSeq,
      hash: workflow.lastHash,
      signature: workflow.headSignature,
      keyId: workflow.headKeyId,
    };
    const events = appendToChain(workflow, result.events).map((event) => ({
      workflow_id: workflow.id,
      ...event,
    }));
    // What the search reads instead of the steps: every open slot, and the soonest deadline.
    workflow.awaiting = [...new Set(steps.flatMap((s) => s.awaiting))];
    const dueDates = result.state.steps
      .filter((s) => s.status === 'active' && s.dueAt)
      .map((s) => new Date(s.dueAt!).getTime());
    workflow.nextDueAt = dueDates.length > 0 ? new Date(Math.min(...dueDates)) : null;
    // The head and its signature are written together, here only.
    Object.assign(
      workflow,
      this.signer.signMovedHead(workflow.id, previous, {
        seq: workflow.lastSeq,
        hash: workflow.lastHash!,
      }),
    );
    workflow.status = result.state.status;
    workflow.completedAt = date(result.state.completedAt);
    workflow.version += 1;
    return {
      stepUpdates,
      signatures,
      events,
      head: {
        id: workflow.id,
        status: workflow.status,
        completed_at: workflow.completedAt,
        version: workflow.version,
        last_seq: workflow.lastSeq,
        last_hash: workflow.lastHash,
        awaiting: workflow.awaiting,
        next_due_at: workflow.nextDueAt,
        head_signature: workflow.headSignature,
        head_key_id: workflow.headKeyId,
      },
    };
  }
}

/** A workflow row with its steps (and their current-round signatures) as JSON. */
interface WorkflowRow {
  id: string;
  project_id: string;
  chain_id: string;
  chain_key: string;
  chain_version: number;
  status: WorkflowState['status'];
  coordinator_id: string;
  attributes: WorkflowState['attributes'];
  project_group: string | null;
  started_at: Date;
  completed_at: Date | null;
  version: number;
  last_seq: number;
  last_hash: string | null;
  awaiting: string[];
  next_due_at: Date | null;
  head_signature: string | null;
  head_key_id: string | null;
  created_at: Date;
  project_code: string;
  project_name_en: string;
  project_name_es: string;
  group_code: string | null;
  steps: {
    id: string;
    key: string;
    position: number;
    awaiting: string[];
    status: StepState['status'];
    round: number;
    activated_at: string | null;
    due_at: string | null;
    finished_at: string | null;
    escalation_level: number;
    assignees: string[] | null;
    decisions: (Omit<StepDecision, 'at'> & { at: string })[];
  }[];
}
