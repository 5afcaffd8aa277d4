import type { ServerResponse } from 'node:http';
import type { UploadErrorCode, UploadResponse } from '@core/state/protocol';

const STATUS: Record<UploadErrorCode, number> = {
  INVALID_TOKEN: 401,
  INVALID_UPLOAD: 400,
  UPLOAD_TOO_LARGE: 413,
  UNKNOWN_HANDLER: 404,
  HANDLER_ERROR: 500,
  UPLOAD_FAILED: 500,
  TOO_MANY_UPLOADS: 429,
  UPLOADS_BUSY: 503,
  PAGE_GONE: 410,
  UPLOAD_STALLED: 408,
};

/** Why an upload ended early: its code and one-sentence message (the `signal`'s reason). */
export class UploadEnded extends Error {
  override name = 'AbortError';
  readonly code: UploadErrorCode | 'ABORTED';
  constructor(code: UploadErrorCode | 'ABORTED', message: string) {
    super(`[core/server] ${message}`);
    this.code = code;
  }
}

/**
 * One upload's answer and end, whichever comes first: the JSON answer is written once; a failure
 * also aborts `signal` (with an {@link UploadEnded} as its reason), which stops whatever is still
 * reading the body. A refused request's connection is closed once the answer is out: the rest of
 * its body is not wanted.
 */
export class UploadRequest {
  readonly #res: ServerResponse;
  readonly #controller = new AbortController();
  /** Rejects with the reason once the upload failed or was cancelled (never resolves). */
  readonly aborted: Promise<never>;

  constructor(res: ServerResponse) {
    this.#res = res;
    const { signal } = this.#controller;
    this.aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    this.aborted.catch(() => {}); // a race that lost it is no failure
  }

  /** Aborts when the upload failed or was cancelled; its reason is an {@link UploadEnded}. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** True once the upload failed or was cancelled. */
  get ended(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Answers the refusal (unless an answer went out already) and aborts the upload. */
  fail(code: UploadErrorCode, message: string): void {
    this.#end(new UploadEnded(code, message));
    if (this.#res.headersSent) return;
    const body: UploadResponse = { ok: false, error: { code, message: `[core/server] ${message}` } };
    this.#res.writeHead(STATUS[code], { 'Content-Type': 'application/json', Connection: 'close' });
    this.#res.end(JSON.stringify(body));
  }

  /** The page went away mid-body: nothing can be answered; the upload aborts. */
  cancelled(): void {
    this.#end(new UploadEnded('ABORTED', 'The upload was cancelled: its request closed before the body was complete.'));
  }

  /** Answers success (unless the upload failed meanwhile). */
  succeed(size: number): void {
    if (this.ended || this.#res.headersSent) return;
    const body: UploadResponse = { ok: true, size };
    this.#res.writeHead(200, { 'Content-Type': 'application/json' });
    this.#res.end(JSON.stringify(body));
  }

  #end(reason: UploadEnded): void {
    if (!this.#controller.signal.aborted) this.#controller.abort(reason);
  }
}
