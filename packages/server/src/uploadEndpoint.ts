import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import type { App, Logger } from '@core/state';
import { type AppPort, describeUploadHandler, type UploadHandlerInfo } from '@core/state/internal';
import { UPLOAD_TOKEN_HEADER } from '@core/state/protocol';
import { Busboy } from '@fastify/busboy';
import { clientAddress, type TrustProxy } from './clientAddress.js';
import { depthOver } from './eventMessage.js';
import { receiveFileUpload } from './fileUpload.js';
import { receiveStreamUpload } from './streamUpload.js';
import { type TokenSigner, whyNotATabToken } from './tokenSigner.js';
import type { UploadLimits } from './uploadLimits.js';
import { UploadRequest } from './uploadRequest.js';

/** Room for the multipart framing around the files (boundaries, part headers, long file names). */
const FRAMING_BYTES = 16 * 1024;
/** Files one request may carry to a streaming upload handler. */
const MAX_STREAM_FILES = 32;

/** What the upload endpoint needs from its server. */
export interface UploadEndpointOptions {
  app: App;
  /** The app's port: which handlers take uploads. */
  port: AppPort;
  signer: TokenSigner;
  logger: Logger;
  /** Largest body accepted (the file, or a streaming upload's files together), in bytes. */
  maxBytes: number;
  /** Largest `args` field, in bytes of JSON, and its deepest nesting (the event payload limits). */
  maxArgsBytes: number;
  maxArgsDepth: number;
  /** Where files are written while their handler runs. */
  dir?: string;
  /** Uploads in progress per token, per address and per process. */
  limits: UploadLimits;
  trustProxy: TrustProxy;
  /** True while a page of `token` is connected (on any process). */
  pageConnected(token: string): Promise<boolean>;
  /** How often an upload in progress checks that its page is still connected, in ms. @default 2_000 */
  pageCheckInterval?: number;
  /** How long a streaming handler may leave its next chunk unread, in ms. @default 30_000 */
  stallTimeout?: number;
}

/** One upload as the receivers see it. */
export interface UploadContext {
  readonly request: UploadRequest;
  readonly token: string;
  readonly state: string;
  readonly handler: string;
  readonly info: UploadHandlerInfo;
  /** The checked arguments, once the `args` field (or the first file, without one) arrived. */
  readonly args: Promise<unknown>;
  /** Resolves false when the page is gone (checked again before a handler runs). */
  pageConnected(): Promise<boolean>;
}

/**
 * Serves `POST /_core/upload?state=<state>&handler=<handler>`: a multipart body (an optional `args`
 * field of JSON, then the file or files), authenticated by the tab's signed token (header
 * `x-core-token`). Before the body is read: the token, the handler (an upload handler), the
 * `Content-Length`, the limits on uploads in progress (per token, address and process: 429 or 503
 * at once) and that a page of the token is connected (410 otherwise). While it is read: the byte
 * count (a body without length, or one that lies, is cut off at the limit), the page (every
 * `pageCheckInterval`; a page gone drops the upload). Then the handler's own path: a temporary file
 * (`uploadHandler`) or the chunks as they arrive (`uploadStreamHandler`).
 */
export function createUploadEndpoint(
  options: UploadEndpointOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { app, signer, maxBytes } = options;
  const tooLarge = () =>
    `The upload is over the upload limit of ${maxBytes} bytes; send a smaller file or raise maxUploadBytes.`;

  return (req, res) => {
    const request = new UploadRequest(res);
    if (req.method !== 'POST') return request.fail('INVALID_UPLOAD', 'Uploads are POST requests.');
    const token = req.headers[UPLOAD_TOKEN_HEADER];
    if (!signer.verify(token)) {
      return request.fail(
        'INVALID_TOKEN',
        `The upload ${whyNotATabToken(signer, token)}; upload from a connected page.`,
      );
    }
    const url = new URL(req.url ?? '/', 'http://upload');
    const state = url.searchParams.get('state') ?? '';
    const handler = url.searchParams.get('handler') ?? '';
    const info = describeUploadHandler(app.states, state, handler);
    if (!info) {
      return request.fail(
        'UNKNOWN_HANDLER',
        `"${state}.${handler}" is not an upload handler; declare it with uploadHandler() or uploadStreamHandler().`,
      );
    }
    const length = Number(req.headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes + FRAMING_BYTES)
      return request.fail('UPLOAD_TOO_LARGE', tooLarge());
    const address = clientAddress(req.socket.remoteAddress, req.headers, options.trustProxy);
    const slot = options.limits.acquire(token, address);
    if (typeof slot !== 'function') return request.fail(slot.code, slot.message);
    res.once('close', slot);
    // The page went away (or cancelled) mid-body: whatever reads it stops.
    req.once('close', () => {
      if (!req.complete) request.cancelled();
    });
    const pageConnected = () =>
      options.pageConnected(token).catch((error: unknown) => {
        // Presence could not be asked (another process did not answer): the upload goes on.
        options.logger.debug('Checking the page of an upload failed', { token, error });
        return true;
      });
    void pageConnected().then((connected) => {
      if (!connected) return request.fail('PAGE_GONE', pageGone);
      if (request.ended) return;
      // While the body is read: once it is complete, a handler that has it runs to its end.
      const watch = setInterval(() => {
        if (req.complete) return clearInterval(watch);
        void pageConnected().then((still) => still || req.complete || request.fail('PAGE_GONE', pageGone));
      }, options.pageCheckInterval ?? 2_000);
      res.once('close', () => clearInterval(watch));
      readBody(req, { request, token, state, handler, info, pageConnected }, options, tooLarge);
    });
  };
}

