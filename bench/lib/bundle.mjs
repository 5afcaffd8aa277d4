// Builds an entry for the browser the way an app's production build would (Vite + Rolldown,
// minified, React left out as the app's own dependency) and measures it gzipped.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const REACT = [/^react($|\/)/, /^react-dom($|\/)/];

/**
 * Minified and gzipped (level 9) size of `source` (an ES module) bundled for the browser: what a
 * page loads up front (the entry and its static imports), with the largest contributing packages,
 * and each chunk loaded later by a dynamic `import()` (`lazy`: name, sizes, modules).
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
    // What a page loads up front: the entry chunk and the chunks it imports statically. The other
    // chunks are loaded by a dynamic `import()` when a feature is first used.
    const byName = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
    const initial = new Set();
    const visit = (chunk) => {
      if (!chunk || initial.has(chunk)) return;
      initial.add(chunk);
      for (const name of chunk.imports) visit(byName.get(name));
    };
    for (const chunk of chunks) if (chunk.isEntry) visit(chunk);
    const lazy = chunks
      .filter((chunk) => !initial.has(chunk))
      .map((chunk) => ({
        name: chunk.name,
        ...sizes([chunk]),
        modules: Object.keys(chunk.modules ?? {}).map(moduleName),
      }));
    return { ...sizes([...initial]), packages: packagesOf([...initial]), lazy };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Minified and gzipped (level 9) size of these chunks together. */
function sizes(chunks) {
  const code = chunks.map((chunk) => chunk.code).join('\n');
  return { minified: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

/** Rendered bytes (before minification) by package. */
function packagesOf(chunks) {
  const packages = {};
  for (const chunk of chunks) {
    for (const [id, info] of Object.entries(chunk.modules ?? {})) {
      const key = packageOf(id);
      packages[key] = (packages[key] ?? 0) + (info.renderedLength ?? 0);
    }
  }
  return packages;
}

/** `@core/react/clientActionInterpreter.js` for a module id. */
function moduleName(id) {
  return `${packageOf(id)}/${path.basename(id.replace(/^\0/, ''))}`;
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
