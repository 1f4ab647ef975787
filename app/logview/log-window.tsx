// The log view's "All lines" mode: every line of every source within a time window around a moment,
// events or not, merged in time order, read on demand from the user's files by the analysis worker
// (`readWindow`). The window starts at the focused line (else the first event shown), follows a focus
// set elsewhere that falls outside it, and moves by the user's hand: its size, Earlier / Later by its
// width, a time typed in the display zone. A change is read after a short pause (typing, clicking
// Later three times), and an answer to an older request is never shown.
import { type FormEvent, useDeferredValue, useEffect, useId, useMemo, useState } from 'react';
import type { IncidentEvent } from '../../workers/incident.ts';
import { readWindow } from '../analysis/worker-client.ts';
import { formatDuration, formatIn, zoneLabel } from '../lib/time.ts';
import { useStore } from '../store.ts';
import { describeMatches } from './filter.ts';
import { rowOfEvent } from './focus.ts';
import { type FocusHidden, FocusNotice } from './focus-notice.tsx';
import { LogFilters } from './log-filters.tsx';
import {
  DEFAULT_WINDOW_SIZE,
  describeTruncated,
  filterWindowLines,
  findLineIndex,
  focusTime,
  initialCentre,
  inRange,
  isWindowFiltering,
  parseTimeIn,
  rowAtOrAfter,
  shiftCentre,
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

/** The answer to one request: what the worker read, or why it could not. */
type Read = { request: WindowRequest } & ({ result: WindowResult } | { error: string });

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
  const lines = read && 'result' in read ? read.result.lines : NO_LINES;
  const focusTs = useMemo(() => focusTime(focus, lines, anchors), [focus, lines, anchors]);
  const [centre, setCentre] = useState(() => initialCentre(focusTs, events));
  const range = centre === null ? null : windowAround(centre, size.half);

  // A focus set elsewhere (an evidence link, a chart point) outside the window moves it there.
  const [seenFocus, setSeenFocus] = useState(focus);
  if (seenFocus !== focus) {
    setSeenFocus(focus);
    if (focusTs !== null && (range === null || !inRange(range, focusTs))) setCentre(focusTs);
  }

  const from = range?.from;
  const to = range?.to;
  const request = useMemo(
    () => (from === undefined || to === undefined ? null : windowRequest({ from, to }, filter.sources)),
    [from, to, filter.sources],
  );
  useEffect(() => {
    if (!request) return;
    let live = true;
    const timer = setTimeout(() => {
      readWindow(request).then(
        (result) => {
          if (live) setRead({ request, result });
        },
        (err: unknown) => {
          if (live) setRead({ request, error: messageOf(err) });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [request]);
  const loading = request !== null && read?.request !== request;

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
          ' in the window',
        );

  let hidden: FocusHidden | null = null;
  if (focus && !loading && read) {
    if (focusIndex >= 0) hidden = rowOfEvent(filtered.rows, focusIndex) >= 0 ? null : 'filter';
    else if (focusTs !== null && range !== null && !inRange(range, focusTs)) hidden = 'outside';
    else hidden = 'not-in-window';
  }
  const width = formatDuration(2 * size.half);
  const move = (steps: number) => {
    if (centre !== null) setCentre(shiftCentre(centre, size.half, steps));
  };

  return (
    <>
      <fieldset className="lv-window-controls">
        <legend className="visually-hidden">Window of all lines</legend>
        <label htmlFor={sizeId}>Window size</label>
        <select
          id={sizeId}
          className="format-select"
          value={size.id}
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
            title={`Move the window ${width} ${label.toLowerCase()}`}
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
          {formatIn(range.to, display, true)} ({zoneLabel(display)}), read from the files.
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
      {read && 'result' in read && read.result.truncated ? (
        <p className="lv-notice" data-testid="window-truncated">
          {describeTruncated(read.result.lines.length)}
        </p>
      ) : null}
      {read && 'result' in read && read.result.errors.length > 0 ? (
        <ul className="row-error small lv-window-errors" aria-label="Sources that could not be read">
          {read.result.errors.map((e) => (
            <li key={e.source}>
              <span className="mono">{e.source}</span>: {e.error}
            </li>
          ))}
        </ul>
      ) : null}
      <WindowGrid
        lines={lines}
        rows={filtered.rows}
        matcher={matcher}
        focusLine={focusIndex}
        anchorRow={anchorRow}
        busy={loading}
        describedBy={statusId}
      />
      {read && !loading && filtered.rows.length === 0 ? (
        <p className="muted lv-empty">
          {lines.length === 0
            ? 'No line of any source falls in this window.'
            : 'No line matches the filters.'}
        </p>
      ) : null}
    </>
  );
}
