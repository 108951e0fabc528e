// Loopback webhook receiver for tests/bench/dispatch_bench.sh.
//
// Answers every POST with 204 (keep-alive on), and counts requests and distinct Idempotency-Keys.
// It remembers when each notification_id (from the JSON body) first arrived, and when the count
// of distinct keys first reached the expected number. Times are wall-clock milliseconds with
// sub-millisecond precision (performance.timeOrigin + performance.now()), so other processes on
// this machine can compare them with their own.
//
// Control endpoints (GET, same port):
//   /_ctl/reset?expect=N       forget everything; note the time when N distinct keys have arrived
//   /_ctl/stats                {requests, connections, distinct, bad, expect, first_at, last_at,
//                              done_at}
//   /_ctl/wait?expect=N&timeout_ms=T
//                              answers (stats) once N distinct keys have arrived, or at the timeout
//   /_ctl/first?notification=ID&timeout_ms=T
//                              {notification, at} once a request for that notification has arrived
//                              (at: null on timeout)
//
// Usage: node receiver.js [--port 0]; prints `listening PORT` on stdout once ready.
'use strict';

const http = require('node:http');
const { performance } = require('node:perf_hooks');

const now = () => performance.timeOrigin + performance.now();

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;

let state;
function reset(expect) {
  state = {
    requests: 0,
    connections: 0, // TCP connections that carried deliveries since the reset (keep-alive reuse)
    sockets: new WeakSet(),
    bad: 0,
    keys: new Set(),
    expect,
    firstAt: null,
    lastAt: null,
    doneAt: null,
    firstByNotification: new Map(),
    waiters: [], // {expect, respond}
    firstWaiters: new Map(), // notification id -> [respond]
  };
}
reset(0);

function stats() {
  return {
    requests: state.requests,
    connections: state.connections,
    distinct: state.keys.size,
    bad: state.bad,
    expect: state.expect,
    first_at: state.firstAt,
    last_at: state.lastAt,
    done_at: state.doneAt,
  };
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function checkWaiters() {
  if (state.waiters.length === 0) return;
  const left = [];
  for (const w of state.waiters) {
    if (state.keys.size >= w.expect) w.respond();
    else left.push(w);
  }
  state.waiters = left;
}

function onDelivery(req, body) {
  const at = now();
  state.requests++;
  if (!state.sockets.has(req.socket)) {
    state.sockets.add(req.socket);
    state.connections++;
  }
  if (state.firstAt === null) state.firstAt = at;
  state.lastAt = at;
  const key = req.headers['idempotency-key'];
  if (key === undefined) state.bad++;
  else {
    const before = state.keys.size;
    state.keys.add(key);
    if (state.keys.size !== before && state.keys.size === state.expect) state.doneAt = at;
  }
  let notification;
  try {
    notification = JSON.parse(body).notification_id;
  } catch {
    state.bad++;
  }
  if (notification !== undefined) {
    const id = String(notification);
    if (!state.firstByNotification.has(id)) {
      state.firstByNotification.set(id, at);
      const waiting = state.firstWaiters.get(id);
      if (waiting) {
        state.firstWaiters.delete(id);
        for (const respond of waiting) respond();
      }
    }
  }
  checkWaiters();
}

function control(req, res) {
  const url = new URL(req.url, 'http://receiver');
  const timeout = Number(url.searchParams.get('timeout_ms') || 600000);
  switch (url.pathname) {
    case '/_ctl/reset':
      reset(Number(url.searchParams.get('expect') || 0));
      return sendJson(res, 200, stats());
    case '/_ctl/stats':
      return sendJson(res, 200, stats());
    case '/_ctl/wait': {
      const expect = Number(url.searchParams.get('expect') || state.expect);
      if (state.keys.size >= expect) return sendJson(res, 200, stats());
      let timer;
      const w = { expect, respond: () => { clearTimeout(timer); sendJson(res, 200, stats()); } };
      timer = setTimeout(() => {
        state.waiters = state.waiters.filter((x) => x !== w);
        sendJson(res, 200, stats());
      }, timeout);
      state.waiters.push(w);
      return;
    }
    case '/_ctl/first': {
      const id = String(url.searchParams.get('notification'));
      const answer = () => sendJson(res, 200, { notification: id, at: state.firstByNotification.get(id) ?? null });
      if (state.firstByNotification.has(id)) return answer();
      let timer;
      const respond = () => { clearTimeout(timer); answer(); };
      timer = setTimeout(() => {
        const list = state.firstWaiters.get(id) || [];
        state.firstWaiters.set(id, list.filter((x) => x !== respond));
        answer();
      }, timeout);
      if (!state.firstWaiters.has(id)) state.firstWaiters.set(id, []);
      state.firstWaiters.get(id).push(respond);
      return;
    }
    default:
      return sendJson(res, 404, { error: 'no such control path' });
  }
}

const server = http.createServer({ keepAlive: true, keepAliveTimeout: 60000 }, (req, res) => {
  if (req.url.startsWith('/_ctl/')) return control(req, res);
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' });
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    onDelivery(req, chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString());
    res.writeHead(204);
    res.end();
  });
});
server.keepAliveTimeout = 60000;
server.headersTimeout = 65000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.listen({ host: '127.0.0.1', port, backlog: 4096 }, () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => process.exit(0));
