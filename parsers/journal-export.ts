// journald's export format: `journalctl -o export` (also what systemd-journal-remote reads).
// `KEY=value` lines, one blank line after each entry. A value that is not printable UTF-8 or holds
// a newline is a binary field: `NAME\n`, an 8-byte little-endian length, the raw bytes, `\n`.
// The engine hands parsers decoded text lines, so a binary field arrives as a bare `NAME` line, then
// its length as 8 control characters at the start of the next line (bytes ≥ 0x80 would have become
// U+FFFD: the length is then unreadable), then its bytes, cut into lines at every 0x0A.
//
// Sample lines (the first entry of the text-only example in systemd's docs/JOURNAL_EXPORT_FORMATS.md;
// the format notes §3.5 quote its neighbour):
//   __CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a26343b29e964691ff25d04c;m=4fc72436e;t=4c508a72423d9;x=d3e5610681098c10;p=system.journal
//   __REALTIME_TIMESTAMP=1342540861416409
//   __MONOTONIC_TIMESTAMP=21415215982
//   _BOOT_ID=6c7c6013a26343b29e964691ff25d04c
//   MESSAGE=AccountsService-DEBUG(+): ActUserManager: ignoring unspecified session '8' since it's not graphical: Success
//
// Example:
//   const p = createJournalExportParser();
//   p.parseLine('__REALTIME_TIMESTAMP=1342540861416409', 1, 0);   // → { t: 'part' }
//   p.parseLine('MESSAGE=(root) CMD (run-parts /etc/cron.hourly)', 2, 38);   // → { t: 'part' }
//   p.parseLine('', 3, 88);
//   // → { t: 'record', rec: { kind: 'entry', line: 1, offset: 0, time: { kind: 'epoch', ms: 1342540861416.409 },
//   //      msg: '(root) CMD (run-parts /etc/cron.hourly)', … } }   (or from p.finish() at the end of the file)

