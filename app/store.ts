// The one app store, built from typed slices. Components read one field each (or use useShallow)
// and call the actions; the actions own all async work.
import { create, type StateCreator } from 'zustand';
import type { FormatId } from '../parsers/types.ts';
import type { FileProgress, InputFile } from '../workers/api.ts';
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
}

export type Store = SourcesSlice & IncidentSlice & ViewSlice & AnalysisActions;
type Slice<T> = StateCreator<Store, [], [], T>;

const createSourcesSlice: Slice<SourcesSlice> = () => ({
  bundleLabel: '',
  progress: [],
  inputs: [],
  formatOverrides: {},
});
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
    formatOverrides: Record<string, FormatId> = {},
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
      formatOverrides,
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
        { formatOverrides },
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

  /** Analyses the files of the last run again, under the given overrides. */
  function rerun(formatOverrides: Record<string, FormatId>) {
    const { inputs, bundleLabel } = get();
    if (inputs.length === 0) return Promise.resolve();
    return run(bundleLabel, async () => inputs, formatOverrides);
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
        formatOverrides: {},
        notice: { kind: 'info', text: 'Analysis cancelled' },
      });
    },
    returnToLanding() {
      activeRun?.stop();
      activeRun = null;
      set({ phase: 'landing', incident: null, progress: [], inputs: [], formatOverrides: {}, notice: null });
    },
    overrideFormat: (path, format) => rerun({ ...get().formatOverrides, [path]: format }),
    resetFormats: () => rerun({}),
  };
};

export const useStore = create<Store>()((...a) => ({
  ...createSourcesSlice(...a),
  ...createIncidentSlice(...a),
  ...createViewSlice(...a),
  ...createAnalysisActions(...a),
}));
