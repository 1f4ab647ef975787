// /dev/kmsg records, as `cat /dev/kmsg` (or any program that saves its reads) writes them and as
// `dmesg -K FILE` reads them (records separated by NUL): `pri,seq,usec,flags[,caller=T1];msg`, then
// ` KEY=value` context lines (SUBSYSTEM=, DEVICE=). Kernel 3.5 prints no flags field. Format:
// the kernel's Documentation/ABI/testing/dev-kmsg.
//
// Sample lines (the example of Documentation/ABI/testing/dev-kmsg in torvalds/linux, then the caller-id
// record of util-linux tests/ts/dmesg/cid-kmsg-input as quoted in the format notes §2.5):
//   7,160,424069,-;pci_root PNP0A03:00: host bridge window [io  0x0000-0x0cf7] (ignored)
//    SUBSYSTEM=acpi
//    DEVICE=+acpi:PNP0A03:00
//   6,339,5140900,-;NET: Registered protocol family 10
//   0,0,0,-,caller=T1;Linux version 6.6.4-arch1-1 (linux@archlinux) (gcc (GCC) 13.2.1 20230801, GNU ld (GNU Binutils) 2.41.0) #1 SMP PREEMPT_DYNAMIC Mon, 04 Dec 2023 00:29:19 +0000
//
// Example:
//   createKmsgParser().parseLine('6,339,5140900,-;NET: Registered protocol family 10', 4, 120)
//   // → { t: 'record', rec: { kind: 'entry', time: { kind: 'mono', seconds: 5.1409 }, seq: 339, severity: 6,
//   //      facility: 0, ident: 'kernel', msg: 'NET: Registered protocol family 10', line: 4, offset: 120 } }

import { isBlank, matchPrompt } from './lines.ts';
import type { EntryRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

// The fields before `;` are comma-separated and never contain `;`, so the first `;` ends them.
const RECORD = /^(?<pri>\d{1,4}),(?<seq>\d+),(?<usec>\d+)(?<extra>(?:,[^,;]*)*);(?<msg>.*)$/;
// Context lines: one leading space, then KEY=value.
const CONTEXT = /^ (?<key>[A-Z0-9_]+)=(?<value>.*)$/;
// The kernel escapes non-printable bytes and `\` itself as `\xNN`.
const ESCAPES = /(?:\\x[0-9a-fA-F]{2})+/g;

const NUL = '\u0000';

/**
 * Undoes the kernel's `\xNN` escaping the way dmesg prints the message: bytes are decoded as UTF-8
 * (`\x5c` is `\`), and control characters stay escaped. A run that is not valid UTF-8 stays as printed.
 */
export function unescapeKmsg(msg: string): string {
  if (!msg.includes('\\x')) return msg;
  return msg.replace(ESCAPES, (run) => {
    const bytes = new Uint8Array(run.length / 4);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(run.slice(i * 4 + 2, i * 4 + 4), 16);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return run;
    }
    let out = '';
    for (const ch of text) {
      const c = ch.charCodeAt(0);
      out += c < 0x20 || c === 0x7f ? `\\x${c.toString(16).padStart(2, '0')}` : ch;
    }
    return out;
  });
}

function parseRecord(text: string, line: number, offset: number): EntryRecord | null {
  const g = RECORD.exec(text)?.groups;
  if (!g) return null;
  const pri = Number(g.pri);
  const rec: EntryRecord = {
    kind: 'entry',
    line,
    offset,
    msg: unescapeKmsg(g.msg ?? ''),
    time: { kind: 'mono', seconds: Number(g.usec) / 1e6 },
    ident: 'kernel',
    seq: Number(g.seq),
    severity: pri & 7,
    facility: pri >> 3,
  };
  const fields: Record<string, string> = {};
  // `flags` (`-`, or `c` for a fragment) is the first extra field when it has no `=`; newer kernels
  // add `caller=T1`; unknown fields are kept.
  (g.extra ?? '')
    .split(',')
    .slice(1)
    .forEach((part, i) => {
      const eq = part.indexOf('=');
      if (eq < 0) {
        if (i === 0 && part !== '-') fields.flags = part;
        else if (i > 0 && part !== '') fields[`extra${i}`] = part;
      } else {
        fields[part.slice(0, eq)] = part.slice(eq + 1);
      }
    });
  if (Object.keys(fields).length > 0) rec.fields = fields;
  return rec;
}

function parseOne(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const rec = parseRecord(text, line, offset);
  if (rec) return { t: 'record', rec };
  const ctx = CONTEXT.exec(text)?.groups;
  if (ctx) return { t: 'continuation', text: `${ctx.key}=${ctx.value}` };
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  return { t: 'unparsed', reason: 'no /dev/kmsg record (pri,seq,usec[,flags];msg)' };
}

/**
 * A parser for one file. `dmesg -K` files separate records with NUL: a NUL at either end of a line is
 * dropped, and when one line holds several records the first is the line's outcome and the others
 * (same line and offset) come from `finish()`, since a line yields one outcome.
 */
export function createKmsgParser(): FormatParser<EntryRecord> {
  let extra: EntryRecord[] = [];
  return {
    id: 'kmsg',
    parseLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
      if (!text.includes(NUL)) return parseOne(text, line, offset);
      const [first, ...more] = text.split(NUL).filter((part) => part !== '');
      if (first === undefined) return { t: 'blank' };
      for (const part of more) {
        const rec = parseRecord(part, line, offset);
        if (rec) extra.push(rec);
      }
      return parseOne(first, line, offset);
    },
    finish(): EntryRecord[] {
      const out = extra;
      extra = [];
      return out;
    },
  };
}

export const KMSG_FORMATS: readonly FormatSpec[] = [
  { id: 'kmsg', title: '/dev/kmsg records (dmesg -K)', create: createKmsgParser, pathHint: /kmsg/ },
];
