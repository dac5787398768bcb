import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The pure libraries run inside the API's transactions, in workers and (the audit proof) on an
 * auditor's machine alike: each must stay a function of its arguments, importing nothing but its
 * own files and the pure siblings named here, and reading no clock, randomness or environment.
 */
const LIBRARIES = [
  {
    name: 'workflow-engine',
    // The business calendar validates the engine's durations; TypeBox declares the chain's
    // schema (plain data and types: no I/O, no clock).
    siblings: ['@puentes/business-calendar', '@sinclair/typebox'],
    expected: ['index.ts', 'commands.ts', 'apply-event.ts', 'validate-chain.ts'],
    forbidden: [] as RegExp[],
  },
  {
    name: 'audit-proof',
    // Hashing and Ed25519 verification are computations, not I/O.
    siblings: ['node:crypto'],
    expected: ['index.ts', 'merkle.ts', 'event-chain.ts', 'history-export.ts'],
    // No key generation or randomness: the verifier only checks.
    forbidden: [/randomBytes|randomUUID|generateKeyPair|createPrivateKey/],
  },
];

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe.each(LIBRARIES)('the $name library', ({ name, siblings, expected, forbidden }) => {
  const dir = join(__dirname, name, 'src');
  const sources = readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => ({ file, text: withoutComments(readFileSync(join(dir, file), 'utf8')) }));

  it('has sources to check', () => {
    expect(sources.map(({ file }) => file)).toEqual(expect.arrayContaining(expected));
  });

  it.each(sources)('$file imports only its own files and pure siblings', ({ text }) => {
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map(
      (match) => match[1],
    );
    expect(specifiers.filter((s) => !s.startsWith('./') && !siblings.includes(s))).toEqual([]);
    expect(text).not.toMatch(/\brequire\s*\(/);
  });

  it.each(sources)('$file reads no clock, randomness or environment', ({ text }) => {
    expect(text).not.toMatch(/Date\.now\s*\(/);
    expect(text).not.toMatch(/new Date\(\s*\)/);
    expect(text).not.toMatch(/Math\.random/);
    expect(text).not.toMatch(/\bprocess\./);
    expect(text).not.toMatch(/\bconsole\./);
    expect(text).not.toMatch(/performance\.now/);
    for (const pattern of forbidden) expect(text).not.toMatch(pattern);
  });
});
