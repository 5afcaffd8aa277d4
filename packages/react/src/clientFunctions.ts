import type { ClientCallAnswer, ClientFunctionPayload, ClientFunctionResult, ClientFunctions } from '@core/state';

type AnyClientFunction = (payload: unknown) => unknown;

const registry = new Map<string, AnyClientFunction>();

/**
 * Registers a function the server's handlers may call with `await ctx.client.call(name, payload)`.
 * Declare its types once in `ClientFunctions` (see `@core/state`) so both sides check them.
 * Returns the function that unregisters it.
 *
 * @example
 * registerClientFunction('innerWidth', () => window.innerWidth);
 */
export function registerClientFunction<TName extends keyof ClientFunctions & string>(
  name: TName,
  fn: (payload: ClientFunctionPayload<TName>) => ClientFunctionResult<TName> | Promise<ClientFunctionResult<TName>>,
): () => void {
  registry.set(name, fn as AnyClientFunction);
  return () => {
    if (registry.get(name) === fn) registry.delete(name);
  };
}

/** Runs a registered function for a `core:call` and answers with its result or why it failed. */
export async function answerClientCall(name: unknown, payload: unknown): Promise<ClientCallAnswer> {
  const fn = typeof name === 'string' ? registry.get(name) : undefined;
  if (!fn) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_FUNCTION', message: `no function ${JSON.stringify(name)} in the page` },
    };
  }
  try {
    return { ok: true, value: await fn(payload) };
  } catch (error) {
    return {
      ok: false,
      error: { code: 'FUNCTION_FAILED', message: error instanceof Error ? error.message : String(error) },
    };
  }
}
