// A private redis-server on a free loopback port for measure 6 (never a user's Redis): no
// persistence, stopped by its PID, killed if the run dies.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { delay } from './stats.mjs';

/** Starts redis-server; resolves with `{ url, stop }`, or undefined when it is not installed. */
export async function startPrivateRedis() {
  const bin = process.env.REDIS_SERVER_PATH ?? 'redis-server';
  if (spawnSync(bin, ['--version']).error) return undefined;
  const port = await freePort();
  const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (const started = Date.now(); !(await answersPing(port)); await delay(5)) {
    if (child.exitCode !== null || Date.now() - started > 10_000) {
      kill();
      throw new Error(`redis-server did not start on port ${port}`);
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      process.off('exit', kill);
      kill();
      await exited;
    },
  };
}

/** A port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function answersPing(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk;
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
