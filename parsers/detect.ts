// Format sniffing: which parser fits the first 64 KiB of a text file.
//
// Input: the decoded head of any file, such as
//   ubuntu@ollama:~$ sudo dmesg
//   [    0.000000] Linux version 5.15.0-125-generic (buildd@lcy02-amd64-040) …
//   [    0.000000] Command line: BOOT_IMAGE=/boot/vmlinuz-5.15.0-125-generic root=UUID=… ro console=tty1 console=ttyS0
//
// Example:
//   detectFormat(head, 'node-a/dmesg.txt')
//   // → { format: 'dmesg', score: 1, reason: 'dmesg: 91 of 91 lines matched (100%) in the first 92 lines', candidates: […] }
//   const parser = parserFor('dmesg');

import { FORMATS, parserFor } from './formats.ts';
import { TZIF_MAGIC } from './host-localtime.ts';
import { withoutLeadingNul } from './lines.ts';
import type { Detection, FormatSpec, KnownFormat } from './types.ts';

export { parserFor };

export const SNIFF_BYTES = 64 * 1024;
export const SNIFF_LINES = 200;
export const ACCEPT_SCORE = 0.6;
/** Share of control or undecodable characters above which a head is treated as binary. */
const BINARY_SHARE = 0.3;

// What people paste around logs in issues and mails; it says nothing about the format.
const PASTE_NOISE = /^\s*(?:```.*|~~~.*|\.\.\.|…|\[\.\.\.\]|<snip>|\[snip\]|-{3,}|={3,})\s*$/;

/** Formats the file name suggests, in registry order (§7 of the format notes). Only breaks ties. */
export function pathHints(path: string | undefined): KnownFormat[] {
  if (!path) return [];
  const base = (path.split(/[\\/]/).pop() ?? '').toLowerCase();
  return FORMATS.filter((f) => f.pathHint?.test(base)).map((f) => f.id);
}

export interface FormatTally {
  format: KnownFormat;
  score: number;
  /** Lines the parser turned into records. */
  matched: number;
  /** Lines that count: records, unparsed lines and continuations with no record before them. */
  candidates: number;
}

function tally(spec: FormatSpec, lines: readonly string[]): FormatTally {
  const format = spec.id;
  const parser = spec.create();
  let matched = 0;
  let candidates = 0;
  let seenRecord = false;
  lines.forEach((text, i) => {
    if (PASTE_NOISE.test(text)) return;
    const out = parser.parseLine(text, i + 1, 0);
    // A marker the format knows (`-- Boot … --`, rsyslog's `message repeated`) fits it as well as a
    // record does; a shell prompt says nothing about the format.
    if (out.t === 'record' || out.t === 'part' || (out.t === 'meta' && out.meta.kind !== 'prompt')) {
      matched++;
      candidates++;
      seenRecord = true;
    } else if (out.t === 'unparsed' || (out.t === 'continuation' && !seenRecord)) {
      // A continuation only counts as fitting when there is a record for it to continue; otherwise
      // any indented text (a `kubectl describe` block) would look like a perfect multi-line log.
      candidates++;
    }
  });
  return { format, score: candidates === 0 ? 0 : matched / candidates, matched, candidates };
}

/** Reasons that say a head is binary data begin with this; the engine does not read such a file. */
export const BINARY_REASON = 'binary data';

function binaryReason(head: string): string | null {
  let odd = 0;
  let nul = 0;
  let nulEven = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) {
      nul++;
      if (i % 2 === 0) nulEven++;
    } else if (
      c === 0xfffd ||
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) ||
      c === 0x7f
    )
      odd++;
  }
  // Not "binary data": the file is still read to its end (its lines counted, a bomb of zeros caught).
  if (nul === head.length) {
    return `no text: the first ${head.length} bytes are all NUL (a file preallocated, or cut while it was written?); if it is a log, set its format to read the text after them`;
  }
  // ASCII text in UTF-16 has a NUL in every other byte (its BOM, when present, is known by magic).
  if (nul * 4 >= head.length && (nulEven > 0.9 * nul || nulEven < 0.1 * nul)) {
    const order = nulEven > 0.9 * nul ? 'UTF-16BE' : 'UTF-16LE';
    return `${BINARY_REASON}: every other byte is NUL, as in ${order} text without a byte order mark; if it is, convert it with \`iconv -f ${order} -t UTF-8 <file> > <file>.utf8\` and drop the result`;
  }
  // A log can hold NUL bytes (a run where it was cut or rewritten while written, a NUL inside a
  // message); the rest of it decides. Archives, compressed and .journal files are known by their
  // magic before this (workers/bundle/magic.ts).
  const share = odd / (head.length - nul);
  if (share > BINARY_SHARE) {
    return `${BINARY_REASON}: ${pct(share)} of the first 64 KiB are control or undecodable characters`;
  }
  return null;
}

