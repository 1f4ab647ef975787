// `journalctl` default output (`-o short`, `-o short-precise`), and RFC 3164 syslog files
// (/var/log/messages, kern.log), which print the same `Mon DD HH:MM:SS host ident[pid]: msg` shape.
//
// Sample lines (rook/rook#2589, ceph/ceph troubleshooting.rst kern.log, loghub Linux_2k, and the
// ≤v245 journalctl range header quoted in the format notes §3.4):
//   Jan 29 15:25:06 krs-1 kubelet[10850]: E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "662f2657-0ac0-11e9-ac5a-0cc47a03ac3c" found, but error stat /var/lib/kubelet/pods/662f2657-0ac0-11e9-ac5a-0cc47a03ac3c/volumes/ceph.rook.io~rook/image-store: permission denied occurred during checking mounted volumes from disk
//   Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session
//   Jun 15 04:06:20 combo logrotate: ALERT exited abnormally with [1]
//   -- Logs begin at Thu 2023-02-09 21:19:09 UTC, end at Thu 2023-03-09 16:59:16 UTC. --
//
// Example:
//   journalShortParser.parseLine('Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session', 1, 0)
//   // → { t: 'record', rec: { kind: 'journal', host: 'teuthology', ident: 'kernel', kernelMono: 3677601.123718,
//   //      msg: 'ceph: mds0 closed our session', time: { month: 7, day: 20, hour: 8, … }, … } }

import { civilOf, digitsAt, digitsEnd, integerOf, isValidCivil, monthAt, twoDigitsAt } from './civil.ts';
import { type PrintkStamp, readPrintkStamp } from './dmesg.ts';
import { parseKlogHeader } from './klog.ts';
import { hasLineBreak, isBlank, isSpaceCode, matchPrompt } from './lines.ts';
import type { CivilTime, FormatParser, JournalRecord, KlogHeader, LineOutcome, MetaFact } from './types.ts';

/** rsyslog compresses repeats as `message repeated N times: [ … ]`; journald never writes that. */
export const RSYSLOG_REPEAT = /^ ?message repeated \d+ times?: \[/;
export const RSYSLOG_REPEAT_REASON =
  'rsyslog repeat line (`message repeated N times: [ … ]`): a syslog file, not journal output';

const kernelStamp: PrintkStamp = { seconds: 0, end: 0 };

const RANGE =
  /^-- (?:Logs begin at|Journal begins at) [A-Z][a-z]{2} (?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}) (?<zone>[^\s,.]+)[,.]/;
const BOOT = /^-- (?:Boot (?<bootId>[0-9a-f]{32})|Reboot) --$/;
// `-- No entries --`, `-- cursor: …`, catalog text (`-- Subject: …`, `░░ …`) and journalctl's stderr.
const OTHER_MARKER = /^(?:-- |░░ |(?:Hint|Warning|Notice): )/;
// print_multiline() indents continuation lines to the message column, which is never < 8.
const CONTINUATION = /^\s{8,}\S/;

/**
 * Sets `rec.msg` from the text after `ident[pid]: ` (this file, journal-modes.ts, syslog.ts): for the
 * kernel, a printk stamp in front becomes `kernelMono`; `tidy` applies to the rest (rsyslog's
 * unescaping); a klog header in it becomes `klog`.
 */
export function setMessage<R extends { ident?: string; msg: string; kernelMono?: number; klog?: KlogHeader }>(
  rec: R,
  msg: string,
  tidy?: (text: string) => string,
): R {
  let text = msg;
  // rsyslog/imklog and journald can keep the printk stamp in front of kernel messages:
  // `^\[ *(?<kernelMono>\d+\.\d{6})\] ?(?<msg>.*)$`.
  if (
    rec.ident === 'kernel' &&
    readPrintkStamp(text, 0, kernelStamp) &&
    !hasLineBreak(text, kernelStamp.end)
  ) {
    rec.kernelMono = kernelStamp.seconds;
    text = text.slice(text.charCodeAt(kernelStamp.end) === 0x20 ? kernelStamp.end + 1 : kernelStamp.end);
  }
  rec.msg = tidy ? tidy(text) : text;
  const klog = parseKlogHeader(rec.msg);
  if (klog) rec.klog = klog;
  return rec;
}

/** The fields of a short line, as the regex in readShort() names them. */
interface Short {
  time: CivilTime;
  host: string;
  ident: string;
  pid: number | undefined;
  msg: string;
}

/**
 * Reads `Mmm DD HH:MM:SS[.uuuuuu]` and the space after it at `at` into `out` (unchecked as a
 * calendar time): the index of that space, or -1. Shared with the scan's cheap path
 * (workers/skim.ts), which reads lines in place in a longer text: every position it reads is
 * checked, so a line that ends early fails at its line end.
 */
