// A file cut into parts and scanned part by part gives the scan of one reading of the file: cuts at
// line starts only, the parts' line numbers joined, the boot a part begins in decided from the part
// before (a reboot, a small step back on a `Linux version` line, or the same boot going on), the
// anchors kept as one scan keeps them, and the log volume's buckets joined. Only the sparse index
// (checkpoints) is spaced differently where parts meet; it must still point at line starts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kernelLog } from '../test/support/kernel-log.ts';
import { Rng } from '../test/support/rng.ts';
import { MAX_ANCHORS } from './anchor-ring.ts';
import { analyzeFiles, type FilePart, type PlainFile, scanPlainFile } from './engine.ts';
import type { SourceScan } from './scan.ts';
import { cutPoints, filePartsOf, joinParts } from './split.ts';

const detection = { format: 'dmesg', reason: 'test' } as const;
const plan = { layout: 'plain', analyse: true } as PlainFile['plan'];

function fileOf(bytes: Uint8Array): PlainFile {
  return { path: 'node-1/dmesg.log', blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), plan };
}

async function whole(bytes: Uint8Array): Promise<SourceScan> {
  return scanPlainFile({ ...fileOf(bytes), override: 'dmesg' }, () => {});
}

async function joined(bytes: Uint8Array, starts: number[]): Promise<SourceScan> {
  const cuts = [0, ...starts];
  const parts: FilePart[] = cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? bytes.length, detection }));
  const file = fileOf(bytes);
  return joinParts(await Promise.all(parts.map((part) => scanPlainFile({ ...file, part }, () => {}))));
}

/** Line starts of the bytes (offset of every line but the first). */
function lineStarts(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) out.push(i + 1);
  return out;
}

/** A scan without what differs by design: checkpoint spacing, and the volume's spare room and caches. */
function comparable(s: SourceScan) {
  return {
    ...s,
    detection: undefined,
    checkpoints: undefined,
    volume: {
      ...s.volume,
      segments: s.volume.segments.map((g) => ({
        ...g,
        keys: [...g.keys.subarray(0, g.used)],
        counts: [...g.counts.subarray(0, g.used)],
        last: undefined,
      })),
    },
  };
}

function expectSame(got: SourceScan, want: SourceScan, bytes: Uint8Array, what: string) {
  expect(comparable(got), what).toEqual(comparable(want));
  // Every checkpoint is a line start with the last stamp before that line.
  const offsets = [0, ...lineStarts(bytes)];
  let lastStampLine = 0;
  for (const c of got.checkpoints) {
    expect(c.offset, `${what}: checkpoint of line ${c.line}`).toBe(offsets[c.line - 1]);
    if (c.stamp?.line !== undefined) {
      expect(c.stamp.line).toBeLessThan(c.line);
      expect(c.stamp.line).toBeGreaterThanOrEqual(lastStampLine);
      lastStampLine = c.stamp.line;
    }
  }
  expect(got.checkpoints.length).toBeGreaterThanOrEqual(want.checkpoints.length);
}

describe('cutting a file at line starts', () => {
  it('gives parts that cover the file, each beginning after a newline', async () => {
    const bytes = new TextEncoder().encode(kernelLog(new Rng(1), 5000));
    for (const n of [1, 2, 3, 8]) {
      const parts = await cutPoints(new Blob([bytes]), n);
      expect(parts).toHaveLength(n);
      expect(parts[0]?.start).toBe(0);
      expect(parts[parts.length - 1]?.end).toBe(bytes.length);
      for (const [i, p] of parts.entries()) {
        if (i > 0) expect(bytes[p.start - 1]).toBe(0x0a);
        if (i > 0) expect(p.start).toBe(parts[i - 1]?.end);
        expect(p.end).toBeGreaterThan(p.start);
      }
    }
  });

  it('does not cut where no line ends nearby, nor files too small to be worth it', async () => {
    const oneLine = new Uint8Array(3 * 1024 * 1024).fill(0x61);
    expect(await cutPoints(new Blob([oneLine]), 4)).toEqual([{ start: 0, end: oneLine.length }]);
    const bytes = new TextEncoder().encode(kernelLog(new Rng(2), 1000));
    expect(await filePartsOf(new Blob([bytes]), detection, 2)).toBeNull();
    expect(await filePartsOf(new Blob([bytes]), detection, 2, 1000)).toHaveLength(2);
    expect(await filePartsOf(new Blob([bytes]), detection, 1, 1000)).toBeNull();
    expect(await filePartsOf(new Blob([bytes]), { format: 'journal-short', reason: '' }, 2, 1000)).toBeNull();
  });
});

