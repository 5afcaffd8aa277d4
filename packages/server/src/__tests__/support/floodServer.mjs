// The server of the never-reading-client test, in a process of its own so that its memory is
// measured alone. It tells its parent (IPC) its port, then its warnings; it answers "rss" with its
// resident memory after a garbage collection (run it with --expose-gc).
import { createServer } from '@core/server';
import { createApp, defineState } from '@core/state';

const Counter = defineState('counter', {
  vars: { n: 0 },
  events: {
    add(s, by) {
      s.n += by;
    },
  },
});

const send = (message) => process.send?.(message);
const logger = {
  debug() {},
  info() {},
  warn: (message) => send({ warn: message }),
  error: (message) => send({ error: message }),
};
const server = createServer({
  app: createApp({ states: [Counter], logger }),
  secret: 'flood-server-secret-0123456789',
  logger,
  dev: false,
});
const { port } = await server.listen(0);
process.on('message', (message) => {
  if (message !== 'rss') return;
  globalThis.gc?.();
  send({ rss: process.memoryUsage.rss() });
});
process.on('disconnect', () => process.exit(0));
send({ port });
