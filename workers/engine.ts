// The engine: the one function the worker and the CLI both call. Opens each dropped file (archives
// and compressed files are expanded as streams, workers/bundle), detects each log's format, parses
// and scans it line by line (never as one string), then correlates.
import { BINARY_REASON, detectFormat, parserFor } from '../parsers/detect.ts';
import { LineSplitter, withoutLeadingNul } from '../parsers/lines.ts';
import type { StageId } from '../parsers/stages.ts';
import { FORMAT, type FormatId, type FormatParser } from '../parsers/types.ts';
import { ringAnchors, settleAnchors } from './anchor-ring.ts';
import type { AnalyzeOptions, FileProgress, InputFile, ProgressCallback } from './api.ts';
import {
  ArchiveReader,
  type BundleState,
  DEFAULT_LIMITS,
  describeReadError,
  HEAD_BYTES,
  type Leaf,
  type Limits,
  StopError,
} from './bundle/expand.ts';
import { LayoutTracker } from './bundle/layout.ts';
import { withoutCompressionSuffix } from './bundle/magic.ts';
import { peek } from './bundle/streams.ts';
import { type Correlation, correlateScans } from './correlate.ts';
import type { Incident, IncidentBundle } from './incident.ts';
import { checkpoint, newScan, type SourceScan, scanFinished, scanLine } from './scan.ts';
import { skimmerFor } from './skim.ts';
import { filePartsOf, joinParts } from './split.ts';

export interface EngineOptions extends AnalyzeOptions {
  onProgress?: ProgressCallback;
  /** Stops reading between chunks when it returns true. */
  isCancelled?: () => boolean;
  /** Decompression limits (the bomb guard); the defaults suit real bundles. */
  limits?: Partial<Limits>;
  /**
   * Scans a dropped file that is plain text (no archive, no compression) somewhere else — in the
   * browser, a pool of workers (workers/scan-pool.ts) — so that several files are read at once on
   * several cores. Absent, every file is scanned here, one after another.
   */
  scanElsewhere?: ScanElsewhere;
  /** Scans `scanElsewhere` runs at once: a big file in a format that allows it is cut into as many parts (workers/split.ts). */
  scanWorkers?: number;
  /** Smallest file cut into parts (default SPLIT_MIN_BYTES). */
  splitMinBytes?: number;
}

/** A plain file to scan, with what the engine already knows of it. */
export interface PlainFile {
  path: string;
  blob: Blob;
  lastModified?: number;
  override?: FormatId;
  plan: Leaf['plan'];
  /** Only bytes [start, end) of the file, which begin at a line start, in a format already detected (workers/split.ts). */
  part?: FilePart;
}

export interface FilePart {
  start: number;
  end: number;
  detection: { format: FormatId; reason: string };
}

/** Bytes of a file read so far, and the stage lines found in it so far. */
export type OnBytes = (done: number, stages?: Partial<Record<StageId, number>>) => void;

export type ScanElsewhere = (file: PlainFile, onBytes: OnBytes) => Promise<SourceScan>;

const PROGRESS_INTERVAL_MS = 200;

export class CancelledError extends Error {
  constructor() {
    super('Analysis cancelled');
    this.name = 'CancelledError';
  }
}

/** Progress rows by path: one per dropped file, archive, and file read from an archive. */
class ProgressBoard {
  private readonly rows = new Map<string, FileProgress>();
  private last = 0;
  constructor(private readonly onProgress: ProgressCallback | undefined) {}

  row(path: string, init: () => FileProgress): FileProgress {
    let r = this.rows.get(path);
    if (!r) {
      r = init();
      this.rows.set(path, r);
    }
    return r;
  }

  remove(path: string) {
    this.rows.delete(path);
  }

