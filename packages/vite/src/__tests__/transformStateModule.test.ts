import { describe, expect, it } from 'vitest';
import { type CoreViteError, isCoreViteError, transformStateModule } from '../index.js';
import { readStub, SERVER_ONLY_MARKER, TASKS_MODULE } from './fixtures.js';

const ID = '/app/src/state/tasks.ts';
const FILE = 'src/state/tasks.ts';

function stubOf(code: string, id = ID) {
  const result = transformStateModule(code, id, { file: FILE });
  if (!result) throw new Error('expected a state module');
  return { ...result, exports: readStub(result.code) };
}

function errorOf(code: string): CoreViteError {
  try {
    transformStateModule(code, '/app/src/state/bad.ts', { file: 'src/state/bad.ts' });
  } catch (error) {
    if (isCoreViteError(error)) return error;
    throw error;
  }
  throw new Error('expected transformStateModule to throw');
}

const header = `import { defineState } from '@core/state';\n`;

describe('transformStateModule on the DESIGN.md state module', () => {
  it('exports one stub per state with its name and its event and background handler names', () => {
    const { exports } = stubOf(TASKS_MODULE);
    expect(exports.TaskState).toEqual({
      state: 'task',
      handlers: ['toggleRunning', 'clearCounter', 'setMax', 'myTask'],
    });
    expect(exports.LoadState).toEqual({ state: 'load', handlers: ['reload', 'fetchLater'] });
  });

  it('keeps no server code: no imports but the stub runtime, no handler bodies, no helpers', () => {
    const { code } = stubOf(TASKS_MODULE);
    for (const serverCode of [
      SERVER_ONLY_MARKER,
      'node:fs',
      'readFileSync',
      '@core/state',
      '/var/data/rows.txt',
      'task.modify',
      'maxCounter',
      'loadInBackground',
      'sleep(',
    ]) {
      expect(code).not.toContain(serverCode);
    }
    expect(code).toContain('from "@core/react/stub"');
  });

  it('makes an event creator for a background task in the object form ({ exclusive, run }), and none for onTaskEnd', () => {
    const { exports, code } = stubOf(`${header}export const TaskState = defineState('task', {
  vars: { running: false },
  events: { toggle(_s, _: void, ctx) { ctx.cancel(TaskState.myTask); } },
  background: {
    myTask: { exclusive: 'restart', resume: true, async run(task) { await task.modify((s) => { s.running = true; }); } },
    plain: async () => {},
  },
  onTaskEnd(s) { s.running = false; },
});
`);
    expect(exports.TaskState).toEqual({ state: 'task', handlers: ['toggle', 'myTask', 'plain'] });
    expect(code).not.toContain('restart');
    expect(code).not.toContain('task.modify');
  });

  it('leaves the names of backend-only (_) handlers out of the stub', () => {
    const { exports, code } = stubOf(`${header}export const Billing = defineState('billing', {
  vars: { total: 0 },
  events: { pay(s) { s.total += 1; }, _refundEveryone(s) { s.total = 0; } },
  background: { async _chargeCards() {}, async sync() {} },
});
`);
    expect(exports.Billing).toEqual({ state: 'billing', handlers: ['pay', 'sync'] });
    expect(code).not.toContain('_refundEveryone');
    expect(code).not.toContain('_chargeCards');
  });

  it('gives a state that declares setters the setter event ($set), and one with setters: false none', () => {
    const { exports } = stubOf(`${header}export const Search = defineState('search', {
  vars: { query: '' },
  setters: ['query'],
  events: { clear(s) { s.query = ''; } },
});
export const Closed = defineState('closed', { vars: { a: 1 }, setters: false });
`);
    expect(exports.Search).toEqual({ state: 'search', handlers: ['clear', '$set'] });
    expect(exports.Closed).toEqual({ state: 'closed', handlers: [] });
  });

  it('replaces the other exports by server-only placeholders', () => {
    const { exports, analysis } = stubOf(TASKS_MODULE);
    expect(exports.ROWS_FILE).toBe('server-only');
    expect(exports.fetchRows).toBe('server-only');
    expect(Object.keys(exports).sort()).toEqual(['LoadState', 'ROWS_FILE', 'TaskState', 'fetchRows']);
    expect(analysis.serverOnly.map((entry) => entry.exportedAs)).toEqual(['ROWS_FILE', 'fetchRows']);
  });

  it('returns a source map that points at the original module', () => {
    const { map, code } = stubOf(TASKS_MODULE);
    expect(map.sources).toEqual([ID]);
    expect(map.sourcesContent).toEqual([TASKS_MODULE]);
    expect(map.mappings.split(';')).toHaveLength(code.split('\n').length);
    // The line of `export const TaskState = ...` maps somewhere; comment lines map nowhere.
    const taskLine = code.split('\n').findIndex((line) => line.startsWith('export const TaskState'));
    expect(map.mappings.split(';')[taskLine]).not.toBe('');
    expect(map.mappings.split(';')[0]).toBe('');
  });
});

