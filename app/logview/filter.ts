// The log view's narrowing, as pure functions over the incident's events: which rows a filter keeps,
// how a search is matched and highlighted, and the choices the filter offers. Everything here runs
// on every keystroke over up to a million events, so it works on row indices (Int32Array) and never
// copies or lowercases the events: a plain search is an escaped case-insensitive RegExp, which V8
// matches as fast as `includes` on pre-lowercased text without holding a second copy of every line.
import { STAGES, type StageId } from '../../parsers/stages.ts';
import type { IncidentEvent, Severity } from '../../workers/incident.ts';
import { formatCount } from '../lib/format.ts';
import type { LogFilter } from '../store.ts';

/** A search ready to run: `test` for filtering, `global` (flag g) for finding every match to mark. */
export interface Matcher {
  test: RegExp;
  global: RegExp;
}

export type CompiledQuery =
  | { kind: 'none' }
  | { kind: 'match'; matcher: Matcher }
  | { kind: 'error'; message: string };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The search of a filter: none for an empty query, else a case-insensitive matcher (the text
 * literally, or the regular expression), or the reason a regular expression is not valid.
 */
export function compileQuery(query: string, regex: boolean): CompiledQuery {
  if (query === '') return { kind: 'none' };
  const source = regex ? query : escapeRegExp(query);
  try {
    return { kind: 'match', matcher: { test: new RegExp(source, 'i'), global: new RegExp(source, 'gi') } };
  } catch (err) {
    const message = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : '';
    return { kind: 'error', message: `Not a valid regular expression: ${message || query}` };
  }
}

/** Whether the filter narrows anything: a chosen value, or a search that is valid. */
export function isFiltering(filter: LogFilter, query: CompiledQuery): boolean {
  return (
    filter.hosts.length > 0 ||
    filter.stages.length > 0 ||
    filter.sources.length > 0 ||
    filter.severities.length > 0 ||
    query.kind === 'match'
  );
}

export interface FilteredRows {
  /** Indices into the events, in their (time) order. */
  rows: Int32Array;
  /** Events the filter was applied to. */
  total: number;
  /** The search, compiled once for the rows' highlights. */
  query: CompiledQuery;
}

/** Sets of the chosen values, or null where the filter keeps everything. */
function chosen<T>(values: readonly T[]): Set<T> | null {
  return values.length > 0 ? new Set(values) : null;
}

/**
 * The events a filter keeps, as indices in event order. Each non-empty list keeps the events whose
 * field is one of its values; the query keeps the events whose text it matches. A query that is not
 * a valid regular expression keeps every event (the view says why instead).
 */
export function filterEvents(events: readonly IncidentEvent[], filter: LogFilter): FilteredRows {
  const query = compileQuery(filter.query, filter.regex);
  const hosts = chosen(filter.hosts);
  const stages = chosen(filter.stages);
  const sources = chosen(filter.sources);
  const severities = chosen(filter.severities);
  const re = query.kind === 'match' ? query.matcher.test : null;
  const n = events.length;
  const rows = new Int32Array(n);
  let count = 0;
  if (!hosts && !stages && !sources && !severities && !re) {
    for (let i = 0; i < n; i++) rows[i] = i;
    return { rows, total: n, query };
  }
  for (let i = 0; i < n; i++) {
    const e = events[i] as IncidentEvent;
    if (hosts && !hosts.has(e.host)) continue;
    if (stages && !stages.has(e.stage)) continue;
    if (sources && !sources.has(e.source)) continue;
    if (severities && !severities.has(e.severity)) continue;
    if (re && !re.test(e.text)) continue;
    rows[count++] = i;
  }
  // A view of the kept part: no second pass, no copy.
  return { rows: rows.subarray(0, count), total: n, query };
}

/**
 * `4,064 lines`, `132 of 4,064 lines match`, `1 of 4,064 lines matches`; with `where` (` in the
 * window`) said after the lines: `85 of 1,240 lines in the window match`.
 */
