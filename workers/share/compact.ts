// The compact wire form of a share payload. Incident JSON repeats the host, source, kind and stage
// of every event and spells each time in 27 characters. Here the events are columns (one array per
// field) with their strings in one table, times as microsecond steps from the event before, lines
// as steps from the source's line before, and a stamp that begins its line as the length of that
// prefix. A first/last time elsewhere that equals an event's time is that event's index; evidence
// of a line the link carries leaves out its text; stage titles and annotations equal to the
// catalog's are left out. With the preset dictionary below, the sample's essential events and
// findings deflate to about 60% of their plain JSON's deflated size.
import { STAGE_BY_ID, STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import type {
  Episode,
  Finding,
  Incident,
  IncidentEvent,
  IncidentHost,
  IncidentSource,
  IncidentStage,
  IsoTime,
  Severity,
  StageSpan,
  StageSpanById,
} from '../incident.ts';
import type { SharePayload } from './share-link.ts';

export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** The events of a share, one array per field, all of one length. */
export interface WireEvents {
  /** Host, source, kind, episode and alsoIn paths, each once. */
  strings: string[];
  /**
   * Microseconds since the previous event with a time (the first: since the epoch); null for no
   * time; a string for a time not in the engine's exact form.
   */
  ts: (number | string | null)[];
  host: number[];
  /** Index into STAGE_IDS. */
  stage: number[];
  kind: number[];
  recovery: (0 | 1)[];
  source: number[];
  /** Line minus the line of the previous event of the same source (the first: minus 0). */
  line: number[];
  text: string[];
  /** A number: the stamp is that many leading characters of the text. */
  stamp: (number | string)[];
  /** Index into SEVERITIES. */
  severity: number[];
  /** Pairs of (source string index, line), flattened. */
  alsoIn: number[][];
  episode: (number | null)[];
  clientId: (number | null)[];
}

/** A time outside the events: a number is the index of an event with exactly that time. */
export type WireTime = string | number | null;

type Timed<T extends { first: IsoTime; last: IsoTime }> = Omit<T, 'first' | 'last'> & {
  first: WireTime;
  last: WireTime;
};

export type WireSource = Timed<IncidentSource>;
export type WireHost = Omit<IncidentHost, 'stages'> & { stages: Partial<Record<StageId, Timed<StageSpan>>> };
export type WireStage = Omit<Timed<IncidentStage>, 'title' | 'annotation'> & {
  title?: string;
  annotation?: string;
};
export type WireEpisode = Omit<Timed<Episode>, 'hostOrder' | 'stages'> & {
  hostOrder: { host: string; first: WireTime }[];
  stages: Timed<StageSpanById>[];
};
/** Evidence without `text` cites an event the link carries, whose text it is. */
export type WireFinding = Omit<Finding, 'evidence'> & {
  evidence: { source: string; line: number; text?: string }[];
};

export type WireIncident = Omit<
  Incident,
  'sources' | 'hosts' | 'stages' | 'findings' | 'events' | 'episodes'
> & {
  findings: WireFinding[];
  stages: WireStage[];
  sources: WireSource[];
  hosts: WireHost[];
  episodes?: WireEpisode[];
  events: WireEvents;
};

export type WirePayload = Omit<SharePayload, 'incident'> & { incident: WireIncident };

// The engine writes every time as `YYYY-MM-DDTHH:MM:SS.ffffffZ`; only those become numbers, so any
// other spelling travels as it is and comes back unchanged.
const EXACT_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.(\d{6})Z$/;

function isoToMicros(iso: string): number | null {
  const m = EXACT_ISO.exec(iso);
  if (!m) return null;
  const ms = Date.parse(`${iso.slice(0, 19)}Z`);
  if (Number.isNaN(ms)) return null;
  const micros = ms * 1000 + Number(m[1]);
  return Number.isSafeInteger(micros) && microsToIso(micros) === iso ? micros : null;
}

/** The engine's spelling of a time in epoch microseconds; null outside years 0000–9999. */
export function microsToIso(micros: number): string | null {
  const ms = Math.floor(micros / 1000);
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return null;
  const base = date.toISOString(); // …T10:14:03.412Z, or ±YYYYYY-… outside years 0000–9999
  if (!/^\d{4}-/.test(base)) return null;
  return `${base.slice(0, 23)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
}

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();
  of(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export function compactEvents(events: readonly IncidentEvent[]): WireEvents {
  const table = new StringTable();
  const out: WireEvents = {
    strings: table.strings,
    ts: [],
    host: [],
    stage: [],
    kind: [],
    recovery: [],
    source: [],
    line: [],
    text: [],
    stamp: [],
    severity: [],
    alsoIn: [],
    episode: [],
    clientId: [],
  };
  let previous = 0;
  const lastLine = new Map<number, number>();
  for (const e of events) {
    const micros = e.ts === null ? null : isoToMicros(e.ts);
    if (micros !== null) {
      out.ts.push(micros - previous);
      previous = micros;
    } else out.ts.push(e.ts);
    const source = table.of(e.source);
    out.host.push(table.of(e.host));
    out.stage.push(STAGE_IDS.indexOf(e.stage));
    out.kind.push(table.of(e.kind));
    out.recovery.push(e.recovery ? 1 : 0);
    out.source.push(source);
    out.line.push(e.line - (lastLine.get(source) ?? 0));
    lastLine.set(source, e.line);
    out.text.push(e.text);
    out.stamp.push(e.text.startsWith(e.stamp) ? e.stamp.length : e.stamp);
    out.severity.push(SEVERITIES.indexOf(e.severity));
    out.alsoIn.push(e.alsoIn.flatMap((a) => [table.of(a.source), a.line]));
    out.episode.push(e.episode === undefined ? null : table.of(e.episode));
    out.clientId.push(e.clientId ?? null);
  }
  return out;
}

const lineKey = (source: string, line: number) => `${line}\u0000${source}`;

/** The text of the first event at each source line (where expanded evidence takes its text). */
function eventTexts(events: readonly IncidentEvent[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const e of events) {
    const key = lineKey(e.source, e.line);
    if (!texts.has(key)) texts.set(key, e.text);
  }
  return texts;
}

type ToWire = (time: IsoTime) => WireTime;

const timed = <T extends { first: IsoTime; last: IsoTime }>(span: T, t: ToWire): Timed<T> => ({
  ...span,
  first: t(span.first),
  last: t(span.last),
});

function compactHost(host: IncidentHost, t: ToWire): WireHost {
  const stages: WireHost['stages'] = {};
  for (const id of STAGE_IDS) {
    const span = host.stages[id];
    if (span) stages[id] = timed(span, t);
  }
  return { ...host, stages };
}

function compactStage(stage: IncidentStage, t: ToWire): WireStage {
  const { title, annotation, ...rest } = timed(stage, t);
  const known = STAGE_BY_ID[stage.id];
  const wire: WireStage = rest;
  if (title !== known.title) wire.title = title;
  if (annotation !== known.annotation) wire.annotation = annotation;
  return wire;
}

const compactEpisode = (episode: Episode, t: ToWire): WireEpisode => ({
  ...timed(episode, t),
  hostOrder: episode.hostOrder.map((h) => ({ host: h.host, first: t(h.first) })),
  stages: episode.stages.map((s) => timed(s, t)),
});

function compactFinding(finding: Finding, texts: Map<string, string>): WireFinding {
  return {
    ...finding,
    evidence: finding.evidence.map((e) =>
      texts.get(lineKey(e.source, e.line)) === e.text ? { source: e.source, line: e.line } : e,
    ),
  };
}

export function compactPayload(payload: SharePayload): WirePayload {
  const { incident, ...rest } = payload;
  const { findings, stages, sources, hosts, episodes, events, ...others } = incident;
  const texts = eventTexts(events);
  const eventAt = new Map<string, number>();
  events.forEach((e, i) => {
    if (e.ts !== null && !eventAt.has(e.ts)) eventAt.set(e.ts, i);
  });
  const t: ToWire = (time) => (time === null ? null : (eventAt.get(time) ?? time));
  const wire: WireIncident = {
    // Findings first and events last: the findings' sentences then sit within deflate's 32 KiB
    // window of the dictionary, which holds the engine's wording.
    findings: findings.map((f) => compactFinding(f, texts)),
    stages: stages.map((s) => compactStage(s, t)),
    ...others,
    sources: sources.map((s) => timed(s, t)),
    hosts: hosts.map((h) => compactHost(h, t)),
    events: compactEvents(events),
  };
  if (episodes) wire.episodes = episodes.map((e) => compactEpisode(e, t));
  return { ...rest, incident: wire };
}

// --- expansion: every cross-reference is checked, so a forged link cannot produce undefined fields.

export type Expanded<T> = { ok: true; value: T } | { ok: false; error: string };

class Refused extends Error {}

const COLUMNS = [
  'ts',
  'host',
  'stage',
  'kind',
  'recovery',
  'source',
  'line',
  'text',
  'stamp',
  'severity',
  'alsoIn',
  'episode',
  'clientId',
] as const satisfies readonly (keyof WireEvents)[];

function expandEvents(wire: WireEvents): IncidentEvent[] {
  const n = wire.ts.length;
  for (const column of COLUMNS) {
    if (wire[column].length !== n) {
      throw new Refused(
        `incident.events.${column} has ${wire[column].length} entries, incident.events.ts has ${n}`,
      );
    }
  }
  const { strings } = wire;
  const str = (column: string, i: number, index: number): string => {
    const s = strings[index];
    if (s === undefined) {
      throw new Refused(
        `incident.events.${column}[${i}] points at string ${index}, but the table has ${strings.length}`,
      );
    }
    return s;
  };
  const events: IncidentEvent[] = [];
  let previous = 0;
  const lastLine = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const rawTs = wire.ts[i] as number | string | null;
    let ts: string | null = rawTs as string | null;
    if (typeof rawTs === 'number') {
      const micros = previous + rawTs;
      ts = Number.isSafeInteger(micros) ? microsToIso(micros) : null;
      if (ts === null) throw new Refused(`incident.events.ts[${i}] is out of range`);
      previous = micros;
    }
    const sourceIndex = wire.source[i] as number;
    const line = (lastLine.get(sourceIndex) ?? 0) + (wire.line[i] as number);
    if (!Number.isSafeInteger(line) || line < 0)
      throw new Refused(`incident.events.line[${i}] is out of range`);
    lastLine.set(sourceIndex, line);
    const stage = STAGE_IDS[wire.stage[i] as number];
    if (stage === undefined) throw new Refused(`incident.events.stage[${i}] is not a stage`);
    const severity = SEVERITIES[wire.severity[i] as number];
    if (severity === undefined) throw new Refused(`incident.events.severity[${i}] is not a severity`);
    const text = wire.text[i] as string;
    const stamp = wire.stamp[i] as number | string;
    if (typeof stamp === 'number' && stamp > text.length) {
      throw new Refused(`incident.events.stamp[${i}] is longer than its text`);
    }
    const pairs = wire.alsoIn[i] as number[];
    if (pairs.length % 2 !== 0) throw new Refused(`incident.events.alsoIn[${i}] is not a list of pairs`);
    const alsoIn: IncidentEvent['alsoIn'] = [];
    for (let p = 0; p < pairs.length; p += 2) {
      alsoIn.push({ source: str('alsoIn', i, pairs[p] as number), line: pairs[p + 1] as number });
    }
    const event: IncidentEvent = {
      ts,
      host: str('host', i, wire.host[i] as number),
      stage,
      kind: str('kind', i, wire.kind[i] as number),
      recovery: wire.recovery[i] === 1,
      source: str('source', i, sourceIndex),
      line,
      // The snapshot has no files to read a line's context from, so the byte offset does not travel.
      offset: 0,
      text,
      stamp: typeof stamp === 'number' ? text.slice(0, stamp) : stamp,
      severity,
      alsoIn,
    };
    const episode = wire.episode[i];
    if (episode !== null && episode !== undefined) event.episode = str('episode', i, episode);
    const clientId = wire.clientId[i];
    if (clientId !== null && clientId !== undefined) event.clientId = clientId;
    events.push(event);
  }
  return events;
}

type FromWire = (time: WireTime, where: string) => IsoTime;

function untimed<W extends { first: WireTime; last: WireTime }>(
  span: W,
  t: FromWire,
  where: string,
): Omit<W, 'first' | 'last'> & { first: IsoTime; last: IsoTime } {
  return { ...span, first: t(span.first, `${where}.first`), last: t(span.last, `${where}.last`) };
}

function expandHost(host: WireHost, t: FromWire, where: string): IncidentHost {
  const stages: IncidentHost['stages'] = {};
  for (const id of STAGE_IDS) {
    const span = host.stages[id];
    if (span) stages[id] = untimed(span, t, `${where}.stages.${id}`);
  }
  return { ...host, stages };
}

function expandStage(stage: WireStage, t: FromWire, where: string): IncidentStage {
  const known = STAGE_BY_ID[stage.id];
  return {
    ...untimed(stage, t, where),
    title: stage.title ?? known.title,
    annotation: stage.annotation ?? known.annotation,
  };
}

const expandEpisode = (episode: WireEpisode, t: FromWire, where: string): Episode => ({
  ...untimed(episode, t, where),
  hostOrder: episode.hostOrder.map((h, i) => ({
    host: h.host,
    first: t(h.first, `${where}.hostOrder[${i}].first`),
  })),
  stages: episode.stages.map((s, i) => untimed(s, t, `${where}.stages[${i}]`)),
});

function expandFinding(finding: WireFinding, texts: Map<string, string>, where: string): Finding {
  return {
    ...finding,
    evidence: finding.evidence.map((e, j) => {
      const text = e.text ?? texts.get(lineKey(e.source, e.line));
      if (text === undefined)
        throw new Refused(`${where}.evidence[${j}] cites a line the link does not carry`);
      return { source: e.source, line: e.line, text };
    }),
  };
}

function expandIncident(wire: WireIncident): Incident {
  const { findings, stages, sources, hosts, episodes, events: wireEvents, ...others } = wire;
  const events = expandEvents(wireEvents);
  const t: FromWire = (time, where) => {
    if (typeof time !== 'number') return time;
    const ts = events[time]?.ts;
    if (ts === undefined || ts === null) throw new Refused(`incident.${where} points at no timed event`);
    return ts;
  };
  const texts = eventTexts(events);
  const incident: Incident = {
    ...others,
    sources: sources.map((s, i) => untimed(s, t, `sources[${i}]`)),
    hosts: hosts.map((h, i) => expandHost(h, t, `hosts[${i}]`)),
    stages: stages.map((s, i) => expandStage(s, t, `stages[${i}]`)),
    findings: findings.map((f, i) => expandFinding(f, texts, `incident.findings[${i}]`)),
    events,
  };
  if (episodes) incident.episodes = episodes.map((e, i) => expandEpisode(e, t, `episodes[${i}]`));
  return incident;
}

export function expandPayload(wire: WirePayload): Expanded<SharePayload> {
  try {
    const { incident, ...rest } = wire;
    return { ok: true, value: { ...rest, incident: expandIncident(incident) } };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * The preset deflate dictionary of format 1: phrases of the engine's own wording (finding and
 * remediation sentences, rule ids, cascade and clock explanations) and the wire form's keys, the
 * most useful last (nearest the data). Chosen once from the string literals of workers/ and the
 * rule catalog by how often they occur in the share payloads of the sample and of every fixture
 * log; on those it takes a third off the deflated size. FROZEN: every format-1 link inflates with
 * exactly these bytes, so changing one breaks every link made; a new dictionary needs a new
 * fragment version (share-link.ts). When the engine's wording changes, links only grow a little.
 */
const DICTIONARY_PHRASES = [
  'denied reconnect attempt',
  'ceph-client-ls',
  'mds-evicting-client-session',
  'kubernetes.io/cephfs/',
  'ceph: mds0 caps stale',
  ': file exists\\"',
  'ceph-mds-came-back',
  "': mkdir ",
  'mds-client-late-release',
  ' host(s)',
  ', then drain their CephFS pods',
  '; the MDS logged it at ',
  'kubectl-describe',
  'ceph-config-json',
  'fits: ',
  "the node's kernel log would show the eviction.",
  'ceph-mds-hung',
  'ceph-mds-log',
  'mds-evicting-unresponsive-client',
  ' (kernel ',
  ' with RunContainerError: ',
  'other stages: ',
  'ceph: mds0 rejected session',
  'the MDS logs \\"(and blocklisting)\\", Pacific wording',
  ',"year":',
  ': transport endpoint is not connected',
  'Find the hosts of the evicted clients',
  'MDS hears nothing from the client for session_autoclose (',
  ' needed',
  'medium',
  'ceph-health-detail',
  'ceph: mds0 hung',
  ' (client ',
  'kubelet-start-container-deadline',
  ' \\"dmesg -T | grep -E \'libceph|ceph:\'; grep ceph /proc/mounts\\"',
  'failing on it, and only a lazy unmount (or a reboot) clears it.',
  "the clients' own logs are not in the bundle",
  'Only stray lines of the cascade (',
  ' container start(s) ended in \\"context deadline exceeded\\" from ',
  'libceph-reset-on',
  ' with \\"permission denied\\", the mark of an evicted kernel client',
  'ceph-cluster-log',
  'pre-5.3 quota loop',
  ' but the bundle holds no log of their hosts; ',
  ' on the client ',
  'evicting unresponsive client',
  ': file exists',
  'The ceph module is registered with FS-Cache on ',
  ' more pod(s) known by uid',
  'by timeout: ',
  ' (first at ',
  ' inode(s) on ',
  'log_channel(cluster) log [WRN] : ',
  'ceph tell mds.0 client ls   # find the hosts of client ',
  '); no eviction, quota loop or pod failure.',
  ' connection reset',
  ' → Linux ≥ 5.4 (',
  'connection closed or reset',
  'ceph-config-dump',
  'mount source path',
  ' session reset',
  'quota-loop-after-denial',
  'mount with fsc uses it; the mount options are not in the bundle. ',
  ') preceded the denial',
  'Check the network path from these nodes to the Ceph mons and MDS (ping, MTU, firewall, NIC errors)',
  'Pods on ',
  'Repeated monitor or MDS session loss points at the network between the node and the cluster; if the ',
  'mon session lost',
  'libceph-connection-reset',
  'With fscache the dead session of an evicted client is never released: the mount stays, kubelet keeps ',
  'ceph-mds-session-blocklisted',
  'names a mount, but on a node with CephFS mounts a dead mount hangs the runtime for every pod that uses it; ',
  'libceph: reset on mds0',
  'dirty-data-dropped',
  'get_quota_realm() loops on ',
  'ceph-mds-rejected-session',
  ' line that proves an eviction (',
  'pod impact not shown',
  'These kernels have the 5.3 fix: the messages mark a quota realm that lost its caps with the eviction, not a spinning CPU.',
  ': evicted ',
  ' fail on their CephFS volumes',
  '{"host":',
  'kernel-quota-callbacks-suppressed',
  ' Spelling: ',
  ': the kernel lacks the 5.3 fix',
  'libceph-mon-session-established',
  'dropping dirty',
  'libceph-mon-session-lost',
  "`client ls` gives each session's hostname, whose CephFS pods must then be drained as below",
  'get_quota_realm: 37 callbacks suppressed',
  'libceph-session-reset',
  'kubelet-after-denial',
  '(trigger not shown)',
  '\\"FS-Cache: Netfs \'ceph\' registered for caching\\": the CephFS client was built with fscache and a ',
  'monotonic',
  ' held (',
  'ceph-dropping-dirty-caps',
  'unflushed writes dropped',
  '; volume paths ',
  ' more suppressed by the rate limit',
  'client-evicted',
  ' error(s) from ',
  'cluster [WRN] Health check failed: 1 clients failing to respond to capability release (MDS_CLIENT_LATE_RELEASE)',
  'caps-stale-around-denial',
  'ceph-get-quota-realm-null-snaprealm',
  '5.4 adds recover_session=clean',
  ' \\"null i_snap_realm\\" lines',
  ',"zone":',
  ' Clients named only by the MDS are not tied to a host of the bundle: `ceph tell mds.<id> client ls` names their hosts.',
  'The MDS evicted',
  'denial-after-reset',
  '5.3 fixes the get_quota_realm loop',
  ' session established',
  'journal-short',
  ' further stage(s), ',
  ',"ts":',
  ',"summary":',
  'pods failing on the dead mounts',
  'get_quota_realm:',
  'socket closed',
  'critical',
  'ceph-mds-reconnect-start',
  'in the lines the bundle holds)',
  '{"fits":',
  '{"name":',
  'null i_snap_realm',
  '$3 == \\"ceph\\" {print $2}',
  'pods-cannot-use-volume',
  'Unflushed writes were discarded on ',
  '   # the file that lost writes',
  'its dirty state instead of leaving the mount dead.',
  ',"hostOrder":',
  'libceph-socket-closed',
  'ceph: mds0 reconnect start',
  'ceph-mds-closed-session',
  'remediation-plan',
  'Move the clients to a kernel that survives an eviction',
  ',"order":',
  ',"fsids":',
  ',"confidence":',
  'umount -l ',
  'MDS evicted',
  ' s after ',
  'Pod found, but error occurred during checking mounted volumes from disk',
  ',"kind":',
  '{"mode":',
  ',"zoom":',
  ',"view":',
  ' and refused its reconnect',
  ',"reason":',
  ',"kernel":',
  'what triggered the eviction is not shown',
  '{"kind":',
  '{"path":',
  'ceph: mds0 reconnect denied',
  ',"text":',
  'the kernel and MDS lines that would show the cause are not in the bundle',
  ' the CephFS kernel client of ',
  ',"stamp":',
  ',"stage":',
  ',"focus":',
  ',"regex":',
  ',"query":',
  '{"hosts":',
  ',"spreadSeconds":',
  ',"cascade":',
  'ceph: mds0 closed our session',
  ': permission denied',
  'and new containers cannot start.',
  ' cannot use their CephFS volumes',
  'Vendor kernels may carry the fix as a backport; the loop shows this one does not.',
  ',"clock":',
  ',"lines":',
  ',"bytes":',
  'loop in get_quota_realm()\\" is in 5.3; vendor kernels may carry it as a backport). ',
  'ceph-mds-reconnect-denied',
  'What to do, in order (',
  'find <cephfs mount on a healthy client> -inum ',
  ',"alsoIn":',
  ',"source":',
  ',"schema":',
  '{"schema":',
  ',"zoneAssumed":',
  '{"first":',
  'no timestamps in this file',
  'mds-hung',
  ' session lost, hunting for new mon',
  'blocklisting assumed from the default',
  ',"title":',
  ',"method":',
  ',"parsed":',
  ',"format":',
  ',"clientIds":',
  'but not yet flushed to the cluster is lost. Inodes (decimal): ',
  '{"strings":',
  ',"created":',
  'kubectl uncordon ',
  'makes get_quota_realm() spin after an eviction, pinning a CPU and hanging every stat on the mount. ',
  'Before Linux 5.3 (\\"ceph: fix infinite loop in get_quota_realm()\\") a quota realm inode without caps ',
  ',"skewMethod":',
  'Before 5.3 a cap-less quota realm makes get_quota_realm() spin after an eviction (\\"ceph: fix infinite ',
  ',"aligned":',
  '{"source":',
  ',"detail":',
  ',"episodes":',
  ',"clientId":',
  ',"recovery":',
  '{"findings":',
  ',"incident":',
  '{"laneMode":',
  ',"redacted":',
  'Run a kernel with \\"ceph: fix infinite loop in get_quota_realm()\\" (Linux 5.3 or later) on the CephFS clients',
  ',"skewSeconds":',
  '\\"dirty+flushing\\" means the write was on its way when the session died.',
  ' pod(s) already gone whose directory and mount are left',
  'From 5.4 the mount option recover_session=clean lets a blocklisted client reconnect by itself, dropping ',
  ',"warnings":',
  ',"unparsed":',
  ',"logFilter":',
  'cascade 0.1.0',
  'no known client id',
  ' line(s) not understood as ',
  '{"id":',
  ',"severities":',
  ',"evidence":',
  ',"host":',
  ',"generatedBy":',
  ',"timeDisplay":',
  ',"totalEvents":',
  'Stop the MDS from blocklisting the clients it evicts',
  ',"omittedEvents":',
  'Tell the owners of the workloads on these mounts that writes made shortly before the eviction were lost',
  'When the session was torn down the kernel dropped dirty capability state; data written by applications ',
  'caps-stale',
  'ceph config set mds mds_session_blacklist_on_timeout false',
  'cascade/incident@1',
  ',"remediation":',
  "eviction inferred from the clients' `reconnect denied`: no MDS log",
  ',"offsetSeconds":',
  ',"events":',
  'by timeout or by hand: not shown (no MDS log line names the reason, and no fault precedes the denial ',
  '# then mount CephFS with recover_session=clean (ceph-csi StorageClass: kernelMountOptions: recover_session=clean; in-tree PV: mountOptions: [recover_session=clean])',
  ',"line":',
  ',"last":',
  ',"sources":',
  ') lies near its own lines',
  'mounts fails with \\"permission denied\\" until the mount is replaced.',
  ',"episode":',
  'no config dump in the bundle, so blocklisting is assumed on (the default)',
  '. The dead mounts stay in place, so kubelet cannot stat, clean up or re-create them ',
  ',"hosts":',
  ',"count":',
  ',"first":',
  'does not fit: no timed stage lines on this host',
  'quota-realm-loop',
  'mon-session-lost',
  ',"severity":',
  ' An evicted and blocklisted client cannot recover on its own: every request on its ',
  ',"stages":',
  'Pacific (16) and later accept only the \\"blocklist\\" names (the old ones are rejected: \\"unrecognized config ',
  'dead mounts (at some risk to data consistency: the eviction is no longer fenced on the OSDs). ',
  'option\\"); Octopus (15) and older know only the \\"blacklist\\" names: run the pair that matches `ceph versions`',
  '. With blocklisting off, a client evicted after a network blip can reconnect instead of keeping ',
  'connection-reset',
  ',"recoveries":',
  'kubelet-mount-failure',
  'reconnect-denied',
  "not estimated: no MDS line about this host's sessions (",
];

export const SHARE_DICTIONARY: Uint8Array = new TextEncoder().encode(DICTIONARY_PHRASES.join('\n'));
