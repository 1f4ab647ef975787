// The log view's "All lines" mode as pure functions: the time window around a centre moment (its
// sizes, moving it, the request sent to the worker), which moment it starts at, a time typed in the
// display zone, and the narrowing of the lines read by the log filter (hosts, sources, search).
import type { IncidentEvent } from '../../workers/incident.ts';
import { formatIn, type TimeZoneChoice, toEpochMs } from '../../workers/report/time.ts';
import { formatCount } from '../lib/format.ts';
import type { LineRef, LogFilter } from '../store.ts';
import { type CompiledQuery, compileQuery, type FilterChoice, type FilteredRows } from './filter.ts';
import { findEventIndex } from './focus.ts';
import type { WindowLine, WindowRequest, WindowResult } from './window-types.ts';

export interface WindowSize {
  id: string;
  /** Milliseconds on each side of the centre. */
  half: number;
  label: string;
}

export const WINDOW_SIZES: readonly WindowSize[] = [
  { id: '30s', half: 30_000, label: '±30 s' },
  { id: '2m', half: 120_000, label: '±2 min' },
  { id: '10m', half: 600_000, label: '±10 min' },
  { id: '1h', half: 3_600_000, label: '±1 h' },
];

export const DEFAULT_WINDOW_SIZE = '2m';

/** The size of id `id`, or the default one for an unknown id. */
export function windowSize(id: string): WindowSize {
  return (
    WINDOW_SIZES.find((s) => s.id === id) ??
    (WINDOW_SIZES.find((s) => s.id === DEFAULT_WINDOW_SIZE) as WindowSize)
  );
}

export interface TimeRange {
  from: number;
  to: number;
}

/** The window of `half` ms on each side of `centre`. */
export function windowAround(centre: number, half: number): TimeRange {
  return { from: centre - half, to: centre + half };
}

/** The centre of the window moved by `steps` of its width (negative: earlier). */
export function shiftCentre(centre: number, half: number, steps: number): number {
  return centre + steps * 2 * half;
}

export function inRange(range: TimeRange, ts: number): boolean {
  return ts >= range.from && ts <= range.to;
}

/** What the worker is asked for: the window, and the sources of a source filter when one is set. */
export function windowRequest(range: TimeRange, sources: readonly string[]): WindowRequest {
  return sources.length > 0 ? { ...range, sources: [...sources] } : { ...range };
}

/** The index of line `ref` among `lines`, or -1. */
export function findLineIndex(lines: readonly WindowLine[], ref: LineRef): number {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as WindowLine;
    if (l.line === ref.line && l.source === ref.source) return i;
  }
  return -1;
}

/**
 * The time of the focused line: its own when it is among the lines read, else that of its event
 * (or of the event it is a copy of). Null when neither places it. Whole milliseconds (the lines
 * read carry microseconds), as every time shown is.
 */
export function focusTime(
  focus: LineRef | null,
  lines: readonly WindowLine[],
  events: readonly IncidentEvent[],
): number | null {
  if (!focus) return null;
  const line = lines[findLineIndex(lines, focus)];
  if (line && line.ts !== null) return Math.floor(line.ts);
  const event = events[findEventIndex(events, focus)];
  return event ? toEpochMs(event.ts) : null;
}

/**
 * Where the window starts: at the focused line's time, else at the first timed event of the events
 * shown (the incident or the episode), else nowhere (the user types a time).
 */
export function initialCentre(focusTs: number | null, events: readonly IncidentEvent[]): number | null {
  if (focusTs !== null) return focusTs;
  let first: number | null = null;
  for (const e of events) {
    const ts = toEpochMs(e.ts);
    if (ts !== null && (first === null || ts < first)) first = ts;
  }
  return first;
}

const TYPED =
  /^\s*(?:(\d{4})-(\d{1,2})-(\d{1,2})[ T]+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3})\d*)?)?\s*$/;

