import { useId, useMemo } from 'react';
import type { BootClock, IncidentBundle, IncidentSource, SourceClock } from '../../workers/incident.ts';
import { formatIn, type TimeZoneChoice, zoneLabel } from '../../workers/report/time.ts';
import { hostSkewInputId } from '../lib/dom-ids.ts';
import { formatCount, formatSeconds, formatSignedSeconds, plural } from '../lib/format.ts';
import { ZoneHeading } from '../lib/zone-heading.tsx';
import { useStore } from '../store.ts';
import { FileHostInput } from './file-host-input.tsx';
import { FormatSelect } from './format-select.tsx';
import { COMMON_ZONES } from './time-zone.ts';
import { TimeZoneInput } from './time-zone-input.tsx';

/** `112 anchors, spread 0.995 s`: how well a boot-relative clock was fitted. */
function fitText(fit: { anchors?: number | undefined; spreadSeconds?: number | undefined }): string {
  return [
    fit.anchors === undefined ? null : plural(fit.anchors, 'anchor'),
    fit.spreadSeconds === undefined ? null : `spread ${formatSeconds(fit.spreadSeconds)}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** For boot-relative clocks the offset is the wall-clock time of kernel time zero, in the zone shown. */
function offsetText(
  clock: { kind?: SourceClock['kind']; offsetSeconds: number; aligned: boolean },
  display: TimeZoneChoice,
): string {
  if (clock.kind === 'none') return '';
  if (clock.kind === 'monotonic' || clock.kind === undefined) {
    return clock.aligned
      ? `kernel time 0 at ${formatIn(clock.offsetSeconds * 1000, display, true)} ${zoneLabel(display)}`
      : '';
  }
  return `offset ${formatSignedSeconds(clock.offsetSeconds)}`;
}

function BootLine({ boot, index, display }: { boot: BootClock; index: number; display: TimeZoneChoice }) {
  const facts = [
    `lines ${formatCount(boot.firstLine)}–${formatCount(boot.lastLine)}`,
    boot.method,
    fitText(boot),
    offsetText(boot, display),
    boot.aligned ? '' : 'not aligned',
  ].filter(Boolean);
  return (
    <li data-testid="boot">
      Boot {index + 1}
      {boot.bootId ? <span className="mono"> {boot.bootId.slice(0, 12)}</span> : null}: {facts.join('; ')}
    </li>
  );
}

/** Moves focus to the host's skew field in the Hosts panel, which shifts every time of the host. */
function SkewLink({ host }: { host: string }) {
  const id = hostSkewInputId(host);
  return (
    <p className="small skew-link">
      <a
        href={`#${id}`}
        onClick={(event) => {
          const input = document.getElementById(id);
          if (!input) return;
          event.preventDefault();
          input.focus();
        }}
      >
        Adjust the clock of {host}
      </a>{' '}
      <span className="muted">in Hosts</span>
    </p>
  );
}

/** The first and last time the file's lines carry, in the zone shown (the column header names it). */
function SpanLines({ source, display }: { source: IncidentSource; display: TimeZoneChoice }) {
  if (source.first === null && source.last === null) return null;
  return (
    <dl className="small source-span" data-testid="source-span">
      <div>
        <dt>first</dt>
        <dd data-testid="source-first">{formatIn(source.first, display)}</dd>
      </div>
      <div>
        <dt>last</dt>
        <dd data-testid="source-last">{formatIn(source.last, display)}</dd>
      </div>
    </dl>
  );
}

function ClockCell({
  source,
  skewHost,
  display,
}: {
  source: IncidentSource;
  skewHost: string | null;
  display: TimeZoneChoice;
}) {
  const { clock } = source;
  const facts = [
    offsetText(clock, display),
    clock.kind === 'monotonic' ? fitText(clock) : '',
    clock.aligned || clock.kind === 'none' ? '' : 'not aligned',
  ].filter(Boolean);
  const boots = clock.boots ?? [];
  return (
    <>
      <span data-testid="clock-method">{clock.method || clock.kind}</span>
      {facts.length > 0 ? <p className="muted small clock-facts">{facts.join(', ')}</p> : null}
      <SpanLines source={source} display={display} />
      {boots.length > 1 ? (
        <ol className="boots small" aria-label={`${plural(boots.length, 'boot')} in this file`}>
          {boots.map((boot, i) => (
            <BootLine key={boot.bootId ?? boot.firstLine} boot={boot} index={i} display={display} />
          ))}
        </ol>
      ) : null}
      {skewHost && clock.kind !== 'none' ? <SkewLink host={skewHost} /> : null}
    </>
  );
}

