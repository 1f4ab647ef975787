import { describe, expect, it } from 'vitest';
import {
  detectFixture,
  expectOwnFormat,
  fixtureCases,
  fixtureFiles,
  readFixture,
  scoreOf,
} from '../test/support/detection.ts';
import { headerSamples } from '../test/support/header-samples.ts';
import { createUnameParser, HOST_FACT_FORMATS, parseOffset } from './host-facts.ts';
import { HOST_MOUNT_FORMATS } from './host-mounts.ts';
import type { Fact, FactRecord, FormatParser, FormatSpec, KnownFormat, LineOutcome } from './types.ts';

const MINE: readonly FormatSpec[] = [...HOST_MOUNT_FORMATS, ...HOST_FACT_FORMATS];
const spec = (id: KnownFormat): FormatSpec => {
  const s = MINE.find((f) => f.id === id);
  if (!s) throw new Error(`no spec ${id}`);
  return s;
};
const fresh = (id: KnownFormat): FormatParser => spec(id).create();
const factOf = (out: LineOutcome): Fact | string =>
  out.t === 'record' && out.rec.kind === 'fact' ? out.rec.fact : JSON.stringify(out);
/** Feeds lines to one fresh parser, as a file; returns the outcomes and what finish() hands out. */
function feed(id: KnownFormat, lines: string[]): { outs: LineOutcome[]; final: FactRecord[] } {
  const p = fresh(id);
  const outs = lines.map((l, i) => p.parseLine(l, i + 1, i * 100));
  return { outs, final: (p.finish?.() ?? []) as FactRecord[] };
}

describe('header sample lines', () => {
  it.each<[string, KnownFormat[]]>([
    ['./host-mounts.ts', ['host-mounts', 'host-mounts', 'host-mounts', 'host-mounts']],
    ['./host-facts.ts', ['host-uname', 'host-date', 'host-timedatectl', 'host-uptime', 'host-hostname']],
  ])('%s: each sample is a record of exactly one host format', (file, want) => {
    const got = headerSamples(file).map((s) =>
      MINE.filter((f) => f.create().parseLine(s, 1, 0).t === 'record').map((f) => f.id),
    );
    expect(got).toEqual(want.map((id) => [id]));
  });
});

describe('host-uname', () => {
  it.each<[string, Fact]>([
    [
      'Linux k8s-worker-1 3.10.0-1062.4.1.el7.x86_64 #1 SMP Fri Oct 18 17:15:30 UTC 2019 x86_64 x86_64 x86_64 GNU/Linux',
      {
        kind: 'kernel-release',
        release: '3.10.0-1062.4.1.el7.x86_64',
        host: 'k8s-worker-1',
        machine: 'x86_64',
      },
    ],
    [
      'Linux ollama 5.15.0-125-generic #135-Ubuntu SMP Fri Sep 27 13:53:58 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux',
      { kind: 'kernel-release', release: '5.15.0-125-generic', host: 'ollama', machine: 'x86_64' },
    ],
    // Debian: processor/platform unknown are omitted; the version ends in a parenthesised date.
    [
      'Linux deb 6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01) x86_64 GNU/Linux',
      { kind: 'kernel-release', release: '6.1.0-18-amd64', host: 'deb', machine: 'x86_64' },
    ],
    // Alpine/busybox: `Linux` instead of `GNU/Linux`.
    [
      'Linux pod-1 6.6.31-0-lts #1-Alpine SMP PREEMPT_DYNAMIC Fri, 17 May 2024 06:33:35 +0000 aarch64 Linux',
      { kind: 'kernel-release', release: '6.6.31-0-lts', host: 'pod-1', machine: 'aarch64' },
    ],
    [
      'Linux rpi 5.4.0-1008-raspi #8-Ubuntu SMP Wed Apr 8 11:13:06 UTC 2020 aarch64 unknown unknown GNU/Linux',
      { kind: 'kernel-release', release: '5.4.0-1008-raspi', host: 'rpi', machine: 'aarch64' },
    ],
  ])('%s', (text, want) => {
    expect(factOf(fresh('host-uname').parseLine(text, 1, 0))).toEqual(want);
  });

  it('takes a lone `uname -r` release only when the caller says the file is named uname', () => {
    const release = '3.10.0-1062.4.1.el7.x86_64';
    expect(fresh('host-uname').parseLine(release, 1, 0).t).toBe('unparsed');
    expect(factOf(createUnameParser(true).parseLine(release, 1, 0))).toEqual({
      kind: 'kernel-release',
      release,
    });
    expect(factOf(createUnameParser(true).parseLine('6.8.0', 1, 0))).toEqual({
      kind: 'kernel-release',
      release: '6.8.0',
    });
    expect(createUnameParser(true).parseLine('k8s-worker-1', 1, 0).t).toBe('unparsed');
    expect(createUnameParser(true).parseLine('4.5', 1, 0).t).toBe('unparsed');
  });

  it.each([
    'GNU/Linux',
    'Darwin mac.local 23.1.0 Darwin Kernel Version 23.1.0: Mon Oct  9 21:27:27 PDT 2023; root:xnu x86_64',
    'Linux version 3.10.0-1062.4.1.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5) #1 SMP Fri Oct 18 17:15:30 UTC 2019',
    'Linux k8s-worker-1 3.10.0-1062.4.1.el7.x86_64',
  ])('not uname -a: %s', (text) => {
    expect(fresh('host-uname').parseLine(text, 1, 0).t).toBe('unparsed');
  });
});

