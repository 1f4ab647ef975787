// The log view's "All lines" mode: every line of every source, events or not, merged in time order,
// read on demand from the user's files by the analysis worker (`readWindow`). It starts with a time
// window around a moment (the focused line, else the first event shown), then scrolls on through
// the whole bundle: near either end of the lines loaded the next stretch that way is read and added
// (one read at a time each way, lines already there left out, the far end dropped past 200,000
// lines), until the logs end. The moment follows a focus set elsewhere that falls outside the lines
// loaded, and moves by the user's hand: the window's size, Earlier / Later by its width, a time
// typed in the display zone; each replaces the lines. A change is read after a short pause (typing,
// clicking Later three times), and an answer to an older request (or a stretch read for lines since
// replaced) is never shown.
import {
  type FormEvent,
  useCallback,
  useDeferredValue,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { IncidentEvent } from '../../workers/incident.ts';
import { formatDuration, formatIn, zoneLabel } from '../../workers/report/time.ts';
import { readWindow } from '../analysis/worker-client.ts';
import { useStore } from '../store.ts';
import { describeMatches } from './filter.ts';
import { rowOfEvent } from './focus.ts';
import { type FocusHidden, FocusNotice } from './focus-notice.tsx';
import { LogFilters } from './log-filters.tsx';
import {
  DEFAULT_WINDOW_SIZE,
  type Direction,
  eventBounds,
  filterWindowLines,
  findLineIndex,
  focusTime,
  initialCentre,
  inRange,
  isWindowFiltering,
  type LoadedLines,
  loadedFromWindow,
  mergeStretch,
  parseTimeIn,
  rowAtOrAfter,
  shiftCentre,
  stretchRequest,
  WINDOW_SIZES,
  windowAround,
  windowChoices,
  windowRequest,
  windowSize,
} from './window.ts';
import { WindowGrid } from './window-grid.tsx';
import type { WindowLine, WindowRequest, WindowResult } from './window-types.ts';

/** A change of the window is read once it has rested this long. */
const DEBOUNCE_MS = 150;

const NO_LINES: readonly WindowLine[] = [];

/** Earlier / Later: the window moved by its width. */
const MOVES = [
  { steps: -1, label: 'Earlier' },
  { steps: 1, label: 'Later' },
] as const;

type SourceError = WindowResult['errors'][number];

/** The answer to one request (a jump): the lines loaded since, or why it could not be read. */
type Read = { request: WindowRequest } & ({ loaded: LoadedLines; errors: SourceError[] } | { error: string });

/** The stretches being read for the lines of one request. */
interface Reading {
  request: WindowRequest | null;
  earlier: boolean;
  later: boolean;
}

const NOT_READING: Reading = { request: null, earlier: false, later: false };

/** `a`'s errors and those of `b` about other sources. */
function withErrors(a: SourceError[], b: SourceError[]): SourceError[] {
  const more = b.filter((e) => !a.some((x) => x.source === e.source));
  return more.length === 0 ? a : [...a, ...more];
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The centre moment typed in the display zone; what is typed stays until the centre moves. */
function CentreInput({ centre, onCentre }: { centre: number | null; onCentre(ms: number): void }) {
  const display = useStore((s) => s.timeDisplay);
  const inputId = useId();
  const errorId = useId();
  const shown = centre === null ? '' : formatIn(centre, display, true);
  // What the user typed over `shown`; a centre moved otherwise (or another zone) shows its own time.
  const [draft, setDraft] = useState<{ over: string; text: string; error: string | null } | null>(null);
  const typed = draft?.over === shown ? draft : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = typed?.text ?? shown;
    const ms = parseTimeIn(text, display, centre);
    if (ms === null) {
      const example = centre === null ? '2019-11-12 10:19:14' : formatIn(centre, display);
      setDraft({ over: shown, text, error: `Not a time: type it like ${example} or ${example.slice(11)}` });
      return;
    }
    setDraft(null);
    onCentre(ms);
  };
  return (
    <form className="lv-window-time" onSubmit={submit}>
      <label htmlFor={inputId}>Centre at ({zoneLabel(display)})</label>
      <input
        id={inputId}
        type="text"
        className="lv-search-input lv-time-input"
        value={typed?.text ?? shown}
        placeholder="2019-11-12 10:19:14"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={typed?.error ? true : undefined}
        aria-describedby={typed?.error ? errorId : undefined}
        onChange={(e) => setDraft({ over: shown, text: e.target.value, error: null })}
      />
      <button type="submit" className="small-button">
        Go
      </button>
      {typed?.error ? (
        <p id={errorId} className="field-error lv-error" role="alert" data-testid="window-time-error">
          {typed.error}
        </p>
      ) : null}
    </form>
  );
}

export function LogWindow({
  events,
  anchors,
}: {
  /** The events shown (the incident's or an episode's), in time order: the first one is a centre. */
  events: readonly IncidentEvent[];
  /** Every event of the incident, to find the time of a focused line. */
  anchors: readonly IncidentEvent[];
}) {
  const focus = useStore((s) => s.focus);
  const logFilter = useStore((s) => s.logFilter);
  const display = useStore((s) => s.timeDisplay);
  const sources = useStore((s) => s.incident?.sources);
  const filter = useDeferredValue(logFilter);
  const statusId = useId();
  const sizeId = useId();

  const [sizeChoice, setSizeChoice] = useState(DEFAULT_WINDOW_SIZE);
  const size = windowSize(sizeChoice);
  const [read, setRead] = useState<Read | null>(null);
  const loaded = read && 'loaded' in read ? read.loaded : null;
  const lines = loaded ? loaded.lines : NO_LINES;
  const focusTs = useMemo(() => focusTime(focus, lines, anchors), [focus, lines, anchors]);
  const [centre, setCentre] = useState(() => initialCentre(focusTs, events));
  const range = centre === null ? null : windowAround(centre, size.half);
  /** The span of the lines loaded: from the start of the first stretch to the end of the last. */
  const span = loaded ? { from: loaded.start.at, to: loaded.end.at } : null;

  // A focus set elsewhere (an evidence link, a chart point) outside the lines loaded moves there.
  const [seenFocus, setSeenFocus] = useState(focus);
  if (seenFocus !== focus) {
    setSeenFocus(focus);
    const around = span ?? range;
    if (focusTs !== null && (around === null || !inRange(around, focusTs))) setCentre(focusTs);
  }

  const from = range?.from;
  const to = range?.to;
  const request = useMemo(
    () => (from === undefined || to === undefined ? null : windowRequest({ from, to }, filter.sources)),
    [from, to, filter.sources],
  );
  // The stretches being read, for the lines of which request (a ref for the checks, state to show).
  const flight = useRef<Reading>(NOT_READING);
  const [reading, setReading] = useState<Reading>(NOT_READING);
  const setFlight = useCallback((next: Reading) => {
    flight.current = next;
    setReading(next);
  }, []);
  useEffect(() => {
    if (!request) return;
    let live = true;
    const timer = setTimeout(() => {
      readWindow(request).then(
        (result) => {
          if (!live) return;
          setFlight({ request, earlier: false, later: false });
          setRead({ request, loaded: loadedFromWindow(request, result), errors: result.errors });
        },
        (err: unknown) => {
          if (!live) return;
          setFlight({ request, earlier: false, later: false });
          setRead({ request, error: messageOf(err) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [request, setFlight]);
  const loading = request !== null && read?.request !== request;

  // Near an end of the lines loaded: read the next stretch that way, one at a time each way, for
  // the lines of the current request only; an end where lines were dropped is read again only when
  // the user moves there (not while the grid settles: both ends could take turns forever).
  const bounds = useMemo(() => eventBounds(anchors), [anchors]);
  const stretch = 2 * size.half;
  const current = useRef({ read, request, stretch, bounds });
  current.current = { read, request, stretch, bounds };
  const onNearEdge = useCallback(
    (direction: Direction, user: boolean) => {
      const { read, request, stretch, bounds } = current.current;
      if (!read || !('loaded' in read) || read.request !== request) return;
      const gen = read.request;
      if (flight.current.request !== gen || flight.current[direction]) return;
      const edge = direction === 'earlier' ? read.loaded.start : read.loaded.end;
      if (edge.trimmed && !user) return;
      const req = stretchRequest(read.loaded, direction, stretch, gen.sources ?? []);
      if (!req) return;
      setFlight({ ...flight.current, [direction]: true });
      const settle = (update: (prev: LoadedLines, errors: SourceError[]) => Read) => {
        // An answer for lines since replaced is dropped.
        if (flight.current.request !== gen) return;
        setFlight({ ...flight.current, [direction]: false });
        setRead((prev) =>
          prev && prev.request === gen && 'loaded' in prev ? update(prev.loaded, prev.errors) : prev,
        );
      };
      readWindow(req).then(
        (result) =>
          settle((prev, errors) => ({
            request: gen,
            loaded: mergeStretch(prev, direction, req, result, stretch, bounds).loaded,
            errors: withErrors(errors, result.errors),
          })),
        (err: unknown) =>
          settle((prev, errors) => {
            const failed = { done: true, error: messageOf(err) };
            return {
              request: gen,
              loaded:
                direction === 'earlier'
                  ? { ...prev, start: { ...prev.start, ...failed } }
                  : { ...prev, end: { ...prev.end, ...failed } },
              errors,
            };
          }),
      );
    },
    [setFlight],
  );

  const filtered = useMemo(() => filterWindowLines(lines, filter), [lines, filter]);
  const requested = read?.request.sources ?? null;
  const choices = useMemo(() => windowChoices(lines, sources ?? [], requested), [lines, sources, requested]);
  const focusIndex = useMemo(() => (focus ? findLineIndex(lines, focus) : -1), [lines, focus]);
  const anchorRow =
    centre === null || filtered.rows.length === 0 ? -1 : rowAtOrAfter(lines, filtered.rows, centre);

  const query = filtered.query;
  const matcher = query.kind === 'match' ? query.matcher : null;
  const status =
    read === null
      ? centre === null
        ? 'No window yet'
        : 'Reading the lines of the window…'
      : describeMatches(
          filtered.rows.length,
          filtered.total,
          isWindowFiltering(filter, query),
          ' in the lines loaded',
        );

  let hidden: FocusHidden | null = null;
  if (focus && !loading && read) {
    if (focusIndex >= 0) hidden = rowOfEvent(filtered.rows, focusIndex) >= 0 ? null : 'filter';
    else if (focusTs !== null && span !== null && !inRange(span, focusTs)) hidden = 'outside';
    else hidden = 'not-in-window';
  }
  const width = formatDuration(2 * size.half);
  const move = (steps: number) => {
    if (centre !== null) setCentre(shiftCentre(centre, size.half, steps));
  };
  const errors = read && 'loaded' in read ? read.errors : [];

  return (
    <>
      <fieldset className="lv-window-controls">
        <legend className="visually-hidden">Window of all lines</legend>
        <label htmlFor={sizeId}>Window size</label>
        <select
          id={sizeId}
          className="format-select"
          value={size.id}
          title="The time read around the centre, and by each read as you scroll"
          onChange={(e) => setSizeChoice(e.target.value)}
        >
          {WINDOW_SIZES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        {MOVES.map(({ steps, label }) => (
          <button
            key={label}
            type="button"
            className="small-button"
            disabled={centre === null}
            title={`Show the lines around a moment ${width} ${label.toLowerCase()}`}
            onClick={() => move(steps)}
          >
            {label}
          </button>
        ))}
        <button
          type="button"
          className="small-button"
          disabled={focusTs === null}
          title={focusTs === null ? 'No focused line with a known time' : undefined}
          onClick={() => setCentre(focusTs)}
        >
          Centre on the focused line
        </button>
        <CentreInput centre={centre} onCentre={setCentre} />
      </fieldset>
      {range ? (
        <p className="muted small lv-window-range" data-testid="window-range">
          Every line of every source from {formatIn(range.from, display, true)} to{' '}
          {formatIn(range.to, display, true)} ({zoneLabel(display)}), read from the files, and on either side
          as you scroll
          {span && !loading ? (
            <span data-testid="window-loaded">
              {' '}
              (loaded: {formatIn(span.from, display, true)} to {formatIn(span.to, display, true)})
            </span>
          ) : null}
          .
        </p>
      ) : (
        <p className="muted lv-window-range" data-testid="window-range">
          No line is focused and no event has a time: type a time to see the lines around it.
        </p>
      )}
      <LogFilters
        choices={choices}
        status={status}
        statusId={statusId}
        error={query.kind === 'error' ? query.message : null}
      />
      {hidden ? <FocusNotice hidden={hidden} onCentre={() => setCentre(focusTs)} /> : null}
      {loading ? (
        <p className="muted small" role="status" data-testid="window-loading">
          Reading the lines of the window from the files…
        </p>
      ) : null}
      {read && 'error' in read && !loading ? (
        <p className="row-error small" role="alert" data-testid="window-error">
          Could not read the lines of the window: {read.error}
        </p>
      ) : null}
      {errors.length > 0 ? (
        <ul className="row-error small lv-window-errors" aria-label="Sources that could not be read">
          {errors.map((e) => (
            <li key={e.source}>
              <span className="mono">{e.source}</span>: {e.error}
            </li>
          ))}
        </ul>
      ) : null}
      <WindowGrid
        lines={lines}
        rows={filtered.rows}
        generation={read?.request ?? null}
        matcher={matcher}
        focusLine={focusIndex}
        anchorRow={anchorRow}
        busy={loading}
        describedBy={statusId}
        start={loaded?.start ?? null}
        end={loaded?.end ?? null}
        reading={reading}
        onNearEdge={onNearEdge}
      />
      {read &&
      !loading &&
      filtered.rows.length === 0 &&
      (lines.length > 0 || (loaded?.start.done && loaded.end.done)) ? (
        <p className="muted lv-empty">
          {lines.length === 0 ? 'No line of any source in the logs read.' : 'No line matches the filters.'}
        </p>
      ) : null}
    </>
  );
}
