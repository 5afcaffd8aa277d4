import type { Plugin } from 'vite';
import {
  type CoreStatePluginOptions,
  type ResolvedCoreStatePluginOptions,
  resolveCoreStatePluginOptions,
  SCRIPT_FILE,
} from './coreStatePluginOptions.js';
import { CoreViteError, isCoreViteError } from './coreViteError.js';
import { transformStateModule } from './transformStateModule.js';

/** What the plugin remembers of each stub it wrote, to check the bundle afterwards. */
interface WrittenStub {
  readonly file: string;
  readonly serverOnly: ReadonlySet<string>;
}

/** The plugin's name, as Vite prints it in errors and `--debug` output. */
export const CORE_STATE_PLUGIN_NAME = 'core:state-stubs';

/**
 * The Vite plugin that keeps server code out of the browser: in client transforms every state
 * module (a module with a value import of `defineState` from `@core/state`) becomes a stub with
 * its state names and handler names, built with `createStateStub` from `@core/react/stub`.
 * Components keep importing the real module, so TypeScript sees the full definitions. SSR and
 * other server environments get the module untouched.
 *
 * A client build fails when browser code uses any other export of a state module (those exist
 * only on the server); in dev such an export throws a clear error when used.
 *
 * @example
 * // vite.config.ts
 * import react from '@vitejs/plugin-react';
 * import { coreStatePlugin } from '@core/vite';
 * import { defineConfig } from 'vite';
 *
 * export default defineConfig({ plugins: [coreStatePlugin(), react()] });
 */
export function coreStatePlugin(options: CoreStatePluginOptions = {}): Plugin {
  let resolved: ResolvedCoreStatePluginOptions = resolveCoreStatePluginOptions(options, process.cwd());
  const stubs = new Map<string, WrittenStub>();

  return {
    name: CORE_STATE_PLUGIN_NAME,
    // Before Vite's own TypeScript transform and before any plugin that would follow the
    // module's server-only imports.
    enforce: 'pre',
    applyToEnvironment: (environment) => environment.config.consumer === 'client',

    configResolved(config) {
      resolved = resolveCoreStatePluginOptions(options, config.root);
    },

    transform: {
      filter: { id: SCRIPT_FILE, code: 'defineState' },
      handler(code, id, transformOptions) {
        if (!isClient(this.environment?.config.consumer, transformOptions?.ssr)) return null;
        if (!resolved.isCandidate(id)) return null;
        let result: ReturnType<typeof transformStateModule>;
        try {
          result = transformStateModule(code, id, { file: resolved.displayName(id) });
        } catch (error) {
          if (!isCoreViteError(error)) throw error;
          return this.error(error.message, error.pos);
        }
        if (!result) {
          stubs.delete(id);
          return null;
        }
        const serverOnly = new Set(result.analysis.serverOnly.map((entry) => entry.exportedAs));
        stubs.set(id, { file: resolved.displayName(id), serverOnly });
        return { code: result.code, map: result.map };
      },
    },

    generateBundle(_outputOptions, bundle) {
      if (!isClient(this.environment?.config.consumer, false)) return;
      const problems: string[] = [];
      let firstFile: string | undefined;
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        for (const [id, module] of Object.entries(output.modules)) {
          const stub = stubs.get(id);
          const used = stub ? module.renderedExports.filter((name) => stub.serverOnly.has(name)) : [];
          if (!stub || used.length === 0) continue;
          const importers = this.getModuleInfo(id)?.importers.map((importer) => resolved.displayName(importer)) ?? [];
          const by = importers.length > 0 ? ` (imported by ${importers.join(', ')})` : '';
          problems.push(`${used.map((name) => `"${name}"`).join(', ')} of ${stub.file}${by}`);
          firstFile ??= stub.file;
        }
      }
      if (!firstFile) return;
      const error = new CoreViteError(
        'SERVER_ONLY_EXPORT',
        firstFile,
        `browser code uses server-only exports of state modules: ${problems.join('; ')}. A state module reaches the browser only as its defineState exports; move the rest to a module without server code, or use it only on the server.`,
      );
      this.error(error.message);
    },
  };
}

/** True for a browser transform: not flagged SSR, and not in a Vite 8 environment that runs on a server. */
function isClient(consumer: 'client' | 'server' | undefined, ssr: boolean | undefined): boolean {
  return !ssr && consumer !== 'server';
}
