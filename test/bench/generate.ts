// The benchmark's synthetic bundle: deterministic (seeded), of any size, streamed to disk a megabyte
// at a time (never held in memory). Three Kubernetes workers and an MDS, each host its own folder,
// in the dialects a support bundle mixes (raw and `-T` dmesg, journalctl short / short-iso / json,
// RFC 3164 syslog, klog, CRI, the MDS log), over 36 hours. Every line's time follows from how much
// noise its host has written, so a bigger bundle is the same 36 hours logged more densely, and the
// cascade sits at the same instants whatever the size: a six-stage eviction cascade on all three
// workers from Tue 2019-11-12 10:14 UTC, the MDS evicting each client, and pods failing on the dead
// mount until the end. About 1% of the lines are healthy ceph or kubelet-volume lines.
// `truth` is what a correct analysis must find (test/bench/truth.ts compares an incident with it).
//
//   npx tsx test/bench/generate.ts DIR [MiB]          # the bundle
//   npx tsx test/bench/generate.ts --kernel FILE [MiB] # the single kernel log of issue 8
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import type { FormatId } from '../../parsers/types.ts';
import { Rng } from '../support/rng.ts';
import { type HostClock, headerStamp, type Kind, type Message, monoStamp, WRITERS } from './bench-format.ts';
import {
  CSI_NOISE,
  CSI_RELEVANT,
  KERNEL_NOISE,
  KERNEL_RELEVANT,
  KUBELET_NOISE,
  KUBELET_RELEVANT,
  type MakeKlog,
  MDS_NOISE,
  USER_NOISE,
} from './bench-lines.ts';
import { cascadeOf, mdsEvictions, NODES, type Scripted } from './bench-script.ts';

export const SEED = 20261130;
export const MIB = 1024 * 1024;
/** The span every file covers (UTC): Mon 2019-11-11 00:00 to Tue 2019-11-12 12:00. */
export const START = Date.UTC(2019, 10, 11) * 1000;
export const END = Date.UTC(2019, 10, 12, 12) * 1000;
/** Share of noise messages drawn from the healthy ceph / kubelet-volume lines. */
const RELEVANT_SHARE = 0.01;
const FLUSH_CHARS = 1 << 20;

export interface GeneratedFile {
  /** Path under the bundle folder, `/`-separated (`bench-node-1/dmesg.log`), or the file name. */
  path: string;
  format: FormatId;
  /** The host the analysis must give the file; null for the cluster's own logs (the MDS). */
  host: string | null;
  bytes: number;
  lines: number;
  /** Healthy ceph / kubelet-volume lines placed in the file (stage events not included). */
  relevantLines: number;
  /** Lines of the embedded cascade written to this file (copies in other files counted there too). */
  cascadeLines: number;
}

export interface StageTruth {
  /** Events of the stage once copies in several files of one host are merged. */
  count: number;
  recoveries: number;
  hosts: string[];
  /** ISO-8601 UTC with microseconds. */
  first: string | null;
  /** The first event's own stamp in a raw dmesg file (`[ 12345.678901]`), for a file with no wall clock. */
  firstStamp: string | null;
}

export interface Truth {
  stages: Record<StageId, StageTruth>;
  /** Per host, per stage: events and first time. */
  hosts: Record<string, Partial<Record<StageId, { count: number; first: string }>>>;
  /** Hosts in the order their cascade began. */
  hostOrder: string[];
}

export interface Generated {
  /** The bundle folder, or the single file. */
  root: string;
  files: GeneratedFile[];
  bytes: number;
  lines: number;
  relevantLines: number;
  seed: number;
  truth: Truth;
}

