#!/usr/bin/env node
// `npm start`: builds when the compiled service (or the web app) is missing or older than any of
// its source files, then runs it in this process (so signals reach it directly).
// `--build-only` stops after the build.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const entry = join(root, 'dist', 'src', 'main.js');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (/\.(tsx?|json|css|html)$/.test(entry.name))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const sources = ['src', 'libs', 'migrations'].map((d) => join(root, d));
const stale =
  !existsSync(entry) || Math.max(...sources.map(newestSource)) > statSync(entry).mtimeMs;
if (stale) {
  console.log('Building Puentes…');
  execSync('npx nest build', { cwd: root, stdio: 'inherit' });
}

// The web app (web/dist), served by the service at /. Its build needs the web workspace's
// packages; a service without it still starts (and says so), so a failure here is not fatal.
const web = join(root, 'web');
const webEntry = join(web, 'dist', 'index.html');
if (existsSync(join(web, 'package.json'))) {
  const webSources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts')];
  const newestWeb = Math.max(
    ...webSources.map((p) =>
      existsSync(p) ? (statSync(p).isDirectory() ? newestSource(p) : statSync(p).mtimeMs) : 0,
    ),
  );
  if (!existsSync(webEntry) || newestWeb > statSync(webEntry).mtimeMs) {
    console.log('Building the web app…');
    try {
      execSync('npm run build -w web', { cwd: root, stdio: 'inherit' });
    } catch {
      console.error('The web app did not build: starting the API without it.');
    }
  }
}
if (!process.argv.includes('--build-only')) require(entry);
