import type { ClientFunctions } from '@core/state';
import type { ClientFunctionPayload, ClientFunctionResult } from '@core/state/internal';

/** A registered client function, as the registry keeps it. */
export type AnyClientFunction = (payload: unknown) => unknown;

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

/** The function registered under `name`; undefined when there is none. */
export function findClientFunction(name: unknown): AnyClientFunction | undefined {
  return typeof name === 'string' ? registry.get(name) : undefined;
}
