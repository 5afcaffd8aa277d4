import { StateError } from '../errors.js';
import type { AppHandle, HandlerContext } from './handlerContext.js';
import type { SchemaInput, SchemaOutput, StandardSchemaV1 } from './payloadSchema.js';
import type { AnyStateDefinition } from './stateShape.js';
import { markUploadHandler, type UploadArgs, type UploadHandlerOptions, uploadArguments } from './uploadHandler.js';

/** One file of a streaming upload: its chunks as they arrive (`for await (const chunk of file)`). */
export interface IncomingFile extends AsyncIterable<Uint8Array> {
  /** The file's name as the page gave it (no path). */
  readonly name: string;
  /** Its MIME type as the page gave it (untrusted). */
  readonly type: string;
  /** Bytes of this file received so far. */
  readonly received: number;
}

/** What the first argument of a streaming upload handler offers. */
export interface UploadStream<TState, TArgs = undefined> {
  /** The tab the upload came from. */
  readonly token: string;
  /** The arguments the page bound to the upload, checked like `uploadHandler`'s. */
  readonly args: TArgs;
  /** The files of the request in order, each as soon as its first bytes arrive. */
  readonly files: AsyncIterable<IncomingFile>;
  /**
   * Aborts when the upload ends early: the page cancelled it or went away, it went over the size
   * limit, or the handler left its next chunk unread too long. Reading a file then throws the
   * signal's reason; what the handler wrote so far is its own to keep or delete.
   */
  readonly signal: AbortSignal;
  /**
   * Runs `fn` on the handler's state under the tab's lock (lock, refresh, mutate, commit, send,
   * unlock), like `task.modify`; the only way a streaming handler changes state.
   */
  modify<TResult>(fn: (state: TState, tx: HandlerContext) => TResult | Promise<TResult>): Promise<TResult>;
  /**
   * Like `modify` but never waits: `fn` runs under the lock as soon as it is free, and a progress
   * block still waiting for it is replaced by the newer one. For progress on every chunk without
   * holding the upload while another handler holds the lock.
   */
  progress(fn: (state: TState) => void): void;
}

/** A streaming upload handler's function. */
export type UploadStreamHandler<TState, TArgs = undefined> = (upload: UploadStream<TState, TArgs>) => unknown;

/** The payload type a streaming upload handler's event creator names: only its arguments travel. */
export type UploadStreamPayload<TArgs = undefined> = UploadArgs<TArgs>;

/** How a streaming upload handler appears among a state's events. */
export type UploadStreamEvent<TState, TArgs> = (
  state: TState,
  payload: UploadStreamPayload<TArgs>,
  ctx: HandlerContext,
) => unknown;

/**
 * Declares an upload handler that receives the files' chunks as they arrive, instead of a
 * temporary file: several files per request, no copy on the server's disk. It starts at once,
 * without the tab's lock, and holds the lock only inside `upload.modify` / `upload.progress`
 * blocks (as a background task does inside `task.modify`), so the request body is never held up
 * by a handler of the tab that waits or runs long. A cancelled upload aborts `upload.signal` and
 * makes the next read throw; what the handler wrote stays (it owns its files). With `{ args }`,
 * the page binds arguments to the upload, checked by that schema before the body is read.
 *
 * @example
 * receive: uploadStreamHandler(async (upload) => {
 *   for await (const file of upload.files) {
 *     const out = createWriteStream(path.join(dir, path.basename(file.name)));
 *     for await (const chunk of file) {
 *       out.write(chunk);
 *       upload.progress((s) => { s.received = file.received; });
 *     }
 *     out.end();
 *     await upload.modify((s) => { s.saved.push(file.name); });
 *   }
 * }),
 */
export function uploadStreamHandler<TState, TArgs = undefined>(
  fn: UploadStreamHandler<TState, TArgs>,
): UploadStreamEvent<TState, TArgs>;
export function uploadStreamHandler<TState, TSchema extends StandardSchemaV1>(
  options: UploadHandlerOptions<TSchema>,
  fn: UploadStreamHandler<TState, SchemaOutput<TSchema>>,
): UploadStreamEvent<TState, SchemaInput<TSchema>>;
export function uploadStreamHandler(
  first: UploadStreamHandler<unknown, unknown> | UploadHandlerOptions<StandardSchemaV1>,
  second?: UploadStreamHandler<unknown, unknown>,
): UploadStreamEvent<unknown, unknown> {
  const [options, fn] = uploadArguments('uploadStreamHandler', first, second);
  const event: UploadStreamEvent<unknown, unknown> = () => {
    throw new StateError(
      'FORBIDDEN_HANDLER',
      'A streaming upload handler runs only for an upload that reached the server, never as an event.',
    );
  };
  return markUploadHandler(event, 'stream', options, fn);
}

/** What the upload endpoint hands to {@link runUploadStream}. */
export interface UploadSource {
  readonly token: string;
  readonly args: unknown;
  readonly files: AsyncIterable<IncomingFile>;
  readonly signal: AbortSignal;
}

/**
 * Runs a streaming upload handler of `definition` on `source`, outside any lock: its `modify` and
 * `progress` blocks are `app.modifyState` steps on the handler's state, run in the order they were
 * asked for. Resolves when the handler and its blocks are done; rejects with what the handler (or
 * a progress block) threw.
 */
export async function runUploadStream(
  app: Pick<AppHandle, 'modifyState'>,
  definition: AnyStateDefinition,
  handler: UploadStreamHandler<unknown, unknown>,
  source: UploadSource,
): Promise<void> {
  let queue: Promise<unknown> = Promise.resolve();
  let waiting: ((state: unknown) => void) | undefined;
  let failed: { error: unknown } | undefined;
  const step = <TResult>(fn: (state: unknown, tx: HandlerContext) => TResult | Promise<TResult>) =>
    app.modifyState(source.token, async (tx) => fn(await tx.get(definition), tx));
  const upload: UploadStream<unknown, unknown> = {
    token: source.token,
    args: source.args,
    files: source.files,
    signal: source.signal,
    modify(fn) {
      const run = queue.then(() => step(fn));
      queue = run.catch(() => {});
      return run;
    },
    progress(fn) {
      const scheduled = waiting !== undefined;
      waiting = fn;
      if (scheduled) return;
      queue = queue
        .then(() => {
          const latest = waiting as (state: unknown) => void;
          waiting = undefined;
          return step(latest);
        })
        .catch((error: unknown) => {
          failed ??= { error };
        });
    },
  };
  await handler(upload);
  await queue;
  if (failed) throw failed.error;
}
