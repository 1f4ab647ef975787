// The only module in app/ that knows the analysis runs in a Web Worker. One worker per analysis:
// a new analysis, a cancel, or the end of a run terminates it, so no engine memory outlives its run.
import { proxy, wrap } from 'comlink';
import type { AnalyzerApi } from '../../workers/analyze.worker.ts';
import type { AnalyzeOptions, InputFile, ProgressCallback } from '../../workers/api.ts';
import type { ContextRequest, ContextResult } from '../../workers/context.ts';
import type { Incident } from '../../workers/incident.ts';

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
  const result = Promise.race([api.analyze(inputs, proxy(onProgress), options), stopped]).finally(() =>
    stop(),
  );

  return { result, cancel: () => stop(new AnalysisCancelledError()) };
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

/** Terminates the running analysis, if any (page teardown). */
export function stopAnalysis(): void {
  stopActive?.();
}

// In development a hot reload of this module would otherwise orphan the running worker.
import.meta.hot?.dispose(stopAnalysis);
