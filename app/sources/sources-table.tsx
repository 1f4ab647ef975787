import type { IncidentSource, SourceClock } from '../../workers/incident.ts';
import { formatCount, formatSignedSeconds } from '../lib/format.ts';
import { FormatSelect } from './format-select.tsx';

function ClockCell({ clock }: { clock: SourceClock }) {
  const fit = [
    clock.anchors === undefined ? null : `${clock.anchors} anchor${clock.anchors === 1 ? '' : 's'}`,
    clock.spreadSeconds === undefined ? null : `spread ${clock.spreadSeconds} s`,
  ].filter(Boolean);
  return (
    <>
      <span>{clock.method || clock.kind}</span>
      <span className="muted small">
        {' '}
        offset {formatSignedSeconds(clock.offsetSeconds)}
        {clock.aligned ? '' : ', not aligned'}
        {fit.length > 0 ? `, ${fit.join(', ')}` : ''}
      </span>
    </>
  );
}

function ZoneCell({ clock }: { clock: SourceClock }) {
  return (
    <>
      {clock.zone ?? '—'}
      {clock.zoneAssumed ? <span className="assumed"> (assumed)</span> : null}
      {clock.year === undefined ? null : (
        <span className="muted small">
          {' '}
          year {clock.year}
          {clock.yearSource ? ` (${clock.yearSource})` : ''}
        </span>
      )}
    </>
  );
}

export function SourcesTable({ sources }: { sources: IncidentSource[] }) {
  return (
    <table className="data-table sources-table">
      <caption className="visually-hidden">Files in the bundle and how each was read</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Format</th>
          <th scope="col">Host</th>
          <th scope="col" className="num">
            Lines read / parsed / unparsed
          </th>
          <th scope="col" className="num">
            Events
          </th>
          <th scope="col">Clock</th>
          <th scope="col">Zone</th>
          <th scope="col">Warnings and errors</th>
        </tr>
      </thead>
      <tbody>
        {sources.map((s) => (
          <tr key={s.path} data-path={s.path} data-state={s.error ? 'error' : 'ok'}>
            <th scope="row" className="path">
              {s.path}
            </th>
            <td>
              <FormatSelect source={s} />
            </td>
            <td>{s.host ?? '—'}</td>
            <td className="num nowrap" data-testid="lines">
              {formatCount(s.lines)} / {formatCount(s.parsed)} /{' '}
              <span className={s.unparsed > 0 ? 'unparsed' : undefined}>{formatCount(s.unparsed)}</span>
            </td>
            <td className="num">{formatCount(s.events)}</td>
            <td>
              <ClockCell clock={s.clock} />
            </td>
            <td>
              <ZoneCell clock={s.clock} />
            </td>
            <td>
              {s.error ? (
                <p className="row-error" data-testid="source-error">
                  Error: {s.error}
                </p>
              ) : null}
              {s.warnings.length > 0 ? (
                <ul className="warnings">
                  {[...new Set(s.warnings)].map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              ) : null}
              {!s.error && s.warnings.length === 0 ? <span className="muted">—</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
