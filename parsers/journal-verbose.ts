// `journalctl -o verbose`: one entry per block, a header line with the time and the cursor, then every
// field as `    FIELD=value` (logs-show.c output_verbose). A value with newlines goes on with lines
// indented to the column after `=`.
//
// Sample lines (a kernel entry quoted verbatim in the format notes §3.7 from a public sample [S31]):
//   Tue 2017-10-24 10:37:50.315725 UTC [s=6bffb876a10048479266ab251fa82f13;i=524715a;b=0a163cddc55946f889e0c7d0d3b917e8;m=914ed6facb5;t=55c4887dc4ccd;x=98df4480dbf4c068]
//       PRIORITY=6
//       _BOOT_ID=0a163cddc55946f889e0c7d0d3b917e8
//       _TRANSPORT=kernel
//       MESSAGE=be2net 0000:06:00.0 eno49: Link is Down
//       _SOURCE_MONOTONIC_TIMESTAMP=9986115138436
//
// Example:
//   const p = createJournalVerboseParser(); // one per file: an entry spans lines
//   p.parseLine('Tue 2017-10-24 10:37:50.315725 UTC [s=…;i=524715a;b=0a16…;m=914ed6facb5;t=55c4887dc4ccd;x=…]', 1, 0); // → { t: 'part' }
//   p.parseLine('    MESSAGE=be2net 0000:06:00.0 eno49: Link is Down', 5, 260); // → { t: 'part' }
//   p.finish()
//   // → [{ kind: 'entry', line: 1, offset: 0, time: { kind: 'epoch', ms: 1508841470315.725 }, ident: 'kernel',
//   //      severity: 6, bootId: '0a163cddc55946f889e0c7d0d3b917e8', kernelMono: 9986115.138436,
//   //      msg: 'be2net 0000:06:00.0 eno49: Link is Down', fields: { __MONOTONIC_TIMESTAMP: '9985487514805' } }]

import { civilOf, isValidCivil } from './civil.ts';
import { journalShortParser } from './journal-short.ts';
import { parseKlogHeader } from './klog.ts';
import { isBlank, matchPrompt } from './lines.ts';
import type { EntryRecord, EntryTime, FormatParser, FormatSpec, LineOutcome } from './types.ts';

// `%a %Y-%m-%d %H:%M:%S.%06u %Z` (TIMESTAMP_US, `--utc`: TIMESTAMP_US_UTC) or `(no timestamp)`, then the
// cursor `s=…;i=…;b=…;m=…;t=…;x=…`: `b=` is the boot id, `m=` the monotonic and `t=` the realtime clock,
// both in hex µs.
const HEADER =
  /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})\.(?<micros>\d{6})(?: (?<zone>[^\s[\]]+))?|\(no timestamp\)) \[(?<cursor>s=[0-9a-f]{32}(?:;[a-z]=[^;\]\s]*)+)\]$/;
// Field names are upper-case letters, digits and `_` (journal_field_valid); be lenient on case.
const FIELD = /^ {4}(?<key>[A-Za-z0-9_]+)=(?<value>.*)$/;
// print_multiline() indents the later lines of a value by 4 + len(FIELD) + 1 spaces (≥ 6).
const VALUE_CONTINUATION = /^ {5,}/;
const MARKER_LIKE = /^(?:-- |░░ |(?:Hint|Warning|Notice): )/;

/** Fields kept in `EntryRecord.fields` besides the ones the record names. */
const KEPT_FIELDS = ['_MACHINE_ID', '_SYSTEMD_UNIT', '_TRANSPORT'] as const;

interface Pending {
  line: number;
  offset: number;
  header: Record<string, string | undefined>;
  /** The cursor's `key=value` parts (`b`, `m`, `t`, …). */
  cursor: Map<string, string>;
  /** `[FIELD, value]` in print order; a field may repeat. */
  fields: [string, string][];
}

const HEX = /^[0-9a-f]{1,13}$/; // ≤ 13 hex digits stay exact in a double
const BOOT_ID = /^[0-9a-f]{32}$/;

function cursorParts(cursor: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of cursor.split(';')) {
    const eq = part.indexOf('=');
    parts.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return parts;
}

function headerTime(h: Pending['header'], cursor: Pending['cursor']): EntryTime {
  // The cursor's realtime is exact (the header shows an instant rounded to µs in an ambiguous zone).
  const t = cursor.get('t');
  if (t && HEX.test(t)) return { kind: 'epoch', ms: Number.parseInt(t, 16) / 1000 };
  if (h.year === undefined) return { kind: 'none' };
  const civil = civilOf(h);
  if (!isValidCivil(civil)) return { kind: 'none' };
  return h.zone ? { kind: 'civil', civil, zone: h.zone } : { kind: 'civil', civil };
}

