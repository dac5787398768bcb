import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('The Node.js runtime', () => {
  // The `node` package (a devDependency) puts its binary first on the PATH of every npm script,
  // so `npm test`, `npm start` and CI run on it whatever Node launched npm. This fails when
  // they run on another line: a missing `npm install`, or a script that bypasses npm.
  it('is the LTS line the project pins, for the tests and the service they start', () => {
    const pinned = pkg.devDependencies.node;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(process.versions.node.split('.')[0]).toBe(pinned.split('.')[0]);
    expect(pkg.engines.node).toContain(`<${Number(pinned.split('.')[0]) + 1}`);
  });
});
