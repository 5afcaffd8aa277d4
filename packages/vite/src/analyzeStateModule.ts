import type { ESTree } from 'vite';
import { readStateCall, staticString, unwrapExpression } from './readStateCall.js';

/** The package whose `defineState` makes a module a state module. */
export const STATE_PACKAGE = '@core/state';

/** One state a state module exports: `export const TaskState = defineState('task', { ... })`. */
export interface StateExport {
  /** The names the module exports it under (`'default'` for `export default`). */
  readonly exportedAs: readonly string[];
  /** The state name, the first argument of `defineState`. */
  readonly stateName: string;
  /** Its `events` then `background` handler names. */
  readonly handlers: readonly string[];
  /** Offset of its declaration in the source, for the source map. */
  readonly start: number;
}

/** An export of a state module that is not a state: server-only, absent from the browser. */
export interface ServerOnlyExport {
  /** The exported name (`'default'` for `export default`). */
  readonly exportedAs: string;
  /** Offset of its declaration in the source, for the source map. */
  readonly start: number;
}

/** What a state module exports, split into states and everything else. */
export interface StateModuleAnalysis {
  readonly states: readonly StateExport[];
  readonly serverOnly: readonly ServerOnlyExport[];
}

interface MutableStateExport {
  exportedAs: string[];
  call: ESTree.CallExpression;
  start: number;
}

/**
 * Finds the exported `defineState` calls of a module. Returns `null` when the module is not a
 * state module, i.e. has no value import of `defineState` from `@core/state` (a named import,
 * renamed or not, or a namespace import whose `.defineState` it uses); type-only imports do
 * not count. Throws a `CoreViteError` naming `file` when a state cannot be read statically.
 */
export function analyzeStateModule(program: ESTree.Program, file: string): StateModuleAnalysis | null {
  const defineStateNames = new Set<string>();
  const namespaceNames = new Set<string>();
  for (const statement of program.body) {
    if (statement.type !== 'ImportDeclaration' || statement.importKind === 'type') continue;
    if (statement.source.value !== STATE_PACKAGE) continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === 'ImportNamespaceSpecifier') namespaceNames.add(specifier.local.name);
      else if (
        specifier.type === 'ImportSpecifier' &&
        specifier.importKind !== 'type' &&
        moduleExportName(specifier.imported) === 'defineState'
      ) {
        defineStateNames.add(specifier.local.name);
      }
    }
  }
  if (defineStateNames.size === 0 && !(namespaceNames.size > 0 && usesNamespaceDefineState(program, namespaceNames))) {
    return null;
  }

  const isDefineStateCall = (node: ESTree.Expression | null): node is ESTree.CallExpression => {
    if (node?.type !== 'CallExpression') return false;
    const callee = unwrapExpression(node.callee);
    if (callee.type === 'Identifier') return defineStateNames.has(callee.name);
    return isNamespaceMember(callee, namespaceNames);
  };

  // Top-level `const X = defineState(...)`, exported in place or later with `export { X }`.
  const localStates = new Map<string, MutableStateExport>();
  const typeNames = new Set<string>();
  for (const statement of program.body) {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (!declaration) continue;
    if (declaration.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        const init = declarator.init && unwrapExpression(declarator.init);
        if (declarator.id.type === 'Identifier' && isDefineStateCall(init)) {
          localStates.set(declarator.id.name, { exportedAs: [], call: init, start: declarator.start });
        }
      }
    } else if (declaration.type === 'TSInterfaceDeclaration' || declaration.type === 'TSTypeAliasDeclaration') {
      typeNames.add(declaration.id.name);
    }
  }

  const states: MutableStateExport[] = [];
  const serverOnly: ServerOnlyExport[] = [];
  const exportState = (state: MutableStateExport, name: string) => {
    if (state.exportedAs.length === 0) states.push(state);
    state.exportedAs.push(name);
  };

  for (const statement of program.body) {
    switch (statement.type) {
      case 'ExportNamedDeclaration': {
        if (statement.exportKind === 'type') break;
        const declaration = statement.declaration;
        if (declaration) {
          if (declaration.type === 'VariableDeclaration') {
            if (declaration.declare) break;
            for (const declarator of declaration.declarations) {
              const id = declarator.id;
              const state = id.type === 'Identifier' ? localStates.get(id.name) : undefined;
              if (state && id.type === 'Identifier' && state.start === declarator.start) exportState(state, id.name);
              else for (const name of bindingNames(id)) serverOnly.push({ exportedAs: name, start: declarator.start });
            }
          } else {
            const name = valueDeclarationName(declaration);
            if (name !== undefined) serverOnly.push({ exportedAs: name, start: statement.start });
          }
          break;
        }
        for (const specifier of statement.specifiers) {
          if (specifier.exportKind === 'type') continue;
          const exported = moduleExportName(specifier.exported);
          const local = moduleExportName(specifier.local);
          const state = statement.source ? undefined : localStates.get(local);
          if (state) exportState(state, exported);
          else if (statement.source || !typeNames.has(local))
            serverOnly.push({ exportedAs: exported, start: specifier.start });
        }
        break;
      }
      case 'ExportDefaultDeclaration': {
        const declaration = statement.declaration;
        if (declaration.type === 'TSInterfaceDeclaration' || declaration.type === 'TSDeclareFunction') break;
        if (declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') {
          serverOnly.push({ exportedAs: 'default', start: statement.start });
          break;
        }
        const value = unwrapExpression(declaration as ESTree.Expression);
        const state =
          value.type === 'Identifier'
            ? localStates.get(value.name)
            : isDefineStateCall(value)
              ? { exportedAs: [], call: value, start: statement.start }
              : undefined;
        if (state) exportState(state, 'default');
        else if (!(value.type === 'Identifier' && typeNames.has(value.name))) {
          serverOnly.push({ exportedAs: 'default', start: statement.start });
        }
        break;
      }
      case 'ExportAllDeclaration':
        // `export * as ns from` names one export; a bare `export * from` re-exports names this
        // module cannot list, and the browser stub leaves them out.
        if (statement.exported && statement.exportKind !== 'type') {
          serverOnly.push({ exportedAs: moduleExportName(statement.exported), start: statement.start });
        }
        break;
      default:
        break;
    }
  }

  const seen = new Set<string>();
  return {
    serverOnly: serverOnly.filter(({ exportedAs }) => !seen.has(exportedAs) && seen.add(exportedAs)),
    states: states.map((state) => ({
      exportedAs: state.exportedAs,
      start: state.start,
      ...readStateCall(state.call, file),
    })),
  };
}

