import type { IncomingMessage, ServerResponse } from 'node:http';
import { FormField, type FormOutcome, formPayload } from '@core/state/protocol';
import { clientAddress } from './clientAddress.js';
import { type PageRequestContext, renderTokenPage } from './pageRequest.js';
import { requestSession } from './sessionCookie.js';
import { takeLeftSessionRenewal } from './takeLeftSessionRenewal.js';

/** What answering a form post needs beyond a page render. */
export interface FormPostContext extends PageRequestContext {
  /** The origin check of socket handshakes: a post from another site is refused the same way. */
  originAllowed(req: IncomingMessage): boolean;
  /** Largest form body accepted, in bytes (the payload limit of events). */
  maxPayloadBytes: number;
  /** Form posts one client address may have running at once on this process. */
  maxPostsPerIp: number;
  /** Form posts running, by client address (shared by the server's requests). */
  readonly running: Map<string, number>;
  /** The token posted with a form was used by a browser: keep its state as a connected page's. */
  claim(token: string): void;
}

/**
 * True for a form a page posted without JavaScript (or before its script loaded): a POST of
 * url-encoded fields to a page's URL.
 */
export function isFormPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  const url = req.url ?? '/';
  return (
    type.startsWith('application/x-www-form-urlencoded') && !url.startsWith('/assets/') && !url.startsWith('/_core/')
  );
}

/**
 * Answers a form posted without JavaScript as the page's script would have sent it: the same
 * handler (named by the form's hidden `core:event` field) runs with the same payload and schema
 * for the tab the page was rendered for (its signed `core:token` field) and the browser's session,
 * then the page renders again with the outcome: the handler's changes, or the field errors and
 * the values typed (status 422). A post from another site, without a valid token or over the size
 * limit is refused before anything runs.
 */
export async function serveFormPost(
  req: IncomingMessage,
  res: ServerResponse,
  context: FormPostContext,
): Promise<void> {
  if (!context.originAllowed(req) || req.headers['sec-fetch-site'] === 'cross-site') {
    return refuse(res, 403, 'This form was posted from another site; send it from the page itself.');
  }
  const ip = clientAddress(req.socket.remoteAddress, req.headers, context.trustProxy);
  const running = context.running.get(ip) ?? 0;
  if (running >= context.maxPostsPerIp) {
    return refuse(res, 429, `This address already has ${running} forms being handled; wait for them and send again.`);
  }
  context.running.set(ip, running + 1);
  try {
    const body = await readBody(req, context.maxPayloadBytes);
    if (body === undefined) {
      return refuse(res, 413, `The form is over ${context.maxPayloadBytes} bytes; send less.`);
    }
    const fields = new URLSearchParams(body);
    const token = fields.get(FormField.token) ?? '';
    const event = fields.get(FormField.event) ?? '';
    const dot = event.indexOf('.');
    if (!context.signer.verify(token) || dot <= 0 || event.length > 257) {
      return refuse(res, 400, 'The form has no valid page token or event; reload the page and send it again.');
    }
    context.claim(token);
    // Posted right after signing in, before the page fetched its new cookie: finish that first, so
    // the handler runs in the tab's new session (the proof is checked as POST /_core/session does).
    await takeLeftSessionRenewal(req, res, context, token);
    const values = formPayload(fields);
    const spec = { state: event.slice(0, dot), name: event.slice(dot + 1), payload: values };
    // The port's dispatch: its failure report is the one a page's ack would carry (redacted, fields kept).
    const outcome = await new Promise<FormOutcome>((resolve) =>
      context.port.dispatch(token, spec, { origin: 'client', session: requestSession(req) }, (ended) => {
        if (ended.ok) resolve({ event, ok: true, values: {} });
        else if (ended.report.fields) resolve({ event, ok: false, values, errors: ended.report.fields });
        else resolve({ event, ok: false, values, message: ended.report.message });
      }),
    );
    await renderTokenPage(req, res, context, token, { form: outcome, status: outcome.ok ? 200 : 422 });
  } finally {
    const left = (context.running.get(ip) ?? 1) - 1;
    if (left > 0) context.running.set(ip, left);
    else context.running.delete(ip);
  }
}

/** The request's body as text, or undefined when it is over `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.end(`[core/server] ${message}`);
}
