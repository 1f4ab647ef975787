// `npm run bench`: the throughput, scaling and memory benchmark of issue 8. Generates the reference
// kernel log and the synthetic bundle (test/bench/generate.ts), then measures, on the same files
// and in one run: the raw newline count in Node and in a Chromium worker, `grep -cE`, lnav when
// installed, the CLI's full analysis and the app's full analysis in headless Chromium. Every
// analysis is checked against the generator's truth (a fast wrong answer is FAILED). Prints a table
// and the ratios, and writes everything to bench-results/bench.json. Asserts nothing: it
// measures (performance is never a test).
//
//   npm run bench                          # 512 MiB kernel log + 512 MiB bundle
//   BENCH_MIB=64 npm run bench             # smaller
//   BENCH_SIZES=128,512,2048 npm run bench # the scaling run (bundles of each size)
//   BENCH_SKIP_BROWSER=1 BENCH_KEEP=1 BENCH_PORT=4196 npm run bench
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Incident } from '../../workers/incident.ts';
import {
  type BrowserAnalysis,
  type BrowserCount,
  browserAnalysis,
  browserNewlineCount,
  buildApp,
  serveApp,
} from './browser-bench.ts';
import { type Generated, MIB, writeBundle, writeKernelLog } from './generate.ts';
import { cliAnalysis, GREP_REGEX, grepCount, lnavIndex, newlineCount, prefilterFloor } from './node-bench.ts';
import { type Measured, type Report, renderReport, targetsOf } from './report.ts';
import { checkIncident, type TruthCheck } from './truth.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const RESERVED_PORTS = new Set([4173, 4190]);

interface Settings {
  kernelMiB: number;
  sizes: number[];
  browser: boolean;
  keep: boolean;
  port: number;
}

function settings(): Settings {
  const kernelMiB = Number(process.env.BENCH_MIB ?? 512);
  const sizes = (process.env.BENCH_SIZES ?? String(kernelMiB)).split(',').map((s) => Number(s.trim()));
  const port = Number(process.env.BENCH_PORT ?? 4196);
  if (!(kernelMiB > 0) || sizes.some((s) => !(s > 0)))
    throw new Error('BENCH_MIB and BENCH_SIZES take sizes in MiB');
  if (RESERVED_PORTS.has(port))
    throw new Error(`port ${port} is used by the tests; choose another BENCH_PORT`);
  return {
    kernelMiB,
    sizes,
    browser: process.env.BENCH_SKIP_BROWSER !== '1',
    keep: process.env.BENCH_KEEP === '1',
    port,
  };
}

/** The commit measured and the files changed on top of it: the numbers belong to this state of the tree. */
function sourceState(): Report['source'] {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  // --no-optional-locks: a status that never writes the index, while others work in the tree.
  const changed = git(
    '--no-optional-locks',
    'status',
    '--porcelain',
    '--',
    'workers',
    'parsers',
    'app',
    'cli',
  )
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(3));
  return { commit: git('rev-parse', '--short', 'HEAD') || 'unknown', changed };
}

const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** Files are written one input at a time and deleted after it, unless kept: check the larger need. */
function checkDisk(dir: string, s: Settings) {
  const need =
    (s.keep ? s.kernelMiB + s.sizes.reduce((a, b) => a + b, 0) : s.kernelMiB + Math.max(...s.sizes)) *
    1.05 *
    MIB;
  const { bavail, bsize } = statfsSync(dir);
  const free = bavail * bsize;
  if (free < need + 256 * MIB)
    throw new Error(
      `${dir} has ${(free / MIB).toFixed(0)} MiB free; the run needs about ${(need / MIB).toFixed(0)} MiB`,
    );
  log(
    `${(free / 2 ** 30).toFixed(1)} GiB free in ${dir}; the run writes up to ${(need / MIB).toFixed(0)} MiB`,
  );
}

function truthOf(incident: Incident | null, g: Generated, placed: boolean, error?: string): TruthCheck {
  if (!incident) return { ok: false, problems: [error ?? 'no incident came back'], checked: 0 };
  return checkIncident(incident, g, { placed });
}

