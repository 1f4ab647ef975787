// The prefilter of the scan: most lines of a kernel log say nothing about Ceph. Those lines are
// still counted, stamped and kept as clock anchors, but straight from the decoded piece of text
// they sit in: no string of their own, no parser record, no rule matching. Any line the cheap path
// is not sure of (a keyword of the catalog, a fact the scan reads, a line of an unusual shape) goes
// the full way; the stamp of a skimmed line goes through the scan's own boot and volume tracking.
// So a scan gives the same result with or without it (workers/skim.test.ts checks that on every
// fixture and on generated logs).

import { readPrintkStamp } from '../parsers/dmesg.ts';
import type { Skimmer } from '../parsers/lines.ts';
import { PREFILTER_KEYWORDS } from '../parsers/rules.ts';
import type { FormatId } from '../parsers/types.ts';
import { pushTextAnchor, ringAnchors } from './anchor-ring.ts';
import { KeywordSearch } from './keyword-search.ts';
import { checkpoint, type SourceScan, stamped } from './scan.ts';

/**
 * What makes a kernel line worth the full path: any keyword of the rule catalog (derived from it,
 * not kept by hand), and the starts of the lines kernelFact() reads. One search over a whole piece
 * finds the next such line; the lines before it are skimmed.
 */
const FULL_PATH_WORDS = new KeywordSearch([...PREFILTER_KEYWORDS, 'Linux version ', 'libceph: client']);

const NONE = Number.POSITIVE_INFINITY;

/** Raw `dmesg`: a line `[seconds.micros] message` (optionally `[T123]` after the stamp). */
export class DmesgSkimmer implements Skimmer {
  /** Lines taken by the cheap path. */
  skimmed = 0;
  private readonly scan: SourceScan;
  private readonly stamp = { seconds: 0, end: 0 };
  /** Index of the next keyword and the next line break in the piece, found lazily (NONE: no more). */
  private nextWord = -1;
  private nextBreak = -1;

  constructor(scan: SourceScan) {
    this.scan = scan;
    ringAnchors(scan);
  }

  piece(): void {
    this.nextWord = -1;
    this.nextBreak = -1;
  }

  line(text: string, start: number, end: number, line: number, offset: number): boolean {
    const st = this.stamp;
    if (!readPrintkStamp(text, start, st) || st.end > end) return false;
    if (this.nextWord < start) {
      const at = FULL_PATH_WORDS.next(text, start);
      this.nextWord = at === -1 ? NONE : at;
    }
    if (this.nextWord < end) return false;
    if (this.nextBreak < start) this.nextBreak = nextBreak(text, start);
    // A line break inside the line makes it no dmesg record (the parser refuses them in a message).
    if (this.nextBreak < end) return false;
    const msg = messageStart(text, st.end, end);
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
 * Where the message begins after a printk stamp that ends at `at`: past one space and a caller id
 * `[T123]`/`[C1]` (spaces allowed inside its brackets) and one more space, as parsers/dmesg.ts reads it.
 */
function messageStart(text: string, at: number, end: number): number {
  let msg = at;
  let i = text.charCodeAt(at) === 0x20 ? at + 1 : at;
  if (i < end && text.charCodeAt(i) === 0x5b) {
    i++;
    while (i < end && text.charCodeAt(i) === 0x20) i++;
    const c = text.charCodeAt(i);
    if (i < end && (c === 0x54 || c === 0x43)) {
      let j = i + 1;
      while (j < end && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
      if (j > i + 1 && j < end && text.charCodeAt(j) === 0x5d) msg = j + 1;
    }
  }
  if (msg < end && text.charCodeAt(msg) === 0x20) msg++;
  return msg;
}

/** The skimmer of a format, when it has one: formats whose every record is a kernel line with a printk stamp. */
export function skimmerFor(format: FormatId, scan: SourceScan): Skimmer | undefined {
  return format === 'dmesg' ? new DmesgSkimmer(scan) : undefined;
}
