// graphile-worker side of tests/bench/dispatch_bench.sh: N jobs, each POSTing the same JSON as a
// loket webhook delivery to its own URL on the loopback receiver.
//
//   node bench.mjs --database-url URL --receiver-port PORT [--jobs 100000] [--concurrency 32]
//                  [--max-pool-size 33] [--local-queue 500] [--complete-batch-delay 0]
//                  [--fail-batch-delay 0] [--add-batch 10000] [--timeout-s 600] [--cpu-groups JSON]
//
// Jobs are added in bulk with WorkerUtils.addJobs (batches of --add-batch) before the worker
// starts; then the clock starts, run() starts the worker, and the clock stops when the receiver
// has seen every job's Idempotency-Key once. Prints one JSON line on stdout; progress on stderr.
import http from 'node:http';
import { startCpuWatch } from '../cpu_watch_client.mjs';
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { Logger, makeWorkerUtils, run, runMigrations } from 'graphile-worker';

const now = () => performance.timeOrigin + performance.now();
const log = (msg) => process.stderr.write(`graphile: ${msg}\n`);

const opts = {
  'database-url': null,
  'receiver-port': null,
  jobs: 100000,
  concurrency: 32,
  'max-pool-size': 0, // 0: concurrency + 1
  'local-queue': 500,
  'complete-batch-delay': 0,
  'fail-batch-delay': 0,
  'add-batch': 10000,
  'timeout-s': 600,
  'cpu-groups': '',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const key = argv[i].replace(/^--/, '');
  if (!(key in opts) || argv[i + 1] === undefined) throw new Error(`unknown or incomplete option ${argv[i]}`);
  opts[key] = typeof opts[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
}
if (!opts['database-url'] || !opts['receiver-port']) throw new Error('--database-url and --receiver-port are required');
const N = opts.jobs;
const receiverPort = Number(opts['receiver-port']);
const maxPoolSize = opts['max-pool-size'] || opts.concurrency + 1;

// Read from the installed package ('graphile-worker/package.json' is not in its exports).
const version = JSON.parse(
  readFileSync(new URL('./node_modules/graphile-worker/package.json', import.meta.url), 'utf8'),
).version;

// The receiver's control endpoints, on their own short-lived connections.
function control(path) {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port: receiverPort, path, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(body)) : reject(new Error(`${path}: ${res.statusCode} ${body}`))));
    }).on('error', reject);
  });
}

// The task: the same POST loket's webhook connector makes, over keep-alive connections.
const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency * 2 });
function post(path, body, key) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: receiverPort,
        path,
        method: 'POST',
        agent,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': 'graphile-bench',
          'Idempotency-Key': key,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode >= 200 && res.statusCode < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
const taskList = {
  deliver: async (payload, helpers) => {
    const body = JSON.stringify({
      delivery_id: Number(helpers.job.id),
      notification_id: payload.notification_id,
      topic: payload.topic,
      lang: payload.lang,
      text: payload.text,
    });
    await post(payload.path, body, String(helpers.job.id));
  },
};

const connectionString = opts['database-url'];
// Warnings and errors only: graphile-worker's info lines per job would cost throughput.
const logger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') log(`${level}: ${message}`);
});

await runMigrations({ connectionString, logger });
const utils = await makeWorkerUtils({ connectionString, logger });

// Enqueue: bulk addJobs, timed on its own.
const addStart = now();
for (let from = 0; from < N; from += opts['add-batch']) {
  const specs = [];
  for (let i = from; i < Math.min(N, from + opts['add-batch']); i++)
    specs.push({
      identifier: 'deliver',
      payload: { path: `/hook/${i}`, notification_id: 1, topic: 'afval', lang: 'nl', text: 'Morgen wordt het gft-afval opgehaald.' },
      maxAttempts: 8,
    });
  await utils.addJobs(specs);
}
const addSeconds = (now() - addStart) / 1000;
const [{ count: queued }] = (await utils.withPgClient((c) => c.query('select count(*)::int as count from graphile_worker.jobs'))).rows;
log(`added ${queued} jobs in ${addSeconds.toFixed(2)} s`);
if (queued !== N) throw new Error(`expected ${N} queued jobs, found ${queued}`);

await control(`/_ctl/reset?expect=${N}`);
const preset = {
  worker: {
    connectionString,
    concurrentJobs: opts.concurrency,
    maxPoolSize,
    pollInterval: 1000,
    localQueue: { size: opts['local-queue'] },
    completeJobBatchDelay: opts['complete-batch-delay'],
    failJobBatchDelay: opts['fail-batch-delay'],
    logger,
  },
};
const watch = startCpuWatch(opts['cpu-groups']);
await new Promise((r) => setTimeout(r, 300)); // its first sample
const t0 = now();
const runner = await run({ preset, taskList, noHandleSignals: true });
let stats;
const deadline = t0 + opts['timeout-s'] * 1000;
let lastLog = now();
for (;;) {
  stats = await control(`/_ctl/wait?expect=${N}&timeout_ms=1000`);
  if (stats.distinct >= N) break;
  if (now() - lastLog > 5000) {
    log(`${stats.distinct}/${N} received after ${((now() - t0) / 1000).toFixed(1)} s`);
    lastLog = now();
  }
  if (now() > deadline) {
    log(`timeout: only ${stats.distinct}/${N} received`);
    break;
  }
}
const cpu = await watch.stop();
const seconds = (stats.done_at ?? stats.last_at ?? now()) / 1000 - t0 / 1000;
// Completions are batched: give them a moment to reach the database, then count what is left.
await new Promise((r) => setTimeout(r, 500));
await runner.stop();
const [{ count: left }] = (await utils.withPgClient((c) => c.query('select count(*)::int as count from graphile_worker.jobs'))).rows;
await utils.release();
agent.destroy();

const result = {
  system: 'graphile-worker',
  version,
  jobs: N,
  received_distinct: stats.distinct,
  requests: stats.requests,
  connections: stats.connections,
  add_s: addSeconds,
  total_s: seconds,
  per_s: stats.distinct >= N ? N / seconds : null,
  first_arrival_s: stats.first_at ? (stats.first_at - t0) / 1000 : null,
  jobs_left_in_table: left,
  cpu,
  options: {
    concurrentJobs: opts.concurrency,
    maxPoolSize,
    localQueue: { size: opts['local-queue'] },
    completeJobBatchDelay: opts['complete-batch-delay'],
    failJobBatchDelay: opts['fail-batch-delay'],
    addJobsBatch: opts['add-batch'],
  },
};
process.stdout.write(JSON.stringify(result) + '\n');
process.exit(stats.distinct >= N ? 0 : 1);