describe('host-date', () => {
  const T = Date.UTC(2019, 10, 12, 11, 5, 2);
  it.each<[string, Fact, Fact | null]>([
    [
      'Tue Nov 12 11:05:02 UTC 2019',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', abbreviation: 'UTC', offsetMinutes: 0 },
    ],
    [
      'Tue Nov 12 11:05:02 GMT 2019',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', abbreviation: 'GMT', offsetMinutes: 0 },
    ],
    // %e pads the day with a space.
    [
      'Sat Nov  2 11:05:02 UTC 2019',
      { kind: 'clock-reading', epochMs: Date.UTC(2019, 10, 2, 11, 5, 2) },
      { kind: 'time-zone', abbreviation: 'UTC', offsetMinutes: 0 },
    ],
    // A zone without an abbreviation prints as a number (`+04` for Asia/Dubai).
    [
      'Tue Nov 12 15:05:02 +04 2019',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', abbreviation: '+04', offsetMinutes: 240 },
    ],
    // Ambiguous abbreviation: no clock reading, the zone abbreviation only.
    ['Tue Nov 12 19:05:02 CST 2019', { kind: 'time-zone', abbreviation: 'CST' }, null],
    ['Tue Nov 12 06:05:02 EST 2019', { kind: 'time-zone', abbreviation: 'EST' }, null],
    // date -R, -Iseconds, -Ins, -Iminutes, --rfc-3339=seconds.
    [
      'Tue, 12 Nov 2019 11:05:02 +0000',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', offsetMinutes: 0 },
    ],
    [
      'Tue, 12 Nov 2019 19:05:02 +0800',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', offsetMinutes: 480 },
    ],
    [
      '2019-11-12T11:05:02+00:00',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', offsetMinutes: 0 },
    ],
    [
      '2019-11-12T05:35:02-0530',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', offsetMinutes: -330 },
    ],
    [
      '2019-11-12T19:05:02,123456789+08:00',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', offsetMinutes: 480 },
    ],
    [
      '2019-11-12T11:05+00:00',
      { kind: 'clock-reading', epochMs: Date.UTC(2019, 10, 12, 11, 5) },
      { kind: 'time-zone', offsetMinutes: 0 },
    ],
    [
      '2019-11-12 11:05:02+00:00',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', offsetMinutes: 0 },
    ],
    ['2019-11-12T11:05:02Z', { kind: 'clock-reading', epochMs: T }, { kind: 'time-zone', offsetMinutes: 0 }],
    // en_US with glibc ≥ 2.29 (a paste, not sos).
    [
      'Tue 12 Nov 2019 11:05:02 AM UTC',
      { kind: 'clock-reading', epochMs: T },
      { kind: 'time-zone', abbreviation: 'UTC', offsetMinutes: 0 },
    ],
    [
      'Tue 12 Nov 2019 12:05:02 AM UTC',
      { kind: 'clock-reading', epochMs: Date.UTC(2019, 10, 12, 0, 5, 2) },
      { kind: 'time-zone', abbreviation: 'UTC', offsetMinutes: 0 },
    ],
  ])('%s', (text, line, zone) => {
    const out = fresh('host-date').parseLine(text, 1, 0);
    expect(out.t === 'record' && out.rec.kind === 'fact' && out.rec.fact).toEqual(line);
    const more = out.t === 'record' ? (out.more ?? []) : [];
    expect(more.map((r) => r.kind === 'fact' && r.fact)).toEqual(zone ? [zone] : []);
    // The zone fact points at the same line as the reading.
    for (const r of more) expect([r.line, r.offset, r.msg]).toEqual([1, 0, text]);
  });

  it.each([
    '1573556702', // date +%s
    '2019-11-12', // date -I
    'Tue Nov 31 11:05:02 UTC 2019',
    'Tue Nov 12 24:05:02 UTC 2019',
    'Tue Nov 12 11:05:02 2019',
    'Tue 12 Nov 2019 13:05:02 PM UTC',
    'Tue, 12 Nov 2019 11:05:02 +2500',
    'Nov 12 11:05:02 k8s-worker-1 kernel: x',
  ])('not date output: %s', (text) => {
    expect(fresh('host-date').parseLine(text, 1, 0).t).toBe('unparsed');
  });
});