describe('handler forms', () => {
  it('finds methods, arrow and function properties, string and numeric keys, async, generators and shorthands', () => {
    const { exports } = stubOf(`${header}
const shared = (s: { n: number }) => { s.n = 0; };
export const Forms = defineState('forms', {
  vars: { n: 0 },
  events: {
    method(s) {},
    arrow: (s) => {},
    fn: function (s) {},
    'string-key'(s) {},
    "quoted": (s) => {},
    ['computed-literal'](s) {},
    [\`template\`]: (s) => {},
    42(s) {},
    async asyncMethod(s) {},
    asyncArrow: async (s) => {},
    *generator(s) {},
    async *asyncGenerator(s) {},
    shared,
  },
  background: {
    async task(t) {},
    'bg-string': async (t) => {},
    async *bgGenerator(t) {},
  },
});
`);
    expect(exports.Forms).toEqual({
      state: 'forms',
      handlers: [
        'method',
        'arrow',
        'fn',
        'string-key',
        'quoted',
        'computed-literal',
        'template',
        '42',
        'asyncMethod',
        'asyncArrow',
        'generator',
        'asyncGenerator',
        'shared',
        'task',
        'bg-string',
        'bgGenerator',
      ],
    });
  });

  it('accepts TypeScript around the config and states without events or background', () => {
    const { exports } = stubOf(`${header}
export const Typed = defineState('typed', { vars: { n: 0 }, events: { inc(s) {} } as const } satisfies object);
export const Empty = defineState(\`empty\`, { vars: {} });
`);
    expect(exports.Typed).toEqual({ state: 'typed', handlers: ['inc'] });
    expect(exports.Empty).toEqual({ state: 'empty', handlers: [] });
  });
});

