import { describe, expect, it } from 'vitest';
import { detectFixture, fixtureFiles, readFixture, topFormats } from '../test/support/detection.ts';
import { headerBlock, headerSamples } from '../test/support/header-samples.ts';
import { mutants } from '../test/support/mutants.ts';
import { civilOf, isValidCivil, isValidDate } from './civil.ts';
import { detectFormat } from './detect.ts';
import { setMessage } from './journal-short.ts';
import { syslogRfc3164Parser, syslogRfc3339Parser, syslogRfc5424Parser, unescapeControl } from './syslog.ts';
import type { Detection, EntryRecord, EntryTime, LineOutcome } from './types.ts';

const p3164 = (text: string): LineOutcome => syslogRfc3164Parser.parseLine(text, 7, 420);
const p5424 = (text: string): LineOutcome => syslogRfc5424Parser.parseLine(text, 7, 420);
const p3339 = (text: string): LineOutcome => syslogRfc3339Parser.parseLine(text, 7, 420);

function entry(out: LineOutcome): EntryRecord {
  if (out.t !== 'record' || out.rec.kind !== 'entry') throw new Error(`not an entry: ${JSON.stringify(out)}`);
  return out.rec;
}

const civil = (month: number, day: number, hour: number, minute: number, second: number, micros = 0) => ({
  month,
  day,
  hour,
  minute,
  second,
  micros,
});

// One line of every neighbouring format, for the negative tables.
const OTHER = {
  dmesg: '[ 5645.168000] ceph: mds0 closed our session',
  journalRange: '-- Logs begin at Thu 2023-02-09 21:19:09 UTC, end at Thu 2023-03-09 16:59:16 UTC. --',
  journalBoot: '-- Boot 6c7c6013a26343b29e964691ff25d04c --',
  journalContinuation: '                                      second line of a message',
  journalPrecise:
    'Mar 09 16:58:52.133046 master01 kubenswrapper[3195]: I0309 16:58:52.132866    3195 kubelet_getters.go:182] "Pod status updated" pod="openshift-etcd/etcd-master01" status=Running',
  journalIsoOld:
    '2023-09-08T17:20:30.655028+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.',
  journalIsoNoFraction:
    '2023-09-08T17:20:30+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature.',
  klog: 'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "x" found',
  configDump: 'mgr          advanced  mgr/dashboard/ssl                                  true       *',
  dmesgIso: '2023-11-09T18:09:14,123456+08:00 ceph: mds0 closed our session',
  cephDaemon:
    'debug 2025-04-27T10:12:45.617+0000 7f5c2a8f6700  0 log_channel(cluster) log [WRN] : evicting unresponsive client',
  cephBare: '2025-04-27T10:12:45.617+0000 7f5c2a8f6700  0 mds.0.server evicting unresponsive client',
  cri: '2016-10-06T00:17:09.669794203Z stderr F log content 2',
  kubectlTimestamps:
    '2026-07-27T13:38:40.221213497Z E0727 13:38:40.221086       1 utils.go:366] ID: 7 GRPC error',
  klogJson:
    '{"ts":1631610094233.7605,"caller":"app/server.go:276","msg":"Failed to construct kubelet dependencies"}',
  rfc3164: "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
  rfc3164File: 'Oct  6 19:18:51 mon1 kernel: libceph: mon0 192.168.2.81:6789 session established',
  rfc5424:
    "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
  rfc3339: '2020-05-31T00:00:45.738158+00:00 localhost systemd[1]: Reloaded System Logging Service.',
};

describe('header sample lines of syslog.ts', () => {
  it('the RFC 3164 samples are records of syslog-rfc3164', () => {
    const samples = headerSamples('./syslog.ts');
    expect(samples).toHaveLength(4);
    expect(samples.map((s, i) => syslogRfc3164Parser.parseLine(s, i + 1, 0).t)).toEqual([
      'record',
      'record',
      'record',
      'record',
    ]);
  });

  it('the other two samples are records of syslog-rfc5424 and syslog-rfc3339', () => {
    const [s5424, s3339] = headerBlock('./syslog.ts', /^\/\/ The other two variants/, '//     ');
    // The RFC writes `BOM` for U+FEFF; the parser only strips the real character.
    expect(entry(p5424(s5424 ?? ''))).toMatchObject({
      ident: 'su',
      msg: "BOM'su root' failed for lonvick on /dev/pts/8",
    });
    expect(entry(p3339(s3339 ?? ''))).toMatchObject({ host: 'node-a', ident: 'kernel' });
  });
});

