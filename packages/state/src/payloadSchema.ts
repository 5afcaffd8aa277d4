import { StateError } from './errors.js';
import { fieldErrorsOf } from './fieldError.js';

/** One problem a Standard Schema found. */
export interface StandardSchemaIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[];
}

/** What a Standard Schema's `validate` returns. */
export type StandardSchemaResult<TOutput> =
  | { readonly value: TOutput; readonly issues?: undefined }
  | { readonly issues: readonly StandardSchemaIssue[] };

/**
 * The Standard Schema interface (https://standardschema.dev), implemented by zod, valibot,
 * arktype and others; declared here so `@core/state` depends on none of them.
 */
export interface StandardSchemaV1<TInput = unknown, TOutput = TInput> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardSchemaResult<TOutput> | Promise<StandardSchemaResult<TOutput>>;
    readonly types?: { readonly input: TInput; readonly output: TOutput } | undefined;
  };
}

/** The type a schema accepts. */
export type SchemaInput<TSchema> = TSchema extends StandardSchemaV1<infer TInput, unknown> ? TInput : unknown;
/** The type a schema produces. */
export type SchemaOutput<TSchema> = TSchema extends StandardSchemaV1<unknown, infer TOutput> ? TOutput : unknown;

const PAYLOAD_SCHEMA: unique symbol = Symbol.for('core.payloadSchema') as never;

/**
 * Declares the payload of a handler or background task with a schema, checked at run time before
 * the handler runs: a page's payload is untrusted JSON whatever its TypeScript type says. A
 * payload the schema refuses fails the event with `INVALID_EVENT` naming the field, and the
 * handler gets the schema's output (coerced, defaulted). Any Standard Schema library works.
 *
 * @example
 * import { z } from 'zod';
 * events: {
 *   setMax: withSchema(z.number().int().min(1).max(1_000), (s, n) => { s.maxCounter = n; }),
 * }
 */
export function withSchema<TSchema extends StandardSchemaV1, TState, TRest extends unknown[], TResult>(
  schema: TSchema,
  handler: (state: TState, payload: SchemaOutput<TSchema>, ...rest: TRest) => TResult,
): (state: TState, payload: SchemaInput<TSchema>, ...rest: TRest) => TResult {
  if (!isStandardSchema(schema)) {
    throw new StateError(
      'INVALID_DEFINITION',
      'withSchema(schema, handler) takes a Standard Schema (zod, valibot, arktype, ...).',
    );
  }
  const checked = (state: TState, payload: SchemaInput<TSchema>, ...rest: TRest) =>
    handler(state, payload as unknown as SchemaOutput<TSchema>, ...rest);
  Object.defineProperty(checked, PAYLOAD_SCHEMA, { value: schema });
  return checked;
}

/**
 * Checks `payload` against the schema of `handler`, if it declared one; returns the value the
 * handler gets (the schema's output, or the payload as sent). Throws `INVALID_EVENT`, with a
 * message per refused field in `fields` (what a form shows beside its inputs).
 */
export async function checkPayload(handler: unknown, payload: unknown, name: string): Promise<unknown> {
  const schema = (handler as Record<symbol, StandardSchemaV1> | undefined)?.[PAYLOAD_SCHEMA];
  return schema ? checkWithSchema(schema, payload, `The payload of ${name} is`) : payload;
}

/**
 * The schema's output for `value`; throws `INVALID_EVENT` saying which field it refused and why,
 * the message starting with `what` and its verb ("The payload of counter.setMax is").
 */
export async function checkWithSchema(schema: StandardSchemaV1, value: unknown, what: string): Promise<unknown> {
  const result = await validateWithSchema(schema, value);
  if (result.ok) return result.value;
  throw new StateError('INVALID_EVENT', `${what} invalid${result.reason}.`, { fields: result.fields });
}

/** What {@link validateWithSchema} found: the schema's output, or why it refused the value. */
export type SchemaCheck =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      /** `' at "a.b": <first issue>'`, ready to follow the name of what was checked. */
      readonly reason: string;
      /** One message per refused field (`''`: the value as a whole). */
      readonly fields: Readonly<Record<string, string>>;
    };

/**
 * Runs a Standard Schema on an untrusted value (a payload, a stored value, a page's answer) and
 * gives its output or its first issue; never throws for a refused value.
 */
export async function validateWithSchema(schema: StandardSchemaV1, value: unknown): Promise<SchemaCheck> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (!result.issues) return { ok: true, value: result.value };
  const [issue] = result.issues;
  const path = (issue?.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
  return {
    ok: false,
    reason: `${path ? ` at "${path}"` : ''}: ${issue?.message ?? 'refused by its schema'}`,
    fields: fieldErrorsOf(result.issues),
  };
}

/** True for a Standard Schema (an object or function with a `~standard.validate` function). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as Partial<StandardSchemaV1>)['~standard']?.validate === 'function'
  );
}

/** True when `handler` declared a payload schema (the caller must check before running it). */
export function hasPayloadSchema(handler: unknown): boolean {
  return typeof handler === 'function' && PAYLOAD_SCHEMA in handler;
}
