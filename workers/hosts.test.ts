import { describe, expect, it } from 'vitest';
import { configDump, factsOf, hostLog } from '../test/support/scans.ts';
import { correlate } from './correlate.ts';
import { assignHosts } from './hosts.ts';
import { newScan } from './scan.ts';

const denial: [number, string][] = [
  [0, 'libceph: mds0 10.0.0.4:6801 socket closed (con state OPEN)'],
  [1, 'ceph: mds0 reconnect denied'],
];
const dmesgAt = (path: string) => newScan(path, 'dmesg', 0);

describe('host of each source, strongest evidence first', () => {
  it('content beats structure; a sosreport hostname file names the files of its sosreport', () => {
    const sos = 'bundle.tar.xz/sosreport-wrongname-2023-11-10-abcdefg';
    const hostname = factsOf(`${sos}/sos_commands/host/hostname`, 'host-hostname', [
      { kind: 'hostname', name: 'node-b.example.com' },
    ]);
    hostname.plan = {
      layout: 'sosreport',
      analyse: true,
      root: sos,
      host: { name: 'wrongname', evidence: 'sosreport name' },
    };
    const dmesg = dmesgAt(`${sos}/sos_commands/kernel/dmesg`);
    dmesg.plan = { ...hostname.plan };
    const journal = hostLog('node-c', denial, `${sos}/sos_commands/logs/journalctl_--no-pager`);
    journal.plan = { ...hostname.plan };
    const { hosts, evidence } = assignHosts([dmesg, journal, hostname]);
    expect(hosts.get(hostname)).toBe('node-b');
    expect(evidence.get(hostname)).toBe('the host name the file prints');
    expect(hosts.get(journal)).toBe('node-c');
    expect(evidence.get(journal)).toBe('the host field of its lines (2 lines)');
    expect(hosts.get(dmesg)).toBe('node-b');
    expect(evidence.get(dmesg)).toBe(`the sosreport hostname file (${sos}/sos_commands/host/hostname)`);
  });

  it('without a hostname file, the sosreport name; a must-gather node folder; a sibling; the folder', () => {
    const dmesg = dmesgAt('sosreport-node-d-2023-11-10-abcdefg/sos_commands/kernel/dmesg');
    dmesg.plan = {
      layout: 'sosreport',
      analyse: true,
      root: 'x',
      host: { name: 'node-d', evidence: 'sosreport name x' },
    };
    const node = dmesgAt('mg/nodes/worker-0/dmesg');
    node.plan = {
      layout: 'must-gather',
      analyse: true,
      root: 'mg',
      host: { name: 'worker-0', evidence: 'must-gather node folder nodes/worker-0/' },
    };
    const sibling = dmesgAt('node-e/dmesg.log');
    const journal = hostLog('node-e', denial, 'node-e/journal.log');
    const folder = dmesgAt('node-f/dmesg.log');
    const { hosts, evidence } = assignHosts([dmesg, node, sibling, journal, folder]);
    expect([hosts.get(dmesg), evidence.get(dmesg)]).toEqual(['node-d', 'sosreport name x']);
    expect([hosts.get(node), evidence.get(node)]).toEqual([
      'worker-0',
      'must-gather node folder nodes/worker-0/',
    ]);
    expect([hosts.get(sibling), evidence.get(sibling)]).toEqual([
      'node-e',
      'a file in the same folder names it (node-e/journal.log)',
    ]);
    expect([hosts.get(folder), evidence.get(folder)]).toEqual(['node-f', 'its folder name (node-f/)']);
  });

  it('the user’s host for a file wins over everything; cluster outputs have none', () => {
    const journal = hostLog('node-a', denial, 'x/journal.log');
    const dump = configDump([['mds', 'mds_session_blocklist_on_timeout', 'true']]);
    const { hosts, evidence } = assignHosts([journal, dump], {
      fileHosts: { 'x/journal.log': 'Node-Z.example.com' },
    });
    expect([hosts.get(journal), evidence.get(journal)]).toEqual(['node-z', 'set by the user']);
    expect([hosts.get(dump), evidence.get(dump)]).toEqual([
      null,
      'output of the Ceph cluster, not of one host',
    ]);
  });
});

describe('renaming and merging hosts', () => {
  it('a rename changes the host everywhere; two hosts renamed to one name are one host', () => {
    const a = hostLog('ip-10-0-0-1', denial, 'a/journal.log');
    const b = hostLog('node-b', denial, 'b/journal.log');
    const c = hostLog('node-c', denial, 'c/journal.log');
    const plain = correlate([a, b, c]);
    expect(plain.hosts.map((h) => h.name)).toEqual(['ip-10-0-0-1', 'node-b', 'node-c']);
    const renamed = correlate([a, b, c], { hostRenames: { 'ip-10-0-0-1': 'node-b', 'node-c': 'node-z' } });
    expect(renamed.hosts.map((h) => h.name)).toEqual(['node-b', 'node-z']);
    expect(renamed.sources.find((s) => s.path === 'a/journal.log')).toMatchObject({
      host: 'node-b',
      hostEvidence: 'the host field of its lines (2 lines); ip-10-0-0-1 renamed to node-b by the user',
    });
    expect(new Set(renamed.events.map((e) => e.host))).toEqual(new Set(['node-b', 'node-z']));
    const denied = renamed.stages.find((s) => s.id === 'reconnect-denied');
    expect(denied?.hosts).toEqual(['node-b', 'node-z']);
  });

  it('a file merging several hosts’ lines gives each event its line’s host, renamed too', () => {
    const merged = hostLog('node-a', denial, 'mg/host_service_logs/workers/kubelet_service.log');
    merged.plan = { layout: 'must-gather', analyse: true, multiHost: true };
    // The same file carries node-b's lines too; the scan tags each event with its line's host.
    const other = hostLog('node-b', denial);
    merged.events = [
      ...merged.events.map((e) => ({ ...e, host: 'node-a' })),
      ...other.events.map((e) => ({ ...e, line: e.line + 10, host: 'node-b' })),
    ];
    merged.hostVotes.set('node-b', 2);
    const incident = correlate([merged], { hostRenames: { 'node-b': 'node-bee' } });
    expect(incident.sources[0]?.host).toBeNull();
    expect(incident.sources[0]?.hostEvidence).toBe(
      'several hosts: each line goes to the host its host field names (node-a 2, node-b 2)',
    );
    expect(incident.hosts.map((h) => h.name)).toEqual(['node-a', 'node-bee']);
  });
});
