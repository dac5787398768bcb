import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { eventHash, GENESIS_HASH, type StoredEvent } from './event-chain';
import { type HistoryExport, verifyHistoryExport } from './history-export';
import { auditPath, leafHash, merkleRoot } from './merkle';
import {
  type CheckpointRecord,
  checkpointMessage,
  headMessage,
  keyIdOf,
  verifySignature,
} from './signed-messages';

// What the service does with its private key; the library itself only verifies.
const keys = () => generateKeyPairSync('ed25519');
const signText = (text: string, key: KeyObject) =>
  sign(null, Buffer.from(text), key).toString('base64');
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

function chain(count: number, edit?: { seq: number; data: unknown }): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const content = {
      seq,
      at: `2026-12-0${seq}T18:00:00.000Z`,
      type: 'decision_recorded',
      actorId: null,
      data: edit?.seq === seq ? edit.data : { stepKey: `s${seq}`, comment: 'ok' },
    };
    const hash = eventHash(prevHash, content);
    events.push({ ...content, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

const WORKFLOW = '22222222-2222-4222-8222-222222222222';
const OTHERS = ['11111111-1111-4111-8111-111111111111', '33333333-3333-4333-8333-333333333333'];

/** A service's view: a history of 5 events, checkpointed at event 3, with two other workflows. */
function exported(privateKey: KeyObject, publicKey: KeyObject, events = chain(5)) {
  const signedChain = chain(5);
  const keyId = keyIdOf(publicKey);
  const atCheckpoint = signedChain[2];
  const heads = [
    { id: OTHERS[0], seq: 1, hash: 'a'.repeat(64) },
    { id: WORKFLOW, seq: 3, hash: atCheckpoint.hash },
    { id: OTHERS[1], seq: 9, hash: 'b'.repeat(64) },
  ];
  const leaves = heads.map((h) => leafHash(headMessage(h.id, h.seq, h.hash)));
  const unsigned = {
    id: 'cccccccc-cccc-4ccc-8ccc-cccccccccccc',
    at: '2026-12-04T06:00:00.000Z',
    workflowCount: 3,
    root: merkleRoot(leaves),
  };
  const checkpoint: CheckpointRecord = {
    ...unsigned,
    keyId,
    signature: signText(checkpointMessage(unsigned), privateKey),
  };
  const head = signedChain[4];
  const doc: HistoryExport = {
    format: 'puentes-history-export/v1',
    workflowId: WORKFLOW,
    exportedAt: '2026-12-06T00:00:00.000Z',
    events,
    // The head as the workflow row holds it (moved to match, in a tampered export).
    head: {
      seq: events.at(-1)!.seq,
      hash: events.at(-1)!.hash,
      keyId,
      signature: signText(headMessage(WORKFLOW, head.seq, head.hash), privateKey),
    },
    checkpoint,
    inclusion: {
      seq: 3,
      hash: atCheckpoint.hash,
      leafIndex: 1,
      treeSize: 3,
      auditPath: auditPath(leaves, 1),
    },
  };
  return doc;
}

const failed = (verdict: ReturnType<typeof verifyHistoryExport>) =>
  verdict.checks.filter((c) => !c.ok).map((c) => c.check);

describe('verifyHistoryExport', () => {
  const { privateKey, publicKey } = keys();

  it('accepts an untouched export, naming every check it made', () => {
    const doc = exported(privateKey, publicKey);
    const verdict = verifyHistoryExport(
      JSON.parse(JSON.stringify(doc)),
      pem(publicKey),
      doc.checkpoint,
    );
    expect(verdict.ok).toBe(true);
    expect(verdict.checks.map((c) => c.check)).toEqual([
      'public key',
      'export format',
      'hash chain',
      'head signature',
      'held checkpoint',
      'checkpoint signature',
      'anchored head in chain',
      'inclusion proof',
    ]);
  });

  it('refuses an edited event whose later hashes were all recomputed', () => {
    // An insider rewrites event 2's comment and recomputes every hash (and the head).
    const doc = exported(
      privateKey,
      publicKey,
      chain(5, { seq: 2, data: { stepKey: 's2', comment: 'rewritten' } }),
    );
    const verdict = verifyHistoryExport(doc, pem(publicKey));
    expect(verdict.ok).toBe(false);
    expect(failed(verdict)).toEqual(['head signature', 'anchored head in chain']);
    expect(verdict.checks.find((c) => c.check === 'hash chain')?.ok).toBe(true);
  });

  it('refuses an edit after the checkpoint too (the head signature catches it)', () => {
    const doc = exported(
      privateKey,
      publicKey,
      chain(5, { seq: 5, data: { stepKey: 's5', comment: 'x' } }),
    );
    expect(failed(verifyHistoryExport(doc, pem(publicKey)))).toEqual(['head signature']);
  });

  it('refuses an edit without recomputed hashes at that event', () => {
    const doc = exported(privateKey, publicKey);
    doc.events[1] = { ...doc.events[1], data: { stepKey: 's2', comment: 'rewritten' } };
    const verdict = verifyHistoryExport(doc, pem(publicKey));
    expect(verdict.checks.find((c) => c.check === 'hash chain')).toEqual(
      expect.objectContaining({ ok: false, detail: expect.stringContaining('seq 2') }),
    );
  });

  it('refuses another key, a forged checkpoint and a checkpoint other than the one held', () => {
    const doc = exported(privateKey, publicKey);
    const stranger = keys();
    expect(failed(verifyHistoryExport(doc, pem(stranger.publicKey)))).toEqual([
      'head signature',
      'checkpoint signature',
    ]);
    const forged = { ...doc, checkpoint: { ...doc.checkpoint!, root: 'f'.repeat(64) } };
    expect(failed(verifyHistoryExport(forged, pem(publicKey)))).toEqual([
      'checkpoint signature',
      'inclusion proof',
    ]);
    const held = { ...doc.checkpoint!, id: 'dddddddd-dddd-4ddd-8ddd-dddddddddddd' };
    expect(failed(verifyHistoryExport(doc, pem(publicKey), held))).toEqual(['held checkpoint']);
  });

  it('refuses an export with no checkpoint or no proof, and says why', () => {
    const doc = exported(privateKey, publicKey);
    const bare = verifyHistoryExport({ ...doc, checkpoint: null, inclusion: null }, pem(publicKey));
    expect(failed(bare)).toEqual(['checkpoint']);
    const young = verifyHistoryExport({ ...doc, inclusion: null }, pem(publicKey));
    expect(failed(young)).toEqual(['inclusion']);
  });

  it('never throws on malformed input', () => {
    const doc = exported(privateKey, publicKey);
    for (const bad of [
      null,
      42,
      [],
      {},
      { ...doc, events: 'x' },
      { ...doc, head: null },
      { ...doc, events: [{ seq: 1 }] },
      { ...doc, inclusion: { seq: 1 } },
      { ...doc, checkpoint: { id: 1 } },
    ]) {
      const verdict = verifyHistoryExport(bad, pem(publicKey));
      expect(verdict.ok).toBe(false);
      expect(failed(verdict)).toEqual(['export format']);
    }
    expect(failed(verifyHistoryExport(doc, 'not a key'))).toEqual(['public key']);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey;
    expect(verifyHistoryExport(doc, pem(rsa)).checks[0]).toEqual(
      expect.objectContaining({ ok: false, detail: expect.stringContaining('not Ed25519') }),
    );
  });
});

describe('signed messages', () => {
  it('are the documented texts', () => {
    expect(headMessage('w', 12, 'ab')).toBe('puentes-head/v1\nw\n12\nab');
    expect(
      checkpointMessage({ id: 'c', at: '2026-12-01T06:00:00.000Z', workflowCount: 3, root: 'ab' }),
    ).toBe('puentes-checkpoint/v1\nc\n2026-12-01T06:00:00.000Z\n3\nab');
  });

  it('name a key by 16 hex of the SHA-256 of its SPKI, from the private or the public half', () => {
    const { privateKey, publicKey } = keys();
    expect(keyIdOf(privateKey)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyIdOf(privateKey)).toBe(keyIdOf(pem(publicKey)));
    expect(keyIdOf(keys().publicKey)).not.toBe(keyIdOf(publicKey));
  });

  it('verify only the signer’s signature of the exact message', () => {
    const { privateKey, publicKey } = keys();
    const signature = signText('puentes-head/v1\nw\n1\nab', privateKey);
    expect(verifySignature('puentes-head/v1\nw\n1\nab', signature, publicKey)).toBe(true);
    expect(verifySignature('puentes-head/v1\nw\n1\nac', signature, publicKey)).toBe(false);
    expect(verifySignature('puentes-head/v1\nw\n1\nab', signature, keys().publicKey)).toBe(false);
    expect(verifySignature('x', 'not base64!', publicKey)).toBe(false);
  });
});
