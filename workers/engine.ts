// The engine: the one function the worker and the CLI both call. Reads each file as a byte
// stream (never as one string), detects its format, parses and scans it, then correlates.
import { detectFormat, parserFor } from '../parsers/detect.ts';
import { LineSplitter } from '../parsers/lines.ts';
import { FORMAT, type FormatId } from '../parsers/types.ts';
import type { AnalyzeOptions, FileProgress, InputFile, ProgressCallback } from './api.ts';
import { correlate } from './correlate.ts';
import type { Incident } from './incident.ts';
import { newScan, type SourceScan, scanFinished, scanLine } from './scan.ts';

export interface EngineOptions extends AnalyzeOptions {
  onProgress?: ProgressCallback;
  /** Stops reading between chunks when it returns true. */
  isCancelled?: () => boolean;
}

const SNIFF_BYTES = 64 * 1024;
const PROGRESS_INTERVAL_MS = 200;

export class CancelledError extends Error {
  constructor() {
    super('Analysis cancelled');
    this.name = 'CancelledError';
  }
}

export async function analyzeFiles(
  inputs: readonly InputFile[],
  opts: EngineOptions = {},
): Promise<Incident> {
  const progress: FileProgress[] = inputs.map((f) => ({
    path: f.path,
    state: 'queued',
    bytesDone: 0,
    bytesTotal: f.blob.size,
  }));
  let lastReport = 0;
  const report = (force: boolean) => {
    const now = Date.now();
    if (!opts.onProgress || (!force && now - lastReport < PROGRESS_INTERVAL_MS)) return;
    lastReport = now;
    opts.onProgress(progress.map((p) => ({ ...p })));
  };
  report(true);

  const scans: SourceScan[] = [];
  for (const [i, input] of inputs.entries()) {
    const p = progress[i] as FileProgress;
    p.state = 'reading';
    report(true);
    try {
      const scan = await scanFile(input, opts.formatOverrides?.[input.path], (done) => {
        p.bytesDone = done;
        if (opts.isCancelled?.()) throw new CancelledError();
        report(false);
      });
      p.format = scan.format;
      p.lines = scan.lines;
      p.bytesDone = p.bytesTotal;
      p.state = scan.error ? 'error' : 'done';
      if (scan.error) p.error = scan.error;
      scans.push(scan);
    } catch (err) {
      if (err instanceof CancelledError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      p.state = 'error';
      p.error = `Could not read the file: ${message}`;
      const failed = newScan(input.path, FORMAT.unrecognised, input.blob.size, input.lastModified);
      failed.error = p.error;
      scans.push(failed);
    }
    report(true);
  }
  return correlate(scans, opts);
}

async function scanFile(
  input: InputFile,
  override: FormatId | undefined,
  onBytes: (done: number) => void,
): Promise<SourceScan> {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(
    new Uint8Array(await input.blob.slice(0, SNIFF_BYTES).arrayBuffer()),
  );
  const detection = override
    ? { format: override, reason: `format set by the user (${override})` }
    : detectFormat(head, input.path);
  const scan = newScan(input.path, detection.format, input.blob.size, input.lastModified);
  scan.detection = detection.reason;
  const parser = detection.format === FORMAT.unrecognised ? null : parserFor(detection.format);
  if (!parser) {
    scan.error = `Unrecognised format: ${detection.reason}`;
  }
  const splitter = new LineSplitter((text, line, offset, truncated) => {
    if (truncated) scan.truncatedLines++;
    if (parser) scanLine(scan, parser.parseLine(text, line, offset), text, line);
    else if (text.trim() === '') scanLine(scan, { t: 'blank' }, text, line);
    else scanLine(scan, { t: 'unparsed', reason: 'unrecognised format' }, text, line);
  });
  // Unrecognised files are still read to the end so that their lines are counted.
  const reader = input.blob.stream().getReader();
  let done = 0;
  try {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      splitter.push(value);
      done += value.byteLength;
      onBytes(done);
    }
  } catch (err) {
    await reader.cancel().catch(() => {});
    throw err;
  }
  splitter.end();
  if (parser?.finish) scanFinished(scan, parser.finish());
  return scan;
}
