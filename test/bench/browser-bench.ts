// The browser side of `npm run bench`, in Debian's headless Chromium against the production build:
// the raw newline-count rate of a Web Worker over the same `File`s (the in-browser read ceiling),
// and the full analysis through the app's own file and folder inputs: wall time from the input to
// the incident on screen, the renderer's peak RSS (the workers live in it), the main thread's long
// tasks while the worker analyses, whether stage markers show before the analysis ends, and the
// incident itself (saved through the app's JSON export) for the truth check.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from '@playwright/test';
import type { Incident } from '../../workers/incident.ts';
import { CHROMIUM } from '../support/chromium.ts';
import { type RendererMemory, watchRenderers } from './proc.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = 'dist-bench';
const LONG_TASK_MS = 200;
const ANALYSIS_TIMEOUT_MS = 90 * 60_000;

export function buildApp(): void {
  const r = spawnSync('npx', ['vite', 'build', '--outDir', DIST, '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

export interface Server {
  url: string;
  close(): void;
}

export async function serveApp(port: number): Promise<Server> {
  const server: ChildProcess = spawn(
    'npx',
    ['vite', 'preview', '--port', String(port), '--strictPort', '--outDir', DIST],
    { cwd: ROOT, stdio: 'ignore', detached: true },
  );
  const url = `http://127.0.0.1:${port}/`;
  const close = () => {
    if (server.pid && server.exitCode === null) process.kill(-server.pid);
  };
  for (let i = 0; i < 300; i++) {
    if (server.exitCode !== null) break;
    try {
      if ((await fetch(url)).ok) return { url, close };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  close();
  throw new Error(`vite preview did not answer on port ${port} (in use?)`);
}

const launch = (): Promise<Browser> => chromium.launch(CHROMIUM);

/** A fresh browser per measurement, so that one renderer's memory is one measurement's. */
async function withPage<T>(url: string, run: (page: Page) => Promise<T>, init?: () => void): Promise<T> {
  const browser = await launch();
  try {
    // The service worker would cache the app and answer from its cache; nothing here needs it.
    const context = await browser.newContext({
      serviceWorkers: 'block',
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    if (init) await page.addInitScript(init);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Cascade' }).first().waitFor();
    return await run(page);
  } finally {
    await browser.close();
  }
}

export interface BrowserCount {
  bytes: number;
  seconds: number;
  lines: number;
}

/**
 * Counts the bytes 0x0a of the files in a Web Worker reading `File.stream()`, one file after the
 * other: the rate at which this browser can read the same files at all. The worker comes from a
 * Blob URL in a page of the app's origin (its CSP allows `worker-src 'self' blob:`).
 */
export async function browserNewlineCount(url: string, paths: readonly string[]): Promise<BrowserCount> {
  return withPage(url, async (page) => {
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.multiple = true;
      input.id = 'bench-files';
      input.hidden = true;
      document.body.append(input);
    });
    await page.setInputFiles('#bench-files', [...paths]);
    return page.evaluate(
      () =>
        new Promise<BrowserCount>((done, fail) => {
          const source = `onmessage = async (e) => {
            const t0 = performance.now();
            let lines = 0, bytes = 0;
            for (const file of e.data) {
              const reader = file.stream().getReader();
              for (;;) {
                const { value, done } = await reader.read();
                if (done) break;
                bytes += value.length;
                for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
              }
            }
            postMessage({ bytes, lines, seconds: (performance.now() - t0) / 1000 });
          };`;
          const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
          worker.onmessage = (e) => done(e.data as BrowserCount);
          worker.onerror = (e) => fail(new Error(e.message));
          const input = document.getElementById('bench-files') as HTMLInputElement;
          worker.postMessage([...(input.files ?? [])]);
        }),
    );
  });
}

interface Task {
  start: number;
  duration: number;
}

export interface BrowserAnalysis {
  bytes: number;
  /** From setting the input to the incident summary on screen. */
  seconds: number;
  memory: RendererMemory;
  /** Main-thread tasks over 50 ms that ended before the incident arrived (the worker was analysing). */
  duringAnalysis: { count: number; over200: number; maxMs: number };
  /** Tasks from the incident's arrival on: drawing the result. */
  rendering: { count: number; maxMs: number };
  /** Milliseconds after the input: the first progress row, the first stage marker while reading, the incident. */
  firstProgressMs: number | null;
  firstStageMarkerMs: number | null;
  resultMs: number;
  /** Stage markers were on screen before the analysis ended. */
  progressive: boolean;
  incident: Incident | null;
  incidentError?: string;
}

/** What the init script keeps on `window`. */
interface Watch {
  longTasks: Task[];
  firstProgress: number | null;
  firstStage: number | null;
}

function watchPage() {
  const w = window as unknown as { __bench: Watch };
  w.__bench = { longTasks: [], firstProgress: null, firstStage: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  // Stage markers while reading: a stage found so far; then the result's cards and timeline.
  const observer = new MutationObserver(() => {
    const b = w.__bench;
    if (b.firstProgress === null && document.querySelector('.progress-table tr'))
      b.firstProgress = performance.now();
    if (
      b.firstStage === null &&
      document.querySelector(
        '[data-testid="stages-so-far"] .found, article[data-stage], [data-testid="timeline-lanes"] [data-stage]',
      )
    )
      b.firstStage = performance.now();
    if (b.firstProgress !== null && b.firstStage !== null) observer.disconnect();
  });
  document.addEventListener('DOMContentLoaded', () =>
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['class'],
    }),
  );
}

/** The incident as the app exports it (JSON, cascade/incident@1), through its export dialog. */
async function exportedIncident(page: Page): Promise<Incident> {
  await page.getByRole('button', { name: 'Export JSON (cascade/incident@1)' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10 * 60_000 }),
    page
      .getByRole('dialog')
      .getByRole('button', { name: /^Save cascade.*\.json$/ })
      .click({ timeout: 10 * 60_000 }),
  ]);
  return JSON.parse(await readFile(await download.path(), 'utf8')) as Incident;
}

/** The app analyses `input` (a folder through its folder picker, or files through its file picker). */
export async function browserAnalysis(
  url: string,
  input: { folder: string } | { files: readonly string[] },
  bytes: number,
): Promise<BrowserAnalysis> {
  return withPage(
    url,
    async (page) => {
      const memory = watchRenderers();
      const t0 = await page.evaluate(() => performance.now());
      if ('folder' in input) await page.locator('input[webkitdirectory]').setInputFiles(input.folder);
      else await page.locator('input[type=file]:not([webkitdirectory])').setInputFiles([...input.files]);
      await page.getByTestId('incident-summary').waitFor({ timeout: ANALYSIS_TIMEOUT_MS });
      const t1 = await page.evaluate(() => performance.now());
      const mem = memory.stop();
      // Let the result view settle (the chart chunk loads and draws) before reading the tasks.
      await page.waitForTimeout(2000);
      const watch = await page.evaluate(() => (window as unknown as { __bench: Watch }).__bench);
      const arrived = await page.evaluate(
        () => performance.getEntriesByName('cascade:result').at(-1)?.startTime ?? Number.NaN,
      );
      const split = Number.isFinite(arrived) ? arrived : t1;
      const tasks = watch.longTasks.filter((t) => t.start >= t0);
      const during = tasks.filter((t) => t.start + t.duration <= split);
      const after = tasks.filter((t) => t.start + t.duration > split);
      const rel = (t: number | null) => (t === null || t < t0 ? null : Math.round(t - t0));
      let incident: Incident | null = null;
      let incidentError: string | undefined;
      try {
        incident = await exportedIncident(page);
      } catch (err) {
        incidentError = err instanceof Error ? err.message.split('\n')[0] : String(err);
      }
      const firstStageMarkerMs = rel(watch.firstStage);
      return {
        bytes,
        seconds: (t1 - t0) / 1000,
        memory: mem,
        duringAnalysis: {
          count: during.length,
          over200: during.filter((t) => t.duration > LONG_TASK_MS).length,
          maxMs: Math.round(Math.max(0, ...during.map((t) => t.duration))),
        },
        rendering: { count: after.length, maxMs: Math.round(Math.max(0, ...after.map((t) => t.duration))) },
        firstProgressMs: rel(watch.firstProgress),
        firstStageMarkerMs,
        resultMs: Math.round(split - t0),
        progressive: firstStageMarkerMs !== null && firstStageMarkerMs < split - t0,
        incident,
        ...(incidentError ? { incidentError } : {}),
      };
    },
    watchPage,
  );
}
