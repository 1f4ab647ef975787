// The prefilter of the scan: most lines of a kernel log, a journal or a kubelet log say nothing
// about Ceph. Those lines are still counted, stamped, voted for their host and kept as clock
// anchors or skew samples, but straight from the decoded piece of text they sit in: no string of
// their own, no parser record, no rule matching. Any line the cheap path
// is not sure of (a keyword of the catalog, a fact the scan reads, a line of an unusual shape) goes
// the full way; the stamp of a skimmed line goes through the scan's own boot and volume tracking.
// So a scan gives the same result with or without it (workers/skim.test.ts checks that on every
// fixture and on generated logs).

import { digitsAt, digitsEnd, isValidCivil, readIsoDateTime, twoDigitsAt } from '../parsers/civil.ts';
import { type AfterStamp, readAfterStamp, readPrintkStamp } from '../parsers/dmesg.ts';
import { ctimeAt } from '../parsers/dmesg-variants.ts';
import { readShortStamp } from '../parsers/journal-short.ts';
import { newKlogHeaderAt, readKlogHeader } from '../parsers/klog.ts';
import { isSpaceCode, ownString, type Skimmer } from '../parsers/lines.ts';
import { PREFILTER_KEYWORDS } from '../parsers/rules.ts';
import { read3164Stamp } from '../parsers/syslog.ts';
import type { CivilTime, FormatId } from '../parsers/types.ts';
import { pushStampedTextAnchor, pushTextAnchor, ringAnchors } from './anchor-ring.ts';
import { KeywordSearch } from './keyword-search.ts';
import {
  checkpoint,
  countSkew,
  KUBELET_IDENTS,
  type SourceScan,
  type Stamp,
  secondsOfDay,
  stamped,
  vote,
} from './scan.ts';

/**
 * What makes a line worth the full path: any keyword of the rule catalog (derived from it,
 * not kept by hand), and the starts of the lines kernelFact() reads. One search over a whole piece
 * finds the next such line; the lines before it are skimmed.
 */
const FULL_PATH_WORDS = new KeywordSearch([
  ...PREFILTER_KEYWORDS,
  'Linux version ',
  'libceph: client',
  // rsyslog's `message repeated N times: [ … ]`, which the journal parsers refuse, and the syslog
  // heartbeat, a marker.
  'message repeated',
  '-- MARK --',
]);

const NONE = Number.POSITIVE_INFINITY;

/**
 * The lazy checks every skimmer makes first: whether a line holds a keyword (FULL_PATH_WORDS) or a
 * line break other than its end (which the parsers refuse in a message), each found once per piece.
 */
abstract class QuietLines implements Skimmer {
  /** Lines taken by the cheap path. */
  skimmed = 0;
  protected readonly scan: SourceScan;
  /** Index of the next keyword and the next line break in the piece, found lazily (NONE: no more). */
  private nextWord = -1;
  private nextBreak = -1;

  constructor(scan: SourceScan) {
    this.scan = scan;
  }

  piece(): void {
    this.nextWord = -1;
    this.nextBreak = -1;
  }

  abstract line(text: string, start: number, end: number, line: number, offset: number): boolean;

  /** Whether `text[start, end)` holds neither a keyword nor a line break. */
  protected quiet(text: string, start: number, end: number): boolean {
    if (this.nextWord < start) {
      const found = FULL_PATH_WORDS.next(text, start);
      this.nextWord = found === -1 ? NONE : found;
    }
    if (this.nextWord < end) return false;
    if (this.nextBreak < start) this.nextBreak = nextBreak(text, start);
    return this.nextBreak >= end;
  }
}

/** Raw `dmesg`: a line `[seconds.micros] message` (optionally `[T123]` after the stamp). */
export class DmesgSkimmer extends QuietLines {
  private readonly stamp = { seconds: 0, end: 0 };
  private readonly after: AfterStamp = { callerStart: -1, callerEnd: -1, msg: 0 };

  constructor(scan: SourceScan) {
    super(scan);
    ringAnchors(scan);
  }

