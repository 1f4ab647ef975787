import { describe, expect, it } from 'vitest';
import { detectFixture, expectOwnFormat, fixtureFiles, scoreOf } from '../test/support/detection.ts';
import { headerSamples } from '../test/support/header-samples.ts';
import { ACCEPT_SCORE } from './detect.ts';
import { dmesgParser } from './dmesg.ts';
import {
  createDmesgCtimeParser,
  createDmesgDecodedParser,
  createDmesgIsoParser,
  createDmesgRawLevelParser,
  createDmesgReltimeParser,
  DMESG_VARIANT_FORMATS,
} from './dmesg-variants.ts';
import { KMSG_FORMATS } from './kmsg.ts';
import type { EntryRecord, FormatParser, KnownFormat, LineOutcome } from './types.ts';

type Make = () => FormatParser;
const MAKERS: Record<string, Make> = {
  'dmesg-ctime': createDmesgCtimeParser,
  'dmesg-iso': createDmesgIsoParser,
  'dmesg-raw-level': createDmesgRawLevelParser,
  'dmesg-decoded': createDmesgDecodedParser,
  'dmesg-reltime': createDmesgReltimeParser,
};

function record(out: LineOutcome): EntryRecord {
  expect(out.t).toBe('record');
  if (out.t !== 'record' || out.rec.kind !== 'entry') throw new Error(`not an entry: ${JSON.stringify(out)}`);
  return out.rec;
}

const civil = (
  year: number | undefined,
  month: number,
  day: number,
  h: number,
  m: number,
  s: number,
  us = 0,
) => ({
  ...(year === undefined ? {} : { year }),
  month,
  day,
  hour: h,
  minute: m,
  second: s,
  micros: us,
});

describe('header sample lines', () => {
  // Each sample line belongs to exactly one variant; the two reltime lines are read in order.
  it('./dmesg-variants.ts', () => {
    const samples = headerSamples('./dmesg-variants.ts');
    const parsers = DMESG_VARIANT_FORMATS.map((f) => f.create());
    const owners = samples.map((s, i) =>
      parsers.filter((p) => p.parseLine(s, i + 1, 0).t === 'record').map((p) => p.id),
    );
    expect(owners).toEqual([
      ['dmesg-ctime'],
      ['dmesg-ctime'],
      ['dmesg-iso'],
      ['dmesg-raw-level'],
      ['dmesg-decoded'],
      ['dmesg-reltime'],
      ['dmesg-reltime'],
    ]);
  });
});

describe('dmesg-ctime records', () => {
  it.each<[string, ReturnType<typeof civil>, string, Record<string, string> | undefined]>([
    [
      '[Fri Aug 15 02:38:10 2025] ceph: mds0 caps stale',
      civil(2025, 8, 15, 2, 38, 10),
      'ceph: mds0 caps stale',
      undefined,
    ],
    // `%e` pads the day with a space; the 6.7+ fsid prefix stays in the message.
    [
      '[Tue May  5 18:03:14 2026] ceph: [2a882841-48a3-11f1-838c-d00d99b60350 14451]: mds0 came back',
      civil(2026, 5, 5, 18, 3, 14),
      'ceph: [2a882841-48a3-11f1-838c-d00d99b60350 14451]: mds0 came back',
      undefined,
    ],
    // The stray blank of the ceph doc is part of the message.
    [
      '[Fri Aug 15 02:38:28 2025] libceph: mds0 (2)XXX.XX.XX.XX :6800 socket closed (con state OPEN)',
      civil(2025, 8, 15, 2, 38, 28),
      'libceph: mds0 (2)XXX.XX.XX.XX :6800 socket closed (con state OPEN)',
      undefined,
    ],
    // `-T -d`: the delta is dropped.
    [
      '[Fri Feb 13 23:31:30 2009 <    0.000000>] example[0]',
      civil(2009, 2, 13, 23, 31, 30),
      'example[0]',
      undefined,
    ],
    [
      '[Tue Nov 12 10:14:42 2019] [T4123] ceph: mds0 came back',
      civil(2019, 11, 12, 10, 14, 42),
      'ceph: mds0 came back',
      { caller: 'T4123' },
    ],
    [
      '[Tue Nov 12 10:14:27 2019] ceph:  dropping dirty Fw state',
      civil(2019, 11, 12, 10, 14, 27),
      'ceph:  dropping dirty Fw state',
      undefined,
    ],
    ['[Tue Nov 12 10:14:27 2019]', civil(2019, 11, 12, 10, 14, 27), '', undefined],
  ])('%s', (text, want, msg, fields) => {
    const rec = record(createDmesgCtimeParser().parseLine(text, 4, 99));
    expect(rec).toMatchObject({ kind: 'entry', line: 4, offset: 99, ident: 'kernel', msg });
    // No zone: the local zone of the host that ran dmesg.
    expect(rec.time).toEqual({ kind: 'civil', civil: want });
    expect(rec.fields).toEqual(fields);
    expect(rec.severity).toBeUndefined();
  });

  it('keeps boot-relative seconds printed beside the ctime stamp as kernelMono', () => {
    const rec = record(
      createDmesgCtimeParser().parseLine('[Fri Feb 13 23:31:38 2009] [    8.000000] example[2]', 1, 0),
    );
    expect(rec.time).toEqual({ kind: 'civil', civil: civil(2009, 2, 13, 23, 31, 38) });
    expect(rec.kernelMono).toBe(8);
    expect(rec.msg).toBe('example[2]');
  });
});

