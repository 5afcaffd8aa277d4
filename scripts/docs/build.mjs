// `npm run docs:build`: the API reference from the packages' declarations, every guide example
// compiled, the VitePress site into docs/dist, then every link checked. Stops at the first step
// that fails, with exit code 1.
// `npm run docs`: the API reference, then VitePress's dev server (hot reload).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeApiReference } from './apiReference.mjs';
import { checkExamples, formatErrors, listGuides } from './examples.mjs';
import { checkMarkdownLinks, checkSiteLinks } from './links.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const docsDir = path.join(root, 'docs');
const distDir = path.join(docsDir, 'dist');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
/** Markdown files read on GitHub rather than on the site, whose links are checked too. */
const repositoryPages = ['README.md', 'bench/README.md'];
/** Of those, the ones whose examples are compiled like the guides'. */
const compiledRepositoryPages = ['README.md'];

function step(title, fn) {
  const started = performance.now();
  const ok = fn();
  console.log(`${ok ? '✓' : '✗'} ${title} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) process.exit(1);
}

function spawn(command, args) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;
}

const dev = process.argv[2] === 'dev';
const started = performance.now();

step('packages built (tsc -b): the reference and the examples read their declarations', () =>
  spawn(bin('tsc'), ['-b']),
);
step('API reference', () => {
  const { entries, exports } = writeApiReference();
  console.log(`  ${exports} exports of ${entries} entry points → docs/api/`);
  return true;
});
if (dev) {
  spawn(bin('vitepress'), ['dev', 'docs']);
  process.exit(0);
}
step('examples compile', () => {
  const pages = [
    ...listGuides(docsDir),
    ...compiledRepositoryPages.map((page) => path.relative(docsDir, path.join(root, page))),
  ];
  const { examples, errors } = checkExamples({ docsDir, pages });
  if (errors.length > 0) console.error(`${formatErrors(errors)}\n${errors.length} error(s) in the docs' examples.`);
  else console.log(`  ${examples} examples compiled`);
  return errors.length === 0;
});
step('site built into docs/dist', () => spawn(bin('vitepress'), ['build', 'docs']));
step('links', () => {
  const problems = [
    ...checkSiteLinks(distDir),
    ...repositoryPages.flatMap((page) => checkMarkdownLinks(path.join(root, page), { root, docsDir, distDir })),
  ];
  for (const p of problems) console.error(`  ${p.file}: ${p.link}: ${p.problem}`);
  return problems.length === 0;
});
console.log(`docs built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
