// The prefilter changes how fast a scan is, never what it finds: a scan that skims gives exactly
// the scan of the full path (every line decoded and parsed), on the real fixtures and on generated
// kernel logs full of the shapes the cheap path must hand over (keywords, facts, clocks going
// back, carriage returns, caller ids, stray bytes, blank and continuation lines), cut into chunks
// at random places, with more lines than the anchors kept.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parserFor } from '../parsers/detect.ts';
import { LineSplitter, type Skimmer } from '../parsers/lines.ts';
import { PREFILTER_KEYWORDS } from '../parsers/rules.ts';
import type { KnownFormat } from '../parsers/types.ts';
import { dmesgCtimeLog, journalShortLog, kernelLog, klogLog } from '../test/support/kernel-log.ts';
import { Rng } from '../test/support/rng.ts';
import { MAX_ANCHORS } from './anchor-ring.ts';
import { finishScan, lineFeeder, SCAN_TUNING } from './engine.ts';
import { KeywordSearch } from './keyword-search.ts';
import { checkpoint, newScan, type SourceScan, scanLine } from './scan.ts';
import { skimmerFor } from './skim.ts';

afterEach(() => {
  SCAN_TUNING.skim = true;
});

function scanBytes(bytes: Uint8Array, format: KnownFormat, skim: boolean, cuts: number[] = []): SourceScan {
  SCAN_TUNING.skim = skim;
  const scan = newScan('f.log', format, bytes.length);
  const parser = parserFor(format);
  const feeder = lineFeeder(scan, parser);
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    feeder.push(bytes.subarray(at, cut));
    at = cut;
  }
  feeder.end();
  finishScan(scan, parser);
  return scan;
}

function randomCuts(r: Rng, length: number, n: number): number[] {
  return Array.from({ length: n }, () => r.int(0, length)).sort((a, b) => a - b);
}

