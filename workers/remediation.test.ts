import { describe, expect, it } from 'vitest';
import {
  blocklistCommands,
  configStep,
  kernelStep,
  type NodeWork,
  pacificOrLater,
  podCommands,
  podStep,
  releaseSpelling,
  type SpellingClues,
  UMOUNT_ALL_CEPH,
  umountStep,
} from './remediation.ts';

const none: SpellingClues = { versions: [], dumpNames: [], mdsWording: [] };

describe('pacificOrLater', () => {
  it.each([
    ['16.2.10', undefined, true],
    ['15.2.17', 'octopus', false],
    ['12.1.1-235-g9c3232d', 'luminous', false],
    ['19.2.0', 'squid', true],
    ['dev', 'reef', true],
    ['dev', 'nautilus', false],
    ['dev', 'unknownrelease', null],
  ] as const)('%s %s → %s', (version, release, want) => {
    expect(pacificOrLater(version, release)).toBe(want);
  });
});

describe('releaseSpelling', () => {
  it('the mons decide: `ceph config set` is validated by them', () => {
    const got = releaseSpelling({
      ...none,
      versions: [
        { daemon: 'mon', version: '14.2.22', release: 'nautilus', count: 3 },
        { daemon: 'osd', version: '16.2.10', release: 'pacific', count: 12 },
      ],
      dumpNames: ['mds_session_blocklist_on_timeout'],
    });
    expect(got.spelling).toBe('blacklist');
    expect(got.reason).toBe('ceph versions: the mons run 14.2.22 (nautilus), older than Pacific');
  });

  it('mons on both sides of Pacific: both spellings, with the rule', () => {
    const got = releaseSpelling({
      ...none,
      versions: [
        { daemon: 'mon', version: '15.2.17', release: 'octopus', count: 1 },
        { daemon: 'mon', version: '16.2.10', release: 'pacific', count: 2 },
      ],
    });
    expect(got.spelling).toBe('both');
    expect(got.reason).toContain('rejected');
  });

  it.each([
    [{ ...none, images: ['quay.io/ceph/ceph:v16.2.15'] }, 'blocklist'],
    [{ ...none, dumpNames: ['mds_cache_memory_limit', 'mds_session_blacklist_on_evict'] }, 'blacklist'],
    [{ ...none, dumpNames: ['mds_session_blocklist_on_evict'] }, 'blocklist'],
    [
      { ...none, mdsWording: ['Evicting (and blacklisting) client session 4305 (10.0.0.5:0/3382)'] },
      'blacklist',
    ],
    [
      { ...none, mdsWording: ['Evicting (and blocklisting) client session 4305 (v1:10.0.0.5:0/3382)'] },
      'blocklist',
    ],
    [{ ...none, dumpNames: ['mds_cache_memory_limit'] }, 'both'],
    [none, 'both'],
  ] as const)('without versions: %j → %s', (clues, want) => {
    expect(releaseSpelling(clues).spelling).toBe(want);
  });
});

describe('blocklistCommands', () => {
  it('one spelling', () => {
    expect(blocklistCommands('blocklist', ['timeout', 'evict'])).toEqual([
      'ceph config set mds mds_session_blocklist_on_timeout false',
      'ceph config set mds mds_session_blocklist_on_evict false',
    ]);
  });

  it('unknown release: both pairs, each labelled', () => {
    expect(blocklistCommands('both', ['evict'])).toEqual([
      '# Pacific (16) or later:',
      'ceph config set mds mds_session_blocklist_on_evict false',
      '# Octopus (15) or older:',
      'ceph config set mds mds_session_blacklist_on_evict false',
    ]);
  });
});

const node = (over: Partial<NodeWork>): NodeWork => ({
  node: 'node-a',
  pods: [],
  unnamedPods: 0,
  orphanedPods: 0,
  mounts: [],
  evicted: false,
  ...over,
});

describe('pods', () => {
  it.each([
    [
      node({ pods: [{ namespace: 'shop', name: 'web-0' }] }),
      ['kubectl cordon node-a', 'kubectl delete pod -n shop web-0'],
    ],
    [
      node({ pods: [{ namespace: 'shop', name: 'web-0' }], unnamedPods: 1 }),
      ['kubectl drain node-a --ignore-daemonsets --delete-emptydir-data'],
    ],
    [
      node({ pods: [{ namespace: 'shop', name: 'web-0' }], evicted: true }),
      ['kubectl drain node-a --ignore-daemonsets --delete-emptydir-data'],
    ],
  ])('%j', (work, want) => {
    expect(podCommands(work)).toEqual(want);
  });

  it('a node with only orphaned pods has no pods to move', () => {
    expect(podStep([node({ orphanedPods: 2, mounts: ['/m'] })])).toBeNull();
  });

  it('says when no pod line of a drained node is in the bundle', () => {
    expect(podStep([node({ evicted: true })])?.why).toContain('no pod line of node-a is in the bundle');
  });
});

describe('umountStep', () => {
  it('per node, the known mounts, then uncordon; the awk line where none is known', () => {
    const step = umountStep([
      node({ mounts: ['/var/lib/kubelet/pods/u/volumes/kubernetes.io~cephfs/a'], evicted: true }),
      node({ node: 'node-b', evicted: true }),
    ]);
    expect(step?.commands).toEqual([
      '# on node-a:',
      'umount -l /var/lib/kubelet/pods/u/volumes/kubernetes.io~cephfs/a',
      '# on node-b:',
      UMOUNT_ALL_CEPH,
      'kubectl uncordon node-a',
      'kubectl uncordon node-b',
    ]);
    expect(step?.why).toContain('The mount points of node-b are not in the bundle');
  });

  it('caps the list per node and says how many were left out', () => {
    const mounts = Array.from({ length: 23 }, (_, i) => `/m${i}`);
    const step = umountStep([node({ mounts })]);
    expect(step?.commands.filter((c) => c.startsWith('umount'))).toHaveLength(20);
    expect(step?.why).toContain('node-a: 3 more paths not listed');
  });
});

describe('configStep and kernelStep', () => {
  it('no option on: no step', () => {
    expect(configStep({ spelling: 'blocklist', reason: 'r' }, [], 'b')).toBeNull();
  });

  it('kernels: the quota fix only where the loop ran', () => {
    const step = kernelStep([
      { host: 'a', kernel: '3.10.0', needsQuotaFix: true, needsRecoverSession: true },
      { host: 'b', kernel: '5.3.0', needsQuotaFix: false, needsRecoverSession: true },
      { host: 'c', kernel: '6.1.0', needsQuotaFix: false, needsRecoverSession: false },
    ]);
    expect(step?.commands.slice(0, 2)).toEqual([
      '# a: 3.10.0 → Linux ≥ 5.4 (5.3 fixes the get_quota_realm loop, 5.4 adds recover_session=clean)',
      '# b: 5.3.0 → Linux ≥ 5.4 (5.4 adds recover_session=clean)',
    ]);
    expect(step?.commands).toHaveLength(3);
  });

  it('nothing to move: no step', () => {
    expect(
      kernelStep([{ host: 'c', kernel: '6.1.0', needsQuotaFix: false, needsRecoverSession: false }]),
    ).toBeNull();
  });
});
