import { detectPackageManager, formatNextSteps, runScriptCommand, validatePackageName } from 'create-core-app';
import { describe, expect, it } from 'vitest';

describe('validatePackageName', () => {
  it.each(['my-app', 'app2', 'a.b', 'my_app', '@acme/my-app', 'x'.repeat(214)])('accepts %j', (name) => {
    expect(validatePackageName(name)).toEqual([]);
  });

  it.each([
    ['', ['must not be empty']],
    ['My App', ['must be lowercase', 'must not contain spaces']],
    ['x'.repeat(215), ['must be at most 214 characters long']],
    ['@acme', ['must look like @scope/name when it starts with "@"']],
    ['@acme/_x', ['must not start with "." or "_"']],
    ['a/b', ['must contain only URL-safe characters (letters, digits, "-", ".", "_")']],
    ['(app)', ["must not contain any of ~'!()*"]],
    ['http', ['is reserved (a Node built-in module or an npm name)']],
    ['favicon.ico', ['is reserved (a Node built-in module or an npm name)']],
  ])('refuses %j: %j', (name, problems) => {
    expect(validatePackageName(name)).toEqual(problems);
  });
});

describe('detectPackageManager', () => {
  it.each([
    ['npm/11.1.0 node/v20.19.0 linux x64 workspaces/false', 'npm'],
    ['pnpm/9.12.0 npm/? node/v20.19.0 linux x64', 'pnpm'],
    ['yarn/4.5.0 npm/? node/v20.19.0 darwin arm64', 'yarn'],
    ['bun/1.1.30 npm/? node/v22.6.0 linux x64', 'bun'],
    ['cnpm/9.0.0 node/v20.19.0', 'npm'],
    [undefined, 'npm'],
  ])('reads %j as %s', (userAgent, manager) => {
    expect(detectPackageManager(userAgent)).toBe(manager);
  });

  it('runs scripts the way each manager spells it', () => {
    expect(['npm', 'pnpm', 'yarn', 'bun'].map((m) => runScriptCommand(m as 'npm', 'dev'))).toEqual([
      'npm run dev',
      'pnpm dev',
      'yarn dev',
      'bun run dev',
    ]);
  });
});

describe('formatNextSteps', () => {
  it('cds into the project, installs when that was skipped, then starts the dev server', () => {
    expect(formatNextSteps({ root: '/w/my app', cwd: '/w', packageManager: 'pnpm', installed: false })).toEqual([
      'cd "my app"',
      'pnpm install',
      'pnpm dev',
    ]);
    expect(formatNextSteps({ root: '/w', cwd: '/w', packageManager: 'npm', installed: true })).toEqual(['npm run dev']);
  });
});
