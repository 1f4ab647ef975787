// The store's actions with the worker replaced: what each run sends the engine (every choice the user
// made, kept across re-runs), the progress rows of archives, and drops of folders.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnalyzeOptions, FileProgress, InputFile, ProgressCallback } from '../../workers/api.ts';
import type { Incident } from '../../workers/incident.ts';
import { SHARE_SCHEMA, type SharePayload } from '../../workers/share/share-link.ts';

interface Call {
  inputs: InputFile[];
  options: AnalyzeOptions | undefined;
  onProgress: ProgressCallback;
}
const calls: Call[] = [];

vi.mock('../../app/analysis/worker-client.ts', () => {
  class AnalysisCancelledError extends Error {}
  return {
    AnalysisCancelledError,
    startAnalysis(inputs: InputFile[], onProgress: ProgressCallback, options?: AnalyzeOptions) {
      calls.push({ inputs, options, onProgress });
      const incident = { sources: [], hosts: [], events: [], findings: [] } as unknown as Incident;
      return { result: Promise.resolve(incident), cancel() {} };
    },
    stopAnalysis() {},
  };
});
vi.mock('../../app/analysis/sample-bundle.ts', () => ({
  loadSampleBundle: async () => [{ path: 'sample/k8s-worker-1/dmesg.log', blob: new Blob(['x']) }],
}));

const store = await import('../../app/store.ts');
const { useStore, mergeProgress } = store;
/** As the store calls it: `a`, `b`, `short` and `short.example.com` are hosts the analysis found. */
const renamedHosts = (choices: Parameters<typeof store.renamedHosts>[0], from: string, to: string | null) =>
  store.renamedHosts(choices, from, to, ['a', 'b', 'short', 'short.example.com']);
const { collectDropped } = await import('../../app/analysis/input-files.ts');

const file = (path: string): InputFile => ({ path, blob: new Blob(['line\n']) });
const last = () => calls.at(-1);

beforeEach(() => {
  calls.length = 0;
  useStore.getState().returnToLanding();
});

describe('choices sent with every run', () => {
  it('sends a file host and a host rename with the formats, zones and skews chosen before', async () => {
    const s = () => useStore.getState();
    await s().analyzeFiles([file('a/dmesg.log'), file('b/journal.log')]);
    expect(s().phase).toBe('result');
    expect(last()?.options).toEqual({
      formatOverrides: {},
      timeZones: {},
      hostSkews: {},
      fileHosts: {},
      hostRenames: {},
    });

    await s().setTimeZone('b/journal.log', '+01:00');
    await s().setFileHost('a/dmesg.log', 'node-1');
    expect(last()?.options).toMatchObject({
      timeZones: { 'b/journal.log': '+01:00' },
      fileHosts: { 'a/dmesg.log': 'node-1' },
    });
    await s().renameHost('node-1', 'node-1.example.com');
    expect(last()?.options).toMatchObject({
      timeZones: { 'b/journal.log': '+01:00' },
      fileHosts: { 'a/dmesg.log': 'node-1' },
      hostRenames: { 'node-1': 'node-1.example.com' },
    });
    expect(calls).toHaveLength(4);
    // Every run analyses the same files.
    expect(calls.every((c) => c.inputs.map((i) => i.path).join() === 'a/dmesg.log,b/journal.log')).toBe(true);

    await s().setFileHost('a/dmesg.log', null);
    expect(last()?.options?.fileHosts).toEqual({});
    expect(last()?.options?.hostRenames).toEqual({ 'node-1': 'node-1.example.com' });
    await s().resetHostNames();
    expect(last()?.options?.hostRenames).toEqual({});
    expect(last()?.options?.timeZones).toEqual({ 'b/journal.log': '+01:00' });
  });

  it('forgets file hosts with "Reset file hosts" and every choice with a new bundle', async () => {
    const s = () => useStore.getState();
    await s().analyzeFiles([file('x.log')]);
    await s().setFileHost('x.log', 'h');
    await s().renameHost('h', 'g');
    await s().resetFileHosts();
    expect(last()?.options).toMatchObject({ fileHosts: {}, hostRenames: { h: 'g' } });
    await s().analyzeSample();
    expect(last()?.options).toMatchObject({ fileHosts: {}, hostRenames: {} });
    expect(last()?.inputs.map((i) => i.path)).toEqual(['sample/k8s-worker-1/dmesg.log']);
    expect(s().bundleLabel).toBe('the sample incident');
  });
});

