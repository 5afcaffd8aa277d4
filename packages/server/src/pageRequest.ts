import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Logger } from '@core/state';
import type { AppPort } from '@core/state/internal';
import { type FormOutcome, floatReplacer, SSR_GLOBAL, type SsrPayload, TOKEN_COOKIE } from '@core/state/protocol';
import type { PublicState } from '@core/state/types';
import { clientAddress, type TrustProxy } from './clientAddress.js';
import type { ConnectionLimits } from './connectionLimits.js';
import { navigateToken } from './navigateToken.js';
import type { PageRenderer, RenderedPageHtml } from './pageRenderer.js';
import { httpRedirectOf, type RenderActions } from './renderActions.js';
import type { RenewSessionContext } from './renewSessionCookie.js';
import { clearLeftCookie, isSecure, readCookie, requestSession } from './sessionCookie.js';
import { storedCookies } from './storedCookies.js';
import { takeLeftSessionRenewal } from './takeLeftSessionRenewal.js';
import type { TokenSigner } from './tokenSigner.js';

/** What serving a page needs from its server. */
export interface PageRequestContext {
  app: App;
  /** The app's port: its storage vars and the stored values of a request's cookies. */
  port: AppPort;
  pages: PageRenderer;
  /** Collects the client actions of the on-load events a render runs. */
  renders: RenderActions;
  signer: TokenSigner;
  logger: Logger;
  trustProxy: TrustProxy;
  /** What a render needs to finish a session renewal its tab's page left unfinished (a reload right after signing in). */
  renewal: RenewSessionContext;
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
  // A reload right after signing in carries the old session cookie: the tab's proof, left with
  // its token, gets it the new one (checked as POST /_core/session checks it).
  await takeLeftSessionRenewal(req, res, context, reused ? token : undefined);
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
  // the page connects); a cookie the browser no longer sends puts its var back to the default.
  const secure = isSecure(req, context.trustProxy !== false && context.trustProxy !== 0);
  const cookies = storedCookies(req.headers.cookie, context.port.storageBindings, location.path, secure);
  if (cookies) await context.port.applyStoredValues(token, cookies);
  const collector = context.renders.open();
  const userAgent = String(req.headers['user-agent'] ?? '');
  await navigateToken(app, token, location, { userAgent, ip, session, page: collector.target });
  const actions = collector.take();
  const redirect = httpRedirectOf(actions);
  if (redirect !== undefined) {
    answerRedirect(req, res, redirect, token, secure);
    return;
  }
  const { seq, epoch, state, shared, floats } = await app.hydrate(token, { session });
  // The storage bindings too: the page sends its stored values with its first connection.
  const storage = context.port.storageBindings.length > 0 ? context.port.storageBindings : undefined;
  const payload: SsrPayload = {
    token,
    seq,
    epoch,
    state,
    shared,
    floats,
    storage,
    href: location.href,
    form: options.form,
    // Carried out by the page once connected; a redirect among them replaces this history entry.
    actions: actions.length > 0 ? actions.map((a) => (a.type === 'redirect' ? { ...a, replace: true } : a)) : undefined,
  };
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
  const document = renderDocument(template, rendered, onlyStatesRead(payload, rendered.states));
  res.statusCode =
    rendered.status === 500 ? 500 : location.status === 404 || rendered.status === 404 ? 404 : (options.status ?? 200);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  // The document carries this tab's token: no cache may keep it.
  res.setHeader('Cache-Control', 'no-store');
  if (options.clearLeftToken) clearLeftCookie(res, TOKEN_COOKIE);
  res.end(req.method === 'HEAD' ? undefined : document);
}

/**
 * The payload with only the states the render read (and `router`): what the first paint needs;
 * the page gets the others once connected. Unchanged when the renderer did not say what it read.
 */
function onlyStatesRead(payload: SsrPayload, read: readonly string[] | undefined): SsrPayload {
  if (!read) return payload;
  const wanted = new Set([...read, 'router']);
  const state: PublicState = {};
  const omitted: string[] = [];
  for (const [name, values] of Object.entries(payload.state)) {
    if (wanted.has(name)) state[name] = values;
    else omitted.push(name);
  }
  return omitted.length > 0 ? { ...payload, state, omitted } : payload;
}

/**
 * Answers a render whose on-load events redirected with a 303 to `href` (nothing is rendered). The
 * tab's token goes along in the short-lived cookie a reload uses, so the page at `href` renders
 * with the state the on-load events left, as a redirect inside the page would show it.
 */
function answerRedirect(req: IncomingMessage, res: ServerResponse, href: string, token: string, secure: boolean): void {
  const here = new URL(req.url ?? '/', 'http://server.invalid');
  const target = new URL(href, here);
  // Same origin: a path (no host to get wrong behind a proxy); URL serialising percent-encodes.
  const location = target.origin === here.origin ? target.pathname + target.search + target.hash : target.href;
  res.statusCode = 303;
  res.setHeader('Location', location);
  res.setHeader('Cache-Control', 'no-store');
  // Appended: the response may be setting the session cookie too (a renewal the page left).
  res.appendHeader(
    'Set-Cookie',
    `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Max-Age=10; Path=/; SameSite=Strict${secure ? '; Secure' : ''}`,
  );
  res.end();
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
  // Spliced in, not `replace(string, string)`: a `$` in the state or the head (`$&`, `` $` ``) would
  // be a replacement pattern there.
  const end = html.indexOf('</head>');
  return end < 0 ? html : `${html.slice(0, end)}${rendered.head}${data}${html.slice(end)}`;
}

/** JSON that is safe inside a `<script>` element. */
export function serializeForScript(value: unknown): string {
  // NaN and the infinities as their reserved strings (the page puts them back: see the protocol).
  return JSON.stringify(value, floatReplacer)
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
