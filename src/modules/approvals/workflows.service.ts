import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  attach,
  type AttachCommand,
  assigneeId,
  assigneeOutcome,
  cancel,
  type CommandResult,
  decide,
  replay,
  resolveProjectGroup,
  resubmit,
  start,
  type WorkflowEvent,
  WorkflowEngineError,
  type ResolvedAssignee,
  type WorkflowState,
} from '@puentes/workflow-engine';
import { canonicalJson } from '@app/common/canonical-json';
import { Clock } from '@app/common/clock/clock';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError, invalidField, notFound } from '@app/common/errors/domain-error';
import { page, type PaginationQuery } from '@app/common/http/pagination';
import type { AfterCommitJob } from '@app/common/jobs/after-commit';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import type { Actor } from '@app/modules/identity/auth/auth-user';
import { User } from '@app/modules/identity/entities/user.entity';
import { Project } from '@app/modules/projects/entities/project.entity';
import { documentCitations } from '@app/modules/documents/citations';
import { ApprovalChainsService } from './approval-chains.service';
import { fromEngineError } from './approvals.errors';
import { type StepOwners, withDeadlines } from './deadlines';
import {
  type DecisionDto,
  type ListWorkflowsQuery,
  OPEN_STEP_STATUSES,
  WorkflowEventView,
  WorkflowView,
} from './dto/workflow.dto';
import { WorkflowEventRecord } from './entities/workflow-event.entity';
import { Workflow } from './entities/workflow.entity';
import { AuditSigner, type HeadSignatureStatus } from '@app/modules/audit/audit-signer';
import { signingCapacities } from './signing';
import { staffingOf } from './staffing';
import { type ChainCheck, HistoryVerifier } from './workflow-history';
import { WorkflowEffects } from './workflow-effects';
import { type LoadedWorkflow, WorkflowStore } from './workflow-store';

const VERIFY_BATCH = 1000;

/** `agency:CBP` → `CBP`, `group:BC-CA` → `BC-CA`: an assignee as people and clients name it. */
const assigneeCode = (id: string) => id.slice(id.indexOf(':') + 1);

/** The assignee ids of a workflow's open steps (see `OPEN_STEP_STATUSES`). */
function openAssignees({ definition, state }: LoadedWorkflow): string[] {
  return state.steps.flatMap((step, index) =>
    OPEN_STEP_STATUSES.includes(step.status)
      ? definition.steps[index].assignees.map(assigneeId)
      : [],
  );
}

/**
 * What replaying a stored history through the engine gave: the stored state (`matches`),
 * another state (`differs`), or a refusal (`fails`: an event the engine cannot apply).
 */
export type ReplayOutcome = 'matches' | 'differs' | 'fails';

/** `GET /workflows/:id/events/verify`: the chain walk, the head's signature and the replay. */
export interface HistoryCheck extends ChainCheck {
  signature: HeadSignatureStatus;
  replay: ReplayOutcome;
}

