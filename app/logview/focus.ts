// Finding a focused line (a chart point, an evidence link) among the log view's rows, and planning
// the read of its surrounding lines from the file. Pure: the component does the reading.
import type { ContextLine, ContextRequest, ContextResult } from '../../workers/context.ts';
import type { IncidentEvent } from '../../workers/incident.ts';
import type { LineRef } from '../store.ts';

/** `sample/node1/dmesg.log:866`: how a line is named on screen and in `data-line-ref`. */
export const lineRefText = (ref: LineRef) => `${ref.source}:${ref.line}`;

/**
 * The index of the event that is the line `ref`: the event read from that line, else the event a
 * copy of which was read there (a kernel line the journal repeats is one event, kept from dmesg).
 * -1 when the line is no event. A linear scan: a focus changes on a click, not per frame.
 */
export function findEventIndex(events: readonly IncidentEvent[], ref: LineRef): number {
  let copy = -1;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as IncidentEvent;
    if (e.line === ref.line && e.source === ref.source) return i;
    if (copy < 0 && e.alsoIn.length > 0) {
      for (const c of e.alsoIn) if (c.line === ref.line && c.source === ref.source) copy = i;
    }
  }
  return copy;
}

/** The position of event `eventIndex` among `rows` (sorted indices), or -1 when the filter hides it. */
export function rowOfEvent(rows: Int32Array, eventIndex: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = rows[mid] as number;
    if (v === eventIndex) return mid;
    if (v < eventIndex) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export interface ContextPlan {
  request: ContextRequest;
  /** The line to show the context of, and the lines wanted on each side of it. */
  line: number;
  around: number;
}

/** Further than this many lines from a known line offset, a line's context is not looked for. */
export const MAX_ANCHOR_DISTANCE = 4000;

/**
 * How to read the `around` lines on each side of `ref`. The reader needs the byte offset of a line;
 * events carry theirs, and line 1 is at offset 0. A line that is no event (a finding's evidence from
 * a config dump, a journal copy of a kernel line) is read from the nearest line whose offset is
 * known, asking for as many lines as lie between. Null when no known line is near enough.
 */
export function planContext(events: readonly IncidentEvent[], ref: LineRef, around = 10): ContextPlan | null {
  let anchor = { line: 1, offset: 0 };
  for (const e of events) {
    if (e.source !== ref.source) continue;
    if (e.line === ref.line) {
      anchor = e;
      break;
    }
    if (Math.abs(e.line - ref.line) < Math.abs(anchor.line - ref.line)) anchor = e;
  }
  const distance = Math.abs(anchor.line - ref.line);
  if (distance > MAX_ANCHOR_DISTANCE) return null;
  const first = Math.max(1, ref.line - around);
  const last = ref.line + around;
  return {
    request: {
      source: ref.source,
      line: anchor.line,
      offset: anchor.offset,
      before: Math.max(0, anchor.line - first),
      after: Math.max(0, last - anchor.line),
    },
    line: ref.line,
    around,
  };
}

export interface ContextShown {
  lines: ContextLine[];
  error?: string;
}

/** The lines of a read that the plan wanted, or why the focused line is not among them. */
export function contextLines(plan: ContextPlan, result: ContextResult): ContextShown {
  if (result.error) return { lines: [], error: result.error };
  const lines = result.lines.filter((l) => Math.abs(l.line - plan.line) <= plan.around);
  if (!lines.some((l) => l.line === plan.line)) {
    return {
      lines: [],
      error: `Line ${plan.line} of ${plan.request.source} could not be found in the file (it has fewer lines, or it lies too far from a line Cascade knows the position of).`,
    };
  }
  return { lines };
}
