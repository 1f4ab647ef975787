import { useMemo } from 'react';
import type { Incident } from '../../workers/incident.ts';
import { formatDuration, formatIn, zoneLabel } from '../../workers/report/time.ts';
import { formatCount, plural } from '../lib/format.ts';
import { ZoneHeading } from '../lib/zone-heading.tsx';
import { useStore } from '../store.ts';
import { type SummaryFacts, summarize } from './summary-facts.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** `3 files (12,345 lines: 12,000 parsed, 345 unparsed)` */
export function readText(files: number, facts: SummaryFacts): string {
  return (
    `${plural(files, 'file')} (${plural(facts.lines, 'line')}: ${formatCount(facts.parsed)} parsed, ` +
    `${formatCount(facts.unparsed)} unparsed)`
  );
}

function EmptyText({ files, facts }: { files: number; facts: SummaryFacts }) {
  if (files > 0 && facts.failedSources === files) {
    return (
      <p className="empty-result" data-testid="empty-result">
        None of the {plural(files, 'file')} could be read, so there is nothing to put on a timeline. Below:
        why each failed, and what to try.
      </p>
    );
  }
  return (
    <p className="empty-result" data-testid="empty-result">
      Read {readText(files, facts)}
      {facts.failedSources > 0 ? `, of which ${facts.failedSources} could not be read,` : ''} but no line is a
      stage of the eviction cascade: no connection reset to the MDS, eviction or denied reconnect, stale caps,
      quota loop or kubelet failure on a CephFS volume.
    </p>
  );
}

export function IncidentSummary({ incident }: { incident: Incident }) {
  const returnToLanding = useStore((s) => s.returnToLanding);
  const display = useStore((s) => s.timeDisplay);
  const facts = useMemo(() => summarize(incident), [incident]);
  const files = incident.sources.length;
  const empty = facts.events === 0;
  const nothingRead = files > 0 && facts.failedSources === files;

  return (
    <header className="page-header summary" data-testid="incident-summary">
      <div className="summary-main">
        <h1>
          {empty
            ? nothingRead
              ? 'No file could be read'
              : 'No eviction cascade found'
            : `Eviction cascade on ${plural(facts.hostsAffected.length, 'host')}`}
        </h1>
        {empty ? (
          <EmptyText files={files} facts={facts} />
        ) : (
          <dl className="facts">
            <div>
              <dt>Hosts affected</dt>
              <dd data-testid="hosts-affected">
                <span className="fact-number">{facts.hostsAffected.length}</span>{' '}
                <span className="host-names">{facts.hostsAffected.join(', ')}</span>
              </dd>
            </div>
            <div>
              <dt>
                <ZoneHeading text="Time span" display={display} />
              </dt>
              <dd data-testid="time-span">
                {facts.span ? (
                  <>
                    <time dateTime={iso(facts.span.first)}>{formatIn(facts.span.first, display)}</time> →{' '}
                    <time dateTime={iso(facts.span.last)}>{formatIn(facts.span.last, display)}</time>{' '}
                    <span className="muted">({formatDuration(facts.span.last - facts.span.first)})</span>
                  </>
                ) : (
                  'No event has a known time'
                )}
              </dd>
            </div>
            <div>
              <dt>Events</dt>
              <dd>
                {plural(facts.events, 'event')} in {plural(facts.stagesSeen, 'stage')}, from{' '}
                {plural(files, 'file')}
                {facts.failedSources > 0 ? ` (${facts.failedSources} could not be read)` : ''}
              </dd>
            </div>
          </dl>
        )}
        <p className="zone-label" data-testid="time-zone">
          <strong>Times in {zoneLabel(display)}</strong>
          {facts.zoneAssumed.length > 0
            ? ` — the zone of ${plural(facts.zoneAssumed.length, 'file')} was assumed, see Sources`
            : null}
        </p>
      </div>
      <button type="button" onClick={returnToLanding}>
        Analyse other files
      </button>
    </header>
  );
}
