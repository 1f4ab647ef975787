import { describe, expect, it } from 'vitest';
import { detectFixture, expectNotTakenBy, fixtureCases, scoreOf } from '../test/support/detection.ts';
import { headerSamples } from '../test/support/header-samples.ts';
import {
  createJournalShortMonotonicParser,
  JOURNAL_MODE_FORMATS,
  journalShortFullParser,
  journalShortIsoParser,
  journalShortUnixParser,
} from './journal-modes.ts';
import { JOURNAL_VERBOSE_FORMATS } from './journal-verbose.ts';
import type { EntryRecord, FormatParser, KnownFormat, LineOutcome } from './types.ts';

const makers: Record<string, () => FormatParser> = {
  'journal-short-full': () => journalShortFullParser,
  'journal-short-iso': () => journalShortIsoParser,
  'journal-short-monotonic': () => createJournalShortMonotonicParser(),
  'journal-short-unix': () => journalShortUnixParser,
};

function entry(out: LineOutcome): EntryRecord {
  if (out.t !== 'record' || out.rec.kind !== 'entry') throw new Error(`not an entry: ${JSON.stringify(out)}`);
  return out.rec;
}
const full = (text: string) => journalShortFullParser.parseLine(text, 3, 77);
const iso = (text: string) => journalShortIsoParser.parseLine(text, 3, 77);
const unix = (text: string) => journalShortUnixParser.parseLine(text, 3, 77);
const mono = (text: string) => createJournalShortMonotonicParser().parseLine(text, 3, 77);

describe('header sample lines of journal-modes.ts', () => {
  it('each sample is a record of exactly one of the four modes', () => {
    const owners = headerSamples('./journal-modes.ts').map((s) =>
      Object.entries(makers)
        .filter(([, make]) => make().parseLine(s, 1, 0).t === 'record')
        .map(([id]) => id),
    );
    expect(owners).toEqual([
      ['journal-short-iso'],
      ['journal-short-iso'],
      ['journal-short-monotonic'],
      ['journal-short-full'],
      ['journal-short-unix'],
    ]);
  });
});