function ZoneCell({ source, listId }: { source: IncidentSource; listId: string }) {
  const { clock } = source;
  return (
    <>
      <span data-testid="zone">
        {clock.zone ?? '—'}
        {clock.zoneAssumed ? <span className="assumed"> (assumed)</span> : null}
      </span>
      {clock.year === undefined ? null : (
        <p className="muted small" data-testid="year">
          year {clock.year}
          {clock.yearSource ? ` (${clock.yearSource})` : ''}
        </p>
      )}
      {clock.ambiguousYearLines ? (
        <p className="assumed small" data-testid="ambiguous-year">
          {plural(clock.ambiguousYearLines, 'line')} with an ambiguous year
        </p>
      ) : null}
      {/* Only naive wall-clock stamps are read in a zone; the others have nothing to re-read. */}
      {clock.kind === 'wall' ? <TimeZoneInput path={source.path} listId={listId} /> : null}
    </>
  );
}

function HostCell({ source, listId }: { source: IncidentSource; listId: string }) {
  return (
    <>
      <span data-testid="host">{source.host ?? '—'}</span>
      {source.hostEvidence ? (
        <p className="muted small host-evidence" data-testid="host-evidence">
          {source.hostEvidence}
        </p>
      ) : null}
      <FileHostInput path={source.path} listId={listId} />
    </>
  );
}

interface SourceGroup {
  /** The archive the files were read from; undefined for files dropped as they are. */
  container: string | undefined;
  sources: IncidentSource[];
}

/** Sources grouped by the archive they came from, groups in the order their first file appears. */
export function groupByContainer(sources: readonly IncidentSource[]): SourceGroup[] {
  const groups = new Map<string | undefined, SourceGroup>();
  for (const source of sources) {
    const group = groups.get(source.container) ?? { container: source.container, sources: [] };
    group.sources.push(source);
    groups.set(source.container, group);
  }
  return [...groups.values()];
}

const COLUMNS = 8;

export function SourcesTable({
  sources,
  bundles,
  hostNames,
  skewHosts,
}: {
  sources: IncidentSource[];
  bundles: IncidentBundle[];
  hostNames: string[];
  /** Hosts with a skew field in the Hosts panel. */
  skewHosts: ReadonlySet<string>;
}) {
  const display = useStore((s) => s.timeDisplay);
  const listId = useId();
  const hostListId = useId();
  const groups = useMemo(() => groupByContainer(sources), [sources]);
  const kinds = useMemo(() => new Map(bundles.map((b) => [b.path, b.kind])), [bundles]);
  return (
    <>
      <datalist id={listId}>
        {COMMON_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <datalist id={hostListId}>
        {hostNames.map((host) => (
          <option key={host} value={host} />
        ))}
      </datalist>
      <div className="table-scroll">
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
              <th scope="col">
                <ZoneHeading text="Clock, first / last line" display={display} />
              </th>
              <th scope="col">Zone</th>
              <th scope="col">Warnings and errors</th>
            </tr>
          </thead>
          {groups.map(({ container, sources: rows }) => (
            <tbody key={container ?? ''} data-container={container}>
              {container === undefined ? null : (
                <tr className="group-row">
                  <th scope="rowgroup" colSpan={COLUMNS}>
                    From <span className="mono">{container}</span>
                    {kinds.has(container) ? <span className="muted"> ({kinds.get(container)})</span> : null}
                    <span className="muted"> · {plural(rows.length, 'file')}</span>
                  </th>
                </tr>
              )}
              {rows.map((s) => (
                <tr key={s.path} data-path={s.path} data-state={s.error ? 'error' : 'ok'}>
                  <th scope="row" className="path">
                    {s.path}
                    {s.compression ? (
                      <p className="muted small" data-testid="compression">
                        read through {s.compression}
                      </p>
                    ) : null}
                  </th>
                  <td>
                    <FormatSelect source={s} />
                  </td>
                  <td className="host-cell">
                    <HostCell source={s} listId={hostListId} />
                  </td>
                  <td className="num nowrap" data-testid="lines">
                    {formatCount(s.lines)} / {formatCount(s.parsed)} /{' '}
                    <span className={s.unparsed > 0 ? 'unparsed' : undefined}>{formatCount(s.unparsed)}</span>
                  </td>
                  <td className="num">{formatCount(s.events)}</td>
                  <td className="clock-cell">
                    <ClockCell
                      source={s}
                      display={display}
                      skewHost={s.host && skewHosts.has(s.host) ? s.host : null}
                    />
                  </td>
                  <td className="zone-cell">
                    <ZoneCell source={s} listId={listId} />
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
          ))}
        </table>
      </div>
    </>
  );
}
