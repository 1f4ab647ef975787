// journald's JSON outputs: `journalctl -o json` (one object per line; old versions print
// `{ "K" : "v", … }`, newer ones `{"K":"v",…}`), `-o json-seq` (each object after an RS byte, 0x1E,
// RFC 7464) and `-o json-sse` (`data: {…}` lines with a blank line after each), all one format id;
// and `-o json-pretty` (one object over many lines, tab-indented when written to a file, 8 spaces
// once pasted), a second id. `journal-export.ts` maps its entries with the same `journalEntry()`.
//
// Sample lines (a `journalctl -o json` kernel entry quoted in a public test suite, see
// test/fixtures/journal-json/yandex-walle-kernel-ext4.source.md; the systemd JSON-format example as
// the format notes §3.6 quote it; a json-sse line of the same kernel entry, constructed):
//   { "__CURSOR" : "s=7bd0fc5b3b334da3af600f1e95e17d0a;i=4f715;b=ffc57caa40a74f089f30bd98f21bbb54;m=3a45de0e6d;t=5aeb91feab28c;x=6f01b46423f237d8", "__REALTIME_TIMESTAMP" : "1599485011210892", "__MONOTONIC_TIMESTAMP" : "250280283757", "_BOOT_ID" : "ffc57caa40a74f089f30bd98f21bbb54", "_TRANSPORT" : "kernel", "SYSLOG_FACILITY" : "0", "SYSLOG_IDENTIFIER" : "kernel", "_MACHINE_ID" : "eece1da8102929dca99cd50c5f525eb5", "_HOSTNAME" : "vla3-3255.search.yandex.net", "_SOURCE_MONOTONIC_TIMESTAMP" : "250278904537", "PRIORITY" : "2", "MESSAGE" : "EXT4-fs error (device sdh2): ext4_wait_block_bitmap:519: comm Trash:store6: Cannot read block bitmap - block_group = 4467, block_bitmap = 146276355" }
//   { "MESSAGE" : "Hello World", "_UDEV_DEVLINK" : [ "/dev/alias1", "/dev/alias2" ], "BINARY" : [ 116, 104, 105, 115, 32, 7 ], "LARGE" : null }
//   data: {"__REALTIME_TIMESTAMP":"1599485011329238","_BOOT_ID":"ffc57caa40a74f089f30bd98f21bbb54","_TRANSPORT":"kernel","SYSLOG_IDENTIFIER":"kernel","_HOSTNAME":"vla3-3255.search.yandex.net","_SOURCE_MONOTONIC_TIMESTAMP":"250279023338","PRIORITY":"2","MESSAGE":"EXT4-fs error (device sdh2) in ext4_free_blocks:4969: IO failure"}
//
// Example:
//   journalJsonParser.parseLine('{"__REALTIME_TIMESTAMP":"1599485011329238","_TRANSPORT":"kernel","_SOURCE_MONOTONIC_TIMESTAMP":"250279023338","MESSAGE":"EXT4-fs error …"}', 1, 0)
//   // → { t: 'record', rec: { kind: 'entry', time: { kind: 'epoch', ms: 1599485011329.238 }, ident: 'kernel',
//   //      kernelMono: 250279.023338, msg: 'EXT4-fs error …', … } }
//
// Pretty sample (the first fields and the last of a `journalctl -o json-pretty` entry printed in the
// OpenSwitch REST design notes, see test/fixtures/journal-json-pretty/openswitch-rest-doc-pretty.source.md):
//   {
//           "__CURSOR" : "s=917df6ad70ee41cdba3f8fb28118e81b;i=4177e;b=78537df4874046d5ae9f251193b9f0bc;m=1b8905391e8;t=52b0c001a4714;x=75ceb440bae113ce",
//           "__REALTIME_TIMESTAMP" : "1454705424877332",
//           "MESSAGE" : "2016-02-05T20:50:24Z |389737| ops-ntpd | INFO | Sync NTPD -> OVSDB : done",
//           "_HOSTNAME" : "switch"
//   }
// Pretty example: createJournalJsonPrettyParser() answers `part` for every line but the last, whose
// outcome is the record, with the `line`/`offset` of the `{` line.

import { parseKlogHeader } from './klog.ts';
import { isBlank, MAX_LINE_BYTES, matchPrompt } from './lines.ts';
import type { EntryRecord, EntryTime, FormatParser, FormatSpec, LineOutcome, MetaFact } from './types.ts';

