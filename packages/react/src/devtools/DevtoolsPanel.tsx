import { useEffect, useSyncExternalStore } from 'react';
import { AppTasksView } from './AppTasksView.js';
import { ConnectionView } from './ConnectionView.js';
import type { DevtoolsStore } from './devtoolsStore.js';
import { EventTimelineView } from './EventTimelineView.js';
import { PANEL_CSS } from './panelStyles.js';
import { StateTreeView } from './StateTreeView.js';

/** Props of {@link DevtoolsPanel}. */
export interface DevtoolsPanelProps {
  readonly store: DevtoolsStore;
}

/**
 * The in-page devtools: a corner button (`devtools-toggle`) and `Ctrl+Shift+D` open a panel docked
 * at the bottom (`devtools-panel`), resizable by its top edge (`devtools-resize`), with the state
 * tree, the event timeline, the connection and the app tasks; a filter (`devtools-filter`), pause
 * (`devtools-pause`), clear (`devtools-clear`) and close (`devtools-close`).
 */
export function DevtoolsPanel({ store }: DevtoolsPanelProps) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'd') {
        event.preventDefault();
        store.toggle();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  // Docked, not floating: the page gets room below its content for the panel, so nothing of it
  // stays hidden underneath.
  useEffect(() => {
    if (!snapshot.open) return undefined;
    const body = document.body;
    const previous = body.style.paddingBottom;
    body.style.paddingBottom = `${snapshot.height}px`;
    return () => {
      body.style.paddingBottom = previous;
    };
  }, [snapshot.open, snapshot.height]);

  const startResize = (event: React.PointerEvent<HTMLDivElement>) => {
    event.preventDefault();
    const startY = event.clientY;
    const startHeight = snapshot.height;
    const move = (e: PointerEvent) =>
      store.setHeight(Math.min(window.innerHeight - 40, startHeight + startY - e.clientY));
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <>
      <style>{PANEL_CSS}</style>
      {!snapshot.open && (
        <button
          type="button"
          className="core-devtools-toggle"
          data-testid="devtools-toggle"
          title="core devtools (Ctrl+Shift+D)"
          onClick={() => store.setOpen(true)}
        >
          core ⚙
        </button>
      )}
      {snapshot.open && (
        <aside
          className="core-devtools"
          data-testid="devtools-panel"
          style={{ height: snapshot.height }}
          aria-label="core devtools"
        >
          <div className="core-devtools-resize" data-testid="devtools-resize" onPointerDown={startResize} />
          <div className="core-devtools-bar">
            <strong>core devtools</strong>
            <span data-testid="devtools-token" title="this tab's token">
              {snapshot.token ? `token ${snapshot.token.slice(0, 8)}…` : ''}
            </span>
            <input
              data-testid="devtools-filter"
              placeholder="filter by state or handler"
              value={snapshot.filter}
              onChange={(event) => store.setFilter(event.target.value)}
            />
            <button
              type="button"
              data-testid="devtools-pause"
              aria-pressed={snapshot.paused}
              onClick={() => store.setPaused(!snapshot.paused)}
            >
              {snapshot.paused ? 'resume' : 'pause'}
            </button>
            <button type="button" data-testid="devtools-clear" onClick={() => store.clear()}>
              clear
            </button>
            <span className="core-devtools-spacer" />
            <span style={{ color: '#94a3b8' }}>Ctrl+Shift+D</span>
            <button type="button" data-testid="devtools-close" onClick={() => store.setOpen(false)} aria-label="Close">
              ×
            </button>
          </div>
          <div className="core-devtools-body">
            <StateTreeView snapshot={snapshot} />
            <EventTimelineView snapshot={snapshot} />
            <div className="core-devtools-side">
              <ConnectionView snapshot={snapshot} />
              <AppTasksView snapshot={snapshot} />
            </div>
          </div>
        </aside>
      )}
    </>
  );
}
