// Scanning one source: every line is counted; lines that can matter (stage events, kernel lines that
// anchor dmesg time, context facts) are kept as small observations, never the whole text.

import { kernelFact } from '../parsers/facts.ts';
import { classify, PREFILTER_KEYWORDS, type RuleOrigin } from '../parsers/rules.ts';
import type { StageId } from '../parsers/stages.ts';
import type {
  CephConfigRecord,
  CivilTime,
  EntryRecord,
  EntryTime,
  Fact,
  FormatId,
  LineOutcome,
  LogRecord,
} from '../parsers/types.ts';
import { pushAnchor } from './anchor-ring.ts';
import type { PathPlan } from './bundle/layout.ts';
import { civilKey } from './clock.ts';
import { KeywordSearch } from './keyword-search.ts';
import { newVolume, noteVolume, type ScanVolume } from './volume.ts';

/** When a line happened, as its source says it (the correlator turns it into UTC). */
export interface Stamp {
  /** Seconds since boot. */
  mono?: number;
  /** A calendar stamp; `zone` is the zone printed with it, if any. */
  civil?: CivilTime;
  zone?: string;
  /** For kubelet lines: the klog stamp, identical in the journal copy and the klog file copy. */
  klogCivil?: CivilTime;
  /** An exact instant (journal JSON realtime, klog JSON, dockerd `time="…"`), epoch ms. */
  epochMs?: number;
  /** Line of the record in its source: tells its boot (`SourceScan.boots`) and its year (rollovers). */
  line?: number;
}

/** One boot's stretch of a source, in file order (lines of stamped records). */
export interface ScanBoot {
  firstLine: number;
  lastLine: number;
  /** journald `_BOOT_ID` of the entries, when they carry it. */
  bootId?: string;
  /**
   * What began it: the start of the file, a `-- Boot … --`/`-- Reboot --` marker, a change of
   * `_BOOT_ID`, or boot-relative time going back (a `Linux version` line, or a drop of over 10 s).
   */
  start: 'file' | 'marker' | 'boot-id' | 'clock-back';
  /** The marker line before this stretch (sos ≥ 4 prints it after the boot it names, §3.4). */
  marker?: { line: number; bootId?: string };
}

/** A stage event as found in one source, before clocks are aligned and copies merged. */
export interface RawEvent extends Stamp {
  line: number;
  offset: number;
  /** The physical line as read, for evidence. */
  text: string;
  /** Message used to recognise copies of the same line in other sources. */
  key: string;
  origin: RuleOrigin;
  ruleId: string;
  recovery: boolean;
  /** MDS-side lines: the client id they name (the rule's `gid` group). */
  clientId?: number;
  /** In a file that merges several hosts' lines (must-gather): the host field of this line. */
  host?: string;
}

/** A kernel line kept only to align boot-relative time with wall-clock time. */
export interface Anchor extends Stamp {
  key: string;
  /**
   * The printk time of a wall-stamped kernel line (journal JSON `_SOURCE_MONOTONIC_TIMESTAMP`, a
   * `[ 12.345678]` kept by syslog): an anchor pair on its own, no text matching needed.
   */
  kernelMono?: number;
}