describe('journal-short-full', () => {
  it('reads the zone as printed and the year (header sample)', () => {
    const r = entry(
      full(
        'Tue 2023-11-21 16:56:27 EST faldara kernel: Linux version 6.7.0-rc2+ (psusi@faldara) (gcc (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) #42 SMP PREEMPT_DYNAMIC Mon Nov 20 17:11:59 EST 2023',
      ),
    );
    expect(r).toMatchObject({
      kind: 'entry',
      line: 3,
      offset: 77,
      time: {
        kind: 'civil',
        civil: { year: 2023, month: 11, day: 21, hour: 16, minute: 56, second: 27, micros: 0 },
        zone: 'EST',
      },
      host: 'faldara',
      ident: 'kernel',
    });
    expect(r.msg.startsWith('Linux version 6.7.0-rc2+')).toBe(true);
    expect(r.pid).toBeUndefined();
  });

  it.each<[string, Partial<EntryRecord>]>([
    // --utc, numeric %Z, 6.7+ fsid prefix kept in msg.
    [
      'Sat 2024-03-09 16:58:50 UTC node-a kernel: ceph: [bf9495f9-726d-42d3-ac43-53938496bb29 176873]: mds0 closed our session',
      { msg: 'ceph: [bf9495f9-726d-42d3-ac43-53938496bb29 176873]: mds0 closed our session' },
    ],
    [
      'Thu 2023-02-09 21:19:09 +08 node-b kernel: ceph: mds0 hung',
      { time: { kind: 'civil', civil: expect.objectContaining({ year: 2023 }), zone: '+08' } },
    ],
    [
      'Thu 2023-02-09 21:19:09 +0530 node-b kernel: x',
      { time: { kind: 'civil', civil: expect.objectContaining({ hour: 21 }), zone: '+0530' } },
    ],
    // with-unit: the unit (and user unit) replaces the identifier.
    [
      'Sat 2024-03-09 16:58:52 UTC node-a kubelet.service[3195]: hello',
      { ident: 'kubelet.service', pid: 3195 },
    ],
    [
      'Sat 2024-03-09 16:58:54 UTC node-a user@1000.service/app.service[4242]: hi',
      { ident: 'user@1000.service/app.service', pid: 4242 },
    ],
    // An empty message prints `ident[pid]: ` and a newline.
    ['Sat 2024-03-09 16:58:54 UTC node-a foo[12]: ', { ident: 'foo', pid: 12, msg: '' }],
    ['Sat 2024-03-09 16:58:54 UTC node-a foo[12]:', { msg: '' }],
    // A syslog-relayed kernel line can keep its printk stamp.
    [
      'Sat 2024-03-09 16:58:54 UTC node-a kernel: [ 5645.168000] ceph: mds0 closed our session',
      { kernelMono: 5645.168, msg: 'ceph: mds0 closed our session' },
    ],
    ['Sat 2024-03-09 16:58:54 UTC node-a app[1]: [12.123456] mine', { msg: '[12.123456] mine' }],
  ])('%s', (text, want) => {
    expect(entry(full(text))).toMatchObject(want);
  });

  it('fills klog for a kubelet message', () => {
    const r = entry(
      full(
        'Sat 2024-03-09 16:58:52 UTC node-a kubelet[3195]: E0309 16:58:52.132866    3195 kubelet_volumes.go:66] "Pod found, but error occurred during checking mounted volumes from disk" err="stat /x: permission denied"',
      ),
    );
    expect(r.klog).toMatchObject({ level: 'E', pid: 3195, file: 'kubelet_volumes.go', srcLine: 66 });
    expect(r.klog?.time).toEqual({ month: 3, day: 9, hour: 16, minute: 58, second: 52, micros: 132866 });
  });

  it.each<[string, string]>([
    ['Tue 2023-11-21 25:61:00 EST faldara kernel: x', 'timestamp is not a calendar time'],
    ['Sat 2024-03-09 16:58:55 UTC node-a', 'without a host ident[pid]: body'],
    // --no-hostname is not read: the identifier would be taken for a host.
    ['Sat 2024-03-09 16:58:55 UTC kernel: ceph: mds0 hung', 'without a host ident[pid]: body'],
    // The verbose header has µs and a cursor.
    [
      'Tue 2017-10-24 10:37:50.315725 UTC [s=6bffb876a10048479266ab251fa82f13;i=524715a;b=0a163cddc55946f889e0c7d0d3b917e8;m=914ed6facb5;t=55c4887dc4ccd;x=98df4480dbf4c068]',
      'no journal-short-full prefix',
    ],
    ['Nov 21 16:59:00 faldara kernel: a default short line', 'no journal-short-full prefix'],
  ])('refuses %s', (text, reason) => {
    const out = full(text);
    expect(out.t).toBe('unparsed');
    expect(out.t === 'unparsed' && out.reason).toContain(reason);
  });
});

describe('journal-short-iso', () => {
  it.each<[string, EntryRecord['time']]>([
    [
      '2023-09-08T17:20:30+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.',
      {
        kind: 'civil',
        civil: { year: 2023, month: 9, day: 8, hour: 17, minute: 20, second: 30, micros: 0 },
        zone: '+0200',
      },
    ],
    [
      '2023-09-08T17:20:30.655028+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.',
      {
        kind: 'civil',
        civil: { year: 2023, month: 9, day: 8, hour: 17, minute: 20, second: 30, micros: 655028 },
        zone: '+0200',
      },
    ],
    // v255+ (PR #29134) prints a colon in the offset; --utc gives +00:00.
    [
      '2023-09-08T17:20:30.655028+02:00 tarta r710_fan_controller.sh[20911]: x',
      {
        kind: 'civil',
        civil: { year: 2023, month: 9, day: 8, hour: 17, minute: 20, second: 30, micros: 655028 },
        zone: '+02:00',
      },
    ],
    [
      '2024-03-09T16:58:50+00:00 node-a kernel: ceph: mds0 closed our session',
      {
        kind: 'civil',
        civil: { year: 2024, month: 3, day: 9, hour: 16, minute: 58, second: 50, micros: 0 },
        zone: '+00:00',
      },
    ],
    [
      '2024-03-09T11:58:50-0500 node-a kernel: x',
      {
        kind: 'civil',
        civil: { year: 2024, month: 3, day: 9, hour: 11, minute: 58, second: 50, micros: 0 },
        zone: '-0500',
      },
    ],
  ])('%s', (text, time) => {
    expect(entry(iso(text)).time).toEqual(time);
  });

  it('reads host, ident, pid and msg', () => {
    expect(
      entry(
        iso(
          '2023-09-08T17:20:30+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.',
        ),
      ),
    ).toMatchObject({
      host: 'tarta',
      ident: 'r710_fan_controller.sh',
      pid: 20911,
      msg: 'Highest drive temperature: 43 Celcius.',
    });
  });

  it.each<[string, string]>([
    // journalctl never prints Z (rsyslog, CRI and kubectl --timestamps do).
    ['2024-03-09T16:58:54.000000Z node-a kubelet[3195]: x', 'no journal-short-iso prefix'],
    ['2016-10-06T00:17:09.669794202Z stdout P log content 1', 'no journal-short-iso prefix'],
    ['2024-03-09T16:58:52.2+00:00 node-a kubelet[3195]: x', 'no journal-short-iso prefix'],
    // dmesg --time-format iso has a comma before the µs and no host.
    ['2024-03-09T16:58:52,133046+00:00 ceph: mds0 closed our session', 'no journal-short-iso prefix'],
    ['2024-13-09T16:58:52+00:00 node-a kernel: x', 'timestamp is not a calendar time'],
  ])('refuses %s', (text, reason) => {
    const out = iso(text);
    expect(out.t).toBe('unparsed');
    expect(out.t === 'unparsed' && out.reason).toContain(reason);
  });
});