describe('syslog-rfc3164 records', () => {
  it('reads a kern.log line with the printk stamp (header sample)', () => {
    const r = entry(
      p3164('Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session'),
    );
    expect(r).toEqual({
      kind: 'entry',
      line: 7,
      offset: 420,
      time: { kind: 'civil', civil: civil(7, 20, 8, 14, 38) },
      host: 'teuthology',
      ident: 'kernel',
      kernelMono: 3677601.123718,
      msg: 'ceph: mds0 closed our session',
    });
  });

  it.each<[string, string, Partial<EntryRecord>]>([
    [
      'space-padded day (syslog files)',
      'Oct  6 19:18:51 mon1 kernel: libceph: mon0 192.168.2.81:6789 session established',
      { time: { kind: 'civil', civil: civil(10, 6, 19, 18, 51) }, host: 'mon1', ident: 'kernel' },
    ],
    [
      'zero-padded day (syslog-ng, rsyslog date-rfc3164-buggyday)',
      'Oct 06 19:18:51 mon1 kernel: x',
      { time: { kind: 'civil', civil: civil(10, 6, 19, 18, 51) } },
    ],
    [
      'tag with pid, pam-style tag',
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown',
      { ident: 'sshd(pam_unix)', pid: 19939, msg: 'check pass; user unknown' },
    ],
    [
      'RFC 3164 §5.4 example 1: PRI 34 = auth/crit',
      "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
      {
        severity: 2,
        facility: 4,
        host: 'mymachine',
        ident: 'su',
        msg: "'su root' failed for lonvick on /dev/pts/8",
      },
    ],
    [
      'RFC 3164 §5.4 example 2: no TAG',
      '<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!',
      { severity: 5, facility: 1, host: '10.0.0.99', msg: 'Use the BFG!' },
    ],
    [
      'rsyslog `#012` escapes are unescaped in msg',
      'Aug 21 19:00:30 rhel7 ceph_check: ERROR: integer division or modulo by zero#012Traceback (most recent call last):#012  File "ceph_check.py", line 266, in <module>',
      {
        ident: 'ceph_check',
        msg: 'ERROR: integer division or modulo by zero\nTraceback (most recent call last):\n  File "ceph_check.py", line 266, in <module>',
      },
    ],
    [
      'the kernel stamp is taken before the escapes',
      'Nov 10 00:00:03 node-a kernel: [ 1301.334120] ceph: x#011y',
      { kernelMono: 1301.33412, msg: 'ceph: x\ty' },
    ],
    [
      'only kernel lines lose a leading stamp',
      'Nov 10 00:00:03 node-a app[1]: [12.123456] mine',
      { msg: '[12.123456] mine' },
    ],
    ['empty message', 'Nov 10 00:21:07 node-a kernel:', { ident: 'kernel', msg: '' }],
    ['no space after the colon', 'Nov 10 00:21:07 node-a su:x', { ident: 'su', msg: 'x' }],
  ])('%s', (_name, text, want) => {
    expect(entry(p3164(text))).toMatchObject(want);
  });

  it('fills klog when the message is a kubelet klog line', () => {
    const r = entry(
      p3164(
        'Nov 10 00:00:15 node-a kubelet[1234]: E1110 00:00:15.903162    1234 kubelet_volumes.go:154] "Pod found, but error occurred during checking mounted volumes from disk" err="stat /var/lib/kubelet/pods/x/volumes/kubernetes.io~cephfs/pvc-x: permission denied"',
      ),
    );
    expect(r).toMatchObject({ ident: 'kubelet', pid: 1234 });
    expect(r.klog).toMatchObject({ level: 'E', pid: 1234, file: 'kubelet_volumes.go', srcLine: 154 });
    expect(r.time).toEqual({ kind: 'civil', civil: civil(11, 10, 0, 0, 15) });
  });

  it('keeps RFC 3164 example 3 as the RFC reads it: host CST, no TAG', () => {
    const r = entry(
      p3164(
        "<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK",
      ),
    );
    expect(r).toMatchObject({ host: 'CST', severity: 5, facility: 20 });
    expect(r.ident).toBeUndefined();
    expect(r.msg.startsWith('1987 mymachine myproc[10]: %%')).toBe(true);
  });
});

