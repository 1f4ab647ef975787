// A streaming tar reader (POSIX ustar, PAX extended headers, GNU long names, base-256 sizes).
// Entry bodies are handed on as streams straight from the archive stream, never buffered. Written
// here rather than taken from a library because a cut archive must be told precisely: the entries
// before the cut stay readable, the entry the cut falls in says how much of it arrived, and an
// archive without its end marker says so (the libraries tried either end quietly or give up on the
// whole archive at the cut).

export interface TarEntry {
  name: string;
  size: number;
  /** `file`, `directory`, `link` (hard or symbolic), or `other` (devices, fifos …). */
  type: 'file' | 'directory' | 'link' | 'other';
  /** Epoch ms (tar stores UTC seconds). */
  mtime?: number;
  body: ReadableStream<Uint8Array>;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

/** Reads bytes from a stream without copying, except across chunk boundaries of small reads. */
class ByteReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private ended = false;
  offset = 0;

  constructor(private readonly reader: ReadableStreamDefaultReader<Uint8Array>) {}

  /** Up to `max` bytes from the current chunk (fewer at a chunk end); empty at the end of the stream. */
  async some(max: number): Promise<Uint8Array> {
    while (this.pos >= this.chunk.byteLength) {
      if (this.ended) return new Uint8Array(0);
      const { value, done } = await this.reader.read();
      if (done) {
        this.ended = true;
        return new Uint8Array(0);
      }
      this.chunk = value;
      this.pos = 0;
    }
    const out = this.chunk.subarray(this.pos, this.pos + max);
    this.pos += out.byteLength;
    this.offset += out.byteLength;
    return out;
  }

  /** Exactly `n` bytes, or fewer when the stream ends first. */
  async exactly(n: number): Promise<Uint8Array> {
    const first = await this.some(n);
    if (first.byteLength === n || first.byteLength === 0) return first;
    const out = new Uint8Array(n);
    out.set(first);
    let at = first.byteLength;
    while (at < n) {
      const more = await this.some(n - at);
      if (more.byteLength === 0) return out.subarray(0, at);
      out.set(more, at);
      at += more.byteLength;
    }
    return out;
  }

  /** Skips `n` bytes; returns how many there were. */
  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0) {
      const got = await this.some(left);
      if (got.byteLength === 0) break;
      left -= got.byteLength;
    }
    return n - left;
  }
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

function text(block: Uint8Array, at: number, len: number, decoder = utf8): string {
  const field = block.subarray(at, at + len);
  const nul = field.indexOf(0);
  return decoder.decode(nul < 0 ? field : field.subarray(0, nul));
}

/**
 * A numeric field: octal text, or GNU base-256 when the top bit of the first byte is set. NaN
 * when the text is not octal digits (parseInt would read `12zz` as 10 and `zz` as NaN alike).
 */
function number(block: Uint8Array, at: number, len: number): number {
  const first = block[at] as number;
  if (first & 0x80) {
    let n = first & 0x7f;
    for (let i = 1; i < len; i++) n = n * 256 + (block[at + i] as number);
    return n;
  }
  const s = text(block, at, len, latin1).trim();
  if (s === '') return 0;
  return /^[0-7]+$/.test(s) ? Number.parseInt(s, 8) : Number.NaN;
}

/** A size a body can have: a whole number of bytes that arithmetic on offsets keeps exact. */
const isSize = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** A PAX `size` record: decimal digits only (Number() would take `0x10`, `1e3` or ``). */
function paxSize(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return /^\d+$/.test(value) ? Number(value) : Number.NaN;
}

function checksumOk(block: Uint8Array): boolean {
  const stored = number(block, 148, 8);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] as number);
  return sum === stored;
}

