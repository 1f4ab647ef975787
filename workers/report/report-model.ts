// What the Markdown postmortem and the HTML report share: which events the timeline table shows,
// and every sentence of the report with its times already written in the chosen zone. The renderers
// only add syntax and escaping, so both documents always say the same thing. Every string in the
// model may hold text from the logs (host names, paths, messages): the renderers escape all of it.
import { STAGE_BY_ID, STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import type { Episode, Incident, IncidentEvent, IncidentSource, IsoTime, Severity } from '../incident.ts';
import { formatDuration, formatIn, type TimeZoneChoice, toEpochMs, withZone, zoneOf } from './time.ts';

export interface ReportOptions {
  /** Zone all times are written in; always stated next to them. */
  display: TimeZoneChoice;
  /** ISO time stamp of the export; goldens pass a fixed one. */
  generatedAt?: string;
  /** Say at the top that identifiers were replaced by pseudonyms. */
  redacted?: boolean;
  /** What part of the incident is exported, e.g. "Episode 2 of 3 (10:14–10:21 UTC)"; stated at the top. */
  scope?: string;
  /** The document's title; a title naming the incident's start when absent. */
  title?: string;
}

// ---------------------------------------------------------------------------------------------
// Text helpers both renderers use

const CONTROL_NAMES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters (C0, DEL, C1), the Unicode line and paragraph separators and the bidirectional
 * overrides turned into visible escapes (`\n`, `\x1b`, `\u202e`): a log line stays one line in a
 * table, and no hidden character can break the document's layout or reorder the text a reader sees.
 */
export function visibleControls(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => {
    const named = CONTROL_NAMES[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** `7982` → `7,982`; independent of the locale, so goldens do not depend on the machine. */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The title of a stage id, or the id itself for an id this build does not know. */
export function stageTitle(id: StageId): string {
  return STAGE_BY_ID[id]?.title ?? String(id);
}

// ---------------------------------------------------------------------------------------------
// The events that matter

export type KeyReason = 'first' | 'first-recovery' | 'last' | 'cited';

export interface KeyEvent {
  event: IncidentEvent;
  /** Why the event is in the table, in the order above. */
  reasons: KeyReason[];
}

const REASON_ORDER: readonly KeyReason[] = ['first', 'first-recovery', 'last', 'cited'];

const lineKey = (source: string, line: number) => `${line}\u0000${source}`;

interface Placed {
  event: IncidentEvent;
  index: number;
  /** Epoch ms, +Infinity when unknown: events without a time sort last, in the incident's order. */
  ms: number;
}

const before = (a: Placed, b: Placed) => a.ms < b.ms || (a.ms === b.ms && a.index < b.index);

/** What the report needs of the events, found in one pass: a million events are neither sorted nor indexed. */
interface EventScan {
  keys: KeyEvent[];
  /** The event each cited `source:line` is (its own line, else a deduplicated copy of it). */
  cited: Map<string, IncidentEvent>;
  first: Placed | undefined;
  last: Placed | undefined;
}

function scanEvents(incident: Incident): EventScan {
  const wanted = new Set<string>();
  for (const f of incident.findings) for (const ref of f.evidence) wanted.add(lineKey(ref.source, ref.line));
  const groups = new Map<string, { first: Placed; recovery?: Placed; last: Placed }>();
  const own = new Map<string, Placed>();
  const copies = new Map<string, Placed>();
  let first: Placed | undefined;
  let last: Placed | undefined;
  incident.events.forEach((event, index) => {
    const p: Placed = { event, index, ms: toEpochMs(event.ts) ?? Number.POSITIVE_INFINITY };
    if (Number.isFinite(p.ms)) {
      if (!first || before(p, first)) first = p;
      if (!last || before(last, p)) last = p;
    }
    const key = `${event.stage}\u0000${event.host}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { first: p, last: p, ...(event.recovery ? { recovery: p } : {}) });
    else {
      if (before(p, group.first)) group.first = p;
      if (before(group.last, p)) group.last = p;
      if (event.recovery && (!group.recovery || before(p, group.recovery))) group.recovery = p;
    }
    if (wanted.size === 0) return;
    const at = lineKey(event.source, event.line);
    if (wanted.has(at) && !own.has(at)) own.set(at, p);
    for (const copy of event.alsoIn) {
      const k = lineKey(copy.source, copy.line);
      if (wanted.has(k) && !copies.has(k)) copies.set(k, p);
    }
  });

  const reasons = new Map<Placed, Set<KeyReason>>();
  const mark = (p: Placed, reason: KeyReason) => reasons.set(p, (reasons.get(p) ?? new Set()).add(reason));
  for (const group of groups.values()) {
    mark(group.first, 'first');
    if (group.recovery) mark(group.recovery, 'first-recovery');
    mark(group.last, 'last');
  }
  // A line cited by its own source:line is that event, whatever copy lists the same line.
  const cited = new Map([...copies, ...own]);
  for (const p of cited.values()) mark(p, 'cited');
  const keys = [...reasons]
    .sort(([a], [b]) => a.ms - b.ms || a.index - b.index)
    .map(([p, set]) => ({ event: p.event, reasons: REASON_ORDER.filter((r) => set.has(r)) }));
  return { keys, cited: new Map([...cited].map(([k, p]) => [k, p.event])), first, last };
}

/**
 * For each host and stage its first event, its first recovery and its last event, plus every event
 * a finding cites (directly or through a deduplicated copy in `alsoIn`), in time order. A bundle of
 * thousands of repeated loop lines reads in a few dozen rows, and each row is still a real line.
 */
export function keyEvents(incident: Incident): KeyEvent[] {
  return scanEvents(incident).keys;
}

// ---------------------------------------------------------------------------------------------
// The model

export interface TimelineRow {
  time: string;
  host: string;
  stage: string;
  recovery: boolean;
  severity: Severity;
  /** `source:line` */
  ref: string;
  text: string;
}

export interface OverviewBlock {
  /** `Episode 2 of 3`, or null when the bundle holds one. */
  label: string | null;
  /** `2019-11-12 10:14:03 to 2019-11-12 11:04:50 UTC, confidence high` */
  span: string;
  summary: string;
  /** `k8s-worker-1 at 2019-11-12 10:14:03 UTC` */
  hostOrder: string[];
  /** The spread sentence, or null when the episode has none. */
  spread: string | null;
}

export interface StageSection {
  id: StageId;
  title: string;
  /** Label and value pairs: first and last seen (zone in the label), events, recoveries, hosts. */
  facts: [string, string][];
  annotation: string;
}

export interface EvidenceRow {
  /** The cited line's time when it is an event, else null (configuration rows, boot messages). */
  time: string | null;
  ref: string;
  text: string;
}

export interface FindingSection {
  severity: Severity;
  title: string;
  /** `Episode 2 of 3`, when the bundle holds several. */
  episode: string | null;
  detail: string;
  evidence: EvidenceRow[];
}

export interface RemediationGroup {
  /** The finding the commands come from. */
  title: string;
  commands: string[];
}

export interface ClockItem {
  path: string;
  /** `dmesg, host k8s-worker-1` */
  what: string;
  notes: string[];
}

export interface SourceRow {
  path: string;
  format: string;
  host: string;
  lines: string;
  parsed: string;
  unparsed: string;
  events: string;
  error: string;
}

export interface BundleRow {
  path: string;
  kind: string;
  layout: string;
  entries: string;
  analysed: string;
  skipped: string;
  error: string;
}

export interface ReportModel {
  title: string;
  /** The zone every time is written in, as named after times in sentences. */
  zone: string;
  /** The scope and redaction notices, each one sentence. */
  notices: string[];
  /** Who made the document, when, from what, and which zone its times are in. */
  generated: string;
  /** Whether the bundle has any stage event at all. */
  hasEvents: boolean;
  /** One block per episode; empty when there are no events. */
  overview: OverviewBlock[];
  /** Said instead of the overview when no line matched a stage. */
  noCascade: string | null;
  timeline: { heading: string; note: string; columns: string[]; rows: TimelineRow[] };
  stages: { sections: StageSection[]; unseen: string | null };
  findings: FindingSection[];
  remediation: RemediationGroup[];
  clocks: { intro: string; sources: ClockItem[]; hosts: string[] };
  sources: {
    summary: string;
    columns: string[];
    rows: SourceRow[];
    warnings: { path: string; text: string }[];
    bundleColumns: string[];
    bundles: BundleRow[];
  };
}

/** The zone name written after times in sentences: the IANA name, so it still means something once exported. */
function zoneWord(display: TimeZoneChoice): string {
  return display.mode === 'utc' ? 'UTC' : zoneOf(display);
}

export function buildReportModel(incident: Incident, options: ReportOptions): ReportModel {
  const { display } = options;
  const zone = zoneWord(display);
  const at = (iso: IsoTime) =>
    toEpochMs(iso) === null ? 'an unknown time' : `${formatIn(iso, display)} ${zone}`;
  const precise = (iso: IsoTime) => formatIn(iso, display, true);
  const hasEvents = incident.events.length > 0;
  const scan = scanEvents(incident);
  const { keys, cited } = scan;
  const episodes = incident.episodes ?? [];

  return {
    title: options.title ?? defaultTitle(scan.first, display, zone),
    zone,
    notices: notices(options),
    generated: generatedLine(incident, options, zone),
    hasEvents,
    overview: hasEvents ? overview(incident, episodes, scan, at, display, zone) : [],
    noCascade: hasEvents ? null : noCascadeSentence(incident),
    timeline: {
      heading: withZone('Timeline', display),
      note: timelineNote(incident, keys.length, cited),
      columns: [withZone('Time', display), 'Host', 'Stage', 'Line', 'Text'],
      rows: keys.map(({ event }) => ({
        time: precise(event.ts),
        host: event.host,
        stage: `${stageTitle(event.stage)}${event.recovery ? ' (recovery)' : ''}`,
        recovery: event.recovery,
        severity: event.severity,
        ref: `${event.source}:${event.line}`,
        text: event.text,
      })),
    },
    stages: stageSections(incident, display, precise),
    findings: incident.findings.map((f) => ({
      severity: f.severity,
      title: f.title,
      episode: f.episode && episodes.length > 1 ? episodeName(f.episode, episodes) : null,
      detail: f.detail,
      evidence: f.evidence.map((ref) => {
        const event = cited.get(lineKey(ref.source, ref.line));
        return {
          time: event && toEpochMs(event.ts) !== null ? `${precise(event.ts)} ${zone}` : null,
          ref: `${ref.source}:${ref.line}`,
          text: ref.text,
        };
      }),
    })),
    remediation: remediationGroups(incident),
    clocks: {
      intro: `Every time in this report is written in ${zone}${display.mode === 'local' ? ' (the browser zone of the export)' : ''}. Each source's clock was put on the wall clock as follows.`,
      sources: incident.sources.map(clockItem),
      hosts: incident.hosts.map(skewSentence),
    },
    sources: sourcesSection(incident),
  };
}

function defaultTitle(first: Placed | undefined, display: TimeZoneChoice, zone: string): string {
  if (!first) return 'CephFS eviction cascade: incident report';
  return `CephFS eviction cascade of ${formatIn(first.ms, display).slice(0, 16)} ${zone}`;
}

function notices(options: ReportOptions): string[] {
  const out: string[] = [];
  if (options.scope) out.push(`Scope: ${options.scope.replace(/\.$/, '')}.`);
  if (options.redacted) {
    out.push(
      'Redacted: host names, addresses, pods, namespaces, client ids, fsids and volume paths were replaced by ' +
        'pseudonyms; one pseudonym stands for the same identifier everywhere in this report.',
    );
  }
  return out;
}

function generatedLine(incident: Incident, options: ReportOptions, zone: string): string {
  const lines = incident.sources.reduce((n, s) => n + s.lines, 0);
  const when =
    options.generatedAt && toEpochMs(options.generatedAt) !== null
      ? ` on ${formatIn(options.generatedAt, options.display)} ${zone}`
      : '';
  return (
    `Generated by ${incident.generatedBy}${when} from ${plural(incident.sources.length, 'source')} ` +
    `(${plural(lines, 'line')} read, ${plural(incident.events.length, 'stage event')}). ` +
    `All times are in ${zone}.`
  );
}

function noCascadeSentence(incident: Incident): string {
  const lines = incident.sources.reduce((n, s) => n + s.lines, 0);
  return (
    `No eviction cascade found: none of the ${plural(lines, 'line')} read from ` +
    `${plural(incident.sources.length, 'source')} matched a stage of the cascade. ` +
    'The sources and their clocks are listed below, so the review can check that the right logs were read.'
  );
}

function episodeName(id: string, episodes: readonly Episode[]): string {
  const index = episodes.findIndex((e) => e.id === id);
  return index < 0 ? id : `Episode ${index + 1} of ${episodes.length}`;
}

function overview(
  incident: Incident,
  episodes: readonly Episode[],
  scan: EventScan,
  at: (iso: IsoTime) => string,
  display: TimeZoneChoice,
  zone: string,
): OverviewBlock[] {
  const range = (first: IsoTime, last: IsoTime) =>
    `${formatIn(first, display)} to ${formatIn(last, display)} ${zone}`;
  if (episodes.length === 0) {
    // An incident without episodes (written before they existed): the hosts' own first stage lines.
    const order = incident.hosts
      .map((h) => ({ host: h.name, first: firstOf(Object.values(h.stages).map((s) => s?.first ?? null)) }))
      .filter((h) => h.first !== null)
      .sort((a, b) => (toEpochMs(a.first) ?? 0) - (toEpochMs(b.first) ?? 0));
    return [
      {
        label: null,
        span: range(scan.first?.event.ts ?? null, scan.last?.event.ts ?? null),
        summary: 'This incident carries no episode summary.',
        hostOrder: order.map((h) => `${h.host} at ${at(h.first)}`),
        spread: null,
      },
    ];
  }
  return episodes.map((episode, i) => ({
    label: episodes.length > 1 ? `Episode ${i + 1} of ${episodes.length}` : null,
    span: `${range(episode.first, episode.last)}, confidence ${episode.confidence}`,
    summary: episode.summary,
    hostOrder: episode.hostOrder.map((h) => `${h.host} at ${at(h.first)}`),
    spread:
      episode.spreadSeconds === null
        ? null
        : `Spread from the first host's connection reset to the last host's kubelet failure: ${formatDuration(episode.spreadSeconds * 1000)}.`,
  }));
}

function firstOf(times: IsoTime[]): IsoTime {
  let best: IsoTime = null;
  for (const t of times) {
    const ms = toEpochMs(t);
    if (ms !== null && (best === null || ms < (toEpochMs(best) ?? ms))) best = t;
  }
  return best;
}

function timelineNote(incident: Incident, shown: number, cited: ReadonlyMap<string, IncidentEvent>): string {
  const total = incident.events.length;
  if (total === 0) return 'No line of the bundle matched a stage of the cascade, so there is no timeline.';
  const uncited = new Set<string>();
  for (const f of incident.findings) {
    for (const ref of f.evidence) {
      const key = lineKey(ref.source, ref.line);
      if (!cited.has(key)) uncited.add(key);
    }
  }
  const elsewhere =
    uncited.size > 0
      ? ` ${plural(uncited.size, 'cited line')} that ${uncited.size === 1 ? 'is' : 'are'} not a stage event (configuration, boot messages) ${uncited.size === 1 ? 'is' : 'are'} quoted under Findings.`
      : '';
  return (
    `This table shows ${formatCount(shown)} of the ${plural(total, 'event')}: for each host and stage its first ` +
    'event, its first recovery and its last event, and every line a finding cites. ' +
    `The CSV export of the events lists all of them.${elsewhere}`
  );
}

function stageSections(
  incident: Incident,
  display: TimeZoneChoice,
  precise: (iso: IsoTime) => string,
): ReportModel['stages'] {
  const seen = STAGE_IDS.map((id) => incident.stages.find((s) => s.id === id && s.count > 0)).filter(
    (s) => s !== undefined,
  );
  const unseen = STAGE_IDS.filter((id) => !seen.some((s) => s.id === id));
  return {
    sections: seen.map((s) => ({
      id: s.id,
      title: s.title || stageTitle(s.id),
      facts: [
        [withZone('First seen', display), precise(s.first)],
        [withZone('Last seen', display), precise(s.last)],
        ['Events', formatCount(s.count)],
        ['Recoveries', formatCount(s.recoveries)],
        ['Hosts', s.hosts.length > 0 ? s.hosts.join(', ') : 'none'],
      ],
      annotation: s.annotation || STAGE_BY_ID[s.id]?.annotation || '',
    })),
    unseen:
      unseen.length === 0 || seen.length === 0
        ? null
        : `Not seen in this bundle: ${unseen.map(stageTitle).join('; ')}.`,
  };
}

/**
 * The findings' commands, each once: the remediation plan first (its steps are in the order to run
 * them), then what other findings add, each group under the finding's title.
 */
function remediationGroups(incident: Incident): RemediationGroup[] {
  const ordered = [
    ...incident.findings.filter((f) => f.id === 'remediation-plan'),
    ...incident.findings.filter((f) => f.id !== 'remediation-plan'),
  ];
  const seen = new Set<string>();
  const groups: RemediationGroup[] = [];
  for (const f of ordered) {
    const commands = f.remediation.filter((c) => {
      if (seen.has(c)) return false;
      seen.add(c);
      return true;
    });
    if (commands.length > 0) groups.push({ title: f.title, commands });
  }
  return groups;
}

const seconds = (s: number) => `${Number(s.toFixed(3))} s`;

function clockItem(source: IncidentSource): ClockItem {
  const c = source.clock;
  const notes: string[] = [];
  if (c.kind === 'none') notes.push(`no clock: ${c.method}`);
  else {
    const kind = c.kind === 'monotonic' ? 'seconds since boot' : 'wall-clock stamps';
    notes.push(`${kind}, ${c.aligned ? 'aligned' : 'NOT aligned'}: ${c.method}`);
    if (c.kind === 'monotonic' && c.anchors !== undefined) {
      notes.push(
        `${plural(c.anchors, 'anchor')}${c.spreadSeconds !== undefined ? `, spread ${seconds(c.spreadSeconds)}` : ''}`,
      );
    }
  }
  if (c.zone !== undefined) {
    notes.push(
      c.zoneAssumed
        ? `zone ${c.zone} ASSUMED: nothing in the bundle said which zone the stamps are in`
        : `zone ${c.zone}, stated by the bundle`,
    );
  }
  if (c.year !== undefined) notes.push(`year ${c.year}${c.yearSource ? ` (${c.yearSource})` : ''}`);
  if (c.ambiguousYearLines)
    notes.push(
      `${plural(c.ambiguousYearLines, 'line')} whose year could not be told apart, left off the timeline`,
    );
  const boots = c.boots ?? [];
  if (boots.length > 1) {
    notes.push(
      `${boots.length} boots fitted apart: ${boots
        .map(
          (b) =>
            `lines ${b.firstLine}–${b.lastLine}${b.aligned ? '' : ' (NOT aligned)'}: ${b.method}${b.drift && b.drift.length > 0 ? ', kernel clock drift followed' : ''}`,
        )
        .join('; ')}`,
    );
  } else if (boots[0]?.drift && boots[0].drift.length > 0) notes.push('kernel clock drift followed');
  return {
    path: source.path,
    what: `${source.format}, ${source.host === null ? 'no host' : `host ${source.host}`}`,
    notes,
  };
}

function skewSentence(host: Incident['hosts'][number]): string {
  const skew = host.skewSeconds ?? 0;
  const amount =
    skew === 0 ? 'no correction' : `${skew > 0 ? '+' : '−'}${seconds(Math.abs(skew))} added to its times`;
  return `${host.name}: ${amount}${host.skewMethod ? ` (${host.skewMethod})` : ''}`;
}

function sourcesSection(incident: Incident): ReportModel['sources'] {
  const total = (pick: (s: IncidentSource) => number) => incident.sources.reduce((n, s) => n + pick(s), 0);
  const failed = incident.sources.filter((s) => s.error !== undefined).length;
  return {
    summary:
      `${plural(incident.sources.length, 'source')}: ${plural(
        total((s) => s.lines),
        'line',
      )} read, ` +
      `${formatCount(total((s) => s.parsed))} parsed, ${formatCount(total((s) => s.unparsed))} not understood` +
      `${failed > 0 ? `; ${plural(failed, 'source')} could not be read` : ''}.`,
    columns: ['Path', 'Format', 'Host', 'Lines read', 'Parsed', 'Unparsed', 'Events', 'Error'],
    rows: incident.sources.map((s) => ({
      path: s.path,
      format: s.format,
      host: s.host ?? '—',
      lines: formatCount(s.lines),
      parsed: formatCount(s.parsed),
      unparsed: formatCount(s.unparsed),
      events: formatCount(s.events),
      error: s.error ?? '',
    })),
    warnings: [
      ...incident.sources.flatMap((s) => s.warnings.map((text) => ({ path: s.path, text }))),
      ...(incident.bundles ?? []).flatMap((b) => b.warnings.map((text) => ({ path: b.path, text }))),
    ],
    bundleColumns: ['Archive', 'Kind', 'Layout', 'Entries', 'Analysed', 'Passed over', 'Error'],
    bundles: (incident.bundles ?? []).map((b) => ({
      path: b.path,
      kind: b.kind,
      layout: b.layout,
      entries: formatCount(b.entries),
      analysed: formatCount(b.analysed),
      skipped: formatCount(b.skipped),
      error: b.error ?? '',
    })),
  };
}
