import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { CHECKPOINT_TRIGGERS, type CheckpointTrigger } from '../entities/audit-checkpoint.entity';
import type { AuditCheckpoint } from '../entities/audit-checkpoint.entity';

export class PublicKeyView {
  @ApiProperty({
    description: 'First 16 hex of the SHA-256 of the key (SPKI, DER)',
    example: '3f1c0a9be2d47765',
  })
  keyId: string;
  @ApiProperty({ enum: ['Ed25519'] }) algorithm: 'Ed25519';
  @ApiProperty({
    description: 'SubjectPublicKeyInfo, PEM',
    example: '-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----\n',
  })
  publicKey: string;
}

export class CheckpointView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The instant of the heads it covers (ISO 8601, ms)' }) at: string;
  @ApiProperty({ description: 'The key that signed it' }) keyId: string;
  @ApiProperty({
    description:
      'RFC 6962 Merkle root, hex: leaves SHA-256(0x00 ‖ "puentes-head/v1\\n{workflowId}\\n{seq}\\n{hash}"), ' +
      'ordered by workflow id; nodes SHA-256(0x01 ‖ left ‖ right)',
  })
  root: string;
  @ApiProperty({ description: 'How many workflow heads (leaves) it covers' }) workflowCount: number;
  @ApiProperty({
    description:
      'Ed25519 signature, base64, of "puentes-checkpoint/v1\\n{id}\\n{at}\\n{workflowCount}\\n{root}"',
  })
  signature: string;
  @ApiProperty({
    enum: CHECKPOINT_TRIGGERS,
    description: 'The daily one, a plenary meeting’s, or an admin’s',
  })
  trigger: CheckpointTrigger;

  static of(checkpoint: AuditCheckpoint): CheckpointView {
    return {
      id: checkpoint.id,
      at: checkpoint.at.toISOString(),
      keyId: checkpoint.keyId,
      root: checkpoint.root,
      workflowCount: checkpoint.workflowCount,
      signature: checkpoint.signature,
      trigger: checkpoint.trigger,
    };
  }
}

export class ExportQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The checkpoint to prove against (default: the latest)',
  })
  @IsOptional()
  @IsUUID()
  checkpointId?: string;
}

export class ExportedEventView {
  @ApiProperty() seq: number;
  @ApiProperty() at: string;
  @ApiProperty() type: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) actorId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: unknown;
  @ApiProperty() prevHash: string;
  @ApiProperty() hash: string;
}

export class SignedHeadView {
  @ApiProperty() seq: number;
  @ApiProperty() hash: string;
  @ApiProperty({ nullable: true, type: String }) keyId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Ed25519, base64, of "puentes-head/v1\\n{workflowId}\\n{seq}\\n{hash}"',
  })
  signature: string | null;
}

export class InclusionProofView {
  @ApiProperty({ description: 'The head the checkpoint recorded for this workflow: its seq' })
  seq: number;
  @ApiProperty({ description: '… and its hash' }) hash: string;
  @ApiProperty() leafIndex: number;
  @ApiProperty() treeSize: number;
  @ApiProperty({ type: [String], description: 'Sibling hashes, leaf to root (RFC 6962 §2.1.1)' })
  auditPath: string[];
}

export class HistoryExportView {
  @ApiProperty({ enum: ['puentes-history-export/v1'] }) format: 'puentes-history-export/v1';
  @ApiProperty({ format: 'uuid' }) workflowId: string;
  @ApiProperty() exportedAt: string;
  @ApiProperty({ type: [ExportedEventView] }) events: ExportedEventView[];
  @ApiProperty({ type: SignedHeadView }) head: SignedHeadView;
  @ApiProperty({ type: CheckpointView, nullable: true }) checkpoint: CheckpointView | null;
  @ApiProperty({
    type: InclusionProofView,
    nullable: true,
    description: 'Null when the workflow started after the checkpoint',
  })
  inclusion: InclusionProofView | null;
}
