// Link check for the built site and for Markdown files read on GitHub (the README): every
// relative link names a file that exists, and every `#anchor` a heading or id of its target.
// VitePress itself refuses links to missing pages; it does not look at anchors.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** `{ file, link, problem }` for each broken link of the HTML pages under `distDir`. */
export function checkSiteLinks(distDir) {
  const problems = [];
  const ids = new Map();
  const idsOf = (file) => {
    if (!ids.has(file))
      ids.set(file, new Set([...readFileSync(file, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])));
    return ids.get(file);
  };
  for (const file of listFiles(distDir, '.html')) {
    const html = readFileSync(file, 'utf8');
    for (const [, href] of html.matchAll(/<a\s[^>]*?href="([^"]*)"/g)) {
      if (isExternal(href)) continue;
      const [target, hash] = splitLink(decodeEntities(href)).map((part, i) =>
        i === 0 ? decodeURIComponent(part) : part,
      );
      let resolved = target === '' ? file : path.join(target.startsWith('/') ? distDir : path.dirname(file), target);
      if (target.endsWith('/')) resolved = path.join(resolved, 'index.html');
      const where = path.relative(distDir, file);
      if (!isFile(resolved)) problems.push({ file: where, link: href, problem: 'no such page or file' });
      else if (hash && resolved.endsWith('.html') && !idsOf(resolved).has(hash))
        problems.push({ file: where, link: href, problem: `no "#${hash}" on that page` });
    }
  }
  return problems;
}

/**
 * `{ file, link, problem }` for each broken relative link of a Markdown file as GitHub shows it.
 * Anchors into pages of the site (`docs/**.md`) are checked against the built page's ids, others
 * against GitHub's heading slugs.
 */
export function checkMarkdownLinks(markdownFile, { root, docsDir, distDir }) {
  const problems = [];
  const where = path.relative(root, markdownFile);
  for (const link of markdownLinks(readFileSync(markdownFile, 'utf8'))) {
    if (isExternal(link)) continue;
    const [target, hash] = splitLink(link);
    const resolved = target === '' ? markdownFile : path.resolve(path.dirname(markdownFile), target);
    if (!existsSync(resolved)) {
      problems.push({ file: where, link, problem: 'no such file' });
      continue;
    }
    if (!hash) continue;
    const inSite = resolved.startsWith(`${docsDir}${path.sep}`) && resolved.endsWith('.md');
    const anchors = inSite
      ? siteIds(path.join(distDir, path.relative(docsDir, resolved).replace(/\.md$/, '.html')))
      : resolved.endsWith('.md')
        ? githubAnchors(readFileSync(resolved, 'utf8'))
        : new Set();
    if (!anchors.has(hash))
      problems.push({ file: where, link, problem: `no "#${hash}" in ${path.relative(root, resolved)}` });
  }
  return problems;
}

/** The link targets of a Markdown text (`[text](target)`, images too), code blocks and spans left out. */
export function markdownLinks(markdown) {
  const prose = markdown.replace(/^( *)(`{3,}|~{3,})[\s\S]*?^\1\2\s*$/gm, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

/** GitHub's ids for the headings of a Markdown text (`## State modules (\`@core/state\`)` → `state-modules-corestate`). */
export function githubAnchors(markdown) {
  const seen = new Map();
  const anchors = new Set();
  const prose = markdown.replace(/^( *)(`{3,}|~{3,})[\s\S]*?^\1\2\s*$/gm, '');
  for (const [, text] of prose.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = text
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

function siteIds(htmlFile) {
  if (!existsSync(htmlFile)) return new Set();
  return new Set([...readFileSync(htmlFile, 'utf8').matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
}

function isExternal(link) {
  return /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(link);
}

function splitLink(link) {
  const [withoutHash, hash = ''] = link.split('#');
  return [withoutHash.split('?')[0], decodeURIComponent(hash)];
}

function decodeEntities(text) {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function isFile(file) {
  return existsSync(file) && statSync(file).isFile();
}

function listFiles(dir, extension) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension))
    .map((entry) => path.join(entry.parentPath ?? entry.path, entry.name));
}
