// The correlator (pure): hosts, clocks, deduplication and stage assembly over scanned sources.
import { ruleById } from '../parsers/rules.ts';
import { STAGE_BY_ID, STAGE_IDS, STAGES, type StageId } from '../parsers/stages.ts';
import type { AnalyzeOptions } from './api.ts';
import { checkCascade, splitEpisodes, tieClientIds } from './assembly.ts';
import { civilKey, toIso } from './clock.ts';
import { diagnose } from './findings.ts';
import { assignHosts, CLUSTER_FORMATS, renamedHost, shortHost } from './hosts.ts';
import {
  CLUSTER_HOST,
  INCIDENT_SCHEMA,
  type Incident,
  type IncidentEvent,
  type IncidentHost,
  type IncidentSource,
  type IncidentStage,
  type StageSpan,
} from './incident.ts';
import type { RawEvent, SourceScan, Stamp } from './scan.ts';
import { estimateSkews } from './skew.ts';
import { summarise } from './summary.ts';
import { type SourceTiming, timeSources } from './timing.ts';
import { placeVolume } from './volume.ts';

export const GENERATOR = 'cascade 0.1.0';

/** An event with its wall time and the rank of its source (lower wins when copies merge). */
interface PlacedEvent {
  ev: RawEvent;
  scan: SourceScan;
  host: string;
  ts: number | null;
  rank: number;
  alsoIn: { source: string; line: number }[];
}

export function correlate(scans: readonly SourceScan[], opts: AnalyzeOptions = {}): Incident {
  return correlateScans(scans, opts).incident;
}

/** What the correlator worked out, kept by an analysis session to read lines again later. */
export interface Correlation {
  incident: Incident;
  timings: Map<SourceScan, SourceTiming>;
}

export function correlateScans(scans: readonly SourceScan[], opts: AnalyzeOptions = {}): Correlation {
  const { hosts, evidence } = assignHosts(scans, opts);
  const timings = timeSources(scans, hosts, opts);
  // Multi-host files (must-gather) name each line's host: those hosts are hosts of the bundle too.
  const lineHosts = scans.flatMap((s) =>
    s.events.flatMap((e) => (e.host ? [renamedHost(e.host, opts)] : [])),
  );
  const hostNames = [
    ...new Set([...[...hosts.values()].filter((h): h is string => h !== null), ...lineHosts]),
  ].sort();

  const placed: PlacedEvent[] = [];
  for (const scan of scans) {
    const timing = timings.get(scan) as SourceTiming;
    for (const ev of scan.events) {
      placed.push({
        ev,
        scan,
        host: ev.host
          ? renamedHost(ev.host, opts)
          : (timing.host ?? (CLUSTER_FORMATS.has(scan.format) ? CLUSTER_HOST : 'unknown host')),
        ts: timing.timeOf(ev),
        rank: sourceRank(scan),
        alsoIn: [],
      });
    }
  }
  // MDS-side eviction lines name the client id; a host that owns the id takes them on its lane.
  const owners = hostNames.map((name) => ({
    name,
    clientIds: hostSummary(name, scans, hosts, []).clientIds,
  }));
  const tied = dropContextRecoveries(tieClientIds(dedup(placed).map(toIncidentEvent), owners));
  // A host whose clock runs behind shows its client lines before the MDS evicted it: shift them.
  const skews = estimateSkews(
    tied,
    owners.map((o) => hostSummary(o.name, scans, hosts, tied)),
    {
      hostSkews: opts.hostSkews,
    },
  );
  const events = tied.map((e) => applySkew(e, skews.get(e.host)?.seconds ?? 0));
  events.sort(compareEvents);
  const episodes = splitEpisodes(events);

  const incidentSources = scans.map((scan) =>
    toIncidentSource(scan, timings.get(scan) as SourceTiming, evidence.get(scan)),
  );
  const incidentHosts = hostNames.map((name) => {
    const skew = skews.get(name);
    return {
      ...hostSummary(name, scans, hosts, events),
      ...(skew ? { skewSeconds: skew.seconds, skewMethod: skew.method } : {}),
      cascade: checkCascade(events, name),
    };
  });
  const stages = STAGES.map((s) => stageSummary(s.id, events));
  const incident: Incident = {
    schema: INCIDENT_SCHEMA,
    generatedBy: GENERATOR,
    sources: incidentSources,
    hosts: incidentHosts,
    stages,
    findings: [],
    events,
    episodes,
    // Each source's lines with its own clock, and its host's skew like the host's events (the
    // cluster's logs keep the cluster's clock).
    volume: placeVolume(
      scans.map((scan) => {
        const timing = timings.get(scan) as SourceTiming;
        const skew = timing.host && !CLUSTER_FORMATS.has(scan.format) ? skews.get(timing.host) : undefined;
        return { scan, timing, shiftMs: (skew?.seconds ?? 0) * 1000 };
      }),
      timedSpan(events),
    ),
  };
  incident.findings = diagnose(incident, scans);
  // Each episode gets its root-cause sentence, worded by the evidence it has.
  const sums = summarise(incident, scans);
  for (const [i, ep] of episodes.entries()) {
    const sum = sums[i];
    if (sum) Object.assign(ep, { summary: sum.summary, confidence: sum.confidence });
  }
  return { incident, timings: timings as Map<SourceScan, SourceTiming> };
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
  const firstFailure = new Map<string, IncidentEvent>();
  for (const e of events) {
    if (e.recovery) continue;
    const k = `${e.host}\u0000${e.stage}`;
    const f = firstFailure.get(k);
    if (f === undefined || comesBefore(e, f)) firstFailure.set(k, e);
  }
  return events.filter((e) => {
    if (!e.recovery) return true;
    const f = firstFailure.get(`${e.host}\u0000${e.stage}`);
    if (f === undefined) return !RECOVERY_WITHOUT_FAILURE_IS_CONTEXT.has(e.kind);
    return comesBefore(f, e);
  });
}