export function describeMatches(shown: number, total: number, filtering: boolean, where = ''): string {
  const lines = `${formatCount(total)} ${total === 1 ? 'line' : 'lines'}${where}`;
  if (!filtering) return lines;
  return `${formatCount(shown)} of ${lines} ${shown === 1 ? 'matches' : 'match'}`;
}

export interface TextPart {
  text: string;
  match: boolean;
  /** Where the part starts in the text. */
  at: number;
}

/**
 * `text` cut into the parts a matcher marks and the parts between, in order. A pattern that can
 * match the empty string (`a*`) marks only its non-empty matches and never loops.
 */
export function splitMatches(text: string, matcher: Matcher | null, limit = 200): TextPart[] {
  if (!matcher || text === '') return [{ text, match: false, at: 0 }];
  const re = matcher.global;
  re.lastIndex = 0;
  const parts: TextPart[] = [];
  let at = 0;
  let found = 0;
  for (let m = re.exec(text); m !== null && found < limit; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex = m.index + 1;
      continue;
    }
    if (m.index > at) parts.push({ text: text.slice(at, m.index), match: false, at });
    parts.push({ text: m[0], match: true, at: m.index });
    at = m.index + m[0].length;
    found++;
  }
  if (at < text.length || parts.length === 0) parts.push({ text: text.slice(at), match: false, at });
  return parts;
}

export interface FilterChoice<T extends string> {
  value: T;
  /** Events (or lines) of the view with this value; null when they were not counted. */
  count: number | null;
}

export interface FilterChoices {
  hosts: FilterChoice<string>[];
  stages: FilterChoice<StageId>[];
  sources: FilterChoice<string>[];
  severities: FilterChoice<Severity>[];
}

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

export const SEVERITY_TEXT: Readonly<Record<Severity, string>> = {
  critical: 'Critical',
  warning: 'Warning',
  info: 'Info',
};

/**
 * What the filter can choose among, with how many events each value has: hosts and sources by
 * name, stages in cascade order, severities from the most severe. One pass over the events.
 */
export function filterChoices(events: readonly IncidentEvent[]): FilterChoices {
  const hosts = new Map<string, number>();
  const sources = new Map<string, number>();
  const stages = new Map<StageId, number>();
  const severities = new Map<Severity, number>();
  for (const e of events) {
    hosts.set(e.host, (hosts.get(e.host) ?? 0) + 1);
    sources.set(e.source, (sources.get(e.source) ?? 0) + 1);
    stages.set(e.stage, (stages.get(e.stage) ?? 0) + 1);
    severities.set(e.severity, (severities.get(e.severity) ?? 0) + 1);
  }
  const byName = <T extends string>(counts: Map<T, number>) =>
    [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([value, count]) => ({ value, count }));
  const inOrder = <T extends string>(order: readonly T[], counts: Map<T, number>) =>
    order.filter((v) => counts.has(v)).map((value) => ({ value, count: counts.get(value) ?? 0 }));
  return {
    hosts: byName(hosts),
    sources: byName(sources),
    stages: inOrder(
      STAGES.map((s) => s.id),
      stages,
    ),
    severities: inOrder(SEVERITIES, severities),
  };
}

/**
 * The events in time order, untimed ones last. The engine already sorts them, so this only checks
 * (one pass) and sorts a copy when handed events from elsewhere out of order.
 */
export function inTimeOrder(events: readonly IncidentEvent[]): readonly IncidentEvent[] {
  const before = (a: IncidentEvent, b: IncidentEvent) =>
    a.ts === null ? false : b.ts === null ? true : a.ts < b.ts;
  for (let i = 1; i < events.length; i++) {
    if (before(events[i] as IncidentEvent, events[i - 1] as IncidentEvent)) {
      // ISO-8601 UTC strings of one width order as text; the sort is stable for equal times.
      return [...events].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    }
  }
  return events;
}
