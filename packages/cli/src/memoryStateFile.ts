import { existsSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from '@core/server';
import { type App, MemoryStateManager } from '@core/state';
import type { MemoryStateSnapshot } from '@core/state/internal';
import { floatReplacer, reviveFloats } from '@core/state/protocol';

/**
 * Where `core dev` and `core start` keep the memory state across a graceful restart:
 * `CORE_STATE_FILE` (an empty value turns it off), else `<root>/.core/state.json`.
 */
export function memoryStateFile(root: string): string | undefined {
  const configured = process.env.CORE_STATE_FILE;
  if (configured === '') return undefined;
  return path.resolve(root, configured ?? path.join('.core', 'state.json'));
}

/**
 * Loads the state a previous graceful stop saved, when the app keeps its state in memory, so pages
 * find their state again after a restart. A missing file is normal; an unreadable one is reported
 * and ignored.
 */
export function restoreMemoryState(app: App, file: string | undefined): void {
  const manager = app.stateManager;
  if (!file || !(manager instanceof MemoryStateManager) || !existsSync(file)) return;
  try {
    // NaN and the infinities were written as their reserved strings: put them back.
    const loaded = manager.import(reviveFloats(JSON.parse(readFileSync(file, 'utf8'))) as MemoryStateSnapshot);
    app.logger.info(`Restored the state of ${loaded} tab(s) from ${file}`);
  } catch (error) {
    app.logger.warn(`Ignoring ${file}: it is not a state snapshot (delete it to silence this)`, { error });
  }
}

/** Saves the memory state for the next start (on a graceful stop; a crash loses it). */
export function saveMemoryState(app: App, file: string | undefined): void {
  const manager = app.stateManager;
  if (!file || !(manager instanceof MemoryStateManager)) return;
  try {
    // Write then rename: a stop interrupted half-way never leaves a truncated file behind. Backend
    // vars are inside: the file is its owner's only (0600), in a folder only its owner enters (0700).
    writePrivateFile(`${file}.tmp`, JSON.stringify(manager.export(), floatReplacer));
    renameSync(`${file}.tmp`, file);
  } catch (error) {
    app.logger.warn(`Could not save the state to ${file}`, { error });
  }
}
