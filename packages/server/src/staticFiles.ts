import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { type Logger, silentLogger } from '@core/state';
import sirv from 'sirv';
import { isPageRequest } from './isPageRequest.js';

/** Options of {@link createStaticHandler}. */
export interface StaticHandlerOptions {
  /** Where a file that cannot be read is reported. @default silentLogger */
  logger?: Logger;
  /**
   * Answer a navigation to a path with no file with `index.html` (client-side routes). A pages app
   * turns it off: the server renders those paths.
   * @default true
   */
  fallback?: boolean;
}

/** A file name with a content hash, as Vite writes them under `assets/` (`index-BkZ3x_9a.js`). */
const HASHED_ASSET = /^\/assets\/(?:[^/]+\/)*[^/]+[-.][A-Za-z0-9_-]{8,}(?:\.\w+)+$/;
/** A single byte range with a start (`bytes=0-99`, `bytes=100-`): the only kind passed on. */
const SIMPLE_RANGE = /^bytes=(\d+)-(\d*)$/;

/**
 * Serves a built client with `sirv`: the files of `root` as they were when the handler was made
 * (so nothing outside `root`, no dotfiles), ETags (`304` on `If-None-Match`), the `.br` / `.gz` file
 * beside a file when the browser accepts that encoding (`core build` writes them), `nosniff`, and
 * `Cache-Control`: a year and `immutable` for content-hashed files under `assets/`, `no-cache`
 * (revalidate with the ETag) for everything else. A page request ({@link isPageRequest}: a GET that
 * accepts HTML, or any type without a file extension) to a path with no file gets `index.html`, for
 * client-side routes; a missing `/assets/…` file is never answered with it. Returns false when it did not handle the request (the caller answers 404).
 * A file that cannot be read ends its response; the process goes on.
 */
export function createStaticHandler(
  root: string,
  options: StaticHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const logger = options.logger ?? silentLogger;
  const dir = path.resolve(root);
  if (!existsSync(dir)) {
    logger.warn(`The static folder ${dir} does not exist; no files are served.`);
    return () => false;
  }
  const serve = sirv(dir, {
    dev: false, // list the files once: a request can only name one of them
    etag: true,
    gzip: true,
    brotli: true,
    dotfiles: false,
    setHeaders(res, pathname) {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', HASHED_ASSET.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  const attempt = (req: IncomingMessage, res: ServerResponse): boolean => {
    let found = true;
    res.once('pipe', (source: Readable) => {
      source.once('error', (error) => {
        logger.error('Reading a static file failed', { url: req.url, error });
        res.destroy(error);
      });
    });
    try {
      serve(req, res, () => {
        found = false;
      });
    } catch (error) {
      logger.error('Serving a static file failed', { url: req.url, error });
      if (res.headersSent) res.destroy();
      else {
        res.statusCode = 500;
        res.end();
      }
    }
    return found;
  };

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    dropUnusualRange(req);
    if (attempt(req, res)) return true;
    if (options.fallback === false || !isPageRequest(req)) return false;
    // Client-side route: the page, revalidated on every visit (it names the current hashed assets).
    const page = { url: '/index.html', method: req.method, headers: req.headers } as IncomingMessage;
    return attempt(page, res);
  };
}

/**
 * Lets through only a single range with a start and an end not before it; any other Range header
 * (suffix, several ranges, reversed) is dropped and the whole file sent, which HTTP allows. sirv
 * reads those wrongly, and a reversed one makes its file stream throw.
 */
function dropUnusualRange(req: IncomingMessage): void {
  const range = req.headers.range;
  if (range === undefined) return;
  const match = SIMPLE_RANGE.exec(range);
  if (match && (match[2] === '' || Number(match[1]) <= Number(match[2]))) return;
  delete req.headers.range;
}
