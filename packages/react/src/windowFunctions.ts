/**
 * How the page applies collection patches and loaded slices to its windows. The functions live in
 * `collection/installWindowFunctions.ts`, loaded by `useCollection` (statically) or by the first
 * collection patch (dynamically), so that a page without collections carries none of them.
 */
export interface WindowFunctions {
  /** The window after a commit's ops (`total`: the collection's size after it). */
  apply(window: unknown, ops: unknown, total: number | undefined): unknown;
  /** The window with a loaded slice added; undefined when it no longer fits. */
  extend(window: unknown, slice: unknown): unknown;
}

let installed: WindowFunctions | undefined;

/** The functions once installed. */
export function windowFunctions(): WindowFunctions | undefined {
  return installed;
}

/** Installs them (`collection/installWindowFunctions.ts`). */
export function provideWindowFunctions(functions: WindowFunctions): void {
  installed = functions;
}

/** Loads and installs them. */
export async function loadWindowFunctions(): Promise<void> {
  (await import('./collection/installWindowFunctions.js')).installWindowFunctions();
}
