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

/**
 * The record of `^\[ *(?<mono>\d+\.\d{6})\](?: ?\[ *(?<caller>[TC]\d+)\])? ?(?<msg>.*)$`, or null.
 * The caller id (CONFIG_PRINTK_CALLER) is `[T123]` or `[C1]`, space-padded inside the brackets by
 * some versions.
 */
function readRecord(text: string, line: number, offset: number): DmesgRecord | null {
  if (!readPrintkStamp(text, 0, stamp) || hasLineBreak(text, stamp.end)) return null;
  let at = stamp.end;
  let caller: string | undefined;
  let i = text.charCodeAt(at) === 0x20 ? at + 1 : at;
  if (text.charCodeAt(i) === 0x5b) {
    i++;
    while (text.charCodeAt(i) === 0x20) i++;
    const c = text.charCodeAt(i);
    if (c === 0x54 || c === 0x43) {
      const end = digitsEnd(text, i + 1);
      if (end > i + 1 && text.charCodeAt(end) === 0x5d) {
        caller = text.slice(i, end);
        at = end + 1;
      }
    }
  }
  if (text.charCodeAt(at) === 0x20) at++;
  const rec: DmesgRecord = { kind: 'dmesg', line, offset, mono: stamp.seconds, msg: text.slice(at) };
  if (caller) rec.caller = caller;
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
