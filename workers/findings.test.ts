import { describe, expect, it } from 'vitest';
import { civil, configDump, factsOf, hostLog, type Line, mdsLog, scanOf } from '../test/support/scans.ts';
import { correlate } from './correlate.ts';
import { dialectKernel, hostRange } from './findings.ts';
import type { Finding, Incident, IncidentEvent } from './incident.ts';

/** The network blip and the eviction as a pre-5.3 kernel prints them, from `t` on. */
function evictedClient(t: number): Line[] {
  return [
    [t, 'libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon'],
    [t + 290, 'ceph: mds0 hung'],
    [t + 311, 'libceph: mds0 10.99.10.4:6801 socket closed (con state OPEN)'],
    [t + 311.1, 'libceph: mds0 10.99.10.4:6801 connection reset'],
    [t + 311.2, 'ceph: mds0 closed our session'],
    [t + 311.3, 'ceph: mds0 reconnect start'],
    [t + 311.4, 'ceph: mds0 reconnect denied'],
  ];
}

const byId = (incident: Incident, id: string): Finding | undefined =>
  incident.findings.find((f) => f.id === id);
const ids = (incident: Incident) => incident.findings.map((f) => f.id).sort();
const texts = (f: Finding | undefined) => f?.evidence.map((e) => e.text) ?? [];

describe('findings from facts', () => {
  const kernel = scanOf('node-a/messages', 'syslog-rfc3164', [
    {
      t: 'record',
      rec: {
        kind: 'entry',
        line: 1,
        offset: 0,
        msg: 'ceph: mds0 reconnect denied',
        time: { kind: 'civil', civil, zone: 'UTC' },
        host: 'node-a',
        ident: 'kernel',
      },
    },
  ]);
  const mounts = scanOf('node-a/proc/mounts', 'host-mounts', [
    {
      t: 'record',
      rec: {
        kind: 'fact',
        line: 1,
        offset: 0,
        msg: '',
        fact: {
          kind: 'mount',
          device: '10.99.10.1:6789:/volumes/csi/x',
          mountPoint: '/var/lib/kubelet/pods/p/volumes/kubernetes.io~cephfs/data',
          fsType: 'ceph',
          options: ['rw', 'relatime', 'name=admin', 'secret=<hidden>', 'fsc'],
        },
      },
    },
    {
      t: 'record',
      rec: {
        kind: 'fact',
        line: 2,
        offset: 0,
        msg: '',
        fact: { kind: 'mount', device: '/dev/sda1', mountPoint: '/', fsType: 'xfs', options: ['rw'] },
      },
    },
  ]);

  it('flags fscache mounts on a host whose client was evicted, citing the mounts line', () => {
    const incident = correlate([kernel, mounts]);
    const f = incident.findings.find((x) => x.id === 'fscache-mounts');
    expect(f?.evidence).toEqual([
      {
        source: 'node-a/proc/mounts',
        line: 1,
        text: '10.99.10.1:6789:/volumes/csi/x /var/lib/kubelet/pods/p/volumes/kubernetes.io~cephfs/data ceph rw,relatime,name=admin,secret=<hidden>,fsc',
      },
    ]);
    expect(f?.remediation).toEqual(['umount -l /var/lib/kubelet/pods/p/volumes/kubernetes.io~cephfs/data']);
  });

  it('says nothing about fscache when no client was evicted', () => {
    expect(correlate([mounts]).findings.map((f) => f.id)).not.toContain('fscache-mounts');
  });

  it('flags ceph mounts of an evicted host that lack recover_session=clean', () => {
    const f = byId(correlate([kernel, mounts]), 'recover-session-off');
    expect(f?.evidence.map((e) => e.line)).toEqual([1]);
    expect(f?.remediation[0]).toContain('recover_session=clean');
  });

  it('takes fscache from the kernel registration line when the mounts are not in the bundle', () => {
    const log = hostLog('node-b', [
      [0, "FS-Cache: Netfs 'ceph' registered for caching"],
      ...evictedClient(100),
    ]);
    const f = byId(correlate([log]), 'fscache-mounts');
    expect(f?.severity).toBe('warning');
    expect(f?.evidence).toEqual([
      { source: 'node-b/messages', line: 1, text: "FS-Cache: Netfs 'ceph' registered for caching" },
    ]);
  });
});

