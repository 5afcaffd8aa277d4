import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { ErrorPayload, Plugin, ViteDevServer } from 'vite';

/** An error as Vite's overlay shows it. */
export type OverlayError = ErrorPayload['err'];

/** The overlay's label of errors from server code: `[plugin:core:server]`. */
const LABEL = 'core:server';
/** The HMR events that show a server error in the pages and take it down. */
const SHOW = 'core:server-error';
const CLEARED = 'core:server-error-cleared';
/**
 * Sent after a file change once the server's copy of the changed modules is invalidated, while a
 * page answered with an error document may be open: that document reloads. Vite's client reloads it
 * on its first update too, but that update can win the race against the server's invalidation, and
 * the reload then renders the stale error again while the client app renders the fixed page.
 */
const PAGE_FIXED = 'core:page-error-fixed';
const ENTRY = '/@core-server-errors';
const RESOLVED = '\0core-server-errors';

/**
 * The page's half: Vite's overlay under a name of its own. Vite's client reloads a page that shows
 * its overlay when the page's first update arrives, and closes it on every update: right for its
 * own errors, wrong for a server error, which may reach the page just before the update of the
 * same edit and stands until the server says it is gone.
 */
const PAGE_SCRIPT = `const name = 'core-server-error-overlay';
const ViteOverlay = customElements.get('vite-error-overlay');
if (import.meta.hot && ViteOverlay) {
  if (!customElements.get(name)) customElements.define(name, class extends ViteOverlay {});
  const close = () => {
    for (const overlay of document.querySelectorAll(name)) overlay.close();
  };
  import.meta.hot.on(${JSON.stringify(SHOW)}, (error) => {
    close();
    document.body.appendChild(new (customElements.get(name))(error));
  });
  import.meta.hot.on(${JSON.stringify(CLEARED)}, close);
}`;

/** `core dev`'s way of putting errors of server code in the page, in Vite's error overlay. */
export interface ServerErrorOverlay {
  /** The Vite plugin that serves the page's half and replays a standing error to pages that connect. */
  readonly plugin: Plugin;
  /**
   * The overlay's form of an error thrown by server code that Vite loaded: the stack mapped to the
   * sources (in place, so a log of `error` shows them too), the file and position it was thrown at
   * (else `file`), no colour codes.
   */
  describe(error: unknown, file: string): Promise<OverlayError>;
  /** Shows the error in every open page, and in each page that connects while it stands. */
  show(error: unknown, file: string): Promise<void>;
  /** Takes the standing error down (its module loaded again): the pages close their overlay. */
  clear(): void;
  /**
   * A `<script>` for a page's `<head>` that opens the overlay on `error` as the page loads, and
   * reloads the page after the next change of a server module (once the server's copy is fresh).
   */
  inlineScript(error: OverlayError): string;
}

/** Creates the overlay of server errors for the dev server of the project in `root`. */
export function createServerErrorOverlay(root: string): ServerErrorOverlay {
  let vite: ViteDevServer | undefined;
  let standing: OverlayError | undefined;
  /** Off with `server.hmr.overlay: false`, as Vite's own overlay. */
  let enabled = true;
  /** True once an error document went out, until the next change of a server module. */
  let errorDocumentOut = false;

  const describe = async (error: unknown, file: string): Promise<OverlayError> => {
    const thrown = (error instanceof Error ? error : new Error(String(error))) as Error & Partial<OverlayError>;
    if (vite) {
      await transformAgain(vite, thrown.stack ?? '', root);
      vite.ssrFixStacktrace(thrown);
    }
    const stack = (thrown.stack ?? '')
      .split('\n')
      .filter((line) => /^\s+at /.test(line))
      .join('\n');
    const loc = thrown.loc ?? thrownAt(stack, root);
    return {
      message: stripVTControlCharacters(thrown.message),
      stack: stripVTControlCharacters(stack),
      id: thrown.id ?? loc?.file ?? path.join(root, file),
      frame: stripVTControlCharacters(thrown.frame ?? ''),
      plugin: LABEL,
      loc,
    };
  };

  return {
    plugin: {
      name: 'core:server-errors',
      apply: 'serve',
      configureServer(server) {
        vite = server;
        const { hmr } = server.config.server;
        enabled = !(typeof hmr === 'object' && hmr.overlay === false);
        server.environments.client.hot.on('vite:client:connect', (_payload, client) => {
          if (standing) client.send({ type: 'custom', event: SHOW, data: standing });
        });
      },
      hotUpdate() {
        // The server's environment: its modules of the changed file are invalidated by now.
        if (this.environment.name === 'client' || !errorDocumentOut) return;
        errorDocumentOut = false;
        vite?.environments.client.hot.send({ type: 'custom', event: PAGE_FIXED });
      },
      resolveId: (id) => (id === ENTRY ? RESOLVED : undefined),
      load: (id) => (id === RESOLVED ? PAGE_SCRIPT : undefined),
      transformIndexHtml: () => [{ tag: 'script', attrs: { type: 'module', src: ENTRY }, injectTo: 'head-prepend' }],
    },
    describe,
    async show(error, file) {
      standing = await describe(error, file);
      if (enabled) vite?.environments.client.hot.send({ type: 'custom', event: SHOW, data: standing });
    },
    clear() {
      if (!standing) return;
      standing = undefined;
      vite?.environments.client.hot.send({ type: 'custom', event: CLEARED });
    },
    inlineScript(error) {
      const client = JSON.stringify(`${vite?.config.base ?? '/'}@vite/client`);
      const data = JSON.stringify(error).replace(/</g, '\\u003c');
      errorDocumentOut = true;
      const reload = `createHotContext('/@core-error-document').on(${JSON.stringify(PAGE_FIXED)}, () => location.reload());`;
      return `<script type="module">import { createHotContext, ErrorOverlay } from ${client};\ndocument.body.appendChild(new ErrorOverlay(${data}));\n${reload}</script>`;
    },
  };
}

/**
 * Makes sure Vite holds the source maps of the project's modules in `stack`: a module that failed
 * while Vite's own file-change handling ran may have lost its transform result (the app module
 * edited on disk did), and stack frames are mapped with those.
 */
async function transformAgain(vite: ViteDevServer, stack: string, root: string): Promise<void> {
  const ssr = vite.environments.ssr;
  const files = new Set([...stack.matchAll(FRAME)].map((match) => match[1] as string).filter((f) => isOwn(f, root)));
  for (const file of files) {
    if (ssr.moduleGraph.getModuleById(file)?.transformResult) continue;
    await ssr.transformRequest(`/${path.relative(root, file).split(path.sep).join('/')}`).catch(() => undefined);
  }
}

/** A stack frame's file, line and column. */
const FRAME = /\(?([^\s()]+):(\d+):(\d+)\)?$/gm;

/** A file of the project itself, not of its dependencies. */
function isOwn(file: string, root: string): boolean {
  return file.startsWith(`${root}${path.sep}`) && !file.includes(`${path.sep}node_modules${path.sep}`);
}

/** The first frame of `stack` in the project's own files: where the error was thrown. */
function thrownAt(stack: string, root: string): OverlayError['loc'] {
  for (const match of stack.matchAll(FRAME)) {
    const file = match[1] as string;
    if (isOwn(file, root)) return { file, line: Number(match[2]), column: Number(match[3]) };
  }
  return undefined;
}
