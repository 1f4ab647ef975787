import { useStore } from '../store.ts';

/** Heading and Cancel button shown while the worker reads the bundle. */
export function AnalysisStatus() {
  const label = useStore((s) => s.bundleLabel);
  const waiting = useStore((s) => s.progress.length === 0);
  const cancelAnalysis = useStore((s) => s.cancelAnalysis);

  return (
    <header className="page-header analysing-header">
      <div>
        <h1>Analysing {label}</h1>
        <p className="muted" aria-live="polite">
          {waiting ? 'Loading the files…' : 'Reading and correlating in a background worker…'}
        </p>
      </div>
      <button type="button" onClick={cancelAnalysis}>
        Cancel
      </button>
    </header>
  );
}