  line(text: string, start: number, end: number, line: number, offset: number): boolean {
    const st = this.stamp;
    if (!readPrintkStamp(text, start, st) || st.end > end) return false;
    if (!this.quiet(text, start, end)) return false;
    readAfterStamp(text, st.end, end, this.after);
    const msg = this.after.msg;
    const scan = this.scan;
    checkpoint(scan, line, offset);
    scan.lines++;
    scan.parsed++;
    // The message matters to the boot tracking only on a `Linux version` line (the full path's).
    stamped(scan, { mono: st.seconds, line }, '');
    pushTextAnchor(scan, text, msg, end, st.seconds, line);
    this.skimmed++;
    return true;
  }
}

/** The first `\r`, U+2028 or U+2029 at or after `from` (what a regex `.` does not match besides `\n`). */
function nextBreak(text: string, from: number): number {
  let first = NONE;
  for (const c of ['\r', '\u2028', '\u2029']) {
    const at = text.indexOf(c, from);
    if (at !== -1 && at < first) first = at;
  }
  return first;
}

/**
 * What the journal's short modes print after their timestamp: ` host ident[pid]: msg`. A line of
 * the kernel or of any other program but the kubelet (whose lines carry the klog stamp the scan
 * compares) is skimmed when it holds no keyword; a kernel line is kept as a clock anchor from the
 * piece, with its printk time when it prints one. Subclasses read the timestamp.
 */
abstract class JournalBodySkimmer extends QuietLines {
  private readonly printk = { seconds: 0, end: 0 };
  private readonly klog: CivilTime = { month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };
  /** The host of the last skimmed line: the next one usually names it again. */
  private host = '';

  constructor(scan: SourceScan) {
    super(scan);
    ringAnchors(scan);
  }

  /** Index of the next `#` or `\\` in the piece (syslog's escapes), found lazily. */
  private nextEscape = -1;

  override piece(): void {
    super.piece();
    this.nextEscape = -1;
  }

  /** Whether `text[from, end)` holds no `#` or `\\` that rsyslog's unescaping could change. */
  private plain(text: string, from: number, end: number): boolean {
    if (this.nextEscape < from) {
      const hash = text.indexOf('#', from);
      const slash = text.indexOf('\\', from);
      const first = Math.min(hash === -1 ? NONE : hash, slash === -1 ? NONE : slash);
      this.nextEscape = first;
    }
    return this.nextEscape >= end;
  }

  /**
   * Reads the body from `at` (`hostAny`: journal-short's host, anything but whitespace; else the
   * short modes' `[^\s:[\]]+`) and takes the line with `stamp` (whose `line` is the line's), or
   * returns false having changed nothing.
   */
  protected body(
    text: string,
    start: number,
    end: number,
    at: number,
    grammar: BodyGrammar,
    offset: number,
    stamp: Stamp & { civil: CivilTime; line: number },
  ): boolean {
    let i = at;
    const hostStart = i;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (isSpaceCode(c) || (!grammar.hostAny && (c === 0x3a || c === 0x5b || c === 0x5d))) break;
    }
    if (i === hostStart || text.charCodeAt(i) !== 0x20) return false;
    const hostEnd = i;
    const identStart = ++i;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x5b || c === 0x3a || isSpaceCode(c)) break;
    }
    if (i === identStart) return false;
    const identEnd = i;
    if (text.charCodeAt(i) === 0x5b) {
      const close = digitsEnd(text, i + 1);
      if (close === i + 1 || text.charCodeAt(close) !== 0x5d) return false;
      i = close + 1;
    }
    if (text.charCodeAt(i) !== 0x3a) return false;
    i++;
    let msgStart: number;
    if (grammar.spaceRequired) {
      if (i < end && text.charCodeAt(i) !== 0x20) return false;
      msgStart = Math.min(i + 1, end);
    } else msgStart = i < end && text.charCodeAt(i) === 0x20 ? i + 1 : i;
    if (grammar.escapes && !this.plain(text, msgStart, end)) return false;
    const kernel = isWord(text, identStart, identEnd, 'kernel');
    const kubelet = !kernel && KUBELET_LIST.some((id) => isWord(text, identStart, identEnd, id));
    if (!this.quiet(text, start, end)) return false;
    // The kernel's message may begin with its printk time, as journald or rsyslog kept it.
    let msg = msgStart;
    let kernelMono = Number.NaN;
    const printk = this.printk;
    if (kernel && msgStart < end && readPrintkStamp(text, msgStart, printk) && printk.end <= end) {
      kernelMono = printk.seconds;
      msg = printk.end < end && text.charCodeAt(printk.end) === 0x20 ? printk.end + 1 : printk.end;
    }
    // A kubelet line carries its own klog stamp: the scan counts how far it is from the journal's.
    const klog = kubelet && klogTimeAt(text, msgStart, end, this.klog);
    if (hostEnd - hostStart !== this.host.length || !text.startsWith(this.host, hostStart)) {
      this.host = ownString(text.slice(hostStart, hostEnd));
    }
    const scan = this.scan;
    checkpoint(scan, stamp.line, offset);
    scan.lines++;
    scan.parsed++;
    // The message matters to the boot tracking only on a `Linux version` line (the full path's).
    stamped(scan, stamp, '', Number.isNaN(kernelMono) ? {} : { kernelMono });
    vote(scan, this.host);
    scan.track.host = this.host;
    if (kernel) pushStampedTextAnchor(scan, text, msg, end, stamp, kernelMono);
    else if (klog) countSkew(scan, secondsOfDay(stamp.civil) - secondsOfDay(this.klog));
    this.skimmed++;
    return true;
  }
}

