// The rows of the log view's "All lines" mode: every line of a time window, events or not, in the
// shared virtualised grid. Lines that are events carry their stage as a chip coloured by severity.
// biome-ignore-all lint/a11y/useSemanticElements: rows positioned one by one cannot be table elements
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid is focused, its active row named by aria-activedescendant
import { memo } from 'react';
import { STAGE_BY_ID, type StageId } from '../../parsers/stages.ts';
import type { TimeZoneChoice } from '../lib/time.ts';
import { useStore } from '../store.ts';
import { type Matcher, SEVERITY_TEXT } from './filter.ts';
import { lineRefText } from './focus.ts';
import {
  GridRow,
  type GridRowPlace,
  LineCells,
  LineHeaders,
  TextCell,
  VirtualGrid,
} from './virtual-grid.tsx';
import type { WindowLine } from './window-types.ts';

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

export function WindowGrid({
  lines,
  rows,
  matcher,
  focusLine,
  anchorRow,
  busy,
  describedBy,
}: {
  lines: readonly WindowLine[];
  /** Indices of the lines shown, in order. */
  rows: Int32Array;
  matcher: Matcher | null;
  /** The line that is the focused one, or -1. */
  focusLine: number;
  /** The row at the window's centre moment. */
  anchorRow: number;
  busy: boolean;
  describedBy: string;
}) {
  const display = useStore((s) => s.timeDisplay);
  return (
    <VirtualGrid
      items={lines}
      rows={rows}
      focusItem={focusLine}
      anchorRow={anchorRow}
      label="All lines in the window"
      describedBy={describedBy}
      className="lv-window"
      busy={busy}
      header={
        <>
          <LineHeaders display={display} />
          <span role="columnheader" title="The stage of a line that is an event">
            Event
          </span>
          <span role="columnheader">Text</span>
        </>
      }
      renderRow={(index, place) => (
        <WindowRow {...place} line={lines[index] as WindowLine} display={display} matcher={matcher} />
      )}
    />
  );
}
