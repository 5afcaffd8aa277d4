import { defineConfig } from 'vitepress';

// The docs site: `npm run docs` serves it with hot reload, `npm run docs:build` checks every
// example and builds it into docs/dist (scripts/docs/build.mjs).

/** Sections whose features are being built now: the sidebar says so until their pages are written. */

export default defineConfig({
  title: 'core',
  description: 'Server-held, live-synced state for TypeScript and React',
  outDir: './dist',
  srcExclude: ['**/.examples/**', 'deploy/**', 'dist/**'],
  cleanUrls: false,
  lastUpdated: false,
  markdown: {
    config(md) {
      // A ```ts no-check block is deliberately partial: label it so readers know it is not compiled.
      const fence = md.renderer.rules.fence!;
      md.renderer.rules.fence = (tokens, idx, options, env, self) => {
        const html = fence(tokens, idx, options, env, self);
        if (!tokens[idx].info.split(/\s+/).includes('no-check')) return html;
        return `<div class="example-unchecked" title="A fragment: the docs build does not compile it">${html}</div>`;
      };
    },
  },
  themeConfig: {
    search: { provider: 'local' },
    outline: { level: [2, 3] },
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Examples', link: '/examples/' },
      { text: 'API', link: '/api/' },
      { text: 'Contributing', link: '/contributing/' },
    ],
    sidebar: [
      {
        text: 'Start',
        items: [
          { text: 'Getting started', link: '/guide/getting-started' },
          { text: 'The create-core-app and core commands', link: '/guide/cli' },
        ],
      },
      {
        text: 'State',
        items: [
          { text: 'State modules: vars, computed, events', link: '/guide/state' },
          { text: 'The app', link: '/guide/app' },
          { text: 'Background tasks and their lifecycle', link: '/guide/background-tasks' },
          { text: 'Scopes: session, app, rooms; sign-in', link: '/guide/scopes' },
          { text: 'Presence and app-lifetime tasks', link: '/guide/presence' },
          { text: 'Large collections', link: '/guide/collections' },
        ],
      },
      {
        text: 'The page',
        items: [
          { text: 'React components and hooks', link: '/guide/react' },
          { text: 'Pages and routing (SSR, on-load)', link: '/guide/pages' },
          { text: 'The browser from a handler', link: '/guide/browser' },
          { text: 'Forms and inputs', link: '/guide/forms' },
          { text: 'Devtools', link: '/guide/devtools' },
        ],
      },
      {
        text: 'Ship it',
        items: [
          { text: 'Testing an app', link: '/guide/testing' },
          { text: 'The server', link: '/guide/server' },
          { text: 'Redis and scaling out', link: '/guide/scaling' },
          { text: 'Redis Cluster and failover', link: '/guide/redis-cluster' },
          { text: 'Deployment: Docker, nginx', link: '/guide/deployment' },
          { text: 'Security', link: '/guide/security' },
          { text: 'The Vite plugin', link: '/guide/vite-plugin' },
        ],
      },
      {
        text: 'Examples',
        items: [
          { text: 'The example apps', link: '/examples/' },
          { text: 'Chat', link: '/examples/chat' },
          { text: 'To-do', link: '/examples/todo' },
          { text: 'Dashboard', link: '/examples/dashboard' },
        ],
      },
      {
        text: 'Reference',
        items: [
          { text: 'API reference', link: '/api/' },
          { text: 'Wire protocol', link: '/reference/protocol' },
        ],
      },
      {
        text: 'Contributing',
        items: [
          { text: 'The repository', link: '/contributing/' },
          { text: 'Design notes', link: '/design-notes' },
          { text: 'Benchmarks', link: '/contributing/benchmarks' },
          { text: 'The demo app', link: '/contributing/demo' },
        ],
      },
    ],
  },
});
