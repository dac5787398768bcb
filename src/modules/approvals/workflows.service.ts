import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  attach,
  type AttachCommand,
  assigneeId,
  assigneeOutcome,
  cancel,
  type ChainDefinition,
  type CommandResult,
  comment,
  type CommentAddedEvent,
  decide,
  parseAssigneeId,
  reassign,
  withReassignments,
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
import {
  type CodedFieldError,
  DomainError,
  invalidField,
  notFound,
  throwIfInvalid,
} from '@app/common/errors/domain-error';
import {
  type DelegatedSigning,
  DelegationsService,
} from '@app/modules/delegations/delegations.service';
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
  type AddCommentDto,
  type AssigneeRefDto,
  type CommentView,
  type DecisionDto,
  type EventActorView,
  type ListWorkflowsQuery,
  type ReassignDto,
  WorkflowEventView,
  WorkflowView,
} from './dto/workflow.dto';
import { WorkflowEventRecord } from './entities/workflow-event.entity';
import { Workflow } from './entities/workflow.entity';
import { AuditSigner, type HeadSignatureStatus } from '@app/modules/audit/audit-signer';
import { signingCapacities } from './signing';
import { openAssignees, staffingOf } from './staffing';
import { type ChainCheck, HistoryVerifier } from './workflow-history';
import { WorkflowEffects } from './workflow-effects';
import { type LoadedWorkflow, WorkflowStore } from './workflow-store';

const VERIFY_BATCH = 1000;

/** `agency:CBP` → `CBP`, `group:BC-CA` → `BC-CA`: an assignee as people and clients name it. */
const assigneeCode = (id: string) => id.slice(id.indexOf(':') + 1);

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

