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
  text: string;
  /** The same message seen in other sources of this host (deduplicated copies). */
  alsoIn: { source: string; line: number }[];
}

export interface Incident {
  schema: typeof INCIDENT_SCHEMA;
  generatedBy: string;
  sources: IncidentSource[];
  hosts: IncidentHost[];
  stages: IncidentStage[];
  findings: Finding[];
  events: IncidentEvent[];
}