describe('dmesg-iso records', () => {
  it.each<[string, ReturnType<typeof civil>, string, string]>([
    [
      '2009-02-13T23:31:30,123456+00:00 example[0]',
      civil(2009, 2, 13, 23, 31, 30, 123456),
      '+00:00',
      'example[0]',
    ],
    // iso + delta: the delta is dropped.
    [
      '2009-02-13T23:31:30,123456+00:00 [<    0.000000>] example[0]',
      civil(2009, 2, 13, 23, 31, 30, 123456),
      '+00:00',
      'example[0]',
    ],
    // util-linux before ~2.29 prints `%z`.
    [
      '2019-11-12T10:14:26,104241+0800 ceph: mds0 closed our session',
      civil(2019, 11, 12, 10, 14, 26, 104241),
      '+0800',
      'ceph: mds0 closed our session',
    ],
    [
      '2023-12-22T12:26:24,559615-08:00 device veth0 entered promiscuous mode',
      civil(2023, 12, 22, 12, 26, 24, 559615),
      '-08:00',
      'device veth0 entered promiscuous mode',
    ],
  ])('%s', (text, want, zone, msg) => {
    const rec = record(createDmesgIsoParser().parseLine(text, 1, 0));
    expect(rec.time).toEqual({ kind: 'civil', civil: want, zone });
    expect(rec).toMatchObject({ ident: 'kernel', msg });
  });
});

describe('dmesg-raw-level records', () => {
  it.each<[string, number, number, number, string, string | undefined]>([
    ['<3>[   27.000000] example[3]', 27, 3, 0, 'example[3]', undefined],
    ['<0>[    0.000000] example[0]', 0, 0, 0, 'example[0]', undefined],
    ['<13>[ 2197.000000] example[13]', 2197, 5, 1, 'example[13]', undefined],
    ['<150>[4557523.000000] example[105]', 4557523, 6, 18, 'example[105]', undefined],
    [
      '<4>[ 5645.168000] ceph: mds0 closed our session',
      5645.168,
      4,
      0,
      'ceph: mds0 closed our session',
      undefined,
    ],
    // util-linux caller id, and the kernel's own syslog(2) form glued to the time.
    [
      '<6>[    0.201607] [T12] smp: Bringing up secondary CPUs ...',
      0.201607,
      6,
      0,
      'smp: Bringing up secondary CPUs ...',
      'T12',
    ],
    ['<6>[    0.000000][    T0] Linux version 6.6.4', 0, 6, 0, 'Linux version 6.6.4', 'T0'],
  ])('%s', (text, seconds, severity, facility, msg, caller) => {
    const rec = record(createDmesgRawLevelParser().parseLine(text, 1, 0));
    expect(rec.time).toEqual({ kind: 'mono', seconds });
    expect(rec).toMatchObject({ ident: 'kernel', severity, facility, msg });
    expect(rec.fields?.caller).toBe(caller);
  });
});

