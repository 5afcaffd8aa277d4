import { StateError } from '../errors.js';
import type {
  ClientAction,
  ClientApi,
  ClientCallAnswer,
  ClientCallErrorCode,
  ClientCallOptions,
  ToastKind,
} from './clientAction.js';
import { isSafeHref } from './safeHref.js';
import { type StandardSchemaV1, validateWithSchema } from './standardSchema.js';

/** Where a channel sends: the page that fired the event (`target`), or every page of the token. */
export interface ClientTransport {
  deliver(actions: readonly ClientAction[]): void;
  call(request: { name: string; payload: unknown; timeout: number; maxBytes: number }): Promise<ClientCallAnswer>;
}

const MAX_TEXT = 100_000;
const MAX_DATA = 8 * 1024 * 1024;
/** The largest client-call answer taken unless the call says otherwise, in bytes of JSON. */
const MAX_ANSWER_BYTES = 65_536;

/**
 * The `ctx.client` / `task.client` of one step: checks each action, keeps them in order and sends
 * them when the step commits (`flush`), or drops them when it failed (`discard`). An unbuffered
 * channel (a background task outside `modify`) sends each action at once.
 */
export class ClientChannel {
  readonly api: ClientApi;
  #pending: ClientAction[] = [];
  readonly #transport: ClientTransport;
  readonly #buffered: boolean;
  readonly #timeout: number;

