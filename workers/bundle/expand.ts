// Opens what was dropped: archives (tar, zip), compressed files (gzip, xz) and archives nested in
// archives, detected by their magic bytes, read as streams (a tar.xz is never held whole), with a
// decompression-bomb guard. Each file inside becomes a Leaf the engine scans; each archive becomes a
// BundleState the incident reports. A broken entry or archive is reported and the rest goes on.
import { BlobReader, configure, type Entry, ZipReader } from '@zip.js/zip.js';
import { Gunzip } from 'fflate';
import * as xzModule from 'xz-decompress';
import { crc32 } from '../crc32.ts';
import type { IncidentBundle } from '../incident.ts';
import type { LayoutTracker, PathPlan } from './layout.ts';
import { type Container, sniff } from './magic.ts';
import { counting, peek, toBlob } from './streams.ts';
import { readTar, TarFormatError, TarTruncatedError } from './tar.ts';

// No zip.js workers or wasm: this already runs in the analysis worker, and the app loads nothing
// from anywhere but its own origin. Deflate goes through the runtime's DecompressionStream.
configure({ useWebWorkers: false, useCompressionStream: true });

// xz-decompress is a CommonJS bundle: its export sits on the namespace or on its default.
type XzStreamClass = new (compressed: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;
const XzReadableStream: XzStreamClass =
  (xzModule as { XzReadableStream?: XzStreamClass }).XzReadableStream ??
  (xzModule as unknown as { default: { XzReadableStream: XzStreamClass } }).default.XzReadableStream;

const MiB = 1024 * 1024;

export interface Limits {
  /** Expanded ÷ compressed size above which expansion stops, once `ratioAfterBytes` came out. */
  maxRatio: number;
  ratioAfterBytes: number;
  /** Bytes one dropped file may expand to, all levels of nesting together. */
  maxExpandedBytes: number;
  /** Archives inside archives, this deep at most. */
  maxDepth: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxRatio: 200,
  ratioAfterBytes: 64 * MiB,
  maxExpandedBytes: 16 * 1024 * MiB,
  maxDepth: 8,
};

/** Bytes the format detector looks at (parsers/detect). */
export const HEAD_BYTES = 64 * 1024;

/** A file to scan: a dropped file, or a file found inside an archive. */
export interface Leaf {
  path: string;
  /** Size when known (a dropped file, a tar or zip entry); unknown after gzip or xz. */
  size?: number;
  lastModified?: number;
  /** Path of the archive the file came from. */
  container?: string;
  /** Decompression the file went through, outermost first (`gzip`). */
  compression: string[];
  plan: PathPlan;
  /** The first bytes (up to HEAD_BYTES) and the whole content again; absent with `error`. */
  head: Uint8Array;
  stream?: ReadableStream<Uint8Array>;
  /** Why the file cannot be read at all (encrypted, unsupported compression, nested too deep). */
  error?: string;
}

/** An archive as it is read; the engine turns it into a progress row and an IncidentBundle. */
export interface BundleState extends IncidentBundle {
  container?: string;
}

export interface ExpandHooks {
  tracker: LayoutTracker;
  limits: Limits;
  /** Scans one file; must read `leaf.stream` to its end or cancel it. */
  onLeaf(leaf: Leaf): Promise<void>;
  /** An archive was opened, or its counts changed. */
  onBundle(bundle: BundleState): void;
  /** Bytes of the dropped file itself read so far. */
  onRawBytes(done: number): void;
  isCancelled(): boolean;
}

/** Stops an expansion that grows beyond the limits; the message names both limits. */
export class BombError extends Error {
  override name = 'BombError';
}

/** A problem worded here already, passed on as it is. */
export class ReadError extends Error {
  override name = 'ReadError';
}

/** The user stopped the analysis: not an archive problem, so nothing may swallow it. */
export class StopError extends Error {
  override name = 'StopError';
}

const size = (n: number) =>
  n >= 1024 * MiB
    ? `${(n / 1024 / MiB).toFixed(2)} GiB`
    : n >= MiB
      ? `${(n / MiB).toFixed(1)} MiB`
      : `${(n / 1024).toFixed(1)} KiB`;

/** Output of every decompressor under one dropped file, checked against the limits. */
class Budget {
  out = 0;
  constructor(
    private readonly path: string,
    private readonly compressed: number,
    private readonly limits: Limits,
  ) {}

  add(n: number) {
    this.out += n;
    const { maxRatio, ratioAfterBytes, maxExpandedBytes } = this.limits;
    const ratio = this.out / Math.max(1, this.compressed);
    const limits = `limits: ${maxRatio}:1 once past ${size(ratioAfterBytes)}, and ${size(maxExpandedBytes)} in all`;
    if (this.out > maxExpandedBytes) {
      throw new BombError(
        `Expansion stopped: ${this.path} expanded to over ${size(maxExpandedBytes)} (${limits}). ` +
          'Extract the archive yourself and drop the log files it holds.',
      );
    }
    if (this.out > ratioAfterBytes && ratio > maxRatio) {
      throw new BombError(
        `Expansion stopped: ${this.path} expanded to ${size(this.out)} from ${size(this.compressed)}, ` +
          `a ratio of ${Math.round(ratio)}:1 (${limits}); this looks like a decompression bomb. ` +
          'If the archive is genuine, extract it yourself and drop the log files it holds.',
      );
    }
  }
}

/** Words for what went wrong reading compressed or archived data. */
export function describeReadError(err: unknown, what = 'the data'): string {
  if (err instanceof BombError || err instanceof ReadError || err instanceof TarTruncatedError)
    return err.message;
  const message = err instanceof Error ? err.message : String(err);
  const xz = /get_next_output failed with error code (\d+)/.exec(message)?.[1];
  if (xz) {
    const reasons: Record<string, string> = {
      '2': 'uses an integrity check this decoder does not know',
      '3': 'needs more memory than the decoder may use',
      '4': 'needs more memory than the decoder may use',
      '5': 'is not valid xz data',
      '6': 'uses xz options this decoder does not support',
      '7': 'is corrupt (its xz integrity check failed)',
      '8': 'ends early: the file is truncated',
    };
    return `${what} ${reasons[xz] ?? `could not be decompressed (xz error ${xz})`}`;
  }
  if (/unexpected EOF|unexpected end of file|archive is truncated/i.test(message))
    return `${what} ends early: the file is truncated`;
  if (
    /invalid (block type|distance|length|literal|code)|invalid (stored )?block|incorrect (header|data) check/i.test(
      message,
    )
  )
    return `${what} is corrupt (${message})`;
  if (/ERR_EOCDR|end of central directory/i.test(message))
    return `${what} is not a readable zip: its central directory is missing (the file is truncated or damaged)`;
  // zip.js's own words for a zip it cannot make sense of.
  if (/File format is not recognized|Central directory header not found/.test(message))
    return `${what} is not a readable zip: its records are damaged (the file is truncated, damaged, or no zip)`;
  if (/Ambiguous archive/.test(message))
    return `${what} is not a readable zip: it holds two sets of records that disagree (damaged, or made to be read differently by different tools)`;
  if (/Entry data out of bounds|Invalid (un)?compressed size/i.test(message))
    return `${what} is corrupt: an entry's recorded place or size is impossible`;
  if (/invalid signature|invalid crc/i.test(message))
    return `${what} is corrupt: its CRC-32 does not match the zip's record`;
  if (err instanceof GzipCheckError)
    return `${what} is corrupt: what it decompresses to does not match the CRC-32 and length its gzip trailer records`;
  if (/encrypted/i.test(message)) return `${what} is encrypted`;
  return `${what} could not be read: ${message}`;
}

export class ArchiveReader {
  constructor(private readonly hooks: ExpandHooks) {}

  /** Opens one dropped file (or a file of a dropped folder). */
  async open(path: string, blob: Blob, lastModified: number | undefined): Promise<void> {
    const plan = this.hooks.tracker.classify(path);
    const budget = new Budget(path, blob.size, this.hooks.limits);
    let read = 0;
    const raw = counting(blob.stream(), (n) => {
      read += n;
      this.hooks.onRawBytes(read);
    });
    await this.source({
      path,
      blob,
      stream: raw,
      size: blob.size,
      fileSize: blob.size,
      lastModified,
      plan,
      compression: [],
      depth: 0,
      budget,
    });
  }

  private async source(src: Source): Promise<void> {
    this.checkCancelled();
    const leaf = (extra: Partial<Leaf>): Leaf => ({
      path: src.path,
      size: src.size,
      lastModified: src.lastModified,
      container: src.container,
      compression: src.compression,
      plan: src.plan,
      head: new Uint8Array(0),
      ...extra,
    });
    let head: Uint8Array = new Uint8Array(0);
    let stream: ReadableStream<Uint8Array>;
    try {
      ({ head, stream } = await peek(src.stream, HEAD_BYTES));
    } catch (err) {
      // The data failed before its first bytes could be looked at (corrupt from the start, or a
      // bomb that trips within the head): this file says so, the archive around it goes on.
      if (err instanceof StopError) throw err;
      return this.hooks.onLeaf(leaf({ error: describeReadError(err, dataOf(src)) }));
    }
    const sniffed = sniff(head);
    if (sniffed.kind === 'content') return this.hooks.onLeaf(leaf({ head, stream }));
    if (sniffed.kind === 'unsupported') {
      await stream.cancel().catch(() => {});
      return this.hooks.onLeaf(
        leaf({ error: `This is ${sniffed.what}, which Cascade cannot open: ${sniffed.advice}.` }),
      );
    }
    if (sniffed.kind === 'binary') {
      await stream.cancel().catch(() => {});
      return this.hooks.onLeaf(
        leaf({
          error: `This is ${sniffed.what}, not a log: Cascade reads text logs, archives and compressed files, so it was not read.`,
        }),
      );
    }
    if (src.depth >= this.hooks.limits.maxDepth) {
      await stream.cancel().catch(() => {});
      return this.hooks.onLeaf(
        leaf({
          error: `Archives are nested more than ${this.hooks.limits.maxDepth} deep here; this one was not opened.`,
        }),
      );
    }
    return this.container(src, sniffed.container, stream);
  }

  private async container(
    src: Source,
    container: Container,
    stream: ReadableStream<Uint8Array>,
  ): Promise<void> {
    const next = { ...src, depth: src.depth + 1, blob: undefined, size: undefined };
    switch (container) {
      case 'gzip':
        return this.source({
          ...next,
          stream: gunzip(stream, src.budget),
          compression: [...src.compression, 'gzip'],
        });
      case 'xz':
        return this.source({
          ...next,
          stream: counting(new XzReadableStream(stream), (n) => src.budget.add(n)),
          compression: [...src.compression, 'xz'],
        });
      case 'tar':
        return this.tar(src, stream);
      case 'zip': {
        if (!src.blob) return this.zip(src, await toBlob(stream));
        // A dropped zip is read through its central directory, straight from the file.
        await stream.cancel().catch(() => {});
        return this.zip(src, src.blob);
      }
    }
  }

  private bundle(src: Source, kind: string): BundleState {
    return {
      path: src.path,
      kind,
      layout: 'plain',
      entries: 0,
      analysed: 0,
      skipped: 0,
      skippedExamples: [],
      bytes: src.fileSize ?? src.size ?? 0,
      expandedBytes: 0,
      warnings: [],
      ...(src.container ? { container: src.container } : {}),
    };
  }

  /** Counts one file entry of an archive; true when it is to be read. */
  private entry(bundle: BundleState, path: string, plan: PathPlan): boolean {
    bundle.entries++;
    if (plan.layout !== 'plain' && bundle.layout === 'plain') bundle.layout = plan.layout;
    if (plan.analyse) bundle.analysed++;
    else {
      bundle.skipped++;
      if (bundle.skippedExamples.length < 20) bundle.skippedExamples.push(path.slice(bundle.path.length + 1));
    }
    return plan.analyse;
  }

  private async tar(src: Source, stream: ReadableStream<Uint8Array>): Promise<void> {
    const bundle = this.bundle(src, kindOf(src.compression, 'tar'));
    this.hooks.onBundle(bundle);
    let lastEntry = '';
    const stopped = (why: string) =>
      `${why}${lastEntry ? `; reading stopped after ${lastEntry}, and entries after it are missing.` : '.'}`;
    try {
      const end = await readTar(stream, async (entry) => {
        this.checkCancelled();
        if (entry.type !== 'file') return;
        const { name, warning } = cleanEntryName(entry.name);
        if (warning) bundle.warnings.push(warning);
        const path = `${src.path}/${name}`;
        const plan = this.hooks.tracker.classify(path);
        const analyse = this.entry(bundle, path, plan);
        this.hooks.onBundle(bundle);
        if (analyse) {
          await this.source({
            path,
            stream: entry.body,
            size: entry.size,
            fileSize: entry.size,
            lastModified: entry.mtime,
            container: src.path,
            plan,
            compression: [],
            depth: src.depth + 1,
            budget: src.budget,
          });
        }
        lastEntry = name;
      });
      if (!end.complete) {
        bundle.error = stopped(
          'The tar data ends without its end-of-archive marker: the archive is truncated',
        );
      }
    } catch (err) {
      if (err instanceof StopError) throw err;
      bundle.error = stopped(
        err instanceof TarFormatError
          ? `The ${bundle.kind} data is corrupt: ${err.message}`
          : describeReadError(err, `The ${bundle.kind} data`).replace(/\.$/, ''),
      );
    }
    bundle.expandedBytes = src.budget.out;
    this.hooks.onBundle(bundle);
  }

  private async zip(src: Source, blob: Blob): Promise<void> {
    const bundle = this.bundle({ ...src, size: src.size ?? blob.size }, kindOf(src.compression, 'zip'));
    this.hooks.onBundle(bundle);
    const reader = new ZipReader(new BlobReader(blob));
    let entries: Entry[];
    try {
      entries = await reader.getEntries();
    } catch (err) {
      bundle.error = describeReadError(err, 'The archive');
      this.hooks.onBundle(bundle);
      return;
    }
    let encrypted = 0;
    for (const e of entries) {
      this.checkCancelled();
      if (e.directory || e.symlink) continue;
      const { name, warning } = cleanEntryName(e.filename);
      if (warning) bundle.warnings.push(warning);
      const path = `${src.path}/${name}`;
      const plan = this.hooks.tracker.classify(path);
      const analyse = this.entry(bundle, path, plan);
      this.hooks.onBundle(bundle);
      if (!analyse) continue;
      const base = {
        path,
        size: e.uncompressedSize,
        fileSize: e.compressedSize,
        lastModified: e.lastModDate.getTime(),
        container: src.path,
        plan,
        compression: [],
        head: new Uint8Array(0),
      };
      if (e.encrypted) {
        encrypted++;
        await this.hooks.onLeaf({
          ...base,
          error:
            `The entry is encrypted (${e.zipCrypto ? 'ZipCrypto' : 'AES'}); Cascade never asks for passwords. ` +
            'Extract the archive with its password and drop the files.',
        });
        continue;
      }
      const pipe = new TransformStream<Uint8Array, Uint8Array>();
      const writer = pipe.writable.getWriter();
      const sink = new WritableStream<Uint8Array>({
        write: (chunk) => writer.write(chunk),
        close: () => writer.close(),
        abort: (reason) => writer.abort(reason),
      });
      const done = e
        .getData(sink, { checkSignature: true })
        .catch((err: unknown) =>
          writer.abort(new ReadError(describeReadError(err, 'The entry'))).catch(() => {}),
        );
      await this.source({
        ...base,
        stream: counting(pipe.readable, (n) => src.budget.add(n)),
        depth: src.depth + 1,
        budget: src.budget,
      });
      await done;
    }
    if (encrypted > 0 && encrypted === bundle.analysed) {
      bundle.error = `Every entry to be read is encrypted (${encrypted}); extract the archive with its password and drop the files.`;
    }
    await reader.close().catch(() => {});
    bundle.expandedBytes = src.budget.out;
    this.hooks.onBundle(bundle);
  }

  private checkCancelled() {
    if (this.hooks.isCancelled()) throw new StopError('Analysis cancelled');
  }
}

interface Source {
  path: string;
  /** The dropped file itself (zip needs random access); absent once inside a stream. */
  blob?: Blob;
  stream: ReadableStream<Uint8Array>;
  size?: number;
  /** Size of the file at `path` as stored (compressed), for the archive's row. */
  fileSize?: number;
  lastModified?: number;
  container?: string;
  plan: PathPlan;
  compression: string[];
  depth: number;
  budget: Budget;
}

/** What to call a source's bytes in an error: `The gzip data`, `The data of x.zip`. */
function dataOf(src: Source): string {
  if (src.compression.length > 0) return `The ${src.compression.join('+')} data`;
  return src.container ? `The data of ${src.container}` : 'The data';
}

/** `tar` + [`xz`] → `tar.xz`; `zip` + [`gzip`] → `zip.gz`. */
function kindOf(compression: readonly string[], container: string): string {
  const ext: Record<string, string> = { gzip: 'gz', xz: 'xz' };
  return [container, ...compression.map((c) => ext[c] ?? c).reverse()].join('.');
}

/**
 * An entry name as a path inside the bundle: no leading `/` or `./`, no `..` (nothing is ever
 * written to disk, but a name that climbs out of its archive is worth saying).
 */
export function cleanEntryName(raw: string): { name: string; warning?: string } {
  const parts = raw.replace(/\\/g, '/').split('/');
  const kept = parts.filter((p) => p !== '' && p !== '.' && p !== '..');
  const name = kept.join('/') || '(unnamed entry)';
  if (parts.includes('..') || raw.startsWith('/')) {
    return {
      name,
      warning: `The entry name ${JSON.stringify(raw)} points outside the archive; it is read as ${name}.`,
    };
  }
  return { name };
}

const GUNZIP_SLICE = 16 * 1024;

/** The last bytes of a stream read so far, by their offset in it: where gzip trailers are found. */
class StreamTail {
  private readonly buf: Uint8Array;
  private len = 0;
  /** Offset in the stream of buf[0]. */
  private start = 0;

  constructor(private readonly keep: number) {
    this.buf = new Uint8Array(keep * 2);
  }

  push(bytes: Uint8Array): void {
    let from = 0;
    if (bytes.length > this.keep) {
      from = bytes.length - this.keep;
      this.start += this.len + from;
      this.len = 0;
    } else if (this.len + bytes.length > this.buf.length) {
      const drop = this.len + bytes.length - this.keep;
      this.buf.copyWithin(0, drop, this.len);
      this.len -= drop;
      this.start += drop;
    }
    this.buf.set(bytes.subarray(from), this.len);
    this.len += bytes.length - from;
  }

  /** Offset just past the last byte pushed. */
  get end(): number {
    return this.start + this.len;
  }

  /** The little-endian 32-bit word at stream offset `at`, or null when it is no longer (or not yet) held. */
  u32(at: number): number | null {
    const i = at - this.start;
    if (i < 0 || i + 4 > this.len) return null;
    const b = this.buf;
    return (
      ((b[i] as number) |
        ((b[i + 1] as number) << 8) |
        ((b[i + 2] as number) << 16) |
        ((b[i + 3] as number) << 24)) >>>
      0
    );
  }
}

/** How far back a member's trailer is kept: past the next member's header, which holds its name. */
const TRAILER_WINDOW = 64 * 1024;

/**
 * gzip through fflate: streaming, and multi-member files (`cat a.gz b.gz`) decode whole. fflate's
 * streaming Gunzip does not check a member's trailer, and damaged deflate data can still decode (to
 * garbage), so each member's output is checked here against its CRC-32 and length (mod 2^32).
 */
function gunzip(stream: ReadableStream<Uint8Array>, budget: Budget): ReadableStream<Uint8Array> {
  let inflater: Gunzip | null = null;
  const tail = new StreamTail(TRAILER_WINDOW);
  let crc = 0;
  let length = 0;
  /** Checks the member whose trailer sits at stream offset `at` (fflate refuses anything after the last one). */
  const checkMember = (at: number) => {
    const stored = tail.u32(at);
    // A trailer that fell out of the window (a next member's header over 64 KiB long) is not judged.
    if (stored !== null && (stored !== crc || tail.u32(at + 4) !== length)) throw new GzipCheckError();
    crc = 0;
    length = 0;
  };
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start(controller) {
        inflater = new Gunzip((chunk) => {
          budget.add(chunk.byteLength);
          crc = crc32(chunk, crc);
          length = (length + chunk.byteLength) >>> 0;
          controller.enqueue(chunk);
        });
        // Called as the next member's header is read, after all of the previous member's output.
        inflater.onmember = (offset) => checkMember(offset - 8);
      },
      transform(chunk) {
        // Small pushes bound what one push can produce (deflate tops out near 1032:1), so the
        // budget is checked before a bomb's output piles up in memory.
        for (let at = 0; at < chunk.byteLength; at += GUNZIP_SLICE) {
          const slice = chunk.subarray(at, at + GUNZIP_SLICE);
          tail.push(slice);
          inflater?.push(slice);
        }
      },
      flush() {
        inflater?.push(new Uint8Array(0), true);
        checkMember(tail.end - 8);
      },
    }),
  );
}

/** A gzip member whose output does not match its trailer's CRC-32 and length. */
export class GzipCheckError extends Error {
  override name = 'GzipCheckError';
  constructor() {
    super('gzip trailer check failed');
  }
}
