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
  const level = text.charCodeAt(0);
  // I, W, E, F
  if (level !== 0x49 && level !== 0x57 && level !== 0x45 && level !== 0x46) return null;
  const month = twoDigitsAt(text, 1);
  const day = twoDigitsAt(text, 3);
  const hour = twoDigitsAt(text, 6);
  const minute = twoDigitsAt(text, 9);
  const second = twoDigitsAt(text, 12);
  const micros = digitsAt(text, 15, 6);
  if (
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    micros < 0 ||
    text.charCodeAt(5) !== 0x20 ||
    text.charCodeAt(8) !== 0x3a ||
    text.charCodeAt(11) !== 0x3a ||
    text.charCodeAt(14) !== 0x2e ||
    text.charCodeAt(21) !== 0x20
  )
    return null;
  let i = 22;
  while (text.charCodeAt(i) === 0x20) i++;
  const pidStart = i;
  i = digitsEnd(text, i);
  if (i === pidStart || text.charCodeAt(i) !== 0x20) return null;
  const pidEnd = i;
  const fileStart = ++i;
  // `[^ :\]]` takes anything else, line breaks included.
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x3a || c === 0x5d) break;
    i++;
  }
  if (i === fileStart || text.charCodeAt(i) !== 0x3a) return null;
  const fileEnd = i;
  const lineStart = ++i;
  i = digitsEnd(text, i);
  if (i === lineStart || text.charCodeAt(i) !== 0x5d) return null;
  const lineEnd = i++;
  let msg = '';
  if (i < text.length) {
    if (text.charCodeAt(i) !== 0x20 || hasLineBreak(text, i + 1)) return null;
    msg = text.slice(i + 1);
  }
  const time: CivilTime = { month, day, hour, minute, second, micros };
  if (!isValidCivil(time)) return null;
  return {
    level: text[0] as KlogLevel,
    time,
    pid: integerOf(text, pidStart, pidEnd),
    file: text.slice(fileStart, fileEnd),
    srcLine: integerOf(text, lineStart, lineEnd),
    msg,
  };
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
