import { describe, expect, it } from 'vitest';
import { gzipOf, sampleTree, tarOf } from '../test/support/bundles.ts';
import type { InputFile } from './api.ts';
import { analyzeSession } from './engine.ts';
import { readRange, readWindow } from './window.ts';

const file = (path: string, bytes: Uint8Array): InputFile => ({
  path,
  blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
});

describe('readRange: where to read a source for a window, from its checkpoints', () => {
  const cps = [
    { line: 1, offset: 0, time: null },
    { line: 257, offset: 1000, time: 100 },
    { line: 513, offset: 2000, time: 200 },
    { line: 769, offset: 3000, time: 300 },
  ];
  it('starts at the last checkpoint not after the window and stops at the first one past it', () => {
    expect(readRange(cps, 210, 250)).toEqual({ start: { line: 513, offset: 2000 }, endOffset: 3000 });
    expect(readRange(cps, 50, 120)).toEqual({ start: { line: 1, offset: 0 }, endOffset: 2000 });
    expect(readRange(cps, 310, 400)).toEqual({ start: { line: 769, offset: 3000 }, endOffset: null });
  });
  it('reads the whole file when its checkpoints go back in time (several boots)', () => {
    const back = [...cps, { line: 1025, offset: 4000, time: 50 }];
    expect(readRange(back, 210, 250)).toEqual({ start: { line: 1, offset: 0 }, endOffset: null });
  });
});

describe('readWindow: every line of every source in a time window, merged in time order', () => {
  const tree = sampleTree();

  it.each([
    ['plain files', async () => [...tree].map(([p, b]) => file(p, b)), ''],
    ['a tar.gz', async () => [file('s.tar.gz', gzipOf(await tarOf(tree)))], 's.tar.gz/'],
  ])('%s: the lines around the first denial of k8s-worker-2', async (_, build, prefix) => {
    const session = await analyzeSession(await build());
    const denial = session.incident.events.find(
      (e) => e.kind.includes('denied') && e.host === 'k8s-worker-2',
    );
    if (!denial?.ts) throw new Error('no denial');
    const at = Date.parse(denial.ts);
    const window = await readWindow(session, { from: at - 60_000, to: at + 60_000 });
    expect(window.errors).toEqual([]);
    expect(window.truncated).toBe(false);
    const lines = window.lines;
    // In time order, all within the window.
    for (let i = 1; i < lines.length; i++) expect((lines[i]?.ts ?? 0) >= (lines[i - 1]?.ts ?? 0)).toBe(true);
    expect(lines.every((l) => l.ts !== null && l.ts >= at - 60_000 && l.ts <= at + 60_000)).toBe(true);
    // Several sources and hosts, events and ordinary lines alike.
    const sources = new Set(lines.map((l) => l.source));
    expect([...sources].some((s) => s.endsWith('k8s-worker-2/dmesg.log'))).toBe(true);
    expect([...sources].some((s) => s.endsWith('k8s-worker-2/journal.log'))).toBe(true);
    expect(lines.some((l) => l.stage === undefined)).toBe(true);
    // The denial itself, at its event time, marked as an event, with its text as in the file.
    const same = lines.find((l) => l.source === denial.source && l.line === denial.line);
    // Its time is the event's (the incident prints whole milliseconds).
    expect(Math.abs((same?.ts ?? 0) - at)).toBeLessThan(1);
    expect(same).toMatchObject({
      host: 'k8s-worker-2',
      text: denial.text,
      stage: 'reconnect-denied',
    });
    expect(denial.source.startsWith(prefix)).toBe(true);
    // Every line is the file's own line.
    for (const l of lines.slice(0, 200)) {
      const whole = new TextDecoder().decode(tree.get(l.source.slice(prefix.length))).split('\n');
      expect(l.text).toBe(whole[l.line - 1]);
    }
  });

  it('a source filter and a line cap', async () => {
    const session = await analyzeSession([...tree].map(([p, b]) => file(p, b)));
    const first = Date.parse(session.incident.events[0]?.ts ?? '');
    const only = await readWindow(session, {
      from: first,
      to: first + 3_600_000,
      sources: ['sample/k8s-worker-1/journal.log'],
      maxLines: 50,
    });
    expect(new Set(only.lines.map((l) => l.source))).toEqual(new Set(['sample/k8s-worker-1/journal.log']));
    expect(only.lines).toHaveLength(50);
    expect(only.truncated).toBe(true);
  });
});
