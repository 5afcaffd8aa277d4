// The client bundle budget on its own: `node bench/sizeBudget.mjs` builds @core/react with its
// dependencies beyond React (as measure 8 does) and exits with 1 when the gzipped size of what a
// page loads up front is over; the chunks loaded later (dynamic `import()`) are listed apart.
// Needs the packages built (`npm run build`).
import { bundleSize, coreReactEntry } from './lib/bundle.mjs';
import { BUDGET } from './measures/bundleSize.mjs';

const { gzip, minified, packages, lazy } = await bundleSize('budget', coreReactEntry);
const largest = Object.entries(packages)
  .filter(([, bytes]) => bytes > 0)
  .sort((a, b) => b[1] - a[1])
  .map(([name, bytes]) => `${name} ${(bytes / 1000).toFixed(1)} kB`)
  .join(', ');
const verdict = gzip < BUDGET ? 'within' : 'OVER';
const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
const later = lazy
  .map(
    (chunk) =>
      `\n  ${chunk.name}: ${kB(chunk.gzip)} gzipped (${kB(chunk.minified)} minified): ${chunk.modules.join(', ')}`,
  )
  .join('');
console.log(
  `@core/react + deps, loaded up front: ${kB(gzip)} gzipped (${kB(minified)} minified), ${verdict} the ${BUDGET / 1000} kB budget.\nBy package (rendered, before minification): ${largest}.` +
    (lazy.length > 0 ? `\nLoaded on first use (not in the budget):${later}` : ''),
);
process.exitCode = gzip < BUDGET ? 0 : 1;