describe('KeywordSearch', () => {
  const words = [...PREFILTER_KEYWORDS, 'Linux version ', 'libceph: client'];
  const search = new KeywordSearch(words);
  const byRegex = new RegExp(words.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const expected = (text: string, from: number) => {
    byRegex.lastIndex = from;
    return byRegex.exec(text)?.index ?? -1;
  };

  it('finds the first keyword at or after any position, as the regex alternation does', () => {
    const r = new Rng(11);
    const parts = [...words, ...words.map((w) => w.slice(0, -1)), ...words.map((w) => w.slice(1))];
    const noise = [
      'a',
      ' ',
      '  ',
      'hun',
      'g',
      '\u00e9',
      '\ufffd',
      'ceph',
      '"',
      '\\',
      '\n',
      '\r',
      'x'.repeat(20),
    ];
    for (let t = 0; t < 300; t++) {
      let text = '';
      for (let i = r.int(0, 25); i > 0; i--) text += r.chance(0.2) ? r.pick(parts) : r.pick(noise);
      for (let from = 0; from <= text.length; from++) {
        expect(search.next(text, from), `${JSON.stringify(text)} from ${from}`).toBe(expected(text, from));
      }
    }
  });

  it('finds the same keywords again when a search of the same text starts over', () => {
    const text = 'a\n[ 1.000000] ceph: mds0 hung\nb\n[ 2.000000] ceph: mds0 hung\n';
    const copy = `${text.slice(0, 10)}${text.slice(10)}`;
    for (const t of [text, copy, text]) {
      const found: number[] = [];
      for (let at = search.next(t, 0); at !== -1; at = search.next(t, at + 1)) found.push(at);
      expect(found).toEqual([text.indexOf(' hung'), text.lastIndexOf(' hung')]);
    }
    expect(search.next(text, text.lastIndexOf(' hung'))).toBe(text.lastIndexOf(' hung'));
    expect(search.next(text, 0)).toBe(text.indexOf(' hung'));
  });

  it('finds every keyword alone, at the start, at the end, and after a near miss', () => {
    for (const w of words) {
      expect(search.next(w, 0), w).toBe(0);
      expect(search.next(`zz ${w}`, 0), w).toBe(3);
      expect(search.next(`${w.slice(0, -1)} ${w}`, 0), w).toBe(expected(`${w.slice(0, -1)} ${w}`, 0));
      expect(search.next(`${w}${w}`, 1), w).toBe(expected(`${w}${w}`, 1));
    }
  });

  it('takes keywords of any length and characters, and refuses none or an empty one', () => {
    const odd = ['x', 'caf\u00e9 au lait', '\u2028\u2029', 'ab', '  two', 'long enough to hash'];
    const oddSearch = new KeywordSearch(odd);
    const oddRegex = new RegExp(odd.join('|'), 'g');
    const r = new Rng(5);
    for (let t = 0; t < 200; t++) {
      let text = '';
      for (let i = r.int(0, 12); i > 0; i--)
        text += r.pick([...odd, 'y', ' ', 'caf\u00e9', '\u2028', 'long enough']);
      for (let from = 0; from <= text.length; from++) {
        oddRegex.lastIndex = from;
        expect(oddSearch.next(text, from), JSON.stringify(text)).toBe(oddRegex.exec(text)?.index ?? -1);
      }
    }
    expect(() => new KeywordSearch([])).toThrow();
    expect(() => new KeywordSearch(['ok', ''])).toThrow();
  });
});

const FIXTURES = join(import.meta.dirname, '../test/fixtures');

describe('a scan that skims equals the full scan', () => {
  const formats = readdirSync(FIXTURES).filter((d) => d !== 'unrecognised' && d !== 'bad');
  it.each(formats)('on the %s fixtures, in any chunking', (format) => {
    const r = new Rng(format.length * 7919);
    for (const name of readdirSync(join(FIXTURES, format)).filter((n) => n.endsWith('.log'))) {
      const bytes = readFileSync(join(FIXTURES, format, name));
      const f = format as KnownFormat;
      const full = scanBytes(bytes, f, false);
      expect(scanBytes(bytes, f, true), name).toEqual(full);
      expect(scanBytes(bytes, f, true, randomCuts(r, bytes.length, 20)), name).toEqual(full);
      // Every fixture read as a raw dmesg too: the skim must hand over whatever dmesg does not read.
      expect(scanBytes(bytes, 'dmesg', true, randomCuts(r, bytes.length, 5)), name).toEqual(
        scanBytes(bytes, 'dmesg', false),
      );
    }
  });

  it('takes the cheap path for most lines of each format that has one', () => {
    const cases = [
      ['dmesg', kernelLog(new Rng(3), 2000), 1800],
      ['journal-short', journalShortLog(new Rng(9), 3000), 1500],
      ['journal-short-iso', journalShortLog(new Rng(9), 3000, 'iso'), 1500],
      ['klog', klogLog(new Rng(9), 3000), 2500],
      ['dmesg-ctime', dmesgCtimeLog(new Rng(9), 3000), 2400],
      ['syslog-rfc3164', journalShortLog(new Rng(9), 3000, 'syslog'), 1500],
    ] as const;
    for (const [format, text, least] of cases) {
      const bytes = new TextEncoder().encode(text);
      const scan = newScan('f.log', format, bytes.length);
      const skimmer = skimmerFor(format, scan) as Skimmer & { skimmed: number };
      const parser = parserFor(format);
      const splitter = new LineSplitter(
        (t, line, offset) => {
          checkpoint(scan, line, offset);
          scanLine(scan, parser.parseLine(t, line, offset), t, line);
        },
        { skim: skimmer },
      );
      for (let at = 0; at < bytes.length; at += 4096) splitter.push(bytes.subarray(at, at + 4096));
      splitter.end();
      finishScan(scan, parser);
      expect(scan, format).toEqual(scanBytes(bytes, format, false));
      expect(skimmer.skimmed, format).toBeGreaterThan(least);
    }
    const dmesg = scanBytes(new TextEncoder().encode(kernelLog(new Rng(3), 2000)), 'dmesg', true);
    expect(dmesg.events.length).toBeGreaterThan(10);
    expect(dmesg.boots.length).toBeGreaterThan(1);
  });

  it('on generated journals and syslog files with every awkward shape, past the anchors kept', () => {
    const r = new Rng(1130);
    for (const [mode, format] of [
      ['short', 'journal-short'],
      ['iso', 'journal-short-iso'],
      ['syslog', 'syslog-rfc3164'],
    ] as const) {
      for (const lines of [500, 3000, 2 * MAX_ANCHORS + 11]) {
        const bytes = new TextEncoder().encode(journalShortLog(r, lines, mode));
        const full = scanBytes(bytes, format, false);
        const skimmed = scanBytes(bytes, format, true, randomCuts(r, bytes.length, 100));
        expect(full.parsed, `${format}: most lines are entries`).toBeGreaterThan(lines * 0.9);
        expect(skimmed.anchors.length, `${format}, ${lines} lines`).toBe(full.anchors.length);
        expect(skimmed, `${format}, ${lines} lines`).toEqual(full);
      }
    }
  }, 60_000);

  it('on generated dmesg -T logs', () => {
    const r = new Rng(8);
    for (const lines of [300, 2 * MAX_ANCHORS + 5]) {
      const bytes = new TextEncoder().encode(dmesgCtimeLog(r, lines));
      const full = scanBytes(bytes, 'dmesg-ctime', false);
      expect(full.parsed).toBeGreaterThan(lines * 0.9);
      const skimmed = scanBytes(bytes, 'dmesg-ctime', true, randomCuts(r, bytes.length, 50));
      expect(skimmed.anchors.length).toBe(full.anchors.length);
      expect(skimmed, `${lines} lines`).toEqual(full);
    }
  }, 60_000);

  it('on generated klog files', () => {
    const r = new Rng(7);
    for (const lines of [300, 20_000]) {
      const bytes = new TextEncoder().encode(klogLog(r, lines));
      const full = scanBytes(bytes, 'klog', false);
      expect(full.parsed).toBeGreaterThan(lines * 0.9);
      expect(scanBytes(bytes, 'klog', true, randomCuts(r, bytes.length, 50)), `${lines} lines`).toEqual(full);
    }
  }, 60_000);

  it('on generated kernel logs with every awkward shape, past the anchors kept', () => {
    const r = new Rng(20261130);
    for (const lines of [300, MAX_ANCHORS + 1, MAX_ANCHORS + 7_777, 2 * MAX_ANCHORS + 1, 130_000]) {
      const bytes = new TextEncoder().encode(kernelLog(r, lines));
      const full = scanBytes(bytes, 'dmesg', false);
      const skimmed = scanBytes(bytes, 'dmesg', true, randomCuts(r, bytes.length, 200));
      expect(skimmed.anchors.length, `${lines} lines`).toBe(full.anchors.length);
      expect(skimmed, `${lines} lines`).toEqual(full);
    }
  }, 60_000);
});
