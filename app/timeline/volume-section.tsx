// The log-volume histogram above the timeline, as Grafana Explore shows it above the lines: stamped
// lines of every source per bucket, stacked by host; a bar (or a row of its table) zooms the
// timeline to its time. A shared snapshot carries no volume (it is counted from the files): it says so.
import { lazy, Suspense, useMemo, useState } from 'react';
import type { Incident } from '../../workers/incident.ts';
import { formatDuration, type TimeZoneChoice } from '../../workers/report/time.ts';
import { axisZone, type TimelineView } from '../../workers/report/timeline-model.ts';
import { formatCount, plural } from '../lib/format.ts';
import { useStore } from '../store.ts';
import { barRange, buildVolumeView, describeVolume, type VolumeView, volumeNotes } from './volume-model.ts';

// recharts is large; the chart loads as its own chunk, like the timeline's.
const VolumeChart = lazy(() => import('./volume-chart.tsx'));

/** Every bar with lines as a table row, with a button that zooms the timeline to it (the keyboard's way in). */
function VolumeTable({ view, display }: { view: VolumeView; display: TimeZoneChoice }) {
  const setZoom = useStore((s) => s.setZoom);
  const [open, setOpen] = useState(false);
  const zone = axisZone(display);
  const rows = view.bars.filter((b) => b.total > 0);
  return (
    <details className="volume-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Log volume as a table ({plural(rows.length, 'bar')} with lines)</summary>
      {open ? (
        <table className="data-table">
          <caption className="visually-hidden">
            Stamped lines per {formatDuration(view.bucketMs)}, by host ({zone})
          </caption>
          <thead>
            <tr>
              <th scope="col">Time ({zone})</th>
              {view.hosts.map((h) => (
                <th key={h.key} scope="col" className="num">
                  {h.name}
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
              <th scope="col">
                <span className="visually-hidden">Zoom</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((bar) => (
              <tr key={bar.i} data-bucket={bar.i}>
                <th scope="row">{barRange(bar, display)}</th>
                {view.hosts.map((h) => (
                  <td key={h.key} className="num">
                    {formatCount(bar[h.key] ?? 0)}
                  </td>
                ))}
                <td className="num">{formatCount(bar.total)}</td>
                <td>
                  <button
                    type="button"
                    className="small-button"
                    aria-label={`Zoom the timeline to ${barRange(bar, display)}`}
                    onClick={() => setZoom([bar.t0, bar.t1])}
                  >
                    Zoom
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}

export function VolumeSection({ incident, timeline }: { incident: Incident; timeline: TimelineView | null }) {
  const display = useStore((s) => s.timeDisplay);
  const snapshot = useStore((s) => s.snapshot !== null);
  const range = timeline?.full ?? null;
  // The bars of the range the timeline shows unzoomed (an episode's, or the whole incident's).
  const view = useMemo(() => buildVolumeView(incident, range), [incident, range]);
  if (!view) {
    if (!snapshot) return null;
    return (
      <section className="panel volume" aria-label="Log volume">
        <h2>Log volume</h2>
        <p className="muted" data-testid="volume-note">
          A shared snapshot does not carry the log volume: it is counted from the files, which stay with
          whoever shared it.
        </p>
      </section>
    );
  }
  const zone = axisZone(display);
  const notes = volumeNotes(view);
  return (
    <section className="panel volume" aria-label="Log volume">
      <h2>Log volume</h2>
      <p className="muted small volume-intro">
        Stamped lines of every source per {formatDuration(view.bucketMs)}, stacked by host ({zone}). Click a
        bar to zoom the timeline below to its time.
      </p>
      {timeline && view.shown > 0 ? (
        <div
          className="volume-region"
          role="img"
          aria-label={describeVolume(view, display, zone)}
          data-bucket-ms={view.bucketMs}
          data-bars={view.bars.length}
          data-lines={view.shown}
        >
          <Suspense fallback={<p className="chart-loading">Loading the log volume…</p>}>
            <VolumeChart view={view} timeline={timeline} display={display} />
          </Suspense>
        </div>
      ) : (
        <p className="muted">No stamped line falls in the range the timeline shows.</p>
      )}
      {view.hosts.length > 0 ? (
        <ul className="volume-legend" aria-label="Hosts in the log volume">
          {view.hosts.map((h) => (
            <li key={h.key} data-host={h.name}>
              <span className="volume-swatch" style={{ background: h.color }} aria-hidden="true" />
              {h.name}: {plural(h.lines, 'line')} from {plural(h.sources, 'source')}
            </li>
          ))}
        </ul>
      ) : null}
      {notes.map((note) => (
        <p key={note} className="muted small volume-note">
          {note}
        </p>
      ))}
      {view.shown > 0 ? <VolumeTable view={view} display={display} /> : null}
    </section>
  );
}