export interface SourceScan {
  path: string;
  format: FormatId;
  bytes: number;
  lastModified?: number;
  lines: number;
  parsed: number;
  unparsed: number;
  /** First unparsed lines (number and reason), so a person can see what was not understood. */
  unparsedSamples: { line: number; reason: string }[];
  /** Lines longer than the 1 MiB cap: parsed from their first 1 MiB only. */
  truncatedLines: number;
  events: RawEvent[];
  /** Events found so far by stage (copies in other files not yet merged): the progress shows them. */
  stageCounts: Partial<Record<StageId, number>>;
  anchors: Anchor[];
  /** Host names from the content (journal host field, klog `Running on machine:`), with counts. */
  hostVotes: Map<string, number>;
  /** Year/zone clues: `-- Logs begin at … --` header or klog `Log file created at:`, and its line. */
  rangeBegin?: { time: CivilTime; zone?: string; line?: number };
  kernelVersion?: string;
  clientIds: number[];
  /** Cluster fsids the kernel named (`client<N> fsid <uuid>`, the 6.7+ `ceph: [<fsid> <id>]:` prefix). */
  fsids: string[];
  config: CephConfigRecord[];
  /** Facts of command outputs (uname, mounts, time zone, client sessions …) with their line. */
  facts: { line: number; fact: Fact }[];
  /** How the records of this source are stamped (the first stamped record decides). */
  clock?: 'mono' | 'civil' | 'epoch';
  firstStamp?: Stamp;
  lastStamp?: Stamp;
  /** Journal kubelet lines: seconds between the journal stamp and the klog stamp (zone skew clue). */
  klogSkews: Map<number, number>;
  /** Records with a stamp of any kind. */
  stampedRecords: number;
  /** Boots of the source in file order (one when nothing shows a reboot); empty without stamps. */
  boots: ScanBoot[];
  /** Year-less stamps: lines where the calendar goes back by over 180 days, i.e. a new year begins. */
  yearRollovers: number[];
  /** Year-less `Feb 29` stamps (their year must be a leap year). */
  leapDayLines: number[];
  /** Calendar stamps going back 5 min to 3 h: where a fall-back DST change repeats an hour (§8.3). */
  clockBacks: { line: number; civil: CivilTime }[];
  /** Stamped records over time in the source's own clock, per boot or year (workers/volume.ts). */
  volume: ScanVolume;
  /** Scanning state for the fields above (the last boot-relative time and calendar stamp seen). */
  track: {
    mono?: number;
    kernelMono?: number;
    civilKey?: number;
    marker?: { line: number; bootId?: string };
    /** The host field of the record being scanned (multi-host files tag their events with it). */
    host?: string;
    /** The first stamped record is a `Linux version` line. */
    firstLinuxVersion?: boolean;
    /** Lines between checkpoints once there were too many at CHECKPOINT_LINES. */
    checkpointEvery?: number;
    /** Lines that began with NUL bytes, which were skipped (workers/engine.ts lineFeeder). */
    nulLines?: number;
    /** The year of the last calendar stamp, and the last epoch stamp: to see stamps go back. */
    civilYear?: number;
    epochMs?: number;
    /** Stamps earlier than the one before by over a second (not a year rollover), and the first's line. */
    backSteps?: number;
    firstBackLine?: number;
  };
  warnings: string[];
  error?: string;
  detection?: string;
  /**
   * Every CHECKPOINT_LINES-th line: its byte offset and the last stamp before it, so that a stretch
   * of the file can be read again from the right place (workers/window.ts). A sparse index of at
   * most MAX_CHECKPOINTS entries: past that, every other one goes and the spacing doubles, so it
   * does not grow with the file.
   */
  checkpoints: { line: number; offset: number; stamp?: Stamp }[];
  /** The archive the file was read from, the decompression it went through, and what its path says. */
  container?: string;
  compression?: string;
  plan?: PathPlan;
  /** A scan of a part of a file: anchors pushed in all (it keeps the last MAX_ANCHORS; workers/split.ts). */
  anchorPushes?: number;
}

export const KUBELET_IDENTS: ReadonlySet<string> = new Set([
  'kubelet',
  'kubenswrapper',
  'kubelet-wrapper',
  'hyperkube',
  'k3s',
  'rke2',
]);
const RUNTIME_IDENTS = new Set(['dockerd', 'docker', 'containerd', 'crio', 'cri-o']);
const STRUCTURED: ReadonlySet<FormatId> = new Set<FormatId>([
  'journal-json',
  'journal-json-pretty',
  'journal-export',
  'journal-verbose',
  'klog-json',
]);
export const MAX_UNPARSED_SAMPLES = 20;

export function newScan(path: string, format: FormatId, bytes: number, lastModified?: number): SourceScan {
  return {
    path,
    format,
    bytes,
    lastModified,
    lines: 0,
    parsed: 0,
    unparsed: 0,
    unparsedSamples: [],
    truncatedLines: 0,
    events: [],
    stageCounts: {},
    anchors: [],
    hostVotes: new Map(),
    clientIds: [],
    config: [],
    facts: [],
    fsids: [],
    klogSkews: new Map(),
    stampedRecords: 0,
    boots: [],
    yearRollovers: [],
    leapDayLines: [],
    clockBacks: [],
    volume: newVolume(),
    track: {},
    checkpoints: [],
    warnings: [],
  };
}

