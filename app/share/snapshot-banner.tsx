// The banner over a shared snapshot: what it is (read-only, made when, redacted or not, how much of
// the incident it carries) and the way back to analysing files.
import { formatIn, zoneLabel } from '../../workers/report/time.ts';
import { formatCount } from '../lib/format.ts';
import { useStore } from '../store.ts';

export function SnapshotBanner() {
  const snapshot = useStore((s) => s.snapshot);
  const display = useStore((s) => s.timeDisplay);
  const returnToLanding = useStore((s) => s.returnToLanding);
  if (!snapshot) return null;
  const created = Date.parse(snapshot.created);
  return (
    <section className="snapshot-banner" aria-label="Shared snapshot" data-testid="snapshot-banner">
      <p>
        <strong>Shared snapshot, read-only.</strong> Made{' '}
        {Number.isFinite(created)
          ? `${formatIn(created, display)} (${zoneLabel(display)})`
          : 'at an unknown time'}{' '}
        from someone else’s analysis; no log file comes with it, only the lines shown.{' '}
        {snapshot.redacted
          ? 'Identifiers were replaced by pseudonyms before it was shared.'
          : 'It was shared without redaction.'}{' '}
        {snapshot.omittedEvents > 0
          ? `It carries ${formatCount(snapshot.totalEvents - snapshot.omittedEvents)} of ${formatCount(snapshot.totalEvents)} events (the rest were left out to keep the link short).`
          : ''}
      </p>
      <button type="button" className="small-button" onClick={returnToLanding}>
        Analyse your own files
      </button>
    </section>
  );
}
