// What of an incident a share link carries. The link must stay short, so its incident keeps what
// the snapshot shows and never whole-log content, and its events are chosen by priority: (1) every
// event a finding cites and, per host and stage, the first event, the first recovery and the last;
// (2) every event of the stages with few events; (3) the rest, thinned evenly through time so the
// timeline still shows where the dense stretches were. share-link.ts searches how many of (2) and
// (3) fit, and shortens the long explanations (`tight`) when (1) and (2) do not fit whole.
import type {
  Finding,
  Incident,
  IncidentBundle,
  IncidentEvent,
  IncidentHost,
  IncidentSource,
  SourceClock,
} from '../incident.ts';
import { LINE_MAX } from './share-schema.ts';

/** A stage with at most this many events is small enough to travel whole, after the essential events. */
export const FEW_EVENTS = 50;

export interface EventPlan {
  /** Indices into `incident.events`, ascending: always carried. */
  essential: number[];
  /** Events of stages with at most FEW_EVENTS events, the smallest stage first, each stage in time order. */
  few: number[];
  /** The other events, ascending (time order). */
  rest: number[];
}

const refKey = (source: string, line: number) => `${line}\u0000${source}`;

function citedLines(incident: Incident): Set<string> {
  const cited = new Set<string>();
  for (const f of incident.findings) for (const e of f.evidence) cited.add(refKey(e.source, e.line));
  return cited;
}

export function planEvents(incident: Incident): EventPlan {
  const cited = citedLines(incident);
  const essential = new Set<number>();
  const firstOf = new Map<string, number>();
  const lastOf = new Map<string, number>();
  const recoveryOf = new Map<string, number>();
  const stageEvents = new Map<string, number[]>();
  incident.events.forEach((e, i) => {
    if (cited.has(refKey(e.source, e.line)) || e.alsoIn.some((a) => cited.has(refKey(a.source, a.line)))) {
      essential.add(i);
    }
    const lane = `${e.host}\u0000${e.stage}`;
    if (!firstOf.has(lane)) firstOf.set(lane, i);
    lastOf.set(lane, i);
    if (e.recovery && !recoveryOf.has(lane)) recoveryOf.set(lane, i);
    const list = stageEvents.get(e.stage);
    if (list) list.push(i);
    else stageEvents.set(e.stage, [i]);
  });
  for (const map of [firstOf, lastOf, recoveryOf]) for (const i of map.values()) essential.add(i);
  const few: number[] = [];
  const small = [...stageEvents.values()]
    .filter((l) => l.length <= FEW_EVENTS)
    .sort((a, b) => a.length - b.length);
  for (const list of small) for (const i of list) if (!essential.has(i)) few.push(i);
  const taken = new Set([...essential, ...few]);
  const rest: number[] = [];
  for (let i = 0; i < incident.events.length; i++) if (!taken.has(i)) rest.push(i);
  return { essential: [...essential].sort((a, b) => a - b), few, rest };
}

/** How many events a plan may add beyond the essential ones. */
export const optionalCount = (plan: EventPlan) => plan.few.length + plan.rest.length;

/**
 * The essential events and `extra` more: the few-event stages first, then the rest sampled at even
 * steps through its time order (so a dense stretch keeps its share of markers). Ascending indices.
 */
export function pickEvents(plan: EventPlan, extra: number): number[] {
  const k = Math.max(0, Math.min(Math.floor(extra), optionalCount(plan)));
  const picked = [...plan.essential, ...plan.few.slice(0, k)];
  const m = k - Math.min(k, plan.few.length);
  const n = plan.rest.length;
  for (let j = 0; j < m; j++) picked.push(plan.rest[Math.floor(((j + 0.5) * n) / m)] as number);
  return picked.sort((a, b) => a - b);
}

/**
 * `full` keeps up to five warnings per source and every explanation whole; `tight` keeps one warning
 * and cuts clock methods, host skew methods, cascade reasons and warnings to 80 characters.
 */
export type Trim = 'full' | 'tight';

const LIMITS: Record<Trim, { warnings: number; explanation: number }> = {
  full: { warnings: 5, explanation: LINE_MAX },
  tight: { warnings: 1, explanation: 80 },
};