describe('journal-short-unix', () => {
  it.each<[string, number]>([
    ['1699524554.123456 node-a kernel: x', 1699524554123.456],
    ['1710003530.101234 node-a kernel: libceph: mds0 (1)10.99.10.4:6801 session reset', 1710003530101.234],
    ['1710003530.000000 node-a kernel: x', 1710003530000],
    // `%10ld`: a clock still at 1970 early in boot pads the seconds.
    ['         5.000001 localhost kernel: x', 5000.001],
  ])('%s', (text, ms) => {
    const r = entry(unix(text));
    expect(r.time).toEqual({ kind: 'epoch', ms });
    expect(r.ident).toBe('kernel');
  });

  it('keeps the microseconds exactly as the millisecond fraction', () => {
    const r = entry(
      unix('1710003532.133046 node-a kubelet[3195]: I0309 16:58:52.132866    3195 kubelet.go:1] x'),
    );
    expect(r.time).toEqual({ kind: 'epoch', ms: 1710003532133.046 });
    expect(r).toMatchObject({ host: 'node-a', ident: 'kubelet', pid: 3195 });
    expect(r.klog?.srcLine).toBe(1);
  });

  it.each<string>([
    '1710003534.5 node-a kubelet[3195]: x',
    '[ 5645.168000] ceph: mds0 closed our session',
    '6,1234,5645168000,-;ceph: mds0 closed our session',
  ])('refuses %s', (text) => {
    expect(unix(text).t).toBe('unparsed');
  });
});

