import { describe, expect, it } from 'vitest';
import { parserFor } from '../parsers/formats.ts';
import type { KnownFormat } from '../parsers/types.ts';
import { sampleInputs } from '../test/support/folder-inputs.ts';
import { Rng } from '../test/support/rng.ts';
import { civilKey } from './clock.ts';
import { correlateScans } from './correlate.ts';
import { analyzeSession } from './engine.ts';
import { newScan, type SourceScan, scanFinished, scanLine } from './scan.ts';
import { timeSources } from './timing.ts';
import {
  civilAt,
  gridStep,
  MAX_BUCKETS,
  MAX_GRID_BUCKETS,
  MAX_SEGMENTS,
  noteVolume,
  placeVolume,
  segmentBuckets,
  type VolumeSegment,
  volumeRecords,
} from './volume.ts';

/** A scan whose boots and rollovers the test sets by hand (as trackBoot / trackCalendar would). */
function bareScan(path = 'node-a/x.log'): SourceScan {
  const scan = newScan(path, 'dmesg', 0);
  scan.boots.push({ firstLine: 1, lastLine: 1, start: 'file' });
  return scan;
}

/** The histogram of `values` at `width` ms, as exact counts by bucket key. */
function exact(values: readonly number[], width: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of values) {
    const k = Math.floor(v / width);
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

function asMap(seg: VolumeSegment): Map<number, number> {
  return new Map(segmentBuckets(seg).map((b) => [b.from / seg.width, b.count]));
}

function only(scan: SourceScan): VolumeSegment {
  expect(scan.volume.segments).toHaveLength(1);
  return scan.volume.segments[0] as VolumeSegment;
}

describe('noteVolume: one segment', () => {
  it('keeps at most MAX_BUCKETS buckets, in order, each exactly the records of its range', () => {
    const rng = new Rng(7);
    const scan = bareScan();
    const values: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      // Mostly forward with jitter, now and then far back or far ahead.
      const v = rng.chance(0.01) ? rng.next() * 1e9 : 5e8 + i * 37 + rng.int(-5000, 5000);
      values.push(v);
      noteVolume(scan, 'epoch', v);
    }
    const seg = only(scan);
    expect(seg.used).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(seg.keys.length).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(Math.log2(seg.width) % 1).toBe(0);
    const keys = [...seg.keys.subarray(0, seg.used)];
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(new Set(keys).size).toBe(keys.length);
    expect(seg.records).toBe(values.length);
    expect(asMap(seg)).toEqual(exact(values, seg.width));
    expect(volumeRecords(scan.volume)).toBe(values.length);
  });

  it('merges pairs when one bucket more is needed: 1024 one-ms records become 512 two-ms buckets', () => {
    const scan = bareScan();
    for (let ms = 0; ms < 1024; ms++) noteVolume(scan, 'epoch', ms + 0.5);
    const seg = only(scan);
    expect(seg.width).toBe(2);
    expect(seg.used).toBe(512);
    expect([...seg.counts.subarray(0, seg.used)].every((c) => c === 2)).toBe(true);
    // One more far away: twice as wide again, every record still counted once.
    noteVolume(scan, 'epoch', 5000);
    expect(seg.width).toBe(4);
    expect(seg.used).toBe(257);
    expect(seg.records).toBe(1025);
    expect(segmentBuckets(seg).reduce((n, b) => n + b.count, 0)).toBe(1025);
  });

  it('counts records that arrive out of order and before the first one', () => {
    const scan = bareScan();
    const values = [100, 50, 75, 100, 0, 1, 99, 50, 200, 150];
    for (const v of values) noteVolume(scan, 'epoch', v);
    const seg = only(scan);
    expect(seg.width).toBe(1);
    expect(asMap(seg)).toEqual(exact(values, 1));
  });

  it('keeps a fine width for a burst days after the boot (sparse buckets)', () => {
    const scan = bareScan();
    for (let i = 0; i < 100; i++) noteVolume(scan, 'mono', i / 10);
    // An hour of lines a week later, one every 0.36 s.
    for (let i = 0; i < 10_000; i++) noteVolume(scan, 'mono', 7 * 86_400 + i * 0.36);
    const seg = only(scan);
    expect(seg.records).toBe(10_100);
    // A dense histogram of 512 buckets over the week would be 20 min wide; this one is seconds.
    expect(seg.width).toBeLessThanOrEqual(16_384);
  });

  it('grows its room only up to MAX_BUCKETS, then works in place', () => {
    const scan = bareScan();
    const rng = new Rng(3);
    for (let i = 0; i < 5000; i++) noteVolume(scan, 'epoch', rng.next() * 1e7);
    const seg = only(scan);
    const { keys, counts } = seg;
    expect(keys.length).toBe(MAX_BUCKETS);
    for (let i = 0; i < 50_000; i++) noteVolume(scan, 'epoch', rng.next() * 1e9);
    expect(seg.keys).toBe(keys);
    expect(seg.counts).toBe(counts);
    expect(seg.records).toBe(55_000);
  });
});

