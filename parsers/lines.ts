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
 * Splits a byte stream into lines without ever holding more than one line of it. Lines are cut on
 * bytes, not characters, so a multi-byte UTF-8 character split across two chunks decodes whole.
 */
export class LineSplitter {
  // ignoreBOM keeps U+FEFF inside the text: we strip it ourselves, and only at the start of the file.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly onLine: LineCallback;
  /** Bytes of the line that straddles the previous chunk boundary (only that line is copied). */
  private carry = new Uint8Array(0);
  private carryLen = 0;
  /** Absolute offset of the first byte of the next chunk. */
  private chunkOffset = 0;
  /** Absolute offset where the current (unfinished) line starts. */
  private lineStart = 0;
  private lineNo = 0;
  /** After a line hit MAX_LINE_BYTES: drop bytes until its newline. */
  private skipping = false;

  constructor(onLine: LineCallback) {
    this.onLine = onLine;
  }

  push(chunk: Uint8Array): void {
    let from = 0;
    while (from < chunk.length) {
      const nl = chunk.indexOf(LF, from);
      if (nl === -1) {
        this.holdPartial(chunk, from);
        break;
      }
      if (this.skipping) {
        this.skipping = false;
      } else if (this.carryLen > 0) {
        // Never grow the carry past the cap (+1 for a `\r`); emit() cuts the rest anyway.
        const room = MAX_LINE_BYTES + 1 - this.carryLen;
        this.append(chunk.subarray(from, Math.min(nl, from + room)));
        this.emit(this.carry.subarray(0, this.carryLen), nl - from > room);
        this.carryLen = 0;
      } else {
        this.emit(chunk.subarray(from, nl));
      }
      from = nl + 1;
      this.lineStart = this.chunkOffset + from;
    }
    this.chunkOffset += chunk.length;
  }

  /** Flushes a final line that has no newline. */
  end(): void {
    if (this.carryLen > 0 && !this.skipping) this.emit(this.carry.subarray(0, this.carryLen));
    this.carryLen = 0;
    this.skipping = false;
    this.carry = new Uint8Array(0);
  }

  private holdPartial(chunk: Uint8Array, from: number): void {
    if (this.skipping) return;
    const rest = chunk.subarray(from);
    // +1 leaves room for a `\r` that a following `\n` would strip.
    if (this.carryLen + rest.length > MAX_LINE_BYTES + 1) {
      this.append(rest.subarray(0, MAX_LINE_BYTES + 1 - this.carryLen));
      this.emit(this.carry.subarray(0, this.carryLen), true);
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

  /** `overflow`: the caller already dropped bytes of this line, so it is truncated whatever its length. */
  private emit(bytes: Uint8Array, overflow = false): void {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CR) end--;
    let truncated = overflow;
    if (end > MAX_LINE_BYTES) {
      end = MAX_LINE_BYTES;
      // Back off to a character boundary so the cut does not leave a U+FFFD of our own making.
      let back = 0;
      while (back < 3 && end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) {
        end--;
        back++;
      }
      truncated = true;
    }
    let start = 0;
    if (this.lineNo === 0 && end >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      start = 3;
    }
    this.lineNo++;
    this.onLine(this.decoder.decode(bytes.subarray(start, end)), this.lineNo, this.lineStart, truncated);
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

/** True for an empty or whitespace-only line. */
export function isBlank(text: string): boolean {
  return text.trim() === '';
}
