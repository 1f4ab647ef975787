// Counting analyses from outside: each run starts an analysis worker of its own (the scan workers
// it starts for plain files, workers/scan-pool.ts, are not runs).
import type { Page } from '@playwright/test';

export function countRuns(page: Page): () => number {
  let runs = 0;
  page.on('worker', (worker) => {
    if (worker.url().includes('analyze.worker')) runs++;
  });
  return () => runs;
}
