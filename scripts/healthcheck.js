#!/usr/bin/env node
/* global fetch, AbortSignal */
// The container health check of every role (Dockerfile HEALTHCHECK, docker-compose.yml):
// GET /health of this process — on PORT for `api` and `all`, on METRICS_PORT for a `worker`
// (which serves no API). Exit 0 when it answers 200 within 3 s, else 1 with the reason.
// Plain Node, no dependency: it runs in the runtime image as it is.
const env = process.env;
const role = env.APP_ROLE || 'all';
const port = role === 'worker' ? env.METRICS_PORT : env.PORT || '3000';
if (!port) {
  console.error('APP_ROLE=worker serves /health only on METRICS_PORT, which is not set');
  process.exit(1);
}
const host = !env.HOST || env.HOST === '0.0.0.0' || env.HOST === '::' ? '127.0.0.1' : env.HOST;
const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/health`;
fetch(url, { signal: AbortSignal.timeout(3000) }).then(
  async (response) => {
    if (response.ok) process.exit(0);
    console.error(`${url}: ${response.status} ${await response.text()}`);
    process.exit(1);
  },
  (error) => {
    console.error(`${url}: ${error.message}`);
    process.exit(1);
  },
);
