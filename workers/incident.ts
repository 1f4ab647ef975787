// The `cascade/incident@1` contract: the one serialisable result of an analysis.
// Fields may be added; none may be renamed or dropped (docs/architecture.md).

import type { StageId } from '../parsers/stages.ts';
import type { FormatId } from '../parsers/types.ts';

export const INCIDENT_SCHEMA = 'cascade/incident@1';

/** The `host` of events from the Ceph cluster's own logs (MDS evictions): no client host. */
export const CLUSTER_HOST = 'ceph cluster';

/** ISO-8601 UTC string (`2019-11-12T10:14:03.512345Z`) or null when unknown. */
export type IsoTime = string | null;

export interface SourceClock {
  /** `monotonic`: the file stamps seconds since boot; `wall`: calendar time. */
  kind: 'monotonic' | 'wall' | 'none';
  aligned: boolean;
  /** How wall-clock time was obtained, in words a person can check. */
  method: string;
  /** Seconds added to the file's own stamps (boot time for monotonic sources, zone offset for wall). */
  offsetSeconds: number;
  /** Number of anchor pairs the offset was fitted from (monotonic sources). */
  anchors?: number;
  /** Spread of the anchor offsets in seconds (max - min). */
  spreadSeconds?: number;
  /** Time zone the stamps were read in, e.g. `UTC`; `assumed` when nothing in the bundle said. */
  zone?: string;
  zoneAssumed?: boolean;
  /** Year given to year-less stamps, and where it came from. */
  year?: number;
  yearSource?: string;
  /** Lines whose year could not be told apart (flagged, not silently guessed). */
  ambiguousYearLines?: number;
  /** Boot-relative sources: one fit per boot found in the file (reboots split it). */
  boots?: BootClock[];
}

export interface BootClock {
  /** journald boot id when known. */
  bootId?: string;
  /** First and last line of the file that belong to this boot. */
  firstLine: number;
  lastLine: number;
  aligned: boolean;
  method: string;
  /** Epoch seconds of kernel time zero for this boot. */
  offsetSeconds: number;
  anchors: number;
  spreadSeconds: number;
  /** When the kernel clock drifts: the offset (wall − kernel seconds) at points of kernel time, interpolated between. */
  drift?: { mono: number; offsetSeconds: number }[];
}

export interface IncidentSource {
  path: string;
  format: FormatId;
  host: string | null;
  bytes: number;
  /** Lines read (every physical line, blank ones included). */
  lines: number;
  /** Lines the format understood (records, markers, headers, continuations, blanks). */
  parsed: number;
  /** Lines the format did not understand; each is counted, none is dropped silently. */
  unparsed: number;
  /** Stage events this source contributed (before deduplication). */
  events: number;
  first: IsoTime;
  last: IsoTime;
  clock: SourceClock;
  warnings: string[];
  /** A fatal problem with this file (unreadable, unrecognised); the rest of the bundle still works. */
  error?: string;
  /** Why the detector chose the format (or none). */
  detection?: string;
  /** The archive (path of its progress row) the file was read from; absent for a plain file. */
  container?: string;
  /** Compression the file was read through (`gzip`, `xz`), outermost first. */
  compression?: string;
  /** How the host was told, in words (`_HOSTNAME of 120 lines`, `sosreport hostname file`, `set by the user`). */
  hostEvidence?: string;
}

/** An archive of the drop: what it held and what was read of it. */
export interface IncidentBundle {
  path: string;
  /** What the magic bytes said, outermost first: `tar.xz`, `zip`, `tar.gz`, `gzip`. */
  kind: string;
  /** `sosreport` and `must-gather` are read by path (only the files that matter); `plain` reads every file. */
  layout: 'sosreport' | 'must-gather' | 'plain';
  /** File entries met (nested archives count as one entry and as archives of their own). */
  entries: number;
  analysed: number;
  skipped: number;
  /** A few skipped entries, so a person can see what kind of file was passed over. */
  skippedExamples: string[];
  /** Size of the archive itself, and bytes its decompression produced (all levels). */
  bytes: number;
  expandedBytes: number;
  /** Why reading stopped early or failed (corrupt, truncated, encrypted, too large); entries read before it stay analysed. */
  error?: string;
  warnings: string[];
}

