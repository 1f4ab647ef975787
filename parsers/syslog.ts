// Syslog files written by rsyslog/syslog-ng: /var/log/messages, /var/log/syslog, kern.log (RFC 3164
// traditional format, also with its wire `<PRI>`), RFC 5424 lines, and rsyslog `RSYSLOG_FileFormat`
// (RFC 3339 high-precision stamps).
//
// Sample lines (ceph/ceph troubleshooting.rst kern.log, a CentOS 7 /var/log/messages quoted in a public
// repository, arvimal/ceph_check README (rsyslog `#012` escapes), RFC 3164 §5.4 example 1):
//   Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session
//   Oct  6 19:18:51 mon1 kernel: libceph: mon0 192.168.2.81:6789 session established
//   Aug 21 19:00:30 rhel7 ceph_check: ERROR: integer division or modulo by zero#012Traceback (most recent call last):#012  File "ceph_check.py", line 266, in <module>#012    checker.cc_condition()#012  File "ceph_check.py", line 72, in cc_condition#012    self.check_keyring()#012  File "ceph_check.py", line 92, in check_keyring#012    1 / 0#012ZeroDivisionError: integer division or modulo by zero
//   <34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8
//
// Example:
//   SYSLOG_FORMATS[0].create().parseLine('Oct  6 19:18:51 mon1 kernel: libceph: mon0 192.168.2.81:6789 session established', 3, 120)
//   // → { t: 'record', rec: { kind: 'entry', time: { kind: 'civil', civil: { month: 10, day: 6, hour: 19, … } },
//   //      host: 'mon1', ident: 'kernel', msg: 'libceph: mon0 192.168.2.81:6789 session established', line: 3, offset: 120 } }
//
// The other two variants (RFC 5424 §6.5 example 1, where BOM stands for U+FEFF; a line constructed
// from the rsyslog RSYSLOG_FileFormat template and libceph's format string):
//     <34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - BOM'su root' failed for lonvick on /dev/pts/8
//     2023-11-09T18:09:14.123456+08:00 node-a kernel: libceph: mon0 (1)10.99.10.4:6789 session lost, hunting for new mon

import {
  civilOf,
  type DateTimeFields,
  digitsAt,
  digitsEnd,
  fractionMicros,
  integerOf,
  isDigit,
  isoZoneEnd,
  isValidCivil,
  isValidDate,
  monthAt,
  readIsoDateTime,
  twoDigitsAt,
} from './civil.ts';
import { setMessage } from './journal-short.ts';
import { hasLineBreak, isBlank, isSpaceCode, matchPrompt } from './lines.ts';
import type {
  CivilTime,
  EntryRecord,
  EntryTime,
  FormatParser,
  FormatSpec,
  LineOutcome,
  MetaFact,
} from './types.ts';

// RFC 3164 TIMESTAMP `Mmm dd hh:mm:ss`: days 1-9 are space-padded (`Nov  9`). syslog-ng and rsyslog's
// `date-rfc3164-buggyday` zero-pad them (`Nov 09`) as journalctl does, so both are accepted. Read
// by hand (read3164), as is the RFC 3339 stamp (read3339): every line of the file goes through it.

// RFC 5424 HEADER up to MSGID; STRUCTURED-DATA and MSG are read by `readStructuredData`.
const RFC5424 =
  /^<(?<pri>\d{1,3})>(?<version>[1-9]\d?) (?<ts>-|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (?<host>\S+) (?<app>\S+) (?<procid>\S+) (?<msgid>\S+) (?<rest>.*)$/;
const ISO =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<fraction>\d{1,9}))?(?<zone>Z|[+-]\d{2}:\d{2})$/;

// `%syslogtag%`: the TAG stops at whitespace, `[` or `:` (RFC 3164 §4.1.3); read by readTag.

