// `npm run bench`: thirteen measures of the framework, each beside a baseline measured in the same
// run, then the runtime micro-benchmarks. Prints a Markdown table and writes bench/results.json.
//
//   node bench/run.mjs [--only 1,4] [--profile] [--no-micro] [--readme] [--out file]
//
// --profile  writes CPU profiles of the core server processes to bench/.profiles/
// --readme   replaces the table between the bench markers in README.md and the docs' Benchmarks page
// Servers and clients run in child processes on 127.0.0.1; every child is killed when the run
// ends, and the run gives up after a fixed time.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { childDefaults, killAll, profilesDir } from './lib/children.mjs';
import { describeMachine, markdownTable, toJson } from './lib/report.mjs';
import bundleSize from './measures/bundleSize.mjs';
import catchUpBytes from './measures/catchUpBytes.mjs';
import collectionChange from './measures/collectionChange.mjs';
import devServer from './measures/devServer.mjs';
import fanOut from './measures/fanOut.mjs';
import interactivity from './measures/interactivity.mjs';
import memory from './measures/memory.mjs';
import peerColyseus from './measures/peerColyseus.mjs';
import redisManager from './measures/redisManager.mjs';
import roundTrip from './measures/roundTrip.mjs';
import scaleOut from './measures/scaleOut.mjs';
import throughput from './measures/throughput.mjs';
import wireBytes from './measures/wireBytes.mjs';
import { runMicro } from './micro.mjs';

const MEASURES = [
  roundTrip,
  throughput,
  wireBytes,
  interactivity,
  memory,
  redisManager,
  devServer,
  bundleSize,
  catchUpBytes,
  peerColyseus,
  scaleOut,
  fanOut,
  collectionChange,
];
const MEASURE_TIMEOUT = 5 * 60_000;
const RUN_TIMEOUT = 20 * 60_000;
const benchDir = path.dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    micro: { type: 'boolean', default: true },
    readme: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(benchDir, 'results.json') },
  },
  allowNegative: true,
});

const giveUp = setTimeout(() => {
  console.error(`The bench run took longer than ${RUN_TIMEOUT / 60_000} min; stopping.`);
  killAll();
  process.exit(1);
}, RUN_TIMEOUT);
giveUp.unref();

if (args.profile) {
  mkdirSync(profilesDir, { recursive: true });
  childDefaults.profileDir = profilesDir;
}
const only = args.only ? new Set(args.only.split(',').map(Number)) : undefined;
const machine = describeMachine();
console.log(`# Benchmarks\n\n${machine}\n`);

const results = [];
for (const measure of MEASURES) {
  if (only && !only.has(measure.id)) continue;
  const started = performance.now();
  process.stderr.write(`measure ${measure.id}: ${measure.name} … `);
  const base = { id: measure.id, name: measure.name, unit: measure.unit, goal: measure.goal };
  try {
    const result = await withTimeout(measure.run(), MEASURE_TIMEOUT, `measure ${measure.id}`);
    results.push({ ...base, ...result });
    process.stderr.write(`${result.met ? 'met' : 'missed'} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    killAll();
    results.push({ ...base, met: false, error: error instanceof Error ? error.message : String(error) });
    process.stderr.write(`failed: ${error instanceof Error ? error.message : error}\n`);
  }
}

const table = markdownTable(results);
console.log(`\n${table}\n`);
console.log(`${results.filter((r) => r.met).length} of ${results.length} goals met.`);
writeFileSync(args.out, `${JSON.stringify(toJson(results), null, 2)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), args.out)}.`);
if (args.readme) updateReadme(table);

if (args.micro && !only) {
  console.log('\n## Runtime micro-benchmarks (issue 2)\n');
  console.log(microTable(await runMicro()));
}
clearTimeout(giveUp);
process.exit(results.every((r) => !r.error) ? 0 : 1);

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function microTable(rows) {
  const lines = ['| measure | value | baseline | ratio | goal |', '|---|---|---|---|---|'];
  for (const r of rows) {
    const ratio = r.value / r.baseline;
    const goal = r.goal === undefined ? '' : `≤ ${r.goal} (${ratio <= r.goal ? 'met' : 'missed'})`;
    lines.push(
      `| ${r.name} | ${r.value.toFixed(2)} ${r.unit} | ${r.baseline.toFixed(2)} ${r.unit} (${r.baselineName}) | ${ratio.toFixed(4)} | ${goal} |`,
    );
  }
  return lines.join('\n');
}

/** Puts the table and the machine line between `<!-- bench:start -->` and `<!-- bench:end -->` of each page that shows it. */
function updateReadme(markdown) {
  const body = `<!-- bench:start -->\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n\n${markdown}\n`;
  for (const page of ['README.md', 'docs/contributing/benchmarks.md']) {
    const file = path.join(benchDir, '..', page);
    const text = readFileSync(file, 'utf8');
    const start = text.indexOf('<!-- bench:start -->');
    const end = text.indexOf('<!-- bench:end -->');
    if (start < 0 || end < start) {
      console.error(`${page} has no <!-- bench:start --> … <!-- bench:end --> markers; not updated.`);
      continue;
    }
    writeFileSync(file, text.slice(0, start) + body + text.slice(end));
    console.log(`Updated ${page}.`);
  }
}
