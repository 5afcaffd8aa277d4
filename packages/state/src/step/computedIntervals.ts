import type { DefinitionInternals, DocLayout } from '../definition/index.js';
import type { TokenDoc } from '../scopes/index.js';
import { type ForcedComputed, forceKey } from './computedMarks.js';

interface IntervalVar {
  readonly internals: DefinitionInternals;
  readonly name: string;
  readonly full: string;
  readonly interval: number;
}

/**
 * The computed vars with an `interval`, per document layout (found once per layout), and which of
 * them have expired in a document: their stamp (`TokenDoc.computedAt`) is missing or at least
 * `interval` old. A layout without any costs one lookup per commit.
 */
export class ComputedIntervals {
  #byLayout = new WeakMap<DocLayout, IntervalVar[]>();

  /** Adds the expired interval vars of `doc` to `into` (made when needed): what its next commit recomputes. */
  expired(layout: DocLayout, doc: TokenDoc, into?: ForcedComputed): ForcedComputed | undefined {
    let list = this.#byLayout.get(layout);
    if (!list) this.#byLayout.set(layout, (list = intervalVars(layout)));
    if (list.length === 0) return into;
    const now = Date.now();
    let forced = into;
    for (const { internals, name, full, interval } of list) {
      const at = doc.computedAt?.[full];
      if (at !== undefined && now - at < interval) continue;
      forced ??= new Map();
      let names = forced.get(internals);
      if (!names) forced.set(internals, (names = new Set()));
      names.add(forceKey(name));
    }
    return forced;
  }
}

function intervalVars(layout: DocLayout): IntervalVar[] {
  const list: IntervalVar[] = [];
  for (const internals of layout.states) {
    for (const [name, options] of internals.computedOptions) {
      if (options.interval !== undefined) {
        list.push({ internals, name, full: `${internals.name}.${name}`, interval: options.interval });
      }
    }
  }
  return list;
}
