// The CLI's pool of scan threads: the engine's `scanElsewhere` for Node, so that the plain files of
// a bundle are scanned on several cores (the browser uses workers/scan-pool.ts). Each file is
// opened again by its path in the thread that scans it.
import { Worker } from 'node:worker_threads';
import type { OnBytes, PlainFile, ScanElsewhere } from '../workers/engine.ts';
import type { SourceScan } from '../workers/scan.ts';
import type { ThreadJob } from './scan-thread.ts';

interface Pending {
  resolve(scan: SourceScan): void;
  reject(err: Error): void;
  onBytes: OnBytes;
}

type Reply =
  | { id: number; scan: SourceScan }
  | { id: number; error: string }
  | { id: number; done: number; stages?: Record<string, number> };

export interface ThreadPool {
  scan: ScanElsewhere;
  close(): Promise<void>;
}

/** `pathOf` gives the file on disk of a path in the bundle (undefined: scan it in the engine). */
export function createThreadPool(size: number, pathOf: (path: string) => string | undefined): ThreadPool {
  const entry = new URL('./scan-thread.ts', import.meta.url).href;
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const queue: ThreadJob[] = [];
  const pending = new Map<number, Pending>();
  let next = 0;

  const start = (worker: Worker, job: ThreadJob) => {
    worker.postMessage(job);
  };
  const spawn = (): Worker => {
    const worker = new Worker(new URL('./scan-thread-boot.mjs', import.meta.url), { workerData: { entry } });
    worker.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      if ('done' in reply) {
        p.onBytes(reply.done, reply.stages);
        return;
      }
      pending.delete(reply.id);
      if ('scan' in reply) p.resolve(reply.scan);
      else p.reject(new Error(reply.error));
      const job = queue.shift();
      if (job) start(worker, job);
      else idle.push(worker);
    });
    worker.on('error', (err) => {
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(err);
      }
    });
    all.push(worker);
    return worker;
  };

  return {
    scan(file: PlainFile, onBytes: OnBytes): Promise<SourceScan> {
      const abs = pathOf(file.path);
      if (!abs) return Promise.reject(new Error(`no file on disk for ${file.path}`));
      const { blob: _blob, ...rest } = file;
      const job: ThreadJob = { id: next++, abs, file: rest };
      return new Promise<SourceScan>((resolve, reject) => {
        pending.set(job.id, { resolve, reject, onBytes });
        const worker = idle.pop() ?? (all.length < size ? spawn() : undefined);
        if (worker) start(worker, job);
        else queue.push(job);
      });
    },
    async close() {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
