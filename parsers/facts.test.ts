import { describe, expect, it } from 'vitest';
import { kernelAtLeast, kernelFact } from './facts.ts';

describe('kernelFact', () => {
  it.each([
    [
      'Linux version 3.10.0-1062.4.1.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5) #1 SMP',
      { kind: 'kernel-version', version: '3.10.0-1062.4.1.el7.x86_64' },
    ],
    [
      // rook-7994-rpi-dmesg.log
      'libceph: client7984614 fsid 5d44c1b2-3fa7-42a1-827b-c4fb1b4a8e76',
      { kind: 'client-id', clientId: 7984614, fsid: '5d44c1b2-3fa7-42a1-827b-c4fb1b4a8e76' },
    ],
    ['libceph: mon0 (1)10.102.28.116:6789 session established', null],
    ['Linux agpgart interface v0.103', null],
  ])('%s', (msg, want) => {
    expect(kernelFact(msg)).toEqual(want);
  });
});

describe('kernelAtLeast', () => {
  it.each([
    ['3.10.0-1062.4.1.el7.x86_64', 5, 3, false],
    ['5.2.21', 5, 3, false],
    ['5.3.0-rc1', 5, 3, true],
    ['5.15.0-115-generic', 5, 3, true],
    ['6.1.0', 5, 3, true],
    ['garbage', 5, 3, null],
  ] as const)('%s >= %d.%d is %s', (release, maj, min, want) => {
    expect(kernelAtLeast(release, maj, min)).toBe(want);
  });
});
