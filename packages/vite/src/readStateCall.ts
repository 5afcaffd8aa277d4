import type { ESTree } from 'vite';
import { CoreViteError } from './coreViteError.js';

/** What the browser needs to know about one `defineState(name, config)` call. */
export interface StateCallInfo {
  /** The state name, the first argument. */
  readonly stateName: string;
  /**
   * The keys of `events` then of `background`, in source order, without duplicates; then `$set`
   * (the wire name of `State.set(name, value)`) when the state declares `setters`.
   */
  readonly handlers: readonly string[];
}

/** The wire name of the generic setter's event (`SETTER_HANDLER` in @core/state). */
const SETTER_HANDLER = '$set';

/** The config keys whose object literals hold handlers; the order is the stub's order. */
const HANDLER_GROUPS = ['events', 'background'] as const;

/**
 * Reads the state name and the handler names of a `defineState(...)` call without running it.
 * Throws a {@link CoreViteError} naming `file` when either cannot be read statically.
 */
export function readStateCall(call: ESTree.CallExpression, file: string): StateCallInfo {
  const [nameArg, configArg] = call.arguments;
  const stateName = nameArg ? staticString(nameArg) : undefined;
  if (stateName === undefined) {
    throw new CoreViteError(
      'INVALID_STATE_NAME',
      file,
      `defineState() needs the state name as a string literal, got ${describe(nameArg)}; write defineState('counter', { ... }) so the browser stub can be built without running server code.`,
      { pos: (nameArg ?? call).start },
    );
  }
  const config = configArg && configArg.type !== 'SpreadElement' ? unwrapExpression(configArg) : undefined;
  if (config?.type !== 'ObjectExpression') {
    throw new CoreViteError(
      'INVALID_STATE_CONFIG',
      file,
      `the config of state "${stateName}" must be an object literal, got ${describe(configArg)}; write defineState('${stateName}', { vars: { ... }, events: { ... } }) in place.`,
      { pos: (configArg ?? call).start },
    );
  }

  const handlers = new Set<string>();
  for (const group of HANDLER_GROUPS) {
    const value = findProperty(config, group, stateName, file);
    if (value === undefined) continue;
    const object = unwrapExpression(value);
    if (object.type !== 'ObjectExpression') {
      throw new CoreViteError(
        'INVALID_HANDLERS',
        file,
        `\`${group}\` of state "${stateName}" must be an object literal, got ${describe(value)}; write ${group}: { handlerName(s, payload) { ... } } inside the defineState call so the browser stub can list the handler names.`,
        { pos: value.start },
      );
    }
    for (const key of objectKeys(object, `\`${group}\` of state "${stateName}"`, file)) handlers.add(key);
  }
  // `setters: false` opens nothing; any other value is checked by defineState on the server.
  const setters = findProperty(config, 'setters', stateName, file);
  if (setters !== undefined && !isFalse(setters)) handlers.add(SETTER_HANDLER);
  return { stateName, handlers: [...handlers] };
}

function isFalse(node: ESTree.Expression): boolean {
  const value = unwrapExpression(node);
  return value.type === 'Literal' && value.value === false;
}

/** Strips what TypeScript and parentheses wrap around a value: `x as T`, `x satisfies T`, `x!`, `(x)`. */
export function unwrapExpression(node: ESTree.Expression): ESTree.Expression {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ParenthesizedExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The value of a config property (`events: {...}`), or undefined when the config has none. */
function findProperty(
  config: ESTree.ObjectExpression,
  key: string,
  stateName: string,
  file: string,
): ESTree.Expression | undefined {
  let found: ESTree.Expression | undefined;
  for (const property of config.properties) {
    if (property.type === 'SpreadElement') {
      throw new CoreViteError(
        'INVALID_STATE_CONFIG',
        file,
        `the config of state "${stateName}" spreads ${spreadText(property)}; list vars, computed, events and background directly in the defineState call.`,
        { pos: property.start },
      );
    }
    if (propertyKey(property) === key) found = property.value;
  }
  return found;
}

/** The keys of an object literal of handlers; throws on spreads and computed keys it cannot read. */
function objectKeys(object: ESTree.ObjectExpression, what: string, file: string): string[] {
  const keys: string[] = [];
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') {
      throw new CoreViteError(
        'INVALID_HANDLERS',
        file,
        `${what} spreads ${spreadText(property)}; list every handler in the object literal.`,
        { pos: property.start },
      );
    }
    const key = propertyKey(property);
    if (key === undefined) {
      throw new CoreViteError(
        'INVALID_HANDLERS',
        file,
        `${what} has a key computed from ${describe(property.key as ESTree.Expression)}; name the handler with an identifier or a string literal.`,
        { pos: property.key.start },
      );
    }
    // `{ __proto__: x }` sets the prototype; it declares no key.
    if (key === '__proto__' && !property.computed && !property.shorthand && !property.method) continue;
    keys.push(key);
  }
  return keys;
}

/** The static name of a property key (`a`, `'a'`, `1`, `['a']`), or undefined when it is computed at run time. */
function propertyKey(property: ESTree.ObjectProperty): string | undefined {
  const key = property.key;
  if (!property.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'PrivateIdentifier') return undefined;
  if (key.type === 'Literal' && (typeof key.value === 'number' || typeof key.value === 'bigint')) {
    return String(key.value);
  }
  return staticString(key);
}

/** The value of a string literal or a template literal without substitutions. */
export function staticString(node: ESTree.Expression | ESTree.SpreadElement): string | undefined {
  if (node.type === 'SpreadElement') return undefined;
  const value = unwrapExpression(node);
  if (value.type === 'Literal' && typeof value.value === 'string') return value.value;
  if (value.type === 'TemplateLiteral' && value.expressions.length === 0)
    return value.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `...name` for a spread of an identifier, `...(expression)` otherwise. */
function spreadText(spread: ESTree.SpreadElement): string {
  const argument = unwrapExpression(spread.argument);
  return argument.type === 'Identifier' ? `...${argument.name}` : '...(expression)';
}

/** A short description of an argument for error messages. */
function describe(node: ESTree.Expression | ESTree.SpreadElement | undefined): string {
  if (!node) return 'nothing';
  switch (node.type) {
    case 'Identifier':
      return `the identifier \`${node.name}\``;
    case 'Literal':
      return `the literal ${node.raw ?? String(node.value)}`;
    case 'TemplateLiteral':
      return 'a template literal with substitutions';
    case 'CallExpression':
      return 'a function call';
    case 'MemberExpression':
      return 'a property access';
    case 'SpreadElement':
      return 'a spread argument';
    default:
      return `a ${node.type}`;
  }
}
