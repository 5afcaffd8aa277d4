import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Middleware } from './serverOptions.js';

/** Options of {@link serveUploadedFiles}. */
export interface UploadedFilesOptions {
  /** The folder the app keeps uploaded files in (what its upload handlers wrote). */
  dir: string;
  /** The URL path they are served under. @default '/uploads/' */
  prefix?: string;
}

/** Options of {@link sendUploadedFile}. */
export interface SendUploadedFileOptions {
  /** The name the browser saves the file under (`Content-Disposition`). @default the file's own name */
  name?: string;
}

/**
 * Types shown in the page (`inline`): ones a browser renders without running anything. Every other
 * type — HTML, SVG, XML, JavaScript, PDF, unknown — is sent as a download (`attachment`).
 */
const INLINE: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.bmp': 'image/bmp',
  '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.txt': 'text/plain; charset=utf-8',
};

/** Types named correctly but always downloaded: they can run script or be rendered as a document. */
const ATTACHMENT: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.xhtml': 'application/xhtml+xml',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
};

/**
 * Sends a file an upload handler stored, safely, whatever the uploader put in it: the type comes
 * from the file's extension, never from what the uploader claimed or from sniffing
 * (`X-Content-Type-Options: nosniff`); only passive types (images other than SVG, audio, video,
 * plain text) are shown inline, everything else — HTML, SVG, XML, scripts, PDF, unknown types
 * (`application/octet-stream`) — is a download (`Content-Disposition: attachment`); and a
 * `Content-Security-Policy` of `default-src 'none'; sandbox` keeps even a mislabelled file from
 * running script on the app's origin. Use it from a middleware that has checked who may read the
 * file. Answers 404 for anything but a regular file, 405 for methods other than GET and HEAD.
 *
 * @example
 * server.use((req, res, next) => {
 *   const match = /^\/avatars\/([\w-]+\.png)$/.exec(req.url ?? '');
 *   if (!match) return next();
 *   sendUploadedFile(req, res, path.join(avatarDir, match[1])).catch(next);
 * });
 */
export async function sendUploadedFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  options: SendUploadedFileOptions = {},
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Method not allowed');
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFound(res);
  const extension = path.extname(file).toLowerCase();
  const inline = Object.hasOwn(INLINE, extension) ? INLINE[extension] : undefined;
  const type = inline ?? (Object.hasOwn(ATTACHMENT, extension) ? ATTACHMENT[extension] : 'application/octet-stream');
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': info.size,
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; ${dispositionName(options.name ?? path.basename(file))}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'private, no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', reject);
    res.on('close', () => {
      stream.destroy();
      resolve();
    });
    stream.pipe(res);
  });
}

/**
 * A middleware that serves the files of `dir` under `prefix` with {@link sendUploadedFile}: a name
 * must stay inside `dir` (no `..`, no absolute path, no backslash, no symlink leading out of it),
 * anything else is a 404. Every file of the folder is public to whoever knows its name: store
 * files under unguessable names, or write your own middleware that checks access first.
 *
 * @example
 * createServer({ app, middlewares: [serveUploadedFiles({ dir: 'uploads', prefix: '/uploads/' })] });
 */
export function serveUploadedFiles(options: UploadedFilesOptions): Middleware {
  const prefix = options.prefix ?? '/uploads/';
  const root = realpath(options.dir).catch(() => path.resolve(options.dir));
  return (req, res, next) => {
    const pathname = (req.url ?? '').split('?')[0];
    if (!pathname.startsWith(prefix)) {
      next();
      return;
    }
    void (async () => {
      const file = await resolveInside(await root, pathname.slice(prefix.length));
      if (!file) return notFound(res);
      await sendUploadedFile(req, res, file);
    })().catch(next);
  };
}

/** The real path of `name` (URL-encoded) inside `root`, or undefined when it is not safely there. */
async function resolveInside(root: string, encoded: string): Promise<string | undefined> {
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (name === '' || /[\u0000-\u001f\\]/.test(name) || path.isAbsolute(name)) return undefined;
  if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) return undefined;
  const real = await realpath(path.join(root, name)).catch(() => undefined);
  return real?.startsWith(root + path.sep) ? real : undefined;
}

/** `filename="…"` (ASCII, quotes and controls dropped) and `filename*=UTF-8''…` for any name. */
function dispositionName(name: string): string {
  const ascii = name.replace(/[^\u0020-\u007e]|["\\]/g, '_');
  return `filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end('Not found');
}
