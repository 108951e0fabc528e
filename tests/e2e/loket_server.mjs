// Test support for the browser tests: a throw-away PostgreSQL database, and the real `loket
// serve` on a free loopback port, started with it and ready once its dispatcher runs.
import { execFileSync, spawn } from 'node:child_process';

const adminUrl = process.env.LOKET_TEST_DATABASE_URL || 'postgresql:///loket';

// Creates database `name` next to LOKET_TEST_DATABASE_URL's; returns its URL.
export function createDatabase(name) {
  execFileSync('psql', [adminUrl, '-qc', `CREATE DATABASE ${name}`]);
  return adminUrl.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
}

export function dropDatabase(name) {
  try {
    execFileSync('psql', [adminUrl, '-qc', `DROP DATABASE IF EXISTS ${name}`]);
  } catch {
    // already gone, or PostgreSQL stopped: nothing to clean
  }
}

// Starts loket; resolves with { server, base } once it listens and its dispatcher started.
// `port`: 0 for a free one, or the port of a loket started before (a restart).
export async function startLoket(binary, config, env, listenPort = 0) {
  const server = spawn(binary, ['serve', '--config', config, '--listen', `127.0.0.1:${listenPort}`], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  const port = await new Promise((resolvePort, reject) => {
    server.stderr.on('data', (d) => {
      log += d;
      const m = log.match(/event=listening .*port=(\d+)/);
      if (m && log.includes('event="dispatcher started"')) resolvePort(Number(m[1]));
    });
    server.on('exit', () => reject(new Error(`loket exited:\n${log}`)));
  });
  return { server, base: `http://127.0.0.1:${port}` };
}

// SIGTERM, and wait for the exit.
export async function stopLoket(server) {
  if (!server) return;
  server.kill('SIGTERM');
  await new Promise((r) => (server.exitCode !== null ? r() : server.on('exit', r)));
}
