import { PageWindows, type SliceRequest, type WindowRequest } from '@core/state/collections';
import { type AppPort, reportFailure } from '@core/state/internal';
import { type HydrateMessage, type WindowAnswer, type WireErrorReport, WireEvent } from '@core/state/protocol';
import type { CoreSocket } from './socketServer.js';

/** Window loads one socket may have under way at once (more are refused). */
const MAX_LOADS_IN_FLIGHT = 4;
/** Longest order key a page may name as a cursor. */
const MAX_CURSOR = 256;

/**
 * A page's collection windows on one socket: `core:window` loads (read under the document's lock,
 * the bounds widened before it is released), and the bounds of the windows each hydrate carried,
 * kept on `socket.data.windows` so that delivering a commit to this socket can leave out what its
 * windows do not show (`windowedDelivery.ts`). What the page sends is checked: the state and var
 * must be a public collection the tab shows, the count is capped, a cursor is only a bound.
 */
export class WindowChannel {
  readonly #socket: CoreSocket;
  readonly #port: AppPort;
  readonly #windows = new PageWindows();
  #inFlight = 0;

  constructor(socket: CoreSocket, port: AppPort) {
    this.#socket = socket;
    this.#port = port;
    socket.data.windows = this.#windows;
    socket.onAnyOutgoing((event, message) => {
      if (event === WireEvent.hydrate) this.hydrated(message as HydrateMessage);
    });
    socket.on(WireEvent.window, (raw, ack) => this.onWindow(raw, ack));
  }

  /** A hydrate went to the page (emitted, or as the answer to a resync): its windows' bounds. */
  hydrated(message: HydrateMessage): void {
    const sources = new Map<string, string>();
    for (const [source, shared] of Object.entries(message.shared ?? {})) {
      for (const state of shared.states) sources.set(state, source);
    }
    this.#windows.noteHydrate(message.state, (state) => sources.get(state) ?? '');
  }

  /** `core:window`: reads the part asked for and answers with it and where it stands. */
  onWindow(raw: unknown, ack: unknown): void {
    if (typeof ack !== 'function') return;
    const answer = ack as (answer: WindowAnswer) => void;
    const ask = parseWindowRequest(raw);
    if (typeof ask === 'string') {
      answer({ ok: false, error: { code: 'INVALID_EVENT', message: `[core/server] ${ask}` } });
      return;
    }
    if (this.#inFlight >= MAX_LOADS_IN_FLIGHT) {
      answer({ ok: false, error: overloaded() });
      return;
    }
    this.#inFlight += 1;
    const token = this.#socket.data.token;
    this.#port
      .readWindow(token, ask, (slice, source) => this.#windows.noteSlice(source, ask.state, ask.name, slice))
      .then(
        (read) => answer({ ok: true, ...read }),
        (error: unknown) => answer({ ok: false, error: reportFailure(error, this.#port.settings.dev) }),
      )
      .finally(() => {
        this.#inFlight -= 1;
      });
  }
}

/** The request when it is well formed, else why not. */
function parseWindowRequest(raw: unknown): WindowRequest | string {
  const { state, name, request } = (raw ?? {}) as Record<string, unknown>;
  if (typeof state !== 'string' || state.length > 128 || typeof name !== 'string' || name.length > 128) {
    return 'A window request needs string `state` and `name` of at most 128 characters.';
  }
  const { from, after, before, count } = (request ?? {}) as Record<string, unknown>;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
    return 'A window request needs a positive integer `count`.';
  }
  const cursor = (value: unknown) => typeof value === 'string' && value.length > 0 && value.length <= MAX_CURSOR;
  let part: SliceRequest;
  if (from === 'start' || from === 'end') part = { from, count };
  else if (cursor(after)) part = { after: after as string, count };
  else if (cursor(before)) part = { before: before as string, count };
  else return "A window request needs `from: 'start' | 'end'`, or an `after` or `before` order key.";
  return { state, name, request: part };
}

function overloaded(): WireErrorReport {
  return {
    code: 'OVERLOADED',
    message: `[core/server] This page has ${MAX_LOADS_IN_FLIGHT} window loads under way already; wait for one to finish.`,
  };
}