export const CHECKPOINT_LINES = 256;
export const MAX_CHECKPOINTS = 4096;

/**
 * Notes a checkpoint before `line` (at byte `offset`) is scanned, every CHECKPOINT_LINES lines, or
 * a power of two times that once the file has more than MAX_CHECKPOINTS of them.
 */
export function checkpoint(scan: SourceScan, line: number, offset: number) {
  const every = scan.track.checkpointEvery ?? CHECKPOINT_LINES;
  if ((line - 1) % every !== 0) return;
  scan.checkpoints.push(scan.lastStamp ? { line, offset, stamp: scan.lastStamp } : { line, offset });
  if (scan.checkpoints.length > MAX_CHECKPOINTS) {
    scan.checkpoints = scan.checkpoints.filter((c) => (c.line - 1) % (2 * every) === 0);
    scan.track.checkpointEvery = 2 * every;
  }
}

/** Whitespace other than one space at a time: only then has a key anything to squeeze. */
const SQUEEZABLE = /[^\S ]| {2}/;

/** Whitespace-insensitive message key: the journal and dmesg print the same printk identically. */
export function messageKey(msg: string): string {
  // Most lines have single spaces only; skipping the replace for them spares a copy of every line.
  return (SQUEEZABLE.test(msg) ? msg.replace(/\s+/g, ' ') : msg).trim();
}

/**
 * Whether a message can match a rule at all: the cheap check before any rule's regex. The
 * catalog's keywords searched at once (workers/keyword-search.ts): about twice as fast as one
 * regex alternation, and several times faster than one `includes` per keyword, on the lines that
 * match nothing, which are most lines.
 */
const MAY_MATCH = new KeywordSearch(PREFILTER_KEYWORDS);

export function mayMatch(msg: string): boolean {
  return MAY_MATCH.includesAny(msg);
}

export function secondsOfDay(t: CivilTime): number {
  return t.hour * 3600 + t.minute * 60 + t.second;
}

/** Counts one journal kubelet line's skew: whole seconds, so the counts stay few however long the journal. */
export function countSkew(scan: SourceScan, seconds: number) {
  scan.klogSkews.set(seconds, (scan.klogSkews.get(seconds) ?? 0) + 1);
}

/** Feed one parser outcome for one physical line into the scan. */
export function scanLine(scan: SourceScan, outcome: LineOutcome, text: string, line: number) {
  scan.lines++;
  if (outcome.t === 'unparsed') {
    scan.unparsed++;
    if (scan.unparsedSamples.length < MAX_UNPARSED_SAMPLES) {
      scan.unparsedSamples.push({ line, reason: outcome.reason });
    }
    return;
  }
  scan.parsed++;
  if (outcome.t === 'meta') {
    const meta = outcome.meta;
    if (meta.kind === 'journal-range' && !scan.rangeBegin)
      scan.rangeBegin = { time: meta.begin, zone: meta.zone, line };
    else if (meta.kind === 'klog-created' && !scan.rangeBegin) scan.rangeBegin = { time: meta.time, line };
    else if (meta.kind === 'host') vote(scan, meta.name);
    else if (meta.kind === 'journal-boot') scan.track.marker = { line, bootId: meta.bootId };
    return;
  }
  if (outcome.t !== 'record') return;
  scanRecord(scan, outcome.rec, text, line);
  for (const rec of outcome.more ?? []) scanRecord(scan, rec, text, line);
}

/** Records a parser still held at the end of the file (the last verbose or export entry). */
export function scanFinished(scan: SourceScan, records: readonly LogRecord[]) {
  for (const rec of records) scanRecord(scan, rec, rec.msg, -1);
}

/** One more record naming `host` (case aside). */
export function vote(scan: SourceScan, host: string) {
  const h = host.toLowerCase();
  scan.hostVotes.set(h, (scan.hostVotes.get(h) ?? 0) + 1);
}

