import { useCallback, useEffect, useRef, useState } from 'react';
import { useCoreClient } from './coreContext.js';
import { UploadError, type UploadTarget, uploadFile } from './uploadFile.js';

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
  /** Sends a file to the handler (cancelling an upload still running); resolves when it is over. */
  upload(file: File): Promise<void>;
  /** Cancels the running upload; the server keeps nothing of it. */
  cancel(): void;
}

const IDLE: UploadState = { status: 'idle', loaded: 0, total: 0, progress: 0 };

/**
 * Uploads files to an upload handler (declared with `uploadHandler` in a state module), with
 * progress and cancellation. One request per file, over HTTP, authenticated by the tab's token.
 *
 * @example
 * const { upload, progress, status, error } = useUpload(FilesState.receive);
 * <input type="file" onChange={(e) => e.target.files?.[0] && upload(e.target.files[0])} />
 */
export function useUpload(target: UploadTarget): UseUploadResult {
  const client = useCoreClient();
  const [state, setState] = useState<UploadState>(IDLE);
  const running = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => running.current?.abort(), []);

  const cancel = useCallback(() => running.current?.abort(), []);
  const upload = useCallback(
    async (file: File) => {
      running.current?.abort();
      const controller = new AbortController();
      running.current = controller;
      const current = () => running.current === controller;
      setState({ status: 'uploading', loaded: 0, total: file.size, progress: 0 });
      try {
        const { size } = await uploadFile(client, target, file, {
          signal: controller.signal,
          onProgress: (loaded, total) => {
            if (current()) setState({ status: 'uploading', loaded, total, progress: total > 0 ? loaded / total : 0 });
          },
        });
        if (current()) setState((s) => ({ ...s, status: 'done', progress: 1, loaded: s.total, size }));
      } catch (error) {
        if (!current()) return;
        const failure = error instanceof UploadError ? error : new UploadError('NETWORK', String(error));
        setState((s) => ({ ...s, status: failure.code === 'ABORTED' ? 'cancelled' : 'error', error: failure }));
      } finally {
        if (current()) running.current = undefined;
      }
    },
    [client, target],
  );
  return { ...state, upload, cancel };
}
