import type { Page } from '@playwright/test';

/**
 * Holds back the page's `core:event` messages for the handlers `names` on their way to the
 * server, until `release()` sends them on: while held, the server has not even seen them, so
 * whatever the page shows is its own optimistic copy. Other messages pass both ways. Call once per
 * page, before `page.goto`.
 */
export async function holdEvents(page: Page, ...names: string[]): Promise<{ held: () => number; release: () => void }> {
  const held: string[] = [];
  let forward: ((message: string) => void) | undefined;
  let holding = true;
  const isHeld = (text: string) =>
    text.includes('"core:event"') && names.some((name) => text.includes(`"name":"${name}"`));
  await page.routeWebSocket(/\/socket\.io\//, (socket) => {
    const server = socket.connectToServer();
    forward = (message) => server.send(message);
    socket.onMessage((message) => {
      const text = typeof message === 'string' ? message : message.toString();
      if (holding && isHeld(text)) held.push(text);
      else server.send(message);
    });
  });
  return {
    held: () => held.length,
    release: () => {
      holding = false;
      for (const message of held.splice(0)) forward?.(message);
    },
  };
}