/** Whom the caller may sign for: their own seat, or one held through a delegation (`via`). */
type DelegatedCapacity = ReturnType<typeof signingCapacities>[number] & {
  via?: DelegatedSigning;
};

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
    private readonly delegations: DelegationsService,
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
        const staffing = await staffingOf(manager, openAssignees(loaded));
        const queued = await this.effects.apply(manager, loaded, result, {
          owners,
          actor: user,
          staffing,
        });
        return { view: WorkflowView.of(loaded, staffing), queued };
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
    return this.write(id, user, async (manager, loaded) => {
      const now = this.clock.now();
      // The step as this workflow runs it, after any reassignment.
      const step = withReassignments(loaded.definition, loaded.state).steps.find(
        (s) => s.key === stepKey,
      );
      if (!step) throw notFound('step', stepKey);
      const stepAssignees = new Set(step.assignees.map(assigneeId));
      const decisions = loaded.state.steps.find((s) => s.key === stepKey)!.decisions;
      const open = (c: { assignee: string; seat: string }) =>
        !decisions.some((d) => d.assignee === c.assignee && d.seat === c.seat);
      const forThisStep = <C extends { assignee: string }>(capacities: C[]) =>
        capacities.filter(
          (c) =>
            stepAssignees.has(c.assignee) &&
            (!dto.onBehalfOf || c.assignee.endsWith(`:${dto.onBehalfOf}`)),
        );
      // One's own capacities first; those of one's active delegations at this instant only
      // when none of one's own is still open on this step (most signers: no query).
      let mine: DelegatedCapacity[] = forThisStep(signingCapacities(user));
      if (!mine.some(open)) {
        const delegated = await this.delegations.activeFor(manager, user.id, now);
        mine = [
          ...mine,
          ...forThisStep(delegated.flatMap((d) => d.capacities.map((c) => ({ ...c, via: d })))),
        ];
      }
      if (mine.length === 0) {
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
      const capacity = mine.find(open) ?? mine[0];
      const via = capacity.via;
      const documents = await documentCitations(
        manager,
        loaded.workflow.projectId,
        dto.documentIds ?? [],
      );
      // Deadlines are owned by the step's first assignee as this workflow runs it.
      return withDeadlines(manager, withReassignments(loaded.definition, loaded.state), (options) =>
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
            ...(via
              ? {
                  inPlaceOf: {
                    delegationId: via.delegation.id,
                    delegator: via.delegator,
                    legalBasis: via.delegation.legalBasis,
                    ...(via.delegation.reference ? { reference: via.delegation.reference } : {}),
                  },
                }
              : {}),
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
    const queued = await this.effects.apply(manager, recorded, result, { actor: user });
    return () => this.queueAfterCommit(queued);
  }

  /**
   * The assignees (`agency:CBP`, `group:SON-AZ`) `user` signs for now: their own seats, and
   * those an active delegation lends them (`DelegationsService.capacitiesOf`, the rule
   * `decide` applies). For those who act for an assignee without deciding (a step's documents).
   */
  async assigneesSignedBy(user: Actor): Promise<string[]> {
    const capacities = await this.delegations.capacitiesOf(
      this.dataSource.manager,
      user,
      this.clock.now(),
    );
    return [...new Set(capacities.map((c) => c.assignee))];
  }

  /**
   * Whether `user` may sign now for an assignee of step `stepKey` of workflow `workflowId`, as
   * that workflow runs it (after any reassignment), in a seat of their own or one an active
   * delegation lends them — whether or not that assignee has decided yet. Who may attach a
   * document to a step (the contract: "anyone who may sign for one of its assignees"). False
   * for a step the workflow does not have; 404 for an unknown workflow.
   */
  async maySignOn(workflowId: string, stepKey: string, user: Actor): Promise<boolean> {
    const manager = this.dataSource.manager;
    const loaded = await this.store.load(manager, workflowId, false);
    const step = withReassignments(loaded.definition, loaded.state).steps.find(
      (s) => s.key === stepKey,
    );
    if (!step) return false;
    const assignees = new Set(step.assignees.map(assigneeId));
    return (await this.assigneesSignedBy(user)).some((a) => assignees.has(a));
  }

  async resubmit(id: string, stepKey: string, comment: string | undefined, user: Actor) {
    return this.write(id, user, async (manager, loaded) => {
      this.assertCoordinatorOrAdmin(loaded, user, 'resubmit a step');
      const now = this.clock.now();
      // Deadlines are owned by the step's first assignee as this workflow runs it.
      return withDeadlines(manager, withReassignments(loaded.definition, loaded.state), (options) =>
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

  /**
   * `POST …/steps/:stepKey/reassign` (admins; the route checks the role): replaces an assignee
   * of a pending or active step of this workflow only. 404 for an unknown step; 400 naming
   * `from` (not on the step), `to` (unknown code, or already on the step) or `reason`; 409 when
   * `from` has signed this round or the step is no longer open.
   */
  async reassign(id: string, stepKey: string, dto: ReassignDto, user: Actor) {
    return this.write(id, user, async (manager, loaded) => {
      const step = withReassignments(loaded.definition, loaded.state).steps.find(
        (s) => s.key === stepKey,
      );
      if (!step) throw notFound('step', stepKey);
      const ids = step.assignees.map(assigneeId);
      const problems: CodedFieldError[] = [];
      const from = refId(dto.from, 'from', problems);
      const to = refId(dto.to, 'to', problems);
      if (from && !ids.includes(from)) {
        problems.push({
          field: 'from',
          message: `${from.slice(from.indexOf(':') + 1)} is not an assignee of step ${stepKey}`,
          code: 'WORKFLOW.ASSIGNEE_INVALID',
        });
      }
      if (to && ids.includes(to)) {
        problems.push({
          field: 'to',
          message: `${to.slice(to.indexOf(':') + 1)} is already an assignee of step ${stepKey}`,
          code: 'WORKFLOW.ASSIGNEE_INVALID',
        });
      } else if (to && !(await this.assigneeExists(manager, to))) {
        problems.push({
          field: dto.to.agency !== undefined ? 'to.agency' : 'to.technicalGroup',
          message: `no ${dto.to.agency !== undefined ? 'agency' : 'technical group'} has the code ${to.slice(to.indexOf(':') + 1)}`,
          code: 'WORKFLOW.ASSIGNEE_UNKNOWN',
        });
      }
      throwIfInvalid(problems);
      return {
        result: reassign(
          loaded.definition,
          loaded.state,
          { stepKey, from: from!, to: to!, reason: dto.reason, actorId: user.id },
          this.clock.now(),
        ),
        owners: new Map(),
      };
    });
  }

  /**
   * `POST …/comments`: a remark in the hash-chained history that decides nothing. Who: the
   * coordinator, admins, whoever signs (or signs as a delegate) for an assignee of any step,
   * and the members and co-chairs of the project's group; others 403. 400 naming `stepKey`
   * (no such step) or `documentIds[i]` (no document of the project).
   */
  async comment(id: string, dto: AddCommentDto, user: Actor): Promise<CommentView> {
    let view: CommentView | undefined;
    await this.write(
      id,
      user,
      async (manager, loaded) => {
        const definition = withReassignments(loaded.definition, loaded.state);
        if (!(await this.mayComment(manager, loaded, definition, user))) {
          throw new DomainError(
            'forbidden',
            'WORKFLOW.NOT_A_PARTICIPANT',
            'Only the coordinator, admins, the signers of its assignees (or their delegates) and the members of the project’s group may comment on this workflow.',
          );
        }
        if (dto.stepKey !== undefined && !definition.steps.some((s) => s.key === dto.stepKey)) {
          throw invalidField('stepKey', `the workflow has no step ${dto.stepKey}`);
        }
        const documents = await documentCitations(
          manager,
          loaded.workflow.projectId,
          dto.documentIds ?? [],
        );
        return {
          result: comment(
            loaded.definition,
            loaded.state,
            { stepKey: dto.stepKey ?? null, body: dto.body, documents, actorId: user.id },
            this.clock.now(),
          ),
          owners: new Map(),
        };
      },
      (recorded, result) => {
        const event = result.events[0] as CommentAddedEvent;
        view = {
          seq: recorded.workflow.lastSeq,
          at: event.at,
          actorId: event.actorId,
          actorName: user.name,
          stepKey: event.data.stepKey,
          body: event.data.body,
          documents: event.data.documents ?? [],
        };
      },
    );
    return view!;
  }

  /** `GET …/comments`: the workflow's comments, oldest first. */
  async comments(id: string, query: PaginationQuery) {
    const manager = this.dataSource.manager;
    if (!(await manager.existsBy(Workflow, { id }))) throw notFound('workflow', id);
    const rows = (await manager.query(
      `SELECT e.seq, e.at, e.actor_id, u.name AS actor_name, e.data, count(*) OVER () AS total
         FROM workflow_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.workflow_id = $1 AND e.type = 'comment_added'
        ORDER BY e.seq LIMIT $2 OFFSET $3`,
      [id, query.limit, query.offset],
    )) as {
      seq: number;
      at: Date;
      actor_id: string | null;
      actor_name: string | null;
      data: CommentAddedEvent['data'];
      total: string;
    }[];
    const items: CommentView[] = rows.map((r) => ({
      seq: r.seq,
      at: r.at.toISOString(),
      actorId: r.actor_id,
      actorName: r.actor_name,
      stepKey: r.data.stepKey,
      body: r.data.body,
      documents: r.data.documents ?? [],
    }));
    return page(items, rows.length > 0 ? Number(rows[0].total) : 0, query);
  }

  private async mayComment(
    manager: EntityManager,
    loaded: LoadedWorkflow,
    definition: ChainDefinition,
    user: Actor,
  ): Promise<boolean> {
    if (loaded.workflow.coordinatorId === user.id || user.roles.includes('admin')) return true;
    const assignees = new Set(definition.steps.flatMap((s) => s.assignees.map(assigneeId)));
    const capacities = await this.delegations.capacitiesOf(manager, user, this.clock.now());
    if (capacities.some((c) => assignees.has(c.assignee))) return true;
    const group = loaded.context.technicalGroupCode;
    if (!group) return false;
    if (user.coChairOf.mx.includes(group) || user.coChairOf.us.includes(group)) return true;
    const [member] = (await manager.query(
      `SELECT 1 FROM technical_group_members m JOIN technical_groups g ON g.id = m.group_id
        WHERE g.code = $1 AND m.user_id = $2 AND m.role = 'member'`,
      [group, user.id],
    )) as unknown[];
    return member !== undefined;
  }

  private async assigneeExists(manager: EntityManager, id: string): Promise<boolean> {
    const parsed = parseAssigneeId(id);
    if (!parsed) return false;
    const [row] = (await manager.query(
      'agency' in parsed
        ? 'SELECT 1 FROM agencies WHERE code = $1'
        : 'SELECT 1 FROM technical_groups WHERE code = $1',
      ['agency' in parsed ? parsed.agency : parsed.technicalGroup],
    )) as unknown[];
    return row !== undefined;
  }

  async cancel(id: string, comment: string, user: Actor) {
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

  /**
   * `GET …/events`: a page of the history in `seq` order, each event as stored (what its hash
   * covers) plus `actor`, the person `actorId` names ({@link EventActorView}), so that the
   * record says who acted. The stored events are not touched: `verify` and the export see the
   * same chain as before.
   */
  async events(id: string, query: PaginationQuery) {
    const manager = this.dataSource.manager;
    if (!(await manager.existsBy(Workflow, { id }))) throw notFound('workflow', id);
    const [events, total] = await manager.findAndCount(WorkflowEventRecord, {
      where: { workflowId: id },
      order: { seq: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    const actors = await this.eventActors(
      manager,
      events.flatMap((e) => (e.actorId ? [e.actorId] : [])),
    );
    const items: WorkflowEventView[] = events.map((e) => ({
      seq: e.seq,
      at: e.at.toISOString(),
      type: e.type,
      actorId: e.actorId,
      actor: e.actorId ? (actors.get(e.actorId) ?? null) : null,
      data: e.data,
      hash: e.hash,
    }));
    return page(items, total, query);
  }

  /**
   * The people of a page of events by id, with their agency's code: one query for the page,
   * however many events it holds. An id of no user (actor_id has no foreign key) is left out,
   * and its events say `actor: null`.
   */
  private async eventActors(
    manager: EntityManager,
    ids: string[],
  ): Promise<Map<string, EventActorView>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = (await manager.query(
      `SELECT u.id, u.name, a.code AS agency_code
         FROM users u LEFT JOIN agencies a ON a.id = u.agency_id
        WHERE u.id = ANY($1::uuid[])`,
      [unique],
    )) as { id: string; name: string; agency_code: string | null }[];
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, agencyCode: r.agency_code }]));
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
    recordedAs?: (recorded: LoadedWorkflow, result: CommandResult) => void,
  ): Promise<WorkflowView> {
    const { view, queued } = await this.dataSource.transaction(async (manager) => {
      const loaded = await this.store.load(manager, id, true);
      const { result, owners } = await command(manager, loaded).catch((error: unknown) => {
        throw fromEngineError(error);
      });
      const recorded = await this.store.record(manager, loaded, result);
      recordedAs?.(recorded, result);
      // Who can sign now, asked once: for the steps that just opened and for the answer.
      const staffing = await staffingOf(manager, openAssignees(recorded));
      const queued = await this.effects.apply(manager, recorded, result, {
        owners,
        actor,
        staffing,
      });
      return { view: WorkflowView.of(recorded, staffing), queued };
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

/** `{ agency: 'GSA' }` → `agency:GSA`; exactly one of the two keys, else a problem naming it. */
function refId(
  ref: AssigneeRefDto,
  field: 'from' | 'to',
  problems: CodedFieldError[],
): string | null {
  const keys = (['agency', 'technicalGroup'] as const).filter((key) => ref[key] !== undefined);
  if (keys.length !== 1) {
    problems.push({
      field,
      message: 'must name exactly one agency or one technical group',
      code: 'VALIDATION_FAILED',
    });
    return null;
  }
  return ref.agency !== undefined
    ? assigneeId({ agency: ref.agency })
    : assigneeId({ technicalGroup: ref.technicalGroup! });
}
