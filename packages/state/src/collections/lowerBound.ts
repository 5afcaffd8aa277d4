/** The first index of `orders` (ascending) whose order key is not below `order`: where it is or would go. */
export function lowerBound(orders: readonly string[], order: string, from = 0, to = orders.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (orders[mid] < order) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
