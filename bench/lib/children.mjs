// Child processes of a bench run: each runs lib/worker.mjs and executes exported functions of
// bench modules on request. Every child is tracked and killed when the run ends, however it ends.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const workerPath = fileURLToPath(new URL('./worker.mjs', import.meta.url));
const live = new Set();

/** True when the module at `url` (its `import.meta.url`) is the script node was started with. */
export function isEntry(url) {
  return process.argv[1] !== undefined && url === pathToFileURL(path.resolve(process.argv[1])).href;
}

/** Options for every child of this run (set once by run.mjs, e.g. CPU profiling of servers). */
export const childDefaults = { profileDir: undefined };

/**
 * Starts a child process that runs bench functions on request.
 * @param {string} name a label for logs and profile files
 * @param {{ execArgv?: string[], env?: Record<string, string>, profile?: boolean, quiet?: boolean }} [options]
 *   `profile`: write a CPU profile (`--cpu-prof`) when `childDefaults.profileDir` is set.
 *   `quiet`: keep what the child prints for `output()` instead of printing it.
 */
export async function spawnWorker(name, options = {}) {
  const execArgv = [...(options.execArgv ?? [])];
  if (options.profile && childDefaults.profileDir) {
    execArgv.push(
      '--cpu-prof',
      '--cpu-prof-dir',
      childDefaults.profileDir,
      '--cpu-prof-name',
      `${name}-${Date.now()}.cpuprofile`,
    );
  }
  const child = fork(workerPath, [], {
    execArgv,
    env: { ...process.env, ...options.env },
    stdio: options.quiet ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-16_384);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  live.add(child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  exited.then(() => live.delete(child));
  const pending = new Map();
  let nextId = 0;
  child.on('message', (message) => {
    const entry = pending.get(message?.id);
    if (!entry) return;
    pending.delete(message.id);
    clearTimeout(entry.timer);
    if (message.ok) entry.resolve(message.value);
    else entry.reject(new Error(`[${name}] ${message.error}`));
  });
  exited.then((code) => {
    for (const entry of pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(new Error(`[${name}] exited (${code}) before answering`));
    }
    pending.clear();
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`[${name}] exited (${code}) while starting`)));
  });

  return {
    name,
    pid: child.pid,
    /** Runs `fn` exported by `module` (a file URL) in the child; rejects after `timeoutMs`. */
    call(module, fn, args = {}, timeoutMs = 60_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`[${name}] ${fn}() took longer than ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        child.send({ id, module, fn, args });
      });
    },
    /** What a `quiet` child printed (the last 16 KiB). */
    output() {
      return output;
    },
    /** Ends the child: a clean exit first (profiles are written then), SIGKILL after 3 s. */
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Kills every child still running (SIGKILL): used when the run ends or is interrupted. */
export function killAll() {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/** A file URL for a bench module, relative to bench/. */
export function benchModule(relative) {
  return new URL(`../${relative}`, import.meta.url).href;
}

/** Where CPU profiles go when `--profile` is given. */
export const profilesDir = path.resolve(fileURLToPath(new URL('../.profiles', import.meta.url)));

/**
 * Runs `fn(spawn)` where `spawn(name, options)` starts tracked children; every child it started is
 * stopped when `fn` settles.
 */
export async function withChildren(fn) {
  const started = [];
  const spawn = async (name, options) => {
    const child = await spawnWorker(name, options);
    started.push(child);
    return child;
  };
  try {
    return await fn(spawn);
  } finally {
    await Promise.all(started.map((child) => child.stop()));
  }
}
