// Starts cpu_watch.js beside a benchmark run; shared by the loket and graphile-worker drivers so
// both measure CPU the same way.
import { spawn } from 'node:child_process';

const CPU_WATCH = new URL('./cpu_watch.js', import.meta.url).pathname;
// CPU seconds per process group over the measured window (cpu_watch.js), when --cpu-groups
// (JSON: {"name": "command-line regex"}) is given.
export function startCpuWatch(groupsJson) {
  if (!groupsJson) return { stop: async () => null };
  const args = Object.entries(JSON.parse(groupsJson)).map(([k, v]) => `${k}=${v}`);
  const child = spawn(process.execPath, [CPU_WATCH, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const exited = new Promise((r) => child.on('exit', r));
  return {
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      try {
        return JSON.parse(out);
      } catch {
        return null;
      }
    },
  };
}