describe('syslog-rfc3164 markers and failures', () => {
  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    [
      'Nov  9 23:59:58 node-a last message repeated 2 times',
      {
        t: 'meta',
        meta: { kind: 'other-marker', text: 'Nov  9 23:59:58 node-a last message repeated 2 times' },
      },
    ],
    [
      'Nov 10 00:21:02 node-a sshd[5521]: message repeated 2 times: [ Accepted publickey for root]',
      {
        t: 'meta',
        meta: {
          kind: 'other-marker',
          text: 'Nov 10 00:21:02 node-a sshd[5521]: message repeated 2 times: [ Accepted publickey for root]',
        },
      },
    ],
    [
      'Nov 10 00:20:01 node-a -- MARK --',
      { t: 'meta', meta: { kind: 'other-marker', text: 'Nov 10 00:20:01 node-a -- MARK --' } },
    ],
    [
      '[root@mon1 ~]# mount -t ceph 192.168.2.81:6789:/ /cephfs_test',
      {
        t: 'meta',
        meta: {
          kind: 'prompt',
          text: '[root@mon1 ~]# mount -t ceph 192.168.2.81:6789:/ /cephfs_test',
          host: 'mon1',
          command: 'mount -t ceph 192.168.2.81:6789:/ /cephfs_test',
        },
      },
    ],
    [
      OTHER.journalPrecise,
      { t: 'unparsed', reason: 'fractional seconds (journalctl short-precise, not a syslog file)' },
    ],
    [
      'Nov 32 10:14:03 node-a kernel: x',
      { t: 'unparsed', reason: 'impossible date or time in the syslog stamp' },
    ],
    [
      'Nov 12 25:14:03 node-a kernel: x',
      { t: 'unparsed', reason: 'impossible date or time in the syslog stamp' },
    ],
    ['<192>Oct 11 22:14:15 mymachine su: x', { t: 'unparsed', reason: 'syslog PRI 192 above 191' }],
    ['Nov 12 10:14:03 node-a', { t: 'unparsed', reason: 'no message after the host name' }],
  ])('%s', (text, want) => {
    expect(p3164(text)).toEqual(want);
  });

  it.each(
    Object.entries(OTHER).filter(([k]) => k !== 'rfc3164' && k !== 'rfc3164File' && k !== 'journalPrecise'),
  )('rejects %s', (_name, text) => {
    expect(p3164(text).t).toBe('unparsed');
  });

  it('rejects RFC 3164 example 4 (year first, TZ-6)', () => {
    const text =
      "<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!";
    expect(p3164(text).t).toBe('unparsed');
  });
});

describe('unescapeControl', () => {
  it.each<[string, string]>([
    ['a#012b', 'a\nb'],
    ['a#011b#015', 'a\tb\r'],
    ['a\\012b', 'a\nb'],
    ['#177', '\x7f'],
    // Not control codes: left as written.
    ['issue #123 and #040 and #400', 'issue #123 and #040 and #400'],
    ['####################', '####################'],
  ])('%j', (raw, want) => {
    expect(unescapeControl(raw)).toBe(want);
  });
});

