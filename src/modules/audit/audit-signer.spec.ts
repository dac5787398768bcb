import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf } from '@puentes/audit-proof';
import type { RuntimeConfig } from '@app/config/runtime-config';
import { AuditSigner } from './audit-signer';

const pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const signerWith = (key: string) => new AuditSigner({ auditSigningKey: key } as RuntimeConfig);
const W = '0b7e4f52-3c1a-4f7e-9a0d-5e2b6c8d1f30';
const hash = (c: string) => c.repeat(64);

describe('AuditSigner', () => {
  const signer = signerWith(pem());

  it('publishes its key and signs heads that verify with it', () => {
    const published = signer.publishedKey();
    expect(published).toEqual({
      keyId: signer.keyId,
      algorithm: 'Ed25519',
      publicKey: expect.stringContaining('BEGIN PUBLIC KEY'),
    });
    expect(keyIdOf(published.publicKey)).toBe(signer.keyId);
    const head = signer.signHead(W, 3, hash('a'));
    expect(head.headKeyId).toBe(signer.keyId);
    expect(signer.checkHead(W, 3, hash('a'), head.headSignature, head.headKeyId)).toBe('valid');
    expect(signer.checkHead(W, 3, hash('b'), head.headSignature, head.headKeyId)).toBe('invalid');
    expect(signer.checkHead(W, 4, hash('a'), head.headSignature, head.headKeyId)).toBe('invalid');
    expect(signer.checkHead(W, 3, hash('a'), null, null)).toBe('missing');
    // Another key's signature is not this service's, even when it holds for that key.
    const other = signerWith(pem()).signHead(W, 3, hash('a'));
    expect(signer.checkHead(W, 3, hash('a'), other.headSignature, other.headKeyId)).toBe('invalid');
  });

  it('signs a moved head only over a head whose signature still holds', () => {
    const first = signer.signMovedHead(
      W,
      { seq: 0, hash: null, signature: null, keyId: null },
      {
        seq: 2,
        hash: hash('a'),
      },
    );
    expect(signer.checkHead(W, 2, hash('a'), first.headSignature, first.headKeyId)).toBe('valid');

    const next = signer.signMovedHead(
      W,
      { seq: 2, hash: hash('a'), signature: first.headSignature, keyId: first.headKeyId },
      { seq: 3, hash: hash('b') },
    );
    expect(signer.checkHead(W, 3, hash('b'), next.headSignature, next.headKeyId)).toBe('valid');

    // The stored head was rewritten (hash c) under the signature of hash a: not vouched for.
    const laundered = signer.signMovedHead(
      W,
      { seq: 2, hash: hash('c'), signature: first.headSignature, keyId: first.headKeyId },
      { seq: 3, hash: hash('d') },
    );
    expect(laundered).toEqual(first);
    expect(signer.checkHead(W, 3, hash('d'), laundered.headSignature, laundered.headKeyId)).toBe(
      'invalid',
    );

    // A head from before signing existed is extended and signed.
    const legacy = signer.signMovedHead(
      W,
      { seq: 5, hash: hash('e'), signature: null, keyId: null },
      { seq: 6, hash: hash('f') },
    );
    expect(signer.checkHead(W, 6, hash('f'), legacy.headSignature, legacy.headKeyId)).toBe('valid');
  });
});
