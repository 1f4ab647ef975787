// One big file on several cores: a kernel log of gigabytes is cut at line starts into parts, the
// parts are scanned at once by the scan pool (workers/scan-pool.ts, cli/scan-threads.ts), and their
// scans are joined into the scan one reading of the file would have given. Line numbers of a part
// count from its own start, so the join renumbers them; the boot a part begins in is decided from
// where the part before it ended, as the scan itself decides at a clock going back.
//
// Only formats whose lines stand alone and whose scan keeps nothing a later line depends on,
// but the boot tracking, are cut (raw dmesg, which also has the cheap path of workers/skim.ts).

import type { FormatId } from '../parsers/types.ts';
import { keptOf, MAX_ANCHORS } from './anchor-ring.ts';
import type { FilePart } from './engine.ts';
import { MAX_CHECKPOINTS, MAX_UNPARSED_SAMPLES, REBOOT_DROP_S, type SourceScan } from './scan.ts';
import { joinVolume } from './volume.ts';

/** Files smaller than this are read in one piece: a part must be worth a worker's start. */
export const SPLIT_MIN_BYTES = 48 * 1024 * 1024;
/** How far past a cut the next line start is looked for; a longer line is not cut at. */
const FIND_LINE_BYTES = 1024 * 1024;

export function splittable(format: FormatId): boolean {
  return format === 'dmesg';
}

/**
 * Where to cut a file into `parts` parts of about equal size: each cut is the start of a line (the
 * byte after a newline), found by reading a little of the file past the even cut. Returns the
 * parts' [start, end) ranges, in order, covering the file; fewer when no line start is near a cut.
 */
export async function cutPoints(blob: Blob, parts: number): Promise<{ start: number; end: number }[]> {
  const size = blob.size;
  const cuts = [0];
  for (let k = 1; k < parts; k++) {
    const even = Math.floor((size * k) / parts);
    const from = Math.max(even - 1, (cuts[cuts.length - 1] as number) + 1);
    if (from >= size) break;
    const bytes = new Uint8Array(
      await blob.slice(from, Math.min(size, from + FIND_LINE_BYTES)).arrayBuffer(),
    );
    const nl = bytes.indexOf(0x0a);
    if (nl === -1) continue;
    const cut = from + nl + 1;
    if (cut < size) cuts.push(cut);
  }
  return cuts.map((start, i) => ({ start, end: cuts[i + 1] ?? size }));
}

/** The parts of a file to scan, or null when it is read whole. */
export async function filePartsOf(
  blob: Blob,
  detection: FilePart['detection'],
  workers: number,
  minBytes = SPLIT_MIN_BYTES,
): Promise<FilePart[] | null> {
  if (workers < 2 || blob.size < minBytes || !splittable(detection.format)) return null;
  const ranges = await cutPoints(blob, workers);
  return ranges.length < 2 ? null : ranges.map((r) => ({ ...r, detection }));
}

/** Adds `by` to the line numbers of a part's scan (they count from the part's start). */
function shiftLines(s: SourceScan, by: number) {
  if (by === 0) return;
  const stamp = <T extends { line?: number }>(t: T | undefined) =>
    t && t.line !== undefined ? { ...t, line: t.line + by } : t;
  s.unparsedSamples = s.unparsedSamples.map((u) => ({ ...u, line: u.line + by }));
  s.events = s.events.map((e) => ({ ...e, line: e.line + by }));
  s.anchors = s.anchors.map((a) => stamp(a) as typeof a);
  s.facts = s.facts.map((f) => ({ ...f, line: f.line + by }));
  s.firstStamp = stamp(s.firstStamp);
  s.lastStamp = stamp(s.lastStamp);
  s.boots = s.boots.map((b) => ({
    ...b,
    firstLine: b.firstLine + by,
    lastLine: b.lastLine + by,
    ...(b.marker ? { marker: { ...b.marker, line: b.marker.line + by } } : {}),
  }));
  s.yearRollovers = s.yearRollovers.map((l) => l + by);
  s.leapDayLines = s.leapDayLines.map((l) => l + by);
  s.clockBacks = s.clockBacks.map((c) => ({ ...c, line: c.line + by }));
  s.checkpoints = s.checkpoints.map((c) =>
    c.stamp ? { ...c, line: c.line + by, stamp: stamp(c.stamp) } : { ...c, line: c.line + by },
  );
  if (s.rangeBegin?.line !== undefined) s.rangeBegin = { ...s.rangeBegin, line: s.rangeBegin.line + by };
}

const union = (a: number[] | string[], b: readonly (number | string)[]) => {
  const out = [...a] as (number | string)[];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
};

/**
 * The scan of a whole file from the scans of its parts, in file order. The same as one reading of
 * the file but for the sparse index: a part's checkpoints fall every CHECKPOINT_LINES lines of
 * the part (or a multiple), so they are spaced unevenly where parts meet (each still a line start
 * with the last stamp before it).
 */
