import { useId } from 'react';
import type { Finding, Severity } from '../../workers/incident.ts';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
const SEVERITY_TEXT: Record<Severity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

function FindingItem({ finding }: { finding: Finding }) {
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
        <p className="finding-detail">{finding.detail}</p>
        {finding.evidence.length > 0 ? (
          <>
            <h4>Evidence</h4>
            <ul className="evidence" data-testid="evidence">
              {finding.evidence.map((ev) => (
                <li key={`${ev.source}:${ev.line}`} className="mono">
                  <span className="cite">
                    {ev.source}:{ev.line}
                  </span>{' '}
                  — {ev.text}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {finding.remediation.length > 0 ? (
          <>
            <h4>What to do</h4>
            {finding.remediation.map((command) => (
              <pre key={command} className="remediation" data-testid="remediation">
                <code>{command}</code>
              </pre>
            ))}
          </>
        ) : null}
      </article>
    </li>
  );
}

export function FindingsList({ findings }: { findings: Finding[] }) {
  const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return (
    <section className="panel" aria-labelledby="findings-title">
      <h2 id="findings-title">Findings</h2>
      {sorted.length === 0 ? (
        <p className="muted">No findings.</p>
      ) : (
        <ol className="findings">
          {sorted.map((f) => (
            <FindingItem key={f.id} finding={f} />
          ))}
        </ol>
      )}
    </section>
  );
}
