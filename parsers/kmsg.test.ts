import { describe, expect, it } from 'vitest';
import { headerSamples } from '../test/support/header-samples.ts';
import { createKmsgParser, KMSG_FORMATS, unescapeKmsg } from './kmsg.ts';
import type { EntryRecord, LineOutcome } from './types.ts';

function record(out: LineOutcome): EntryRecord {
  expect(out.t).toBe('record');
  if (out.t !== 'record' || out.rec.kind !== 'entry') throw new Error(`not an entry: ${JSON.stringify(out)}`);
  return out.rec;
}

describe('header sample lines', () => {
  it('./kmsg.ts', () => {
    const samples = headerSamples('./kmsg.ts');
    const parser = KMSG_FORMATS[0]?.create();
    expect(parser?.id).toBe('kmsg');
    expect(samples.map((s, i) => parser?.parseLine(s, i + 1, 0).t)).toEqual([
      'record',
      'continuation',
      'continuation',
      'record',
      'record',
    ]);
  });
});

describe('kmsg records', () => {
  it.each<[string, number, number, number, number, string, Record<string, string> | undefined]>([
    [
      '7,160,424069,-;pci_root PNP0A03:00: host bridge window [io  0x0000-0x0cf7] (ignored)',
      0.424069,
      160,
      7,
      0,
      'pci_root PNP0A03:00: host bridge window [io  0x0000-0x0cf7] (ignored)',
      undefined,
    ],
    [
      '6,339,5140900,-;NET: Registered protocol family 10',
      5.1409,
      339,
      6,
      0,
      'NET: Registered protocol family 10',
      undefined,
    ],
    // Userspace wrote it (facility 3, daemon).
    [
      '30,340,5690716,-;udevd[80]: starting version 181',
      5.690716,
      340,
      6,
      3,
      'udevd[80]: starting version 181',
      undefined,
    ],
    // Kernel 3.5: no flags field.
    [
      '6,339,5140900;NET: Registered protocol family 10',
      5.1409,
      339,
      6,
      0,
      'NET: Registered protocol family 10',
      undefined,
    ],
    // CONFIG_PRINTK_CALLER.
    [
      '0,0,0,-,caller=T1;Linux version 6.6.4-arch1-1 (linux@archlinux)',
      0,
      0,
      0,
      0,
      'Linux version 6.6.4-arch1-1 (linux@archlinux)',
      { caller: 'T1' },
    ],
    // A fragment, and unknown future fields are kept.
    [
      '4,1740,5654001311,c,foo=bar,baz;get_quota_realm: 37 callbacks',
      5654.001311,
      1740,
      4,
      0,
      'get_quota_realm: 37 callbacks',
      { flags: 'c', foo: 'bar', extra2: 'baz' },
    ],
    // `;` inside the message.
    ['6,1,2,-;a; b', 0.000002, 1, 6, 0, 'a; b', undefined],
    ['6,1,2,-;', 0.000002, 1, 6, 0, '', undefined],
    // Escapes are undone the way dmesg prints them.
    [
      '6,5,6,-;ACPI: \\x5c_SB_.PRWL: New power resource',
      0.000006,
      5,
      6,
      0,
      'ACPI: \\_SB_.PRWL: New power resource',
      undefined,
    ],
  ])('%s', (text, seconds, seq, severity, facility, msg, fields) => {
    const rec = record(createKmsgParser().parseLine(text, 4, 120));
    expect(rec).toMatchObject({
      kind: 'entry',
      line: 4,
      offset: 120,
      ident: 'kernel',
      seq,
      severity,
      facility,
      msg,
    });
    expect(rec.time).toEqual({ kind: 'mono', seconds });
    expect(rec.fields).toEqual(fields);
  });
});

describe('kmsg other outcomes', () => {
  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    [' SUBSYSTEM=acpi', { t: 'continuation', text: 'SUBSYSTEM=acpi' }],
    [' DEVICE=+acpi:PNP0A03:00', { t: 'continuation', text: 'DEVICE=+acpi:PNP0A03:00' }],
    [' DEVICE=b12:8', { t: 'continuation', text: 'DEVICE=b12:8' }],
    [
      'root@node-a:~# cat /dev/kmsg',
      {
        t: 'meta',
        meta: {
          kind: 'prompt',
          text: 'root@node-a:~# cat /dev/kmsg',
          host: 'node-a',
          command: 'cat /dev/kmsg',
        },
      },
    ],
  ])('%j', (text, want) => {
    expect(createKmsgParser().parseLine(text, 1, 0)).toEqual(want);
  });
});

describe('kmsg NUL-separated records (dmesg -K files)', () => {
  it('drops a NUL at either end of a line', () => {
    const p = createKmsgParser();
    expect(record(p.parseLine('\u00006,339,5140900,-;NET: x\u0000', 2, 10)).seq).toBe(339);
    expect(p.parseLine('\u0000', 3, 20)).toEqual({ t: 'blank' });
    expect(p.finish?.()).toEqual([]);
  });

  it('returns the first record of a line and the others from finish()', () => {
    const p = createKmsgParser();
    const first = record(
      p.parseLine('5,0,0,-;Linux version 6.6.4\u00006,1,0,-;Command line: rw\u00006,2,1,-;BIOS', 1, 0),
    );
    expect(first).toMatchObject({ seq: 0, msg: 'Linux version 6.6.4', line: 1, offset: 0 });
    const rest = p.finish?.() ?? [];
    expect(rest.map((r) => [r.kind === 'entry' ? r.seq : -1, r.msg, r.line])).toEqual([
      [1, 'Command line: rw', 1],
      [2, 'BIOS', 1],
    ]);
    expect(p.finish?.()).toEqual([]);
  });
});

describe('unescapeKmsg', () => {
  it.each([
    ['plain', 'plain'],
    ['\\x5cvar\\x5clib', '\\var\\lib'],
    ['caf\\xc3\\xa9', 'café'],
    // Control characters stay escaped, as dmesg prints them.
    ['new\\x0aline', 'new\\x0aline'],
    ['bell\\x07', 'bell\\x07'],
    // Not UTF-8: kept as printed.
    ['bad\\xff', 'bad\\xff'],
  ])('%s', (text, want) => {
    expect(unescapeKmsg(text)).toBe(want);
  });
});

describe('kmsg rejects other formats with a reason', () => {
  it.each([
    '[ 5645.168000] ceph: mds0 closed our session',
    '[Fri Aug 15 02:38:10 2025] ceph: mds0 caps stale',
    '2009-02-13T23:31:30,123456+00:00 example[0]',
    '<3>[   27.000000] example[3]',
    'kern  :err   : [   27.000000] example[3]',
    '[Feb13 23:31] example[0]',
    '[  +7.000000] example[2]',
    'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
    'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "662f2657" found',
    'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
    'osd.0        basic     osd_mclock_max_capacity_iops_hdd                   86.136079',
    '-- Boot 6c7c6013a26343b29e964691ff25d04c --',
    // Malformed kmsg: fractional usec, missing seq, lowercase context key, two leading blanks.
    '6,1747,5660.000300,-;ceph: mds0 came back',
    '6,5660000300;ceph: mds0 came back',
    ' subsystem=acpi',
    '  SUBSYSTEM=acpi',
    '^C',
  ])('%s', (text) => {
    expect(createKmsgParser().parseLine(text, 1, 0)).toEqual({
      t: 'unparsed',
      reason: expect.stringContaining('kmsg'),
    });
  });
});