/** One journal field as the serialisation gave it, reduced to what the record needs. */
export interface JournalField {
  /** The first value as text (a byte array decoded as UTF-8, bad bytes as U+FFFD); null when lost (JSON `null`). */
  value: string | null;
  /** How many values the field has in the entry (> 1 when it repeats). */
  count: number;
  /** The first value was serialised as binary (a JSON byte array, an export binary field). */
  binary: boolean;
}

/** Looks a field up by its journal name (`MESSAGE`, `_BOOT_ID`, `__REALTIME_TIMESTAMP`). */
export type JournalFieldLookup = (name: string) => JournalField | undefined;

/** Journal fields kept in `EntryRecord.fields` as they are (the rest is mapped or dropped). */
const KEPT_FIELDS = [
  '__MONOTONIC_TIMESTAMP',
  '_SOURCE_REALTIME_TIMESTAMP',
  '_MACHINE_ID',
  '_SYSTEMD_UNIT',
  '__CURSOR',
] as const;

const MICROS = /^\d{1,20}$/;
const PID = /^\d{1,10}$/;
const PRIORITY = /^[0-7]$/;
const FACILITY = /^(?:1?\d|2[0-3])$/;
const BOOT_ID = /^[0-9a-f]{32}$/;

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function text(get: JournalFieldLookup, name: string): string | undefined {
  return get(name)?.value ?? undefined;
}

function micros(v: string | undefined): number | undefined {
  return v !== undefined && MICROS.test(v) ? Number(v) : undefined;
}

/**
 * The EntryRecord of one journal entry (JSON, pretty JSON or export), or null when the fields are
 * not a journal entry: it needs `__REALTIME_TIMESTAMP`, `__CURSOR` or `MESSAGE`.
 */
export function journalEntry(get: JournalFieldLookup, line: number, offset: number): EntryRecord | null {
  const message = get('MESSAGE');
  if (!message && !get('__REALTIME_TIMESTAMP') && !get('__CURSOR')) return null;

  // __REALTIME_TIMESTAMP is when journald received the entry, the one clock every entry has;
  // _SOURCE_REALTIME_TIMESTAMP (the sender's claim, never set for kernel entries) stays in fields.
  const us = micros(text(get, '__REALTIME_TIMESTAMP')) ?? micros(text(get, '_SOURCE_REALTIME_TIMESTAMP'));
  const time: EntryTime = us === undefined ? { kind: 'none' } : { kind: 'epoch', ms: us / 1000 };

  const fields: Record<string, string> = {};
  let msg = '';
  if (message) {
    if (message.value === null) fields.messageLost = 'true';
    else msg = message.value;
    if (message.binary) fields.messageBinary = 'true';
    if (message.count > 1) fields.messageCount = String(message.count);
  }
  const rec: EntryRecord = { kind: 'entry', line, offset, msg, time };

  const host = text(get, '_HOSTNAME');
  if (host) rec.host = host;
  const ident =
    text(get, '_TRANSPORT') === 'kernel' ? 'kernel' : (text(get, 'SYSLOG_IDENTIFIER') ?? text(get, '_COMM'));
  if (ident) rec.ident = ident;
  const pid = text(get, '_PID') ?? text(get, 'SYSLOG_PID');
  if (pid !== undefined && PID.test(pid)) rec.pid = Number(pid);
  const priority = text(get, 'PRIORITY');
  if (priority !== undefined && PRIORITY.test(priority)) rec.severity = Number(priority);
  const facility = text(get, 'SYSLOG_FACILITY');
  if (facility !== undefined && FACILITY.test(facility)) rec.facility = Number(facility);
  const bootId = text(get, '_BOOT_ID');
  if (bootId !== undefined && BOOT_ID.test(bootId)) rec.bootId = bootId;
  // The printk stamp of a kernel entry: the same number dmesg prints, so the two copies align exactly.
  const mono = micros(text(get, '_SOURCE_MONOTONIC_TIMESTAMP'));
  if (mono !== undefined) rec.kernelMono = mono / 1e6;
  const klog = parseKlogHeader(msg);
  if (klog) rec.klog = klog;

  for (const name of KEPT_FIELDS) {
    const v = text(get, name);
    if (v !== undefined) fields[name] = v;
  }
  if (Object.keys(fields).length > 0) rec.fields = fields;
  return rec;
}

function isByteArray(v: readonly unknown[]): v is number[] {
  return v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255);
}

