// Issue 9: the format detector on random heads and paths never throws, always answers a known
// format with a reason, is deterministic, reads only its window (200 lines of the first 64 KiB),
// and a real fixture with some garbage lines after it keeps its format.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCEPT_SCORE, detectFormat, SNIFF_BYTES, SNIFF_LINES } from '../../parsers/detect.ts';
import { FORMAT_IDS } from '../../parsers/types.ts';
import { anyBytes, anyLine, fixtures, mutatedLine, params } from '../support/property.ts';

const ALL = fixtures();
const ALL_LINES = ALL.flatMap((f) => f.lines);
const FORMAT_SET = new Set<string>(FORMAT_IDS);

/** Text that cannot make a head look binary (no NUL, no control character, no U+FFFD). */
const printableLine = anyLine(80).filter(
  (s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f' || c === '\ufffd'),
);

const anyHead = fc.oneof(
  fc.array(fc.oneof(anyLine(), mutatedLine(ALL_LINES)), { maxLength: 40 }).map((l) => l.join('\n')),
  anyBytes(2048).map((b) => new TextDecoder().decode(b)),
  fc.string({ unit: 'binary', maxLength: 300 }),
);
const anyPath = fc.oneof(
  fc.constantFrom(undefined, '', '/', 'dmesg', 'journal.log', 'kubelet.log', 'a/b/messages', 'x\\date.txt'),
  anyLine(40),
);

describe('detectFormat on random heads and paths', () => {
  it('never throws, answers a known format with a reason and ranked candidates, the same each time', () => {
    fc.assert(
      fc.property(anyHead, anyPath, (head, path) => {
        const d = detectFormat(head, path);
        expect(FORMAT_SET.has(d.format), d.format).toBe(true);
        expect(d.reason.trim()).not.toBe('');
        expect(d.score).toBeGreaterThanOrEqual(0);
        expect(d.score).toBeLessThanOrEqual(1);
        if (d.format !== 'unrecognised') expect(d.score).toBeGreaterThanOrEqual(ACCEPT_SCORE);
        for (let i = 1; i < d.candidates.length; i++)
          expect(d.candidates[i - 1]?.score ?? 0).toBeGreaterThanOrEqual(d.candidates[i]?.score ?? 0);
        expect(detectFormat(head, path)).toEqual(d);
      }),
      params(9200, 400),
    );
  });

  it('reads nothing after its first 200 lines', () => {
    // The tail holds no control characters: the binary check looks at all of the first 64 KiB,
    // so a NUL after line 200 does turn the head into "binary data", by design.
    const head = fc.array(fc.oneof(mutatedLine(ALL_LINES), printableLine), {
      minLength: SNIFF_LINES,
      maxLength: SNIFF_LINES,
    });
    fc.assert(
      fc.property(
        head,
        fc.array(printableLine, { minLength: 1, maxLength: 20 }),
        anyPath,
        (lines, tail, path) => {
          const window = `${lines.join('\n')}\n`;
          expect(detectFormat(window + tail.join('\n'), path)).toEqual(detectFormat(window, path));
        },
      ),
      params(9201, 150),
    );
  });

  it('reads nothing after its first 64 KiB, whatever comes there', () => {
    const fixture = ALL.find((f) => f.bytes.length > 4096) ?? ALL[0];
    const text = new TextDecoder().decode(fixture?.bytes);
    const big = text.repeat(Math.ceil(SNIFF_BYTES / text.length) + 1).slice(0, SNIFF_BYTES);
    const expected = detectFormat(big, fixture?.name);
    fc.assert(
      fc.property(anyBytes(512), (tail) => {
        expect(detectFormat(big + new TextDecoder().decode(tail), fixture?.name)).toEqual(expected);
      }),
      params(9202, 50),
    );
  });
});

describe('a fixture with garbage lines after it keeps its format', () => {
  // The detector scores (records + markers) / (those + unparsed lines), so garbage lowers the
  // winner's score: from 1 it stays at or above 0.8 when at most a quarter as many garbage lines
  // follow. The property holds for the fixtures that score 1 with no other format at 1. It does
  // not hold, by the arithmetic, for fixtures scoring below 1 (host-date, host-uname and
  // klog-json fixtures score 2/3 and fall under 0.6 after one or two garbage lines), nor for ties
  // broken by registry order or file name: `[ 18.754670] localhost systemd[1]: …` is both
  // journal-short-monotonic and raw dmesg, and one indented garbage line, a continuation to dmesg
  // but an unparsed line to every journal parser, tips such a file over to dmesg (see the report
  // of issue 9). Garbage without control characters, since a NUL anywhere makes the head binary.
  const clear = ALL.filter((fx) => {
    const d = detectFormat(new TextDecoder().decode(fx.bytes), fx.name);
    return d.format === fx.format && d.score === 1 && (d.candidates[1]?.score ?? 0) < 1;
  });

  it('holds for enough fixtures to mean something', () => {
    expect(clear.length).toBeGreaterThanOrEqual(40);
  });

  it('for every such fixture', () => {
    const cases = fc
      .constantFrom(...clear)
      .chain((fx) =>
        fc.tuple(
          fc.constant(fx),
          fc.array(printableLine, { maxLength: Math.floor(Math.min(fx.lines.length, SNIFF_LINES) / 4) }),
        ),
      );
    fc.assert(
      fc.property(cases, ([fx, garbage]) => {
        const head = `${[...fx.lines.slice(0, SNIFF_LINES), ...garbage].join('\n')}\n`;
        expect(detectFormat(head, fx.name).format).toBe(fx.format);
      }),
      params(9203, 600),
    );
  });
});
