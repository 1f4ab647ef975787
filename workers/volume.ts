// Log volume (pure): how many stamped records each source holds over time, in bounded memory.
//
// While a source is scanned, every stamped record is counted into a histogram in the source's own
// clock (`noteVolume`, called once per record, so it must stay cheap on files of gigabytes): at most
// MAX_BUCKETS non-empty buckets per segment, each bucket a power-of-two number of milliseconds wide
// and aligned to a multiple of its width; a record that would need one bucket more doubles the width
// and merges pairs of buckets. Buckets are kept sparse (sorted keys), so a boot's first minute and
// an incident days later both keep a fine width. A segment is one stretch that converts to UTC one
// way: a boot of a boot-relative source, the stamps of a year (between New Year rollovers) of a
// calendar source, or all of an epoch source.
//
// After the clocks are fitted, the correlator turns each bucket into a UTC interval with the same
// timing the events get (`placeVolume`) and spreads the counts over one common grid of round-width
// buckets across the incident (cascade/incident@1 `volume`).
import type { CivilTime } from '../parsers/types.ts';
import type { IncidentVolume, IsoTime } from './incident.ts';
import type { SourceScan } from './scan.ts';
import type { SourceTiming } from './timing.ts';

/** The kind of value a record is counted by (the kind of its stamp). */
export type VolumeClock = 'mono' | 'civil' | 'epoch';

/** Most non-empty buckets one segment keeps. */
export const MAX_BUCKETS = 512;
/** Most segments a source keeps apart; records of further ones are counted in `dropped`. */
export const MAX_SEGMENTS = 1024;
/** Buckets a new segment has room for; the room doubles as needed, up to MAX_BUCKETS. */
const FIRST_ROOM = 16;

export interface VolumeSegment {
  clock: VolumeClock;
  /** Boot-relative segments: the boot (index into `SourceScan.boots`); −1 for wall-clock ones. */
  boot: number;
  /** Calendar segments: New Year rollovers of year-less stamps before it (`SourceScan.yearRollovers`). */
  rollovers: number;
  /** Calendar segments: steps back of the calendar by over 180 days before it (a new year of dated stamps too). */
  wraps: number;
  /**
   * Width of a bucket in milliseconds of the source's clock (seconds since boot × 1000, epoch ms, or
   * `civilKey` / 1000): a power of two, 1 to start with. Bucket k covers [k × width, (k + 1) × width).
   */
  width: number;
  /** Buckets in use: `keys[0 … used)` ascending, `counts` beside them; the rest is room. */
  used: number;
  keys: Float64Array;
  counts: Float64Array;
  /** Records counted in the segment (the sum of its counts). */
  records: number;
  /** The bucket the last record went to: logs are mostly in order, so the next one usually goes there too. */
  last: number;
}

/** A source's log volume while it is scanned, and after (plain data: scans cross workers). */
export interface ScanVolume {
  segments: VolumeSegment[];
  /** The segment of the last record (−1: it was dropped), and the stretch it belongs to. */
  current: number;
  clock: VolumeClock | null;
  boots: number;
  rollovers: number;
  wraps: number;
  /** Steps back of the calendar by over 180 days so far, and the last calendar value (`civilKey`). */
  wrapsSeen: number;
  lastCivil: number;
  /** Records not counted in a segment: past MAX_SEGMENTS, or with a value that is not a number. */
  dropped: number;
}

export function newVolume(): ScanVolume {
  return {
    segments: [],
    current: -1,
    clock: null,
    boots: 0,
    rollovers: 0,
    wraps: 0,
    wrapsSeen: 0,
    lastCivil: Number.NEGATIVE_INFINITY,
    dropped: 0,
  };
}

/** A step back of the calendar larger than this is a new year (as `trackCalendar` tells rollovers). */
const YEAR_STEP_KEY = 180 * 86_400e6;

/**
 * Counts one stamped record of `scan`: `value` is seconds since boot (`mono`), `civilKey` of a
 * calendar stamp (`civil`) or epoch milliseconds (`epoch`). Called after the boot and calendar of
 * the record are tracked, so `scan.boots.length - 1` is its boot and `scan.yearRollovers.length`
 * its rollover count. No allocation on the way of an ordinary record; amortised O(1).
 */