describe('noteVolume: segments', () => {
  it('starts a segment per boot of a boot-relative source, and goes back to one already made', () => {
    const scan = bareScan();
    noteVolume(scan, 'mono', 1);
    noteVolume(scan, 'mono', 2);
    scan.boots.push({ firstLine: 3, lastLine: 3, start: 'clock-back' });
    noteVolume(scan, 'mono', 0.5);
    expect(scan.volume.segments.map((s) => [s.clock, s.boot, s.records])).toEqual([
      ['mono', 0, 2],
      ['mono', 1, 1],
    ]);
  });

  it('starts a calendar segment per New Year rollover and per step back of dated stamps, not per boot', () => {
    const scan = bareScan();
    const key = (month: number, day: number) =>
      civilKey({ month, day, hour: 0, minute: 0, second: 0, micros: 0 });
    noteVolume(scan, 'civil', key(12, 31));
    scan.boots.push({ firstLine: 2, lastLine: 2, start: 'marker' });
    noteVolume(scan, 'civil', key(12, 31) + 1e6);
    // Year-less: trackCalendar has noted the rollover before the record is counted.
    scan.yearRollovers.push(3);
    noteVolume(scan, 'civil', key(1, 1));
    expect(scan.volume.segments.map((s) => [s.boot, s.rollovers, s.wraps, s.records])).toEqual([
      [-1, 0, 0, 2],
      [-1, 1, 1, 1],
    ]);
    // Dated stamps: the calendar steps back with no rollover noted (the year is in the stamp).
    const dated = bareScan();
    noteVolume(dated, 'civil', key(12, 31));
    noteVolume(dated, 'civil', key(1, 1));
    expect(dated.volume.segments.map((s) => [s.rollovers, s.wraps])).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it('keeps one segment for epoch stamps whatever the boots, one per clock kind', () => {
    const scan = bareScan();
    noteVolume(scan, 'epoch', 1000);
    scan.boots.push({ firstLine: 2, lastLine: 2, start: 'boot-id' });
    noteVolume(scan, 'epoch', 2000);
    noteVolume(scan, 'mono', 3);
    noteVolume(scan, 'epoch', 3000);
    expect(scan.volume.segments.map((s) => [s.clock, s.records])).toEqual([
      ['epoch', 3],
      ['mono', 1],
    ]);
  });

  it('counts the records of segments past MAX_SEGMENTS, and of values that are not numbers, as dropped', () => {
    const scan = bareScan();
    for (let b = 0; b < MAX_SEGMENTS + 10; b++) {
      if (b > 0) scan.boots.push({ firstLine: b + 1, lastLine: b + 1, start: 'clock-back' });
      noteVolume(scan, 'mono', 1);
      noteVolume(scan, 'mono', 2);
    }
    noteVolume(scan, 'mono', Number.NaN);
    expect(scan.volume.segments).toHaveLength(MAX_SEGMENTS);
    expect(scan.volume.dropped).toBe(21);
    expect(volumeRecords(scan.volume)).toBe(2 * (MAX_SEGMENTS + 10) + 1);
  });
});

/** A source scanned the way the engine scans it, line by line through the format's parser. */
function scanText(path: string, format: KnownFormat, lines: readonly string[], lastModified?: number) {
  const scan = newScan(path, format, 0, lastModified);
  const parser = parserFor(format);
  for (const [i, text] of lines.entries()) scanLine(scan, parser.parseLine(text, i + 1, 0), text, i + 1);
  if (parser.finish) scanFinished(scan, parser.finish());
  return scan;
}

const dmesgLine = (mono: number, msg: string) => `[${mono.toFixed(6).padStart(12, ' ')}] ${msg}`;
const pad = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function short(epochS: number): string {
  const d = new Date(Math.floor(epochS) * 1000);
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

describe('the scan counts every stamped record', () => {
  it('dmesg with a reboot: one segment per boot, as many records as stamped', () => {
    const lines = [
      ...[0, 1.5, 2, 300].map((m, i) => dmesgLine(m, `boot A line ${i}`)),
      dmesgLine(0, 'Linux version 6.1.0'),
      ...[0.5, 9].map((m, i) => dmesgLine(m, `boot B line ${i}`)),
      'not a dmesg line',
    ];
    const scan = scanText('node-a/dmesg', 'dmesg', lines);
    expect(scan.boots).toHaveLength(2);
    expect(scan.volume.segments.map((s) => [s.boot, s.records])).toEqual([
      [0, 4],
      [1, 3],
    ]);
    expect(volumeRecords(scan.volume)).toBe(scan.stampedRecords);
  });

  it('a year-less journal across New Year: one segment per year', () => {
    const lines = [
      `Dec 31 23:59:58 node-a kernel: a`,
      `Dec 31 23:59:59 node-a kernel: b`,
      `Jan 01 00:00:01 node-a kernel: c`,
    ];
    const scan = scanText('node-a/journal', 'journal-short', lines);
    expect(scan.yearRollovers).toEqual([3]);
    expect(scan.volume.segments.map((s) => [s.rollovers, s.records])).toEqual([
      [0, 2],
      [1, 1],
    ]);
  });
});

describe('civilAt', () => {
  it('inverts civilKey on real dates', () => {
    const rng = new Rng(11);
    for (let i = 0; i < 500; i++) {
      const d = new Date(Date.UTC(2020, 0, 1) + rng.next() * 366 * 86_400_000);
      const t = {
        month: d.getUTCMonth() + 1,
        day: d.getUTCDate(),
        hour: d.getUTCHours(),
        minute: d.getUTCMinutes(),
        second: d.getUTCSeconds(),
        micros: rng.int(0, 999_999),
      };
      expect(civilAt(civilKey(t))).toEqual(t);
      expect(civilAt(civilKey(t), 2020)).toEqual({ ...t, year: 2020 });
    }
  });

  it('reads a key between real dates as the start of the next day there is', () => {
    const key = (month: number, day: number, hour = 0) =>
      civilKey({ month, day, hour, minute: 0, second: 0, micros: 0 });
    const start = (month: number, day: number) => ({ month, day, hour: 0, minute: 0, second: 0, micros: 0 });
    expect(civilAt(key(3, 0, 5))).toEqual(start(3, 1));
    expect(civilAt(key(4, 31, 5))).toEqual(start(5, 1));
    expect(civilAt(key(2, 30))).toEqual(start(3, 1));
    expect(civilAt(key(2, 29, 7))).toEqual({ ...start(2, 29), hour: 7 });
    expect(civilAt(key(2, 29, 7), 2023)).toEqual({ ...start(3, 1), year: 2023 });
    expect(civilAt(key(13, 2))).toEqual(start(12, 32));
    expect(civilAt(key(0, 5))).toEqual(start(1, 1));
  });
});

// ---------------------------------------------------------------------------------------------
// Placing

const T0 = Date.UTC(2019, 10, 12, 10, 0, 0);

/** An epoch-stamped source with records at the given epoch ms. */
function epochSource(path: string, times: readonly number[]) {
  const scan = newScan(path, 'journal-json', 0);
  scan.boots.push({ firstLine: 1, lastLine: times.length, start: 'file' });
  scan.clock = 'epoch';
  scan.stampedRecords = times.length;
  scan.lines = times.length;
  for (const t of times) noteVolume(scan, 'epoch', t);
  const timing = timeSources([scan], new Map([[scan, 'node-a']])).get(scan);
  if (!timing) throw new Error('no timing');
  return { scan, timing, shiftMs: 0 };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('placeVolume', () => {
  it('lays one grid of round buckets over the incident, with the timeline’s margin', () => {
    const src = epochSource('a', [T0 + 60_000, T0 + 30 * 60_000]);
    const v = placeVolume([src], [T0 + 60_000, T0 + 30 * 60_000]);
    // 29 min + 2 × 2 % → 10 s buckets (20 s would do 94 buckets; 10 s is the narrowest within 200).
    expect(v.bucketSeconds).toBe(gridStep(29 * 60_000 * 1.04));
    expect(v.bucketSeconds).toBe(10);
    expect(v.buckets).toBeLessThanOrEqual(MAX_GRID_BUCKETS);
    const start = Date.parse(v.start as string);
    expect(start % (v.bucketSeconds * 1000)).toBe(0);
    expect(start).toBeLessThanOrEqual(T0 + 60_000 - 0.02 * 29 * 60_000);
    expect(start + v.buckets * v.bucketSeconds * 1000).toBeGreaterThanOrEqual(T0 + 30 * 60_000);
    const rng = new Rng(9);
    for (let i = 0; i < 2000; i++) {
      const from = T0 + rng.next() * 86_400_000;
      const grid = placeVolume([], [from, from + 10 ** (rng.next() * 11)]);
      expect(grid.buckets).toBeLessThanOrEqual(MAX_GRID_BUCKETS);
      expect(Date.parse(grid.start as string) + grid.buckets * grid.bucketSeconds * 1000).toBeGreaterThan(
        from + 10,
      );
    }
    expect(gridStep(10 * 86_400_000)).toBe(7200);
    expect(gridStep(400 * 86_400_000)).toBe(3 * 86_400);
  });

  it('puts each record in the bucket of its time, moved by the host skew', () => {
    const times = [T0 + 25_000, T0 + 25_001, T0 + 125_500, T0 + 599_999];
    const src = epochSource('a', times);
    const v = placeVolume([src], [T0, T0 + 600_000]);
    const start = Date.parse(v.start as string);
    const width = v.bucketSeconds * 1000;
    const expected = new Array<number>(v.buckets).fill(0);
    for (const t of times) {
      const i = Math.floor((t - start) / width);
      expected[i] = (expected[i] ?? 0) + 1;
    }
    expect(v.sources[0]?.counts).toEqual(expected);
    const shifted = placeVolume([{ ...src, shiftMs: 2 * width }], [T0, T0 + 600_000]);
    expect(shifted.sources[0]?.counts.slice(2, -2)).toEqual(expected.slice(0, -4));
  });

  it('spreads wide source buckets over the grid without losing or splitting a record', () => {
    const rng = new Rng(5);
    // Records over two days: the source's buckets get minutes wide; the grid covers one hour of it.
    const times = Array.from({ length: 20_000 }, () => T0 + rng.next() * 2 * 86_400_000);
    const src = epochSource('a', times);
    const span: [number, number] = [T0 + 86_400_000, T0 + 86_400_000 + 3_600_000];
    const v = placeVolume([src], span);
    const s = v.sources[0];
    expect(s).toBeDefined();
    if (!s) return;
    expect(s.counts.every((c) => Number.isInteger(c) && c >= 0)).toBe(true);
    expect(sum(s.counts) + s.before + s.after).toBe(times.length);
    // About an hour's worth inside (1/48 of the records), about half before and half after.
    const inside = times.filter(
      (t) =>
        t >= Date.parse(v.start as string) &&
        t < Date.parse(v.start as string) + v.buckets * v.bucketSeconds * 1000,
    ).length;
    expect(Math.abs(sum(s.counts) - inside)).toBeLessThan(inside * 0.1 + 20);
    expect(s.before).toBeGreaterThan(times.length * 0.4);
    expect(s.after).toBeGreaterThan(times.length * 0.4);
  });

  it('spans every placed line when no event has a time', () => {
    const src = epochSource('a', [T0, T0 + 3_600_000]);
    const v = placeVolume([src], null);
    expect(v.sources[0]?.before).toBe(0);
    expect(v.sources[0]?.after).toBe(0);
    expect(sum(v.sources[0]?.counts ?? [])).toBe(2);
    expect(placeVolume([], null)).toEqual({
      start: null,
      bucketSeconds: 0,
      buckets: 0,
      sources: [],
      unplaced: [],
    });
  });

  it('places each boot of a dmesg with its own fit, and says which lines it cannot place', () => {
    const bootA = Date.UTC(2023, 10, 12, 8, 0, 0) / 1000 + 0.25;
    const bootB = Date.UTC(2023, 10, 13, 9, 30, 0) / 1000 + 0.625;
    const linesA: [number, string][] = Array.from({ length: 30 }, (_, i) => [
      10 + i * 97.3,
      `cni0: port ${i} (veth-a${i}) up`,
    ]);
    const linesB: [number, string][] = Array.from({ length: 20 }, (_, i) => [
      5 + i * 31.1,
      `cni0: port ${i} (veth-b${i}) up`,
    ]);
    const dmesg = [
      ...linesA.map(([m, t]) => dmesgLine(m, t)),
      dmesgLine(0, 'Linux version 6.1.0'),
      ...linesB.map(([m, t]) => dmesgLine(m, t)),
    ];
    const journal = (marker: boolean) => [
      ...linesA.map(([m, t]) => `${short(bootA + m)} node-a kernel: ${t}`),
      ...(marker ? [`-- Boot ${'b'.repeat(32)} --`] : []),
      ...linesB.slice(0, 10).map(([m, t]) => `${short(bootB + m)} node-a kernel: ${t}`),
    ];
    const d = scanText('node-a/dmesg', 'dmesg', dmesg);
    const placed = (marker: boolean) => {
      const j = scanText('node-a/journal', 'journal-short', journal(marker), Date.UTC(2023, 10, 14));
      const timing = timeSources(
        [d, j],
        new Map([
          [d, 'node-a'],
          [j, 'node-a'],
        ]),
      ).get(d);
      if (!timing) throw new Error('no timing');
      return placeVolume([{ scan: d, timing, shiftMs: 0 }], null);
    };
    const v = placed(true);
    const start = Date.parse(v.start as string);
    const width = v.bucketSeconds * 1000;
    const within = (from: number, to: number) =>
      sum(
        (v.sources[0]?.counts ?? []).filter(
          (_, i) => start + (i + 1) * width > from && start + i * width < to,
        ),
      );
    expect(v.unplaced).toEqual([]);
    expect(within(bootA * 1000, (bootA + 3000) * 1000 + width)).toBe(linesA.length);
    expect(within(bootB * 1000, (bootB + 600) * 1000 + width)).toBe(linesB.length + 1);

    // Without the journal's boot marker, its lines all pair with boot 1: boot 2 is not placed.
    const half = placed(false);
    expect(sum(half.sources[0]?.counts ?? [])).toBe(linesA.length);
    expect(half.unplaced).toEqual([
      {
        path: 'node-a/dmesg',
        lines: linesB.length + 1,
        reason: 'boot 2 of 2: not aligned: no shared kernel lines',
      },
    ]);

    // Alone, the dmesg cannot be placed: all its records are listed with why.
    const alone = timeSources([d], new Map([[d, 'node-a']])).get(d);
    if (!alone) throw new Error('no timing');
    const none = placeVolume([{ scan: d, timing: alone, shiftMs: 0 }], null);
    expect(none.sources).toEqual([]);
    expect(none.unplaced).toEqual([
      {
        path: 'node-a/dmesg',
        lines: linesA.length,
        reason: expect.stringMatching(/^boot 1 of 2: not aligned/),
      },
      {
        path: 'node-a/dmesg',
        lines: linesB.length + 1,
        reason: expect.stringMatching(/^boot 2 of 2: not aligned/),
      },
    ]);
  });

  it('lists a source without stamps with all its lines', () => {
    const scan = scanText('ceph/config', 'ceph-config-dump', [
      'WHO     MASK  LEVEL     OPTION                  VALUE  RO',
      'global        advanced  mon_host                1.2.3.4  *',
    ]);
    const timing = timeSources([scan], new Map([[scan, null]])).get(scan);
    if (!timing) throw new Error('no timing');
    expect(placeVolume([{ scan, timing, shiftMs: 0 }], null).unplaced).toEqual([
      { path: 'ceph/config', lines: 2, reason: 'no timestamps in this file' },
    ]);
  });
});

describe('the incident’s volume', () => {
  it('counts, per source, every stamped line: placed on the grid, before, after or not placed', () => {
    const bootA = Date.UTC(2019, 10, 12, 9, 0, 0) / 1000;
    const kernel: [number, string][] = Array.from({ length: 40 }, (_, i) => [
      3000 + i * 61.7,
      i === 20
        ? 'libceph: mon0 10.0.0.1:6789 socket closed (con state OPEN)'
        : `cni0: port ${i} (veth${i}) up`,
    ]);
    const d = scanText(
      'node-a/dmesg',
      'dmesg',
      kernel.map(([m, t]) => dmesgLine(m, t)),
    );
    const j = scanText('node-a/journal', 'journal-short', [
      '-- Logs begin at Tue 2019-11-12 09:00:00 UTC, end at Tue 2019-11-12 11:00:00 UTC. --',
      ...kernel.map(([m, t]) => `${short(bootA + m)} node-a kernel: ${t}`),
      ...Array.from({ length: 30 }, (_, i) => `${short(bootA + 100 + i * 200)} node-a systemd[1]: tick ${i}`),
    ]);
    const orphan = scanText('node-b/dmesg', 'dmesg', [dmesgLine(5, 'hello'), dmesgLine(6, 'world')]);
    const { incident } = correlateScans([d, j, orphan]);
    const v = incident.volume;
    expect(v).toBeDefined();
    if (!v) return;
    expect(v.buckets).toBeLessThanOrEqual(MAX_GRID_BUCKETS);
    for (const scan of [d, j, orphan]) {
      const placed = v.sources.find((s) => s.path === scan.path);
      const missed = sum(v.unplaced.filter((u) => u.path === scan.path).map((u) => u.lines));
      expect(placed ? sum(placed.counts) + placed.before + placed.after : 0).toBe(
        scan.stampedRecords - missed,
      );
      expect(placed?.counts.length ?? v.buckets).toBe(v.buckets);
    }
    expect(v.unplaced).toEqual([
      { path: 'node-b/dmesg', lines: 2, reason: 'not aligned: no shared kernel lines' },
    ]);
  });

  it('the sample: every source’s stamped lines, all placed, most of them inside the incident', async () => {
    const { scans, incident } = await analyzeSession(await sampleInputs());
    const v = incident.volume;
    if (!v) throw new Error('no volume');
    expect(v.bucketSeconds).toBe(20);
    expect(v.start).toBe('2019-11-12T10:13:00.000000Z');
    for (const scan of scans) {
      const placed = v.sources.find((s) => s.path === scan.path);
      if (scan.stampedRecords === 0) {
        expect(placed).toBeUndefined();
        expect(v.unplaced).toContainEqual({
          path: scan.path,
          lines: scan.lines,
          reason: 'no timestamps in this file',
        });
        continue;
      }
      expect(placed, scan.path).toBeDefined();
      if (!placed) continue;
      expect(sum(placed.counts) + placed.before + placed.after).toBe(scan.stampedRecords);
      expect(placed.after).toBe(0);
      expect(sum(placed.counts)).toBeGreaterThan(placed.before);
    }
    expect(v.unplaced.map((u) => u.path)).toEqual(['sample/ceph-config-dump.txt']);
  }, 60_000);
});
