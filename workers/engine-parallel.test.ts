// Files scanned elsewhere (the browser's worker pool) give exactly the incident of files scanned one
// after another, whichever finishes first; archives are still read by the engine itself, and a
// scan that fails elsewhere is that file's error, not the run's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzipOf, sampleTree, tarOf } from '../test/support/bundles.ts';
import { sampleInputs } from '../test/support/folder-inputs.ts';
import type { FileProgress, InputFile } from './api.ts';
import { analyzeFiles, type PlainFile, scanPlainFile } from './engine.ts';

/** Scans elsewhere with the later files finishing first, recording which files were sent. */
function reversedPool(sent: string[]) {
  let n = 0;
  return async (file: PlainFile, onBytes: (done: number) => void) => {
    sent.push(file.path);
    const delay = 200 - 20 * n++;
    await new Promise((r) => setTimeout(r, Math.max(delay, 0)));
    return scanPlainFile(file, onBytes);
  };
}

describe('analyzeFiles with scanElsewhere', () => {
  it('gives the same incident as scanning every file in the engine', async () => {
    const inputs = await sampleInputs();
    const sequential = await analyzeFiles(inputs);
    const sent: string[] = [];
    const parallel = await analyzeFiles(inputs, { scanElsewhere: reversedPool(sent) });
    expect(sent).toEqual(inputs.map((f) => f.path));
    expect(parallel).toEqual(sequential);
  }, 60_000);

  it('reads archives and compressed files itself, and sends only plain files', async () => {
    const tree = new Map([...sampleTree()].slice(0, 3));
    const [first, ...rest] = await sampleInputs();
    const firstBytes = new Uint8Array(await (first as InputFile).blob.arrayBuffer());
    const inputs: InputFile[] = [
      { path: 'bundle.tar', blob: new Blob([(await tarOf(tree)) as Uint8Array<ArrayBuffer>]) },
      { path: 'dmesg.log.gz', blob: new Blob([gzipOf(firstBytes) as Uint8Array<ArrayBuffer>]) },
      ...rest.slice(0, 2),
    ];
    const sent: string[] = [];
    const parallel = await analyzeFiles(inputs, { scanElsewhere: reversedPool(sent) });
    expect(sent).toEqual(rest.slice(0, 2).map((f) => f.path));
    expect(parallel).toEqual(await analyzeFiles(inputs));
  }, 60_000);

  it('turns a scan that failed elsewhere into that file’s error', async () => {
    const inputs = (await sampleInputs()).slice(0, 3);
    const incident = await analyzeFiles(inputs, {
      scanElsewhere: async (file, onBytes) => {
        if (file.path === inputs[1]?.path) throw new Error('the worker stopped');
        return scanPlainFile(file, onBytes);
      },
    });
    const failed = incident.sources.find((s) => s.path === inputs[1]?.path);
    expect(failed?.error).toBe('Could not read the file: the worker stopped');
    expect(incident.sources.filter((s) => !s.error)).toHaveLength(2);
  }, 60_000);

  it('reports the stage lines found per file in its progress, from here and from elsewhere', async () => {
    const inputs = (await sampleInputs()).filter((f) => f.path.endsWith('dmesg.log'));
    for (const scanElsewhere of [undefined, reversedPool([])]) {
      let last: FileProgress[] = [];
      await analyzeFiles(inputs, {
        onProgress: (rows) => (last = rows),
        ...(scanElsewhere ? { scanElsewhere } : {}),
      });
      expect(last.map((r) => r.path)).toEqual(inputs.map((f) => f.path));
      for (const row of last) {
        expect(row.state).toBe('done');
        expect(row.stages?.['connection-reset']).toBeGreaterThan(0);
        expect(row.stages?.['quota-realm-loop']).toBeGreaterThan(100);
        expect(row.bytesDone).toBe(row.bytesTotal);
      }
    }
  }, 60_000);

  it('reads the bad-input corpus elsewhere as here: binary not read, NUL runs skipped, no line lost', async () => {
    const dir = join(import.meta.dirname, '../test/fixtures/bad');
    const inputs: InputFile[] = ['random.bin', 'dmesg-nul-bytes.txt', 'dmesg-cr.txt'].map((name) => ({
      path: `bad/${name}`,
      blob: new Blob([readFileSync(join(dir, name))]),
    }));
    const sequential = await analyzeFiles(inputs);
    const parallel = await analyzeFiles(inputs, { scanElsewhere: reversedPool([]) });
    expect(parallel).toEqual(sequential);
    expect(parallel.sources.map((s) => [s.path, s.lines, s.parsed, s.unparsed, s.error ?? ''])).toEqual([
      [
        'bad/random.bin',
        0,
        0,
        0,
        'Not read as a log: binary data: 55% of the first 64 KiB are control or undecodable characters.',
      ],
      ['bad/dmesg-nul-bytes.txt', 6, 6, 0, ''],
      ['bad/dmesg-cr.txt', 1, 0, 1, expect.stringMatching(/^Unrecognised format: lines end with a lone CR/)],
    ]);
  });
});