describe('journal-short-monotonic', () => {
  it('reads the seconds since boot (header sample)', () => {
    const r = entry(
      mono(
        '[   18.754670] localhost systemd[1]: Create System Users was skipped because of a failed condition check (ConditionNeedsUpdate=/etc).',
      ),
    );
    expect(r).toMatchObject({
      time: { kind: 'mono', seconds: 18.75467 },
      host: 'localhost',
      ident: 'systemd',
      pid: 1,
    });
  });

  it.each<[string, Partial<EntryRecord>]>([
    ['[    0.000000] localhost kernel: Linux version 5.15.0', { time: { kind: 'mono', seconds: 0 } }],
    [
      '[1567288.583940] node-a kernel: libceph: mon0 (1)192.168.3.235:6789 session lost, hunting for new mon',
      { time: { kind: 'mono', seconds: 1567288.58394 }, ident: 'kernel' },
    ],
  ])('%s', (text, want) => {
    expect(entry(mono(text))).toMatchObject(want);
  });

  it('refuses raw dmesg lines: no host, or a first token that is not the file host', () => {
    const p = createJournalShortMonotonicParser();
    const outs = [
      '[    4.000000] localhost systemd[1]: Hostname set to <node-a>.',
      '[    5.000000] ceph: mds0 closed our session', // host cannot hold ':'
      '[    5.100000] systemd[1]: Started Journal Service: ok', // nor brackets
      '[    5.200000] usb 1-1: new high-speed USB device number 2 using xhci_hcd', // `usb` is not the host
      '[    5.300000] Hardware name: QEMU Standard PC', // neither is `Hardware`
      // journald's own shapes may switch host: kernel lines and ident[pid] lines.
      "[    9.300000] node-a kernel: FS-Cache: Netfs 'ceph' registered for caching",
      '[    9.400000] node-b dockerd[812]: started',
      '[    9.500000] node-a kubelet: no pid but a known host',
      '[    9.600000] EXT4-fs (sda1): mounted filesystem',
    ].map((t, i) => p.parseLine(t, i + 1, 0));
    expect(outs.map((o) => o.t)).toEqual([
      'record',
      'unparsed',
      'unparsed',
      'unparsed',
      'unparsed',
      'record',
      'record',
      'record',
      'unparsed',
    ]);
    expect(outs[3]).toEqual({
      t: 'unparsed',
      reason: 'host token "usb" differs from the file\'s first host "localhost" (raw dmesg line?)',
    });
  });

  it('keeps the remembered host per parser instance (fresh per file)', () => {
    const a = createJournalShortMonotonicParser();
    a.parseLine('[ 1.000000] node-a app: x', 1, 0);
    expect(a.parseLine('[ 2.000000] node-b app: y', 2, 0).t).toBe('unparsed');
    expect(createJournalShortMonotonicParser().parseLine('[ 2.000000] node-b app: y', 1, 0).t).toBe('record');
  });

  it.each<string>([
    // short-delta is another mode.
    '[ 5645.300000 <    0.099000>] node-a kernel: x',
    '[Tue Nov 21 16:58:01 2023] ceph: mds0 closed our session',
    '<6>[ 5645.168000] ceph: mds0 closed our session',
  ])('refuses %s', (text) => {
    expect(mono(text).t).toBe('unparsed');
  });
});

