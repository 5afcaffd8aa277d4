import {
  isStandardSchema,
  type SchemaInput,
  type SchemaOutput,
  type StandardSchemaV1,
  validateWithSchema,
} from '../client/standardSchema.js';
import { StateError } from '../errors.js';

export type {
  SchemaCheck,
  SchemaInput,
  SchemaOutput,
  StandardSchemaIssue,
  StandardSchemaResult,
  StandardSchemaV1,
} from '../client/standardSchema.js';
export { isStandardSchema, validateWithSchema } from '../client/standardSchema.js';

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

/** True when `handler` declared a payload schema (the caller must check before running it). */
export function hasPayloadSchema(handler: unknown): boolean {
  return typeof handler === 'function' && PAYLOAD_SCHEMA in handler;
}
