// Clock helpers of the correlator: years for year-less stamps, and boot-relative kernel seconds to
// wall-clock time fitted from kernel lines that a host's journal also holds. Zones are in zones.ts.
import type { CivilTime } from '../parsers/types.ts';

/** Month/day/time as one sortable number, for comparing year-less stamps. */
export function civilKey(t: CivilTime): number {
  return ((((t.month * 32 + t.day) * 24 + t.hour) * 60 + t.minute) * 60 + t.second) * 1e6 + t.micros;
}

const DAY_KEY = 86_400e6;

/**
 * Where a year for a file's year-less stamps comes from (input-formats §8.1), as a calendar time
 * in the file's own zone:
 * - `begin`: the file starts at or after it (`-- Logs begin at …`, klog `Log file created at:`);
 * - `bound`: the file ends at or before it (collection time, the file's modification time);
 * - `near`: a dated log of the same host, which ends about when this one does.
 */
export interface YearRef {
  kind: 'begin' | 'bound' | 'near';
  time: CivilTime & { year: number };
  /** Where the reference was read, for the clock method (`the date output of node-a/date`). */
  source: string;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The year of a file's last stamp. `rollovers` counts the Dec → Jan steps inside the file (a stamp
 * more than 180 days earlier in the calendar than the one before it).
 */
export function lastYearOf(ref: YearRef, first: CivilTime, last: CivilTime, rollovers: number): number {
  const refKey = civilKey(ref.time);
  switch (ref.kind) {
    case 'begin':
      // The first line cannot be more than a day before the start; if it is in the calendar, it is next year.
      return ref.time.year + (civilKey(first) < refKey - DAY_KEY ? 1 : 0) + rollovers;
    case 'bound':
      // The last line cannot be more than a day after the reference; if it is in the calendar, it is last year.
      return ref.time.year - (civilKey(last) > refKey + DAY_KEY ? 1 : 0);
    case 'near': {
      const at = (y: number) => Date.UTC(y, last.month - 1, last.day, last.hour, last.minute);
      const target = Date.UTC(
        ref.time.year,
        ref.time.month - 1,
        ref.time.day,
        ref.time.hour,
        ref.time.minute,
      );
      const years = [ref.time.year - 1, ref.time.year, ref.time.year + 1];
      return years.reduce((best, y) =>
        Math.abs(at(y) - target) < Math.abs(at(best) - target) ? y : best,
      ) as number;
    }
  }
}

/** ISO-8601 UTC with microseconds, e.g. `2019-11-12T10:14:03.412345Z`. */
export function toIso(epochMs: number | null): string | null {
  if (epochMs === null || !Number.isFinite(epochMs)) return null;
  const wholeMs = Math.floor(epochMs);
  const micros = Math.round((epochMs - wholeMs) * 1000);
  const base = new Date(wholeMs).toISOString(); // …T10:14:03.412Z
  return `${base.slice(0, -1)}${String(Math.min(micros, 999)).padStart(3, '0')}Z`;
}

/** A kernel line seen in dmesg (seconds since boot) and the same line in the journal (whole seconds). */
export interface AnchorPair {
  mono: number;
  /** Wall time of the copy in epoch seconds (the journal's receive time), truncated to `resolution`. */
  wallSeconds: number;
  /** Resolution of `wallSeconds`: 1 for the short formats' whole seconds; omitted means 1. */
  resolution?: number;
}

export interface BootFit {
  /** Epoch seconds of kernel time zero: wall = bootEpochSeconds + mono. */
  bootEpochSeconds: number;
  anchors: number;
  spreadSeconds: number;
  method: string;
  /** Whether the upper and lower bounds of the offset overlap (else the lower envelope alone was used). */
  boundsAgree: boolean;
  /** Coarsest wall resolution among the anchors kept, seconds. */
  resolution: number;
  /**
   * When the kernel clock drifts against the wall clock over a long boot: the lower envelope of
   * wall − mono, one point per hour of kernel time, to interpolate between (see `wallSecondsAt`).
   */
  envelope?: { mono: number; d: number }[];
}

const WINDOW_S = 3600;
/** Drift of a kernel clock is far below 1000 ppm; a window minimum that jumps more is a wrong pair. */
const MAX_DRIFT = 1e-3;
/** Below this much change over the boot a single offset is as good. */
const DRIFT_SHOWN_S = 0.5;

/**
 * The running minimum of wall − mono over hour-long windows of kernel time (input-formats §2.6):
 * receive delay only adds, so each window's minimum is its best offset, and the minima follow
 * the kernel clock's drift. Only precise (µs) anchors are used: whole-second stamps would make the
 * minimum jump by their truncation. Windows are walked out from `seed`, the cluster the constant
 * fit found, and a minimum that moves faster than any clock drifts is dropped as a wrong pair.
 */
