// The docs' code examples, compiled: every ```ts / ```tsx block of a guide is written to a file
// under docs/.examples/ and type-checked with the repository's own `tsc` against the built
// workspace packages. A type error is reported at its line in the guide.
// `npm run docs:build` runs it first (scripts/docs/build.mjs) and stops on an error.
//
// A block whose first line is a path comment (`// src/state/tasks.ts`, maybe followed by a remark) is written to that path in
// its page's folder, so later blocks of the page can import it (`import { TaskState } from
// './state/tasks'`). A block that is deliberately partial says so in its fence: ```ts no-check
// (the site labels it "not compiled"). Use them rarely: prefer a complete example, with `declare
// const token: string;` for what the example takes as given.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Languages whose blocks are compiled. */
const checkedLanguages = new Set(['ts', 'tsx', 'typescript']);
/** The fence word that marks a deliberately partial block. */
export const NO_CHECK = 'no-check';
/** Folders of docs/ that hold no guide: generated pages, the build, the site's own config. */
const skippedFolders = new Set(['api', 'dist', '.vitepress', '.examples', 'node_modules', 'deploy']);

/**
 * The code blocks of one Markdown text, in order: `{ lang, meta, code, line, indent, path }`, where
 * `line` is the 1-based line of the block's first code line and `path` the file its first-line path
 * comment names (or undefined). Blocks inside list items (indented fences) are un-indented.
 */
export function extractExamples(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)(`{3,}|~{3,})\s*([\w-]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, meta] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^( *)(`{3,}|~{3,})\s*$/.exec(lines[j]);
      if (close && close[2][0] === fence[0] && close[2].length >= fence.length) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    const code = body.join('\n');
    const named = /^\/\/ ((?:[\w.@[\]-]+\/)*[\w.@[\]-]+\.(?:tsx?|mts))(?:\s.*)?$/.exec(body[0] ?? '');
    blocks.push({ lang, meta: meta.trim(), code, line: i + 2, indent: indent.length, path: named?.[1] });
    i = j;
  }
  return blocks;
}

/** Whether a block is compiled: a TypeScript block without the `no-check` word in its fence. */
export function isChecked(block) {
  return checkedLanguages.has(block.lang) && !block.meta.split(/\s+/).includes(NO_CHECK);
}

/** The guide pages under `docsDir` (relative paths, sorted), generated and build folders left out. */
export function listGuides(docsDir) {
  const pages = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skippedFolders.has(entry.name)) walk(full);
      } else if (entry.name.endsWith('.md')) {
        pages.push(path.relative(docsDir, full));
      }
    }
  };
  walk(docsDir);
  return pages.sort();
}

/** The compiler options every example is checked with: an app's, as create-core-app writes it. */
const compilerOptions = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  module: 'ESNext',
  moduleResolution: 'Bundler',
  jsx: 'react-jsx',
  strict: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node', '@core/react/routes'],
};

/**
 * Writes the checked blocks of `pages` (Markdown files relative to `docsDir`, such as
 * `guide/state.md` or `../README.md`) under `outDir`, one folder per page, and compiles them with
 * `tsc`. Returns `{ examples, errors }`: how many blocks were compiled, and each error as
 * `{ file, line, column, message }` located in the Markdown file (`file` relative to `root`).
 */
export function checkExamples({ docsDir = path.join(root, 'docs'), pages = listGuides(docsDir), outDir } = {}) {
  const target = outDir ?? path.join(docsDir, '.examples');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const sources = new Map(); // written file → { page, line, indent }
  const errors = [];
  for (const page of pages) {
    const markdown = readFileSync(path.join(docsDir, page), 'utf8');
    const folder = path.join(target, page.replace(/\.md$/, '').replace(/\.\.\//g, 'up/'));
    for (const block of extractExamples(markdown).filter(isChecked)) {
      const extension = block.lang === 'tsx' ? 'tsx' : 'ts';
      const file = path.join(folder, block.path ?? `example-${block.line}.${extension}`);
      const where = { page: path.relative(root, path.join(docsDir, page)), line: block.line, indent: block.indent };
      const earlier = sources.get(file);
      if (earlier) {
        errors.push({
          file: where.page,
          line: block.line,
          column: 1,
          message: `two examples write ${block.path} (lines ${earlier.line} and ${block.line}): name one of them differently.`,
        });
        continue;
      }
      sources.set(file, where);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${block.code}\n`);
    }
  }
  if (sources.size === 0) return { examples: 0, errors };
  writeFileSync(path.join(target, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['**/*'] }, null, 2));
  const tsc = path.join(root, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', target, '--pretty', 'false'], { cwd: root, encoding: 'utf8' });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  for (const raw of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): (error TS\d+: .*)$/.exec(raw.trim());
    if (!match) continue;
    const where = sources.get(path.resolve(root, match[1]));
    if (!where) {
      errors.push({
        file: path.relative(root, path.resolve(root, match[1])),
        line: +match[2],
        column: +match[3],
        message: match[4],
      });
      continue;
    }
    errors.push({
      file: where.page,
      line: where.line + +match[2] - 1,
      column: where.indent + +match[3],
      message: match[4],
    });
  }
  if (result.status !== 0 && errors.length === 0) {
    errors.push({ file: path.relative(root, target), line: 0, column: 0, message: `tsc failed: ${output.trim()}` });
  }
  return { examples: sources.size, errors };
}

/** One line per error, as editors link them: `docs/guide/state.md:12:3 error TS2345: …`. */
export function formatErrors(errors) {
  return errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).join('\n');
}
