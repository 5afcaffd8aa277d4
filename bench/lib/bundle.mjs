// Builds an entry for the browser the way an app's production build would (Vite + Rolldown,
// minified, React left out as the app's own dependency) and measures it gzipped.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const REACT = [/^react($|\/)/, /^react-dom($|\/)/];

/**
 * Minified and gzipped (level 9) size of `source` (an ES module) bundled for the browser, with the
 * largest contributing packages.
 */
export async function bundleSize(name, source) {
  const { build } = await import('vite');
  const dir = path.join(benchDir, '.work', `bundle-${name}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const entry = path.join(dir, 'entry.js');
  writeFileSync(entry, source);
  try {
    const output = await build({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"production"' },
      build: {
        write: false,
        minify: true,
        lib: { entry, formats: ['es'], fileName: 'bundle' },
        rollupOptions: { external: (id) => REACT.some((pattern) => pattern.test(id)) },
      },
    });
    const chunks = (Array.isArray(output) ? output : [output])
      .flatMap((o) => o.output)
      .filter((o) => o.type === 'chunk');
    const code = chunks.map((chunk) => chunk.code).join('\n');
    const packages = {};
    for (const chunk of chunks) {
      for (const [id, info] of Object.entries(chunk.modules ?? {})) {
        const key = packageOf(id);
        packages[key] = (packages[key] ?? 0) + (info.renderedLength ?? 0);
      }
    }
    return { minified: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length, packages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `@core/react`, `immer`, `socket.io-client`, … for a module id. */
function packageOf(id) {
  const clean = id.replace(/^\0/, '');
  const match = clean.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) return match[1];
  const workspace = clean.match(/\/packages\/([^/]+)\//);
  return workspace ? `@core/${workspace[1]}` : path.basename(clean);
}

/** The entry measured for `@core/react`: everything it exports, and the state-module stubs. */
export const coreReactEntry = "export * from '@core/react';\nexport * from '@core/react/stub';\n";

/** The baseline entry: the socket.io client any socket.io page ships. */
export const socketIoEntry = "export * from 'socket.io-client';\n";
