import { parseAst } from 'vite';

/** A string that appears only in server code of {@link TASKS_MODULE}: it must never reach a browser bundle. */
export const SERVER_ONLY_MARKER = 'SERVER_ONLY_MARKER_7f3a';

/**
 * The DESIGN.md example as a user writes it: two states, a server-only import (`node:fs`), helper
 * functions and a constant next to them.
 */
export const TASKS_MODULE = `import { readFileSync } from 'node:fs';
import { type AppHandle, type Chain, defineState, sleep } from '@core/state';

export const ROWS_FILE = '/var/data/rows.txt';

export const TaskState = defineState('task', {
  vars: { counter: 0, maxCounter: 10, running: false, _nTasks: 0 },
  computed: { remaining: (s) => s.maxCounter - s.counter },
  events: {
    toggleRunning(s): Chain {
      s.running = !s.running;
      if (s.running) return TaskState.myTask();
    },
    clearCounter(s) {
      s.counter = 0;
    },
    setMax(s, n: number) {
      console.log('${SERVER_ONLY_MARKER}');
      s.maxCounter = n;
    },
  },
  background: {
    async myTask(task) {
      const started = await task.modify((s) => {
        if (s._nTasks > 0) return false;
        s._nTasks += 1;
        return true;
      });
      if (!started) return;
      for (;;) {
        const stop = await task.modify((s) => {
          if (s.counter >= s.maxCounter) s.running = false;
          if (!s.running) {
            s._nTasks -= 1;
            return true;
          }
          s.counter += 1;
          return false;
        });
        if (stop) return;
        await sleep(500, task.signal);
      }
    },
  },
});

export const LoadState = defineState('load', {
  vars: { loading: false, rows: [] as string[] },
  events: {
    async *reload(s, _: void, ctx) {
      s.loading = true;
      yield;
      const t = await ctx.get(TaskState);
      s.rows = await fetchRows(t.counter);
      s.loading = false;
    },
    fetchLater(s, _: void, ctx) {
      s.loading = true;
      void loadInBackground(ctx.app, ctx.token);
    },
  },
});

export async function fetchRows(offset: number): Promise<string[]> {
  return readFileSync(ROWS_FILE, 'utf8').split('\\n').slice(offset);
}

async function loadInBackground(app: AppHandle, token: string) {
  const rows = await fetchRows(0);
  await app.modifyState(token, async (tx) => {
    const s = await tx.get(LoadState);
    s.rows = rows;
    s.loading = false;
  });
}
`;

/** What an export of a browser stub stands for: a state stub, or a server-only placeholder. */
export type StubExport = { state: string; handlers: string[] } | 'server-only';

/**
 * Reads a generated stub back with the parser: every export name with the `createStateStub`
 * arguments or the server-only placeholder behind it. Fails on anything else in the stub.
 */
export function readStub(code: string): Record<string, StubExport> {
  const program = parseAst(code, { lang: 'js' });
  const locals = new Map<string, StubExport>();
  const exports: Record<string, StubExport> = {};
  const stubValue = (node: unknown): StubExport => {
    const call = node as {
      type: string;
      callee: { name: string };
      arguments: { value?: unknown; elements?: unknown }[];
    };
    if (call.type !== 'CallExpression') throw new Error(`unexpected stub value ${call.type}`);
    if (call.callee.name === 'serverOnlyExport') return 'server-only';
    if (call.callee.name !== 'createStateStub') throw new Error(`unexpected call of ${call.callee.name}`);
    const [name, handlers] = call.arguments;
    return {
      state: name?.value as string,
      handlers: ((handlers?.elements ?? []) as { value: string }[]).map((element) => element.value),
    };
  };
  for (const statement of program.body) {
    if (statement.type === 'VariableDeclaration' || statement.type === 'ExportNamedDeclaration') {
      const declaration = statement.type === 'VariableDeclaration' ? statement : statement.declaration;
      if (declaration?.type === 'VariableDeclaration') {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type !== 'Identifier') throw new Error('unexpected pattern in stub');
          const value = stubValue(declarator.init);
          locals.set(declarator.id.name, value);
          if (statement.type === 'ExportNamedDeclaration') exports[declarator.id.name] = value;
        }
      }
      if (statement.type === 'ExportNamedDeclaration') {
        for (const specifier of statement.specifiers) {
          const local = specifier.local.type === 'Literal' ? specifier.local.value : specifier.local.name;
          const exported = specifier.exported.type === 'Literal' ? specifier.exported.value : specifier.exported.name;
          const value = locals.get(local);
          if (!value) throw new Error(`stub exports unknown local ${local}`);
          exports[exported] = value;
        }
      }
    } else if (statement.type === 'ImportDeclaration') {
      if (statement.source.value !== '@core/react/stub') throw new Error(`stub imports ${statement.source.value}`);
    } else if (statement.type !== 'FunctionDeclaration') {
      throw new Error(`unexpected ${statement.type} in stub`);
    }
  }
  return exports;
}
