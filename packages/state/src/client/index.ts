/**
 * client/ — the browser from a handler: client actions (`ctx.client.redirect`, toasts, downloads,
 * …), client calls and their answers, the channel that buffers them until a step commits, and the
 * HTTP side of the protocol (uploads, the session endpoint, the server-rendered payload).
 *
 * May import: the root's errors only. Everything else in the runtime may import it.
 */

export type {
  ClientAction,
  ClientApi,
  ClientCallAnswer,
  ClientCallErrorCode,
  ClientCallOptions,
  ClientFunctionPayload,
  ClientFunctionResult,
  ClientFunctions,
  ToastKind,
} from './clientAction.js';
export { ClientChannel, type ClientTransport } from './clientChannel.js';
export {
  CLIENT_ERROR_LIMITS,
  type ClientErrorKind,
  type ClientErrorReport,
  readClientErrorReport,
} from './clientErrorReport.js';
export { floatReplacer, isFloatName, reviveFloats } from './specialFloats.js';
