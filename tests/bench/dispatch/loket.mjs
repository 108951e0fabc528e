// loket side of tests/bench/dispatch_bench.sh, against a running `loket serve` and the receiver.
//
//   node loket.mjs --loket-port P --receiver-port R --token T [--contacts 100000]
//                  [--latency-runs 200] [--timeout-s 600] [--cpu-groups JSON]
//
// 1. Imports N webhook contacts (topic afval, each its own URL /hook/<i> on the receiver) with one
//    POST /admin/v1/contacts:import, timed on its own.
// 2. Throughput: the clock starts just before POST /admin/v1/notifications (topic afval) and stops
//    when the receiver has seen N distinct Idempotency-Keys; the fan-out is inside this time. Then
//    waits until loket reports every delivery as sent.
// 3. Latency: one more contact, on topic werkzaamheden; then, one at a time on the otherwise idle
//    server, a notification to that topic: POST start -> arrival of its request at the receiver.
//    After each, waits until loket has recorded it as sent, then pauses 20 ms.
// With --contacts 0, only step 3 runs (latency with nothing else in the database).
// Prints one JSON line on stdout; progress on stderr.
import http from 'node:http';
import { startCpuWatch } from './cpu_watch_client.mjs';
import { performance } from 'node:perf_hooks';

const now = () => performance.timeOrigin + performance.now();
const log = (msg) => process.stderr.write(`loket: ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const opts = { 'loket-port': null, 'receiver-port': null, token: null, contacts: 100000, 'latency-runs': 200, 'timeout-s': 600, 'cpu-groups': '' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
  opts[key] = typeof opts[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
}
for (const k of ['loket-port', 'receiver-port', 'token'])
  if (!opts[k]) throw new Error(`--${k} is required`);
const N = opts.contacts;
const loketPort = Number(opts['loket-port']);
const receiverPort = Number(opts['receiver-port']);

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
function request(port, method, path, { body, type, headers = {}, keepAlive = true } = {}) {
  return new Promise((resolve, reject) => {
    const h = { ...headers };
    if (body !== undefined) {
      h['Content-Type'] = type || 'application/json';
      h['Content-Length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: h, agent: keepAlive ? agent : false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        resolve({ status: res.statusCode, text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
const auth = { Authorization: `Bearer ${opts.token}` };
async function admin(method, path, body, type) {
  const r = await request(loketPort, method, `/admin/v1/${path}`, { body, type, headers: auth });
  return r;
}
async function control(path) {
  // Its own connection: a long poll must not hold a socket the admin calls need.
  const r = await request(receiverPort, 'GET', path, { keepAlive: false });
  if (r.status !== 200) throw new Error(`receiver ${path}: ${r.status} ${r.text}`);
  return r.json;
}
function expectStatus(r, status, what) {
  if (r.status !== status) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 500)}`);
  return r.json;
}
async function waitSent(id, expected, timeoutMs) {
  const end = now() + timeoutMs;
  for (;;) {
    const s = expectStatus(await admin('GET', `notifications/${id}`), 200, 'notification status');
    if (s.counts.sent >= expected) return s;
    if (now() > end) return s;
    await sleep(expected > 1 ? 100 : 2);
  }
}

