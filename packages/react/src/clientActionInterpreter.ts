import type { ClientAction, ClientCallAnswer } from '@core/state/protocol';
import { isSafeHref } from '@core/state/protocol';
import type { AnyClientFunction } from './clientFunctions.js';
import type { ClientActionEnvironment } from './runClientAction.js';

/**
 * The client-action interpreter: this module is a chunk of its own, loaded the first time the
 * server sends an action or calls a client function. Actions are data: nothing the server sends
 * is evaluated, and a URL that is not relative, http(s) or mailto is refused here too. Throws a
 * plain `Error` for an action it cannot carry out.
 */
export async function interpretClientAction(action: ClientAction, env: ClientActionEnvironment): Promise<void> {
  switch (action.type) {
    case 'redirect': {
      checkHref(action.href);
      const replace = action.replace === true;
      if (env.navigate?.(action.href, { replace })) return;
      if (replace) window.location.replace(action.href);
      else window.location.assign(action.href);
      return;
    }
    case 'toast':
      env.toasts.show(action.message, { kind: action.kind, duration: action.duration });
      return;
    case 'download':
      download(action);
      return;
    case 'setClipboard':
      await navigator.clipboard.writeText(action.text);
      return;
    case 'focus':
      (findElement(action.target) as HTMLElement).focus();
      return;
    case 'scrollTo': {
      const behavior = action.behavior ?? 'auto';
      if (action.target !== undefined) {
        findElement(action.target).scrollIntoView({ behavior, block: 'start' });
      } else {
        window.scrollTo({ top: action.top, left: action.left, behavior });
      }
      return;
    }
    default:
      throw new Error(`[core/react] Unknown client action ${JSON.stringify((action as { type?: unknown }).type)}.`);
  }
}

/**
 * Answers a `core:call` with the result of `fn`, the function registered under `name` (undefined
 * when there is none), or with why it failed: `TOO_LARGE` for a result over the server's
 * `maxBytes` (sent, it would only fill the socket or close it).
 */
export async function answerClientCall(
  fn: AnyClientFunction | undefined,
  name: unknown,
  payload: unknown,
  maxBytes?: unknown,
): Promise<ClientCallAnswer> {
  if (!fn) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_FUNCTION', message: `no function ${JSON.stringify(name)} in the page` },
    };
  }
  try {
    // A function that returns nothing answers null: `undefined` has no JSON and would vanish.
    const result = await fn(payload);
    const value = result === undefined ? null : result;
    if (typeof maxBytes === 'number') {
      const size = new TextEncoder().encode(JSON.stringify(value)).length;
      if (size > maxBytes) {
        const message = `the answer is ${size} bytes of JSON, over the ${maxBytes} allowed`;
        return { ok: false, error: { code: 'TOO_LARGE', message } };
      }
    }
    return { ok: true, value };
  } catch (error) {
    return {
      ok: false,
      error: { code: 'FUNCTION_FAILED', message: error instanceof Error ? error.message : String(error) },
    };
  }
}

/**
 * The element a `focus` or `scrollTo` action names: by `data-testid` first, then by `id`, then as a
 * CSS selector. Throws an error naming all three when nothing matches.
 */
function findElement(target: string): Element {
  let element = document.querySelector(`[data-testid="${CSS.escape(target)}"]`) ?? document.getElementById(target);
  try {
    element ??= document.querySelector(target);
  } catch {
    // not a valid selector
  }
  if (!element) {
    throw new Error(
      `[core/react] No element has data-testid "${target}" or id "${target}", and none matches it as a CSS selector; give the element one of them.`,
    );
  }
  return element;
}

function checkHref(href: string): void {
  if (!isSafeHref(href)) throw new Error(`[core/react] Refused URL ${href}.`);
}

function download(action: Extract<ClientAction, { type: 'download' }>): void {
  const anchor = document.createElement('a');
  let objectUrl: string | undefined;
  if ('url' in action) {
    checkHref(action.url);
    anchor.href = action.url;
    anchor.download = action.filename ?? '';
  } else {
    const bytes =
      action.encoding === 'base64' ? Uint8Array.from(atob(action.data), (c) => c.charCodeAt(0)) : action.data;
    objectUrl = URL.createObjectURL(new Blob([bytes], { type: action.mimeType ?? 'application/octet-stream' }));
    anchor.href = objectUrl;
    anchor.download = action.filename;
  }
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // The browser has read the blob once the click's navigation started; free it a little later.
  if (objectUrl) setTimeout(() => URL.revokeObjectURL(objectUrl), 60_000);
}
