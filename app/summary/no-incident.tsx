// The result of files that were read but hold no stage of the cascade: what was read, and what to
// try next. The usual causes are the wrong files (a node that never had the mount, logs from another
// day) and files read as the wrong format.
import { useMemo } from 'react';
import type { Incident } from '../../workers/incident.ts';
import { plural } from '../lib/format.ts';
import { useStore } from '../store.ts';
import { summarize } from './summary-facts.ts';

export function NoIncident({ incident }: { incident: Incident }) {
  const analyzeSample = useStore((s) => s.analyzeSample);
  const facts = useMemo(() => summarize(incident), [incident]);
  const readable = incident.sources.length - facts.failedSources;

  return (
    <section className="panel no-incident" aria-labelledby="no-incident-title" data-testid="no-incident">
      <h2 id="no-incident-title">What to try</h2>
      {readable > 0 ? (
        <p data-testid="formats-read">
          Read as:{' '}
          {facts.formats.map(({ format, files }, i) => (
            <span key={format}>
              {i > 0 ? ', ' : ''}
              <code>{format}</code> ({plural(files, 'file')})
            </span>
          ))}
          .
        </p>
      ) : null}
      <ul className="try-list">
        <li>
          Drop the kernel log (<code>dmesg</code>, or <code>journalctl -k</code>) and the journal or{' '}
          <code>/var/log/messages</code> of the nodes that had the CephFS mount, covering the time the pods
          failed, or those nodes' sosreports. The eviction shows on the client node, not on the node you ran{' '}
          <code>kubectl</code> from.
        </li>
        <li>
          Add the kubelet log of those nodes (<code>journalctl -u kubelet</code> or{' '}
          <code>/var/log/kubelet.log</code>) for the pods that failed on the volume.
        </li>
        {facts.withUnparsed > 0 || facts.failedSources > 0 ? (
          <li data-testid="check-formats">
            {facts.failedSources > 0 ? `${plural(facts.failedSources, 'file')} could not be read` : ''}
            {facts.failedSources > 0 && facts.withUnparsed > 0 ? ' and ' : ''}
            {facts.withUnparsed > 0
              ? `${plural(facts.withUnparsed, 'file')} ${facts.withUnparsed === 1 ? 'has' : 'have'} lines their format did not understand`
              : ''}
            : check the format of each in the <a href="#sources-title">Sources panel</a> and choose the right
            one where the guess was wrong.
          </li>
        ) : (
          <li>
            Check in the <a href="#sources-title">Sources panel</a> that each file was read as the format it
            is, and that its first and last lines cover the incident.
          </li>
        )}
        <li>
          Logs that rotated since the incident hold it in their older files (<code>messages-20231110.gz</code>
          , <code>kubelet.log.1.gz</code>): drop those too, compressed as they are.
        </li>
      </ul>
      <p className="muted">
        To see what Cascade shows for a real eviction,{' '}
        <button type="button" className="link-button" onClick={() => void analyzeSample()}>
          try the sample incident
        </button>
        .
      </p>
    </section>
  );
}
