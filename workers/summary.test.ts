import { describe, expect, it } from 'vitest';
import { configDump, hostLog, type Line, mdsLog } from '../test/support/scans.ts';
import { correlate } from './correlate.ts';
import type { SourceScan } from './scan.ts';
import { summarise } from './summary.ts';

/** Entries of one file: a host's syslog (kernel unless an ident is given), or the MDS log (no host). */
function log(path: string, host: string | undefined, lines: Line[]): SourceScan {
  return host ? hostLog(host, lines, path) : mdsLog(lines, path);
}

function dump(value: string): SourceScan {
  return configDump([
    ['mds', 'mds_session_blocklist_on_timeout', value],
    ['mds', 'mds_session_blocklist_on_evict', value],
  ]);
}

const UID = '36f8da4d-0233-11ea-9a3f-fa163e2b7c41';

function client(host: string, id: number, t = 0, kubelet = true): SourceScan {
  const lines: Line[] = [
    [t, `libceph: client${id} fsid bf9495f9-726d-42d3-ac43-53938496bb29`],
    [t + 10, 'libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon'],
    [t + 321, 'ceph: mds0 closed our session'],
    [t + 321.1, 'ceph: mds0 reconnect denied'],
    [t + 340, 'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm'],
  ];
  if (kubelet) {
    lines.push([
      t + 400,
      `pod "${UID}" found, but error stat /var/lib/kubelet/pods/${UID}/volumes/kubernetes.io~cephfs/x: permission denied occurred during checking mounted volumes from disk`,
      'kubelet',
    ]);
  }
  return log(`${host}/messages`, host, lines);
}

function mds(ids: number[], t = 0): SourceScan {
  return log(
    'ceph/ceph-mds.a.log',
    undefined,
    ids.flatMap((id): Line[] => [
      [
        t + 320,
        `log_channel(cluster) log [WRN] : evicting unresponsive client n (${id}), after 310.1 seconds`,
      ],
      [t + 320, `mds.0.12 Evicting (and blocklisting) client session ${id} (v1:10.99.10.7:0/${id})`],
    ]),
  );
}

const workers = () => [
  client('k8s-worker-1', 101),
  client('k8s-worker-2', 102, 5),
  client('k8s-worker-3', 103, 9),
];

function summaries(scans: SourceScan[]) {
  return summarise(correlate(scans), scans);
}

describe('summarise', () => {
  it('the whole chain, every side shown: high confidence', () => {
    expect(summaries([...workers(), mds([101, 102, 103]), dump('true')])).toEqual([
      {
        summary:
          'Network blip → MDS evicted and blocklisted the kernel clients of k8s-worker-1..3 → reconnect denied → ' +
          'pre-5.3 quota loop → pods failing on the dead mounts.',
        confidence: 'high',
      },
    ]);
  });

  it('no MDS log: the eviction is inferred from the clients', () => {
    const [s] = summaries([...workers(), dump('true')]);
    expect(s?.summary).toContain("(eviction inferred from the clients' `reconnect denied`: no MDS log)");
    expect(s?.confidence).toBe('high');
  });

  it('no config dump and nothing in the lines: blocklisting assumed from the default', () => {
    const [s] = summaries(workers());
    expect(s?.summary).toContain('blocklisting assumed from the default');
    expect(s?.confidence).toBe('medium');
  });

  it('the MDS line says "(and blocklisting)": nothing to assume without a config dump', () => {
    const [s] = summaries([...workers(), mds([101, 102, 103])]);
    expect(s?.summary).not.toContain('assumed');
    expect(s?.confidence).toBe('high');
  });

  it('blocklisting off in the config dump is said, not hidden', () => {
    const [s] = summaries([client('node-a', 101), dump('false')]);
    expect(s?.summary).toMatch(/^Network blip → MDS evicted the kernel client of node-a/);
    expect(s?.summary).toContain('blocklisting is off in the config dump');
  });

  it('no kubelet log: pod impact not shown', () => {
    const [s] = summaries([client('node-a', 101, 0, false), dump('true')]);
    expect(s?.summary).toContain('pod impact not shown');
    expect(s?.summary).not.toContain('pods failing');
  });

  it('only the kubelet: low confidence, the cause not shown', () => {
    const scan = log('node-a/messages', 'node-a', [
      [
        0,
        `pod "${UID}" found, but error stat /var/lib/kubelet/pods/${UID}/volumes/kubernetes.io~cephfs/x: permission denied occurred during checking mounted volumes from disk`,
        'kubelet',
      ],
    ]);
    expect(summaries([scan])).toEqual([
      {
        summary:
          'Pods on node-a fail on their CephFS volumes with "permission denied", the mark of an evicted kernel client ' +
          '(the kernel and MDS lines that would show the cause are not in the bundle).',
        confidence: 'low',
      },
    ]);
  });

  it('recovered faults', () => {
    const scan = log('node-a/messages', 'node-a', [
      [0, 'libceph: mon0 (1)10.0.0.1:6789 session lost, hunting for new mon'],
      [3, 'libceph: mon1 (1)10.0.0.2:6789 session established'],
    ]);
    expect(summaries([scan])).toEqual([
      {
        summary: 'Network faults on node-a (mon session lost) → the client recovered: no eviction.',
        confidence: 'high',
      },
    ]);
  });

  it('one summary per episode, in order', () => {
    const got = summaries([
      client('node-a', 101, 0, false),
      client('node-b', 102, 5 * 86400, false),
      dump('true'),
    ]);
    expect(got.map((s) => /kernel client of (\S+)/.exec(s.summary)?.[1])).toEqual(['node-a', 'node-b']);
  });

  it('episodes not set: one summary for the whole bundle', () => {
    const scans = [client('node-a', 101, 0, false), client('node-b', 102, 5 * 86400, false)];
    const incident = { ...correlate(scans), episodes: undefined };
    const got = summarise(incident, scans);
    expect(got).toHaveLength(1);
    expect(got[0]?.summary).toContain('node-a and node-b');
  });

  it('no episode: no summary; no event: says so', () => {
    const scan = log('node-a/messages', 'node-a', [
      [0, 'systemd[1]: Started Session 1 of user root.', 'systemd'],
    ]);
    const incident = correlate([scan]);
    expect(summarise({ ...incident, episodes: [] }, [scan])).toEqual([]);
    expect(summarise({ ...incident, episodes: undefined }, [scan])).toEqual([
      { summary: 'No line of the CephFS eviction cascade is in the bundle.', confidence: 'high' },
    ]);
  });
});
