import type { KeyObject } from 'node:crypto';
import { HistoryVerifier, type StoredEvent } from './event-chain';
import { leafHash, verifyInclusion } from './merkle';
import {
  type CheckpointRecord,
  checkpointMessage,
  ed25519PublicKey,
  headMessage,
  keyIdOf,
  verifySignature,
} from './signed-messages';

/** The `format` of an export this library understands. */
export const HISTORY_EXPORT_FORMAT = 'puentes-history-export/v1';

/**
 * A workflow's history with everything needed to check it offline against a checkpoint
 * (`GET /api/v1/workflows/:id/events/export`).
 */
export interface HistoryExport {
  format: typeof HISTORY_EXPORT_FORMAT;
  workflowId: string;
  exportedAt: string;
  /** Every event, in `seq` order, with its data and both hashes. */
  events: StoredEvent[];
  /** The workflow's head as its row holds it, and the service's signature of `headMessage`. */
  head: { seq: number; hash: string; keyId: string | null; signature: string | null };
  /** The checkpoint the proof is against (the latest, unless another was asked for). */
  checkpoint: CheckpointRecord | null;
  /**
   * Where this workflow's head stood when the checkpoint was made, and the audit path of
   * that head's leaf (`leafHash(headMessage(workflowId, seq, hash))`) to the checkpoint's
   * root. Null when the workflow is younger than the checkpoint.
   */
  inclusion: {
    seq: number;
    hash: string;
    leafIndex: number;
    treeSize: number;
    auditPath: string[];
  } | null;
}

/** One thing the verifier checked, and what it found. */
export interface ExportCheck {
  check: string;
  ok: boolean;
  detail: string;
}