const pageGone =
  'No page of this tab is connected any more; the upload was dropped and its handler not run. Upload from a connected page.';

/** Parses the multipart body and hands its parts to the handler kind's receiver. */
function readBody(
  req: IncomingMessage,
  context: Omit<UploadContext, 'args'>,
  options: UploadEndpointOptions,
  tooLarge: () => string,
): void {
  const { request, info } = context;
  let busboy: ReturnType<typeof Busboy>;
  try {
    busboy = Busboy({
      headers: req.headers as never,
      limits: {
        files: info.kind === 'file' ? 1 : MAX_STREAM_FILES,
        fileSize: options.maxBytes,
        fields: 1,
        fieldSize: options.maxArgsBytes,
      },
    });
  } catch {
    request.fail('INVALID_UPLOAD', 'An upload is a multipart/form-data body: an optional args field, then files.');
    return;
  }
  let sent: unknown;
  let argsSeen = false;
  let resolveArgs!: (args: unknown) => void;
  const args = new Promise<unknown>((resolve) => {
    resolveArgs = resolve;
  });
  const settleArgs = () => {
    if (argsSeen) return;
    argsSeen = true;
    info.checkArgs(sent).then(resolveArgs, (error: Error) => {
      request.fail('INVALID_UPLOAD', error.message.replace(/^\[core\/state\] /, ''));
    });
  };
  const receiver = (info.kind === 'file' ? receiveFileUpload : receiveStreamUpload)({ ...context, args }, options);
  busboy.on('field', (name: string, value: string, _nameTruncated: boolean, valueTruncated: boolean) => {
    const label = `${context.state}.${context.handler}`;
    if (name !== 'args' || argsSeen) {
      return request.fail(
        'INVALID_UPLOAD',
        `An upload carries one "args" field, before its files; got "${name.slice(0, 32)}".`,
      );
    }
    if (valueTruncated) {
      return request.fail('INVALID_UPLOAD', `The upload arguments of ${label} are over ${options.maxArgsBytes} bytes.`);
    }
    try {
      sent = JSON.parse(value);
    } catch {
      return request.fail('INVALID_UPLOAD', `The upload arguments of ${label} are not JSON.`);
    }
    if (depthOver(sent, options.maxArgsDepth)) {
      return request.fail(
        'INVALID_UPLOAD',
        `The upload arguments of ${label} nest deeper than ${options.maxArgsDepth} levels.`,
      );
    }
    settleArgs();
  });
  busboy.on(
    'file',
    (_field: string, stream: NodeJS.ReadableStream, filename: string, _encoding: string, type: string) => {
      settleArgs();
      const file = stream as unknown as import('node:stream').Readable;
      if (request.ended) {
        file.resume();
        return;
      }
      file.on('limit', () => request.fail('UPLOAD_TOO_LARGE', tooLarge()));
      receiver.file(file, path.basename(filename || 'upload').slice(0, 255), type);
    },
  );
  busboy.on('filesLimit', () =>
    request.fail(
      'INVALID_UPLOAD',
      `An upload to this handler carries at most ${info.kind === 'file' ? 1 : MAX_STREAM_FILES} file(s).`,
    ),
  );
  busboy.on('error', () => request.fail('INVALID_UPLOAD', 'The multipart body is malformed.'));
  busboy.on('finish', () => {
    settleArgs();
    receiver.finish();
  });
  request.signal.addEventListener('abort', () => req.unpipe(), { once: true });
  req
    .pipe(new ByteCounter(options.maxBytes + FRAMING_BYTES, () => request.fail('UPLOAD_TOO_LARGE', tooLarge())))
    .pipe(busboy);
}

/** What a handler kind does with the parts of the body. */
export interface UploadReceiver {
  /** A file part started: read `stream` (or resume it to skip it). */
  file(stream: import('node:stream').Readable, name: string, type: string): void;
  /** The body was read to its end. */
  finish(): void;
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
