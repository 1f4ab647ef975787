import { useStore } from '../store.ts';
import { ProgressTable } from './progress-table.tsx';
import { SourcesTable } from './sources-table.tsx';

/** Per-file progress while the worker reads, then how each file of the bundle was read. */
export function SourcesPanel() {
  const progress = useStore((s) => s.progress);
  const sources = useStore((s) => s.incident?.sources);
  const analysing = useStore((s) => s.phase === 'analysing');
  const overridden = useStore((s) => Object.keys(s.formatOverrides).length > 0);
  const resetFormats = useStore((s) => s.resetFormats);

  return (
    <section className="panel sources-panel" aria-labelledby="sources-title">
      <div className="panel-head">
        <h2 id="sources-title">Sources</h2>
        {overridden && !analysing ? (
          <button type="button" onClick={() => void resetFormats()}>
            Reset formats
          </button>
        ) : null}
      </div>
      {analysing || !sources ? <ProgressTable files={progress} /> : <SourcesTable sources={sources} />}
    </section>
  );
}
