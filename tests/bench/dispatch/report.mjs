// Markdown summary for tests/bench/dispatch_bench.sh: node report.mjs RESULT.json...
// (one JSON line each, from loket.mjs with added "label" and "batch" fields, or from graphile/bench.mjs).
import { readFileSync } from 'node:fs';

const results = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8').trim().split('\n').pop()));
const loket = results.filter((r) => r.system === 'loket');
const graphile = results.find((r) => r.system === 'graphile-worker');

const f = (v, digits = 2) => (v === null || v === undefined ? 'n/a' : Number(v).toFixed(digits));
const rate = (r) =>
  r.contacts === 0 ? 'n/a' : r.per_s === null ? `incomplete (${r.received_distinct} received)` : Math.round(r.per_s).toLocaleString('en-US');
const ratioOf = (r) => (graphile && r.per_s && graphile.per_s ? r.per_s / graphile.per_s : null);

const out = [];
out.push('| system | deliveries/s | × graphile-worker | total s | first delivery s | setup s | p50 ms | p99 ms | latency measured with |');
out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const r of loket) {
  const setup = r.contacts > 0 ? `${f(r.import_s)} (import)` : 'n/a';
  const where = r.contacts > 0 ? `${r.contacts.toLocaleString('en-US')} contacts in the database` : 'only that contact in the database';
  const total = r.contacts > 0 ? f(r.total_s) : 'n/a';
  const first = r.contacts > 0 ? f(r.first_arrival_s, 3) : 'n/a';
  out.push(
    `| loket, batch ${r.batch}, workers ${r.workers ?? 1} | ${rate(r)} | ${r.contacts > 0 ? f(ratioOf(r)) : 'n/a'} | ${total} | ${first} | ${setup} | ${f(r.latency.p50_ms, 1)} | ${f(r.latency.p99_ms, 1)} | ${where} |`,
  );
}
if (graphile)
  out.push(
    `| graphile-worker ${graphile.version} | ${rate(graphile)} | 1.00 | ${f(graphile.total_s)} | ${f(graphile.first_arrival_s, 3)} | ${f(graphile.add_s)} (addJobs) | n/a | n/a | |`,
  );
out.push('');
for (const r of loket) {
  if (r.contacts === 0) {
    out.push(
      `- loket batch ${r.batch}, workers ${r.workers ?? 1}, fresh database: p50 enqueue-to-send ${f(r.latency.p50_ms, 1)} ms ` +
        `(target <= 10: ${r.latency.p50_ms !== null && r.latency.p50_ms <= 10 ? 'met' : 'NOT met'}), p90 ${f(r.latency.p90_ms, 1)}, ` +
        `p99 ${f(r.latency.p99_ms, 1)}, max ${f(r.latency.max_ms, 1)} ms over ${r.latency.runs} runs` +
        (r.latency.misses ? ` (${r.latency.misses} never arrived)` : '') +
        `; POST /notifications itself p50 ${f(r.latency.post_p50_ms, 1)} ms, p99 ${f(r.latency.post_p99_ms, 1)} ms`,
    );
    continue;
  }
  const ratio = ratioOf(r);
  const okRate = ratio !== null && ratio >= 2;
  const okLat = r.latency.p50_ms !== null && r.latency.p50_ms <= 10;
  out.push(
    `- loket batch ${r.batch}, workers ${r.workers ?? 1}: ratio loket/graphile-worker ${f(ratio)} (target >= 2: ${okRate ? 'met' : 'NOT met'}); ` +
      `p50 enqueue-to-send ${f(r.latency.p50_ms, 1)} ms (target <= 10: ${okLat ? 'met' : 'NOT met'}), ` +
      `p90 ${f(r.latency.p90_ms, 1)}, p99 ${f(r.latency.p99_ms, 1)}, max ${f(r.latency.max_ms, 1)} ms over ${r.latency.runs} runs` +
      (r.latency.misses ? ` (${r.latency.misses} never arrived)` : '') +
      `; single POST /notifications p50 ${f(r.latency.post_p50_ms, 1)} ms; ` +
      `POST /notifications to all answered after ${f(r.post_s)} s (fan-out of ${r.recipients}); ` +
      `all recorded sent ${f(r.all_recorded_sent_s)} s after the POST; requests ${r.requests} for ${r.received_distinct} deliveries over ${r.connections} TCP connections`,
  );
}
if (graphile)
  out.push(
    `- graphile-worker ${graphile.version}: ${JSON.stringify(graphile.options)}; requests ${graphile.requests} for ` +
      `${graphile.received_distinct} jobs over ${graphile.connections} TCP connections; jobs left in its table afterwards: ${graphile.jobs_left_in_table}`,
  );
// Where the CPU went during each throughput window, and whether other work shared the machine.
const cpuLine = (name, r) => {
  if (!r.cpu) return;
  const { wall_s: wall, cores, groups, other_top: top } = r.cpu;
  const parts = Object.entries(groups).map(([k, v]) => `${k} ${f(v, 1)}`);
  const otherShare = groups.other / (wall * cores);
  out.push(
    `- CPU seconds during the ${name} run (${f(wall, 1)} s x ${cores} cores = ${f(wall * cores, 1)}): ${parts.join(', ')}` +
      (top.length ? ` (other: ${top.map(([c, v]) => `${c} ${f(v, 1)}`).join(', ')})` : '') +
      (otherShare > 0.05 ? ` -- WARNING: other work took ${Math.round(otherShare * 100)}% of the machine, this figure is skewed` : ''),
  );
};
for (const r of loket) if (r.contacts > 0) cpuLine(`loket batch ${r.batch}, workers ${r.workers ?? 1},`, r);
if (graphile) cpuLine('graphile-worker', graphile);
process.stdout.write(out.join('\n') + '\n');
