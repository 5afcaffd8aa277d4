// The client bundle budget on its own: `node bench/sizeBudget.mjs` builds @core/react with its
// dependencies beyond React (as measure 8 does) and exits with 1 when the gzipped size is over.
// Needs the packages built (`npm run build`).
import { bundleSize, coreReactEntry } from './lib/bundle.mjs';
import { BUDGET } from './measures/bundleSize.mjs';

const { gzip, minified, packages } = await bundleSize('budget', coreReactEntry);
const largest = Object.entries(packages)
  .filter(([, bytes]) => bytes > 0)
  .sort((a, b) => b[1] - a[1])
  .map(([name, bytes]) => `${name} ${(bytes / 1000).toFixed(1)} kB`)
  .join(', ');
const verdict = gzip < BUDGET ? 'within' : 'OVER';
console.log(
  `@core/react + deps: ${(gzip / 1000).toFixed(1)} kB gzipped (${(minified / 1000).toFixed(1)} kB minified), ${verdict} the ${BUDGET / 1000} kB budget.\nBy package (rendered, before minification): ${largest}.`,
);
process.exitCode = gzip < BUDGET ? 0 : 1;
