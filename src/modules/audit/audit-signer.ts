import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  checkpointMessage,
  headMessage,
  keyIdOf,
  SIGNATURE_ALGORITHM,
  verifySignature,
} from '@puentes/audit-proof';
import { InjectConfig, type RuntimeConfig } from '@app/config/runtime-config';

/** What `GET /audit/public-key` publishes. */
export interface PublishedKey {
  keyId: string;
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** SubjectPublicKeyInfo, PEM. */
  publicKey: string;
}

/** The signature columns of a workflow row, as every head writer stores them. */
export interface SignedHead {
  headSignature: string;
  headKeyId: string;
}

/** How a head's stored signature stands against the service's key. */
export type HeadSignatureStatus = 'valid' | 'invalid' | 'missing';

/**
 * Holds the audit signing key (`AUDIT_SIGNING_KEY`, only ever in the configuration) and makes
 * and checks the service's signatures over workflow heads and checkpoints. The messages are
 * `@puentes/audit-proof`'s, so the offline verifier checks exactly what is signed here.
 */
@Injectable()
export class AuditSigner {
  readonly keyId: string;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(@InjectConfig() config: RuntimeConfig) {
    this.privateKey = createPrivateKey(config.auditSigningKey);
    this.publicKey = createPublicKey(this.privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  publishedKey(): PublishedKey {
    return {
      keyId: this.keyId,
      algorithm: SIGNATURE_ALGORITHM,
      publicKey: this.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }

  /**
   * The one way a workflow head is signed: every write that moves a head stores this beside
   * it in the same statement. Ed25519 is deterministic, so signing the same head twice gives
   * the same signature.
   */
  signHead(workflowId: string, seq: number, hash: string): SignedHead {
    return {
      headSignature: this.sign(headMessage(workflowId, seq, hash)),
      headKeyId: this.keyId,
    };
  }

  /**
   * Whether a stored head signature holds for the stored head: `missing` when there is none,
   * `invalid` when it does not verify or was made by a key this service does not hold (a
   * rotated key, or the random key of an earlier process without `AUDIT_SIGNING_KEY`).
   */
  checkHead(
    workflowId: string,
    seq: number,
    hash: string | null,
    signature: string | null,
    keyId: string | null,
  ): HeadSignatureStatus {
    if (signature === null) return 'missing';
    if (keyId !== this.keyId || hash === null) return 'invalid';
    return verifySignature(headMessage(workflowId, seq, hash), signature, this.publicKey)
      ? 'valid'
      : 'invalid';
  }

  /** Signs a checkpoint's message (`checkpointMessage`), base64. */
  signCheckpoint(checkpoint: { id: string; at: string; workflowCount: number; root: string }) {
    return this.sign(checkpointMessage(checkpoint));
  }

  private sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.privateKey).toString('base64');
  }
}
