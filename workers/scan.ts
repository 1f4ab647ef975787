// Scanning one source: every line is counted; lines that can matter (stage events, kernel lines that
// anchor dmesg time, context facts) are kept as small observations, never the whole text.
import { kernelFact } from '../parsers/facts.ts';
import { classify, PREFILTER_KEYWORDS, type RuleOrigin } from '../parsers/rules.ts';
import type { CephConfigRecord, CivilTime, FormatId, LineOutcome, LogRecord } from '../parsers/types.ts';

/** A stage event as found in one source, before clocks are aligned and copies merged. */
export interface RawEvent {
  line: number;
  offset: number;
  /** The physical line as read, for evidence. */
  text: string;
  /** Message used to recognise copies of the same line in other sources. */
  key: string;
  origin: RuleOrigin;
  ruleId: string;
  recovery: boolean;
  mono?: number;
  civil?: CivilTime;
  /** For kubelet lines: the klog stamp, identical in the journal copy and the klog file copy. */
  klogCivil?: CivilTime;
  /** An explicit zoned stamp inside the message (dockerd/containerd `time="…"`), epoch ms. */
  epochMs?: number;
}

/** A kernel line kept only to align dmesg time with the journal. */
export interface Anchor {
  key: string;
  mono?: number;
  civil?: CivilTime;
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
  anchors: Anchor[];
  /** Host names from the content (journal host field, klog `Running on machine:`), with counts. */
  hostVotes: Map<string, number>;
  /** Year/zone clues: `-- Logs begin at … --` header or klog `Log file created at:`. */
  rangeBegin?: { time: CivilTime; zone?: string };
  kernelVersion?: string;
  clientIds: number[];
  config: CephConfigRecord[];
  firstMono?: number;
  lastMono?: number;
  firstCivil?: CivilTime;
  lastCivil?: CivilTime;
  /** Journal kubelet lines: seconds between the journal stamp and the klog stamp (zone skew clue). */
  klogSkews: number[];
  warnings: string[];
  error?: string;
  detection?: string;
}

const KUBELET_IDENTS = new Set(['kubelet', 'kubenswrapper', 'kubelet-wrapper', 'hyperkube', 'k3s', 'rke2']);
const RUNTIME_IDENTS = new Set(['dockerd', 'docker', 'containerd', 'crio', 'cri-o']);
const MAX_ANCHORS = 50_000;
const MAX_UNPARSED_SAMPLES = 20;

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
    anchors: [],
    hostVotes: new Map(),
    clientIds: [],
    config: [],
    klogSkews: [],
    warnings: [],
  };
}

/** Whitespace-insensitive message key: the journal and dmesg print the same printk identically. */
export function messageKey(msg: string): string {
  return msg.replace(/\s+/g, ' ').trim();
}

/** Cheap check before any regex: can this message match a rule at all? */
function mayMatch(msg: string): boolean {
  for (const k of PREFILTER_KEYWORDS) if (msg.includes(k)) return true;
  return false;
}

function secondsOfDay(t: CivilTime): number {
  return t.hour * 3600 + t.minute * 60 + t.second;
}

/** Feed one parser outcome for one physical line into the scan. */
export function scanLine(scan: SourceScan, outcome: LineOutcome, text: string, line: number, offset: number) {
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
      scan.rangeBegin = { time: meta.begin, zone: meta.zone };
    else if (meta.kind === 'klog-created' && !scan.rangeBegin) scan.rangeBegin = { time: meta.time };
    else if (meta.kind === 'host') vote(scan, meta.name);
    return;
  }
  if (outcome.t !== 'record') return;
  scanRecord(scan, outcome.rec, text, line, offset);
}

function vote(scan: SourceScan, host: string) {
  const h = host.toLowerCase();
  scan.hostVotes.set(h, (scan.hostVotes.get(h) ?? 0) + 1);
}

function scanRecord(scan: SourceScan, rec: LogRecord, text: string, line: number, offset: number) {
  switch (rec.kind) {
    case 'dmesg': {
      scan.firstMono ??= rec.mono;
      scan.lastMono = rec.mono;
      observeKernel(scan, rec.msg, text, line, offset, { mono: rec.mono });
      return;
    }
    case 'journal': {
      scan.firstCivil ??= rec.time;
      scan.lastCivil = rec.time;
      vote(scan, rec.host);
      if (rec.ident === 'kernel') {
        observeKernel(scan, rec.msg, text, line, offset, { civil: rec.time });
      } else if (KUBELET_IDENTS.has(rec.ident)) {
        const msg = rec.klog?.msg ?? rec.msg;
        if (rec.klog) scan.klogSkews.push(secondsOfDay(rec.time) - secondsOfDay(rec.klog.time));
        observe(scan, 'kubelet', msg, text, line, offset, { civil: rec.time, klogCivil: rec.klog?.time });
      } else if (RUNTIME_IDENTS.has(rec.ident)) {
        observe(scan, 'runtime', rec.msg, text, line, offset, {
          civil: rec.time,
          epochMs: logrusTime(rec.msg),
        });
      }
      return;
    }
    case 'klog': {
      scan.firstCivil ??= rec.header.time;
      scan.lastCivil = rec.header.time;
      observe(scan, 'kubelet', rec.header.msg, text, line, offset, {
        civil: rec.header.time,
        klogCivil: rec.header.time,
      });
      return;
    }
    case 'ceph-config':
      scan.config.push(rec);
      return;
  }
}

type Stamp = { mono?: number; civil?: CivilTime; klogCivil?: CivilTime; epochMs?: number };

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
) {
  const fact = kernelFact(msg);
  if (fact?.kind === 'kernel-version') scan.kernelVersion = fact.version;
  else if (fact?.kind === 'client-id' && !scan.clientIds.includes(fact.clientId))
    scan.clientIds.push(fact.clientId);
  const isEvent = observe(scan, 'kernel', msg, text, line, offset, stamp);
  if (!isEvent) {
    // Only the newest anchors are kept: the journal usually covers the end of a long boot.
    if (scan.anchors.length >= MAX_ANCHORS) scan.anchors.splice(0, MAX_ANCHORS / 2);
    scan.anchors.push({ key: messageKey(msg), ...stamp });
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
  scan.events.push({
    line,
    offset,
    text,
    key: messageKey(msg),
    origin,
    ruleId: hit.rule.id,
    recovery: hit.rule.recovery,
    ...stamp,
  });
  return true;
}
