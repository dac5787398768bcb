import { Injectable } from '@nestjs/common';
import type {
  ChainDefinition,
  CommandResult,
  StepDecision,
  WorkflowEvent,
  WorkflowState,
} from '@puentes/workflow-engine';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { DomainError, notFound } from '@app/common/errors/domain-error';
import { OutboxMessage } from '@app/common/outbox/outbox-message.entity';
import { ApprovalChainsService } from './approval-chains.service';
import type { ApprovalChain } from './entities/approval-chain.entity';
import { StepDecisionRecord } from './entities/step-decision.entity';
import { WorkflowEventRecord } from './entities/workflow-event.entity';
import { WorkflowStep } from './entities/workflow-step.entity';
import { Workflow } from './entities/workflow.entity';
import { eventHash, GENESIS_HASH } from './workflow-history';

/** A workflow as the engine sees it, with the rows it was read from. */
export interface LoadedWorkflow {
  workflow: Workflow;
  chain: ApprovalChain;
  definition: ChainDefinition;
  steps: WorkflowStep[];
  state: WorkflowState;
}

/** Effects of the engine travel through the outbox under this topic. */
export const WORKFLOW_EFFECT_TOPIC = 'workflow.effect';

const iso = (date: Date | null) => date?.toISOString() ?? null;
const date = (text: string | null) => (text ? new Date(text) : null);

/**
 * Reads workflows into engine state and writes the engine's answers back: step rows,
 * signatures, hash-chained events and outbox rows, all in the caller's transaction. The rows
 * are the state; nothing else is stored beside them.
 */
@Injectable()
export class WorkflowStore {
  constructor(private readonly chains: ApprovalChainsService) {}

  /** Loads a workflow; with `lock`, takes the row lock that serialises every write to it. */
  async load(manager: EntityManager, id: string, lock: boolean): Promise<LoadedWorkflow> {
    const workflow = await manager.findOne(Workflow, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!workflow) throw notFound('workflow', id);
    return (await this.hydrate(manager, [workflow]))[0];
  }

  /** Many workflows at once, in two queries. */
  async hydrate(manager: EntityManager, workflows: Workflow[]): Promise<LoadedWorkflow[]> {
    if (workflows.length === 0) return [];
    const ids = workflows.map((w) => w.id);
    const steps = await manager
      .createQueryBuilder(WorkflowStep, 's')
      .where('s.workflow_id = ANY(:ids)', { ids })
      .orderBy('s.position', 'ASC')
      .getMany();
    const decisions = (await manager.query(
      `SELECT d.step_id, d.assignee, d.seat, d.decision, d.comment, d.decided_by, d.decided_at
         FROM step_decisions d JOIN workflow_steps s ON s.id = d.step_id AND d.round = s.round
        WHERE s.workflow_id = ANY($1)
        ORDER BY d.decided_at, d.id`,
      [ids],
    )) as {
      step_id: string;
      assignee: string;
      seat: StepDecision['seat'];
      decision: StepDecision['decision'];
      comment: string | null;
      decided_by: string | null;
      decided_at: Date;
    }[];
    const decisionsByStep = new Map<string, StepDecision[]>();
    for (const d of decisions) {
      const list = decisionsByStep.get(d.step_id) ?? [];
      list.push({
        assignee: d.assignee,
        seat: d.seat,
        decision: d.decision,
        comment: d.comment,
        actorId: d.decided_by,
        at: d.decided_at.toISOString(),
      });
      decisionsByStep.set(d.step_id, list);
    }
    return Promise.all(
      workflows.map(async (workflow) => {
        const chain = await this.chains.publishedById(workflow.chainId);
        const own = steps.filter((s) => s.workflowId === workflow.id);
        const state: WorkflowState = {
          status: workflow.status,
          attributes: workflow.attributes,
          startedAt: workflow.startedAt.toISOString(),
          completedAt: iso(workflow.completedAt),
          steps: own.map((s) => ({
            key: s.key,
            status: s.status,
            round: s.round,
            activatedAt: iso(s.activatedAt),
            dueAt: iso(s.dueAt),
            finishedAt: iso(s.finishedAt),
            decisions: decisionsByStep.get(s.id) ?? [],
          })),
        };
        return { workflow, chain, definition: this.chains.definitionOf(chain), steps: own, state };
      }),
    );
  }

