import { execSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, type TestApp } from './support/test-app';

// The service serves the web app (web/dist) at /, and every path outside the API and the
// operations routes falls back to its index.html so that links from emails open their page.
// This file needs a web build: it makes one when there is none (a fresh clone in CI).
const root = join(__dirname, '..');
const webIndex = join(root, 'web', 'dist', 'index.html');

describe('the web app, served by the service', () => {
  let app: TestApp;
  let indexHtml: string;

  beforeAll(async () => {
    if (!existsSync(webIndex)) execSync('npm run build -w web', { cwd: root, stdio: 'inherit' });
    indexHtml = readFileSync(webIndex, 'utf8');
    app = await createTestApp();
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it.each(['/', '/tasks', '/workflows/x', '/technical-groups/SON-AZ/meetings/abc', '/profile'])(
    '%s answers the app, revalidated on every load',
    async (path) => {
      const response = await app.http().get(path);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toBe(indexHtml);
      expect(response.headers['cache-control']).toBe('no-cache');
    },
  );

  it('serves the hashed assets for a year, and a missing one is a 404, not the app', async () => {
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(indexHtml)?.[1];
    expect(script).toBeDefined();
    const asset = await app.http().get(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    const missing = await app.http().get('/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.text).not.toBe(indexHtml);
  });

  it('keeps the API, the docs and /health to themselves', async () => {
    const api = await app.http().get('/api/v1/nope');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(api.body).toMatchObject({ status: 404 });

    const health = await app.http().get('/health');
    expect(health.headers['content-type']).toMatch(/json/);
    const docs = await app.http().get('/docs-json');
    expect(docs.headers['content-type']).toMatch(/json/);
  });

  it('lets the page load its own scripts and styles only (CSP)', async () => {
    const csp = (await app.http().get('/tasks')).headers['content-security-policy'] as string;
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/default-src 'self'/);
    // Served over plain http on an internal host, the page must not ask for https.
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    expect(indexHtml).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  });

  it('serves the OpenAPI document the web client was generated from (web/openapi.json)', async () => {
    // When this fails, the API changed: run `npm run api:generate` and commit both files.
    const served = (await app.http().get('/docs-json')).body as unknown;
    const snapshot = JSON.parse(readFileSync(join(root, 'web', 'openapi.json'), 'utf8')) as unknown;
    expect(served).toEqual(snapshot);
  });
});