/** Cut at a clause boundary when one is near, and say that it was cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max - 1);
  const clause = head.lastIndexOf('; ');
  return `${clause > max / 2 ? head.slice(0, clause) : head}…`;
}

function defined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

// Sources keep what the snapshot shows of them (path, format, host, line counts, first and last,
// how the clock was told, errors and a few warnings); detection notes, host evidence, per-boot fits
// and anchor counts describe the reading of files the snapshot does not have.
function shareClock(c: SourceClock, max: number): SourceClock {
  return defined({
    kind: c.kind,
    aligned: c.aligned,
    method: clip(c.method, max),
    offsetSeconds: c.offsetSeconds,
    zone: c.zone,
    zoneAssumed: c.zoneAssumed,
    year: c.year,
    ambiguousYearLines: c.ambiguousYearLines,
  });
}

function shareSource(s: IncidentSource, trim: Trim): IncidentSource {
  const { warnings, explanation } = LIMITS[trim];
  return defined({
    path: s.path,
    format: s.format,
    host: s.host,
    bytes: s.bytes,
    lines: s.lines,
    parsed: s.parsed,
    unparsed: s.unparsed,
    events: s.events,
    first: s.first,
    last: s.last,
    clock: shareClock(s.clock, explanation),
    warnings: s.warnings.slice(0, warnings).map((w) => clip(w, explanation)),
    error: s.error === undefined ? undefined : clip(s.error, LINE_MAX),
    container: s.container,
    compression: s.compression,
  });
}

function shareHost(h: IncidentHost, trim: Trim): IncidentHost {
  const { explanation } = LIMITS[trim];
  return defined({
    ...h,
    skewMethod: h.skewMethod === undefined ? undefined : clip(h.skewMethod, explanation),
    cascade: h.cascade && { ...h.cascade, reason: clip(h.cascade.reason, explanation) },
  });
}

function shareBundle(b: IncidentBundle, trim: Trim): IncidentBundle {
  const { warnings, explanation } = LIMITS[trim];
  return defined({
    ...b,
    skippedExamples: b.skippedExamples.slice(0, warnings),
    warnings: b.warnings.slice(0, warnings).map((w) => clip(w, explanation)),
    error: b.error === undefined ? undefined : clip(b.error, LINE_MAX),
  });
}

// Only a pathological line reaches LINE_MAX; cutting it keeps the link readable by its own schema.
const shareFinding = (f: Finding): Finding =>
  defined({
    ...f,
    evidence: f.evidence.map((e) => ({ source: e.source, line: e.line, text: clip(e.text, LINE_MAX) })),
  });

function shareEvent(e: IncidentEvent, cited: ReadonlySet<string>): IncidentEvent {
  return defined({
    ts: e.ts,
    host: e.host,
    stage: e.stage,
    kind: e.kind,
    recovery: e.recovery,
    source: e.source,
    line: e.line,
    // The snapshot has no files to read a line's context from (compact.ts never carries it).
    offset: 0,
    text: clip(e.text, LINE_MAX),
    stamp: clip(e.stamp, LINE_MAX),
    severity: e.severity,
    // Only the copies a finding cites: the snapshot opens evidence by source and line.
    alsoIn: e.alsoIn
      .filter((a) => cited.has(refKey(a.source, a.line)))
      .map((a) => ({ source: a.source, line: a.line })),
    episode: e.episode,
    clientId: e.clientId,
  });
}

/**
 * The incident a link carries: the events at `keep` (indices into `incident.events`) and what the
 * snapshot shows of the rest. Stage, host and episode counts stay those of the whole incident.
 */
export function shareIncident(incident: Incident, keep: readonly number[], trim: Trim): Incident {
  const cited = citedLines(incident);
  return defined({
    schema: incident.schema,
    generatedBy: incident.generatedBy,
    sources: incident.sources.map((s) => shareSource(s, trim)),
    hosts: incident.hosts.map((h) => shareHost(h, trim)),
    stages: incident.stages,
    findings: incident.findings.map(shareFinding),
    events: keep.map((i) => shareEvent(incident.events[i] as IncidentEvent, cited)),
    episodes: incident.episodes,
    bundles: incident.bundles?.map((b) => shareBundle(b, trim)),
  });
}
