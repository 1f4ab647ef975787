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

import { isValidCivil, parseKlogHeader } from './klog.ts';
import { isBlank, matchPrompt } from './lines.ts';
import type { CivilTime, FormatParser, JournalRecord, LineOutcome, MetaFact } from './types.ts';

const MONTHS: Readonly<Record<string, number>> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

// journalctl zero-pads the day (`Nov 09`); syslog files space-pad it (`Nov  9`). The identifier stops
// at whitespace, `[` or `:` like RFC 3164's TAG, which keeps the match linear (no lazy `.+?`).
const SHORT =
  /^(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(?<day>\d{1,2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<micros>\d{6}))? (?<host>\S+) (?<ident>[^\s[:]+)(?:\[(?<pid>\d+)\])?:(?: (?<msg>.*))?$/;

// rsyslog/imklog can keep the printk stamp in front of kernel messages.
const KERNEL_STAMP = /^\[ *(?<kernelMono>\d+\.\d{6})\] ?(?<msg>.*)$/;

const RANGE =
  /^-- (?:Logs begin at|Journal begins at) [A-Z][a-z]{2} (?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}) (?<zone>[^\s,.]+)[,.]/;
const BOOT = /^-- (?:Boot (?<bootId>[0-9a-f]{32})|Reboot) --$/;
// `-- No entries --`, `-- cursor: …`, catalog text (`-- Subject: …`, `░░ …`) and journalctl's stderr.
const OTHER_MARKER = /^(?:-- |░░ |(?:Hint|Warning|Notice): )/;
// print_multiline() indents continuation lines to the message column, which is never < 8.
const CONTINUATION = /^\s{8,}\S/;

function civil(g: Record<string, string | undefined>): CivilTime {
  return {
    month: MONTHS[g.month ?? ''] ?? Number(g.month),
    day: Number(g.day),
    hour: Number(g.hour),
    minute: Number(g.minute),
    second: Number(g.second),
    micros: g.micros ? Number(g.micros) : 0,
  };
}

function marker(text: string): MetaFact | null {
  const range = RANGE.exec(text)?.groups;
  if (range) {
    const begin = { ...civil(range), year: Number(range.year) };
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
  const g = SHORT.exec(text)?.groups;
  if (g) {
    const time = civil(g);
    if (isValidCivil(time)) {
      const ident = g.ident ?? '';
      let msg = g.msg ?? '';
      const rec: JournalRecord = { kind: 'journal', line, offset, msg, time, host: g.host ?? '', ident };
      if (g.pid) rec.pid = Number(g.pid);
      if (ident === 'kernel') {
        const k = KERNEL_STAMP.exec(msg)?.groups;
        if (k) {
          rec.kernelMono = Number(k.kernelMono);
          msg = k.msg ?? '';
          rec.msg = msg;
        }
      }
      const klog = parseKlogHeader(msg);
      if (klog) rec.klog = klog;
      return { t: 'record', rec };
    }
  }
  const meta = marker(text);
  if (meta) return { t: 'meta', meta };
  if (CONTINUATION.test(text)) return { t: 'continuation', text: text.trimStart() };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  return { t: 'unparsed', reason: 'no journal short prefix (Mon DD HH:MM:SS host ident[pid]: )' };
}

export const journalShortParser: FormatParser<JournalRecord> = { id: 'journal-short', parseLine };
