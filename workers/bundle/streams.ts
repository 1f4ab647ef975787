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
 * Reads chunks until `want` bytes (or the end, or a failure) are in hand, without copying the stream: the returned
 * stream replays the chunks read and then continues from the same reader.
 */
export async function peek(stream: ReadableStream<Uint8Array>, want: number): Promise<Peeked> {
  const reader = stream.getReader();
  const held: Uint8Array[] = [];
  let total = 0;
  let ended = false;
  // A stream that fails within the head (a cut or corrupt file) keeps the bytes it gave: the
  // replay hands them on first and fails after them, so no line before the failure is lost.
  let failure: { error: unknown } | null = null;
  while (total < want) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch (error) {
      failure = { error };
      ended = true;
      break;
    }
    if (next.done) {
      ended = true;
      break;
    }
    if (next.value.byteLength === 0) continue;
    held.push(next.value);
    total += next.value.byteLength;
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
      if (failure) {
        controller.error(failure.error);
        return;
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
