import fc from 'fast-check';

/** Arbitrary JSON states and random edits of them, as handlers make them (shared by the patch and draft tests). */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    fc.integer(),
    fc.string({ maxLength: 4 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A random edit of a draft, as handlers make them: set, delete, push, splice, pop, shift. */
export type Edit = { pick: number[]; action: number; value: Json; index: number };
export const edits = fc.array(
  fc.record({
    pick: fc.array(fc.nat(), { maxLength: 3 }),
    action: fc.nat(7),
    value: json,
    index: fc.nat(5),
  }),
  { maxLength: 6 },
);

export function edit(draft: Record<string, Json>, { pick, action, value, index }: Edit): void {
  // Walk down to a container by the picked child numbers, then change it.
  let target: Json = draft;
  for (const n of pick) {
    const keys: (string | number)[] = Array.isArray(target)
      ? target.map((_, i) => i)
      : target && typeof target === 'object'
        ? Object.keys(target)
        : [];
    const next: Json | undefined =
      keys.length > 0 ? (target as Record<string | number, Json>)[keys[n % keys.length]] : undefined;
    if (next === null || typeof next !== 'object') break;
    target = next;
  }
  if (Array.isArray(target)) {
    const at = target.length === 0 ? 0 : index % (target.length + 1);
    if (action === 0) target.push(value);
    else if (action === 1) target.splice(at, 1);
    else if (action === 2) target.splice(at, 0, value);
    else if (action === 3) target.pop();
    else if (action === 4) target.shift();
    else if (action === 5) target.length = Math.min(target.length, at);
    else if (target.length > 0) target[at % target.length] = value;
  } else if (target && typeof target === 'object') {
    const key = ['a', 'b', 'c', 'd'][index % 4];
    if (action < 2) delete (target as Record<string, Json>)[key];
    else (target as Record<string, Json>)[key] = value;
  }
}
