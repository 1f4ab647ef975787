// Raw `dmesg` (util-linux, default time format): `[%5ld.%06ld] msg`, seconds since boot.
//
// Sample lines (lkml-jlayton-2021-client-dmesg, ceph-csi-5265-dmesg-5.15, util-linux tests/expected/dmesg:
// cid-kmsg-decode without its `-x` prefix, and indentation):
//   [ 5645.168000] ceph: mds0 closed our session
//   [1567288.583940] libceph: mon0 (1)192.168.3.235:6789 session lost, hunting for new mon
//   [    0.201607] [T12] smp: Bringing up secondary CPUs ...
//   [    1.000000] new
//                  line
//
// Example:
//   dmesgParser.parseLine('[ 5645.168000] ceph: mds0 closed our session', 7, 356)
//   // → { t: 'record', rec: { kind: 'dmesg', mono: 5645.168, msg: 'ceph: mds0 closed our session', line: 7, offset: 356 } }

import { digitsAt, digitsEnd, integerOf } from './civil.ts';
import { hasLineBreak, isBlank, matchPrompt } from './lines.ts';
import type { DmesgRecord, FormatParser, LineOutcome } from './types.ts';

/** A printk stamp read by readPrintkStamp: its seconds, and the index after its `]`. */
export interface PrintkStamp {
  seconds: number;
  end: number;
}

/**
 * Reads `\d+\.\d{6}` at `at` into `out` (`end`: the index after the sixth decimal), or returns
 * false. The seconds are exactly `Number()` of the printed text: N / 10^6 with N exact (below
 * 2^53) is the double nearest the printed decimal.
 */
export function readSeconds(text: string, at: number, out: PrintkStamp): boolean {
  const i = digitsEnd(text, at);
  if (i === at || text.charCodeAt(i) !== 0x2e) return false;
  const micros = digitsAt(text, i + 1, 6);
  if (micros < 0) return false;
  out.seconds = i - at <= 9 ? (integerOf(text, at, i) * 1e6 + micros) / 1e6 : Number(text.slice(at, i + 7));
  out.end = i + 7;
  return true;
}

/**
 * Reads a printk stamp `\[ *(\d+\.\d{6})\]` at `at` into `out`, or returns false. Seconds are
 * `%5ld`, so they grow past 5 digits (7 digits after ~116 days of uptime). Read by hand because
 * every line of a kernel log starts with one: no regex match, groups or substrings per line.
 */
export function readPrintkStamp(text: string, at: number, out: PrintkStamp): boolean {
  if (text.charCodeAt(at) !== 0x5b) return false;
  let i = at + 1;
  while (text.charCodeAt(i) === 0x20) i++;
  if (!readSeconds(text, i, out) || text.charCodeAt(out.end) !== 0x5d) return false;
  out.end++;
  return true;
}

const stamp: PrintkStamp = { seconds: 0, end: 0 };

/** What follows a printk stamp: the caller id's span (`callerStart` −1: none) and the message start. */
export interface AfterStamp {
  callerStart: number;
  callerEnd: number;
  msg: number;
}

const after: AfterStamp = { callerStart: -1, callerEnd: -1, msg: 0 };

/**
 * After a printk stamp that ends at `at`, in a line that ends at `end`: `(?: ?\[ *(?<caller>[TC]\d+)\])? ?`.
 * The caller id (CONFIG_PRINTK_CALLER) is `[T123]` or `[C1]`, space-padded inside the brackets by
 * some versions. Shared with the scan's cheap path (workers/skim.ts), which reads in place.
 */
export function readAfterStamp(text: string, at: number, end: number, out: AfterStamp): void {
  out.callerStart = -1;
  out.msg = at;
  let i = text.charCodeAt(at) === 0x20 ? at + 1 : at;
  if (i < end && text.charCodeAt(i) === 0x5b) {
    i++;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const c = text.charCodeAt(i);
    if (i < end && (c === 0x54 || c === 0x43)) {
      const close = digitsEnd(text, i + 1);
      if (close > i + 1 && close < end && text.charCodeAt(close) === 0x5d) {
        out.callerStart = i;
        out.callerEnd = close;
        out.msg = close + 1;
      }
    }
  }
  if (out.msg < end && text.charCodeAt(out.msg) === 0x20) out.msg++;
}

/**
 * The record of `^\[ *(?<mono>\d+\.\d{6})\](?: ?\[ *(?<caller>[TC]\d+)\])? ?(?<msg>.*)$`, or null.
 */
function readRecord(text: string, line: number, offset: number): DmesgRecord | null {
  if (!readPrintkStamp(text, 0, stamp) || hasLineBreak(text, stamp.end)) return null;
  readAfterStamp(text, stamp.end, text.length, after);
  const rec: DmesgRecord = { kind: 'dmesg', line, offset, mono: stamp.seconds, msg: text.slice(after.msg) };
  if (after.callerStart >= 0) rec.caller = text.slice(after.callerStart, after.callerEnd);
  return rec;
}

function parseLine(text: string, line: number, offset: number): LineOutcome<DmesgRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const rec = readRecord(text, line, offset);
  if (rec) return { t: 'record', rec };
  // dmesg indents the later lines of a multi-line printk record to the message column.
  const first = text.charCodeAt(0);
  if (first === 0x20 || first === 0x09) return { t: 'continuation', text: text.trimStart() };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  return { t: 'unparsed', reason: 'no dmesg timestamp ([seconds.micros] since boot)' };
}

export const dmesgParser: FormatParser<DmesgRecord> = { id: 'dmesg', parseLine };
