/** A source map (version 3) as Vite and Rolldown accept it from a `transform` hook. */
export interface SourceMapV3 {
  readonly version: 3;
  readonly sources: string[];
  readonly sourcesContent: string[];
  readonly names: string[];
  readonly mappings: string;
}

/** Maps one generated line (0-based) to the position of `originalOffset` in the source. */
export interface LineMapping {
  readonly generatedLine: number;
  readonly originalOffset: number;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * Builds a source map that points whole generated lines back to places in the source: enough
 * for devtools to open the original `defineState` call from a line of the browser stub.
 * Lines without a mapping map to nothing.
 */
export function createLineSourceMap(
  source: string,
  sourceCode: string,
  generatedLineCount: number,
  mappings: readonly LineMapping[],
): SourceMapV3 {
  const lineStarts = [0];
  for (let i = 0; i < sourceCode.length; i++) if (sourceCode.charCodeAt(i) === 10) lineStarts.push(i + 1);

  const byLine = new Map(mappings.map((mapping) => [mapping.generatedLine, mapping.originalOffset]));
  const lines: string[] = [];
  let previousLine = 0;
  let previousColumn = 0;
  for (let generatedLine = 0; generatedLine < generatedLineCount; generatedLine++) {
    const offset = byLine.get(generatedLine);
    if (offset === undefined) {
      lines.push('');
      continue;
    }
    const line = lineIndex(lineStarts, offset);
    const column = offset - lineStarts[line];
    // Segment: generated column 0, source 0, then line and column relative to the previous segment.
    lines.push(encode(0) + encode(0) + encode(line - previousLine) + encode(column - previousColumn));
    previousLine = line;
    previousColumn = column;
  }
  return { version: 3, sources: [source], sourcesContent: [sourceCode], names: [], mappings: lines.join(';') };
}

/** The 0-based line that contains `offset`, by binary search over line start offsets. */
function lineIndex(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Base64 VLQ encoding of one signed integer, as source map `mappings` use it. */
function encode(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = rest & 31;
    rest >>>= 5;
    if (rest > 0) digit |= 32;
    out += BASE64[digit];
  } while (rest > 0);
  return out;
}