describe('host-timedatectl', () => {
  it('reads a systemd ≥ 239 block: zone and clock are facts, the rest markers', () => {
    const lines = [
      '               Local time: Tue 2019-11-12 19:05:02 CST',
      '           Universal time: Tue 2019-11-12 11:05:02 UTC',
      '                 RTC time: Tue 2019-11-12 11:05:01',
      '                Time zone: Asia/Shanghai (CST, +0800)',
      'System clock synchronized: yes',
      '              NTP service: active',
      '          RTC in local TZ: no',
    ];
    const { outs } = feed('host-timedatectl', lines);
    expect(outs.map((o) => o.t)).toEqual(['meta', 'record', 'meta', 'record', 'meta', 'meta', 'meta']);
    expect(factOf(outs[1] as LineOutcome)).toEqual({
      kind: 'clock-reading',
      epochMs: Date.UTC(2019, 10, 12, 11, 5, 2),
    });
    expect(factOf(outs[3] as LineOutcome)).toEqual({
      kind: 'time-zone',
      name: 'Asia/Shanghai',
      abbreviation: 'CST',
      offsetMinutes: 480,
    });
    expect(outs[4]).toEqual({
      t: 'meta',
      meta: { kind: 'other-marker', text: 'System clock synchronized: yes' },
    });
  });

  it('reads the older layout, DST change lines, the RTC warning and trailing blanks', () => {
    const lines = [
      '      Local time: Fri 2019-01-04 11:11:12 KST',
      '  Universal time: Fri 2019-01-04 02:11:12 UTC   ',
      '        RTC time: n/a',
      '       Time zone: America/New_York (EST, -0500)',
      '     NTP enabled: yes',
      'NTP synchronized: yes',
      ' RTC in local TZ: yes',
      '      DST active: no',
      ' Last DST change: DST ended at',
      '                  Sun 2018-11-04 01:59:59 EDT',
      '                  Sun 2018-11-04 01:00:00 EST',
      '',
      'Warning: The system is configured to read the RTC time in the local time zone.',
      '         This mode can not be fully supported. It will create various problems',
      "         'timedatectl set-local-rtc 0'.",
      '        Timezone: n/a (UTC, +0000)',
    ];
    const { outs } = feed('host-timedatectl', lines);
    expect(outs.map((o) => o.t)).toEqual([
      'meta',
      'record',
      ...Array<string>(1).fill('meta'),
      'record',
      ...Array<string>(7).fill('meta'),
      'blank',
      'meta',
      'meta',
      'meta',
      'record',
    ]);
    expect(factOf(outs[3] as LineOutcome)).toEqual({
      kind: 'time-zone',
      name: 'America/New_York',
      abbreviation: 'EST',
      offsetMinutes: -300,
    });
    // `n/a` zone name (no /etc/localtime): abbreviation and offset only.
    expect(factOf(outs[15] as LineOutcome)).toEqual({
      kind: 'time-zone',
      abbreviation: 'UTC',
      offsetMinutes: 0,
    });
  });

  it.each([
    'Failed to create bus connection: No such file or directory',
    "System has not been booted with systemd as init system (PID 1). Can't operate.",
    '  Universal time: Tue 2019-11-12 19:05:02 CST',
    '  Universal time: yesterday',
    '       Time zone: Asia/Shanghai',
    '      Local time: soon',
    // Indented text outside a Warning paragraph.
    '         This mode can not be fully supported.',
  ])('unparsed: %s', (text) => {
    expect(fresh('host-timedatectl').parseLine(text, 1, 0).t).toBe('unparsed');
  });
});