/** A single JSON value of a journal field (a string, a byte array, or null: lost), with its count. */
function jsonValue(v: unknown, count: number): JournalField | undefined {
  if (typeof v === 'string') return { value: v, count, binary: false };
  if (v === null) return { value: null, count, binary: false };
  if (Array.isArray(v) && isByteArray(v))
    return { value: utf8.decode(Uint8Array.from(v)), count, binary: true };
  return undefined;
}

function jsonField(v: unknown): JournalField | undefined {
  // A repeated field: an array of values (strings, byte arrays, nulls). Keep the first and the count.
  return jsonValue(v, 1) ?? (Array.isArray(v) && v.length > 0 ? jsonValue(v[0], v.length) : undefined);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonLookup(obj: Record<string, unknown>): JournalFieldLookup {
  return (name) => (Object.hasOwn(obj, name) ? jsonField(obj[name]) : undefined);
}

/** UTF-8 length of a decoded line, without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4; // a surrogate pair is one 4-byte character
      i++;
    } else n += 3;
  }
  return n;
}

// `-- No entries --` is printed on stdout; sos merges journalctl's stderr hints into the file.
const OTHER_MARKER = /^(?:-- No entries --$|(?:Hint|Warning|Notice): )/;

/** Marker and prompt lines around journal output, or null. */
export function journalNoise(text: string): MetaFact | null {
  if (OTHER_MARKER.test(text)) return { kind: 'other-marker', text };
  const prompt = matchPrompt(text);
  if (prompt) return { kind: 'prompt', text, ...prompt };
  return null;
}

interface Scan {
  /** Bracket depth after the line. */
  depth: number;
  /** Where the depth first came back to 0, or -1; -2 when it went below 0 or a string stayed open. */
  closedAt: number;
}

/** Bracket depth across one line of JSON. Strings never span lines in JSON, so quotes are per line. */
function scanLine(s: string, depth: number): Scan {
  let d = depth;
  let closedAt = -1;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) d++;
    else if (c === 0x7d || c === 0x5d) {
      d--;
      if (d < 0) return { depth: d, closedAt: -2 };
      if (d === 0 && closedAt === -1) closedAt = i;
    }
  }
  return inString ? { depth: d, closedAt: -2 } : { depth: d, closedAt };
}

function malformedReason(body: string): string {
  if (utf8Length(body) >= MAX_LINE_BYTES - 3) return 'JSON cut: the line is over 1 MiB and was cut when read';
  const scan = scanLine(body, 0);
  return scan.closedAt === -1 || scan.depth > 0
    ? 'malformed JSON: the object is not closed on its line'
    : 'malformed JSON';
}

const NOT_AN_ENTRY = 'JSON object is not a journal entry (no __REALTIME_TIMESTAMP, __CURSOR or MESSAGE)';

/** Parses a complete JSON object text into a journal entry outcome. */
function objectOutcome(body: string, line: number, offset: number): LineOutcome<EntryRecord> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { t: 'unparsed', reason: malformedReason(body) };
  }
  if (!isObject(value)) return { t: 'unparsed', reason: 'JSON value is not an object' };
  const rec = journalEntry(jsonLookup(value), line, offset);
  return rec ? { t: 'record', rec } : { t: 'unparsed', reason: NOT_AN_ENTRY };
}

const RS = 0x1e;

function parseJsonLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
  if (isBlank(text)) return { t: 'blank' };
  let start = 0;
  if (text.charCodeAt(0) === RS) {
    // json-seq: RS before each object (RFC 7464).
    while (text.charCodeAt(start) === RS) start++;
  } else if (text.startsWith('data:')) {
    // json-sse: `data: {…}` and a blank line.
    start = text.startsWith('data: ') ? 6 : 5;
  }
  const body = (start > 0 ? text.slice(start) : text).trim();
  if (body.charCodeAt(0) === 0x7b) return objectOutcome(body, line, offset);
  const meta = journalNoise(text);
  if (meta) return { t: 'meta', meta };
  return { t: 'unparsed', reason: 'not a journal JSON line ({…}, RS {…} or data: {…})' };
}

export const journalJsonParser: FormatParser<EntryRecord> = { id: 'journal-json', parseLine: parseJsonLine };

