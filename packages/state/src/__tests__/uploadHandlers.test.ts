import {
  createApp,
  defineState,
  type EventSpec,
  type IncomingFile,
  isStateError,
  type UploadedFile,
  uploadHandler,
  uploadStreamHandler,
} from '@core/state';
import { describeUploadHandler, runUploadStream } from '@core/state/internal';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { deferred } from './helpers.js';

// Issue 28: upload handlers with arguments bound by the page (typed, checked like payloads) and
// streaming upload handlers that get chunks as they arrive, outside the tab's lock.

const Files = defineState('files', {
  vars: { saved: [] as string[], received: 0, progressRuns: 0, busy: false },
  events: {
    receive: uploadHandler((s, file) => {
      expectTypeOf(s.saved).toEqualTypeOf<string[]>();
      expectTypeOf(file.name).toEqualTypeOf<string>();
      s.saved.push(file.name);
    }),
    receiveInto: uploadHandler({ args: z.object({ folder: z.enum(['docs', 'avatars']) }) }, (s, file) => {
      expectTypeOf(file.args.folder).toEqualTypeOf<'docs' | 'avatars'>();
      s.saved.push(`${file.args.folder}/${file.name}`);
    }),
    typedWithoutSchema: uploadHandler((s, file: UploadedFile<{ note: string }>) => {
      s.saved.push(file.args.note);
    }),
    stream: uploadStreamHandler(async (upload) => {
      expectTypeOf(upload.args).toEqualTypeOf<undefined>();
      for await (const file of upload.files) {
        for await (const chunk of file) {
          expectTypeOf(chunk).toEqualTypeOf<Uint8Array>();
          upload.progress((s) => {
            expectTypeOf(s.received).toEqualTypeOf<number>();
            s.received = file.received;
            s.progressRuns += 1;
          });
        }
        await upload.modify((s) => {
          s.saved.push(file.name);
        });
      }
    }),
    streamInto: uploadStreamHandler({ args: z.object({ folder: z.string().min(1) }) }, async (upload) => {
      expectTypeOf(upload.args.folder).toEqualTypeOf<string>();
      await upload.modify((s) => {
        s.saved.push(upload.args.folder);
      });
    }),
    hold(s, _: void) {
      s.busy = true;
    },
  },
});

/** An `IncomingFile` over chunks the test releases one by one. */
function scriptedFile(name: string, chunks: string[]): IncomingFile & { received: number } {
  const file = {
    name,
    type: 'text/plain',
    received: 0,
    async *[Symbol.asyncIterator]() {
      for (const chunk of chunks) {
        const bytes = new TextEncoder().encode(chunk);
        file.received += bytes.length;
        yield bytes;
      }
    },
  };
  return file;
}

async function* filesOf(...files: IncomingFile[]) {
  yield* files;
}

describe('upload handler arguments', () => {
  it('are typed on the event creator, so the page can only bind what the handler takes', () => {
    type ArgsOf<T> = T extends (payload: infer P) => EventSpec<unknown>
      ? P extends { args?: infer A }
        ? A
        : never
      : never;
    expectTypeOf<ArgsOf<typeof Files.receiveInto>>().toEqualTypeOf<{ folder: 'docs' | 'avatars' }>();
    expectTypeOf<ArgsOf<typeof Files.streamInto>>().toEqualTypeOf<{ folder: string }>();
  });

  it('are checked by the schema before anything runs, naming the field, and the handler gets its output', async () => {
    const app = createApp({ states: [Files] });
    const into = describeUploadHandler(app.states, 'files', 'receiveInto');
    expect(into?.kind).toBe('file');
    expect(await into?.checkArgs({ folder: 'docs' })).toEqual({ folder: 'docs' });
    const refused = await into?.checkArgs({ folder: '../etc' }).catch((error: Error) => error);
    expect(isStateError(refused, 'INVALID_EVENT')).toBe(true);
    expect((refused as Error).message).toMatch(/The upload arguments of files\.receiveInto are invalid at "folder"/);
    expect(await into?.checkArgs(undefined).catch((error) => error.message)).toMatch(/upload arguments/);
    // Without a schema, the JSON as sent.
    expect(await describeUploadHandler(app.states, 'files', 'receive')?.checkArgs({ any: 1 })).toEqual({ any: 1 });
    expect(describeUploadHandler(app.states, 'files', 'stream')?.kind).toBe('stream');
    expect(describeUploadHandler(app.states, 'files', 'hold')).toBeUndefined();
    expect(describeUploadHandler(app.states, 'files', 'constructor')).toBeUndefined();
    expect(describeUploadHandler(app.states, 'nope', 'receive')).toBeUndefined();
  });

  it('reject a schema that is not a Standard Schema when the state is defined', () => {
    expect(() => uploadHandler({ args: {} as never }, () => {})).toThrow(/takes a Standard Schema/);
    expect(() => uploadStreamHandler({ args: 1 as never }, () => {})).toThrow(/takes a Standard Schema/);
  });
});

describe('streaming upload handlers', () => {
  it('read every file chunk by chunk; progress blocks coalesce while the lock is busy and run before a later modify', async () => {
    const app = createApp({ states: [Files] });
    const stream = describeUploadHandler(app.states, 'files', 'stream');
    // Another step holds the tab's lock while the chunks arrive: the handler still reads them all.
    const gate = deferred();
    const holding = app.modifyState('t', () => gate.promise);
    const first = scriptedFile('a.txt', ['ab', 'cd', 'ef']);
    const done = stream?.runStream?.(app, {
      token: 't',
      args: undefined,
      files: filesOf(first, scriptedFile('b.txt', ['xyz'])),
      signal: new AbortController().signal,
    });
    await expect.poll(() => first.received).toBe(6);
    gate.resolve();
    await holding;
    await done;
    const state = (await app.snapshot('t')).files;
    expect(state.saved).toEqual(['a.txt', 'b.txt']);
    expect(state.received).toBe(3);
    // Six chunks, but the blocks queued behind the held lock were folded into one.
    expect(state.progressRuns).toBeLessThan(4);
  });

  it('cannot be fired as an event, by a page or by the server', async () => {
    const app = createApp({ states: [Files] });
    const fromPage = await app.dispatch('t', Files.stream({}), { origin: 'client' }).catch((error) => error);
    expect(isStateError(fromPage, 'FORBIDDEN_HANDLER')).toBe(true);
    const asUpload = await app.dispatch('t', Files.stream({}), { origin: 'upload' }).catch((error) => error);
    expect(asUpload.message).toMatch(/runs only for an upload that reached the server/);
  });

  it("reject with the handler's error after its blocks ran", async () => {
    const app = createApp({ states: [Files] });
    const failing = runUploadStream(
      app,
      Files,
      async (upload) => {
        upload.progress((s) => {
          (s as { received: number }).received = 9;
        });
        throw new Error('disk full');
      },
      { token: 't', args: undefined, files: filesOf(), signal: new AbortController().signal },
    );
    await expect(failing).rejects.toThrow('disk full');
  });
});