/**
 * Lines ended by a lone CR (classic Mac OS, some terminal captures) are one long line here, since
 * lines are split at LF everywhere (the scan, the log view's reads): say so rather than "no format".
 */
function loneCrReason(head: string): string | null {
  let lone = 0;
  let lf = 0;
  for (let i = head.indexOf('\r'); i !== -1; i = head.indexOf('\r', i + 1)) if (head[i + 1] !== '\n') lone++;
  for (let i = head.indexOf('\n'); i !== -1; i = head.indexOf('\n', i + 1)) lf++;
  if (lone < 2 || lone <= lf) return null;
  return (
    `lines end with a lone CR (carriage return): the first 64 KiB hold ${lone} CR not followed by LF and ${lf} LF, ` +
    "and lines are split at LF; convert it with `tr '\\r' '\\n' < <file> > <file>.txt` and drop the result"
  );
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function unrecognised(reason: string, candidates: Detection['candidates'] = []): Detection {
  return { format: 'unrecognised', score: candidates[0]?.score ?? 0, reason, candidates };
}

/** Picks the format whose parser accepts the most of the first ≤200 lines of `head`. */
export function detectFormat(head: string, path?: string): Detection {
  const sniff = head.length > SNIFF_BYTES ? head.slice(0, SNIFF_BYTES) : head;
  if (sniff.length === 0) return unrecognised('empty file');
  // A compiled zone file is binary by design; its magic says what it is.
  if (sniff.startsWith(TZIF_MAGIC)) {
    return {
      format: 'host-localtime',
      score: 1,
      reason: 'host-localtime: TZif magic (a compiled time zone, /etc/localtime)',
      candidates: [{ format: 'host-localtime', score: 1 }],
    };
  }
  // `journalctl -o export` frames binary fields with a little-endian length full of NUL bytes.
  const binary = /^__[A-Z_]+=/.test(sniff) ? null : binaryReason(sniff);
  if (binary) return unrecognised(binary);

  const all = sniff.split('\n');
  // A head ending in `\n` yields one empty string after it, which is not a line of the file.
  if (all[all.length - 1] === '') all.pop();
  // As the engine reads them: no `\r` of a CRLF, no NUL run at the start (workers/engine.ts lineFeeder).
  const lines = all
    .slice(0, SNIFF_LINES)
    .map((l) => withoutLeadingNul(l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.every((l) => l.trim() === ''))
    return unrecognised(`no text: the first ${lines.length} lines are blank`);
  const hinted = new Set(pathHints(path));
  const chosen = chooseFormat(
    FORMATS.filter((f) => !f.needsPathHint || hinted.has(f.id)).map((f) => tally(f, lines)),
    lines.length,
    path,
  );
  if (chosen.format !== 'unrecognised') return chosen;
  // Only a file no format takes: a line that merely holds a CR (a progress bar) decides nothing.
  const lineEnds = loneCrReason(sniff);
  return lineEnds ? { ...chosen, reason: lineEnds } : chosen;
}

/** The decision on given tallies, apart so the tie-break can be tested without a contrived file. */
export function chooseFormat(tallies: readonly FormatTally[], lineCount: number, path?: string): Detection {
  // Array.prototype.sort is stable, so equal scores keep their registry (FORMATS) order.
  const ranked = [...tallies].sort((a, b) => b.score - a.score);
  const candidates = ranked.map(({ format, score }) => ({ format, score }));
  const top = ranked[0];
  if (!top || top.score === 0) {
    return unrecognised(
      `no known format: none of the ${ranked.length} formats tried matched any of the first ${lineCount} lines`,
      candidates,
    );
  }
  if (top.score < ACCEPT_SCORE) {
    return unrecognised(
      `no known format: best candidate ${top.format} matched ${pct(top.score)} of the first ${lineCount} lines`,
      candidates,
    );
  }
  const tied = ranked.filter((t) => t.score === top.score);
  const hint = pathHints(path).find((h) => tied.some((t) => t.format === h));
  const winner = tied.find((t) => t.format === hint) ?? top;
  let reason = `${winner.format}: ${winner.matched} of ${winner.candidates} lines matched (${pct(winner.score)}) in the first ${lineCount} lines`;
  if (tied.length > 1) {
    const others = tied
      .filter((t) => t !== winner)
      .map((t) => t.format)
      .join(', ');
    reason += hint
      ? `; tied with ${others}, the file name suggests ${winner.format}`
      : `; tied with ${others} and no file-name hint, took ${winner.format}`;
  }
  return { format: winner.format, score: winner.score, reason, candidates };
}