export interface StageSpan {
  first: IsoTime;
  last: IsoTime;
  count: number;
}

export interface IncidentHost {
  name: string;
  kernel: string | null;
  clientIds: number[];
  /** Ceph cluster fsids the host's kernel named. */
  fsids: string[];
  stages: Partial<Record<StageId, StageSpan>>;
  /** Seconds added to this host's times to line it up with the others (estimated or set by hand). */
  skewSeconds?: number;
  skewMethod?: string;
  /** Whether the host's stage lines follow the declared cascade order (not a stray reset). */
  cascade?: HostCascade;
}

export interface HostCascade {
  fits: boolean;
  /** The stages seen on the host, in the order they began. */
  order: StageId[];
  /** Why it fits or not, in words (which rule of the declared order held or broke). */
  reason: string;
}

/** One incident inside the bundle: events separated by a long quiet gap are separate episodes. */
export interface Episode {
  id: string;
  first: IsoTime;
  last: IsoTime;
  hosts: string[];
  /** Hosts in the order their cascade began (first stage line), with that time. */
  hostOrder: { host: string; first: IsoTime }[];
  /** From the first host's connection reset to the last host's kubelet failure, seconds. */
  spreadSeconds: number | null;
  stages: StageSpanById[];
  /** The root cause in one sentence, worded by the evidence at hand. */
  summary: string;
  confidence: 'high' | 'medium' | 'low';
}

export interface StageSpanById extends StageSpan {
  id: StageId;
  hosts: string[];
}

export interface IncidentStage extends StageSpan {
  id: StageId;
  title: string;
  hosts: string[];
  /** Recovery lines (session established, came back, caps renewed) among `count`. */
  recoveries: number;
  annotation: string;
}

export interface EvidenceRef {
  source: string;
  line: number;
  text: string;
}

export type Severity = 'critical' | 'warning' | 'info';

export interface Finding {
  id: string;
  /** The episode the finding belongs to, when the bundle holds several. */
  episode?: string;
  severity: Severity;
  title: string;
  detail: string;
  evidence: EvidenceRef[];
  remediation: string[];
}

export interface IncidentEvent {
  ts: IsoTime;
  host: string;
  stage: StageId;
  /** The id of the catalog rule that matched. */
  kind: string;
  recovery: boolean;
  source: string;
  line: number;
  /** Byte offset of the line in its source (decompressed), to read its context on demand. */
  offset: number;
  text: string;
  /** The line's own stamp as the file gives it, before alignment (`[631966.208200]`, `Nov 12 10:14:03`). */
  stamp: string;
  /** Severity of the catalog rule that matched. */
  severity: Severity;
  /** The same message seen in other sources of this host (deduplicated copies). */
  alsoIn: { source: string; line: number }[];
  /** The episode the event belongs to. */
  episode?: string;
  /** For MDS-side lines: the client id the line names (tied to its host when known). */
  clientId?: number;
}

export interface Incident {
  schema: typeof INCIDENT_SCHEMA;
  generatedBy: string;
  sources: IncidentSource[];
  hosts: IncidentHost[];
  stages: IncidentStage[];
  findings: Finding[];
  events: IncidentEvent[];
  /** Separate incidents in the bundle, in time order (one for a single incident). */
  episodes?: Episode[];
  /** Archives of the drop (tar, zip, gzip, xz …), with what was read of each. */
  bundles?: IncidentBundle[];
  /** Stamped lines per source over the incident's time (the log-volume histogram); not in share links. */
  volume?: IncidentVolume;
}

/**
 * The log volume: every source's stamped records (a multi-line entry counts once) placed with the
 * clocks its events get, counted on one UTC grid across the incident (its first to last timed event
 * with the timeline's margin, or every placed line when no event has a time).
 */
export interface IncidentVolume {
  /** Start of the grid's first bucket; null when no line could be placed. */
  start: IsoTime;
  bucketSeconds: number;
  buckets: number;
  /** Per source with lines placed: lines per bucket (`buckets` numbers), and lines placed before or after the grid. */
  sources: VolumeCounts[];
  /** Lines that could not be placed in time, per source and reason (a source without stamps: all its lines). */
  unplaced: { path: string; lines: number; reason: string }[];
}

export interface VolumeCounts {
  path: string;
  counts: number[];
  before: number;
  after: number;
}
