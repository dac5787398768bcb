import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const web = join(root, 'web');
/** What `vite build` writes last-ish and the service serves for every page. */
export const WEB_INDEX = join(web, 'dist', 'index.html');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/**
 * Builds the web app (`web/dist`) when it is missing or older than any of its sources, so the
 * e2e tests (the browser tests above all) run against the app as the sources say it is. A
 * fresh clone in CI has no build; a developer who edited a page gets a new one. A failing
 * build throws: the browser tests cannot mean anything without it.
 */
export function ensureWebBuild(): void {
  if (!existsSync(join(web, 'package.json'))) return;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json'].map((p) =>
    join(web, p),
  );
  const built = existsSync(WEB_INDEX) ? statSync(WEB_INDEX).mtimeMs : 0;
  if (built > 0 && Math.max(...sources.map(newest)) <= built) return;
  process.stdout.write(`\n${built ? 'Rebuilding the stale' : 'Building the'} web app…\n`);
  execSync('npm run build -w web', { cwd: root, stdio: 'inherit' });
}
