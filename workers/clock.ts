// Clock helpers of the correlator: naive calendar stamps to UTC, and boot-relative kernel seconds
// to wall-clock time fitted from kernel lines that a host's journal also holds.
import type { CivilTime } from '../parsers/types.ts';

/** A zone the bundle named, as a fixed offset from UTC. */
export interface Zone {
  name: string;
  offsetMinutes: number;
}

export const UTC: Zone = { name: 'UTC', offsetMinutes: 0 };

/**
 * Fixed-offset zones only. Abbreviations other than UTC/GMT are ambiguous (`CST` is UTC-6 in the
 * US and UTC+8 in China), so they are refused and the caller states an assumption instead.
 */
export function parseZone(text: string): Zone | null {
  const t = text.trim();
  if (/^(?:UTC|GMT|Z|Etc\/UTC|UCT|Universal)$/i.test(t)) return { name: 'UTC', offsetMinutes: 0 };
  const m = /^(?:UTC|GMT)?(?<sign>[+-])(?<hh>\d{2}):?(?<mm>\d{2})?$/.exec(t);
  if (m?.groups) {
    const minutes = Number(m.groups.hh) * 60 + Number(m.groups.mm ?? '0');
    if (minutes > 14 * 60) return null;
    const offsetMinutes = m.groups.sign === '-' ? -minutes : minutes;
    return { name: formatOffset(offsetMinutes), offsetMinutes };
  }
  return null;
}

export function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Epoch milliseconds (fractional, microsecond precision) of a naive stamp read in `zone`. */
export function civilToEpochMs(t: CivilTime, year: number, zone: Zone): number {
  const base = Date.UTC(year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return base - zone.offsetMinutes * 60_000 + t.micros / 1000;
}

/** Month/day/time as one sortable number, for comparing year-less stamps. */
export function civilKey(t: CivilTime): number {
  return ((((t.month * 32 + t.day) * 24 + t.hour) * 60 + t.minute) * 60 + t.second) * 1e6 + t.micros;
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
  const coarse = members.some((m) => m.res >= 1);
  const consistent = lo <= hi;
  const boot = consistent ? (lo + hi) / 2 : hi;
  const spread = (cluster[cluster.length - 1] as number) - (cluster[0] as number);
  return {
    bootEpochSeconds: boot,
    anchors: cluster.length,
    spreadSeconds: Math.round(spread * 1e6) / 1e6,
    method: consistent
      ? `kernel lines matched in the journal (${cluster.length} anchors, ${coarse ? '1 s' : 'µs'} journal resolution, bounds agree)`
      : `lower envelope of journal receive time (${cluster.length} anchors, ${coarse ? '1 s' : 'µs'} journal resolution)`,
  };
}
