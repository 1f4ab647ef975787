// Turns what the user or the sample gives us into the engine's InputFile: picked files, dropped files
// and dropped folders (walked here, since a folder arrives as a directory entry, not as files). No
// file's content is read here; archives are handed over whole and the engine expands them.
import type { FileProgress, InputFile } from '../../workers/api.ts';

/** A file the user dropped or picked: its folder path when the browser gives one, else its name. */
export function userInput(file: File): InputFile {
  return { path: file.webkitRelativePath || file.name, blob: file, lastModified: file.lastModified };
}

/** The progress row shown for a file before the worker reports on it. */
export function queuedProgress(input: InputFile): FileProgress {
  return { path: input.path, state: 'queued', bytesDone: 0, bytesTotal: input.blob.size };
}

/**
 * The parts of the browser's `FileSystemEntry` (and its file and directory kinds) the walk uses, so
 * that real entries and the tests' fakes both fit.
 */
export interface EntryLike {
  readonly name: string;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  file?(success: (file: File) => void, failure?: (error: DOMException) => void): void;
  createReader?(): {
    readEntries(success: (entries: EntryLike[]) => void, failure?: (error: DOMException) => void): void;
  };
}

/** One item of a drop: a file system entry when the browser gives one, else the bare file. */
export type Dropped = { entry: EntryLike } | { file: File };

/** A file or folder of the drop that could not be read; the rest is analysed without it. */
export interface Unreadable {
  path: string;
  reason: string;
}

export interface Collected {
  inputs: InputFile[];
  unreadable: Unreadable[];
}

/** The parts of `DataTransfer` a drop handler reads. */
export interface DataTransferLike {
  readonly items?: ArrayLike<{
    readonly kind: string;
    webkitGetAsEntry?(): EntryLike | null;
    getAsFile(): File | null;
  }>;
  readonly files?: ArrayLike<File>;
}

/**
 * What a drop holds. Must run inside the drop handler itself: the browser empties the item list
 * once the handler returns, so the entries are taken now and walked later.
 */
export function droppedItems(data: DataTransferLike): Dropped[] {
  const out: Dropped[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    // A script-built DataTransfer (and some browsers) give no entry; the file itself still works.
    const entry = item.webkitGetAsEntry?.() ?? null;
    if (entry) {
      out.push({ entry });
      continue;
    }
    const file = item.getAsFile();
    if (file) out.push({ file });
  }
  if (out.length > 0) return out;
  return Array.from(data.files ?? [], (file) => ({ file }));
}

/** Words for an error of the File and Directories API; the browser's own messages say little. */
function reasonOf(error: unknown): string {
  // A DOMException is an Error in browsers and in Node.
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const known: Record<string, string> = {
    NotReadableError: 'not readable (permission denied?)',
    NotFoundError: 'not found (moved or deleted since the drop?)',
    SecurityError: 'refused by the browser',
    EncodingError: 'the browser could not name it',
  };
  return known[name] ?? (message || name || 'unreadable');
}

function fileOf(entry: EntryLike): Promise<File> {
  return new Promise((resolve, reject) => {
    if (!entry.file) reject(new Error('not a file'));
    else entry.file(resolve, reject);
  });
}

/** Every entry of a folder: `readEntries` hands them out in batches and ends with an empty one. */
async function childrenOf(
  entry: EntryLike,
  signal: AbortSignal | undefined,
): Promise<{ children: EntryLike[]; error?: unknown }> {
  const children: EntryLike[] = [];
  const reader = entry.createReader?.();
  if (!reader) return { children, error: new Error('not a folder') };
  for (;;) {
    signal?.throwIfAborted();
    try {
      const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (batch.length === 0) return { children };
      children.push(...batch);
    } catch (error) {
      // The batches read before the failure are kept; the folder is still reported.
      return { children, error };
    }
  }
}

/** Sorted like the command line reads a folder, so a drop and the CLI see the files in one order. */
const byName = (a: EntryLike, b: EntryLike) => a.name.localeCompare(b.name);

