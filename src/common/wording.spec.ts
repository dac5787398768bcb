import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else if (/\.(ts|tsx|json|md)$/.test(name)) yield path;
  }
}

/**
 * One English spelling of the words people read, in the API (statuses, problems), emails,
 * calendar files and the web app alike: "cancelled", as the contract's statuses spell it.
 */
describe('wording', () => {
  it('spells cancelled, cancelling and cancellation one way everywhere', () => {
    const offenders: string[] = [];
    for (const dir of ['src', 'libs', 'web/src', 'docs']) {
      for (const file of files(join(root, dir))) {
        if (file === __filename) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, index) => {
            if (/\bcancel(ed|ing|er)\b/i.test(line))
              offenders.push(`${relative(root, file)}:${index + 1}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});
