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
  /** Rejects once the worker has failed: its script did not load, or it threw outside a call. */
  failed: Promise<never>;
  broken: boolean;
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

  const start = (): Slot => {
    const worker = new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module' });
    const slot = { worker, api: wrap<ScanApi>(worker), busy: true, broken: false } as Slot;
    // A worker that fails never answers its call: without this the run would wait for ever.
    slot.failed = new Promise<never>((_, reject) => {
      const fail = (reason: string) => {
        slot.broken = true;
        reject(new Error(reason));
      };
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        fail(`The scan worker failed${event.message ? `: ${event.message}` : ' to start'}`);
      });
      worker.addEventListener('messageerror', () => fail('The scan worker sent an unreadable message'));
    });
    slot.failed.catch(() => {});
    slots.push(slot);
    return slot;
  };
  /** Ends a failed worker; the next scan that needs one starts a new one (which fails in turn if its script cannot load). */
  const retire = (slot: Slot) => {
    slot.worker.terminate();
    slots.splice(slots.indexOf(slot), 1);
  };
  const acquire = (): Promise<Slot> => {
    for (const idle of slots.filter((s) => s.broken && !s.busy)) retire(idle);
    const free = slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return Promise.resolve(free);
    }
    if (slots.length < size) return Promise.resolve(start());
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (slot: Slot) => {
    if (slot.broken) retire(slot);
    const next = waiting.shift();
    if (next) next(slot.broken ? start() : slot);
    else slot.busy = false;
  };

  return {
    size,
    async scan(file: PlainFile, onBytes: OnBytes): Promise<SourceScan> {
      const slot = await acquire();
      try {
        return await Promise.race([slot.api.scan(file, proxy(onBytes)), slot.failed]);
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
