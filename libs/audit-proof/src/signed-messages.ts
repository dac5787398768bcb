import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';

/** The algorithm of every signature Puentes makes over its history (RFC 8032, pure Ed25519). */
export const SIGNATURE_ALGORITHM = 'Ed25519';

/**
 * The text the service signs for a workflow's head — its last event's number and hash — and
 * the leaf data of that head in a checkpoint's Merkle tree. UTF-8, `\n`-separated, no
 * trailing newline; `hash` in lowercase hex.
 *
 * @example headMessage('0b7e…', 12, '9f86…') === 'puentes-head/v1\n0b7e…\n12\n9f86…'
 */
export function headMessage(workflowId: string, seq: number, hash: string): string {
  return `puentes-head/v1\n${workflowId}\n${seq}\n${hash}`;
}

/** A checkpoint as the API answers it. `at` is ISO 8601 UTC with milliseconds. */
export interface CheckpointRecord {
  id: string;
  at: string;
  keyId: string;
  /** Merkle root over every workflow's head, lowercase hex (`merkleRoot`). */
  root: string;
  workflowCount: number;
  /** Ed25519 signature of `checkpointMessage`, base64. */
  signature: string;
}

/**
 * The text the service signs for a checkpoint: its id, its instant, how many heads it covers
 * and their Merkle root. Same encoding as `headMessage`.
 *
 * @example checkpointMessage({ id: 'c1', at: '2026-12-01T06:00:00.000Z', workflowCount: 3,
 *   root: 'ab…' }) === 'puentes-checkpoint/v1\nc1\n2026-12-01T06:00:00.000Z\n3\nab…'
 */
export function checkpointMessage(
  checkpoint: Pick<CheckpointRecord, 'id' | 'at' | 'workflowCount' | 'root'>,
): string {
  return `puentes-checkpoint/v1\n${checkpoint.id}\n${checkpoint.at}\n${checkpoint.workflowCount}\n${checkpoint.root}`;
}

/**
 * A short, stable name for a public key: the first 16 hex characters of the SHA-256 of its
 * SubjectPublicKeyInfo (DER). Accepts a public or a private key (PEM or KeyObject).
 */
export function keyIdOf(key: string | KeyObject): string {
  const publicKey = typeof key !== 'string' && key.type === 'public' ? key : createPublicKey(key);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Reads a PEM public key and refuses anything but Ed25519. Throws `TypeError` otherwise. */
export function ed25519PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new TypeError('not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new TypeError(`an ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519`);
  return key;
}

/**
 * Whether `signature` (base64) is `publicKey`'s Ed25519 signature of `message` (UTF-8).
 * A malformed signature is simply not valid; this never throws for bad input.
 */
export function verifySignature(message: string, signature: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  try {
    return verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
