import { describe, expect, it } from 'vitest';
import { dmesgParser } from './dmesg.ts';
import type { LineOutcome } from './types.ts';

const parse = (text: string): LineOutcome => dmesgParser.parseLine(text, 3, 120);

describe('dmesgParser records', () => {
  it.each([
    // Header sample lines.
    ['[ 5645.168000] ceph: mds0 closed our session', 5645.168, 'ceph: mds0 closed our session', undefined],
    [
      '[1567288.583940] libceph: mon0 (1)192.168.3.235:6789 session lost, hunting for new mon',
      1567288.58394,
      'libceph: mon0 (1)192.168.3.235:6789 session lost, hunting for new mon',
      undefined,
    ],
    [
      '[    0.201607] [T12] smp: Bringing up secondary CPUs ...',
      0.201607,
      'smp: Bringing up secondary CPUs ...',
      'T12',
    ],
    ['[    1.000000] new', 1, 'new', undefined],
    // Tricky: the kernel's own syslog form of the caller id, and a CPU caller.
    ['[    0.000000][    T0] Linux version 6.6.4', 0, 'Linux version 6.6.4', 'T0'],
    ['[   12.345678] [C3] NMI watchdog', 12.345678, 'NMI watchdog', 'C3'],
    // The message keeps its own indentation and trailing blanks (ubuntu boot specimen).
    ['[    0.000000]   zhaoxin   Shanghai  ', 0, '  zhaoxin   Shanghai  ', undefined],
    ['[   27.000000]', 27, '', undefined],
    // userspace writing to kmsg is still dmesg.
    [
      '[    3.101010] systemd[1]: Started Journal Service.',
      3.10101,
      'systemd[1]: Started Journal Service.',
      undefined,
    ],
  ])('%s', (text, mono, msg, caller) => {
    const out = parse(text);
    expect(out.t).toBe('record');
    if (out.t !== 'record' || out.rec.kind !== 'dmesg') return;
    expect(out.rec).toMatchObject({ kind: 'dmesg', mono, msg, line: 3, offset: 120 });
    expect(out.rec.caller).toBe(caller);
  });
});

describe('dmesgParser other outcomes', () => {
  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    ['   ', { t: 'blank' }],
    ['               line', { t: 'continuation', text: 'line' }],
    ['\tcontinued after a tab', { t: 'continuation', text: 'continued after a tab' }],
    [
      'root@host:~# dmesg',
      { t: 'meta', meta: { kind: 'prompt', text: 'root@host:~# dmesg', host: 'host', command: 'dmesg' } },
    ],
    ['$ dmesg', { t: 'meta', meta: { kind: 'prompt', text: '$ dmesg', command: 'dmesg' } }],
  ])('%j', (text, want) => {
    expect(parse(text)).toEqual(want);
  });
});

describe('dmesgParser rejects other formats with a reason', () => {
  it.each([
    '[Fri Aug 15 02:38:10 2025] ceph: mds0 caps stale',
    '[ 12.34] too few microsecond digits',
    '<3>[   27.000000] example[3]',
    '[    8.000000 <    7.000000>] example[2]',
    '2009-02-13T23:31:30,123456+00:00 example[0]',
    'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
    'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod found',
    'WHO    MASK  LEVEL     OPTION     VALUE      RO',
    'osd.0        basic     osd_mclock_max_capacity_iops_hdd                   86.136079',
    '-- Boot 6c7c6013a26343b29e964691ff25d04c --',
  ])('%s', (text) => {
    const out = parse(text);
    expect(out).toEqual({ t: 'unparsed', reason: expect.stringContaining('dmesg') });
  });
});
