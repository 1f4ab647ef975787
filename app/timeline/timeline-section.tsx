import { lazy, Suspense, useMemo } from 'react';
import type { Incident } from '../../workers/incident.ts';
import { formatCount, plural } from '../lib/format.ts';
import { formatUtc } from '../lib/time.ts';
import { buildLanes, buildTimeline } from './timeline-data.ts';

// recharts is large; it loads as its own chunk only when a result is shown.
const TimelineChart = lazy(() => import('./timeline-chart.tsx'));

export function TimelineSection({ incident }: { incident: Incident }) {
  const lanes = useMemo(() => buildLanes(incident), [incident]);
  const model = useMemo(() => buildTimeline(incident), [incident]);
  const hosts = model?.series.length ?? 0;
  const description = model
    ? `Timeline of ${plural(model.timed, 'event')} on ${plural(hosts, 'host')} across the seven cascade ` +
      `stages, from ${formatUtc(new Date(model.domain[0]).toISOString())} to ` +
      `${formatUtc(new Date(model.domain[1]).toISOString())} UTC; one lane per stage, one marker shape per host.`
    : 'No event has a known time, so the timeline is empty.';

  return (
    <section className="panel timeline" aria-label="Incident timeline">
      <h2>Timeline</h2>
      <ul className="visually-hidden" data-testid="timeline-lanes">
        {lanes.map((lane) => (
          <li key={lane.id} data-stage={lane.id} data-count={lane.count}>
            {lane.title}: {plural(lane.count, 'event')}
            {lane.count > 0 ? ` on ${plural(lane.hosts, 'host')}` : ''}
          </li>
        ))}
      </ul>
      <div className="chart-region" role="img" aria-label={description}>
        {model ? (
          <Suspense fallback={<p className="chart-loading">Loading the timeline…</p>}>
            <TimelineChart model={model} />
          </Suspense>
        ) : (
          <p className="chart-loading">{description}</p>
        )}
      </div>
      {model && (model.untimed > 0 || model.plotted < model.timed) ? (
        <p className="muted small chart-note">
          {model.plotted < model.timed
            ? `${formatCount(model.timed)} events drawn as ${formatCount(model.plotted)} markers: events of one host and stage close in time share a marker. `
            : ''}
          {model.untimed > 0
            ? `${plural(model.untimed, 'event')} without a known time ${model.untimed === 1 ? 'is' : 'are'} not drawn.`
            : ''}
        </p>
      ) : null}
    </section>
  );
}
