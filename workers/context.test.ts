import { describe, expect, it } from 'vitest';
import { gzipOf, sampleTree, tarOf, zipOf } from '../test/support/bundles.ts';
import type { InputFile } from './api.ts';
import { linesAround, readContext } from './context.ts';
import { analyzeFiles } from './engine.ts';

const enc = (s: string) => new TextEncoder().encode(s);
const file = (path: string, bytes: Uint8Array): InputFile => ({
  path,
  blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
});

describe('linesAround', () => {
  const text = `${Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n')}\n`;
  const bytes = enc(text);
  const offsetOf = (n: number) => text.indexOf(`line ${n}\n`);

  it('the lines before and after, numbered from the focus line', () => {
    const lines = linesAround(bytes, 0, { source: 'f', line: 15, offset: offsetOf(15), before: 2, after: 3 });
    expect(lines).toEqual([
      { line: 13, text: 'line 13' },
      { line: 14, text: 'line 14' },
      { line: 15, text: 'line 15' },
      { line: 16, text: 'line 16' },
      { line: 17, text: 'line 17' },
      { line: 18, text: 'line 18' },
    ]);
  });

  it('a slice starting inside a line leaves that partial line out; the file edges stop the context', () => {
    const start = offsetOf(12) + 3;
    const lines = linesAround(bytes.subarray(start), start, {
      source: 'f',
      line: 14,
      offset: offsetOf(14),
      before: 5,
      after: 0,
    });
    expect(lines).toEqual([
      { line: 13, text: 'line 13' },
      { line: 14, text: 'line 14' },
    ]);
    expect(
      linesAround(bytes, 0, { source: 'f', line: 1, offset: 0, before: 3, after: 1 }).map((l) => l.line),
    ).toEqual([1, 2]);
    expect(
      linesAround(bytes, 0, { source: 'f', line: 30, offset: offsetOf(30), before: 1, after: 5 }).map(
        (l) => l.text,
      ),
    ).toEqual(['line 29', 'line 30']);
  });
});

describe('readContext: the context of an event, read again from the dropped file', () => {
  const tree = sampleTree();

  it.each([
    ['plain files', async () => [...tree].map(([p, b]) => file(p, b))],
    ['a tar.gz', async () => [file('s.tar.gz', gzipOf(await tarOf(tree)))]],
    ['a zip', async () => [file('s.zip', zipOf(tree))]],
  ])('%s: the cited line is the event’s own text, with its neighbours', async (_, build) => {
    const inputs = await build();
    const incident = await analyzeFiles(inputs);
    const picks = [
      incident.events[0],
      incident.events[Math.floor(incident.events.length / 2)],
      incident.events.at(-1),
    ];
    for (const ev of picks) {
      if (!ev) throw new Error('no events');
      const ctx = await readContext(inputs, {
        source: ev.source,
        line: ev.line,
        offset: ev.offset,
        before: 3,
        after: 3,
      });
      expect(ctx.error).toBeUndefined();
      const focus = ctx.lines.find((l) => l.line === ev.line);
      expect(focus?.text).toBe(ev.text);
      expect(ctx.lines.length).toBeGreaterThanOrEqual(4);
      const whole = new TextDecoder()
        .decode(tree.get(ev.source.replace(/^s\.(tar\.gz|zip)\//, '')))
        .split('\n');
      for (const l of ctx.lines) expect(l.text).toBe(whole[l.line - 1]);
    }
  });

  it('a wide context (hundreds of lines each side) is read whole, from a plain file and from a tar.gz', async () => {
    const plain = [...tree].map(([p, b]) => file(p, b));
    const archived = [file('s.tar.gz', gzipOf(await tarOf(tree)))];
    const incident = await analyzeFiles(plain);
    const ev = incident.events.find((e) => e.source.endsWith('journal.log') && e.line > 1500);
    if (!ev) throw new Error('no journal event past line 1500');
    const whole = new TextDecoder().decode(tree.get(ev.source)).split('\n');
    for (const [inputs, source] of [
      [plain, ev.source],
      [archived, `s.tar.gz/${ev.source}`],
    ] as const) {
      const ctx = await readContext(inputs, {
        source,
        line: ev.line,
        offset: ev.offset,
        before: 700,
        after: 700,
      });
      expect(ctx.lines).toHaveLength(1401);
      expect(ctx.lines[0]).toEqual({ line: ev.line - 700, text: whole[ev.line - 701] });
      expect(ctx.lines.at(-1)).toEqual({ line: ev.line + 700, text: whole[ev.line + 699] });
    }
  });

  it('says so when the file is not in the drop', async () => {
    const ctx = await readContext([file('a.log', enc('x\n'))], { source: 'b.log', line: 1, offset: 0 });
    expect(ctx.error).toBe('b.log is not among the files of this analysis');
  });
});
