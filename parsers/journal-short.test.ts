import { describe, expect, it } from 'vitest';
import { mutants } from '../test/support/mutants.ts';
import { civilOf, isValidCivil } from './civil.ts';
import { journalShortParser } from './journal-short.ts';
import { parseKlogHeader } from './klog.ts';
import type { JournalRecord, LineOutcome } from './types.ts';

const parse = (text: string): LineOutcome => journalShortParser.parseLine(text, 4, 99);

function record(text: string): JournalRecord {
  const out = parse(text);
  if (out.t !== 'record' || out.rec.kind !== 'journal')
    throw new Error(`not a journal record: ${JSON.stringify(out)}`);
  return out.rec;
}

describe('journalShortParser records', () => {
  it('reads a kubelet line whose message is a klog line (header sample)', () => {
    const r = record(
      'Jan 29 15:25:06 krs-1 kubelet[10850]: E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "662f2657-0ac0-11e9-ac5a-0cc47a03ac3c" found, but error stat /var/lib/kubelet/pods/662f2657-0ac0-11e9-ac5a-0cc47a03ac3c/volumes/ceph.rook.io~rook/image-store: permission denied occurred during checking mounted volumes from disk',
    );
    expect(r).toMatchObject({
      line: 4,
      offset: 99,
      time: { month: 1, day: 29, hour: 15, minute: 25, second: 6, micros: 0 },
      host: 'krs-1',
      ident: 'kubelet',
      pid: 10850,
    });
    expect(r.time.year).toBeUndefined();
    expect(r.msg.startsWith('E0129 14:25:06.950855')).toBe(true);
    // The klog clock is an hour behind the journal's here (kubelet zone ≠ journalctl zone): keep both.
    expect(r.klog).toMatchObject({
      level: 'E',
      time: { month: 1, day: 29, hour: 14, minute: 25, second: 6, micros: 950855 },
      pid: 10850,
      file: 'kubelet_volumes.go',
      srcLine: 65,
    });
    expect(r.klog?.msg.startsWith('pod "662f2657')).toBe(true);
  });

  it('moves a syslog kernel stamp into kernelMono (header sample)', () => {
    const r = record('Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session');
    expect(r).toMatchObject({
      host: 'teuthology',
      ident: 'kernel',
      kernelMono: 3677601.123718,
      msg: 'ceph: mds0 closed our session',
    });
    expect(r.pid).toBeUndefined();
    expect(r.klog).toBeUndefined();
  });

  it('reads an ident without pid (header sample)', () => {
    const r = record('Jun 15 04:06:20 combo logrotate: ALERT exited abnormally with [1]');
    expect(r).toMatchObject({ host: 'combo', ident: 'logrotate', msg: 'ALERT exited abnormally with [1]' });
    expect(r.pid).toBeUndefined();
  });

  it.each<[string, Partial<JournalRecord>]>([
    [
      'Nov 12 10:14:03 node-a kernel: msg',
      {
        time: { month: 11, day: 12, hour: 10, minute: 14, second: 3, micros: 0 },
        ident: 'kernel',
        msg: 'msg',
      },
    ],
    // Zero-padded day (journalctl; syslog files space-pad it, see the unparsed cases).
    [
      'Nov 09 10:14:03 node-a kernel: x',
      { time: { month: 11, day: 9, hour: 10, minute: 14, second: 3, micros: 0 } },
    ],
    // short-precise, OpenShift kubenswrapper.
    [
      'Mar 09 16:58:52.133046 master01 kubenswrapper[3195]: I0309 16:58:52.132866    3195 kubelet_getters.go:182] "Pod status updated" pod="openshift-etcd/etcd-master01" status=Running',
      {
        time: { month: 3, day: 9, hour: 16, minute: 58, second: 52, micros: 133046 },
        host: 'master01',
        ident: 'kubenswrapper',
        pid: 3195,
      },
    ],
    [
      'Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown',
      { ident: 'sshd(pam_unix)', pid: 19939 },
    ],
    ['Nov 12 10:14:03 node-a foo[12]:', { ident: 'foo', pid: 12, msg: '' }],
    ['Nov 12 10:14:03 node-a kernel: [    1.000000] new', { kernelMono: 1, msg: 'new' }],
    // Only kernel messages lose a leading stamp.
    ['Nov 12 10:14:03 node-a app[1]: [12.123456] mine', { msg: '[12.123456] mine' }],
    // The literal `[1.2K blob data]` is the message journalctl prints for non-UTF-8 text.
    ['Nov 12 10:14:03 node-a app[1]: [1.2K blob data]', { msg: '[1.2K blob data]' }],
  ])('%s', (text, want) => {
    expect(record(text)).toMatchObject(want);
  });

  it('only fills klog when the message is a klog line', () => {
    expect(record('Nov 12 10:14:03 node-a kubelet[1]: Flag --foo has been deprecated').klog).toBeUndefined();
  });
});