/** A file being written: lines are gathered and written a megabyte at a time. */
class Sink {
  bytes = 0;
  lines = 0;
  relevant = 0;
  cascade = 0;
  private parts: string[] = [];
  private pending = 0;
  private readonly fd: number;
  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w');
  }
  /** Lines are ASCII, so characters are bytes. */
  write(line: string, relevant: boolean, cascade: boolean) {
    this.parts.push(line);
    this.pending += line.length + 1;
    this.bytes += line.length + 1;
    this.lines++;
    if (relevant) this.relevant++;
    if (cascade) this.cascade++;
    if (this.pending >= FLUSH_CHARS) this.flush();
  }
  private flush() {
    if (this.parts.length === 0) return;
    writeSync(this.fd, `${this.parts.join('\n')}\n`);
    this.parts = [];
    this.pending = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
  }
}

interface FilePlan {
  path: string;
  format: FormatId;
  kinds: readonly Kind[];
  header?: (h: HostClock) => string[];
}

interface HostPlan {
  clock: HostClock;
  /** Share of the bundle's bytes. */
  share: number;
  /** Noise messages by kind, relative weights. */
  weights: readonly [Kind, number][];
  files: readonly FilePlan[];
  script: Scripted[];
  /** A daemon of the Ceph cluster: its files belong to no client host. */
  cluster?: boolean;
}

const journalHeader = () => [`-- Logs begin at ${headerStamp(START)}, end at ${headerStamp(END)}. --`];
const klogHeader = (h: HostClock) => [
  `Log file created at: ${new Date(START / 1000).toISOString().slice(0, 19).replace('T', ' ').replaceAll('-', '/')}`,
  `Running on machine: ${h.name}`,
  'Binary: Built with gc go1.12.10 for linux/amd64',
  'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
];

function klogMessage(t: number, kind: Kind, k: ReturnType<MakeKlog>, relevant: boolean): Message {
  return { t, kind, msg: k.msg, level: k.level, file: k.file, relevant };
}

function noise(kind: Kind, t: number, r: Rng): Message {
  const relevant = r.chance(RELEVANT_SHARE);
  switch (kind) {
    case 'kernel':
      return { t, kind, msg: r.pick(relevant ? KERNEL_RELEVANT : KERNEL_NOISE)(r), relevant };
    case 'user': {
      const u = r.pick(USER_NOISE)(r);
      return { t, kind, msg: u.msg, ident: u.ident, pid: u.pid, relevant: false };
    }
    case 'kubelet':
      return klogMessage(t, kind, r.pick(relevant ? KUBELET_RELEVANT : KUBELET_NOISE)(r), relevant);
    case 'csi':
      return klogMessage(t, kind, r.pick(relevant ? CSI_RELEVANT : CSI_NOISE)(r), relevant);
    case 'mds':
      return { t, kind, msg: r.pick(MDS_NOISE)(r), relevant: false };
  }
}

/**
 * Writes one host's files: noise at the time its noise bytes so far say (so the files end at END
 * when they reach their size), the scripted cascade lines merged in at their instants. The bundle is
 * never smaller than its cascade (a few MiB) plus a tenth of the size asked for in noise.
 */
