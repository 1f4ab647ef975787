// The correlator (pure): hosts, clocks, deduplication and stage assembly over scanned sources.
import { ruleById } from '../parsers/rules.ts';
import { STAGE_BY_ID, STAGE_IDS, STAGES, type StageId } from '../parsers/stages.ts';
import type { CivilTime } from '../parsers/types.ts';
import {
  type AnchorPair,
  type BootFit,
  civilKey,
  civilToEpochMs,
  fitBootOffset,
  formatOffset,
  parseZone,
  toIso,
  UTC,
  type Zone,
} from './clock.ts';
import { diagnose } from './findings.ts';
import {
  INCIDENT_SCHEMA,
  type Incident,
  type IncidentEvent,
  type IncidentHost,
  type IncidentSource,
  type IncidentStage,
  type SourceClock,
  type StageSpan,
} from './incident.ts';
import type { RawEvent, SourceScan } from './scan.ts';

export const GENERATOR = 'cascade 0.1.0';

/** Timing of one source once its clock is known. */
interface SourceTiming {
  host: string | null;
  clock: SourceClock;
  /** Epoch ms of a record, or null when it cannot be placed on the wall clock. */
  timeOf(ev: { mono?: number; civil?: CivilTime; klogCivil?: CivilTime; epochMs?: number }): number | null;
}

/** An event with its wall time and the rank of its source (lower wins when copies merge). */
interface PlacedEvent {
  ev: RawEvent;
  scan: SourceScan;
  host: string;
  ts: number | null;
  rank: number;
  alsoIn: { source: string; line: number }[];
}

export function correlate(scans: readonly SourceScan[]): Incident {
  const hosts = assignHosts(scans);
  const timings = new Map<SourceScan, SourceTiming>();
  const hostNames = [...new Set([...hosts.values()].filter((h): h is string => h !== null))].sort();

  // Wall-clock sources first (journal, klog): they anchor the boot-relative ones.
  for (const scan of scans) {
    if (scan.format === 'journal-short') timings.set(scan, journalTiming(scan, hosts.get(scan) ?? null));
  }
  for (const scan of scans) {
    if (scan.format === 'klog') timings.set(scan, klogTiming(scan, hosts.get(scan) ?? null, scans, timings));
  }
  for (const scan of scans) {
    if (scan.format === 'dmesg')
      timings.set(scan, dmesgTiming(scan, hosts.get(scan) ?? null, scans, timings));
  }
  for (const scan of scans) {
    if (!timings.has(scan)) timings.set(scan, untimed(hosts.get(scan) ?? null));
  }

  const placed: PlacedEvent[] = [];
  for (const scan of scans) {
    const timing = timings.get(scan) as SourceTiming;
    for (const ev of scan.events) {
      placed.push({
        ev,
        scan,
        host: timing.host ?? 'unknown host',
        ts: timing.timeOf(ev),
        rank: sourceRank(scan),
        alsoIn: [],
      });
    }
  }
  const events = dropContextRecoveries(dedup(placed).map(toIncidentEvent));
  events.sort(compareEvents);

  const incidentSources = scans.map((scan) => toIncidentSource(scan, timings.get(scan) as SourceTiming));
  const incidentHosts = hostNames.map((name) => hostSummary(name, scans, hosts, events));
  const stages = STAGES.map((s) => stageSummary(s.id, events));
  const incident: Incident = {
    schema: INCIDENT_SCHEMA,
    generatedBy: GENERATOR,
    sources: incidentSources,
    hosts: incidentHosts,
    stages,
    findings: [],
    events,
  };
  incident.findings = diagnose(incident, scans);
  return incident;
}

// ---------------------------------------------------------------------------------------------
// Hosts