describe('client sessions', () => {
  it('a `client ls` session names the host whose client id it is', () => {
    const kernel = scanOf('node-a/messages', 'syslog-rfc3164', [
      {
        t: 'record',
        rec: {
          kind: 'entry',
          line: 1,
          offset: 0,
          msg: 'ceph: mds0 reconnect denied',
          time: { kind: 'civil', civil, zone: 'UTC' },
          host: 'node-a',
          ident: 'kernel',
        },
      },
    ]);
    const sessions = scanOf('ceph/client_ls.json', 'ceph-client-ls', [
      {
        t: 'record',
        rec: {
          kind: 'fact',
          line: 3,
          offset: 0,
          msg: '',
          fact: {
            kind: 'ceph-client',
            clientId: 176873,
            hostname: 'node-a.example.com',
            address: '10.99.10.7',
          },
        },
      },
    ]);
    const incident = correlate([kernel, sessions]);
    expect(incident.hosts.map((h) => [h.name, h.clientIds])).toEqual([['node-a', [176873]]]);
  });
});

describe('how the client was evicted', () => {
  it('by timeout: network faults minutes before the denial, cited before the denial', () => {
    const f = byId(correlate([hostLog('node-a', evictedClient(0))]), 'client-evicted');
    expect(f?.title).toContain('by timeout');
    expect(f?.detail).toContain('preceded the denial by 311 s');
    expect(texts(f).slice(0, 2)).toEqual([
      'node-a kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
      'node-a kernel: ceph: mds0 reconnect denied',
    ]);
  });

  it('the eviction burst itself (socket closed, reset, closed our session) is no sign of a timeout', () => {
    const burst = evictedClient(0).slice(2);
    const f = byId(correlate([hostLog('node-a', burst)]), 'client-evicted');
    expect(f?.title).toContain('(trigger not shown)');
    expect(f?.detail).toContain('by timeout or by hand: not shown');
  });

  it('by timeout from the MDS: `evicting unresponsive client`, tied to the host by client id', () => {
    const client = hostLog('node-a', [
      [0, 'libceph: client176873 fsid bf9495f9-726d-42d3-ac43-53938496bb29'],
      [400, 'ceph: mds0 reconnect denied'],
    ]);
    const mds = mdsLog([
      [
        390,
        'log_channel(cluster) log [WRN] : evicting unresponsive client node-a (176873), after 300.2 seconds',
      ],
      [390, 'mds.0.12 Evicting (and blocklisting) client session 176873 (v1:10.99.10.7:0/3382)'],
    ]);
    const incident = correlate([client, mds]);
    const f = byId(incident, 'client-evicted');
    expect(f?.title).toBe(
      'The MDS evicted and blocklisted the CephFS kernel client of node-a by timeout and refused its reconnect',
    );
    expect(f?.detail).toContain('as unresponsive after 300 s');
    expect(texts(f)).toContain(
      'mds: log_channel(cluster) log [WRN] : evicting unresponsive client node-a (176873), after 300.2 seconds',
    );
  });

  it('by hand: the MDS evicts without `unresponsive` and no fault precedes it on the client', () => {
    const client = hostLog('node-a', [
      [0, 'libceph: client176873 fsid bf9495f9-726d-42d3-ac43-53938496bb29'],
      [400, 'ceph: mds0 reconnect denied'],
    ]);
    const mds = mdsLog([
      [399, 'mds.0.12 Evicting (and blacklisting) client session 176873 (v1:10.99.10.7:0/3382)'],
    ]);
    const f = byId(correlate([client, mds]), 'client-evicted');
    expect(f?.title).toContain('by hand');
    expect(f?.detail).toContain('client evict');
    expect(texts(f)[0]).toBe(
      'mds: mds.0.12 Evicting (and blacklisting) client session 176873 (v1:10.99.10.7:0/3382)',
    );
  });

  it('clients named only by the MDS are grouped by address, with `client ls` to find their hosts', () => {
    const mds = mdsLog([
      [
        0,
        'log_channel(cluster) log [WRN] : evicting unresponsive client a:b (977313), after 316.554 seconds',
      ],
      [0, 'mds.0.482 Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)'],
      [
        0,
        'log_channel(cluster) log [WRN] : evicting unresponsive client a:c (977322), after 305.545 seconds',
      ],
      [0, 'mds.0.482 Evicting (and blocklisting) client session 977322 (v1:10.10.10.253:0/1499105884)'],
    ]);
    const incident = correlate([mds]);
    const f = byId(incident, 'client-evicted');
    expect(f?.title).toBe('The MDS evicted and blocklisted 1 client(s) by timeout');
    expect(f?.detail).toContain('10.10.10.253 (client 977313, 977322)');
    expect(f?.remediation[0]).toContain('ceph tell mds.0 client ls');
    expect(byId(incident, 'remediation-plan')?.remediation).toEqual([
      'ceph tell mds.0 client ls',
      'ceph config set mds mds_session_blocklist_on_timeout false',
      'ceph config set mds mds_session_blocklist_on_evict false',
    ]);
  });

  it('a `reconnect start` alone is no eviction', () => {
    const incident = correlate([hostLog('node-a', [[0, 'ceph: mds0 reconnect start']])]);
    expect(ids(incident)).toEqual([]);
  });
});

