// The command-line front end: same engine as the browser worker, files read from disk as Blobs.
import { readdir, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { FORMAT_IDS, type FormatId, type KnownFormat } from '../parsers/types.ts';
import type { InputFile } from '../workers/api.ts';
import { analyzeFiles } from '../workers/engine.ts';
import type { Incident } from '../workers/incident.ts';
import { eventsCsv } from '../workers/report/csv.ts';
import { incidentHtml } from '../workers/report/html-report.ts';
import { incidentMarkdown } from '../workers/report/markdown.ts';
import { redactIncident } from '../workers/report/redact.ts';
import { buildView, prepareTimeline } from '../workers/report/timeline-model.ts';
import { timelineSvg } from '../workers/report/timeline-svg.ts';
import { SPLIT_MIN_BYTES } from '../workers/split.ts';
import { zoneSetting } from '../workers/zones.ts';
import { openFileBlob } from './file-blob.ts';
import { createThreadPool } from './scan-threads.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const KNOWN_FORMAT_IDS = FORMAT_IDS.filter((f): f is KnownFormat => f !== 'unrecognised');

export const USAGE = `Usage: npm run analyze -- [--json[=FILE]] [--md[=FILE]] [--csv[=FILE]] [--html[=FILE]] [--svg[=FILE]]
                          [--redact] [--tz ZONE] [--format FILE=FORMAT]... [--host FILE=HOST]...
                          [--rename-host HOST=NEW]... <file, folder or archive>...

Reads the logs of a CephFS/Kubernetes support bundle and prints the eviction cascade: a stage
summary by default, or the cascade/incident@1 JSON with --json. Folders are read recursively;
archives (tar, tar.gz/tgz, tar.xz, zip, and single .gz/.xz files, nested too) are recognised by
their magic bytes and read as streams. In a sosreport or must-gather (folder or archive) only the
files that matter are read, by path.

Exports (each to FILE, or to standard output without =FILE; at most one may go there):
  --json[=FILE]         the incident as JSON (schema cascade/incident@1)
  --md[=FILE]           the Markdown postmortem: summary, timeline table, stages, findings with
                        their cited lines, remediation, clock and zone assumptions, sources
  --csv[=FILE]          every event, one row each (RFC 4180)
  --html[=FILE]         a self-contained HTML report with the timeline picture (no script; opens
                        offline)
  --svg[=FILE]          the timeline picture (whole incident, one lane per stage)
  --redact              replace IP addresses, host, pod and namespace names, pod UIDs, client ids,
                        fsids and volume paths by consistent pseudonyms (node-1, 10.0.0.1, pod-3) in
                        every export and in the summary; the mapping is printed to standard error

Options:
  --format FILE=FORMAT  read FILE as FORMAT instead of detecting it (repeatable); FILE as given
                        on the command line or as the file's path in the bundle
  --tz ZONE             zone of the files whose zone the bundle does not state: an offset
                        (+08:00, -05:00) or an IANA name (Asia/Shanghai); UTC is assumed without it
  --host FILE=HOST      read FILE (its path in the bundle) as a file of HOST (repeatable)
  --rename-host HOST=NEW
                        show HOST as NEW; two hosts renamed to one name are merged (repeatable)
  -h, --help            show this help

Formats: ${KNOWN_FORMAT_IDS.join(', ')}

Exit status: 0 analysed, 1 no input could be read, 2 bad arguments.`;

export const EXPORT_FLAGS = ['json', 'md', 'csv', 'html', 'svg'] as const;
type ExportFlag = (typeof EXPORT_FLAGS)[number];

interface Args {
  /** Exports asked for, each to a file or (null) to standard output. */
  exports: { kind: ExportFlag; file: string | null }[];
  redact: boolean;
  /** `--tz`: zone for the files whose zone the bundle does not state. */
  tz?: string;
  paths: string[];
  /** FILE (as given) → format. */
  formats: Map<string, FormatId>;
  /** `--host`: path in the bundle → host. */
  fileHosts: Record<string, string>;
  /** `--rename-host`: host → new name. */
  hostRenames: Record<string, string>;
}

/** `KEY=VALUE` of an option, split at the last `=` (paths may hold one, names do not). */
function pair(option: string, spec: string | undefined, what: string): [string, string] | { error: string } {
  const eq = spec?.lastIndexOf('=') ?? -1;
  if (!spec || eq <= 0 || eq === spec.length - 1)
    return { error: `${option} needs ${what}, got ${spec ?? 'nothing'}` };
  return [spec.slice(0, eq), spec.slice(eq + 1)];
}

function parseArgs(argv: readonly string[]): Args | { error: string } | 'help' {
  const args: Args = {
    exports: [],
    redact: false,
    paths: [],
    formats: new Map(),
    fileHosts: {},
    hostRenames: {},
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const flag = EXPORT_FLAGS.find((f) => a === `--${f}` || a.startsWith(`--${f}=`));
    if (flag) {
      const file = a === `--${flag}` ? null : a.slice(flag.length + 3);
      if (file === '') return { error: `--${flag}= needs a file name` };
      if (args.exports.some((e) => e.kind === flag)) return { error: `--${flag} given twice` };
      args.exports.push({ kind: flag, file });
    } else if (a === '--redact') args.redact = true;
    else if (a === '-h' || a === '--help') return 'help';
    else if (a === '--tz' || a.startsWith('--tz=')) {
      const zone = a === '--tz' ? argv[++i] : a.slice('--tz='.length);
      if (!zone) return { error: '--tz needs a zone (+08:00 or Asia/Shanghai)' };
      const checked = zoneSetting(zone);
      if ('error' in checked) return { error: `--tz: ${checked.error}` };
      args.tz = zone.trim();
    } else if (a === '--format' || a.startsWith('--format=')) {
      const spec = a === '--format' ? argv[++i] : a.slice('--format='.length);
      const eq = spec?.lastIndexOf('=') ?? -1;
      if (!spec || eq <= 0) return { error: `--format needs FILE=FORMAT, got ${spec ?? 'nothing'}` };
      const format = spec.slice(eq + 1);
      if (!(KNOWN_FORMAT_IDS as readonly string[]).includes(format)) {
        return { error: `unknown format ${format} (known: ${KNOWN_FORMAT_IDS.join(', ')})` };
      }
      args.formats.set(spec.slice(0, eq), format as FormatId);
    } else if (a === '--host' || a.startsWith('--host=')) {
      const p = pair('--host', a === '--host' ? argv[++i] : a.slice('--host='.length), 'FILE=HOST');
      if ('error' in p) return p;
      args.fileHosts[p[0]] = p[1];
    } else if (a === '--rename-host' || a.startsWith('--rename-host=')) {
      const p = pair(
        '--rename-host',
        a === '--rename-host' ? argv[++i] : a.slice('--rename-host='.length),
        'HOST=NEW',
      );
      if ('error' in p) return p;
      args.hostRenames[p[0].toLowerCase()] = p[1];
    } else if (a.startsWith('-')) return { error: `unknown option ${a}` };
    else args.paths.push(a);
  }
  if (args.paths.length === 0) return { error: 'no file or folder given' };
  const toStdout = args.exports.filter((e) => e.file === null);
  if (toStdout.length > 1) {
    return {
      error: `only one export can go to standard output; give the others a file (${toStdout.map((e) => `--${e.kind}=FILE`).join(', ')})`,
    };
  }
  return args;
}

/** Files under `root`, with bundle paths that keep the folder structure (host folders matter). */
async function collect(root: string, io: CliIo): Promise<{ abs: string; path: string }[]> {
  const abs = resolve(root);
  const info = await stat(abs);
  if (info.isFile()) return [{ abs, path: basename(abs) }];
  const base = dirname(abs);
  const out: { abs: string; path: string }[] = [];
  const walk = async (dir: string) => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push({ abs: p, path: relative(base, p).split(sep).join('/') });
      else io.err(`cascade: skipping ${p}: not a regular file`);
    }
  };
  await walk(abs);
  return out;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  if ('error' in args) {
    io.err(`cascade: ${args.error}\n\n${USAGE}`);
    return 2;
  }
  const inputs: InputFile[] = [];
  /** Where each input lies on disk: a scan thread opens it again by this path. */
  const onDisk = new Map<string, string>();
  const formatOverrides: Record<string, FormatId> = {};
  const overrides = [...args.formats].map(([file, format]) => ({
    file,
    abs: resolve(file),
    format,
    used: false,
  }));
  for (const p of args.paths) {
    try {
      for (const f of await collect(p, io)) {
        const blob = await openFileBlob(f.abs);
        const { mtimeMs } = await stat(f.abs);
        inputs.push({ path: f.path, blob, lastModified: mtimeMs });
        onDisk.set(f.path, f.abs);
        const override = overrides.find((o) => o.abs === f.abs || o.file === f.path);
        if (override) {
          formatOverrides[f.path] = override.format;
          override.used = true;
        }
      }
    } catch (err) {
      io.err(`cascade: cannot read ${p}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (inputs.length === 0) {
    io.err('cascade: no input could be read');
    return 1;
  }
  // A FILE that is no file on disk may be a file inside an archive: it is known once the archive is read.
  for (const o of overrides) if (!o.used) formatOverrides[o.file] = o.format;
  // Several files, or one big enough to cut in parts: plain ones are scanned by threads, one per
  // core, while archives are read here.
  const cores = Math.min(availableParallelism(), 8);
  const threads = inputs.length > 1 || (inputs[0]?.blob.size ?? 0) >= SPLIT_MIN_BYTES ? cores : 1;
  const pool = threads > 1 ? createThreadPool(threads, (path) => onDisk.get(path)) : null;
  let incident: Incident;
  try {
    incident = await analyzeFiles(inputs, {
      formatOverrides,
      fileHosts: args.fileHosts,
      hostRenames: args.hostRenames,
      ...(args.tz ? { defaultTimeZone: args.tz } : {}),
      ...(pool ? { scanElsewhere: pool.scan, scanWorkers: threads } : {}),
    });
  } finally {
    await pool?.close();
  }
  const read = new Set(incident.sources.map((src) => src.path));
  const named = [
    ...overrides.filter((o) => !o.used).map((o) => ['--format', o.file]),
    ...Object.keys(args.fileHosts).map((f) => ['--host', f]),
  ];
  const missing = named.find(([, file]) => !read.has(file as string));
  if (missing) {
    io.err(
      `cascade: ${missing[0]} names ${missing[1]}, which is not among the files read (nor in an archive)`,
    );
    return 2;
  }
  const shown = args.redact ? redactIncident(incident) : null;
  const result = shown?.incident ?? incident;
  if (shown) {
    const map = shown.redactor.replacements();
    io.err(
      `cascade: redacted ${map.length} identifier(s); this mapping is not in any output:\n${map.map((r) => `  ${r.kind}  ${r.original} → ${r.pseudonym}  (${r.count}×)`).join('\n')}`,
    );
  }
  const stdout = args.exports.find((e) => e.file === null);
  if (args.exports.some((e) => e.kind === 'svg') && !prepareTimeline(result)) {
    io.err('cascade: --svg: no event has a known time, so there is no timeline to draw');
    return 1;
  }
  for (const e of args.exports) {
    if (e.file === null) continue;
    const text = exportText(e.kind, result, args);
    try {
      await writeFile(e.file, text);
      io.err(`cascade: wrote ${e.file} (${Buffer.byteLength(text)} bytes)`);
    } catch (err) {
      io.err(`cascade: cannot write ${e.file}: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
  }
  if (stdout) io.out(exportText(stdout.kind, result, args));
  else if (args.exports.length === 0) io.out(summarise(result, args.tz));
  return 0;
}

const UTC = { mode: 'utc' } as const;

/** The whole incident's timeline, one lane per stage, in UTC: the picture the CLI's exports carry. */
function timelinePicture(incident: Incident): string | null {
  const prepared = prepareTimeline(incident);
  if (!prepared) return null;
  const view = buildView(prepared, { mode: 'stage', zoom: null, display: UTC });
  const summary = incident.episodes?.length === 1 ? incident.episodes[0]?.summary : undefined;
  return timelineSvg(view, {
    display: UTC,
    title: summary ? `Root cause: ${summary}` : 'CephFS eviction cascade: incident timeline',
  }).svg;
}

function exportText(kind: ExportFlag, incident: Incident, args: Args): string {
  const options = { display: UTC, generatedAt: new Date().toISOString(), redacted: args.redact };
  switch (kind) {
    case 'json':
      return JSON.stringify(incident, null, 2);
    case 'md':
      return incidentMarkdown(incident, options);
    case 'csv':
      return eventsCsv(incident.events, { display: UTC });
    case 'html':
      return incidentHtml(incident, { ...options, timelineSvg: timelinePicture(incident) });
    case 'svg':
      return timelinePicture(incident) ?? '';
  }
}

function time(ts: string | null): string {
  return ts ? ts.replace('T', ' ').replace('Z', '').slice(0, 23) : '—';
}

/**
 * Which zone the printed times are in, and which sources' zones are not known from the bundle:
 * read in the `--tz` zone, or assumed to be UTC.
 */
export function zoneLine(incident: Incident, tz?: string): string {
  const zoned = incident.sources.filter((s) => s.clock.aligned && s.clock.zone !== undefined);
  const assumed = zoned.filter((s) => s.clock.zoneAssumed).map((s) => s.path);
  const given = tz ? zoned.filter((s) => s.clock.method.includes('default zone given by the user')) : [];
  const parts = ['Times in UTC'];
  if (given.length > 0)
    parts.push(`read in ${tz} (--tz), as the bundle does not say: ${given.map((s) => s.path).join(', ')}`);
  if (assumed.length > 0)
    parts.push(
      `zone assumed to be UTC (nothing in the bundle says; set it with --tz): ${assumed.join(', ')}`,
    );
  if (given.length === 0 && assumed.length === 0) parts.push('every source’s zone is known from the bundle');
  return `${parts.join('; ')}.`;
}

/** The readable stage summary: what a support engineer reads on a call. */
export function summarise(incident: Incident, tz?: string): string {
  const lines: string[] = [];
  const hosts = incident.hosts.map((h) => h.name);
  lines.push(
    `Cascade: ${incident.sources.length} file(s), ${hosts.length} host(s)${hosts.length ? `: ${hosts.join(', ')}` : ''}`,
  );
  lines.push(zoneLine(incident, tz));
  lines.push('');
  if (incident.bundles?.length) {
    lines.push('Archives and bundle folders');
    for (const b of incident.bundles) {
      lines.push(
        `  ${b.path}  [${b.kind}, ${b.layout}]  ${b.entries} ${b.entries === 1 ? 'entry' : 'entries'}: ${b.analysed} analysed, ${b.skipped} skipped`,
      );
      if (b.error) lines.push(`      error: ${b.error}`);
      for (const w of b.warnings) lines.push(`      warning: ${w}`);
    }
    lines.push('');
  }
  lines.push('Sources');
  for (const s of incident.sources) {
    const clock = s.clock.aligned
      ? `${s.clock.method}${s.clock.zone ? `, ${s.clock.zone}${s.clock.zoneAssumed ? ' (assumed)' : ''}` : ''}`
      : s.clock.method;
    lines.push(
      `  ${s.path}  [${s.format}]  host ${s.host ?? '—'}  lines ${s.lines} read, ${s.parsed} parsed, ${s.unparsed} unparsed  events ${s.events}`,
    );
    if (s.host || s.hostEvidence)
      lines.push(`      host: ${s.host ?? '—'} (${s.hostEvidence ?? 'no evidence'})`);
    lines.push(`      clock: ${clock}`);
    if (s.error) lines.push(`      error: ${s.error}`);
    for (const w of s.warnings) lines.push(`      warning: ${w}`);
  }
  lines.push('');
  for (const ep of incident.episodes ?? []) {
    lines.push(`Episode ${ep.id} (${time(ep.first)} – ${time(ep.last)}, confidence ${ep.confidence})`);
    lines.push(`  ${ep.summary}`);
    if (ep.hostOrder.length > 0) {
      lines.push(
        `  hosts in the order they fell: ${ep.hostOrder.map((h) => `${h.host} ${time(h.first)}`).join(', ')}`,
      );
    }
    if (ep.spreadSeconds !== null)
      lines.push(`  first reset to last kubelet failure: ${ep.spreadSeconds.toFixed(1)} s`);
  }
  if (incident.hosts.length > 0) {
    lines.push('');
    lines.push('Hosts');
    for (const h of incident.hosts) {
      const skew = h.skewSeconds
        ? `, skew ${h.skewSeconds > 0 ? '+' : ''}${h.skewSeconds.toFixed(1)} s (${h.skewMethod})`
        : '';
      const fit = h.cascade
        ? `, ${h.cascade.fits ? 'fits the cascade' : 'does not fit the cascade'}: ${h.cascade.reason}`
        : '';
      lines.push(
        `  ${h.name}: kernel ${h.kernel ?? 'unknown'}, client ids ${h.clientIds.join(', ') || '—'}${skew}${fit}`,
      );
    }
  }
  lines.push('');
  lines.push('Stages (times in UTC)');
  const width = Math.max(...incident.stages.map((s) => s.title.length));
  for (const [i, s] of incident.stages.entries()) {
    const rec = s.recoveries > 0 ? ` (${s.recoveries} recovery)` : '';
    lines.push(
      s.count === 0
        ? `  ${i + 1}. ${s.title.padEnd(width)}  not seen`
        : `  ${i + 1}. ${s.title.padEnd(width)}  first ${time(s.first)}  last ${time(s.last)}  count ${s.count}${rec}  hosts ${s.hosts.join(', ')}`,
    );
  }
  lines.push('');
  lines.push(incident.findings.length ? 'Findings' : 'Findings: none');
  for (const f of incident.findings) {
    lines.push(`  [${f.severity}] ${f.title}`);
    lines.push(`      ${f.detail}`);
    for (const e of f.evidence) lines.push(`      ${e.source}:${e.line}  ${e.text}`);
    for (const r of f.remediation) lines.push(`      $ ${r}`);
  }
  return lines.join('\n');
}
