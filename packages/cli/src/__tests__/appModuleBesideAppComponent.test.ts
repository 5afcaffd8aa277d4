import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '@core/cli';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProject, removeProject } from './support/coreProject.js';

// The app module was `src/app.ts`, beside React's `src/App.tsx`: on macOS and Windows (case-
// insensitive) `import { App } from './App'` loaded the server module into the page. It is
// `src/server.ts` now; `src/app.ts` still works alone and is refused beside `src/App.tsx`.
let project: string | undefined;
afterEach(() => {
  if (project) removeProject(project);
  project = undefined;
});

const COMPONENT = 'export function App() { return null; }\n';

describe('the app module', () => {
  it('is src/server.ts, which core build bundles into dist/server/app.js', async () => {
    project = makeProject();
    const { serverEntry } = await buildApp({ root: project });
    expect(serverEntry).toBe(path.join(project, 'dist/server/app.js'));
    expect(existsSync(serverEntry)).toBe(true);
  });

  it('may still be src/app.ts (its older name) when no module beside it differs from it only in case', async () => {
    project = makeProject({ appFile: 'src/app.ts' });
    const { serverEntry } = await buildApp({ root: project });
    expect(existsSync(serverEntry)).toBe(true);
  });

  it('src/app.ts beside src/App.tsx is refused with the fix (rename it to src/server.ts), before anything is built', async () => {
    project = makeProject({ appFile: 'src/app.ts' });
    writeFileSync(path.join(project, 'src/App.tsx'), COMPONENT);
    await expect(buildApp({ root: project })).rejects.toThrow(
      "[core] src/app.ts and src/App.tsx differ only in case, so on macOS and Windows import './App' loads the app module; rename src/app.ts to src/server.ts.",
    );
    expect(existsSync(path.join(project, 'dist'))).toBe(false);
  });

  it('src/server.ts beside src/App.tsx builds (the templates’ layout)', async () => {
    project = makeProject();
    writeFileSync(path.join(project, 'src/App.tsx'), COMPONENT);
    const { serverEntry } = await buildApp({ root: project });
    expect(existsSync(serverEntry)).toBe(true);
  });

  it('is never a component that a case-insensitive file system would open as src/app.tsx', async () => {
    project = makeProject();
    renameSync(path.join(project, 'src/server.ts'), path.join(project, 'src/App.tsx'));
    await expect(buildApp({ root: project })).rejects.toThrow(`[core] No src/server.ts in ${project}.`);
  });
});