  report(force: boolean) {
    const now = Date.now();
    if (!this.onProgress || (!force && now - this.last < PROGRESS_INTERVAL_MS)) return;
    this.last = now;
    this.onProgress(
      [...this.rows.values()].map((p) => ({ ...p, ...(p.archive ? { archive: { ...p.archive } } : {}) })),
    );
  }
}

export async function analyzeFiles(
  inputs: readonly InputFile[],
  opts: EngineOptions = {},
): Promise<Incident> {
  return (await analyzeSession(inputs, opts)).incident;
}

/** An analysis with what it needs to read lines of its files again (the files, scans and clocks). */
export interface Session extends Correlation {
  inputs: readonly InputFile[];
  scans: readonly SourceScan[];
  options: AnalyzeOptions;
}

export async function analyzeSession(
  inputs: readonly InputFile[],
  opts: EngineOptions = {},
): Promise<Session> {
  const board = new ProgressBoard(opts.onProgress);
  for (const f of inputs) {
    board.row(f.path, () => ({ path: f.path, state: 'queued', bytesDone: 0, bytesTotal: f.blob.size }));
  }
  board.report(true);

  const limits: Limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const tracker = new LayoutTracker();
  // In file order; a scan made elsewhere holds its place as a promise until it is done.
  const scans: (SourceScan | Promise<SourceScan>)[] = [];
  const scanned = new Set<string>();
  /** Dropped files being scanned elsewhere: their rows are finished when their scans come back. */
  const elsewhere = new Set<string>();
  const bundles = new Map<string, BundleState>();
  // Thrown from inside the streams; the archive reader lets it through and it ends the run here.
  const stop = () => {
    if (opts.isCancelled?.()) throw new StopError('Analysis cancelled');
  };

  for (const input of inputs) {
    // A dropped sosreport or must-gather folder is read by path like its archive would be.
    const plan = tracker.classify(input.path);
    if (plan.layout !== 'plain' && plan.root !== undefined) {
      const folder = bundles.get(plan.root) ?? folderBundle(plan.root, plan.layout);
      bundles.set(plan.root, folder);
      folder.entries++;
      folder.bytes += input.blob.size;
      if (plan.analyse) folder.analysed++;
      else {
        folder.skipped++;
        if (folder.skippedExamples.length < 20)
          folder.skippedExamples.push(input.path.slice(plan.root.length + 1));
        board.remove(input.path);
        continue;
      }
    }
    const top = board.row(input.path, () => ({
      path: input.path,
      state: 'queued',
      bytesDone: 0,
      bytesTotal: 0,
    }));
    top.state = 'reading';
    board.report(true);
    const reader = new ArchiveReader({
      tracker,
      limits,
      isCancelled: () => opts.isCancelled?.() ?? false,
      onRawBytes(done) {
        top.bytesDone = done;
        stop();
        board.report(false);
      },
      onBundle(bundle) {
        bundles.set(bundle.path, bundle);
        const row = board.row(bundle.path, () => ({
          path: bundle.path,
          state: 'reading',
          bytesDone: 0,
          bytesTotal: bundle.bytes,
          ...(bundle.container ? { container: bundle.container } : {}),
        }));
        row.archive = {
          kind: bundle.kind,
          entries: bundle.entries,
          analysed: bundle.analysed,
          skipped: bundle.skipped,
        };
        if (bundle.error) {
          row.state = 'error';
          row.error = bundle.error;
        }
        board.report(false);
      },
      async onLeaf(leaf) {
        const row = board.row(leaf.path, () => ({
          path: leaf.path,
          state: 'queued',
          bytesDone: 0,
          bytesTotal: leaf.size ?? 0,
          ...(leaf.container ? { container: leaf.container } : {}),
        }));
        row.state = 'reading';
        board.report(true);
        const onBytes: OnBytes = (done, stages) => {
          row.bytesDone = done;
          if (row.bytesTotal < done) row.bytesTotal = done;
          if (stages && Object.keys(stages).length > 0) row.stages = { ...stages };
          stop();
          board.report(false);
        };
        const finished = (scan: SourceScan) => {
          row.format = scan.format;
          row.lines = scan.lines;
          if (Object.keys(scan.stageCounts).length > 0) row.stages = { ...scan.stageCounts };
          // A scan made elsewhere reports its bytes only now and then: the last count is the file's.
          row.bytesDone = Math.max(row.bytesDone, scan.bytes);
          row.bytesTotal = Math.max(row.bytesTotal, row.bytesDone);
          row.state = scan.error ? 'error' : 'done';
          if (scan.error) row.error = scan.error;
          board.report(true);
          return scan;
        };
        const override = opts.formatOverrides?.[leaf.path];
        // A dropped plain file goes to another core, and the next file is opened meanwhile; its
        // scan keeps its place, so the result does not depend on which file finished first.
        const plain = leaf.path === input.path && !leaf.container && leaf.compression.length === 0;
        if (opts.scanElsewhere && plain && leaf.stream && !leaf.error) {
          await leaf.stream.cancel().catch(() => {});
          const file: PlainFile = { path: leaf.path, blob: input.blob, plan: leaf.plan };
          if (input.lastModified !== undefined) file.lastModified = input.lastModified;
          if (override) file.override = override;
          elsewhere.add(leaf.path);
          scanned.add(leaf.path);
          const parts = await filePartsOf(
            input.blob,
            detectionOf(leaf, override),
            opts.scanWorkers ?? 1,
            opts.splitMinBytes,
          );
          const scan = parts
            ? scanParts(file, parts, opts.scanElsewhere, onBytes)
            : opts.scanElsewhere(file, onBytes);
          scans.push(
            scan
              .catch((err: unknown) => failedScan(input, `Could not read the file: ${messageOf(err)}`))
              .then(finished),
          );
          return;
        }
        scanned.add(leaf.path);
        scans.push(finished(await scanLeaf(leaf, override, onBytes)));
      },
    });
    try {
      await reader.open(input.path, input.blob, input.lastModified);
    } catch (err) {
      if (err instanceof CancelledError || err instanceof StopError) throw new CancelledError();
      // A failure outside any one entry (the file could not be read at all).
      const message = `Could not read the file: ${messageOf(err)}`;
      top.state = 'error';
      top.error = message;
      if (!scanned.has(input.path)) {
        scanned.add(input.path);
        scans.push(failedScan(input, message));
      }
    }
    if (!elsewhere.has(input.path)) {
      if (top.state === 'reading') top.state = 'done';
      top.bytesDone = top.bytesTotal = input.blob.size;
    }
    for (const b of bundles.values()) {
      const row = board.row(b.path, () => ({ path: b.path, state: 'done', bytesDone: 0, bytesTotal: 0 }));
      if (row.state === 'reading') row.state = 'done';
    }
    board.report(true);
  }
  const done = await Promise.all(scans);
  if (opts.isCancelled?.()) throw new CancelledError();
  const correlation = correlateScans(done, opts);
  futureStamps(correlation.incident, Date.now());
  if (bundles.size > 0) correlation.incident.bundles = [...bundles.values()].map(toIncidentBundle);
  const {
    onProgress: _p,
    isCancelled: _c,
    limits: _l,
    scanElsewhere: _s,
    scanWorkers: _w,
    splitMinBytes: _m,
    ...options
  } = opts;
  return { ...correlation, inputs, scans: done, options };
}

