import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '@core/state';

/**
 * The secret that signs tokens: the given one, else `CORE_SECRET`, else a random one persisted in
 * `<cwd>/.core/secret` so tokens survive a dev-server restart (and processes started from one
 * folder agree). Outside development the fallback is logged: set `CORE_SECRET` in production.
 */
export function resolveSecret(options: { secret?: string; cwd?: string; dev: boolean; logger: Logger }): string {
  const given = options.secret ?? process.env.CORE_SECRET;
  if (given) return given;
  const file = path.join(options.cwd ?? process.cwd(), '.core', 'secret');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return stored;
  } catch {
    // No secret yet: create one below.
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  if (!options.dev) {
    options.logger.warn(
      `No CORE_SECRET set; tokens are signed with a generated secret stored in ${file}. Set CORE_SECRET in production.`,
    );
  }
  return secret;
}
