// One worker thread of the CLI's scan pool (cli/scan-threads.ts): scans the plain files it is sent,
// one at a time, and posts back progress and the whole scan. Files are opened here by path, since
// Node cannot send a file-backed Blob to a thread.
import { parentPort } from 'node:worker_threads';
import { type PlainFile, scanPlainFile } from '../workers/engine.ts';
import { openFileBlob } from './file-blob.ts';

export interface ThreadJob {
  id: number;
  abs: string;
  file: Omit<PlainFile, 'blob'>;
}

const PROGRESS_MS = 200;

parentPort?.on('message', async ({ id, abs, file }: ThreadJob) => {
  try {
    const blob = await openFileBlob(abs);
    let last = 0;
    const scan = await scanPlainFile({ ...file, blob }, (done, stages) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      parentPort?.postMessage({ id, done, stages });
    });
    parentPort?.postMessage({ id, scan });
  } catch (err) {
    parentPort?.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
});
