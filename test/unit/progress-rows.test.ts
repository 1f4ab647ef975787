// Archive entries are shown under their archive's row, whatever order the worker reports them in.
import { describe, expect, it } from 'vitest';
import { archiveText, progressRows } from '../../app/sources/progress-rows.ts';
import type { FileProgress } from '../../workers/api.ts';

const row = (path: string, container?: string): FileProgress => ({
  path,
  state: 'reading',
  bytesDone: 0,
  bytesTotal: 1,
  ...(container ? { container } : {}),
});

describe('progressRows', () => {
  it('puts entries under their archive, nested archives under theirs, in order of arrival', () => {
    const rows = progressRows([
      row('a.tar.gz'),
      row('notes.txt'),
      row('a.tar.gz/s/dmesg.log', 'a.tar.gz'),
      row('outer.zip'),
      row('outer.zip/inner.tar.gz', 'outer.zip'),
      row('a.tar.gz/s/journal.log', 'a.tar.gz'),
      row('outer.zip/inner.tar.gz/k/kubelet.log', 'outer.zip/inner.tar.gz'),
    ]);
    expect(rows.map((r) => [r.depth, r.name])).toEqual([
      [0, 'a.tar.gz'],
      [1, 's/dmesg.log'],
      [1, 's/journal.log'],
      [0, 'notes.txt'],
      [0, 'outer.zip'],
      [1, 'inner.tar.gz'],
      [2, 'k/kubelet.log'],
    ]);
  });

  it('shows an entry whose archive has no row, and survives a container loop', () => {
    expect(progressRows([row('x/y', 'x')]).map((r) => [r.depth, r.name])).toEqual([[0, 'x/y']]);
    const loop = progressRows([row('p', 'q'), row('q', 'p')]);
    expect(loop.map((r) => r.file.path).sort()).toEqual(['p', 'q']);
  });

  it('says what an archive held', () => {
    expect(archiveText({ kind: 'tar.gz', entries: 13, analysed: 10, skipped: 3 })).toBe(
      'tar.gz · 13 entries: 10 analysed, 3 skipped',
    );
    expect(archiveText({ kind: 'zip', entries: 1, analysed: 1, skipped: 0 })).toBe(
      'zip · 1 entry: 1 analysed, 0 skipped',
    );
  });
});
