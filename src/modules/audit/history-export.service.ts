import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { auditPath, HISTORY_EXPORT_FORMAT, type HistoryExport } from '@puentes/audit-proof';
import { DataSource } from 'typeorm';
import { notFound } from '@app/common/errors/domain-error';
import { Workflow } from '@app/modules/approvals/entities/workflow.entity';
import { treeLeaves } from './audit-checkpoints.service';
import { CheckpointView } from './dto/audit.dto';
import { AuditCheckpoint } from './entities/audit-checkpoint.entity';

/**
 * A workflow's history as one document an auditor can check offline with nothing but the
 * public key (`npm run audit:verify`): the events with their data and hashes, the signed
 * head, and the audit path of the head a checkpoint recorded for it.
 */
@Injectable()
export class HistoryExports {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async export(workflowId: string, checkpointId?: string): Promise<HistoryExport> {
    // One snapshot: the head, the events and the leaves agree with each other.
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const workflow = await manager.findOneBy(Workflow, { id: workflowId });
      if (!workflow) throw notFound('workflow', workflowId);
      const events = (await manager.query(
        `SELECT seq, at, type, actor_id, data, prev_hash, hash FROM workflow_events
          WHERE workflow_id = $1 ORDER BY seq`,
        [workflowId],
      )) as {
        seq: number;
        at: Date;
        type: string;
        actor_id: string | null;
        data: unknown;
        prev_hash: string;
        hash: string;
      }[];

      const checkpoint = checkpointId
        ? await manager.findOneBy(AuditCheckpoint, { id: checkpointId })
        : ((
            await manager.find(AuditCheckpoint, { order: { at: 'DESC', id: 'ASC' }, take: 1 })
          )[0] ?? null);
      if (checkpointId && !checkpoint) throw notFound('checkpoint', checkpointId);

      let inclusion: HistoryExport['inclusion'] = null;
      if (checkpoint) {
        const rows = (await manager.query(
          `SELECT workflow_id, seq, hash FROM audit_checkpoint_leaves WHERE checkpoint_id = $1`,
          [checkpoint.id],
        )) as { workflow_id: string; seq: number; hash: string }[];
        const { heads, leaves } = treeLeaves(
          rows.map((r) => ({ workflowId: r.workflow_id, seq: r.seq, hash: r.hash })),
        );
        const index = heads.findIndex((h) => h.workflowId === workflowId);
        if (index >= 0) {
          inclusion = {
            seq: heads[index].seq,
            hash: heads[index].hash,
            leafIndex: index,
            treeSize: heads.length,
            auditPath: auditPath(leaves, index),
          };
        }
      }

      return {
        format: HISTORY_EXPORT_FORMAT,
        workflowId,
        exportedAt: new Date().toISOString(),
        events: events.map((e) => ({
          seq: e.seq,
          at: e.at.toISOString(),
          type: e.type,
          actorId: e.actor_id,
          data: e.data,
          prevHash: e.prev_hash,
          hash: e.hash,
        })),
        head: {
          seq: workflow.lastSeq,
          hash: workflow.lastHash ?? '',
          keyId: workflow.headKeyId,
          signature: workflow.headSignature,
        },
        checkpoint: checkpoint ? CheckpointView.of(checkpoint) : null,
        inclusion,
      };
    });
  }
}