/** Notes the stamp of a record: the source's clock, first and last stamp, its boot and calendar. */
export function stamped(
  scan: SourceScan,
  stamp: Stamp,
  msg: string,
  boot: { id?: string; kernelMono?: number } = {},
) {
  if (stamp.mono === undefined && stamp.civil === undefined && stamp.epochMs === undefined) return;
  scan.clock ??= stamp.mono !== undefined ? 'mono' : stamp.epochMs !== undefined ? 'epoch' : 'civil';
  scan.firstStamp ??= stamp;
  scan.lastStamp = stamp;
  scan.stampedRecords++;
  const line = stamp.line ?? scan.lines;
  trackBoot(scan, stamp, line, msg, boot);
  if (stamp.civil) trackCalendar(scan, stamp.civil, line);
  if (stamp.mono !== undefined) noteVolume(scan, 'mono', stamp.mono);
  else if (stamp.epochMs !== undefined) {
    const prev = scan.track.epochMs;
    if (prev !== undefined && stamp.epochMs < prev - BACK_STEP_MS) backStep(scan, line);
    scan.track.epochMs = stamp.epochMs;
    noteVolume(scan, 'epoch', stamp.epochMs);
  } else if (stamp.civil) noteVolume(scan, 'civil', civilKey(stamp.civil));
}

/** A drop of boot-relative time bigger than CPUs disagree by (§2.7): the machine rebooted. */
export const REBOOT_DROP_S = 10;
const LINUX_VERSION = /^Linux version \d/;
const MAX_MARKS = 1000;

function trackBoot(
  scan: SourceScan,
  stamp: Stamp,
  line: number,
  msg: string,
  boot: { id?: string; kernelMono?: number },
) {
  const t = scan.track;
  const mono = stamp.mono ?? boot.kernelMono;
  const prev = stamp.mono !== undefined ? t.mono : t.kernelMono;
  const last = scan.boots[scan.boots.length - 1];
  let start: ScanBoot['start'] | null = null;
  if (!last) {
    start = 'file';
    // A part of a file (workers/split.ts) may begin with a reboot only its message shows.
    if (LINUX_VERSION.test(msg)) t.firstLinuxVersion = true;
  } else if (t.marker) start = 'marker';
  else if (boot.id && last.bootId && boot.id !== last.bootId) start = 'boot-id';
  else if (
    mono !== undefined &&
    prev !== undefined &&
    (mono < prev - REBOOT_DROP_S || (mono < prev && LINUX_VERSION.test(msg)))
  )
    start = 'clock-back';
  if (start) {
    const b: ScanBoot = { firstLine: line, lastLine: line, start };
    if (boot.id) b.bootId = boot.id;
    if (t.marker) b.marker = t.marker;
    scan.boots.push(b);
  } else if (last) {
    last.lastLine = line;
    last.bootId ??= boot.id;
  }
  t.marker = undefined;
  if (stamp.mono !== undefined) t.mono = stamp.mono;
  else if (boot.kernelMono !== undefined) t.kernelMono = boot.kernelMono;
}

const YEAR_STEP_KEY = 180 * 86_400e6;
const CLOCK_BACK_MIN_KEY = 300e6;
const CLOCK_BACK_MAX_KEY = 3 * 3600e6;

/** How far a stamp may go back before the file counts as out of time order (lines written a little out of order are not). */
const BACK_STEP_MS = 1000;

/** One more stamp going back in time (boot-relative stamps going back are reboots, not this). */
function backStep(scan: SourceScan, line: number) {
  scan.track.backSteps = (scan.track.backSteps ?? 0) + 1;
  scan.track.firstBackLine ??= line;
}

function trackCalendar(scan: SourceScan, civil: CivilTime, line: number) {
  const key = civilKey(civil);
  const prev = scan.track.civilKey;
  const prevYear = scan.track.civilYear;
  scan.track.civilKey = key;
  scan.track.civilYear = civil.year;
  if (
    civil.year === undefined &&
    civil.month === 2 &&
    civil.day === 29 &&
    scan.leapDayLines.length < MAX_MARKS
  )
    scan.leapDayLines.push(line);
  if (prev === undefined) return;
  const rollover = civil.year === undefined && key < prev - YEAR_STEP_KEY;
  // The key has no year: a dated stamp is compared by its year first.
  const years = civil.year !== undefined && prevYear !== undefined ? civil.year - prevYear : 0;
  if (years < 0 || (years === 0 && key < prev - BACK_STEP_MS * 1000 && !rollover)) backStep(scan, line);
  if (rollover) scan.yearRollovers.push(line);
  else if (
    key <= prev - CLOCK_BACK_MIN_KEY &&
    key >= prev - CLOCK_BACK_MAX_KEY &&
    scan.clockBacks.length < MAX_MARKS
  )
    scan.clockBacks.push({ line, civil });
}

