import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { headMessage, leafHash, merkleRoot } from '@puentes/audit-proof';
import { DataSource, type EntityManager } from 'typeorm';
import { notFound } from '@app/common/errors/domain-error';
import { page, type PaginationQuery } from '@app/common/http/pagination';
import { AfterCommitQueue } from '@app/common/jobs/after-commit';
import {
  type NotificationBatch,
  NotificationsService,
} from '@app/modules/notifications/notifications.service';
import type { AuditNotificationInput } from '@app/modules/notifications/templates/render-audit-notification';
import { AuditSigner } from './audit-signer';
import { CheckpointView } from './dto/audit.dto';
import { AuditCheckpoint, type CheckpointTrigger } from './entities/audit-checkpoint.entity';

/** A workflow's head as a checkpoint records it: one leaf of its tree. */
export interface CheckpointHead {
  workflowId: string;
  seq: number;
  hash: string;
}

/**
 * Leaves in the order every tree of Puentes uses: by workflow id, as lowercase text (the
 * same order PostgreSQL gives uuids), so the tree does not depend on who sorted it.
 */
export function treeLeaves(heads: CheckpointHead[]): { heads: CheckpointHead[]; leaves: string[] } {
  const sorted = [...heads].sort((a, b) =>
    a.workflowId < b.workflowId ? -1 : a.workflowId > b.workflowId ? 1 : 0,
  );
  return {
    heads: sorted,
    leaves: sorted.map((h) => leafHash(headMessage(h.workflowId, h.seq, h.hash))),
  };
}

/** A plenary meeting that has begun and has no checkpoint of its own yet. */
interface DuePlenary {
  id: string;
  group_code: string;
  title_en: string;
  title_es: string;
}

/** Serialises checkpoint making across processes (one tree at a time, one per trigger key). */
const CHECKPOINT_LOCK = 0x41554454; // 'AUDT'

/** How long after its start a plenary still gets its checkpoint (a worker down meanwhile). */
const PLENARY_GRACE_HOURS = 24;

/**
 * Makes, lists and sends checkpoints: a signed RFC 6962 Merkle root over every workflow's
 * head at one instant, its leaves kept for later proofs, sent to the co-chairs of every group
 * (notification and email, `audit_checkpoint`) and recorded in each group's history.
 */
