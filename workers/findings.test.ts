import { describe, expect, it } from 'vitest';
import { correlate } from './correlate.ts';
import { newScan, scanLine } from './scan.ts';

/** A scan built from records, as a parser would give them (no file needed). */
function scanOf(
  path: string,
  format: Parameters<typeof newScan>[1],
  records: Parameters<typeof scanLine>[1][],
) {
  const scan = newScan(path, format, 0);
  for (const [i, outcome] of records.entries()) scanLine(scan, outcome, `line ${i + 1}`, i + 1);
  return scan;
}

const civil = { year: 2019, month: 11, day: 12, hour: 10, minute: 19, second: 14, micros: 372000 };

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
