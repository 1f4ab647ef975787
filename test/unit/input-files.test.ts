// The pure part of a drop: directory entries walked into InputFile paths (with fake entries shaped
// like the browser's FileSystemEntry), the fallback to plain files, and the names a run is shown by.
import { describe, expect, it } from 'vitest';
import {
  collectDropped,
  type DataTransferLike,
  describeDropped,
  describeInputs,
  droppedItems,
  type EntryLike,
  uniquePaths,
  unreadableNotice,
  userInput,
} from '../../app/analysis/input-files.ts';
import type { InputFile } from '../../workers/api.ts';

function fakeFile(name: string, text = name, lastModified = 1_573_556_700_000): EntryLike {
  return {
    name,
    isFile: true,
    isDirectory: false,
    file: (success) => setTimeout(() => success(new File([text], name, { lastModified }))),
  };
}

function brokenFile(name: string, error = new DOMException('denied', 'NotReadableError')): EntryLike {
  return { name, isFile: true, isDirectory: false, file: (_success, failure) => failure?.(error) };
}

/** A folder whose reader hands out `batch` entries a call, then an empty batch (as browsers do). */
function fakeDir(name: string, children: EntryLike[], batch = 100, failAfter?: number): EntryLike {
  return {
    name,
    isFile: false,
    isDirectory: true,
    createReader() {
      let at = 0;
      let calls = 0;
      return {
        readEntries(success, failure) {
          calls++;
          if (failAfter !== undefined && calls > failAfter) {
            setTimeout(() => failure?.(new DOMException('denied', 'NotReadableError')));
            return;
          }
          const out = children.slice(at, at + batch);
          at += out.length;
          setTimeout(() => success(out));
        },
      };
    },
  };
}

const paths = (inputs: InputFile[]) => inputs.map((i) => i.path);

describe('collectDropped', () => {
  it('keeps the dropped folder name and the structure below it, sorted like the CLI reads folders', async () => {
    const sample = fakeDir('sample', [
      fakeDir('k8s-worker-2', [fakeFile('journal.log'), fakeFile('dmesg.log')]),
      fakeFile('ceph-config-dump.txt'),
      fakeDir('k8s-worker-1', [fakeFile('kubelet.log'), fakeFile('dmesg.log')]),
    ]);
    const { inputs, unreadable } = await collectDropped([{ entry: sample }]);
    expect(unreadable).toEqual([]);
    expect(paths(inputs)).toEqual([
      'sample/ceph-config-dump.txt',
      'sample/k8s-worker-1/dmesg.log',
      'sample/k8s-worker-1/kubelet.log',
      'sample/k8s-worker-2/dmesg.log',
      'sample/k8s-worker-2/journal.log',
    ]);
    const first = inputs[1];
    expect(first?.blob).toBeInstanceOf(File);
    expect(await first?.blob.text()).toBe('dmesg.log');
    expect(first?.lastModified).toBe(1_573_556_700_000);
  });

  it('reads a folder of more than one batch until the reader returns an empty batch', async () => {
    const many = Array.from({ length: 250 }, (_, i) => fakeFile(`f${String(i).padStart(3, '0')}.log`));
    const { inputs } = await collectDropped([{ entry: fakeDir('big', many, 100) }]);
    expect(inputs).toHaveLength(250);
    expect(inputs[0]?.path).toBe('big/f000.log');
    expect(inputs[249]?.path).toBe('big/f249.log');
  });

  it('names what could not be read and keeps the rest', async () => {
    const tree = fakeDir('bundle', [
      fakeFile('ok.log'),
      brokenFile('secret.log'),
      fakeDir('private', [fakeFile('a.log'), fakeFile('b.log')], 1, 1),
      brokenFile('gone.log', new DOMException('gone', 'NotFoundError')),
    ]);
    const { inputs, unreadable } = await collectDropped([{ entry: tree }]);
    // The first batch of the failing folder was read before its reader failed.
    expect(paths(inputs)).toEqual(['bundle/ok.log', 'bundle/private/a.log']);
    expect(unreadable).toEqual([
      { path: 'bundle/gone.log', reason: 'not found (moved or deleted since the drop?)' },
      { path: 'bundle/private/', reason: 'not readable (permission denied?)' },
      { path: 'bundle/secret.log', reason: 'not readable (permission denied?)' },
    ]);
  });

  it('takes plain files by their name (or the path a folder picker gave) next to dropped entries', async () => {
    const loose = new File(['x'], 'notes.txt');
    const { inputs } = await collectDropped([{ file: loose }, { entry: fakeFile('dmesg.log') }]);
    expect(paths(inputs)).toEqual(['notes.txt', 'dmesg.log']);
    expect(inputs[0]?.blob).toBe(loose);
  });

  it('stops when the run is cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(collectDropped([{ entry: fakeDir('d', [fakeFile('a')]) }], abort.signal)).rejects.toThrow();
  });
});

