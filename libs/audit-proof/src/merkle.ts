import { createHash } from 'node:crypto';

// A Merkle tree hash as RFC 6962 §2.1 (and RFC 9162 §2.1) defines it: leaves and nodes are
// hashed with different one-byte prefixes, so a leaf can never pass for a node, and an
// unbalanced tree splits at the largest power of two below its size (no duplicated leaves).

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

/**
 * `SHA-256(0x00 ‖ leafData)`, lowercase hex. `leafData` is taken as UTF-8 text.
 *
 * @example leafHash('puentes-head/v1\n…') // → 64 hex characters
 */
export function leafHash(leafData: string): string {
  return sha256(LEAF, Buffer.from(leafData, 'utf8')).toString('hex');
}

/** `SHA-256(0x01 ‖ left ‖ right)` of two hex hashes, lowercase hex. */
export function nodeHash(left: string, right: string): string {
  return sha256(NODE, Buffer.from(left, 'hex'), Buffer.from(right, 'hex')).toString('hex');
}

/** The largest power of two smaller than `n` (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function subtreeRoot(leaves: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leaves[from];
  const k = split(n);
  return sha256(NODE, subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/**
 * The Merkle tree hash of leaf hashes (hex, already `leafHash`ed) in their given order; the
 * empty tree's root is `SHA-256()` of nothing.
 *
 * @example merkleRoot([leafHash('a')]) === leafHash('a')
 */
export function merkleRoot(leafHashes: readonly string[]): string {
  if (leafHashes.length === 0) return sha256().toString('hex');
  const leaves = leafHashes.map((h) => Buffer.from(h, 'hex'));
  return subtreeRoot(leaves, 0, leaves.length).toString('hex');
}

/**
 * The audit path of leaf `index` (RFC 6962 §2.1.1): the sibling hashes from the leaf up to
 * the root, hex, bottom first. Throws `RangeError` for an index outside the tree.
 */
export function auditPath(leafHashes: readonly string[], index: number): string[] {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length)
    throw new RangeError(`leaf ${index} is not in a tree of ${leafHashes.length}`);
  const leaves = leafHashes.map((h) => Buffer.from(h, 'hex'));
  const path: Buffer[] = [];
  let from = 0;
  let to = leaves.length;
  let m = index;
  // Top-down, so the siblings come out root first; reversed at the end.
  while (to - from > 1) {
    const k = split(to - from);
    if (m < k) {
      path.push(subtreeRoot(leaves, from + k, to));
      to = from + k;
    } else {
      path.push(subtreeRoot(leaves, from, from + k));
      from += k;
      m -= k;
    }
  }
  return path.reverse().map((h) => h.toString('hex'));
}

/**
 * Whether `path` proves that the leaf hash `leaf` sits at `index` in a tree of `treeSize`
 * leaves whose root is `root` (the algorithm of RFC 9162 §2.1.3.2). Never throws.
 */
export function verifyInclusion(
  leaf: string,
  index: number,
  treeSize: number,
  path: readonly string[],
  root: string,
): boolean {
  const hex = /^[0-9a-f]{64}$/;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize)) return false;
  if (index < 0 || index >= treeSize) return false;
  if (![leaf, root, ...path].every((h) => typeof h === 'string' && hex.test(h))) return false;
  let fn = index;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r === root;
}
