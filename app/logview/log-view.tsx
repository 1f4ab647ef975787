// The evidence, in two modes. "Events": every event line of every source, merged in time order
// (untimed lines last), with filters, a search, and the focused line's context read from its file.
// Filtering runs on a deferred copy of the filter, so typing stays responsive while a million rows
// are narrowed. "All lines": every line of every source (events or not) within a time window around
// a moment, read from the files on demand (`LogWindow`). The context panel serves both.
import { useDeferredValue, useId, useMemo, useState } from 'react';
import type { Incident, IncidentEvent } from '../../workers/incident.ts';
import { useStore } from '../store.ts';
import { describeMatches, filterChoices, filterEvents, inTimeOrder, isFiltering } from './filter.ts';
import { findEventIndex, rowOfEvent } from './focus.ts';
import { FocusNotice } from './focus-notice.tsx';
import { LogContext } from './log-context.tsx';
import { LogFilters } from './log-filters.tsx';
import { LogGrid } from './log-grid.tsx';
import { LogWindow } from './log-window.tsx';

/** The section's id: other features scroll to it (an evidence link, a stage card). */
const LOG_VIEW_ID = 'log-view';

type Mode = 'events' | 'window';

const MODES: { mode: Mode; label: string; title: string }[] = [
  { mode: 'events', label: 'Events', title: 'The lines the rule catalog classified' },
  {
    mode: 'window',
    label: 'All lines',
    title: 'Every line of every source around a moment, read from the files',
  },
];

function ModeSwitch({ mode, onChange }: { mode: Mode; onChange(mode: Mode): void }) {
  return (
    <fieldset className="lv-modes">
      <legend className="visually-hidden">Lines shown</legend>
      {MODES.map((m) => (
        <button
          key={m.mode}
          type="button"
          className="small-button"
          aria-pressed={mode === m.mode}
          title={m.title}
          onClick={() => onChange(m.mode)}
        >
          {m.label}
        </button>
      ))}
    </fieldset>
  );
}

function EventLines({
  events,
  all,
}: {
  events: readonly IncidentEvent[];
  all: readonly IncidentEvent[] | undefined;
}) {
  const focus = useStore((s) => s.focus);
  const logFilter = useStore((s) => s.logFilter);
  const filter = useDeferredValue(logFilter);
  const statusId = useId();

  const choices = useMemo(() => filterChoices(events), [events]);
  const filtered = useMemo(() => filterEvents(events, filter), [events, filter]);
  const focusEvent = useMemo(() => (focus ? findEventIndex(events, focus) : -1), [events, focus]);
  const hidden = useMemo(() => {
    if (!focus) return null;
    if (focusEvent < 0)
      return all && all !== events && findEventIndex(all, focus) >= 0 ? 'episode' : 'not-event';
    return rowOfEvent(filtered.rows, focusEvent) >= 0 ? null : 'filter';
  }, [focus, focusEvent, all, events, filtered]);

  const query = filtered.query;
  const matcher = query.kind === 'match' ? query.matcher : null;
  const status = describeMatches(filtered.rows.length, filtered.total, isFiltering(filter, query));

  return (
    <>
      <LogFilters
        choices={choices}
        status={status}
        statusId={statusId}
        error={query.kind === 'error' ? query.message : null}
      />
      {hidden ? <FocusNotice hidden={hidden} /> : null}
      <LogGrid
        events={events}
        rows={filtered.rows}
        matcher={matcher}
        focusEvent={focusEvent}
        describedBy={statusId}
      />
      {filtered.rows.length === 0 ? (
        <p className="muted lv-empty">
          {events.length === 0 ? 'No event lines.' : 'No line matches the filters.'}
        </p>
      ) : null}
    </>
  );
}

export function LogView({ incident }: { incident: Incident }) {
  const all = useStore((s) => s.incident?.events);
  const [chosen, setMode] = useState<Mode>('events');
  // A shared snapshot has no files behind it: only its event lines can be shown.
  const snapshot = useStore((s) => s.snapshot !== null);
  const mode = snapshot ? 'events' : chosen;
  const events = useMemo(() => inTimeOrder(incident.events), [incident.events]);

  return (
    <section id={LOG_VIEW_ID} className="panel log-view" aria-label="Log view">
      <h2>Log view</h2>
      {snapshot ? null : <ModeSwitch mode={mode} onChange={setMode} />}
      {mode === 'events' ? (
        <EventLines events={events} all={all} />
      ) : (
        <LogWindow events={events} anchors={all ?? events} />
      )}
      <LogContext anchors={all ?? events} />
    </section>
  );
}