describe('the parts of a kernel log joined', () => {
  it('equal one scan of the file, cut before every line of a small log', async () => {
    const bytes = new TextEncoder().encode(kernelLog(new Rng(3), 400));
    const want = await whole(bytes);
    for (const start of lineStarts(bytes)) {
      expectSame(await joined(bytes, [start]), want, bytes, `cut at ${start}`);
    }
  }, 60_000);

  it('equal one scan of the file with several cuts, past the anchors kept', async () => {
    const r = new Rng(4);
    for (const lines of [20_000, MAX_ANCHORS + 9_000, 2 * MAX_ANCHORS + 3]) {
      const bytes = new TextEncoder().encode(kernelLog(r, lines));
      const want = await whole(bytes);
      const starts = lineStarts(bytes);
      for (const n of [2, 3, 5]) {
        const cuts = [...new Set(Array.from({ length: n - 1 }, () => r.pick(starts)))].sort((a, b) => a - b);
        expectSame(await joined(bytes, cuts), want, bytes, `${lines} lines, cuts ${cuts}`);
      }
    }
  }, 120_000);

  it('decide the boot a part begins in from the part before', async () => {
    const log = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
    const cases = {
      'same boot': ['[  100.000000] a', '[  101.000000] b', '[  102.000000] c'],
      reboot: ['[  100.000000] a', '[  101.000000] b', '[    1.000000] c'],
      'small step back': ['[  100.000000] a', '[  101.000000] b', '[  100.500000] c'],
      'Linux version after a small step back': [
        '[  100.000000] a',
        '[  101.000000] b',
        '[  100.500000] Linux version 5.15.0 (x) #1 SMP',
      ],
      'no stamp before the cut': [
        'root@node-1:~# dmesg',
        '   continued',
        '[    5.000000] a',
        '[    6.000000] b',
      ],
      'no stamp after the cut': ['[    5.000000] a', 'root@node-1:~# dmesg', '   continued'],
      'first line a Linux version': [
        '[    0.000000] Linux version 6.1.0 (y) #1',
        '[    0.100000] b',
        '[    0.200000] c',
      ],
    };
    for (const [what, lines] of Object.entries(cases)) {
      const bytes = log(lines);
      const want = await whole(bytes);
      for (const start of lineStarts(bytes)) expectSame(await joined(bytes, [start]), want, bytes, what);
      for (const start of lineStarts(bytes).slice(1)) {
        expectSame(
          await joined(bytes, [lineStarts(bytes)[0] as number, start]),
          want,
          bytes,
          `${what} 3 parts`,
        );
      }
    }
  });

  it('equal one scan on the dmesg fixtures', async () => {
    const dir = join(import.meta.dirname, '../test/fixtures/dmesg');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.log'))) {
      const bytes = new Uint8Array(readFileSync(join(dir, name)));
      const want = await whole(bytes);
      const starts = lineStarts(bytes);
      for (const k of [1, 2, 3]) {
        const cut = starts[Math.floor((starts.length * k) / 4)] as number;
        expectSame(await joined(bytes, [cut]), want, bytes, `${name} cut at ${cut}`);
      }
    }
  });
});

describe('the engine cuts a big file for its scan pool', () => {
  it('gives the incident of one reading, and reports every part’s bytes', async () => {
    const bytes = new TextEncoder().encode(kernelLog(new Rng(5), 30_000));
    const input = { path: 'node-1/dmesg.log', blob: new Blob([bytes]) };
    const sent: FilePart[] = [];
    let last = 0;
    const incident = await analyzeFiles([input], {
      scanWorkers: 3,
      splitMinBytes: 1000,
      scanElsewhere: (file, onBytes) => {
        if (file.part) sent.push(file.part);
        return scanPlainFile(file, onBytes);
      },
      onProgress: (rows) => {
        last = rows[0]?.bytesDone ?? 0;
      },
    });
    expect(sent).toHaveLength(3);
    expect(last).toBe(bytes.length);
    expect(incident).toEqual(await analyzeFiles([input]));
  }, 60_000);
});
