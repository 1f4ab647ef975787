// The rows of the log view: a grid virtualised with @tanstack/react-virtual, so that only the rows in
// sight (and a few either side) are in the DOM however many events the incident holds. Rows have one
// fixed height; a long line is cut at the edge and given whole in its title and in the context panel.
// The grid takes the keyboard as one widget and names its active row with aria-activedescendant, as
// the ARIA grid pattern allows; its rows are positioned absolutely, which table elements do not bear.
// biome-ignore-all lint/a11y/useSemanticElements: rows positioned one by one cannot be table elements
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid is focused, its active row named by aria-activedescendant
import { defaultRangeExtractor, type Range, useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, memo, useCallback, useEffect, useId, useRef, useState } from 'react';
import { STAGE_BY_ID } from '../../parsers/stages.ts';
import type { IncidentEvent, Severity } from '../../workers/incident.ts';
import { formatIn, type TimeZoneChoice, zoneLabel } from '../lib/time.ts';
import { type LineRef, useStore } from '../store.ts';
import { type Matcher, splitMatches } from './filter.ts';
import { lineRefText, rowOfEvent } from './focus.ts';

/** Pixel heights the virtualiser counts with; the CSS takes them from here (inline styles). */
const ROW_HEIGHT = 24;
const HEAD_HEIGHT = 30;
const OVERSCAN = 12;

const SEVERITY_TEXT: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const refOf = (e: IncidentEvent): LineRef => ({ source: e.source, line: e.line });

function Highlighted({ text, matcher }: { text: string; matcher: Matcher | null }) {
  const parts = splitMatches(text, matcher);
  if (parts.length === 1 && !parts[0]?.match) return <>{text}</>;
  return (
    <>{parts.map((p) => (p.match ? <mark key={p.at}>{p.text}</mark> : <span key={p.at}>{p.text}</span>))}</>
  );
}

interface RowProps {
  id: string;
  event: IncidentEvent;
  row: number;
  top: number;
  display: TimeZoneChoice;
  matcher: Matcher | null;
  current: boolean;
  active: boolean;
  onPick(row: number): void;
}

/** One event as text only: React escapes every field, nothing is ever parsed as markup. */
const LogRow = memo(function LogRow({
  id,
  event,
  row,
  top,
  display,
  matcher,
  current,
  active,
  onPick,
}: RowProps) {
  const stage = STAGE_BY_ID[event.stage]?.title ?? event.stage;
  const stageText = event.recovery ? `${stage} (recovery)` : stage;
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: the grid handles the keys of its active row
    <div
      role="row"
      id={id}
      aria-rowindex={row + 2}
      aria-current={current ? 'true' : undefined}
      aria-selected={active}
      data-line-ref={lineRefText(event)}
      className={`lv-row${current ? ' lv-current' : ''}${active ? ' lv-active' : ''}`}
      style={{ top, height: ROW_HEIGHT }}
      onClick={() => onPick(row)}
    >
      <span role="gridcell" className="lv-time">
        {formatIn(event.ts, display, true)}
      </span>
      <span role="gridcell" className="lv-host" title={event.host}>
        {event.host}
      </span>
      <span role="gridcell" className="lv-source" title={event.source}>
        {baseName(event.source)}
      </span>
      <span role="gridcell" className="lv-line">
        {event.line}
      </span>
      <span role="gridcell" className="lv-stamp" title={event.stamp}>
        {event.stamp}
      </span>
      <span role="gridcell" className="lv-stage" title={stageText}>
        {stageText}
      </span>
      <span role="gridcell" className="lv-severity">
        <span className={`lv-badge badge-${event.severity}`}>{SEVERITY_TEXT[event.severity]}</span>
      </span>
      <span role="gridcell" className="lv-text" title={event.text}>
        <Highlighted text={event.text} matcher={matcher} />
      </span>
    </div>
  );
});

export function LogGrid({
  events,
  rows,
  matcher,
  focusEvent,
  describedBy,
}: {
  events: readonly IncidentEvent[];
  /** Indices of the events shown, in order. */
  rows: Int32Array;
  matcher: Matcher | null;
  /** The event that is the focused line, or -1. */
  focusEvent: number;
  /** The id of the text saying how many lines are shown. */
  describedBy: string;
}) {
  const display = useStore((s) => s.timeDisplay);
  const focus = useStore((s) => s.focus);
  const focusLine = useStore((s) => s.focusLine);
  const gridId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The row the keyboard is on, kept as an event so it survives a change of the filter; other
  // events (another episode, another run) start without one.
  const [active, setActive] = useState({ events, index: -1 });
  const activeEvent = active.events === events ? active.index : -1;
  const setActiveEvent = useCallback((index: number) => setActive({ events, index }), [events]);
  const activeRow = activeEvent < 0 ? -1 : rowOfEvent(rows, activeEvent);
  const focusRow = focusEvent < 0 ? -1 : rowOfEvent(rows, focusEvent);

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
    setActiveEvent(rows[focusRow] as number);
    const align = picked.current === focus ? 'auto' : 'center';
    const frame = requestAnimationFrame(() => virtualizer.scrollToIndex(focusRow, { align }));
    return () => cancelAnimationFrame(frame);
  }, [focus, focusRow, rows, virtualizer, setActiveEvent]);

  const pick = useCallback(
    (row: number) => {
      const index = rows[row];
      if (index === undefined) return;
      setActiveEvent(index);
      const ref = refOf(events[index] as IncidentEvent);
      picked.current = ref;
      focusLine(ref);
    },
    [rows, events, focusLine, setActiveEvent],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const count = rows.length;
    if (count === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_HEIGHT) - 2);
    // Without an active row the keys start from the first row in sight.
    const from = activeRow >= 0 ? activeRow : (virtualizer.range?.startIndex ?? 0);
    const step = activeRow >= 0 ? 1 : 0;
    let next: number;
    switch (e.key) {
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
        e.preventDefault();
        pick(from);
        return;
      default:
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(count - 1, next));
    setActiveEvent(rows[next] as number);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const rowId = (index: number) => `${gridId}-e${index}`;
  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      className="lv-grid"
      role="grid"
      aria-label="Log lines"
      aria-describedby={describedBy}
      aria-rowcount={rows.length + 1}
      aria-activedescendant={activeRow >= 0 ? rowId(activeEvent) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={(e) => {
        // Coming in with the keyboard, a reader hears a row at once: the first one in sight.
        if (e.target !== e.currentTarget || activeRow >= 0 || rows.length === 0) return;
        setActiveEvent(rows[virtualizer.range?.startIndex ?? 0] as number);
      }}
    >
      <div role="rowgroup" className="lv-head" style={{ height: HEAD_HEIGHT }}>
        <div role="row" aria-rowindex={1} className="lv-row">
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
          <span role="columnheader">Stage</span>
          <span role="columnheader">Severity</span>
          <span role="columnheader">Text</span>
        </div>
      </div>
      <div role="rowgroup" className="lv-body" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const index = rows[item.index] as number;
          return (
            <LogRow
              key={index}
              id={rowId(index)}
              event={events[index] as IncidentEvent}
              row={item.index}
              top={item.start - HEAD_HEIGHT}
              display={display}
              matcher={matcher}
              current={index === focusEvent}
              active={item.index === activeRow}
              onPick={pick}
            />
          );
        })}
      </div>
    </div>
  );
}
