// Small web-stream helpers for the bundle reader: look at the head of a stream without losing it,
// and count what flows through.

/** The first bytes of a stream (up to `want`), and the whole stream again, head included. */
export interface Peeked {
  head: Uint8Array;
  stream: ReadableStream<Uint8Array>;
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Reads chunks until `want` bytes (or the end) are in hand, without copying the stream: the returned
 * stream replays the chunks read and then continues from the same reader.
 */
export async function peek(stream: ReadableStream<Uint8Array>, want: number): Promise<Peeked> {
  const reader = stream.getReader();
  const held: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  while (total < want) {
    const { value, done } = await reader.read();
    if (done) {
      ended = true;
      break;
    }
    if (value.byteLength === 0) continue;
    held.push(value);
    total += value.byteLength;
  }
  const whole = concat(held, total);
  const head = whole.subarray(0, Math.min(want, total));
  let replayed = false;
  const rest = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!replayed) {
        replayed = true;
        if (whole.byteLength > 0) {
          controller.enqueue(whole);
          return;
        }
      }
      if (ended) {
        controller.close();
        return;
      }
      const { value, done } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { head, stream: rest };
}

/** Passes chunks through unchanged and tells `count` the size of each. */
export function counting(
  stream: ReadableStream<Uint8Array>,
  count: (bytes: number) => void,
): ReadableStream<Uint8Array> {
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        count(chunk.byteLength);
        controller.enqueue(chunk);
      },
    }),
  );
}

/** Reads a stream to its end, discarding the bytes (an entry passed over inside a compressed tar). */
export async function drain(stream: ReadableStream<Uint8Array>): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done } = await reader.read();
    if (done) return;
  }
}

/** Collects a stream into a Blob (a zip inside a stream needs random access). */
export async function toBlob(stream: ReadableStream<Uint8Array>): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value as Uint8Array<ArrayBuffer>);
  }
  return new Blob(parts);
}
