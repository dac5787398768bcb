import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { enqueueAfterCommit } from '@app/common/outbox/outbox';
import {
  type NotificationBatch,
  NotificationsService,
  type RecipientQuery,
} from '@app/modules/notifications/notifications.service';
import { AuditSigner } from '@app/modules/audit/audit-signer';
import { ApprovalChainsService } from './approval-chains.service';
import {
  DeadlineTimers,
  type DueTimerRef,
  type FireOutcome,
  type TimerHandler,
} from '@app/modules/deadlines/deadline-timers.service';
import type { TimerKind } from '@app/modules/deadlines/entities/deadline-timer.entity';
import { pendingFromSlots } from './workflow-effects';
import { appendToChain } from './workflow-history';
import type { EscalationTarget } from '@puentes/workflow-engine';

/**
 * How many workflows one transaction fires the due timers of. A Monday-morning burst of
 * reminders goes out in a few dozen transactions, with one recipients query and one insert
 * each, instead of ten thousand.
 */
const WORKFLOWS_PER_BATCH = 100;

/** A due, pending timer with what firing it needs: its step, workflow and project. */
interface DueTimer {
  id: string;
  workflow_id: string;
  step_id: string;
  round: number;
  kind: TimerKind;
  ordinal: number;
  notify: EscalationTarget[];
  step_key: string;
  step_status: string;
  step_round: number;
  awaiting: string[];
  due_at: Date | null;
  escalation_level: number;
  workflow_status: string;
  coordinator_id: string;
  chain_id: string;
  version: number;
  last_seq: number;
  last_hash: string | null;
  head_signature: string | null;
  head_key_id: string | null;
  project_code: string;
  project_name_en: string;
  project_name_es: string;
  group_code: string | null;
}

/**
 * Fires the reminders and escalations of workflow steps. Under the lock of each workflow (the one decisions take),
 * it re-reads the timer and its step: only a pending timer of a step still active in the same
 * round fires, so running the same job twice, or after the step was decided, has no effect.
 */
