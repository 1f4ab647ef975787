// Detection of the fixtures under test/fixtures/<format>/, through the engine's own detectFormat
// (every format is registered in parsers/formats.ts), for the parser tests.
import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ACCEPT_SCORE, detectFormat, SNIFF_BYTES } from '../../parsers/detect.ts';
import type { Detection, KnownFormat } from '../../parsers/types.ts';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** The `.log` files of test/fixtures/<dir>/, by name (none when the folder does not exist). */
export function fixtureFiles(dir: string): string[] {
  if (!readdirSync(FIXTURES).includes(dir)) return [];
  return readdirSync(new URL(`${dir}/`, FIXTURES)).filter((f) => f.endsWith('.log'));
}

/** `[dir, file]` for every `.log` fixture of the given folders, for `it.each`. */
export function fixtureCases(dirs: readonly string[]): [string, string][] {
  return dirs.flatMap((dir) => fixtureFiles(dir).map((file): [string, string] => [dir, file]));
}

/** The whole text of test/fixtures/<dir>/<file>. */
export function readFixture(dir: string, file: string): string {
  return readFileSync(new URL(`${dir}/${file}`, FIXTURES), 'utf8');
}

/**
 * detectFormat on the head of test/fixtures/<dir>/<file> as the engine reads it (the first 64 KiB,
 * decoded), under the name `path`: the fixture's own file name unless given, `null` for none.
 */
export function detectFixture(dir: string, file: string, path: string | null = file): Detection {
  const bytes = readFileSync(new URL(`${dir}/${file}`, FIXTURES));
  const head = new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES));
  return detectFormat(head, path ?? undefined);
}

/** The score `format` got; 0 when it was not tried (it needs a file name that suggests it). */
export function scoreOf(d: Detection, format: KnownFormat): number {
  return d.candidates.find((c) => c.format === format)?.score ?? 0;
}

/** The formats that share the best score, in ranking (= registry) order. */
export function topFormats(d: Detection): KnownFormat[] {
  const best = d.candidates[0]?.score ?? 0;
  return best === 0 ? [] : d.candidates.filter((c) => c.score === best).map((c) => c.format);
}

/** Asserts that test/fixtures/<dir>/<file>, under its own name, is detected as `dir`, alone at the top. */
export function expectOwnFormat(dir: string, file: string): Detection {
  const d = detectFixture(dir, file);
  expect(d.format).toBe(dir);
  expect(d.score).toBeGreaterThanOrEqual(ACCEPT_SCORE);
  expect(topFormats(d)).toEqual([dir]);
  return d;
}

/** Asserts that none of `formats` would take test/fixtures/<dir>/<file> (each scores below acceptance). */
export function expectNotTakenBy(dir: string, file: string, formats: readonly KnownFormat[]): Detection {
  const d = detectFixture(dir, file);
  for (const id of formats) expect(scoreOf(d, id), id).toBeLessThan(ACCEPT_SCORE);
  return d;
}