describe('dmesg-decoded records', () => {
  it.each<[string, unknown, number, number, string]>([
    ['kern  :err   : [   27.000000] example[3]', { kind: 'mono', seconds: 27 }, 3, 0, 'example[3]'],
    ['user  :crit  : [ 1000.000000] example[10]', { kind: 'mono', seconds: 1000 }, 2, 1, 'example[10]'],
    ['kern  :notice: [  125.000000] example[5]', { kind: 'mono', seconds: 125 }, 5, 0, 'example[5]'],
    ['authpriv:emerg : [512000.000000] example[80]', { kind: 'mono', seconds: 512000 }, 0, 10, 'example[80]'],
    [
      'res0  :warn  : [1000000.000000] example[100]',
      { kind: 'mono', seconds: 1000000 },
      4,
      12,
      'example[100]',
    ],
    [
      'local2:info  : [4557523.000000] example[105]',
      { kind: 'mono', seconds: 4557523 },
      6,
      18,
      'example[105]',
    ],
    [
      'kern  :warn  : [    0.209670] [T14]   #1  #3  #5  #7',
      { kind: 'mono', seconds: 0.20967 },
      4,
      0,
      '  #1  #3  #5  #7',
    ],
    [
      'kern  :info  : [Fri Aug 15 02:38:28 2025] ceph: mds0 reconnect denied',
      { kind: 'civil', civil: civil(2025, 8, 15, 2, 38, 28) },
      6,
      0,
      'ceph: mds0 reconnect denied',
    ],
    [
      'kern  :err   : 2019-11-12T10:14:36,002530+08:00 ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm',
      { kind: 'civil', civil: civil(2019, 11, 12, 10, 14, 36, 2530), zone: '+08:00' },
      3,
      0,
      'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm',
    ],
    // `-x -d` and `-x -t`.
    [
      'kern  :info  : [    8.000000 <    7.000000>] example[2]',
      { kind: 'mono', seconds: 8 },
      6,
      0,
      'example[2]',
    ],
    ['kern  :info  : ceph: mds0 hung', { kind: 'none' }, 6, 0, 'ceph: mds0 hung'],
  ])('%s', (text, time, severity, facility, msg) => {
    const rec = record(createDmesgDecodedParser().parseLine(text, 1, 0));
    expect(rec.time).toEqual(time);
    expect(rec).toMatchObject({ ident: 'kernel', severity, facility, msg });
  });

  it('carries reltime stamps after the names', () => {
    const p = createDmesgDecodedParser();
    p.parseLine('kern  :info  : [Nov12 10:14] a', 1, 0);
    const rec = record(p.parseLine('kern  :info  : [  +2.500000] b', 2, 10));
    expect(rec.time).toEqual({ kind: 'civil', civil: civil(undefined, 11, 12, 10, 14, 2, 500000) });
    expect(rec.fields).toEqual({ approx: 'reltime' });
  });
});

