import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Logger } from '@core/state';
import { type FormOutcome, SSR_GLOBAL, type SsrPayload, TOKEN_COOKIE } from '@core/state/protocol';
import { clientAddress, type TrustProxy } from './clientAddress.js';
import type { ConnectionLimits } from './connectionLimits.js';
import { navigateToken } from './navigateToken.js';
import type { PageRenderer, RenderedPageHtml } from './pageRenderer.js';
import { readCookie, requestSession } from './sessionCookie.js';
import { storedCookies } from './storedCookies.js';
import type { TokenSigner } from './tokenSigner.js';

/** What serving a page needs from its server. */
export interface PageRequestContext {
  app: App;
  pages: PageRenderer;
  signer: TokenSigner;
  logger: Logger;
  trustProxy: TrustProxy;
  /** The per-address budget of new tokens, shared with the socket handshake. */
  limits: ConnectionLimits;
  /** Tokens issued for a render whose page never connected are dropped after this long (ms). */
  unclaimedTokenTtl: number;
  /** Called with each token issued for a render. */
  issued(token: string): void;
  /** True when a page connected with the token since it was issued. */
  isClaimed(token: string): Promise<boolean>;
}

/**
 * Answers a page request with server-rendered HTML: the tab's token comes from the cookie a page
 * leaves when it unloads (a reload renders the tab's own state, and the cookie is cleared) or is
 * issued fresh; the page's on-load events run for it; the app renders with the resulting public
 * state, which the HTML carries for the page to hydrate from (backend vars never leave).
 */
export async function servePage(req: IncomingMessage, res: ServerResponse, context: PageRequestContext): Promise<void> {
  const { signer } = context;
  const left = readCookie(req.headers.cookie, TOKEN_COOKIE);
  const reused = signer.verify(left);
  const ip = clientAddress(req.socket.remoteAddress, req.headers, context.trustProxy);
  if (!reused) {
    // A render with a fresh token makes a document, like a new socket: same per-address budget.
    const refused = context.limits.issueToken(ip);
    if (refused) {
      res.statusCode = 429;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.setHeader('Retry-After', '60');
      res.end(`Too many new visits: ${refused}.`);
      return;
    }
  }
  const token = reused ? (left as string) : signer.issue();
  if (!reused) context.issued(token);
  await renderTokenPage(req, res, context, token, { clearLeftToken: left !== undefined });
  if (!reused) forgetIfUnclaimed(token, context);
}

/** What {@link renderTokenPage} adds to a plain render. */
export interface TokenPageOptions {
  /** The outcome of a form posted without JavaScript, which the page shows. */
  form?: FormOutcome;
  /** The status when the page itself renders fine. @default 200 */
  status?: number;
  /** Clear the cookie a reloading page left its token in. */
  clearLeftToken?: boolean;
}

/**
 * Renders the page at the request's URL for `token`: the page's on-load events run for it (only
 * when its router is elsewhere), and the app renders with the resulting public state, which the
 * HTML carries for the page to hydrate from (backend vars never leave).
 */
export async function renderTokenPage(
  req: IncomingMessage,
  res: ServerResponse,
  context: PageRequestContext,
  token: string,
  options: TokenPageOptions = {},
): Promise<void> {
  const { app, pages } = context;
  const href = req.url ?? '/';
  const ip = clientAddress(req.socket.remoteAddress, req.headers, context.trustProxy);
  const location = await pages.resolve(href);
  const session = requestSession(req);
  // Cookie-bound vars count before the on-load events (localStorage reaches the server only when
  // the page connects).
  const cookies = storedCookies(req.headers.cookie, app.storageBindings);
  if (cookies) await app.applyStoredValues(token, cookies);
  await navigateToken(app, token, location, { userAgent: String(req.headers['user-agent'] ?? ''), ip, session });
  const { seq, epoch, state, shared } = await app.hydrate(token, { session });
  const payload: SsrPayload = { token, seq, epoch, state, shared, href: location.href, form: options.form };
  const template = await pages.template(href);
  let rendered: RenderedPageHtml;
  try {
    rendered = await pages.render(href, payload);
  } catch (error) {
    // The page still works: it renders in the browser from the same state (and shows the error
    // there too, if it is not a server-only problem).
    context.logger.error(`Rendering ${location.path} on the server failed; the page renders in the browser.`, {
      error,
    });
    rendered = { status: 500, html: '', head: '', hasTitle: false };
  }
  const document = renderDocument(template, rendered, payload);
  res.statusCode =
    rendered.status === 500 ? 500 : location.status === 404 || rendered.status === 404 ? 404 : (options.status ?? 200);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // The document carries this tab's token: no cache may keep it.
  res.setHeader('Cache-Control', 'no-store');
  if (options.clearLeftToken) res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=; Max-Age=0; Path=/; SameSite=Strict`);
  res.end(req.method === 'HEAD' ? undefined : document);
}

/** Puts the rendered app, its head tags and the state it was rendered with into the template. */
export function renderDocument(template: string, rendered: RenderedPageHtml, payload: SsrPayload): string {
  const root = /<div id="root"([^>]*)><\/div>/;
  if (!root.test(template)) {
    throw new Error('[core/server] index.html needs an empty <div id="root"></div> to render pages into.');
  }
  let html = template.replace(root, (_match, attributes: string) => {
    // Inert until hydrated: a click before React is live would be lost.
    return `<div id="root"${attributes} aria-disabled="true">${rendered.html}</div>`;
  });
  if (rendered.hasTitle) html = html.replace(/<title>[\s\S]*?<\/title>/, '');
  const data = `<script>window.${SSR_GLOBAL}=${serializeForScript(payload)}</script>`;
  return html.replace('</head>', `${rendered.head}${data}</head>`);
}

/** JSON that is safe inside a `<script>` element. */
export function serializeForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A render for a visitor that never connects (a crawler, a curl) would leave its fresh token's
 * state behind forever in memory: drop it when no page claimed it in time.
 */
function forgetIfUnclaimed(token: string, context: PageRequestContext): void {
  const timer = setTimeout(() => {
    context.isClaimed(token).then(
      (claimed) => (claimed ? undefined : context.app.stateManager.delete(token)),
      (error: unknown) => context.logger.warn('Checking an unclaimed token failed', { token, error }),
    );
  }, context.unclaimedTokenTtl);
  timer.unref();
}
