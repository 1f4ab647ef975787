// The Node side of `npm run bench`: the raw newline count (the read ceiling), the CLI's full
// analysis in a child process (wall time, peak RSS, JS heap, and its answer), `grep -cE` with one
// anchored regex, and lnav indexing the file with a dmesg format when lnav is installed.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PREFILTER_KEYWORDS } from '../../parsers/rules.ts';
import type { Incident } from '../../workers/incident.ts';
import { KeywordSearch } from '../../workers/keyword-search.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const CHUNK = 4 << 20;

export interface Timed {
  bytes: number;
  seconds: number;
}

/** Counts `\n` in each file, read in 4 MiB chunks: what any analysis must at least do. */
export function newlineCount(paths: readonly string[]): Timed & { lines: number } {
  const buf = Buffer.allocUnsafe(CHUNK);
  let lines = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (const p of paths) {
    const fd = openSync(p, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, CHUNK, null);
        if (n === 0) break;
        bytes += n;
        const view = n === CHUNK ? buf : buf.subarray(0, n);
        for (let i = view.indexOf(10); i !== -1; i = view.indexOf(10, i + 1)) lines++;
      }
    } finally {
      closeSync(fd);
    }
  }
  return { bytes, seconds: (performance.now() - t0) / 1000, lines };
}

/**
 * The least any JavaScript analysis of the files does, on one core: read them 1 MiB at a time as
 * the CLI does, decode the text, find every line end, and look for the rule catalog's keywords
 * (the prefilter's search), with no parsing or bookkeeping at all. Twice this is the most two
 * cores could reach.
 */
export function prefilterFloor(paths: readonly string[]): Timed & { lines: number; keywords: number } {
  const buf = Buffer.allocUnsafe(1 << 20);
  const search = new KeywordSearch([...PREFILTER_KEYWORDS, 'Linux version ', 'libceph: client']);
  let lines = 0;
  let keywords = 0;
  let bytes = 0;
  const t0 = performance.now();
  for (const p of paths) {
    const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    const fd = openSync(p, 'r');
    try {
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, null);
        if (n === 0) break;
        bytes += n;
        const text = decoder.decode(buf.subarray(0, n), { stream: true });
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
        for (let i = search.next(text, 0); i !== -1; i = search.next(text, i + 1)) keywords++;
      }
    } finally {
      closeSync(fd);
    }
  }
  return { bytes, seconds: (performance.now() - t0) / 1000, lines, keywords };
}

export interface CliRun extends Timed {
  code: number;
  /** Wall time of the whole process (Node start and module loading included). */
  processSeconds: number;
  /** CPU time of all the process's threads during the analysis: more than `seconds` means several cores. */
  cpuSeconds: number | null;
  peakRssBytes: number | null;
  /** heapUsed sampled every 25 ms: garbage not yet collected included. */
  peakHeapBytes: number;
  /** heapUsed right after full (major) collections: what the analysis keeps alive; 0 when none ran. */
  peakLiveHeapBytes: number;
  heapEndBytes: number;
  incident: Incident | null;
  stderr: string[];
}

/** `runCli --json` over `paths` in a child process (test/bench/cli-child.ts). */
export async function cliAnalysis(paths: readonly string[], bytes: number, workDir: string): Promise<CliRun> {
  const out = join(workDir, `incident-${process.hrtime.bigint()}.json`);
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/bench/cli-child.ts'), `--json=${out}`, ...paths],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  const exit = await new Promise<number>((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done(code ?? -1));
  });
  const processSeconds = (performance.now() - t0) / 1000;
  const report = JSON.parse(stdout.trim().split('\n').pop() || '{}') as Partial<CliRun>;
  let incident: Incident | null = null;
  try {
    incident = JSON.parse(readFileSync(out, 'utf8')) as Incident;
  } catch {
    incident = null;
  }
  rmSync(out, { force: true });
  return {
    bytes,
    seconds: report.seconds ?? processSeconds,
    code: report.code ?? exit,
    processSeconds,
    cpuSeconds: report.cpuSeconds ?? null,
    peakRssBytes: report.peakRssBytes ?? null,
    peakHeapBytes: report.peakHeapBytes ?? 0,
    peakLiveHeapBytes: report.peakLiveHeapBytes ?? 0,
    heapEndBytes: report.heapEndBytes ?? 0,
    incident,
    stderr: report.stderr ?? [],
  };
}

/** The anchored regex of issue 8: a raw dmesg line from the ceph or libceph module. */
export const GREP_REGEX = String.raw`^\[ *[0-9]+\.[0-9]+\] (lib)?ceph: `;

export function grepCount(path: string, bytes: number): (Timed & { matches: number }) | { error: string } {
  const t0 = performance.now();
  const r = spawnSync('grep', ['-cE', GREP_REGEX, path], {
    env: { ...process.env, LC_ALL: 'C' },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) return { error: r.error.message };
  if (r.status !== 0) return { error: `grep exited ${r.status}: ${r.stderr.trim()}` };
  return { bytes, seconds, matches: Number(r.stdout.trim()) };
}

export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** lnav's own format for raw dmesg lines: boot-relative seconds as the timestamp, the rest as body. */
const LNAV_FORMAT = {
  $schema: 'https://lnav.org/schemas/format-v1.schema.json',
  bench_dmesg: {
    title: 'Kernel ring buffer (raw dmesg)',
    description: 'dmesg lines stamped with seconds since boot',
    regex: { std: { pattern: String.raw`^\[\s*(?<timestamp>\d+\.\d{6})\] (?<body>.*)$` } },
    'timestamp-format': ['%s.%f'],
    sample: [{ line: '[716492.004091] libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)' }],
  },
};

export type LnavRun = (Timed & { rows: string }) | { error: string };

/**
 * lnav indexing the file in headless mode with the dmesg format above: the time to load and index
 * every line and answer a count over its table. Null when lnav is not installed.
 */
export function lnavIndex(path: string, bytes: number, workDir: string): LnavRun | null {
  if (!onPath('lnav')) return null;
  const config = join(workDir, 'lnav-config');
  mkdirSync(join(config, 'formats', 'bench'), { recursive: true });
  writeFileSync(join(config, 'formats', 'bench', 'dmesg.json'), JSON.stringify(LNAV_FORMAT, null, 2));
  const t0 = performance.now();
  const r = spawnSync('lnav', ['-n', '-I', config, '-c', ';SELECT count(*) AS n FROM bench_dmesg', path], {
    encoding: 'utf8',
    env: { ...process.env, HOME: workDir },
    maxBuffer: 16 << 20,
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) return { error: r.error.message };
  if (r.status !== 0)
    return { error: `lnav exited ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 300)}` };
  return { bytes, seconds, rows: r.stdout.trim().split('\n').slice(-1)[0] ?? '' };
}
