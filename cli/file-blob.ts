// A file on disk as the Blob the engine reads. Node's file-backed Blob streams 64 KiB at a time,
// and on a big file the waits between those reads cost more than scanning them (128 MiB: ~190 ms
// by Blob.stream(), ~70 ms by 1 MiB reads), so stream() reads 1 MiB at a time instead, for the
// whole file and for a slice of it (a part of a file scanned by a thread, workers/split.ts).
import { createReadStream, openAsBlob } from 'node:fs';
import { Readable } from 'node:stream';

const READ_BYTES = 1024 * 1024;

function readsFrom(blob: Blob, path: string, start: number): Blob {
  const stream = (): ReadableStream<Uint8Array> =>
    blob.size === 0
      ? new Blob([]).stream()
      : (Readable.toWeb(
          createReadStream(path, { highWaterMark: READ_BYTES, start, end: start + blob.size - 1 }),
        ) as ReadableStream<Uint8Array>);
  const slice = (from?: number, to?: number, type?: string): Blob => {
    const part = Blob.prototype.slice.call(blob, from, to, type);
    const begin =
      from === undefined ? 0 : from < 0 ? Math.max(0, blob.size + from) : Math.min(from, blob.size);
    return readsFrom(part, path, start + begin);
  };
  // Only stream() and slice() read another way; size and the rest stay the Blob's own.
  return Object.defineProperties(blob, { stream: { value: stream }, slice: { value: slice } });
}

export async function openFileBlob(path: string): Promise<Blob> {
  return readsFrom(await openAsBlob(path), path, 0);
}
