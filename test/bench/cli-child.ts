// The CLI as the benchmark runs it: `runCli` in a process of its own, so that its peak resident
// memory is its own (the kernel's VmHWM of this process) and its heap is sampled while it works.
// Prints one JSON line: exit code, seconds inside runCli and CPU seconds used meanwhile (all
// threads), peak RSS, the JS heap's sampled peak, its peak after full collections, and its size at the end.
//
//   node --import tsx test/bench/cli-child.ts --json=OUT.json PATH...
import { readFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { runCli } from '../../cli/run.ts';

const HEAP_SAMPLE_MS = 25;

/** A field of /proc/self/status in bytes (`VmHWM:   123456 kB`). */
function statusBytes(field: string): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

let peakHeap = process.memoryUsage().heapUsed;
// The analysis awaits every chunk it reads, so a timer gets to run between chunks.
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, HEAP_SAMPLE_MS);
// The heap right after each full collection is what the analysis keeps alive; the sampled peak
// also holds garbage V8 had not collected yet, which grows with the allocation rate, not the input.
let peakLive = 0;
const gcs = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    if ((e as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
  }
});
gcs.observe({ entryTypes: ['gc'] });
const stderr: string[] = [];
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const code = await runCli(process.argv.slice(2), {
  out: () => {},
  err: (t) => stderr.push(t),
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
gcs.disconnect();
const heapEnd = process.memoryUsage().heapUsed;
peakHeap = Math.max(peakHeap, heapEnd);
process.stdout.write(
  `${JSON.stringify({
    code,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: statusBytes('VmHWM'),
    peakHeapBytes: peakHeap,
    peakLiveHeapBytes: peakLive,
    heapEndBytes: heapEnd,
    stderr: stderr.slice(0, 5),
  })}\n`,
);
