// The log view's grids (events, and all lines of a window) share one virtualised grid: only the rows
// in sight (and a few either side) are in the DOM however many items it holds, with @tanstack/react-virtual.
// Rows have one fixed height; a long line is cut at the edge and given whole in its title and in the
// context panel. The grid takes the keyboard as one widget and names its active row with
// aria-activedescendant, as the ARIA grid pattern allows; its rows are positioned absolutely, which
// table elements do not bear. What a row shows is the caller's (`renderRow`, usually in a `GridRow`).
// biome-ignore-all lint/a11y/useSemanticElements: rows positioned one by one cannot be table elements
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid is focused, its active row named by aria-activedescendant
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import {
  Fragment,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import type { IsoTime } from '../../workers/incident.ts';
import { formatIn, type TimeZoneChoice, zoneLabel } from '../../workers/report/time.ts';
import { type LineRef, useStore } from '../store.ts';
import { type Matcher, splitMatches } from './filter.ts';
import { rowOfEvent } from './focus.ts';

/** Pixel heights the virtualiser counts with; the CSS takes them from here (inline styles). */
const ROW_HEIGHT = 24;
const HEAD_HEIGHT = 30;
const OVERSCAN = 12;

/** `dmesg.log` of `sample/node1/dmesg.log`: the short name a row shows (the whole path in its title). */
const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** A line's text with the search's matches marked; text only, React escapes it. */
function Highlighted({ text, matcher }: { text: string; matcher: Matcher | null }) {
  const parts = splitMatches(text, matcher);
  if (parts.length === 1 && !parts[0]?.match) return <>{text}</>;
  return (
    <>{parts.map((p) => (p.match ? <mark key={p.at}>{p.text}</mark> : <span key={p.at}>{p.text}</span>))}</>
  );
}

/** The headers of the columns every grid of the log view starts with (time, host, source, line, stamp). */
export function LineHeaders({ display }: { display: TimeZoneChoice }) {
  return (
    <>
      <span role="columnheader" className="lv-time" title={`Time (${zoneLabel(display)})`}>
        Time ({zoneLabel(display)})
      </span>
      <span role="columnheader">Host</span>
      <span role="columnheader">Source</span>
      <span role="columnheader" className="lv-line">
        Line
      </span>
      <span role="columnheader" title="The line's own stamp, as the file prints it">
        Stamp
      </span>
    </>
  );
}

/** The cells under `LineHeaders`: the aligned time in the display zone, and where the line is from. */
export function LineCells({
  ts,
  host,
  source,
  line,
  stamp,
  display,
}: {
  ts: IsoTime | number;
  host: string | null;
  source: string;
  line: number;
  stamp: string;
  display: TimeZoneChoice;
}) {
  return (
    <>
      <span role="gridcell" className="lv-time">
        {/* Whole milliseconds: a line read for a window is placed to the microsecond. */}
        {formatIn(typeof ts === 'number' ? Math.floor(ts) : ts, display, true)}
      </span>
      <span role="gridcell" className="lv-host" title={host ?? 'no host known'}>
        {host ?? '—'}
      </span>
      <span role="gridcell" className="lv-source" title={source}>
        {baseName(source)}
      </span>
      <span role="gridcell" className="lv-line">
        {line}
      </span>
      <span role="gridcell" className="lv-stamp" title={stamp}>
        {stamp}
      </span>
    </>
  );
}

/** The last cell: the line's text, cut at the edge (whole in its title), with the search's matches marked. */
export function TextCell({ text, matcher }: { text: string; matcher: Matcher | null }) {
  return (
    <span role="gridcell" className="lv-text" title={text}>
      <Highlighted text={text} matcher={matcher} />
    </span>
  );
}

/** Where and how the grid places one row: what `renderRow` hands on to its `GridRow`. */
export interface GridRowPlace {
  id: string;
  /** The row's position among the rows shown. */
  row: number;
  top: number;
  /** The row is the focused line. */
  current: boolean;
  /** The row is the keyboard's. */
  active: boolean;
  onPick(row: number): void;
}

/** The element of one row: its place, what it points at, and its cells. */
export function GridRow({
  place,
  lineRef,
  className,
  windowRow,
  children,
}: {
  place: GridRowPlace;
  /** `source:line`, for `data-line-ref`. */
  lineRef: string;
  className?: string | undefined;
  /** Marks a row of the "All lines" grid (`data-window-row`). */
  windowRow?: boolean;
  children: ReactNode;
}) {
  const { id, row, top, current, active, onPick } = place;
  const classes = ['lv-row', className, current ? 'lv-current' : '', active ? 'lv-active' : ''];
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles the keys of its active row
    <div
      role="row"
      id={id}
      aria-rowindex={row + 2}
      aria-current={current ? 'true' : undefined}
      aria-selected={active}
      data-line-ref={lineRef}
      data-window-row={windowRow ? '' : undefined}
      className={classes.filter(Boolean).join(' ')}
      style={{ top, height: ROW_HEIGHT }}
      onClick={() => onPick(row)}
    >
      {children}
    </div>
  );
}

export interface VirtualGridProps {
  /** The lines the rows index (events, lines of a window): a new list starts without an active row. */
  items: readonly LineRef[];
  /** Indices of the items shown, in order. */
  rows: Int32Array;
  /** The item that is the focused line, or -1. */
  focusItem: number;
  /** Without a focused row among them, a new set of rows is scrolled to this one (centred). */
  anchorRow?: number;
  label: string;
  /** The id of the text saying how many lines are shown. */
  describedBy: string;
  className?: string;
  /** The rows are being replaced (a read under way). */
  busy?: boolean;
  /** The column headers (`role="columnheader"` cells). */
  header: ReactNode;
  renderRow(index: number, place: GridRowPlace): ReactNode;
}

