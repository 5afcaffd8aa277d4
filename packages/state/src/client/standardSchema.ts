// Checking an untrusted value (a payload, a stored value, a page's answer) against a Standard
// Schema: the interface, declared here so `@core/state` depends on no schema library.

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

/** What {@link validateWithSchema} found: the schema's output, or why it refused the value. */
export type SchemaCheck =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      /** `' at "a.b": <first issue>'`, ready to follow the name of what was checked. */
      readonly reason: string;
      /** One message per refused field (`''`: the value as a whole): what a form shows. */
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
  const path = issue ? pathOf(issue) : '';
  return {
    ok: false,
    reason: `${path ? ` at "${path}"` : ''}: ${issue?.message ?? 'refused by its schema'}`,
    fields: fieldErrorsOf(result.issues),
  };
}

/**
 * One message per field from a schema's issues (the first issue of each field wins); issues of
 * the value as a whole go under `''`.
 */
export function fieldErrorsOf(issues: readonly StandardSchemaIssue[]): Readonly<Record<string, string>> {
  const fields: Record<string, string> = {};
  for (const issue of issues) fields[pathOf(issue)] ??= issue.message;
  return fields;
}

function pathOf(issue: StandardSchemaIssue): string {
  return (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
}

/** True for a Standard Schema (an object or function with a `~standard.validate` function). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as Partial<StandardSchemaV1>)['~standard']?.validate === 'function'
  );
}