const DECIMAL = /^\d+$/;

function toEntry(p: Pending): EntryRecord {
  const f = new Map<string, string>();
  for (const [k, v] of p.fields) if (!f.has(k)) f.set(k, v);
  const msg = f.get('MESSAGE') ?? '';
  const rec: EntryRecord = {
    kind: 'entry',
    line: p.line,
    offset: p.offset,
    msg,
    time: headerTime(p.header, p.cursor),
  };
  const host = f.get('_HOSTNAME');
  if (host) rec.host = host;
  const ident = f.get('_TRANSPORT') === 'kernel' ? 'kernel' : (f.get('SYSLOG_IDENTIFIER') ?? f.get('_COMM'));
  if (ident) rec.ident = ident;
  const pid = f.get('_PID') ?? f.get('SYSLOG_PID');
  if (pid && DECIMAL.test(pid)) rec.pid = Number(pid);
  const priority = f.get('PRIORITY');
  if (priority && /^[0-7]$/.test(priority)) rec.severity = Number(priority);
  const facility = f.get('SYSLOG_FACILITY');
  if (facility && DECIMAL.test(facility)) rec.facility = Number(facility);
  const b = p.cursor.get('b');
  const bootId = f.get('_BOOT_ID') ?? (b && BOOT_ID.test(b) ? b : undefined);
  if (bootId) rec.bootId = bootId;
  const source = f.get('_SOURCE_MONOTONIC_TIMESTAMP');
  if (source && DECIMAL.test(source)) rec.kernelMono = Number(source) / 1e6;
  // A klog header is on the first line; the later lines of a multi-line message belong to its text.
  const nl = msg.indexOf('\n');
  const klog = parseKlogHeader(nl < 0 ? msg : msg.slice(0, nl));
  if (klog) {
    if (nl >= 0) klog.msg += msg.slice(nl);
    rec.klog = klog;
  }
  const fields: Record<string, string> = {};
  const m = p.cursor.get('m');
  if (m && HEX.test(m)) fields.__MONOTONIC_TIMESTAMP = String(Number.parseInt(m, 16));
  for (const k of KEPT_FIELDS) {
    const v = f.get(k);
    if (v !== undefined) fields[k] = v;
  }
  if (Object.keys(fields).length > 0) rec.fields = fields;
  return rec;
}

/** A fresh parser per file: an entry is complete only at the next header or at the end of the file. */
export function createJournalVerboseParser(): FormatParser<EntryRecord> {
  let open: Pending | null = null;

  function parseLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
    const header = HEADER.exec(text)?.groups;
    if (header) {
      const done = open;
      open = { line, offset, header, cursor: cursorParts(header.cursor ?? ''), fields: [] };
      return done ? { t: 'record', rec: toEntry(done) } : { t: 'part' };
    }
    const field = FIELD.exec(text)?.groups;
    if (field) {
      if (!open) return { t: 'unparsed', reason: 'verbose field line before any entry header' };
      open.fields.push([field.key ?? '', field.value ?? '']);
      return { t: 'part' };
    }
    // A later line of a multi-line value (whitespace only when the value has an empty line).
    const last = open?.fields.at(-1);
    if (last && VALUE_CONTINUATION.test(text)) {
      const indent = 4 + last[0].length + 1;
      const rest = text.slice(0, indent).trim() === '' ? text.slice(indent) : text.trimStart();
      last[1] += `\n${rest}`;
      return { t: 'part' };
    }
    if (isBlank(text)) return { t: 'blank' };
    if (MARKER_LIKE.test(text)) {
      const out = journalShortParser.parseLine(text, line, offset);
      if (out.t === 'meta') return out;
    }
    const prompt = matchPrompt(text);
    if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
    if (!open && VALUE_CONTINUATION.test(text))
      return { t: 'unparsed', reason: 'indented line before any entry header' };
    return {
      t: 'unparsed',
      reason:
        'neither a verbose entry header (Www YYYY-MM-DD HH:MM:SS.uuuuuu TZ [cursor]) nor a    FIELD=value line',
    };
  }

  function finish(): EntryRecord[] {
    const done = open;
    open = null;
    return done ? [toEntry(done)] : [];
  }

  return { id: 'journal-verbose', parseLine, finish };
}

export const JOURNAL_VERBOSE_FORMATS: readonly FormatSpec[] = [
  {
    id: 'journal-verbose',
    title: 'journalctl -o verbose',
    create: () => createJournalVerboseParser(),
    pathHint: /^journal|verbose/,
  },
];
