// The evidence: every event line of every source, merged in time order (untimed lines last), with
// filters, a search, and the focused line's context read from its file. Filtering runs on a deferred
// copy of the filter, so typing stays responsive while a million rows are narrowed.
import { useDeferredValue, useId, useMemo } from 'react';
import type { Incident } from '../../workers/incident.ts';
import { useStore } from '../store.ts';
import { describeMatches, filterChoices, filterEvents, inTimeOrder, isFiltering } from './filter.ts';
import { findEventIndex, lineRefText, rowOfEvent } from './focus.ts';
import { LogContext } from './log-context.tsx';
import { LogFilters } from './log-filters.tsx';
import { LogGrid } from './log-grid.tsx';

/** The section's id: other features scroll to it (an evidence link, a stage card). */
const LOG_VIEW_ID = 'log-view';

/** Why the focused line is not among the rows, and what would bring it back. */
function FocusNotice({ hidden }: { hidden: 'filter' | 'episode' | 'not-event' }) {
  const focus = useStore((s) => s.focus);
  const resetLogFilter = useStore((s) => s.resetLogFilter);
  const selectEpisode = useStore((s) => s.selectEpisode);
  if (!focus) return null;
  const name = lineRefText(focus);
  return (
    <p className="lv-notice" role="status" data-testid="log-focus-notice">
      {hidden === 'filter' ? (
        <>
          The filters hide <span className="mono">{name}</span>.{' '}
          <button type="button" className="small-button" onClick={resetLogFilter}>
            Clear filters
          </button>
        </>
      ) : hidden === 'episode' ? (
        <>
          <span className="mono">{name}</span> belongs to another episode.{' '}
          <button type="button" className="small-button" onClick={() => selectEpisode(null)}>
            Show all episodes
          </button>
        </>
      ) : (
        <>
          <span className="mono">{name}</span> is not one of the event lines; its context is shown below.
        </>
      )}
    </p>
  );
}

export function LogView({ incident }: { incident: Incident }) {
  const all = useStore((s) => s.incident?.events);
  const focus = useStore((s) => s.focus);
  const logFilter = useStore((s) => s.logFilter);
  const filter = useDeferredValue(logFilter);
  const statusId = useId();

  const events = useMemo(() => inTimeOrder(incident.events), [incident.events]);
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
    <section id={LOG_VIEW_ID} className="panel log-view" aria-label="Log view">
      <h2>Log view</h2>
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
      <LogContext anchors={all ?? events} />
    </section>
  );
}