describe('dmesg-reltime records', () => {
  it('carries the last minute stamp plus the deltas, marked approximate', () => {
    const p = createDmesgReltimeParser();
    const lines = [
      '[Nov12 10:14] libceph: mon0 192.168.20.29:6789 session lost, hunting for new mon',
      '[  +0.004131] libceph: mon1 192.168.20.30:6789 session established',
      '[ +22.626795] libceph: mds0 10.99.10.4:6801 socket closed (con state OPEN)',
      '               continued',
      '[ +123.000000] much later (a delta over 99 s)',
      '[Nov12 10:15] ceph: mds0 hung',
      '[  +0.000020] ceph: mds0 came back',
      '[Dec31 23:59] new year',
      '[ +61.000001] past midnight',
    ];
    const outs = lines.map((l, i) => p.parseLine(l, i + 1, i * 100));
    const times = outs.map((o) => (o.t === 'record' && o.rec.kind === 'entry' ? o.rec.time : o.t));
    expect(times).toEqual([
      { kind: 'civil', civil: civil(undefined, 11, 12, 10, 14, 0) },
      { kind: 'civil', civil: civil(undefined, 11, 12, 10, 14, 0, 4131) },
      { kind: 'civil', civil: civil(undefined, 11, 12, 10, 14, 22, 630926) },
      'continuation',
      { kind: 'civil', civil: civil(undefined, 11, 12, 10, 16, 25, 630926) },
      { kind: 'civil', civil: civil(undefined, 11, 12, 10, 15, 0) },
      { kind: 'civil', civil: civil(undefined, 11, 12, 10, 15, 0, 20) },
      { kind: 'civil', civil: civil(undefined, 12, 31, 23, 59, 0) },
      { kind: 'civil', civil: civil(undefined, 1, 1, 0, 0, 1, 1) },
    ]);
    const first = record(outs[0] as LineOutcome);
    expect(first).toMatchObject({ ident: 'kernel', fields: { approx: 'reltime' }, line: 1, offset: 0 });
    expect(first.msg).toBe('libceph: mon0 192.168.20.29:6789 session lost, hunting for new mon');
  });

  it('has no time for deltas before the first minute stamp, and state is per parser', () => {
    const p = createDmesgReltimeParser();
    p.parseLine('[Feb13 23:31] a', 1, 0);
    const fresh = createDmesgReltimeParser();
    const rec = record(fresh.parseLine('[  +0.000123] head of the buffer was cut', 1, 0));
    expect(rec.time).toEqual({ kind: 'none' });
    expect(rec.fields).toBeUndefined();
  });

  it.each<[string, unknown, string, number | undefined]>([
    // util-linux reltime + ctime-delta: the ctime stamp has seconds and a year.
    [
      '[Feb13 23:31] [Fri Feb 13 23:31:30 2009 <    0.000000>] example[0]',
      { kind: 'civil', civil: civil(2009, 2, 13, 23, 31, 30) },
      'example[0]',
      undefined,
    ],
    ['[Apr 7 17:30] x', { kind: 'civil', civil: civil(undefined, 4, 7, 17, 30, 0) }, 'x', undefined],
    // `--time-format delta`: no absolute time.
    ['[<    0.000123>] example[1]', { kind: 'none' }, 'example[1]', undefined],
    ['[<3432659.000000>] example[105]', { kind: 'none' }, 'example[105]', undefined],
    // `-d`: boot-relative time and delta.
    ['[    8.000000 <    7.000000>] example[2]', { kind: 'mono', seconds: 8 }, 'example[2]', undefined],
    [
      '[4557523.000000 <3432659.000000>] example[105]',
      { kind: 'mono', seconds: 4557523 },
      'example[105]',
      undefined,
    ],
    // raw + reltime (`--time-format raw --time-format reltime` puts raw first, so this is reltime first).
    [
      '[Dec22 12:26] [17159596.699613] device veth0',
      { kind: 'civil', civil: civil(undefined, 12, 22, 12, 26, 0) },
      'device veth0',
      17159596.699613,
    ],
  ])('%s', (text, time, msg, kernelMono) => {
    const rec = record(createDmesgReltimeParser().parseLine(text, 1, 0));
    expect(rec.time).toEqual(time);
    expect(rec.msg).toBe(msg);
    expect(rec.kernelMono).toBe(kernelMono);
  });
});

describe('other outcomes', () => {
  it.each(Object.entries(MAKERS))('%s', (_id, make) => {
    const p = make();
    expect(p.parseLine('', 1, 0)).toEqual({ t: 'blank' });
    expect(p.parseLine('  \t ', 1, 0)).toEqual({ t: 'blank' });
    expect(p.parseLine('                           line', 1, 0)).toEqual({ t: 'continuation', text: 'line' });
    expect(p.parseLine('root@node-a:~# dmesg -T', 1, 0)).toEqual({
      t: 'meta',
      meta: { kind: 'prompt', text: 'root@node-a:~# dmesg -T', host: 'node-a', command: 'dmesg -T' },
    });
  });
});

