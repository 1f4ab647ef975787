// Every line of every source within a time window, merged in time order: read again from the
// dropped files on demand (nothing of their text is kept after the analysis). Each source is read
// from its checkpoint just before the window (a sparse line-offset index kept by the scan) up to
// the checkpoint just after it, parsed with its format, and placed with the clocks the analysis
// worked out (per-boot fits, zones, years, host skew).
import { parserFor } from '../parsers/detect.ts';
import { LineSplitter } from '../parsers/lines.ts';
import { ruleById } from '../parsers/rules.ts';
import { withSourceBytes } from './context.ts';
import { stampText } from './correlate.ts';
import type { Session } from './engine.ts';
import { CLUSTER_FORMATS, renamedHost } from './hosts.ts';
import { CLUSTER_HOST, type Severity } from './incident.ts';
import { newScan, type SourceScan, scanLine } from './scan.ts';
import type { SourceTiming } from './timing.ts';

export interface WindowRequest {
  /** Epoch ms. */
  from: number;
  to: number;
  /** Only these sources (paths); all by default. */
  sources?: string[];
  /** Lines returned at most (default 20,000); `truncated` says when more were in the window. */
  maxLines?: number;
}

export interface WindowLine {
  ts: number | null;
  source: string;
  host: string | null;
  line: number;
  text: string;
  /** The line's own stamp as the file gives it (the last stamp before it, for continuation lines). */
  stamp: string;
  /** Set for lines the rule catalog classified (the events). */
  stage?: string;
  severity?: Severity;
}

export interface WindowResult {
  from: number;
  to: number;
  lines: WindowLine[];
  truncated: boolean;
  errors: { source: string; error: string }[];
}

const DEFAULT_MAX = 20_000;
/** A line longer than this is cut (the view shows lines, not megabytes). */
const MAX_TEXT = 4096;

/** Where to start and stop reading a source for [from, to], from its checkpoints' times. */
export function readRange(
  checkpoints: readonly { line: number; offset: number; time: number | null }[],
  from: number,
  to: number,
): { start: { line: number; offset: number }; endOffset: number | null } {
  const timed = checkpoints.filter((c) => c.time !== null) as {
    line: number;
    offset: number;
    time: number;
  }[];
  const monotonic = timed.every((c, i) => i === 0 || c.time >= (timed[i - 1] as { time: number }).time);
  if (!monotonic || timed.length === 0) return { start: { line: 1, offset: 0 }, endOffset: null };
  // Lines from a checkpoint on are no earlier than its time (the last stamp before it).
  let start = { line: 1, offset: 0 };
  for (const c of timed) {
    if (c.time <= from) start = { line: c.line, offset: c.offset };
    else break;
  }
  const end = timed.find((c) => c.line > start.line && c.time > to);
  return { start, endOffset: end ? end.offset : null };
}

async function readSource(
  session: Session,
  scan: SourceScan,
  timing: SourceTiming,
  req: WindowRequest,
  skews: Map<string, number>,
  max: number,
): Promise<{ lines: WindowLine[]; full: boolean; error?: string }> {
  if (scan.format === 'unrecognised') return { lines: [], full: false };
  const parser = parserFor(scan.format);
  const times = scan.checkpoints.map((c) => ({
    line: c.line,
    offset: c.offset,
    time: c.stamp ? timing.timeOf(c.stamp) : null,
  }));
  const { start, endOffset } = readRange(times, req.from, req.to);
  const tmp = newScan(scan.path, scan.format, 0);
  if (scan.plan) tmp.plan = scan.plan;
  const lines: WindowLine[] = [];
  let full = false;
  let past = false;
  const hostOf = (): string | null => {
    if (scan.plan?.multiHost && tmp.track.host) return renamedHost(tmp.track.host, session.options);
    return timing.host ?? (CLUSTER_FORMATS.has(scan.format) ? CLUSTER_HOST : null);
  };
  const error = await withSourceBytes(session.inputs, scan.path, start.offset, async (bytes) => {
    const splitter = new LineSplitter((text, n, offset) => {
      if (full || past) return;
      const line = start.line + n - 1;
      if (endOffset !== null && start.offset + offset >= endOffset) {
        past = true;
        return;
      }
      const events = tmp.events.length;
      scanLine(tmp, parser.parseLine(text, line, start.offset + offset), text, line);
      const stamp = tmp.lastStamp;
      let ts = stamp ? timing.timeOf(stamp) : null;
      if (ts === null || ts < req.from || ts > req.to) return;
      const host = hostOf();
      ts += (host ? (skews.get(host) ?? 0) : 0) * 1000;
      const ev = tmp.events.length > events ? tmp.events[tmp.events.length - 1] : undefined;
      const rule = ev ? ruleById(ev.ruleId) : undefined;
      lines.push({
        ts,
        source: scan.path,
        host,
        line,
        text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)} …` : text,
        stamp: stamp ? stampText(stamp) : '',
        ...(rule ? { stage: rule.stage, severity: rule.severity } : {}),
      });
      if (lines.length >= max) full = true;
    });
    const reader = bytes.getReader();
    while (!full && !past) {
      const { value, done } = await reader.read();
      if (done) break;
      splitter.push(value);
    }
    await reader.cancel().catch(() => {});
    if (!full && !past) splitter.end();
  });
  return error ? { lines, full, error } : { lines, full };
}

export async function readWindow(session: Session, req: WindowRequest): Promise<WindowResult> {
  const max = req.maxLines ?? DEFAULT_MAX;
  const wanted = req.sources ? new Set(req.sources) : null;
  const skews = new Map(session.incident.hosts.map((h) => [h.name, h.skewSeconds ?? 0]));
  const result: WindowResult = { from: req.from, to: req.to, lines: [], truncated: false, errors: [] };
  for (const scan of session.scans) {
    if (wanted && !wanted.has(scan.path)) continue;
    const timing = session.timings.get(scan);
    if (!timing || scan.error !== undefined || scan.lines === 0) continue;
    if (timing.clock.kind === 'none' || !timing.clock.aligned) continue;
    const read = await readSource(session, scan, timing, req, skews, max);
    if (read.error) result.errors.push({ source: scan.path, error: read.error });
    if (read.full) result.truncated = true;
    result.lines.push(...read.lines);
  }
  result.lines.sort(
    (a, b) => (a.ts ?? 0) - (b.ts ?? 0) || a.source.localeCompare(b.source) || a.line - b.line,
  );
  if (result.lines.length > max) {
    result.lines.length = max;
    result.truncated = true;
  }
  return result;
}
