import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * One writer per record that must not be written twice over: a workflow's history and head
 * are written only by the workflow store (so every change goes through the engine and its
 * hash chain), and `deadline_timers` only by the deadlines module (so every subject's timers
 * are scheduled, cancelled and settled one way). This reads the application's sources.
 */
const ROOT = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'libs'))].map((path) => ({
  path: relative(ROOT, path),
  text: readFileSync(path, 'utf8'),
}));

const RULES: { what: string; pattern: RegExp; allowed: (path: string) => boolean }[] = [
  {
    what: 'writes to workflow_events',
    pattern: /\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+workflow_events\b/i,
    allowed: (path) => path === 'src/modules/approvals/workflow-store.ts',
  },
  {
    what: 'writes workflow events through TypeORM',
    pattern: /\.(insert|save|update|delete|upsert)\(\s*WorkflowEventRecord\b/,
    allowed: () => false,
  },
  {
    what: "moves a workflow's head",
    pattern: /\b(last_seq|last_hash)\s*=\s*(?!=)/,
    allowed: (path) => path === 'src/modules/approvals/workflow-store.ts',
  },
  {
    what: 'touches deadline_timers',
    pattern: /\b(FROM|JOIN|INTO|UPDATE|TABLE)\s+deadline_timers\b/i,
    allowed: (path) => path.startsWith('src/modules/deadlines/'),
  },
  {
    what: 'touches deadline timers through TypeORM',
    pattern:
      /\b(getRepository|insert|save|update|delete|upsert|find\w*|count\w*|exists\w*|createQueryBuilder)\(\s*DeadlineTimer\b/,
    allowed: (path) => path.startsWith('src/modules/deadlines/'),
  },
];

describe('one writer', () => {
  it('finds the sources it reads', () => {
    expect(files.some((f) => f.path === 'src/modules/approvals/workflow-store.ts')).toBe(true);
    expect(files.length).toBeGreaterThan(100);
  });

  it.each(RULES.map((rule) => [rule.what, rule] as const))(
    'no code outside its owner %s',
    (_, rule) => {
      const offenders = files
        .filter((file) => rule.pattern.test(file.text) && !rule.allowed(file.path))
        .map((file) => file.path);
      expect(offenders).toEqual([]);
    },
  );

  it('knows the writers it allows', () => {
    const store = files.find((f) => f.path === 'src/modules/approvals/workflow-store.ts')!;
    expect(RULES[0].pattern.test(store.text)).toBe(true);
    const deadlines = files.filter((f) => f.path.startsWith('src/modules/deadlines/'));
    expect(deadlines.some((f) => RULES[3].pattern.test(f.text))).toBe(true);
  });
});