export function noteVolume(scan: SourceScan, clock: VolumeClock, value: number): void {
  const vol = scan.volume;
  if (clock === 'civil') {
    if (value < vol.lastCivil - YEAR_STEP_KEY) vol.wrapsSeen++;
    vol.lastCivil = value;
  }
  // A record of another stretch than the last one's (rare): find or make its segment.
  if (
    clock !== vol.clock ||
    scan.boots.length !== vol.boots ||
    scan.yearRollovers.length !== vol.rollovers ||
    vol.wrapsSeen !== vol.wraps
  ) {
    vol.clock = clock;
    vol.boots = scan.boots.length;
    vol.rollovers = scan.yearRollovers.length;
    vol.wraps = vol.wrapsSeen;
    vol.current = segmentFor(vol, clock, scan.boots.length - 1, scan.yearRollovers.length);
  }
  const seg = vol.segments[vol.current];
  const ms = clock === 'mono' ? value * 1000 : clock === 'civil' ? value / 1000 : value;
  if (seg === undefined || !Number.isFinite(ms)) {
    vol.dropped++;
    return;
  }
  add(seg, ms);
}

/** The segment a record of this stretch goes to (found or made), or −1 past MAX_SEGMENTS. */
function segmentFor(vol: ScanVolume, clock: VolumeClock, boot: number, rollovers: number): number {
  const key = {
    clock,
    boot: clock === 'mono' ? boot : -1,
    rollovers: clock === 'civil' ? rollovers : 0,
    wraps: clock === 'civil' ? vol.wrapsSeen : 0,
  };
  for (let i = vol.segments.length - 1; i >= 0; i--) {
    const s = vol.segments[i] as VolumeSegment;
    if (
      s.clock === key.clock &&
      s.boot === key.boot &&
      s.rollovers === key.rollovers &&
      s.wraps === key.wraps
    )
      return i;
  }
  if (vol.segments.length >= MAX_SEGMENTS) return -1;
  vol.segments.push({
    ...key,
    width: 1,
    used: 0,
    keys: new Float64Array(FIRST_ROOM),
    counts: new Float64Array(FIRST_ROOM),
    records: 0,
    last: 0,
  });
  return vol.segments.length - 1;
}

function add(seg: VolumeSegment, ms: number) {
  for (;;) {
    const key = Math.floor(ms / seg.width);
    const { keys, counts } = seg;
    const n = seg.used;
    let at = seg.last;
    if (at < n && keys[at] === key) {
      counts[at] = (counts[at] as number) + 1;
      seg.records++;
      return;
    }
    if (n === 0 || key > (keys[n - 1] as number)) at = n;
    else {
      at = lowerBound(keys, n, key);
      if (keys[at] === key) {
        counts[at] = (counts[at] as number) + 1;
        seg.last = at;
        seg.records++;
        return;
      }
    }
    // A bucket more: in the room there is, in more room, or in half as many buckets twice as wide.
    if (n < keys.length) {
      if (at < n) {
        keys.copyWithin(at + 1, at, n);
        counts.copyWithin(at + 1, at, n);
      }
      keys[at] = key;
      counts[at] = 1;
      seg.used = n + 1;
      seg.last = at;
      seg.records++;
      return;
    }
    if (n < MAX_BUCKETS) grow(seg, Math.min(keys.length * 2, MAX_BUCKETS));
    else coarsen(seg);
  }
}

