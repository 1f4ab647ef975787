import { useMemo } from 'react';
import type { FileProgress } from '../../workers/api.ts';
import { formatBytes, formatCount } from '../lib/format.ts';
import { archiveText, progressRows } from './progress-rows.ts';

const STATE_TEXT: Record<FileProgress['state'], string> = {
  queued: 'Queued',
  reading: 'Reading',
  done: 'Done',
  error: 'Error',
};

/** Rows appear as the worker reports them; the entries of an archive are indented under it. */
export function ProgressTable({ files }: { files: FileProgress[] }) {
  const rows = useMemo(() => progressRows(files), [files]);
  return (
    <table className="data-table progress-table">
      <caption className="visually-hidden">Progress of each file</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Progress</th>
          <th scope="col">Bytes</th>
          <th scope="col">State</th>
          <th scope="col">Format</th>
          <th scope="col" className="num">
            Lines
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ file: f, depth, name }) => (
          <tr
            key={f.path}
            data-path={f.path}
            data-state={f.state}
            data-container={f.container}
            className={depth > 0 ? 'entry-row' : undefined}
          >
            <th
              scope="row"
              className="path"
              style={depth > 0 ? { paddingLeft: `${0.6 + depth * 1.4}rem` } : undefined}
            >
              {/* The archive's path is read out (and found by text search) with the entry's own. */}
              {name === f.path ? null : (
                <span className="visually-hidden">{f.path.slice(0, -name.length)}</span>
              )}
              {depth > 0 ? (
                <span className="entry-mark" aria-hidden="true">
                  └{' '}
                </span>
              ) : null}
              {name}
              {f.archive ? (
                <p className="muted small archive-facts" data-testid="archive-facts">
                  {archiveText(f.archive)}
                </p>
              ) : null}
            </th>
            <td>
              <progress
                aria-label={`Progress of ${f.path}`}
                max={Math.max(f.bytesTotal, 1)}
                value={f.state === 'done' ? Math.max(f.bytesTotal, 1) : f.bytesDone}
              />
            </td>
            <td className="nowrap">
              {formatBytes(f.bytesDone)} / {formatBytes(f.bytesTotal)}
            </td>
            <td>
              <span className={`state state-${f.state}`}>{STATE_TEXT[f.state]}</span>
              {f.error ? <p className="row-error">{f.error}</p> : null}
            </td>
            <td>{f.format ?? f.archive?.kind ?? '—'}</td>
            <td className="num">{f.lines === undefined ? '—' : formatCount(f.lines)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
