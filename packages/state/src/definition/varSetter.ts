import type { StandardSchemaIssue, StandardSchemaResult, StandardSchemaV1 } from '../client/standardSchema.js';
import { StateError } from '../errors.js';
import { withSchema } from './payloadSchema.js';

/** The handler name a setter event carries on the wire (`State.set(name, value)` makes it). */
export const SETTER_HANDLER = '$set';

/** The payload of a setter event: which var, and its new value. */
export interface SetterPayload<TName extends string = string, TValue = unknown> {
  readonly name: TName;
  readonly value: TValue;
}

/**
 * The var names `setters` opens to `State.set(name, value)`: every public var for `true`, else
 * the names listed, each checked (a declared var, not backend-only). Empty when `setters` is absent.
 */
export function resolveSetters(stateName: string, vars: Readonly<Record<string, unknown>>, setters: unknown): string[] {
  if (setters === undefined || setters === false) return [];
  const declared = Object.keys(vars);
  if (setters === true) return declared.filter((key) => !key.startsWith('_'));
  if (!Array.isArray(setters)) {
    throw new StateError(
      'INVALID_DEFINITION',
      `State "${stateName}": setters must be true or a list of var names, got ${typeof setters}.`,
    );
  }
  for (const name of setters) {
    if (typeof name !== 'string' || !Object.hasOwn(vars, name)) {
      throw new StateError(
        'INVALID_DEFINITION',
        `State "${stateName}": setters lists ${JSON.stringify(name)}, which is not a var; list declared vars (computed vars have no setter).`,
      );
    }
    if (name.startsWith('_')) {
      throw new StateError(
        'INVALID_DEFINITION',
        `State "${stateName}": setters lists "${name}", a backend-only var; a page may not set it, write it in a handler instead.`,
      );
    }
  }
  return [...new Set(setters as string[])];
}

/**
 * The event handler behind `State.set(name, value)`: its payload is checked before it runs (an
 * open var, and a value of the same kind as the var's default — a number for a number, an array
 * for an array; anything for a `null` default), so a page cannot set what the state did not open.
 */
export function createVarSetter(
  stateName: string,
  vars: Readonly<Record<string, unknown>>,
  names: readonly string[],
): (state: Record<string, unknown>, payload: SetterPayload) => void {
  const open = new Set(names);
  const schema: StandardSchemaV1<SetterPayload> = {
    '~standard': {
      version: 1,
      vendor: 'core',
      validate: (payload) => checkSetterPayload(stateName, vars, open, payload),
    },
  };
  return withSchema(schema, (state, { name, value }: SetterPayload) => {
    state[name] = value;
  });
}

function checkSetterPayload(
  stateName: string,
  vars: Readonly<Record<string, unknown>>,
  open: ReadonlySet<string>,
  payload: unknown,
): StandardSchemaResult<SetterPayload> {
  const issue = (message: string, path: string[] = []): StandardSchemaResult<SetterPayload> => ({
    issues: [{ message, path } satisfies StandardSchemaIssue],
  });
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return issue(`expected { name, value } (made by ${stateName}.set(name, value))`);
  }
  const { name, value } = payload as Record<string, unknown>;
  if (typeof name !== 'string' || !open.has(name)) {
    const list = [...open].join(', ') || 'none';
    return issue(
      `${JSON.stringify(name)} cannot be set from a page (open vars: ${list}; list it in defineState('${stateName}', { setters }))`,
      ['name'],
    );
  }
  const expected = kindOf(vars[name]);
  const actual = kindOf(value);
  if (expected !== 'null' && expected !== actual) {
    return issue(`expected ${article(expected)} like the default of "${name}", got ${article(actual)}`, ['value']);
  }
  return { value: { name, value } };
}

type Kind = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object' | 'other';

function kindOf(value: unknown): Kind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'boolean' || type === 'number' || type === 'string' || type === 'object' ? type : 'other';
}

function article(kind: Kind): string {
  if (kind === 'null' || kind === 'other') return kind === 'null' ? 'null' : 'a value of another kind';
  return `${kind === 'array' || kind === 'object' ? 'an' : 'a'} ${kind}`;
}
