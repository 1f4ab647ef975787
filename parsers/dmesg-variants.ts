// The `dmesg` (util-linux) output variants other than the raw default: `dmesg -T` / `--ctime`,
// `--time-format iso`, `-r` (syslog(2) raw, `<pri>` prefix), `-x` (decoded facility and level), and
// `-e` / `--time-format reltime` together with `--time-format delta` and `-d` (time + delta). The
// shapes are the printf/strftime formats of util-linux sys-utils/dmesg.c `print_record()`. Several
// `--time-format` options print several stamps in a row; all are read, and the most exact one is the
// time. /dev/kmsg records are in kmsg.ts.
//
// Sample lines (ceph/ceph doc/cephfs/troubleshooting.rst 2025 and a cephadm lab README with the 6.7+
// fsid prefix, both `dmesg -T`; then util-linux tests/expected/dmesg/timestamp-format-delta,
// tests/ts/dmesg/input (the `-r` input), tests/expected/dmesg/cid-kmsg-decode and
// tests/expected/dmesg/timestamp-format-delta-ctime):
//   [Fri Aug 15 02:38:10 2025] ceph: mds0 caps stale
//   [Tue May  5 18:03:14 2026] ceph: [2a882841-48a3-11f1-838c-d00d99b60350 14451]: mds0 came back
//   2009-02-13T23:31:30,123456+00:00 [<    0.000000>] example[0]
//   <3>[   27.000000] example[3]
//   kern  :info  : [    0.201607] [T12] smp: Bringing up secondary CPUs ...
//   [Feb13 23:31] [Fri Feb 13 23:31:30 2009 <    0.000000>] example[0]
//   [  +7.000000] [Fri Feb 13 23:31:38 2009 <    7.000000>] example[2]
//
// Example:
//   createDmesgCtimeParser().parseLine('[Fri Aug 15 02:38:10 2025] ceph: mds0 caps stale', 1, 0)
//   // → { t: 'record', rec: { kind: 'entry', ident: 'kernel', msg: 'ceph: mds0 caps stale', line: 1, offset: 0,
//   //      time: { kind: 'civil', civil: { year: 2025, month: 8, day: 15, hour: 2, minute: 38, second: 10, micros: 0 } } } }

import { civilOf, digitsEnd, isValidCivil, monthAt, twoDigitsAt } from './civil.ts';
import { type PrintkStamp, readSeconds } from './dmesg.ts';
import { isBlank, matchPrompt } from './lines.ts';
import type {
  CivilTime,
  EntryRecord,
  EntryTime,
  FormatParser,
  FormatSpec,
  KnownFormat,
  LineOutcome,
} from './types.ts';

/** Syslog level names as `dmesg -x` prints them (index = severity). */
const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'] as const;
/** Facility names as `dmesg -x` prints them (index = facility). */
const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'res0',
  'res1',
  'res2',
  'res3',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
] as const;

// Every stamp ends with the space dmesg prints before the next field, at the end of an empty
// record, or right before the kernel's own glued caller id (`[    0.000000][    T0] msg`). The
// stamps are read where the previous one ended: the regexes are sticky (`y`) instead of `^`.
// `[%5ld.%06ld]`, `-d`: `[%5ld.%06ld <%12.06f>]` (the delta can be negative when time goes back):
// read by hand (readRaw), as is `-T` (readCtime), the variants files are mostly made of.
// `--time-format iso`: `%Y-%m-%dT%H:%M:%S,%06ld` + offset; util-linux before ~2.29 printed `%z` (`+0100`).
const ISO =
  /(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}),(?<micros>\d{6})(?<zone>[+-]\d{2}:?\d{2})(?: |$)/y;
