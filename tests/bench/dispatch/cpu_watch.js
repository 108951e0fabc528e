// CPU seconds per group of processes while a benchmark part runs, from /proc (Linux).
//
//   node cpu_watch.js NAME=REGEX... &   ...   kill -TERM $!
//
// Every 200 ms it reads utime+stime of every process, and adds each process's growth to the first
// group whose REGEX matches its command line ("postgres: ... DBNAME ..." for a backend). Processes
// that match no group are "other": on a shared machine that is someone else's work (a build, say),
// which skews the figures. On SIGTERM it prints one JSON line:
//   {wall_s, cores, groups: {NAME: cpu_s, ..., other: cpu_s}, other_top: [[command, cpu_s], ...]}
// A process that starts and ends between two samples is missed; one that ends loses at most its
// last 200 ms.
'use strict';

const fs = require('node:fs');
const os = require('node:os');

const groups = process.argv.slice(2).map((arg) => {
  const eq = arg.indexOf('=');
  return { name: arg.slice(0, eq), re: new RegExp(arg.slice(eq + 1)) };
});
const TICK = 100; // USER_HZ on Linux
const self = process.pid;
const started = Date.now();
const bootTime = (() => {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith('btime '));
  return Number(line.split(' ')[1]);
})();

const seen = new Map(); // pid -> {ticks, group, command}
const totals = Object.fromEntries([...groups.map((g) => [g.name, 0]), ['other', 0]]);
const otherByCommand = new Map();

function classify(pid) {
  let cmdline = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return null;
  }
  if (!cmdline) return { group: 'kernel', command: '' }; // kernel threads: not counted
  for (const g of groups) if (g.re.test(cmdline)) return { group: g.name, command: cmdline };
  return { group: 'other', command: cmdline.split(' ')[0].split('/').pop() };
}

function sample(first) {
  let pids;
  try {
    pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return;
  }
  for (const p of pids) {
    const pid = Number(p);
    if (pid === self) continue;
    let stat;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    const startSec = bootTime + Number(fields[19]) / TICK;
    let entry = seen.get(pid);
    if (!entry || entry.start !== startSec) {
      const c = classify(pid);
      if (!c) continue;
      // A process born after the watch began counts from zero; an older one from now.
      const base = !first && startSec * 1000 >= started - 50 ? 0 : ticks;
      entry = { ticks: base, start: startSec, ...c };
      seen.set(pid, entry);
    }
    const grown = ticks - entry.ticks;
    entry.ticks = ticks;
    if (grown <= 0 || entry.group === 'kernel') continue;
    totals[entry.group] += grown / TICK;
    if (entry.group === 'other') otherByCommand.set(entry.command, (otherByCommand.get(entry.command) || 0) + grown / TICK);
  }
}

sample(true);
const timer = setInterval(() => sample(false), 200);
process.on('SIGTERM', () => {
  clearInterval(timer);
  sample(false);
  const round = (x) => Math.round(x * 100) / 100;
  const out = {
    wall_s: round((Date.now() - started) / 1000),
    cores: os.cpus().length,
    groups: Object.fromEntries(Object.entries(totals).map(([k, v]) => [k, round(v)])),
    other_top: [...otherByCommand.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([c, v]) => [c, round(v)]),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
});
