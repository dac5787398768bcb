import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The engine runs inside the API's transactions and in workers alike: it must stay a pure
// function of its arguments, with nothing but its own files and the other pure library (the
// business calendar, whose duration parser it validates with) behind it.
const PURE_SIBLINGS = ['@puentes/business-calendar'];
const sources = readdirSync(__dirname)
  .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
  .map((file) => ({ file, text: withoutComments(readFileSync(join(__dirname, file), 'utf8')) }));

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

describe('the workflow-engine library', () => {
  it('has sources to check', () => {
    expect(sources.map(({ file }) => file)).toEqual(
      expect.arrayContaining(['index.ts', 'commands.ts', 'apply-event.ts', 'validate-chain.ts']),
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
  });
});
