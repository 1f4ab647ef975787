// The log view's "All lines" mode as pure functions: the time window around a centre moment (its
// sizes, moving it, the request sent to the worker), which moment it starts at, a time typed in the
// display zone, and the narrowing of the lines read by the log filter (hosts, sources, search).
import type { IncidentEvent } from '../../workers/incident.ts';
import { formatCount } from '../lib/format.ts';
import { formatIn, type TimeZoneChoice, toEpochMs } from '../lib/time.ts';
import type { LineRef, LogFilter } from '../store.ts';
import { type CompiledQuery, compileQuery, type FilterChoice, type FilteredRows } from './filter.ts';
import { findEventIndex } from './focus.ts';
import type { WindowLine, WindowRequest } from './window-types.ts';

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
