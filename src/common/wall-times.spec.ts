import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(name) && !/\.(spec|test)\.tsx?$/.test(name)) yield path;
  }
}

/**
 * luxon's `DateTime.fromISO(text, { zone })` and `fromObject(parts, { zone })` resolve a wall
 * time in the hour repeated when clocks go back from today's offset: the same request gives
 * another instant in summer than in winter. Every wall time goes through `resolveWallTime`
 * (@puentes/business-calendar) instead; this holds it for code written later.
 */
describe('wall-clock times', () => {
  it('are turned into instants only by resolveWallTime', () => {
    const allowed = new Set(['libs/business-calendar/src/due-at.ts']); // its fallback for a skipped 18:00
    const offenders: string[] = [];
    for (const dir of ['src', 'libs', 'web/src']) {
      for (const file of sources(join(root, dir))) {
        const name = relative(root, file);
        if (allowed.has(name)) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, index) => {
            if (/DateTime\.(fromISO|fromObject|fromFormat|fromSQL)\(/.test(line))
              offenders.push(`${name}:${index + 1}`);
          });
      }
    }
    expect(offenders).toEqual([]);
  });
});
