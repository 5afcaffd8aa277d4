import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkExamples, extractExamples, isChecked } from '../examples.mjs';

// The check compiles against the built declarations of the workspace packages (`tsc -b`, which
// `npm test` runs before Vitest), from a folder inside the repository so `@core/state` resolves.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const work = mkdtempSync(path.join(tmpdir(), 'docs-examples-'));
const outDir = mkdtempSync(path.join(root, 'node_modules', '.cache', 'docs-examples-test-'));
beforeAll(() => {
  if (!existsSync(path.join(root, 'packages/state/dist/index.d.ts')))
    throw new Error('The docs examples compile against the built packages: run `npx tsc -b` first.');
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

function docs(pages) {
  const docsDir = mkdtempSync(path.join(work, 'docs-'));
  for (const [name, text] of Object.entries(pages)) {
    mkdirSync(path.dirname(path.join(docsDir, name)), { recursive: true });
    writeFileSync(path.join(docsDir, name), text);
  }
  return { docsDir, pages: Object.keys(pages), outDir };
}

const state = [
  '```ts',
  '// src/state/counter.ts',
  "import { defineState } from '@core/state';",
  '',
  "export const Counter = defineState('counter', {",
  '  vars: { count: 0 },',
  '  events: { add(s, n: number) { s.count += n; } },',
  '});',
  '```',
].join('\n');

describe('extractExamples', () => {
  it('finds fenced blocks with their language, fence words, first code line and path comment', () => {
    const blocks = extractExamples(`# Title\n\n${state}\n\n\`\`\`sh\nnpm test\n\`\`\`\n`);
    expect(blocks.map((b) => [b.lang, b.line, b.path])).toEqual([
      ['ts', 4, 'src/state/counter.ts'],
      ['sh', 14, undefined],
    ]);
  });

  it('takes the path from a first-line comment that goes on with a remark, but not from other comments', () => {
    const blocks = extractExamples('```ts\n// src/app.ts — what core serves\n```\n```ts\n// see src/app.ts\n```\n');
    expect(blocks.map((b) => b.path)).toEqual(['src/app.ts', undefined]);
  });

  it('un-indents a block inside a list item and keeps a longer fence open across a shorter one', () => {
    const [block] = extractExamples('- item\n\n  ````tsx\n  const a = 1;\n  ```\n  ````\n');
    expect(block).toMatchObject({ lang: 'tsx', indent: 2, line: 4, code: 'const a = 1;\n```' });
  });

  it('compiles ts and tsx blocks, but not other languages or blocks marked no-check', () => {
    const blocks = extractExamples('```ts\na\n```\n```tsx {2}\nb\n```\n```ts no-check\nc\n```\n```js\nd\n```\n');
    expect(blocks.map(isChecked)).toEqual([true, true, false, false]);
  });
});

describe('checkExamples', () => {
  it('passes examples that compile against the real packages, across blocks of one page', () => {
    const use = "```ts\nimport { Counter } from './src/state/counter';\n\nexport const event = Counter.add(2);\n```\n";
    const { examples, errors } = checkExamples(docs({ 'guide/a.md': `# A\n\n${state}\n\n${use}` }));
    expect(errors).toEqual([]);
    expect(examples).toBe(2);
  });

  it('fails a deliberately broken example and reports the error at its line in the Markdown file', () => {
    const broken =
      "```ts\nimport { Counter } from './src/state/counter';\n\nexport const event = Counter.add('two');\n```\n";
    const { errors } = checkExamples(docs({ 'guide/b.md': `# B\n\n${state}\n\n${broken}` }));
    expect(errors).toHaveLength(1);
    expect(errors[0].file).toMatch(/guide\/b\.md$/);
    expect(errors[0].line).toBe(16); // the line of `Counter.add('two')` in b.md
    expect(errors[0].message).toMatch(/TS2345.*'string'.*'number'/);
  });

  it('finds an error in an indented tsx block at its column in the page', () => {
    const page = "# C\n\n1. Step\n\n   ```tsx\n   const n: number = 'one';\n   ```\n";
    const { errors } = checkExamples(docs({ 'c.md': page }));
    expect(errors.map((e) => [e.line, e.column])).toEqual([[6, 10]]);
  });

  it('leaves a broken block alone when its fence says no-check', () => {
    const { examples, errors } = checkExamples(docs({ 'd.md': "```ts no-check\nconst n: number = 'one';\n```\n" }));
    expect([examples, errors]).toEqual([0, []]);
  });

  it('refuses two blocks of one page that write the same file', () => {
    const { errors } = checkExamples(docs({ 'e.md': `${state}\n\n${state}\n` }));
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/two examples write src\/state\/counter\.ts/)]);
  });
});
