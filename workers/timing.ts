// Clocks of the sources (pure): every stamp of every source to epoch milliseconds, or null with
// a warning saying why. Wall sources first (zone and year of naive stamps); kubelet klog files take
// their zone from the host's journal; boot-relative sources are fitted boot by boot from kernel lines
// that wall sources of the host share, else from `dmesg -T` copies, else from `date` − `uptime`.
import type { CivilTime, FormatId } from '../parsers/types.ts';
import type { AnalyzeOptions } from './api.ts';
import {
  type AnchorPair,
  type BootFit,
  civilKey,
  fitBootOffset,
  isLeapYear,
  lastYearOf,
  wallSecondsAt,
  type YearRef,
} from './clock.ts';
import type { BootClock, SourceClock } from './incident.ts';
import type { Anchor, RawEvent, ScanBoot, SourceScan, Stamp } from './scan.ts';
import {
  civilInZone,
  formatOffset,
  localToEpoch,
  offsetAt,
  parseZone,
  UTC,
  type Zone,
  zoneSetting,
} from './zones.ts';

export interface SourceTiming {
  host: string | null;
  clock: SourceClock;
  /** Epoch ms of a stamp, or null when it cannot be placed on the wall clock. */
  timeOf(stamp: Stamp): number | null;
  /** The zone naive stamps were read in (wall sources). */
  zone?: Zone;
}

/** The options that re-time sources: a zone per file, and a zone for files the bundle says nothing about. */
export type TimingOptions = Pick<AnalyzeOptions, 'timeZones' | 'defaultTimeZone'>;

interface Instant {
  ms: number;
  /** Where it was read, in words (`the collection time in node-a/date`). */
  source: string;
  path: string;
}

interface HostClues {
  zone?: { zone: Zone; how: string };
  /** A clock reading taken when the bundle was collected (`date`, `timedatectl`). */
  collected?: Instant;
  /** The last instant of a log of the host whose stamps carry a year. */
  dated?: Instant;
  uptime?: { seconds: number; resolution: number; source: string };
}

const BUNDLE = '\u0000bundle';

export function timeSources(
  scans: readonly SourceScan[],
  hosts: Map<SourceScan, string | null>,
  opts: TimingOptions = {},
): Map<SourceScan, SourceTiming> {
  const clues = hostClues(scans, hosts);
  const timings = new Map<SourceScan, SourceTiming>();
  const hostOf = (s: SourceScan) => hosts.get(s) ?? null;
  const cluesOf = (s: SourceScan): Clues => ({
    host: clues.get(hostOf(s) ?? '') ?? {},
    bundle: clues.get(BUNDLE) ?? {},
  });

  for (const scan of scans) {
    if (scan.clock === 'epoch') timings.set(scan, epochTiming(hostOf(scan)));
    else if (scan.clock === 'civil' && scan.format !== 'klog') {
      timings.set(scan, civilTiming(scan, hostOf(scan), cluesOf(scan), opts));
    }
  }
  for (const scan of scans) {
    if (scan.clock === 'civil' && scan.format === 'klog') {
      timings.set(scan, klogTiming(scan, hostOf(scan), cluesOf(scan), opts, scans, timings));
    }
  }
  for (const scan of scans) {
    if (scan.clock === 'mono')
      timings.set(scan, monoTiming(scan, hostOf(scan), cluesOf(scan), scans, timings));
  }
  for (const scan of scans) {
    if (!timings.has(scan)) timings.set(scan, untimed(scan, hostOf(scan)));
  }
  return timings;
}

// ---------------------------------------------------------------------------------------------
// What the bundle says about a host's zone, year and boot

interface Clues {
  host: HostClues;
  /** Bundle-wide fallbacks (any host's collection time or dated log) for hosts with none. */
  bundle: HostClues;
}

/**
 * Zone: `timedatectl` first (its IANA name keeps DST right), then `date`, the journal's `-- Logs
 * begin at … --` line, zoned stamps of the host's logs. Year: collection-time readings and dated logs.
 */
