// Every real specimen (test/fixtures/*/<case>.log, provenance in <case>.source.md) through the whole
// engine: the stage counts are the ones the specimen list gives, counted by reading each line.
// Failures and recovery lines are counted apart: [failures, recoveries].
import { openAsBlob } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StageId } from '../../parsers/stages.ts';
import { analyzeFiles } from '../../workers/engine.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

type Counts = Partial<Record<StageId, [number, number]>>;

const SPECIMENS: [fixture: string, format: string, counts: Counts, note?: string][] = [
  [
    'syslog-rfc3164/kern.log-teuthology.log',
    'syslog-rfc3164',
    { 'connection-reset': [3, 0], 'reconnect-denied': [3, 0], 'caps-stale': [2, 0] },
    'S3=2 plus the `reconnect start` line, which the architecture counts in reconnect-denied',
  ],
  [
    'dmesg-ctime/ceph-doc-dmesgT-2025.log',
    'dmesg-ctime',
    { 'caps-stale': [1, 0], 'connection-reset': [2, 0], 'reconnect-denied': [3, 0] },
    'S3=2 plus `reconnect start`',
  ],
  [
    'dmesg/lkml-jlayton-2021-client-dmesg.log',
    'dmesg',
    { 'caps-stale': [1, 0], 'mds-hung': [1, 0], 'connection-reset': [4, 0], 'reconnect-denied': [6, 0] },
    'S3=4 plus two `reconnect start` lines',
  ],
  [
    'dmesg-ctime/ru-cephadm-lab-tentacle-dmesgT-2026.log',
    'dmesg-ctime',
    { 'connection-reset': [4, 0], 'mon-session-lost': [3, 3], 'mds-hung': [0, 1], 'caps-stale': [0, 1] },
    'recovered: `session established` after each hunt, `mds0 came back`, `caps renewed`',
  ],
  [
    'dmesg/rook-7994-rpi-dmesg.log',
    'dmesg',
    { 'connection-reset': [2, 0], 'mon-session-lost': [1, 2] },
    'the first `session established` (the mount) precedes any loss and is context',
  ],
  ['dmesg/ceph-csi-5265-dmesg-5.15.log', 'dmesg', { 'mon-session-lost': [10, 5] }],
  ['ceph-mds-log/ceph-csi-5265-rook-mds-evict.log', 'ceph-mds-log', { 'reconnect-denied': [8, 0] }],
  [
    'journal-short/journalctl-rook-2589-kubelet-permission-denied-journal.log',
    'journal-short',
    { 'kubelet-mount-failure': [4, 0] },
  ],
  [
    'journal-short/journalctl-ceph-csi-2600-kubelet-structured-journal.log',
    'journal-short',
    { 'kubelet-mount-failure': [1, 0] },
  ],
  [
    'journal-short/journalctl-rook-2255-kubelet-wrapper-journal.log',
    'journal-short',
    { 'kubelet-mount-failure': [1, 0] },
    'the timed-out StartContainer (`RunContainerError: "context deadline exceeded"`); the runtime status ' +
      'timeouts and PLEG lines around it are symptoms, not pod failures',
  ],
  [
    'kubectl-describe/k8s-87491-kubectl-describe-containercannotrun.log',
    'kubectl-describe',
    { 'kubelet-mount-failure': [2, 0] },
    'Reason ContainerCannotRun and the `mkdir …: file exists` message',
  ],
  ['syslog-rfc3164/messages-loghub-linux-2k.log', 'syslog-rfc3164', {}],
  ['dmesg/ubuntu-ollama-kvm-boot-dmesg-5.15-negative.log', 'dmesg', {}],
  ['ceph-config-dump/mcgarrah-harlan-ceph-config-dump.log', 'ceph-config-dump', {}],
];

describe('real specimens through the engine', () => {
  it.each(SPECIMENS)('%s', async (fixture, format, counts) => {
    const incident = await analyzeFiles([{ path: fixture, blob: await openAsBlob(join(FIXTURES, fixture)) }]);
    expect(incident.sources[0]?.format).toBe(format);
    const got: Counts = {};
    for (const s of incident.stages) {
      if (s.count > 0) got[s.id] = [s.count - s.recoveries, s.recoveries];
    }
    expect(got).toEqual(counts);
  });
});

describe('what a 6.7+ kernel prefix carries', () => {
  it('the cluster fsid and the client id of `ceph: [<fsid> <id>]:` lines reach the host', async () => {
    const fixture = 'dmesg-ctime/ru-cephadm-lab-tentacle-dmesgT-2026.log';
    const incident = await analyzeFiles([
      { path: `ceph-cli-01/${fixture}`, blob: await openAsBlob(join(FIXTURES, fixture)) },
    ]);
    expect(incident.hosts).toHaveLength(1);
    expect(incident.hosts[0]?.clientIds).toEqual([14451]);
    expect(incident.hosts[0]?.fsids).toEqual(['2a882841-48a3-11f1-838c-d00d99b60350']);
  });
});
