// `npm run bench`: prints each figure beside a baseline measured in the same run.
import os from 'node:os';
import { runMicro } from './micro.mjs';

function table(rows) {
  const lines = ['| measure | value | baseline | ratio |', '|---|---|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${r.value.toFixed(2)} ${r.unit} | ${r.baseline.toFixed(2)} ${r.unit} (${r.baselineName}) | ${(r.value / r.baseline).toFixed(4)} |`,
    );
  }
  return lines.join('\n');
}

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} ×${os.cpus().length}, Node ${process.version}`;
console.log(`# Benchmarks (${machine})\n`);
console.log('## Runtime micro-benchmarks\n');
console.log(table(await runMicro()));
