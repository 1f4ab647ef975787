import { describe, expect, it } from 'vitest';
import { CLUSTER_HOST, INCIDENT_SCHEMA, type Incident, type IncidentEvent } from '../incident.ts';
import { createRedactor, redactIncident } from './redact.ts';

const FSID = 'bf9495f9-726d-42d3-ac43-53938496bb29';
const UID = '36f8da4d-0233-11ea-9a3f-fa163e2b7c41';
const UID2 = '25ade9dc-0233-11ea-9a3f-fa163e2b7c41';

function event(host: string, text: string, extra: Partial<IncidentEvent> = {}): IncidentEvent {
  return {
    ts: '2019-11-12T10:19:14.380256Z',
    host,
    stage: 'reconnect-denied',
    kind: 'ceph-mds-reconnect-denied',
    recovery: false,
    source: `sample/${host}/dmesg.log`,
    line: 875,
    offset: 58000,
    text,
    stamp: '[632277.168337]',
    severity: 'critical',
    alsoIn: [{ source: `sample/${host}/journal.log`, line: 270 }],
    episode: 'episode-1',
    ...extra,
  };
}

/** Three hosts (node-1..3 in this order), their client ids (1..3) and one fsid (fsid-1). */
function incident(names = ['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3']): Incident {
  return {
    schema: INCIDENT_SCHEMA,
    generatedBy: 'cascade 0.1.0',
    sources: names.map((name) => ({
      path: `sample/${name}/dmesg.log`,
      format: 'dmesg',
      host: name,
      bytes: 100,
      lines: 10,
      parsed: 10,
      unparsed: 0,
      events: 1,
      first: '2019-11-12T10:19:14.380256Z',
      last: '2019-11-12T10:19:14.380256Z',
      clock: {
        kind: 'monotonic',
        aligned: true,
        method: `kernel lines matched in sample/${name}/journal.log`,
        offsetSeconds: 1,
      },
      warnings: [],
      hostEvidence: `a file in the same folder names it (sample/${name}/journal.log)`,
    })),
    hosts: names.map((name, i) => ({
      name,
      kernel: '3.10.0-1062.4.1.el7.x86_64',
      clientIds: [176873 + i * 1000],
      fsids: [FSID],
      stages: { 'reconnect-denied': { first: '2019-11-12T10:19:14.380256Z', last: null, count: 1 } },
      cascade: { fits: true, order: ['reconnect-denied'], reason: `${name} fits` },
    })),
    stages: [],
    findings: [
      {
        id: 'client-evicted',
        severity: 'critical',
        title: `The MDS evicted the CephFS kernel client of ${names[0]}..3 by timeout`,
        detail: `${names[0]}: reconnect denied; client 176873, 177873`,
        evidence: [
          {
            source: `sample/${names[0]}/dmesg.log`,
            line: 875,
            text: '[632277.168337] ceph: mds0 reconnect denied',
          },
        ],
        remediation: [`kubectl drain ${names[0]} --ignore-daemonsets --delete-emptydir-data`],
      },
    ],
    events: [
      event(names[0] ?? '', '[632277.168337] ceph: mds0 reconnect denied'),
      event(CLUSTER_HOST, 'mds.0.482 Evicting (and blacklisting) client session 176873', {
        clientId: 176873,
        kind: 'mds-evicting-client-session',
        source: 'ceph-mds.log',
        alsoIn: [],
      }),
    ],
    episodes: [
      {
        id: 'episode-1',
        first: '2019-11-12T10:19:14.380256Z',
        last: '2019-11-12T10:19:14.380256Z',
        hosts: [...names],
        hostOrder: names.map((host) => ({ host, first: '2019-11-12T10:19:14.380256Z' })),
        spreadSeconds: 0,
        stages: [],
        summary: `MDS evicted the kernel clients of ${names[0]}..3`,
        confidence: 'high',
      },
    ],
  };
}

