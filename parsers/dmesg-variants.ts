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

import { civilOf, isValidCivil } from './civil.ts';
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
// record, or right before the kernel's own glued caller id (`[    0.000000][    T0] msg`).
// `[%5ld.%06ld]`, `-d`: `[%5ld.%06ld <%12.06f>]` (the delta can be negative when time goes back).
const RAW = /^\[ *(?<seconds>\d+\.\d{6})(?: < *(?<delta>-?\d+\.\d{6})>)?\](?: |$|(?=\[))/;
// `-T`: `[%a %b %e %H:%M:%S %Y]` in the C locale; `-T -d` adds ` <%12.06f>`.
const CTIME =
  /^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(?<day>\d{1,2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}) (?<year>\d{4})(?: < *(?<delta>-?\d+\.\d{6})>)?\](?: |$|(?=\[))/;
// `--time-format iso`: `%Y-%m-%dT%H:%M:%S,%06ld` + offset; util-linux before ~2.29 printed `%z` (`+0100`).
const ISO =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2}),(?<micros>\d{6})(?<zone>[+-]\d{2}:?\d{2})(?: |$)/;
// `reltime` on a minute change: `[%b%e %H:%M]` (`[Feb13 23:31]`, `[Apr 7 17:30]`).
const RELTIME_MINUTE =
  /^\[(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ?(?<day>\d{1,2}) (?<hour>\d{2}):(?<minute>\d{2})\](?: |$|(?=\[))/;
// `reltime` otherwise: `[  %+8.06f]` below 10 s, `[ %+9.06f]` above: the delta to the previous record.
const RELTIME_DELTA = /^\[ *(?<delta>[+-]\d+\.\d{6})\](?: |$|(?=\[))/;
// `--time-format delta`: `[<%12.06f>]`, no absolute time at all.
const DELTA = /^\[< *(?<delta>-?\d+\.\d{6})>\](?: |$|(?=\[))/;
// CONFIG_PRINTK_CALLER: util-linux `[T12] ` after the stamps; the kernel's syslog form `[    T0]`.
const CALLER = /^\[ *(?<caller>[TC]\d+)\](?: |$)/;
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

function readStamp(text: string): { stamp: Stamp; length: number } | null {
  const first = text.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) {
    const m = ISO.exec(text);
    if (!m?.groups) return null;
    const civil = civilOf(m.groups);
    if (!isValidCivil(civil)) return null;
    return { stamp: { kind: 'iso', civil, zone: m.groups.zone ?? '' }, length: m[0].length };
  }
  if (first !== 0x5b) return null; // `[`
  let m = RAW.exec(text);
  if (m?.groups) {
    const stamp: Stamp = { kind: 'raw', seconds: Number(m.groups.seconds), withDelta: !!m.groups.delta };
    return { stamp, length: m[0].length };
  }
  m = CTIME.exec(text) ?? RELTIME_MINUTE.exec(text);
  if (m?.groups) {
    const civil = civilOf(m.groups);
    if (!isValidCivil(civil)) return null;
    const kind = civil.year === undefined ? 'reltime-minute' : 'ctime';
    return { stamp: { kind, civil }, length: m[0].length };
  }
  m = RELTIME_DELTA.exec(text);
  if (m?.groups) {
    return {
      stamp: { kind: 'reltime-delta', micros: deltaMicros(m.groups.delta ?? '') },
      length: m[0].length,
    };
  }
  m = DELTA.exec(text);
  if (m) return { stamp: { kind: 'delta' }, length: m[0].length };
  return null;
}

/** Reads the stamps at the start of `text` (one per `--time-format`), then a caller id. */
function readStamps(text: string): Stamped {
  const stamps: Stamp[] = [];
  let rest = text;
  while (stamps.length < MAX_STAMPS) {
    const s = readStamp(rest);
    if (!s) break;
    stamps.push(s.stamp);
    rest = rest.slice(s.length);
  }
  const out: Stamped = { stamps, msg: rest };
  if (stamps.length > 0) {
    const c = CALLER.exec(rest);
    if (c?.groups?.caller) {
      out.caller = c.groups.caller;
      out.msg = rest.slice(c[0].length);
    }
  }
  return out;
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
  const fields: Record<string, string> = {};
  if (stamped.caller) fields.caller = stamped.caller;
  if (r.approx) fields.approx = 'reltime';
  if (Object.keys(fields).length > 0) rec.fields = fields;
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