function hostClues(
  scans: readonly SourceScan[],
  hosts: Map<SourceScan, string | null>,
): Map<string, HostClues> {
  const out = new Map<string, HostClues>();
  const bundle: HostClues = {};
  out.set(BUNDLE, bundle);
  for (const scan of scans) {
    const host = hosts.get(scan);
    const c = host ? (out.get(host) ?? {}) : {};
    if (host) out.set(host, c);
    const where = `${scan.format.replace('host-', '')} (${scan.path})`;
    for (const { fact } of scan.facts) {
      if (fact.kind === 'time-zone' && !c.zone?.how.startsWith('timedatectl')) {
        const named = fact.name ? zoneSetting(fact.name) : null;
        if (named && 'zone' in named) c.zone = { zone: named.zone, how: where };
        else if (fact.offsetMinutes !== undefined) {
          const name = fact.name ?? fact.abbreviation ?? formatOffset(fact.offsetMinutes);
          c.zone = { zone: { name, offsetMinutes: fact.offsetMinutes }, how: where };
        }
      } else if (fact.kind === 'clock-reading') {
        c.collected ??= { ms: fact.epochMs, source: `the collection time in ${scan.path}`, path: scan.path };
        bundle.collected ??= c.collected;
      } else if (fact.kind === 'uptime' && !c.uptime) {
        const coarse = fact.at !== undefined || fact.seconds % 60 === 0;
        c.uptime = { seconds: fact.seconds, resolution: coarse ? 60 : 1, source: scan.path };
      }
    }
    const rangeZone = scan.rangeBegin?.zone ? parseZone(scan.rangeBegin.zone) : null;
    if (rangeZone && !c.zone) c.zone = { zone: rangeZone, how: `the journal header of ${scan.path}` };
    const printed = scan.firstStamp?.zone ? parseZone(scan.firstStamp.zone) : null;
    if (printed && !c.zone && scan.firstStamp?.civil) {
      c.zone = { zone: printed, how: `the zoned timestamps of ${scan.path}` };
    }
    const dated = datedEnd(scan);
    if (dated) {
      c.dated ??= dated;
      bundle.dated ??= dated;
    }
  }
  return out;
}

/** The last instant of a log whose stamps carry a year (naive ones read as UTC: a day is precision enough). */
function datedEnd(scan: SourceScan): Instant | null {
  const last = scan.lastStamp;
  const source = `the dated log ${scan.path}`;
  if (last?.epochMs !== undefined) return { ms: last.epochMs, source, path: scan.path };
  const civil = last?.civil;
  if (civil?.year === undefined) return null;
  const zone = (last?.zone ? parseZone(last.zone) : null) ?? UTC;
  return { ms: localToEpoch(civil, civil.year, zone).ms, source, path: scan.path };
}

// ---------------------------------------------------------------------------------------------
// Zones

interface ZoneChoice {
  zone: Zone;
  assumed: boolean;
  how: string;
}

function userZone(scan: SourceScan, text: string | undefined, how: string): ZoneChoice | null {
  if (text === undefined) return null;
  const set = zoneSetting(text);
  if ('zone' in set) return { zone: set.zone, assumed: false, how };
  scan.warnings.push(`The zone given for this file was not used: ${set.error}.`);
  return null;
}

/**
 * Zone of a source's naive stamps: the user's zone for this file, the zone its stamps print, its
 * header, the host's zone, the user's default zone, else UTC, said so.
 */
function zoneOf(
  scan: SourceScan,
  clues: HostClues,
  opts: TimingOptions,
  inherited?: ZoneChoice,
  unknown = 'Nothing in the bundle says the time zone of this file; UTC is assumed.',
): ZoneChoice {
  const own = userZone(scan, opts.timeZones?.[scan.path], 'set by the user for this file');
  if (own) return own;
  const printed = scan.firstStamp?.zone ? parseZone(scan.firstStamp.zone) : null;
  if (printed) return { zone: printed, assumed: false, how: 'its timestamps' };
  const header = scan.rangeBegin?.zone;
  const parsedHeader = header ? parseZone(header) : null;
  if (parsedHeader) return { zone: parsedHeader, assumed: false, how: 'its header' };
  const bundleZone = scan.plan?.zone ? parseZone(scan.plan.zone.zone) : null;
  if (bundleZone && scan.plan?.zone) return { zone: bundleZone, assumed: false, how: scan.plan.zone.why };
  if (inherited) return inherited;
  if (clues.zone) return { zone: clues.zone.zone, assumed: false, how: clues.zone.how };
  const fallback = userZone(scan, opts.defaultTimeZone, 'the default zone given by the user');
  if (fallback) return fallback;
  scan.warnings.push(
    header ? `The file names its zone "${header}", which is ambiguous; UTC is assumed.` : unknown,
  );
  return { zone: UTC, assumed: true, how: 'assumed' };
}