describe('text(): identifiers in real lines get consistent pseudonyms', () => {
  // Each case on a fresh redactor of `incident()`: hosts are node-1..3, client ids 1..3, the fsid
  // fsid-1; anything else is numbered in the order the line names it.
  const cases: [what: string, line: string, redacted: string][] = [
    [
      'journal host field and kernel address',
      'Nov 12 10:14:03 k8s-worker-1 kernel: libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
      'Nov 12 10:14:03 node-1 kernel: libceph: mon0 10.0.0.1:6789 socket closed (con state OPEN)',
    ],
    [
      'msgr2 and Ceph entity addresses keep their syntax',
      'libceph: mon1 (2)10.99.10.2:3300 session established [v2:10.99.10.1:3300/0,v1:10.99.10.1:6789/0]',
      'libceph: mon1 (2)10.0.0.1:3300 session established [v2:10.0.0.2:3300/0,v1:10.0.0.2:6789/0]',
    ],
    [
      'IPv6, not times or MACs; loopback, unspecified and masks stay',
      'mon0 (2)[2001:db8::7]:3300 fe80::5054:ff:fe12:3456 at 10:14:03 lladdr 52:54:00:12:34:56 ::1 127.0.0.1 0.0.0.0 255.255.255.0 10.99.20.0/24',
      'mon0 (2)[fd00::1]:3300 fd00::2 at 10:14:03 lladdr 52:54:00:12:34:56 ::1 127.0.0.1 0.0.0.0 255.255.255.0 10.0.0.1/24',
    ],
    [
      '6.7+ fsid and client id prefix',
      `Tue 2023-11-21 16:58:01 EST k8s-worker-2 kernel: ceph: [${FSID} 176873]: mds0 reconnect denied`,
      'Tue 2023-11-21 16:58:01 EST node-2 kernel: ceph: [fsid-1 1]: mds0 reconnect denied',
    ],
    [
      'client id and fsid of a new session',
      `libceph: client177873 fsid ${FSID}`,
      'libceph: client2 fsid fsid-1',
    ],
    [
      'MDS eviction: session name (host:entity), id and address',
      'log [WRN] : evicting unresponsive client puhui-py:ai_asset (977313), after 316.554 seconds',
      'log [WRN] : evicting unresponsive client node-4:ai_asset (4), after 316.554 seconds',
    ],
    [
      'MDS spellings of a client id',
      'denied reconnect attempt from client.176873 10.99.10.7:0/12345; client_id: 178873; client id 4305 has not responded; client session 977313',
      'denied reconnect attempt from client.1 10.0.0.1:0/12345; client_id: 3; client id 4 has not responded; client session 5',
    ],
    [
      'a list of client ids the findings write',
      '10.10.10.253 (client 977313, 977322)',
      '10.0.0.1 (client 4, 5)',
    ],
    [
      'kubelet pod, namespace and UID (format.Pod)',
      `Error syncing pod ${UID} ("media-worker-6b7f9d8c4-q7tmx_shop(${UID})"), skipping`,
      'Error syncing pod pod-uid-1 ("pod-1_ns-1(pod-uid-1)"), skipping',
    ],
    [
      'structured klog pod and podUID',
      `"Error syncing pod, skipping" err="x" pod="shop/web-frontend-7d9c8b6f5-x2k9p" podUID="${UID2}"`,
      '"Error syncing pod, skipping" err="x" pod="ns-1/pod-1" podUID="pod-uid-1"',
    ],
    [
      'volume dir, unique name and volume name',
      `UnmountVolume.TearDown failed for volume \\"uploads\\" (UniqueName: \\"kubernetes.io/cephfs/${UID}-uploads\\") pod \\"${UID}\\" (UID: \\"${UID}\\") : stat /var/lib/kubelet/pods/${UID}/volumes/kubernetes.io~cephfs/uploads: permission denied`,
      'UnmountVolume.TearDown failed for volume \\"vol-1\\" (UniqueName: \\"kubernetes.io/cephfs/pod-uid-1-vol-1\\") pod \\"pod-uid-1\\" (UID: \\"pod-uid-1\\") : stat /var/lib/kubelet/pods/pod-uid-1/volumes/kubernetes.io~cephfs/vol-1: permission denied',
    ],
    [
      'orphaned pod',
      `Orphaned pod "${UID}" found, but volume paths are still present on disk`,
      'Orphaned pod "pod-uid-1" found, but volume paths are still present on disk',
    ],
    [
      'CSI volume: pvc name, volume handle',
      'stat /var/lib/kubelet/pods/ca8be956-d2a4-47ed-a4dd-1167af26ebbc/volumes/kubernetes.io~csi/pvc-444f47a0-f2c2-4801-acbc-d12e632bb4c2/mount; Req-ID: 0001-0011-openshift-storage-0000000000000001-2e3d08cb-9516-40d5-822f-de3dfe9cbdbd',
      'stat /var/lib/kubelet/pods/pod-uid-1/volumes/kubernetes.io~csi/pvc-1/mount; Req-ID: 0001-0011-openshift-storage-0000000000000001-uuid-1',
    ],
    [
      'mount source: monitors, subvolume path, kubelet target',
      `10.99.10.1:6789,10.99.10.2:6789:/volumes/csi/csi-vol-5fbf0f4c-b1a4-11ec-8b2f-0242ac110005/7d1b1e3e-6a1c-4f0e-9d3b-2b6c1d7e8f90 /var/lib/kubelet/pods/${UID}/volumes/kubernetes.io~cephfs/shared-data ceph rw`,
      '10.0.0.1:6789,10.0.0.2:6789:/volumes/csi/csi-vol-1/uuid-1 /var/lib/kubelet/pods/pod-uid-1/volumes/kubernetes.io~cephfs/vol-1 ceph rw',
    ],
    [
      'mount source with a plain path and a named subvolume group',
      '10.99.10.1:6789:/data/projects on /mnt/x; 10.99.10.1:6789:/volumes/team-a/www on /mnt/y',
      '10.0.0.1:6789:/path-1 on /mnt/x; 10.0.0.1:6789:/volumes/group-1/vol-1 on /mnt/y',
    ],
    [
      'new mount syntax: fsid in the device',
      `admin@${FSID}.cephfs=/volumes/csi/csi-vol-0c5e1f3a-0530-11ea-b1d4-fa163e5f31a9 on /var/lib/kubelet/plugins/kubernetes.io/csi/pv/pvc-7d3f9a52/globalmount`,
      'admin@fsid-1.cephfs=/volumes/csi/csi-vol-1 on /var/lib/kubelet/plugins/kubernetes.io/csi/pv/pvc-1/globalmount',
    ],
    [
      'a run of hosts keeps its form',
      'Pods on k8s-worker-1..3 and db-0 cannot use their CephFS volumes',
      'Pods on node-1..3 and db-0 cannot use their CephFS volumes',
    ],
    [
      'FQDN of a known host, other hosts of its domain, public domains',
      'k8s-worker-1.prod.acme.corp, db01.prod.acme.corp, kbuilder.bsys.centos.org, https://kubernetes.io/docs, www.rsyslog.com',
      'node-1.domain-1.example, node-4.domain-1.example, kbuilder.bsys.centos.org, https://kubernetes.io/docs, www.rsyslog.com',
    ],
    [
      'hosts in paths and layouts',
      'sosreport-k8s-worker-2-2019-11-12-bnkdsoe/sos_commands/kernel/dmesg, must-gather.local.5/nodes/k8s-worker-3/dmesg, k8s-worker-1/kubelet.log',
      'sosreport-node-2-2019-11-12-bnkdsoe/sos_commands/kernel/dmesg, must-gather.local.5/nodes/node-3/dmesg, node-1/kubelet.log',
    ],
    [
      'prompts and describe output name hosts',
      '[root@k8s-worker-1 ~]# cat /proc/mounts; root@ceph-mds-1:~# ls; Node: k8s-worker-2/10.99.20.12',
      '[root@node-1 ~]# cat /proc/mounts; root@node-4:~# ls; Node: node-2/10.0.0.1',
    ],
    [
      'Ceph daemon names carry the host',
      '2019-11-12T10:14:05.804112+0000 mds.cfs01.ceph2.qwkfzp (mds.0) 1234 : cluster [WRN] Client gpu-node-17 failing to respond to capability release',
      '2019-11-12T10:14:05.804112+0000 mds.daemon-1 (mds.0) 1234 : cluster [WRN] Client node-4 failing to respond to capability release',
    ],
    ['journald boot id', '-- Boot 0a163cddc55946f889e0c7d0d3b917e8 --', '-- Boot uuid-1 --'],
    [
      'hostile markup passes through; only the identifier in it changes',
      '<script>alert("k8s-worker-1")</script><img src=x onerror=alert(1)>',
      '<script>alert("node-1")</script><img src=x onerror=alert(1)>',
    ],
  ];
  it.each(cases)('%s', (_what, line, redacted) => {
    expect(createRedactor(incident()).text(line)).toBe(redacted);
  });

  const unchanged = [
    '[632277.147148] ceph: mds0 closed our session',
    '[632299.238799] ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm',
    '[632277.170788] ceph:  dropping dirty Fw state for ffff9d9085da1340 1099512175611',
    'Linux version 3.10.0-1062.4.1.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-39) (GCC) ) #1 SMP Fri Oct 18 17:15:30 UTC 2019',
    'Command line: BOOT_IMAGE=/vmlinuz-3.10.0-1062.4.1.el7.x86_64 root=/dev/mapper/centos-root ro rd.lvm.lv=centos/root LANG=en_US.UTF-8',
    "FS-Cache: Netfs 'ceph' registered for caching",
    'I1112 05:47:33.402117    1203 container_manager_linux.go:457] [ContainerManager]: Discovered runtime cgroups name: /system.slice/docker.service',
    'No retries permitted until 2019-11-12 10:24:48.329833315 +0000 UTC m=+632589.717806782 (durationBeforeRetry 500ms)',
    'See https://kubernetes.io/docs/tasks/administer-cluster/kubelet-config-file/ for more information. /etc/ceph/ceph.conf libceph.ko app/server.go',
    'mds advanced mds_session_blacklist_on_timeout true',
    'ceph config set mds mds_session_blocklist_on_timeout false',
    'umount -l /var/lib/kubelet/pods/*/volumes/*/*',
    '2019-11-12T10:14:03.441308Z',
    'Nov 12 10:20:13.407507',
    '<b onmouseover="x()">bold</b> & \'quotes\' \\"escaped\\" \u0000 \u202e',
  ];
  it.each(unchanged)('leaves a text without identifiers as it is: %s', (line) => {
    expect(createRedactor(incident()).text(line)).toBe(line);
  });
});

