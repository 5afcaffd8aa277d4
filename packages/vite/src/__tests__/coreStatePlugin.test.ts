import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  build,
  createBuilder,
  createServer,
  defaultClientConditions,
  defaultServerConditions,
  type InlineConfig,
  type Rolldown,
} from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import coreStatePluginDefault, { coreStatePlugin, transformStateModule } from '../index.js';
import { SERVER_ONLY_MARKER, TASKS_MODULE } from './fixtures.js';

const packagesDir = fileURLToPath(new URL('../../../', import.meta.url));
let root: string;

// A real project: index.html, a main.ts that fires TaskState.setMax(3), the DESIGN.md state
// module. Its node_modules links @core/react and @core/state to this workspace, so the stub
// runtime and the server runtime resolve like in an installed app.
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'core-vite-'));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'fixture', private: true, type: 'module' }),
    'index.html': '<!doctype html><html><body><script type="module" src="/src/main.ts"></script></body></html>',
    'src/main.ts': `import { TaskState } from './state/tasks';
const event = TaskState.setMax(3);
console.log(JSON.stringify({ name: TaskState.name, event }));
`,
    'src/usesHelper.ts': `import { fetchRows, TaskState } from './state/tasks';
console.log(TaskState.name, fetchRows);
`,
    'src/state/tasks.ts': TASKS_MODULE,
  };
  for (const [file, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), content);
  }
  await mkdir(join(root, 'node_modules/@core'), { recursive: true });
  await symlink(join(packagesDir, 'react'), join(root, 'node_modules/@core/react'), 'dir');
  await symlink(join(packagesDir, 'state'), join(root, 'node_modules/@core/state'), 'dir');
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Workspace packages resolve to their TypeScript sources, so no package needs a build first. */
function config(overrides: InlineConfig): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [coreStatePlugin()],
    resolve: { conditions: ['source', ...defaultClientConditions] },
    ssr: { resolve: { conditions: ['source', ...defaultServerConditions], externalConditions: ['source'] } },
    ...overrides,
  };
}

function chunksOf(output: Awaited<ReturnType<typeof build>>): Rolldown.OutputChunk[] {
  const outputs = (Array.isArray(output) ? output : [output]) as Rolldown.RolldownOutput[];
  return outputs.flatMap((result) => result.output.filter((file) => file.type === 'chunk'));
}