/** Every check made, in order; `ok` only when every one of them passed. */
export interface ExportVerdict {
  ok: boolean;
  checks: ExportCheck[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

function shapeOfCheckpoint(value: unknown): string | null {
  if (!isObject(value)) return 'is not an object';
  for (const field of ['id', 'at', 'keyId', 'root', 'signature'] as const)
    if (typeof value[field] !== 'string') return `has no ${field}`;
  if (!isCount(value.workflowCount)) return 'has no workflowCount';
  if (!HEX64.test(value.root as string)) return 'has a root that is not 64 hex characters';
  return null;
}

/** Names what is missing or malformed in an export, or null when its shape is right. */
function shapeOfExport(value: unknown): string | null {
  if (!isObject(value)) return 'the file is not a JSON object';
  if (value.format !== HISTORY_EXPORT_FORMAT)
    return `format is ${JSON.stringify(value.format)}, not ${HISTORY_EXPORT_FORMAT}`;
  if (typeof value.workflowId !== 'string') return 'workflowId is missing';
  if (!Array.isArray(value.events)) return 'events is not a list';
  for (const [i, e] of value.events.entries()) {
    if (
      !isObject(e) ||
      !isCount(e.seq) ||
      typeof e.at !== 'string' ||
      typeof e.type !== 'string' ||
      !(e.actorId === null || typeof e.actorId === 'string') ||
      typeof e.prevHash !== 'string' ||
      typeof e.hash !== 'string' ||
      !('data' in e)
    )
      return `events[${i}] is not {seq, at, type, actorId, data, prevHash, hash}`;
  }
  const head = value.head;
  if (
    !isObject(head) ||
    !isCount(head.seq) ||
    typeof head.hash !== 'string' ||
    !(head.signature === null || typeof head.signature === 'string') ||
    !(head.keyId === null || typeof head.keyId === 'string')
  )
    return 'head is not {seq, hash, keyId, signature}';
  if (value.checkpoint !== null) {
    const problem = shapeOfCheckpoint(value.checkpoint);
    if (problem) return `checkpoint ${problem}`;
  }
  const inclusion = value.inclusion;
  if (
    inclusion !== null &&
    (!isObject(inclusion) ||
      !isCount(inclusion.seq) ||
      typeof inclusion.hash !== 'string' ||
      !isCount(inclusion.leafIndex) ||
      !isCount(inclusion.treeSize) ||
      !Array.isArray(inclusion.auditPath) ||
      !inclusion.auditPath.every((h) => typeof h === 'string'))
  )
    return 'inclusion is not {seq, hash, leafIndex, treeSize, auditPath}';
  return null;
}

/**
 * Checks an exported history with nothing but the service's public key (PEM): the hash chain
 * recomputes; the head's Ed25519 signature holds; the checkpoint's signature holds; the head
 * the checkpoint recorded for this workflow is an event of this chain, and its leaf's audit
 * path leads to the checkpoint's root. With `heldCheckpoint` (one the auditor received
 * separately, e.g. from the co-chairs' email), the export must be checked against exactly
 * that checkpoint. Never throws: anything wrong, malformed input included, is a failed check.
 */
export function verifyHistoryExport(
  exported: unknown,
  publicKeyPem: string,
  heldCheckpoint?: unknown,
): ExportVerdict {
  const checks: ExportCheck[] = [];
  const done = (): ExportVerdict => ({ ok: checks.every((c) => c.ok), checks });
  const record = (check: string, ok: boolean, detail: string) => {
    checks.push({ check, ok, detail });
    return ok;
  };

  let publicKey: KeyObject;
  let keyId: string;
  try {
    publicKey = ed25519PublicKey(publicKeyPem);
    keyId = keyIdOf(publicKey);
    record('public key', true, `Ed25519, keyId ${keyId}`);
  } catch (error) {
    record('public key', false, (error as Error).message);
    return done();
  }

  const shape = shapeOfExport(exported);
  if (!record('export format', shape === null, shape ?? HISTORY_EXPORT_FORMAT)) return done();
  const doc = exported as HistoryExport;

  // 1. The chain, recomputed from the events' content.
  const verifier = new HistoryVerifier();
  for (const event of doc.events) if (!verifier.add(event)) break;
  const chain = verifier.finish({ lastSeq: doc.head.seq, lastHash: doc.head.hash });
  record(
    'hash chain',
    chain.valid,
    chain.valid
      ? `${chain.checked} events recompute, head is seq ${doc.head.seq}`
      : `broken at seq ${chain.firstBrokenSeq} (${chain.checked} events read)`,
  );

  // 2. The head's signature: only the key's holder could have made it.
  const message = headMessage(doc.workflowId, doc.head.seq, doc.head.hash);
  if (doc.head.signature === null) record('head signature', false, 'the head is not signed');
  else if (doc.head.keyId !== keyId)
    record('head signature', false, `signed by key ${doc.head.keyId}, not ${keyId}`);
  else
    record(
      'head signature',
      verifySignature(message, doc.head.signature, publicKey),
      verifySignature(message, doc.head.signature, publicKey)
        ? `holds for seq ${doc.head.seq}, hash ${doc.head.hash}`
        : `does not hold for seq ${doc.head.seq}, hash ${doc.head.hash}: the history was changed after it was signed`,
    );

  // 3. The checkpoint, and (if the auditor holds one) that it is the same.
  const checkpoint = doc.checkpoint;
  if (checkpoint === null) {
    record('checkpoint', false, 'the export has no checkpoint: make one, then export again');
    return done();
  }
  if (heldCheckpoint !== undefined) {
    const problem = shapeOfCheckpoint(heldCheckpoint);
    const held = heldCheckpoint as CheckpointRecord;
    record(
      'held checkpoint',
      problem === null &&
        (['id', 'at', 'keyId', 'root', 'workflowCount', 'signature'] as const).every(
          (f) => held[f] === checkpoint[f],
        ),
      problem !== null
        ? `the checkpoint file ${problem}`
        : held.id === checkpoint.id && held.root === checkpoint.root
          ? `the export's checkpoint is ${held.id}, root ${held.root}`
          : `the export is against checkpoint ${checkpoint.id} (root ${checkpoint.root}), not ${held.id} (root ${held.root}): export with ?checkpointId=${held.id}`,
    );
  }
  const signed =
    checkpoint.keyId === keyId &&
    verifySignature(checkpointMessage(checkpoint), checkpoint.signature, publicKey);
  record(
    'checkpoint signature',
    signed,
    checkpoint.keyId !== keyId
      ? `signed by key ${checkpoint.keyId}, not ${keyId}`
      : signed
        ? `checkpoint ${checkpoint.id} of ${checkpoint.at}: root ${checkpoint.root} over ${checkpoint.workflowCount} workflows`
        : `does not hold for checkpoint ${checkpoint.id}`,
  );

  // 4. This workflow's head at the checkpoint: in this chain, and under the signed root.
  const inclusion = doc.inclusion;
  if (inclusion === null) {
    record(
      'inclusion',
      false,
      `the workflow is not in checkpoint ${checkpoint.id} (started after it): check again after the next one`,
    );
    return done();
  }
  const anchored = doc.events[inclusion.seq - 1];
  record(
    'anchored head in chain',
    anchored !== undefined && anchored.seq === inclusion.seq && anchored.hash === inclusion.hash,
    anchored?.hash === inclusion.hash
      ? `event ${inclusion.seq} has the hash the checkpoint recorded`
      : `the checkpoint recorded seq ${inclusion.seq} with hash ${inclusion.hash}; the export has ${anchored?.hash ?? 'no such event'}`,
  );
  const leaf = leafHash(headMessage(doc.workflowId, inclusion.seq, inclusion.hash));
  const included =
    inclusion.treeSize === checkpoint.workflowCount &&
    verifyInclusion(
      leaf,
      inclusion.leafIndex,
      inclusion.treeSize,
      inclusion.auditPath,
      checkpoint.root,
    );
  record(
    'inclusion proof',
    included,
    included
      ? `leaf ${inclusion.leafIndex} of ${inclusion.treeSize}, ${inclusion.auditPath.length} hashes up to the root`
      : `the audit path does not lead from leaf ${inclusion.leafIndex} to root ${checkpoint.root}`,
  );
  return done();
}
