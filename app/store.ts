// The one app store, built from typed slices. Components read one field each (or use useShallow)
// and call the actions; the actions own all async work.
import { create, type StateCreator } from 'zustand';
import type { FormatId } from '../parsers/types.ts';
import type { AnalyzeOptions, FileProgress, InputFile } from '../workers/api.ts';
import type { ContextRequest, ContextResult } from '../workers/context.ts';
import type { Incident } from '../workers/incident.ts';
import type { TimeZoneChoice } from '../workers/report/time.ts';
import type { LaneMode } from '../workers/report/timeline-model.ts';
import type { LogFilter, SharePayload } from '../workers/share/share-link.ts';
import type { WindowRequest, WindowResult } from '../workers/window.ts';
import {
  type Collected,
  collectDropped,
  type Dropped,
  describeDropped,
  describeInputs,
  queuedProgress,
  type Unreadable,
  uniquePaths,
  unreadableNotice,
} from './analysis/input-files.ts';
import { loadSampleBundle } from './analysis/sample-bundle.ts';
import {
  AnalysisCancelledError,
  readContext as readFileContext,
  readWindow as readLinesWindow,
  startAnalysis,
  stopAnalysis,
} from './analysis/worker-client.ts';

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
  /** Seconds the user said to add to each host's times, by the name the host is shown under; sent with every run like the formats. */
  hostSkews: Record<string, number>;
  /** Host the user gave a file, by path; sent with every run like the formats. */
  fileHosts: Record<string, string>;
  /** New names the user gave hosts, by the name the analysis gave them; two hosts given one name are merged. */
  hostRenames: Record<string, string>;
  /** Entries of the drop that could not be read: the notice of every run of these files names them. */
  unreadable: Unreadable[];
  /**
   * Host names the analysis of these files found itself (not given by a rename), gathered over its
   * runs: a rename of a name shown must know whether a host of that name exists besides the renamed ones.
   */
  foundHosts: string[];
}

/** What the user chose about the files of a run; a re-run of the same files sends all of it. */
export type RunChoices = Required<
  Pick<AnalyzeOptions, 'formatOverrides' | 'timeZones' | 'hostSkews' | 'fileHosts' | 'hostRenames'>
>;

const NO_CHOICES: RunChoices = {
  formatOverrides: {},
  timeZones: {},
  hostSkews: {},
  fileHosts: {},
  hostRenames: {},
};

/** What the log view shows (the same shape a share link carries). */
export type { LogFilter };

export const NO_LOG_FILTER: LogFilter = {
  hosts: [],
  stages: [],
  sources: [],
  severities: [],
  query: '',
  regex: false,
};

export interface FiltersSlice {
  /** The episode the timeline, stage cards and findings are narrowed to; null shows them all. */
  episode: string | null;
  logFilter: LogFilter;
}

export interface IncidentSlice {
  incident: Incident | null;
}

export type Phase = 'landing' | 'analysing' | 'result';

export interface Notice {
  /** `warning`: the run went on, but not with everything the user gave (an unreadable folder). */
  kind: 'error' | 'warning' | 'info';
  text: string;
}

/** Which clock times are shown in: always labelled on screen. */
export type TimeDisplay = TimeZoneChoice;
export type Theme = 'system' | 'light' | 'dark';
export type { LaneMode };

/** One line of one source: what a chart point or an evidence link points at. */
export interface LineRef {
  source: string;
  line: number;
}

export interface ViewSlice {
  phase: Phase;
  /** The outcome of the last run when it did not produce an incident (error, cancel). */
  notice: Notice | null;
  timeDisplay: TimeDisplay;
  theme: Theme;
  laneMode: LaneMode;
  /** The time range the timeline is zoomed to (epoch ms), or null for the whole incident. */
  zoom: [number, number] | null;
  /** The line the log view scrolls to and shows with its context; null when none is chosen. */
  focus: LineRef | null;
  /** A shared snapshot opened from a link (read-only: no files behind it); null for an analysis. */
  snapshot: SnapshotInfo | null;
}

/** What the banner of a shared snapshot says about it. */
export type SnapshotInfo = Pick<SharePayload, 'created' | 'redacted' | 'omittedEvents' | 'totalEvents'>;

