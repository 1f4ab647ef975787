// The clock anchors of a scan: the newest kernel lines, kept to align boot-relative time with the
// wall clock. A kernel log makes one per line, so a scan that skims (workers/skim.ts) keeps them
// in a ring of numbers and text ranges instead of an object per line, and makes the objects once,
// at the end, for the anchors that are kept.

import { ownString } from '../parsers/lines.ts';
import type { Anchor, SourceScan, Stamp } from './scan.ts';
import { messageKey } from './scan.ts';

/** Anchors kept per source: when full, the older half goes (the journal usually covers the end of a long boot). */
export const MAX_ANCHORS = 50_000;
const HALF = MAX_ANCHORS / 2;

/**
 * The last MAX_ANCHORS anchors pushed, in push order. An entry is either an Anchor or a message
 * still in the text it was read from (`text[start, end)`, the stamp in `mono` and `line`).
 */
class AnchorRing {
  private readonly ref: (Anchor | string | undefined)[] = new Array(MAX_ANCHORS);
  private readonly start = new Int32Array(MAX_ANCHORS);
  private readonly end = new Int32Array(MAX_ANCHORS);
  private readonly mono = new Float64Array(MAX_ANCHORS);
  private readonly line = new Float64Array(MAX_ANCHORS);
  /** For a wall-stamped line: its stamp, and its printk time (NaN: none). */
  private readonly stamp: (Stamp | undefined)[] = new Array(MAX_ANCHORS);
  private readonly kernelMono = new Float64Array(MAX_ANCHORS);
  private pushed = 0;

  get pushedCount(): number {
    return this.pushed;
  }

  pushAnchor(a: Anchor): void {
    this.ref[this.pushed % MAX_ANCHORS] = a;
    this.pushed++;
  }

  pushText(text: string, start: number, end: number, mono: number, line: number): void {
    const slot = this.pushed % MAX_ANCHORS;
    this.ref[slot] = text;
    this.start[slot] = start;
    this.end[slot] = end;
    this.mono[slot] = mono;
    this.line[slot] = line;
    this.stamp[slot] = undefined;
    this.pushed++;
  }

  pushStampedText(text: string, start: number, end: number, stamp: Stamp, kernelMono: number): void {
    const slot = this.pushed % MAX_ANCHORS;
    this.ref[slot] = text;
    this.start[slot] = start;
    this.end[slot] = end;
    this.stamp[slot] = stamp;
    this.kernelMono[slot] = kernelMono;
    this.pushed++;
  }

  /**
   * What an array that drops its older half whenever it is full would hold after the same pushes
   * (the rule of pushAnchor without a ring): all of them up to MAX_ANCHORS, then HALF + 1 to
   * MAX_ANCHORS of the newest.
   */
  anchors(all = false): Anchor[] {
    const n = this.pushed;
    const kept = all ? Math.min(n, MAX_ANCHORS) : keptOf(n);
    const out: Anchor[] = [];
    for (let i = n - kept; i < n; i++) {
      const slot = i % MAX_ANCHORS;
      const ref = this.ref[slot];
      if (typeof ref !== 'string') {
        if (ref) out.push(ref);
        continue;
      }
      // A copy: a slice would keep the whole decoded piece alive.
      const key = ownString(messageKey(ref.slice(this.start[slot], this.end[slot])));
      const stamp = this.stamp[slot];
      const kernelMono = this.kernelMono[slot] as number;
      if (!stamp) out.push({ key, mono: this.mono[slot] as number, line: this.line[slot] as number });
      else if (Number.isNaN(kernelMono)) out.push({ key, ...stamp });
      else out.push({ key, ...stamp, kernelMono });
    }
    return out;
  }
}

/** How many of `n` pushed anchors an array that drops its older half when full still holds. */
export function keptOf(n: number): number {
  return n <= MAX_ANCHORS ? n : HALF + ((n - MAX_ANCHORS - 1) % HALF) + 1;
}

const rings = new WeakMap<SourceScan, AnchorRing>();

/** From now on the scan's anchors go to a ring; settleAnchors() puts them back in `scan.anchors`. */
export function ringAnchors(scan: SourceScan): void {
  if (!rings.has(scan)) rings.set(scan, new AnchorRing());
}

/** Keeps one anchor, dropping the older half of them when MAX_ANCHORS are kept. */
export function pushAnchor(scan: SourceScan, a: Anchor): void {
  const ring = rings.get(scan);
  if (ring) {
    ring.pushAnchor(a);
    return;
  }
  if (scan.anchors.length >= MAX_ANCHORS) scan.anchors.splice(0, HALF);
  scan.anchors.push(a);
}

/** An anchor of a boot-relative kernel line whose message is `text[start, end)`; made into an object only if kept. */
export function pushTextAnchor(
  scan: SourceScan,
  text: string,
  start: number,
  end: number,
  mono: number,
  line: number,
): void {
  const ring = rings.get(scan);
  if (ring) ring.pushText(text, start, end, mono, line);
  else pushAnchor(scan, { key: messageKey(text.slice(start, end)), mono, line });
}

/**
 * An anchor of a wall-stamped kernel line (`stamp`, and its printk time or NaN) whose message is
 * `text[start, end)`; made into an object only if kept.
 */
export function pushStampedTextAnchor(
  scan: SourceScan,
  text: string,
  start: number,
  end: number,
  stamp: Stamp,
  kernelMono: number,
): void {
  const ring = rings.get(scan);
  if (ring) ring.pushStampedText(text, start, end, stamp, kernelMono);
  else {
    const key = messageKey(text.slice(start, end));
    pushAnchor(scan, Number.isNaN(kernelMono) ? { key, ...stamp } : { key, ...stamp, kernelMono });
  }
}

/**
 * Ends the ring of a scan: its kept anchors become `scan.anchors`. A part of a file keeps the last
 * MAX_ANCHORS and says how many it saw, so that the parts together keep what one scan would.
 */
export function settleAnchors(scan: SourceScan, part = false): void {
  const ring = rings.get(scan);
  if (!ring) return;
  rings.delete(scan);
  if (part) scan.anchorPushes = ring.pushedCount;
  const kept = ring.anchors(part);
  scan.anchors = scan.anchors.length === 0 ? kept : scan.anchors.concat(kept);
}