/**
 * How a format prints the body after its stamp: `hostAny`, a host of anything but whitespace
 * (else the short modes' `[^\s:[\]]+`); `spaceRequired`, `: msg` (else syslog's `: ?msg`);
 * `escapes`, rsyslog's `#ooo` control escapes, which the parser undoes (such a message goes the
 * full way).
 */
interface BodyGrammar {
  hostAny: boolean;
  spaceRequired: boolean;
  escapes: boolean;
}

const SHORT_BODY: BodyGrammar = { hostAny: true, spaceRequired: true, escapes: false };
const MODE_BODY: BodyGrammar = { hostAny: false, spaceRequired: true, escapes: false };
const SYSLOG_BODY: BodyGrammar = { hostAny: true, spaceRequired: false, escapes: true };

/** `journalctl -o short`: `Mon DD HH:MM:SS[.micros] host ident[pid]: msg`, as parsers/journal-short.ts reads it. */
export class JournalShortSkimmer extends JournalBodySkimmer {
  line(text: string, start: number, end: number, line: number, offset: number): boolean {
    const civil: CivilTime = { month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };
    const space = readShortStamp(text, start, civil);
    if (space < 0 || !isValidCivil(civil)) return false;
    return this.body(text, start, end, space + 1, SHORT_BODY, offset, { civil, line });
  }
}

/**
 * `journalctl -o short-iso` / `short-iso-precise`: `YYYY-MM-DDTHH:MM:SS[.micros]+hhmm` (or `+hh:mm`)
 * and the short body, as parsers/journal-modes.ts reads it.
 */
export class JournalIsoSkimmer extends JournalBodySkimmer {
  private readonly fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  /** The zone of the last skimmed line, as printed. */
  private zone = '';

  line(text: string, start: number, end: number, line: number, offset: number): boolean {
    const f = this.fields;
    if (!readIsoDateTime(text, start, f)) return false;
    let micros = 0;
    let i = start + 19;
    if (text.charCodeAt(i) === 0x2e) {
      micros = digitsAt(text, i + 1, 6);
      if (micros < 0) return false;
      i += 7;
    }
    // `[+-]\d{2}:?\d{2}`, then one space.
    const zoneStart = i;
    const sign = text.charCodeAt(i);
    if ((sign !== 0x2b && sign !== 0x2d) || twoDigitsAt(text, i + 1) < 0) return false;
    i += 3;
    if (text.charCodeAt(i) === 0x3a) i++;
    if (twoDigitsAt(text, i) < 0) return false;
    i += 2;
    if (text.charCodeAt(i) !== 0x20) return false;
    const civil: CivilTime = {
      month: f.month,
      day: f.day,
      hour: f.hour,
      minute: f.minute,
      second: f.second,
      micros,
      year: f.year,
    };
    if (!isValidCivil(civil)) return false;
    if (i - zoneStart !== this.zone.length || !text.startsWith(this.zone, zoneStart)) {
      this.zone = ownString(text.slice(zoneStart, i));
    }
    return this.body(text, start, end, i + 1, MODE_BODY, offset, { civil, zone: this.zone, line });
  }
}