describe('all short modes: markers, continuations, prompts, other formats', () => {
  const modes = Object.entries(makers);

  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    [
      '-- Boot 6c7c6013a26343b29e964691ff25d04c --',
      { t: 'meta', meta: { kind: 'journal-boot', bootId: '6c7c6013a26343b29e964691ff25d04c' } },
    ],
    ['-- Reboot --', { t: 'meta', meta: { kind: 'journal-boot' } }],
    [
      '-- Logs begin at Thu 2023-02-09 21:19:09 UTC, end at Thu 2023-03-09 16:59:16 UTC. --',
      {
        t: 'meta',
        meta: {
          kind: 'journal-range',
          begin: { year: 2023, month: 2, day: 9, hour: 21, minute: 19, second: 9, micros: 0 },
          zone: 'UTC',
        },
      },
    ],
    [
      '-- Journal begins at Mon 2023-08-28 17:12:05 EDT, ends at Tue 2023-11-21 17:00:31 EST. --',
      {
        t: 'meta',
        meta: {
          kind: 'journal-range',
          begin: { year: 2023, month: 8, day: 28, hour: 17, minute: 12, second: 5, micros: 0 },
          zone: 'EDT',
        },
      },
    ],
    ['-- No entries --', { t: 'meta', meta: { kind: 'other-marker', text: '-- No entries --' } }],
    [
      'Hint: You are currently not seeing messages from other users and the system.',
      {
        t: 'meta',
        meta: {
          kind: 'other-marker',
          text: 'Hint: You are currently not seeing messages from other users and the system.',
        },
      },
    ],
    [
      '                                                   Unmounting arguments: /var/lib/kubelet/pods/x',
      { t: 'continuation', text: 'Unmounting arguments: /var/lib/kubelet/pods/x' },
    ],
    [
      'root@node-a:~# journalctl -o short-iso',
      {
        t: 'meta',
        meta: {
          kind: 'prompt',
          text: 'root@node-a:~# journalctl -o short-iso',
          host: 'node-a',
          command: 'journalctl -o short-iso',
        },
      },
    ],
  ])('%j', (text, want) => {
    for (const [, make] of modes) expect(make().parseLine(text, 1, 0)).toEqual(want);
  });

  // One line of every other format; each mode must refuse the lines that are not its own.
  const others: [string, string][] = [
    ['dmesg', '[ 5645.168000] ceph: mds0 closed our session'],
    [
      'dmesg',
      '[    0.000000] Linux version 5.15.0-125-generic (buildd@lcy02-amd64-040) (gcc (Ubuntu 11.4.0)',
    ],
    ['journal-short', 'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session'],
    [
      'journal-short',
      'Mar 09 16:58:52.133046 master01 kubenswrapper[3195]: I0309 16:58:52.132866    3195 kubelet_getters.go:182] "Pod status updated"',
    ],
    ['klog', 'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "x" found'],
    [
      'ceph-config-dump',
      'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
    ],
    [
      'ceph-config-dump',
      'mgr          advanced  mgr/dashboard/ssl                                  true       *',
    ],
    ['journal-short-full', 'Tue 2023-11-21 16:58:01 EST faldara kernel: ceph: mds0 reconnect denied'],
    ['journal-short-iso', '2023-09-08T17:20:30.655028+0200 tarta r710_fan_controller.sh[20911]: x'],
    ['journal-short-monotonic', '[ 5645.168000] node-a kernel: ceph: mds0 closed our session'],
    ['journal-short-unix', '1710003530.103456 node-a kernel: ceph: mds0 closed our session'],
    [
      'journal-verbose',
      'Tue 2017-10-24 10:37:50.315725 UTC [s=6bffb876a10048479266ab251fa82f13;i=524715a;b=0a163cddc55946f889e0c7d0d3b917e8;m=914ed6facb5;t=55c4887dc4ccd;x=98df4480dbf4c068]',
    ],
    ['journal-verbose', '    MESSAGE=be2net 0000:06:00.0 eno49: Link is Down'],
    [
      'journal-export',
      '__CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8;b=6c7c6013a26343b29e964691ff25d04c',
    ],
    ['kmsg', '6,1234,5645168000,-;ceph: mds0 closed our session'],
    ['dmesg-iso', '2024-03-09T16:58:52,133046+00:00 ceph: mds0 closed our session'],
  ];
  for (const [id, make] of modes) {
    it.each(others.filter(([owner]) => owner !== id))(`${id} refuses a %s line: %s`, (_owner, text) => {
      expect(make().parseLine(text, 1, 0).t).toBe('unparsed');
    });
    it.each(others.filter(([owner]) => owner === id))(`${id} reads its own %s line`, (_owner, text) => {
      expect(make().parseLine(text, 1, 0).t).toBe('record');
    });
  }
});

// ---- detection: detect.ts over the registered formats (short-monotonic comes before raw dmesg) ----

const MY_IDS: KnownFormat[] = [...JOURNAL_MODE_FORMATS, ...JOURNAL_VERBOSE_FORMATS].map((f) => f.id);

describe('detection with these formats registered', () => {
  it.each(fixtureCases(MY_IDS))('%s/%s is detected as its own format', (dir, file) => {
    expect(detectFixture(dir, file).format).toBe(dir);
  });

  it.each(fixtureCases(['dmesg', 'journal-short', 'klog', 'ceph-config-dump', 'unrecognised']))(
    'existing %s/%s is not taken by a journal mode',
    (dir, file) => {
      expect(expectNotTakenBy(dir, file, MY_IDS).format).toBe(dir);
    },
  );

  it('no journal mode ties with another on its own fixtures, except short-monotonic with dmesg', () => {
    for (const [dir, file] of fixtureCases(MY_IDS)) {
      const d = detectFixture(dir, file);
      const own = scoreOf(d, dir as KnownFormat);
      const rivals = d.candidates.filter((c) => c.format !== dir && c.score >= own).map((c) => c.format);
      if (file === 'systemd-30054-localhost-short-monotonic.log') expect(rivals).toEqual(['dmesg']);
      else expect(rivals, `${dir}/${file}`).toEqual([]);
    }
  });

  it('a short-monotonic file with nothing but entries ties with dmesg: the file name or the order decides', () => {
    const [dir, file] = ['journal-short-monotonic', 'systemd-30054-localhost-short-monotonic.log'];
    expect(detectFixture(dir, file, 'boot.txt').format).toBe('journal-short-monotonic');
    expect(detectFixture(dir, file, 'journalctl_-o_short-monotonic').format).toBe('journal-short-monotonic');
  });
});
