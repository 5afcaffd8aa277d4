import fc from 'fast-check';
import type { Collection, CollectionOp, ItemPosition } from '../index.js';

/** The items the tests put in collections. */
export interface Msg {
  readonly id: number;
  readonly text: string;
  readonly likes: number;
}

/** A change as data, applied to a collection and to a plain array alike. */
export type Command =
  | { readonly kind: 'insert'; readonly id: number; readonly at: PositionPick }
  | { readonly kind: 'update'; readonly pick: number; readonly likes: number }
  | { readonly kind: 'delete'; readonly pick: number }
  | { readonly kind: 'deleteMissing' }
  | { readonly kind: 'move'; readonly pick: number; readonly at: PositionPick }
  | { readonly kind: 'reset'; readonly count: number }
  | { readonly kind: 'commit' }
  | { readonly kind: 'rollback' };

/** A position relative to the list as it is when the command runs (`pick` wraps around it). */
export type PositionPick = 'start' | 'end' | { readonly before: number } | { readonly after: number };

const positionPick: fc.Arbitrary<PositionPick> = fc.oneof(
  fc.constant('start' as const),
  fc.constant('end' as const),
  fc.nat().map((before) => ({ before })),
  fc.nat().map((after) => ({ after })),
);

/** Random changes, weighted toward single-item changes, with commits and rollbacks between them. */
export const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), id: fc.nat(), at: positionPick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), likes: fc.nat(50) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'deleteMissing' as const }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), at: positionPick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reset' as const), count: fc.nat(12) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'commit' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'rollback' as const }) },
);

let nextId = 1_000_000;

/**
 * Runs a change on both the draft and the model (the model's own copy of the list). Returns false
 * when the command does not apply to the current list (e.g. an update of an empty list).
 */
export function runCommand(draft: Collection<Msg, number>, model: Msg[], command: Command): boolean {
  const pickOf = (n: number) => model[n % model.length];
  const resolve = (at: PositionPick, except?: number): ItemPosition<number> | undefined => {
    if (typeof at === 'string') return at;
    const others = model.filter((m) => m.id !== except);
    if (others.length === 0) return undefined;
    return 'before' in at
      ? { before: others[at.before % others.length].id }
      : { after: others[at.after % others.length].id };
  };
  const indexFor = (position: ItemPosition<number>): number => {
    if (position === 'start') return 0;
    if (position === 'end') return model.length;
    if ('before' in position) return model.findIndex((m) => m.id === position.before);
    return model.findIndex((m) => m.id === position.after) + 1;
  };
  switch (command.kind) {
    case 'insert': {
      const id = model.some((m) => m.id === command.id) ? nextId++ : command.id;
      const position = resolve(command.at);
      if (!position) return false;
      const item = { id, text: `m${id}`, likes: 0 };
      draft.insert(item, position);
      model.splice(indexFor(position), 0, item);
      return true;
    }
    case 'update': {
      if (model.length === 0) return false;
      const target = pickOf(command.pick);
      draft.update(target.id, (m) => ({ likes: m.likes + command.likes }));
      model[model.indexOf(target)] = { ...target, likes: target.likes + command.likes };
      return true;
    }
    case 'delete': {
      if (model.length === 0) return false;
      const target = pickOf(command.pick);
      if (!draft.delete(target.id)) throw new Error(`delete of ${target.id} found nothing`);
      model.splice(model.indexOf(target), 1);
      return true;
    }
    case 'deleteMissing':
      if (draft.delete(-1)) throw new Error('delete of a missing key said true');
      return true;
    case 'move': {
      if (model.length === 0) return false;
      const target = pickOf(command.pick);
      const position = resolve(command.at, target.id);
      if (!position) return false;
      draft.move(target.id, position);
      model.splice(model.indexOf(target), 1);
      model.splice(indexFor(position), 0, target);
      return true;
    }
    case 'reset': {
      const items = Array.from({ length: command.count }, () => ({ id: nextId++, text: 'r', likes: 0 }));
      draft.reset(items);
      model.splice(0, model.length, ...items);
      return true;
    }
    default:
      return false;
  }
}

/** The ops of a list of items, as a reset would carry them (for tests that start from a list). */
export function resetOp(items: readonly (readonly [string, Msg])[]): CollectionOp<Msg> {
  return ['!', items.length, items];
}