describe('createRedactor', () => {
  it('numbers hosts in the incident order and gives one original one pseudonym across calls', () => {
    const r = createRedactor(incident(['b-host', 'a-host']));
    expect(r.text('b-host')).toBe('node-1');
    expect(r.text('a-host and b-host')).toBe('node-2 and node-1');
    expect(r.text('10.1.2.3 then 10.1.2.4')).toBe('10.0.0.1 then 10.0.0.2');
    expect(r.text('again 10.1.2.3')).toBe('again 10.0.0.1');
  });

  it('replaces in one pass and never hands out a pseudonym that is an original of the bundle', () => {
    const r = createRedactor(incident(['node-2', 'node-1', 'k8s-worker-3']));
    expect(r.text('node-2 node-1 k8s-worker-3')).toBe('node-3 node-4 node-5');
  });

  it('keeps numeric client ids numbers, consistent with the text', () => {
    const r = createRedactor(incident());
    expect(r.clientId(177873)).toBe(2);
    expect(r.text('client.177873')).toBe('client.2');
    expect(r.clientId(5)).toBe(4);
    expect(r.clientId(5)).toBe(4);
  });

  it('lists the replacements made so far, by kind then first sight, with counts', () => {
    const r = createRedactor(incident());
    r.text('k8s-worker-2 k8s-worker-2 10.99.10.1 client176873');
    r.text('k8s-worker-1');
    r.clientId(176873);
    expect(r.replacements()).toEqual([
      { kind: 'host', original: 'k8s-worker-1', pseudonym: 'node-1', count: 1 },
      { kind: 'host', original: 'k8s-worker-2', pseudonym: 'node-2', count: 2 },
      { kind: 'ip', original: '10.99.10.1', pseudonym: '10.0.0.1', count: 1 },
      { kind: 'client-id', original: '176873', pseudonym: '1', count: 2 },
    ]);
  });

  it('replaces names of plain words only where their place says what they are', () => {
    const r = createRedactor({
      ...incident(),
      events: [
        event(
          'k8s-worker-1',
          `pod="shop/web-0" stat /var/lib/kubelet/pods/${UID}/volumes/kubernetes.io~cephfs/data`,
        ),
      ],
    });
    expect(r.text('the shop keeps dirty data; shop/web-0; volume \\"data\\"')).toBe(
      'the shop keeps dirty data; ns-1/pod-1; volume \\"vol-1\\"',
    );
    expect(r.text('shop')).toBe('ns-1');
  });

  it('keeps a host named like a word of the logs out of free text', () => {
    const r = createRedactor(incident(['master', 'server', 'mon1']));
    expect(r.text('master')).toBe('node-1');
    expect(r.text('Nov 12 10:14:03 master kernel: libceph: mon1 10.99.10.2:6789 in app/server.go')).toBe(
      'Nov 12 10:14:03 node-1 kernel: libceph: mon1 10.0.0.1:6789 in app/server.go',
    );
  });

  it('replaces a host of the incident even under a public domain, and its domain with it', () => {
    const r = createRedactor(incident(['mymachine.example.com', 'k8s-worker-2']));
    expect(r.text('mymachine.example.com: mymachine, www.example.com, docs.ceph.com')).toBe(
      'node-1.domain-1.example: node-1, node-3.domain-1.example, docs.ceph.com',
    );
  });

  it('replaces a hostile host name wherever it stands', () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const r = createRedactor(incident([hostile, 'k8s-worker-2']));
    expect(r.text(`drained ${hostile} and k8s-worker-2`)).toBe('drained node-1 and node-2');
  });

  it('stays linear on long hostile lines', () => {
    const r = createRedactor(incident());
    const started = performance.now();
    for (const s of [
      '1'.repeat(200_000),
      'client 1, '.repeat(20_000),
      'k8s-worker-1..'.repeat(14_000),
      '\\'.repeat(200_000),
    ]) {
      expect(r.text(s).length).toBeGreaterThan(0);
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('redactIncident', () => {
  it('copies the incident with every identifier replaced and the enumerations kept', () => {
    const original = incident();
    const before = JSON.stringify(original);
    const { incident: out, redactor } = redactIncident(original);
    expect(JSON.stringify(original)).toBe(before);
    expect(out.schema).toBe(INCIDENT_SCHEMA);
    expect(out.generatedBy).toBe('cascade 0.1.0');
    expect(out.hosts.map((h) => [h.name, h.clientIds, h.fsids, h.kernel])).toEqual([
      ['node-1', [1], ['fsid-1'], '3.10.0-1062.4.1.el7.x86_64'],
      ['node-2', [2], ['fsid-1'], '3.10.0-1062.4.1.el7.x86_64'],
      ['node-3', [3], ['fsid-1'], '3.10.0-1062.4.1.el7.x86_64'],
    ]);
    expect(out.hosts[0]?.stages).toEqual(original.hosts[0]?.stages);
    expect(out.hosts[0]?.cascade).toEqual({ fits: true, order: ['reconnect-denied'], reason: 'node-1 fits' });
    expect(
      out.sources.map((s) => [s.path, s.host, s.format, s.clock.kind, s.clock.method, s.hostEvidence]),
    ).toEqual(
      ['node-1', 'node-2', 'node-3'].map((n) => [
        `sample/${n}/dmesg.log`,
        n,
        'dmesg',
        'monotonic',
        `kernel lines matched in sample/${n}/journal.log`,
        `a file in the same folder names it (sample/${n}/journal.log)`,
      ]),
    );
    expect(
      out.events.map((e) => [e.host, e.source, e.alsoIn, e.clientId, e.text, e.stage, e.kind, e.ts, e.line]),
    ).toEqual([
      [
        'node-1',
        'sample/node-1/dmesg.log',
        [{ source: 'sample/node-1/journal.log', line: 270 }],
        undefined,
        '[632277.168337] ceph: mds0 reconnect denied',
        'reconnect-denied',
        'ceph-mds-reconnect-denied',
        '2019-11-12T10:19:14.380256Z',
        875,
      ],
      [
        CLUSTER_HOST,
        'ceph-mds.log',
        [],
        1,
        'mds.0.482 Evicting (and blacklisting) client session 1',
        'reconnect-denied',
        'mds-evicting-client-session',
        '2019-11-12T10:19:14.380256Z',
        875,
      ],
    ]);
    expect(out.findings[0]).toEqual({
      id: 'client-evicted',
      severity: 'critical',
      title: 'The MDS evicted the CephFS kernel client of node-1..3 by timeout',
      detail: 'node-1: reconnect denied; client 1, 2',
      evidence: [
        { source: 'sample/node-1/dmesg.log', line: 875, text: '[632277.168337] ceph: mds0 reconnect denied' },
      ],
      remediation: ['kubectl drain node-1 --ignore-daemonsets --delete-emptydir-data'],
    });
    expect(out.episodes?.[0]).toMatchObject({
      id: 'episode-1',
      hosts: ['node-1', 'node-2', 'node-3'],
      hostOrder: [{ host: 'node-1' }, { host: 'node-2' }, { host: 'node-3' }],
      summary: 'MDS evicted the kernel clients of node-1..3',
      confidence: 'high',
    });
    expect(redactor.replacements().map((r) => `${r.original} → ${r.pseudonym}`)).toEqual([
      'k8s-worker-1 → node-1',
      'k8s-worker-2 → node-2',
      'k8s-worker-3 → node-3',
      '176873 → 1',
      '177873 → 2',
      '178873 → 3',
      `${FSID} → fsid-1`,
    ]);
  });

  it('redacts a field the contract may add later', () => {
    const later = { ...incident(), notes: [{ by: 'k8s-worker-1', about: `mount of ${UID} via 10.99.10.3` }] };
    const { incident: out } = redactIncident(later as Incident);
    expect((out as unknown as typeof later).notes).toEqual([
      { by: 'node-1', about: 'mount of uuid-1 via 10.0.0.1' },
    ]);
  });

  it('redacts the log view rows with the pseudonyms of the incident', () => {
    const original = incident();
    const redactor = createRedactor(original);
    const rows = [event('k8s-worker-2', 'libceph: mon0 10.99.10.7:6789 and 10.99.10.9:6789 session lost')];
    const { incident: out } = redactIncident({ ...original, events: rows }, redactor);
    expect(out.events.map((e) => [e.host, e.text])).toEqual([
      ['node-2', 'libceph: mon0 10.0.0.1:6789 and 10.0.0.2:6789 session lost'],
    ]);
  });
});
