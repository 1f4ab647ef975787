// The rows of the log view's "All lines" mode: every line loaded, events or not, in a virtualised
// grid that scrolls on through the whole bundle. It is the shared grid's pattern (one widget for
// the keyboard, aria-activedescendant, rows of one height) with what continuous scrolling needs:
// it tells when the rows in sight come near an end of the lines loaded, keeps the row in sight where
// it is when lines are added or dropped before it, and shows a row at each end saying whether more
// is being read or the logs end there. Lines that are events carry their stage as a chip coloured
// by severity.
// biome-ignore-all lint/a11y/useSemanticElements: rows positioned one by one cannot be table elements
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid is focused, its active row named by aria-activedescendant
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import {
  Fragment,
  type KeyboardEvent,
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { STAGE_BY_ID, type StageId } from '../../parsers/stages.ts';
import type { TimeZoneChoice } from '../../workers/report/time.ts';
import { type LineRef, useStore } from '../store.ts';
import { type Matcher, SEVERITY_TEXT } from './filter.ts';
import { lineRefText, rowOfEvent } from './focus.ts';
import { GridRow, type GridRowPlace, LineCells, LineHeaders, rowForKey, TextCell } from './virtual-grid.tsx';
import { type Direction, describeEdge, EDGE_ROWS, type Edge } from './window.ts';
import type { WindowLine } from './window-types.ts';

/** Pixel heights, as the shared grid's (its rows carry their height inline). */
const ROW_HEIGHT = 24;
const HEAD_HEIGHT = 30;
const OVERSCAN = 12;
/** The row at each end of the rows (start / end of the logs, reading). */
const EDGE_HEIGHT = ROW_HEIGHT;

interface RowProps extends GridRowPlace {
  line: WindowLine;
  display: TimeZoneChoice;
  matcher: Matcher | null;
}

/** `Reconnect denied`: the title of a stage id, or the id itself. */
const stageTitle = (stage: string) => STAGE_BY_ID[stage as StageId]?.title ?? stage;

/** One line as text only: React escapes every field, nothing is ever parsed as markup. */
const WindowRow = memo(function WindowRow({ line, display, matcher, ...place }: RowProps) {
  const severity = line.severity ?? 'info';
  const event = line.stage === undefined ? null : stageTitle(line.stage);
  return (
    <GridRow
      place={place}
      lineRef={lineRefText(line)}
      className={event ? `lv-event lv-event-${severity}` : undefined}
      windowRow
    >
      <LineCells {...line} display={display} />
      <span role="gridcell" className="lv-stage">
        {event ? (
          <span
            className={`lv-badge badge-${severity}`}
            title={`Event: ${event} (${SEVERITY_TEXT[severity]})`}
          >
            {event}
          </span>
        ) : null}
      </span>
      <TextCell text={line.text} matcher={matcher} />
    </GridRow>
  );
});

/** The row at one end of the rows: reading more, or the start / end of the logs. */
function EdgeRow({
  direction,
  edge,
  reading,
  top,
}: {
  direction: Direction;
  edge: Edge | null;
  reading: boolean;
  top: number;
}) {
  if (!edge) return null;
  const text = describeEdge(direction, edge, reading);
  return (
    <div
      role="row"
      className={`lv-row lv-edge${edge.error !== undefined ? ' row-error' : ''}`}
      data-testid={direction === 'earlier' ? 'window-start' : 'window-end'}
      data-done={edge.done ? '' : undefined}
      style={{ top, height: EDGE_HEIGHT }}
    >
      <span role="gridcell" className="lv-edge-text">
        {text}
      </span>
    </div>
  );
}

/** The index of `line` among `lines` (the same object), or -1. */
const indexOfLine = (lines: readonly WindowLine[], line: WindowLine | null) =>
  line === null ? -1 : lines.indexOf(line);

export function WindowGrid({
  lines,
  rows,
  generation,
  matcher,
  focusLine,
  anchorRow,
  busy,
  describedBy,
  start,
  end,
  reading,
  onNearEdge,
}: {
  lines: readonly WindowLine[];
  /** Indices of the lines shown, in order. */
  rows: Int32Array;
  /** Changes when the lines are replaced (a jump); the same while they only grow or shrink at the ends. */
  generation: unknown;
  matcher: Matcher | null;
  /** The line that is the focused one, or -1. */
  focusLine: number;
  /** The row at the window's centre moment. */
  anchorRow: number;
  busy: boolean;
  describedBy: string;
  /** The ends of the lines loaded (null before any). */
  start: Edge | null;
  end: Edge | null;
  /** Stretches being read, by direction. */
  reading: { earlier: boolean; later: boolean };
  /** The rows in sight came near an end; `user`: the user moved (not the grid settling). */
  onNearEdge(direction: Direction, user: boolean): void;
}) {
  const display = useStore((s) => s.timeDisplay);
  const focus = useStore((s) => s.focus);
  const setFocusLine = useStore((s) => s.focusLine);
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);

  // The row the keyboard is on, kept as the line itself: it survives lines added or dropped at the
  // ends and a change of the filter; new lines (a jump) start without one.
  const [active, setActive] = useState<WindowLine | null>(null);
  const activeItem = useMemo(() => indexOfLine(lines, active), [lines, active]);
  const activeRow = activeItem < 0 ? -1 : rowOfEvent(rows, activeItem);
  const focusRow = focusLine < 0 ? -1 : rowOfEvent(rows, focusLine);
  const setActiveItem = useCallback(
    (index: number) => setActive((lines[index] as WindowLine | undefined) ?? null),
    [lines],
  );

  const rangeExtractor = useCallback(
    (range: Range) => {
      const shown = defaultRangeExtractor(range);
      if (activeRow < 0 || shown.includes(activeRow)) return shown;
      return [...shown, activeRow].sort((a, b) => a - b);
    },
    [activeRow],
  );

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    paddingStart: EDGE_HEIGHT,
    paddingEnd: EDGE_HEIGHT,
    rangeExtractor,
  });

  /** The rows in sight, from the scroll position (the virtualiser's range may lag a scroll event). */
  const rowsInSight = useCallback(() => {
    const el = scrollRef.current;
    if (!el) return null;
    const top = el.scrollTop - HEAD_HEIGHT - EDGE_HEIGHT;
    return {
      first: Math.max(0, Math.floor(top / ROW_HEIGHT)),
      last: Math.floor((top + el.clientHeight) / ROW_HEIGHT),
    };
  }, []);

  const nearEdge = useRef(onNearEdge);
  nearEdge.current = onNearEdge;
  const count = rows.length;
  const checkEdges = useCallback(
    (user: boolean) => {
      const sight = rowsInSight();
      if (!sight) return;
      if (sight.first < EDGE_ROWS) nearEdge.current('earlier', user);
      if (sight.last >= count - EDGE_ROWS) nearEdge.current('later', user);
    },
    [rowsInSight, count],
  );
  // A scroll the grid made itself (keeping the row in sight) is no move of the user's.
  const ownScroll = useRef(false);

  // The focus the grid itself set (a click, Enter): its row is in sight already.
  const picked = useRef<LineRef | null>(null);
  const focusRowRef = useRef(focusRow);
  focusRowRef.current = focusRow;
  const anchorRef = useRef(anchorRow);
  anchorRef.current = anchorRow;

  /** New lines (a jump) or a new filter: the focused row, else the anchor, comes to the middle. */
  const centre = useCallback(() => {
    const row = focusRowRef.current >= 0 ? focusRowRef.current : anchorRef.current;
    if (row < 0) return 0;
    return requestAnimationFrame(() => virtualizer.scrollToIndex(row, { align: 'center' }));
  }, [virtualizer]);

  // What the rows were: lines added or dropped at the ends keep the row at the top of sight where it
  // is; new lines or a new filter bring the focused row (else the anchor) to the middle.
  const before = useRef<{ generation: unknown; lines: readonly WindowLine[]; rows: Int32Array } | null>(null);
  useLayoutEffect(() => {
    const prev = before.current;
    before.current = { generation, lines, rows };
    const el = scrollRef.current;
    if (prev && prev.generation === generation && prev.lines !== lines && el) {
      const top = el.scrollTop - HEAD_HEIGHT - EDGE_HEIGHT;
      const oldRow = Math.max(0, Math.min(prev.rows.length - 1, Math.floor(top / ROW_HEIGHT)));
      const line = prev.lines[prev.rows[oldRow] ?? -1] ?? null;
      const index = indexOfLine(lines, line);
      const row = index < 0 ? -1 : rowOfEvent(rows, index);
      if (row >= 0 && row !== oldRow) {
        ownScroll.current = true;
        el.scrollTop += (row - oldRow) * ROW_HEIGHT;
        requestAnimationFrame(() => {
          ownScroll.current = false;
        });
      }
      return;
    }
    if (prev && prev.lines === lines && prev.rows === rows) return;
    if (focus && focusRowRef.current >= 0) setActiveItem(rows[focusRowRef.current] as number);
    const frame = centre();
    return () => cancelAnimationFrame(frame);
  }, [generation, lines, rows, focus, centre, setActiveItem]);

  // A focus set from elsewhere (a chart point, an evidence link) brings its row to the middle; one
  // the grid set itself (a click, Enter) is in sight already.
  const seenFocus = useRef(focus);
  useEffect(() => {
    if (seenFocus.current === focus) return;
    seenFocus.current = focus;
    const row = focusRowRef.current;
    if (!focus || row < 0) return;
    setActiveItem(rows[row] as number);
    const align = picked.current === focus ? 'auto' : 'center';
    const frame = requestAnimationFrame(() => virtualizer.scrollToIndex(row, { align }));
    return () => cancelAnimationFrame(frame);
  }, [focus, rows, virtualizer, setActiveItem]);

  // After every change of the rows or the ends (a stretch read, possibly nothing new), look again:
  // the rows in sight may still be near an end.
  useEffect(() => {
    // Each change of an end (a stretch read, possibly bringing nothing) is a reason to look again.
    if (busy || (start?.done && end?.done)) return;
    const frame = requestAnimationFrame(() => checkEdges(false));
    return () => cancelAnimationFrame(frame);
  }, [checkEdges, busy, start, end]);

  const pick = useCallback(
    (row: number) => {
      const index = rows[row];
      if (index === undefined) return;
      setActiveItem(index);
      const item = lines[index] as WindowLine;
      const ref = { source: item.source, line: item.line };
      picked.current = ref;
      setFocusLine(ref);
    },
    [rows, lines, setFocusLine, setActiveItem],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (count === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2);
    const from = activeRow >= 0 ? activeRow : (rowsInSight()?.first ?? 0);
    const step = activeRow >= 0 ? 1 : 0;
    const next = rowForKey(e.key, from, step, page, count);
    if (next === null) return;
    e.preventDefault();
    if (next === 'pick') {
      pick(Math.min(from, count - 1));
      return;
    }
    setActiveItem(rows[next] as number);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const rowId = (index: number) => `${gridId}-e${index}`;
  const total = virtualizer.getTotalSize();
  return (
    <div
      ref={scrollRef}
      className="lv-grid lv-window"
      role="grid"
      aria-label="All lines in the window"
      aria-describedby={describedBy}
      aria-rowcount={count + 1}
      aria-activedescendant={activeRow >= 0 ? rowId(activeItem) : undefined}
      aria-busy={busy ? true : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onScroll={() => {
        const user = !ownScroll.current;
        ownScroll.current = false;
        checkEdges(user);
      }}
      onFocus={(e) => {
        // Coming in with the keyboard, a reader hears a row at once: the first one in sight.
        if (e.target !== e.currentTarget || activeRow >= 0 || count === 0) return;
        setActiveItem(rows[Math.min(count - 1, rowsInSight()?.first ?? 0)] as number);
      }}
    >
      <div role="rowgroup" className="lv-head" style={{ height: HEAD_HEIGHT }}>
        <div role="row" aria-rowindex={1} className="lv-row">
          <LineHeaders display={display} />
          <span role="columnheader" title="The stage of a line that is an event">
            Event
          </span>
          <span role="columnheader">Text</span>
        </div>
      </div>
      <div role="rowgroup" className="lv-body" style={{ height: total }}>
        <EdgeRow direction="earlier" edge={start} reading={reading.earlier} top={0} />
        {virtualizer.getVirtualItems().map((item) => {
          const index = rows[item.index] as number;
          const line = lines[index] as WindowLine;
          return (
            <Fragment key={lineRefText(line)}>
              <WindowRow
                id={rowId(index)}
                row={item.index}
                top={item.start - HEAD_HEIGHT}
                current={index === focusLine}
                active={item.index === activeRow}
                onPick={pick}
                line={line}
                display={display}
                matcher={matcher}
              />
            </Fragment>
          );
        })}
        <EdgeRow direction="later" edge={end} reading={reading.later} top={total - EDGE_HEIGHT} />
      </div>
    </div>
  );
}
