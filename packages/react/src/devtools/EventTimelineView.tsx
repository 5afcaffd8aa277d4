import { useState } from 'react';
import type { DevtoolsSnapshot } from './devtoolsStore.js';
import type { EventTimeline, TimelineEntry } from './eventTimeline.js';

/**
 * The tab's events, oldest first, chained ones nested under their parent; background tasks as a
 * bar from start to end with a tick per `modify`. Test ids: `devtools-timeline`, `devtools-event`
 * (`data-handler`, `data-origin`, `data-kind`), `devtools-task-bar`, `devtools-tick`,
 * `devtools-error`, `devtools-stack`, `devtools-copy`.
 */
export function EventTimelineView({ snapshot }: { snapshot: DevtoolsSnapshot }) {
  const { timeline, filter } = snapshot;
  const needle = filter.trim().toLowerCase();
  const roots = timeline.roots().filter((entry) => !needle || matches(timeline, entry, needle));
  const now = lastTime(timeline);
  return (
    <section className="core-devtools-pane" data-testid="devtools-timeline">
      <h3>
        Events · {timeline.entries.size} of the last {timeline.limit}
      </h3>
      {roots.length === 0 && <p>{needle ? 'no event matches the filter' : 'no events yet: use the page'}</p>}
      {roots.map((entry) => (
        <EntryView key={entry.id} entry={entry} timeline={timeline} now={now} />
      ))}
    </section>
  );
}

function EntryView({ entry, timeline, now }: { entry: TimelineEntry; timeline: EventTimeline; now: number }) {
  const [copied, setCopied] = useState(false);
  const children = timeline.children(entry.id);
  const copy = () => {
    const json = JSON.stringify({ ...entry, children: children.map((c) => c.id) }, null, 2);
    void copyText(json).then((ok) => setCopied(ok));
  };
  const running = entry.endedAt === undefined;
  return (
    <div>
      <div
        className="core-devtools-row"
        data-testid="devtools-event"
        data-id={entry.id}
        data-handler={entry.handler}
        data-origin={entry.origin}
        data-kind={entry.kind}
        data-running={running}
      >
        <span className="m">{clock(entry.queuedAt)}</span>
        <span className="core-devtools-origin" data-origin={entry.origin}>
          {entry.origin}
        </span>
        <span className="h">{entry.kind === 'task' ? `⚙ ${entry.handler}` : entry.handler}</span>
        <span className="p" title={payloadText(entry.payload)}>
          {payloadText(entry.payload)}
        </span>
        {entry.kind === 'task' ? <TaskBar entry={entry} now={now} /> : <span style={{ flex: 1 }} />}
        <span className="m" title="lock wait · held">
          {ms(entry.lockWait)} · {ms(entry.held)}
        </span>
        <span className="m" title="patches · bytes">
          {entry.patches}p · {entry.bytes}B
        </span>
        {entry.error ? <span style={{ color: '#f87171' }}>✗</span> : running ? <span>…</span> : <span>✓</span>}
        <button type="button" data-testid="devtools-copy" onClick={copy} title="Copy the event as JSON">
          {copied ? 'copied' : 'copy'}
        </button>
      </div>
      {entry.error && (
        <div className="core-devtools-error" data-testid="devtools-error">
          {entry.error.code ? `${entry.error.code}: ` : ''}
          {entry.error.message}
          {entry.error.stack && <pre data-testid="devtools-stack">{entry.error.stack}</pre>}
        </div>
      )}
      {children.length > 0 && (
        <div className="core-devtools-children">
          {children.map((child) => (
            <EntryView key={child.id} entry={child} timeline={timeline} now={now} />
          ))}
        </div>
      )}
    </div>
  );
}

/** A task's run from start to end (or now), each `modify` a tick on it. */
function TaskBar({ entry, now }: { entry: TimelineEntry; now: number }) {
  const start = entry.startedAt ?? entry.queuedAt;
  const end = entry.endedAt ?? Math.max(now, start);
  const span = Math.max(1, end - start);
  return (
    <span className="core-devtools-track" title={`${entry.ticks.length} modify blocks over ${ms(end - start)}`}>
      <span
        className="core-devtools-taskbar"
        data-testid="devtools-task-bar"
        data-running={entry.endedAt === undefined}
        style={{ left: 0, right: 0 }}
      />
      {entry.ticks.map((tick, i) => (
        <span
          // biome-ignore lint/suspicious/noArrayIndexKey: ticks only ever get appended
          key={i}
          className="core-devtools-tick"
          data-testid="devtools-tick"
          title={`modify: ${tick.patches} patches, held ${ms(tick.held)}`}
          style={{ left: `calc(${(((tick.at - start) / span) * 100).toFixed(2)}% - 1px)` }}
        />
      ))}
    </span>
  );
}

function matches(timeline: EventTimeline, entry: TimelineEntry, needle: string): boolean {
  return (
    entry.handler.toLowerCase().includes(needle) ||
    timeline.children(entry.id).some((c) => matches(timeline, c, needle))
  );
}

function lastTime(timeline: EventTimeline): number {
  let last = 0;
  for (const entry of timeline.entries.values()) {
    last = Math.max(last, entry.endedAt ?? 0, entry.startedAt ?? 0, entry.queuedAt, entry.ticks.at(-1)?.at ?? 0);
  }
  return last;
}

function payloadText(payload: unknown): string {
  if (payload === undefined) return '';
  const json = JSON.stringify(payload) ?? String(payload);
  return json.length > 200 ? `${json.slice(0, 197)}…` : json;
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)}ms` : `${Math.round(value)}ms`;
}

function clock(at: number): string {
  const d = new Date(at);
  return `${d.toTimeString().slice(0, 8)}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (an insecure origin, a headless browser): a hidden textarea.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
