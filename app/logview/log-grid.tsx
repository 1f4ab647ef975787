// The rows of the log view's event list: one row per event, in the shared virtualised grid.
// biome-ignore-all lint/a11y/useSemanticElements: rows positioned one by one cannot be table elements
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid is focused, its active row named by aria-activedescendant
import { memo } from 'react';
import { STAGE_BY_ID } from '../../parsers/stages.ts';
import type { IncidentEvent } from '../../workers/incident.ts';
import type { TimeZoneChoice } from '../../workers/report/time.ts';
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

interface RowProps extends GridRowPlace {
  event: IncidentEvent;
  display: TimeZoneChoice;
  matcher: Matcher | null;
}

/** One event as text only: React escapes every field, nothing is ever parsed as markup. */
const LogRow = memo(function LogRow({ event, display, matcher, ...place }: RowProps) {
  const stage = STAGE_BY_ID[event.stage]?.title ?? event.stage;
  const stageText = event.recovery ? `${stage} (recovery)` : stage;
  return (
    <GridRow place={place} lineRef={lineRefText(event)}>
      <LineCells {...event} display={display} />
      <span role="gridcell" className="lv-stage" title={stageText}>
        {stageText}
      </span>
      <span role="gridcell" className="lv-severity">
        <span className={`lv-badge badge-${event.severity}`}>{SEVERITY_TEXT[event.severity]}</span>
      </span>
      <TextCell text={event.text} matcher={matcher} />
    </GridRow>
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
  return (
    <VirtualGrid
      items={events}
      rows={rows}
      focusItem={focusEvent}
      label="Log lines"
      describedBy={describedBy}
      header={
        <>
          <LineHeaders display={display} />
          <span role="columnheader">Stage</span>
          <span role="columnheader">Severity</span>
          <span role="columnheader">Text</span>
        </>
      }
      renderRow={(index, place) => (
        <LogRow {...place} event={events[index] as IncidentEvent} display={display} matcher={matcher} />
      )}
    />
  );
}