describe('syslog-rfc5424', () => {
  it.each<[string, string, Partial<EntryRecord>]>([
    [
      'RFC 5424 §6.5 example 1 (BOM, MSGID, nil SD)',
      "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8",
      {
        time: { kind: 'civil', civil: { year: 2003, ...civil(10, 11, 22, 14, 15, 3000) }, zone: 'Z' },
        severity: 2,
        facility: 4,
        host: 'mymachine.example.com',
        ident: 'su',
        fields: { msgid: 'ID47' },
        msg: "'su root' failed for lonvick on /dev/pts/8",
      },
    ],
    [
      'example 2 (offset, microseconds, PROCID)',
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
      {
        time: { kind: 'civil', civil: { year: 2003, ...civil(8, 24, 5, 14, 15, 3) }, zone: '-07:00' },
        pid: 8710,
        ident: 'myproc',
        msg: "%% It's time to make the do-nuts.",
      },
    ],
    [
      'example 3 (one SD-ELEMENT)',
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \uFEFFAn application event log entry...',
      {
        fields: {
          'exampleSDID@32473.iut': '3',
          'exampleSDID@32473.eventSource': 'Application',
          'exampleSDID@32473.eventID': '1011',
          msgid: 'ID47',
        },
        msg: 'An application event log entry...',
      },
    ],
    [
      'example 4 (two SD-ELEMENTs, no MSG)',
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
      { fields: expect.objectContaining({ 'examplePriority@32473.class': 'high' }), msg: '' },
    ],
    [
      'SD-PARAM escapes and an SD-ELEMENT without params',
      '<14>1 2023-11-10T00:00:16.5+08:00 h app - - [a@1 k="x\\"y\\]z\\\\w\\n"][b@2] m',
      { fields: { 'a@1.k': 'x"y]z\\w\\n', 'b@2': '' }, msg: 'm' },
    ],
    ['all nil', '<13>1 - - - - - -', { time: { kind: 'none' }, severity: 5, facility: 1, msg: '' }],
    [
      'non-numeric PROCID and a version other than 1',
      '<14>2 2023-11-10T00:00:16Z h app worker-3 - - m',
      { fields: { procid: 'worker-3', version: '2' } },
    ],
    [
      'kernel stamp, escapes and klog, as in the other variants',
      '<6>1 2023-11-10T00:00:03.334120+08:00 node-a kernel - - - [1567301.334120] ceph: a#012b',
      { ident: 'kernel', kernelMono: 1567301.33412, msg: 'ceph: a\nb' },
    ],
  ])('%s', (_name, text, want) => {
    expect(entry(p5424(text))).toMatchObject(want);
  });

  it('leaves out host, ident and fields that are nil', () => {
    const r = entry(p5424('<13>1 - - - - - -'));
    expect(r.host).toBeUndefined();
    expect(r.ident).toBeUndefined();
    expect(r.pid).toBeUndefined();
    expect(r.fields).toBeUndefined();
  });

  it('reads a kubelet klog message', () => {
    const r = entry(
      p5424(
        '<3>1 2023-11-10T00:00:15.903301+08:00 node-a kubelet 1234 - - E1110 00:00:15.903162    1234 kubelet_volumes.go:154] "Pod found"',
      ),
    );
    expect(r).toMatchObject({ ident: 'kubelet', pid: 1234, severity: 3, facility: 0 });
    expect(r.klog).toMatchObject({ level: 'E', file: 'kubelet_volumes.go' });
  });

  it.each<[string, string]>([
    ['<14>1 2023-11-10T00:00:17Z h app - ID47 [x@1 iut="3" broken] m', 'malformed RFC 5424 structured data'],
    ['<14>1 2023-11-10T00:00:17Z h app - ID47 [x@1 k="unterminated] m', 'malformed RFC 5424 structured data'],
    ['<14>1 2023-11-10T00:00:17Z h app - ID47 [x@1 k="v"]m', 'malformed RFC 5424 structured data'],
    ['<14>1 2023-11-10T00:00:17Z h app - ID47 -m', 'malformed RFC 5424 structured data'],
    ['<14>1 2023-11-10T00:00:17Z h app - ID47 [] m', 'malformed RFC 5424 structured data'],
    ['<14>1 2023-13-10T00:00:17Z h app - - - m', 'impossible date or time in the RFC 5424 stamp'],
    ['<200>1 2023-11-10T00:00:17Z h app - - - m', 'syslog PRI 200 above 191'],
  ])('fails on %s', (text, reason) => {
    expect(p5424(text)).toEqual({ t: 'unparsed', reason });
  });

  it('treats a repeat line as a marker', () => {
    expect(p5424('<6>1 2023-11-10T00:00:04Z node-a kernel - - - message repeated 2 times: [ x]').t).toBe(
      'meta',
    );
  });

  it.each(Object.entries(OTHER).filter(([k]) => k !== 'rfc5424'))('rejects %s', (_name, text) => {
    expect(p5424(text).t).toBe('unparsed');
  });
});

