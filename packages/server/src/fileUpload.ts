import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { isStateError } from '@core/state';
import type { UploadContext, UploadEndpointOptions, UploadReceiver } from './uploadEndpoint.js';

/**
 * The body of an upload to an `uploadHandler`: the file is streamed to a temporary file (mode 0600,
 * in `dir`), then — once the body is complete, its arguments checked and its page still there — the
 * handler runs under the tab's lock with `{ name, type, size, path, args }`, and the file is deleted
 * when it has finished. Writing to disk first is what keeps the request body from waiting for the
 * tab's lock. An upload that ends early (cancelled, too large, page gone, bad arguments) runs no
 * handler and leaves no file.
 */
export function receiveFileUpload(context: UploadContext, options: UploadEndpointOptions): UploadReceiver {
  const { request, token, state, handler } = context;
  const { app, logger } = options;
  let file: { path: string; name: string; type: string; size: number } | undefined;
  let writing: Promise<void> | undefined;
  let handed = false;
  const cleanUp = () => {
    if (file) rmSync(file.path, { force: true });
  };
  request.signal.addEventListener(
    'abort',
    () => {
      // Once the handler has the file, it is deleted when the handler is done, not under its feet.
      if (!handed) void (writing ?? Promise.resolve()).finally(cleanUp);
    },
    { once: true },
  );

  return {
    file(stream: Readable, name: string, type: string) {
      const target = { path: tempPath(options.dir), name, type, size: 0 };
      file = target;
      const sink = createWriteStream(target.path, { mode: 0o600 });
      request.signal.addEventListener('abort', () => sink.destroy(), { once: true });
      writing = new Promise<void>((resolve) => {
        sink.on('close', resolve);
        sink.on('error', (error) => {
          logger.error('Writing an upload failed', { error });
          request.fail('UPLOAD_FAILED', 'The server could not store the upload.');
          resolve();
        });
      });
      stream.on('data', (chunk: Buffer) => {
        target.size += chunk.length;
      });
      stream.pipe(sink);
    },
    async finish() {
      await writing;
      if (request.ended) return;
      if (!file) return request.fail('INVALID_UPLOAD', 'The upload holds no file.');
      let args: unknown;
      try {
        args = await Promise.race([context.args, request.aborted]);
      } catch {
        return; // ended meanwhile (bad arguments, page gone): already answered and cleaned up
      }
      if (!(await context.pageConnected())) {
        return request.fail(
          'PAGE_GONE',
          'No page of this tab is connected any more; the upload was dropped and its handler not run.',
        );
      }
      if (request.ended) return;
      handed = true;
      const { name, type, size } = file;
      const payload = { name, type, size, path: file.path, ...(args === undefined ? {} : { args }) };
      try {
        await app.dispatch(token, { state, name: handler, payload }, { origin: 'upload' });
        request.succeed(size);
      } catch (error) {
        const code = isStateError(error, 'HANDLER_ERROR') ? 'HANDLER_ERROR' : 'UPLOAD_FAILED';
        request.fail(code, code === 'HANDLER_ERROR' && !app.dev ? 'The upload handler failed.' : messageOf(error));
      } finally {
        cleanUp();
      }
    },
  };
}

/** A new temporary file name in `dir` (created with mode 0700 when missing). */
function tempPath(dir = path.join(os.tmpdir(), `core-uploads-${process.pid}`)): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return path.join(dir, randomBytes(12).toString('hex'));
}

/** An error's message without the package prefix (the answer adds the server's). */
export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^\[core\/[a-z]+\] /, '');
}
