import { createReadStream } from 'node:fs';
import {
  cookie,
  defineState,
  localStorage,
  type StandardSchemaV1,
  uploadHandler,
  uploadStreamHandler,
} from '@core/state';
import '../clientFunctions';

/**
 * The themes the page knows: a value read from the browser's storage must be one (any Standard
 * Schema works, zod's `z.enum(['light', 'dark'])` too; this one is written by hand).
 */
const themeSchema: StandardSchemaV1<unknown, 'light' | 'dark'> = {
  '~standard': {
    version: 1,
    vendor: 'demo',
    validate: (value) =>
      value === 'light' || value === 'dark' ? { value } : { issues: [{ message: 'a theme is "light" or "dark"' }] },
  },
};

/** The argument the page binds to a streaming upload: a short label (any Standard Schema works, zod too). */
const labelArgs: StandardSchemaV1<{ label: string }> = {
  '~standard': {
    version: 1,
    vendor: 'demo',
    validate: (value) => {
      const label = (value as { label?: unknown } | undefined)?.label;
      return typeof label === 'string' && /^[a-z]{1,16}$/.test(label)
        ? { value: { label } }
        : { issues: [{ message: 'a label is 1 to 16 lowercase letters', path: ['label'] }] };
    },
  },
};

/**
 * The browser from a handler: vars stored in the browser (localStorage synced across tabs, a
 * cookie), client actions (redirect, toast, download), a call of a function the page registered,
 * an upload handler, and a streaming upload handler with an argument the page binds to it.
 */
export const ClientState = defineState('client', {
  vars: {
    theme: localStorage('light', { name: 'theme', sync: true, schema: themeSchema }),
    cookieValue: cookie('', { name: 'demo-cookie', maxAge: 3600, sameSite: 'strict' }),
    clientAnswer: '',
    uploadResult: '',
    streamReceived: 0,
    streamResult: [] as string[],
  },
  events: {
    setTheme(s, theme: 'light' | 'dark') {
      if (theme !== 'light' && theme !== 'dark') throw new Error(`Unknown theme ${JSON.stringify(theme)}.`);
      s.theme = theme;
    },
    setCookie(s) {
      s.cookieValue = 'chocolate-chip';
    },
    redirectHome(_s, _: void, ctx) {
      ctx.client.redirect('/');
    },
    save(_s, _: void, ctx) {
      ctx.client.toast('Saved', { kind: 'success' });
    },
    downloadReport(_s, _: void, ctx) {
      ctx.client.download({ data: 'hello', filename: 'report.txt', mimeType: 'text/plain' });
    },
    async askWidth(s, _: void, ctx) {
      const width = await ctx.client.call('innerWidth');
      s.clientAnswer = String(width);
    },
    /** Calls a page function that returns nothing: the answer is null. */
    async markVisited(s, _: void, ctx) {
      s.clientAnswer = JSON.stringify(await ctx.client.call('markVisited'));
    },
    /** Asks for more than a client call takes (64 KiB of JSON by default): the call fails at once. */
    async askTooMuch(s, _: void, ctx) {
      try {
        await ctx.client.call('pageText');
      } catch (error) {
        s.clientAnswer = (error as Error).message;
      }
    },
    /** Focuses an element by its plain id. */
    focusNote(_s, _: void, ctx) {
      ctx.client.focus('focus_target');
    },
    receiveUpload: uploadHandler(async (s, file) => {
      // Reads the whole file before answering, as a real handler would.
      let bytes = 0;
      for await (const chunk of createReadStream(file.path)) bytes += (chunk as Buffer).length;
      s.uploadResult = `${file.name}: ${bytes} bytes`;
    }),
    // Chunks as they arrive, several files per request; the lock only inside progress/modify.
    receiveStream: uploadStreamHandler({ args: labelArgs }, async (upload) => {
      for await (const file of upload.files) {
        for await (const _chunk of file) {
          upload.progress((s) => {
            s.streamReceived = file.received;
          });
        }
        await upload.modify((s) => {
          s.streamResult = [...s.streamResult, `${upload.args.label}/${file.name}: ${file.received} bytes`];
        });
      }
    }),
  },
});