describe('blocklist configuration and its spelling', () => {
  const client = () => hostLog('node-a', evictedClient(0));

  it('pre-Pacific names in the dump: blacklist commands for the options that are on', () => {
    const dump = configDump([
      ['mds', 'mds_session_blacklist_on_timeout', 'true'],
      ['mds', 'mds_session_blacklist_on_evict', 'false'],
    ]);
    const f = byId(correlate([client(), dump]), 'blocklist-on-timeout');
    expect(f?.remediation).toEqual(['ceph config set mds mds_session_blacklist_on_timeout false']);
    expect(f?.evidence).toEqual([
      { source: 'ceph/config-dump.txt', line: 2, text: 'mds advanced mds_session_blacklist_on_timeout true' },
    ]);
  });

  it('options absent from the dump are on by default, and said so', () => {
    const dump = configDump([['mon', 'mon_allow_pool_delete', 'false']]);
    const f = byId(correlate([client(), dump]), 'blocklist-on-timeout');
    expect(f?.detail).toContain('mds_session_blocklist_on_timeout not set: default true');
    expect(f?.remediation).toContain('# Pacific (16) or later:');
    expect(f?.evidence.length).toBeGreaterThan(0);
  });

  it('`ceph versions` decides the spelling over the names in the dump', () => {
    const dump = configDump([['mds', 'mds_session_blacklist_on_timeout', 'true']]);
    const versions = factsOf('ceph/versions.json', 'ceph-versions', [
      { kind: 'ceph-version', daemon: 'mon', version: '16.2.10', release: 'pacific', count: 3 },
    ]);
    const f = byId(correlate([client(), dump, versions]), 'blocklist-on-timeout');
    expect(f?.remediation).toEqual([
      'ceph config set mds mds_session_blocklist_on_timeout false',
      'ceph config set mds mds_session_blocklist_on_evict false',
    ]);
    expect(f?.detail).toContain('the mons run 16.2.10 (pacific), Pacific or later');
  });

  it('mitigated: both options false, no blocklist finding and no config step', () => {
    const dump = configDump([
      ['mds', 'mds_session_blocklist_on_timeout', 'false'],
      ['mds', 'mds_session_blocklist_on_evict', 'false'],
    ]);
    const incident = correlate([client(), dump]);
    expect(ids(incident)).not.toContain('blocklist-on-timeout');
    expect(byId(incident, 'remediation-plan')?.remediation.join('\n')).not.toContain('ceph config set');
  });

  it('a client-only option is no MDS setting', () => {
    const dump = configDump([['client', 'mds_session_blocklist_on_timeout', 'false']]);
    expect(byId(correlate([client(), dump]), 'blocklist-on-timeout')?.detail).toContain(
      'not set: default true',
    );
  });
});

