import { defineState } from '@core/state';

/**
 * Reflex's large-state scenario: `count` vars of which all but `var0` are strings of `chars`
 * characters. Sized by `DEMO_LARGE_VARS` and `DEMO_LARGE_CHARS` (tiny unless a spec asks for more:
 * every tab of the demo carries it); the page shows only `var0`.
 */
function largeVars(count: number, chars: number): { var0: number } & Record<string, string | number> {
  const vars: { var0: number } & Record<string, string | number> = { var0: 0 };
  for (let i = 1; i < count; i++) vars[`var${i}`] = String(i % 10).repeat(chars);
  return vars;
}

export const LargeState = defineState('large', {
  vars: largeVars(Number(process.env.DEMO_LARGE_VARS ?? 3), Number(process.env.DEMO_LARGE_CHARS ?? 10)),
  events: {
    increment(s) {
      s.var0 += 1;
    },
  },
});
