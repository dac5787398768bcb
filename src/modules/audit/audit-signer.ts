import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
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
  private readonly logger = new Logger('Audit');
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
   * The one way a write that moves a workflow's head signs it (both head writers call this,
   * under the workflow's lock, and store the answer in the statement that moves the head).
   * The new head is signed only when the head it extends still carries a signature that
   * holds: otherwise the service would vouch for a history someone changed in the database
   * since (edit, recompute every hash, then wait for an ordinary write). Then the old,
   * no longer matching signature is kept, so `verify` keeps answering `invalid`. A head with
   * no signature at all (written before signing existed) is extended and signed.
   */
  signMovedHead(
    workflowId: string,
    previous: { seq: number; hash: string | null; signature: string | null; keyId: string | null },
    next: { seq: number; hash: string },
  ): SignedHead {
    const status =
      previous.seq === 0
        ? 'missing'
        : this.checkHead(
            workflowId,
            previous.seq,
            previous.hash,
            previous.signature,
            previous.keyId,
          );
    if (status === 'invalid') {
      this.logger.warn(
        `Workflow ${workflowId}: its stored head (seq ${previous.seq}) does not match its signature; ` +
          'the history was changed outside the service. The new head is not signed; verify answers invalid.',
      );
      return { headSignature: previous.signature!, headKeyId: previous.keyId! };
    }
    return this.signHead(workflowId, next.seq, next.hash);
  }

  /**
   * Signs a head as it stands, whatever came before it: only for heads no signature covered
   * yet (`HeadBackfill`). Ed25519 is deterministic: the same head always gets the same
   * signature.
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
