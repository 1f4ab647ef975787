// Chromium's renderer processes as /proc shows them: a page's dedicated workers (nested ones too)
// are threads of its renderer, so their memory is the renderer's and their end is the end of a
// `DedicatedWorker thread`. Shared by the end-to-end tests and the benchmark (test/bench/proc.ts).
import { readdirSync, readFileSync } from 'node:fs';

/** A /proc file's text, or null when the process or thread has gone meanwhile. */
export function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** `VmHWM: 123 kB` → bytes, from a /proc/<pid>/status text. */
export function statusField(status: string, field: string): number | null {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : null;
}

/** Every process that descends from `root` (this process by default). */
export function descendants(root = process.pid): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProc(`/proc/${name}/stat`);
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so read after the last `)`.
    const ppid = stat ? Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) : Number.NaN;
    if (!Number.isFinite(ppid)) continue;
    const list = children.get(ppid) ?? [];
    list.push(Number(name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift() as number) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

export interface RendererSample {
  pid: number;
  /** VmRSS: everything resident, shared code and file pages included. */
  rssBytes: number;
  /** RssAnon: the heap-like part (V8 heaps, malloc), what a run allocates and should give back. */
  anonBytes: number;
  /** Threads named `DedicatedWorker thread` (the kernel keeps 15 characters: `DedicatedWorker`). */
  workerThreads: number;
}

/** Every Chromium renderer started by this process (the test runner), as it is now. */
export function rendererSamples(): RendererSample[] {
  const out: RendererSample[] = [];
  for (const pid of descendants()) {
    // Renderers forked from the zygote rewrite their command line with spaces for NULs.
    if (!readProc(`/proc/${pid}/cmdline`)?.includes('--type=renderer')) continue;
    const status = readProc(`/proc/${pid}/status`);
    if (!status) continue;
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    const workerThreads = tids.filter((tid) =>
      readProc(`/proc/${pid}/task/${tid}/comm`)?.startsWith('DedicatedWorker'),
    ).length;
    out.push({
      pid,
      rssBytes: statusField(status, 'VmRSS') ?? 0,
      anonBytes: statusField(status, 'RssAnon') ?? 0,
      workerThreads,
    });
  }
  return out;
}
