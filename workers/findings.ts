// Diagnosis (pure): what the placed events, facts and config say happened, as findings that cite the
// lines proving them and give the commands that fix them, plus the ordered plan.
//
//   diagnose(incident, scans) → [{ id: 'client-evicted', evidence: [{ source: 'k8s-worker-1/dmesg.log',
//     line: 875, text: '[632277.168337] ceph: mds0 reconnect denied' }, …], remediation: [ … ] }, …]
//
// `analyse` gathers the facts of one episode once; the finding builders and summary.ts only read it.
import { kernelAtLeast } from '../parsers/facts.ts';
import {
  CLUSTER_HOST,
  type EvidenceRef,
  type Finding,
  type Incident,
  type IncidentEvent,
  type IsoTime,
} from './incident.ts';
import {
  type BlocklistOption,
  blocklistCommands,
  configStep,
  describePlan,
  type KernelNeed,
  kernelStep,
  type NodeWork,
  needsPodWork,
  optionName,
  type PlanStep,
  podCommands,
  podStep,
  releaseSpelling,
  type SpellingChoice,
  UMOUNT_ALL_CEPH,
  umountStep,
} from './remediation.ts';
import type { RawEvent, SourceScan } from './scan.ts';

const MAX_EVIDENCE = 6;
/** Hosts that are no Kubernetes node to drain. */
const NOT_A_NODE: ReadonlySet<string> = new Set([CLUSTER_HOST, 'unknown host']);
/** Lines this close before a denial are the eviction itself (socket closed, reset), not its cause. */
const BURST_S = 10;
/** Faults longer ago than this did not lead to the eviction. */
const LOOKBACK_S = 3600;
/** The MDS evicts a client that has not renewed its session for this long (`session_autoclose`). */
const AUTOCLOSE_S = 300;

/** Kernel lines that prove the MDS evicted the client (a `reconnect start` alone does not). */
const DENIAL_KINDS: ReadonlySet<string> = new Set([
  'ceph-mds-reconnect-denied',
  'ceph-mds-rejected-session',
  'ceph-mds-session-blocklisted',
  'ceph-auto-reconnect-after-blocklisted',
]);
const MDS_EVICTION_KINDS: ReadonlySet<string> = new Set([
  'mds-evicting-client-session',
  'mds-evicting-unresponsive-client',
  'mds-closing-stale-session',
  'mds-cap-revoke-evicting',
  'mds-evicting-session-missing-features',
  'mds-denied-reconnect',
]);
const QUOTA_NULL_KINDS: ReadonlySet<string> = new Set([
  'ceph-get-quota-realm-null-snaprealm',
  'ceph-check-quota-exceeded-null-snaprealm',
  'ceph-quota-null-snaprealm',
]);
const CONFIG_FORMATS: ReadonlySet<string> = new Set(['ceph-config-dump', 'ceph-config-json', 'ceph-conf']);
const DUMP_FORMATS: ReadonlySet<string> = new Set(['ceph-config-dump', 'ceph-config-json']);
const MDS_LOG_FORMATS: ReadonlySet<string> = new Set(['ceph-mds-log', 'ceph-cluster-log']);
const KUBELET_FORMATS: ReadonlySet<string> = new Set(['klog', 'klog-json', 'cri', 'kubectl-describe']);

// ---------------------------------------------------------------------------------------------
// Episodes

export interface View {
  /** Set when the bundle holds several episodes. */
  episode?: string;
  events: IncidentEvent[];
}

/** One view per episode; the whole bundle when it holds one or none. */
export function episodeViews(incident: Incident): View[] {
  const episodes = incident.episodes ?? [];
  if (episodes.length <= 1) return [{ events: incident.events }];
  return episodes.map((ep) => ({
    episode: ep.id,
    events: incident.events.filter(
      (e) =>
        e.episode === ep.id ||
        (e.episode === undefined && e.ts !== null && ep.first !== null && ep.last !== null
          ? e.ts >= ep.first && e.ts <= ep.last
          : false),
    ),
  }));
}

// ---------------------------------------------------------------------------------------------
// The analysis of one episode

export type EvictionMode = 'timeout' | 'manual' | 'cap-revoke' | 'features' | 'unknown';

export interface Eviction {
  /** The client host, or null when only the MDS names the client. */
  host: string | null;
  /** How the client is named: its host, else its address or client id. */
  label: string;
  clientIds: number[];
  mode: EvictionMode;
  /** The lines that tell the mode (the MDS's reason, or the faults before the denial). */
  modeLines: IncidentEvent[];
  modeReason: string;
  /** Shown by a line (`(and blocklisting)`, `session blocklisted`); null when no line says. */
  blocklisted: boolean | null;
  /** Kernel lines of the denial on the host (`closed our session`, `reconnect denied`, …). */
  kernelLines: IncidentEvent[];
  mdsLines: IncidentEvent[];
  /** Network faults among `modeLines` (a blip rather than a silent session). */
  networkFaults: number;
  /** `auto reconnect after blocklisted`: recover_session=clean brought the mount back. */
  autoRecovered: boolean;
}

export interface OptionState {
  option: BlocklistOption;
  rows: EvidenceRef[];
  /** Blocklisting on for at least one MDS (a `true` row, or no row: the default). */
  on: boolean;
  defaulted: boolean;
}

export interface BlocklistConfig {
  /** A config dump (or ceph.conf) is in the bundle. */
  present: boolean;
  /** Only ceph.conf: the mon config database may still set the options. */
  confOnly: boolean;
  options: OptionState[];
}

export interface KernelInfo {
  host: string;
  /** `uname -r`, or what the lines imply. */
  label: string;
  release: string | null;
  lacksQuotaFix: boolean | null;
  lacksRecoverSession: boolean | null;
  evidence: EvidenceRef[];
}

export interface HostLoop {
  host: string;
  events: IncidentEvent[];
  nullLines: number;
  suppressed: number;
  first: IsoTime;
  last: IsoTime;
  kernel: KernelInfo;
}

export interface DirtyDrop {
  event: IncidentEvent;
  ino: string;
  flushing: boolean;
  caps: string;
}

export interface PodInfo {
  uid?: string;
  name?: string;
  namespace?: string;
  orphaned: boolean;
  paths: string[];
}

export interface HostPods {
  host: string;
  events: IncidentEvent[];
  pods: PodInfo[];
  paths: string[];
}

export interface CephMount {
  host: string | null;
  ref: EvidenceRef;
  mountPoint: string;
  options: string[];
}

export interface HostFaults {
  host: string;
  faults: IncidentEvent[];
  recoveries: IncidentEvent[];
  recovered: boolean;
}

export interface Analysis {
  incident: Incident;
  events: IncidentEvent[];
  evictions: Eviction[];
  faults: HostFaults[];
  dirty: DirtyDrop[];
  loops: HostLoop[];
  /** Hosts whose pods fail on the CephFS volumes. */
  pods: HostPods[];
  /** Hosts whose only kubelet lines are timed-out container starts: a lead, not a diagnosis. */
  stalls: HostPods[];
  config: BlocklistConfig;
  spelling: SpellingChoice;
  mounts: CephMount[];
  fscache: { mounts: CephMount[]; netfs: EvidenceRef[]; hosts: string[] };
  kernels: Map<string, KernelInfo>;
  has: { mdsLog: boolean; kubeletLog: boolean };
  /** When a line happened, in words: UTC when placed, else as its own source stamps it. */
  at(e: IncidentEvent | undefined): string;
}

/** What does not change from one episode to the next: computed once per bundle. */
export interface BundleFacts {
  raw: RawIndex;
  kernels: Map<string, KernelInfo>;
  mounts: CephMount[];
  config: BlocklistConfig;
  fscache: Analysis['fscache'];
  mdsLog: boolean;
  kubeletSources: boolean;
}