function lowerEnvelope(
  pairs: readonly AnchorPair[],
  seed: number,
): { mono: number; d: number }[] | undefined {
  const precise = pairs.filter((p) => (p.resolution ?? 1) < 1).sort((a, b) => a.mono - b.mono);
  if (precise.length < 3) return undefined;
  const first = precise[0] as AnchorPair;
  const last = precise[precise.length - 1] as AnchorPair;
  if (last.mono - first.mono < 2 * WINDOW_S) return undefined;
  const windows = new Map<number, { mono: number; d: number }>();
  for (const p of precise) {
    const w = Math.floor(p.mono / WINDOW_S);
    const d = p.wallSeconds - p.mono;
    const cur = windows.get(w);
    if (!cur || d < cur.d) windows.set(w, { mono: p.mono, d });
  }
  const points = [...windows.values()].sort((a, b) => a.mono - b.mono);
  // Start from the window closest to the constant fit, then walk both ways.
  let start = 0;
  for (let i = 1; i < points.length; i++) {
    if (Math.abs((points[i] as { d: number }).d - seed) < Math.abs((points[start] as { d: number }).d - seed))
      start = i;
  }
  const kept = [points[start] as { mono: number; d: number }];
  const walk = (from: number, step: number) => {
    let prev = points[from] as { mono: number; d: number };
    for (let i = from + step; i >= 0 && i < points.length; i += step) {
      const p = points[i] as { mono: number; d: number };
      if (Math.abs(p.d - prev.d) <= DRIFT_SHOWN_S + MAX_DRIFT * Math.abs(p.mono - prev.mono)) {
        kept.push(p);
        prev = p;
      }
    }
  };
  walk(start, 1);
  walk(start, -1);
  kept.sort((a, b) => a.mono - b.mono);
  const ds = kept.map((p) => p.d);
  if (kept.length < 2 || Math.max(...ds) - Math.min(...ds) < DRIFT_SHOWN_S) return undefined;
  return kept;
}

/** Wall-clock epoch seconds of a kernel time, following the drift envelope where there is one. */
export function wallSecondsAt(
  offsetSeconds: number,
  envelope: readonly { mono: number; d: number }[] | undefined,
  mono: number,
): number {
  if (!envelope || envelope.length < 2) return offsetSeconds + mono;
  // Between two points interpolate; before the first or after the last, the nearest segment's
  // slope carries on (drift is steady over hours).
  let i = 1;
  while (i < envelope.length - 1 && (envelope[i] as { mono: number }).mono < mono) i++;
  const a = envelope[i - 1] as { mono: number; d: number };
  const b = envelope[i] as { mono: number; d: number };
  return mono + a.d + ((b.d - a.d) * (mono - a.mono)) / (b.mono - a.mono);
}

/**
 * Fit the boot offset of one boot from anchor pairs.
 *
 * Each pair gives d = wall − mono. Receive delay only ever makes d larger, and the journal's
 * one-second truncation makes it up to 1 s smaller. Wrongly paired repeats (the same text logged
 * many times) scatter widely, so the pairs are first narrowed to the densest 3-second window of d.
 * Within it, wall+1−mono bounds the offset from above for every pair; wall−mono bounds it from below
 * when the delay is negligible. Where the two bounds agree the midpoint is taken; where a delay
 * breaks the lower bound, the upper envelope alone is used (the lower envelope of receive time).
 */
export function fitBootOffset(pairs: readonly AnchorPair[]): BootFit | null {
  if (pairs.length === 0) return null;
  const all = pairs
    .map((p) => ({ d: p.wallSeconds - p.mono, res: p.resolution ?? 1 }))
    .sort((a, b) => a.d - b.d);
  const ds = all.map((p) => p.d);
  // Densest window of width 3 s: the true pairs cluster there.
  let bestStart = 0;
  let bestCount = 0;
  for (let i = 0, j = 0; i < ds.length; i++) {
    while (j < ds.length && (ds[j] as number) - (ds[i] as number) <= 3) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      bestStart = i;
    }
  }
  const cluster = ds.slice(bestStart, bestStart + bestCount);
  const members = all.slice(bestStart, bestStart + bestCount);
  const lo = cluster[cluster.length - 1] as number; // max(wall − mono)
  const hi = members.reduce((m, p) => Math.min(m, p.d + p.res), Infinity); // min(wall + resolution − mono)
  const resolution = members.reduce((m, p) => Math.max(m, p.res), 0);
  const coarse = resolution >= 1;
  const consistent = lo <= hi;
  const boot = consistent ? (lo + hi) / 2 : hi;
  const spread = (cluster[cluster.length - 1] as number) - (cluster[0] as number);
  const envelope = lowerEnvelope(pairs, boot);
  const drift = envelope
    ? `; drift followed: lower envelope per hour of kernel time (${envelope.length} windows, ` +
      `${(Math.max(...envelope.map((p) => p.d)) - Math.min(...envelope.map((p) => p.d))).toFixed(3)} s)`
    : '';
  return {
    bootEpochSeconds: boot,
    anchors: cluster.length,
    spreadSeconds: Math.round(spread * 1e6) / 1e6,
    boundsAgree: consistent,
    resolution,
    ...(envelope ? { envelope } : {}),
    method:
      (consistent
        ? `kernel lines matched in the journal (${cluster.length} anchors, ${coarse ? '1 s' : 'µs'} journal resolution, bounds agree)`
        : `lower envelope of journal receive time (${cluster.length} anchors, ${coarse ? '1 s' : 'µs'} journal resolution)`) +
      drift,
  };
}
