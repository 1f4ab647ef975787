import { useStore } from '../store.ts';
import { ProgressTable } from './progress-table.tsx';
import { SourcesTable } from './sources-table.tsx';

/** Per-file progress while the worker reads, then how each file of the bundle was read. */
export function SourcesPanel() {
  const progress = useStore((s) => s.progress);
  const sources = useStore((s) => s.incident?.sources);
  const analysing = useStore((s) => s.phase === 'analysing');

  return (
    <section className="panel sources-panel" aria-labelledby="sources-title">
      <h2 id="sources-title">Sources</h2>
      {analysing || !sources ? <ProgressTable files={progress} /> : <SourcesTable sources={sources} />}
    </section>
  );
}
