// What the bundle says about each host: its kernel and CephFS client ids, how far its clock was
// moved to line up with the others, and whether its stage lines follow the cascade order.
import { STAGE_BY_ID } from '../../parsers/stages.ts';
import type { HostCascade, IncidentHost } from '../../workers/incident.ts';
import { formatSignedSeconds } from '../lib/format.ts';
import { HostSkewInput } from './host-skew-input.tsx';

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

function HostRow({ host, withCascade }: { host: IncidentHost; withCascade: boolean }) {
  return (
    <tr data-host={host.name}>
      <th scope="row">{host.name}</th>
      <td className="mono">{host.kernel ?? '—'}</td>
      <td className="mono">{host.clientIds.length > 0 ? host.clientIds.join(', ') : '—'}</td>
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
  return (
    <section className="panel hosts-panel" aria-labelledby="hosts-title">
      <h2 id="hosts-title">Hosts</h2>
      <p className="muted small">
        A skew is added to every time of the host. Type one to override the estimate; empty the field to go
        back to it.
      </p>
      <div className="table-scroll">
        <table className="data-table hosts-table">
          <caption className="visually-hidden">Hosts in the bundle, their clocks and cascade order</caption>
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">Kernel</th>
              <th scope="col">CephFS client ids</th>
              <th scope="col">Clock skew</th>
              {withCascade ? <th scope="col">Cascade order</th> : null}
            </tr>
          </thead>
          <tbody>
            {hosts.map((h) => (
              <HostRow key={h.name} host={h} withCascade={withCascade} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