// One line of each neighbouring format; each variant takes only its own.
const LINES: Record<string, string> = {
  dmesg: '[ 5645.168000] ceph: mds0 closed our session',
  dmesgCaller: '[    0.201607] [T12] smp: Bringing up secondary CPUs ...',
  'dmesg-ctime': '[Fri Aug 15 02:38:10 2025] ceph: mds0 caps stale',
  'dmesg-iso': '2009-02-13T23:31:30,123456+00:00 example[0]',
  'dmesg-raw-level': '<3>[   27.000000] example[3]',
  'dmesg-decoded': 'kern  :err   : [   27.000000] example[3]',
  'dmesg-reltime': '[Feb13 23:31] example[0]',
  reltimeDelta: '[  +7.000000] example[2]',
  delta: '[<    0.000000>] example[0]',
  timeDelta: '[    8.000000 <    7.000000>] example[2]',
  kmsg: '6,339,5140900,-;NET: Registered protocol family 10',
  journalShort: 'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
  journalKlog:
    'Jan 29 15:25:06 krs-1 kubelet[10850]: E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "662f2657" found',
  syslogSpace: 'Nov  9 18:09:01 node-a kernel: ceph: mds0 hung',
  klog: 'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "662f2657" found',
  klogCreated: 'Log file created at: 2019/11/12 06:00:01',
  configHeader: 'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
  configRow: 'osd.0        basic     osd_mclock_max_capacity_iops_hdd                   86.136079',
  journalBoot: '-- Boot 6c7c6013a26343b29e964691ff25d04c --',
  rfc3339: '2019-11-12T10:14:41.120020+08:00 node-b kernel: ceph: mds0 hung',
  cri: '2016-10-06T00:17:09.669794202Z stdout F log line',
  rfc3164wire: '<13>Nov 12 10:14:42 node-a root: hello',
  rfc5424: '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 - hello',
  frenchCtime: '[mar. janv. 17 02:59:56 2023] kernel: microcode: microcode updated early',
  badIso: '2019-11-12T10:14:42,1+0800 ceph: mds0 came back',
  badReltime: '[  +0.12] ceph: mds0 caps renewed',
  badCtime: '[Tue Nov 12 10:14 2019] ceph: mds0 caps renewed',
  badMonth: '[Fri Foo 13 23:31:30 2009] x',
  badDate: '2009-13-13T23:31:30,123456+00:00 x',
  badLevel: 'kern  :bogus : [   27.000000] x',
  badFacility: 'kernel:err   : [   27.000000] x',
};
const OWN: Record<string, string[]> = {
  'dmesg-ctime': ['dmesg-ctime'],
  'dmesg-iso': ['dmesg-iso'],
  'dmesg-raw-level': ['dmesg-raw-level'],
  'dmesg-decoded': ['dmesg-decoded'],
  'dmesg-reltime': ['dmesg-reltime', 'reltimeDelta', 'delta', 'timeDelta'],
};

describe('variants reject other formats with a reason', () => {
  for (const [id, make] of Object.entries(MAKERS)) {
    const others = Object.entries(LINES).filter(([name]) => !OWN[id]?.includes(name));
    it.each(others)(`${id} rejects %s`, (_name, text) => {
      expect(make().parseLine(text, 1, 0)).toEqual({
        t: 'unparsed',
        reason: expect.stringContaining('dmesg'),
      });
    });
  }

  it('raw dmesg does not take any variant line', () => {
    for (const name of [
      'dmesg-ctime',
      'dmesg-iso',
      'dmesg-raw-level',
      'dmesg-decoded',
      'dmesg-reltime',
      'reltimeDelta',
      'delta',
      'timeDelta',
    ]) {
      expect(dmesgParser.parseLine(LINES[name] ?? '', 1, 0).t, name).toBe('unparsed');
    }
  });
});

// Detection: detect.ts over the registered formats.
const MINE = new Set<KnownFormat>([...DMESG_VARIANT_FORMATS, ...KMSG_FORMATS].map((f) => f.id));

