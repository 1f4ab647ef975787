// kubelet klog text: `/var/log/kubelet.log` written by `kubelet --log-file` or `kube-log-runner`.
//
// Sample lines (the first two from the kubernetes.io System Logs page, the third is the klog part
// of a journald line in rook/rook#2255), then the header klog writes at the top of each file:
//   I1025 00:15:15.525108       1 httplog.go:79] GET /api/v1/namespaces/kube-system/pods/metrics-server-v0.3.1-57c75779f-9p8wg: (1.512ms) 200 [pod_nanny/v0.0.0 (linux/amd64) kubernetes/$Format 10.56.1.19:51756]
//   I1025 00:15:15.525108       1 controller_utils.go:116] "Pod status updated" pod="kube-system/kubedns" status="ready"
//   I1102 19:28:26.855841    3132 kubelet.go:1777] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.483320886s ago; threshold is 3m0s]
//   Log file created at: 2019/11/12 06:00:01
//
// Example:
//   klogParser.parseLine('E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "x" found', 1, 0)
//   // → { t: 'record', rec: { kind: 'klog', header: { level: 'E', pid: 10850, … }, msg: 'pod "x" found', … } }

import { civilOf, digitsAt, digitsEnd, integerOf, isValidCivil, twoDigitsAt } from './civil.ts';
import { hasLineBreak, isBlank, matchPrompt } from './lines.ts';
import type { CivilTime, FormatParser, KlogHeader, KlogLevel, KlogRecord, LineOutcome } from './types.ts';

// Written by klog at the top of every file it creates (klog.go `createFile`).
const CREATED =
  /^Log file created at: (?<year>\d{4})\/(?<month>\d{2})\/(?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})$/;
const MACHINE = /^Running on machine: (?<name>\S+)\s*$/;
const OTHER_HEADER = /^(?:Binary: |Log line format: )/;

/**
 * Parses a klog header at the start of `text` (a klog file line or a journald message): what
 * `^(?<level>[IWEF])(?<month>\d{2})(?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})\.(?<micros>\d{6}) +(?<pid>\d+) (?<file>[^ :\]]+):(?<srcLine>\d+)\](?: (?<msg>.*))?$`
 * matches (`pid` is space-padded to 7 columns by klog's FormatHeader, hence ` +`). Read by hand:
 * it is tried on every journal, CRI and syslog message, and most are not klog.
 */
export function parseKlogHeader(text: string): KlogHeader | null {
  const h = HEAD;
  if (!readKlogHeader(text, 0, text.length, h)) return null;
  let msg = '';
  if (h.msgStart >= 0) {
    if (hasLineBreak(text, h.msgStart)) return null;
    msg = text.slice(h.msgStart);
  }
  return {
    level: text[0] as KlogLevel,
    time: { ...h.time },
    pid: integerOf(text, h.pidStart, h.pidEnd),
    file: text.slice(h.fileStart, h.fileEnd),
    srcLine: integerOf(text, h.lineStart, h.lineEnd),
    msg,
  };
}

/** Where readKlogHeader found the parts of a header (indices into the text). */
export interface KlogHeaderAt {
  time: CivilTime;
  pidStart: number;
  pidEnd: number;
  fileStart: number;
  fileEnd: number;
  lineStart: number;
  lineEnd: number;
  /** Where the message begins (after `] `), or -1 when the header ends the line. */
  msgStart: number;
}

/** A KlogHeaderAt to read headers into, again and again. */
export function newKlogHeaderAt(): KlogHeaderAt {
  return {
    time: { month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 },
    pidStart: 0,
    pidEnd: 0,
    fileStart: 0,
    fileEnd: 0,
    lineStart: 0,
    lineEnd: 0,
    msgStart: -1,
  };
}

const HEAD = newKlogHeaderAt();

/**
 * Reads a klog header at `at` of a line that ends at `end` into `out`, or returns false; line
 * breaks in the message are the caller's to refuse. No string is cut: the scan's cheap path
 * (workers/skim.ts) reads headers in place in a longer text.
 */
export function readKlogHeader(text: string, at: number, end: number, out: KlogHeaderAt): boolean {
  const level = text.charCodeAt(at);
  // I, W, E, F
  if (at >= end || (level !== 0x49 && level !== 0x57 && level !== 0x45 && level !== 0x46)) return false;
  const t = out.time;
  t.month = twoDigitsAt(text, at + 1);
  t.day = twoDigitsAt(text, at + 3);
  t.hour = twoDigitsAt(text, at + 6);
  t.minute = twoDigitsAt(text, at + 9);
  t.second = twoDigitsAt(text, at + 12);
  t.micros = digitsAt(text, at + 15, 6);
  if (
    t.month < 0 ||
    t.day < 0 ||
    t.hour < 0 ||
    t.minute < 0 ||
    t.second < 0 ||
    t.micros < 0 ||
    at + 21 >= end ||
    text.charCodeAt(at + 5) !== 0x20 ||
    text.charCodeAt(at + 8) !== 0x3a ||
    text.charCodeAt(at + 11) !== 0x3a ||
    text.charCodeAt(at + 14) !== 0x2e ||
    text.charCodeAt(at + 21) !== 0x20
  )
    return false;
  let i = at + 22;
  while (i < end && text.charCodeAt(i) === 0x20) i++;
  out.pidStart = i;
  i = digitsEnd(text, i);
  if (i === out.pidStart || i >= end || text.charCodeAt(i) !== 0x20) return false;
  out.pidEnd = i;
  out.fileStart = ++i;
  // `[^ :\]]` takes anything else, line breaks included.
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x3a || c === 0x5d) break;
    i++;
  }
  if (i === out.fileStart || i >= end || text.charCodeAt(i) !== 0x3a) return false;
  out.fileEnd = i;
  out.lineStart = ++i;
  i = digitsEnd(text, i);
  if (i === out.lineStart || i >= end || text.charCodeAt(i) !== 0x5d) return false;
  out.lineEnd = i++;
  out.msgStart = -1;
  if (i < end) {
    if (text.charCodeAt(i) !== 0x20) return false;
    out.msgStart = i + 1;
  }
  return isValidCivil(t);
}

function parseLine(text: string, line: number, offset: number): LineOutcome<KlogRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const header = parseKlogHeader(text);
  if (header) return { t: 'record', rec: { kind: 'klog', line, offset, msg: header.msg, header } };
  // klog prints a multi-line value as `key=<` + tab-indented lines + ` >`; goroutine frames are
  // tab-indented too. Only the one tab klog added is removed, so the value keeps its own indent.
  const first = text.charCodeAt(0);
  if (first === 0x09 || first === 0x20) {
    return { t: 'continuation', text: first === 0x09 ? text.slice(1) : text };
  }
  const created = CREATED.exec(text)?.groups;
  if (created) {
    const time = civilOf(created);
    if (isValidCivil(time)) return { t: 'meta', meta: { kind: 'klog-created', time } };
  }
  const machine = MACHINE.exec(text)?.groups;
  if (machine?.name) return { t: 'meta', meta: { kind: 'host', name: machine.name } };
  if (OTHER_HEADER.test(text)) return { t: 'meta', meta: { kind: 'other-marker', text } };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  return { t: 'unparsed', reason: 'no klog header (Lmmdd hh:mm:ss.uuuuuu pid file:line])' };
}

export const klogParser: FormatParser<KlogRecord> = { id: 'klog', parseLine };
