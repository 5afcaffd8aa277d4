import { createReadStream } from 'node:fs';
import { cookie, defineState, localStorage, uploadHandler } from '@core/state';
import '../clientFunctions';

/**
 * The browser from a handler: vars stored in the browser (localStorage synced across tabs, a
 * cookie), client actions (redirect, toast, download), a call of a function the page registered,
 * and an upload handler.
 */
export const ClientState = defineState('client', {
  vars: {
    theme: localStorage('light', { name: 'theme', sync: true }),
    cookieValue: cookie('', { name: 'demo-cookie', maxAge: 3600, sameSite: 'strict' }),
    clientAnswer: '',
    uploadResult: '',
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
    receiveUpload: uploadHandler(async (s, file) => {
      // Reads the whole file before answering, as a real handler would.
      let bytes = 0;
      for await (const chunk of createReadStream(file.path)) bytes += (chunk as Buffer).length;
      s.uploadResult = `${file.name}: ${bytes} bytes`;
    }),
  },
});
