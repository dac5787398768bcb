// A preload for the service under a benchmark: counts the statements it sends to PostgreSQL
// (by their first 90 characters) and the HTTP requests it answers (by method and path, ids
// blanked), and appends the cumulative counts and the process's CPU time to QCOUNT_OUT
// (default /tmp/qcount.jsonl) every 3 s. Counting, not timing: the figures hold on a busy
// machine. Usage (see docs/benchmarks.md):
//   BENCH_NODE_ARGS="--require ./scripts/bench/count-queries.js" npm run bench:decisions
const fs = require('fs');
const Module = require('module');
const out = process.env.QCOUNT_OUT || '/tmp/qcount.jsonl';
const counts = new Map();
const reqs = new Map();
let patched = false;
const origLoad = Module._load;
Module._load = function (request, _parent, _isMain) {
  const m = origLoad.apply(this, arguments);
  if (!patched && request === 'pg' && m && m.Client) {
    patched = true;
    const q = m.Client.prototype.query;
    m.Client.prototype.query = function (config) {
      const text = typeof config === 'string' ? config : config && config.text;
      const key = String(text || '?')
        .replace(/\s+/g, ' ')
        .slice(0, 90);
      counts.set(key, (counts.get(key) || 0) + 1);
      return q.apply(this, arguments);
    };
  }
  return m;
};
const http = require('http');
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (ev, req) {
  if (ev === 'request') {
    const k = req.method + ' ' + req.url.replace(/[0-9a-f-]{36}/g, ':id').split('?')[0];
    reqs.set(k, (reqs.get(k) || 0) + 1);
  }
  return emit.apply(this, arguments);
};
setInterval(() => {
  fs.appendFileSync(
    out,
    JSON.stringify({
      t: Date.now(),
      cpu: process.cpuUsage(),
      reqs: Object.fromEntries(reqs),
      q: Object.fromEntries(counts),
    }) + '\n',
  );
}, 3000).unref();