/** Node and browser measurements of one input (the kernel log, or one bundle). */
async function measure(
  label: string,
  g: Generated,
  input: { folder: string } | { files: readonly string[] },
  placed: boolean,
  url: string | null,
  work: string,
): Promise<Measured> {
  const paths = 'folder' in input ? g.files.map((f) => join(input.folder, f.path)) : [...input.files];
  const analysed = 'folder' in input ? [input.folder] : [...input.files];
  log(`${label}: Node newline count`);
  const nodeCount = newlineCount(paths);
  log(`${label}: Node decode + lines + keyword search`);
  const floor = prefilterFloor(paths);
  log(`${label}: CLI analysis`);
  const cli = await cliAnalysis(analysed, g.bytes, work);
  const cliTruth =
    cli.code === 0
      ? truthOf(cli.incident, g, placed)
      : truthOf(null, g, placed, `exit ${cli.code}: ${cli.stderr.join(' ')}`);
  const { incident: _cliIncident, ...cliRest } = cli;
  const out: Measured = {
    label,
    bytes: g.bytes,
    files: g.files.length,
    lines: g.lines,
    relevantLines: g.relevantLines,
    nodeCount,
    floor,
    cli: { ...cliRest, truth: cliTruth },
  };
  if (url) {
    log(`${label}: browser newline count`);
    const browserCount: BrowserCount = await browserNewlineCount(url, paths);
    log(`${label}: browser analysis`);
    const b: BrowserAnalysis = await browserAnalysis(url, input, g.bytes);
    const { incident, incidentError, ...rest } = b;
    out.browserCount = browserCount;
    out.browser = { ...rest, truth: truthOf(incident, g, placed, incidentError) };
  }
  return out;
}

async function main() {
  const s = settings();
  const work = mkdtempSync(join(tmpdir(), 'cascade-bench-'));
  checkDisk(work, s);
  let server: Awaited<ReturnType<typeof serveApp>> | null = null;
  // Interrupted, the preview server (its own process group) and the files must still go.
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      server?.close();
      if (!s.keep) rmSync(work, { recursive: true, force: true });
      process.exit(130);
    });
  const report: Report = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    source: sourceState(),
    settings: {
      kernelMiB: s.kernelMiB,
      sizes: s.sizes,
      browser: s.browser,
      port: s.port,
      mb: '1 MB = 10^6 bytes',
    },
    workDir: work,
    kernel: null,
    grep: null,
    lnav: 'not installed',
    bundles: [],
    targets: [],
  };
  try {
    if (s.browser) {
      log('building the app (vite build --outDir dist-bench)');
      buildApp();
      server = await serveApp(s.port);
    }
    const url = server?.url ?? null;

    const kernelPath = join(work, 'kernel', 'dmesg.log');
    log(`writing the ${s.kernelMiB} MiB kernel log`);
    const kernel = writeKernelLog(kernelPath, s.kernelMiB * MIB);
    log(`grep -cE '${GREP_REGEX}'`);
    report.grep = grepCount(kernelPath, kernel.bytes);
    log('lnav');
    report.lnav = lnavIndex(kernelPath, kernel.bytes, work) ?? 'not installed';
    report.kernel = await measure(
      `kernel log ${s.kernelMiB} MiB`,
      kernel,
      { files: [kernelPath] },
      false,
      url,
      work,
    );
    if (!s.keep) rmSync(join(work, 'kernel'), { recursive: true, force: true });

    for (const mib of s.sizes) {
      const dir = join(work, `bundle-${mib}`);
      log(`writing the ${mib} MiB bundle`);
      const g = writeBundle(dir, mib * MIB);
      report.bundles.push(await measure(`bundle ${mib} MiB`, g, { folder: dir }, true, url, work));
      if (!s.keep) rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    server?.close();
    if (!s.keep) rmSync(work, { recursive: true, force: true });
    else log(`generated files kept in ${work}`);
  }
  report.targets = targetsOf(report);
  process.stdout.write(`${renderReport(report)}\n`);
  const outDir = join(ROOT, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'bench.md'), `${renderReport(report, true)}\n`);
  process.stdout.write(
    `\nWritten to ${join(outDir, 'bench.json')} (and the tables as Markdown in bench.md)\n`,
  );
}

await main();
