// Public face of @puentes/audit-proof: the rules that anchor a workflow's history outside the
// database — the hash chain, the signed head and checkpoint messages, the RFC 6962 Merkle
// tree — and the offline check of an export. Pure: no I/O, no clock, no key generation; the
// service and `npm run audit:verify` share it, so both check exactly the same thing.
export { canonicalJson } from './canonical-json';
export {
  type ChainCheck,
  eventHash,
  GENESIS_HASH,
  type HashedEventContent,
  HistoryVerifier,
  type StoredEvent,
} from './event-chain';
export { auditPath, leafHash, merkleRoot, nodeHash, verifyInclusion } from './merkle';
export {
  type CheckpointRecord,
  checkpointMessage,
  ed25519PublicKey,
  headMessage,
  keyIdOf,
  SIGNATURE_ALGORITHM,
  verifySignature,
} from './signed-messages';
export {
  type ExportCheck,
  type ExportVerdict,
  HISTORY_EXPORT_FORMAT,
  type HistoryExport,
  verifyHistoryExport,
} from './history-export';