function writeHost(root: string, plan: HostPlan, target: number, seed: number): GeneratedFile[] {
  const r = new Rng(seed);
  const h = plan.clock;
  const sinks = plan.files.map((f) => {
    const sink = new Sink(join(root, f.path));
    for (const line of f.header?.(h) ?? []) sink.write(line, false, false);
    const write = WRITERS[f.format];
    if (!write) throw new Error(`no line writer for ${f.format}`);
    return { plan: f, sink, write };
  });
  const byKind = new Map<Kind, typeof sinks>();
  for (const s of sinks) for (const k of s.plan.kinds) byKind.set(k, [...(byKind.get(k) ?? []), s]);
  const emit = (m: Message, cascade: boolean) => {
    for (const s of byKind.get(m.kind) ?? []) s.sink.write(s.write(m, h), m.relevant, cascade);
  };
  const total = plan.weights.reduce((n, [, w]) => n + w, 0);
  const pickKind = (): Kind => {
    let x = r.next() * total;
    for (const [k, w] of plan.weights) {
      x -= w;
      if (x < 0) return k;
    }
    return (plan.weights[plan.weights.length - 1] as [Kind, number])[0];
  };
  const script = [...plan.script].sort((a, b) => a.t - b.t);
  const bytesNow = () => sinks.reduce((n, s) => n + s.sink.bytes, 0);
  // Time follows the noise written, so the cascade's own lines do not hurry the clock along.
  const scripted = script.reduce(
    (n, m) => n + (byKind.get(m.kind) ?? []).reduce((b, s) => b + s.write(m, h).length + 1, 0),
    0,
  );
  const noiseTarget = Math.max(target - bytesNow() - scripted, target * 0.1);
  let next = 0;
  let noiseWritten = 0;
  while (noiseWritten < noiseTarget) {
    const t = START + Math.floor((noiseWritten / noiseTarget) * (END - START));
    while (next < script.length && (script[next] as Scripted).t <= t) emit(script[next++] as Scripted, true);
    const before = bytesNow();
    emit(noise(pickKind(), t, r), false);
    noiseWritten += bytesNow() - before;
  }
  while (next < script.length) emit(script[next++] as Scripted, true);
  return sinks.map(({ plan: f, sink }) => {
    sink.close();
    return {
      path: f.path,
      format: f.format,
      host: plan.cluster ? null : h.name,
      bytes: sink.bytes,
      lines: sink.lines,
      relevantLines: sink.relevant,
      cascadeLines: sink.cascade,
    };
  });
}

const [N1, N2, N3, MDS] = NODES;

/** The bundle: which host writes which files in which format, and its share of the bytes. */
function bundlePlan(): HostPlan[] {
  return [
    {
      clock: N1,
      share: 0.34,
      weights: [
        ['kernel', 0.4],
        ['user', 0.35],
        ['kubelet', 0.25],
      ],
      files: [
        { path: `${N1.name}/dmesg.log`, format: 'dmesg', kinds: ['kernel'] },
        {
          path: `${N1.name}/journal.log`,
          format: 'journal-short',
          kinds: ['kernel', 'user', 'kubelet'],
          header: journalHeader,
        },
        { path: `${N1.name}/kubelet.log`, format: 'klog', kinds: ['kubelet'], header: klogHeader },
      ],
      script: cascadeOf(N1),
    },
    {
      clock: N2,
      share: 0.32,
      weights: [
        ['kernel', 0.35],
        ['user', 0.25],
        ['kubelet', 0.2],
        ['csi', 0.2],
      ],
      files: [
        { path: `${N2.name}/dmesg-T.log`, format: 'dmesg-ctime', kinds: ['kernel'] },
        {
          path: `${N2.name}/journal-iso.log`,
          format: 'journal-short-iso',
          kinds: ['kernel', 'user', 'kubelet'],
        },
        { path: `${N2.name}/csi-cephfsplugin-0.log`, format: 'cri', kinds: ['csi'] },
      ],
      script: cascadeOf(N2),
    },
    {
      clock: N3,
      share: 0.32,
      weights: [
        ['kernel', 0.35],
        ['user', 0.35],
        ['kubelet', 0.3],
      ],
      files: [
        { path: `${N3.name}/journal.json`, format: 'journal-json', kinds: ['kernel', 'user', 'kubelet'] },
        { path: `${N3.name}/messages`, format: 'syslog-rfc3164', kinds: ['kernel', 'user', 'kubelet'] },
        { path: `${N3.name}/kubelet.log`, format: 'klog', kinds: ['kubelet'], header: klogHeader },
      ],
      script: cascadeOf(N3),
    },
    {
      clock: MDS,
      share: 0.02,
      weights: [['mds', 1]],
      files: [{ path: `${MDS.name}/ceph-mds.a.log`, format: 'ceph-mds-log', kinds: ['mds'] }],
      script: mdsEvictions(),
      cluster: true,
    },
  ];
}

