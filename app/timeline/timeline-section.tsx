import { type KeyboardEvent, lazy, Suspense, useId, useMemo } from 'react';
import type { Episode, Incident } from '../../workers/incident.ts';
import { formatDuration, formatIn, type TimeZoneChoice } from '../../workers/report/time.ts';
import {
  type Annotation,
  axisZone,
  buildHostLanes,
  buildLanes,
  buildView,
  overviewBins,
  panBy,
  prepareTimeline,
  type TimelineView,
  zoomAround,
} from '../../workers/report/timeline-model.ts';
import { EpisodePicker } from '../episodes/episode-picker.tsx';
import { episodeLabels } from '../episodes/episode-view.ts';
import { formatCount, plural } from '../lib/format.ts';
import { useStore } from '../store.ts';
import { showLine } from './show-line.ts';
import { VolumeSection } from './volume-section.tsx';

// recharts is large; it loads as its own chunk only when a result is shown.
const TimelineChart = lazy(() => import('./timeline-chart.tsx'));
const TimelineOverview = lazy(() =>
  import('./timeline-chart.tsx').then((m) => ({ default: m.TimelineOverview })),
);

/** `2019-11-12 10:13:00 → 11:05:00`: the date once when both ends share it. */
function formatRange(range: readonly [number, number], display: TimeZoneChoice): string {
  const from = formatIn(range[0], display);
  const to = formatIn(range[1], display);
  return `${from} → ${to.slice(0, 10) === from.slice(0, 10) ? to.slice(11) : to}`;
}

function describeView(view: TimelineView, display: TimeZoneChoice): string {
  const lanes =
    view.mode === 'stage'
      ? 'one lane per stage, one colour and marker shape per host'
      : 'one lane per host, one colour and marker shape per stage';
  const zone = axisZone(display);
  const starts = view.annotations.map((a) => a.label).join(', ');
  return (
    `Timeline of ${plural(view.timed, 'event')} on ${plural(view.mode === 'host' ? view.lanes.length : view.series.length, 'host')}, ` +
    `from ${formatRange(view.full, display)} (${zone}); ${lanes}.` +
    (view.zoomed ? ` Zoomed to ${formatRange(view.domain, display)}.` : '') +
    (view.bins > 0 ? ' Dense stretches are drawn as count bins.' : '') +
    (starts ? ` Stage starts: ${starts}.` : '')
  );
}

function LaneToggle() {
  const laneMode = useStore((s) => s.laneMode);
  const setLaneMode = useStore((s) => s.setLaneMode);
  return (
    <fieldset className="segmented">
      <legend className="control-label">Lanes</legend>
      <button type="button" aria-pressed={laneMode === 'stage'} onClick={() => setLaneMode('stage')}>
        By stage
      </button>
      <button type="button" aria-pressed={laneMode === 'host'} onClick={() => setLaneMode('host')}>
        By host
      </button>
    </fieldset>
  );
}

/** Zoom steps for the buttons and the + / - / 0 keys: around the middle of the view. */
function zoomBy(view: TimelineView, factor: number) {
  const middle = (view.domain[0] + view.domain[1]) / 2;
  useStore.getState().setZoom(zoomAround(view.domain, view.full, middle, factor));
}

function ZoomControls({ view }: { view: TimelineView }) {
  const setZoom = useStore((s) => s.setZoom);
  const atStart = view.domain[0] <= view.full[0];
  const atEnd = view.domain[1] >= view.full[1];
  return (
    <fieldset className="segmented">
      <legend className="control-label">Zoom</legend>
      <button type="button" aria-keyshortcuts="+" onClick={() => zoomBy(view, 0.5)}>
        Zoom in
      </button>
      <button type="button" aria-keyshortcuts="-" disabled={!view.zoomed} onClick={() => zoomBy(view, 2)}>
        Zoom out
      </button>
      <button
        type="button"
        disabled={!view.zoomed || atStart}
        onClick={() => setZoom(panBy(view.domain, view.full, -0.5))}
      >
        ← Earlier
      </button>
      <button
        type="button"
        disabled={!view.zoomed || atEnd}
        onClick={() => setZoom(panBy(view.domain, view.full, 0.5))}
      >
        Later →
      </button>
      <button type="button" aria-keyshortcuts="0" disabled={!view.zoomed} onClick={() => setZoom(null)}>
        Reset zoom
      </button>
    </fieldset>
  );
}

