import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The verifier runs in the service and on an auditor's machine alike: it must stay a pure
// function of its arguments. Hashing and Ed25519 verification from node:crypto are
// computations, not I/O; key generation and randomness are not used here.
const PURE_SIBLINGS = ['node:crypto'];
const sources = readdirSync(__dirname)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
  .map((file) => ({ file, text: withoutComments(readFileSync(join(__dirname, file), 'utf8')) }));

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('the audit-proof library', () => {
  it('has sources to check', () => {
    expect(sources.map(({ file }) => file)).toEqual(
      expect.arrayContaining(['index.ts', 'merkle.ts', 'event-chain.ts', 'history-export.ts']),
    );
  });

  it.each(sources)('$file imports only its own files and pure siblings', ({ text }) => {
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(
      (match) => match[1],
    );
    expect(specifiers.filter((s) => !s.startsWith('./') && !PURE_SIBLINGS.includes(s))).toEqual([]);
    expect(text).not.toMatch(/\brequire\s*\(/);
  });

  it.each(sources)('$file reads no clock, randomness or environment', ({ text }) => {
    expect(text).not.toMatch(/Date\.now\s*\(/);
    expect(text).not.toMatch(/new Date\(\s*\)/);
    expect(text).not.toMatch(/Math\.random/);
    expect(text).not.toMatch(/\bprocess\./);
    expect(text).not.toMatch(/\bconsole\./);
    expect(text).not.toMatch(/performance\.now/);
    expect(text).not.toMatch(/randomBytes|randomUUID|generateKeyPair|createPrivateKey/);
  });
});