// Lines of a pretty entry: `{` alone opens it, `}` alone closes it; in between, `<indent>"KEY" : value`
// where a journal value is a string, null or an array (of bytes, or of the values of a repeated
// field), and new journalctl versions print an array one element per line. Journal field names are
// upper case, which keeps other pretty JSON (ceph `-f json-pretty`: lower-case keys, nested objects) out.
const PRETTY_OPEN = /^\{[ \t]*$/;
const PRETTY_CLOSE = /^\}[ \t]*$/;
const PRETTY_MEMBER = /^[ \t]+"[A-Z_][A-Z0-9_]*"[ \t]*:[ \t]*(?:"|\[|null\b)/;
const PRETTY_ELEMENT = /^[ \t]+(?:\d|"|null\b|\[|\])/;
/** A comma at the end of a line before a closing line, left by a line that was skipped. */
const DANGLING_COMMA = /,(\n[ \t]*[\]}])/g;

interface OpenObject {
  line: number;
  offset: number;
  lines: string[];
  bytes: number;
  depth: number;
  skipped: boolean;
}

/** `journalctl -o json-pretty`: a fresh parser per file (it keeps the object being read). */
export function createJournalJsonPrettyParser(): FormatParser<EntryRecord> {
  let open: OpenObject | null = null;

  function start(text: string, line: number, offset: number): void {
    open = { line, offset, lines: [text], bytes: text.length, depth: 1, skipped: false };
  }

  function outside(text: string): LineOutcome<EntryRecord> {
    if (isBlank(text)) return { t: 'blank' };
    const meta = journalNoise(text);
    if (meta) return { t: 'meta', meta };
    if (text.charCodeAt(0) === 0x7b) {
      return { t: 'unparsed', reason: 'a one-line JSON object, not a json-pretty entry' };
    }
    return {
      t: 'unparsed',
      reason: 'not inside a journal json-pretty entry (entries start with a `{` line)',
    };
  }

  function close(obj: OpenObject): LineOutcome<EntryRecord> {
    const body = obj.lines.join('\n');
    return objectOutcome(obj.skipped ? body.replace(DANGLING_COMMA, '$1') : body, obj.line, obj.offset);
  }

  function parseLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
    if (open === null) {
      if (PRETTY_OPEN.test(text)) {
        start(text, line, offset);
        return { t: 'part' };
      }
      return outside(text);
    }
    const obj: OpenObject = open;
    if (PRETTY_OPEN.test(text)) {
      start(text, line, offset);
      return {
        t: 'unparsed',
        reason: `new entry before the entry from line ${obj.line} was closed; that entry is lost`,
      };
    }
    // Paste gaps inside an entry are tolerated.
    if (isBlank(text)) return { t: 'blank' };
    const shaped =
      obj.depth === 1 ? PRETTY_MEMBER.test(text) || PRETTY_CLOSE.test(text) : PRETTY_ELEMENT.test(text);
    const scan = scanLine(text, obj.depth);
    const closedEarly = scan.closedAt >= 0 && text.slice(scan.closedAt + 1).trim() !== '';
    if (!shaped || scan.closedAt === -2 || closedEarly) {
      // A damaged line (a wrapped paste, an edit): skip it and keep the rest of the entry.
      obj.skipped = true;
      return {
        t: 'unparsed',
        reason: `not a journal json-pretty field line in the entry from line ${obj.line} (skipped)`,
      };
    }
    obj.lines.push(text);
    obj.bytes += text.length + 1;
    obj.depth = scan.depth;
    if (obj.bytes > MAX_LINE_BYTES) {
      open = null;
      return { t: 'unparsed', reason: `the entry from line ${obj.line} is over 1 MiB; it is dropped` };
    }
    if (scan.depth > 0) return { t: 'part' };
    open = null;
    return close(obj);
  }

  function finish(): EntryRecord[] {
    const obj: OpenObject | null = open;
    open = null;
    // An entry cut at the end of the file: close it after its last complete field, if that parses.
    if (obj === null || obj.depth !== 1) return [];
    obj.lines.push('}');
    obj.skipped = true;
    const out = close(obj);
    if (out.t !== 'record') return [];
    out.rec.fields = { ...out.rec.fields, truncated: 'true' };
    return [out.rec];
  }

  return { id: 'journal-json-pretty', parseLine, finish };
}

export const JOURNAL_JSON_FORMATS: readonly FormatSpec[] = [
  {
    id: 'journal-json',
    title: 'journalctl -o json (also json-seq, json-sse)',
    create: () => journalJsonParser,
    pathHint: /^journal.*json/,
  },
  {
    id: 'journal-json-pretty',
    title: 'journalctl -o json-pretty',
    create: () => createJournalJsonPrettyParser(),
    pathHint: /^journal.*json/,
  },
];