describe('syslog-rfc3339 (rsyslog RSYSLOG_FileFormat)', () => {
  it.each<[string, string, Partial<EntryRecord>]>([
    [
      'a /var/log/messages line (log2timeline/plaso#3002)',
      OTHER.rfc3339,
      {
        time: { kind: 'civil', civil: { year: 2020, ...civil(5, 31, 0, 0, 45, 738158) }, zone: '+00:00' },
        host: 'localhost',
        ident: 'systemd',
        pid: 1,
        msg: 'Reloaded System Logging Service.',
      },
    ],
    [
      'postfix on openSUSE (eldy/AWStats#200)',
      '2021-03-13T12:04:09.755361+01:00 cx20-2 postfix/pickup[7274]: B83DE2400BE: uid=30 from=<wwwrun>',
      { ident: 'postfix/pickup', pid: 7274, msg: 'B83DE2400BE: uid=30 from=<wwwrun>' },
    ],
    [
      'one fraction digit and no TAG (rsyslog/rsyslog#5469)',
      '2024-10-16T18:00:00.1+09:00 HOSTNAME01 app01 testmsg1',
      {
        time: { kind: 'civil', civil: { year: 2024, ...civil(10, 16, 18, 0, 0, 100000) }, zone: '+09:00' },
        host: 'HOSTNAME01',
        msg: 'app01 testmsg1',
      },
    ],
    ['Z', '2023-11-10T00:00:03.334120Z node-a kernel: x', { time: expect.objectContaining({ zone: 'Z' }) }],
    [
      'RSYSLOG_ForwardFormat puts <PRI> in front (squeeks/glossy#13)',
      '<15>2014-03-14T03:03:01.219558+02:00 host user: test 123',
      { severity: 7, facility: 1, host: 'host', ident: 'user', msg: 'test 123' },
    ],
    [
      'kernel stamp and escapes',
      '2023-11-10T00:00:03.334120+08:00 node-a kernel: [1567301.334120] libceph: a#012b',
      { kernelMono: 1567301.33412, msg: 'libceph: a\nb' },
    ],
  ])('%s', (_name, text, want) => {
    expect(entry(p3339(text))).toMatchObject(want);
  });

  it('treats repeat and MARK lines as markers', () => {
    expect(
      p3339('2020-05-31T00:00:45.698463+00:00 localhost rsyslogd:  message repeated 76 times: [-- MARK --]')
        .t,
    ).toBe('meta');
    expect(p3339('2023-11-10T00:20:01.000011+08:00 node-a rsyslogd: -- MARK --').t).toBe('meta');
  });

  it.each<[string, string]>([
    ['no fraction (journalctl short-iso)', '2023-11-10T00:00:17+08:00 node-a kernel: x'],
    ['offset without colon (journalctl before v255)', OTHER.journalIsoOld],
    ['9 fraction digits (kubectl --timestamps)', OTHER.kubectlTimestamps],
    ['comma before the fraction (dmesg iso)', OTHER.dmesgIso],
    ['garbled stamp (rsyslog/rsyslog#5469)', '2024-10-16T18:00:00.係+09:00 HOSTNAME01 app01 testmsg12345678'],
  ])('rejects %s', (_name, text) => {
    expect(p3339(text).t).toBe('unparsed');
  });

  it('rejects an impossible date', () => {
    expect(p3339('2023-02-30T25:00:00.1+08:00 h t: x')).toEqual({
      t: 'unparsed',
      reason: 'impossible date or time in the RFC 3339 stamp',
    });
  });

  it.each(Object.entries(OTHER).filter(([k]) => k !== 'rfc3339'))('rejects %s', (_name, text) => {
    expect(p3339(text).t).toBe('unparsed');
  });
});

