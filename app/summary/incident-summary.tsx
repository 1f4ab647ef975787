import { useMemo } from 'react';
import type { Incident } from '../../workers/incident.ts';
import { plural } from '../lib/format.ts';
import { formatDuration, formatUtc } from '../lib/time.ts';
import { useStore } from '../store.ts';
import { summarize } from './summary-facts.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function IncidentSummary({ incident }: { incident: Incident }) {
  const returnToLanding = useStore((s) => s.returnToLanding);
  const facts = useMemo(() => summarize(incident), [incident]);
  const files = incident.sources.length;
  const empty = facts.events === 0;

  return (
    <header className="page-header summary" data-testid="incident-summary">
      <div className="summary-main">
        <h1>
          {empty
            ? 'No cascade events found'
            : `Eviction cascade on ${plural(facts.hostsAffected.length, 'host')}`}
        </h1>
        {empty ? (
          <p className="empty-result" data-testid="empty-result">
            No cascade events found in {plural(files, 'file')} — check that the bundle holds kernel logs of
            the CephFS clients
          </p>
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
              <dt>Time span</dt>
              <dd data-testid="time-span">
                {facts.span ? (
                  <>
                    <time dateTime={iso(facts.span.first)}>{formatUtc(iso(facts.span.first))}</time> →{' '}
                    <time dateTime={iso(facts.span.last)}>{formatUtc(iso(facts.span.last))}</time>{' '}
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
          <strong>Times in UTC</strong>
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