/** Order of two events: by time when both are placed, else by line within one file. */
function comesBefore(a: IncidentEvent, b: IncidentEvent): boolean {
  if (a.ts !== null && b.ts !== null) return a.ts < b.ts;
  return a.source === b.source && a.line < b.line;
}

/**
 * Moves a host's own line by the host's skew. MDS lines tied to the host keep the cluster's clock:
 * the skew is the host's, not the MDS's.
 */
function applySkew(e: IncidentEvent, seconds: number): IncidentEvent {
  if (seconds === 0 || e.ts === null || e.kind.startsWith('mds-')) return e;
  return { ...e, ts: toIso(Date.parse(e.ts) + seconds * 1000 + microsOf(e.ts) / 1000) };
}

/** The microseconds beyond the millisecond that Date.parse drops (`…03.412345Z` → 345). */
function microsOf(iso: string): number {
  const frac = /\.(\d+)Z$/.exec(iso)?.[1] ?? '';
  return Number(frac.padEnd(6, '0').slice(3, 6));
}

function toIncidentEvent(p: PlacedEvent): IncidentEvent {
  const rule = ruleById(p.ev.ruleId);
  return {
    ...(p.ev.clientId !== undefined ? { clientId: p.ev.clientId } : {}),
    ts: toIso(p.ts),
    host: p.host,
    stage: rule.stage,
    kind: rule.id,
    recovery: p.ev.recovery,
    source: p.scan.path,
    line: p.ev.line,
    offset: p.ev.offset,
    text: p.ev.text,
    stamp: stampText(p.ev),
    severity: rule.severity,
    alsoIn: p.alsoIn,
  };
}

const two = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The stamp of a line as its file gives it: kernel seconds, a calendar time, or an exact instant. */
export function stampText(ev: Stamp): string {
  if (ev.epochMs !== undefined) return new Date(ev.epochMs).toISOString();
  if (ev.civil) {
    const c = ev.civil;
    const frac = c.micros ? `.${String(c.micros).padStart(6, '0')}` : '';
    const clock = `${two(c.hour)}:${two(c.minute)}:${two(c.second)}${frac}`;
    const date =
      c.year === undefined
        ? `${MONTHS[c.month - 1] ?? c.month} ${two(c.day)}`
        : `${c.year}-${two(c.month)}-${two(c.day)}`;
    return `${date} ${clock}${ev.zone ? ` ${ev.zone}` : ''}`;
  }
  if (ev.mono !== undefined) return `[${ev.mono.toFixed(6).padStart(12)}]`;
  return '';
}

/** Epoch ms of the first and last timed event, or null when none has a time. */
function timedSpan(events: readonly IncidentEvent[]): [number, number] | null {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const e of events) {
    const ms = e.ts === null ? Number.NaN : Date.parse(e.ts);
    if (!Number.isFinite(ms)) continue;
    first = Math.min(first, ms);
    last = Math.max(last, ms);
  }
  return first <= last ? [first, last] : null;
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
  // `ceph tell mds.N client ls` names each session's host: its client ids belong to that host too.
  const fromSessions = scans.flatMap((s) =>
    s.facts.flatMap(({ fact }) =>
      fact.kind === 'ceph-client' && fact.hostname && shortHost(fact.hostname) === name
        ? [fact.clientId]
        : [],
    ),
  );
  const clientIds = [...new Set([...mine.flatMap((s) => s.clientIds), ...fromSessions])].sort(
    (a, b) => a - b,
  );
  const stages: IncidentHost['stages'] = {};
  for (const id of STAGE_IDS) {
    const evs = events.filter((e) => e.host === name && e.stage === id);
    if (evs.length > 0) stages[id] = span(evs);
  }
  const fsids = [...new Set(mine.flatMap((s) => s.fsids))].sort();
  return { name, kernel, clientIds, fsids, stages };
}

function toIncidentSource(scan: SourceScan, timing: SourceTiming, hostEvidence?: string): IncidentSource {
  const first = scan.firstStamp ? timing.timeOf(scan.firstStamp) : null;
  const last = scan.lastStamp ? timing.timeOf(scan.lastStamp) : null;
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
    ...(scan.container ? { container: scan.container } : {}),
    ...(scan.compression ? { compression: scan.compression } : {}),
    ...(hostEvidence ? { hostEvidence } : {}),
  };
}
