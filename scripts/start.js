#!/usr/bin/env node
// `npm start`: builds when the compiled service is missing or older than any source file, then
// runs it in this process (so signals reach it directly). `--build-only` stops after the build.
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
    else if (/\.(ts|json)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
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
if (!process.argv.includes('--build-only')) require(entry);
