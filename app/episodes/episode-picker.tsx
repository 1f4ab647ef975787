// The select that narrows the page to one episode (or all of them): in the episode list and above
// the timeline, both bound to the store's one `episode`.
import type { Episode } from '../../workers/incident.ts';
import { useStore } from '../store.ts';

export function EpisodePicker({
  episodes,
  labels,
  label,
}: {
  episodes: readonly Episode[];
  labels: Record<string, string>;
  /** The picker's visible (and accessible) name. */
  label: string;
}) {
  const selected = useStore((s) => s.episode);
  const selectEpisode = useStore((s) => s.selectEpisode);
  return (
    <label className="episode-picker">
      {label}{' '}
      <select value={selected ?? ''} onChange={(e) => selectEpisode(e.target.value || null)}>
        <option value="">All episodes</option>
        {episodes.map((e) => (
          <option key={e.id} value={e.id}>
            {labels[e.id] ?? e.id}
          </option>
        ))}
      </select>
    </label>
  );
}
