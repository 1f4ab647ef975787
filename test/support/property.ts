// Shared pieces of the property tests (test/property/, issue 9): the run settings, the real
// fixtures as bytes and lines, and the arbitraries that break them (random text with every kind of
// awkward character, fixture lines mutated the ways real logs get damaged).
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { InputFile } from '../../workers/api.ts';

/**
 * fast-check settings for one property: its own fixed seed and run count, so that CI runs the
 * same cases every time. `FC_SEED` and `FC_RUNS` replace them for every property of a run (to
 * explore further locally: `FC_SEED=$RANDOM FC_RUNS=2000 npx vitest run test/property/parsers.test.ts`).
 * A failure prints its seed and counterexample path; rerun with that `FC_SEED` to reproduce it.
 */
export function params(seed: number, numRuns: number): { seed: number; numRuns: number } {
  const envSeed = Number.parseInt(process.env.FC_SEED ?? '', 10);
  const envRuns = Number.parseInt(process.env.FC_RUNS ?? '', 10);
  return {
    seed: Number.isFinite(envSeed) ? envSeed : seed,
    numRuns: Number.isFinite(envRuns) && envRuns > 0 ? envRuns : numRuns,
  };
}

const FIXTURES = new URL('../fixtures/', import.meta.url);

export interface Fixture {
  /** The folder: the format the fixture is detected as (`unrecognised` for the negative one). */
  format: string;
  name: string;
  bytes: Uint8Array;
  /** Physical lines as the line splitter gives them (no `\n`, one trailing `\r` removed). */
  lines: string[];
}

/** Every `test/fixtures/<format>/*.log`, in a fixed order. */
export function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const format of readdirSync(FIXTURES).sort()) {
    const dir = new URL(`${format}/`, FIXTURES);
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith('.log')) continue;
      const bytes = new Uint8Array(readFileSync(new URL(name, dir)));
      out.push({ format, name, bytes, lines: physicalLines(new TextDecoder().decode(bytes)) });
    }
  }
  return out;
}

function physicalLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** Lines a splitter makes of `bytes`: one per `\n`, plus a last one without it. */
export function lineCount(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a ? n + 1 : n;
}

export const inputFile = (path: string, ...parts: Uint8Array[]): InputFile => ({
  path,
  // A Node Blob streams one chunk per part (larger parts in 64 KiB pieces): parts are a chunking.
  blob: new Blob(parts as Uint8Array<ArrayBuffer>[]),
});

/** `bytes` cut into parts at the given positions (any order, repeats and out-of-range ones allowed). */
export function chunked(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const at = [...new Set(cuts.map((c) => Math.min(bytes.length, Math.max(0, c))))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) parts.push(bytes.slice(from, c));
    from = c;
  }
  return parts;
}

// --- text ------------------------------------------------------------------------------------

/** Characters that break hand-written readers: controls, NUL, CR, separators, BOM, lone surrogates. */
const AWKWARD = [
  '\0',
  '\r',
  '\t',
  '\v',
  '\f',
  '\x1b',
  '\x7f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '😀',
  ' ',
  '  ',
  ':',
  '[',
  ']',
  '{',
  '}',
  '"',
  '=',
  '.',
  ',',
  '-',
  '+',
  '0',
  '9',
];

/** One UTF-16 unit or character of any kind, lone surrogates included, biased to the awkward ones. */
export const anyChar: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...AWKWARD), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 2 },
  { arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), weight: 3 },
);

/** A string of any characters (never a `\n`: a parser is fed one physical line). */
export const anyLine = (maxLength = 200): fc.Arbitrary<string> =>
  fc.string({ unit: anyChar, maxLength }).map((s) => s.replaceAll('\n', ' '));

/** Random bytes; biased toward text-like bytes and newlines so that some lines come out. */
export const anyBytes = (maxLength = 4096): fc.Arbitrary<Uint8Array> =>
  fc.oneof(
    fc.uint8Array({ maxLength }),
    fc
      .array(
        fc.oneof(
          { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 6 },
          { arbitrary: fc.constantFrom(0x0a, 0x0d, 0x00, 0x09, 0xef, 0xbb, 0xbf, 0xc3, 0xff), weight: 2 },
          { arbitrary: fc.integer({ min: 0, max: 255 }), weight: 1 },
        ),
        { maxLength },
      )
      .map((a) => Uint8Array.from(a)),
  );

