import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { ErrorPayload, Plugin, ViteDevServer } from 'vite';

/** An error as Vite's overlay shows it. */
export type OverlayError = ErrorPayload['err'];

/** The overlay's label of errors from server code: `[plugin:core:server]`. */
const LABEL = 'core:server';
/** The HMR event that tells pages the standing server error is gone. */
const CLEARED = 'core:server-error-cleared';
const ENTRY = '/@core-server-errors';
const RESOLVED = '\0core-server-errors';

/**
 * The page's half: Vite's client shows an `error` payload in its overlay by itself; this closes the
 * overlay when the server says its error is gone, unless a client-side error has replaced it since.
 */
const PAGE_SCRIPT = `if (import.meta.hot) {
  let ours = false;
  import.meta.hot.on('vite:error', (payload) => {
    ours = payload.err.plugin === ${JSON.stringify(LABEL)};
  });
  import.meta.hot.on(${JSON.stringify(CLEARED)}, () => {
    if (!ours) return;
    ours = false;
    for (const overlay of document.querySelectorAll('vite-error-overlay')) overlay.close();
  });
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
  /** A `<script>` for a page's `<head>` that opens the overlay on `error` as the page loads. */
  inlineScript(error: OverlayError): string;
}

/** Creates the overlay of server errors for the dev server of the project in `root`. */
export function createServerErrorOverlay(root: string): ServerErrorOverlay {
  let vite: ViteDevServer | undefined;
  let standing: OverlayError | undefined;

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
        server.environments.client.hot.on('vite:client:connect', (_payload, client) => {
          if (standing) client.send({ type: 'error', err: standing });
        });
      },
      resolveId: (id) => (id === ENTRY ? RESOLVED : undefined),
      load: (id) => (id === RESOLVED ? PAGE_SCRIPT : undefined),
      transformIndexHtml: () => [{ tag: 'script', attrs: { type: 'module', src: ENTRY }, injectTo: 'head-prepend' }],
    },
    describe,
    async show(error, file) {
      standing = await describe(error, file);
      vite?.environments.client.hot.send({ type: 'error', err: standing });
    },
    clear() {
      if (!standing) return;
      standing = undefined;
      vite?.environments.client.hot.send(CLEARED);
    },
    inlineScript(error) {
      const client = JSON.stringify(`${vite?.config.base ?? '/'}@vite/client`);
      const data = JSON.stringify(error).replace(/</g, '\\u003c');
      return `<script type="module">import { ErrorOverlay } from ${client};\ndocument.body.appendChild(new ErrorOverlay(${data}));</script>`;
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