describe('the get_quota_realm loop', () => {
  const loop = (): Line[] => [
    ...evictedClient(0),
    [330, 'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm'],
    [350, 'get_quota_realm: 78 callbacks suppressed'],
    [351, 'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm'],
    [450, 'get_quota_realm: 40 callbacks suppressed'],
    [450, 'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm'],
  ];

  it('counts the suppressed lines into the rate and cites the uname line of a pre-5.3 kernel', () => {
    const uname = factsOf('node-a/uname', 'host-uname', [
      { kind: 'kernel-release', release: '3.10.0-1062.4.1.el7.x86_64', host: 'node-a' },
    ]);
    const f = byId(correlate([hostLog('node-a', loop()), uname]), 'quota-realm-loop');
    expect(f?.severity).toBe('critical');
    expect(f?.detail).toContain('3 "null i_snap_realm" lines and 118 more suppressed by the rate limit');
    // 121 messages from 10:05:30 to 10:07:30.
    expect(f?.detail).toContain('(2 min, about 61 a minute)');
    expect(f?.evidence[0]).toEqual({
      source: 'node-a/uname',
      line: 1,
      text: 'Linux node-a 3.10.0-1062.4.1.el7.x86_64',
    });
  });

  it('a kernel with the fix: a warning about cap-less realms, not a spinning loop', () => {
    const uname = factsOf('node-a/uname', 'host-uname', [
      { kind: 'kernel-release', release: '5.4.0-99-generic' },
    ]);
    const f = byId(correlate([hostLog('node-a', loop()), uname]), 'quota-realm-loop');
    expect(f?.severity).toBe('warning');
    expect(f?.remediation).toEqual([]);
  });

  it('without a version, the wording of the lines tells the kernel apart', () => {
    const ev = (text: string) => ({ host: 'h', text }) as IncidentEvent;
    expect(dialectKernel('h', [ev('libceph: mds0 10.0.0.4:6801 connection reset')]).lacksQuotaFix).toBe(true);
    expect(
      dialectKernel('h', [ev('libceph: mds0 (1)10.0.0.4:6801 socket closed (con state OPEN)')]).lacksQuotaFix,
    ).toBe(false);
    expect(
      dialectKernel('h', [ev('ceph: [bf9495f9-726d-42d3-ac43-53938496bb29 176873]: mds0 hung')]).label,
    ).toContain('6.7');
    expect(dialectKernel('h', [ev('ceph: mds0 hung')]).lacksQuotaFix).toBeNull();
  });
});

describe('unflushed writes', () => {
  it('lists the inodes per host, flushing ones marked', () => {
    const a = hostLog('node-a', [
      ...evictedClient(0),
      [312, 'ceph:  dropping dirty Fw state for ffff9d9085da1340 1099512175611'],
      [312, 'ceph:  dropping dirty+flushing Fw state for ffff9d90bcb13fc0 1099512174987'],
    ]);
    const b = hostLog('node-b', [
      ...evictedClient(10),
      [322, 'ceph:  dropping dirty Fw state for ffff8e2d0b8c9c00 1099512176051'],
    ]);
    const f = byId(correlate([a, b]), 'dirty-data-dropped');
    expect(f?.severity).toBe('critical');
    expect(f?.title).toBe('Unflushed writes were discarded on 3 inode(s) on 2 host(s)');
    expect(f?.detail).toContain('node-a: 1099512175611, 1099512174987 (flushing)');
    expect(f?.detail).toContain('node-b: 1099512176051');
    expect(f?.evidence.map((e) => e.source)).toEqual([
      'node-a/messages',
      'node-b/messages',
      'node-a/messages',
    ]);
  });
});

