// The peers of the bench (other frameworks run beside ours in the same run) keep their
// dependencies in bench/peers/, out of the project's install: `npm ci` and CI do not grow. The
// first run that needs them installs them from bench/peers/package-lock.json.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const peersDir = fileURLToPath(new URL('../peers/', import.meta.url));

/** Installs bench/peers/ (once; ~30 MB, ~20 s) unless its packages are there already. */
export function ensurePeers() {
  if (existsSync(`${peersDir}node_modules/@colyseus/core/package.json`)) return;
  process.stderr.write('installing the bench peers (bench/peers, first use) … ');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: peersDir, stdio: 'ignore' });
}

/** A file URL for a module in bench/peers/. */
export function peerModule(relative) {
  return new URL(`../peers/${relative}`, import.meta.url).href;
}
