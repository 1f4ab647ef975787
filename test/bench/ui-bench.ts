// Page responsiveness while a large bundle is analysed, in the real browser: builds the production
// app, serves it, drops a generated ~200 MB bundle (folder picker, so the browser reads it from
// disk through the File API) and records every main-thread long task (PerformanceObserver
// 'longtask') from the drop until the incident is on screen. Prints numbers and writes them to
// bench-results/ui.json; asserts nothing (performance is measured here, never in tests).
//
//   npm run bench:ui                 # 200 MiB
//   BENCH_UI_MIB=50 npm run bench:ui
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM } from '../support/chromium.ts';
import { writeBenchBundle } from './ui-bundle.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MIB = 1024 * 1024;
const targetMiB = Number(process.env.BENCH_UI_MIB ?? 200);
const port = Number(process.env.BENCH_UI_PORT ?? 4195);
const dist = 'dist-bench';
const LONG_TASK_BUDGET_MS = 200;

function build() {
  const r = spawnSync('npx', ['vite', 'build', '--outDir', dist, '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

async function serve(): Promise<ChildProcess> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', dist], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return server;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  if (server.pid) process.kill(-server.pid);
  throw new Error(`vite preview did not answer on port ${port}`);
}

async function main() {
  const dir = join(tmpdir(), 'cascade-ui-bench');
  const bytes = writeBenchBundle(dir, targetMiB);
  console.log(`bundle: ${(bytes / MIB).toFixed(0)} MiB in ${dir}`);
  build();
  const server = await serve();
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByRole('heading', { name: 'Cascade' }).waitFor();
    const t0 = await page.evaluate(() => performance.now());
    await page.locator('input[webkitdirectory]').setInputFiles(dir);
    await page
      .locator('.progress-table, [data-testid="incident-summary"]')
      .first()
      .waitFor({ timeout: 60_000 });
    const firstProgress = await page.evaluate(() => performance.now());
    await page.getByTestId('incident-summary').waitFor({ timeout: 15 * 60_000 });
    const t1 = await page.evaluate(() => performance.now());
    // Let the result view settle (the chart chunk loads and draws) before reading the tasks.
    await page.waitForTimeout(2000);
    const tasks = await page.evaluate(
      ({ from }) =>
        (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
          (t) => t.start >= from,
        ),
      { from: t0 },
    );
    // The app marks the moment the incident arrived: tasks before it ran while the worker analysed,
    // the ones from it on render the result.
    const arrived = await page.evaluate(
      () => performance.getEntriesByName('cascade:result').at(-1)?.startTime ?? Number.NaN,
    );
    const split = Number.isFinite(arrived) ? arrived : t1;
    const during = tasks.filter((t) => t.start + t.duration <= split);
    const after = tasks.filter((t) => t.start + t.duration > split);
    const counts = await page
      .locator('article[data-stage] [data-testid="count"]')
      .allTextContents()
      .then((xs) => xs.map((x) => Number(x.replace(/\D/g, ''))));
    const seconds = (t1 - t0) / 1000;
    const result = {
      date: new Date().toISOString(),
      bundleMiB: Math.round(bytes / MIB),
      analysisSeconds: Number(seconds.toFixed(2)),
      throughputMiBs: Number((bytes / MIB / seconds).toFixed(1)),
      firstProgressMs: Math.round(firstProgress - t0),
      longTasksDuringAnalysis: during.length,
      maxLongTaskDuringAnalysisMs: Math.round(Math.max(0, ...during.map((t) => t.duration))),
      longTasksOverBudget: during.filter((t) => t.duration > LONG_TASK_BUDGET_MS).length,
      resultRenderLongTasks: after.length,
      maxResultRenderTaskMs: Math.round(Math.max(0, ...after.map((t) => t.duration))),
      resultRenderTasks: after
        .map((t) => `${Math.round(t.duration)} ms at ${Math.round(t.start - split)} ms`)
        .join(', '),
      stageCounts: counts.join(' '),
      cascadeFound: counts.length === 7 && counts.every((n) => n > 0),
    };
    console.table(result);
    console.log(
      result.longTasksOverBudget === 0
        ? `OK: no main-thread task over ${LONG_TASK_BUDGET_MS} ms while the bundle was analysed`
        : `OVER BUDGET: ${result.longTasksOverBudget} main-thread task(s) over ${LONG_TASK_BUDGET_MS} ms during analysis`,
    );
    mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench-results', 'ui.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await browser.close();
    if (server.pid) process.kill(-server.pid);
  }
}

await main();