// rsyslog escapes control characters on receive as `#ooo` (the docs name `\` as the prefix). Only control
// codes (000-037, 177) are escapes: `issue #123` stays as written.
const CONTROL_ESCAPE = /[#\\](0[0-3][0-7]|177)/g;

// Not events: sysklogd/rsyslog repeat compression and the `-- MARK --` heartbeat.
const UNTAGGED_MARKER = /^(?:last message repeated \d+ times?|-- MARK --)$/;
const MARK = '-- MARK --';
const REPEATED = /^message repeated \d+ times?: \[/;

/** Replaces rsyslog `#012`-style control escapes by the characters they stand for. */
export function unescapeControl(msg: string): string {
  return msg.includes('#') || msg.includes('\\')
    ? msg.replace(CONTROL_ESCAPE, (_m, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)))
    : msg;
}

/** `2003-10-11T22:14:15.003Z` → civil time with year and the zone as printed, or null. */
export function parseIsoStamp(text: string): { civil: CivilTime; zone: string } | null {
  const g = ISO.exec(text)?.groups;
  if (!g) return null;
  const civil = civilOf(g, fractionMicros(g.fraction));
  return isValidDate(civil) ? { civil, zone: g.zone ?? '' } : null;
}

function prompt(text: string): LineOutcome<EntryRecord> | null {
  const p = matchPrompt(text);
  return p ? { t: 'meta', meta: { kind: 'prompt', text, ...p } } : null;
}

function marker(text: string): LineOutcome<EntryRecord> {
  const meta: MetaFact = { kind: 'other-marker', text };
  return { t: 'meta', meta };
}

/** Kernel stamp, control escapes and an embedded klog header: the same for every variant. */
function finishMessage(rec: EntryRecord, msg: string): EntryRecord {
  return setMessage(rec, msg, unescapeControl);
}

function priority(rec: EntryRecord, pri: string | undefined): boolean {
  if (pri === undefined) return true;
  const n = Number(pri);
  if (n > 191) return false;
  rec.severity = n % 8;
  rec.facility = Math.floor(n / 8);
  return true;
}

/** `tag[pid]: msg` after the host (3164 and 3339 files), or an untagged message. */
function body(text: string, rec: EntryRecord, rest: string | undefined): LineOutcome<EntryRecord> {
  if (rest === undefined || rest === '') return { t: 'unparsed', reason: 'no message after the host name' };
  // `^(?<ident>[^\s[:]+)(?:\[(?<pid>\d+)\])?: ?(?<msg>.*)$`; `rest` holds no line break (its
  // reader checked), so the message is the rest of it.
  let i = 0;
  while (i < rest.length) {
    const c = rest.charCodeAt(i);
    if (c === 0x5b || c === 0x3a || isSpaceCode(c)) break;
    i++;
  }
  const identEnd = i;
  let pidEnd = -1;
  if (rest.charCodeAt(i) === 0x5b) {
    pidEnd = digitsEnd(rest, i + 1);
    i = pidEnd > i + 1 && rest.charCodeAt(pidEnd) === 0x5d ? pidEnd + 1 : -1;
  }
  if (identEnd === 0 || i < 0 || rest.charCodeAt(i) !== 0x3a) {
    if (UNTAGGED_MARKER.test(rest)) return marker(text);
    // RFC 3164 allows a message without TAG (`<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!`).
    return { t: 'record', rec: finishMessage(rec, rest) };
  }
  const msg = rest.slice(rest.charCodeAt(i + 1) === 0x20 ? i + 2 : i + 1);
  // `%msg%` keeps a leading space of its own: `rsyslogd:  message repeated 76 times: [-- MARK --]`.
  const trimmed = msg.trim();
  if (REPEATED.test(trimmed) || trimmed === MARK) return marker(text);
  rec.ident = rest.slice(0, identEnd);
  if (pidEnd > 0) rec.pid = integerOf(rest, identEnd + 1, pidEnd);
  return { t: 'record', rec: finishMessage(rec, msg) };
}

/** The prefix of a 3164 or 3339 line, as read3164/read3339 find it. */
interface SyslogHead {
  civil: CivilTime;
  /** The RFC 3339 offset as printed. */
  zone: string;
  /** RFC 3164 only: the seconds have a fraction (`.123`). */
  fraction: boolean;
  pri: string | undefined;
  host: string;
  rest: string | undefined;
}

/** `(?:<(?<pri>\d{1,3})>)?` at the start: the index after it (0 when absent), or -1. */
function priEnd(text: string): number {
  if (text.charCodeAt(0) !== 0x3c) return 0;
  const end = digitsEnd(text, 1);
  return end > 1 && end <= 4 && text.charCodeAt(end) === 0x3e ? end + 1 : -1;
}

/** ` (?<host>\S+)(?: (?<rest>.*))?$` from `at` into `head`, or false. */
function hostAndRest(text: string, at: number, head: SyslogHead): SyslogHead | null {
  if (text.charCodeAt(at) !== 0x20) return null;
  let i = at + 1;
  while (i < text.length && !isSpaceCode(text.charCodeAt(i))) i++;
  if (i === at + 1) return null;
  head.host = text.slice(at + 1, i);
  if (i === text.length) return head;
  if (text.charCodeAt(i) !== 0x20 || hasLineBreak(text, i + 1)) return null;
  head.rest = text.slice(i + 1);
  return head;
}

/**
 * `^(?:<(?<pri>\d{1,3})>)?(?<month>Jan|…|Dec) (?: (?<day1>[1-9])|(?<day>[0-3]\d)) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?<fraction>\.\d+)? (?<host>\S+)(?: (?<rest>.*))?$`
 */
/**
 * `Mmm dd hh:mm:ss` at `at` (the day space- or zero-padded) into `out` (micros 0, unchecked as a
 * calendar time): the index after the seconds, or -1. Shared with the scan's cheap path
 * (workers/skim.ts), which reads lines in place in a longer text.
 */
export function read3164Stamp(text: string, at: number, out: CivilTime): number {
  out.month = monthAt(text, at);
  if (out.month === 0 || text.charCodeAt(at + 3) !== 0x20) return -1;
  const d0 = text.charCodeAt(at + 4);
  const d1 = text.charCodeAt(at + 5);
  if (d0 === 0x20 && d1 >= 0x31 && d1 <= 0x39) out.day = d1 - 0x30;
  else if (d0 >= 0x30 && d0 <= 0x33 && isDigit(d1)) out.day = (d0 - 0x30) * 10 + d1 - 0x30;
  else return -1;
  const t = at + 6;
  out.hour = twoDigitsAt(text, t + 1);
  out.minute = twoDigitsAt(text, t + 4);
  out.second = twoDigitsAt(text, t + 7);
  out.micros = 0;
  if (
    out.hour < 0 ||
    out.minute < 0 ||
    out.second < 0 ||
    text.charCodeAt(t) !== 0x20 ||
    text.charCodeAt(t + 3) !== 0x3a ||
    text.charCodeAt(t + 6) !== 0x3a
  )
    return -1;
  return t + 9;
}

function read3164(text: string): SyslogHead | null {
  const p = priEnd(text);
  if (p < 0) return null;
  const civil: CivilTime = { month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };
  const seconds = read3164Stamp(text, p, civil);
  if (seconds < 0) return null;
  let end = seconds;
  const fraction = text.charCodeAt(end) === 0x2e;
  if (fraction) {
    end = digitsEnd(text, end + 1);
    if (end === seconds + 1) return null;
  }
  const pri = p > 0 ? text.slice(1, p - 1) : undefined;
  return hostAndRest(text, end, { civil, zone: '', fraction, pri, host: '', rest: undefined });
}

/**
 * rsyslog RSYSLOG_FileFormat: `%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag%%msg%`
 * (RSYSLOG_ForwardFormat puts `<PRI>` in front). The offset always has a colon and the fraction
 * has 1-6 digits (journalctl short-iso has `+0200` before v255):
 * `^(?:<(?<pri>\d{1,3})>)?(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})\.(?<fraction>\d{1,6})(?<zone>Z|[+-]\d{2}:\d{2}) (?<host>\S+)(?: (?<rest>.*))?$`
 */
/** Where read3339 reads a stamp's fields (one object for every line). */
const FIELDS: DateTimeFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };

function read3339(text: string): SyslogHead | null {
  const p = priEnd(text);
  if (p < 0) return null;
  if (!readIsoDateTime(text, p, FIELDS) || text.charCodeAt(p + 19) !== 0x2e) return null;
  const { year, month, day, hour, minute, second } = FIELDS;
  const fractionAt = p + 20;
  const fractionEnd = digitsEnd(text, fractionAt);
  const digits = fractionEnd - fractionAt;
  if (digits < 1 || digits > 6) return null;
  const end = isoZoneEnd(text, fractionEnd);
  if (end < 0) return null;
  const micros = digitsAt(text, fractionAt, digits) * 10 ** (6 - digits);
  const civil: CivilTime = { month, day, hour, minute, second, micros };
  civil.year = year;
  const pri = p > 0 ? text.slice(1, p - 1) : undefined;
  const zone = text.slice(fractionEnd, end);
  return hostAndRest(text, end, { civil, zone, fraction: false, pri, host: '', rest: undefined });
}

function parse3164(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const g = read3164(text);
  if (g) {
    if (g.fraction) {
      return { t: 'unparsed', reason: 'fractional seconds (journalctl short-precise, not a syslog file)' };
    }
    const civil = g.civil;
    if (!isValidCivil(civil)) return { t: 'unparsed', reason: 'impossible date or time in the syslog stamp' };
    const rec: EntryRecord = { kind: 'entry', line, offset, msg: '', time: { kind: 'civil', civil } };
    rec.host = g.host;
    if (!priority(rec, g.pri)) return { t: 'unparsed', reason: `syslog PRI ${g.pri} above 191` };
    return body(text, rec, g.rest);
  }
  return (
    prompt(text) ?? { t: 'unparsed', reason: 'no RFC 3164 syslog prefix (Mmm dd hh:mm:ss host tag[pid]: )' }
  );
}

