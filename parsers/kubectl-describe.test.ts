import { describe, expect, it } from 'vitest';
import { createKubectlDescribeParser } from './kubectl-describe.ts';

const parse = (lines: string[]) => {
  const p = createKubectlDescribeParser();
  return lines.map((l, i) => p.parseLine(l, i + 1, 0));
};

describe('kubectl describe pod', () => {
  it('reads the State block of kubernetes#87491 as four entries', () => {
    const outs = parse([
      '    State:          Terminated',
      '      Reason:       ContainerCannotRun',
      "      Message:      error while creating mount source path '/var/lib/kubelet/pods/x/volumes/kubernetes.io~cephfs/cephfs': mkdir /var/lib/kubelet/pods/x/volumes/kubernetes.io~cephfs/cephfs: file exists",
      '      Exit Code:    128',
    ]);
    expect(outs.map((o) => (o.t === 'record' ? o.rec.msg.slice(0, 26) : o.t))).toEqual([
      'State: Terminated',
      'Reason: ContainerCannotRun',
      'Message: error while creat',
      'Exit Code: 128',
    ]);
  });

  it('gives every entry after `Node:` that node as its host', () => {
    const outs = parse([
      'Name:  web-0',
      'Node:  k8s-worker-2/10.99.20.12',
      '      Reason:       ContainerCannotRun',
    ]);
    const hosts = outs.map((o) => (o.t === 'record' ? o.rec.host : undefined));
    expect(hosts).toEqual([undefined, 'k8s-worker-2', 'k8s-worker-2']);
  });

  it('reads an Events row by its message, and keeps the table header and rule as markers', () => {
    const outs = parse([
      '  Type     Reason       Age              From                   Message',
      '  ----     ------       ----             ----                   -------',
      '  Warning  FailedMount  2m (x3 over 6m)  kubelet, k8s-worker-2  MountVolume.SetUp failed for volume "data" : mount failed',
    ]);
    expect(outs.map((o) => o.t)).toEqual(['meta', 'meta', 'record']);
    expect(outs[2]?.t === 'record' && outs[2].rec.msg).toBe(
      'MountVolume.SetUp failed for volume "data" : mount failed',
    );
  });

  it.each([
    '[ 5645.168000] ceph: mds0 closed our session',
    'Nov 12 10:14:03 node-a kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
    'E1112 10:20:01.123456    1187 kubelet_volumes.go:66] pod found',
    'WHO     MASK  LEVEL     OPTION  VALUE  RO',
    'Local time: Tue 2019-11-12 11:05:02 UTC',
    'Since Tuesday every pod is stuck: please help',
  ])('does not take %s', (line) => {
    expect(parse([line])[0]?.t).toBe('unparsed');
  });
});