function shortHost(name: string): string {
  const h = name.toLowerCase();
  return /^\d+\.\d+\.\d+\.\d+$/.test(h) ? h : (h.split('.')[0] ?? h);
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function contentHost(scan: SourceScan): string | null {
  let best: string | null = null;
  let bestVotes = 0;
  for (const [h, n] of scan.hostVotes) {
    if (n > bestVotes && h !== 'localhost' && h !== 'localhost.localdomain') {
      best = h;
      bestVotes = n;
    }
  }
  return best === null ? null : shortHost(best);
}

/**
 * Host of each source, strongest evidence first: the content (journal host field, klog
 * `Running on machine:`), then a sibling file in the same folder that names its host, then the
 * folder name, then the only host of the bundle. Cluster-level files (ceph config) have none.
 */
function assignHosts(scans: readonly SourceScan[]): Map<SourceScan, string | null> {
  const out = new Map<SourceScan, string | null>();
  const byDir = new Map<string, string>();
  for (const scan of scans) {
    const h = contentHost(scan);
    if (h) {
      out.set(scan, h);
      if (!byDir.has(dirOf(scan.path))) byDir.set(dirOf(scan.path), h);
    }
  }
  const known = new Set(out.values());
  for (const scan of scans) {
    if (out.has(scan)) continue;
    if (scan.format === 'ceph-config-dump' || scan.format === 'unrecognised') {
      out.set(scan, null);
      continue;
    }
    const dir = dirOf(scan.path);
    const sibling = byDir.get(dir);
    if (sibling) {
      out.set(scan, sibling);
      continue;
    }
    if (known.size === 1) {
      out.set(scan, [...known][0] as string);
      continue;
    }
    const folder = dir.split('/').pop();
    out.set(scan, folder ? shortHost(folder) : null);
    if (!folder) {
      scan.warnings.push(
        'No host could be told for this file (no host field, no folder, several hosts in the bundle); ' +
          'its events are listed under "unknown host".',
      );
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Clocks

/** Year for a year-less stamp, given a reference stamp that has one (rollover-aware). */
function yearFor(t: CivilTime, ref: { time: CivilTime; year: number }): number {
  // A stamp earlier in the calendar than the reference lies in the following year (Dec → Jan).
  return civilKey(t) < civilKey(ref.time) - 86_400e6 ? ref.year + 1 : ref.year;
}

interface YearRef {
  time: CivilTime;
  year: number;
  source: string;
}

/** Where a year-less file gets its year from: its own header, else the file's modification time. */
function yearRefOf(scan: SourceScan): YearRef | null {
  const begin = scan.rangeBegin?.time;
  if (begin?.year !== undefined) {
    return { time: begin, year: begin.year, source: 'from the header line of the file' };
  }
  if (scan.lastModified !== undefined && scan.lastModified > 0) {
    const d = new Date(scan.lastModified);
    // The modification time is after the last line: lines later in the calendar are from the year before.
    const time: CivilTime = {
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      micros: 0,
    };
    const mtimeKey = civilKey({
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      micros: 0,
    });
    const lastKey = scan.lastCivil ? civilKey(scan.lastCivil) : 0;
    const year = lastKey > mtimeKey + 86_400e6 ? d.getUTCFullYear() - 1 : d.getUTCFullYear();
    return { time, year, source: 'assumed from the file modification time' };
  }
  return null;
}

function zoneFields(zone: Zone, assumed: boolean) {
  return { zone: zone.name, zoneAssumed: assumed };
}

function journalTiming(scan: SourceScan, host: string | null): SourceTiming {
  const zoneText = scan.rangeBegin?.zone;
  let zone = zoneText ? parseZone(zoneText) : null;
  const zoneAssumed = zone === null;
  if (zone === null) {
    scan.warnings.push(
      zoneText
        ? `The journal names its zone "${zoneText}", which is ambiguous; UTC is assumed.`
        : 'The journal does not say its time zone (no "-- Logs begin at … --" line); UTC is assumed.',
    );
    zone = UTC;
  }
  const ref = yearRefOf(scan);
  if (!ref) scan.warnings.push('No year is known for this file; its lines are left off the timeline.');
  else if (!scan.rangeBegin?.time.year) scan.warnings.push(`The year (${ref.year}) is ${ref.source}.`);
  const z = zone;
  const skew = klogSkewSeconds(scan);
  return {
    host,
    clock: {
      kind: 'wall',
      aligned: ref !== null,
      method: 'journal timestamps',
      offsetSeconds: -z.offsetMinutes * 60,
      ...zoneFields(z, zoneAssumed),
      ...(ref ? { year: ref.year, yearSource: ref.source } : {}),
    },
    timeOf: (ev) => {
      if (ev.epochMs !== undefined) return ev.epochMs;
      if (!ref) return null;
      // Kubelet lines carry their own microsecond klog stamp in the kubelet's zone.
      if (ev.klogCivil && ev.civil) {
        return civilToEpochMs(ev.klogCivil, yearFor(ev.civil, ref), z) + skew * 1000;
      }
      return ev.civil ? civilToEpochMs(ev.civil, yearFor(ev.civil, ref), z) : null;
    },
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

function journalsOf(
  host: string | null,
  scans: readonly SourceScan[],
  timings: Map<SourceScan, SourceTiming>,
) {
  return scans.filter((s) => s.format === 'journal-short' && host !== null && timings.get(s)?.host === host);
}

function klogTiming(
  scan: SourceScan,
  host: string | null,
  scans: readonly SourceScan[],
  timings: Map<SourceScan, SourceTiming>,
): SourceTiming {
  const journal = journalsOf(host, scans, timings)[0];
  const jt = journal ? timings.get(journal) : undefined;
  // The klog stamp is in the kubelet's local zone: the journal zone shifted by the skew the
  // journal copies of kubelet lines show.
  let zone: Zone = UTC;
  let zoneAssumed = true;
  if (journal && jt?.clock.zone) {
    const jz = parseZone(jt.clock.zone) ?? UTC;
    const offsetMinutes = jz.offsetMinutes - klogSkewSeconds(journal) / 60;
    zone = { name: formatOffset(offsetMinutes), offsetMinutes };
    zoneAssumed = jt.clock.zoneAssumed ?? true;
  } else {
    scan.warnings.push('No journal of this host tells the kubelet time zone; UTC is assumed.');
  }
  const own = yearRefOf(scan);
  const fromJournal = jt?.clock.year !== undefined && journal?.rangeBegin?.time.year !== undefined;
  const ref: YearRef | null =
    scan.rangeBegin?.time.year !== undefined
      ? {
          time: scan.rangeBegin.time,
          year: scan.rangeBegin.time.year,
          source: 'from the klog "Log file created at" line',
        }
      : fromJournal && journal?.rangeBegin
        ? {
            time: journal.rangeBegin.time,
            year: journal.rangeBegin.time.year as number,
            source: `from the journal of ${host}`,
          }
        : own;
  if (!ref) scan.warnings.push('No year is known for this file; its lines are left off the timeline.');
  else if (ref.source.startsWith('assumed')) scan.warnings.push(`The year (${ref.year}) is ${ref.source}.`);
  return {
    host,
    clock: {
      kind: 'wall',
      aligned: ref !== null,
      method: journal ? `klog timestamps, zone from the journal of ${host}` : 'klog timestamps',
      offsetSeconds: -zone.offsetMinutes * 60,
      ...zoneFields(zone, zoneAssumed),
      ...(ref ? { year: ref.year, yearSource: ref.source } : {}),
    },
    timeOf: (ev) => (ref && ev.civil ? civilToEpochMs(ev.civil, yearFor(ev.civil, ref), zone) : null),
  };
}

function dmesgTiming(
  scan: SourceScan,
  host: string | null,
  scans: readonly SourceScan[],
  timings: Map<SourceScan, SourceTiming>,
): SourceTiming {
  const pairs: AnchorPair[] = [];
  let zone: string | undefined;
  let zoneAssumed: boolean | undefined;
  for (const journal of journalsOf(host, scans, timings)) {
    const jt = timings.get(journal) as SourceTiming;
    zone = jt.clock.zone;
    zoneAssumed = jt.clock.zoneAssumed;
    for (const pair of anchorPairs(scan, journal, jt)) pairs.push(pair);
  }
  const fit: BootFit | null = fitBootOffset(pairs);
  if (!fit) {
    scan.warnings.push(
      'No kernel line of this dmesg was found in a journal of the same host, so its boot-relative ' +
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
    timeOf: (ev) => (fit && ev.mono !== undefined ? (fit.bootEpochSeconds + ev.mono) * 1000 : null),
  };
}

/**
 * Kernel lines present once in the dmesg and once in the journal. Messages that repeat (the
 * quota loop) are left out: pairing them would need the offset this is computing.
 */
function anchorPairs(dmesg: SourceScan, journal: SourceScan, jt: SourceTiming): AnchorPair[] {
  const once = <T extends { key: string }>(items: T[]) => {
    const seen = new Map<string, T | null>();
    for (const it of items) seen.set(it.key, seen.has(it.key) ? null : it);
    return seen;
  };
  const kernelOf = (s: SourceScan) => [...s.anchors, ...s.events.filter((e) => e.origin === 'kernel')];
  const d = once(kernelOf(dmesg));
  const j = once(kernelOf(journal));
  const pairs: AnchorPair[] = [];
  for (const [key, a] of d) {
    const b = j.get(key);
    if (!a || !b || a.mono === undefined) continue;
    const wall = jt.timeOf(b);
    if (wall !== null) pairs.push({ mono: a.mono, wallSeconds: wall / 1000 });
  }
  return pairs;
}

function untimed(host: string | null): SourceTiming {
  return {
    host,
    clock: { kind: 'none', aligned: false, method: 'no timestamps in this format', offsetSeconds: 0 },
    timeOf: () => null,
  };
}

// ---------------------------------------------------------------------------------------------
// Events

/** Which copy of a duplicated line is kept: the most precise source. */
function sourceRank(scan: SourceScan): number {
  switch (scan.format) {
    case 'dmesg':
      return 0; // microsecond kernel time
    case 'klog':
      return 0; // the kubelet's own file
    case 'journal-short':
      return 1; // one-second stamps, receive time
    default:
      return 2;
  }
}

/**
 * One message seen in several sources of one host is one event. Kernel copies are paired in time
 * order within the journal's one-second resolution; kubelet copies share their exact klog stamp.
 * Genuine repeats (the same text logged again) stay separate events.
 */
function dedup(placed: PlacedEvent[]): PlacedEvent[] {
  const groups = new Map<string, PlacedEvent[]>();
  for (const p of placed) {
    const stamp = p.ev.origin === 'kubelet' && p.ev.klogCivil ? civilKey(p.ev.klogCivil) : '';
    const k = `${p.host}\u0000${p.ev.origin}\u0000${stamp}\u0000${p.ev.key}`;
    const g = groups.get(k);
    if (g) g.push(p);
    else groups.set(k, [p]);
  }
  const out: PlacedEvent[] = [];
  for (const group of groups.values()) {
    const bySource = new Map<SourceScan, PlacedEvent[]>();
    for (const p of group) {
      const list = bySource.get(p.scan);
      if (list) list.push(p);
      else bySource.set(p.scan, [p]);
    }
    if (bySource.size === 1) {
      for (const p of group) out.push(p);
      continue;
    }
    // Best-ranked source first; later sources merge into it or stand alone.
    const lists = [...bySource.values()].sort(
      (a, b) => (a[0] as PlacedEvent).rank - (b[0] as PlacedEvent).rank,
    );
    let kept = sortByTime(lists[0] as PlacedEvent[]);
    for (const other of lists.slice(1)) kept = mergeCopies(kept, sortByTime(other));
    for (const p of kept) out.push(p);
  }
  return out;
}

function sortByTime(list: PlacedEvent[]): PlacedEvent[] {
  return [...list].sort((a, b) => (a.ts ?? Infinity) - (b.ts ?? Infinity) || a.ev.line - b.ev.line);
}

/** Window in which a journal copy (whole seconds, received late) matches a precise copy. */
const EARLY_MS = 1500;
const LATE_MS = 1000;

function mergeCopies(kept: PlacedEvent[], other: PlacedEvent[]): PlacedEvent[] {
  const result = [...kept];
  let j = 0;
  const unmatched: PlacedEvent[] = [];
  for (const k of kept) {
    if (k.ts === null) continue;
    while (
      j < other.length &&
      (other[j] as PlacedEvent).ts !== null &&
      ((other[j] as PlacedEvent).ts as number) < k.ts - EARLY_MS
    ) {
      unmatched.push(other[j] as PlacedEvent);
      j++;
    }
    const o = other[j];
    if (o && o.ts !== null && o.ts <= k.ts + LATE_MS) {
      k.alsoIn.push({ source: o.scan.path, line: o.ev.line }, ...o.alsoIn);
      j++;
    }
  }
  for (; j < other.length; j++) unmatched.push(other[j] as PlacedEvent);
  return result.concat(unmatched);
}

/**
 * A recovery line belongs to the cascade only when it recovers from something: it must follow a
 * failure of its stage on the same host. A mount's first `session established`, days before the
 * incident, is context. Where a host shows no failure of the stage at all, recoveries that imply
 * one (`came back`, `caps renewed`) are kept; a plain `session established` is not.
 */
const RECOVERY_WITHOUT_FAILURE_IS_CONTEXT = new Set(['libceph-mon-session-established']);

function dropContextRecoveries(events: IncidentEvent[]): IncidentEvent[] {
  const firstFailure = new Map<string, string>();
  for (const e of events) {
    if (e.recovery || e.ts === null) continue;
    const k = `${e.host}\u0000${e.stage}`;
    const f = firstFailure.get(k);
    if (f === undefined || e.ts < f) firstFailure.set(k, e.ts);
  }
  return events.filter((e) => {
    if (!e.recovery) return true;
    const f = firstFailure.get(`${e.host}\u0000${e.stage}`);
    if (f === undefined) return !RECOVERY_WITHOUT_FAILURE_IS_CONTEXT.has(e.kind);
    return e.ts !== null && e.ts > f;
  });
}

function toIncidentEvent(p: PlacedEvent): IncidentEvent {
  const rule = ruleById(p.ev.ruleId);
  return {
    ts: toIso(p.ts),
    host: p.host,
    stage: rule.stage,
    kind: rule.id,
    recovery: p.ev.recovery,
    source: p.scan.path,
    line: p.ev.line,
    text: p.ev.text,
    alsoIn: p.alsoIn,
  };
}

function compareEvents(a: IncidentEvent, b: IncidentEvent): number {
  if (a.ts !== b.ts) {
    if (a.ts === null) return 1;
    if (b.ts === null) return -1;
    return a.ts < b.ts ? -1 : 1;
  }
  return a.host.localeCompare(b.host) || a.source.localeCompare(b.source) || a.line - b.line;
}

// ---------------------------------------------------------------------------------------------
// Summaries

/**
 * First and last of a stage are those of its failure lines; recovery lines (a mount's first
 * `session established`, `came back`) only bound it when the stage has nothing else.
 */
function span(events: readonly IncidentEvent[]): StageSpan {
  const failures = events.filter((e) => !e.recovery);
  const times = (failures.length > 0 ? failures : events)
    .map((e) => e.ts)
    .filter((t): t is string => t !== null);
  times.sort();
  return { first: times[0] ?? null, last: times[times.length - 1] ?? null, count: events.length };
}

function stageSummary(id: StageId, events: readonly IncidentEvent[]): IncidentStage {
  const mine = events.filter((e) => e.stage === id);
  const info = STAGE_BY_ID[id];
  return {
    id,
    title: info.title,
    ...span(mine),
    hosts: [...new Set(mine.map((e) => e.host))].sort(),
    recoveries: mine.filter((e) => e.recovery).length,
    annotation: info.annotation,
  };
}

function hostSummary(
  name: string,
  scans: readonly SourceScan[],
  hosts: Map<SourceScan, string | null>,
  events: readonly IncidentEvent[],
): IncidentHost {
  const mine = scans.filter((s) => hosts.get(s) === name);
  const kernel = mine.map((s) => s.kernelVersion).find((k) => k !== undefined) ?? null;
  const clientIds = [...new Set(mine.flatMap((s) => s.clientIds))].sort((a, b) => a - b);
  const stages: IncidentHost['stages'] = {};
  for (const id of STAGE_IDS) {
    const evs = events.filter((e) => e.host === name && e.stage === id);
    if (evs.length > 0) stages[id] = span(evs);
  }
  return { name, kernel, clientIds, stages };
}

function toIncidentSource(scan: SourceScan, timing: SourceTiming): IncidentSource {
  const first = timing.timeOf({ mono: scan.firstMono, civil: scan.firstCivil });
  const last = timing.timeOf({ mono: scan.lastMono, civil: scan.lastCivil });
  const warnings = [...scan.warnings];
  if (scan.truncatedLines > 0) {
    warnings.push(`${scan.truncatedLines} line(s) longer than 1 MiB were read from their first 1 MiB only.`);
  }
  if (scan.unparsed > 0 && scan.format !== 'unrecognised') {
    const sample = scan.unparsedSamples
      .slice(0, 3)
      .map((u) => `line ${u.line}: ${u.reason}`)
      .join('; ');
    warnings.push(`${scan.unparsed} line(s) not understood as ${scan.format} (${sample}).`);
  }
  return {
    path: scan.path,
    format: scan.format,
    host: timing.host,
    bytes: scan.bytes,
    lines: scan.lines,
    parsed: scan.parsed,
    unparsed: scan.unparsed,
    events: scan.events.length,
    first: toIso(first),
    last: toIso(last),
    clock: timing.clock,
    warnings,
    ...(scan.error ? { error: scan.error } : {}),
    ...(scan.detection ? { detection: scan.detection } : {}),
  };
}
