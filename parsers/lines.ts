// Incremental line splitting over byte chunks, plus the shell-prompt matcher every parser shares.
//
// Input: the raw bytes of any text log, in chunks of any size (e.g. `Blob.stream()` reads), such as
//   [ 5645.168000] ceph: mds0 closed our session\n
//   Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session\r\n
//   root@harlan:~# ceph config dump\n
//
// Example:
//   const s = new LineSplitter((text, line, offset) => parser.parseLine(text, line, offset));
//   for await (const chunk of blob.stream()) s.push(chunk);
//   s.end();

/** Longest physical line handed to a parser; the rest is dropped (§8.7 of the format notes). */
export const MAX_LINE_BYTES = 1024 * 1024;

const LF = 0x0a;
const CR = 0x0d;

export type LineCallback = (text: string, line: number, offset: number, truncated: boolean) => void;

/**
 * A cheap path for the lines most of a big file is made of. The splitter hands it each line as a
 * range of an already decoded piece of text before cutting the line out; when `line` returns true
 * the line is accounted for and no string is made for it. Ranges index the text; `offset` is in bytes.
 */
export interface Skimmer {
  /** A piece begins: `text` holds whole lines, each ended by `\n` (and maybe `\r` before it). */
  piece(text: string): void;
  /**
   * Line `line` is `text[start, end)` (without its `\r\n`/`\n`) at byte `offset` of the file.
   * Return false, having changed nothing, to have it decoded and parsed as usual.
   */
  line(text: string, start: number, end: number, line: number, offset: number): boolean;
}

export interface LineSplitterOptions {
  /**
   * Decode each chunk once and hand out its lines as slices of that string, several times faster
   * than decoding line by line. The price: a slice (and any string a parser cuts from it) keeps the
   * whole decoded chunk alive, so a caller that keeps text past the callback must keep
   * `ownString(text)` instead, or memory grows with the file.
   */
  sharedText?: boolean;
  skim?: Skimmer;
  /**
   * Byte offset in the file of the first byte pushed, when reading a part of a file that begins
   * at a line start (workers/split.ts); a part after the first has no byte order mark to strip.
   */
  startOffset?: number;
}

/**
 * Splits a byte stream into lines without ever holding more than one line of it. Lines are cut on
 * bytes, not characters, so a multi-byte UTF-8 character split across two chunks decodes whole.
 */
export class LineSplitter {
  // ignoreBOM keeps U+FEFF inside the text: we strip it ourselves, and only at the start of the file.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly onLine: LineCallback;
  private readonly sharedText: boolean;
  private readonly skim: Skimmer | undefined;
  /** Bytes of the line that straddles the previous chunk boundary (only that line is copied). */
  private carry = new Uint8Array(0);
  private carryLen = 0;
  /** Absolute offset of the first byte of the next chunk. */
  private chunkOffset: number;
  /** Whether the next line is the file's first: only it may begin with a byte order mark. */
  private atFileStart: boolean;
  private lineNo = 0;
  /** After a line hit MAX_LINE_BYTES: drop bytes until its newline. */
  private skipping = false;

  constructor(onLine: LineCallback, options: LineSplitterOptions = {}) {
    this.onLine = onLine;
    this.sharedText = options.sharedText === true;
    this.skim = options.skim;
    this.chunkOffset = options.startOffset ?? 0;
    this.atFileStart = this.chunkOffset === 0;
  }

  push(chunk: Uint8Array): void {
    let from = 0;
    if (this.carryLen > 0 || this.skipping) {
      // The line that straddles the previous chunk boundary ends at this chunk's first newline.
      const nl = chunk.indexOf(LF);
      if (nl === -1) {
        this.holdPartial(chunk, 0);
        this.chunkOffset += chunk.length;
        return;
      }
      if (this.skipping) {
        this.skipping = false;
      } else {
        // Never grow the carry past the cap (+1 for a `\r`); emit() cuts the rest anyway.
        const room = MAX_LINE_BYTES + 1 - this.carryLen;
        const lineStart = this.chunkOffset - this.carryLen;
        this.append(chunk.subarray(0, Math.min(nl, room)));
        this.emit(this.carry, 0, this.carryLen, lineStart, nl > room);
        this.carryLen = 0;
      }
      from = nl + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= from) {
      this.emitLines(chunk, from, last);
      from = last + 1;
    }
    if (from < chunk.length) this.holdPartial(chunk, from);
    this.chunkOffset += chunk.length;
  }

