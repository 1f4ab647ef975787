// While a large bundle is read, the stages of the cascade light up as their first lines are found
// (in any file, any worker), so the answer starts to show long before the analysis ends. Counts
// are raw lines: the same kernel message in dmesg and the journal counts twice until the
// correlation merges the copies.
import { useShallow } from 'zustand/react/shallow';
import { STAGE_BY_ID, STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import { formatCount } from '../lib/format.ts';
import { useStore } from '../store.ts';

export function StagesSoFar() {
  const counts = useStore(
    useShallow((s) => STAGE_IDS.map((id) => s.progress.reduce((n, p) => n + (p.stages?.[id] ?? 0), 0))),
  );
  if (counts.every((n) => n === 0)) return null;
  return (
    <section className="stages-so-far" aria-labelledby="stages-so-far-title">
      <h2 id="stages-so-far-title" className="control-label">
        Stages found so far
      </h2>
      <ol data-testid="stages-so-far">
        {STAGE_IDS.map((id: StageId, i) => {
          const n = counts[i] ?? 0;
          return (
            <li key={id} data-stage={id} data-count={n} className={n > 0 ? 'found' : undefined}>
              <span className="stage-dot" aria-hidden="true" />
              {STAGE_BY_ID[id].title}
              <span className="muted small">{n > 0 ? ` · ${formatCount(n)} lines` : ' · not yet'}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
