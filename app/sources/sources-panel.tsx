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
  const clocksSet = useStore(
    (s) => Object.keys(s.timeZones).length > 0 || Object.keys(s.hostSkews).length > 0,
  );
  const resetClocks = useStore((s) => s.resetClocks);

  return (
    <section className="panel sources-panel" aria-labelledby="sources-title">
      <div className="panel-head">
        <h2 id="sources-title">Sources</h2>
        {!analysing && (overridden || clocksSet) ? (
          <div className="panel-actions">
            {overridden ? (
              <button type="button" onClick={() => void resetFormats()}>
                Reset formats
              </button>
            ) : null}
            {clocksSet ? (
              <button type="button" onClick={() => void resetClocks()}>
                Reset clocks
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {analysing || !sources ? <ProgressTable files={progress} /> : <SourcesTable sources={sources} />}
    </section>
  );
}
