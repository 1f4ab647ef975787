// Clocks of the sources (pure): every stamp of every source to epoch milliseconds, or null with
// a warning saying why. Wall sources first; kubelet klog files take their zone from the host's
// journal; boot-relative sources are fitted from kernel lines that wall sources of the host share.
import type { CivilTime } from '../parsers/types.ts';
import {
  type AnchorPair,
  civilKey,
  civilToEpochMs,
  fitBootOffset,
  formatOffset,
  parseZone,
  UTC,
  type Zone,
} from './clock.ts';
import type { SourceClock } from './incident.ts';
import type { SourceScan, Stamp } from './scan.ts';

export interface SourceTiming {
  host: string | null;
  clock: SourceClock;
  /** Epoch ms of a stamp, or null when it cannot be placed on the wall clock. */
  timeOf(stamp: Stamp): number | null;
}

interface YearRef {
  time: CivilTime;
  year: number;
  source: string;
}

interface HostClues {
  zone?: { zone: Zone; how: string };
  year?: YearRef;
}

export function timeSources(
  scans: readonly SourceScan[],
  hosts: Map<SourceScan, string | null>,
): Map<SourceScan, SourceTiming> {
  const clues = hostClues(scans, hosts);
  const timings = new Map<SourceScan, SourceTiming>();
  const hostOf = (s: SourceScan) => hosts.get(s) ?? null;
  const cluesOf = (s: SourceScan) => clues.get(hostOf(s) ?? '') ?? {};

  for (const scan of scans) {
    if (scan.clock === 'epoch') timings.set(scan, epochTiming(hostOf(scan)));
    else if (scan.clock === 'civil' && scan.format !== 'klog') {
      timings.set(scan, civilTiming(scan, hostOf(scan), cluesOf(scan)));
    }
  }
  for (const scan of scans) {
    if (scan.clock === 'civil' && scan.format === 'klog') {
      timings.set(scan, klogTiming(scan, hostOf(scan), cluesOf(scan), scans, timings));
    }
  }
  for (const scan of scans) {
    if (scan.clock === 'mono') timings.set(scan, monoTiming(scan, hostOf(scan), scans, timings));
  }
  for (const scan of scans) {
    if (!timings.has(scan)) timings.set(scan, untimed(scan, hostOf(scan)));
  }
  return timings;
}

// ---------------------------------------------------------------------------------------------
// Zone and year clues of a host

/**
 * What the bundle says about a host's zone and year, strongest first: `timedatectl`/`date`
 * facts, the journal's `-- Logs begin at … --` line, zoned stamps of its own logs.
 */
function hostClues(
  scans: readonly SourceScan[],
  hosts: Map<SourceScan, string | null>,
): Map<string, HostClues> {
  const out = new Map<string, HostClues>();
  for (const scan of scans) {
    const host = hosts.get(scan);
    if (!host) continue;
    const c = out.get(host) ?? {};
    out.set(host, c);
    for (const { fact } of scan.facts) {
      if (
        fact.kind === 'time-zone' &&
        fact.offsetMinutes !== undefined &&
        !c.zone?.how.startsWith('timedatectl')
      ) {
        const name = fact.name ?? fact.abbreviation ?? formatOffset(fact.offsetMinutes);
        c.zone = {
          zone: { name, offsetMinutes: fact.offsetMinutes },
          how: `${scan.format.replace('host-', '')} (${scan.path})`,
        };
      }
    }
    const rangeZone = scan.rangeBegin?.zone ? parseZone(scan.rangeBegin.zone) : null;
    if (rangeZone && !c.zone) c.zone = { zone: rangeZone, how: `the journal header of ${scan.path}` };
    const printed = scan.firstStamp?.zone ? parseZone(scan.firstStamp.zone) : null;
    if (printed && !c.zone && scan.firstStamp?.civil) {
      c.zone = { zone: printed, how: `the zoned timestamps of ${scan.path}` };
    }
    const year = datedYear(scan);
    if (year && !c.year) c.year = year;
  }
  return out;
}

