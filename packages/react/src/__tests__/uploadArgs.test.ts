// @vitest-environment happy-dom
import type { CoreClient } from '@core/react';
import { uploadFile } from '@core/react/upload';
import { defineState, uploadHandler, uploadStreamHandler } from '@core/state';
import { afterEach, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';

// Issue 28: the page binds arguments to an upload (typed from the handler) and may send several
// files to a streaming handler in one request.

const Files = defineState('files', {
  vars: { n: 0 },
  events: {
    plain: uploadHandler(() => {}),
    into: uploadHandler({ args: z.object({ folder: z.enum(['docs', 'avatars']) }) }, () => {}),
    many: uploadStreamHandler(async () => {}),
  },
});

/** A CoreClient stand-in with a token and a state, as `uploadFile` needs. */
const client = { token: 'tab-token', baseUrl: 'http://app.test', getState: () => ({}) } as unknown as CoreClient;

/** Replaces XMLHttpRequest with one that records what is sent and answers `{ ok: true }`. */
function recordRequests() {
  const sent: { url: string; headers: Record<string, string>; body: FormData }[] = [];
  class FakeXhr {
    upload = { onprogress: null };
    responseType = '';
    responseText = '';
    status = 0;
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    #url = '';
    #headers: Record<string, string> = {};
    open(_method: string, url: string) {
      this.#url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.#headers[name] = value;
    }
    send(body: FormData) {
      sent.push({ url: this.#url, headers: this.#headers, body });
      let size = 0;
      for (const [, value] of body.entries()) if (typeof value !== 'string') size += value.size;
      this.status = 200;
      this.responseText = JSON.stringify({ ok: true, size });
      queueMicrotask(() => this.onload?.());
    }
    abort() {}
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return sent;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

it('sends the arguments as JSON before the file, so the server checks them before storing anything', async () => {
  const sent = recordRequests();
  const file = new File(['abc'], 'a.txt', { type: 'text/plain' });
  expect(await uploadFile(client, Files.into, file, { args: { folder: 'docs' } })).toEqual({ size: 3 });
  const [{ url, headers, body }] = sent;
  expect(url).toBe('http://app.test/_core/upload?state=files&handler=into');
  expect(headers['x-core-token']).toBe('tab-token');
  expect([...body.keys()]).toEqual(['args', 'file']);
  expect(body.get('args')).toBe('{"folder":"docs"}');
});

it('sends several files in one request, and no args field for a handler without arguments', async () => {
  const sent = recordRequests();
  const files = [new File(['ab'], 'one.txt'), new File(['cde'], 'two.txt')];
  expect(await uploadFile(client, Files.many, files)).toEqual({ size: 5 });
  expect([...sent[0].body.keys()]).toEqual(['file', 'file']);
  expect((sent[0].body.getAll('file') as File[]).map((file) => file.name)).toEqual(['one.txt', 'two.txt']);
});

it('types the arguments from the handler: required where it takes some, refused where it takes none', () => {
  const file = new File(['x'], 'x.txt');
  recordRequests();
  // @ts-expect-error the handler takes arguments: they are required
  void uploadFile(client, Files.into, file).catch(() => {});
  // @ts-expect-error "music" is not a folder the schema accepts
  void uploadFile(client, Files.into, file, { args: { folder: 'music' } }).catch(() => {});
  // @ts-expect-error the handler takes no arguments
  void uploadFile(client, Files.plain, file, { args: { folder: 'docs' } }).catch(() => {});
  expectTypeOf(uploadFile(client, Files.plain, file)).toEqualTypeOf<Promise<{ size: number }>>();
});
