import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { io } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreChild, freePort, makeProject, removeProject, runCore } from './support/coreProject.js';

// The real `core` binary, as `npm run dev|build|start` runs it.
let project: string;
beforeEach(() => {
  project = makeProject({ withApp: false });
});
afterEach(() => removeProject(project));

describe('core --help', () => {
  it('prints the commands with --help, -h, help or no command, and exits 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], []]) {
      const result = runCore(args, project);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/^Usage: core <command> \[options\]/);
      for (const command of ['dev', 'build', 'start'])
        expect(result.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    }
  });

  it.each([
    ['dev', ['--port $PORT|3000', '--host', '--root', 'keeps its state']],
    ['build', ['--root', '--out-dir', 'dist/client', 'dist/server/app.js']],
    ['start', ['--port $PORT|3000', '--host $HOST', '--out-dir', 'REDIS_URL', 'CORE_SECRET']],
  ])('core %s --help prints that command’s options and starts nothing', (command, texts) => {
    const result = runCore([command, '--help'], project);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: core ${command} `));
    for (const text of texts) expect(result.stdout).toContain(text);
    expect(result.stdout).not.toContain('ready at');
  });

  it('refuses an unknown command, an unknown flag and a bad port', () => {
    const unknown = runCore(['serve'], project);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^Unknown command "serve"\./);
    const flag = runCore(['build', '--watch'], project);
    expect(flag.status).toBe(1);
    expect(flag.stderr).toContain("Unknown option '--watch'");
    const port = runCore(['dev', '--port', 'abc'], project);
    expect(port.status).toBe(1);
    expect(port.stderr).toBe('--port must be a whole number from 0 to 65535, got "abc".\n');
  });
});

describe('clear errors', () => {
  it.each(['build', 'dev'])('core %s without src/server.ts says what to create, in one line', (command) => {
    const result = runCore([command, '--port', '0'].slice(0, command === 'dev' ? 3 : 1), project);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `[core] No src/server.ts in ${project}. Create it and export the app: export const app = createApp({ states: [...] });\n`,
    );
  });

  it('core start without a build says to run core build', () => {
    const result = runCore(['start', '--port', '0'], project);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`[core] No build in ${path.join(project, 'dist')}; run \`core build\` first.\n`);
  });

  it('core start without CORE_SECRET refuses to start, in one line', () => {
    // A stand-in for `core build` output: the server bundle is an ES module exporting the app.
    mkdirSync(path.join(project, 'dist/server'), { recursive: true });
    mkdirSync(path.join(project, 'dist/client'), { recursive: true });
    writeFileSync(
      path.join(project, 'dist/server/app.js'),
      "import { createApp } from '@core/state';\nexport const app = createApp({ states: [] });\n",
    );
    const result = runCore(['start', '--port', '0', '--host', '127.0.0.1'], project, { CORE_SECRET: undefined });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^\[core\] No CORE_SECRET set: production needs a fixed secret to sign tokens\. .*\n$/,
    );
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(existsSync(path.join(project, '.core', 'secret'))).toBe(false);
  });

  it.each([
    [
      { REDIS_CLUSTER_NODES: ' , ' },
      /^\[core\] REDIS_CLUSTER_NODES=" , " lists no node; write host:port,host:port,\.\.\.\n$/,
    ],
    [
      { REDIS_CLUSTER_NODES: 'redis-a' },
      /^\[core\] The Redis Cluster node "redis-a" is not "host:port" or "redis:\/\/host:port".*\n$/,
    ],
    [
      { REDIS_URL: 'redis://127.0.0.1:1', REDIS_REPLICA_ACKS: 'yes' },
      /^\[core\] REDIS_REPLICA_ACKS="yes" is not a number of replicas.*\n$/,
    ],
    [{ CORE_TRUST_PROXY: 'yes' }, /^\[core\] CORE_TRUST_PROXY must be the number of proxies .*got "yes"\.\n$/],
  ])('core start with a malformed variable (%o) says how to write it, in one line', (env, message) => {
    mkdirSync(path.join(project, 'dist/server'), { recursive: true });
    mkdirSync(path.join(project, 'dist/client'), { recursive: true });
    writeFileSync(
      path.join(project, 'dist/server/app.js'),
      "import { createApp } from '@core/state';\nexport const app = createApp({ states: [] });\n",
    );
    const result = runCore(['start', '--port', '0', '--host', '127.0.0.1'], project, env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  describe('on a port in use', () => {
    let blocker: Server;
    let port: number;
    beforeEach(async () => {
      port = await freePort();
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    });
    afterEach(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

    it('core start says so in one line and exits 1', () => {
      // A stand-in for `core build` output: the server bundle is an ES module exporting the app.
      mkdirSync(path.join(project, 'dist/server'), { recursive: true });
      mkdirSync(path.join(project, 'dist/client'), { recursive: true });
      writeFileSync(
        path.join(project, 'dist/server/app.js'),
        "import { createApp } from '@core/state';\nexport const app = createApp({ states: [] });\n",
      );
      const result = runCore(['start', '--port', String(port), '--host', '127.0.0.1'], project, {
        CORE_SECRET: 'cli-test-secret-0123456789abcdef',
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`[core] Port ${port} is in use; stop the other process or pass --port <number>.\n`);
    });

    it('core dev says so in one line and exits 1', () => {
      removeProject(project);
      project = makeProject();
      const result = runCore(['dev', '--port', String(port)], project);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(`[core] Port ${port} is in use; stop the other process or pass --port <number>.\n`);
    });
  });
});

describe('core dev', () => {
  it('serves the page and the health endpoint on one port, and stops on SIGTERM', async () => {
    removeProject(project);
    project = makeProject();
    const port = await freePort();
    const dev = new CoreChild(['dev', '--port', String(port)], project);
    try {
      await dev.waitForOutput(`ready at http://127.0.0.1:${port}`);
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(await page.text()).toContain('/@vite/client');
      expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({ ok: true, tasks: 0 });
      // Another site open in the developer's browser cannot drive the dev server's state.
      expect(await handshake(port, 'https://evil.example')).toBe('refused');
      expect(await handshake(port, `http://127.0.0.1:${port}`)).toBe('connected');
      dev.terminate();
      expect(await dev.exited).toBe(0);
    } finally {
      await dev.kill();
    }
  });
});

/** A socket.io handshake as a page of `origin` makes it (with that Origin header). */
function handshake(port: number, origin: string): Promise<'connected' | 'refused'> {
  const socket = io(`http://127.0.0.1:${port}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { origin },
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', () => resolve('refused'));
  }).finally(() => socket.disconnect()) as Promise<'connected' | 'refused'>;
}