export function bundleFacts(incident: Incident, scans: readonly SourceScan[]): BundleFacts {
  const hostOfSource = new Map(incident.sources.map((s) => [s.path, s.host]));
  const mounts = cephMounts(scans, hostOfSource);
  return {
    raw: rawIndex(scans),
    kernels: kernelInfos(incident, scans, hostOfSource),
    mounts,
    config: blocklistConfig(scans),
    fscache: fscacheEvidence(scans, mounts, hostOfSource),
    mdsLog: scans.some((s) => MDS_LOG_FORMATS.has(s.format)),
    kubeletSources: scans.some((s) => KUBELET_FORMATS.has(s.format) || s.klogSkews.size > 0),
  };
}

export function analyse(
  incident: Incident,
  scans: readonly SourceScan[],
  events: IncidentEvent[],
  bundle: BundleFacts = bundleFacts(incident, scans),
): Analysis {
  const { raw, kernels } = bundle;
  const evictions = findEvictions(incident, events, raw);
  const pods = hostPods(events);
  return {
    incident,
    events,
    evictions,
    faults: hostFaults(events, evictions, raw),
    dirty: events.flatMap(dirtyDrop),
    loops: hostLoops(events, kernels),
    pods: pods.filter((p) => !onlyStartDeadlines(p)),
    stalls: pods.filter(onlyStartDeadlines),
    config: bundle.config,
    spelling: spellingOf(scans, events),
    mounts: bundle.mounts,
    fscache: bundle.fscache,
    kernels,
    at: (e) => (e ? stampWords(e, raw) : 'an unknown time'),
    has: {
      mdsLog: bundle.mdsLog,
      kubeletLog: bundle.kubeletSources || events.some((e) => e.stage === 'kubelet-mount-failure'),
    },
  };
}

// ---- time --------------------------------------------------------------------------------------

type RawIndex = Map<string, RawEvent>;

function rawIndex(scans: readonly SourceScan[]): RawIndex {
  const out: RawIndex = new Map();
  for (const s of scans) for (const e of s.events) out.set(`${s.path}\u0000${e.line}`, e);
  return out;
}

/**
 * Seconds from a to b: by wall time when both are placed, else by the stamps of one source
 * (a boot-relative dmesg that could not be aligned still orders its own lines).
 */