@Injectable()
export class StepTimers implements TimerHandler, OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly chains: ApprovalChainsService,
    private readonly notifications: NotificationsService,
    private readonly timers: DeadlineTimers,
    private readonly signer: AuditSigner,
  ) {}

  onModuleInit(): void {
    this.timers.handle('step', this);
  }

  /**
   * Fires one timer's job: that timer, and in the same transaction every other due timer of
   * up to `WORKFLOWS_PER_BATCH` workflows that no one else holds (`SKIP LOCKED`), so the jobs
   * of a burst mostly find their timer already fired and finish at once.
   */
  async fire(timer: DueTimerRef, now: Date): Promise<FireOutcome> {
    const workflowId = timer.workflowId!;
    return this.dataSource.transaction(async (manager) => {
      // Its own workflow waits for the lock (a decision may hold it); the others are taken
      // only if free, and never while waiting for one, so no two batches deadlock.
      await manager.query('SELECT id FROM workflows WHERE id = $1 FOR UPDATE', [workflowId]);
      const others = (await manager.query(
        `SELECT id FROM workflows
          WHERE id IN (SELECT workflow_id FROM deadline_timers
                        WHERE status = 'pending' AND fire_at <= $1 AND workflow_id <> $2
                          AND workflow_id IS NOT NULL
                        GROUP BY workflow_id ORDER BY min(fire_at) LIMIT $3)
          FOR UPDATE SKIP LOCKED`,
        [now, workflowId, WORKFLOWS_PER_BATCH - 1],
      )) as { id: string }[];
      const { fired, outbox } = await this.fireLocked(
        manager,
        [workflowId, ...others.map((o) => o.id)],
        now,
      );
      return fired.has(timer.id)
        ? { outcome: 'fired', outbox }
        : { outcome: 'skipped', reason: 'the step is no longer active in that round', outbox };
    });
  }

  /** Fires the due timers of workflows this transaction has locked. */
  private async fireLocked(manager: EntityManager, workflowIds: string[], now: Date) {
    const due = (await manager.query(
      `SELECT t.id, t.workflow_id, t.step_id, t.round, t.kind, t.ordinal, t.notify,
              s.key AS step_key, s.status AS step_status, s.round AS step_round, s.awaiting,
              s.due_at, s.escalation_level,
              w.status AS workflow_status, w.coordinator_id, w.chain_id, w.version, w.last_seq,
              w.last_hash, w.head_signature, w.head_key_id, p.code AS project_code, p.name_en AS project_name_en,
              p.name_es AS project_name_es, g.code AS group_code
         FROM deadline_timers t
         JOIN workflow_steps s ON s.id = t.step_id
         JOIN workflows w ON w.id = t.workflow_id
         JOIN projects p ON p.id = w.project_id
         LEFT JOIN technical_groups g ON g.id = p.technical_group_id
        WHERE t.workflow_id = ANY($1::uuid[]) AND t.status = 'pending' AND t.fire_at <= $2
        ORDER BY t.workflow_id, t.fire_at, t.kind, t.ordinal`,
      [workflowIds, now],
    )) as DueTimer[];

    const at = now.toISOString();
    const fired = new Set<string>();
    const cancelled: string[] = [];
    const levels = new Map<string, number>();
    const events: Record<string, unknown>[] = [];
    const heads = new Map<
      string,
      {
        id: string;
        version: number;
        last_seq: number;
        last_hash: string | null;
        head_signature: string | null;
        head_key_id: string | null;
        /** The head as it was before this batch, for the signature check. */
        previous: {
          seq: number;
          hash: string | null;
          signature: string | null;
          keyId: string | null;
        };
      }
    >();
    const batches: NotificationBatch[] = [];

    for (const timer of due) {
      // A step decided, skipped or sent back since: the timer's round is over.
      if (
        timer.workflow_status !== 'active' ||
        timer.step_status !== 'active' ||
        timer.step_round !== timer.round
      ) {
        cancelled.push(timer.id);
        continue;
      }
      fired.add(timer.id);
      let level = levels.get(timer.step_id) ?? timer.escalation_level;
      if (timer.kind === 'escalation') levels.set(timer.step_id, ++level);

      const pending = pendingFromSlots(timer.awaiting);
      const head = heads.get(timer.workflow_id) ?? {
        id: timer.workflow_id,
        version: timer.version + 1,
        last_seq: timer.last_seq,
        last_hash: timer.last_hash,
        head_signature: timer.head_signature,
        head_key_id: timer.head_key_id,
        previous: {
          seq: timer.last_seq,
          hash: timer.last_hash,
          signature: timer.head_signature,
          keyId: timer.head_key_id,
        },
      };
      heads.set(timer.workflow_id, head);
      const chain = { lastSeq: head.last_seq, lastHash: head.last_hash };
      const [event] = appendToChain(chain, [
        {
          type: timer.kind === 'reminder' ? 'reminder_sent' : 'escalated',
          at,
          actorId: null,
          data: {
            stepKey: timer.step_key,
            round: timer.round,
            ordinal: timer.ordinal,
            pending: pending.codes,
            ...(timer.kind === 'escalation'
              ? { escalationLevel: level, notify: timer.notify }
              : {}),
          },
        },
      ]);
      head.last_seq = chain.lastSeq;
      head.last_hash = chain.lastHash;
      events.push({ workflow_id: timer.workflow_id, ...event });
      batches.push(await this.notice(manager, timer, level, pending));
    }

    // A second writer of workflow heads (the first is WorkflowStore.record): it signs each
    // moved head through the same AuditSigner.signMovedHead, in the same statement as the head.
    for (const head of heads.values()) {
      const signed = this.signer.signMovedHead(head.id, head.previous, {
        seq: head.last_seq,
        hash: head.last_hash!,
      });
      head.head_signature = signed.headSignature;
      head.head_key_id = signed.headKeyId;
    }

    if (fired.size > 0 || cancelled.length > 0) {
      await manager.query(
        `WITH fired AS (
           UPDATE deadline_timers SET status = 'fired', fired_at = $2 WHERE id = ANY($1::uuid[])
           RETURNING 1),
         cancelled AS (
           UPDATE deadline_timers SET status = 'cancelled' WHERE id = ANY($3::uuid[])
           RETURNING 1),
         steps AS (
           UPDATE workflow_steps s SET escalation_level = u.level
             FROM jsonb_to_recordset($4::jsonb) AS u(id uuid, level int) WHERE s.id = u.id
           RETURNING 1),
         events AS (
           INSERT INTO workflow_events (workflow_id, seq, type, at, actor_id, data, prev_hash, hash)
           SELECT e.workflow_id, e.seq, e.type, e.at, e.actor_id, e.data, e.prev_hash, e.hash
             FROM jsonb_to_recordset($5::jsonb) AS e(workflow_id uuid, seq int, type text,
                    at timestamptz, actor_id uuid, data jsonb, prev_hash text, hash text)
           RETURNING 1)
         UPDATE workflows w SET version = h.version, last_seq = h.last_seq, last_hash = h.last_hash,
                head_signature = h.head_signature, head_key_id = h.head_key_id
           FROM jsonb_to_recordset($6::jsonb) AS h(id uuid, version int, last_seq int, last_hash text,
                  head_signature text, head_key_id text)
          WHERE w.id = h.id`,
        [
          [...fired],
          now,
          cancelled,
          JSON.stringify([...levels].map(([id, level]) => ({ id, level }))),
          JSON.stringify(events),
          JSON.stringify([...heads.values()].map(({ previous: _, ...head }) => head)),
        ],
      );
    }
    const jobs = await this.notifications.notify(manager, batches);
    return { fired, outbox: await enqueueAfterCommit(manager, jobs) };
  }

  /** The reminder or escalation notice: who is told, and what the text names. */
  private async notice(
    manager: EntityManager,
    timer: DueTimer,
    escalationLevel: number,
    pending: ReturnType<typeof pendingFromSlots>,
  ): Promise<NotificationBatch> {
    const chain = await this.chains.publishedById(timer.chain_id, manager);
    const step = this.chains.definitionOf(chain).steps.find((s) => s.key === timer.step_key)!;
    const to: RecipientQuery =
      timer.kind === 'reminder'
        ? { ...pending.to, userIds: [timer.coordinator_id] }
        : {
            ...(timer.notify.includes('agency') ? pending.to : {}),
            userIds: timer.notify.includes('coordinator') ? [timer.coordinator_id] : [],
            admins: timer.notify.includes('admin'),
            coChairsOf:
              timer.notify.includes('group_chairs') && timer.group_code ? [timer.group_code] : [],
          };
    return {
      kind: timer.kind,
      to,
      event: `${timer.kind}/${timer.id}`,
      context: {
        project: {
          code: timer.project_code,
          name: { en: timer.project_name_en, es: timer.project_name_es },
        },
        workflow: {
          id: timer.workflow_id,
          chainName: { en: chain.nameEn, es: chain.nameEs },
          status: 'active',
        },
        step: {
          key: timer.step_key,
          name: step.name,
          dueAt: timer.due_at,
          round: timer.round,
          escalationLevel,
          assignees: pending.codes,
        },
      },
      calendar:
        timer.kind === 'reminder' && timer.due_at
          ? { uid: `${timer.step_id}-${timer.round}`, start: timer.due_at }
          : null,
    };
  }
}