/** Scans the parts of one file at once and joins them; progress counts the bytes of all parts. */
async function scanParts(
  file: PlainFile,
  parts: readonly FilePart[],
  scanElsewhere: ScanElsewhere,
  onBytes: OnBytes,
): Promise<SourceScan> {
  const done = parts.map(() => 0);
  const stages: Partial<Record<StageId, number>>[] = parts.map(() => ({}));
  const report = () => {
    const sum: Partial<Record<StageId, number>> = {};
    for (const s of stages)
      for (const [id, n] of Object.entries(s)) sum[id as StageId] = (sum[id as StageId] ?? 0) + n;
    onBytes(
      done.reduce((a, b) => a + b, 0),
      sum,
    );
  };
  const scans = await Promise.all(
    parts.map((part, i) =>
      scanElsewhere({ ...file, part }, (bytes, found) => {
        done[i] = bytes;
        if (found) stages[i] = found;
        report();
      }),
    ),
  );
  return joinParts(scans);
}

/** A day of slack: a zone read wrong moves stamps by hours, never by more. */
const FUTURE_SLACK_MS = 86_400_000;

/** Sources whose stamps run past the time of the analysis: their host's clock was set wrong. */
export function futureStamps(incident: Incident, now: number): void {
  for (const s of incident.sources) {
    if (s.last === null || !(Date.parse(s.last) > now + FUTURE_SLACK_MS)) continue;
    s.warnings.push(
      `Its last stamp, ${s.last}, is later than the time of this analysis: the host's clock was probably ` +
        'set wrong, so these lines sit apart from the others (an episode of their own, if they hold events).',
    );
  }
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

function failedScan(input: InputFile, message: string): SourceScan {
  const failed = newScan(input.path, FORMAT.unrecognised, input.blob.size, input.lastModified);
  failed.error = message;
  return failed;
}

/**
 * Scans one dropped plain file from its start: what a pool worker runs for `scanElsewhere`, with
 * the same detection and parsing as a file scanned in the engine itself.
 */
export async function scanPlainFile(file: PlainFile, onBytes: OnBytes): Promise<SourceScan> {
  const { part } = file;
  if (part) {
    const leaf: Leaf = {
      path: file.path,
      size: part.end - part.start,
      compression: [],
      plan: file.plan,
      head: new Uint8Array(0),
      stream: file.blob.slice(part.start, part.end).stream(),
    };
    if (file.lastModified !== undefined) leaf.lastModified = file.lastModified;
    return scanLeaf(leaf, undefined, onBytes, part);
  }
  const { head, stream } = await peek(file.blob.stream(), HEAD_BYTES);
  const leaf: Leaf = {
    path: file.path,
    size: file.blob.size,
    compression: [],
    plan: file.plan,
    head,
    stream,
  };
  if (file.lastModified !== undefined) leaf.lastModified = file.lastModified;
  return scanLeaf(leaf, file.override, onBytes);
}

function folderBundle(path: string, layout: BundleState['layout']): BundleState {
  return {
    path,
    kind: 'folder',
    layout,
    entries: 0,
    analysed: 0,
    skipped: 0,
    skippedExamples: [],
    bytes: 0,
    expandedBytes: 0,
    warnings: [],
  };
}

function toIncidentBundle(b: BundleState): IncidentBundle {
  const { container: _container, ...bundle } = b;
  return bundle;
}

/** Reads one file: detection over its head, then every line through the parser into a scan. */
async function scanLeaf(
  leaf: Leaf,
  override: FormatId | undefined,
  onBytes: OnBytes,
  part?: FilePart,
): Promise<SourceScan> {
  const scan = newScan(leaf.path, FORMAT.unrecognised, leaf.size ?? 0, leaf.lastModified);
  if (leaf.container) scan.container = leaf.container;
  if (leaf.compression.length > 0) scan.compression = leaf.compression.join('+');
  scan.plan = leaf.plan;
  if (leaf.error || !leaf.stream) {
    scan.error = leaf.error ?? 'The file could not be read.';
    return scan;
  }
  const detection = part?.detection ?? detectionOf(leaf, override);
  scan.format = detection.format;
  scan.detection = detection.reason;
  if (detection.format === FORMAT.unrecognised && detection.reason.startsWith(BINARY_REASON)) {
    // Lines of binary data are noise: the file is named as what it is and not read any further.
    await leaf.stream.cancel().catch(() => {});
    scan.error = `Not read as a log: ${detection.reason}.`;
    return scan;
  }
  const parser = detection.format === FORMAT.unrecognised ? null : parserFor(detection.format);
  if (!parser) scan.error = `Unrecognised format: ${detection.reason}`;
  const splitter = lineFeeder(scan, parser, part);
  // Unrecognised files are still read to the end so that their lines are counted.
  const reader = leaf.stream.getReader();
  let done = 0;
  let failure: unknown;
  try {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      splitter.push(value);
      done += value.byteLength;
      onBytes(done, scan.stageCounts);
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    if (err instanceof CancelledError || err instanceof StopError) throw err;
    failure = err;
  }
  splitter.end();
  if (failure !== undefined) {
    // What was read before the failure stays analysed (a cut last line included); the error says so.
    const what = leaf.container
      ? `The data of ${leaf.container}`
      : scan.compression
        ? `The ${scan.compression} data`
        : 'The data';
    scan.error = `${describeReadError(failure, what).replace(/\.$/, '')}; the ${scan.lines} lines before that point were read.`;
  }
  scan.bytes = Math.max(scan.bytes, done);
  finishScan(scan, parser, part !== undefined);
  return scan;
}

/** The format of a file from its head (and path), unless the user set it. */
export function detectionOf(
  leaf: Leaf,
  override: FormatId | undefined,
): { format: FormatId; reason: string } {
  if (override) return { format: override, reason: `format set by the user (${override})` };
  const head = new TextDecoder('utf-8', { fatal: false }).decode(leaf.head);
  return detectFormat(head, withoutCompressionSuffix(leaf.path));
}

/** Switches of the scan for tests that compare its paths; the product always skims. */
export const SCAN_TUNING = { skim: true };

/** The splitter that feeds every line of a file through its parser into the scan. */
export function lineFeeder(
  scan: SourceScan,
  parser: FormatParser | null,
  part?: { start: number },
): LineSplitter {
  const skim = parser && SCAN_TUNING.skim ? skimmerFor(parser.id, scan) : undefined;
  // A part of a file keeps its anchors in a ring whatever the format, to count them (anchor-ring.ts).
  if (part) ringAnchors(scan);
  const startOffset = part?.start ?? 0;
  return new LineSplitter(
    (text, line, offset, truncated) => {
      checkpoint(scan, line, offset);
      if (truncated) scan.truncatedLines++;
      // A run of NUL bytes where a log was cut or rewritten while it was written ends at the next
      // line's text: the text is read, and the warning counts the lines it happened to.
      const read = withoutLeadingNul(text);
      if (read !== text) scan.track.nulLines = (scan.track.nulLines ?? 0) + 1;
      if (parser) scanLine(scan, parser.parseLine(read, line, offset), read, line);
      else if (read.trim() === '') scanLine(scan, { t: 'blank' }, read, line);
      else scanLine(scan, { t: 'unparsed', reason: 'unrecognised format' }, read, line);
    },
    { skim, startOffset },
  );
}

/** After the last line: records the parser still held, and the anchors kept. */
export function finishScan(scan: SourceScan, parser: FormatParser | null, part = false): void {
  if (parser?.finish) scanFinished(scan, parser.finish());
  const back = scan.track.backSteps ?? 0;
  if (back > 0) {
    scan.warnings.push(
      `The stamps go back by over a second ${back} time(s), first at line ${scan.track.firstBackLine} (lines merged out of order, a clock stepped back, or a summer-time change): the file is not in time order, and each line is placed by its own stamp.`,
    );
  }
  const nul = scan.track.nulLines ?? 0;
  if (nul > 0) {
    scan.warnings.push(
      `${nul} line(s) began with NUL bytes (the file was cut or rewritten while it was written?); the NUL bytes were skipped and the text after them read.`,
    );
  }
  settleAnchors(scan, part);
}
