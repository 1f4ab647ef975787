// The lines around one line of a source, read on demand from the dropped file (never kept in
// memory after the analysis): a byte slice of a plain file, or the entry streamed again out of its
// archive up to the line.
import type { InputFile } from './api.ts';
import { ArchiveReader, DEFAULT_LIMITS, StopError } from './bundle/expand.ts';
import { LayoutTracker } from './bundle/layout.ts';
import { sniff } from './bundle/magic.ts';

export interface ContextLine {
  line: number;
  text: string;
}

export interface ContextResult {
  source: string;
  /** The line asked for, then the lines around it in file order. */
  focus: number;
  lines: ContextLine[];
  /** Why the lines could not be read (the file is gone from the drop, the archive changed). */
  error?: string;
}

export interface ContextRequest {
  source: string;
  line: number;
  offset: number;
  before?: number;
  after?: number;
}

/**
 * Bytes read on each side of the line: enough for the lines asked for unless they are huge
 * (64 KiB, or 512 bytes a line for wider contexts, at most 4 MiB).
 */
function windowFor(lines: number): number {
  return Math.min(4 * 1024 * 1024, Math.max(64 * 1024, lines * 512));
}
/** A context line longer than this is cut (the viewer shows lines, not megabytes). */
const MAX_LINE = 4096;

const decoder = () => new TextDecoder('utf-8', { fatal: false });

function cut(text: string): string {
  const t = text.endsWith('\r') ? text.slice(0, -1) : text;
  return t.length > MAX_LINE ? `${t.slice(0, MAX_LINE)} … (${t.length - MAX_LINE} more characters)` : t;
}

/**
 * Lines around the line at `offset` in `bytes`, where `bytes` starts at `start` of the file
 * (`start` 0: the first line is whole).
 */
export function linesAround(bytes: Uint8Array, start: number, req: ContextRequest): ContextLine[] {
  const before = req.before ?? 10;
  const after = req.after ?? 10;
  const at = Math.max(0, Math.min(bytes.byteLength, req.offset - start));
  const head = decoder().decode(bytes.subarray(0, at)).split('\n');
  head.pop(); // the empty string after the newline that ends the line before the focus
  // A slice that starts inside a line: its first piece is partial, so it is left out.
  if (start > 0) head.shift();
  const tail = decoder().decode(bytes.subarray(at)).split('\n');
  if (tail.length > 1 && tail[tail.length - 1] === '') tail.pop();
  const shownBefore = head.slice(Math.max(0, head.length - before));
  const shownAfter = tail.slice(0, after + 1);
  return [
    ...shownBefore.map((text, i) => ({ line: req.line - shownBefore.length + i, text: cut(text) })),
    ...shownAfter.map((text, i) => ({ line: req.line + i, text: cut(text) })),
  ];
}

/** Ends the walk through the archive once the lines are in hand. */
class Found extends StopError {}

export async function readContext(inputs: readonly InputFile[], req: ContextRequest): Promise<ContextResult> {
  const result: ContextResult = { source: req.source, focus: req.line, lines: [] };
  const from = Math.max(0, req.offset - windowFor(req.before ?? 10));
  const to = req.offset + windowFor((req.after ?? 10) + 1);
  let bytes: Uint8Array = new Uint8Array(0);
  const error = await withSourceBytes(inputs, req.source, from, async (stream) => {
    bytes = await readAtMost(stream, to - from);
  });
  return error ? { ...result, error } : { ...result, lines: linesAround(bytes, from, req) };
}

/** The first `n` bytes of a stream (fewer at its end), in one array; the rest is not read. */
async function readAtMost(stream: ReadableStream<Uint8Array>, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  while (total < n) {
    const { value, done } = await reader.read();
    if (done) break;
    const part = value.subarray(0, n - total);
    parts.push(part);
    total += part.byteLength;
  }
  await reader.cancel().catch(() => {});
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Hands `consume` the bytes of `source` from byte `offset` on, as a stream: a slice of a plain
 * file, or the entry streamed again out of its archive (skipping to `offset`). Returns why the
 * source cannot be read, or null.
 */
export async function withSourceBytes(
  inputs: readonly InputFile[],
  source: string,
  offset: number,
  consume: (bytes: ReadableStream<Uint8Array>) => Promise<void>,
): Promise<string | null> {
  const input = inputs.find((f) => source === f.path || source.startsWith(`${f.path}/`));
  if (!input) return `${source} is not among the files of this analysis`;
  if (input.path === source) {
    const head = new Uint8Array(await input.blob.slice(0, 512).arrayBuffer());
    if (sniff(head).kind === 'content') {
      await consume(input.blob.slice(offset).stream());
      return null;
    }
  }
  let found = false;
  const reader = new ArchiveReader({
    tracker: new LayoutTracker(),
    limits: DEFAULT_LIMITS,
    isCancelled: () => false,
    onBundle: () => {},
    onRawBytes: () => {},
    async onLeaf(leaf) {
      if (leaf.path !== source || !leaf.stream) {
        await leaf.stream?.cancel().catch(() => {});
        return;
      }
      found = true;
      await consume(skipBytes(leaf.stream, offset));
      throw new Found();
    },
  });
  try {
    await reader.open(input.path, input.blob, input.lastModified);
  } catch (err) {
    if (!(err instanceof StopError))
      return `Could not read ${source}: ${err instanceof Error ? err.message : String(err)}`;
  }
  return found ? null : `${source} was not found in ${input.path}`;
}

/** The stream without its first `n` bytes. */
function skipBytes(stream: ReadableStream<Uint8Array>, n: number): ReadableStream<Uint8Array> {
  let left = n;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (left >= chunk.byteLength) {
          left -= chunk.byteLength;
          return;
        }
        controller.enqueue(left > 0 ? chunk.subarray(left) : chunk);
        left = 0;
      },
    }),
  );
}
