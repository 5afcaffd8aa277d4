// Summarises a V8 CPU profile written by `node bench/run.mjs --profile` (or `node --cpu-prof`):
// self time by package / file and the hottest functions.
//
//   node bench/profileSummary.mjs bench/.profiles/m2-core-server-….cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true,
});
if (positionals.length === 0) {
  console.error('usage: node bench/profileSummary.mjs <file.cpuprofile> [--top N]');
  process.exit(2);
}
const top = Number(values.top);

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map();
  // Each sample is one interval of `timeDeltas`: attribute it to the sampled node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byPackage = new Map();
  const byFunction = new Map();
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const where = locationOf(callFrame.url);
    byPackage.set(where, (byPackage.get(where) ?? 0) + us);
    const key = `${callFrame.functionName || '(anonymous)'}  ${where}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
  console.log(`\n${file}: ${(total / 1000).toFixed(0)} ms sampled\n\nSelf time by package:`);
  for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${name}`);
  console.log('\nHottest functions (self time):');
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${pct(us)}  ${name}`);

  // Inclusive time: a function's own samples and those of everything it called, counted once
  // per call path even when it recurses. Shown as a share of the busy (non-idle) time.
  const busy =
    total -
    [...self].filter(([id]) => byId.get(id).callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const inclusive = new Map();
  const onPath = new Map();
  const visit = (node) => {
    const { callFrame } = node;
    const key = `${callFrame.functionName || '(anonymous)'}  ${locationOf(callFrame.url)}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
    const counted = !onPath.get(key);
    onPath.set(key, (onPath.get(key) ?? 0) + 1);
    let sum = self.get(node.id) ?? 0;
    for (const child of node.children ?? []) sum += visit(byId.get(child));
    onPath.set(key, onPath.get(key) - 1);
    if (counted) inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    return sum;
  };
  visit(profile.nodes[0]);
  const skip = /^\((root|program|idle|garbage collector)\)/;
  console.log(`\nInclusive time, share of busy time (${(busy / 1000).toFixed(0)} ms):`);
  for (const [name, us] of [...inclusive]
    .filter(([name]) => !skip.test(name))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)) {
    console.log(`${((100 * us) / busy).toFixed(1).padStart(5)} %  ${name}`);
  }
}

/** `@core/state/app.js`, `socket.io`, `node:internal/…`, or `(program)` for a script URL. */
function locationOf(url) {
  if (!url) return '(native / program / gc)';
  const modules = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (modules) return modules[1];
  const workspace = url.match(/packages\/([^/]+)\/dist\/(.+)$/);
  if (workspace) return `@core/${workspace[1]}/${workspace[2]}`;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  return url.replace(/^file:\/\/.*\/bench\//, 'bench/');
}
