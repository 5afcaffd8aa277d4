import { useCallback, useEffect, useRef, useState } from 'react';
import { useCoreClient } from './coreContext.js';
import {
  type UploadArgsOf,
  type UploadArgsOption,
  type UploadBlob,
  UploadError,
  type UploadFileOptions,
  type UploadTarget,
  uploadFile,
} from './uploadFile.js';

/** Where an upload stands. */
export interface UploadState {
  readonly status: 'idle' | 'uploading' | 'done' | 'error' | 'cancelled';
  /** Bytes of the request sent so far, and its total (set while uploading). */
  readonly loaded: number;
  readonly total: number;
  /** 0 to 1. */
  readonly progress: number;
  /** The size the server received (when done). */
  readonly size?: number;
  /** Why it failed (when `error`). */
  readonly error?: UploadError;
}

/** What {@link useUpload} returns. */
export interface UseUploadResult extends UploadState {
  /**
   * Sends a file — or several (`FileList`, array), for a streaming upload handler — to the handler
   * (cancelling an upload still running); resolves when it is over.
   */
  upload(files: UploadBlob | readonly UploadBlob[] | FileList): Promise<void>;
  /** Cancels the running upload; a temporary file is not kept, a streaming handler keeps what it wrote. */
  cancel(): void;
}

const IDLE: UploadState = { status: 'idle', loaded: 0, total: 0, progress: 0 };

/**
 * Uploads files to an upload handler (declared with `uploadHandler` or `uploadStreamHandler` in a
 * state module), with progress and cancellation. One request per call, over HTTP, authenticated by
 * the tab's token; `args` are bound to every upload of the hook (typed from the handler).
 *
 * @example
 * const { upload, progress, status, error } = useUpload(FilesState.receive);
 * <input type="file" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
 * const into = useUpload(FilesState.receiveInto, { args: { folder: 'docs' } });
 */
export function useUpload<TTarget extends UploadTarget>(
  target: TTarget,
  ...[options]: undefined extends UploadArgsOf<TTarget>
    ? [options?: UploadArgsOption<TTarget>]
    : [options: UploadArgsOption<TTarget>]
): UseUploadResult {
  const client = useCoreClient();
  const [state, setState] = useState<UploadState>(IDLE);
  const running = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => running.current?.abort(), []);

  const cancel = useCallback(() => running.current?.abort(), []);
  // Arguments are compared by value: a literal written inline does not restart anything.
  const argsJson = JSON.stringify(options?.args);
  const upload = useCallback(
    async (files: UploadBlob | readonly UploadBlob[] | FileList) => {
      const list: readonly UploadBlob[] = files instanceof Blob ? [files] : Array.from(files);
      const total = list.reduce((sum, file) => sum + file.size, 0);
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      const current = () => running.current === controller;
      setState({ status: 'uploading', loaded: 0, total, progress: 0 });
      try {
        const sendOptions = {
          args: argsJson === undefined ? undefined : JSON.parse(argsJson),
          signal: controller.signal,
          onProgress: (loaded: number, total: number) => {
            if (current()) setState({ status: 'uploading', loaded, total, progress: total > 0 ? loaded / total : 0 });
          },
        } as UploadFileOptions;
        const { size } = await uploadFile<UploadTarget>(
          client,
          target,
          list.length === 1 ? list[0] : list,
          sendOptions,
        );
        if (current()) setState((s) => ({ ...s, status: 'done', progress: 1, loaded: s.total, size }));
      } catch (error) {
        if (!current()) return;
        const failure = error instanceof UploadError ? error : new UploadError('NETWORK', String(error));
        setState((s) => ({ ...s, status: failure.code === 'ABORTED' ? 'cancelled' : 'error', error: failure }));
      } finally {
        if (current()) running.current = undefined;
      }
    },
    [client, target, argsJson],
  );
  return { ...state, upload, cancel };
}
