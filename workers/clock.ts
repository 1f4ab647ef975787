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
  return {
    bootEpochSeconds: boot,
    anchors: cluster.length,
    spreadSeconds: Math.round(spread * 1e6) / 1e6,
    boundsAgree: consistent,
    resolution,
    method: consistent
      ? `kernel lines matched in the journal (${cluster.length} anchors, ${coarse ? '1 s' : 'µs'} journal resolution, bounds agree)`
      : `lower envelope of journal receive time (${cluster.length} anchors, ${coarse ? '1 s' : 'µs'} journal resolution)`,
  };
}
