import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TEMPLATES } from 'create-core-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAT_TOOLS_HINT, FatImage, fatTools } from './support/fatImage.js';
import { linkWorkspaceModules, makeTempDir, removeTempDir, runCreate } from './support/workspaceProject.js';

// macOS (APFS) and Windows (NTFS) are case-insensitive by default: there `import { App } from
// './App'` beside `src/app.ts` loaded the server module into the page, and `core build` of a
// freshly scaffolded app failed. Each template is scaffolded by the real binary onto a FAT image
// (case-insensitive too) and built there. In CI a missing tool is a failure, never a skip.
const tools = fatTools();
const available = Boolean(tools.fusefat && tools.mkfs && tools.fusermount);

describe.skipIf(!available && !process.env.CI)('on a case-insensitive file system (FAT through fusefat)', () => {
  let workspace: string;
  let fat: FatImage | undefined;
  beforeAll(() => {
    if (!available) throw new Error(`fusefat, mkfs.vfat or fusermount is missing: ${FAT_TOOLS_HINT}.`);
    workspace = makeTempDir('core-fat-');
    // No symlinks on FAT: the workspace's packages sit in the folder above the mount point.
    linkWorkspaceModules(workspace);
    fat = FatImage.mount(path.join(workspace, 'fat.img'), path.join(workspace, 'fat'));
  });
  afterAll(() => {
    fat?.unmount();
    if (workspace) removeTempDir(workspace);
  });

  it.each(TEMPLATES.map((template) => template.name))(
    'the %s template scaffolds and `core build` builds it, with no server module in the page',
    (template) => {
      const mount = (fat as FatImage).mountDir;
      const created = runCreate([`${template}-app`, '--template', template], mount);
      expect(created.status, created.stderr).toBe(0);
      const project = path.join(mount, `${template}-app`);
      const built = spawnSync(process.execPath, [path.join(workspace, 'node_modules/@core/cli/bin/core.js'), 'build'], {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, NODE_ENV: 'production' },
        timeout: 120_000,
      });
      const output = `${built.stdout}${built.stderr}`;
      expect(built.status, output).toBe(0);
      // The symptom of the clash besides the failed build: @core/state pulled into the browser build.
      expect(output).not.toContain('node:async_hooks');
      expect(existsSync(path.join(project, 'dist/client/index.html'))).toBe(true);
      expect(existsSync(path.join(project, 'dist/server/app.js'))).toBe(true);
    },
    150_000,
  );
});