describe('what counts as a state module', () => {
  it('follows a renamed import of defineState', () => {
    const { exports } = stubOf(`import { defineState as ds } from '@core/state';
export const Renamed = ds('renamed', { vars: {}, events: { go() {} } });`);
    expect(exports.Renamed).toEqual({ state: 'renamed', handlers: ['go'] });
  });

  it('follows a namespace import of @core/state', () => {
    const { exports } = stubOf(`import * as core from '@core/state';
export const Spaced = core.defineState('spaced', { vars: {}, events: { go() {} } });`);
    expect(exports.Spaced).toEqual({ state: 'spaced', handlers: ['go'] });
  });

  it('follows states declared first and exported later, under other names and as default', () => {
    const { exports } = stubOf(`${header}
const Counter = defineState('counter', { vars: { n: 0 }, events: { add(s, n: number) {} } });
const Hidden = defineState('hidden', { vars: {}, events: { secret() {} } });
export { Counter, Counter as Alias, Counter as 'odd-name' };
export default defineState('main', { vars: {}, events: { start() {} } });
`);
    const counter = { state: 'counter', handlers: ['add'] };
    expect(exports).toEqual({
      Counter: counter,
      Alias: counter,
      'odd-name': counter,
      default: { state: 'main', handlers: ['start'] },
    });
  });

  it('leaves modules alone without a value import of defineState from @core/state', () => {
    for (const code of [
      `import type { defineState } from '@core/state';\nexport const x = 1;`,
      `import { type defineState, sleep } from '@core/state';\nexport const x = sleep;`,
      `import { sleep } from '@core/state';\n// defineState('nope', {})\nexport const x = sleep;`,
      `import * as core from '@core/state';\nexport const wait = core.sleep; // defineState`,
      `import { defineState } from './local-copy';\nexport const A = defineState('a', {});`,
      `export const text = 'defineState';`,
    ]) {
      expect(transformStateModule(code, ID)).toBeNull();
    }
  });

  it('turns exports that are not states into server-only placeholders, types excepted', () => {
    const { exports, code } = stubOf(`${header}
export const A = defineState('a', { vars: {} });
export const LIMIT = 5, { left, right: [inner] } = { left: 1, right: [2] };
export function helper() {}
export class Service {}
export enum Mode { On, Off }
export { readFileSync } from 'node:fs';
export * as path from 'node:path';
export type Shape = { n: number };
export interface Props { n: number }
interface Local {}
export { type Local };
export declare const ambient: number;
`);
    expect(exports).toEqual({
      A: { state: 'a', handlers: [] },
      LIMIT: 'server-only',
      left: 'server-only',
      inner: 'server-only',
      helper: 'server-only',
      Service: 'server-only',
      Mode: 'server-only',
      readFileSync: 'server-only',
      path: 'server-only',
    });
    expect(code).not.toContain('node:');
  });
});

describe('errors name the file and say what to write instead', () => {
  it('rejects a state name that is not a string literal', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
    for (const name of ['NAME', '`task-${n}`', "'a' + 'b'"]) {
      const error = errorOf(
        `${header}const NAME = 'x'; const n = 1;\nexport const S = defineState(${name}, { vars: {} });`,
      );
      expect(error.code).toBe('INVALID_STATE_NAME');
      expect(error.file).toBe('src/state/bad.ts');
      expect(error.message).toContain('src/state/bad.ts');
      expect(error.message).toContain("write defineState('counter', { ... })");
    }
  });

  it('rejects events or background that are not object literals', () => {
    const events = errorOf(
      `${header}const handlers = {};\nexport const S = defineState('s', { vars: {}, events: handlers });`,
    );
    expect(events.code).toBe('INVALID_HANDLERS');
    expect(events.message).toMatch(
      /src\/state\/bad\.ts: `events` of state "s" must be an object literal, got the identifier `handlers`/,
    );
    const background = errorOf(`${header}export const S = defineState('s', { vars: {}, background: make() });`);
    expect(background.code).toBe('INVALID_HANDLERS');
    expect(background.message).toContain('`background` of state "s" must be an object literal');
  });

  it('rejects handler keys it cannot read and spreads', () => {
    const computed = errorOf(
      `${header}const k = 'x';\nexport const S = defineState('s', { vars: {}, events: { [k]() {} } });`,
    );
    expect(computed.code).toBe('INVALID_HANDLERS');
    expect(computed.message).toContain('src/state/bad.ts');
    const spread = errorOf(
      `${header}const more = {};\nexport const S = defineState('s', { vars: {}, events: { ...more } });`,
    );
    expect(spread.message).toContain('spreads ...more');
  });

  it('rejects a config that is not an object literal', () => {
    const error = errorOf(`${header}const config = { vars: {} };\nexport const S = defineState('s', config);`);
    expect(error.code).toBe('INVALID_STATE_CONFIG');
    expect(error.message).toContain('src/state/bad.ts');
  });

  it('reports syntax errors with the file name', () => {
    const error = errorOf(`${header}export const S = defineState('s', { vars: {`);
    expect(error.code).toBe('PARSE_FAILED');
    expect(error.message).toContain('src/state/bad.ts');
  });
});
