// Resident memory of Chromium's renderer processes, read from /proc: a dedicated worker lives in
// its page's renderer, and `performance.memory` / CDP heap metrics do not count workers
// (docs/toolchain notes), so the renderer's RSS is the honest figure for the tab.
import { readdirSync } from 'node:fs';
import { descendants, readProc as read, statusField } from '../support/renderer-memory.ts';

export { descendants, statusField };

export interface RendererMemory {
  /** VmHWM (the kernel's own peak RSS of the process) of the renderer that did the work: the one that used the most CPU. */
  peakRssBytes: number;
  /** Its largest anonymous RSS seen while polling (the heap-like part, without shared code pages). */
  peakAnonBytes: number;
  /** CPU seconds all renderers used while watched (their workers' threads included). */
  cpuSeconds: number;
  /** CPU seconds of Chromium's other processes meanwhile (the browser process serves the files' bytes). */
  otherCpuSeconds: number;
  /** The busiest threads of that renderer (`DedicatedWorker` threads are the page's workers). */
  threads: { name: string; cpuSeconds: number }[];
  /** The largest VmHWM among the other renderers (Chromium keeps a spare one, and one for its own UI). */
  otherRenderersPeakRssBytes: number;
  samples: number;
  renderers: number;
}

const TICKS_PER_SECOND = 100;

/** Thread or process name and utime + stime in clock ticks (USER_HZ), from a /proc stat file. */
function stat(path: string): { name: string; ticks: number } | null {
  const text = read(path);
  if (!text) return null;
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return { name: text.slice(text.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) };
}

/** CPU ticks over the watch: what began during it counts from zero. */
class Ticks {
  private readonly seen = new Map<number, { name: string; first: number; last: number }>();
  private started = false;
  note(id: number, s: { name: string; ticks: number }) {
    const known = this.seen.get(id);
    if (known) known.last = s.ticks;
    else this.seen.set(id, { name: s.name, first: this.started ? 0 : s.ticks, last: s.ticks });
  }
  start() {
    this.started = true;
  }
  seconds(id: number): number {
    const t = this.seen.get(id);
    return t ? (t.last - t.first) / TICKS_PER_SECOND : 0;
  }
  entries(): { id: number; name: string; seconds: number }[] {
    return [...this.seen].map(([id, t]) => ({
      id,
      name: t.name,
      seconds: (t.last - t.first) / TICKS_PER_SECOND,
    }));
  }
}

/**
 * Polls Chromium's processes until stopped: the renderers' memory (the kernel's VmHWM catches
 * peaks between polls) and the CPU time of every process and of every renderer thread, polled so
 * that workers ended before the stop are counted.
 */
export function watchRenderers(intervalMs = 100): { stop(): RendererMemory } {
  const memory = new Map<number, { hwm: number; anon: number }>();
  const processes = new Ticks();
  const threads = new Map<number, Ticks>();
  const cmdlines = new Map<number, string>();
  let samples = 0;
  const poll = () => {
    samples++;
    for (const pid of descendants()) {
      const cmdline = cmdlines.get(pid) ?? read(`/proc/${pid}/cmdline`) ?? '';
      cmdlines.set(pid, cmdline);
      // Renderers forked from the zygote rewrite their command line with spaces for NULs.
      if (!cmdline.includes('chrom')) continue;
      const s = stat(`/proc/${pid}/stat`);
      if (!s) continue;
      processes.note(pid, s);
      if (!cmdline.includes('--type=renderer')) continue;
      const status = read(`/proc/${pid}/status`);
      if (status) {
        const m = memory.get(pid) ?? { hwm: 0, anon: 0 };
        m.hwm = Math.max(m.hwm, statusField(status, 'VmHWM') ?? 0);
        m.anon = Math.max(m.anon, statusField(status, 'RssAnon') ?? 0);
        memory.set(pid, m);
      }
      const own = threads.get(pid) ?? new Ticks();
      threads.set(pid, own);
      let tids: string[] = [];
      try {
        tids = readdirSync(`/proc/${pid}/task`);
      } catch {
        tids = [];
      }
      for (const tid of tids) {
        const t = stat(`/proc/${pid}/task/${tid}/stat`);
        if (t) own.note(Number(tid), t);
      }
    }
  };
  poll();
  processes.start();
  for (const t of threads.values()) t.start();
  const timer = setInterval(poll, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      poll();
      const renderers = [...memory.keys()];
      const busiest = renderers.reduce<number | null>(
        (a, pid) => (a === null || processes.seconds(pid) > processes.seconds(a) ? pid : a),
        null,
      );
      const byName = new Map<string, number>();
      for (const t of busiest === null ? [] : (threads.get(busiest)?.entries() ?? []))
        byName.set(t.name, (byName.get(t.name) ?? 0) + t.seconds);
      const rendererCpu = renderers.reduce((n, pid) => n + processes.seconds(pid), 0);
      const allCpu = processes.entries().reduce((n, p) => n + p.seconds, 0);
      return {
        peakRssBytes: busiest === null ? 0 : (memory.get(busiest)?.hwm ?? 0),
        peakAnonBytes: busiest === null ? 0 : (memory.get(busiest)?.anon ?? 0),
        cpuSeconds: rendererCpu,
        otherCpuSeconds: allCpu - rendererCpu,
        threads: [...byName]
          .map(([name, cpuSeconds]) => ({ name, cpuSeconds: Math.round(cpuSeconds * 100) / 100 }))
          .sort((a, b) => b.cpuSeconds - a.cpuSeconds)
          .slice(0, 8),
        otherRenderersPeakRssBytes: Math.max(
          0,
          ...renderers.filter((pid) => pid !== busiest).map((pid) => memory.get(pid)?.hwm ?? 0),
        ),
        samples,
        renderers: renderers.length,
      };
    },
  };
}
