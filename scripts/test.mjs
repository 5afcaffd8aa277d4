// `npm test`: typecheck, lint, the docs build, unit and integration tests (Vitest), end-to-end tests
// (Playwright), then one line with the totals of every suite. Exit code 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const cache = path.join(root, 'node_modules', '.cache', 'core-test');
mkdirSync(cache, { recursive: true });
const totals = { passed: 0, failed: 0 };
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${[path.basename(command), ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

// 1. Typecheck and build (the e2e servers run the built packages).
const built = run('typecheck + build', bin('tsc'), ['-b']);
totals[built ? 'passed' : 'failed'] += 1;

// 1b. Lint and formatting (Biome).
const linted = run('lint', bin('biome'), ['check', '.']);
totals[linted ? 'passed' : 'failed'] += 1;

// 2. Build the apps the end-to-end tests serve.
const appsBuilt = run('build apps', bin('turbo'), ['run', 'build', '--output-logs=errors-only'], {
  TURBO_TELEMETRY_DISABLED: '1',
});
totals[appsBuilt ? 'passed' : 'failed'] += 1;

// 2b. The docs site: every guide example compiled, the site built into docs/dist, links checked.
const docsBuilt = run('docs', process.execPath, [path.join(root, 'scripts', 'docs', 'build.mjs')]);
totals[docsBuilt ? 'passed' : 'failed'] += 1;

// 3. Vitest: unit and integration tests of every package.
const vitestJson = path.join(cache, 'vitest.json');
rmSync(vitestJson, { force: true });
run('vitest', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const vitest = readJson(vitestJson);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests + (vitest.numTotalTestSuites > 0 ? countFailedSuites(vitest) : 0);
} else {
  totals.failed += 1;
}

// 4. Playwright: end-to-end tests against real servers in Debian's Chromium.
if (existsSync(path.join(root, 'playwright.config.ts'))) {
  const pwJson = path.join(cache, 'playwright.json');
  rmSync(pwJson, { force: true });
  run('playwright', bin('playwright'), ['test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
  const pw = readJson(pwJson);
  if (pw?.stats) {
    totals.passed += pw.stats.expected + pw.stats.flaky;
    if (pw.stats.flaky > 0)
      console.log(`\nPlaywright: ${pw.stats.flaky} flaky spec(s) passed only on their retry (see above).`);
    totals.failed += pw.stats.unexpected + (pw.errors?.length ?? 0);
    // A skipped test is not a pass; in CI it is a failure (a missing service must not hide).
    if (process.env.CI) totals.failed += pw.stats.skipped;
  } else {
    totals.failed += 1;
  }
}

/** Test files that failed to load count as failures even though no test in them ran. */
function countFailedSuites(report) {
  return report.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0).length;
}

console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 ? 1 : 0);
