import { type AnyStateDefinition, getDefinitionInternals } from '../definition/index.js';
import type { PresenceChange, PresenceMeta } from '../managers/index.js';
import { PresenceHub } from '../presence/index.js';
import { docKindOf } from '../scopes/index.js';
import { modifyStateStep, type StepRuntime } from '../step/index.js';
import { readTabView, type UpdateHub } from '../sync/index.js';
import type { TaskSet } from '../tasks/index.js';
import type { AppOptions } from './appOptions.js';
import type { AppSettings } from './appSettings.js';

/** What the app's presence is built from. */
export interface AppPresenceHubParts {
  readonly env: AppSettings;
  readonly runtime: StepRuntime;
  readonly tasks: TaskSet;
  readonly hub: UpdateHub;
  definitions(): readonly AnyStateDefinition[];
}

/**
 * The app's presence: pages in the lists of the documents they show, on the registry of the
 * app's state manager, with metadata from `presenceMeta`, the changes handed to `onPresence` (in a
 * locked step on the list's document) and to the transport (which sends them to watching pages).
 */
export function createAppPresenceHub(options: AppOptions, parts: AppPresenceHubParts): PresenceHub {
  const { env, runtime, tasks, hub } = parts;
  const hubOf = new PresenceHub({
    join: () => tasks.join(),
    registry: () => env.stateManager.presenceRegistry,
    logger: () => env.logger,
    derive: async (token) => {
      if (!options.presenceMeta) return {};
      const { state } = await readTabView(runtime, token, { preview: true });
      return options.presenceMeta({ token, state });
    },
    deliver: (change) => hub.presence(change),
    handle: (change) => handlePresence(change, runtime, parts.definitions(), (key) => hubOf.count(key)),
  });
  tasks.membership.onDeadProcess((processId) => hubOf.reap(processId));
  return hubOf;
}

/** Runs the `onPresence` handlers of the states held by the change's document, in one locked step. */
async function handlePresence(
  change: PresenceChange,
  runtime: StepRuntime,
  definitions: readonly AnyStateDefinition[],
  countOf: (key: string) => Promise<number>,
): Promise<void> {
  const kind = docKindOf(change.key);
  const handled = definitions.filter((definition) => {
    const internals = getDefinitionInternals(definition);
    return internals?.onPresence !== undefined && internals.scope === kind;
  });
  if (handled.length === 0) return;
  const page = { id: change.entry.id, meta: change.entry.meta as PresenceMeta };
  await modifyStateStep(runtime, change.key, async (tx) => {
    // Read under the lock: a later change's step reads a later count, so the last write wins rightly.
    const count = await countOf(change.key);
    for (const definition of handled) {
      const state = await tx.get(definition as never);
      await getDefinitionInternals(definition)?.onPresence?.(state, { kind: change.kind, page, count }, tx);
    }
  });
}
