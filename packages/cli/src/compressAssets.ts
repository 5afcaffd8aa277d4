import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

/** Text files worth compressing; images and fonts are compressed already. */
const TEXT = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.svg',
  '.json',
  '.map',
  '.txt',
  '.xml',
  '.webmanifest',
  '.wasm',
]);
/** Below this a compressed copy saves less than a packet. */
const MIN_BYTES = 1_024;

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of a built client, kept only when
 * smaller than the file. The server sends one of them to a browser that accepts that encoding, so
 * compression costs nothing per request. Returns how many files were compressed.
 */
export async function compressAssets(dir: string): Promise<number> {
  const files = listFiles(dir).filter((file) => TEXT.has(path.extname(file)) && statSync(file).size >= MIN_BYTES);
  await Promise.all(
    files.map(async (file) => {
      const source = readFileSync(file);
      const [br, gzipped] = await Promise.all([
        brotli(source, {
          params: {
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
          },
        }),
        gz(source, { level: 9 }),
      ]);
      if (br.length < source.length) writeFileSync(`${file}.br`, br);
      if (gzipped.length < source.length) writeFileSync(`${file}.gz`, gzipped);
    }),
  );
  return files.length;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(full);
    return entry.isFile() ? [full] : [];
  });
}