/** A year reference from a source whose stamps or header carry one. */
function datedYear(scan: SourceScan): YearRef | null {
  const begin = scan.rangeBegin?.time;
  if (begin?.year !== undefined)
    return { time: begin, year: begin.year, source: `the header of ${scan.path}` };
  const last = scan.lastStamp;
  if (last?.civil?.year !== undefined) return { time: last.civil, year: last.civil.year, source: scan.path };
  if (last?.epochMs !== undefined) {
    const d = new Date(last.epochMs);
    const time = {
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: 0,
      minute: 0,
      second: 0,
      micros: 0,
    };
    return { time, year: d.getUTCFullYear(), source: scan.path };
  }
  return null;
}

/** Year for a year-less stamp, given a reference stamp that has one (rollover-aware). */
function yearFor(t: CivilTime, ref: YearRef): number {
  // A stamp earlier in the calendar than the reference lies in the following year (Dec → Jan).
  return civilKey(t) < civilKey(ref.time) - 86_400e6 ? ref.year + 1 : ref.year;
}

/** The year of a file's year-less stamps: its own header, the host's dated logs, the file's mtime. */
function yearRefOf(scan: SourceScan, clues: HostClues): YearRef | null {
  const own = datedYear(scan);
  if (own)
    return { ...own, source: own.source === scan.path ? 'from its own timestamps' : `from ${own.source}` };
  if (clues.year) return { ...clues.year, source: `from ${clues.year.source}` };
  if (scan.lastModified !== undefined && scan.lastModified > 0) {
    const d = new Date(scan.lastModified);
    // The modification time is after the last line: lines later in the calendar are from the year before.
    const mtimeKey = civilKey({
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      micros: 0,
    });
    const lastKey = scan.lastStamp?.civil ? civilKey(scan.lastStamp.civil) : 0;
    const year = lastKey > mtimeKey + 86_400e6 ? d.getUTCFullYear() - 1 : d.getUTCFullYear();
    const time = { month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0 };
    return { time, year, source: 'assumed from the file modification time' };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Wall-clock sources

function epochTiming(host: string | null): SourceTiming {
  return {
    host,
    clock: {
      kind: 'wall',
      aligned: true,
      method: 'exact timestamps (epoch)',
      offsetSeconds: 0,
      zone: 'UTC',
      zoneAssumed: false,
    },
    timeOf: (s) => s.epochMs ?? null,
  };
}

/** Whole-quarter-hour difference between the journal stamps and the klog stamps they carry. */
function klogSkewSeconds(scan: SourceScan): number {
  if (scan.klogSkews.length === 0) return 0;
  const sorted = [...scan.klogSkews].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] as number;
  // Day wrap: 23:59:59 journal vs 00:00:00 klog.
  const wrapped = median > 43_200 ? median - 86_400 : median < -43_200 ? median + 86_400 : median;
  return Math.round(wrapped / 900) * 900;
}

/** Zone of a source's naive stamps: its header, else the host's zone, else UTC (said so). */
function sourceZone(scan: SourceScan, clues: HostClues): { zone: Zone; assumed: boolean; how: string } {
  const header = scan.rangeBegin?.zone;
  const parsed = header ? parseZone(header) : null;
  if (parsed) return { zone: parsed, assumed: false, how: 'its header' };
  if (clues.zone) return { zone: clues.zone.zone, assumed: false, how: clues.zone.how };
  scan.warnings.push(
    header
      ? `The file names its zone "${header}", which is ambiguous; UTC is assumed.`
      : 'Nothing in the bundle says the time zone of this file; UTC is assumed.',
  );
  return { zone: UTC, assumed: true, how: 'assumed' };
}

function civilTiming(scan: SourceScan, host: string | null, clues: HostClues): SourceTiming {
  const printedZone = scan.firstStamp?.zone;
  const ownZone = printedZone ? parseZone(printedZone) : null;
  const { zone, assumed, how } = ownZone
    ? { zone: ownZone, assumed: false, how: 'its timestamps' }
    : sourceZone(scan, clues);
  const needsYear = scan.firstStamp?.civil?.year === undefined;
  const ref = needsYear ? yearRefOf(scan, clues) : null;
  if (needsYear && !ref)
    scan.warnings.push('No year is known for this file; its lines are left off the timeline.');
  else if (ref?.source.startsWith('assumed')) scan.warnings.push(`The year (${ref.year}) is ${ref.source}.`);
  const skew = klogSkewSeconds(scan);
  return {
    host,
    clock: {
      kind: 'wall',
      aligned: !needsYear || ref !== null,
      method: `timestamps of the file, zone from ${how}`,
      offsetSeconds: -zone.offsetMinutes * 60,
      zone: zone.name,
      zoneAssumed: assumed,
      ...(ref ? { year: ref.year, yearSource: ref.source } : {}),
    },
    timeOf: (s) => {
      if (s.epochMs !== undefined) return s.epochMs;
      if (!s.civil) return null;
      const year = s.civil.year ?? (ref ? yearFor(s.civil, ref) : null);
      if (year === null) return null;
      const z = (s.zone ? parseZone(s.zone) : null) ?? zone;
      // Kubelet lines carry their own microsecond klog stamp, in the kubelet's zone.
      if (s.klogCivil) return civilToEpochMs(s.klogCivil, year, z) + skew * 1000;
      return civilToEpochMs(s.civil, year, z);
    },
  };
}

function journalsOf(
  host: string | null,
  scans: readonly SourceScan[],
  timings: Map<SourceScan, SourceTiming>,
) {
  return scans.filter((s) => s.klogSkews.length > 0 && host !== null && timings.get(s)?.host === host);
}

/**
 * A kubelet klog file has neither year nor zone. The zone is the journal's shifted by the skew its
 * copies of kubelet lines show; the year comes from `Log file created at:` or the host's logs.
 */
function klogTiming(
  scan: SourceScan,
  host: string | null,
  clues: HostClues,
  scans: readonly SourceScan[],
  timings: Map<SourceScan, SourceTiming>,
): SourceTiming {
  const journal = journalsOf(host, scans, timings)[0];
  const jt = journal ? timings.get(journal) : undefined;
  let zone: Zone = UTC;
  let zoneAssumed = true;
  let how = 'assumed';
  if (journal && jt?.clock.zone) {
    const jz = parseZone(jt.clock.zone) ?? UTC;
    const offsetMinutes = jz.offsetMinutes - klogSkewSeconds(journal) / 60;
    zone = { name: formatOffset(offsetMinutes), offsetMinutes };
    zoneAssumed = jt.clock.zoneAssumed ?? true;
    how = `the journal of ${host}`;
  } else if (clues.zone) {
    zone = clues.zone.zone;
    zoneAssumed = false;
    how = clues.zone.how;
  } else {
    scan.warnings.push('Nothing in the bundle says the kubelet time zone of this host; UTC is assumed.');
  }
  const ref: YearRef | null =
    scan.rangeBegin?.time.year !== undefined
      ? {
          time: scan.rangeBegin.time,
          year: scan.rangeBegin.time.year,
          source: 'from the klog "Log file created at" line',
        }
      : yearRefOf(scan, clues);
  if (!ref) scan.warnings.push('No year is known for this file; its lines are left off the timeline.');
  else if (ref.source.startsWith('assumed')) scan.warnings.push(`The year (${ref.year}) is ${ref.source}.`);
  return {
    host,
    clock: {
      kind: 'wall',
      aligned: ref !== null,
      method: `klog timestamps, zone from ${how}`,
      offsetSeconds: -zone.offsetMinutes * 60,
      zone: zone.name,
      zoneAssumed,
      ...(ref ? { year: ref.year, yearSource: ref.source } : {}),
    },
    timeOf: (s) => (ref && s.civil ? civilToEpochMs(s.civil, yearFor(s.civil, ref), zone) : null),
  };
}

// ---------------------------------------------------------------------------------------------
// Boot-relative sources

function monoTiming(
  scan: SourceScan,
  host: string | null,
  scans: readonly SourceScan[],
  timings: Map<SourceScan, SourceTiming>,
): SourceTiming {
  const pairs: AnchorPair[] = [];
  let zone: string | undefined;
  let zoneAssumed: boolean | undefined;
  for (const other of scans) {
    const ot = timings.get(other);
    if (other === scan || !ot || ot.clock.kind !== 'wall' || host === null || ot.host !== host) continue;
    const before = pairs.length;
    for (const pair of anchorPairs(scan, other, ot)) pairs.push(pair);
    if (pairs.length > before) {
      zone ??= ot.clock.zone;
      zoneAssumed ??= ot.clock.zoneAssumed;
    }
  }
  const fit = fitBootOffset(pairs);
  if (!fit) {
    scan.warnings.push(
      'No kernel line of this file was found in a wall-clock log of the same host, so its boot-relative ' +
        'times cannot be turned into wall-clock time; its events are left off the timeline.',
    );
  }
  return {
    host,
    clock: fit
      ? {
          kind: 'monotonic',
          aligned: true,
          method: fit.method,
          offsetSeconds: fit.bootEpochSeconds,
          anchors: fit.anchors,
          spreadSeconds: fit.spreadSeconds,
          ...(zone ? { zone, zoneAssumed } : {}),
        }
      : {
          kind: 'monotonic',
          aligned: false,
          method: 'not aligned: no shared kernel lines',
          offsetSeconds: 0,
        },
    timeOf: (s) => (fit && s.mono !== undefined ? (fit.bootEpochSeconds + s.mono) * 1000 : null),
  };
}

/**
 * Pairs of (kernel time, wall time) between a boot-relative source and a wall source of the same
 * host: lines the wall source stamps with their printk time pair on their own; other kernel lines
 * pair by text when the message appears exactly once on each side (the quota loop's repeats
 * cannot be paired without the offset this is computing).
 */
function anchorPairs(mono: SourceScan, wall: SourceScan, wt: SourceTiming): AnchorPair[] {
  const pairs: AnchorPair[] = [];
  const resolutionOf = (s: Stamp) => (s.epochMs !== undefined || (s.civil?.micros ?? 0) !== 0 ? 1e-6 : 1);
  const kernelOf = (s: SourceScan) => [...s.anchors, ...s.events.filter((e) => e.origin === 'kernel')];
  const wallLines = kernelOf(wall);
  for (const a of wall.anchors) {
    if (a.kernelMono === undefined) continue;
    const w = wt.timeOf(a);
    if (w !== null) pairs.push({ mono: a.kernelMono, wallSeconds: w / 1000, resolution: resolutionOf(a) });
  }
  const once = <T extends { key: string }>(items: T[]) => {
    const seen = new Map<string, T | null>();
    for (const it of items) seen.set(it.key, seen.has(it.key) ? null : it);
    return seen;
  };
  const m = once(kernelOf(mono));
  const w = once(wallLines);
  for (const [key, a] of m) {
    const b = w.get(key);
    if (!a || !b || a.mono === undefined) continue;
    const wallMs = wt.timeOf(b);
    if (wallMs !== null)
      pairs.push({ mono: a.mono, wallSeconds: wallMs / 1000, resolution: resolutionOf(b) });
  }
  return pairs;
}

function untimed(scan: SourceScan, host: string | null): SourceTiming {
  const none = scan.format === 'unrecognised' || scan.firstStamp === undefined;
  return {
    host,
    clock: {
      kind: 'none',
      aligned: false,
      method: none ? 'no timestamps in this file' : 'no timestamps in this format',
      offsetSeconds: 0,
    },
    timeOf: () => null,
  };
}
