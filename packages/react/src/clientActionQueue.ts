import type { CallMessage, ClientCallAnswer, WireErrorReport } from '@core/state/protocol';
import { findClientFunction } from './clientFunctions.js';
import { type ClientActionEnvironment, runClientAction } from './runClientAction.js';

/**
 * Carries out what the server's handlers ask of the page: client actions (`core:action`) and
 * calls of registered functions (`core:call`), one after the other in the order they arrived, as
 * the handler made them. Both load the interpreter's chunk the first time.
 */
export class ClientActionQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #held: unknown;

  /** Keeps actions to run later (a server render's, until the page is live). */
  hold(actions: unknown): void {
    this.#held = actions;
  }

  /** The actions held, once (undefined after). */
  release(): unknown {
    const held = this.#held;
    this.#held = undefined;
    return held;
  }

  /** Queues the actions of one `core:action`; one that fails is reported to `onError`. */
  run(actions: unknown, env: ClientActionEnvironment, onError: (report: WireErrorReport) => void): void {
    if (!Array.isArray(actions)) return;
    for (const action of actions) {
      this.#tail = this.#tail.then(() =>
        runClientAction(action, env).catch((error: unknown) =>
          onError({ code: 'INVALID_ACTION', message: error instanceof Error ? error.message : String(error) }),
        ),
      );
    }
  }

  /**
   * Queues a `core:call`: runs the registered function and acks with its answer. Without the
   * interpreter's chunk (unreachable) there is no answer, and the server's call times out.
   */
  call(message: CallMessage | undefined, ack: (answer: ClientCallAnswer) => void): void {
    const { name, payload, maxBytes } = message ?? ({} as Partial<CallMessage>);
    this.#tail = this.#tail.then(() =>
      import('./clientActionInterpreter.js')
        .then(({ answerClientCall }) => answerClientCall(findClientFunction(name), name, payload, maxBytes))
        .then(ack, () => undefined),
    );
  }
}