function secondsBetween(a: IncidentEvent, b: IncidentEvent, raw: RawIndex): number | null {
  if (a.ts !== null && b.ts !== null) return (Date.parse(b.ts) - Date.parse(a.ts)) / 1000;
  if (a.source !== b.source) return null;
  const ra = raw.get(`${a.source}\u0000${a.line}`);
  const rb = raw.get(`${b.source}\u0000${b.line}`);
  if (ra?.mono !== undefined && rb?.mono !== undefined) return rb.mono - ra.mono;
  if (ra?.epochMs !== undefined && rb?.epochMs !== undefined) return (rb.epochMs - ra.epochMs) / 1000;
  return null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function stampWords(e: IncidentEvent, raw: RawIndex): string {
  if (e.ts !== null) return when(e.ts);
  const r = raw.get(`${e.source}\u0000${e.line}`);
  if (r?.mono !== undefined) return `${r.mono.toFixed(3)} s after boot (not placed on the wall clock)`;
  const c = r?.civil;
  if (c) {
    const hms = [c.hour, c.minute, c.second].map((n) => String(n).padStart(2, '0')).join(':');
    return `${MONTHS[c.month - 1] ?? '?'} ${c.day}${c.year ? ` ${c.year}` : ''} ${hms} (as printed, not placed)`;
  }
  return 'an unknown time';
}

function isBefore(a: IncidentEvent, b: IncidentEvent, raw: RawIndex): boolean {
  const s = secondsBetween(a, b, raw);
  if (s !== null) return s > 0 || (s === 0 && a.source === b.source && a.line < b.line);
  return a.source === b.source && a.line < b.line;
}

// ---- evictions ---------------------------------------------------------------------------------

/** A libceph fault towards an MDS or a mon: OSD sockets close when idle, which is no fault. */
function isNetworkFault(e: IncidentEvent): boolean {
  if (e.recovery) return false;
  if (e.stage === 'mon-session-lost') return true;
  return e.stage === 'connection-reset' && /libceph: (?:(?:mds|mon)\d+ |reset on mds)/.test(e.text);
}

/** The client noticed its session go quiet: `mdsN hung`, `mdsN caps stale`. */
function isSessionTrouble(e: IncidentEvent): boolean {
  return e.kind === 'ceph-mds-hung' || e.kind === 'ceph-mds-caps-stale';
}

const MDS_CLIENT_ID = [/client session (\d+) \(/, /\((\d+)\), after /, /client\.(\d+)/, /client id (\d+) /];

function mdsClientId(e: IncidentEvent): number | null {
  if (e.clientId !== undefined) return e.clientId;
  for (const re of MDS_CLIENT_ID) {
    const m = re.exec(e.text)?.[1];
    if (m) return Number(m);
  }
  const features = /evicting session [^,]*\((\d+)\), missing/.exec(e.text)?.[1];
  return features ? Number(features) : null;
}

/** The client's IP from an MDS line (`(v1:10.10.10.253:0/180833414)`, `client.4305 10.0.0.5:0/3382`). */
function mdsClientAddress(e: IncidentEvent): string | null {
  return /(?:v[12]:)?(\d{1,3}(?:\.\d{1,3}){3}):\d+\/\d+/.exec(e.text)?.[1] ?? null;
}

function findEvictions(incident: Incident, events: IncidentEvent[], raw: RawIndex): Eviction[] {
  const hostOfClient = new Map<number, string>();
  for (const h of incident.hosts) for (const id of h.clientIds) hostOfClient.set(id, h.name);
  const hostNames = new Set(incident.hosts.map((h) => h.name));

  const groups = new Map<string, { host: string | null; kernel: IncidentEvent[]; mds: IncidentEvent[] }>();
  const group = (key: string, host: string | null) => {
    let g = groups.get(key);
    if (!g) {
      g = { host, kernel: [], mds: [] };
      groups.set(key, g);
    }
    return g;
  };
  for (const e of events) {
    if (DENIAL_KINDS.has(e.kind) && !NOT_A_NODE.has(e.host)) group(e.host, e.host).kernel.push(e);
  }
  const mdsLines = events.filter((e) => MDS_EVICTION_KINDS.has(e.kind));
  // `evicting unresponsive client` names no address: the `Evicting … client session` line of the id does.
  const addressOf = new Map<number, string>();
  for (const e of mdsLines) {
    const id = mdsClientId(e);
    const addr = mdsClientAddress(e);
    if (id !== null && addr !== null && !addressOf.has(id)) addressOf.set(id, addr);
  }
  for (const e of mdsLines) {
    const id = mdsClientId(e);
    const addr = mdsClientAddress(e) ?? (id !== null ? (addressOf.get(id) ?? null) : null);
    const host =
      (id !== null ? hostOfClient.get(id) : undefined) ??
      (!NOT_A_NODE.has(e.host) ? e.host : addr && hostNames.has(addr) ? addr : null);
    // Sessions of one address are one machine: its client instances are evicted together.
    const key = host ?? (addr ? `addr ${addr}` : `client ${id ?? '?'}`);
    group(key, host).mds.push(e);
  }
  const out: Eviction[] = [];
  for (const [key, g] of groups) {
    // A `denied reconnect attempt` alone does not say the session was evicted in this episode.
    if (g.kernel.length === 0 && !g.mds.some((e) => e.kind !== 'mds-denied-reconnect')) continue;
    out.push(eviction(key, g.host, g.kernel, g.mds, events, raw));
  }
  return out.sort((a, b) => a.label.localeCompare(b.label, 'en', { numeric: true }));
}

function eviction(
  key: string,
  host: string | null,
  kernel: IncidentEvent[],
  mds: IncidentEvent[],
  events: IncidentEvent[],
  raw: RawIndex,
): Eviction {
  const clientIds = [...new Set(mds.map(mdsClientId).filter((n): n is number => n !== null))].sort(
    (a, b) => a - b,
  );
  const addresses = [...new Set(mds.map(mdsClientAddress).filter((a): a is string => a !== null))].sort();
  const label =
    host ?? (addresses.length > 0 ? `${addresses.join(', ')} (client ${clientIds.join(', ')})` : key);
  const first = kernel[0] ?? mds[0];
  const before = host && first ? faultsBefore(host, first, events, raw) : [];
  const { mode, lines, reason } = evictionMode(mds, before, first, raw, host !== null);
  return {
    host,
    label,
    clientIds,
    mode,
    modeLines: lines,
    modeReason: reason,
    blocklisted: blocklistedByLines(kernel, mds),
    kernelLines: kernel,
    mdsLines: mds,
    networkFaults: lines.filter(isNetworkFault).length,
    autoRecovered: kernel.some((e) => e.kind === 'ceph-auto-reconnect-after-blocklisted'),
  };
}

/** Faults on the host in the hour before the denial, leaving out the eviction's own burst. */
function faultsBefore(
  host: string,
  denial: IncidentEvent,
  events: IncidentEvent[],
  raw: RawIndex,
): IncidentEvent[] {
  return events.filter((e) => {
    if (e.host !== host || !(isNetworkFault(e) || isSessionTrouble(e))) return false;
    const s = secondsBetween(e, denial, raw);
    return s !== null && s > BURST_S && s <= LOOKBACK_S;
  });
}

function evictionMode(
  mds: IncidentEvent[],
  faults: IncidentEvent[],
  first: IncidentEvent | undefined,
  raw: RawIndex,
  clientLogs: boolean,
): { mode: EvictionMode; lines: IncidentEvent[]; reason: string } {
  const unresponsive = mds.filter(
    (e) => e.kind === 'mds-evicting-unresponsive-client' || e.kind === 'mds-closing-stale-session',
  );
  if (unresponsive.length > 0) {
    const secs = /after (?:waiting )?(\d+(?:\.\d+)?)/.exec(unresponsive[0]?.text ?? '')?.[1];
    return {
      mode: 'timeout',
      lines: [...unresponsive, ...faults.slice(0, 2)],
      reason:
        `by timeout: the MDS evicted it as unresponsive${secs ? ` after ${Math.round(Number(secs))} s` : ''}` +
        (faults.length > 0
          ? `, after network faults on the client from ${stampWords(faults[0] as IncidentEvent, raw)}`
          : ''),
    };
  }
  const revoke = mds.filter((e) => e.kind === 'mds-cap-revoke-evicting');
  if (revoke.length > 0) {
    return {
      mode: 'cap-revoke',
      lines: revoke,
      reason: 'by the MDS, for not releasing revoked caps (mds_cap_revoke_eviction_timeout)',
    };
  }
  const features = mds.filter((e) => e.kind === 'mds-evicting-session-missing-features');
  if (features.length > 0) {
    return { mode: 'features', lines: features, reason: 'by the MDS, for missing required client features' };
  }
  if (faults.length > 0 && first) {
    const silent = secondsBetween(faults[0] as IncidentEvent, first, raw);
    const net = faults.some(isNetworkFault);
    return {
      mode: 'timeout',
      lines: faults.slice(0, 3),
      reason:
        `by timeout: ${net ? 'network faults' : 'a silent session'} on the client ` +
        `(${describeFaults(faults)}) preceded the denial` +
        (silent !== null
          ? ` by ${Math.round(silent)} s` +
            (silent >= AUTOCLOSE_S - BURST_S ? ` (session_autoclose is ${AUTOCLOSE_S} s by default)` : '')
          : ''),
    };
  }
  const manual = mds.filter((e) => e.kind === 'mds-evicting-client-session');
  if (manual.length > 0) {
    return {
      mode: 'manual',
      lines: manual,
      reason:
        'by hand (`ceph tell mds.<id> client evict`): the MDS logs the eviction without "evicting unresponsive client"' +
        (clientLogs ? ', and no fault precedes it on the client' : ''),
    };
  }
  return {
    mode: 'unknown',
    lines: [],
    reason:
      'by timeout or by hand: not shown (no MDS log line names the reason, and no fault precedes the denial ' +
      'in the lines the bundle holds)',
  };
}

export function describeFaults(faults: readonly IncidentEvent[]): string {
  const kinds = new Map<string, number>();
  for (const f of faults) {
    const k =
      f.stage === 'mon-session-lost'
        ? 'mon session lost'
        : f.kind === 'ceph-mds-hung'
          ? 'mds session hung'
          : f.kind === 'ceph-mds-caps-stale'
            ? 'caps stale'
            : 'connection closed or reset';
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  return [...kinds].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
}

function blocklistedByLines(kernel: IncidentEvent[], mds: IncidentEvent[]): boolean | null {
  if (mds.some((e) => /\(and b(?:la|lo)cklisting\)/.test(e.text))) return true;
  if (
    kernel.some(
      (e) => e.kind === 'ceph-mds-session-blocklisted' || e.kind === 'ceph-auto-reconnect-after-blocklisted',
    )
  )
    return true;
  if (mds.some((e) => e.kind === 'mds-evicting-client-session')) return false;
  return null;
}

// ---- faults on hosts that were not evicted ------------------------------------------------------

function hostFaults(events: IncidentEvent[], evictions: Eviction[], raw: RawIndex): HostFaults[] {
  const evicted = new Set(evictions.map((e) => e.host));
  const byHost = new Map<string, IncidentEvent[]>();
  for (const e of events) {
    if (NOT_A_NODE.has(e.host) || evicted.has(e.host)) continue;
    if (isNetworkFault(e) || isSessionTrouble(e) || (e.recovery && /^(?:mon|mds|caps)/.test(e.stage))) {
      const list = byHost.get(e.host) ?? [];
      list.push(e);
      byHost.set(e.host, list);
    }
  }
  const out: HostFaults[] = [];
  for (const [host, list] of byHost) {
    const faults = list.filter((e) => !e.recovery);
    if (!faults.some(isNetworkFault)) continue;
    const recoveries = list.filter((e) => e.recovery);
    const last = faults[faults.length - 1] as IncidentEvent;
    out.push({ host, faults, recoveries, recovered: recoveries.some((r) => isBefore(last, r, raw)) });
  }
  return out.sort((a, b) => a.host.localeCompare(b.host, 'en', { numeric: true }));
}

// ---- data loss, quota loop ---------------------------------------------------------------------

const DIRTY = /dropping dirty(\+flushing)? (\S+) state for \S+ (-?\d+)/;

function dirtyDrop(e: IncidentEvent): DirtyDrop[] {
  const m = DIRTY.exec(e.text);
  return m ? [{ event: e, flushing: m[1] !== undefined, caps: m[2] as string, ino: m[3] as string }] : [];
}

function hostLoops(events: IncidentEvent[], kernels: Map<string, KernelInfo>): HostLoop[] {
  const byHost = new Map<string, IncidentEvent[]>();
  for (const e of events) {
    if (e.stage !== 'quota-realm-loop') continue;
    const list = byHost.get(e.host) ?? [];
    list.push(e);
    byHost.set(e.host, list);
  }
  return [...byHost]
    .map(([host, list]) => {
      const times = list.map((e) => e.ts).filter((t): t is string => t !== null);
      times.sort();
      return {
        host,
        events: list,
        nullLines: list.filter((e) => QUOTA_NULL_KINDS.has(e.kind)).length,
        suppressed: list.reduce((n, e) => n + Number(/(\d+) callbacks suppressed/.exec(e.text)?.[1] ?? 0), 0),
        first: times[0] ?? null,
        last: times[times.length - 1] ?? null,
        kernel: kernels.get(host) ?? dialectKernel(host, events),
      };
    })
    .sort((a, b) => a.host.localeCompare(b.host, 'en', { numeric: true }));
}

// ---- kernels -----------------------------------------------------------------------------------

function kernelInfos(
  incident: Incident,
  scans: readonly SourceScan[],
  hostOfSource: Map<string, string | null>,
): Map<string, KernelInfo> {
  const out = new Map<string, KernelInfo>();
  for (const h of incident.hosts) {
    if (h.kernel) {
      out.set(h.name, {
        host: h.name,
        label: h.kernel,
        release: h.kernel,
        lacksQuotaFix: negate(kernelAtLeast(h.kernel, 5, 3)),
        lacksRecoverSession: negate(kernelAtLeast(h.kernel, 5, 4)),
        evidence: kernelEvidence(h.name, scans, hostOfSource),
      });
    } else {
      out.set(h.name, dialectKernel(h.name, incident.events));
    }
  }
  return out;
}

function negate(v: boolean | null): boolean | null {
  return v === null ? null : !v;
}

/** The `uname` line or the boot banner that names the host's kernel. */
function kernelEvidence(
  host: string,
  scans: readonly SourceScan[],
  hostOfSource: Map<string, string | null>,
): EvidenceRef[] {
  for (const s of scans) {
    if (hostOfSource.get(s.path) !== host) continue;
    for (const { line, fact } of s.facts) {
      if (fact.kind === 'kernel-release') {
        return [{ source: s.path, line, text: `Linux ${fact.host ? `${fact.host} ` : ''}${fact.release}` }];
      }
    }
    const banner = contextLines(s).find((c) => c.key.startsWith('Linux version '));
    if (banner) return [{ source: s.path, line: banner.line, text: banner.text }];
  }
  return [];
}

/**
 * What the wording of a host's own lines says of its kernel when no banner or `uname` does:
 * the 6.7+ fsid prefix, the 5.11+ one-line `session reset`, the `(1)`/`(2)` address type of 5.3+,
 * or plain addresses before 5.3 (cascade-vocabulary §1).
 */
export function dialectKernel(host: string, events: readonly IncidentEvent[]): KernelInfo {
  const mine = events.filter((e) => e.host === host);
  const pick = (re: RegExp) => mine.find((e) => re.test(e.text));
  const info = (
    label: string,
    lacksQuotaFix: boolean | null,
    lacksRecover: boolean | null,
    e?: IncidentEvent,
  ) => ({
    host,
    label,
    release: null,
    lacksQuotaFix,
    lacksRecoverSession: lacksRecover,
    evidence: e ? [cite(e)] : [],
  });
  const prefixed = pick(/ceph: \[[0-9a-f-]{36} \d+\]: /);
  if (prefixed) return info('6.7 or later (fsid prefix on ceph lines)', false, false, prefixed);
  const sessionReset = pick(/libceph: \w+ \(\d\)\S+ ?:\d+ session reset/);
  if (sessionReset) return info('5.11 or later (one-line "session reset")', false, false, sessionReset);
  const typed = pick(/libceph: (?:mds|mon|osd)\d+ \(\d\)/);
  if (typed) return info('5.3 or later (typed addresses)', false, null, typed);
  const plain = pick(/libceph: (?:mds|mon|osd)\d+ \d{1,3}(?:\.\d{1,3}){3}:\d+ /);
  if (plain) return info('older than 5.3 (addresses printed without their type)', true, true, plain);
  return info('not in the bundle', null, null);
}

// ---- pods --------------------------------------------------------------------------------------

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const ANY_UUID = new RegExp(UUID);
const VOLUME_PATH = new RegExp(
  String.raw`/(?:[\w.~-]+/)*?kubelet/pods/(${UUID})/volumes/[\w.~-]+/[\w.~-]+(?:/mount(?![\w.~-]))?`,
  'g',
);
const GLOBAL_MOUNT =
  /\/(?:[\w.~-]+\/)*?kubelet\/plugins\/kubernetes\.io\/csi\/(?:pv\/)?[\w.~-]+\/(?:[\w.~-]+\/)?globalmount/g;
/** `format.Pod`: `web-0_shop(25ade9dc-…)` in `Error syncing pod` lines. */
const POD_NAME = new RegExp(
  String.raw`([a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)_([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\((${UUID})\)`,
);
/** Structured klog: `pod="shop/web-0" podUID="25ade9dc-…"`. */
const POD_KOBJ = /\bpod="([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9.-]*)"/;
const POD_UID = new RegExp(String.raw`(?:podUID=\\?"?|pod \\?"|UID: \\?")(${UUID})`, 'g');
/** kubelet's orphan cleanup: the pod is gone, only its directory (and dead mount) is left. */
const ORPHAN = /orphaned pod|pod found, but|pod \\?"[0-9a-f-]{36}\\?" found, but/i;

function hostPods(events: IncidentEvent[]): HostPods[] {
  const byHost = new Map<string, IncidentEvent[]>();
  for (const e of events) {
    if (e.stage !== 'kubelet-mount-failure' || e.recovery) continue;
    const list = byHost.get(e.host) ?? [];
    list.push(e);
    byHost.set(e.host, list);
  }
  return [...byHost]
    .map(([host, list]) => podsOf(host, list))
    .sort((a, b) => a.host.localeCompare(b.host, 'en', { numeric: true }));
}

function podsOf(host: string, events: IncidentEvent[]): HostPods {
  const pods = new Map<string, PodInfo>();
  const paths = new Set<string>();
  const pod = (uid: string) => {
    let p = pods.get(uid);
    if (!p) {
      p = { uid, orphaned: false, paths: [] };
      pods.set(uid, p);
    }
    return p;
  };
  for (const e of events) {
    const orphan = ORPHAN.test(e.text);
    const uids = new Set<string>();
    for (const m of e.text.matchAll(VOLUME_PATH)) {
      paths.add(m[0]);
      const p = pod(m[1] as string);
      if (!p.paths.includes(m[0])) p.paths.push(m[0]);
      uids.add(m[1] as string);
    }
    for (const m of e.text.matchAll(GLOBAL_MOUNT)) paths.add(m[0]);
    for (const m of e.text.matchAll(POD_UID)) uids.add(m[1] as string);
    const named = POD_NAME.exec(e.text);
    if (named) {
      const p = pod(named[3] as string);
      p.name = named[1];
      p.namespace = named[2];
      uids.add(named[3] as string);
    }
    const kobj = POD_KOBJ.exec(e.text);
    const kuid = /podUID="?([0-9a-f-]{36})/.exec(e.text)?.[1];
    if (kobj && kuid) Object.assign(pod(kuid), { namespace: kobj[1], name: kobj[2] });
    if (orphan) for (const u of uids) pod(u).orphaned = true;
  }
  for (const p of pods.values()) p.paths.sort();
  return { host, events, pods: [...pods.values()], paths: [...paths].sort() };
}

// ---- config, release ---------------------------------------------------------------------------

const TRUE = /^(?:true|yes|on|1)$/i;
/** Rows that reach the MDS: global, mds and mds.<name> sections. */
const MDS_WHO = /^(?:global|mds(?:\..+)?)$/;

function blocklistConfig(scans: readonly SourceScan[]): BlocklistConfig {
  const sources = scans.filter((s) => CONFIG_FORMATS.has(s.format) && s.config.length > 0);
  const options = (['timeout', 'evict'] as const).map((option): OptionState => {
    const names = new Set([optionName(option, 'blocklist'), optionName(option, 'blacklist')]);
    const rows = sources.flatMap((s) =>
      s.config
        .filter((r) => names.has(r.option) && MDS_WHO.test(r.who.trim()))
        .map((r) => ({
          ref: {
            source: s.path,
            line: r.line,
            text: `${r.who.trim()} ${r.level} ${r.option} ${r.value}`.replace(/\s+/g, ' ').trim(),
          },
          on: TRUE.test(r.value.trim()),
        })),
    );
    return {
      option,
      rows: rows.map((r) => r.ref),
      on: rows.length === 0 || rows.some((r) => r.on),
      defaulted: rows.length === 0,
    };
  });
  return {
    present: sources.length > 0,
    confOnly: sources.length > 0 && sources.every((s) => s.format === 'ceph-conf'),
    options,
  };
}

function spellingOf(scans: readonly SourceScan[], events: IncidentEvent[]): SpellingChoice {
  const versions = scans.flatMap((s) =>
    s.facts.flatMap(({ fact }) => (fact.kind === 'ceph-version' ? [fact] : [])),
  );
  const dumps = scans.filter((s) => DUMP_FORMATS.has(s.format));
  return releaseSpelling({
    versions,
    dumpNames: dumps.flatMap((s) => s.config.map((r) => r.option)),
    images: dumps.flatMap((s) => s.config.filter((r) => r.option === 'container_image').map((r) => r.value)),
    mdsWording: events.filter((e) => e.kind === 'mds-evicting-client-session').map((e) => e.text),
  });
}

// ---- mounts, fscache ---------------------------------------------------------------------------

/** A kernel line that is no event (boot banner, fscache registration), cited by its message. */
export interface ContextLine {
  line: number;
  key: string;
  text: string;
}

/**
 * Kernel lines that are no stage event come only as clock anchors: their message and, when the
 * scan records it, their line. Those without a line cannot be cited and are left out.
 */
export function contextLines(scan: SourceScan): ContextLine[] {
  return scan.anchors.flatMap((a) =>
    a.line !== undefined ? [{ line: a.line, key: a.key, text: a.key }] : [],
  );
}

function cephMounts(scans: readonly SourceScan[], hostOfSource: Map<string, string | null>): CephMount[] {
  return scans.flatMap((s) =>
    s.facts.flatMap(({ line, fact }) =>
      fact.kind === 'mount' && fact.fsType === 'ceph'
        ? [
            {
              host: hostOfSource.get(s.path) ?? null,
              ref: {
                source: s.path,
                line,
                text: `${fact.device} ${fact.mountPoint} ${fact.fsType} ${fact.options.join(',')}`,
              },
              mountPoint: fact.mountPoint,
              options: fact.options,
            },
          ]
        : [],
    ),
  );
}

const FSCACHE_NETFS = /^FS-Cache: Netfs 'ceph' registered for caching/i;

function fscacheEvidence(
  scans: readonly SourceScan[],
  mounts: CephMount[],
  hostOfSource: Map<string, string | null>,
): Analysis['fscache'] {
  const fsc = mounts.filter((m) => m.options.some((o) => o === 'fsc' || o.startsWith('fsc=')));
  const netfs: EvidenceRef[] = [];
  const hosts = new Set(fsc.map((m) => m.host).filter((h): h is string => h !== null));
  for (const s of scans) {
    const host = hostOfSource.get(s.path) ?? null;
    // One line per host: dmesg and the journal print the same registration.
    if (host !== null && hosts.has(host) && netfs.some((r) => hostOfSource.get(r.source) === host)) continue;
    const hit = contextLines(s).find((c) => FSCACHE_NETFS.test(c.key));
    if (!hit) continue;
    netfs.push({ source: s.path, line: hit.line, text: hit.text });
    if (host !== null) hosts.add(host);
  }
  return { mounts: fsc, netfs, hosts: [...hosts].sort() };
}

// ---------------------------------------------------------------------------------------------
// Findings

export function diagnose(incident: Incident, scans: readonly SourceScan[]): Finding[] {
  const views = episodeViews(incident);
  const bundle = bundleFacts(incident, scans);
  return views.flatMap((v) => {
    const found = findingsOf(analyse(incident, scans, v.events, bundle));
    return v.episode === undefined ? found : found.map((f) => ({ ...f, episode: v.episode }));
  });
}

function findingsOf(a: Analysis): Finding[] {
  const work = nodeWork(a);
  const found = [
    evictedFinding(a, work),
    dirtyFinding(a),
    loopFinding(a),
    blocklistFinding(a),
    fscacheFinding(a, work),
    recoverSessionFinding(a),
    podsFinding(a, work),
    runtimeStallFinding(a),
    faultsFinding(a),
  ].filter((f): f is Finding => f !== null);
  const plan = planFinding(a, work);
  return plan ? [...found, plan] : found;
}

function evictedFinding(a: Analysis, work: NodeWork[]): Finding | null {
  if (a.evictions.length === 0) return null;
  const onHosts = a.evictions.filter((e) => e.host !== null);
  const modes = [...new Set(a.evictions.map((e) => e.mode))];
  const how = modes.length === 1 ? MODE_WORDS[modes[0] as EvictionMode] : 'for different reasons';
  const blocked = a.evictions.some((e) => e.blocklisted === true) ? ' and blocklisted' : '';
  const title =
    onHosts.length > 0
      ? `The MDS evicted${blocked} the CephFS kernel client of ${hostRange(onHosts.map((e) => e.label))} ${how}` +
        (onHosts.some((e) => e.kernelLines.length > 0) ? ' and refused its reconnect' : '')
      : `The MDS evicted${blocked} ${a.evictions.length} client(s) ${how}`;
  const lines = a.evictions.map((e) => {
    const denial = e.kernelLines.find((k) => k.kind === 'ceph-mds-reconnect-denied') ?? e.kernelLines[0];
    return (
      `${e.label}: evicted ${e.modeReason}` +
      (denial
        ? `; ${denial.text.includes('denied') ? 'reconnect denied' : 'session refused'} at ${a.at(denial)}`
        : '') +
      (e.mdsLines.length > 0 && e.kernelLines.length === 0
        ? `; the MDS logged it at ${a.at(e.mdsLines[0])}`
        : '') +
      (e.autoRecovered ? '; recover_session=clean reconnected it, dropping its dirty state' : '') +
      '.'
    );
  });
  const hostWork = work.filter((w) => a.evictions.some((e) => e.host === w.node));
  return {
    id: 'client-evicted',
    severity: 'critical',
    title,
    detail:
      `${lines.join(' ')} An evicted and blocklisted client cannot recover on its own: every request on its ` +
      'mounts fails with "permission denied" until the mount is replaced.' +
      (onHosts.length < a.evictions.length
        ? ' Clients named only by the MDS are not tied to a host of the bundle: `ceph tell mds.<id> client ls` names their hosts.'
        : ''),
    evidence: evictionEvidence(a.evictions),
    remediation:
      hostWork.length > 0
        ? [...hostWork.flatMap(podCommands), ...hostWork.flatMap(umountCommands)]
        : [
            `ceph tell mds.0 client ls   # find the hosts of client ${unnamedClients(a)}, then drain their CephFS pods`,
          ],
  };
}

const MODE_WORDS: Record<EvictionMode, string> = {
  timeout: 'by timeout',
  manual: 'by hand',
  'cap-revoke': 'for unreleased caps',
  features: 'for missing features',
  unknown: '(trigger not shown)',
};

function unnamedClients(a: Analysis): string {
  const ids = a.evictions.filter((e) => e.host === null).flatMap((e) => e.clientIds);
  return [...new Set(ids)].sort((x, y) => x - y).join(', ');
}

/** Per eviction: what tells the mode, the denial, the MDS line; then more of the same, in turn. */
function evictionEvidence(evictions: Eviction[]): EvidenceRef[] {
  const perEviction = evictions.map((e) => {
    const denial = e.kernelLines.filter((k) => k.kind === 'ceph-mds-reconnect-denied');
    return dedupe([
      ...(e.modeLines.length > 0 ? [e.modeLines[0] as IncidentEvent] : []),
      ...(denial.length > 0 ? denial : e.kernelLines).slice(0, 1),
      ...e.mdsLines.slice(0, 1),
      ...e.modeLines.slice(1),
      ...e.kernelLines,
      ...e.mdsLines,
    ]);
  });
  return roundRobin(perEviction, Math.max(MAX_EVIDENCE, evictions.length * 2)).map(cite);
}

function dirtyFinding(a: Analysis): Finding | null {
  if (a.dirty.length === 0) return null;
  const hosts = [...new Set(a.dirty.map((d) => d.event.host))].sort();
  const inodes = new Set(a.dirty.map((d) => d.ino));
  const perHost = hosts.map((h) => {
    const mine = a.dirty.filter((d) => d.event.host === h);
    const list = [...new Set(mine.map((d) => `${d.ino}${d.flushing ? ' (flushing)' : ''}`))];
    return `${h}: ${list.join(', ')} (first at ${a.at(mine[0]?.event)})`;
  });
  const sample = [...inodes].slice(0, 3);
  return {
    id: 'dirty-data-dropped',
    severity: 'critical',
    title: `Unflushed writes were discarded on ${inodes.size} inode(s) on ${hosts.length} host(s)`,
    detail:
      `When the session was torn down the kernel dropped dirty capability state; data written by applications ` +
      `but not yet flushed to the cluster is lost. Inodes (decimal): ${perHost.join('; ')}. ` +
      '"dirty+flushing" means the write was on its way when the session died.',
    evidence: roundRobin(
      groupBy(
        a.dirty.map((d) => d.event),
        (e) => e.host,
      ),
      12,
    ).map(cite),
    remediation: [
      'Tell the owners of the workloads on these mounts that writes made shortly before the eviction were lost',
      ...sample.map(
        (ino) => `find <cephfs mount on a healthy client> -inum ${ino}   # the file that lost writes`,
      ),
    ],
  };
}

function loopFinding(a: Analysis): Finding | null {
  if (a.loops.length === 0) return null;
  const old = a.loops.filter((l) => l.kernel.lacksQuotaFix !== false);
  const fixed = a.loops.filter((l) => l.kernel.lacksQuotaFix === false);
  const perHost = a.loops.map((l) => {
    const total = l.nullLines + l.suppressed;
    const secs = l.first && l.last ? (Date.parse(l.last) - Date.parse(l.first)) / 1000 : null;
    const rate = secs !== null && secs >= 60 ? `, about ${Math.round(total / (secs / 60))} a minute` : '';
    return (
      `${l.host} (kernel ${l.kernel.label}): ${l.nullLines} "null i_snap_realm" lines` +
      (l.suppressed > 0 ? ` and ${l.suppressed} more suppressed by the rate limit` : '') +
      (secs !== null ? ` from ${when(l.first)} to ${when(l.last)} (${duration(secs)}${rate})` : '')
    );
  });
  return {
    id: 'quota-realm-loop',
    severity: old.length > 0 ? 'critical' : 'warning',
    title:
      old.length > 0
        ? `get_quota_realm() loops on ${hostRange(old.map((l) => l.host))}: the kernel lacks the 5.3 fix`
        : `Quota realms lost their caps on ${hostRange(fixed.map((l) => l.host))}`,
    detail:
      `${perHost.join('; ')}. ` +
      (old.length > 0
        ? 'Before Linux 5.3 ("ceph: fix infinite loop in get_quota_realm()") a quota realm inode without caps ' +
          'makes get_quota_realm() spin after an eviction, pinning a CPU and hanging every stat on the mount. ' +
          'Vendor kernels may carry the fix as a backport; the loop shows this one does not.'
        : 'These kernels have the 5.3 fix: the messages mark a quota realm that lost its caps with the eviction, not a spinning CPU.'),
    evidence: [
      ...a.loops.flatMap((l) => l.kernel.evidence.slice(0, 1)),
      ...roundRobin(
        a.loops.map((l) => l.events),
        MAX_EVIDENCE,
      ).map(cite),
    ].slice(0, MAX_EVIDENCE + a.loops.length),
    remediation:
      old.length > 0
        ? [
            'Run a kernel with "ceph: fix infinite loop in get_quota_realm()" (Linux 5.3 or later) on the CephFS clients',
          ]
        : [],
  };
}

/** `mds_session_blacklist_on_timeout=true`, or `… not set: default true`, per option. */
function optionStates(a: Analysis): string[] {
  const name = (o: BlocklistOption) =>
    optionName(o, a.spelling.spelling === 'blacklist' ? 'blacklist' : 'blocklist');
  return a.config.options.map((o) =>
    o.defaulted
      ? `${name(o.option)} ` +
        (a.config.confOnly
          ? 'not set in ceph.conf (default true; the mon config database is not in the bundle)'
          : 'not set: default true')
      : o.rows.map((r) => r.text.split(' ').slice(-2).join('=')).join(', '),
  );
}

function blocklistFinding(a: Analysis): Finding | null {
  if (!a.config.present || a.evictions.length === 0) return null;
  const on = a.config.options.filter((o) => o.on);
  if (on.length === 0) return null;
  const states = optionStates(a);
  const applied = [
    ...new Set(
      a.evictions.map((e) => (e.mode === 'timeout' ? 'timeout' : e.mode === 'unknown' ? null : 'evict')),
    ),
  ]
    .filter((x): x is BlocklistOption => x !== null)
    .map((o) => `on_${o}`);
  const evidence = on.flatMap((o) => o.rows);
  if (evidence.length === 0) evidence.push(...evictionEvidence(a.evictions).slice(0, 1));
  return {
    id: 'blocklist-on-timeout',
    severity: 'warning',
    title: 'The MDS blocklists clients it evicts',
    detail:
      `${states.join('; ')}. With blocklisting on, an evicted kernel client cannot reconnect and its mounts stay ` +
      'dead; with it off, the client may reconnect after a network blip (at some risk to data consistency).' +
      (applied.length > 0 ? ` This eviction falls under ${applied.join(' and ')}.` : '') +
      ` Spelling: ${a.spelling.reason}.`,
    evidence,
    remediation: blocklistCommands(
      a.spelling.spelling,
      on.map((o) => o.option),
    ),
  };
}

function fscacheFinding(a: Analysis, work: NodeWork[]): Finding | null {
  const f = a.fscache;
  if (f.mounts.length === 0 && f.netfs.length === 0) return null;
  const impact = a.evictions.length > 0 || a.pods.length > 0;
  // fscache matters only with the cascade around it; alone it is a configuration choice.
  if (!impact && a.faults.length === 0) return null;
  const mountPoints = [...new Set(f.mounts.map((m) => m.mountPoint))];
  const paths =
    mountPoints.length > 0
      ? mountPoints
      : work.filter((w) => f.hosts.includes(w.node)).flatMap((w) => w.mounts);
  return {
    id: 'fscache-mounts',
    severity: impact ? 'warning' : 'info',
    title:
      f.mounts.length > 0
        ? `${f.mounts.length} CephFS mount(s) use fscache (fsc)`
        : `The ceph module is registered with FS-Cache on ${hostRange(f.hosts)}`,
    detail:
      (f.mounts.length > 0
        ? `Mounted with fsc: ${mountPoints.join(', ')}. `
        : '"FS-Cache: Netfs \'ceph\' registered for caching": the CephFS client was built with fscache and a ' +
          'mount with fsc uses it; the mount options are not in the bundle. ') +
      (impact
        ? 'With fscache the dead session of an evicted client is never released: the mount stays, kubelet keeps ' +
          'failing on it, and only a lazy unmount (or a reboot) clears it.'
        : 'No eviction in this episode; with one, fscache would keep the dead mounts pinned.'),
    evidence: [...f.mounts.map((m) => m.ref), ...f.netfs].slice(0, MAX_EVIDENCE),
    remediation: impact ? [...new Set(paths)].slice(0, 20).map((p) => `umount -l ${p}`) : [],
  };
}

function recoverSessionFinding(a: Analysis): Finding | null {
  const affected = new Set([
    ...a.evictions.flatMap((e) => (e.host ? [e.host] : [])),
    ...a.pods.map((p) => p.host),
  ]);
  const without = a.mounts.filter(
    (m) => m.host !== null && affected.has(m.host) && !m.options.includes('recover_session=clean'),
  );
  if (without.length === 0) return null;
  const hosts = [...new Set(without.map((m) => m.host as string))].sort();
  const kernels = hosts.map((h) => a.kernels.get(h)).filter((k): k is KernelInfo => k !== undefined);
  const tooOld = kernels.filter((k) => k.lacksRecoverSession === true);
  return {
    id: 'recover-session-off',
    severity: 'warning',
    title: `${without.length} CephFS mount(s) on ${hostRange(hosts)} lack recover_session=clean`,
    detail:
      'With recover_session=clean (Linux 5.4 or later) a blocklisted kernel client reconnects by itself, dropping ' +
      'its dirty state, instead of leaving the mount dead until someone unmounts it. Mounts without it: ' +
      `${without.map((m) => m.mountPoint).join(', ')}.` +
      (tooOld.length > 0
        ? ` ${tooOld.map((k) => `${k.host} runs ${k.label}`).join(', ')}: too old for the option, move to 5.4 or later first.`
        : ''),
    evidence: without.slice(0, MAX_EVIDENCE).map((m) => m.ref),
    remediation: [
      'Mount CephFS with recover_session=clean (ceph-csi StorageClass: kernelMountOptions: recover_session=clean; in-tree PV: mountOptions: [recover_session=clean])',
    ],
  };
}

/** The kubelet rule for a container start that timed out: indirect evidence, the line names no mount. */
const START_DEADLINE = 'kubelet-start-container-deadline';

function onlyStartDeadlines(p: HostPods): boolean {
  return p.events.every((e) => e.kind === START_DEADLINE);
}

function podsFinding(a: Analysis, work: NodeWork[]): Finding | null {
  if (a.pods.length === 0) return null;
  const hosts = a.pods.map((p) => p.host);
  const perHost = a.pods.map((h) => {
    const named = h.pods.filter((p) => p.name && !p.orphaned).map((p) => `${p.namespace}/${p.name}`);
    const orphaned = h.pods.filter((p) => p.orphaned).length;
    const unnamed = h.pods.filter((p) => !p.name && !p.orphaned).length;
    return (
      `${h.host}: ${h.events.length} error(s) from ${a.at(h.events[0])}` +
      (named.length > 0 ? `; pod(s) ${named.join(', ')}` : '') +
      (unnamed > 0 ? `; ${unnamed} more pod(s) known by uid` : '') +
      (orphaned > 0 ? `; ${orphaned} pod(s) already gone whose directory and mount are left` : '') +
      (h.paths.length > 0 ? `; volume paths ${h.paths.join(', ')}` : '')
    );
  });
  const nodes = work.filter((w) => hosts.includes(w.node));
  return {
    id: 'pods-cannot-use-volume',
    severity: 'critical',
    title: `Pods on ${hostRange(hosts)} cannot use their CephFS volumes`,
    detail:
      `${perHost.join('. ')}. The dead mounts stay in place, so kubelet cannot stat, clean up or re-create them ` +
      'and new containers cannot start.',
    evidence: roundRobin(
      a.pods.map((p) => firstPerPod(p)),
      MAX_EVIDENCE,
    ).map(cite),
    remediation: [
      ...nodes.filter(needsPodWork).flatMap(podCommands),
      ...nodes.flatMap(umountCommands),
      ...nodes.filter(needsPodWork).map((n) => `kubectl uncordon ${n.node}`),
    ],
  };
}

/**
 * Only timed-out container starts: the runtime hangs, which a dead CephFS mount causes (rook#2255),
 * but nothing in the bundle names the mount, so this is said as a lead to check, not a diagnosis.
 */
function runtimeStallFinding(a: Analysis): Finding | null {
  if (a.stalls.length === 0) return null;
  const hosts = a.stalls.map((p) => p.host);
  const events = a.stalls.flatMap((p) => p.events);
  return {
    id: 'runtime-stalled',
    severity: 'warning',
    title: `The container runtime on ${hostRange(hosts)} timed out starting pods`,
    detail:
      `${events.length} container start(s) ended in "context deadline exceeded" from ${a.at(events[0])}. No line ` +
      'names a mount, but on a node with CephFS mounts a dead mount hangs the runtime for every pod that uses it; ' +
      "the node's kernel log would show the eviction.",
    evidence: roundRobin(
      a.stalls.map((p) => firstPerPod(p)),
      MAX_EVIDENCE,
    ).map(cite),
    remediation: hosts.map((h) => `ssh ${h} "dmesg -T | grep -E 'libceph|ceph:'; grep ceph /proc/mounts"`),
  };
}

/** The first line of each pod of a host, then the rest: evidence shows pods rather than repeats. */
function firstPerPod(h: HostPods): IncidentEvent[] {
  const seen = new Set<string>();
  const first: IncidentEvent[] = [];
  const rest: IncidentEvent[] = [];
  for (const e of h.events) {
    const key = ANY_UUID.exec(e.text)?.[0] ?? e.kind;
    if (seen.has(key)) rest.push(e);
    else {
      seen.add(key);
      first.push(e);
    }
  }
  return [...first, ...rest];
}

/** This many monitor session losses in one episode is an unstable network, recovered or not. */
export const REPEATED_MON_LOSS = 5;

function faultsFinding(a: Analysis): Finding | null {
  if (a.faults.length === 0) return null;
  const lost = a.faults.filter((f) => !f.recovered);
  const repeated = a.faults.filter(
    (f) => f.faults.filter((e) => e.stage === 'mon-session-lost').length >= REPEATED_MON_LOSS,
  );
  const perHost = a.faults.map(
    (f) =>
      `${f.host}: ${describeFaults(f.faults)} from ${a.at(f.faults[0])}` +
      (f.recovered
        ? `, recovered (${[...new Set(f.recoveries.map((r) => recoveryWords(r)))].join(', ')})`
        : ', with no recovery after the last one in the bundle'),
  );
  const unstable = [...new Set([...lost, ...repeated].map((f) => f.host))];
  return {
    id: 'network-faults',
    severity: unstable.length > 0 ? 'warning' : 'info',
    title:
      lost.length > 0
        ? `The CephFS client of ${hostRange(lost.map((f) => f.host))} lost its connections to the cluster`
        : repeated.length > 0
          ? `The CephFS client of ${hostRange(repeated.map((f) => f.host))} keeps losing its monitor session`
          : `The CephFS client of ${hostRange(a.faults.map((f) => f.host))} lost its connections and recovered: no eviction`,
    detail:
      `${perHost.join('; ')}. ` +
      (unstable.length > 0
        ? 'Repeated monitor or MDS session loss points at the network between the node and the cluster; if the ' +
          `MDS hears nothing from the client for session_autoclose (${AUTOCLOSE_S} s by default) it evicts it.`
        : 'The sessions came back before the MDS evicted the client.'),
    evidence: roundRobin(
      a.faults.map((f) => [...f.faults, ...f.recoveries]),
      MAX_EVIDENCE,
    ).map(cite),
    remediation:
      unstable.length > 0
        ? [
            'Check the network path from these nodes to the Ceph mons and MDS (ping, MTU, firewall, NIC errors)',
          ]
        : [],
  };
}

function recoveryWords(e: IncidentEvent): string {
  if (e.stage === 'mon-session-lost') return 'mon session established';
  return /came back|caps renewed|reconnect success|recovery completed/.exec(e.text)?.[0] ?? e.kind;
}

// ---- the plan ----------------------------------------------------------------------------------

/** Per node: the pods to move and the mounts to detach. */
function nodeWork(a: Analysis): NodeWork[] {
  const evicted = new Set(a.evictions.flatMap((e) => (e.host ? [e.host] : [])));
  const nodes = new Set([...evicted, ...a.pods.map((p) => p.host)].filter((h) => !NOT_A_NODE.has(h)));
  return [...nodes]
    .sort((x, y) => x.localeCompare(y, 'en', { numeric: true }))
    .map((node) => {
      const hp = a.pods.find((p) => p.host === node);
      const pods = hp?.pods ?? [];
      const live = pods.filter((p) => !p.orphaned);
      // A pod known only by uid: its volume directories, whatever their plugin.
      const globs = pods
        .filter((p) => p.uid && p.paths.length === 0)
        .map((p) => `${podDir(hp, p)}/volumes/*/*`);
      const factMounts = a.mounts.filter((m) => m.host === node).map((m) => m.mountPoint);
      return {
        node,
        pods: live.flatMap((p) => (p.name && p.namespace ? [{ namespace: p.namespace, name: p.name }] : [])),
        unnamedPods: live.filter((p) => !p.name || !p.namespace).length,
        orphanedPods: pods.length - live.length,
        mounts: [...new Set([...(hp?.paths ?? []), ...factMounts, ...globs])].sort(),
        // kubelet's `permission denied` on a CephFS volume is what an evicted kernel client returns.
        evicted: evicted.has(node) || (hp?.events.some((e) => /permission denied/i.test(e.text)) ?? false),
      };
    });
}

/** The pod's directory under the kubelet root the node's own lines use. */
function podDir(hp: HostPods | undefined, p: PodInfo): string {
  const root = hp?.paths.map((x) => /^(.*\/pods)\//.exec(x)?.[1]).find((r) => r !== undefined);
  return `${root ?? '/var/lib/kubelet/pods'}/${p.uid}`;
}

function umountCommands(w: NodeWork): string[] {
  return w.mounts.length > 0 ? w.mounts.slice(0, 20).map((m) => `umount -l ${m}`) : [UMOUNT_ALL_CEPH];
}

function planFinding(a: Analysis, work: NodeWork[]): Finding | null {
  const steps: PlanStep[] = [];
  const pods = podStep(work);
  if (pods) steps.push(pods);
  else if (a.evictions.some((e) => e.host === null)) steps.push(findHostsStep(a));
  const umount = umountStep(work);
  if (umount) steps.push(umount);
  const config = a.evictions.length > 0 ? blocklistStep(a) : null;
  if (config) steps.push(config);
  const kernel = kernelStep(kernelNeeds(a));
  if (kernel) steps.push(kernel);
  if (steps.length === 0) return null;
  return {
    id: 'remediation-plan',
    severity: 'info',
    title: `What to do, in order (${steps.length} step${steps.length > 1 ? 's' : ''})`,
    detail: describePlan(steps),
    evidence: planEvidence(a),
    remediation: steps.flatMap((s) => s.commands),
  };
}

function findHostsStep(a: Analysis): PlanStep {
  return {
    title: 'Find the hosts of the evicted clients',
    why:
      `the MDS names client ${unnamedClients(a)} but the bundle holds no log of their hosts; ` +
      "`client ls` gives each session's hostname, whose CephFS pods must then be drained as below",
    commands: ['ceph tell mds.0 client ls'],
  };
}

function blocklistStep(a: Analysis): PlanStep | null {
  const on = a.config.options.filter((o) => o.on).map((o) => o.option);
  const blocked = a.evictions.some((e) => e.blocklisted === true);
  const basis = !a.config.present
    ? `no config dump in the bundle, so blocklisting is assumed on (the default)${blocked ? ' and the lines show it' : ''}`
    : `${optionStates(a).join('; ')}`;
  return configStep(a.spelling, on, basis);
}

function kernelNeeds(a: Analysis): KernelNeed[] {
  const hosts = new Set([
    ...a.evictions.flatMap((e) => (e.host ? [e.host] : [])),
    ...a.loops.map((l) => l.host),
  ]);
  return [...hosts]
    .sort((x, y) => x.localeCompare(y, 'en', { numeric: true }))
    .map((host) => {
      const k = a.kernels.get(host) ?? dialectKernel(host, a.events);
      const loops = a.loops.some((l) => l.host === host);
      return {
        host,
        kernel: k.label,
        needsQuotaFix: loops && k.lacksQuotaFix !== false,
        needsRecoverSession: k.lacksRecoverSession === true,
      };
    });
}

function planEvidence(a: Analysis): EvidenceRef[] {
  const perHost = new Map<string, IncidentEvent[]>();
  const add = (e: IncidentEvent | undefined) => {
    if (!e) return;
    const list = perHost.get(e.host) ?? [];
    if (!list.includes(e)) list.push(e);
    perHost.set(e.host, list);
  };
  for (const e of a.evictions) add(e.kernelLines[0] ?? e.mdsLines[0]);
  for (const p of a.pods) add(p.events[0]);
  for (const l of a.loops) add(l.events[0]);
  return roundRobin([...perHost.values()], MAX_EVIDENCE).map(cite);
}

// ---------------------------------------------------------------------------------------------
// Wording helpers

export function cite(e: IncidentEvent): EvidenceRef {
  return { source: e.source, line: e.line, text: e.text };
}

export function when(ts: IsoTime): string {
  return ts ? `${ts.slice(0, 19).replace('T', ' ')} UTC` : 'an unknown time';
}

function duration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  const min = Math.round(seconds / 60);
  return min < 120 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}

/** `k8s-worker-1`, `k8s-worker-2`, `k8s-worker-3`, `db-0` → `k8s-worker-1..3 and db-0`. */
export function hostRange(names: readonly string[]): string {
  const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const parts: string[] = [];
  let run: { prefix: string; from: number; to: number } | null = null;
  const flush = () => {
    if (!run) return;
    if (run.to - run.from >= 2) parts.push(`${run.prefix}${run.from}..${run.to}`);
    else for (let i = run.from; i <= run.to; i++) parts.push(`${run.prefix}${i}`);
    run = null;
  };
  for (const name of sorted) {
    const m = /^(.*?)(\d+)$/.exec(name);
    const prefix = m?.[1];
    const n = m?.[2] !== undefined && !m[2].startsWith('0') ? Number(m[2]) : null;
    if (prefix !== undefined && n !== null && run && run.prefix === prefix && run.to === n - 1) {
      run.to = n;
      continue;
    }
    flush();
    if (prefix !== undefined && n !== null) run = { prefix, from: n, to: n };
    else parts.push(name);
  }
  flush();
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function dedupe<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): T[][] {
  const out = new Map<string, T[]>();
  for (const t of items) {
    const list = out.get(key(t)) ?? [];
    list.push(t);
    out.set(key(t), list);
  }
  return [...out.values()];
}

/** Up to `max` items taken in turn from each list: every host (or eviction) shows before any repeats. */
function roundRobin<T>(lists: readonly T[][], max: number): T[] {
  const out: T[] = [];
  const seen = new Set<T>();
  for (let i = 0; out.length < max; i++) {
    let any = false;
    for (const list of lists) {
      const item = list[i];
      if (item === undefined) continue;
      any = true;
      if (!seen.has(item)) {
        seen.add(item);
        out.push(item);
        if (out.length >= max) break;
      }
    }
    if (!any) break;
  }
  return out;
}