/**
 * Where a key moves a grid's active row: `from` is the active row (or the first in sight, with
 * `step` 0 so the first key lands on it), `page` the rows of a screen. 'pick' for Enter and Space
 * (show that row's line), null for keys the grid leaves alone.
 */
export function rowForKey(
  key: string,
  from: number,
  step: number,
  page: number,
  count: number,
): number | 'pick' | null {
  let next: number;
  switch (key) {
    case 'ArrowDown':
      next = from + step;
      break;
    case 'ArrowUp':
      next = from - step;
      break;
    case 'PageDown':
      next = from + page;
      break;
    case 'PageUp':
      next = from - page;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    case 'Enter':
    case ' ':
      return 'pick';
    default:
      return null;
  }
  return Math.max(0, Math.min(count - 1, next));
}

export function VirtualGrid({
  items,
  rows,
  focusItem,
  anchorRow = -1,
  label,
  describedBy,
  className,
  busy,
  header,
  renderRow,
}: VirtualGridProps) {
  const focus = useStore((s) => s.focus);
  const focusLine = useStore((s) => s.focusLine);
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The row the keyboard is on, kept as an item so it survives a change of the filter; other
  // items (another episode, another run, another window) start without one.
  const [active, setActive] = useState({ items, index: -1 });
  const activeItem = active.items === items ? active.index : -1;
  const setActiveItem = useCallback((index: number) => setActive({ items, index }), [items]);
  const activeRow = activeItem < 0 ? -1 : rowOfEvent(rows, activeItem);
  const focusRow = focusItem < 0 ? -1 : rowOfEvent(rows, focusItem);

  // The active row stays rendered when scrolled out of sight, so aria-activedescendant always
  // names an element of the page.
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
    // The sticky column header sits above the rows inside the scrolling element.
    scrollMargin: HEAD_HEIGHT,
    scrollPaddingStart: HEAD_HEIGHT,
    rangeExtractor,
  });

  // The focus the grid itself set (a click, Enter): its row is in sight already.
  const picked = useRef<LineRef | null>(null);

  // A focus from elsewhere (a chart point, an evidence link), and a filter change that keeps the
  // focused row, bring that row to the middle. Scrolling waits a frame: the rows must be laid out.
  useEffect(() => {
    if (!focus || focusRow < 0) return;
    setActiveItem(rows[focusRow] as number);
    const align = picked.current === focus ? 'auto' : 'center';
    const frame = requestAnimationFrame(() => virtualizer.scrollToIndex(focusRow, { align }));
    return () => cancelAnimationFrame(frame);
  }, [focus, focusRow, rows, virtualizer, setActiveItem]);

  // New rows without the focused line among them: the anchor comes to the middle. Only new rows do
  // this (read through a ref, a focus closed later leaves the scroll where it is).
  const focusShown = useRef(false);
  focusShown.current = !!focus && focusRow >= 0;
  useEffect(() => {
    if (focusShown.current || anchorRow < 0 || anchorRow >= rows.length) return;
    const frame = requestAnimationFrame(() => virtualizer.scrollToIndex(anchorRow, { align: 'center' }));
    return () => cancelAnimationFrame(frame);
  }, [rows, anchorRow, virtualizer]);

  const pick = useCallback(
    (row: number) => {
      const index = rows[row];
      if (index === undefined) return;
      setActiveItem(index);
      const item = items[index] as LineRef;
      const ref = { source: item.source, line: item.line };
      picked.current = ref;
      focusLine(ref);
    },
    [rows, items, focusLine, setActiveItem],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const count = rows.length;
    if (count === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2);
    // Without an active row the keys start from the first row in sight.
    const from = activeRow >= 0 ? activeRow : (virtualizer.range?.startIndex ?? 0);
    const step = activeRow >= 0 ? 1 : 0;
    const next = rowForKey(e.key, from, step, page, count);
    if (next === null) return;
    e.preventDefault();
    if (next === 'pick') {
      pick(from);
      return;
    }
    setActiveItem(rows[next] as number);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const rowId = (index: number) => `${gridId}-e${index}`;
  return (
    <div
      ref={scrollRef}
      className={className ? `lv-grid ${className}` : 'lv-grid'}
      role="grid"
      aria-label={label}
      aria-describedby={describedBy}
      aria-rowcount={rows.length + 1}
      aria-activedescendant={activeRow >= 0 ? rowId(activeItem) : undefined}
      aria-busy={busy ? true : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        // Coming in with the keyboard, a reader hears a row at once: the first one in sight.
        if (e.target !== e.currentTarget || activeRow >= 0 || rows.length === 0) return;
        setActiveItem(rows[virtualizer.range?.startIndex ?? 0] as number);
      }}
    >
      <div role="rowgroup" className="lv-head" style={{ height: HEAD_HEIGHT }}>
        <div role="row" aria-rowindex={1} className="lv-row">
          {header}
        </div>
      </div>
      <div role="rowgroup" className="lv-body" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const index = rows[item.index] as number;
          return (
            <Fragment key={index}>
              {renderRow(index, {
                id: rowId(index),
                row: item.index,
                top: item.start - HEAD_HEIGHT,
                current: index === focusItem,
                active: item.index === activeRow,
                onPick: pick,
              })}
            </Fragment>
          );
        })}
      </div>
    </div>
  );
}