// --- mutations of real lines -----------------------------------------------------------------

/**
 * Pieces that mean something to some format: escapes (kmsg `\xNN`, syslog `#012`, JSON `\u`),
 * quotes, brackets, separators, stamps. Inserted whole, they reach the branches that decode them.
 */
const PIECES = [
  '\\x',
  '\\xff',
  '\\xc3',
  '\\xc3\\xa9',
  '\\x0a',
  '\\x1',
  '#012',
  '#01',
  '#',
  '\\u',
  '\\ud800',
  '\\u00e9',
  '\\',
  '\\"',
  '"',
  "'",
  '{',
  '}',
  '[]',
  '{"a":[1,{"b":null}]}',
  ': ',
  ']: ',
  '=',
  ' KEY=value',
  ';',
  ',',
  '<',
  '>',
  '<999>',
  '[ 0.000000]',
  '[-1.5]',
  '[99999999999999999999.1]',
  '1e999',
  '-0',
  'NaN',
  '2019-02-29T24:60:61.9999999999+99:99',
  'Feb 30 25:61:61',
  '99999999999999999999',
  '\u001e',
  '  ',
];

export type Mutation =
  | { kind: 'piece'; at: number; piece: string }
  | { kind: 'cut'; at: number }
  | { kind: 'replace'; at: number; ch: string }
  | { kind: 'insert'; at: number; ch: string }
  | { kind: 'delete'; at: number }
  | { kind: 'digit'; nth: number; digit: string }
  | { kind: 'drop-field'; nth: number }
  | { kind: 'duplicate-field'; nth: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('piece' as const), at: fc.nat(), piece: fc.constantFrom(...PIECES) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), ch: anyChar }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), ch: anyChar }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('digit' as const),
    nth: fc.nat(),
    digit: fc.constantFrom('0', '1', '9', '99', '', '-', '.', 'x'),
  }),
  fc.record({ kind: fc.constant('drop-field' as const), nth: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-field' as const), nth: fc.nat() }),
);

/** `line` with one mutation applied; positions wrap around the line's length. */
export function mutate(line: string, m: Mutation): string {
  const pos = (n: number, len: number) => (len === 0 ? 0 : n % (len + 1));
  switch (m.kind) {
    case 'piece': {
      const at = pos(m.at, line.length);
      return line.slice(0, at) + m.piece + line.slice(at);
    }
    case 'cut':
      return line.slice(0, pos(m.at, line.length));
    case 'replace': {
      const at = pos(m.at, line.length);
      return line.slice(0, at) + m.ch + line.slice(at + 1);
    }
    case 'insert': {
      const at = pos(m.at, line.length);
      return line.slice(0, at) + m.ch + line.slice(at);
    }
    case 'delete': {
      const at = pos(m.at, line.length);
      return line.slice(0, at) + line.slice(at + 1);
    }
    case 'digit': {
      const digits = [...line.matchAll(/\d/g)];
      const hit = digits.length === 0 ? undefined : digits[m.nth % digits.length];
      if (hit?.index === undefined) return line;
      return line.slice(0, hit.index) + m.digit + line.slice(hit.index + 1);
    }
    case 'drop-field':
    case 'duplicate-field': {
      const fields = line.split(' ');
      const i = m.nth % fields.length;
      if (m.kind === 'drop-field') fields.splice(i, 1);
      else fields.splice(i, 0, fields[i] ?? '');
      return fields.join(' ');
    }
  }
}

/** A line of `lines` with one to three mutations (none sometimes: the real line itself). */
export const mutatedLine = (lines: readonly string[]): fc.Arbitrary<string> =>
  fc
    .record({ i: fc.nat(lines.length - 1), edits: fc.array(mutation, { maxLength: 3 }) })
    .map(({ i, edits }) => edits.reduce(mutate, lines[i] ?? '').replaceAll('\n', ' '));

/** `bytes` with up to `max` bytes replaced (positions wrap around the length). */
export const byteMutations = (max = 4): fc.Arbitrary<{ at: number; value: number }[]> =>
  fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), {
    minLength: 1,
    maxLength: max,
  });

export function withBytes(bytes: Uint8Array, edits: readonly { at: number; value: number }[]): Uint8Array {
  const out = bytes.slice();
  if (out.length === 0) return out;
  for (const e of edits) out[e.at % out.length] = e.value;
  return out;
}
