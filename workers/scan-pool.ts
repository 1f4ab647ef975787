// A pool of scan workers: dropped plain files are scanned several at once, one per core, while the
// analysis worker goes on opening the next files and archives (engine `scanElsewhere`). Each scan
// comes back whole (events, checkpoints, clocks; no text of the file) and keeps its place in the
// bundle, so the incident is the one a single worker would make.
import { proxy, type Remote, releaseProxy, wrap } from 'comlink';
import type { OnBytes, PlainFile, ScanElsewhere } from './engine.ts';
import type { SourceScan } from './scan.ts';
import type { ScanApi } from './scan.worker.ts';

interface Slot {
  worker: Worker;
  api: Remote<ScanApi>;
  busy: boolean;
}

export interface ScanPool {
  scan: ScanElsewhere;
  /** Scans it runs at once. */
  size: number;
  /** Ends every worker of the pool (a scan still running is abandoned). */
  close(): void;
}

/** Workers to use: the cores the browser reports, within reason (each holds one file's scan). */
export function poolSize(cores = globalThis.navigator?.hardwareConcurrency ?? 2): number {
  return Math.min(Math.max(cores, 1), 8);
}

export function createScanPool(size = poolSize()): ScanPool {
  const slots: Slot[] = [];
  const waiting: ((slot: Slot) => void)[] = [];

  const acquire = (): Promise<Slot> => {
    const free = slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (slots.length < size) {
      const worker = new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module' });
      const slot: Slot = { worker, api: wrap<ScanApi>(worker), busy: true };
      slots.push(slot);
      return Promise.resolve(slot);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot) => {
    const next = waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  };

  return {
    size,
    async scan(file: PlainFile, onBytes: OnBytes): Promise<SourceScan> {
      const slot = await acquire();
      try {
        return await slot.api.scan(file, proxy(onBytes));
      } finally {
        release(slot);
      }
    },
    close() {
      for (const slot of slots) {
        slot.api[releaseProxy]();
        slot.worker.terminate();
      }
      slots.length = 0;
    },
  };
}