// ---------------------------------------------------------------------------------------------------
// Detection: detect.ts over the registered formats, with its tie-break by file name.

/** The detected format and the formats tied at the top score (none when unrecognised). */
function outcome(d: Detection): { format: string; tied: string[] } {
  return { format: d.format, tied: d.format === 'unrecognised' ? [] : topFormats(d) };
}
const detect = (text: string, path?: string) => outcome(detectFormat(text, path));
const detectFile = (dir: string, file: string, path: string | null = file) =>
  outcome(detectFixture(dir, file, path));

const TIES_WITH_JOURNAL = [
  'messages-loghub-linux-2k.log',
  'kern.log-teuthology.log',
  'messages-rhel7-ceph-check-012.log',
];

/**
 * Fixtures the real registry still gives a tie that this test says it should not: journal-short still
 * reads space-padded days (`Oct  6`), which journalctl never prints, and journal-short-iso still takes
 * rsyslog's `message repeated N times: [ … ]` lines. The change asked of the lead (once simulated here
 * by wrapping those parsers) is not in journal-short.ts / journal-modes.ts yet, so these are expected
 * to fail; once it lands vitest reports them as passing unexpectedly: then drop this list.
 */

// The klog-json and cri fixtures are checked here too.
describe('detection with the syslog, klog-json and cri formats registered', () => {
  for (const dir of ['syslog-rfc3164', 'syslog-rfc5424', 'syslog-rfc3339', 'klog-json', 'cri']) {
    for (const file of fixtureFiles(dir)) {
      it(`${dir}/${file}`, () => {
        const d = detectFile(dir, file, `var/log/${file}`);
        expect(d.format).toBe(dir);
        // The only ties: syslog files whose days are all ≥ 10 look exactly like journalctl short.
        expect(d.tied).toEqual(TIES_WITH_JOURNAL.includes(file) ? ['journal-short', dir] : [dir]);
      });
    }
  }

  for (const [dir, file] of [
    ['syslog-rfc3164', 'messages-centos7-libceph-mon1.log'],
    ['syslog-rfc3164', 'messages-20231112-node-a-cascade.log'],
  ] as const) {
    it(`${dir}/${file} wins without a file name: its days are space-padded`, () => {
      expect(detectFile(dir, file, null).format).toBe(dir);
    });
  }

  it.each<[string, string]>([
    ['syslog-rfc3164', 'messages-loghub-linux-2k.log'],
    ['syslog-rfc3164', 'kern.log-teuthology.log'],
    ['syslog-rfc3164', 'messages-rhel7-ceph-check-012.log'],
  ])('%s/%s ties with journal-short: the file name decides', (dir, file) => {
    expect(detectFile(dir, file)).toEqual({
      format: 'syslog-rfc3164',
      tied: ['journal-short', 'syslog-rfc3164'],
    });
    expect(detectFile(dir, file, 'journalctl_--no-pager').format).toBe('journal-short');
    // No hint at all: registry order, journal-short first.
    expect(detectFile(dir, file, null).format).toBe('journal-short');
  });

  it('lets the file name decide between rsyslog RFC 3339 and journalctl short-iso-precise (v255+)', () => {
    const text = readFixture('syslog-rfc3339', 'messages-plaso-3002-sles.log')
      .split('\n')
      .slice(2)
      .join('\n');
    expect(detect(text, 'messages')).toEqual({
      format: 'syslog-rfc3339',
      tied: ['journal-short-iso', 'syslog-rfc3339'],
    });
    expect(detect(text, 'journal.txt').format).toBe('journal-short-iso');
    expect(detect(text).format).toBe('journal-short-iso');
  });

  it('gives a journal with markers and continuation lines to journal-short whatever its name', () => {
    const journal = [
      '-- Logs begin at Tue 2019-11-12 06:00:01 UTC, end at Tue 2019-11-12 11:02:17 UTC. --',
      'Nov 12 10:14:03 node-a kernel: libceph: mon0 (1)10.0.0.1:6789 session lost, hunting for new mon',
      '                                 continued',
      '-- Boot 6c7c6013a26343b29e964691ff25d04c --',
      'Nov 12 10:20:01 node-a kubelet[1234]: E1112 10:20:01.123456    1234 kubelet_volumes.go:65] x',
    ].join('\n');
    expect(detect(journal, 'messages').format).toBe('journal-short');
  });

  it('gives short-precise (must-gather kubelet_service.log) to journal-short', () => {
    expect(detect(`${OTHER.journalPrecise}\n${OTHER.journalPrecise}\n`).format).toBe('journal-short');
  });

  it('keeps a klog text kubelet.log for klog and a JSON one for klog-json', () => {
    expect(detectFile('klog', 'rook-kubelet-klog-extract.log', 'kubelet.log').format).toBe('klog');
    expect(detectFile('klog-json', 'kubelet-k8s-100409-json-flags.log', 'kubelet.log').format).toBe(
      'klog-json',
    );
  });

  it('leaves `kubectl logs` without --timestamps (bare klog) to klog', () => {
    expect(detectFile('klog', 'rook-kubelet-klog-extract.log', 'current.log').format).toBe('klog');
  });

  for (const dir of ['dmesg', 'journal-short', 'klog', 'ceph-config-dump', 'unrecognised']) {
    it.each(fixtureFiles(dir))(`existing ${dir}/%s is not taken`, (file) => {
      expect(detectFile(dir, file).format).toBe(dir);
    });
  }
});