  constructor(transport: ClientTransport, options: { buffered: boolean; timeout: number }) {
    this.#transport = transport;
    this.#buffered = options.buffered;
    this.#timeout = options.timeout;
    const push = (action: ClientAction) => {
      this.#pending.push(action);
      if (!this.#buffered) this.flush();
    };
    this.api = {
      redirect: (href, options) => push(redirectAction(href, options?.replace)),
      toast: (message, options) => push(toastAction(message, options?.kind, options?.duration)),
      download: (file) => push(downloadAction(file)),
      setClipboard: (text) => push({ type: 'setClipboard', text: checkText('setClipboard', 'text', text) }),
      focus: (target) => push({ type: 'focus', target: checkText('focus', 'target', target, 1_000) }),
      scrollTo: (options) => push(scrollToAction(options)),
      call: ((name: string, payload?: unknown, callOptions?: ClientCallOptions<StandardSchemaV1 | undefined>) =>
        this.#call(name, payload, callOptions)) as ClientApi['call'],
    };
  }

  /** Sends the actions made since the last flush, in order. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const actions = this.#pending;
    this.#pending = [];
    this.#transport.deliver(actions);
  }

  /** Drops the actions not sent yet (their step failed). */
  discard(): void {
    this.#pending = [];
  }

  async #call(
    name: string,
    payload: unknown,
    options: ClientCallOptions<StandardSchemaV1 | undefined> | undefined,
  ): Promise<unknown> {
    checkText('call', 'name', name, 200);
    const timeout = options?.timeout ?? this.#timeout;
    if (!(Number.isFinite(timeout) && timeout > 0)) {
      throw new StateError('INVALID_ACTION', `client.call("${name}"): timeout must be a positive number of ms.`);
    }
    const maxBytes = options?.maxBytes ?? MAX_ANSWER_BYTES;
    if (!(Number.isSafeInteger(maxBytes) && maxBytes > 0)) {
      throw new StateError('INVALID_ACTION', `client.call("${name}"): maxBytes must be a positive whole number.`);
    }
    // Actions made before the call reach the page before it, as the handler wrote them.
    this.flush();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<ClientCallAnswer>((resolve) => {
      timer = setTimeout(
        () => resolve({ ok: false, error: { code: 'TIMEOUT', message: `no page answered within ${timeout} ms` } }),
        timeout,
      );
    });
    let answer: ClientCallAnswer;
    try {
      answer = await Promise.race([this.#transport.call({ name, payload, timeout, maxBytes }), timedOut]);
    } catch (error) {
      answer = { ok: false, error: { code: 'NO_PAGE', message: String((error as Error)?.message ?? error) } };
    } finally {
      clearTimeout(timer);
    }
    if (!answer.ok) throw callFailed(name, answer.error.code, answer.error.message);
    // A function that returned nothing answers null (its `undefined` does not survive JSON).
    const value = answer.value === undefined ? null : answer.value;
    // The page checks the size before answering; a page is untrusted, so it is checked here too.
    const size = answerSize(value);
    if (size > maxBytes) {
      throw callFailed(name, 'TOO_LARGE', `the answer is ${size} bytes of JSON, over the ${maxBytes} allowed`);
    }
    if (!options?.schema) return value;
    const checked = await validateWithSchema(options.schema, value);
    if (checked.ok) return checked.value;
    throw callFailed(name, 'INVALID_ANSWER', `its schema refused the answer${checked.reason}`);
  }
}

/** What to do about each way a client call fails. */
const CALL_HINTS: Record<ClientCallErrorCode, string> = {
  UNKNOWN_FUNCTION: 'Register it in the page with registerClientFunction("%s", fn)',
  FUNCTION_FAILED: 'Fix the function the page registered as "%s"',
  NO_PAGE: 'Call it from an event of a connected page',
  TIMEOUT: 'Keep the page connected, or give the call a longer { timeout }',
  TOO_LARGE: 'Answer with less, or give the call a larger { maxBytes }',
  INVALID_ANSWER: 'Make the page answer what the schema expects',
};

function callFailed(name: string, code: ClientCallErrorCode, message: string): StateError {
  const hint = (CALL_HINTS[code] ?? CALL_HINTS.FUNCTION_FAILED).replace('%s', name);
  return new StateError('CLIENT_CALL', `client.call("${name}") failed (${code}): ${message}. ${hint}.`);
}

/** The JSON size of an answer; a value nested too deep to measure counts as too large. */
function answerSize(value: unknown): number {
  try {
    return JSON.stringify(value)?.length ?? 0;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function redirectAction(href: unknown, replace: unknown): ClientAction {
  checkText('redirect', 'href', href, 8_000);
  if (!isSafeHref(href as string)) {
    throw new StateError(
      'INVALID_ACTION',
      `client.redirect(${JSON.stringify(href)}): only relative, http(s) and mailto URLs are allowed.`,
    );
  }
  return replace === true
    ? { type: 'redirect', href: href as string, replace: true }
    : { type: 'redirect', href: href as string };
}

const KINDS = new Set<ToastKind>(['info', 'success', 'warning', 'error']);

function toastAction(message: unknown, kind: unknown, duration: unknown): ClientAction {
  checkText('toast', 'message', message, 2_000);
  if (kind !== undefined && !KINDS.has(kind as ToastKind)) {
    throw new StateError(
      'INVALID_ACTION',
      `client.toast(): kind ${JSON.stringify(kind)} is not info, success, warning or error.`,
    );
  }
  if (duration !== undefined && !(typeof duration === 'number' && Number.isFinite(duration) && duration >= 0)) {
    throw new StateError('INVALID_ACTION', 'client.toast(): duration must be a number of ms (0 = until dismissed).');
  }
  return {
    type: 'toast',
    message: message as string,
    ...(kind === undefined ? {} : { kind: kind as ToastKind }),
    ...(duration === undefined ? {} : { duration: duration as number }),
  };
}

function downloadAction(file: unknown): ClientAction {
  const f = (typeof file === 'object' && file !== null ? file : {}) as Record<string, unknown>;
  if (f.filename !== undefined) checkFilename(f.filename);
  if (typeof f.url === 'string') {
    if (!isSafeHref(f.url)) {
      throw new StateError(
        'INVALID_ACTION',
        `client.download(): url ${JSON.stringify(f.url)} must be relative or http(s).`,
      );
    }
    return { type: 'download', url: f.url, ...(f.filename === undefined ? {} : { filename: f.filename as string }) };
  }
  if (typeof f.data !== 'string') {
    throw new StateError('INVALID_ACTION', 'client.download() takes { url } or { data, filename, mimeType? }.');
  }
  checkText('download', 'data', f.data, MAX_DATA);
  checkFilename(f.filename);
  if (f.mimeType !== undefined) checkText('download', 'mimeType', f.mimeType, 200);
  if (f.encoding !== undefined && f.encoding !== 'text' && f.encoding !== 'base64') {
    throw new StateError('INVALID_ACTION', 'client.download(): encoding is "text" or "base64".');
  }
  return {
    type: 'download',
    data: f.data,
    filename: f.filename as string,
    ...(f.mimeType === undefined ? {} : { mimeType: f.mimeType as string }),
    ...(f.encoding === undefined ? {} : { encoding: f.encoding as 'text' | 'base64' }),
  };
}

function checkFilename(name: unknown): void {
  checkText('download', 'filename', name, 255);
  if (/[/\\]/.test(name as string)) {
    throw new StateError(
      'INVALID_ACTION',
      `client.download(): filename ${JSON.stringify(name)} must not contain a path.`,
    );
  }
}

function scrollToAction(options: unknown): ClientAction {
  const o = (typeof options === 'object' && options !== null ? options : {}) as Record<string, unknown>;
  if (o.target !== undefined) checkText('scrollTo', 'target', o.target, 1_000);
  for (const key of ['top', 'left'] as const) {
    if (o[key] !== undefined && !(typeof o[key] === 'number' && Number.isFinite(o[key]))) {
      throw new StateError('INVALID_ACTION', `client.scrollTo(): ${key} must be a finite number.`);
    }
  }
  if (o.behavior !== undefined && o.behavior !== 'auto' && o.behavior !== 'smooth') {
    throw new StateError('INVALID_ACTION', 'client.scrollTo(): behavior is "auto" or "smooth".');
  }
  if (o.target === undefined && o.top === undefined && o.left === undefined) {
    throw new StateError('INVALID_ACTION', 'client.scrollTo() needs a target or a top/left position.');
  }
  const action: Record<string, unknown> = { type: 'scrollTo' };
  for (const key of ['target', 'top', 'left', 'behavior'] as const) if (o[key] !== undefined) action[key] = o[key];
  return action as unknown as ClientAction;
}

function checkText(action: string, field: string, value: unknown, max = MAX_TEXT): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw new StateError(
      'INVALID_ACTION',
      `client.${action}(): ${field} must be a non-empty string of at most ${max} characters, got ${typeof value === 'string' ? `${value.length} characters` : typeof value}.`,
    );
  }
  return value;
}
