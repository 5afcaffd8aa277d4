// @vitest-environment happy-dom
import { CoreProvider } from '@core/react';
import type { ClientErrorReport } from '@core/state/protocol';
import { act, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openedInTests, type ScriptedServer } from './scriptedServer.js';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const { start, connect, closeAll } = openedInTests();
afterEach(async () => {
  await closeAll();
  vi.restoreAllMocks();
});

/** A scripted server that records the `core:client-error` reports of its pages. */
async function recordingServer(): Promise<{ server: ScriptedServer; reports: ClientErrorReport[] }> {
  const server = await start();
  const reports: ClientErrorReport[] = [];
  server.onConnect = (socket) => socket.on('core:client-error', (report: ClientErrorReport) => reports.push(report));
  return { server, reports };
}

function Crasher() {
  const [crash, setCrash] = useState(false);
  if (crash) throw new TypeError('render went wrong');
  return (
    <button type="button" data-testid="crash" onClick={() => setCrash(true)}>
      crash
    </button>
  );
}

describe('errors of the page', () => {
  it('a render error is reported with its component stack and replaced by a fallback that can retry', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {}); // React logs caught errors too
    const { server, reports } = await recordingServer();
    const client = connect(server.url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    const el = document.createElement('div');
    document.body.append(el);
    const root = createRoot(el);
    await act(async () =>
      root.render(
        <CoreProvider client={client}>
          <Crasher />
        </CoreProvider>,
      ),
    );
    await act(async () => (el.querySelector('[data-testid="crash"]') as HTMLButtonElement).click());
    expect(el.querySelector('[data-testid="core-render-error"]')?.textContent).toContain('Something went wrong');
    await expect.poll(() => reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ kind: 'render', message: 'TypeError: render went wrong' });
    expect(reports[0].componentStack).toContain('Crasher');
    expect(reports[0].stack).toContain('render went wrong');
    await act(async () => (el.querySelector('[data-testid="core-render-error-retry"]') as HTMLButtonElement).click());
    expect(el.querySelector('[data-testid="crash"]')).not.toBeNull();
    await act(async () => root.unmount());
    el.remove();
  });

  it('uncaught errors and unhandled rejections are reported; while disconnected at most ten wait', async () => {
    const { server, reports } = await recordingServer();
    const client = connect(server.url);
    await expect.poll(() => client.getStatus()).toBe('connected');
    window.dispatchEvent(new ErrorEvent('error', { error: new Error('click handler broke'), message: 'x' }));
    const rejection = new Event('unhandledrejection') as Event & { reason?: unknown };
    rejection.reason = { code: 42 };
    window.dispatchEvent(rejection);
    await expect
      .poll(() => reports.map((r) => `${r.kind}: ${r.message}`))
      .toEqual(['error: click handler broke', 'unhandledrejection: {"code":42}']);
    // Disconnected: the reports wait (ten at most, and ten a minute in all), then go out on reconnect.
    client.close();
    for (let i = 0; i < 12; i++) client.reportPageError('error', new Error(`offline ${i}`));
    client.connect();
    await expect.poll(() => reports.length).toBe(10);
    expect(reports.slice(2).map((r) => r.message)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => `offline ${i}`));
  });
});
