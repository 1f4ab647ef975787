import { useMemo } from 'react';
import { CLUSTER_HOST } from '../../workers/incident.ts';
import { useStore } from '../store.ts';
import { BundlesTable } from './bundles-table.tsx';
import { ProgressTable } from './progress-table.tsx';
import { SourcesTable } from './sources-table.tsx';

const NO_BUNDLES: never[] = [];

/**
 * Per-file progress while the worker reads, then the archives of the drop and how each file of the
 * bundle was read.
 */
export function SourcesPanel() {
  const progress = useStore((s) => s.progress);
  const sources = useStore((s) => s.incident?.sources);
  const bundles = useStore((s) => s.incident?.bundles ?? NO_BUNDLES);
  const hosts = useStore((s) => s.incident?.hosts);
  const fileHostsSet = useStore((s) => Object.keys(s.fileHosts).length > 0);
  const resetFileHosts = useStore((s) => s.resetFileHosts);
  const analysing = useStore((s) => s.phase === 'analysing');
  const overridden = useStore((s) => Object.keys(s.formatOverrides).length > 0);
  const resetFormats = useStore((s) => s.resetFormats);
  const clocksSet = useStore(
    (s) => Object.keys(s.timeZones).length > 0 || Object.keys(s.hostSkews).length > 0,
  );
  const resetClocks = useStore((s) => s.resetClocks);
  // Every host a file can be given: those of the analysis and those the files were read as.
  const hostNames = useMemo(() => {
    const names = new Set<string>(hosts?.map((h) => h.name));
    for (const source of sources ?? [])
      if (source.host && source.host !== CLUSTER_HOST) names.add(source.host);
    return [...names].sort((a, b) => a.localeCompare(b));
  }, [hosts, sources]);
  const skewHosts = useMemo(() => new Set(hosts?.map((h) => h.name)), [hosts]);

  return (
    <section className="panel sources-panel" aria-labelledby="sources-title">
      <div className="panel-head">
        <h2 id="sources-title">Sources</h2>
        {!analysing && (overridden || clocksSet || fileHostsSet) ? (
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
            {fileHostsSet ? (
              <button type="button" onClick={() => void resetFileHosts()}>
                Reset file hosts
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {analysing || !sources ? (
        <ProgressTable files={progress} />
      ) : (
        <>
          {bundles.length > 0 ? (
            <section aria-labelledby="bundles-title" className="bundles">
              <h3 id="bundles-title">
                {bundles.every((b) => b.kind !== 'folder') ? 'Archives' : 'Archives and folders'}
              </h3>
              <BundlesTable bundles={bundles} />
            </section>
          ) : null}
          {bundles.length > 0 ? <h3 className="files-title">Files</h3> : null}
          <SourcesTable sources={sources} bundles={bundles} hostNames={hostNames} skewHosts={skewHosts} />
        </>
      )}
    </section>
  );
}