/** PAX records: `<len> <key>=<value>\n`. */
function paxRecords(body: Uint8Array): Map<string, string> {
  const out = new Map<string, string>();
  const s = utf8.decode(body);
  let at = 0;
  while (at < s.length) {
    const space = s.indexOf(' ', at);
    if (space < 0) break;
    const len = Number.parseInt(s.slice(at, space), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = s.slice(space + 1, at + len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    at += len;
  }
  return out;
}

const pad = (size: number) => (512 - (size % 512)) % 512;

/** Largest PAX or GNU long-name body read: it is held in memory whole (1 MiB). */
export const MAX_EXTENDED_HEADER = 1 << 20;

export interface TarEnd {
  /** The archive ended with its zero blocks; false: it stopped short (truncated). */
  complete: boolean;
}

/**
 * Calls `onEntry` for every entry in order; the body must be read or cancelled before it returns
 * (what is left of it is skipped). Throws TarFormatError on a damaged header.
 */
export async function readTar(
  stream: ReadableStream<Uint8Array>,
  onEntry: (entry: TarEntry) => Promise<void>,
): Promise<TarEnd> {
  const reader = stream.getReader();
  const bytes = new ByteReader(reader);
  let longName: string | undefined;
  let pax = new Map<string, string>();
  let globalPax = new Map<string, string>();
  try {
    for (;;) {
      const at = bytes.offset;
      const block = await bytes.exactly(512);
      if (block.byteLength < 512) return { complete: false };
      if (block.every((b) => b === 0)) return { complete: true };
      if (!checksumOk(block)) {
        throw new TarFormatError(`the tar header at byte ${at} is damaged (its checksum does not match)`);
      }
      const flag = String.fromCharCode(block[156] as number);
      const size = number(block, 124, 12);
      // A checksum that matches by chance, or a writer's bug: a size that is no number would turn
      // every offset after it into NaN.
      if (!isSize(size)) throw new TarFormatError(`the tar header at byte ${at} has no valid size`);
      if (flag === 'x' || flag === 'g' || flag === 'L') {
        // Held whole to be parsed, so bounded: real ones hold a few names and numbers.
        if (size > MAX_EXTENDED_HEADER) {
          throw new TarFormatError(
            `the tar header at byte ${at} announces ${size} bytes of ${flag === 'L' ? 'long name' : 'PAX records'}, more than the ${MAX_EXTENDED_HEADER} any real archive needs`,
          );
        }
        const body = await bytes.exactly(size);
        if (body.byteLength < size) return { complete: false };
        await bytes.skip(pad(size));
        if (flag === 'L') longName = text(body, 0, body.byteLength);
        else if (flag === 'x') pax = paxRecords(body);
        else globalPax = new Map([...globalPax, ...paxRecords(body)]);
        continue;
      }
      const ustar = latin1.decode(block.subarray(257, 262)) === 'ustar';
      const prefix = ustar ? text(block, 345, 155) : '';
      const name =
        pax.get('path') ??
        globalPax.get('path') ??
        longName ??
        (prefix ? `${prefix}/` : '') + text(block, 0, 100);
      const realSize = paxSize(pax.get('size'), size);
      if (!isSize(realSize)) {
        throw new TarFormatError(
          `the PAX header before byte ${at} gives no valid size (${JSON.stringify(pax.get('size')?.slice(0, 40))})`,
        );
      }
      const mtime = Number(pax.get('mtime') ?? number(block, 136, 12));
      longName = undefined;
      pax = new Map();
      const type =
        flag === '0' || flag === '\0' || flag === '7'
          ? 'file'
          : flag === '5'
            ? 'directory'
            : flag === '1' || flag === '2'
              ? 'link'
              : 'other';
      const bodySize = type === 'directory' || type === 'link' ? 0 : realSize;
      let left = bodySize;
      const body = new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            if (left === 0) {
              controller.close();
              return;
            }
            const got = await bytes.some(Math.min(left, 1 << 20));
            if (got.byteLength === 0) {
              controller.error(new TarTruncatedError(name || '(unnamed entry)', bodySize - left, bodySize));
              return;
            }
            left -= got.byteLength;
            controller.enqueue(got);
          },
          // Pulled only when the consumer reads: no read is in flight once it stops, so the rest
          // of the body can be skipped here safely.
        },
        { highWaterMark: 0 },
      );
      await onEntry({
        name,
        size: bodySize,
        type,
        ...(Number.isFinite(mtime) && mtime > 0 ? { mtime: mtime * 1000 } : {}),
        body,
      });
      // Whatever the consumer left of the body, and the padding to the next header.
      const skipped = await bytes.skip(left);
      if (skipped < left) return { complete: false };
      left = 0;
      await bytes.skip(pad(bodySize));
    }
  } finally {
    reader.releaseLock();
  }
}

/** The archive ended inside an entry's body. */
export class TarTruncatedError extends Error {
  override name = 'TarTruncatedError';
  constructor(
    readonly entry: string,
    readonly got: number,
    readonly size: number,
  ) {
    super(
      `The archive ends inside ${entry}: ${got} of its ${size} bytes were read (the archive is truncated)`,
    );
  }
}
