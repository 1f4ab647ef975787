import { useId } from 'react';
import type { Finding, Severity } from '../../workers/incident.ts';
import { CopyButton } from './copy-button.tsx';
import { showInLogView } from './show-in-log-view.ts';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const SEVERITY_TEXT: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

function FindingItem({ finding, episodeLabel }: { finding: Finding; episodeLabel: string | undefined }) {
  const titleId = useId();
  return (
    <li>
      <article
        className="finding"
        aria-labelledby={titleId}
        data-finding={finding.id}
        data-severity={finding.severity}
      >
        <h3 id={titleId}>
          <span className={`badge badge-${finding.severity}`} data-testid="severity">
            {SEVERITY_TEXT[finding.severity]}
          </span>{' '}
          {finding.title}
        </h3>
        {episodeLabel ? (
          <p className="muted small" data-testid="finding-episode">
            {episodeLabel}
          </p>
        ) : null}
        <p className="finding-detail">{finding.detail}</p>
        {finding.evidence.length > 0 ? (
          <>
            <h4>Evidence</h4>
            <ul className="evidence" data-testid="evidence">
              {finding.evidence.map((ev) => (
                <li key={`${ev.source}:${ev.line}`} className="mono">
                  {/* The cited line in the log view, with the lines around it read from the file. */}
                  <button
                    type="button"
                    className="evidence-link"
                    data-evidence-ref={`${ev.source}:${ev.line}`}
                    title="Show this line and its context in the log view"
                    onClick={() => showInLogView({ source: ev.source, line: ev.line })}
                  >
                    <span className="cite">
                      {ev.source}:{ev.line}
                    </span>{' '}
                    — {ev.text}
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {finding.remediation.length > 0 ? (
          <>
            <div className="remediation-head">
              <h4>What to do</h4>
              <CopyButton text={finding.remediation.join('\n')} label={`Copy what to do: ${finding.title}`} />
            </div>
            {/* One block, steps in the engine's order: drain before unmount before uncordon. */}
            <pre className="remediation" data-testid="remediation">
              <code>{finding.remediation.join('\n')}</code>
            </pre>
          </>
        ) : null}
      </article>
    </li>
  );
}

export function FindingsList({
  findings,
  episodeLabels = {},
}: {
  findings: Finding[];
  /** Names of the incident's episodes by id, for findings that belong to one. */
  episodeLabels?: Record<string, string>;
}) {
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return (
    <section className="panel" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings</h2>
      {sorted.length === 0 ? (
        <p className="muted">No findings.</p>
      ) : (
        <ol className="findings">
          {sorted.map((f) => (
            <FindingItem
              key={`${f.episode ?? ''}/${f.id}`}
              finding={f}
              episodeLabel={f.episode === undefined ? undefined : (episodeLabels[f.episode] ?? f.episode)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
