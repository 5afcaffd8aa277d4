import { parseAst } from 'vite';
import { analyzeStateModule, type StateModuleAnalysis } from './analyzeStateModule.js';
import { CoreViteError } from './coreViteError.js';
import { createLineSourceMap, type SourceMapV3 } from './lineSourceMap.js';
import { renderStateStub } from './renderStateStub.js';

/** Options of {@link transformStateModule}. */
export interface TransformStateModuleOptions {
  /**
   * How error messages and the stub name the module. It is written into the browser stub, so
   * use a path relative to the project root.
   * @default the id without its query
   */
  file?: string;
}

/** A state module turned into its browser stub. */
export interface StateModuleTransform {
  /** The stub: `export const X = createStateStub('name', ['handler', ...])` per state. */
  readonly code: string;
  /** Maps each stub line back to the declaration it stands for. */
  readonly map: SourceMapV3;
  /** The states and the server-only exports that were found. */
  readonly analysis: StateModuleAnalysis;
}

/**
 * Replaces a state module by its browser stub: the state names and handler names, nothing of
 * the server code. Returns `null` when `code` is not a state module (no value import of
 * `defineState` from `@core/state`). Throws a `CoreViteError` naming the file when a state's
 * name or handlers cannot be read without running the module.
 *
 * @example
 * const result = transformStateModule(code, '/app/src/state/tasks.ts', { file: 'src/state/tasks.ts' });
 * // result.code: import { createStateStub } from '@core/react/stub';
 * //              export const TaskState = createStateStub("task", ["toggleRunning", ...]);
 */
export function transformStateModule(
  code: string,
  id: string,
  options: TransformStateModuleOptions = {},
): StateModuleTransform | null {
  if (!code.includes('defineState')) return null;
  const path = stripQuery(id);
  const file = options.file ?? path;
  let program: ReturnType<typeof parseAst>;
  try {
    program = parseAst(code, { lang: languageOf(path), sourceType: 'module' }, path);
  } catch (cause) {
    throw new CoreViteError(
      'PARSE_FAILED',
      file,
      `the module could not be parsed to find its states: ${parseFailure(cause)}; fix the syntax error.`,
      { cause, pos: positionOf(cause) },
    );
  }
  const analysis = analyzeStateModule(program, file);
  if (!analysis) return null;
  const stub = renderStateStub(analysis, file);
  return { code: stub.code, map: createLineSourceMap(path, code, stub.lineCount, stub.mappings), analysis };
}

/** The id without Vite's `?query` suffix. */
export function stripQuery(id: string): string {
  const query = id.indexOf('?');
  return query === -1 ? id : id.slice(0, query);
}

/** The parser language for a file name: TypeScript for `.ts`/`.mts`/`.cts`, TSX, JSX, or JavaScript. */
function languageOf(path: string): 'ts' | 'tsx' | 'jsx' | 'js' {
  if (/\.[cm]?ts$/.test(path)) return 'ts';
  if (path.endsWith('.tsx')) return 'tsx';
  if (path.endsWith('.jsx')) return 'jsx';
  return 'js';
}

/** The parser's first complaint, without the "Parse failed with N errors" header and the code frame. */
function parseFailure(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split('\n');
  const reason = lines[0]?.startsWith('Parse failed') ? lines[1] : lines[0];
  return reason?.trim() || 'syntax error';
}

/** Where the parser stopped, when its error says so. */
function positionOf(error: unknown): number | undefined {
  const pos = (error as { pos?: unknown } | null)?.pos;
  return typeof pos === 'number' ? pos : undefined;
}