  /** Flushes a final line that has no newline. */
  end(): void {
    if (this.carryLen > 0 && !this.skipping) {
      this.emit(this.carry, 0, this.carryLen, this.chunkOffset - this.carryLen);
    }
    this.carryLen = 0;
    this.skipping = false;
    this.carry = new Uint8Array(0);
  }

  /**
   * The whole lines of `chunk` from `from` to the newline at `last`, a piece at a time. Pieces end
   * at a newline and hold at most MAX_LINE_BYTES + 1 bytes, so no line in them needs cutting; a
   * longer line, and the first line of the file (its BOM), go through emit().
   */
  private emitLines(chunk: Uint8Array, from: number, last: number): void {
    let start = from;
    while (start <= last) {
      const end = chunk.lastIndexOf(LF, Math.min(last, start + MAX_LINE_BYTES));
      if (end < start || this.atFileStart) {
        const nl = chunk.indexOf(LF, start);
        this.emit(chunk, start, nl, this.chunkOffset + start);
        start = nl + 1;
      } else {
        this.emitPiece(chunk, start, end);
        start = end + 1;
      }
    }
  }

  /**
   * Lines of `chunk[from, last]` (`last` is a newline). The piece is decoded as one string, whose
   * `indexOf` finds newlines much faster than the bytes' does. Decoding restarts at every newline
   * (a newline byte ends any unfinished UTF-8 sequence and always decodes to `\n`), so the n-th
   * `\n` of the string is the n-th newline byte and a slice is what decoding its line alone gives.
   */
  private emitPiece(chunk: Uint8Array, from: number, last: number): void {
    const text = this.decoder.decode(chunk.subarray(from, last + 1));
    // One UTF-16 unit per byte (ASCII, or stray bytes that each became U+FFFD): string indices are
    // byte offsets. Otherwise the byte offsets come from the newline bytes, found in step.
    const oneToOne = text.length === last + 1 - from;
    const skim = this.skim;
    if (!oneToOne && !this.sharedText && !skim) {
      for (let start = from; start <= last; ) {
        const nl = chunk.indexOf(LF, start);
        this.emit(chunk, start, nl, this.chunkOffset + start);
        start = nl + 1;
      }
      return;
    }
    skim?.piece(text);
    let at = 0;
    let byte = from;
    for (;;) {
      const nl = text.indexOf('\n', at);
      if (nl === -1) return;
      const end = nl > at && text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      const nlByte = oneToOne ? from + nl : chunk.indexOf(LF, byte);
      if (skim?.line(text, at, end, this.lineNo + 1, this.chunkOffset + byte)) {
        this.lineNo++;
      } else if (this.sharedText) {
        this.lineNo++;
        this.onLine(text.slice(at, end), this.lineNo, this.chunkOffset + byte, false);
      } else {
        // Each line gets a string of its own, decoded from its bytes.
        this.emit(chunk, byte, nlByte, this.chunkOffset + byte);
      }
      at = nl + 1;
      byte = nlByte + 1;
    }
  }

  private holdPartial(chunk: Uint8Array, from: number): void {
    if (this.skipping) return;
    const rest = chunk.subarray(from);
    // +1 leaves room for a `\r` that a following `\n` would strip.
    if (this.carryLen + rest.length > MAX_LINE_BYTES + 1) {
      const lineStart = this.chunkOffset + from - this.carryLen;
      this.append(rest.subarray(0, MAX_LINE_BYTES + 1 - this.carryLen));
      this.emit(this.carry, 0, this.carryLen, lineStart, true);
      this.carryLen = 0;
      this.skipping = true;
      return;
    }
    this.append(rest);
  }

  private append(bytes: Uint8Array): void {
    const need = this.carryLen + bytes.length;
    if (need > this.carry.length) {
      const grown = new Uint8Array(Math.max(need, this.carry.length * 2, 256));
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
    }
    this.carry.set(bytes, this.carryLen);
    this.carryLen = need;
  }