describe('the 3164 and 3339 parsers read lines exactly as their regexes do', () => {
  const RFC3164 =
    /^(?:<(?<pri>\d{1,3})>)?(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?: (?<day1>[1-9])|(?<day>[0-3]\d)) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?<fraction>\.\d+)? (?<host>\S+)(?: (?<rest>.*))?$/;
  const RFC3339 =
    /^(?:<(?<pri>\d{1,3})>)?(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})T(?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})\.(?<fraction>\d{1,6})(?<zone>Z|[+-]\d{2}:\d{2}) (?<host>\S+)(?: (?<rest>.*))?$/;
  const TAGGED = /^(?<ident>[^\s[:]+)(?:\[(?<pid>\d+)\])?: ?(?<msg>.*)$/;
  const pieces = [
    '0',
    '9',
    ' ',
    ':',
    '[',
    ']',
    '<',
    '>',
    '.',
    '#012',
    '\r',
    '\u2028',
    '\t',
    '\u00a0',
    'x',
    'Z',
  ];

  /** The outcome the regexes give, from the fields of a matched prefix on (`body` of syslog.ts). */
  function want(
    text: string,
    rec: EntryRecord,
    pri: string | undefined,
    rest: string | undefined,
  ): LineOutcome {
    if (pri !== undefined) {
      if (Number(pri) > 191) return { t: 'unparsed', reason: `syslog PRI ${pri} above 191` };
      rec.severity = Number(pri) % 8;
      rec.facility = Math.floor(Number(pri) / 8);
    }
    if (rest === undefined || rest === '') return { t: 'unparsed', reason: 'no message after the host name' };
    const g = TAGGED.exec(rest)?.groups;
    const marker: LineOutcome = { t: 'meta', meta: { kind: 'other-marker', text } };
    if (!g) {
      if (/^(?:last message repeated \d+ times?|-- MARK --)$/.test(rest)) return marker;
      return { t: 'record', rec: setMessage(rec, rest, unescapeControl) };
    }
    const trimmed = (g.msg ?? '').trim();
    if (/^message repeated \d+ times?: \[/.test(trimmed) || trimmed === '-- MARK --') return marker;
    rec.ident = g.ident ?? '';
    if (g.pid) rec.pid = Number(g.pid);
    return { t: 'record', rec: setMessage(rec, g.msg ?? '', unescapeControl) };
  }

  it('RFC 3164', () => {
    const texts = mutants(
      [
        'Oct  6 19:18:51 mon1 kernel: libceph: mon0 192.168.2.81:6789 session established',
        "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8",
        'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
        'Aug 21 19:00:30 rhel7 ceph_check[12]: ERROR#012Traceback',
        'Nov  9 18:09:14.123 host tag: fractional seconds',
        'Jan 31 00:00:00 10.0.0.99 Use the BFG!',
        'Feb 05 17:32:18 host rsyslogd:  message repeated 76 times: [-- MARK --]',
        'Feb  5 17:32:18 host last message repeated 2 times',
        // Whitespace other than a space ends the host and the tag: no prefix, or an untagged message.
        'Oct  6 19:18:51 mon\t1 kernel: x',
        'Oct  6 19:18:51 mon1 ker\u00a0nel: x',
        'Oct  6 19:18:51 mon1 kernel[12]x: y',
      ],
      pieces,
    );
    let records = 0;
    for (const text of texts) {
      if (text.trim() === '') continue;
      const out = p3164(text);
      const g = RFC3164.exec(text)?.groups;
      if (!g) {
        expect(out.t, JSON.stringify(text)).not.toBe('record');
        continue;
      }
      const c = civilOf({ ...g, month: g.month, day: g.day1 ?? g.day, micros: undefined });
      let expected: LineOutcome;
      if (g.fraction)
        expected = {
          t: 'unparsed',
          reason: 'fractional seconds (journalctl short-precise, not a syslog file)',
        };
      else if (!isValidCivil(c))
        expected = { t: 'unparsed', reason: 'impossible date or time in the syslog stamp' };
      else {
        const rec: EntryRecord = {
          kind: 'entry',
          line: 7,
          offset: 420,
          msg: '',
          time: { kind: 'civil', civil: c },
        };
        rec.host = g.host ?? '';
        expected = want(text, rec, g.pri, g.rest);
      }
      if (expected.t === 'record') records++;
      expect(out, JSON.stringify(text)).toStrictEqual(expected);
    }
    expect(records).toBeGreaterThan(100);
  });

  it('RFC 3339', () => {
    const texts = mutants(
      [
        '2023-11-09T18:09:14.123456+08:00 node-a kernel: libceph: mon0 (1)10.99.10.4:6789 session lost',
        '<13>2023-11-09T18:09:14.1Z host ident[99]:no space after the colon',
        '2024-02-29T23:59:60.000001-05:30 host kernel: [ 12.000001] ceph: mds0 caps stale',
        '2023-02-29T00:00:00.5+00:00 host tag: not a leap year',
        '2023-11-09T18:09:14.123456+08:00 node\u3000a kernel: x',
        '2023-11-09T18:09:14.1234567+08:00 node-a kernel: seven digits',
      ],
      pieces,
    );
    let records = 0;
    for (const text of texts) {
      if (text.trim() === '') continue;
      const out = p3339(text);
      const g = RFC3339.exec(text)?.groups;
      if (!g) {
        expect(out.t, JSON.stringify(text)).not.toBe('record');
        continue;
      }
      const c = civilOf(g, Number((g.fraction ?? '').padEnd(6, '0')));
      let expected: LineOutcome;
      if (!isValidDate(c))
        expected = { t: 'unparsed', reason: 'impossible date or time in the RFC 3339 stamp' };
      else {
        const time: EntryTime = { kind: 'civil', civil: c, zone: g.zone ?? '' };
        const rec: EntryRecord = { kind: 'entry', line: 7, offset: 420, msg: '', time };
        rec.host = g.host ?? '';
        expected = want(text, rec, g.pri, g.rest);
      }
      if (expected.t === 'record') records++;
      expect(out, JSON.stringify(text)).toStrictEqual(expected);
    }
    expect(records).toBeGreaterThan(50);
  });
});