  /** Inserts a new workflow and its steps, then records what `start` returned. */
  async create(
    manager: EntityManager,
    init: { projectId: string; chain: ApprovalChain; coordinatorId: string },
    result: CommandResult,
  ): Promise<LoadedWorkflow> {
    const definition = this.chains.definitionOf(init.chain);
    const workflow = await manager.save(
      manager.create(Workflow, {
        projectId: init.projectId,
        chainId: init.chain.id,
        chainKey: init.chain.key,
        chainVersion: init.chain.version,
        status: 'active',
        coordinatorId: init.coordinatorId,
        attributes: result.state.attributes,
        startedAt: new Date(result.state.startedAt),
        completedAt: null,
        version: 0,
        lastSeq: 0,
        lastHash: null,
      }),
    );
    const steps = definition.steps.map((step, position) =>
      manager.create(WorkflowStep, {
        workflowId: workflow.id,
        key: step.key,
        position,
        assignees: step.assignees.map((a) =>
          'agency' in a ? `agency:${a.agency}` : `group:${a.technicalGroup}`,
        ),
        status: 'pending',
        round: 0,
        activatedAt: null,
        dueAt: null,
        finishedAt: null,
        escalationLevel: 0,
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
        decisions: [],
      })),
    };
    const loaded: LoadedWorkflow = {
      workflow,
      chain: init.chain,
      definition,
      steps,
      state: before,
    };
    return this.record(manager, loaded, result);
  }

  /** Writes the difference between the loaded state and the engine's answer. */
  async record(
    manager: EntityManager,
    loaded: LoadedWorkflow,
    result: CommandResult,
  ): Promise<LoadedWorkflow> {
    const { workflow, steps } = loaded;
    const stepByKey = new Map(steps.map((s) => [s.key, s]));

    for (const [index, next] of result.state.steps.entries()) {
      const row = steps[index];
      const previous = loaded.state.steps[index];
      const changed =
        previous.status !== next.status ||
        previous.round !== next.round ||
        previous.activatedAt !== next.activatedAt ||
        previous.dueAt !== next.dueAt ||
        previous.finishedAt !== next.finishedAt;
      if (!changed) continue;
      row.status = next.status;
      if (row.round !== next.round) row.escalationLevel = 0; // a new round starts afresh
      row.round = next.round;
      row.activatedAt = date(next.activatedAt);
      row.dueAt = date(next.dueAt);
      row.finishedAt = date(next.finishedAt);
      await manager.update(
        WorkflowStep,
        { id: row.id },
        {
          status: row.status,
          round: row.round,
          activatedAt: row.activatedAt,
          dueAt: row.dueAt,
          finishedAt: row.finishedAt,
          escalationLevel: row.escalationLevel,
        },
      );
    }

    const signatures = result.events.flatMap((event) =>
      event.type === 'decision_recorded'
        ? [
            {
              stepId: stepByKey.get(event.data.stepKey)!.id,
              round: event.data.round,
              assignee: event.data.assignee,
              seat: event.data.seat,
              decision: event.data.decision,
              comment: event.data.comment,
              decidedBy: event.actorId,
              decidedAt: new Date(event.at),
            },
          ]
        : [],
    );
    if (signatures.length > 0) {
      try {
        await manager.insert(StepDecisionRecord, signatures);
      } catch (error) {
        // The unique signature key: someone signed in this seat and round a moment ago.
        if ((error as { code?: string }).code === '23505') {
          throw new DomainError(
            'conflict',
            'WORKFLOW.ALREADY_DECIDED',
            'This assignee has already decided in this round.',
          );
        }
        throw error;
      }
    }

    const appended = this.chainEvents(workflow, result.events);
    if (appended.length > 0) {
      await manager.insert(
        WorkflowEventRecord,
        appended as QueryDeepPartialEntity<WorkflowEventRecord>[],
      );
    }
    if (result.effects.length > 0) {
      await manager.insert(
        OutboxMessage,
        result.effects.map((effect) => ({
          topic: WORKFLOW_EFFECT_TOPIC,
          payload: { workflowId: workflow.id, effect },
        })) as QueryDeepPartialEntity<OutboxMessage>[],
      );
    }

    workflow.status = result.state.status;
    workflow.completedAt = date(result.state.completedAt);
    workflow.version += 1;
    await manager.update(
      Workflow,
      { id: workflow.id },
      {
        status: workflow.status,
        completedAt: workflow.completedAt,
        version: workflow.version,
        lastSeq: workflow.lastSeq,
        lastHash: workflow.lastHash,
      },
    );
    return { ...loaded, state: result.state };
  }

  /** Numbers the new events after the workflow's head and links each to its predecessor. */
  private chainEvents(workflow: Workflow, events: WorkflowEvent[]) {
    return events.map((event) => {
      const content = {
        seq: workflow.lastSeq + 1,
        at: event.at,
        type: event.type,
        actorId: event.actorId,
        data: event.data as Record<string, unknown>,
      };
      const prevHash = workflow.lastHash ?? GENESIS_HASH;
      const hash = eventHash(prevHash, content);
      workflow.lastSeq = content.seq;
      workflow.lastHash = hash;
      return {
        workflowId: workflow.id,
        seq: content.seq,
        type: content.type,
        at: new Date(content.at),
        actorId: content.actorId,
        data: content.data,
        prevHash,
        hash,
      };
    });
  }
}