  /**
   * Decodes `bytes[start, stop)` as the line at absolute `offset`. `overflow`: the caller already
   * dropped bytes of this line, so it is truncated whatever its length.
   */
  private emit(bytes: Uint8Array, start: number, stop: number, offset: number, overflow = false): void {
    let end = stop;
    if (end > start && bytes[end - 1] === CR) end--;
    let truncated = overflow;
    if (end - start > MAX_LINE_BYTES) {
      end = start + MAX_LINE_BYTES;
      // Back off to a character boundary so the cut does not leave a U+FFFD of our own making.
      let back = 0;
      while (back < 3 && end > start && ((bytes[end] ?? 0) & 0xc0) === 0x80) {
        end--;
        back++;
      }
      truncated = true;
    }
    const bom =
      this.atFileStart &&
      end - start >= 3 &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf;
    this.lineNo++;
    this.atFileStart = false;
    this.onLine(
      this.decoder.decode(bytes.subarray(bom ? start + 3 : start, end)),
      this.lineNo,
      offset,
      truncated,
    );
  }
}

export interface SplitLine {
  text: string;
  line: number;
  offset: number;
  truncated: boolean;
}

/** Splits a whole string the way LineSplitter splits a file (for tests and tiny inputs). */
export function splitLines(text: string): SplitLine[] {
  const out: SplitLine[] = [];
  const s = new LineSplitter((t, line, offset, truncated) => out.push({ text: t, line, offset, truncated }));
  s.push(new TextEncoder().encode(text));
  s.end();
  return out;
}

export interface Prompt {
  host?: string;
  command: string;
}

// Shapes seen in pastes: `root@harlan:~# cmd`, `ubuntu@ollama:~$ sudo dmesg`, `[root@node-a ~]# cmd`,
// `node-a:~ # cmd` (SUSE), `sh-4.4# cmd` (oc debug), and a bare `$ cmd` / `# cmd`.
const PROMPT =
  /^(?:[\w.-]+@(?<host>[\w.-]+):[^\s#$]* ?[#$]|\[[\w.-]+@(?<host2>[\w.-]+)(?: [^\]]*)?\][#$]|(?<host3>[\w.-]+):[^\s#$]* [#$]|(?:sh|bash|zsh)-[\d.]+[#$]|[#$]) (?<command>\S.*)$/;

/** A shell prompt line pasted together with a command's output, or null. */
export function matchPrompt(text: string): Prompt | null {
  const m = PROMPT.exec(text);
  if (!m?.groups) return null;
  const host = m.groups.host ?? m.groups.host2 ?? m.groups.host3;
  const command = m.groups.command ?? '';
  return host === undefined ? { command } : { host, command };
}

/**
 * A line without the run of NUL bytes it may begin with: what a log cut or rewritten while it was
 * written holds where the cut was. The detector and the engine read lines the same way.
 */
export function withoutLeadingNul(text: string): string {
  return text.charCodeAt(0) === 0 ? text.replace(/^\0+/, '') : text;
}

/** True for an empty or whitespace-only line. */
export function isBlank(text: string): boolean {
  // Nearly every line starts with a visible ASCII character; trim() knows every Unicode space.
  const c = text.charCodeAt(0);
  if (c > 0x20 && c < 0x7f) return false;
  return text.trim() === '';
}

/** True for the code of a character regex `\s` matches (what `\S+` stops at). */
export function isSpaceCode(c: number): boolean {
  if (c > 0x20 && c < 0xa0) return false;
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * True when `text` (from `from` on) holds a character that a regex `.` does not match: the
 * parsers that read a line by hand instead of with `(?<msg>.*)$` refuse such a line as the
 * regex did.
 */
export function hasLineBreak(text: string, from = 0): boolean {
  return (
    text.indexOf('\r', from) !== -1 ||
    text.indexOf('\n', from) !== -1 ||
    text.indexOf('\u2028', from) !== -1 ||
    text.indexOf('\u2029', from) !== -1
  );
}

/**
 * A copy of `s` that shares no storage with the string it was cut from. Engines keep the whole
 * parent of a slice alive, so text kept from a `sharedText` line must be copied; a JSON round
 * trip copies in every engine and gives back exactly the same characters.
 */
export function ownString(s: string): string {
  return s.length === 0 ? '' : (JSON.parse(JSON.stringify(s)) as string);
}
