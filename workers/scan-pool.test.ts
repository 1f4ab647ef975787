// A scan worker that fails (its script does not load, as after a deploy under an open tab) must
// fail the scans it was given, not leave them waiting for an answer that never comes; the next
// scan gets a new worker. Node has no Worker: a stand-in fails the way a browser's does, with an
// `error` event and no answer to any message.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createScanPool } from './scan-pool.ts';

class FailingWorker extends EventTarget {
  static started = 0;
  terminated = false;
  constructor() {
    super();
    FailingWorker.started++;
    setTimeout(() => this.dispatchEvent(new Event('error', { cancelable: true })), 5);
  }
  postMessage(_message: unknown, transfer?: Transferable[]) {
    // The call's callback port would otherwise keep Node's event loop open.
    for (const t of transfer ?? []) if (t instanceof MessagePort) t.close();
  }
  terminate() {
    this.terminated = true;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  FailingWorker.started = 0;
});

describe('createScanPool', () => {
  it('rejects the scans of a worker that fails to start, and starts a new worker for the next one', async () => {
    vi.stubGlobal('Worker', FailingWorker);
    const pool = createScanPool(1);
    const file = { path: 'dmesg', blob: new Blob(['[    1.000000] x\n']), plan: undefined as never };
    // Two scans for one worker: the second waits for the first, then must not wait for ever.
    const first = pool.scan(file, () => {});
    const second = pool.scan(file, () => {});
    await expect(first).rejects.toThrow('The scan worker failed to start');
    await expect(second).rejects.toThrow('The scan worker failed to start');
    expect(FailingWorker.started).toBe(2);
    pool.close();
  });
});
