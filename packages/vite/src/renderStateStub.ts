import type { StateModuleAnalysis } from './analyzeStateModule.js';
import type { LineMapping } from './lineSourceMap.js';

/** The module the browser stub imports `createStateStub` from. */
export const STUB_RUNTIME = '@core/react/stub';

/** The browser stub of a state module, with where each of its lines came from. */
export interface RenderedStateStub {
  readonly code: string;
  readonly lineCount: number;
  readonly mappings: readonly LineMapping[];
}

// Local names the stub declares itself; an export with one of these names gets a generated local.
const CREATE_STUB = 'createStateStub';
const SERVER_ONLY = 'serverOnlyExport';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Writes the browser stand-in of a state module: one `createStateStub(name, handlers)` per exported
 * state (public handlers only: the names of `_` handlers are left out), and for every other export a value that throws a clear error when browser code uses it
 * (the plugin also fails the build when such a value survives tree-shaking). Nothing else of the
 * module is kept. `file` is how messages name the module; it ends up in the browser bundle, so
 * pass a path relative to the project root.
 */
export function renderStateStub(analysis: StateModuleAnalysis, file: string): RenderedStateStub {
  const lines: string[] = [];
  const mappings: LineMapping[] = [];
  const emit = (line: string, originalOffset?: number) => {
    if (originalOffset !== undefined) mappings.push({ generatedLine: lines.length, originalOffset });
    lines.push(line);
  };

  const stateNames = analysis.states.flatMap((state) => state.exportedAs);
  emit(`// Browser stub of ${comment(file)}, written by @core/vite: each state keeps its name and handler names;`);
  emit('// nothing else of the module reaches the browser. Its other exports are server-only: using one in');
  emit('// browser code fails `vite build` and throws at run time in dev.');
  emit(`import { ${CREATE_STUB} } from ${JSON.stringify(STUB_RUNTIME)};`);

  analysis.states.forEach((state, index) => {
    // Backend-only (`_`) handlers cannot be called from a page: their names stay on the server too.
    const handlers = state.handlers.filter((name) => !name.startsWith('_'));
    const value = `${CREATE_STUB}(${JSON.stringify(state.stateName)}, ${JSON.stringify(handlers)})`;
    declareExport(state.exportedAs, `__coreState${index}`, value, state.start, emit);
  });

  if (analysis.serverOnly.length > 0) {
    const available = stateNames.length > 0 ? ` (${stateNames.join(', ')})` : '';
    const message = `[core/vite] "%s" of ${file} is server-only: a state module reaches the browser only as its states${available}. Move "%s" to a module without server code, or use it only on the server.`;
    emit(`function ${SERVER_ONLY}(name) {`);
    emit(`  const fail = () => { throw new Error(${JSON.stringify(message)}.replaceAll('%s', name)); };`);
    emit('  const traps = {};');
    emit(
      `  for (const trap of ['get', 'set', 'has', 'apply', 'construct', 'ownKeys', 'getOwnPropertyDescriptor', 'defineProperty', 'deleteProperty', 'getPrototypeOf', 'setPrototypeOf']) traps[trap] = fail;`,
    );
    emit('  return new Proxy(function () {}, traps);');
    emit('}');
    analysis.serverOnly.forEach((entry, index) => {
      const value = `/* @__PURE__ */ ${SERVER_ONLY}(${JSON.stringify(entry.exportedAs)})`;
      declareExport([entry.exportedAs], `__coreServerOnly${index}`, value, entry.start, emit);
    });
  }

  emit('');
  return { code: lines.join('\n'), lineCount: lines.length, mappings };
}

/** `export const name = value;`, or a generated local plus `export { local as name }` for names that cannot be a local. */
function declareExport(
  names: readonly string[],
  fallbackLocal: string,
  value: string,
  originalOffset: number,
  emit: (line: string, originalOffset?: number) => void,
): void {
  const primary = names.find((name) => IDENTIFIER.test(name) && name !== 'default' && !isStubLocal(name));
  const local = primary ?? fallbackLocal;
  emit(`${primary ? 'export ' : ''}const ${local} = ${value};`, originalOffset);
  const aliases = names.filter((name) => name !== primary);
  if (aliases.length > 0) {
    emit(`export { ${aliases.map((name) => `${local} as ${exportName(name)}`).join(', ')} };`, originalOffset);
  }
}

function isStubLocal(name: string): boolean {
  return name === CREATE_STUB || name === SERVER_ONLY || name.startsWith('__core');
}

/** An export name as it may appear after `as`: an identifier, `default`, or a string literal. */
function exportName(name: string): string {
  return IDENTIFIER.test(name) ? name : JSON.stringify(name);
}

/** Keeps a file name from closing the line comment it sits in. */
function comment(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]/g, ' ');
}
