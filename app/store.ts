// The one app store, built from typed slices. Components read one field each (or use useShallow)
// and call the actions; the actions own all async work.
import { create, type StateCreator } from 'zustand';
import type { FormatId } from '../parsers/types.ts';
import type { AnalyzeOptions, FileProgress, InputFile } from '../workers/api.ts';
import type { Incident } from '../workers/incident.ts';
import { queuedProgress, userInput } from './analysis/input-files.ts';
import { loadSampleBundle } from './analysis/sample-bundle.ts';
import { AnalysisCancelledError, startAnalysis } from './analysis/worker-client.ts';

/** Per-file progress of the running analysis, in the order files were first reported. */
export interface SourcesSlice {
  /** What is being analysed, for headings: `4 files`, `the sample incident`. */
  bundleLabel: string;
  progress: FileProgress[];
  /** The files of the last run, kept so that a format override can analyse them again. */
  inputs: InputFile[];
  /** Formats the user chose by path; every run of the same files sends all of them. */
  formatOverrides: Record<string, FormatId>;
  /** Time zones the user gave by path (`+08:00`, `Asia/Shanghai`); sent with every run like the formats. */
  timeZones: Record<string, string>;
  /** Seconds the user said to add to each host's times; sent with every run like the formats. */
  hostSkews: Record<string, number>;
}

/** What the user chose about the files of a run; a re-run of the same files sends all of it. */
export type RunChoices = Required<Pick<AnalyzeOptions, 'formatOverrides' | 'timeZones' | 'hostSkews'>>;

const NO_CHOICES: RunChoices = { formatOverrides: {}, timeZones: {}, hostSkews: {} };

export interface FiltersSlice {
  /** The episode the timeline, stage cards and findings are narrowed to; null shows them all. */
  episode: string | null;
}

export interface IncidentSlice {
  incident: Incident | null;
}

export type Phase = 'landing' | 'analysing' | 'result';

export interface Notice {
  kind: 'error' | 'info';
  text: string;
}

export interface ViewSlice {
  phase: Phase;
  /** The outcome of the last run when it did not produce an incident (error, cancel). */
  notice: Notice | null;
}

export interface AnalysisActions {
  /** Analyse files the user dropped or picked; ignored when the list is empty. */
  analyzeFiles(files: readonly File[]): Promise<void>;
  /** Fetch the bundled sample and analyse it exactly like user files. */
  analyzeSample(): Promise<void>;
  /** Stop the running analysis (terminates the worker) and return to the landing. */
  cancelAnalysis(): void;
  /** Drop the incident and show the landing again ("Analyse other files"). */
  returnToLanding(): void;
  /** Read one file of the last run as `format` and analyse the same files again. */
  overrideFormat(path: string, format: FormatId): Promise<void>;
  /** Forget every format override and analyse the same files again. */
  resetFormats(): Promise<void>;
  /** Read one file's naive stamps in `zone` (null forgets the choice) and analyse the same files again. */
  setTimeZone(path: string, zone: string | null): Promise<void>;
  /** Add `seconds` to every time of `host` (null forgets the choice) and analyse the same files again. */
  setHostSkew(host: string, seconds: number | null): Promise<void>;
  /** Forget every time zone and host skew the user gave and analyse the same files again. */
  resetClocks(): Promise<void>;
  /** Narrow the result to one episode, or show all of them (null). */
  selectEpisode(id: string | null): void;
}

export type Store = SourcesSlice & IncidentSlice & FiltersSlice & ViewSlice & AnalysisActions;
type Slice<T> = StateCreator<Store, [], [], T>;

const createSourcesSlice: Slice<SourcesSlice> = () => ({
  bundleLabel: '',
  progress: [],
  inputs: [],
  ...NO_CHOICES,
});
const createFiltersSlice: Slice<FiltersSlice> = () => ({ episode: null });
const createIncidentSlice: Slice<IncidentSlice> = () => ({ incident: null });
const createViewSlice: Slice<ViewSlice> = () => ({ phase: 'landing', notice: null });

