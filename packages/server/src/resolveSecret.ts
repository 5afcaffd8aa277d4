import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { writePrivateFile } from './privateFiles.js';
import { ServerError } from './serverError.js';

/**
 * The secret that signs tokens: the given one, else `CORE_SECRET`. In development only, a random
 * one is generated and kept in `<cwd>/.core/secret` (folder 0700, file 0600) so tokens survive a
 * dev-server restart. In production a missing secret is refused: a generated one would differ
 * between processes and die with the folder, and would sit on disk next to the app.
 */
export function resolveSecret(options: { secret?: string; cwd?: string; dev: boolean }): string {
  const given = options.secret ?? process.env.CORE_SECRET;
  if (given) return given;
  if (!options.dev) {
    throw new ServerError(
      'MISSING_SECRET',
      'No CORE_SECRET set: production needs a fixed secret to sign tokens. Set CORE_SECRET to 32+ random characters (e.g. `openssl rand -hex 32`), the same in every process, or pass the secret option.',
    );
  }
  const file = path.join(options.cwd ?? process.cwd(), '.core', 'secret');
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return stored;
  } catch {
    // No secret yet: create one below.
  }
  const secret = randomBytes(32).toString('base64url');
  writePrivateFile(file, secret);
  return secret;
}