/** The civil time `ms` shows in `choice`, as if it were UTC (epoch ms of the wall-clock reading). */
function wallAsUtc(ms: number, choice: TimeZoneChoice): number {
  const shown = formatIn(Math.floor(ms), choice, true);
  return Date.parse(`${shown.replace(' ', 'T')}Z`);
}

/**
 * Epoch ms of a time typed as the display zone reads it: `2019-11-12 10:19:14(.401)`, or a clock
 * time (`10:19`, `10:19:14`) on the day `reference` falls on in that zone. Null when it is no time
 * (or no day: `2019-02-30`). A reading the zone's clock skips (spring) or repeats (autumn) gets one of
 * the offsets around it.
 */
export function parseTimeIn(text: string, choice: TimeZoneChoice, reference: number | null): number | null {
  const m = TYPED.exec(text);
  if (!m) return null;
  const num = (i: number, fallback = 0) => (m[i] === undefined ? fallback : Number(m[i]));
  let year = num(1);
  let month = num(2);
  let day = num(3);
  if (m[1] === undefined) {
    if (reference === null) return null;
    const d = new Date(wallAsUtc(reference, choice));
    year = d.getUTCFullYear();
    month = d.getUTCMonth() + 1;
    day = d.getUTCDate();
  }
  const [hour, minute, second] = [num(4), num(5), num(6)];
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (new Date(wall).getUTCDate() !== day) return null;
  // The zone's offset near the reading, then again at the instant found (a change of offset between).
  const guess = wall - (wallAsUtc(wall, choice) - wall);
  const instant = wall - (wallAsUtc(guess, choice) - guess);
  return wallAsUtc(instant, choice) === wall ? instant : guess;
}

/** Whether the window's narrowing is on: hosts, sources, or a valid search (stages and severities are the events'). */
export function isWindowFiltering(filter: LogFilter, query: CompiledQuery): boolean {
  return filter.hosts.length > 0 || filter.sources.length > 0 || query.kind === 'match';
}

/**
 * The lines of a window the log filter keeps, as indices in their (time) order: a chosen host
 * (a line of no known host is kept by no host), a chosen source, the search. The stage and
 * severity filters narrow the event list only: most lines of a window are no event.
 */
export function filterWindowLines(lines: readonly WindowLine[], filter: LogFilter): FilteredRows {
  const query = compileQuery(filter.query, filter.regex);
  const hosts = filter.hosts.length > 0 ? new Set(filter.hosts) : null;
  const sources = filter.sources.length > 0 ? new Set(filter.sources) : null;
  const re = query.kind === 'match' ? query.matcher.test : null;
  const rows = new Int32Array(lines.length);
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as WindowLine;
    if (hosts && (l.host === null || !hosts.has(l.host))) continue;
    if (sources && !sources.has(l.source)) continue;
    if (re && !re.test(l.text)) continue;
    rows[count++] = i;
  }
  return { rows: rows.subarray(0, count), total: lines.length, query };
}

export interface WindowChoices {
  hosts: FilterChoice<string>[];
  sources: FilterChoice<string>[];
}

const byValue = <T extends string>(a: FilterChoice<T>, b: FilterChoice<T>) =>
  a.value < b.value ? -1 : a.value > b.value ? 1 : 0;

/**
 * The hosts and sources the window's filter can choose among: every source of the incident (and
 * any other the lines name) with the lines of the window it holds, by name. A source the request
 * left out (`requested`, when a source filter narrowed it) has no count: its lines were not read.
 */
export function windowChoices(
  lines: readonly WindowLine[],
  incidentSources: readonly { path: string; host: string | null }[],
  requested: readonly string[] | null,
): WindowChoices {
  const hosts = new Map<string, number>();
  const sources = new Map<string, number>();
  for (const s of incidentSources) {
    sources.set(s.path, 0);
    if (s.host !== null) hosts.set(s.host, 0);
  }
  for (const l of lines) {
    sources.set(l.source, (sources.get(l.source) ?? 0) + 1);
    if (l.host !== null) hosts.set(l.host, (hosts.get(l.host) ?? 0) + 1);
  }
  const read = requested && requested.length > 0 ? new Set(requested) : null;
  return {
    hosts: [...hosts].map(([value, count]) => ({ value, count })).sort(byValue),
    sources: [...sources]
      .map(([value, count]) => ({ value, count: read && !read.has(value) ? null : count }))
      .sort(byValue),
  };
}

