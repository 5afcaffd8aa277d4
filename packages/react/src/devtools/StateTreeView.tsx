import type { DevtoolsSnapshot } from './devtoolsStore.js';

/**
 * Every state of the tab with all its vars, backend (`_`) vars marked, the paths changed by the last
 * update highlighted. Test ids: `devtools-state`, `devtools-var` (`data-path`, `data-backend`,
 * `data-changed`), `devtools-backend-badge`.
 */
export function StateTreeView({ snapshot }: { snapshot: DevtoolsSnapshot }) {
  const { tree, changed, filter } = snapshot;
  const needle = filter.trim().toLowerCase();
  const states = Object.entries(tree?.states ?? {}).filter(
    ([name]) => !needle || name.toLowerCase().includes(needle.split('.')[0] ?? ''),
  );
  return (
    <section className="core-devtools-pane" data-testid="devtools-state">
      <h3>State{tree ? ` · seq ${tree.seq}` : ''}</h3>
      {!tree && <p>waiting for the server…</p>}
      {states.map(([name, vars]) => (
        <details key={name} open className="core-devtools-state" data-state={name}>
          <summary data-changed={changed.has(name)}>
            {name}
            {tree?.sources?.[name] && (
              <span className="core-devtools-badge core-devtools-shared" title="kept in a shared document">
                {tree.sources[name]}
              </span>
            )}
          </summary>
          {Object.entries(vars).map(([key, value]) => {
            const path = `${name}.${key}`;
            const backend = key.startsWith('_'); // as isBackendName in @core/state (not imported: it is server code)
            return (
              <div
                key={key}
                className="core-devtools-var"
                data-testid="devtools-var"
                data-path={path}
                data-backend={backend}
                data-changed={changed.has(path)}
                title={backend ? 'backend var: never sent to the page' : undefined}
              >
                <span className="k">{key}</span>
                {backend && (
                  <span className="core-devtools-badge" data-testid="devtools-backend-badge">
                    backend
                  </span>
                )}
                <span className="v">{preview(value)}</span>
              </div>
            );
          })}
        </details>
      ))}
    </section>
  );
}

function preview(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 120 ? `${json.slice(0, 117)}…` : json;
}
