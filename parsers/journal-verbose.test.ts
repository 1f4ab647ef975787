import { describe, expect, it } from 'vitest';
import { headerSamples } from '../test/support/header-samples.ts';
import {
  createJournalShortMonotonicParser,
  journalShortFullParser,
  journalShortIsoParser,
  journalShortUnixParser,
} from './journal-modes.ts';
import { createJournalVerboseParser } from './journal-verbose.ts';
import type { EntryRecord, LineOutcome } from './types.ts';

interface Run {
  outs: LineOutcome[];
  /** Every record: those returned by header lines, then those of finish(). */
  records: EntryRecord[];
}

function run(lines: readonly string[]): Run {
  const p = createJournalVerboseParser();
  let offset = 0;
  const outs = lines.map((text, i) => {
    const out = p.parseLine(text, i + 1, offset);
    offset += text.length + 1;
    return out;
  });
  const records = [
    ...outs.flatMap((o) => (o.t === 'record' && o.rec.kind === 'entry' ? [o.rec] : [])),
    ...(p.finish?.() ?? []).flatMap((r) => (r.kind === 'entry' ? [r] : [])),
  ];
  return { outs, records };
}

const KERNEL_ENTRY = [
  'Tue 2017-10-24 10:37:50.315725 UTC [s=6bffb876a10048479266ab251fa82f13;i=524715a;b=0a163cddc55946f889e0c7d0d3b917e8;m=914ed6facb5;t=55c4887dc4ccd;x=98df4480dbf4c068]',
  '    PRIORITY=6',
  '    _BOOT_ID=0a163cddc55946f889e0c7d0d3b917e8',
  '    _TRANSPORT=kernel',
  '    SYSLOG_IDENTIFIER=kernel',
  '    _KERNEL_SUBSYSTEM=pci',
  '    _KERNEL_DEVICE=+pci:0000:06:00.0',
  '    MESSAGE=be2net 0000:06:00.0 eno49: Link is Down',
  '    _SOURCE_MONOTONIC_TIMESTAMP=9986115138436',
];