/** The first of `rows` whose line is at or after `ms` (lines in time order, untimed last); the last row when none. */
export function rowAtOrAfter(lines: readonly WindowLine[], rows: Int32Array, ms: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const ts = (lines[rows[mid] as number] as WindowLine).ts;
    if (ts !== null && ts < ms) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, rows.length - 1);
}

/** `Truncated: showing the first 20,000 lines of the window — narrow it.` */
export function describeTruncated(shown: number): string {
  return `Truncated: showing the first ${formatCount(shown)} ${shown === 1 ? 'line' : 'lines'} of the window — narrow it (a smaller window, or fewer sources).`;
}

// Continuous scrolling: the lines loaded grow by a stretch at either end as the user nears it.

/** Lines kept in memory at most; past it the far end is dropped (and read again when scrolled back). */
export const MAX_LOADED = 200_000;
/** A stretch is read when the rows in sight come this close to an end of the rows loaded. */
export const EDGE_ROWS = 200;
/** Reading never goes further than this beyond the bundle's first and last events. */
export const BEYOND_EVENTS_MS = 86_400_000;

export type Direction = 'earlier' | 'later';

/** One end of the lines loaded: where the next stretch that way starts, and whether there is none. */
export interface Edge {
  /** Epoch ms: the next stretch earlier ends here, the next one later starts here. */
  at: number;
  /** Ms read by the next stretch (shrunk when an earlier stretch held more lines than one read gives). */
  span: number;
  /** Nothing more that way: the logs end there (or reading failed, `error`). */
  done: boolean;
  error?: string;
  /** Lines were dropped at this end to keep the memory bounded. */
  trimmed: boolean;
}

export interface LoadedLines {
  lines: WindowLine[];
  start: Edge;
  end: Edge;
}

/** The first and last timed events of the bundle (epoch ms), or null when none has a time. */
export function eventBounds(events: readonly IncidentEvent[]): TimeRange | null {
  let from: number | null = null;
  let to: number | null = null;
  for (const e of events) {
    const ts = toEpochMs(e.ts);
    if (ts === null) continue;
    if (from === null || ts < from) from = ts;
    if (to === null || ts > to) to = ts;
  }
  return from === null || to === null ? null : { from, to };
}

const lastTs = (lines: readonly WindowLine[]): number | null => {
  for (let i = lines.length - 1; i >= 0; i--) {
    const ts = (lines[i] as WindowLine).ts;
    if (ts !== null) return ts;
  }
  return null;
};

/**
 * Where the next stretch later starts after a read of [from, to]: the last line's time when the read
 * was cut short (it holds the earliest lines of each source), else the end of what was read.
 */
function nextLaterStart(req: TimeRange, result: WindowResult): number {
  if (!result.truncated) return req.to;
  const last = lastTs(result.lines);
  // All of the lines read at the very start: move on by a millisecond rather than read them again.
  return last === null || last <= req.from ? req.from + 1 : last;
}

/** The lines loaded from one read of a window (a jump: the list is replaced). */
export function loadedFromWindow(req: TimeRange, result: WindowResult): LoadedLines {
  const span = req.to - req.from;
  return {
    lines: result.lines,
    start: { at: req.from, span, done: false, trimmed: false },
    end: { at: nextLaterStart(req, result), span, done: false, trimmed: false },
  };
}