@Injectable()
export class AuditCheckpoints {
  private readonly logger = new Logger('Audit');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signer: AuditSigner,
    private readonly notifications: NotificationsService,
    private readonly afterCommit: AfterCommitQueue,
  ) {}

  /**
   * Makes a checkpoint now, in one transaction: the heads are read in one statement (one
   * snapshot), the root is signed, the checkpoint, its leaves, the group events and the
   * notifications are written together, and the emails leave after the commit. With a
   * `triggerKey` already used, nothing is made and null is returned (a job run twice).
   */
  async create(
    trigger: CheckpointTrigger,
    options: {
      triggerKey?: string;
      createdBy?: string;
      occasion?: AuditNotificationInput['occasion'];
    } = {},
  ): Promise<CheckpointView | null> {
    const made = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CHECKPOINT_LOCK]);
      if (options.triggerKey) {
        const [existing] = (await manager.query(
          'SELECT 1 FROM audit_checkpoints WHERE trigger_key = $1',
          [options.triggerKey],
        )) as unknown[];
        if (existing) return null;
      }
      const at = new Date();
      const rows = (await manager.query(
        `SELECT id, last_seq, last_hash FROM workflows WHERE last_seq > 0 AND last_hash IS NOT NULL`,
      )) as { id: string; last_seq: number; last_hash: string }[];
      const { heads, leaves } = treeLeaves(
        rows.map((r) => ({ workflowId: r.id, seq: r.last_seq, hash: r.last_hash })),
      );
      const unsigned = {
        id: randomUUID(),
        at: at.toISOString(),
        workflowCount: heads.length,
        root: merkleRoot(leaves),
      };
      const checkpoint: AuditCheckpoint = {
        id: unsigned.id,
        at,
        keyId: this.signer.keyId,
        root: unsigned.root,
        workflowCount: unsigned.workflowCount,
        signature: this.signer.signCheckpoint(unsigned),
        trigger,
        triggerKey: options.triggerKey ?? null,
        createdBy: options.createdBy ?? null,
      };
      await manager.insert(AuditCheckpoint, checkpoint);
      await manager.query(
        `INSERT INTO audit_checkpoint_leaves (checkpoint_id, workflow_id, seq, hash)
         SELECT $1, l.workflow_id, l.seq, l.hash
           FROM unnest($2::uuid[], $3::int[], $4::text[]) AS l(workflow_id, seq, hash)`,
        [
          checkpoint.id,
          heads.map((h) => h.workflowId),
          heads.map((h) => h.seq),
          heads.map((h) => h.hash),
        ],
      );
      const queued = await this.announce(
        manager,
        checkpoint,
        options.occasion ?? { kind: trigger === 'daily' ? 'daily' : 'manual' },
      );
      return { checkpoint, queued };
    });
    if (!made) return null;
    void this.afterCommit.add(made.queued);
    this.logger.log(
      `Checkpoint ${made.checkpoint.id} (${trigger}): root ${made.checkpoint.root} over ${made.checkpoint.workflowCount} workflows`,
    );
    return CheckpointView.of(made.checkpoint);
  }

  /** The daily checkpoint of `now`'s UTC date; a second run that day makes nothing. */
  async makeDaily(now: Date): Promise<CheckpointView | null> {
    return this.create('daily', { triggerKey: `daily/${now.toISOString().slice(0, 10)}` });
  }

  /**
   * A checkpoint for every plenary meeting that has begun (within the last day), is not
   * cancelled and has none yet: "at every plenary", whenever the meeting was moved to.
   */
  async makeForPlenaries(now: Date): Promise<CheckpointView[]> {
    const due = (await this.dataSource.query(
      `SELECT m.id, g.code AS group_code, m.title_en, m.title_es
         FROM meetings m JOIN technical_groups g ON g.id = m.group_id
        WHERE m.kind = 'plenary' AND m.status = 'scheduled'
          AND m.starts_at <= $1 AND m.starts_at > $1 - make_interval(hours => $2)
          AND NOT EXISTS (SELECT 1 FROM audit_checkpoints c WHERE c.trigger_key = 'plenary/' || m.id)
        ORDER BY m.starts_at, m.id`,
      [now, PLENARY_GRACE_HOURS],
    )) as DuePlenary[];
    const made: CheckpointView[] = [];
    for (const meeting of due) {
      const checkpoint = await this.create('plenary', {
        triggerKey: `plenary/${meeting.id}`,
        occasion: {
          kind: 'plenary',
          groupCode: meeting.group_code,
          meetingTitle: { en: meeting.title_en, es: meeting.title_es },
        },
      });
      if (checkpoint) made.push(checkpoint);
    }
    return made;
  }

  async list(query: PaginationQuery) {
    const [items, total] = await this.dataSource.manager.findAndCount(AuditCheckpoint, {
      order: { at: 'DESC', id: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return page(items.map(CheckpointView.of), total, query);
  }

  async get(id: string): Promise<CheckpointView> {
    const checkpoint = await this.dataSource.manager.findOneBy(AuditCheckpoint, { id });
    if (!checkpoint) throw notFound('checkpoint', id);
    return CheckpointView.of(checkpoint);
  }

  /** Tells the co-chairs of every group, and records it in each group's history. */
  private async announce(
    manager: EntityManager,
    checkpoint: AuditCheckpoint,
    occasion: AuditNotificationInput['occasion'],
  ) {
    const groups = (await manager.query(
      `INSERT INTO technical_group_events (group_id, type, actor_id, data)
       SELECT id, 'audit_checkpoint_sent', $1, $2::jsonb FROM technical_groups
       RETURNING (SELECT code FROM technical_groups g WHERE g.id = group_id) AS code`,
      [
        checkpoint.createdBy,
        JSON.stringify({
          checkpointId: checkpoint.id,
          at: checkpoint.at.toISOString(),
          root: checkpoint.root,
          workflowCount: checkpoint.workflowCount,
        }),
      ],
    )) as { code: string }[];
    const batch: NotificationBatch = {
      kind: 'audit_checkpoint',
      to: { coChairsOf: groups.map((g) => g.code) },
      event: `audit_checkpoint/${checkpoint.id}`,
      context: {
        checkpoint: {
          id: checkpoint.id,
          at: checkpoint.at,
          root: checkpoint.root,
          workflowCount: checkpoint.workflowCount,
          keyId: checkpoint.keyId,
          signature: checkpoint.signature,
        },
        occasion,
      },
    };
    return await this.notifications.notify(manager, [batch]);
  }
}