export function joinParts(parts: readonly SourceScan[]): SourceScan {
  const [first, ...rest] = parts;
  if (!first) throw new Error('joinParts needs at least one part');
  const out: SourceScan = { ...first, hostVotes: new Map(first.hostVotes) };
  let pushes = first.anchorPushes ?? first.anchors.length;
  for (const part of rest) {
    const p: SourceScan = { ...part };
    shiftLines(p, out.lines);
    // The boot the part begins in: the one before it goes on unless its clock went back.
    const [head, ...boots] = p.boots;
    let bootShift = out.boots.length;
    if (head) {
      const last = out.boots[out.boots.length - 1];
      const mono = p.firstStamp?.mono;
      const prev = out.track.mono;
      const reboot =
        !last ||
        (mono !== undefined &&
          prev !== undefined &&
          (mono < prev - REBOOT_DROP_S || (mono < prev && p.track.firstLinuxVersion === true)));
      if (!last) out.boots = [head, ...boots];
      else if (reboot) out.boots = [...out.boots, { ...head, start: 'clock-back' }, ...boots];
      else {
        out.boots = [
          ...out.boots.slice(0, -1),
          {
            ...last,
            lastLine: head.lastLine,
            ...((last.bootId ?? head.bootId) ? { bootId: last.bootId ?? head.bootId } : {}),
          },
          ...boots,
        ];
        bootShift--;
      }
    }
    out.volume = joinVolume(out.volume, p.volume, bootShift, out.yearRollovers.length);
    // The part's first checkpoints came before any stamp of its own: the last stamp before them is the previous part's.
    p.checkpoints = p.checkpoints.map((c) =>
      c.stamp || !out.lastStamp ? c : { ...c, stamp: out.lastStamp },
    );
    out.lines += p.lines;
    out.parsed += p.parsed;
    out.unparsed += p.unparsed;
    out.unparsedSamples = [...out.unparsedSamples, ...p.unparsedSamples].slice(0, MAX_UNPARSED_SAMPLES);
    out.truncatedLines += p.truncatedLines;
    out.events = [...out.events, ...p.events];
    for (const [stage, n] of Object.entries(p.stageCounts)) {
      const id = stage as keyof SourceScan['stageCounts'];
      out.stageCounts = { ...out.stageCounts, [id]: (out.stageCounts[id] ?? 0) + n };
    }
    const all = [...out.anchors, ...p.anchors];
    pushes += p.anchorPushes ?? p.anchors.length;
    out.anchors = all.slice(Math.max(0, all.length - Math.min(MAX_ANCHORS, pushes)));
    for (const [h, n] of p.hostVotes) out.hostVotes.set(h, (out.hostVotes.get(h) ?? 0) + n);
    out.rangeBegin ??= p.rangeBegin;
    if (p.kernelVersion !== undefined) out.kernelVersion = p.kernelVersion;
    out.clientIds = union(out.clientIds, p.clientIds) as number[];
    out.fsids = union(out.fsids, p.fsids) as string[];
    out.config = [...out.config, ...p.config];
    out.facts = [...out.facts, ...p.facts];
    out.clock ??= p.clock;
    out.firstStamp ??= p.firstStamp;
    out.lastStamp = p.lastStamp ?? out.lastStamp;
    out.klogSkews = new Map(out.klogSkews);
    for (const [skew, n] of p.klogSkews) out.klogSkews.set(skew, (out.klogSkews.get(skew) ?? 0) + n);
    out.stampedRecords += p.stampedRecords;
    out.yearRollovers = [...out.yearRollovers, ...p.yearRollovers];
    out.leapDayLines = [...out.leapDayLines, ...p.leapDayLines];
    out.clockBacks = [...out.clockBacks, ...p.clockBacks];
    out.track = { ...out.track };
    for (const [k, v] of Object.entries(p.track)) if (v !== undefined) Object.assign(out.track, { [k]: v });
    out.warnings = union(out.warnings, p.warnings) as string[];
    out.error ??= p.error;
    out.checkpoints = [...out.checkpoints, ...p.checkpoints];
    out.bytes += p.bytes;
  }
  out.anchors = out.anchors.slice(out.anchors.length - Math.min(out.anchors.length, keptOf(pushes)));
  // The parts' indexes together may pass the bound of one: every other entry goes, as in one scan.
  while (out.checkpoints.length > MAX_CHECKPOINTS)
    out.checkpoints = out.checkpoints.filter((_, i) => i % 2 === 0);
  delete out.anchorPushes;
  // Only the file's first stamped record can say so, as in one reading of the file.
  delete out.track.firstLinuxVersion;
  if (parts.find((p) => p.boots.length > 0)?.track.firstLinuxVersion) out.track.firstLinuxVersion = true;
  return out;
}
