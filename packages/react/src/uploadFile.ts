import type { EventSpec, UploadedFile } from '@core/state';
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

/** Options of {@link uploadFile}. */
export interface UploadFileOptions {
  /** Called as bytes go out: `loaded` of `total` bytes of the request body. */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborts the upload; the server keeps nothing of it. */
  signal?: AbortSignal;
}

/** An upload handler's event creator (`TheState.receive`), as the page's stub gives it. */
export type UploadTarget = (file: UploadedFile) => EventSpec<UploadedFile>;

/**
 * Sends one file to an upload handler: a multipart POST to the server's upload endpoint with the
 * tab's token, through `XMLHttpRequest` for upload progress. Resolves with the size the server
 * received once the handler has finished; rejects with an {@link UploadError}.
 */
export function uploadFile(
  client: CoreClient,
  target: UploadTarget,
  file: Blob & { name?: string },
  options: UploadFileOptions = {},
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
    form.append('file', file, file.name ?? 'upload');
    xhr.send(form);
  });
}