describe('detection with the new formats registered', () => {
  for (const id of MINE) {
    it.each(fixtureFiles(id))(`test/fixtures/${id}/%s is ${id} and ties with nothing`, (file) => {
      expectOwnFormat(id, file);
    });
  }

  for (const dir of ['dmesg', 'journal-short', 'klog', 'ceph-config-dump', 'unrecognised']) {
    it.each(fixtureFiles(dir))(`test/fixtures/${dir}/%s is not taken by the new formats`, (file) => {
      const d = detectFixture(dir, file);
      expect(d.format).toBe(dir);
      const best = Math.max(0, ...d.candidates.filter((c) => !MINE.has(c.format)).map((c) => c.score));
      for (const id of MINE)
        expect(scoreOf(d, id), id).toBeLessThan(dir === 'unrecognised' ? ACCEPT_SCORE : best);
    });
  }
});

describe('the stamps read by hand (boot seconds with a delta, ctime) end where the regexes ended', () => {
  const NO_CTIME = 'no dmesg -T timestamp ([Www Mmm d hh:mm:ss yyyy], C locale)';
  const feb13 = { kind: 'civil', civil: civil(2009, 2, 13, 23, 31, 30) };
  const kernel = (msg: string, time: unknown, more: object = {}) => ({
    t: 'record',
    rec: { kind: 'entry', line: 2, offset: 10, msg, time, ident: 'kernel', ...more },
  });
  it.each<[string, string, unknown]>([
    [
      'dmesg-ctime',
      '[Tue May  5 18:03:14 2026] x',
      kernel('x', { kind: 'civil', civil: civil(2026, 5, 5, 18, 3, 14) }),
    ],
    [
      'dmesg-ctime',
      '[Tue May 5 18:03:14 2026] x',
      kernel('x', { kind: 'civil', civil: civil(2026, 5, 5, 18, 3, 14) }),
    ],
    ['dmesg-ctime', '[Tue May 123 18:03:14 2026] x', { t: 'unparsed', reason: NO_CTIME }],
    ['dmesg-ctime', '[Tue May   5 18:03:14 2026] x', { t: 'unparsed', reason: NO_CTIME }],
    [
      'dmesg-ctime',
      '[Fri Feb 13 23:31:30 2009 <    7.000000>] [T12] x',
      kernel('x', feb13, { fields: { caller: 'T12' } }),
    ],
    ['dmesg-ctime', '[Fri Feb 13 23:31:30 2009 < -7.000000>] x', kernel('x', feb13)],
    ['dmesg-ctime', '[Fri Feb 13 23:31:30 2009]x', { t: 'unparsed', reason: NO_CTIME }],
    ['dmesg-ctime', '[Fri Feb 13 23:31:30 2009]', kernel('', feb13)],
    ['dmesg-ctime', '[Fri Feb 13 23:31:30 2009][    T0] x', kernel('x', feb13, { fields: { caller: 'T0' } })],
    // The ctime shape with an impossible time: no other stamp is tried.
    ['dmesg-ctime', '[Fri Feb 30 25:31:30 2009] x', { t: 'unparsed', reason: NO_CTIME }],
    [
      'dmesg-ctime',
      '[Fri Feb 13 23:31:30 2009] [ 12.345678] x',
      kernel('x', feb13, { kernelMono: 12.345678 }),
    ],
    ['dmesg-reltime', '[    8.000000 <7.000000>] x', kernel('x', { kind: 'mono', seconds: 8 })],
    ['dmesg-reltime', '[    8.000000 <    7.000000>]', kernel('', { kind: 'mono', seconds: 8 })],
    [
      'dmesg-reltime',
      '[    8.000000 <    7.0000001>] x',
      {
        t: 'unparsed',
        reason:
          'no dmesg reltime/delta timestamp ([Mmmdd hh:mm], [  +s.micros], [<s.micros>] or [s.micros <s.micros>])',
      },
    ],
    [
      'dmesg-raw-level',
      '<3>[   27.1234567] x',
      { t: 'unparsed', reason: 'no dmesg -r prefix (<pri>[seconds.micros])' },
    ],
    [
      'dmesg-raw-level',
      '<14>[   27.000000][C2] x',
      kernel('x', { kind: 'mono', seconds: 27 }, { severity: 6, facility: 1, fields: { caller: 'C2' } }),
    ],
  ])('%s: %j', (format, text, want) => {
    const make = MAKERS[format];
    if (!make) throw new Error(format);
    expect(make().parseLine(text, 2, 10)).toStrictEqual(want);
  });
});
