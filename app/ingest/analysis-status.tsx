import { useShallow } from 'zustand/react/shallow';
import { formatBytes, plural } from '../lib/format.ts';
import { useStore } from '../store.ts';
import { StagesSoFar } from './stages-so-far.tsx';

/** Heading and Cancel button shown while the worker reads the bundle. */
export function AnalysisStatus() {
  const label = useStore((s) => s.bundleLabel);
  const waiting = useStore((s) => s.progress.length === 0);
  const cancelAnalysis = useStore((s) => s.cancelAnalysis);
  // Entries of an archive are counted with their archive's bytes, so only top-level rows add up.
  const [done, files, bytesDone, bytesTotal] = useStore(
    useShallow((s) => {
      const top = s.progress.filter((p) => !p.container || p.container === p.path);
      return [
        top.filter((p) => p.state === 'done' || p.state === 'error').length,
        top.length,
        top.reduce((n, p) => n + (p.state === 'done' ? p.bytesTotal : p.bytesDone), 0),
        top.reduce((n, p) => n + p.bytesTotal, 0),
      ];
    }),
  );

  return (
    <header className="page-header analysing-header">
      <div>
        <h1>Analysing {label}</h1>
        <p className="muted" aria-live="polite">
          {waiting ? 'Loading the files…' : 'Reading and correlating in a background worker…'}
        </p>
        {files > 0 ? (
          <p className="small overall-progress" data-testid="overall-progress">
            {done} of {plural(files, 'file')} read · {formatBytes(bytesDone)} of {formatBytes(bytesTotal)}
          </p>
        ) : null}
        <StagesSoFar />
      </div>
      <button type="button" onClick={cancelAnalysis}>
        Cancel
      </button>
    </header>
  );
}