async function walk(
  entry: EntryLike,
  path: string,
  out: Collected,
  signal: AbortSignal | undefined,
): Promise<InputFile[]> {
  signal?.throwIfAborted();
  if (entry.isFile) {
    try {
      const file = await fileOf(entry);
      return [{ path, blob: file, lastModified: file.lastModified }];
    } catch (error) {
      out.unreadable.push({ path, reason: reasonOf(error) });
      return [];
    }
  }
  if (!entry.isDirectory) return [];
  const { children, error } = await childrenOf(entry, signal);
  if (error !== undefined) {
    out.unreadable.push({ path: `${path}/`, reason: reasonOf(error) });
  }
  // Siblings are asked for at once (each `file()` is a round trip to the browser), kept in order.
  const found = await Promise.all(
    children.sort(byName).map((child) => walk(child, `${path}/${child.name}`, out, signal)),
  );
  return found.flat();
}

/**
 * The files of a drop with their bundle paths: a dropped folder keeps its own name and structure
 * (`sample/k8s-worker-1/dmesg.log`, as a folder picker's `webkitRelativePath` says). Entries that
 * cannot be read are listed in `unreadable`; the rest are returned. Rejects when `signal` aborts.
 */
export async function collectDropped(dropped: readonly Dropped[], signal?: AbortSignal): Promise<Collected> {
  const out: Collected = { inputs: [], unreadable: [] };
  const found = await Promise.all(
    dropped.map((d) => ('entry' in d ? walk(d.entry, d.entry.name, out, signal) : [userInput(d.file)])),
  );
  out.inputs = uniquePaths(found.flat());
  out.unreadable.sort((a, b) => a.path.localeCompare(b.path));
  return out;
}

/**
 * Paths the engine can tell apart: two dropped files of one name (from different folders) would
 * share progress rows and the user's choices, so the later ones get ` (2)`, ` (3)` before the extension.
 */
export function uniquePaths(inputs: readonly InputFile[]): InputFile[] {
  const taken = new Set(inputs.map((i) => i.path));
  const seen = new Set<string>();
  return inputs.map((input) => {
    if (!seen.has(input.path)) {
      seen.add(input.path);
      return input;
    }
    const slash = input.path.lastIndexOf('/');
    const dot = input.path.indexOf('.', slash + 2);
    const [stem, ext] = dot < 0 ? [input.path, ''] : [input.path.slice(0, dot), input.path.slice(dot)];
    let n = 2;
    while (taken.has(`${stem} (${n})${ext}`)) n++;
    const path = `${stem} (${n})${ext}`;
    taken.add(path);
    seen.add(path);
    return { ...input, path };
  });
}

/** `dmesg.log`, `sample (13 files)`, `4 files`: what a heading calls the files of a run. */
export function describeInputs(inputs: readonly InputFile[]): string {
  const [first] = inputs;
  if (!first) return 'no files';
  if (inputs.length === 1) return first.path;
  const top = first.path.split('/')[0];
  const oneFolder = inputs.every((i) => i.path.startsWith(`${top}/`));
  return oneFolder ? `${top} (${inputs.length} files)` : `${inputs.length} files`;
}

/** What a heading calls a drop before its folders are walked: the one name, or a count. */
export function describeDropped(dropped: readonly Dropped[]): string {
  const [first] = dropped;
  if (dropped.length !== 1 || !first) return `${dropped.length} dropped items`;
  return 'entry' in first ? first.entry.name : first.file.name;
}

/** A notice naming what the drop held that could not be read (up to `shown` entries). */
export function unreadableNotice(unreadable: readonly Unreadable[], shown = 5): string | null {
  if (unreadable.length === 0) return null;
  const listed = unreadable.slice(0, shown).map((u) => `${u.path}: ${u.reason}`);
  const more = unreadable.length - listed.length;
  const count = unreadable.length === 1 ? '1 item' : `${unreadable.length} items`;
  return `Could not read ${count} of the drop; the rest was analysed without ${unreadable.length === 1 ? 'it' : 'them'}.\n${listed.join('\n')}${more > 0 ? `\n… and ${more} more` : ''}`;
}
