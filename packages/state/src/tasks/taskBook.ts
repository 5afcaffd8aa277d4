import { type ExclusiveMode, newTaskId, type TaskEndReason, type TaskEntry } from '../scopes/index.js';

/**
 * What a token's task registry becomes when a task starts or ends, as plain data (the shape of
 * TanStack's per-scope mutation queue): the task set runs these inside locked steps and does the
 * side effects (launching, aborting, `onTaskEnd`).
 */

/** The outcome of a start: end the dead entries first, or the new registry and what to do. */
export type StartDecision =
  | { readonly kind: 'reap'; readonly dead: readonly TaskEntry[] }
  | {
      readonly kind: 'decided';
      /** The registry to store; undefined when the start changes nothing (skipped). */
      readonly tasks: readonly TaskEntry[] | undefined;
      /** Entries to run on this process now. */
      readonly launch: readonly TaskEntry[];
      /** Running entries the start cancelled (`restart`). */
      readonly cancel: readonly TaskEntry[];
    };

/** A new running entry of this process. */
export function newEntry(state: string, name: string, payload: unknown, processId: string): TaskEntry {
  return { id: newTaskId(processId), state, name, payload, startedAt: Date.now(), process: processId };
}

/**
 * Decides a start of `entry` (its state, name and payload; running on `entry.process`) given the
 * token's registry: entries of dead processes must end first; otherwise `skip` ignores it while
 * one runs, `restart` cancels the running ones and waits (only the latest waits), `queue` waits
 * behind the running and waiting ones, and a plain task (or a free exclusive one) runs now.
 */
export function decideStart(
  entries: readonly TaskEntry[],
  entry: TaskEntry,
  mode: ExclusiveMode | undefined,
  isAlive: (processId: string) => boolean,
): StartDecision {
  const dead = entries.filter((e) => !e.queued && !isAlive(e.process));
  if (dead.length > 0) return { kind: 'reap', dead };
  const same = (e: TaskEntry) => e.state === entry.state && e.name === entry.name;
  const running = entries.filter((e) => same(e) && !e.queued);
  const queued = entries.filter((e) => same(e) && e.queued);
  const waiting: TaskEntry = { ...entry, process: '', queued: true };
  if (mode === 'skip' && running.length > 0) return { kind: 'decided', tasks: undefined, launch: [], cancel: [] };
  if (mode === 'restart') {
    const others = entries.filter((e) => !(same(e) && e.queued));
    if (running.length === 0) return { kind: 'decided', tasks: [...others, entry], launch: [entry], cancel: [] };
    const tasks = [...others.map((e) => (same(e) && !e.cancelled ? markCancelled(e) : e)), waiting];
    return { kind: 'decided', tasks, launch: [], cancel: running.filter((e) => !e.cancelled) };
  }
  if (mode === 'queue' && running.length > 0) {
    return { kind: 'decided', tasks: [...entries, waiting], launch: [], cancel: [] };
  }
  if (mode === 'queue' && queued.length > 0) {
    // A queue whose runner is gone (its process closed): the first waiting one runs now.
    const promoted = promote(queued[0], entry.process);
    const tasks = [...entries.map((e) => (e === queued[0] ? promoted : e)), waiting];
    return { kind: 'decided', tasks, launch: [promoted], cancel: [] };
  }
  return { kind: 'decided', tasks: [...entries, entry], launch: [entry], cancel: [] };
}

/** The outcome of an end: the new registry, what runs here now, and whether `onTaskEnd` runs. */
export interface EndDecision {
  readonly tasks: readonly TaskEntry[];
  /** A promoted waiting entry, or the resumed one, to run on this process. */
  readonly launch: readonly TaskEntry[];
  /** The ended entry, for `onTaskEnd`; undefined when the task was resumed instead. */
  readonly ended: TaskEntry | undefined;
}

/**
 * Ends entry `id`: undefined when it is gone or (with `expectProcess`) runs elsewhere by now.
 * A resumable entry whose process died is taken over by `self` instead; otherwise it leaves the
 * registry and, with `promote`, the next waiting start of the same task runs on `self`.
 */
export function decideEnd(
  entries: readonly TaskEntry[],
  id: string,
  options: {
    readonly reason: TaskEndReason;
    readonly resume: boolean;
    readonly self: string;
    readonly promote: boolean;
    readonly expectProcess?: string;
  },
): EndDecision | undefined {
  const current = entries.find((e) => e.id === id);
  if (!current || (options.expectProcess !== undefined && current.process !== options.expectProcess)) return undefined;
  if (options.reason === 'process died' && options.resume && !current.cancelled && options.promote) {
    const { cancelled: _cancelled, ...rest } = current;
    const resumed: TaskEntry = { ...rest, process: options.self, resumed: (current.resumed ?? 0) + 1 };
    return { tasks: entries.map((e) => (e === current ? resumed : e)), launch: [resumed], ended: undefined };
  }
  let tasks = entries.filter((e) => e !== current);
  const same = (e: TaskEntry) => e.state === current.state && e.name === current.name;
  const first = tasks.find((e) => same(e) && e.queued);
  if (options.promote && first && !tasks.some((e) => same(e) && !e.queued)) {
    const promoted = promote(first, options.self);
    tasks = tasks.map((e) => (e === first ? promoted : e));
    return { tasks, launch: [promoted], ended: current };
  }
  return { tasks, launch: [], ended: current };
}

/** Every running entry cancelled, waiting ones dropped (no page left for the grace period). */
export function cancelAll(entries: readonly TaskEntry[]): { tasks: TaskEntry[]; hit: TaskEntry[] } {
  const hit = entries.filter((e) => !e.queued && !e.cancelled);
  const tasks = entries.filter((e) => !e.queued).map((e) => (e.cancelled ? e : markCancelled(e)));
  return { tasks, hit };
}

function markCancelled(entry: TaskEntry): TaskEntry {
  return { ...entry, cancelled: true };
}

/** A waiting entry made running on `processId`. */
function promote(entry: TaskEntry, processId: string): TaskEntry {
  const { queued: _queued, ...rest } = entry;
  return { ...rest, process: processId, startedAt: Date.now() };
}
