import { existsSync } from 'node:fs';
import path from 'node:path';
import { CORE_PAGES_PLUGIN_NAME, corePagesPlugin, coreStatePlugin } from '@core/vite';
import react from '@vitejs/plugin-react';
import { type ConfigEnv, type InlineConfig, loadConfigFromFile, type PluginOption } from 'vite';

/** Packages the server must load natively (one instance shared with the CLI), never inlined. */
export const SERVER_EXTERNALS = ['@core/state', '@core/server', '@core/cli', '@core/vite', '@core/react'];

/**
 * The Vite config every command starts from: the project's own `vite.config.*` if it has one, plus
 * React (Fast Refresh), the state-module stub plugin and the pages plugin (`virtual:core-routes`)
 * unless that config already has them.
 */
export async function baseViteConfig(root: string, env: ConfigEnv): Promise<InlineConfig> {
  const configFile = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs']
    .map((name) => path.join(root, name))
    .find((file) => existsSync(file));
  const present = new Set<string>();
  if (configFile) {
    const loaded = await loadConfigFromFile(env, configFile, root, 'silent');
    for (const plugin of flatten(loaded?.config.plugins ?? [])) present.add(plugin.name);
  }
  const defaults = flatten([react(), coreStatePlugin()]);
  const reactMissing = !defaults.some((p) => p.name.startsWith('vite:react') && present.has(p.name));
  const plugins: PluginOption[] = [];
  if (reactMissing) plugins.push(react());
  if (!present.has(flatten([coreStatePlugin()])[0]?.name ?? '')) plugins.push(coreStatePlugin());
  if (!present.has(CORE_PAGES_PLUGIN_NAME)) plugins.push(corePagesPlugin());
  return {
    root,
    configFile: configFile ?? false,
    plugins,
    ssr: { external: SERVER_EXTERNALS },
    clearScreen: false,
  };
}

function flatten(plugins: PluginOption[]): { name: string }[] {
  return (plugins as unknown[])
    .flat(Number.POSITIVE_INFINITY)
    .filter((p): p is { name: string } => typeof (p as { name?: unknown } | null)?.name === 'string');
}
