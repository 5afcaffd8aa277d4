/** The items of the 10,000-item list (the core state's default, and what the whole-var baseline sends). */
export function createItems(count) {
  return Array.from({ length: count }, (_, id) => ({ id, label: `item ${id}`, done: false }));
}
