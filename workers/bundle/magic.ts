// What a file is, by its first bytes and never by its name (docs/input-formats §7.1): a container
// Cascade opens, one it cannot open (said plainly), a file that is no log at all (an image, a
// program: named, and not read line by line), or text for the format detector.

export type Container = 'gzip' | 'xz' | 'zip' | 'tar';

export type Sniffed =
  | { kind: 'container'; container: Container }
  | { kind: 'unsupported'; what: string; advice: string }
  | { kind: 'binary'; what: string }
  | { kind: 'content' };

/** Bytes the sniffer needs: a tar header's `ustar` magic sits at offset 257. */
export const SNIFF_HEAD = 512;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) =>
  head.byteLength >= at + bytes.length && bytes.every((b, i) => head[at + i] === b);

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** A v7 (pre-POSIX) tar header has no magic: its checksum field is the proof. */
function isTarHeader(head: Uint8Array): boolean {
  if (head.byteLength < 512) return false;
  if (startsWith(head, ascii('ustar'), 257)) return true;
  const field = new TextDecoder('latin1').decode(head.subarray(148, 156));
  const stored = Number.parseInt(field.replace(/[\0 ]+$/g, '').trim(), 8);
  if (!Number.isFinite(stored) || head[0] === 0) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (head[i] as number);
  return sum === stored;
}

/** What an ELF file is, by its `e_type` (a kdump vmcore is an ELF core file). */
function elfKind(head: Uint8Array): string {
  // e_type sits at 16, in the byte order EI_DATA (offset 5) names: 1 little-endian, 2 big-endian.
  const type =
    head[5] === 2 ? ((head[16] ?? 0) << 8) | (head[17] ?? 0) : ((head[17] ?? 0) << 8) | (head[16] ?? 0);
  const kinds: Record<number, string> = {
    1: 'an ELF object file',
    2: 'an ELF executable',
    3: 'an ELF shared library or executable',
    4: 'an ELF core dump (a kdump vmcore or an application core)',
  };
  return kinds[type] ?? 'an ELF binary';
}

/** Files that are no log, by their magic: said by name instead of read as lines of garbage. */
const NOT_LOGS: [magic: readonly number[], what: string][] = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [ascii('GIF87a'), 'a GIF image'],
  [ascii('GIF89a'), 'a GIF image'],
  [ascii('%PDF-'), 'a PDF document'],
  [ascii('SQLite format 3\0'), 'an SQLite database'],
  [[0xd4, 0xc3, 0xb2, 0xa1], 'a pcap packet capture'],
  [[0xa1, 0xb2, 0xc3, 0xd4], 'a pcap packet capture'],
  [[0x0a, 0x0d, 0x0d, 0x0a], 'a pcapng packet capture'],
];

/**
 * UTF-16 and UTF-32 text by its byte order mark. Decoding it here would give lines whose byte
 * offsets are not the file's, and every later read of the file (the log view's context, "All
 * lines") goes by those offsets; so it is refused, with the command that converts it.
 */
function wideText(head: Uint8Array): string | null {
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]))
    return 'UTF-32 text (little-endian, with a byte order mark)';
  if (startsWith(head, [0x00, 0x00, 0xfe, 0xff])) return 'UTF-32 text (big-endian, with a byte order mark)';
  if (startsWith(head, [0xff, 0xfe])) return 'UTF-16 text (little-endian, with a byte order mark)';
  if (startsWith(head, [0xfe, 0xff])) return 'UTF-16 text (big-endian, with a byte order mark)';
  return null;
}

export function sniff(head: Uint8Array): Sniffed {
  if (startsWith(head, [0x1f, 0x8b, 0x08])) return { kind: 'container', container: 'gzip' };
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { kind: 'container', container: 'xz' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]))
    return { kind: 'container', container: 'zip' };
  if (isTarHeader(head)) return { kind: 'container', container: 'tar' };
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd]))
    return {
      kind: 'unsupported',
      what: 'zstd-compressed data',
      advice: 'decompress it with `zstd -d` and drop the result',
    };
  if (startsWith(head, ascii('BZh')) && head[3] !== undefined && head[3] >= 0x31 && head[3] <= 0x39)
    return {
      kind: 'unsupported',
      what: 'bzip2-compressed data',
      advice: 'decompress it with `bunzip2` and drop the result',
    };
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]))
    return {
      kind: 'unsupported',
      what: 'a 7-Zip archive',
      advice: 'extract it with `7z x` and drop the folder',
    };
  if (startsWith(head, ascii('Rar!')))
    return {
      kind: 'unsupported',
      what: 'a RAR archive',
      advice: 'extract it with `unrar x` and drop the folder',
    };
  if (startsWith(head, ascii('LPKSHHRH')))
    return {
      kind: 'unsupported',
      what: 'a binary systemd journal file',
      advice:
        'export it with `journalctl --file <file> -o export > journal.export` (or `-o short-iso`) and drop that',
    };
  const wide = wideText(head);
  if (wide) {
    const from = wide.startsWith('UTF-32') ? 'UTF-32' : 'UTF-16';
    return {
      kind: 'unsupported',
      what: wide,
      advice: `convert it to UTF-8 with \`iconv -f ${from} -t UTF-8 <file> > <file>.utf8\` and drop the result`,
    };
  }
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return { kind: 'binary', what: elfKind(head) };
  const known = NOT_LOGS.find(([magic]) => startsWith(head, magic));
  if (known) return { kind: 'binary', what: known[1] };
  return { kind: 'content' };
}

/** The name of a file once decompressed: `messages-20231110.gz` → `messages-20231110`. */
export function withoutCompressionSuffix(path: string): string {
  return path.replace(/\.(gz|xz|tgz|txz)$/i, (m) => (/^\.t/i.test(m) ? '.tar' : ''));
}