/** The request for the next stretch `direction` of the lines loaded, `width` ms long; null when done. */
export function stretchRequest(
  loaded: LoadedLines,
  direction: Direction,
  width: number,
  sources: readonly string[],
): WindowRequest | null {
  const edge = direction === 'earlier' ? loaded.start : loaded.end;
  if (edge.done) return null;
  const range =
    direction === 'earlier'
      ? { from: edge.at - Math.min(edge.span, width), to: edge.at }
      : { from: edge.at, to: edge.at + width };
  return windowRequest(range, sources);
}

export const lineKey = (l: WindowLine) => `${l.source}:${l.line}`;

/** Whether a stretch `direction` that ends (or starts) at `reach` is past the bundle's events (or far past them). */
function pastEvents(direction: Direction, req: TimeRange, bounds: TimeRange | null, added: number) {
  if (bounds === null) return added === 0;
  if (direction === 'later') {
    return req.to >= bounds.to + BEYOND_EVENTS_MS || (added === 0 && req.to > bounds.to);
  }
  return req.from <= bounds.from - BEYOND_EVENTS_MS || (added === 0 && req.from < bounds.from);
}

export interface Merged {
  loaded: LoadedLines;
  /** Lines new to the list. */
  added: number;
  /** Lines dropped at the far end. */
  dropped: number;
}

/**
 * The lines loaded with a stretch read `direction` of them: the lines already there left out (by
 * `source:line`), the far end dropped past `max` lines (that end can be read again), the edge moved
 * on, or marked done when the stretch brought nothing and lies past the bundle's events (or a day
 * beyond them). An earlier stretch cut short holds its earliest lines only: it is not kept, and the
 * next one is read shorter (a quarter), down to a millisecond.
 */
export function mergeStretch(
  loaded: LoadedLines,
  direction: Direction,
  req: TimeRange,
  result: WindowResult,
  width: number,
  bounds: TimeRange | null,
  max = MAX_LOADED,
): Merged {
  const old = loaded.lines;
  if (direction === 'earlier' && result.truncated && req.to - req.from > 1) {
    const span = Math.max(1, Math.floor((req.to - req.from) / 4));
    return { loaded: { ...loaded, start: { ...loaded.start, span } }, added: 0, dropped: 0 };
  }
  // The lines already loaded that the stretch can hold again: those at its near end.
  const seen = new Set<string>();
  if (direction === 'later') {
    for (let i = old.length - 1; i >= 0; i--) {
      const l = old[i] as WindowLine;
      if (l.ts !== null && l.ts < req.from) break;
      seen.add(lineKey(l));
    }
  } else {
    for (const l of old) {
      if (l.ts !== null && l.ts > req.to) break;
      seen.add(lineKey(l));
    }
  }
  const fresh = result.lines.filter((l) => !seen.has(lineKey(l)));
  let lines = direction === 'later' ? [...old, ...fresh] : [...fresh, ...old];
  let start = loaded.start;
  let end = loaded.end;
  const done = pastEvents(direction, req, bounds, fresh.length);
  if (direction === 'later') end = { ...end, at: nextLaterStart(req, result), done, trimmed: false };
  else start = { ...start, at: req.from, span: width, done, trimmed: false };
  let dropped = 0;
  if (lines.length > max) {
    dropped = lines.length - max;
    if (direction === 'later') {
      lines = lines.slice(dropped);
      const first = (lines[0] as WindowLine).ts ?? start.at;
      start = { at: first, span: width, done: false, trimmed: true };
    } else {
      lines = lines.slice(0, max);
      const last = lastTs(lines) ?? end.at;
      end = { at: last, span: width, done: false, trimmed: true };
    }
  }
  return { loaded: { lines, start, end }, added: fresh.length, dropped };
}

/** `Reading earlier lines…`, `Start of the logs`: what the row at an end of the lines loaded says. */
export function describeEdge(direction: Direction, edge: Edge, reading: boolean): string {
  if (edge.error !== undefined) {
    return `Could not read the ${direction} lines: ${edge.error}`;
  }
  if (edge.done) return direction === 'earlier' ? 'Start of the logs' : 'End of the logs';
  return reading ? `Reading ${direction} lines…` : `Scroll on for ${direction} lines`;
}