const isoUs = (t: number) =>
  `${new Date(Math.floor(t / 1000)).toISOString().slice(0, 19)}.${String(t % 1e6).padStart(6, '0')}Z`;

/** What a correct analysis finds: each scripted line once (copies of it in other files merged). */
export function truthOf(script: readonly Scripted[], rawDmesgBoot?: number): Truth {
  const stages = Object.fromEntries(
    STAGE_IDS.map((id) => [id, { count: 0, recoveries: 0, hosts: [], first: null, firstStamp: null }]),
  ) as unknown as Record<StageId, StageTruth>;
  const hosts: Truth['hosts'] = {};
  const began = new Map<string, number>();
  for (const e of [...script].sort((a, b) => a.t - b.t)) {
    if (!e.tag) continue;
    const s = stages[e.tag.stage];
    s.count++;
    if (e.tag.recovery) s.recoveries++;
    if (!s.hosts.includes(e.host)) s.hosts.push(e.host);
    if (s.first === null) {
      s.first = isoUs(e.t);
      if (rawDmesgBoot !== undefined) s.firstStamp = monoStamp(e.t, rawDmesgBoot);
    }
    const per = hosts[e.host] ?? {};
    hosts[e.host] = per;
    const hs = per[e.tag.stage];
    if (hs) hs.count++;
    else per[e.tag.stage] = { count: 1, first: isoUs(e.t) };
    if (!began.has(e.host)) began.set(e.host, e.t);
  }
  for (const s of Object.values(stages)) s.hosts.sort();
  const hostOrder = [...began].sort((a, b) => a[1] - b[1]).map(([h]) => h);
  return { stages, hosts, hostOrder };
}

function summed(root: string, files: GeneratedFile[], seed: number, truth: Truth): Generated {
  return {
    root,
    files,
    bytes: files.reduce((n, f) => n + f.bytes, 0),
    lines: files.reduce((n, f) => n + f.lines, 0),
    relevantLines: files.reduce((n, f) => n + f.relevantLines, 0),
    seed,
    truth,
  };
}

/**
 * Writes the bundle into `dir` (emptied first): about `bytes` in all, never less than the cascade
 * itself takes (a few MiB). The same seed and size give the same bytes.
 */
export function writeBundle(dir: string, bytes: number, seed = SEED): Generated {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const plans = bundlePlan();
  const files = plans.flatMap((p, i) => writeHost(dir, p, Math.round(bytes * p.share), seed + i));
  return summed(dir, files, seed, truthOf(plans.flatMap((p) => p.script)));
}

/**
 * The issue's reference file: one raw dmesg kernel log of `bytes` (1% ceph lines), the first
 * worker's kernel messages with its cascade. It names no host and no wall-clock time, so its truth
 * is the stage counts and the first events' own stamps.
 */
export function writeKernelLog(path: string, bytes: number, seed = SEED): Generated {
  const script = cascadeOf(N1).filter((e) => e.kind === 'kernel');
  const name = basename(path);
  const plan: HostPlan = {
    clock: N1,
    share: 1,
    weights: [['kernel', 1]],
    files: [{ path: name, format: 'dmesg', kinds: ['kernel'] }],
    script,
  };
  rmSync(path, { force: true });
  const files = writeHost(dirname(path), plan, bytes, seed);
  return summed(path, files, seed, truthOf(script, N1.boot));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const kernel = args[0] === '--kernel';
  const [target, mib] = kernel ? args.slice(1) : args;
  if (!target) {
    console.error('usage: tsx test/bench/generate.ts [--kernel] PATH [MiB]');
    process.exit(2);
  }
  const bytes = Number(mib ?? 512) * MIB;
  const t0 = performance.now();
  const g = kernel ? writeKernelLog(target, bytes) : writeBundle(target, bytes);
  const { truth, ...rest } = g;
  console.log(JSON.stringify({ ...rest, seconds: (performance.now() - t0) / 1000 }, null, 2));
  console.log(JSON.stringify(truth.stages, null, 2));
}