/**
 * The evidence text of a record. Single-line records cite their physical line; a record that
 * spans lines (verbose, export, JSON) cites its message.
 */
function scanRecord(scan: SourceScan, rec: LogRecord, text: string, physicalLine: number) {
  const { line, offset } = rec;
  switch (rec.kind) {
    case 'dmesg': {
      stamped(scan, { mono: rec.mono, line }, rec.msg);
      observeKernel(scan, rec.msg, text, line, offset, { mono: rec.mono, line });
      return;
    }
    case 'journal': {
      stamped(scan, { civil: rec.time, line }, rec.msg, { kernelMono: rec.kernelMono });
      vote(scan, rec.host);
      scan.track.host = rec.host;
      if (rec.ident === 'kernel') {
        observeKernel(scan, rec.msg, text, line, offset, { civil: rec.time, line }, rec.kernelMono);
      } else if (KUBELET_IDENTS.has(rec.ident)) {
        const msg = rec.klog?.msg ?? rec.msg;
        if (rec.klog) countSkew(scan, secondsOfDay(rec.time) - secondsOfDay(rec.klog.time));
        observe(scan, 'kubelet', msg, text, line, offset, {
          civil: rec.time,
          klogCivil: rec.klog?.time,
          line,
        });
      } else if (RUNTIME_IDENTS.has(rec.ident) && mayMatch(rec.msg)) {
        // The exact logrus time is read only from lines that can be events.
        observe(scan, 'runtime', rec.msg, text, line, offset, {
          civil: rec.time,
          epochMs: logrusTime(rec.msg),
          line,
        });
      }
      return;
    }
    case 'klog': {
      stamped(scan, { civil: rec.header.time, line }, rec.header.msg);
      observe(scan, 'kubelet', rec.header.msg, text, line, offset, {
        civil: rec.header.time,
        klogCivil: rec.header.time,
        line,
      });
      return;
    }
    case 'ceph-config':
      scan.config.push(rec);
      return;
    case 'entry':
      // A structured line (JSON, export/verbose fields) is cited by its message: the raw line is
      // not what a person reads, and its line number still points at it.
      scanEntry(scan, rec, rec.line === physicalLine && !STRUCTURED.has(scan.format) ? text : rec.msg);
      return;
    case 'fact':
      scanFact(scan, rec.line, rec.fact);
      return;
  }
}

function stampOf(time: EntryTime, line: number): Stamp {
  switch (time.kind) {
    case 'mono':
      return { mono: time.seconds, line };
    case 'civil':
      return time.zone === undefined
        ? { civil: time.civil, line }
        : { civil: time.civil, zone: time.zone, line };
    case 'epoch':
      return { epochMs: time.ms, line };
    case 'none':
      return { line };
  }
}

/** Which rules apply to an entry: by its identifier, else by what its format always holds. */
function originOf(format: FormatId, ident: string | undefined): RuleOrigin | null {
  if (ident === 'kernel') return 'kernel';
  if (ident && KUBELET_IDENTS.has(ident)) return 'kubelet';
  if (ident && RUNTIME_IDENTS.has(ident)) return 'runtime';
  if (ident?.startsWith('ceph-mds') || format === 'ceph-mds-log' || format === 'ceph-cluster-log')
    return 'mds';
  if (format === 'klog-json' || format === 'cri') return 'kubelet';
  // A pod's container state and events report what the runtime said.
  if (format === 'kubectl-describe') return 'runtime';
  if (format.startsWith('dmesg') || format === 'kmsg') return 'kernel';
  return null;
}

