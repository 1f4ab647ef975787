// Issue 9: every parser of the registry, fed random and damaged lines, never throws, says one of
// the outcomes a parser may say about each line, keeps the provenance of each record (its line and
// byte offset), and says the same thing twice for the same input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS, parserFor } from '../../parsers/formats.ts';
import type { KnownFormat, LineOutcome, LogRecord } from '../../parsers/types.ts';
import { anyLine, fixtures, mutatedLine, params } from '../support/property.ts';

const ALL = fixtures();
const ALL_LINES = ALL.flatMap((f) => f.lines);
const OUTCOMES = new Set(['record', 'meta', 'continuation', 'part', 'blank', 'unparsed']);

/** What one parser said about a run of lines, in a form two runs can be compared by. */
interface Transcript {
  outcomes: LineOutcome[];
  finished: LogRecord[];
}

function run(format: KnownFormat, lines: readonly string[]): Transcript {
  const parser = parserFor(format);
  const outcomes: LineOutcome[] = [];
  let offset = 0;
  lines.forEach((text, i) => {
    outcomes.push(parser.parseLine(text, i + 1, offset));
    offset += new TextEncoder().encode(text).length + 1;
  });
  return { outcomes, finished: parser.finish?.() ?? [] };
}

/** Byte offset of each line start, as run() hands them out. */
function offsetsOf(lines: readonly string[]): number[] {
  const out: number[] = [];
  let offset = 0;
  for (const text of lines) {
    out.push(offset);
    offset += new TextEncoder().encode(text).length + 1;
  }
  return out;
}

/** The record kinds each format gives on its own fixtures: damage may lose records, never change their kind. */
const KINDS = new Map<KnownFormat, Set<string>>(
  FORMATS.map((f) => {
    const kinds = new Set<string>();
    for (const fx of ALL.filter((x) => x.format === f.id)) {
      const t = run(f.id, fx.lines);
      for (const o of t.outcomes)
        if (o.t === 'record') for (const r of [o.rec, ...(o.more ?? [])]) kinds.add(r.kind);
      for (const r of t.finished) kinds.add(r.kind);
    }
    return [f.id, kinds];
  }),
);

function checkRecord(format: KnownFormat, rec: LogRecord, line: number, offsets: readonly number[]) {
  expect(KINDS.get(format)?.has(rec.kind), `${format} gave a ${rec.kind} record`).toBe(true);
  expect(Number.isInteger(rec.line) && rec.line >= 1 && rec.line <= line, `record line ${rec.line}`).toBe(
    true,
  );
  // Provenance: a record starts at the byte offset of the line it names.
  expect(rec.offset).toBe(offsets[rec.line - 1]);
  expect(typeof rec.msg).toBe('string');
  // Every value survives JSON (the incident and the share link carry records' fields): no NaN,
  // no Infinity, nothing that is not plain data.
  expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
}

function checkTranscript(format: KnownFormat, lines: readonly string[], t: Transcript) {
  const offsets = offsetsOf(lines);
  expect(t.outcomes).toHaveLength(lines.length);
  t.outcomes.forEach((o, i) => {
    expect(OUTCOMES.has(o.t), `outcome ${o.t}`).toBe(true);
    if (o.t === 'record') for (const r of [o.rec, ...(o.more ?? [])]) checkRecord(format, r, i + 1, offsets);
    if (o.t === 'unparsed') expect(o.reason.trim()).not.toBe('');
    if (o.t === 'continuation') expect(typeof o.text).toBe('string');
  });
  for (const r of t.finished) checkRecord(format, r, lines.length, offsets);
}

/** A file's worth of lines: the format's own fixture lines damaged, other formats' lines, random text. */
function linesFor(format: KnownFormat): fc.Arbitrary<string[]> {
  const own = ALL.filter((f) => f.format === format).flatMap((f) => f.lines);
  const line = fc.oneof(
    ...(own.length > 0 ? [{ arbitrary: mutatedLine(own), weight: 6 }] : []),
    { arbitrary: mutatedLine(ALL_LINES), weight: 2 },
    { arbitrary: anyLine(), weight: 2 },
  );
  return fc.array(line, { maxLength: 30 });
}

describe('every parser on random and damaged lines', () => {
  it('covers every registered format, each with fixtures to damage', () => {
    expect(FORMATS.length).toBeGreaterThanOrEqual(38);
    for (const f of FORMATS) expect(KINDS.get(f.id)?.size, f.id).toBeGreaterThan(0);
  });

  FORMATS.forEach((spec, n) => {
    it(`${spec.id}: never throws, allowed outcomes, provenance kept, same input same output`, {
      timeout: 60_000,
    }, () => {
      fc.assert(
        fc.property(linesFor(spec.id), (lines) => {
          const first = run(spec.id, lines);
          checkTranscript(spec.id, lines, first);
          expect(run(spec.id, lines)).toEqual(first);
        }),
        params(9100 + n, 120),
      );
    });
  });
});

describe('every parser on every fixture line cut at every position', () => {
  // Exhaustive rather than sampled: the fixtures are small (about 160 KB in all), and a cut is the
  // damage a pasted or rotated log shows most often. Each prefix goes to a fresh parser after the
  // whole line before it in its fixture, so the multi-line formats meet the cut inside a record.
  for (const spec of FORMATS) {
    it(`${spec.id}`, { timeout: 60_000 }, () => {
      for (const fx of ALL.filter((f) => f.format === spec.id)) {
        fx.lines.forEach((line, i) => {
          for (let cut = 0; cut <= line.length; cut++) {
            const lines = [...fx.lines.slice(Math.max(0, i - 1), i), line.slice(0, cut)];
            checkTranscript(spec.id, lines, run(spec.id, lines));
          }
        });
      }
    });
  }
});
