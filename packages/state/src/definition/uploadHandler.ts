import { StateError } from '../errors.js';
import type { HandlerContext } from './handlerContext.js';
import type { SchemaInput, SchemaOutput, StandardSchemaV1 } from './payloadSchema.js';
import type { UploadStreamHandler } from './uploadStream.js';

/**
 * What an upload handler receives: the file the page sent, stored in a temporary file, and the
 * arguments the page bound to the upload (`args`, present when the handler takes some).
 */
export type UploadedFile<TArgs = undefined> = UploadedFileInfo & UploadArgs<TArgs>;

/** The arguments part of an upload's payload: required when the handler takes arguments. */
export type UploadArgs<TArgs> = undefined extends TArgs ? { readonly args?: TArgs } : { readonly args: TArgs };

/** The file part of {@link UploadedFile}. */
export interface UploadedFileInfo {
  /** The file's name as the page gave it (no path). */
  readonly name: string;
  /** Its MIME type as the page gave it (untrusted). */
  readonly type: string;
  /** Its size in bytes, as received. */
  readonly size: number;
  /**
   * The temporary file holding it; deleted when the handler has finished, so read or move it
   * inside the handler.
   */
  readonly path: string;
}

/** The shape of an upload handler. */
export type UploadHandler<TState, TArgs = undefined> = (
  state: TState,
  file: UploadedFile<TArgs>,
  ctx: HandlerContext,
) => unknown;

/** Options of {@link uploadHandler} and `uploadStreamHandler`. */
export interface UploadHandlerOptions<TSchema extends StandardSchemaV1> {
  /**
   * A Standard Schema (zod, valibot, …) for the arguments the page binds to the upload
   * (`useUpload(target, { args })`, JSON): checked before the body is stored, as a payload is; a
   * refusal answers 400 `INVALID_UPLOAD` naming the field. Without it, `args` is the JSON as sent.
   */
  args: TSchema;
}

const UPLOAD_HANDLER: unique symbol = Symbol.for('core.uploadHandler') as never;

/** How an upload handler takes files, its arguments' schema and, for streaming, its function. */
export interface UploadMark {
  readonly kind: 'file' | 'stream';
  readonly args?: StandardSchemaV1;
  readonly stream?: UploadStreamHandler<unknown, unknown>;
}

/**
 * Marks an event handler as the receiver of uploads (`useUpload(TheState.handler)` in the page):
 * it runs only for a file that reached the server's upload endpoint, never for a `core:event`
 * from a page, so its `path` is always a file the server wrote. The file is stored whole first,
 * then the handler runs under the tab's lock like any handler. With `{ args }`, the page binds
 * arguments to the upload, checked by that schema before the body is read.
 *
 * @example
 * events: {
 *   receive: uploadHandler(async (s, file) => {
 *     s.result = `${file.name}: ${(await stat(file.path)).size} bytes`;
 *   }),
 *   receiveInto: uploadHandler({ args: z.object({ folder: z.enum(['docs', 'avatars']) }) }, async (s, file) => {
 *     s.saved.push(`${file.args.folder}/${file.name}`);
 *   }),
 * }
 */
export function uploadHandler<TState, TArgs = undefined>(
  fn: UploadHandler<TState, TArgs>,
): UploadHandler<TState, TArgs>;
export function uploadHandler<TState, TSchema extends StandardSchemaV1>(
  options: UploadHandlerOptions<TSchema>,
  fn: UploadHandler<TState, SchemaOutput<TSchema>>,
): UploadHandler<TState, SchemaInput<TSchema>>;
export function uploadHandler(
  first: UploadHandler<unknown, unknown> | UploadHandlerOptions<StandardSchemaV1>,
  second?: UploadHandler<unknown, unknown>,
): UploadHandler<unknown, unknown> {
  const [options, fn] = uploadArguments('uploadHandler', first, second);
  const marked: UploadHandler<unknown, unknown> = (state, file, ctx) => fn(state, file, ctx);
  return mark(marked, { kind: 'file', args: checkedSchema(options) });
}

/**
 * The options and function of an upload handler declaration, `(fn)` or `(options, fn)`; throws
 * `INVALID_DEFINITION` without a function (`name` is the declaring function, for the message).
 */
export function uploadArguments<TFn>(
  name: string,
  first: TFn | UploadHandlerOptions<StandardSchemaV1>,
  second: TFn | undefined,
): [UploadHandlerOptions<StandardSchemaV1> | undefined, TFn] {
  const [options, fn] = typeof first === 'function' ? [undefined, first] : [first, second];
  if (typeof fn !== 'function') {
    throw new StateError('INVALID_DEFINITION', `${name}(fn) or ${name}({ args }, fn) takes a function.`);
  }
  return [options as UploadHandlerOptions<StandardSchemaV1> | undefined, fn];
}

/** Marks `fn` as an upload handler of `kind` (used by {@link uploadHandler} and `uploadStreamHandler`). */
export function markUploadHandler<TFn extends (...args: never[]) => unknown>(
  fn: TFn,
  kind: 'file' | 'stream',
  options: UploadHandlerOptions<StandardSchemaV1> | undefined,
  stream?: UploadStreamHandler<unknown, unknown>,
): TFn {
  return mark(fn, { kind, args: checkedSchema(options), stream });
}

function mark<TFn>(fn: TFn, data: UploadMark): TFn {
  Object.defineProperty(fn, UPLOAD_HANDLER, { value: data });
  return fn;
}

function checkedSchema(options: UploadHandlerOptions<StandardSchemaV1> | undefined): StandardSchemaV1 | undefined {
  if (options === undefined) return undefined;
  if (typeof options?.args?.['~standard']?.validate !== 'function') {
    throw new StateError(
      'INVALID_DEFINITION',
      'The args option of an upload handler takes a Standard Schema (zod, valibot, arktype, ...).',
    );
  }
  return options.args;
}

/** What {@link uploadHandler} or `uploadStreamHandler` recorded on a handler, or undefined. */
export function uploadMarkOf(fn: unknown): UploadMark | undefined {
  return typeof fn === 'function'
    ? (fn as unknown as Record<symbol, UploadMark | undefined>)[UPLOAD_HANDLER]
    : undefined;
}

/** True for a function made by {@link uploadHandler} or `uploadStreamHandler`. */
export function isUploadHandler(fn: unknown): boolean {
  return typeof fn === 'function' && UPLOAD_HANDLER in fn;
}
