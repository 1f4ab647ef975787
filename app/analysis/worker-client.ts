// The only module in app/ that knows the analysis runs in a Web Worker. One worker per analysis:
// a new analysis or a cancel terminates it; a finished run keeps it as the session (its files,
// scans and clocks, no file text) until the next run or until the result is left.
import { proxy, type Remote, wrap } from 'comlink';
import type { AnalyzerApi } from '../../workers/analyze.worker.ts';
import type { AnalyzeOptions, InputFile, ProgressCallback } from '../../workers/api.ts';
import type { ContextRequest, ContextResult } from '../../workers/context.ts';
import type { Incident } from '../../workers/incident.ts';
import type { WindowRequest, WindowResult } from '../../workers/window.ts';

export class AnalysisCancelledError extends Error {
  override name = 'AnalysisCancelledError';
  constructor() {
    super('Analysis cancelled');
  }
}

export interface AnalysisRun {
  /** Resolves with the incident; rejects with the worker's error or an AnalysisCancelledError. */
  readonly result: Promise<Incident>;
  cancel(): void;
}

let stopActive: (() => void) | null = null;

export function startAnalysis(
  inputs: InputFile[],
  onProgress: ProgressCallback,
  options?: AnalyzeOptions,
): AnalysisRun {
  stopActive?.();
  session?.stop();
  session = null;

  const worker = newWorker('cascade-analyzer');
  let fail: (reason: Error) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    fail = reject;
  });
  let alive = true;
  const stop = (reason?: Error) => {
    if (!alive) return;
    alive = false;
    worker.terminate();
    if (stopActive === stop) stopActive = null;
    if (reason) fail(reason);
  };
  stopActive = () => stop(new AnalysisCancelledError());

  // A worker that fails to load or throws outside a comlink call never answers; surface it instead.
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    stop(new Error(`The analysis worker failed${event.message ? `: ${event.message}` : ' to start'}`));
  });
  worker.addEventListener('messageerror', () =>
    stop(new Error('The analysis worker sent an unreadable message')),
  );

  const api = wrap<AnalyzerApi>(worker);
  // A finished run keeps its worker as the session (all lines of a time window are read there);
  // a failed or cancelled one ends it.
  const result = Promise.race([api.analyze(inputs, proxy(onProgress), options), stopped]).then(
    (incident) => {
      session = { api, stop: () => stop() };
      return incident;
    },
    (err: unknown) => {
      stop();
      throw err;
    },
  );

  return { result, cancel: () => stop(new AnalysisCancelledError()) };
}

/** The worker of the last finished analysis, until another run starts or the result is left. */
let session: { api: Remote<AnalyzerApi>; stop: () => void } | null = null;

/**
 * Every line of every source in a time window, merged in time order, read again from the user's
 * files by the worker of the last analysis.
 */
export async function readWindow(request: WindowRequest): Promise<WindowResult> {
  if (!session) throw new Error('No analysis is open: analyse the files again to read their lines.');
  return session.api.readWindow(request);
}

function newWorker(name: string): Worker {
  return new Worker(new URL('../../workers/analyze.worker.ts', import.meta.url), { type: 'module', name });
}

/**
 * The lines around one line of a source, read again from the user's file in a worker of its own
 * (the analysis worker ends with its run; nothing of the files is kept after it).
 */
export async function readContext(inputs: InputFile[], request: ContextRequest): Promise<ContextResult> {
  const worker = newWorker('cascade-context');
  try {
    const failed = new Promise<never>((_, reject) => {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        reject(new Error(`The context reader failed${event.message ? `: ${event.message}` : ''}`));
      });
    });
    return await Promise.race([wrap<AnalyzerApi>(worker).readContext(inputs, request), failed]);
  } finally {
    worker.terminate();
  }
}

/** Terminates the running analysis and the last one's session worker, if any. */
export function stopAnalysis(): void {
  stopActive?.();
  session?.stop();
  session = null;
}

// In development a hot reload of this module would otherwise orphan the running worker.
import.meta.hot?.dispose(stopAnalysis);
