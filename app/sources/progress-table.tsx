import type { FileProgress } from '../../workers/api.ts';
import { formatBytes, formatCount } from '../lib/format.ts';

const STATE_TEXT: Record<FileProgress['state'], string> = {
  queued: 'Queued',
  reading: 'Reading',
  done: 'Done',
  error: 'Error',
};

export function ProgressTable({ files }: { files: FileProgress[] }) {
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
        {files.map((f) => (
          <tr key={f.path} data-path={f.path} data-state={f.state}>
            <th scope="row" className="path">
              {f.path}
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
            <td>{f.format ?? '—'}</td>
            <td className="num">{f.lines === undefined ? '—' : formatCount(f.lines)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