describe('journalShortParser markers, continuations and prompts', () => {
  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    [
      '-- Logs begin at Tue 2019-11-12 06:00:01 UTC, end at Tue 2019-11-12 11:02:17 UTC. --',
      {
        t: 'meta',
        meta: {
          kind: 'journal-range',
          begin: { year: 2019, month: 11, day: 12, hour: 6, minute: 0, second: 1, micros: 0 },
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
    [
      '-- Logs begin at Thu 2023-02-09 21:19:09 +08, end at Thu 2023-03-09 16:59:16 +08. --',
      {
        t: 'meta',
        meta: {
          kind: 'journal-range',
          begin: { year: 2023, month: 2, day: 9, hour: 21, minute: 19, second: 9, micros: 0 },
          zone: '+08',
        },
      },
    ],
    [
      '-- Boot 6c7c6013a26343b29e964691ff25d04c --',
      { t: 'meta', meta: { kind: 'journal-boot', bootId: '6c7c6013a26343b29e964691ff25d04c' } },
    ],
    ['-- Reboot --', { t: 'meta', meta: { kind: 'journal-boot' } }],
    ['-- No entries --', { t: 'meta', meta: { kind: 'other-marker', text: '-- No entries --' } }],
    [
      '-- cursor: s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8',
      {
        t: 'meta',
        meta: { kind: 'other-marker', text: '-- cursor: s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8' },
      },
    ],
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
      'Warning: some journal files were not opened due to insufficient permissions.',
      {
        t: 'meta',
        meta: {
          kind: 'other-marker',
          text: 'Warning: some journal files were not opened due to insufficient permissions.',
        },
      },
    ],
    [
      'Notice: journal has been rotated since unit was started.',
      {
        t: 'meta',
        meta: { kind: 'other-marker', text: 'Notice: journal has been rotated since unit was started.' },
      },
    ],
    [
      '                                      second line of a message',
      { t: 'continuation', text: 'second line of a message' },
    ],
    [
      'root@node-a:~# journalctl -k',
      {
        t: 'meta',
        meta: {
          kind: 'prompt',
          text: 'root@node-a:~# journalctl -k',
          host: 'node-a',
          command: 'journalctl -k',
        },
      },
    ],
  ])('%s', (text, want) => {
    expect(parse(text)).toEqual(want);
  });
});

describe('journalShortParser rejects other formats with a reason', () => {
  it.each([
    '[ 5645.168000] ceph: mds0 closed our session',
    '[1567288.583940] libceph: mon0 (1)192.168.3.235:6789 session lost, hunting for new mon',
    'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod found',
    'I1102 19:28:26.855841    3132 kubelet.go:1777] skipping pod synchronization',
    'WHO    MASK  LEVEL     OPTION     VALUE      RO',
    'mon          advanced  auth_allow_insecure_global_id_reclaim              false',
    '[Fri Aug 15 02:38:10 2025] ceph: mds0 caps stale',
    '2023-09-08T17:20:30+0200 tarta r710_fan_controller.sh[20911]: Highest drive temperature: 43 Celcius.',
    'Nov 12 25:14:03 node-a kernel: bad hour',
    'Nov 32 10:14:03 node-a kernel: bad day',
    'Foo 12 10:14:03 node-a kernel: bad month',
    '       seven spaces are not a continuation',
    '    State:          Terminated',
    // A space-padded day is a syslog file's (journalctl prints `%d`).
    'Nov  9 10:14:03 node-a kernel: x',
  ])('%s', (text) => {
    expect(parse(text)).toEqual({ t: 'unparsed', reason: expect.stringContaining('journal short') });
  });

  it('takes rsyslog repeat lines for what they are', () => {
    expect(parse('Nov 12 10:14:09 node-a kernel: message repeated 3 times: [ libceph: mon0 lost]')).toEqual({
      t: 'unparsed',
      reason: expect.stringContaining('rsyslog repeat line'),
    });
  });
});

describe('journalShortParser reads records exactly as its regexes do', () => {
  const SHORT =
    /^(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})(?:\.(?<micros>\d{6}))? (?<host>\S+) (?<ident>[^\s[:]+)(?:\[(?<pid>\d+)\])?:(?: (?<msg>.*))?$/;
  const KERNEL_STAMP = /^\[ *(?<kernelMono>\d+\.\d{6})\] ?(?<msg>.*)$/;
  const texts = mutants(
    [
      'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
      'Nov 12 10:14:03.123456 k8s-worker-1 kubelet[1187]: E1112 10:14:03.123456    1187 file.go:66] boom',
      'Jun 15 04:06:20 combo logrotate: ALERT exited abnormally with [1]',
      'Dec 31 23:59:60 h\u00a0x ident[0]:',
      'Feb 29 00:00:00 host kernel:[ 1.000000]no space after the stamp',
      'Jan 01 00:00:00 host rsyslogd: message repeated 2 times: [ x]',
    ],
    ['0', '9', ' ', ':', '[', ']', '.', '\r', '\n', '\u2028', '\t', '\u3000', 'x', 'kernel'],
  );

  it('agrees on every variant', () => {
    let records = 0;
    for (const text of texts) {
      const out = parse(text);
      const g = SHORT.exec(text)?.groups;
      const time = g && civilOf(g);
      if (!g || !time || !isValidCivil(time) || /^ ?message repeated \d+ times?: \[/.test(g.msg ?? '')) {
        expect(out.t, JSON.stringify(text)).not.toBe('record');
        continue;
      }
      records++;
      const want: JournalRecord = {
        kind: 'journal',
        line: 4,
        offset: 99,
        msg: g.msg ?? '',
        time,
        host: g.host ?? '',
        ident: g.ident ?? '',
      };
      if (g.pid) want.pid = Number(g.pid);
      const k = g.ident === 'kernel' ? KERNEL_STAMP.exec(want.msg)?.groups : undefined;
      if (k) {
        want.kernelMono = Number(k.kernelMono);
        want.msg = k.msg ?? '';
      }
      const klog = parseKlogHeader(want.msg);
      if (klog) want.klog = klog;
      expect(out, JSON.stringify(text)).toStrictEqual({ t: 'record', rec: want });
    }
    expect(records).toBeGreaterThan(100);
    expect(records).toBeLessThan(texts.length - 100);
  });
});
