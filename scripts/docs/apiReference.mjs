// The API reference (docs/api/*.md), generated from the built declaration files of every public
// entry point: each export with its doc comment, its tags and its declaration.
//
// TypeScript 7 (the repository's compiler) has no JavaScript API, so this reads the declarations
// with TypeScript 5.9's, installed as the `typescript5` alias; TypeDoc needs the same but asks for
// `typescript` as a peer, which npm cannot give it beside 7.0.2. Needs `tsc -b` first.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript5';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The published packages, in the order the reference lists them. */
const packageDirs = [
  'packages/state',
  'packages/react',
  'packages/server',
  'packages/vite',
  'packages/cli',
  'packages/create-core-app',
];

/** Kinds of export, in the order a page lists them. */
const kinds = [
  ['function', 'Functions'],
  ['class', 'Classes'],
  ['const', 'Constants'],
  ['interface', 'Interfaces'],
  ['type', 'Types'],
];

/** Every entry point with declarations: `{ specifier, dir, types, description }`. */
export function listEntryPoints() {
  const entries = [];
  for (const dir of packageDirs) {
    const pkg = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      if (typeof target?.types !== 'string' || !target.types.includes('dist/')) continue;
      const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`;
      entries.push({ specifier, dir, types: path.join(root, dir, target.types), description: pkg.description ?? '' });
    }
  }
  return entries;
}

/** The page of an entry point: `@core/state/protocol` → `core-state-protocol`. */
export function pageName(specifier) {
  return specifier.replace(/^@/, '').replace(/\//g, '-');
}

/** Writes docs/api/: one page per entry point and an index. Returns the number of exports. */
export function writeApiReference(outDir = path.join(root, 'docs', 'api')) {
  const entries = listEntryPoints();
  const program = ts.createProgram(
    entries.map((e) => e.types),
    {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      jsx: ts.JsxEmit.ReactJSX,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
    },
  );
  const checker = program.getTypeChecker();
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  let total = 0;
  const index = [
    '# API reference',
    '',
    'Generated from the doc comments of each public entry point when the site is built',
    '(`scripts/docs/apiReference.mjs`); the guides explain how the pieces fit together.',
    '',
    '| entry point | exports | package |',
    '| --- | --- | --- |',
  ];
  for (const entry of entries) {
    const source = program.getSourceFile(entry.types);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`[docs] Cannot read ${entry.types}; run \`tsc -b\` first.`);
    const items = checker
      .getExportsOfModule(moduleSymbol)
      .map((symbol) => describeExport(checker, symbol, entry))
      .filter(Boolean);
    total += items.length;
    writeFileSync(path.join(outDir, `${pageName(entry.specifier)}.md`), renderPage(entry, items));
    index.push(
      `| [\`${entry.specifier}\`](./${pageName(entry.specifier)}.md) | ${items.length} | ${escapeProse(entry.description)} |`,
    );
  }
  writeFileSync(path.join(outDir, 'index.md'), `${index.join('\n')}\n`);
  return { entries: entries.length, exports: total };
}

/** `{ name, kind, doc, tags, declaration, home }` of one export, or undefined for a namespace re-export. */
function describeExport(checker, exported, entry) {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const declarations = (symbol.declarations ?? []).filter((d) => !ts.isSourceFile(d) && !ts.isModuleDeclaration(d));
  if (declarations.length === 0) return undefined;
  const first = declarations[0];
  const file = first.getSourceFile().fileName;
  return {
    name: exported.name,
    kind: kindOf(first),
    doc: ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim(),
    tags: symbol
      .getJsDocTags(checker)
      .map((tag) => ({ name: tag.name, text: ts.displayPartsToString(tag.text ?? []) })),
    declaration: declarations.map((d) => declarationText(checker, symbol, d)).join('\n'),
    home: homeOf(file, entry),
  };
}

function kindOf(node) {
  if (ts.isFunctionDeclaration(node)) return 'function';
  if (ts.isClassDeclaration(node)) return 'class';
  if (ts.isVariableDeclaration(node)) return 'const';
  if (ts.isInterfaceDeclaration(node)) return 'interface';
  return 'type';
}

/** The declaration as a reader writes it: no `export declare`, no private members. */
function declarationText(checker, symbol, node) {
  if (ts.isVariableDeclaration(node)) {
    const type = node.type
      ? node.type.getText()
      : checker.typeToString(checker.getTypeOfSymbolAtLocation(symbol, node));
    return `const ${node.name.getText()}: ${type};`;
  }
  return node
    .getText()
    .replace(/^export\s+(default\s+)?(declare\s+)?/, '')
    .replace(/^declare\s+/, '')
    .split('\n')
    .filter((line) => !/^\s*(private |#private;)/.test(line))
    .join('\n');
}

/** Where an export is written: its source file, and the package it comes from when not this one. */
function homeOf(declarationFile, entry) {
  const relative = path.relative(root, declarationFile);
  const source = relative.replace('/dist/', '/src/').replace(/\.d\.ts$/, '.ts');
  const owner = packageDirs.find((dir) => relative.startsWith(`${dir}/`));
  return { source: owner ? source : relative, foreign: owner && owner !== entry.dir ? owner : undefined };
}

function renderPage(entry, items) {
  const out = [`# \`${entry.specifier}\``, '', escapeProse(entry.description), ''];
  out.push(`\`import { … } from '${entry.specifier}';\` — ${items.length} exports, generated from their doc comments.`);
  for (const [kind, title] of kinds) {
    const group = items.filter((i) => i.kind === kind).sort((a, b) => a.name.localeCompare(b.name));
    if (group.length === 0) continue;
    out.push('', `## ${title}`);
    for (const item of group) {
      out.push('', `### ${item.name}`, '');
      if (item.doc) out.push(escapeProse(item.doc), '');
      for (const tag of item.tags) out.push(renderTag(tag), '');
      out.push('```ts', item.declaration, '```', '');
      const from = item.home.foreign ? ` (re-exported from \`${item.home.foreign}\`)` : '';
      out.push(`<small>Declared in \`${item.home.source}\`${from}.</small>`);
    }
  }
  return `${out.join('\n')}\n`;
}

function renderTag({ name, text }) {
  if (name === 'example') return `**Example**\n\n${/```/.test(text) ? text : `\`\`\`ts\n${text}\n\`\`\``}`;
  if (name === 'param') {
    const [param, ...rest] = text.split(/\s+/);
    return `- **\`${param}\`** ${escapeProse(rest.join(' ').replace(/^-\s*/, ''))}`;
  }
  return `**@${name}** ${escapeProse(text)}`;
}

/**
 * Markdown prose that Vue (which renders VitePress pages) takes literally: outside code spans and
 * fenced blocks, `<` and `{{` are escaped so a doc comment cannot open a tag or an interpolation.
 */
export function escapeProse(text) {
  return text
    .split(/(```[\s\S]*?```|`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/\{\{/g, '&#123;&#123;')))
    .join('');
}
