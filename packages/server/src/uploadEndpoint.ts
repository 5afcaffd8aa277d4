import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { type App, isStateError, type Logger, type UploadedFile } from '@core/state';
import type { AppPort } from '@core/state/internal';
import { UPLOAD_TOKEN_HEADER, type UploadErrorCode, type UploadResponse } from '@core/state/protocol';
import { Busboy } from '@fastify/busboy';
import type { TokenSigner } from './tokenSigner.js';

/** Room for the multipart framing around the file (boundaries, part headers, a long file name). */
const FRAMING_BYTES = 16 * 1024;

/** What the upload endpoint needs from its server. */
export interface UploadEndpointOptions {
  app: App;
  /** The app's port: which handlers take uploads. */
  port: AppPort;
  signer: TokenSigner;
  logger: Logger;
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Where files are written while their handler runs. */
  dir?: string;
}

const STATUS: Record<UploadErrorCode, number> = {
  INVALID_TOKEN: 401,
  INVALID_UPLOAD: 400,
  UPLOAD_TOO_LARGE: 413,
  UNKNOWN_HANDLER: 404,
  HANDLER_ERROR: 500,
  UPLOAD_FAILED: 500,
};

/**
 * Serves `POST /_core/upload?state=<state>&handler=<handler>`: a multipart body with one file,
 * authenticated by the tab's signed token (header `x-core-token`). Checks come before the body is
 * read: the token's signature, the handler (an upload handler), the `Content-Length` against the
 * limit. The file is streamed to a temporary file while its bytes are counted (a body without
 * length, or one that lies, is cut off at the limit), then the handler runs under the token's lock
 * with `{ name, type, size, path }`, and the file is deleted when it has finished. An aborted or
 * refused upload leaves nothing behind. Any process sharing the secret and the state store can
 * take an upload.
 */
export function createUploadEndpoint(
  options: UploadEndpointOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { app, signer, logger, maxBytes } = options;
  let dir: string | undefined;
  const tempPath = () => {
    dir ??= options.dir ?? path.join(os.tmpdir(), `core-uploads-${process.pid}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return path.join(dir, randomBytes(12).toString('hex'));
  };
  const tooLarge = () =>
    `The file is over the upload limit of ${maxBytes} bytes; send a smaller file or raise maxUploadBytes.`;

  return (req, res) => {
    const fail = (code: UploadErrorCode, message: string) => {
      if (res.headersSent) return;
      const body: UploadResponse = { ok: false, error: { code, message: `[core/server] ${message}` } };
      // The rest of a refused body is not wanted: close the connection once the answer is out.
      res.writeHead(STATUS[code], { 'Content-Type': 'application/json', Connection: 'close' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return fail('INVALID_UPLOAD', 'Uploads are POST requests.');
    const token = req.headers[UPLOAD_TOKEN_HEADER];
    if (!signer.verify(token))
      return fail('INVALID_TOKEN', 'The upload carries no valid token of this app; upload from a connected page.');
    const url = new URL(req.url ?? '/', 'http://upload');
    const state = url.searchParams.get('state') ?? '';
    const handler = url.searchParams.get('handler') ?? '';
    if (!options.port.acceptsUpload(state, handler)) {
      return fail(
        'UNKNOWN_HANDLER',
        `"${state}.${handler}" is not an upload handler; declare it with uploadHandler().`,
      );
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes + FRAMING_BYTES) return fail('UPLOAD_TOO_LARGE', tooLarge());
    let busboy: ReturnType<typeof Busboy>;
    try {
      busboy = Busboy({
        headers: req.headers as never,
        limits: { files: 1, fileSize: maxBytes, fields: 0, parts: 1 },
      });
    } catch {
      return fail('INVALID_UPLOAD', 'An upload is a multipart/form-data body with one file.');
    }

    let file: { path: string; name: string; type: string; size: number } | undefined;
    let writing: Promise<void> | undefined;
    let out: ReturnType<typeof createWriteStream> | undefined;
    let failed = false;
    const cleanUp = () => {
      if (file) rmSync(file.path, { force: true });
    };
    const abort = (code: UploadErrorCode, message: string) => {
      if (failed) return;
      failed = true;
      req.unpipe();
      out?.destroy();
      fail(code, message);
      writing?.finally(cleanUp) ?? cleanUp();
    };

    busboy.on('file', (_field, stream, filename, _encoding, mimeType) => {
      if (failed) {
        stream.resume();
        return;
      }
      const name = path.basename(filename || 'upload').slice(0, 255);
      const target = { path: tempPath(), name, type: mimeType, size: 0 };
      file = target;
      const sink = createWriteStream(target.path, { mode: 0o600 });
      out = sink;
      writing = new Promise<void>((resolve) => {
        sink.on('close', resolve);
        sink.on('error', (error) => {
          logger.error('Writing an upload failed', { error });
          abort('UPLOAD_FAILED', 'The server could not store the upload.');
          resolve();
        });
      });
      stream.on('data', (chunk: Buffer) => {
        target.size += chunk.length;
      });
      stream.on('limit', () => abort('UPLOAD_TOO_LARGE', tooLarge()));
      stream.pipe(sink);
    });
    busboy.on('error', () => abort('INVALID_UPLOAD', 'The multipart body is malformed.'));
    busboy.on('finish', async () => {
      await writing;
      if (failed) return;
      if (!file) return abort('INVALID_UPLOAD', 'The upload holds no file.');
      const payload: UploadedFile = { name: file.name, type: file.type, size: file.size, path: file.path };
      try {
        await app.dispatch(token, { state, name: handler, payload }, { origin: 'upload' });
        const body: UploadResponse = { ok: true, size: file.size };
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      } catch (error) {
        const code = isStateError(error, 'HANDLER_ERROR') ? 'HANDLER_ERROR' : 'UPLOAD_FAILED';
        const message =
          code === 'HANDLER_ERROR' && !app.dev ? 'The upload handler failed.' : String((error as Error).message);
        fail(code, message);
      } finally {
        cleanUp();
      }
    });
    // The page went away (or cancelled) mid-body: nothing is dispatched and nothing kept.
    req.on('close', () => {
      if (!req.complete) abort('INVALID_UPLOAD', 'The upload was aborted.');
    });
    req.pipe(new ByteCounter(maxBytes + FRAMING_BYTES, () => abort('UPLOAD_TOO_LARGE', tooLarge()))).pipe(busboy);
  };
}

/** Passes bytes through until `limit`; past it, calls `over` once and drops the rest. */
class ByteCounter extends Transform {
  #count = 0;
  readonly #limit: number;
  readonly #over: () => void;
  constructor(limit: number, over: () => void) {
    super();
    this.#limit = limit;
    this.#over = over;
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#count += chunk.length;
    if (this.#count > this.#limit) {
      this.#over();
      callback();
      return;
    }
    callback(null, chunk);
  }
}
