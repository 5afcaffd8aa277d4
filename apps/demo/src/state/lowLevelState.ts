import { type AppHandle, defineState } from '@core/state';

/**
 * The seed's low-level example: a handler starts arbitrary async work that is not a background
 * task; when the data arrives it is written with `app.modifyState` (lock, refresh, commit, send).
 */
export const LowLevelState = defineState('lowLevel', {
  vars: { loading: false, data: [] as string[], fetchedAt: '' },
  events: {
    fetchData(s, _: void, ctx) {
      if (s.loading) return;
      s.loading = true;
      void loadInBackground(ctx.app, ctx.token);
    },
  },
});

async function loadInBackground(app: AppHandle, token: string): Promise<void> {
  let rows: string[];
  try {
    rows = await fetchRows();
  } catch (error) {
    rows = [`failed: ${(error as Error).message}`];
  }
  await app.modifyState(token, async (tx) => {
    const s = await tx.get(LowLevelState);
    s.data = rows;
    s.fetchedAt = new Date().toISOString();
    s.loading = false;
  });
}

/** Fetches from the demo's own data endpoint (`/api/data`, see ../server.ts), over real HTTP. */
async function fetchRows(): Promise<string[]> {
  const origin = process.env.CORE_ORIGIN ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
  const response = await fetch(`${origin}/api/data`);
  if (!response.ok) throw new Error(`GET /api/data answered ${response.status}`);
  const body = (await response.json()) as { rows: string[] };
  return body.rows;
}