// `reltime` on a minute change: `[%b%e %H:%M]` (`[Feb13 23:31]`, `[Apr 7 17:30]`).
const RELTIME_MINUTE =
  /\[(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ?(?<day>\d{1,2}) (?<hour>\d{2}):(?<minute>\d{2})\](?: |$|(?=\[))/y;
// `reltime` otherwise: `[  %+8.06f]` below 10 s, `[ %+9.06f]` above: the delta to the previous record.
const RELTIME_DELTA = /\[ *(?<delta>[+-]\d+\.\d{6})\](?: |$|(?=\[))/y;
// `--time-format delta`: `[<%12.06f>]`, no absolute time at all.
const DELTA = /\[< *(?<delta>-?\d+\.\d{6})>\](?: |$|(?=\[))/y;
// CONFIG_PRINTK_CALLER: util-linux `[T12] ` after the stamps; the kernel's syslog form `[    T0]`.
const CALLER = /\[ *(?<caller>[TC]\d+)\](?: |$)/y;
// `-r`: `<%d>` (facility·8 + level) glued to the time.
const RAW_LEVEL = /^<(?<pri>\d{1,3})>(?<rest>\[.*)$/;
// `-x`: `%-6s:%-6s: ` (facility, level), then whatever time format was asked for.
const DECODED = /^(?<facility>[a-z]+[0-7]?) *:(?<severity>[a-z]+) *:(?: (?<rest>.*))?$/;

/** Lines dmesg indents to the message column: the later lines of a multi-line printk record. */
const CONTINUATION = /^[ \t]/;

/** More stamps than util-linux can print in a row (it has six time formats). */
const MAX_STAMPS = 6;

type Stamp =
  | { kind: 'raw'; seconds: number; withDelta: boolean }
  | { kind: 'ctime'; civil: CivilTime }
  | { kind: 'iso'; civil: CivilTime; zone: string }
  | { kind: 'reltime-minute'; civil: CivilTime }
  | { kind: 'reltime-delta'; micros: number }
  | { kind: 'delta' };

interface Stamped {
  stamps: Stamp[];
  caller?: string;
  msg: string;
}

/** `+7.000123` → 7000123 (whole microseconds, so sums of deltas do not drift). */
function deltaMicros(text: string): number {
  const negative = text.startsWith('-');
  const [s = '0', us = '0'] = text.replace(/^[+-]/, '').split('.');
  const micros = Number(s) * 1_000_000 + Number(us);
  return negative ? -micros : micros;
}

/** Where the stamp readStamp() read last ends (its trailing space included). */
let stampEnd = 0;
const seconds: PrintkStamp = { seconds: 0, end: 0 };

/** After a stamp's `]` at `at`: `(?: |$|(?=\[))`, the index past it, or -1. */
function afterStamp(text: string, at: number): number {
  if (at === text.length || text.charCodeAt(at) === 0x5b) return at;
  return text.charCodeAt(at) === 0x20 ? at + 1 : -1;
}

/** ` <%12.06f>]` after the seconds of `-d` (` < *-?\d+\.\d{6}>`): the index of its `]`, or -1. */
function skipDelta(text: string, at: number): number {
  if (text.charCodeAt(at) !== 0x20 || text.charCodeAt(at + 1) !== 0x3c) return -1;
  let i = at + 2;
  while (text.charCodeAt(i) === 0x20) i++;
  if (text.charCodeAt(i) === 0x2d) i++;
  if (!readSeconds(text, i, seconds) || text.charCodeAt(seconds.end) !== 0x3e) return -1;
  return seconds.end + 1;
}

/** `\[ *(?<seconds>\d+\.\d{6})(?: < *(?<delta>-?\d+\.\d{6})>)?\]` at `at` and what ends it. */
function readRaw(text: string, at: number): Stamp | null {
  let i = at + 1;
  while (text.charCodeAt(i) === 0x20) i++;
  if (!readSeconds(text, i, seconds)) return null;
  const value = seconds.seconds;
  let close = seconds.end;
  let withDelta = false;
  if (text.charCodeAt(close) !== 0x5d) {
    close = skipDelta(text, close);
    if (close < 0 || text.charCodeAt(close) !== 0x5d) return null;
    withDelta = true;
  }
  const end = afterStamp(text, close + 1);
  if (end < 0) return null;
  stampEnd = end;
  return { kind: 'raw', seconds: value, withDelta };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** True when the three letters at `at` are a C-locale `%a` day name. */
function isWeekday(text: string, at: number): boolean {
  return WEEKDAYS.some((d) => text.startsWith(d, at));
}

/**
 * `-T`: `\[(?:Mon|…|Sun) (?<month>Jan|…|Dec) {1,2}(?<day>\d{1,2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}) (?<year>\d{4})(?: < *(?<delta>-?\d+\.\d{6})>)?\]`
 * at `at` (`[%a %b %e %H:%M:%S %Y]` in the C locale; `-T -d` adds ` <%12.06f>`): the time as
 * printed, which may not be valid, and what ends it; undefined when the shape is not there.
 */
function readCtime(text: string, at: number): CivilTime | undefined {
  if (!isWeekday(text, at + 1) || text.charCodeAt(at + 4) !== 0x20) return undefined;
  const month = monthAt(text, at + 5);
  if (month === 0 || text.charCodeAt(at + 8) !== 0x20) return undefined;
  let i = at + 9;
  if (text.charCodeAt(i) === 0x20) i++;
  const dayEnd = Math.min(digitsEnd(text, i), i + 2);
  if (dayEnd === i || text.charCodeAt(dayEnd) !== 0x20) return undefined;
  const day = dayEnd - i === 2 ? twoDigitsAt(text, i) : text.charCodeAt(i) - 0x30;
  i = dayEnd + 1;
  const hour = twoDigitsAt(text, i);
  const minute = twoDigitsAt(text, i + 3);
  const second = twoDigitsAt(text, i + 6);
  const century = twoDigitsAt(text, i + 9);
  const years = twoDigitsAt(text, i + 11);
  if (
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    century < 0 ||
    years < 0 ||
    text.charCodeAt(i + 2) !== 0x3a ||
    text.charCodeAt(i + 5) !== 0x3a ||
    text.charCodeAt(i + 8) !== 0x20
  )
    return undefined;
  let close = i + 13;
  if (text.charCodeAt(close) !== 0x5d) {
    close = skipDelta(text, close);
    if (close < 0 || text.charCodeAt(close) !== 0x5d) return undefined;
  }
  const end = afterStamp(text, close + 1);
  if (end < 0) return undefined;
  stampEnd = end;
  const civil: CivilTime = { month, day, hour, minute, second, micros: 0 };
  civil.year = century * 100 + years;
  return civil;
}

/**
 * A `-T` stamp at `at` (readCtime) and the index after it and its one space; undefined when the
 * shape is not there or the time is impossible. For the scan's cheap path (workers/skim.ts), which
 * reads lines in place in a longer text: a stamp at the very end of a line is not found there.
 */
export function ctimeAt(text: string, at: number): { civil: CivilTime; end: number } | undefined {
  const civil = readCtime(text, at);
  return civil && isValidCivil(civil) ? { civil, end: stampEnd } : undefined;
}

/** Runs a sticky stamp regex at `at`; its match sets stampEnd. */
function stickyAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  const m = re.exec(text);
  if (m) stampEnd = re.lastIndex;
  return m;
}

/** The stamp at `at` (its end in stampEnd), or null. */
function readStamp(text: string, at: number): Stamp | null {
  const first = text.charCodeAt(at);
  if (first >= 0x30 && first <= 0x39) {
    const m = stickyAt(ISO, text, at);
    if (!m?.groups) return null;
    const civil = civilOf(m.groups);
    if (!isValidCivil(civil)) return null;
    return { kind: 'iso', civil, zone: m.groups.zone ?? '' };
  }
  if (first !== 0x5b) return null; // `[`
  const raw = readRaw(text, at);
  if (raw) return raw;
  const ctime = readCtime(text, at);
  if (ctime) return isValidCivil(ctime) ? { kind: 'ctime', civil: ctime } : null;
  let m = stickyAt(RELTIME_MINUTE, text, at);
  if (m?.groups) {
    const civil = civilOf(m.groups);
    return isValidCivil(civil) ? { kind: 'reltime-minute', civil } : null;
  }
  m = stickyAt(RELTIME_DELTA, text, at);
  if (m?.groups) return { kind: 'reltime-delta', micros: deltaMicros(m.groups.delta ?? '') };
  m = stickyAt(DELTA, text, at);
  if (m) return { kind: 'delta' };
  return null;
}

/** Reads the stamps at the start of `text` (one per `--time-format`), then a caller id. */
function readStamps(text: string): Stamped {
  const stamps: Stamp[] = [];
  let at = 0;
  while (stamps.length < MAX_STAMPS) {
    const s = readStamp(text, at);
    if (!s) break;
    stamps.push(s);
    at = stampEnd;
  }
  if (stamps.length > 0 && text.charCodeAt(at) === 0x5b) {
    const c = stickyAt(CALLER, text, at);
    if (c?.groups?.caller) return { stamps, caller: c.groups.caller, msg: text.slice(stampEnd) };
  }
  return { stamps, msg: at === 0 ? text : text.slice(at) };
}

/** The last `reltime` minute stamp of a file and the deltas printed since. */
interface ReltimeState {
  minute?: CivilTime;
  micros: number;
}

/** `base` + `micros`, for a year-less time (a leap year keeps Feb 29 valid). */
function addMicros(base: CivilTime, micros: number): CivilTime {
  const total = base.micros + micros;
  const carry = Math.floor(total / 1_000_000);
  const d = new Date(Date.UTC(2000, base.month - 1, base.day, base.hour, base.minute, base.second + carry));
  return {
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    micros: total - carry * 1_000_000,
  };
}

interface Resolved {
  time: EntryTime;
  kernelMono?: number;
  /** The time is a `reltime` minute plus deltas: the true seconds are unknown (at or after it). */
  approx?: boolean;
}

/**
 * Picks the most exact of the stamps: iso (has a zone) > ctime (has a year) > reltime (minute +
 * deltas) > boot-relative seconds > none. Boot-relative seconds beside a calendar time are kept
 * as `kernelMono`. Every reltime stamp moves the file's reltime state, whichever stamp wins.
 */
function resolve(stamps: readonly Stamp[], reltime: ReltimeState): Resolved {
  let iso: { civil: CivilTime; zone: string } | undefined;
  let ctime: CivilTime | undefined;
  let rel: CivilTime | undefined;
  let mono: number | undefined;
  for (const s of stamps) {
    switch (s.kind) {
      case 'iso':
        iso ??= s;
        break;
      case 'ctime':
        ctime ??= s.civil;
        break;
      case 'reltime-minute':
        reltime.minute = s.civil;
        reltime.micros = 0;
        rel ??= s.civil;
        break;
      case 'reltime-delta':
        reltime.micros += s.micros;
        if (reltime.minute) rel ??= addMicros(reltime.minute, reltime.micros);
        break;
      case 'raw':
        mono ??= s.seconds;
        break;
      case 'delta':
        break;
    }
  }
  let out: Resolved;
  if (iso) out = { time: { kind: 'civil', civil: iso.civil, zone: iso.zone } };
  else if (ctime) out = { time: { kind: 'civil', civil: ctime } };
  else if (rel) out = { time: { kind: 'civil', civil: rel }, approx: true };
  else if (mono !== undefined) return { time: { kind: 'mono', seconds: mono } };
  else out = { time: { kind: 'none' } };
  if (mono !== undefined) out.kernelMono = mono;
  return out;
}

interface Head {
  stamped: Stamped;
  severity?: number;
  facility?: number;
}

function entry(head: Head, reltime: ReltimeState, line: number, offset: number): EntryRecord {
  const { stamped } = head;
  const r = resolve(stamped.stamps, reltime);
  const rec: EntryRecord = { kind: 'entry', line, offset, msg: stamped.msg, time: r.time, ident: 'kernel' };
  if (head.severity !== undefined) rec.severity = head.severity;
  if (head.facility !== undefined) rec.facility = head.facility;
  if (r.kernelMono !== undefined) rec.kernelMono = r.kernelMono;
  if (stamped.caller || r.approx) {
    const fields: Record<string, string> = {};
    if (stamped.caller) fields.caller = stamped.caller;
    if (r.approx) fields.approx = 'reltime';
    rec.fields = fields;
  }
  return rec;
}

/** A parser for one variant: `head` says whether a line has the variant's prefix. */
function createVariantParser(
  id: KnownFormat,
  reason: string,
  head: (text: string) => Head | null,
): FormatParser<EntryRecord> {
  // Per file: `reltime` deltas count from the last minute stamp of this file only.
  const reltime: ReltimeState = { micros: 0 };
  return {
    id,
    parseLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
      if (isBlank(text)) return { t: 'blank' };
      const h = head(text);
      if (h) return { t: 'record', rec: entry(h, reltime, line, offset) };
      if (CONTINUATION.test(text)) return { t: 'continuation', text: text.trimStart() };
      const prompt = matchPrompt(text);
      if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
      return { t: 'unparsed', reason };
    },
  };
}

/** A head whose first stamp is of one of `kinds`. */
function firstStamp(accept: (s: Stamp) => boolean): (text: string) => Head | null {
  return (text) => {
    const stamped = readStamps(text);
    const first = stamped.stamps[0];
    return first && accept(first) ? { stamped } : null;
  };
}

/** `dmesg -T` / `--ctime`: `[Fri Aug 15 02:38:10 2025] msg`, local time of the host that ran dmesg, no zone. */
export function createDmesgCtimeParser(): FormatParser<EntryRecord> {
  return createVariantParser(
    'dmesg-ctime',
    'no dmesg -T timestamp ([Www Mmm d hh:mm:ss yyyy], C locale)',
    firstStamp((s) => s.kind === 'ctime'),
  );
}

/** `dmesg --time-format iso`: `2009-02-13T23:31:30,123456+00:00 msg` (zone as printed). */
export function createDmesgIsoParser(): FormatParser<EntryRecord> {
  return createVariantParser(
    'dmesg-iso',
    'no dmesg iso timestamp (yyyy-mm-ddThh:mm:ss,uuuuuu+hh:mm)',
    firstStamp((s) => s.kind === 'iso'),
  );
}

/** `dmesg -r`: `<6>[ 1234.567890] msg`; severity = pri & 7, facility = pri >> 3. */
export function createDmesgRawLevelParser(): FormatParser<EntryRecord> {
  return createVariantParser('dmesg-raw-level', 'no dmesg -r prefix (<pri>[seconds.micros])', (text) => {
    const g = RAW_LEVEL.exec(text)?.groups;
    if (!g) return null;
    const stamped = readStamps(g.rest ?? '');
    if (stamped.stamps[0]?.kind !== 'raw') return null;
    const pri = Number(g.pri);
    return { stamped, severity: pri & 7, facility: pri >> 3 };
  });
}

/** `dmesg -x`: `kern  :info  : [   27.000000] msg`, with any time format (or none) after the names. */
export function createDmesgDecodedParser(): FormatParser<EntryRecord> {
  return createVariantParser('dmesg-decoded', 'no dmesg -x prefix (facility:level: )', (text) => {
    const g = DECODED.exec(text)?.groups;
    if (!g) return null;
    const facility = (FACILITIES as readonly string[]).indexOf(g.facility ?? '');
    const severity = (LEVELS as readonly string[]).indexOf(g.severity ?? '');
    if (facility < 0 || severity < 0) return null;
    return { stamped: readStamps(g.rest ?? ''), severity, facility };
  });
}

/**
 * `dmesg -e` / `--time-format reltime` (`[Feb13 23:31] msg` on a minute change, `[  +0.000123] msg`
 * otherwise), `--time-format delta` (`[<    0.000123>] msg`, no time) and `-d`
 * (`[    8.000000 <    7.000000>] msg`, boot-relative). Keeps the last minute stamp: one parser per file.
 */
export function createDmesgReltimeParser(): FormatParser<EntryRecord> {
  return createVariantParser(
    'dmesg-reltime',
    'no dmesg reltime/delta timestamp ([Mmmdd hh:mm], [  +s.micros], [<s.micros>] or [s.micros <s.micros>])',
    firstStamp(
      (s) =>
        s.kind === 'reltime-minute' ||
        s.kind === 'reltime-delta' ||
        s.kind === 'delta' ||
        (s.kind === 'raw' && s.withDelta),
    ),
  );
}

export const DMESG_VARIANT_FORMATS: readonly FormatSpec[] = [
  {
    id: 'dmesg-ctime',
    title: 'dmesg -T (ctime)',
    create: createDmesgCtimeParser,
    // sos: sos_commands/kernel/dmesg_-T (names are lower-cased before matching).
    pathHint: /^dmesg.*(?:_-t\b|ctime)/,
  },
  {
    id: 'dmesg-iso',
    title: 'dmesg --time-format iso',
    create: createDmesgIsoParser,
    pathHint: /^dmesg.*iso/,
  },
  {
    id: 'dmesg-raw-level',
    title: 'dmesg -r (raw, with level)',
    create: createDmesgRawLevelParser,
    pathHint: /^dmesg.*(?:_-r\b|raw)/,
  },
  {
    id: 'dmesg-decoded',
    title: 'dmesg -x (decoded facility and level)',
    create: createDmesgDecodedParser,
    pathHint: /^dmesg.*(?:_-x\b|decode)/,
  },
  {
    id: 'dmesg-reltime',
    title: 'dmesg -e (reltime), --time-format delta, -d',
    create: createDmesgReltimeParser,
    pathHint: /^dmesg.*(?:_-e\b|_-d\b|_-h\b|reltime|delta)/,
  },
];
