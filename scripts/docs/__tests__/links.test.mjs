import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMarkdownLinks, checkSiteLinks, githubAnchors, markdownLinks } from '../links.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'docs-links-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tree(files) {
  const dir = mkdtempSync(path.join(work, 'tree-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('checkSiteLinks', () => {
  it('reports a link to a missing page and an anchor the target page does not have', () => {
    const dist = tree({
      'index.html':
        '<a href="/guide/state.html#vars">ok</a><a href="/guide/gone.html">gone</a><a href="./guide/state.html#nope">x</a>',
      'guide/state.html': '<h2 id="vars">Vars</h2><a href="#vars">self</a><a href="https://example.com/#x">out</a>',
    });
    expect(checkSiteLinks(dist)).toEqual([
      { file: 'index.html', link: '/guide/gone.html', problem: 'no such page or file' },
      { file: 'index.html', link: './guide/state.html#nope', problem: 'no "#nope" on that page' },
    ]);
  });
});

describe('checkMarkdownLinks', () => {
  it('checks files, GitHub heading anchors and anchors into built pages of the site', () => {
    const root = tree({
      'README.md': [
        '# Project',
        '## State modules (`@core/state`)',
        '[a](#state-modules-corestate) [b](#missing) [c](docs/guide/state.md#vars) [d](docs/guide/state.md#nope)',
        '[e](bench/README.md) [f](https://example.com) `[g](not/a/link.md)`',
        '```md',
        '[h](inside/a/block.md)',
        '```',
        '![i](docs/missing.png)',
      ].join('\n'),
      'docs/guide/state.md': '# State\n## Vars\n',
      'docs/dist/guide/state.html': '<h2 id="vars">Vars</h2>',
      'bench/README.md': '# Bench\n',
    });
    const options = { root, docsDir: path.join(root, 'docs'), distDir: path.join(root, 'docs', 'dist') };
    expect(checkMarkdownLinks(path.join(root, 'README.md'), options).map((p) => p.link)).toEqual([
      '#missing',
      'docs/guide/state.md#nope',
      'docs/missing.png',
    ]);
  });

  it('leaves links in code spans and fenced blocks alone', () => {
    expect(markdownLinks('[a](x.md) `[b](y.md)`\n\n```\n[c](z.md)\n```\n')).toEqual(['x.md']);
  });

  it('makes the anchors GitHub makes, numbering repeated headings', () => {
    expect([...githubAnchors('# Failover: what can and cannot be lost\n## `core dev`\n## Tests\n## Tests\n')]).toEqual([
      'failover-what-can-and-cannot-be-lost',
      'core-dev',
      'tests',
      'tests-1',
    ]);
  });
});
