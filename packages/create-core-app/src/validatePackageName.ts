import { builtinModules } from 'node:module';

const RESERVED = new Set(['node_modules', 'favicon.ico', ...builtinModules]);

/**
 * Checks a name against npm's rules for new packages: at most 214 characters, lowercase, URL-safe
 * (no spaces, no `~'!()*`), no leading `.` or `_`, not a Node built-in module; `@scope/name` is
 * allowed. Returns each rule the name breaks as a phrase; an empty list means the name is valid.
 *
 * @example
 * validatePackageName('My App'); // ['must be lowercase', 'must not contain spaces']
 */
export function validatePackageName(name: string): string[] {
  if (name.length === 0) return ['must not be empty'];
  const problems: string[] = [];
  if (name.length > 214) problems.push('must be at most 214 characters long');
  if (name.toLowerCase() !== name) problems.push('must be lowercase');
  if (RESERVED.has(name)) problems.push('is reserved (a Node built-in module or an npm name)');
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  if (name.startsWith('@') && !scoped) problems.push('must look like @scope/name when it starts with "@"');
  const parts = scoped ? [scoped[1]!, scoped[2]!] : [name.replace(/^@/, '')];
  if (parts.some((part) => part.startsWith('.') || part.startsWith('_'))) {
    problems.push('must not start with "." or "_"');
  }
  if (/\s/.test(name)) problems.push('must not contain spaces');
  else if (parts.some((part) => encodeURIComponent(part) !== part)) {
    problems.push('must contain only URL-safe characters (letters, digits, "-", ".", "_")');
  }
  if (/[~'!()*]/.test(name)) problems.push("must not contain any of ~'!()*");
  return problems;
}