export interface AnalysisActions {
  /** Analyse files the user picked (paths as `userInput` gives them); ignored when the list is empty. */
  analyzeFiles(files: readonly InputFile[]): Promise<void>;
  /** Walk the folders of a drop (see `droppedItems`) and analyse every file found; ignored when empty. */
  analyzeDropped(dropped: readonly Dropped[]): Promise<void>;
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
  /** Read one file as a file of `host` (null gives it back its inferred host) and analyse the same files again. */
  setFileHost(path: string, host: string | null): Promise<void>;
  /** Forget every file host the user gave and analyse the same files again. */
  resetFileHosts(): Promise<void>;
  /**
   * Show the host shown as `from` under the name `to` (the name of another host merges the two; null
   * gives back the names the analysis found) and analyse the same files again.
   */
  renameHost(from: string, to: string | null): Promise<void>;
  /** Forget every host name the user gave and analyse the same files again. */
  resetHostNames(): Promise<void>;
  /** Narrow the result to one episode, or show all of them (null). */
  selectEpisode(id: string | null): void;
  setTimeDisplay(display: TimeDisplay): void;
  setTheme(theme: Theme): void;
  setLaneMode(mode: LaneMode): void;
  /** Zoom the timeline to a time range (epoch ms), or back to the whole incident (null). */
  setZoom(range: [number, number] | null): void;
  /** Show one line in the log view (scrolled to, with its context), or none (null). */
  focusLine(ref: LineRef | null): void;
  /** The lines around one line of a source, read again from the run's files (log view context). */
  readContext(request: ContextRequest): Promise<ContextResult>;
  /** Every line of every source in a time window, read again by the last analysis's worker. */
  readWindow(request: WindowRequest): Promise<WindowResult>;
  /** Change some fields of the log filter. */
  setLogFilter(change: Partial<LogFilter>): void;
  resetLogFilter(): void;
  /** Show a shared snapshot (already decoded and validated) read-only, in the view it was shared with. */
  openSnapshot(payload: SharePayload): void;
  /** A share link that could not be opened: the landing, with the reason. */
  snapshotFailed(reason: string): void;
}

export type Store = SourcesSlice & IncidentSlice & FiltersSlice & ViewSlice & AnalysisActions;
type Slice<T> = StateCreator<Store, [], [], T>;

const createSourcesSlice: Slice<SourcesSlice> = () => ({
  bundleLabel: '',
  progress: [],
  inputs: [],
  unreadable: [],
  foundHosts: [],
  ...NO_CHOICES,
});
const createFiltersSlice: Slice<FiltersSlice> = () => ({ episode: null, logFilter: NO_LOG_FILTER });
const createIncidentSlice: Slice<IncidentSlice> = () => ({ incident: null });
const createViewSlice: Slice<ViewSlice> = () => ({
  phase: 'landing',
  notice: null,
  timeDisplay: { mode: 'utc' },
  theme: 'system',
  laneMode: 'stage',
  zoom: null,
  focus: null,
  snapshot: null,
});

