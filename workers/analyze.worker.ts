// Comlink wiring only: the engine is pure and tested directly (docs/architecture.md). The worker
// keeps its last analysis (files, scans, clocks; no file text) so that the app can read all the
// lines of a time window again; the app ends the worker when another run starts.
import { expose } from 'comlink';
import type { AnalyzeOptions, InputFile, ProgressCallback } from './api.ts';
import { type ContextRequest, readContext } from './context.ts';
import { analyzeSession, type Session } from './engine.ts';
import { createScanPool } from './scan-pool.ts';
import { readWindow, type WindowRequest } from './window.ts';

let session: Session | null = null;

const api = {
  async analyze(inputs: InputFile[], onProgress: ProgressCallback, options?: AnalyzeOptions) {
    session = null;
    // Plain files are scanned by a pool of workers, one per core; the pool ends with the run.
    const pool = createScanPool();
    try {
      session = await analyzeSession(inputs, {
        onProgress,
        ...options,
        scanElsewhere: pool.scan,
        scanWorkers: pool.size,
      });
    } finally {
      pool.close();
    }
    return session.incident;
  },
  readContext(inputs: InputFile[], request: ContextRequest) {
    return readContext(inputs, request);
  },
  readWindow(request: WindowRequest) {
    if (!session) throw new Error('The analysis is no longer in memory: analyse the files again.');
    return readWindow(session, request);
  },
};

export type AnalyzerApi = typeof api;

expose(api);
