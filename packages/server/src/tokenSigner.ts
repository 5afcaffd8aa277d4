import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Issues and checks signed tokens: `<random id>.<HMAC-SHA256 of the id>`, both base64url. */
export interface TokenSigner {
  /** A new token, unguessable and signed. */
  issue(): string;
  /** True when `token` was issued with this secret (constant-time comparison). */
  verify(token: unknown): token is string;
  /** The signature of `id` (the part after the dot of a signed value). */
  sign(id: string): string;
}

/** Creates a signer for `secret` (any string of 16+ characters). */
export function createTokenSigner(secret: string): TokenSigner {
  if (secret.length < 16) throw new Error('[core/server] The token secret must be at least 16 characters long.');
  const sign = (id: string) => createHmac('sha256', secret).update(id).digest('base64url').slice(0, 32);
  return {
    sign,
    issue() {
      const id = randomBytes(16).toString('base64url');
      return `${id}.${sign(id)}`;
    },
    verify(token): token is string {
      if (typeof token !== 'string' || token.length > 128) return false;
      const dot = token.indexOf('.');
      if (dot <= 0) return false;
      const expected = Buffer.from(sign(token.slice(0, dot)));
      const given = Buffer.from(token.slice(dot + 1));
      return expected.length === given.length && timingSafeEqual(expected, given);
    },
  };
}