/** The name an import/export specifier refers to (`a` or `"a-b"`). */
function moduleExportName(node: ESTree.ModuleExportName): string {
  return node.type === 'Literal' ? node.value : node.name;
}

/** True for `ns.defineState` / `ns['defineState']` where `ns` is a namespace import of `@core/state`. */
function isNamespaceMember(node: ESTree.Expression, namespaceNames: ReadonlySet<string>): boolean {
  if (node.type !== 'MemberExpression') return false;
  const object = unwrapExpression(node.object);
  if (object.type !== 'Identifier' || !namespaceNames.has(object.name)) return false;
  if (!node.computed) return node.property.type === 'Identifier' && node.property.name === 'defineState';
  return staticString(node.property) === 'defineState';
}

/** True when the module uses `ns.defineState` anywhere, for a namespace import `ns` of `@core/state`. */
function usesNamespaceDefineState(program: ESTree.Program, namespaceNames: ReadonlySet<string>): boolean {
  const pending: unknown[] = [program];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    if (
      (node as ESTree.Node).type === 'MemberExpression' &&
      isNamespaceMember(node as ESTree.Expression, namespaceNames)
    ) {
      return true;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'parent' && typeof value === 'object' && value !== null) pending.push(value);
    }
  }
  return false;
}

/** The names a binding pattern declares: `a`, `{ a, b: c }`, `[a, ...rest]`, `{ a = 1 }`. */
function bindingNames(pattern: ESTree.BindingPattern | ESTree.BindingRestElement): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'AssignmentPattern':
      return bindingNames(pattern.left);
    case 'RestElement':
      return bindingNames(pattern.argument);
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? bindingNames(element) : []));
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        bindingNames(property.type === 'RestElement' ? property : property.value),
      );
    default:
      return [];
  }
}

/** The name of an exported declaration that exists at run time; undefined for types and `declare`. */
function valueDeclarationName(declaration: ESTree.Declaration): string | undefined {
  switch (declaration.type) {
    case 'FunctionDeclaration':
    case 'ClassDeclaration':
      return declaration.declare ? undefined : (declaration.id?.name ?? undefined);
    case 'TSEnumDeclaration':
      return declaration.declare ? undefined : declaration.id.name;
    case 'TSModuleDeclaration':
      return declaration.declare || declaration.id.type !== 'Identifier' || declaration.body === null
        ? undefined
        : declaration.id.name;
    case 'TSImportEqualsDeclaration':
      return declaration.importKind === 'type' ? undefined : declaration.id.name;
    default:
      return undefined;
  }
}
