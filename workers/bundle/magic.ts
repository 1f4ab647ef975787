// What a file is, by its first bytes and never by its name (docs/input-formats §7.1): a container
// Cascade opens, one it cannot open (said plainly), or text for the format detector.

export type Container = 'gzip' | 'xz' | 'zip' | 'tar';

export type Sniffed =
  | { kind: 'container'; container: Container }
  | { kind: 'unsupported'; what: string; advice: string }
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
  return { kind: 'content' };
}

/** The name of a file once decompressed: `messages-20231110.gz` → `messages-20231110`. */
export function withoutCompressionSuffix(path: string): string {
  return path.replace(/\.(gz|xz|tgz|txz)$/i, (m) => (/^\.t/i.test(m) ? '.tar' : ''));
}
