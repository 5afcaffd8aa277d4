import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { CREATE_BIN } from './workspaceProject.js';

/** Whether util-linux `script` is there to give the binary a pseudo-terminal. */
export const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

/** Keys as a terminal sends them. */
export const Keys = { enter: '\r', down: '\u001b[B', left: '\u001b[D', backspace: '\u007f' } as const;

/**
 * The real binary in a pseudo-terminal (util-linux `script`), so it sees a TTY and prompts: read
 * the screen with `waitFor`, answer with `type`.
 */
export class TerminalSession {
  readonly #child: ChildProcess;
  #screen = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
    const command = [process.execPath, CREATE_BIN, ...args].map((part) => `'${part}'`).join(' ');
    // A pseudo-terminal without a size has 0 columns; give it a usual one.
    this.#child = spawn('script', ['-qfec', `stty cols 100 rows 40; ${command}`, '/dev/null'], {
      cwd,
      env: { ...process.env, CREATE_CORE_APP_SKIP_INSTALL: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.#child.stdout?.on('data', (chunk: Buffer) => {
      this.#screen += chunk.toString();
    });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
  }

  /** Everything shown so far, without colours and cursor moves. */
  get screen(): string {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal escape sequences
    return this.#screen.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
  }

  /** Resolves once the screen shows `text`, polling; fails with the screen after `timeout` ms. */
  async waitFor(text: string, timeout = 10_000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!this.screen.includes(text)) {
      if (Date.now() > deadline) throw new Error(`The terminal never showed "${text}":\n${this.screen}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Types keys into the terminal. */
  type(keys: string): void {
    this.#child.stdin?.write(keys);
  }
}