/** The root cause in one sentence: the episode shown, or each episode's when all are shown. */
function Caption({
  id,
  episodes,
  chosen,
}: {
  id: string;
  episodes: readonly Episode[];
  chosen: string | null;
}) {
  const episode = episodes.find((e) => e.id === chosen) ?? (episodes.length === 1 ? episodes[0] : undefined);
  if (episode) {
    return (
      <p id={id} className="timeline-caption" data-testid="timeline-caption">
        <strong>Root cause:</strong> {episode.summary}
      </p>
    );
  }
  if (episodes.length === 0) return null;
  const labels = episodeLabels(episodes);
  return (
    <div id={id} className="timeline-caption" data-testid="timeline-caption">
      <p>
        <strong>{episodes.length} episodes</strong>, all shown; pick one to narrow the timeline to it.
      </p>
      <ul>
        {episodes.map((e) => (
          <li key={e.id}>
            <strong>{labels[e.id]}:</strong> {e.summary}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The stage starts as buttons: what the callouts say, reachable from the keyboard. */
function StageStarts({ annotations }: { annotations: Annotation[] }) {
  if (annotations.length === 0) return null;
  return (
    <div className="stage-starts">
      <span className="control-label" id="stage-starts-title">
        Stage starts
      </span>
      <ol aria-labelledby="stage-starts-title" data-testid="stage-starts">
        {annotations.map((a) => (
          <li key={a.stage} data-stage={a.stage} data-x={a.x}>
            <button
              type="button"
              className="small-button"
              title={`${a.host} · ${a.source}:${a.line}: show the line in the log view`}
              aria-label={`${a.label} on ${a.host}: show ${a.source}:${a.line} in the log view`}
              onClick={() => showLine(a)}
            >
              {a.label}
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

function LaneList({ incident, mode }: { incident: Incident; mode: 'stage' | 'host' }) {
  const lanes = useMemo(() => buildLanes(incident), [incident]);
  const hostLanes = useMemo(() => buildHostLanes(incident), [incident]);
  return (
    <ul className="visually-hidden" data-testid="timeline-lanes">
      {mode === 'stage'
        ? lanes.map((lane) => (
            <li key={lane.id} data-stage={lane.id} data-count={lane.count}>
              {lane.title}: {plural(lane.count, 'event')}
              {lane.count > 0 ? ` on ${plural(lane.hosts, 'host')}` : ''}
            </li>
          ))
        : hostLanes.map((lane) => (
            <li key={lane.host} data-host={lane.host} data-count={lane.count}>
              {lane.host}: {plural(lane.count, 'event')} in {plural(lane.stages, 'stage')}
            </li>
          ))}
    </ul>
  );
}

function ChartNote({ view }: { view: TimelineView }) {
  const parts: string[] = [];
  if (view.bins > 0) {
    parts.push(
      `${formatCount(view.visible)} events in view, drawn as ${plural(view.markers, 'marker')} and ` +
        `${plural(view.bins, 'count bin')} of ${formatDuration(view.binWidth)}: hover a bin for its count.`,
    );
  }
  parts.push(
    'Click a marker or bin to show its (first) line in the log view; hollow markers are recoveries.',
  );
  if (view.untimed > 0) {
    parts.push(
      `${plural(view.untimed, 'event')} without a known time ${view.untimed === 1 ? 'is' : 'are'} not drawn.`,
    );
  }
  return <p className="muted small chart-note">{parts.join(' ')}</p>;
}

export function TimelineSection({ incident }: { incident: Incident }) {
  const laneMode = useStore((s) => s.laneMode);
  const zoom = useStore((s) => s.zoom);
  const display = useStore((s) => s.timeDisplay);
  const focus = useStore((s) => s.focus);
  const episode = useStore((s) => s.episode);
  const captionId = useId();

  // Parsed once per incident (or episode); the view is rebuilt per lane mode, zoom and display.
  const prepared = useMemo(() => prepareTimeline(incident), [incident]);
  const view = useMemo(
    () => (prepared ? buildView(prepared, { mode: laneMode, zoom, display }) : null),
    [prepared, laneMode, zoom, display],
  );
  const overview = useMemo(() => (prepared ? overviewBins(prepared) : []), [prepared]);
  const episodes = incident.episodes ?? [];
  const labels = useMemo(() => episodeLabels(incident.episodes), [incident.episodes]);

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (!view || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target instanceof HTMLElement && e.target.closest('input, select, textarea')) return;
    if (e.key === '+' || e.key === '=') zoomBy(view, 0.5);
    else if (e.key === '-' || e.key === '_') zoomBy(view, 2);
    else if (e.key === '0') useStore.getState().setZoom(null);
    else return;
    e.preventDefault();
  };

  return (
    <>
      {/* The log volume above the timeline: its bars zoom the timeline (a panel of its own). */}
      <VolumeSection incident={incident} timeline={view} />
      {/* The keys act on whichever control of the timeline has the focus; each is also a button. */}
      <section
        className="panel timeline"
        aria-label="Incident timeline"
        data-focus={focus ? `${focus.source}:${focus.line}` : undefined}
        onKeyDown={onKeyDown}
      >
        <div className="panel-head">
          <h2>Timeline</h2>
          {episodes.length > 1 ? <EpisodePicker episodes={episodes} labels={labels} label="Episode" /> : null}
        </div>
        <Caption id={captionId} episodes={episodes} chosen={episode} />
        {view ? (
          <div className="timeline-controls">
            <LaneToggle />
            <ZoomControls view={view} />
            <p className="timeline-range small" data-testid="timeline-range" aria-live="polite">
              {view.zoomed ? 'Zoomed to ' : episode === null ? 'Whole incident: ' : 'Whole episode: '}
              {formatRange(view.domain, display)} ({axisZone(display)}),{' '}
              {formatDuration(view.domain[1] - view.domain[0])}
            </p>
          </div>
        ) : null}
        <LaneList incident={incident} mode={laneMode} />
        <div
          className="chart-region"
          role="img"
          aria-label={
            view ? describeView(view, display) : 'No event has a known time, so the timeline is empty.'
          }
          aria-describedby={episodes.length > 0 ? captionId : undefined}
          data-view-start={view ? Math.round(view.domain[0]) : undefined}
          data-view-end={view ? Math.round(view.domain[1]) : undefined}
          data-bin-width={view?.binWidth}
        >
          {view ? (
            <Suspense fallback={<p className="chart-loading">Loading the timeline…</p>}>
              <TimelineChart view={view} display={display} />
            </Suspense>
          ) : (
            <p className="chart-loading">No event has a known time, so the timeline is empty.</p>
          )}
        </div>
        {view ? (
          <Suspense fallback={null}>
            <TimelineOverview view={view} bins={overview} display={display} />
          </Suspense>
        ) : null}
        {view ? <StageStarts annotations={view.annotations} /> : null}
        {view ? <ChartNote view={view} /> : null}
      </section>
    </>
  );
}