/**
 * RFC 3164 syslog files (/var/log/messages): `Mmm dd hh:mm:ss host tag[pid]: msg`, the day
 * space-padded or zero-padded, as parsers/syslog.ts reads them. A `<PRI>` in front, a fraction of
 * a second, an untagged message or an escaped one go the full way.
 */
export class SyslogSkimmer extends JournalBodySkimmer {
  line(text: string, start: number, end: number, line: number, offset: number): boolean {
    const civil: CivilTime = { month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };
    const seconds = read3164Stamp(text, start, civil);
    // One space after the seconds: no fraction.
    if (seconds < 0 || text.charCodeAt(seconds) !== 0x20 || !isValidCivil(civil)) return false;
    return this.body(text, start, end, seconds + 1, SYSLOG_BODY, offset, { civil, line });
  }
}

/**
 * `dmesg -T`: `[Www Mmm d hh:mm:ss yyyy] msg`, as parsers/dmesg-variants.ts reads it. Only a line
 * with that one stamp is skimmed: a second stamp, a caller id or a `-d` delta (a message starting
 * with `[` or a digit, a `<` in the stamp) goes the full way.
 */
export class DmesgCtimeSkimmer extends QuietLines {
  constructor(scan: SourceScan) {
    super(scan);
    ringAnchors(scan);
  }

  line(text: string, start: number, end: number, line: number, offset: number): boolean {
    const stamp = ctimeAt(text, start);
    if (!stamp || stamp.end > end) return false;
    // A message that starts like another stamp or a caller id: the parser reads on.
    const c = text.charCodeAt(stamp.end);
    if (stamp.end < end && (c === 0x5b || (c >= 0x30 && c <= 0x39))) return false;
    if (!this.quiet(text, start, end)) return false;
    const scan = this.scan;
    checkpoint(scan, line, offset);
    scan.lines++;
    scan.parsed++;
    const at = { civil: stamp.civil, line };
    stamped(scan, at, '');
    pushStampedTextAnchor(scan, text, stamp.end, end, at, Number.NaN);
    this.skimmed++;
    return true;
  }
}

/** Programs whose messages begin with a klog header, whose stamp the scan compares with the journal's. */
const KUBELET_LIST = [...KUBELET_IDENTS];

/** Whether `text[at, end)` begins with a klog header (parsers/klog.ts), its time into `out`. */
function klogTimeAt(text: string, at: number, end: number, out: CivilTime): boolean {
  if (!readKlogHeader(text, at, end, KLOG)) return false;
  Object.assign(out, KLOG.time);
  return true;
}

const KLOG = newKlogHeaderAt();

/** A klog file (`kubelet.log`): every line a klog header, as parsers/klog.ts reads it. */
export class KlogSkimmer extends QuietLines {
  line(text: string, start: number, end: number, line: number, offset: number): boolean {
    if (!this.quiet(text, start, end)) return false;
    const time: CivilTime = { month: 0, day: 0, hour: 0, minute: 0, second: 0, micros: 0 };
    if (!klogTimeAt(text, start, end, time)) return false;
    const scan = this.scan;
    checkpoint(scan, line, offset);
    scan.lines++;
    scan.parsed++;
    stamped(scan, { civil: time, line }, '');
    this.skimmed++;
    return true;
  }
}

/** Whether `text[start, end)` is exactly `word`. */
function isWord(text: string, start: number, end: number, word: string): boolean {
  return end - start === word.length && text.startsWith(word, start);
}

/** The skimmer of a format, when it has one. */
export function skimmerFor(format: FormatId, scan: SourceScan): Skimmer | undefined {
  if (format === 'dmesg') return new DmesgSkimmer(scan);
  if (format === 'journal-short') return new JournalShortSkimmer(scan);
  if (format === 'journal-short-iso') return new JournalIsoSkimmer(scan);
  if (format === 'klog') return new KlogSkimmer(scan);
  if (format === 'syslog-rfc3164') return new SyslogSkimmer(scan);
  if (format === 'dmesg-ctime') return new DmesgCtimeSkimmer(scan);
  return undefined;
}
