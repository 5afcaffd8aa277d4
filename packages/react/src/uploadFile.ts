import type { EventSpec } from '@core/state';
import { UPLOAD_PATH, UPLOAD_TOKEN_HEADER, type UploadErrorCode, type UploadResponse } from '@core/state/protocol';
import type { CoreClient } from './coreClient.js';
import { EventError } from './eventError.js';

/**
 * Why an upload failed (an `EventError`, the package's one error class, with upload codes): the
 * server's code, `ABORTED` when cancelled, `NETWORK` when the request failed, `NOT_CONNECTED`
 * before the page has its token.
 */
export class UploadError extends EventError<UploadErrorCode | 'ABORTED' | 'NETWORK' | 'NOT_CONNECTED'> {
  override name = 'UploadError';
  constructor(code: UploadError['code'], message: string) {
    super({ code, message });
  }
}

/**
 * An upload handler's event creator (`TheState.receive`), as the page's stub gives it: made by
 * `uploadHandler` or `uploadStreamHandler` (the server refuses any other handler).
 */
export type UploadTarget = (payload: never) => EventSpec<unknown>;

/** The arguments an upload handler takes (`undefined` when it takes none), from its event creator. */
export type UploadArgsOf<TTarget> = TTarget extends (payload: infer P) => unknown
  ? [P] extends [never]
    ? unknown
    : P extends { readonly args?: infer A }
      ? A
      : undefined
  : undefined;

/** Options of {@link uploadFile}. */
export type UploadFileOptions<TTarget = UploadTarget> = {
  /** Called as bytes go out: `loaded` of `total` bytes of the request body. */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborts the upload; a temporary file is not kept, a streaming handler keeps what it wrote. */
  signal?: AbortSignal;
} & UploadArgsOption<TTarget>;

/**
 * `args`: the arguments bound to the upload (sent as JSON before the files, checked by the
 * handler's schema) — required when the handler takes some.
 */
export type UploadArgsOption<TTarget> =
  undefined extends UploadArgsOf<TTarget> ? { args?: UploadArgsOf<TTarget> } : { args: UploadArgsOf<TTarget> };

/** A file to send, with the name it goes by. */
export type UploadBlob = Blob & { name?: string };

/**
 * Sends a file — or several, to a streaming upload handler — to an upload handler: a multipart
 * POST to the server's upload endpoint with the tab's token (and `args`, when given), through
 * `XMLHttpRequest` for upload progress. Resolves with the size the server received once the
 * handler has finished; rejects with an {@link UploadError}.
 *
 * @example
 * await uploadFile(client, Files.receiveInto, file, { args: { folder: 'docs' } });
 */
export function uploadFile<TTarget extends UploadTarget>(
  client: CoreClient,
  target: TTarget,
  files: UploadBlob | readonly UploadBlob[],
  ...[options = {} as UploadFileOptions<TTarget>]: undefined extends UploadArgsOf<TTarget>
    ? [options?: UploadFileOptions<TTarget>]
    : [options: UploadFileOptions<TTarget>]
): Promise<{ size: number }> {
  const token = client.token;
  if (!token || client.getState() === undefined) {
    return Promise.reject(
      new UploadError('NOT_CONNECTED', '[core/react] Not connected yet; upload once the page has its state.'),
    );
  }
  // The creator only names the handler: the payload is made by the server from what it received.
  const { state, name } = target(undefined as never);
  const url = `${client.baseUrl}${UPLOAD_PATH}?state=${encodeURIComponent(state)}&handler=${encodeURIComponent(name)}`;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new UploadError('ABORTED', '[core/react] The upload was cancelled.'));
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader(UPLOAD_TOKEN_HEADER, token);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.total);
    const onAbort = () => xhr.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => options.signal?.removeEventListener('abort', onAbort);
    xhr.onload = () => {
      done();
      let answer: UploadResponse | undefined;
      try {
        answer = JSON.parse(xhr.responseText) as UploadResponse;
      } catch {
        answer = undefined;
      }
      if (answer?.ok) resolve({ size: answer.size });
      else if (answer && !answer.ok) reject(new UploadError(answer.error.code, answer.error.message));
      else reject(new UploadError('UPLOAD_FAILED', `[core/react] The upload failed with HTTP ${xhr.status}.`));
    };
    xhr.onerror = () => {
      done();
      reject(
        new UploadError(
          'NETWORK',
          '[core/react] The upload failed: the server could not be reached or closed the connection.',
        ),
      );
    };
    xhr.onabort = () => {
      done();
      reject(new UploadError('ABORTED', '[core/react] The upload was cancelled.'));
    };
    const form = new FormData();
    // The arguments go first: the server checks them before it stores any file.
    if (options.args !== undefined) form.append('args', JSON.stringify(options.args));
    for (const file of Array.isArray(files) ? files : [files]) form.append('file', file, file.name ?? 'upload');
    xhr.send(form);
  });
}
