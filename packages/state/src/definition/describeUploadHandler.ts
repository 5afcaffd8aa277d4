import { getDefinitionInternals } from './definitionInternals.js';
import type { AppHandle } from './handlerContext.js';
import { checkWithSchema } from './payloadSchema.js';
import type { AnyStateDefinition } from './stateShape.js';
import { uploadMarkOf } from './uploadHandler.js';
import { runUploadStream, type UploadSource } from './uploadStream.js';

/** How the upload endpoint runs a handler: what {@link describeUploadHandler} finds. */
export interface UploadHandlerInfo {
  /** `file`: a temporary file, then the handler under the tab's lock; `stream`: chunks as they arrive. */
  readonly kind: 'file' | 'stream';
  /**
   * The arguments the handler gets from what the page sent (its schema's output, or the JSON as
   * sent without a schema); rejects with `INVALID_EVENT` naming the field.
   */
  checkArgs(args: unknown): Promise<unknown>;
  /**
   * For `stream`: runs the handler on `source`, outside the tab's lock (see `runUploadStream`);
   * resolves when it and its blocks are done.
   */
  runStream?(app: Pick<AppHandle, 'modifyState'>, source: UploadSource): Promise<void>;
}

/**
 * How `state.handler` of these definitions takes uploads, or undefined when it is not an upload
 * handler: what the server's upload endpoint asks before it reads a body.
 */
export function describeUploadHandler(
  states: readonly AnyStateDefinition[],
  state: string,
  handler: string,
): UploadHandlerInfo | undefined {
  const definition = states.find((candidate) => candidate.name === state);
  const mark = definition && uploadMarkOf(getDefinitionInternals(definition)?.events.get(handler));
  if (!definition || !mark) return undefined;
  const { args: schema, stream } = mark;
  return {
    kind: mark.kind,
    checkArgs: async (args) =>
      schema ? checkWithSchema(schema, args, `The upload arguments of ${state}.${handler} are`) : args,
    runStream: stream && ((app, source) => runUploadStream(app, definition, stream, source)),
  };
}
