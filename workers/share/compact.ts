// The compact wire form of a share payload. Incident JSON repeats the host, source, kind and stage
// of every event and spells each time in 27 characters. Here the events are columns (one array per
// field) with their strings in one table, times as microsecond steps from the event before, lines
// as steps from the source's line before, and a stamp that begins its line as the length of that
// prefix. A first/last time elsewhere that equals an event's time is that event's index; evidence
// of a line the link carries leaves out its text; stage titles and annotations equal to the
// catalog's are left out. With the preset dictionary (share-dictionary.ts), the sample's essential events and
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
