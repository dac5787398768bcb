import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { auditPath, leafHash, merkleRoot, nodeHash, verifyInclusion } from './merkle';

const sha256 = (...parts: Buffer[]) =>
  createHash('sha256').update(Buffer.concat(parts)).digest('hex');
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(`leaf ${i}`));

describe('RFC 6962 Merkle tree', () => {
  it('hashes leaves and nodes with their one-byte prefixes', () => {
    expect(leafHash('abc')).toBe(sha256(Buffer.from([0]), Buffer.from('abc')));
    const [a, b] = leaves(2);
    expect(nodeHash(a, b)).toBe(
      sha256(Buffer.from([1]), Buffer.from(a, 'hex'), Buffer.from(b, 'hex')),
    );
  });

  it('gives the RFC 6962 root of the empty, one-leaf and unbalanced trees', () => {
    expect(merkleRoot([])).toBe(sha256());
    const l = leaves(7);
    expect(merkleRoot([l[0]])).toBe(l[0]);
    // Seven leaves split 4 + 3, and the 3 split 2 + 1 (no leaf is duplicated).
    const left = nodeHash(nodeHash(l[0], l[1]), nodeHash(l[2], l[3]));
    const right = nodeHash(nodeHash(l[4], l[5]), l[6]);
    expect(merkleRoot(l)).toBe(nodeHash(left, right));
  });

  it('matches the RFC 6962 reference tree of the Certificate Transparency test vectors', () => {
    // The eight inputs of certificate-transparency-go's merkle tests (RFC 6962 §2.1 hashing).
    const inputs = [
      '',
      '00',
      '10',
      '2021',
      '3031',
      '40414243',
      '5051525354555657',
      '606162636465666768696a6b6c6d6e6f',
    ].map((h) => Buffer.from(h, 'hex'));
    const hashed = inputs.map((d) => sha256(Buffer.from([0]), d));
    expect(merkleRoot(hashed)).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
    expect(merkleRoot(hashed.slice(0, 3))).toBe(
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    );
  });

  it('gives an audit path for every leaf of every size up to 33 that leads to the root', () => {
    for (let n = 1; n <= 33; n++) {
      const l = leaves(n);
      const root = merkleRoot(l);
      for (let i = 0; i < n; i++) {
        const path = auditPath(l, i);
        expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(verifyInclusion(l[i], i, n, path, root)).toBe(true);
      }
    }
  });

  it('refuses a proof for another leaf, index, size or root, and a shortened or padded path', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.nat(), (n, seed) => {
        const l = leaves(n);
        const i = seed % n;
        const root = merkleRoot(l);
        const path = auditPath(l, i);
        const other = (i + 1) % n;
        expect(verifyInclusion(l[other], i, n, path, root)).toBe(false);
        expect(verifyInclusion(l[i], other, n, path, root)).toBe(false);
        expect(verifyInclusion(l[i], i, n, path, merkleRoot(l.slice(0, n - 1)))).toBe(false);
        expect(verifyInclusion(l[i], i, n, path.slice(1), root)).toBe(false);
        expect(verifyInclusion(l[i], i, n, [...path, l[0]], root)).toBe(false);
        expect(verifyInclusion(l[i], n, n, path, root)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an index outside the tree and malformed hashes without throwing', () => {
    const l = leaves(4);
    expect(() => auditPath(l, 4)).toThrow(RangeError);
    expect(verifyInclusion('zz', 0, 4, auditPath(l, 0), merkleRoot(l))).toBe(false);
    expect(verifyInclusion(l[0], -1, 4, [], merkleRoot(l))).toBe(false);
  });
});