function parse3339(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const g = read3339(text);
  if (g) {
    const civil = g.civil;
    if (!isValidDate(civil))
      return { t: 'unparsed', reason: 'impossible date or time in the RFC 3339 stamp' };
    const time: EntryTime = { kind: 'civil', civil, zone: g.zone };
    const rec: EntryRecord = { kind: 'entry', line, offset, msg: '', time };
    rec.host = g.host;
    if (!priority(rec, g.pri)) return { t: 'unparsed', reason: `syslog PRI ${g.pri} above 191` };
    return body(text, rec, g.rest);
  }
  return (
    prompt(text) ?? {
      t: 'unparsed',
      reason: 'no rsyslog RFC 3339 prefix (YYYY-MM-DDThh:mm:ss.ffffff±hh:mm host tag[pid]: )',
    }
  );
}

/** RFC 5424 STRUCTURED-DATA: `-` or `[id k="v" …]…`; returns the fields and where MSG starts. */
function readStructuredData(rest: string): { fields: Record<string, string>; msgAt: number } | null {
  const fields: Record<string, string> = {};
  if (rest.startsWith('-')) return rest.length === 1 || rest[1] === ' ' ? { fields, msgAt: 2 } : null;
  let i = 0;
  while (rest[i] === '[') {
    i++;
    const idStart = i;
    while (i < rest.length && rest[i] !== ' ' && rest[i] !== ']') i++;
    const id = rest.slice(idStart, i);
    if (id === '') return null;
    let params = 0;
    while (rest[i] === ' ') {
      i++;
      const nameStart = i;
      while (i < rest.length && rest[i] !== '=' && rest[i] !== ' ' && rest[i] !== ']') i++;
      const name = rest.slice(nameStart, i);
      if (name === '' || rest[i] !== '=' || rest[i + 1] !== '"') return null;
      i += 2;
      let value = '';
      while (i < rest.length && rest[i] !== '"') {
        // PARAM-VALUE escapes `"`, `\` and `]` with a backslash; any other backslash is kept.
        if (rest[i] === '\\' && (rest[i + 1] === '"' || rest[i + 1] === '\\' || rest[i + 1] === ']')) i++;
        value += rest[i];
        i++;
      }
      if (rest[i] !== '"') return null;
      i++;
      fields[`${id}.${name}`] = value;
      params++;
    }
    if (rest[i] !== ']') return null;
    i++;
    if (params === 0) fields[id] = '';
  }
  if (i === 0) return null;
  if (i === rest.length) return { fields, msgAt: i };
  return rest[i] === ' ' ? { fields, msgAt: i + 1 } : null;
}