describe('droppedItems', () => {
  const item = (entry: EntryLike | null, file: File | null, kind = 'file') => ({
    kind,
    webkitGetAsEntry: () => entry,
    getAsFile: () => file,
  });

  it('takes the entry of each item, the file when there is no entry, and skips strings', () => {
    const dir = fakeDir('sample', []);
    const loose = new File(['x'], 'a.log');
    const data: DataTransferLike = {
      items: [item(dir, null), item(null, loose), item(null, null, 'string')],
      files: [],
    };
    expect(droppedItems(data)).toEqual([{ entry: dir }, { file: loose }]);
  });

  it('falls back to the file list when the items say nothing', () => {
    const loose = new File(['x'], 'a.log');
    expect(droppedItems({ files: [loose] })).toEqual([{ file: loose }]);
    expect(droppedItems({ items: [], files: [loose] })).toEqual([{ file: loose }]);
    // Items without webkitGetAsEntry (an older engine) still give their files.
    expect(droppedItems({ items: [{ kind: 'file', getAsFile: () => loose }] })).toEqual([{ file: loose }]);
  });
});

describe('names and paths', () => {
  const input = (path: string): InputFile => ({ path, blob: new Blob(['']) });

  it('gives repeated paths a number before the extension', () => {
    expect(
      paths(
        uniquePaths([
          input('dmesg.log'),
          input('dmesg.log'),
          input('a/x'),
          input('a/x'),
          input('dmesg (2).log'),
        ]),
      ),
    ).toEqual(['dmesg.log', 'dmesg (3).log', 'a/x', 'a/x (2)', 'dmesg (2).log']);
  });

  it('describes a run by its one file, its one folder or a count', () => {
    expect(describeInputs([input('dmesg.log')])).toBe('dmesg.log');
    expect(describeInputs([input('sample/a'), input('sample/b/c')])).toBe('sample (2 files)');
    expect(describeInputs([input('sample/a'), input('other/b')])).toBe('2 files');
    expect(describeInputs([input('a'), input('b'), input('c')])).toBe('3 files');
    expect(describeDropped([{ entry: fakeDir('sample', []) }])).toBe('sample');
    expect(describeDropped([{ file: new File([''], 'x.tar.gz') }, { entry: fakeFile('y') }])).toBe(
      '2 dropped items',
    );
  });

  it('keeps the folder picker path of a file', () => {
    const file = new File(['x'], 'dmesg.log', { lastModified: 5 });
    Object.defineProperty(file, 'webkitRelativePath', { value: 'sample/k8s-worker-1/dmesg.log' });
    expect(userInput(file)).toEqual({ path: 'sample/k8s-worker-1/dmesg.log', blob: file, lastModified: 5 });
  });

  it('names at most five unreadable entries in a notice', () => {
    expect(unreadableNotice([])).toBeNull();
    expect(unreadableNotice([{ path: 'b/x', reason: 'not readable' }])).toBe(
      'Could not read 1 item of the drop; the rest was analysed without it.\nb/x: not readable',
    );
    const seven = Array.from({ length: 7 }, (_, i) => ({ path: `p${i}`, reason: 'r' }));
    const text = unreadableNotice(seven) ?? '';
    expect(text).toContain('Could not read 7 items');
    expect(text).toContain('p4: r');
    expect(text).not.toContain('p5: r');
    expect(text).toContain('… and 2 more');
  });
});
