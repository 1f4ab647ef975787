import { describe, expect, it } from 'vitest';
import { mutants } from '../test/support/mutants.ts';
import { dmesgParser, type PrintkStamp, readPrintkStamp } from './dmesg.ts';
import type { DmesgRecord, LineOutcome } from './types.ts';

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

describe('dmesgParser reads records exactly as its regex does', () => {
  // The record shape the parser reads by hand.
  const RAW = /^\[ *(?<mono>\d+\.\d{6})\](?: ?\[ *(?<caller>[TC]\d+)\])? ?(?<msg>.*)$/;
  const texts = mutants(
    [
      '[ 5645.168000] ceph: mds0 closed our session',
      '[    0.201607] [T12] smp: Bringing up secondary CPUs ...',
      '[    0.000000][    T0] Linux version 6.6.4',
      '[   12.345678] [C3]NMI watchdog',
      '[   27.000000]',
      '[1234567890123.000001] far too long an uptime to count by hand',
      '[   1.000000]  [T1] two spaces keep the caller in the message',
    ],
    ['0', '7', ' ', '[', ']', '.', 'T', 'C', '\r', '\n', '\u2028', '\u2029', '\t', 'x'],
    60,
  );

  it.each([
    ['records', true],
    ['other lines', false],
  ])('%s', (_name, wantRecord) => {
    let seen = 0;
    for (const text of texts) {
      const g = RAW.exec(text)?.groups;
      if (!g !== !wantRecord || text.trim() === '') continue;
      seen++;
      const out = parse(text);
      if (!g) {
        expect(out.t, JSON.stringify(text)).not.toBe('record');
        continue;
      }
      const want: DmesgRecord = {
        kind: 'dmesg',
        line: 3,
        offset: 120,
        mono: Number(g.mono),
        msg: g.msg ?? '',
      };
      if (g.caller) want.caller = g.caller;
      expect(out, JSON.stringify(text)).toStrictEqual({ t: 'record', rec: want });
    }
    expect(seen).toBeGreaterThan(100);
  });
});

describe('readPrintkStamp', () => {
  it.each([
    ['[ 5645.168000] x', 0, 5645.168, 14],
    ['<6>[    0.000001]', 3, 0.000001, 17],
    ['[1567288.583940]', 0, 1567288.58394, 16],
    // Past 9 integer digits the value goes through Number() itself.
    ['[99999999999.999999]', 0, Number('99999999999.999999'), 20],
  ])('%j at %i', (text, at, seconds, end) => {
    const out: PrintkStamp = { seconds: -1, end: -1 };
    expect(readPrintkStamp(text, at, out)).toBe(true);
    expect(out).toEqual({ seconds, end });
  });

  it.each(['[ 12.34] x', '[12.3456789]', '[ .123456]', '[-1.000000]', '12.345678]', '[ 1.000000'])(
    'refuses %j',
    (text) => {
      expect(readPrintkStamp(text, 0, { seconds: 0, end: 0 })).toBe(false);
    },
  );

  it('gives exactly what Number() gives for the printed seconds', () => {
    const out: PrintkStamp = { seconds: 0, end: 0 };
    let state = 3;
    for (let k = 0; k < 20_000; k++) {
      state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
      const printed = `${state % 10 ** (1 + (k % 10))}.${String(state % 1_000_000).padStart(6, '0')}`;
      readPrintkStamp(`[${printed}]`, 0, out);
      expect(out.seconds, printed).toBe(Number(printed));
    }
  });
});
