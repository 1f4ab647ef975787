// The sample lines a parser documents in its header comment, for tests that feed them to the parser.
import { readFileSync } from 'node:fs';

const PARSERS = new URL('../../parsers/', import.meta.url);

function sourceLines(file: string): string[] {
  return readFileSync(new URL(file, PARSERS), 'utf8').split('\n');
}

/**
 * The `//   …` lines between "Sample lines" (or "Input:") and "Example:" in the header of `file`
 * (a path relative to parsers/, such as `./dmesg.ts`), without the comment prefix.
 */
export function headerSamples(file: string): string[] {
  const src = sourceLines(file);
  const start = src.findIndex((l) => /^\/\/ (?:Sample lines|Input:)/.test(l));
  const end = src.findIndex((l) => l.startsWith('// Example:'));
  return src
    .slice(start + 1, end)
    .filter((l) => l.startsWith('//   '))
    .map((l) => l.slice('//   '.length));
}

/**
 * Another sample block of `file`: the `prefix` lines after the first line matching `from`, up to the
 * first line without that prefix once some were read (e.g. a second, deeper-indented block).
 */
export function headerBlock(file: string, from: RegExp, prefix = '//   '): string[] {
  const src = sourceLines(file);
  const start = src.findIndex((l) => from.test(l));
  const out: string[] = [];
  for (const l of src.slice(start + 1)) {
    if (l.startsWith(prefix)) out.push(l.slice(prefix.length));
    else if (out.length > 0) break;
  }
  return out;
}
