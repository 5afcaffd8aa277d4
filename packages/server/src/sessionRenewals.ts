import { timingSafeEqual } from 'node:crypto';
import { sessionFingerprint } from './sessionCookie.js';
import type { TokenSigner } from './tokenSigner.js';

/** Options of {@link SessionRenewals}. */
export interface SessionRenewalsOptions {
  /** How long a proof may be used, in ms. @default 30_000 */
  ttl?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

/** A proof's session mark when the tab had no browser session before. */
const NO_SESSION = 'none';
/** Used proofs remembered at most (each is dropped anyway once expired). */
const MAX_REMEMBERED = 10_000;

/**
 * The proofs that let a tab fetch its new session cookie after it signed in or out
 * (`POST /_core/session`). A proof is `<expiry>.<mark>.<MAC>`: signed for the `session-renew`
 * purpose over the tab's token, the expiry and the mark — the fingerprint of the session the tab
 * left, or `none`. It is stateless (any process sharing the secret checks it), short-lived, and
 * used once on this process. A proof naming a session is only honoured together with that
 * session's cookie (or the new one already), which page scripts cannot read.
 */
export class SessionRenewals {
  readonly #signer: TokenSigner;
  readonly #ttl: number;
  readonly #now: () => number;
  readonly #used = new Map<string, number>();

  constructor(signer: TokenSigner, options: SessionRenewalsOptions = {}) {
    this.#signer = signer;
    this.#ttl = options.ttl ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  /** A proof for `token`, which just moved away from browser session `from` (undefined: none). */
  issue(token: string, from: string | undefined): string {
    const expires = (this.#now() + this.#ttl).toString(36);
    const mark = from === undefined ? NO_SESSION : sessionFingerprint(from, this.#signer);
    return `${expires}.${mark}.${this.#mac(token, expires, mark)}`;
  }

  /** Why `proof` does not let `token` renew its cookie now (one sentence), or undefined when it does. */
  check(token: string, proof: unknown): string | undefined {
    const parts = parse(proof);
    if (!parts) {
      return 'Renewing the session cookie needs the proof the server sent with core:session; a tab token alone never gets the cookie.';
    }
    const expected = Buffer.from(this.#mac(token, parts.expires, parts.mark));
    const given = Buffer.from(parts.mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return 'The session renewal proof was not issued to this tab; sign in or out again.';
    }
    if (Number.parseInt(parts.expires, 36) <= this.#now()) {
      return 'The session renewal proof has expired; sign in or out again.';
    }
    if (this.#used.has(parts.mac)) return 'The session renewal proof was used already; sign in or out again.';
    return undefined;
  }

  /**
   * True when the request's session cookie (`sent`, its id) is the one the proof names, or already
   * the session the tab is linked to now (`current`); any cookie for a proof that names none.
   */
  cookieMatches(proof: unknown, sent: string | undefined, current: string): boolean {
    const parts = parse(proof);
    if (!parts) return false;
    if (parts.mark === NO_SESSION) return true;
    if (sent === undefined) return false;
    return sent === current || sessionFingerprint(sent, this.#signer) === parts.mark;
  }

  /** Marks `proof` as used (on this process) until it expires. */
  consume(proof: string): void {
    const parts = parse(proof);
    if (!parts) return;
    const now = this.#now();
    for (const [mac, expires] of this.#used) {
      if (expires > now && this.#used.size < MAX_REMEMBERED) break;
      this.#used.delete(mac);
    }
    this.#used.set(parts.mac, Number.parseInt(parts.expires, 36));
  }

  #mac(token: string, expires: string, mark: string): string {
    return this.#signer.for('session-renew').sign(`${token}|${expires}|${mark}`);
  }
}

function parse(proof: unknown): { expires: string; mark: string; mac: string } | undefined {
  if (typeof proof !== 'string' || proof.length > 128) return undefined;
  const [expires, mark, mac, extra] = proof.split('.');
  if (extra !== undefined || !expires || !mark || !mac) return undefined;
  return { expires, mark, mac };
}