let importSeconds = null, created = { id: null, recipients: 0 }, postSeconds = null, stats = { distinct: 0, requests: 0 };
let complete = true, totalSeconds = null, firstArrival = null, recordedSeconds = null, sentStatus = { counts: null }, cpu = null;
if (N > 0) {
  // 1. Import.
  const lines = [];
  for (let i = 0; i < N; i++)
    lines.push(JSON.stringify({ channel: 'webhook', address: `http://127.0.0.1:${receiverPort}/hook/${i}`, lang: 'nl', topics: ['afval'] }));
  const ndjson = lines.join('\n') + '\n';
  let t = now();
  const imported = expectStatus(await admin('POST', 'contacts:import', ndjson, 'application/x-ndjson'), 200, 'contacts:import');
  importSeconds = (now() - t) / 1000;
  log(`imported ${imported.imported} contacts in ${importSeconds.toFixed(2)} s (${(ndjson.length / 1e6).toFixed(1)} MB)`);
  if (imported.imported !== N) throw new Error(`imported ${imported.imported}, expected ${N}`);

  // 2. Throughput.
  await control(`/_ctl/reset?expect=${N}`);
  const text = 'Morgen wordt het gft-afval opgehaald.';
  const watch = startCpuWatch(opts['cpu-groups']);
  await sleep(300); // its first sample
  const t0 = now();
  created = expectStatus(
    await admin('POST', 'notifications', JSON.stringify({ topic: 'afval', text: { nl: text } })),
    202,
    'create notification',
  );
  postSeconds = (now() - t0) / 1000;
  log(`notification ${created.id}: ${created.recipients} recipients; POST answered after ${postSeconds.toFixed(2)} s`);
  let lastLog = now();
  let lastDistinct = -1;
  let stalledSince = now();
  const deadline = t0 + opts['timeout-s'] * 1000;
  for (;;) {
    stats = await control(`/_ctl/wait?expect=${N}&timeout_ms=1000`);
    if (stats.distinct >= N) break;
    if (stats.distinct !== lastDistinct) {
      lastDistinct = stats.distinct;
      stalledSince = now();
    }
    if (now() - lastLog > 5000) {
      log(`${stats.distinct}/${N} received after ${((now() - t0) / 1000).toFixed(1)} s`);
      lastLog = now();
    }
    if (now() > deadline || now() - stalledSince > 60000) {
      log(`giving up: ${stats.distinct}/${N} received, none new for ${((now() - stalledSince) / 1000).toFixed(0)} s`);
      break;
    }
  }
  cpu = await watch.stop();
  complete = stats.distinct >= N;
  totalSeconds = ((stats.done_at ?? stats.last_at ?? now()) - t0) / 1000;
  firstArrival = stats.first_at ? (stats.first_at - t0) / 1000 : null;
  sentStatus = await waitSent(created.id, N, 60000);
  recordedSeconds = (now() - t0) / 1000;
  log(`received ${stats.distinct} distinct (${stats.requests} requests) in ${totalSeconds.toFixed(2)} s; status ${JSON.stringify(sentStatus.counts)}`);
}

// 3. Latency on an idle server. (Notification ids start at 1 again in each database.)
await control('/_ctl/reset?expect=0');
expectStatus(
  await admin('POST', 'contacts', JSON.stringify({ channel: 'webhook', address: `http://127.0.0.1:${receiverPort}/latency`, lang: 'nl', topics: ['werkzaamheden'] })),
  201,
  'latency contact',
);
await sleep(1000);
const latencies = [];
const posts = [];
let misses = 0;
for (let i = 0; i < opts['latency-runs']; i++) {
  const start = now();
  const r = expectStatus(
    await admin('POST', 'notifications', JSON.stringify({ topic: 'werkzaamheden', text: { nl: `Afsluiting ${i}` } })),
    202,
    'latency notification',
  );
  posts.push(now() - start);
  const first = await control(`/_ctl/first?notification=${r.id}&timeout_ms=10000`);
  if (first.at === null) {
    misses++;
    log(`latency run ${i}: notification ${r.id} did not arrive within 10 s`);
    continue;
  }
  latencies.push(first.at - start);
  await waitSent(r.id, 1, 10000);
  await sleep(20);
}
const sorted = (a) => [...a].sort((x, y) => x - y);
const pct = (a, p) => (a.length ? a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)] : null);
const lat = sorted(latencies);
const postsSorted = sorted(posts);
agent.destroy();

const result = {
  system: 'loket',
  contacts: N,
  import_s: importSeconds,
  notification_id: created.id,
  recipients: created.recipients,
  post_s: postSeconds,
  first_arrival_s: firstArrival,
  received_distinct: stats.distinct,
  requests: stats.requests,
  connections: stats.connections,
  total_s: totalSeconds,
  per_s: N > 0 && complete ? N / totalSeconds : null,
  all_recorded_sent_s: recordedSeconds,
  status_counts: sentStatus.counts,
  cpu,
  latency: {
    runs: latencies.length,
    misses,
    p50_ms: pct(lat, 50),
    p90_ms: pct(lat, 90),
    p99_ms: pct(lat, 99),
    min_ms: lat[0] ?? null,
    max_ms: lat[lat.length - 1] ?? null,
    post_p50_ms: pct(postsSorted, 50),
    post_p99_ms: pct(postsSorted, 99),
  },
};
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(complete && misses === 0 ? 0 : 1);