/** Updates rows by path and appends new ones, whether the worker reports all files or a few. */
export function mergeProgress(current: FileProgress[], update: FileProgress[]): FileProgress[] {
  const byPath = new Map(update.map((p) => [p.path, p]));
  const merged = current.map((p) => byPath.get(p.path) ?? p);
  const known = new Set(current.map((p) => p.path));
  return merged.concat(update.filter((p) => !known.has(p.path)));
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

interface Run {
  id: number;
  stop(): void;
}
let activeRun: Run | null = null;
let runCounter = 0;

const createAnalysisActions: Slice<AnalysisActions> = (set, get) => {
  async function run(
    label: string,
    collect: (signal: AbortSignal) => Promise<InputFile[]>,
    choices: RunChoices = NO_CHOICES,
  ) {
    activeRun?.stop();
    const id = ++runCounter;
    const abort = new AbortController();
    const current: Run = { id, stop: () => abort.abort() };
    activeRun = current;
    const isCurrent = () => activeRun?.id === id;
    set({
      phase: 'analysing',
      notice: null,
      incident: null,
      bundleLabel: label,
      progress: [],
      episode: null,
      ...choices,
    });

    try {
      const inputs = await collect(abort.signal);
      if (!isCurrent()) return;
      if (inputs.length === 0) throw new Error('There were no files to analyse');
      set({ inputs, progress: inputs.map(queuedProgress) });
      const analysis = startAnalysis(
        inputs,
        (files) => {
          if (isCurrent()) set((s) => ({ progress: mergeProgress(s.progress, files) }));
        },
        choices,
      );
      current.stop = () => {
        abort.abort();
        analysis.cancel();
      };
      const incident = await analysis.result;
      if (!isCurrent()) return;
      activeRun = null;
      set({ phase: 'result', incident });
    } catch (err) {
      // A cancelled or superseded run has already handed the screen to whoever stopped it.
      if (!isCurrent() || err instanceof AnalysisCancelledError) return;
      activeRun = null;
      set({ phase: 'landing', notice: { kind: 'error', text: `Analysis failed: ${messageOf(err)}` } });
    }
  }

  /** Analyses the files of the last run again, with the user's choices changed as given. */
  function rerun(change: Partial<RunChoices>) {
    const { inputs, bundleLabel, formatOverrides, timeZones, hostSkews } = get();
    if (inputs.length === 0) return Promise.resolve();
    return run(bundleLabel, async () => inputs, { formatOverrides, timeZones, hostSkews, ...change });
  }

  /** `record` with `key` set to `value`, or without `key` when `value` is null. */
  function withKey<T>(record: Record<string, T>, key: string, value: T | null): Record<string, T> {
    const { [key]: _dropped, ...rest } = record;
    return value === null ? rest : { ...rest, [key]: value };
  }

  return {
    async analyzeFiles(files) {
      if (files.length === 0) return;
      const inputs = files.map(userInput);
      await run(
        inputs.length === 1 ? (inputs[0]?.path ?? '1 file') : `${inputs.length} files`,
        async () => inputs,
      );
    },
    analyzeSample: () => run('the sample incident', loadSampleBundle),
    cancelAnalysis() {
      if (!activeRun) return;
      activeRun.stop();
      activeRun = null;
      set({
        phase: 'landing',
        progress: [],
        inputs: [],
        ...NO_CHOICES,
        episode: null,
        notice: { kind: 'info', text: 'Analysis cancelled' },
      });
    },
    returnToLanding() {
      activeRun?.stop();
      activeRun = null;
      set({
        phase: 'landing',
        incident: null,
        progress: [],
        inputs: [],
        ...NO_CHOICES,
        episode: null,
        notice: null,
      });
    },
    overrideFormat: (path, format) =>
      rerun({ formatOverrides: { ...get().formatOverrides, [path]: format } }),
    resetFormats: () => rerun({ formatOverrides: {} }),
    setTimeZone: (path, zone) => rerun({ timeZones: withKey(get().timeZones, path, zone) }),
    setHostSkew: (host, seconds) => rerun({ hostSkews: withKey(get().hostSkews, host, seconds) }),
    resetClocks: () => rerun({ timeZones: {}, hostSkews: {} }),
    selectEpisode: (id) => set({ episode: id }),
  };
};

export const useStore = create<Store>()((...a) => ({
  ...createSourcesSlice(...a),
  ...createIncidentSlice(...a),
  ...createFiltersSlice(...a),
  ...createViewSlice(...a),
  ...createAnalysisActions(...a),
}));