import { type JournalField, journalEntry, journalNoise, utf8Length } from './journal-json.ts';
import { isBlank } from './lines.ts';
import type { EntryRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

// Journal field names: upper-case letters, digits and `_`, at most 64 characters. The `s` flag lets
// a value hold U+2028/U+2029, which are printable and so stay text fields.
const TEXT_FIELD = /^(?<name>[A-Z_][A-Z0-9_]{0,63})=(?<value>.*)$/s;
const FIELD_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
// journalctl starts every entry with `__CURSOR=`; other writers (journal-remote input) often with
// MESSAGE. Requiring one of them keeps `KEY=value` files (os-release, env files) out.
const ENTRY_START = /^(?:__[A-Z0-9_]+|MESSAGE)=/;
/** journald's own cap on one field (DATA_SIZE_MAX); a larger length is garbage. */
const MAX_FIELD_BYTES = 768 * 1024 * 1024;
/** Text kept of one binary value; its bytes are still counted past this. */
const KEEP_CHARS = 64 * 1024;

interface Entry {
  line: number;
  offset: number;
  fields: Map<string, JournalField>;
  /** Binary fields whose length could not be read (skipped). */
  unreadable: string[];
  /** Binary fields whose byte count could not be matched exactly (bad bytes, lost `\r`). */
  inexact: string[];
}

interface Binary {
  name: string;
  /** The lines read so far for the 8 length bytes (a 0x0A among them splits the line). */
  lenText: string | null;
  need: number;
  /** UTF-8 bytes of the value read so far, counting each U+FFFD as 3 and each line break as 1. */
  base: number;
  /** U+FFFD characters seen: each stands for 1 to 3 bytes that were not UTF-8. */
  fffd: number;
  /** Physical lines of the value so far (the line reader removed a `\r` before each break, if any). */
  lines: number;
  kept: string[];
  keptChars: number;
}

function readLength(s: string): number | null {
  let n = 0;
  for (let i = 7; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return null; // the byte was ≥ 0x80 and did not survive decoding
    n = n * 256 + c;
  }
  return n <= MAX_FIELD_BYTES ? n : null;
}

function countFffd(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i !== -1; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
}

/** `journalctl -o export`: a fresh parser per file (it keeps the entry being read). */
export function createJournalExportParser(): FormatParser<EntryRecord> {
  let entry: Entry | null = null;
  let bin: Binary | null = null;
  /** fields: reading KEY=value lines; length/data: inside a binary field; maybe-end: the binary value
   *  may be complete (decided by the next line); skip: after an unreadable binary field. */
  let mode: 'fields' | 'length' | 'data' | 'maybe-end' | 'skip' = 'fields';

  function add(e: Entry, name: string, value: string, binary: boolean): void {
    const known = e.fields.get(name);
    if (known) known.count++;
    else e.fields.set(name, { value, count: 1, binary });
  }

  function complete(): LineOutcome<EntryRecord> {
    const e = entry;
    entry = null;
    bin = null;
    mode = 'fields';
    if (e === null) return { t: 'blank' };
    const rec = journalEntry((name) => e.fields.get(name), e.line, e.offset);
    if (!rec) {
      return {
        t: 'unparsed',
        reason: `export entry from line ${e.line} has no __REALTIME_TIMESTAMP, __CURSOR or MESSAGE`,
      };
    }
    if (e.unreadable.length > 0) rec.fields = { ...rec.fields, binaryUnreadable: e.unreadable.join(',') };
    if (e.inexact.length > 0) rec.fields = { ...rec.fields, binaryInexact: e.inexact.join(',') };
    return { t: 'record', rec };
  }

  function endBinary(e: Entry, b: Binary, exact: boolean, restoreCr: boolean): void {
    const value = restoreCr ? b.kept.map((l) => `${l}\r`).join('\n') : b.kept.join('\n');
    add(e, b.name, value, true);
    if (!exact) e.inexact.push(b.name);
    bin = null;
    mode = 'fields';
  }

  function addData(b: Binary, text: string): void {
    if (b.lines > 0) b.base += 1; // the 0x0A that ended the previous line
    b.lines++;
    b.base += utf8Length(text);
    b.fffd += countFffd(text);
    if (b.keptChars < KEEP_CHARS) {
      const piece = text.slice(0, KEEP_CHARS - b.keptChars);
      b.kept.push(piece);
      b.keptChars += piece.length + 1;
    }
  }

  /** After a line of the value: is the value complete, maybe complete, or certainly longer? */
  function judge(e: Entry, b: Binary): void {
    const lo = b.base - 2 * b.fffd; // every U+FFFD was one bad byte
    const hi = b.base + b.lines; // every line lost a `\r`
    if (b.fffd === 0 && b.base === b.need) endBinary(e, b, true, false);
    else if (lo > b.need) endBinary(e, b, false, false);
    else mode = b.need <= hi ? 'maybe-end' : 'data';
  }

  function begin(line: number, offset: number): Entry {
    const e: Entry = { line, offset, fields: new Map(), unreadable: [], inexact: [] };
    entry = e;
    mode = 'fields';
    return e;
  }

  function fieldLine(e: Entry, text: string, line: number, offset: number): LineOutcome<EntryRecord> {
    if (isBlank(text)) return complete();
    const m = TEXT_FIELD.exec(text)?.groups;
    if (m) {
      const name = m.name ?? '';
      if (name === '__CURSOR' && e.fields.has('__CURSOR')) {
        // The blank line between two entries is missing: the new cursor starts the next entry.
        const out = complete();
        add(begin(line, offset), name, m.value ?? '', false);
        return out;
      }
      add(e, name, m.value ?? '', false);
      return { t: 'part' };
    }
    if (FIELD_NAME.test(text)) {
      bin = { name: text, lenText: null, need: 0, base: 0, fffd: 0, lines: 0, kept: [], keptChars: 0 };
      mode = 'length';
      return { t: 'part' };
    }
    return {
      t: 'unparsed',
      reason: `not an export field line (KEY=value or a binary field name) in the entry from line ${e.line}`,
    };
  }

  function parseLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
    const e = entry;
    if (e === null) {
      if (isBlank(text)) return { t: 'blank' };
      if (ENTRY_START.test(text)) return fieldLine(begin(line, offset), text, line, offset);
      if (TEXT_FIELD.test(text)) {
        return {
          t: 'unparsed',
          reason:
            'export field outside an entry (entries start with __CURSOR=; the head of this one may be cut off)',
        };
      }
      const meta = journalNoise(text);
      if (meta) return { t: 'meta', meta };
      return { t: 'unparsed', reason: 'not a journal export line (KEY=value)' };
    }
    const b = bin;
    if (b !== null && mode === 'length') {
      b.lenText = b.lenText === null ? text : `${b.lenText}\n${text}`;
      if (b.lenText.length < 8) return { t: 'part' };
      const need = readLength(b.lenText);
      if (need === null) {
        e.unreadable.push(b.name);
        bin = null;
        mode = 'skip';
        return { t: 'part' };
      }
      b.need = need;
      addData(b, b.lenText.slice(8));
      judge(e, b);
      return { t: 'part' };
    }
    if (b !== null && mode === 'maybe-end') {
      // Data first: a value ending in a newline goes on with an empty line, and a value that still
      // has room for this line may look like anything.
      const fits = b.base - 2 * b.fffd + 1 + utf8Length(text) - 2 * countFffd(text) <= b.need;
      if (!fits && (isBlank(text) || TEXT_FIELD.test(text) || FIELD_NAME.test(text))) {
        // The next field (or the end of the entry) follows: the value ended on the previous line,
        // and the line reader dropped the `\r` before its line breaks.
        const lostCr = b.fffd === 0 && b.need - b.base === b.lines;
        endBinary(e, b, lostCr, lostCr);
        return fieldLine(e, text, line, offset);
      }
      mode = 'data';
    }
    if (b !== null && mode === 'data') {
      addData(b, text);
      judge(e, b);
      return { t: 'part' };
    }
    if (mode === 'skip') {
      if (!isBlank(text) && !TEXT_FIELD.test(text)) return { t: 'part' };
      mode = 'fields';
    }
    return fieldLine(e, text, line, offset);
  }

  function finish(): EntryRecord[] {
    const e = entry;
    if (e === null) return [];
    const b = bin;
    if (b !== null && (mode === 'data' || mode === 'maybe-end')) {
      endBinary(e, b, b.fffd === 0 && b.base === b.need, false);
    } else if (b !== null && mode === 'length') {
      e.unreadable.push(b.name);
    }
    const out = complete();
    return out.t === 'record' ? [out.rec] : [];
  }

  return { id: 'journal-export', parseLine, finish };
}

export const JOURNAL_EXPORT_FORMATS: readonly FormatSpec[] = [
  {
    id: 'journal-export',
    title: 'journalctl -o export',
    create: () => createJournalExportParser(),
    pathHint: /^journal.*export|\.export$/,
  },
];
