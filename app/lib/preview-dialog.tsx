// The modal both exports and share links open: exactly what is about to leave the page, the
// redaction switch, and (when redacting) every replacement made — which stays in this browser.
import { type ReactNode, useEffect, useRef } from 'react';
import type { Replacement } from '../../workers/report/redact.ts';
import { formatCount } from './format.ts';

export function PreviewDialog({
  title,
  onClose,
  redact,
  onRedactChange,
  replacements,
  children,
  actions,
}: {
  title: string;
  onClose(): void;
  redact: boolean;
  onRedactChange(redact: boolean): void;
  /** Null while the redaction is still being made. */
  replacements: readonly Replacement[] | null;
  children: ReactNode;
  actions: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="preview-dialog" aria-labelledby="preview-title" onClose={onClose}>
      <div className="preview-head">
        <h2 id="preview-title">{title}</h2>
        <button type="button" className="small-button" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
      <label className="preview-redact">
        <input type="checkbox" checked={redact} onChange={(e) => onRedactChange(e.target.checked)} /> Redact
        identifiers (IP addresses, host, pod and namespace names, pod UIDs, client ids, fsids, volume paths)
        with consistent pseudonyms
      </label>
      {children}
      {redact && replacements ? <ReplacementTable replacements={replacements} /> : null}
      <div className="preview-actions">{actions}</div>
    </dialog>
  );
}

function ReplacementTable({ replacements }: { replacements: readonly Replacement[] }) {
  if (replacements.length === 0) {
    return <p className="muted small">Nothing to redact was found.</p>;
  }
  return (
    <details className="preview-replacements" open>
      <summary>
        {formatCount(replacements.length)} identifiers replaced. This table stays in your browser: only the
        pseudonyms leave the page.
      </summary>
      {/* Scrolls on its own when long: focusable, so the keyboard can scroll it too. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (axe scrollable-region-focusable) */}
      <section className="table-scroll" tabIndex={0} aria-label="Replacements">
        <table className="data-table small" aria-label="Replacements made by the redaction">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Original</th>
              <th scope="col">Pseudonym</th>
              <th scope="col">Times</th>
            </tr>
          </thead>
          <tbody>
            {replacements.map((r) => (
              <tr key={`${r.kind}\u0000${r.original}`}>
                <td>{r.kind}</td>
                <td className="mono">{r.original}</td>
                <td className="mono">{r.pseudonym}</td>
                <td>{formatCount(r.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </details>
  );
}
