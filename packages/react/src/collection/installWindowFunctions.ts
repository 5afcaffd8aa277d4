import {
  applyWindowOps,
  type CollectionOp,
  type CollectionSlice,
  type CollectionWindowData,
  extendWindow,
} from '@core/state/collections/page';
import { provideWindowFunctions } from '../windowFunctions.js';

/** Makes the page able to apply collection patches and loaded slices (see `windowFunctions.ts`). */
export function installWindowFunctions(): void {
  provideWindowFunctions({
    apply: (window, ops, total) => applyWindowOps(window as CollectionWindowData, ops as CollectionOp[], total),
    extend: (window, slice) => extendWindow(window as CollectionWindowData, slice as CollectionSlice),
  });
}
