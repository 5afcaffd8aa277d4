import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import type { UploadResponse } from '@core/state/protocol';

/** One part of a multipart body: a field (`value`) or a file (`filename`, `content`). */
export type Part =
  | { readonly field: string; readonly value: string }
  | { readonly filename: string; readonly content: Buffer | string; readonly type?: string };

/** A multipart/form-data body of these parts (files under the field name `file`). */
export function multipartBody(parts: readonly Part[]): { body: Buffer; contentType: string } {
  const boundary = `----core${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head =
      'field' in part
        ? `Content-Disposition: form-data; name="${part.field}"\r\n\r\n`
        : `Content-Disposition: form-data; name="file"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}`));
    chunks.push(Buffer.from('field' in part ? part.value : part.content));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** An upload request whose body the test sends piece by piece. */
export interface HeldUpload {
  /** The answer, whenever the server gives it (possibly before the body is complete). */
  readonly answer: Promise<{ status: number; json: UploadResponse } | { aborted: true }>;
  /** Sends the body's bytes from `from` to `to` (the whole rest by default). */
  send(from: number, to?: number): void;
  /** Ends the request (after `send` of the rest). */
  end(): void;
  /** Cuts the connection, as a page that went away. */
  destroy(): void;
}

/**
 * Starts `POST /_core/upload` for `state.handler` with `token` and `body` (chunked: no
 * Content-Length), sending nothing of the body yet.
 */
export function heldUpload(
  url: string,
  token: string,
  target: { state: string; handler: string },
  multipart: { body: Buffer; contentType: string },
): HeldUpload {
  let destroyed = false;
  const req = request(`${url}/_core/upload?state=${target.state}&handler=${target.handler}`, {
    method: 'POST',
    headers: { 'Content-Type': multipart.contentType, 'x-core-token': token },
  });
  const answer = new Promise<{ status: number; json: UploadResponse } | { aborted: true }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', (error) => (destroyed ? resolve({ aborted: true }) : reject(error)));
  });
  req.flushHeaders();
  return {
    answer,
    send: (from, to = multipart.body.length) => {
      req.write(multipart.body.subarray(from, to));
    },
    end: () => req.end(),
    destroy: () => {
      destroyed = true;
      req.destroy();
    },
  };
}

/** Sends a whole upload and resolves with the answer. */
export async function upload(
  url: string,
  token: string,
  target: { state: string; handler: string },
  parts: readonly Part[],
): Promise<{ status: number; json: UploadResponse } | { aborted: true }> {
  const held = heldUpload(url, token, target, multipartBody(parts));
  held.send(0);
  held.end();
  return held.answer;
}
