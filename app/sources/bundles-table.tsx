// The archives of the drop (and dropped folders read by layout, a sosreport or must-gather tree): what
// each held, what was read of it and what was passed over (with a few examples, so a person can see
// the skipped files were not logs), and why reading stopped.
import type { IncidentBundle } from '../../workers/incident.ts';
import { formatBytes, formatCount, plural } from '../lib/format.ts';

const LAYOUT_TEXT: Record<IncidentBundle['layout'], string> = {
  sosreport: 'sosreport',
  'must-gather': 'must-gather',
  plain: 'plain (every file read)',
};

export function BundlesTable({ bundles }: { bundles: IncidentBundle[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table bundles-table">
        <caption className="visually-hidden">
          Archives and folders in the drop and what was read of each
        </caption>
        <thead>
          <tr>
            <th scope="col">Archive</th>
            <th scope="col">Kind</th>
            <th scope="col">Layout</th>
            <th scope="col">Entries</th>
            <th scope="col" className="num">
              Size / expanded
            </th>
            <th scope="col">Warnings and errors</th>
          </tr>
        </thead>
        <tbody>
          {bundles.map((b) => (
            <tr key={b.path} data-path={b.path} data-state={b.error ? 'error' : 'ok'}>
              <th scope="row" className="path">
                {b.path}
              </th>
              <td className="mono">{b.kind}</td>
              <td>{LAYOUT_TEXT[b.layout] ?? b.layout}</td>
              <td data-testid="bundle-entries">
                {plural(b.entries, 'entry', 'entries')}: {formatCount(b.analysed)} analysed,{' '}
                {formatCount(b.skipped)} skipped
                {b.skippedExamples.length > 0 ? (
                  <details className="skipped">
                    <summary>Skipped, for example</summary>
                    <ul className="mono small">
                      {b.skippedExamples.map((p) => (
                        <li key={p}>{p}</li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </td>
              <td className="num nowrap">
                {/* A folder is not unpacked: it has no size of its own. */}
                {b.kind === 'folder' ? '—' : `${formatBytes(b.bytes)} / ${formatBytes(b.expandedBytes)}`}
              </td>
              <td>
                {b.error ? (
                  <p className="row-error" data-testid="bundle-error">
                    Error: {b.error}
                  </p>
                ) : null}
                {b.warnings.length > 0 ? (
                  <ul className="warnings">
                    {[...new Set(b.warnings)].map((w) => (
                      <li key={w}>{w}</li>
                    ))}
                  </ul>
                ) : null}
                {!b.error && b.warnings.length === 0 ? <span className="muted">—</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
