import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './freePort.js';
import { WatchedProcess } from './watchedProcess.js';

/**
 * A private nginx for tests: `nginx -p <temp> -c <temp>/nginx.conf` in the foreground (`daemon
 * off`) on a free loopback port, with its pid file, logs and temp folders in a temporary folder, so
 * it needs no system configuration and never touches the machine's nginx. Stopped by its PID.
 */
export class NginxProcess {
  readonly port: number;
  readonly dir: string;
  readonly #process: WatchedProcess;

  private constructor(port: number, dir: string, process: WatchedProcess) {
    this.port = port;
    this.dir = dir;
    this.#process = process;
  }

  /** The nginx binary: `NGINX_PATH`, else Debian's `/usr/sbin/nginx`. */
  static get binary(): string {
    return process.env.NGINX_PATH ?? '/usr/sbin/nginx';
  }

  /** True when nginx can be run here. */
  static available(): boolean {
    return !spawnSync(NginxProcess.binary, ['-v']).error;
  }

  /**
   * Starts nginx with `http(port)` as the body of its `http { }` block (`port` is the free port to
   * `listen` on) and resolves once it accepts connections.
   */
  static async start(http: (port: number) => string): Promise<NginxProcess> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'core-nginx-'));
    const port = await freePort();
    const conf = path.join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      [
        'daemon off;',
        'worker_processes 1;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        // Root starts its workers as "nobody" unless told otherwise; they must read the temp folder.
        ...(process.getuid?.() === 0 ? ['user root;'] : []),
        'events { worker_connections 1024; }',
        'http {',
        `  access_log ${dir}/access.log;`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${dir}/${kind};`),
        http(port),
        '}',
        '',
      ].join('\n'),
    );
    const child = new WatchedProcess(NginxProcess.binary, ['-p', dir, '-c', conf, '-e', `${dir}/error.log`]);
    const nginx = new NginxProcess(port, dir, child);
    let exited = false;
    void child.exited.then(() => {
      exited = true;
    });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (exited || Date.now() > deadline) {
        const log = nginx.errorLog();
        await nginx.stop();
        throw new Error(`nginx did not start on port ${port}:\n${child.output}${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20)); // poll interval
    }
    return nginx;
  }

  /** `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The error log so far, for failure messages. */
  errorLog(): string {
    const file = path.join(this.dir, 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  /** Stops nginx (SIGTERM: fast shutdown), waits for it to exit and removes its folder. */
  async stop(): Promise<void> {
    await this.#process.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