@Injectable()
export class WorkflowsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chains: ApprovalChainsService,
    private readonly store: WorkflowStore,
    private readonly effects: WorkflowEffects,
    private readonly afterCommit: AfterCommitQueue,
    private readonly signer: AuditSigner,
    private readonly clock: Clock,
  ) {}

  async start(
    projectId: string,
    dto: { chainKey: string; coordinatorId?: string },
    user: Actor,
  ): Promise<WorkflowView> {
    const project = await this.dataSource.manager.findOneBy(Project, { id: projectId });
    if (!project) throw notFound('project', projectId);
    const chain = await this.chains.latestPublished(dto.chainKey);
    if (!chain) {
      throw invalidField(
        'chainKey',
        `no published approval chain has the key ${dto.chainKey}`,
        'WORKFLOW.NO_PUBLISHED_CHAIN',
      );
    }
    const coordinatorId = dto.coordinatorId ?? user.id;
    if (dto.coordinatorId) await this.assertCoordinator(dto.coordinatorId);

    return this.dataSource
      .transaction(async (manager) => {
        // One running workflow of a chain per project: serialise starts on the project row.
        await manager.query('SELECT id FROM projects WHERE id = $1 FOR UPDATE', [projectId]);
        const running = await manager.findOneBy(Workflow, {
          projectId,
          chainKey: chain.key,
          status: 'active',
        });
        if (running) {
          throw new DomainError(
            'conflict',
            'WORKFLOW.ALREADY_RUNNING',
            `Workflow ${running.id} of ${chain.key} is still running on this project.`,
          );
        }
        const context = await this.store.contextOf(manager, projectId);
        const projectGroup = context.technicalGroupCode;
        // The engine resolves `{ projectGroup: true }` to the project's group and records it;
        // the deadlines are those of the chain as this workflow runs it.
        const definition = this.chains.definitionOf(chain);
        const resolved = resolveProjectGroup(definition, projectGroup);
        const now = this.clock.now();
        const { result, owners } = await withDeadlines(manager, resolved, (options) =>
          this.run(() =>
            start(
              definition,
              { attributes: project.attributes, projectGroup, actorId: user.id },
              now,
              options,
            ),
          ),
        );
        const loaded = await this.store.create(
          manager,
          { projectId, chain, coordinatorId, context },
          result,
        );
        const queued = await this.effects.apply(manager, loaded, result, owners, user);
        return { view: await this.viewOf(manager, loaded), queued };
      })
      .then(({ view, queued }) => {
        this.queueAfterCommit(queued);
        return view;
      });
  }

  async get(id: string): Promise<WorkflowView> {
    const manager = this.dataSource.manager;
    return this.viewOf(manager, await this.store.load(manager, id, false));
  }

  async listForProject(projectId: string, query: ListWorkflowsQuery) {
    const manager = this.dataSource.manager;
    if (!(await manager.existsBy(Project, { id: projectId }))) throw notFound('project', projectId);
    const [workflows, total] = await manager.findAndCount(Workflow, {
      where: {
        projectId,
        ...(query.status ? { status: query.status as WorkflowState['status'] } : {}),
      },
      order: { startedAt: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    const loaded = await this.store.hydrate(manager, workflows);
    const staffing = await staffingOf(manager, loaded.flatMap(openAssignees));
    return page(
      loaded.map((l) => WorkflowView.of(l, staffing)),
      total,
      query,
    );
  }

  /**
   * A signature for one assignee of an active step (the first the caller signs for that is
   * still open). `dto.documentIds` are checked to be documents of the workflow's project
   * (`400 DOCUMENT.NOT_CITABLE` naming `documentIds[i]`, nothing written) and their current
   * versions recorded in `decision_recorded` as `documents`.
   */
  async decide(id: string, stepKey: string, dto: DecisionDto, user: Actor): Promise<WorkflowView> {
    const capacities = signingCapacities(user);
    return this.write(id, user, async (manager, loaded) => {
      const step = loaded.definition.steps.find((s) => s.key === stepKey);
      if (!step) throw notFound('step', stepKey);
      const stepAssignees = new Set(step.assignees.map(assigneeId));
      let mine = capacities.filter((c) => stepAssignees.has(c.assignee));
      if (dto.onBehalfOf) {
        mine = mine.filter((c) => c.assignee.endsWith(`:${dto.onBehalfOf}`));
      }
      if (mine.length === 0) {
        const decisions = loaded.state.steps.find((s) => s.key === stepKey)!.decisions;
        const pending = step.assignees
          .filter((a) => assigneeOutcome(a as ResolvedAssignee, decisions) === 'open')
          .map((a) => assigneeCode(assigneeId(a)));
        const still =
          pending.length > 0
            ? ` Still pending on it: ${pending.join(', ')}.`
            : ' Every assignee of it has decided.';
        throw new DomainError(
          'forbidden',
          'WORKFLOW.NOT_A_SIGNER',
          (dto.onBehalfOf
            ? `You cannot sign for ${dto.onBehalfOf} on step ${stepKey}.`
            : `You are not an approver of an assignee of step ${stepKey}, nor a co-chair of an assignee group.`) +
            still,
          undefined,
          { pendingAssignees: pending },
        );
      }
      // Sign for the first assignee still waiting on the caller; if none is, let the engine
      // say why (already decided, or the step is no longer active).
      const decisions = loaded.state.steps.find((s) => s.key === stepKey)!.decisions;
      const capacity =
        mine.find((c) => !decisions.some((d) => d.assignee === c.assignee && d.seat === c.seat)) ??
        mine[0];
      const documents = await documentCitations(
        manager,
        loaded.workflow.projectId,
        dto.documentIds ?? [],
      );
      const now = this.clock.now();
      return withDeadlines(manager, loaded.definition, (options) =>
        decide(
          loaded.definition,
          loaded.state,
          {
            stepKey,
            assignee: capacity.assignee,
            seat: capacity.seat,
            decision: dto.decision,
            comment: dto.comment ?? null,
            documents,
            actorId: user.id,
          },
          now,
          options,
        ),
      );
    });
  }

  /**
   * Records `document_attached` in a workflow's history, in the caller's transaction
   * (`manager`: the one that commits the document's row, so the row and the event commit
   * together). Locks the workflow like every write. The caller has checked who may upload and
   * that the step is the workflow's; the engine refuses an unknown step (`404
   * WORKFLOW.STEP_NOT_FOUND`) or a malformed version (`400 WORKFLOW.DOCUMENT_INVALID`).
   * Returns what to run once that transaction has committed (queueing the jobs it decided).
   */
  async attachDocument(
    manager: EntityManager,
    workflowId: string,
    attachment: Omit<AttachCommand, 'actorId'>,
    user: Actor,
  ): Promise<() => void> {
    const loaded = await this.store.load(manager, workflowId, true);
    const result = this.run(() =>
      attach(
        loaded.definition,
        loaded.state,
        { ...attachment, actorId: user.id },
        this.clock.now(),
      ),
    );
    const recorded = await this.store.record(manager, loaded, result);
    const queued = await this.effects.apply(manager, recorded, result, new Map(), user);
    return () => this.queueAfterCommit(queued);
  }

  async resubmit(id: string, stepKey: string, comment: string | undefined, user: Actor) {
    return this.write(id, user, async (manager, loaded) => {
      this.assertCoordinatorOrAdmin(loaded, user, 'resubmit a step');
      const now = this.clock.now();
      return withDeadlines(manager, loaded.definition, (options) =>
        resubmit(
          loaded.definition,
          loaded.state,
          { stepKey, comment: comment ?? null, actorId: user.id },
          now,
          options,
        ),
      );
    });
  }

  async cancel(id: string, comment: string | undefined, user: Actor) {
    return this.write(id, user, async (_, loaded) => {
      this.assertCoordinatorOrAdmin(loaded, user, 'cancel this workflow');
      return {
        result: cancel(
          loaded.definition,
          loaded.state,
          { comment: comment ?? null, actorId: user.id },
          this.clock.now(),
        ),
        owners: new Map(),
      };
    });
  }

  async events(id: string, query: PaginationQuery) {
    const manager = this.dataSource.manager;
    if (!(await manager.existsBy(Workflow, { id }))) throw notFound('workflow', id);
    const [events, total] = await manager.findAndCount(WorkflowEventRecord, {
      where: { workflowId: id },
      order: { seq: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    const items: WorkflowEventView[] = events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      type: e.type,
      actorId: e.actorId,
      data: e.data,
      hash: e.hash,
    }));
    return page(items, total, query);
  }

  /**
   * Re-computes the whole hash chain from the stored rows, checks the head's signature and
   * replays the events through the engine, comparing the state they rebuild with the stored
   * one — all in one snapshot (a write committed meanwhile is not half seen). `valid` needs all
   * three: an event edited with every later hash recomputed leaves an intact chain under a
   * head whose signature no longer holds, and is reported broken at the head
   * (`firstBrokenSeq` = the last seq): the signature proves the history changed, not where.
   */
  async verify(id: string): Promise<HistoryCheck> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const workflow = await manager.findOneBy(Workflow, { id });
      if (!workflow) throw notFound('workflow', id);
      const verifier = new HistoryVerifier();
      const events: WorkflowEvent[] = [];
      for (let offset = 0; ; offset += VERIFY_BATCH) {
        const rows = (await manager.query(
          `SELECT seq, at, type, actor_id, data, prev_hash, hash FROM workflow_events
            WHERE workflow_id = $1 ORDER BY seq LIMIT $2 OFFSET $3`,
          [id, VERIFY_BATCH, offset],
        )) as {
          seq: number;
          at: Date;
          type: string;
          actor_id: string | null;
          data: unknown;
          prev_hash: string;
          hash: string;
        }[];
        let intact = true;
        for (const row of rows) {
          const at = row.at.toISOString();
          events.push({
            type: row.type,
            at,
            actorId: row.actor_id,
            data: row.data,
          } as WorkflowEvent);
          intact = verifier.add({
            seq: row.seq,
            at,
            type: row.type,
            actorId: row.actor_id,
            data: row.data,
            prevHash: row.prev_hash,
            hash: row.hash,
          });
          if (!intact) break;
        }
        if (!intact || rows.length < VERIFY_BATCH) break;
      }
      const chain = verifier.finish(workflow);
      const signature = this.signer.checkHead(
        workflow.id,
        workflow.lastSeq,
        workflow.lastHash,
        workflow.headSignature,
        workflow.headKeyId,
      );
      const replayed = this.replayOutcome(await this.store.load(manager, id, false), events);
      if (chain.valid && signature !== 'valid')
        return {
          valid: false,
          checked: chain.checked,
          firstBrokenSeq: workflow.lastSeq,
          signature,
          replay: replayed,
        };
      return {
        ...chain,
        valid: chain.valid && replayed === 'matches',
        signature,
        replay: replayed,
      };
    });
  }

  /**
   * Replays every stored history whose chain and signature hold, and returns those that do not
   * rebuild their stored state: the check the e2e suite ends with (a history tampered with on
   * purpose is `verify`'s to report, not this).
   */
  async replayMismatches(): Promise<{ workflowId: string; replay: ReplayOutcome }[]> {
    const ids = (await this.dataSource.query('SELECT id FROM workflows ORDER BY id')) as {
      id: string;
    }[];
    const mismatches: { workflowId: string; replay: ReplayOutcome }[] = [];
    for (const { id } of ids) {
      const check = await this.verify(id);
      if (
        check.signature === 'valid' &&
        check.firstBrokenSeq === null &&
        check.replay !== 'matches'
      )
        mismatches.push({ workflowId: id, replay: check.replay });
    }
    return mismatches;
  }

  /** Whether the engine, replaying `events`, rebuilds the stored state. */
  private replayOutcome(loaded: LoadedWorkflow, events: WorkflowEvent[]): ReplayOutcome {
    try {
      const rebuilt = replay(loaded.definition, events);
      return canonicalJson(rebuilt) === canonicalJson(loaded.state) ? 'matches' : 'differs';
    } catch (error) {
      if (error instanceof WorkflowEngineError) return 'fails';
      throw error;
    }
  }

  /**
   * Every write to a workflow: one transaction that locks the workflow row (serialising all
   * writers of that workflow), runs an engine command on the state read under the lock, and
   * stores the answer. `actor`: whose command it is (notices name them).
   */
  private async write(
    id: string,
    actor: Actor,
    command: (
      manager: EntityManager,
      loaded: LoadedWorkflow,
    ) => Promise<{ result: CommandResult; owners: StepOwners }>,
  ): Promise<WorkflowView> {
    const { view, queued } = await this.dataSource.transaction(async (manager) => {
      const loaded = await this.store.load(manager, id, true);
      const { result, owners } = await command(manager, loaded).catch((error: unknown) => {
        throw fromEngineError(error);
      });
      const recorded = await this.store.record(manager, loaded, result);
      const queued = await this.effects.apply(manager, recorded, result, owners, actor);
      return { view: await this.viewOf(manager, recorded), queued };
    });
    this.queueAfterCommit(queued);
    return view;
  }

  /** The workflow as the API shows it, with who can sign for its open steps' assignees now. */
  private async viewOf(manager: EntityManager, loaded: LoadedWorkflow): Promise<WorkflowView> {
    return WorkflowView.of(loaded, await staffingOf(manager, openAssignees(loaded)));
  }

  /** The jobs decided in the transaction go to their queues now; the sweeper catches misses. */
  private queueAfterCommit(entries: AfterCommitJob[]): void {
    void this.afterCommit.add(entries);
  }

  private run(command: () => CommandResult): CommandResult {
    try {
      return command();
    } catch (error) {
      throw fromEngineError(error);
    }
  }

  private assertCoordinatorOrAdmin(loaded: LoadedWorkflow, user: Actor, action: string) {
    if (loaded.workflow.coordinatorId !== user.id && !user.roles.includes('admin')) {
      throw new DomainError(
        'forbidden',
        'WORKFLOW.NOT_COORDINATOR',
        `Only the workflow's coordinator or an admin may ${action}.`,
      );
    }
  }

  private async assertCoordinator(userId: string) {
    const user = await this.dataSource.manager.findOneBy(User, { id: userId });
    if (!user || !user.active || !user.roles.some((r) => r === 'coordinator' || r === 'admin')) {
      throw invalidField(
        'coordinatorId',
        'must be an active user with the coordinator or admin role',
        'WORKFLOW.COORDINATOR_INVALID',
      );
    }
  }
}