/** Index of the first of `keys[0 … n)` at or above `key`. */
function lowerBound(keys: Float64Array, n: number, key: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((keys[mid] as number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function grow(seg: VolumeSegment, room: number) {
  const keys = new Float64Array(room);
  const counts = new Float64Array(room);
  keys.set(seg.keys.subarray(0, seg.used));
  counts.set(seg.counts.subarray(0, seg.used));
  seg.keys = keys;
  seg.counts = counts;
}

/** Doubles the bucket width: bucket k becomes bucket ⌊k / 2⌋, pairs merged in place. */
function coarsen(seg: VolumeSegment) {
  const { keys, counts } = seg;
  seg.width *= 2;
  let out = -1;
  for (let i = 0; i < seg.used; i++) {
    const key = Math.floor((keys[i] as number) / 2);
    if (out >= 0 && keys[out] === key) counts[out] = (counts[out] as number) + (counts[i] as number);
    else {
      out++;
      keys[out] = key;
      counts[out] = counts[i] as number;
    }
  }
  keys.fill(0, out + 1, seg.used);
  counts.fill(0, out + 1, seg.used);
  seg.used = out + 1;
  seg.last = 0;
}

/** The buckets of a segment in its own clock: [from, to) in milliseconds of that clock, and the count. */
export function segmentBuckets(seg: VolumeSegment): { from: number; to: number; count: number }[] {
  const out: { from: number; to: number; count: number }[] = [];
  for (let i = 0; i < seg.used; i++) {
    const k = seg.keys[i] as number;
    out.push({ from: k * seg.width, to: (k + 1) * seg.width, count: seg.counts[i] as number });
  }
  return out;
}

/** Records the volume of a scan holds: in its segments, and dropped. */
export function volumeRecords(vol: ScanVolume): number {
  return vol.segments.reduce((n, s) => n + s.records, vol.dropped);
}

// ---------------------------------------------------------------------------------------------
// Placing the volume in UTC, on one grid across the incident

/** One source to place: its scan, the timing its events get, and its host's skew (ms added). */
export interface VolumeSource {
  scan: SourceScan;
  timing: SourceTiming;
  shiftMs: number;
}

/** Most buckets of the incident's grid. */
export const MAX_GRID_BUCKETS = 200;

/** Grid bucket widths, seconds: round numbers of the clock. */
const GRID_STEPS = [
  1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400,
];

/**
 * The narrowest round bucket width (seconds) that cuts `spanMs` into at most MAX_GRID_BUCKETS
 * buckets, the one more that aligning the grid's start to the width can take included.
 */
export function gridStep(spanMs: number): number {
  const wanted = spanMs / 1000 / (MAX_GRID_BUCKETS - 1);
  return GRID_STEPS.find((s) => s >= wanted) ?? Math.ceil(wanted / 86_400) * 86_400;
}

interface Placed {
  from: number;
  to: number;
  count: number;
}

/**
 * The log volume of an incident: every source's buckets turned into UTC with its own timing (boot
 * fits and drift, zones, years, host skew) and spread over one grid. The grid covers `span` (the
 * incident's first to last timed event) with the timeline's margin at both ends, or every placed
 * line when no event has a time; lines placed outside it are counted before and after it.
 */
export function placeVolume(sources: readonly VolumeSource[], span: [number, number] | null): IncidentVolume {
  const placed: { path: string; parts: Placed[] }[] = [];
  const unplaced: IncidentVolume['unplaced'] = [];
  for (const { scan, timing, shiftMs } of sources) {
    if (scan.stampedRecords === 0) {
      if (scan.lines > 0) unplaced.push({ path: scan.path, lines: scan.lines, reason: timing.clock.method });
      continue;
    }
    const { parts, missed } = placeSource(scan, timing, shiftMs);
    if (parts.length > 0) placed.push({ path: scan.path, parts });
    for (const [reason, lines] of missed) unplaced.push({ path: scan.path, lines, reason });
  }
  const range = span ?? extent(placed.flatMap((p) => p.parts));
  if (range === null) return { start: null, bucketSeconds: 0, buckets: 0, sources: [], unplaced };
  // The timeline's whole range: the incident with a little room at both ends.
  const pad = Math.max((range[1] - range[0]) * 0.02, 2000);
  const step = gridStep(range[1] - range[0] + 2 * pad);
  const width = step * 1000;
  const start = Math.floor((range[0] - pad) / width) * width;
  const buckets = Math.max(1, Math.ceil((range[1] + pad - start) / width));
  return {
    start: isoSeconds(start),
    bucketSeconds: step,
    buckets,
    sources: placed.map(({ path, parts }) => {
      const grid = { counts: new Array<number>(buckets).fill(0), before: 0, after: 0 };
      for (const p of parts) spread(grid, start, width, p);
      return { path, ...grid };
    }),
    unplaced,
  };
}

/** `2019-11-12T10:13:00.000000Z`: the grid starts on a whole second. */
function isoSeconds(ms: number): IsoTime {
  return `${new Date(ms).toISOString().slice(0, -1)}000Z`;
}

function extent(parts: readonly Placed[]): [number, number] | null {
  if (parts.length === 0) return null;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const p of parts) {
    lo = Math.min(lo, p.from);
    hi = Math.max(hi, p.to);
  }
  return [lo, hi];
}

/**
 * Adds `count` records spread evenly over [from, to) to the grid's buckets, the part outside it to
 * `before` and `after`. Rounded cumulatively, so the whole count lands and no bucket gets a fraction.
 */
function spread(
  grid: { counts: number[]; before: number; after: number },
  start: number,
  width: number,
  { from, to, count }: Placed,
) {
  const n = grid.counts.length;
  const end = start + n * width;
  if (!(to > from)) {
    const i = Math.floor((from - start) / width);
    if (i < 0) grid.before += count;
    else if (i >= n) grid.after += count;
    else grid.counts[i] = (grid.counts[i] as number) + count;
    return;
  }
  let given = 0;
  /** The records up to `upTo` that are not given yet. */
  const upTo = (t: number) => {
    const total = Math.round((count * (Math.min(Math.max(t, from), to) - from)) / (to - from));
    const k = total - given;
    given = total;
    return k;
  };
  if (from < start) grid.before += upTo(start);
  const first = Math.max(0, Math.floor((from - start) / width));
  const last = Math.min(n - 1, Math.floor((to - start) / width));
  for (let i = first; i <= last; i++)
    grid.counts[i] = (grid.counts[i] as number) + upTo(start + (i + 1) * width);
  if (to > end || given < count) grid.after += upTo(to);
}

/** One source's buckets as UTC intervals, and its records that cannot be placed, by reason. */
function placeSource(
  scan: SourceScan,
  timing: SourceTiming,
  shiftMs: number,
): { parts: Placed[]; missed: Map<string, number> } {
  const parts: Placed[] = [];
  const missed = new Map<string, number>();
  const miss = (reason: string, n: number) => {
    if (n > 0) missed.set(reason, (missed.get(reason) ?? 0) + n);
  };
  const dated = scan.firstStamp?.civil?.year;
  for (const seg of scan.volume.segments) {
    const at = edgeReader(scan, timing, seg, dated);
    let lost = 0;
    for (let i = 0; i < seg.used; i++) {
      const k = seg.keys[i] as number;
      const count = seg.counts[i] as number;
      const from = at(k * seg.width);
      const to = at((k + 1) * seg.width);
      if (from === null || to === null) lost += count;
      else parts.push({ from: from + shiftMs, to: Math.max(to, from) + shiftMs, count });
    }
    miss(unplacedReason(scan, timing, seg), lost);
  }
  miss('more boots or new years than the volume keeps apart', scan.volume.dropped);
  return { parts, missed };
}

function unplacedReason(scan: SourceScan, timing: SourceTiming, seg: VolumeSegment): string {
  const { clock } = timing;
  if (clock.kind === 'none') return clock.method;
  if (seg.clock === 'mono') {
    if (clock.kind !== 'monotonic') return 'boot-relative stamps in a file read by its calendar stamps';
    const boots = clock.boots ?? [];
    const b = boots[Math.max(0, seg.boot)];
    return boots.length > 1 && b
      ? `boot ${Math.max(0, seg.boot) + 1} of ${boots.length}: ${b.method}`
      : clock.method;
  }
  if (seg.clock === 'civil' && scan.firstStamp?.civil?.year === undefined && clock.year === undefined)
    return 'no year is known for this file';
  return 'these stamps could not be placed on the wall clock';
}

/** Epoch ms of a bucket edge (ms of the segment's clock), by the source's timing, or null. */
function edgeReader(
  scan: SourceScan,
  timing: SourceTiming,
  seg: VolumeSegment,
  datedYear: number | undefined,
): (edge: number) => number | null {
  switch (seg.clock) {
    case 'epoch':
      return (edge) => timing.timeOf({ epochMs: edge });
    case 'mono': {
      const line = scan.boots[seg.boot]?.firstLine;
      return (edge) =>
        timing.timeOf(line === undefined ? { mono: edge / 1000 } : { mono: edge / 1000, line });
    }
    case 'civil': {
      // Year-less stamps take their year from the source's year plan, by the rollovers before them;
      // dated ones from the first stamp's year and the new years since.
      const line = seg.rollovers === 0 ? 0 : (scan.yearRollovers[seg.rollovers - 1] as number);
      const year = datedYear === undefined ? undefined : datedYear + seg.wraps;
      return (edge) => {
        const civil = civilAt(edge * 1000, year);
        const ms = timing.timeOf({ civil, line });
        // A Feb 29 the year does not have: the edge is the start of March.
        if (ms === null && civil.month === 2 && civil.day === 29)
          return timing.timeOf({ civil: { ...startOf(3, 1), ...yearOf(year) }, line });
        return ms;
      };
    }
  }
}

const yearOf = (year: number | undefined) => (year === undefined ? {} : { year });
const startOf = (month: number, day: number): CivilTime => ({
  month,
  day,
  hour: 0,
  minute: 0,
  second: 0,
  micros: 0,
});

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The calendar time of a `civilKey` value. Bucket edges can fall where the key has no date (day 0,
 * day 31 of a short month, month 13): such an edge is the start of the next real day, since no
 * stamp lies in between.
 */
export function civilAt(key: number, year?: number): CivilTime {
  const whole = Math.round(key);
  const micros = whole % 1e6;
  let s = Math.floor(whole / 1e6);
  const second = s % 60;
  s = Math.floor(s / 60);
  const minute = s % 60;
  s = Math.floor(s / 60);
  const hour = s % 24;
  s = Math.floor(s / 24);
  const day = s % 32;
  const month = Math.floor(s / 32);
  const y = yearOf(year);
  if (month < 1) return { ...startOf(1, 1), ...y };
  // Dec 32 reads as Jan 1 of the next year (Date.UTC carries the day over).
  if (month > 12) return { ...startOf(12, 32), ...y };
  if (day === 0) return { ...startOf(month, 1), ...y };
  const days = month === 2 && year !== undefined && !isLeap(year) ? 28 : (DAYS_IN_MONTH[month - 1] as number);
  if (day > days) return month === 12 ? { ...startOf(12, 32), ...y } : { ...startOf(month + 1, 1), ...y };
  return { month, day, hour, minute, second, micros, ...y };
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Re-keys a segment's buckets to `width` (a multiple of its own), summing the counts that meet. */
function bucketsAt(seg: VolumeSegment, width: number, into: Map<number, number>) {
  const ratio = width / seg.width;
  for (let i = 0; i < seg.used; i++) {
    const key = Math.floor((seg.keys[i] as number) / ratio);
    into.set(key, (into.get(key) ?? 0) + (seg.counts[i] as number));
  }
}

/**
 * Two segments of one stretch as one. A segment's width is the narrowest power of two that keeps
 * its records within MAX_BUCKETS buckets, whatever their order, so the joined width is that of
 * all the records, found from the wider of the two.
 */
function joinSegments(a: VolumeSegment, b: VolumeSegment): VolumeSegment {
  let width = Math.max(a.width, b.width);
  let buckets = new Map<number, number>();
  bucketsAt(a, width, buckets);
  bucketsAt(b, width, buckets);
  while (buckets.size > MAX_BUCKETS) {
    const coarser = new Map<number, number>();
    for (const [k, n] of buckets) coarser.set(Math.floor(k / 2), (coarser.get(Math.floor(k / 2)) ?? 0) + n);
    buckets = coarser;
    width *= 2;
  }
  const keys = [...buckets.keys()].sort((x, y) => x - y);
  let room = Math.max(a.keys.length, b.keys.length);
  while (room < keys.length) room *= 2;
  const seg: VolumeSegment = {
    ...a,
    width,
    used: keys.length,
    keys: new Float64Array(room),
    counts: new Float64Array(room),
    records: a.records + b.records,
    last: 0,
  };
  keys.forEach((k, i) => {
    seg.keys[i] = k;
    seg.counts[i] = buckets.get(k) as number;
  });
  return seg;
}

/**
 * The volume of a file cut into parts (workers/split.ts): the volume so far joined with the next
 * part's, whose boot indices move by `bootShift` and rollover counts by `rolloverShift`.
 */
export function joinVolume(
  a: ScanVolume,
  b: ScanVolume,
  bootShift: number,
  rolloverShift: number,
): ScanVolume {
  const segments = [...a.segments];
  let dropped = a.dropped + b.dropped;
  let current = a.current;
  b.segments.forEach((bs, i) => {
    const seg = {
      ...bs,
      boot: bs.clock === 'mono' ? bs.boot + bootShift : bs.boot,
      rollovers: bs.clock === 'civil' ? bs.rollovers + rolloverShift : bs.rollovers,
    };
    const at = segments.findLastIndex(
      (s) =>
        s.clock === seg.clock &&
        s.boot === seg.boot &&
        s.rollovers === seg.rollovers &&
        s.wraps === seg.wraps,
    );
    if (at !== -1) segments[at] = joinSegments(segments[at] as VolumeSegment, seg);
    else if (segments.length < MAX_SEGMENTS) segments.push(seg);
    else dropped += seg.records;
    if (i === b.current) current = at !== -1 ? at : segments.length - 1;
  });
  return {
    ...b,
    segments,
    current: b.current === -1 ? a.current : current,
    clock: b.clock ?? a.clock,
    boots: b.clock === null ? a.boots : b.boots + bootShift,
    rollovers: b.clock === null ? a.rollovers : b.rollovers + rolloverShift,
    dropped,
  };
}
