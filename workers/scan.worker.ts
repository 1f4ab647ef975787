// Comlink wiring only: one dropped plain file scanned on a core of its own (workers/scan-pool.ts).
import { expose } from 'comlink';
import { type OnBytes, type PlainFile, scanPlainFile } from './engine.ts';

/** Progress crosses to the analysis worker at most this often (every chunk would be thousands of messages). */
const PROGRESS_MS = 100;

const api = {
  scan(file: PlainFile, onBytes: OnBytes) {
    let last = 0;
    return scanPlainFile(file, (done, stages) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      // A callback across workers answers with a promise; a refusal there (a cancelled run) is not ours.
      void Promise.resolve(onBytes(done, stages)).catch(() => {});
    });
  },
};

export type ScanApi = typeof api;

expose(api);
