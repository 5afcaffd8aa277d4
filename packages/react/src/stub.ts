/**
 * What a state module becomes in the browser bundle (written by `@core/vite`): the state's name
 * and one event creator per handler, nothing of the server code. Components keep importing the
 * real module, so TypeScript still sees the full, typed definition.
 */
export interface StateStub {
  readonly name: string;
  readonly [handler: string]: unknown;
}

/**
 * Builds the browser stand-in of a state definition.
 *
 * @example
 * export const TaskState = createStateStub('task', ['toggleRunning', 'clearCounter', 'myTask']);
 */
export function createStateStub(name: string, handlers: readonly string[]): StateStub {
  const stub: Record<string, unknown> = { name };
  for (const handler of handlers) {
    // `$set` is the wire name of the generic setter: `State.set(var, value)`.
    if (handler === '$set')
      stub.set = (key: string, value: unknown) => ({ state: name, name: handler, payload: { name: key, value } });
    else stub[handler] = (payload?: unknown) => ({ state: name, name: handler, payload });
  }
  return Object.freeze(stub) as StateStub;
}