describe('renamedHosts', () => {
  const none = { hostRenames: {}, hostSkews: {} };

  it('renames a host found by the analysis, and renames it again by the name shown', () => {
    const once = renamedHosts(none, 'a', 'x');
    expect(once).toEqual({ hostRenames: { a: 'x' }, hostSkews: {} });
    // `x` is shown now; renaming it again re-targets the host found as `a`.
    expect(renamedHosts(once, 'x', 'y').hostRenames).toMatchObject({ a: 'y' });
    // Back to its own name: nothing left to send.
    expect(renamedHosts(once, 'x', 'a').hostRenames).toEqual({});
    expect(renamedHosts(once, 'x', null).hostRenames).toEqual({});
  });

  it('merges two hosts given one name, and takes the merge back', () => {
    const merged = renamedHosts(renamedHosts(none, 'a', 'node'), 'b', 'node');
    expect(merged.hostRenames).toEqual({ a: 'node', b: 'node' });
    // A host renamed to the name of another found host merges into it.
    expect(renamedHosts(none, 'short', 'short.example.com').hostRenames).toEqual({
      short: 'short.example.com',
    });
    expect(renamedHosts(merged, 'node', null).hostRenames).toEqual({});
  });

  it('renames a host something was merged into together with what was merged', () => {
    const merged = renamedHosts(none, 'b', 'a');
    expect(merged.hostRenames).toEqual({ b: 'a' });
    expect(renamedHosts(merged, 'a', 'z').hostRenames).toEqual({ a: 'z', b: 'z' });
    expect(renamedHosts(merged, 'a', null).hostRenames).toEqual({});
  });

  it('knows the names the analysis found from the incident, not from the renames', () => {
    const incident = {
      hosts: [{ name: 'a' }, { name: 'x' }],
      sources: [{ host: 'c' }, { host: null }],
    } as unknown as Incident;
    expect(store.foundHostNames(incident, { b: 'x' }, ['b'])).toEqual(['a', 'b', 'c']);
  });

  it('moves a skew set by hand with the name, and keeps the skew of the host merged into', () => {
    const skewed = { hostRenames: {}, hostSkews: { a: 30, b: -5 } };
    expect(renamedHosts(skewed, 'a', 'x')).toEqual({ hostRenames: { a: 'x' }, hostSkews: { x: 30, b: -5 } });
    expect(renamedHosts(skewed, 'a', 'b')).toEqual({ hostRenames: { a: 'b' }, hostSkews: { b: -5 } });
    const back = renamedHosts(renamedHosts(skewed, 'a', 'x'), 'x', null);
    expect(back.hostRenames).toEqual({});
    expect(back.hostSkews).toMatchObject({ a: 30, b: -5 });
    expect(back.hostSkews).not.toHaveProperty('x');
  });
});

