import { type ChildProcess, spawn } from 'node:child_process';

/** Options of {@link WatchedProcess}. */
export interface WatchedProcessOptions {
  cwd?: string;
  /** Merged over `process.env`; `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

/**
 * A long-running child process whose output (stdout and stderr) is kept, to wait for a line such
 * as "ready at" and to show in failure messages. Waits poll the output; none sleeps blindly.
 */
export class WatchedProcess {
  readonly #child: ChildProcess;
  #output = '';
  /** Settles with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;

  constructor(command: string, args: readonly string[], options: WatchedProcessOptions = {}) {
    const env: Record<string, string | undefined> = { ...process.env, ...options.env };
    for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
    this.#child = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const collect = (chunk: Buffer) => {
      this.#output += chunk.toString();
    };
    this.#child.stdout?.on('data', collect);
    this.#child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
  }

  /** Everything printed so far. */
  get output(): string {
    return this.#output;
  }

  /** Resolves once the output contains `text` `count` times; rejects (with the output) if the process exits first or time runs out. */
  async waitForOutput(text: string, { count = 1, timeout = 60_000 } = {}): Promise<void> {
    const deadline = Date.now() + timeout;
    while (this.#output.split(text).length - 1 < count) {
      if (this.#child.exitCode !== null || this.#child.signalCode !== null) {
        throw new Error(`The process exited before printing "${text}":\n${this.#output}`);
      }
      if (Date.now() > deadline)
        throw new Error(`The process did not print "${text}" within ${timeout} ms:\n${this.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 25)); // poll interval
    }
  }

  /** Sends SIGTERM without waiting. */
  terminate(): void {
    if (this.#running()) this.#child.kill('SIGTERM');
  }

  /** Stops the process (SIGTERM: a graceful stop) and waits for it to exit. */
  async stop(): Promise<void> {
    this.terminate();
    await this.exited;
  }

  /** Kills the process (SIGKILL, like a crash) and waits for it to exit. */
  async kill(): Promise<void> {
    if (this.#running()) this.#child.kill('SIGKILL');
    await this.exited;
  }

  #running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }
}
