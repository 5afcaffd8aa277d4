import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * A `core` command run in a scaffolded project, through the project's own
 * `node_modules/@core/cli` as `npm run dev` would; its output is kept for waits and for failure
 * messages.
 */
export class CoreProcess {
  readonly #child: ChildProcess;
  #output = '';
  readonly exited: Promise<number | null>;

  constructor(projectDir: string, args: string[], env: Record<string, string | undefined> = {}) {
    const bin = path.join(projectDir, 'node_modules/@core/cli/bin/core.js');
    this.#child = spawn(process.execPath, [bin, ...args], {
      cwd: projectDir,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, PORT: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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

  /** Resolves once the output contains `text` (or `count` occurrences); rejects if the process exits first. */
  async waitForOutput(text: string, { count = 1, timeout = 60_000 } = {}): Promise<void> {
    const seen = () => this.#output.split(text).length - 1 >= count;
    const deadline = Date.now() + timeout;
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    while (!seen()) {
      if (exited) throw new Error(`core exited before printing "${text}":\n${this.#output}`);
      if (Date.now() > deadline) throw new Error(`core did not print "${text}" within ${timeout} ms:\n${this.#output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Stops the process (SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    await this.exited;
  }
}