describe('journal-verbose', () => {
  it('header sample lines are a header and its fields (parts), finished into one entry', () => {
    const { outs, records } = run(headerSamples('./journal-verbose.ts'));
    expect(outs.map((o) => o.t)).toEqual(['part', 'part', 'part', 'part', 'part', 'part']);
    expect(records).toHaveLength(1);
  });

  it('reads the §3.7 kernel entry', () => {
    const { outs, records } = run(KERNEL_ENTRY);
    expect(outs.every((o) => o.t === 'part')).toBe(true);
    expect(records).toEqual([
      {
        kind: 'entry',
        line: 1,
        offset: 0,
        // t=55c4887dc4ccd µs, exact, whatever the header's zone.
        time: { kind: 'epoch', ms: 1508841470315.725 },
        ident: 'kernel',
        severity: 6,
        bootId: '0a163cddc55946f889e0c7d0d3b917e8',
        kernelMono: 9986115.138436,
        msg: 'be2net 0000:06:00.0 eno49: Link is Down',
        fields: { __MONOTONIC_TIMESTAMP: '9985487514805', _TRANSPORT: 'kernel' },
      },
    ]);
  });

  it('returns an entry as the outcome of the next header, with its own line and offset', () => {
    const second = KERNEL_ENTRY.map((l) => l.replace('i=524715a', 'i=524715b'));
    const { outs, records } = run([...KERNEL_ENTRY, ...second]);
    const header2 = outs[KERNEL_ENTRY.length];
    expect(header2?.t).toBe('record');
    expect(header2?.t === 'record' && header2.rec.line).toBe(1);
    expect(records.map((r) => [r.line, r.offset])).toEqual([
      [1, 0],
      [10, KERNEL_ENTRY.join('\n').length + 1],
    ]);
  });

  it('joins a multi-line value, keeping empty lines and the value’s own indent', () => {
    const ind = ' '.repeat(4 + 'MESSAGE'.length + 1);
    const { outs, records } = run([
      'Sat 2024-03-09 16:58:53.000123 UTC [s=6bffb876a10048479266ab251fa82f13;i=5247211;b=6c7c6013a26343b29e964691ff25d04c;m=150a6ada0;t=6133d39262dbb;x=1f2e3d4c5b6a7988]',
      '    _HOSTNAME=node-a',
      '    PRIORITY=3',
      '    _COMM=kubelet',
      '    SYSLOG_PID=3195',
      '    MESSAGE=E0309 16:58:53.000001    3195 mount_linux.go:236] Mount failed: exit status 5',
      `${ind}Mounting command: mount`,
      ind,
      `${ind}  Output: indented by the message itself`,
      '    CODE_FILE=[1.2K blob data]',
    ]);
    expect(outs.map((o) => o.t)).toEqual(Array(10).fill('part'));
    const [r] = records;
    expect(r).toMatchObject({
      time: { kind: 'epoch', ms: 1710003533000.123 },
      host: 'node-a',
      ident: 'kubelet',
      pid: 3195,
      severity: 3,
      bootId: '6c7c6013a26343b29e964691ff25d04c',
      msg: 'E0309 16:58:53.000001    3195 mount_linux.go:236] Mount failed: exit status 5\nMounting command: mount\n\n  Output: indented by the message itself',
    });
    expect(r?.klog).toMatchObject({ level: 'E', file: 'mount_linux.go', srcLine: 236 });
    expect(r?.klog?.msg).toBe(
      'Mount failed: exit status 5\nMounting command: mount\n\n  Output: indented by the message itself',
    );
  });

  it.each<[string, string[], Partial<EntryRecord>]>([
    [
      'SYSLOG_IDENTIFIER before _COMM, _PID before SYSLOG_PID, facility',
      [
        '    _COMM=kubelet',
        '    SYSLOG_IDENTIFIER=kubenswrapper',
        '    SYSLOG_PID=1',
        '    _PID=3195',
        '    SYSLOG_FACILITY=3',
        '    _SYSTEMD_UNIT=kubelet.service',
        '    _MACHINE_ID=a91663387a90b89f185d4e860000001a',
      ],
      {
        ident: 'kubenswrapper',
        pid: 3195,
        facility: 3,
        fields: {
          __MONOTONIC_TIMESTAMP: '5645170000',
          _MACHINE_ID: 'a91663387a90b89f185d4e860000001a',
          _SYSTEMD_UNIT: 'kubelet.service',
        },
      },
    ],
    // _TRANSPORT=kernel wins over any identifier.
    ['kernel transport', ['    SYSLOG_IDENTIFIER=ceph', '    _TRANSPORT=kernel'], { ident: 'kernel' }],
    // No _BOOT_ID field: the cursor's b= is the boot.
    ['boot id from the cursor', [], { bootId: '6c7c6013a26343b29e964691ff25d04c' }],
    [
      '_BOOT_ID field',
      ['    _BOOT_ID=0a163cddc55946f889e0c7d0d3b917e8'],
      { bootId: '0a163cddc55946f889e0c7d0d3b917e8' },
    ],
    // A repeated field: the first value counts.
    ['repeated MESSAGE', ['    MESSAGE=first', '    MESSAGE=second'], { msg: 'first' }],
    ['no MESSAGE', ['    PRIORITY=9'], { msg: '' }],
    ['early-boot source stamp 0', ['    _SOURCE_MONOTONIC_TIMESTAMP=0'], { kernelMono: 0 }],
  ])('%s', (_name, fields, want) => {
    const { records } = run([
      'Sat 2024-03-09 16:58:50.101234 UTC [s=6bffb876a10048479266ab251fa82f13;i=5247200;b=6c7c6013a26343b29e964691ff25d04c;m=1507a7550;t=6133d38f9f1f2;x=1f2e3d4c5b6a7988]',
      ...fields,
    ]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject(want);
    if (!('severity' in want)) expect(records[0]?.severity).toBeUndefined();
  });

  it.each<[string, EntryRecord['time']]>([
    // Without t= (a cursor from another tool), the header's civil time and zone.
    [
      'Mon 2025-01-20 15:05:58.411543 CET [s=3c16c64ddc5e47d3860baf61bd03cdcb;i=f293a2;b=5431e12877f64e10b32eae46c739923e;m=2321b29f4;x=fbb7f5b297371ab4]',
      {
        kind: 'civil',
        civil: { year: 2025, month: 1, day: 20, hour: 15, minute: 5, second: 58, micros: 411543 },
        zone: 'CET',
      },
    ],
    [
      'Mon 2025-01-20 15:05:58.411543 CET [s=3c16c64ddc5e47d3860baf61bd03cdcb;i=f293a2;b=5431e12877f64e10b32eae46c739923e;m=2321b29f4;t=62c23c2786517;x=fbb7f5b297371ab4]',
      { kind: 'epoch', ms: 1737381958411.543 },
    ],
    // Old cursors carry `;p=system.journal`.
    [
      'Tue 2012-07-17 18:01:01.421465 CEST [s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8;b=6c7c6013a26343b29e964691ff25d04c;m=4fc72572f;t=4c508a7243799;x=68597058a89b7246;p=system.journal]',
      { kind: 'epoch', ms: 1342540861421.465 },
    ],
    [
      '(no timestamp) [s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8;b=6c7c6013a26343b29e964691ff25d04c;m=4fc72572f;x=68597058a89b7246]',
      { kind: 'none' },
    ],
  ])('%s', (header, time) => {
    expect(run([header, '    MESSAGE=x']).records[0]?.time).toEqual(time);
  });

  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    [
      '-- Logs begin at Tue 2017-10-24 10:37:50 UTC, end at Sat 2024-03-09 17:00:00 UTC. --',
      {
        t: 'meta',
        meta: {
          kind: 'journal-range',
          begin: { year: 2017, month: 10, day: 24, hour: 10, minute: 37, second: 50, micros: 0 },
          zone: 'UTC',
        },
      },
    ],
    [
      '-- Boot 6c7c6013a26343b29e964691ff25d04c --',
      { t: 'meta', meta: { kind: 'journal-boot', bootId: '6c7c6013a26343b29e964691ff25d04c' } },
    ],
    [
      '$ journalctl -o verbose',
      {
        t: 'meta',
        meta: { kind: 'prompt', text: '$ journalctl -o verbose', command: 'journalctl -o verbose' },
      },
    ],
    ['    MESSAGE=x', { t: 'unparsed', reason: 'verbose field line before any entry header' }],
    ['        more text', { t: 'unparsed', reason: 'indented line before any entry header' }],
  ])('outside an entry: %j', (text, want) => {
    expect(run([text]).outs[0]).toEqual(want);
  });

  it('keeps an entry open across markers, blanks and bad lines', () => {
    const { outs, records } = run([
      KERNEL_ENTRY[0] ?? '',
      '    PRIORITY=6',
      '',
      '-- Subject: A catalog line',
      'MESSAGE=an unindented field line is journal export',
      '    MESSAGE=still this entry',
    ]);
    expect(outs.map((o) => o.t)).toEqual(['part', 'part', 'blank', 'meta', 'unparsed', 'part']);
    expect(records).toHaveLength(1);
    expect(records[0]?.msg).toBe('still this entry');
  });

  it('finish() is empty without an entry and returns the open one only once', () => {
    const p = createJournalVerboseParser();
    expect(p.finish?.()).toEqual([]);
    p.parseLine(KERNEL_ENTRY[0] ?? '', 1, 0);
    expect(p.finish?.()).toHaveLength(1);
    expect(p.finish?.()).toEqual([]);
  });

  // One line of every other format: none is a verbose header or field line.
  it.each<string>([
    '[ 5645.168000] ceph: mds0 closed our session',
    'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
    'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "x" found',
    'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
    'Tue 2023-11-21 16:58:01 EST faldara kernel: ceph: mds0 reconnect denied',
    '2023-09-08T17:20:30.655028+0200 tarta r710_fan_controller.sh[20911]: x',
    '[ 5645.168000] node-a kernel: ceph: mds0 closed our session',
    '1710003530.103456 node-a kernel: ceph: mds0 closed our session',
    '__CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8;b=6c7c6013a26343b29e964691ff25d04c',
    '__REALTIME_TIMESTAMP=1342540861421465',
    // Verbose header without µs.
    'Tue 2017-10-24 10:37:50 UTC [s=6bffb876a10048479266ab251fa82f13;i=524715a]',
  ])('refuses %s', (text) => {
    expect(run([text]).outs[0]?.t).toBe('unparsed');
  });

  it('short modes refuse verbose lines', () => {
    for (const p of [
      journalShortFullParser,
      journalShortIsoParser,
      journalShortUnixParser,
      createJournalShortMonotonicParser(),
    ]) {
      expect(KERNEL_ENTRY.map((l, i) => p.parseLine(l, i + 1, 0).t)).toEqual(Array(9).fill('unparsed'));
    }
  });
});