function scanEntry(scan: SourceScan, rec: EntryRecord, text: string) {
  const stamp = stampOf(rec.time, rec.line);
  stamped(scan, stamp, rec.msg, { id: rec.bootId, kernelMono: rec.kernelMono });
  if (rec.host) vote(scan, rec.host);
  scan.track.host = rec.host;
  const origin = originOf(scan.format, rec.ident);
  const { line, offset } = rec;
  if (origin === 'kernel') {
    observeKernel(scan, rec.msg, text, line, offset, stamp, rec.kernelMono);
  } else if (origin === 'kubelet') {
    const klog = rec.klog;
    if (klog && stamp.civil) countSkew(scan, secondsOfDay(stamp.civil) - secondsOfDay(klog.time));
    observe(
      scan,
      'kubelet',
      klog?.msg ?? rec.msg,
      text,
      line,
      offset,
      klog ? { ...stamp, klogCivil: klog.time } : stamp,
    );
  } else if (origin === 'runtime' && mayMatch(rec.msg)) {
    const exact = logrusTime(rec.msg);
    observe(
      scan,
      'runtime',
      rec.msg,
      text,
      line,
      offset,
      exact === undefined ? stamp : { ...stamp, epochMs: exact },
    );
  } else if (origin === 'mds') {
    observe(scan, 'mds', rec.msg, text, line, offset, stamp);
  }
}

function scanFact(scan: SourceScan, line: number, fact: Fact) {
  scan.facts.push({ line, fact });
  switch (fact.kind) {
    case 'kernel-release':
      scan.kernelVersion ??= fact.release;
      if (fact.host) vote(scan, fact.host);
      return;
    case 'hostname':
      vote(scan, fact.name);
      return;
    default:
      return;
  }
}

/** dockerd and containerd log with logrus: `time="2019-11-12T10:20:13.406552000Z" level=error msg=…`. */
const LOGRUS_TIME = /^time="(?<ts>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))"/;

function logrusTime(msg: string): number | undefined {
  const ts = LOGRUS_TIME.exec(msg)?.groups?.ts;
  if (!ts) return undefined;
  // Date.parse keeps milliseconds only; the microseconds are added back by hand.
  const frac = /\.(\d+)/.exec(ts)?.[1] ?? '';
  const ms = Date.parse(ts.replace(/\.\d+/, ''));
  return Number.isFinite(ms) ? ms + Number(`0.${frac || '0'}`) * 1000 : undefined;
}

function observeKernel(
  scan: SourceScan,
  msg: string,
  text: string,
  line: number,
  offset: number,
  stamp: Stamp,
  kernelMono?: number,
) {
  const fact = kernelFact(msg);
  if (fact?.kind === 'kernel-version') scan.kernelVersion = fact.version;
  else if (fact?.kind === 'client-id') {
    if (!scan.clientIds.includes(fact.clientId)) scan.clientIds.push(fact.clientId);
    if (!scan.fsids.includes(fact.fsid)) scan.fsids.push(fact.fsid);
  }
  const isEvent = observe(scan, 'kernel', msg, text, line, offset, stamp);
  // Events are anchors too (the correlator reads them from `events`); a wall-stamped line that
  // carries its printk time is kept whatever it says, as it pairs on its own.
  if (!isEvent || kernelMono !== undefined) {
    pushAnchor(
      scan,
      kernelMono === undefined
        ? { key: messageKey(msg), ...stamp }
        : { key: messageKey(msg), ...stamp, kernelMono },
    );
  }
}

function observe(
  scan: SourceScan,
  origin: RuleOrigin,
  msg: string,
  text: string,
  line: number,
  offset: number,
  stamp: Stamp,
): boolean {
  if (!mayMatch(msg)) return false;
  const hit = classify(msg, origin);
  if (!hit) return false;
  // A 6.7+ kernel names its cluster and its own client id on every ceph line.
  const { fsid, gid } = hit.groups;
  if (origin === 'kernel' && gid && !scan.clientIds.includes(Number(gid))) scan.clientIds.push(Number(gid));
  if (origin === 'kernel' && fsid && !scan.fsids.includes(fsid)) scan.fsids.push(fsid);
  const stage = hit.rule.stage;
  scan.stageCounts[stage] = (scan.stageCounts[stage] ?? 0) + 1;
  scan.events.push({
    line,
    offset,
    text,
    key: messageKey(msg),
    origin,
    ruleId: hit.rule.id,
    recovery: hit.rule.recovery,
    ...(origin === 'mds' && gid ? { clientId: Number(gid) } : {}),
    ...(scan.plan?.multiHost && scan.track.host ? { host: scan.track.host.toLowerCase() } : {}),
    ...stamp,
  });
  return true;
}
