import type { Readable } from 'node:stream';
import type { IncomingFile } from '@core/state';
import { messageOf } from './fileUpload.js';
import type { UploadContext, UploadEndpointOptions, UploadReceiver } from './uploadEndpoint.js';
import { UploadEnded } from './uploadRequest.js';

/**
 * The body of an upload to an `uploadStreamHandler`: the handler starts once the arguments are
 * checked and reads the files' chunks straight from the request (no temporary file), outside the
 * tab's lock. The body moves as fast as the handler reads: while it waits (its `modify` blocks wait
 * for the lock) the client is held back by TCP, so a handler that leaves data unread for
 * `stallTimeout` ends the upload (408 `UPLOAD_STALLED`) instead of holding the request forever.
 * Files the handler does not read are skipped. The answer, `{ ok, size }` (bytes the handler read),
 * goes out once the handler is done and the body was read to its end.
 */
export function receiveStreamUpload(context: UploadContext, options: UploadEndpointOptions): UploadReceiver {
  const { request, info } = context;
  const stall = new StallWatch(options.stallTimeout ?? 30_000, () =>
    request.fail(
      'UPLOAD_STALLED',
      `The upload handler ${context.state}.${context.handler} left the upload unread for ${options.stallTimeout ?? 30_000} ms; it was ended. Keep long waits out of the reading loop (upload.progress does not wait).`,
    ),
  );
  const waiting: IncomingFile[] = [];
  let reader: { resolve(result: IteratorResult<IncomingFile>): void; reject(reason: unknown): void } | undefined;
  let closed = false; // the handler stopped taking files
  let bodyDone = false;
  let handlerDone = false;
  let size = 0;
  const skip = (file: IncomingFile) => (file as IncomingFile & { skip(): void }).skip();
  const stopTaking = () => {
    closed = true;
    stall.stop();
    for (const file of waiting.splice(0)) skip(file);
  };
  request.signal.addEventListener(
    'abort',
    () => {
      stopTaking();
      reader?.reject(request.signal.reason);
      reader = undefined;
    },
    { once: true },
  );
  const files: AsyncIterable<IncomingFile> = {
    [Symbol.asyncIterator]: () => ({
      next: () => {
        stall.disarm();
        if (request.ended) return Promise.reject(request.signal.reason);
        const file = waiting.shift();
        if (file) {
          stall.arm();
          return Promise.resolve({ done: false, value: file });
        }
        if (bodyDone || closed) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve, reject) => {
          reader = { resolve, reject };
        });
      },
      return: () => {
        stopTaking();
        return Promise.resolve({ done: true, value: undefined });
      },
    }),
  };
  const settled = () => {
    if (handlerDone && bodyDone) request.succeed(size);
  };

  Promise.race([context.args, request.aborted])
    .then((args) => info.runStream?.(options.app, { token: context.token, args, files, signal: request.signal }))
    .then(
      () => {
        handlerDone = true;
        stopTaking();
        settled();
      },
      (error: unknown) => {
        stopTaking();
        if (request.ended) return; // the upload ended first: the handler only saw its abort
        options.logger.error(`The upload handler ${context.state}.${context.handler} failed`, {
          token: context.token,
          handler: `${context.state}.${context.handler}`,
          error,
        });
        request.fail('HANDLER_ERROR', options.app.dev ? messageOf(error) : 'The upload handler failed.');
      },
    );

  return {
    file(stream: Readable, name: string, type: string) {
      const file = incomingFile(stream, name, type, context, stall, (bytes) => {
        size += bytes;
      });
      if (closed || request.ended) return skip(file);
      if (reader) {
        const deliver = reader;
        reader = undefined;
        stall.arm();
        deliver.resolve({ done: false, value: file });
        return;
      }
      waiting.push(file);
      stall.arm();
    },
    finish() {
      bodyDone = true;
      // Every part was read or skipped: nothing waits for the handler any more.
      stall.stop();
      reader?.resolve({ done: true, value: undefined });
      reader = undefined;
      settled();
    },
  };
}

/** One file part as the handler reads it: its chunks on demand, then the rest skipped if it stops. */
function incomingFile(
  stream: Readable,
  name: string,
  type: string,
  context: UploadContext,
  stall: StallWatch,
  counted: (bytes: number) => void,
): IncomingFile & { skip(): void } {
  const { signal } = context.request;
  const chunks = stream.iterator({ destroyOnReturn: false });
  let reading = false;
  const file = {
    name,
    type,
    received: 0,
    skip() {
      if (!reading) stream.resume();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
      if (reading) throw new UploadEnded('UPLOAD_FAILED', `The file "${name}" of this upload is read once only.`);
      reading = true;
      let ended = false;
      try {
        for (;;) {
          stall.disarm();
          const next = await Promise.race([chunks.next(), context.request.aborted]);
          if (next.done) {
            ended = true;
            // The next part (or the end of the body) now waits for the handler to go on.
            stall.arm();
            return;
          }
          const chunk = next.value as Buffer;
          file.received += chunk.length;
          counted(chunk.length);
          stall.arm();
          yield chunk;
        }
      } finally {
        if (!ended && !signal.aborted) {
          // The handler stopped reading this file: skip the rest so the next part can come.
          await chunks.return?.();
          stream.resume();
        }
      }
    },
  };
  return file;
}

/** Fires `onStall` once when armed for `timeout` ms without being disarmed. */
class StallWatch {
  readonly #timeout: number;
  readonly #onStall: () => void;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  constructor(timeout: number, onStall: () => void) {
    this.#timeout = timeout;
    this.#onStall = onStall;
  }
  /** Data waits for the handler: start counting (if not counting already). */
  arm(): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => this.#onStall(), this.#timeout);
    this.#timer.unref();
  }
  /** The handler asks for more. */
  disarm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
  /** No more watching (the handler is done, or the upload ended). */
  stop(): void {
    this.#stopped = true;
    this.disarm();
  }
}
