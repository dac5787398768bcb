import { Module } from '@nestjs/common';
import { AuditSigner } from './audit-signer';

/**
 * The audit signing key alone, for the modules that write workflow heads (approvals) without
 * pulling in checkpoints and their notifications.
 */
@Module({ providers: [AuditSigner], exports: [AuditSigner] })
export class AuditSigningModule {}