describe('vite build of the browser bundle', () => {
  it('ships the state name and handler names and no server code', async () => {
    const outDir = join(root, 'dist/client');
    const chunks = chunksOf(
      await build(config({ build: { outDir, emptyOutDir: true, modulePreload: { polyfill: false } } })),
    );
    const js = chunks.map((chunk) => chunk.code).join('\n');
    expect(js).not.toContain(SERVER_ONLY_MARKER);
    expect(js).not.toContain('node:fs');
    expect(js).not.toContain('/var/data/rows.txt');
    expect(js).not.toContain('INVALID_DEFINITION'); // nothing of the @core/state runtime either
    expect(js).toMatch(/["'`]task["'`]/);
    for (const handler of ['toggleRunning', 'clearCounter', 'setMax', 'myTask', 'reload', 'fetchLater']) {
      expect(js).toContain(handler);
    }

    // The emitted bundle runs: TaskState.setMax(3) is the event the server expects.
    const entry = chunks.find((chunk) => chunk.isEntry);
    const printed = execFileSync(process.execPath, [join(outDir, entry!.fileName)], { encoding: 'utf8' });
    expect(JSON.parse(printed)).toEqual({ name: 'task', event: { state: 'task', name: 'setMax', payload: 3 } });
  });

  it('fails with a clear message when browser code uses a server-only export of a state module', async () => {
    const attempt = build(
      config({
        build: { write: false, rollupOptions: { input: join(root, 'src/usesHelper.ts') } },
      }),
    );
    await expect(attempt).rejects.toThrow(
      /\[core\/vite\] src\/state\/tasks\.ts: browser code uses server-only exports of state modules: "fetchRows" of src\/state\/tasks\.ts \(imported by src\/usesHelper\.ts\)/,
    );
  });

  it('fails naming the file when a state cannot be read without running it', async () => {
    await writeFile(
      join(root, 'src/state/dynamic.ts'),
      `import { defineState } from '@core/state';\nconst name = 'dyn';\nexport const Dyn = defineState(name, { vars: {} });\n`,
    );
    await writeFile(join(root, 'src/dynamicMain.ts'), `import { Dyn } from './state/dynamic';\nconsole.log(Dyn);\n`);
    const attempt = build(
      config({ build: { write: false, rollupOptions: { input: join(root, 'src/dynamicMain.ts') } } }),
    );
    await expect(attempt).rejects.toThrow(
      /src\/state\/dynamic\.ts: defineState\(\) needs the state name as a string literal/,
    );
  });
});

describe('server builds', () => {
  it('keep the state module as written in an SSR build', async () => {
    const chunks = chunksOf(
      await build(
        config({ build: { ssr: join(root, 'src/state/tasks.ts'), outDir: join(root, 'dist/ssr'), write: false } }),
      ),
    );
    const js = chunks.map((chunk) => chunk.code).join('\n');
    expect(js).toContain(SERVER_ONLY_MARKER);
    expect(js).toContain('node:fs');
    expect(js).not.toContain('createStateStub');
  });

  it('stub only the client environment when one builder builds client and server', async () => {
    const builder = await createBuilder(
      config({
        environments: {
          client: { build: { write: false, rollupOptions: { input: join(root, 'src/main.ts') } } },
          ssr: { build: { write: false, rollupOptions: { input: join(root, 'src/state/tasks.ts') } } },
        },
      }),
    );
    const client = chunksOf(await builder.build(builder.environments.client!));
    const server = chunksOf(await builder.build(builder.environments.ssr!));
    expect(client.map((chunk) => chunk.code).join('\n')).not.toContain(SERVER_ONLY_MARKER);
    expect(server.map((chunk) => chunk.code).join('\n')).toContain(SERVER_ONLY_MARKER);
  });
});

describe('dev server', () => {
  it('serves the stub to the browser environment and the real module to the SSR environment', async () => {
    const server = await createServer(
      config({ server: { middlewareMode: true, ws: false }, optimizeDeps: { noDiscovery: true, include: [] } }),
    );
    try {
      const client = await server.environments.client.transformRequest('/src/state/tasks.ts');
      const ssr = await server.environments.ssr.transformRequest('/src/state/tasks.ts');
      expect(client?.code).toContain('createStateStub');
      expect(client?.code).not.toContain(SERVER_ONLY_MARKER);
      expect(ssr?.code).toContain(SERVER_ONLY_MARKER);
    } finally {
      await server.close();
    }
  });
});

describe('the stub at run time', () => {
  it('builds events like the server does and throws a clear error on a server-only export', async () => {
    const stubFile = join(root, 'src/tasksStub.mjs');
    const stub = transformStateModule(TASKS_MODULE, join(root, 'src/state/tasks.ts'), { file: 'src/state/tasks.ts' });
    await writeFile(stubFile, stub!.code);
    const module = await import(/* @vite-ignore */ stubFile);
    expect(module.TaskState.name).toBe('task');
    expect(module.TaskState.setMax(3)).toEqual({ state: 'task', name: 'setMax', payload: 3 });
    expect(module.LoadState.reload()).toEqual({ state: 'load', name: 'reload', payload: undefined });
    expect(() => module.fetchRows(0)).toThrow(
      '[core/vite] "fetchRows" of src/state/tasks.ts is server-only: a state module reaches the browser only as its states (TaskState, LoadState).',
    );
    expect(() => `${module.ROWS_FILE}`).toThrow(/"ROWS_FILE" of src\/state\/tasks\.ts is server-only/);
  });
});

it('is also the default export', () => {
  expect(coreStatePluginDefault).toBe(coreStatePlugin);
  expect(coreStatePlugin()).toMatchObject({ name: 'core:state-stubs', enforce: 'pre' });
});