describe('drops', () => {
  const fileEntry = (name: string) => ({
    name,
    isFile: true,
    isDirectory: false,
    file: (ok: (f: File) => void) => ok(new File(['x'], name)),
  });
  const dirEntry = (name: string, children: unknown[], fail = false) => ({
    name,
    isFile: false,
    isDirectory: true,
    createReader: () => {
      let done = false;
      return {
        readEntries(ok: (e: unknown[]) => void, failed: (e: DOMException) => void) {
          if (fail) failed(new DOMException('denied', 'NotReadableError'));
          else {
            ok(done ? [] : children);
            done = true;
          }
        },
      };
    },
  });

  it('analyses the files of a dropped folder and names an unreadable subfolder in a warning', async () => {
    const sample = dirEntry('sample', [
      dirEntry('k8s-worker-1', [fileEntry('dmesg.log')]),
      dirEntry('locked', [], true),
    ]);
    await useStore.getState().analyzeDropped([{ entry: sample as never }]);
    const s = useStore.getState();
    expect(last()?.inputs.map((i) => i.path)).toEqual(['sample/k8s-worker-1/dmesg.log']);
    expect(s.phase).toBe('result');
    expect(s.bundleLabel).toBe('sample/k8s-worker-1/dmesg.log');
    expect(s.notice?.kind).toBe('warning');
    expect(s.notice?.text).toContain('sample/locked/: not readable (permission denied?)');
    // A re-run of the same files still says what was left out.
    await s.setFileHost('sample/k8s-worker-1/dmesg.log', 'k8s-worker-1');
    expect(useStore.getState().notice?.text).toContain('sample/locked/');
  });

  it('fails with the reason when nothing of the drop could be read', async () => {
    await useStore.getState().analyzeDropped([{ entry: dirEntry('locked', [], true) as never }]);
    const s = useStore.getState();
    expect(calls).toHaveLength(0);
    expect(s.phase).toBe('landing');
    expect(s.notice?.kind).toBe('error');
    expect(s.notice?.text).toContain('locked/: not readable');
  });

  it('cancels while the folders are walked', async () => {
    let release: (entries: unknown[]) => void = () => {};
    const slow = {
      name: 'slow',
      isFile: false,
      isDirectory: true,
      createReader: () => ({
        readEntries(ok: (e: unknown[]) => void) {
          release = ok;
        },
      }),
    };
    const running = useStore.getState().analyzeDropped([{ entry: slow as never }]);
    expect(useStore.getState().phase).toBe('analysing');
    useStore.getState().cancelAnalysis();
    release([]);
    await running;
    expect(calls).toHaveLength(0);
    expect(useStore.getState().phase).toBe('landing');
    expect(useStore.getState().notice).toEqual({ kind: 'info', text: 'Analysis cancelled' });
  });

  it('collects the same paths the store sends', async () => {
    const { inputs } = await collectDropped([{ entry: dirEntry('d', [fileEntry('a.log')]) as never }]);
    expect(inputs.map((i) => i.path)).toEqual(['d/a.log']);
  });
});

describe('mergeProgress', () => {
  const row = (path: string, extra: Partial<FileProgress> = {}): FileProgress => ({
    path,
    state: 'reading',
    bytesDone: 0,
    bytesTotal: 10,
    ...extra,
  });

  it('updates known rows and appends the entries of an archive as they are reported', () => {
    const start = [row('x.tar.gz'), row('notes.txt')];
    const next = mergeProgress(start, [
      row('x.tar.gz', { archive: { kind: 'tar.gz', entries: 3, analysed: 1, skipped: 2 } }),
      row('x.tar.gz/sample/dmesg.log', { container: 'x.tar.gz' }),
    ]);
    expect(next.map((r) => r.path)).toEqual(['x.tar.gz', 'notes.txt', 'x.tar.gz/sample/dmesg.log']);
    expect(next[0]?.archive?.analysed).toBe(1);
    expect(next[2]?.container).toBe('x.tar.gz');
  });
});

describe('opening a share link', () => {
  const payload = (query: string, regex: boolean): SharePayload => ({
    schema: SHARE_SCHEMA,
    created: '2019-11-12T11:05:00.000Z',
    redacted: true,
    incident: { sources: [], hosts: [], events: [], findings: [] } as unknown as Incident,
    omittedEvents: 0,
    totalEvents: 0,
    view: {
      laneMode: 'stage',
      zoom: null,
      episode: null,
      timeDisplay: { mode: 'utc' },
      logFilter: { ...store.NO_LOG_FILTER, hosts: ['a'], query, regex },
      focus: null,
    },
  });

  it('shows a regular-expression search as plain text until the reader runs it, and says so', () => {
    useStore.getState().openSnapshot(payload('(a+)+$', true));
    const s = useStore.getState();
    expect(s.phase).toBe('result');
    expect(s.logFilter).toEqual({ ...store.NO_LOG_FILTER, hosts: ['a'], query: '(a+)+$', regex: false });
    expect(s.notice?.kind).toBe('warning');
    expect(s.notice?.text).toMatch(
      /^The search of this link is a regular expression\. It is shown as plain text/,
    );
  });

  it('keeps a plain search, and an empty one, as the link has them, with no notice', () => {
    for (const [query, regex] of [
      ['caps stale', false],
      ['', true],
    ] as const) {
      useStore.getState().openSnapshot(payload(query, regex));
      expect(useStore.getState().logFilter).toEqual({ ...store.NO_LOG_FILTER, hosts: ['a'], query, regex });
      expect(useStore.getState().notice).toBeNull();
    }
  });
});