describe('pods and the ordered plan', () => {
  const podA = '36f8da4d-0233-11ea-9a3f-fa163e2b7c41';
  const podB = '25ade9dc-0233-11ea-9a3f-fa163e2b7c41';
  const path = (uid: string, vol: string) =>
    `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~cephfs/${vol}`;
  const syncing = (uid: string, name: string, vol: string): string =>
    `Error syncing pod ${uid} ("${name}_shop(${uid})"), skipping: failed to "StartContainer" for "web" with RunContainerError: ` +
    `"failed to start container: Error response from daemon: error while creating mount source path '${path(uid, vol)}': ` +
    `mkdir ${path(uid, vol)}: file exists"`;
  const orphan = (uid: string, vol: string): string =>
    `pod "${uid}" found, but error stat ${path(uid, vol)}: permission denied occurred during checking mounted volumes from disk`;

  it('tells a runtime that only timed out starting pods from pods failing on the volume, and plans nothing for it', () => {
    const deadline = (uid: string) =>
      `Error syncing pod ${uid} ("web-0_shop(${uid})"), skipping: failed to "StartContainer" for "web" with RunContainerError: "context deadline exceeded"`;
    const failing = hostLog('node-a', [
      ...evictedClient(0),
      [400, syncing(podA, 'media-0', 'uploads'), 'kubelet'],
    ]);
    const stalled = hostLog('node-b', [[420, deadline(podB), 'kubelet']]);
    const incident = correlate([failing, stalled]);
    expect(byId(incident, 'pods-cannot-use-volume')?.title).toContain('node-a');
    expect(byId(incident, 'pods-cannot-use-volume')?.title).not.toContain('node-b');
    const stall = byId(incident, 'runtime-stalled');
    expect(stall?.title).toBe('The container runtime on node-b timed out starting pods');
    expect(stall?.evidence.map((e) => e.line)).toEqual([1]);
    expect(byId(incident, 'remediation-plan')?.remediation.join('\n')).not.toContain('node-b');
  });

  it('ties kubelet failures to pods (name, namespace, orphaned) and volume paths per host', () => {
    const log = hostLog('node-a', [
      ...evictedClient(0),
      [400, syncing(podA, 'media-0', 'uploads'), 'kubelet'],
      [410, orphan(podB, 'shared'), 'kubelet'],
    ]);
    const f = byId(correlate([log]), 'pods-cannot-use-volume');
    expect(f?.detail).toContain('pod(s) shop/media-0');
    expect(f?.detail).toContain('1 pod(s) already gone whose directory and mount are left');
    expect(f?.detail).toContain(`volume paths ${path(podB, 'shared')}, ${path(podA, 'uploads')}`);
  });

  it('orders drain, lazy unmounts, config and kernel, each step with why', () => {
    const log = hostLog('node-a', [
      ...evictedClient(0),
      [330, 'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm'],
      [400, syncing(podA, 'media-0', 'uploads'), 'kubelet'],
    ]);
    const dump = configDump([['mds', 'mds_session_blacklist_on_timeout', 'true']]);
    const plan = byId(correlate([log, dump]), 'remediation-plan');
    expect(plan?.severity).toBe('info');
    expect(plan?.remediation).toEqual([
      'kubectl drain node-a --ignore-daemonsets --delete-emptydir-data',
      '# on node-a:',
      `umount -l ${path(podA, 'uploads')}`,
      'kubectl uncordon node-a',
      'ceph config set mds mds_session_blacklist_on_timeout false',
      'ceph config set mds mds_session_blacklist_on_evict false',
      '# node-a: older than 5.3 (addresses printed without their type) → Linux ≥ 5.4 (5.3 fixes the get_quota_realm loop, 5.4 adds recover_session=clean)',
      '# then mount CephFS with recover_session=clean (ceph-csi StorageClass: kernelMountOptions: recover_session=clean; in-tree PV: mountOptions: [recover_session=clean])',
    ]);
    expect(plan?.detail).toMatch(
      /^1\. Move the pods off the dead mounts: .* 2\. Detach the dead mounts: .* 3\. Stop the MDS .* 4\. Move the clients to a kernel/,
    );
    expect(plan?.detail).toContain('mds_session_blacklist_on_evict not set: default true');
  });

  it('deletes the known pods (after a cordon) when no kernel line shows the node evicted', () => {
    const log = hostLog('node-a', [[400, syncing(podA, 'media-0', 'uploads'), 'kubelet']]);
    const plan = byId(correlate([log]), 'remediation-plan');
    expect(plan?.remediation.slice(0, 2)).toEqual([
      'kubectl cordon node-a',
      'kubectl delete pod -n shop media-0',
    ]);
  });
});

describe('faults without an eviction', () => {
  it('recovered: an info finding, and no plan', () => {
    const log = hostLog('node-a', [
      [0, 'libceph: mon0 (1)10.0.0.1:6789 socket closed (con state OPEN)'],
      [0.1, 'libceph: mon0 (1)10.0.0.1:6789 session lost, hunting for new mon'],
      [5, 'libceph: mon1 (1)10.0.0.2:6789 session established'],
    ]);
    const incident = correlate([log]);
    expect(ids(incident)).toEqual(['network-faults']);
    expect(byId(incident, 'network-faults')?.severity).toBe('info');
  });

  it('an idle OSD socket closing is no fault at all', () => {
    const log = hostLog('node-a', [[0, 'libceph: osd3 (1)10.0.0.5:6805 socket closed (con state OPEN)']]);
    expect(ids(correlate([log]))).toEqual([]);
  });
});

describe('episodes', () => {
  it('findings of two episodes carry their episode', () => {
    const log = hostLog('node-a', [...evictedClient(0), ...evictedClient(3 * 86400)]);
    const incident = correlate([log]);
    const evicted = incident.findings.filter((f) => f.id === 'client-evicted');
    expect(incident.episodes?.length).toBe(2);
    expect(evicted.map((f) => f.episode)).toEqual(incident.episodes?.map((e) => e.id));
    expect(evicted[1]?.evidence.every((e) => e.line > 7)).toBe(true);
  });
});

describe('hostRange', () => {
  it.each([
    [['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3'], 'k8s-worker-1..3'],
    [['k8s-worker-3', 'k8s-worker-1'], 'k8s-worker-1 and k8s-worker-3'],
    [['n1', 'n2', 'n3', 'db', 'n5'], 'db, n1..3 and n5'],
    [['node-a'], 'node-a'],
  ])('%j → %s', (names, want) => {
    expect(hostRange(names)).toBe(want);
  });
});
