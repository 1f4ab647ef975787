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

import { isBlank, matchPrompt } from './lines.ts';
import type { DmesgRecord, FormatParser, LineOutcome } from './types.ts';

// Seconds are `%5ld`, so they grow past 5 digits (7 digits after ~116 days of uptime). The caller id
// (CONFIG_PRINTK_CALLER) is `[T123]` or `[C1]`, space-padded inside the brackets by some versions.
const RAW = /^\[ *(?<mono>\d+\.\d{6})\](?: ?\[ *(?<caller>[TC]\d+)\])? ?(?<msg>.*)$/;

function parseLine(text: string, line: number, offset: number): LineOutcome<DmesgRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const g = RAW.exec(text)?.groups;
  if (g) {
    const rec: DmesgRecord = { kind: 'dmesg', line, offset, mono: Number(g.mono), msg: g.msg ?? '' };
    if (g.caller) rec.caller = g.caller;
    return { t: 'record', rec };
  }
  // dmesg indents the later lines of a multi-line printk record to the message column.
  const first = text.charCodeAt(0);
  if (first === 0x20 || first === 0x09) return { t: 'continuation', text: text.trimStart() };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  return { t: 'unparsed', reason: 'no dmesg timestamp ([seconds.micros] since boot)' };
}

export const dmesgParser: FormatParser<DmesgRecord> = { id: 'dmesg', parseLine };