describe('host-uptime', () => {
  const at = (hour: number, minute: number, second: number) => ({ hour, minute, second });
  it.each<[string, Fact]>([
    [
      ' 11:05:02 up 7 days,  8:23,  2 users,  load average: 0.52, 0.58, 0.59',
      { kind: 'uptime', seconds: 634980, at: at(11, 5, 2) },
    ],
    [
      ' 11:05:02 up 23 min,  1 user,  load average: 0.00, 0.01, 0.05',
      { kind: 'uptime', seconds: 1380, at: at(11, 5, 2) },
    ],
    [
      ' 11:05:02 up 1 day,  2:03,  0 users,  load average: 0.52, 0.58, 0.59',
      { kind: 'uptime', seconds: 93780, at: at(11, 5, 2) },
    ],
    [
      ' 11:05:02 up 3 days, 47 min,  2 users,  load average: 0.52, 0.58, 0.59',
      { kind: 'uptime', seconds: 262020, at: at(11, 5, 2) },
    ],
    [
      ' 11:05:02 up  2:03,  1 user,  load average: 0.52, 0.58, 0.59',
      { kind: 'uptime', seconds: 7380, at: at(11, 5, 2) },
    ],
    // procps without utmp / busybox: no user count; a locale with decimal commas.
    [
      ' 11:05:02 up 7 days,  8:23,  load average: 0,52, 0,58, 0,59',
      { kind: 'uptime', seconds: 634980, at: at(11, 5, 2) },
    ],
    // BSD/macOS and old 12-hour forms: no seconds in the clock.
    [
      '18:25  up 3 days,  9:01, 12 users, load averages: 1.78 2.10 2.23',
      { kind: 'uptime', seconds: 291660, at: at(18, 25, 0) },
    ],
    [
      '  9:36pm  up 15 days, 11:37,  2 users,  load average: 0.14, 0.13, 0.10',
      { kind: 'uptime', seconds: 1337820, at: at(21, 36, 0) },
    ],
    // uptime -p
    ['up 1 week, 8 hours, 23 minutes', { kind: 'uptime', seconds: 634980 }],
    ['up 1 year, 2 weeks, 1 day, 1 hour, 1 minute', { kind: 'uptime', seconds: (365 + 15) * 86400 + 3660 }],
    // /proc/uptime
    ['635025.31 2483207.64', { kind: 'uptime', seconds: 635025.31 }],
  ])('%s', (text, want) => {
    expect(factOf(fresh('host-uptime').parseLine(text, 1, 0))).toEqual(want);
  });

  it('takes one /proc/uptime line per file, so a column of number pairs is not uptime', () => {
    const { outs } = feed('host-uptime', ['635025.31 2483207.64', '635026.31 2483211.64', '1.00 2.00']);
    expect(outs.map((o) => o.t)).toEqual(['record', 'unparsed', 'unparsed']);
  });

  it.each([
    ' 11:05:02 up 7 days, 8:63,  2 users,  load average: 0.52, 0.58, 0.59',
    ' 25:05:02 up 23 min,  1 user,  load average: 0.00, 0.01, 0.05',
    ' 11:05:02 up 23 min,  1 user',
    '2019-11-05 02:41:17', // uptime -s
    '635025.3 2483207.64',
    '0.52 0.58 0.59 1/234 5678', // /proc/loadavg
  ])('unparsed: %s', (text) => {
    expect(fresh('host-uptime').parseLine(text, 1, 0).t).toBe('unparsed');
  });
});

describe('host-hostname', () => {
  it.each(['k8s-worker-1', 'k8s-worker-1.cluster.example.com', 'localhost', 'node-a.', '  k8s-worker-1  '])(
    'record: %j',
    (text) => {
      expect(factOf(fresh('host-hostname').parseLine(text, 1, 0))).toEqual({
        kind: 'hostname',
        name: text.trim(),
      });
    },
  );
  it.each([
    '10.99.10.1',
    '3.10.0-1062.4.1.el7.x86_64',
    '5.15.0-125-generic',
    '(none)',
    'k8s_worker',
    '-leading-hyphen',
    'two words',
    'x'.repeat(64),
  ])('unparsed: %j', (text) => {
    expect(fresh('host-hostname').parseLine(text, 1, 0).t).toBe('unparsed');
  });
});

describe('parseOffset', () => {
  it.each<[string, number | undefined]>([
    ['+0800', 480],
    ['+08:00', 480],
    ['+08', 480],
    ['-0330', -210],
    ['+0000', 0],
    ['+1500', undefined],
    ['+0860', undefined],
    ['0800', undefined],
  ])('%s → %s', (z, want) => {
    expect(parseOffset(z)).toBe(want);
  });
});

