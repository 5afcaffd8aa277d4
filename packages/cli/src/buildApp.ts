import path from 'node:path';
import { build, mergeConfig } from 'vite';
import { compressAssets } from './compressAssets.js';
import { findAppEntry } from './findAppEntry.js';
import { hasPages } from './pageRenderers.js';
import { baseViteConfig } from './viteSetup.js';

/** Options of {@link buildApp}. */
export interface BuildOptions {
  /** The project folder. @default process.cwd() */
  root?: string;
  /** Output folder. @default 'dist' */
  outDir?: string;
}

/**
 * `core build`: the client bundle into `dist/client` (state modules replaced by stubs, no server
 * code; `.br` and `.gz` copies beside its text files) and the server bundle into `dist/server/app.js` (dependencies left as imports).
 */
export async function buildApp(options: BuildOptions = {}): Promise<{ clientDir: string; serverEntry: string }> {
  const root = path.resolve(options.root ?? process.cwd());
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  const entry = findAppEntry(root);
  const clientBase = await baseViteConfig(root, { command: 'build', mode: 'production' });
  await build(
    mergeConfig(clientBase, {
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: path.join(outDir, 'client'), emptyOutDir: true },
    }),
  );
  await compressAssets(path.join(outDir, 'client'));
  const serverBase = await baseViteConfig(root, { command: 'build', mode: 'production', isSsrBuild: true });
  await build(
    mergeConfig(serverBase, {
      mode: 'production',
      logLevel: 'warn',
      build: {
        // With pages, the route table is a second entry (`routes.js`): one build, so the state
        // modules that pages and the app share are one module.
        ssr: true,
        outDir: path.join(outDir, 'server'),
        emptyOutDir: true,
        rollupOptions: {
          input: hasPages(root) ? { app: entry, routes: 'virtual:core-routes' } : { app: entry },
          output: { entryFileNames: '[name].js' },
        },
      },
    }),
  );
  return { clientDir: path.join(outDir, 'client'), serverEntry: path.join(outDir, 'server', 'app.js') };
}
