import type { CollectionOp } from './collectionOp.js';
import type { CollectionItem } from './collectionTypes.js';
import { boundsContain, EMPTY_BOUNDS, type WindowBounds } from './windowBounds.js';

/** A reset with more items than this reaches a page as its size alone; the page reloads its window. */
export const RESET_INLINE_LIMIT = 200;

/** What a page with some bounds is sent of a commit's ops, and its bounds after them. */
export interface WindowOps<TItem extends CollectionItem> {
  readonly ops: readonly CollectionOp<TItem>[];
  readonly bounds: WindowBounds;
}

/**
 * The ops a page whose window has `bounds` needs: changes inside it as they are, inserts and
 * deletes outside it as one count change (`['#', delta]`), updates and moves entirely outside it
 * not at all; a reset whole when it is small, else as its size (the page's bounds become empty and
 * it reloads). The page applies what it gets with the same bounds, so the result is the window a
 * page would have had from every op (the property tests check it against a plain array).
 */
export function opsForWindow<TItem extends CollectionItem>(
  ops: readonly CollectionOp<TItem>[],
  bounds: WindowBounds,
): WindowOps<TItem> {
  const out: CollectionOp<TItem>[] = [];
  let delta = 0;
  for (const op of ops) {
    switch (op[0]) {
      case '+':
        if (boundsContain(bounds, op[1])) out.push(op);
        else delta += 1;
        break;
      case '-':
        if (boundsContain(bounds, op[2])) out.push(op);
        else delta -= 1;
        break;
      case '~':
        if (boundsContain(bounds, op[2])) out.push(op);
        break;
      case '>':
        if (boundsContain(bounds, op[1]) || boundsContain(bounds, op[2])) out.push(op);
        break;
      case '!': {
        delta = 0;
        const whole = op[2] !== undefined && op[1] <= RESET_INLINE_LIMIT;
        out.push(whole ? op : ['!', op[1]]);
        bounds = whole ? { lo: null, hi: null } : EMPTY_BOUNDS;
        break;
      }
      case '#':
        delta += op[1];
        break;
    }
  }
  if (delta !== 0) out.push(['#', delta]);
  return { ops: out, bounds };
}
