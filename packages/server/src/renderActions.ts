import { randomUUID } from 'node:crypto';
import type { ActionDelivery, ClientAction } from '@core/state/internal';

/** Targets of server renders start with this (a socket id never holds a colon). */
const RENDER_TARGET = 'render:';
/** The most actions one render keeps; on-load events that make more lose the rest. */
const MAX_ACTIONS = 64;

/** What one render collects: its page target, and `take()`, which ends it with the actions made. */
export interface RenderCollector {
  readonly target: string;
  take(): ClientAction[];
}

/**
 * The client actions on-load events make during a server render, which no connected page could
 * receive. A render dispatches its on-load events with a target of its own (`render:<id>`) instead
 * of a socket's; the client relay hands what is sent there to this object, and the render answers
 * with it: an HTTP redirect, or actions the HTML carries for the page to carry out. Actions sent
 * to a render that has ended (events its on-load events chained) are dropped.
 */
export class RenderActions {
  readonly #open = new Map<string, ClientAction[]>();

  /** Starts collecting for one render. */
  open(): RenderCollector {
    const target = `${RENDER_TARGET}${randomUUID()}`;
    const actions: ClientAction[] = [];
    this.#open.set(target, actions);
    return {
      target,
      take: () => {
        this.#open.delete(target);
        return actions;
      },
    };
  }

  /** Keeps the actions of a delivery addressed to a render; false for any other target. */
  collect(delivery: ActionDelivery): boolean {
    if (!isRenderTarget(delivery.target)) return false;
    const actions = this.#open.get(delivery.target as string);
    if (actions) actions.push(...delivery.actions.slice(0, MAX_ACTIONS - actions.length));
    return true;
  }
}

/** True for the target of a server render (a client call there has no page to answer it). */
export function isRenderTarget(target: string | undefined): boolean {
  return target?.startsWith(RENDER_TARGET) === true;
}

/**
 * Where an HTTP redirect should send a render whose on-load events made `actions`: the href of the
 * last redirect when they are all redirects to a web address (relative or http(s)); undefined
 * otherwise (the page carries the actions out instead, a toast included).
 */
export function httpRedirectOf(actions: readonly ClientAction[]): string | undefined {
  if (actions.length === 0 || !actions.every((a) => a.type === 'redirect' && !/^mailto:/i.test(a.href))) return;
  const last = actions[actions.length - 1] as Extract<ClientAction, { type: 'redirect' }>;
  return last.href;
}