function parse5424(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const g = RFC5424.exec(text)?.groups;
  if (g) {
    let time: EntryTime = { kind: 'none' };
    if (g.ts !== '-') {
      const stamp = parseIsoStamp(g.ts ?? '');
      if (!stamp) return { t: 'unparsed', reason: 'impossible date or time in the RFC 5424 stamp' };
      time = { kind: 'civil', civil: stamp.civil, zone: stamp.zone };
    }
    const sd = readStructuredData(g.rest ?? '');
    if (!sd) return { t: 'unparsed', reason: 'malformed RFC 5424 structured data' };
    const rec: EntryRecord = { kind: 'entry', line, offset, msg: '', time };
    if (!priority(rec, g.pri)) return { t: 'unparsed', reason: `syslog PRI ${g.pri} above 191` };
    if (g.host !== '-') rec.host = g.host ?? '';
    if (g.app !== '-') rec.ident = g.app ?? '';
    const fields = sd.fields;
    if (g.procid !== '-') {
      if (/^\d+$/.test(g.procid ?? '')) rec.pid = Number(g.procid);
      else fields.procid = g.procid ?? '';
    }
    if (g.msgid !== '-') fields.msgid = g.msgid ?? '';
    if (g.version !== '1') fields.version = g.version ?? '';
    if (Object.keys(fields).length > 0) rec.fields = fields;
    // MSG-UTF8 starts with a BOM (U+FEFF).
    let msg = (g.rest ?? '').slice(sd.msgAt);
    if (msg.charCodeAt(0) === 0xfeff) msg = msg.slice(1);
    if (REPEATED.test(msg.trimStart())) return marker(text);
    return { t: 'record', rec: finishMessage(rec, msg) };
  }
  return (
    prompt(text) ?? {
      t: 'unparsed',
      reason: 'no RFC 5424 header (<PRI>1 timestamp host app procid msgid structured-data)',
    }
  );
}

const SYSLOG_NAMES = /^(?:messages|syslog|kern\.log)/;

export const syslogRfc3164Parser: FormatParser<EntryRecord> = { id: 'syslog-rfc3164', parseLine: parse3164 };
export const syslogRfc5424Parser: FormatParser<EntryRecord> = { id: 'syslog-rfc5424', parseLine: parse5424 };
export const syslogRfc3339Parser: FormatParser<EntryRecord> = { id: 'syslog-rfc3339', parseLine: parse3339 };

export const SYSLOG_FORMATS: readonly FormatSpec[] = [
  {
    id: 'syslog-rfc3164',
    title: 'syslog file (RFC 3164: /var/log/messages, kern.log)',
    create: () => syslogRfc3164Parser,
    pathHint: SYSLOG_NAMES,
  },
  {
    id: 'syslog-rfc5424',
    title: 'syslog (RFC 5424)',
    create: () => syslogRfc5424Parser,
    pathHint: SYSLOG_NAMES,
  },
  {
    id: 'syslog-rfc3339',
    title: 'rsyslog file (RFC 3339 stamps, RSYSLOG_FileFormat)',
    create: () => syslogRfc3339Parser,
    pathHint: SYSLOG_NAMES,
  },
];
