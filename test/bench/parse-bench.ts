// Throughput of the engine under Node: prints numbers, asserts nothing (see docs/development.md).
// A bundle is built in memory from the sample: its dmesg and journal repeated to the target size,
// so the mix of noise and cascade lines stays realistic.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LineSplitter } from '../../parsers/lines.ts';
import type { InputFile } from '../../workers/api.ts';
import { analyzeFiles } from '../../workers/engine.ts';

const MIB = 1024 * 1024;
const targetMiB = Number(process.env.BENCH_MIB ?? 64);
const sample = resolve(import.meta.dirname, '../../public/sample/k8s-worker-1');

function inflate(name: string): Blob {
  const one = readFileSync(resolve(sample, name));
  const copies = Math.max(1, Math.round((targetMiB * MIB) / one.byteLength));
  return new Blob(Array.from({ length: copies }, () => one));
}

async function time<T>(label: string, bytes: number, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  const s = (performance.now() - t0) / 1000;
  console.log(
    `${label.padEnd(36)} ${(bytes / MIB).toFixed(0).padStart(5)} MiB  ${s.toFixed(2).padStart(6)} s  ${(bytes / MIB / s).toFixed(0).padStart(5)} MiB/s`,
  );
  return out;
}

const dmesg = inflate('dmesg.log');
const journal = inflate('journal.log');

await time('split lines only (dmesg)', dmesg.size, async () => {
  let n = 0;
  const splitter = new LineSplitter(() => {
    n++;
  });
  for await (const chunk of dmesg.stream()) splitter.push(chunk);
  splitter.end();
  return n;
});

for (const [label, inputs] of [
  ['engine: dmesg', [{ path: 'node/dmesg.log', blob: dmesg }]],
  ['engine: journal', [{ path: 'node/journal.log', blob: journal }]],
  [
    'engine: dmesg + journal, correlated',
    [
      { path: 'node/dmesg.log', blob: dmesg },
      { path: 'node/journal.log', blob: journal },
    ],
  ],
] as [string, InputFile[]][]) {
  const bytes = inputs.reduce((n, f) => n + f.blob.size, 0);
  const incident = await time(label, bytes, () => analyzeFiles(inputs));
  console.log(
    `${''.padEnd(36)} ${incident.events.length} events, rss ${(process.memoryUsage().rss / MIB).toFixed(0)} MiB`,
  );
}