export function readShortStamp(text: string, at: number, out: CivilTime): number {
  out.month = monthAt(text, at);
  out.day = twoDigitsAt(text, at + 4);
  out.hour = twoDigitsAt(text, at + 7);
  out.minute = twoDigitsAt(text, at + 10);
  out.second = twoDigitsAt(text, at + 13);
  if (
    out.month === 0 ||
    out.day < 0 ||
    out.hour < 0 ||
    out.minute < 0 ||
    out.second < 0 ||
    text.charCodeAt(at + 3) !== 0x20 ||
    text.charCodeAt(at + 6) !== 0x20 ||
    text.charCodeAt(at + 9) !== 0x3a ||
    text.charCodeAt(at + 12) !== 0x3a
  )
    return -1;
  out.micros = 0;
  let i = at + 15;
  if (text.charCodeAt(i) === 0x2e) {
    out.micros = digitsAt(text, i + 1, 6);
    if (out.micros < 0) return -1;
    i += 7;
  }
  return text.charCodeAt(i) === 0x20 ? i : -1;
}

/**
 * Reads `^(?<month>Jan|…|Dec) (?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<micros>\d{6}))? (?<host>\S+) (?<ident>[^\s[:]+)(?:\[(?<pid>\d+)\])?:(?: (?<msg>.*))?$`
 * by hand (every line of a journal goes through it). journalctl zero-pads the day (`Nov 09`,
 * strftime `%d`); syslog files space-pad it (`Nov  9`), so a space-padded day is not journal
 * output. The identifier stops at whitespace, `[` or `:` like RFC 3164's TAG.
 */
function readShort(text: string): Short | null {
  const time: CivilTime = { month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };
  let i = readShortStamp(text, 0, time);
  if (i < 0) return null;
  const hostStart = ++i;
  while (i < text.length && !isSpaceCode(text.charCodeAt(i))) i++;
  if (i === hostStart || text.charCodeAt(i) !== 0x20) return null;
  const hostEnd = i;
  const identStart = ++i;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x3a || isSpaceCode(c)) break;
  }
  if (i === identStart) return null;
  const identEnd = i;
  let pid: number | undefined;
  if (text.charCodeAt(i) === 0x5b) {
    const end = digitsEnd(text, i + 1);
    if (end === i + 1 || text.charCodeAt(end) !== 0x5d) return null;
    pid = integerOf(text, i + 1, end);
    i = end + 1;
  }
  if (text.charCodeAt(i) !== 0x3a) return null;
  i++;
  let msg = '';
  if (i < text.length) {
    if (text.charCodeAt(i) !== 0x20 || hasLineBreak(text, i + 1)) return null;
    msg = text.slice(i + 1);
  }
  return {
    time,
    host: text.slice(hostStart, hostEnd),
    ident: text.slice(identStart, identEnd),
    pid,
    msg,
  };
}

function marker(text: string): MetaFact | null {
  const range = RANGE.exec(text)?.groups;
  if (range) {
    const begin = civilOf(range);
    if (isValidCivil(begin)) return { kind: 'journal-range', begin, zone: range.zone ?? '' };
  }
  const boot = BOOT.exec(text);
  if (boot)
    return boot.groups?.bootId
      ? { kind: 'journal-boot', bootId: boot.groups.bootId }
      : { kind: 'journal-boot' };
  if (OTHER_MARKER.test(text)) return { kind: 'other-marker', text };
  return null;
}

function parseLine(text: string, line: number, offset: number): LineOutcome<JournalRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const g = readShort(text);
  if (g && RSYSLOG_REPEAT.test(g.msg)) return { t: 'unparsed', reason: RSYSLOG_REPEAT_REASON };
  if (g && isValidCivil(g.time)) {
    const { time, msg, ident } = g;
    const rec: JournalRecord = { kind: 'journal', line, offset, msg, time, host: g.host, ident };
    // `\[(?<pid>\d+)\]` with `if (g.pid)`: any number, 0 included, is kept.
    if (g.pid !== undefined) rec.pid = g.pid;
    return { t: 'record', rec: setMessage(rec, msg) };
  }
  const meta = marker(text);
  if (meta) return { t: 'meta', meta };
  if (CONTINUATION.test(text)) return { t: 'continuation', text: text.trimStart() };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  return { t: 'unparsed', reason: 'no journal short prefix (Mon DD HH:MM:SS host ident[pid]: )' };
}

export const journalShortParser: FormatParser<JournalRecord> = { id: 'journal-short', parseLine };
