// The separate incidents the bundle holds, each in one sentence with how sure the engine is, and a
// picker that narrows the page to one of them.
import type { Episode } from '../../workers/incident.ts';
import { formatDuration, formatIn, zoneLabel } from '../../workers/report/time.ts';
import { useStore } from '../store.ts';
import { EpisodePicker } from './episode-picker.tsx';

const CONFIDENCE_TEXT: Record<Episode['confidence'], string> = {
  high: 'High confidence',
  medium: 'Medium confidence',
  low: 'Low confidence',
};
const CONFIDENCE_BADGE: Record<Episode['confidence'], string> = {
  high: 'badge-info',
  medium: 'badge-warning',
  low: 'badge-critical',
};

function EpisodeItem({ episode, label }: { episode: Episode; label: string }) {
  const display = useStore((s) => s.timeDisplay);
  const order = episode.hostOrder.map((h) => `${h.host} (${formatIn(h.first, display)})`).join(' → ');
  return (
    <li className="episode" data-episode={episode.id} data-confidence={episode.confidence}>
      <p className="episode-head">
        <strong>{label}</strong>{' '}
        <span className="muted small">
          {formatIn(episode.first, display)} → {formatIn(episode.last, display)} ({zoneLabel(display)})
        </span>{' '}
        <span className={`badge ${CONFIDENCE_BADGE[episode.confidence]}`} data-testid="confidence">
          {CONFIDENCE_TEXT[episode.confidence]}
        </span>
      </p>
      <p className="episode-summary" data-testid="episode-summary">
        {episode.summary}
      </p>
      {order ? (
        <p className="muted small">
          Hosts in the order their cascade began: {order}
          {episode.spreadSeconds === null
            ? ''
            : `; ${formatDuration(episode.spreadSeconds * 1000)} from the first reset to the last kubelet failure`}
        </p>
      ) : null}
    </li>
  );
}

export function EpisodeList({ episodes, labels }: { episodes: Episode[]; labels: Record<string, string> }) {
  return (
    <section className="panel episodes" aria-labelledby="episodes-title">
      <div className="panel-head">
        <h2 id="episodes-title">{episodes.length === 1 ? 'Episode' : 'Episodes'}</h2>
        {episodes.length > 1 ? (
          <EpisodePicker episodes={episodes} labels={labels} label="Episode shown" />
        ) : null}
      </div>
      <ol className="episode-list">
        {episodes.map((e) => (
          <EpisodeItem key={e.id} episode={e} label={labels[e.id] ?? e.id} />
        ))}
      </ol>
    </section>
  );
}
