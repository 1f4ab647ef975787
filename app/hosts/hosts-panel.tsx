// What the bundle says about each host: its name (which the user may change, merging two hosts), its
// kernel and CephFS client ids, how far its clock was moved to line up with the others, and whether
// its stage lines follow the cascade order.
import { useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { STAGE_BY_ID } from '../../parsers/stages.ts';
import type { HostCascade, IncidentHost } from '../../workers/incident.ts';
import { formatIn, type TimeZoneChoice, toEpochMs } from '../../workers/report/time.ts';
import { formatSignedSeconds } from '../lib/format.ts';
import { ZoneHeading } from '../lib/zone-heading.tsx';
import { useStore } from '../store.ts';
import { HostNameInput } from './host-name-input.tsx';
import { HostSkewInput } from './host-skew-input.tsx';

/** The first and last stage line of the host (epoch ms), or null when none has a known time. */
export function stageSpanOf(host: IncidentHost): { first: number; last: number } | null {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const span of Object.values(host.stages)) {
    const a = toEpochMs(span?.first ?? null);
    const b = toEpochMs(span?.last ?? null);
    if (a !== null && a < first) first = a;
    if (b !== null && b > last) last = b;
  }
  return Number.isFinite(first) && Number.isFinite(last) ? { first, last } : null;
}

function SpanCell({ host, display }: { host: IncidentHost; display: TimeZoneChoice }) {
  const span = stageSpanOf(host);
  if (!span) return <span className="muted">—</span>;
  return (
    <span className="nowrap" data-testid="host-span">
      {formatIn(span.first, display)}
      <br />
      {formatIn(span.last, display)}
    </span>
  );
}

function CascadeCell({ cascade }: { cascade: HostCascade }) {
  return (
    <>
      <span className={cascade.fits ? 'fits' : 'does-not-fit'} data-testid="cascade-fit">
        {cascade.fits ? 'Follows the cascade order' : 'Does not follow the cascade order'}
      </span>
      {cascade.order.length > 0 ? (
        <p className="small cascade-order">{cascade.order.map((id) => STAGE_BY_ID[id].title).join(' → ')}</p>
      ) : null}
      {cascade.reason ? <p className="muted small">{cascade.reason}</p> : null}
    </>
  );
}

/**
 * The names the analysis gave the hosts shown under this name: `found as a` (a rename), `merged with
 * b` (another host renamed to the name of this one), `merged from a, b`.
 */
function FoundAs({ host }: { host: string }) {
  const found = useStore(
    useShallow((s) => Object.keys(s.hostRenames).filter((name) => s.hostRenames[name] === host)),
  );
  const foundItself = useStore((s) => s.foundHosts.includes(host));
  if (found.length === 0) return null;
  const how = foundItself ? 'merged with' : found.length === 1 ? 'found as' : 'merged from';
  return (
    <p className="muted small" data-testid="found-as">
      {how} {found.join(', ')}
    </p>
  );
}

function HostRow({
  host,
  withCascade,
  others,
  listId,
  display,
}: {
  host: IncidentHost;
  withCascade: boolean;
  others: string[];
  listId: string;
  display: TimeZoneChoice;
}) {
  return (
    <tr data-host={host.name}>
      <th scope="row">
        <span data-testid="host-name">{host.name}</span>
        <FoundAs host={host.name} />
        <HostNameInput host={host.name} others={others} listId={listId} />
      </th>
      <td className="mono">{host.kernel ?? '—'}</td>
      <td className="mono">{host.clientIds.length > 0 ? host.clientIds.join(', ') : '—'}</td>
      <td>
        <SpanCell host={host} display={display} />
      </td>
      <td>
        {host.skewSeconds === undefined ? null : (
          <p className="skew-value">
            <span data-testid="skew">{formatSignedSeconds(host.skewSeconds)}</span>
            {host.skewMethod ? (
              <span className="muted small" data-testid="skew-method">
                {' '}
                ({host.skewMethod})
              </span>
            ) : null}
          </p>
        )}
        <HostSkewInput host={host.name} />
      </td>
      {withCascade ? <td>{host.cascade ? <CascadeCell cascade={host.cascade} /> : null}</td> : null}
    </tr>
  );
}

export function HostsPanel({ hosts }: { hosts: IncidentHost[] }) {
  const withCascade = hosts.some((h) => h.cascade);
  const renamed = useStore((s) => Object.keys(s.hostRenames).length > 0);
  const resetHostNames = useStore((s) => s.resetHostNames);
  const display = useStore((s) => s.timeDisplay);
  const listId = useId();
  const names = hosts.map((h) => h.name);
  return (
    <section className="panel hosts-panel" aria-labelledby="hosts-title">
      <div className="panel-head">
        <h2 id="hosts-title">Hosts</h2>
        {renamed ? (
          <div className="panel-actions">
            <button type="button" onClick={() => void resetHostNames()}>
              Reset host names
            </button>
          </div>
        ) : null}
      </div>
      <p className="muted small">
        A new name replaces the one the analysis found; the name of another host merges the two into one (a
        node seen under a short and a long name). A skew is added to every time of the host. Type one to
        override the estimate; empty a field to go back to what the analysis found.
      </p>
      <datalist id={listId}>
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="table-scroll">
        <table className="data-table hosts-table">
          <caption className="visually-hidden">Hosts in the bundle, their clocks and cascade order</caption>
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Kernel</th>
              <th scope="col">CephFS client ids</th>
              <th scope="col">
                <ZoneHeading text="First / last stage line" display={display} />
              </th>
              <th scope="col">Clock skew</th>
              {withCascade ? <th scope="col">Cascade order</th> : null}
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => (
              <HostRow
                key={h.name}
                host={h}
                withCascade={withCascade}
                others={names.filter((n) => n !== h.name)}
                listId={listId}
                display={display}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