/** Updates rows by path and appends new ones, whether the worker reports all files or a few. */
export function mergeProgress(current: FileProgress[], update: FileProgress[]): FileProgress[] {
  const byPath = new Map(update.map((p) => [p.path, p]));
  const merged = current.map((p) => byPath.get(p.path) ?? p);
  const known = new Set(current.map((p) => p.path));
  return merged.concat(update.filter((p) => !known.has(p.path)));
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** `record` with `key` set to `value`, or without `key` when `value` is null. */
function withKey<T>(record: Record<string, T>, key: string, value: T | null): Record<string, T> {
  const { [key]: _dropped, ...rest } = record;
  return value === null ? rest : { ...rest, [key]: value };
}

export type HostChoices = Pick<RunChoices, 'hostRenames' | 'hostSkews'>;

/** The host names an incident shows that no rename of `hostRenames` gave, added to `known`. */
export function foundHostNames(
  incident: Incident,
  hostRenames: Record<string, string>,
  known: readonly string[] = [],
): string[] {
  const given = new Set(Object.values(hostRenames));
  const names = new Set(known);
  for (const host of incident.hosts) if (!given.has(host.name)) names.add(host.name);
  for (const source of incident.sources) if (source.host && !given.has(source.host)) names.add(source.host);
  return [...names].sort();
}

/**
 * The user's host choices once the host shown as `from` is called `to`. `from` is a name as shown:
 * a name the analysis found, or one the user gave before, which may stand for several hosts merged
 * (every one of them follows). `to` null gives those hosts back the names the analysis found. A skew
 * set by hand moves with the name, since skews are keyed by the name shown; when two hosts merge,
 * the skew of the host merged into wins. `found` are the names the analysis found (`foundHosts`).
 */
export function renamedHosts(
  choices: HostChoices,
  from: string,
  to: string | null,
  found: readonly string[],
): HostChoices {
  const renamed = Object.keys(choices.hostRenames).filter((name) => choices.hostRenames[name] === from);
  // A name nobody was renamed to, or one the analysis found itself, is a host of its own too.
  const own = renamed.length === 0 || (found.includes(from) && !(from in choices.hostRenames));
  const originals = own ? [...renamed, from] : renamed;
  let hostRenames = choices.hostRenames;
  for (const name of new Set(originals)) {
    hostRenames = withKey(hostRenames, name, to === null || to === name ? null : to);
  }
  let hostSkews = choices.hostSkews;
  const skew = hostSkews[from];
  if (skew !== undefined && to !== from) {
    hostSkews = withKey(hostSkews, from, null);
    const heirs = to === null ? originals : [to];
    for (const heir of heirs) if (hostSkews[heir] === undefined) hostSkews = { ...hostSkews, [heir]: skew };
  }
  return { hostRenames, hostSkews };
}

interface Run {
  id: number;
  stop(): void;
}
let activeRun: Run | null = null;
let runCounter = 0;

const createAnalysisActions: Slice<AnalysisActions> = (set, get) => {
  /**
   * Starts a run: `collect` gathers the files (fetching the sample, walking dropped folders) under
   * the run's abort signal, so Cancel works from the first moment. `label` names the files while
   * they are gathered; `finalLabel` may rename them once they are known. `choices` are given for a
   * re-run of the same files; without them the run is of new files and starts with no choices.
   */
  async function run(
    label: string,
    collect: (signal: AbortSignal) => Promise<Collected>,
    { choices, finalLabel }: { choices?: RunChoices; finalLabel?: (inputs: InputFile[]) => string } = {},
  ) {
    activeRun?.stop();
    const id = ++runCounter;
    const abort = new AbortController();
    const current: Run = { id, stop: () => abort.abort() };
    activeRun = current;
    const isCurrent = () => activeRun?.id === id;
    set({
      // Other files have other hosts; a re-run keeps what the analysis found of these so far.
      ...(choices ? {} : { foundHosts: [] }),
      phase: 'analysing',
      notice: null,
      snapshot: null,
      incident: null,
      bundleLabel: label,
      progress: [],
      episode: null,
      zoom: null,
      focus: null,
      logFilter: NO_LOG_FILTER,
      ...(choices ?? NO_CHOICES),
    });

    try {
      const { inputs, unreadable } = await collect(abort.signal);
      if (!isCurrent()) return;
      const warning = unreadableNotice(unreadable);
      if (inputs.length === 0) throw new Error(warning ?? 'There were no files to analyse');
      set({
        inputs,
        unreadable,
        progress: inputs.map(queuedProgress),
        notice: warning ? { kind: 'warning', text: warning } : null,
        ...(finalLabel ? { bundleLabel: finalLabel(inputs) } : {}),
      });
      const analysis = startAnalysis(
        inputs,
        (files) => {
          if (isCurrent()) set((s) => ({ progress: mergeProgress(s.progress, files) }));
        },
        choices ?? NO_CHOICES,
      );
      current.stop = () => {
        abort.abort();
        analysis.cancel();
      };
      const incident = await analysis.result;
      if (!isCurrent()) return;
      activeRun = null;
      // For the responsiveness benchmark (npm run bench:ui): when the analysis ended and rendering began.
      performance.mark('cascade:result');
      set((s) => ({
        phase: 'result',
        incident,
        foundHosts: foundHostNames(incident, choices?.hostRenames ?? {}, s.foundHosts),
      }));
    } catch (err) {
      // A cancelled or superseded run has already handed the screen to whoever stopped it.
      if (!isCurrent() || err instanceof AnalysisCancelledError || abort.signal.aborted) return;
      activeRun = null;
      set({ phase: 'landing', notice: { kind: 'error', text: `Analysis failed: ${messageOf(err)}` } });
    }
  }

  /** Analyses the files of the last run again, with the user's choices changed as given. */
  function rerun(change: Partial<RunChoices>) {
    const { inputs, unreadable, bundleLabel, formatOverrides, timeZones, hostSkews, fileHosts, hostRenames } =
      get();
    if (inputs.length === 0) return Promise.resolve();
    const choices = { formatOverrides, timeZones, hostSkews, fileHosts, hostRenames, ...change };
    return run(bundleLabel, async () => ({ inputs, unreadable }), { choices });
  }

  return {
    async analyzeFiles(files) {
      if (files.length === 0) return;
      const inputs = uniquePaths(files);
      await run(describeInputs(inputs), async () => ({ inputs, unreadable: [] }));
    },
    async analyzeDropped(dropped) {
      if (dropped.length === 0) return;
      await run(describeDropped(dropped), (signal) => collectDropped(dropped, signal), {
        finalLabel: describeInputs,
      });
    },
    analyzeSample: () =>
      run('the sample incident', async (signal) => ({
        inputs: await loadSampleBundle(signal),
        unreadable: [],
      })),
    cancelAnalysis() {
      if (!activeRun) return;
      activeRun.stop();
      activeRun = null;
      set({
        phase: 'landing',
        progress: [],
        inputs: [],
        unreadable: [],
        foundHosts: [],
        ...NO_CHOICES,
        episode: null,
        zoom: null,
        focus: null,
        logFilter: NO_LOG_FILTER,
        notice: { kind: 'info', text: 'Analysis cancelled' },
      });
    },
    returnToLanding() {
      activeRun?.stop();
      // The last analysis's worker (kept to read lines again) goes with its result.
      stopAnalysis();
      activeRun = null;
      set({
        phase: 'landing',
        incident: null,
        progress: [],
        inputs: [],
        unreadable: [],
        foundHosts: [],
        ...NO_CHOICES,
        episode: null,
        zoom: null,
        focus: null,
        logFilter: NO_LOG_FILTER,
        notice: null,
        snapshot: null,
      });
    },
    overrideFormat: (path, format) =>
      rerun({ formatOverrides: { ...get().formatOverrides, [path]: format } }),
    resetFormats: () => rerun({ formatOverrides: {} }),
    setTimeZone: (path, zone) => rerun({ timeZones: withKey(get().timeZones, path, zone) }),
    setHostSkew: (host, seconds) => rerun({ hostSkews: withKey(get().hostSkews, host, seconds) }),
    resetClocks: () => rerun({ timeZones: {}, hostSkews: {} }),
    setFileHost: (path, host) => rerun({ fileHosts: withKey(get().fileHosts, path, host) }),
    resetFileHosts: () => rerun({ fileHosts: {} }),
    renameHost: (from, to) => rerun(renamedHosts(get(), from, to, get().foundHosts)),
    resetHostNames() {
      // Each name given is taken back in turn, so the skews set under it go back with it.
      const { hostRenames, hostSkews } = get();
      let choices: HostChoices = { hostRenames, hostSkews };
      for (const name of new Set(Object.values(choices.hostRenames))) {
        choices = renamedHosts(choices, name, null, get().foundHosts);
      }
      return rerun(choices);
    },
    selectEpisode: (id) => set({ episode: id, zoom: null }),
    setTimeDisplay: (timeDisplay) => set({ timeDisplay }),
    setTheme: (theme) => set({ theme }),
    setLaneMode: (laneMode) => set({ laneMode }),
    setZoom: (zoom) => set({ zoom: zoom && zoom[1] > zoom[0] ? zoom : null }),
    focusLine: (focus) => set({ focus }),
    readContext: (request) => readFileContext(get().inputs, request),
    readWindow: (request) => readLinesWindow(request),
    setLogFilter: (change) => set((s) => ({ logFilter: { ...s.logFilter, ...change } })),
    resetLogFilter: () => set({ logFilter: NO_LOG_FILTER }),
    openSnapshot(payload) {
      activeRun?.stop();
      activeRun = null;
      // No files stand behind a snapshot: the last analysis's worker and choices go.
      stopAnalysis();
      const { view } = payload;
      // A link's regular expression is not run until the reader asks: one made to backtrack for
      // ever (`(a+)+$` against a line of a's) would hang the page that opens the link.
      const heldRegex = view.logFilter.regex && view.logFilter.query !== '';
      set({
        phase: 'result',
        notice: heldRegex
          ? {
              kind: 'warning',
              text:
                'The search of this link is a regular expression. It is shown as plain text: tick ' +
                '“Regular expression” in the log view to run it (a link can carry one that takes very long on some lines).',
            }
          : null,
        incident: payload.incident,
        snapshot: {
          created: payload.created,
          redacted: payload.redacted,
          omittedEvents: payload.omittedEvents,
          totalEvents: payload.totalEvents,
        },
        bundleLabel: 'a shared snapshot',
        progress: [],
        inputs: [],
        unreadable: [],
        foundHosts: [],
        ...NO_CHOICES,
        episode: view.episode,
        laneMode: view.laneMode,
        zoom: view.zoom,
        timeDisplay: view.timeDisplay,
        logFilter: heldRegex ? { ...view.logFilter, regex: false } : view.logFilter,
        focus: view.focus,
      });
    },
    snapshotFailed(reason) {
      set({
        phase: 'landing',
        incident: null,
        snapshot: null,
        notice: { kind: 'error', text: `This share link cannot be opened: ${reason}` },
      });
    },
  };
};

export const useStore = create<Store>()((...a) => ({
  ...createSourcesSlice(...a),
  ...createIncidentSlice(...a),
  ...createFiltersSlice(...a),
  ...createViewSlice(...a),
  ...createAnalysisActions(...a),
}));
