import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * What a signed value is for. Each purpose signs with its own key, derived from the secret, so a
 * value signed for one purpose never verifies as another: `tab`, a tab's token (sessionStorage,
 * the socket handshake, uploads); `session`, the HTTP-only browser-session cookie;
 * `session-fingerprint`, the name of a session that pages may see; `session-renew`, the short-lived
 * proof that lets a tab fetch its new session cookie after signing in or out.
 */
export type SignedPurpose = 'tab' | 'session' | 'session-fingerprint' | 'session-renew';

const PURPOSES: readonly SignedPurpose[] = ['tab', 'session', 'session-fingerprint', 'session-renew'];

/** Issues and checks signed values of one purpose: `<random id>.<HMAC-SHA256 of the id>`, both base64url. */
export interface TokenSigner {
  /** What this signer's values are for. */
  readonly purpose: SignedPurpose;
  /** A new value, unguessable and signed. */
  issue(): string;
  /** True when `token` was issued with this secret for this purpose (constant-time comparison). */
  verify(token: unknown): token is string;
  /** The signature of `id` (the part after the dot of a signed value). */
  sign(id: string): string;
  /** The signer of the same secret for another purpose (made once, then reused). */
  for(purpose: SignedPurpose): TokenSigner;
  /**
   * Which purpose `value` was signed for with this secret, or undefined (forged, malformed, or
   * signed the way servers before purposes did, with the secret itself). For error messages.
   */
  purposeOf(value: unknown): SignedPurpose | undefined;
}

/**
 * Creates a signer for `secret` (any string of 16+ characters) and `purpose` (tab tokens unless
 * told). Keys are derived per purpose (`HMAC-SHA256(secret, "core/<purpose>")`): a session cookie
 * is refused as a tab token and the other way round. Values signed before purposes existed (with
 * the secret as the key) verify as nothing: a tab presenting such a token gets a new one, as for
 * any invalid token, and such a session cookie counts as none.
 *
 * @example
 * const tabs = createTokenSigner(process.env.CORE_SECRET);
 * const token = tabs.issue();
 * tabs.verify(token);                  // true
 * tabs.for('session').verify(token);   // false: a tab token is not a session cookie
 */
export function createTokenSigner(secret: string, purpose: SignedPurpose = 'tab'): TokenSigner {
  if (secret.length < 16) throw new Error('[core/server] The token secret must be at least 16 characters long.');
  const signers = new Map<SignedPurpose, TokenSigner>();
  const signerFor = (which: SignedPurpose): TokenSigner => {
    let signer = signers.get(which);
    if (!signer) {
      if (!PURPOSES.includes(which)) {
        throw new Error(
          `[core/server] Unknown signing purpose ${JSON.stringify(which)}; use one of ${PURPOSES.join(', ')}.`,
        );
      }
      signer = purposeSigner(createHmac('sha256', secret).update(`core/${which}`).digest(), which, signerFor);
      signers.set(which, signer);
    }
    return signer;
  };
  return signerFor(purpose);
}

function purposeSigner(
  key: Buffer,
  purpose: SignedPurpose,
  signerFor: (purpose: SignedPurpose) => TokenSigner,
): TokenSigner {
  const sign = (id: string) => createHmac('sha256', key).update(id).digest('base64url').slice(0, 32);
  const verify = (token: unknown): token is string => {
    if (typeof token !== 'string' || token.length > 128) return false;
    const dot = token.indexOf('.');
    if (dot <= 0) return false;
    const expected = Buffer.from(sign(token.slice(0, dot)));
    const given = Buffer.from(token.slice(dot + 1));
    return expected.length === given.length && timingSafeEqual(expected, given);
  };
  return {
    purpose,
    sign,
    verify,
    issue() {
      const id = randomBytes(16).toString('base64url');
      return `${id}.${sign(id)}`;
    },
    for: signerFor,
    purposeOf(value) {
      return PURPOSES.find((which) => signerFor(which).verify(value));
    },
  };
}

/**
 * Why `value` is not a valid tab token, in words for an error message: missing, a value signed for
 * another purpose (a session cookie where a tab token belongs), or not signed by this server.
 */
export function whyNotATabToken(signer: TokenSigner, value: unknown): string {
  if (value === undefined || value === '') return 'carries no tab token';
  const purpose = signer.purposeOf(value);
  if (purpose !== undefined && purpose !== 'tab') {
    return `carries a value signed for "${purpose}", not a tab token (a session cookie or proof is never a token)`;
  }
  return 'carries a tab token this server did not sign (forged, or signed with another secret or by a version before signing purposes)';
}