// Lines of the formats around these ones: none of them may become a host fact.
const FOREIGN = [
  '[ 5645.168000] ceph: mds0 closed our session',
  '[    0.000000] Linux version 3.10.0-1062.4.1.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) #1 SMP Fri Oct 18 17:15:30 UTC 2019',
  '[Tue Nov 12 10:14:03 2019] libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
  'Nov 12 10:14:03 k8s-worker-1 kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
  '-- Logs begin at Tue 2019-11-12 06:00:01 UTC, end at Tue 2019-11-12 11:02:17 UTC. --',
  'Tue 2019-11-12 10:14:03 UTC k8s-worker-1 kernel: libceph: mon0 10.99.10.1:6789 session lost',
  '                                 continued journal line',
  'E1112 10:20:01.123456    1234 kubelet_volumes.go:65] pod "x" found, but error stat /var/lib/kubelet/pods/x: permission denied',
  'Log file created at: 2019/11/12 06:00:01',
  'Running on machine: k8s-worker-1',
  'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
  'mgr          advanced  mgr/dashboard/ssl                                  true       *',
  'global       advanced  mds_session_blacklist_on_evict                     true',
  '2019-11-12T10:14:03.123456789Z stderr F some container output',
];

describe('no host format takes lines of other formats', () => {
  const hinted: [string, () => FormatParser][] = [
    ...MINE.map((f): [string, () => FormatParser] => [f.id, () => f.create()]),
    ['host-uname (uname -r allowed)', () => createUnameParser(true)],
  ];
  it.each(hinted)('%s', (_id, make) => {
    expect(FOREIGN.filter((text) => make().parseLine(text, 1, 0).t === 'record')).toEqual([]);
  });

  it('no header sample of one host format is a record of another', () => {
    const samples = [...headerSamples('./host-facts.ts'), ...headerSamples('./host-mounts.ts')];
    for (const text of samples) {
      const takers = hinted
        .filter(([, make]) => make().parseLine(text, 1, 0).t === 'record')
        .map(([id]) => id);
      expect(takers.filter((id) => id !== 'host-uname (uname -r allowed)')).toHaveLength(1);
    }
  });
});

describe('path hints', () => {
  it.each<[string, KnownFormat | null]>([
    ['uname', 'host-uname'],
    ['uname_-a', 'host-uname'],
    ['date', 'host-date'],
    ['date_--utc', 'host-date'],
    ['node-a-date.txt', 'host-date'],
    ['timedatectl', 'host-timedatectl'],
    ['timedatectl_status', 'host-timedatectl'],
    ['uptime', 'host-uptime'],
    ['hostname', 'host-hostname'],
    ['hostname_-f', 'host-hostname'],
    ['hostnamectl_status', null],
    ['update.log', null],
    ['hwclock', null],
    ['dmesg', null],
  ])('%s → %s', (name, want) => {
    const hits = MINE.filter((f) => f.pathHint?.test(name)).map((f) => f.id);
    expect(hits).toEqual(want ? [want] : []);
  });
});

// ---- detection over the fixtures (detect.ts over the registered formats) -------------------------

describe('detection of the host fixtures', () => {
  it('has at least one fixture per host format', () => {
    for (const f of MINE) expect(fixtureFiles(f.id).length, f.id).toBeGreaterThan(0);
  });
  it.each(fixtureCases(MINE.map((f) => f.id)))('%s/%s is its own format, with no tie', (dir, file) => {
    expectOwnFormat(dir, file);
  });
  it.each(fixtureCases(MINE.filter((f) => f.needsPathHint).map((f) => f.id)))(
    '%s/%s is not a candidate without its file name',
    (dir, file) => {
      const d = detectFixture(dir, file, 'pasted.txt');
      expect(d.format).toBe('unrecognised');
      expect(d.candidates.map((c) => c.format)).not.toContain(dir);
    },
  );
});

/** A file name that suggests each host format, so that even those that need one are tried. */
const SUGGESTIVE: Record<string, string> = {
  'host-mounts': 'mounts',
  'host-uname': 'uname',
  'host-date': 'date',
  'host-timedatectl': 'timedatectl',
  'host-uptime': 'uptime',
  'host-hostname': 'hostname',
};

describe('existing fixtures are not taken by host formats', () => {
  it.each(fixtureCases(['dmesg', 'journal-short', 'klog', 'ceph-config-dump', 'unrecognised']))(
    '%s/%s',
    (dir, file) => {
      // Whatever the file name, even for the formats that need a path hint.
      for (const f of MINE) {
        const d = detectFixture(dir, file, SUGGESTIVE[f.id] ?? null);
        expect(d.candidates.map((c) => c.format)).toContain(f.id);
        expect([f.id, scoreOf(d, f.id)]).toEqual([f.id, 0]);
      }
      // `uname -r` lines, read only from a file named uname…: none here.
      const unameR = createUnameParser(true);
      const lines = readFixture(dir, file).split('\n');
      expect(lines.filter((l, i) => unameR.parseLine(l, i + 1, 0).t === 'record')).toEqual([]);
      expect(detectFixture(dir, file).format).toBe(dir);
    },
  );
});