/**
 * Reads naive stamps in a zone. A local time that a fall-back DST change repeats is read at its
 * first pass, unless the file's clock already went back within that day before its line (§8.3:
 * the second pass takes the later offset).
 */
function zoneReader(scan: SourceScan, zone: Zone, yearOf: (s: Stamp) => number | null) {
  const fallBacks: { line: number; month: number; day: number }[] = [];
  if (zone.iana) {
    for (const cb of scan.clockBacks) {
      const year = yearOf({ civil: cb.civil, line: cb.line });
      if (year !== null && localToEpoch(cb.civil, year, zone).later !== undefined)
        fallBacks.push({ line: cb.line, month: cb.civil.month, day: cb.civil.day });
    }
  }
  return (civil: CivilTime, year: number, line: number | undefined): number => {
    const at = localToEpoch(civil, year, zone);
    if (at.later === undefined || line === undefined) return at.ms;
    const second = fallBacks.some((f) => f.line <= line && f.month === civil.month && f.day === civil.day);
    return second ? at.later : at.ms;
  };
}

/** Warnings for event lines that fall in a repeated or skipped local hour of an IANA zone. */
function dstWarnings(scan: SourceScan, zone: Zone, yearOf: (s: Stamp) => number | null) {
  if (!zone.iana) return;
  let repeated = 0;
  let skipped = 0;
  for (const ev of scan.events) {
    if (!ev.civil || ev.epochMs !== undefined || (ev.zone && parseZone(ev.zone))) continue;
    const year = yearOf(ev);
    if (year === null) continue;
    const at = localToEpoch(ev.civil, year, zone);
    if (at.later !== undefined) repeated++;
    if (at.gap) skipped++;
  }
  if (repeated > 0) {
    scan.warnings.push(
      `${repeated} event line(s) fall in the hour that ${zone.name} repeats when summer time ends; each is ` +
        'read at its first pass, or at its second pass (the later offset) once the file’s clock has gone back.',
    );
  }
  if (skipped > 0) {
    scan.warnings.push(
      `${skipped} event line(s) have a local time that ${zone.name} skips when summer time begins, so the ` +
        'zone may be wrong; they are read with the offset before the change.',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Years

interface YearPlan {
  /** Year of the file's last stamp. */
  lastYear: number;
  source: string;
  assumed: boolean;
  yearOf(s: Stamp): number | null;
}

const DAY_KEY = 86_400e6;

/**
 * Years of a file's year-less stamps (input-formats §8.1): a reference gives the year of its first
 * or last line, and each Dec → Jan step found while scanning adds one year after it.
 */
function yearPlan(scan: SourceScan, clues: Clues, zone: Zone): YearPlan | null {
  const first = scan.firstStamp?.civil;
  const last = scan.lastStamp?.civil;
  if (!first || !last) return null;
  const ref = yearRefOf(scan, clues, zone);
  if (!ref) return null;
  const rollovers = [...scan.yearRollovers].sort((a, b) => a - b);
  const lastYear = lastYearOf(ref, first, last, rollovers.length);
  const lastKey = civilKey(last);
  const yearOf = (s: Stamp): number | null => {
    if (!s.civil) return null;
    if (s.civil.year !== undefined) return s.civil.year;
    if (s.line === undefined) return civilKey(s.civil) > lastKey + DAY_KEY ? lastYear - 1 : lastYear;
    return lastYear - (rollovers.length - upperBound(rollovers, s.line));
  };
  const steps = rollovers.length > 0 ? `; ${rollovers.length} new year(s) inside the file (Dec → Jan)` : '';
  return {
    lastYear,
    source: `${ref.source}${steps}`,
    assumed: ref.source.startsWith('assumed'),
    yearOf,
  };
}

/** Number of sorted values ≤ x. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The strongest year reference: the file's own header, the host's collection time or dated logs, the bundle's, the file's mtime. */
function yearRefOf(scan: SourceScan, clues: Clues, zone: Zone): YearRef | null {
  const begin = scan.rangeBegin?.time;
  if (begin?.year !== undefined) {
    const what =
      scan.format === 'klog' ? 'the klog "Log file created at" line' : `the header of ${scan.path}`;
    return { kind: 'begin', time: { ...begin, year: begin.year }, source: `from ${what}` };
  }
  const at = (i: Instant, kind: YearRef['kind']): YearRef => ({
    kind,
    time: civilInZone(i.ms, zone),
    source: `from ${i.source}`,
  });
  const { host, bundle } = clues;
  if (host.collected) return at(host.collected, 'bound');
  if (host.dated) return at(host.dated, 'near');
  if (bundle.collected) return at(bundle.collected, 'bound');
  if (bundle.dated) return at(bundle.dated, 'near');
  if (scan.lastModified !== undefined && scan.lastModified > 0) {
    // Written after its last line: a bound, but a copy may have moved it, so it is said to be assumed.
    return {
      kind: 'bound',
      time: civilInZone(scan.lastModified, zone),
      source: 'assumed from the file modification time',
    };
  }
  return null;
}

/**
 * Lines whose year stays unknown: every stamped line without a reference; `Feb 29` in a year that
 * has none. They are flagged with a warning and left off the timeline.
 */
function ambiguousYears(scan: SourceScan, plan: YearPlan | null): number {
  if (!plan) {
    scan.warnings.push(
      'No year is known for this file (no dated log, collection time or file time in the bundle): its ' +
        `${scan.stampedRecords} stamped line(s) are flagged and left off the timeline.`,
    );
    return scan.stampedRecords;
  }
  const bad = scan.leapDayLines.filter((line) => {
    const y = plan.yearOf({ civil: { month: 2, day: 29, hour: 0, minute: 0, second: 0, micros: 0 }, line });
    return y !== null && !isLeapYear(y);
  });
  if (bad.length > 0) {
    scan.warnings.push(
      `Line(s) ${listLines(bad)} say Feb 29, but the year inferred for them is not a leap year: flagged and ` +
        'left off the timeline (the year reference may be wrong).',
    );
  }
  if (plan.assumed) scan.warnings.push(`The year (${plan.lastYear}) is ${plan.source}.`);
  return bad.length;
}

function listLines(lines: readonly number[]): string {
  const shown = lines.slice(0, 5).join(', ');
  return lines.length > 5 ? `${shown} and ${lines.length - 5} more` : shown;
}

function isBadLeapDay(civil: CivilTime, year: number): boolean {
  return civil.month === 2 && civil.day === 29 && !isLeapYear(year);
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
    zone: UTC,
  };
}

/** The median of values counted in a map (value → count): the one at index ⌊n/2⌋ of them sorted. */
export function medianOfCounts(counts: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  const at = Math.floor(n / 2);
  let seen = 0;
  for (const v of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(v) as number;
    if (seen > at) return v;
  }
  return Number.NaN;
}

/** Whole-quarter-hour difference between the journal stamps and the klog stamps they carry. */
function klogSkewSeconds(scan: SourceScan): number {
  if (scan.klogSkews.size === 0) return 0;
  const median = medianOfCounts(scan.klogSkews);
  // Day wrap: 23:59:59 journal vs 00:00:00 klog.
  const wrapped = median > 43_200 ? median - 86_400 : median < -43_200 ? median + 86_400 : median;
  return Math.round(wrapped / 900) * 900;
}

/** Clock of a wall source once its zone is chosen: year plan, DST, ambiguous lines. */
function wallTiming(
  scan: SourceScan,
  host: string | null,
  clues: Clues,
  choice: ZoneChoice,
  method: string,
  skewSeconds = 0,
): SourceTiming {
  const { zone, assumed } = choice;
  const needsYear = scan.firstStamp?.civil !== undefined && scan.firstStamp.civil.year === undefined;
  const plan = needsYear ? yearPlan(scan, clues, zone) : null;
  const ambiguous = needsYear ? ambiguousYears(scan, plan) : 0;
  const yearOf = (s: Stamp): number | null => s.civil?.year ?? plan?.yearOf(s) ?? null;
  const read = zoneReader(scan, zone, yearOf);
  dstWarnings(scan, zone, yearOf);
  const timeOf = (s: Stamp): number | null => {
    if (s.epochMs !== undefined) return s.epochMs;
    if (!s.civil) return null;
    const year = yearOf(s);
    if (year === null || isBadLeapDay(s.civil, year)) return null;
    const printed = s.zone ? parseZone(s.zone) : null;
    // Kubelet lines carry their own microsecond klog stamp, in the kubelet's zone.
    if (s.klogCivil) return localToEpoch(s.klogCivil, year, printed ?? zone).ms + skewSeconds * 1000;
    return printed ? localToEpoch(s.civil, year, printed).ms : read(s.civil, year, s.line);
  };
  const lastMs = scan.lastStamp ? timeOf(scan.lastStamp) : null;
  return {
    host,
    clock: {
      kind: 'wall',
      aligned: !needsYear || plan !== null,
      method,
      offsetSeconds: -offsetAt(zone, lastMs ?? 0) * 60,
      zone: zone.name,
      zoneAssumed: assumed,
      ...(plan ? { year: plan.lastYear, yearSource: plan.source } : {}),
      ...(ambiguous > 0 ? { ambiguousYearLines: ambiguous } : {}),
    },
    timeOf,
    zone,
  };
}

function civilTiming(scan: SourceScan, host: string | null, clues: Clues, opts: TimingOptions): SourceTiming {
  const choice = zoneOf(scan, clues.host, opts);
  return wallTiming(
    scan,
    host,
    clues,
    choice,
    `timestamps of the file, zone from ${choice.how}`,
    klogSkewSeconds(scan),
  );
}

/**
 * A kubelet klog file has neither year nor zone. The zone is the journal's shifted by the skew its
 * copies of kubelet lines show; the year comes from `Log file created at:` or the host's logs.
 */
function klogTiming(
  scan: SourceScan,
  host: string | null,
  clues: Clues,
  opts: TimingOptions,
  scans: readonly SourceScan[],
  timings: Map<SourceScan, SourceTiming>,
): SourceTiming {
  const journal = scans.find((s) => s.klogSkews.size > 0 && host !== null && timings.get(s)?.host === host);
  const jt = journal ? timings.get(journal) : undefined;
  let inherited: ZoneChoice | undefined;
  if (journal && jt?.zone) {
    const skew = klogSkewSeconds(journal);
    const lastMs = jt.clock.aligned && journal.lastStamp ? jt.timeOf(journal.lastStamp) : null;
    const offsetMinutes = offsetAt(jt.zone, lastMs ?? 0) - skew / 60;
    const zone = skew === 0 ? jt.zone : { name: formatOffset(offsetMinutes), offsetMinutes };
    inherited = { zone, assumed: jt.clock.zoneAssumed ?? true, how: `the journal of ${host}` };
  }
  const unknown = 'Nothing in the bundle says the kubelet time zone of this host; UTC is assumed.';
  const choice = zoneOf(scan, clues.host, opts, inherited, unknown);
  return wallTiming(scan, host, clues, choice, `klog timestamps, zone from ${choice.how}`);
}

// ---------------------------------------------------------------------------------------------
// Boot-relative sources

type KernelLine = Anchor | RawEvent;

/** Kernel lines of a source: its anchors, and its kernel events not already kept as an anchor with their printk time. */
function kernelLinesOf(s: SourceScan): KernelLine[] {
  const withPrintk = new Set(s.anchors.filter((a) => a.kernelMono !== undefined).map((a) => a.line));
  return [...s.anchors, ...s.events.filter((e) => e.origin === 'kernel' && !withPrintk.has(e.line))];
}

/** The boot of a line: the last stretch that starts at or before it. */
function bootIndex(boots: readonly ScanBoot[], line: number | undefined): number {
  if (boots.length <= 1) return 0;
  if (line === undefined) return -1;
  // Boots are in file order: binary search for the last one starting at or before the line.
  let lo = 0;
  let hi = boots.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((boots[mid] as ScanBoot).firstLine <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function byBoot<T extends Stamp>(boots: readonly ScanBoot[], items: readonly T[]): T[][] {
  const out: T[][] = (boots.length > 0 ? boots : [null]).map(() => []);
  for (const it of items) out[Math.max(0, bootIndex(boots, it.line))]?.push(it);
  return out;
}

/**
 * Boot ids of a journal's stretches from its markers. journalctl prints `-- Boot <id> --` before the
 * boot it names; sos ≥ 4 reverses the output twice, so there it follows that boot (§3.4). A
 * `-- Logs begin at … --` line after the first entry shows the reversal.
 */
function markerBootIds(scan: SourceScan): (string | undefined)[] {
  const boots = scan.boots;
  const reversed =
    scan.rangeBegin?.line !== undefined &&
    boots[0] !== undefined &&
    scan.rangeBegin.line > boots[0].firstLine;
  return boots.map((b, i) => b.bootId ?? (reversed ? boots[i + 1]?.marker?.bootId : b.marker?.bootId));
}

const resolutionOf = (s: Stamp) => (s.epochMs !== undefined || (s.civil?.micros ?? 0) !== 0 ? 1e-6 : 1);

function onceByKey<T extends { key: string }>(items: readonly T[]): Map<string, T | null> {
  const seen = new Map<string, T | null>();
  for (const it of items) seen.set(it.key, seen.has(it.key) ? null : it);
  return seen;
}

const printkKey = (key: string, mono: number) => `${Math.round(mono * 1e6)}\u0000${key}`;

interface Candidate {
  monoBoot: number;
  wall: SourceScan;
  segment: number;
  /** Lines present on both sides with the same printk time: the same boot for certain. */
  exact: number;
  byPrintk: number;
  byText: number;
  pairs: AnchorPair[];
  fit: BootFit;
}

/**
 * Candidate pairings of each boot of a boot-relative source with each boot stretch of one wall
 * source. Wall lines that carry their printk time pair on their own, when that stretch is shown to
 * be this boot (a line with the same text and time on both sides) or when each side has one boot
 * only. Other kernel lines pair by text when the message appears once on each side (the quota
 * loop's repeats cannot be paired without the offset this is computing).
 */
function candidates(monoBoots: KernelLine[][], wall: SourceScan, wt: SourceTiming): Candidate[] {
  const segments = byBoot(wall.boots, kernelLinesOf(wall));
  // Per wall stretch, once: its lines with a printk time, and its other lines that occur once.
  const withPrintkOf = segments.map((lines) =>
    lines.filter((w): w is Anchor => 'kernelMono' in w && w.kernelMono !== undefined),
  );
  const wallOnceOf = segments.map((lines) =>
    onceByKey(lines.filter((w) => !('kernelMono' in w) || w.kernelMono === undefined)),
  );
  const out: Candidate[] = [];
  for (const [b, monoLines] of monoBoots.entries()) {
    if (monoLines.length === 0) continue;
    const monoOnce = onceByKey(monoLines);
    // The same printk record has the same microsecond time in dmesg and in the journal.
    const printed = new Set(
      monoLines.flatMap((m) => (m.mono === undefined ? [] : [printkKey(m.key, m.mono)])),
    );
    for (const s of segments.keys()) {
      const withPrintk = withPrintkOf[s] as Anchor[];
      const exact = withPrintk.filter((w) => printed.has(printkKey(w.key, w.kernelMono as number))).length;
      const pairs: AnchorPair[] = [];
      let byPrintk = 0;
      if (exact > 0 || (monoBoots.length === 1 && segments.length === 1)) {
        for (const w of withPrintk) {
          const ms = wt.timeOf(w);
          if (ms === null) continue;
          pairs.push({ mono: w.kernelMono as number, wallSeconds: ms / 1000, resolution: resolutionOf(w) });
          byPrintk++;
        }
      }
      let byText = 0;
      const wallOnce = wallOnceOf[s] as Map<string, KernelLine | null>;
      for (const [key, m] of monoOnce) {
        const w = wallOnce.get(key);
        if (!m || !w || m.mono === undefined) continue;
        const ms = wt.timeOf(w);
        if (ms === null) continue;
        pairs.push({ mono: m.mono, wallSeconds: ms / 1000, resolution: resolutionOf(w) });
        byText++;
      }
      const fit = fitBootOffset(pairs);
      if (fit) out.push({ monoBoot: b, wall, segment: s, exact, byPrintk, byText, pairs, fit });
    }
  }
  return out;
}

/** Each wall stretch goes to one boot at most, and each boot takes one stretch per wall source: best evidence first. */
function assign(cands: Candidate[]): Candidate[] {
  const sorted = [...cands].sort((a, b) => b.exact - a.exact || b.fit.anchors - a.fit.anchors);
  const bootTaken = new Set<string>();
  const segTaken = new Set<string>();
  const chosen: Candidate[] = [];
  for (const c of sorted) {
    const bk = `${c.wall.path}\u0000${c.monoBoot}`;
    const sk = `${c.wall.path}\u0000${c.segment}`;
    if (bootTaken.has(bk) || segTaken.has(sk)) continue;
    bootTaken.add(bk);
    segTaken.add(sk);
    chosen.push(c);
  }
  return chosen;
}

/** `dmesg -T` and `--time-format iso` add the suspend time up to the moment dmesg ran (§2.3). */
const SUSPEND_SHIFTED: ReadonlySet<FormatId> = new Set<FormatId>([
  'dmesg-ctime',
  'dmesg-iso',
  'dmesg-reltime',
]);

interface BootResult {
  clock: BootClock;
  zoneFrom?: SourceTiming;
}

function describeFit(chosen: Candidate[], fit: BootFit): string {
  const files = [...new Set(chosen.map((c) => c.wall.path))].join(', ');
  const printk = chosen.reduce((n, c) => n + c.byPrintk, 0);
  const text = chosen.reduce((n, c) => n + c.byText, 0);
  const how = [printk > 0 ? `${printk} by their printk time` : '', text > 0 ? `${text} by text` : '']
    .filter(Boolean)
    .join(', ');
  const resolution = fit.resolution >= 1 ? '1 s' : 'µs';
  const rule = fit.boundsAgree ? 'bounds agree' : 'lower envelope of receive time';
  return `${fit.anchors} anchors from ${files}: ${how}; ${resolution} resolution, ${rule}`;
}

function logKind(chosen: Candidate[]): string {
  const formats = new Set(chosen.map((c) => c.wall.format.split('-')[0]));
  if (formats.size === 1 && formats.has('journal')) return 'the journal';
  if (formats.size === 1 && formats.has('syslog')) return 'syslog';
  return 'wall-clock logs';
}

/** Fit one boot from the wall sources' stretches assigned to it; `dmesg -T` copies only when nothing better pairs. */
function fitBoot(
  index: number,
  precise: Candidate[],
  shifted: Candidate[],
): { fit: BootFit; method: string; from: Candidate[] } | null {
  for (const [tier, list] of [
    [0, precise],
    [1, shifted],
  ] as const) {
    const mine = list.filter((c) => c.monoBoot === index);
    const fit = fitBootOffset(mine.flatMap((c) => c.pairs));
    if (!fit) continue;
    const described = describeFit(mine, fit);
    const method =
      tier === 0
        ? `kernel lines matched in ${logKind(mine)} (${described})`
        : `approximate: kernel lines matched in dmesg -T copies, whose times are shifted by any suspend ` +
          `before dmesg ran; used as nothing better pairs (${described})`;
    return { fit, method, from: mine };
  }
  return null;
}

/** Last resort for the running boot: collection time minus uptime (§2.6 item 4). */
function uptimeBoot(
  clues: HostClues,
  lastMono: number,
): { offset: number; resolution: number; method: string } | null {
  const { collected, uptime } = clues;
  // The dmesg was taken in the boot the uptime counts only if its lines do not outlast it by much.
  if (!collected || !uptime || lastMono > uptime.seconds + 3600) return null;
  const offset = collected.ms / 1000 + 0.5 - (uptime.seconds + uptime.resolution / 2);
  return {
    offset,
    resolution: uptime.resolution,
    method:
      `approximate: collection time (${collected.path}) minus uptime ` +
      `(${uptime.source}), to about ${uptime.resolution} s plus the time between the two commands; ` +
      'no kernel line of this boot was found in a wall-clock log',
  };
}

function monoTiming(
  scan: SourceScan,
  host: string | null,
  clues: Clues,
  scans: readonly SourceScan[],
  timings: Map<SourceScan, SourceTiming>,
): SourceTiming {
  const boots =
    scan.boots.length > 0 ? scan.boots : [{ firstLine: 1, lastLine: scan.lines, start: 'file' as const }];
  const monoBoots = byBoot(scan.boots, kernelLinesOf(scan));
  const precise: Candidate[] = [];
  const shifted: Candidate[] = [];
  for (const other of scans) {
    const ot = timings.get(other);
    if (other === scan || !ot || ot.clock.kind !== 'wall' || host === null || ot.host !== host) continue;
    (SUSPEND_SHIFTED.has(other.format) ? shifted : precise).push(...candidates(monoBoots, other, ot));
  }
  const chosenPrecise = assign(precise);
  const chosenShifted = assign(shifted);
  const ids = markerBootIds(scan);
  const results: BootResult[] = boots.map((b, i) => {
    const base = { firstLine: b.firstLine, lastLine: b.lastLine };
    const fitted = fitBoot(i, chosenPrecise, chosenShifted);
    const bootId = ids[i] ?? fitted?.from.map((c) => markerBootIds(c.wall)[c.segment]).find(Boolean);
    const withId = bootId ? { bootId } : {};
    if (fitted) {
      return {
        clock: {
          ...withId,
          ...base,
          aligned: true,
          method: fitted.method,
          offsetSeconds: fitted.fit.bootEpochSeconds,
          anchors: fitted.fit.anchors,
          spreadSeconds: fitted.fit.spreadSeconds,
          ...(fitted.fit.envelope
            ? { drift: fitted.fit.envelope.map((p) => ({ mono: p.mono, offsetSeconds: p.d })) }
            : {}),
        },
        zoneFrom: timings.get(fitted.from[0]?.wall as SourceScan),
      };
    }
    const lastMono = Math.max(0, ...(monoBoots[i] ?? []).map((l) => l.mono ?? 0));
    const up = i === boots.length - 1 ? uptimeBoot(clues.host, lastMono) : null;
    if (up) {
      return {
        clock: {
          ...withId,
          ...base,
          aligned: true,
          method: up.method,
          offsetSeconds: up.offset,
          anchors: 1,
          spreadSeconds: up.resolution,
        },
      };
    }
    return {
      clock: {
        ...withId,
        ...base,
        aligned: false,
        method: 'not aligned: no shared kernel lines',
        offsetSeconds: 0,
        anchors: 0,
        spreadSeconds: 0,
      },
    };
  });
  return monoClock(scan, host, results);
}

function monoClock(scan: SourceScan, host: string | null, results: BootResult[]): SourceTiming {
  const n = results.length;
  const unaligned = results.filter((r) => !r.clock.aligned);
  if (unaligned.length === n) {
    scan.warnings.push(
      'No kernel line of this file was found in a wall-clock log of the same host, so its boot-relative ' +
        'times cannot be turned into wall-clock time; its events are left off the timeline.',
    );
  } else {
    for (const r of unaligned) {
      scan.warnings.push(
        `Boot ${results.indexOf(r) + 1} of ${n} (lines ${r.clock.firstLine}–${r.clock.lastLine}): no kernel line ` +
          'of it was found in a wall-clock log of the same host; its events are left off the timeline.',
      );
    }
  }
  // The summary fields describe the boot holding most events (the incident's boot).
  const counts = results.map(() => 0);
  for (const e of scan.events) {
    const i = Math.max(0, bootIndex(scan.boots, e.line));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  let main = n - 1;
  for (let i = n - 1; i >= 0; i--) if ((counts[i] as number) > (counts[main] as number)) main = i;
  const m = results[main] as BootResult;
  const zt = m.zoneFrom ?? results.find((r) => r.zoneFrom)?.zoneFrom;
  const reboots = results
    .slice(1)
    .map((r) => r.clock.firstLine)
    .join(', ');
  const method =
    n > 1
      ? `${n} boots (reboot at line ${reboots}), each fitted apart; boot ${main + 1}: ${m.clock.method}`
      : m.clock.method;
  const clock: SourceClock = {
    kind: 'monotonic',
    aligned: m.clock.aligned,
    method,
    offsetSeconds: m.clock.offsetSeconds,
    ...(m.clock.aligned ? { anchors: m.clock.anchors, spreadSeconds: m.clock.spreadSeconds } : {}),
    ...(zt?.clock.zone ? { zone: zt.clock.zone, zoneAssumed: zt.clock.zoneAssumed } : {}),
    boots: results.map((r) => r.clock),
  };
  return {
    host,
    clock,
    timeOf: (s) => {
      if (s.mono === undefined) return null;
      const i = bootIndex(scan.boots, s.line);
      const b = i < 0 ? undefined : results[i]?.clock;
      if (!b?.aligned) return null;
      const envelope = b.drift?.map((p) => ({ mono: p.mono, d: p.offsetSeconds }));
      return wallSecondsAt(b.offsetSeconds, envelope, s.mono) * 1000;
    },
  };
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
