import { describe, expect, it } from 'vitest';
import { ACCEPT_SCORE, chooseFormat, detectFormat, parserFor, pathHints, SNIFF_LINES } from './detect.ts';
import type { FormatId } from './types.ts';

const DMESG = [
  '[ 5338.083673] run fstests generic/444 at 2021-11-18 12:07:44',
  '[ 5405.607913] ceph: mds1 caps stale',
  '[ 5642.657735] ceph: mds1 hung',
  '[ 5645.168000] ceph: mds0 closed our session',
  '[ 5645.196569] ceph: mds0 reconnect denied',
];
const JOURNAL_KLOG = [
  'Nov 02 19:28:26 ip-10-0-6-103.ec2.internal kubelet-wrapper[3132]: I1102 19:28:26.855841    3132 kubelet.go:1777] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.483320886s ago; threshold is 3m0s]',
  'Nov 02 19:28:31 ip-10-0-6-103.ec2.internal kubelet-wrapper[3132]: I1102 19:28:31.856083    3132 kubelet.go:1777] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m10.483554782s ago; threshold is 3m0s]',
  'Nov 02 19:28:36 ip-10-0-6-103.ec2.internal kubelet-wrapper[3132]: I1102 19:28:36.856347    3132 kubelet.go:1777] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m15.483831782s ago; threshold is 3m0s]',
];
const KLOG = [
  'Log file created at: 2019/11/12 06:00:01',
  'Running on machine: node-a',
  'Binary: Built with gc go1.12.10 for linux/amd64',
  'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
  'I1102 19:28:26.855841    3132 kubelet.go:1777] skipping pod synchronization',
  'E1102 19:21:19.348436    3132 remote_runtime.go:278] ContainerStatus from runtime service failed',
  'I1025 00:15:15.525108       1 controller_utils.go:116] "Pod status updated" pod="kube-system/kubedns" status="ready"',
];
const CONFIG = [
  'root@harlan:~# ceph config dump',
  'WHO    MASK  LEVEL     OPTION                                             VALUE      RO',
  'mon          advanced  auth_allow_insecure_global_id_reclaim              false',
  'mgr          advanced  mgr/dashboard/ssl                                  true       *',
  'osd.0        basic     osd_mclock_max_capacity_iops_hdd                   86.136079',
];

describe('detectFormat', () => {
  it.each<[string, string[], FormatId]>([
    ['dmesg', DMESG, 'dmesg'],
    ['dmesg after a pasted prompt', ['ubuntu@ollama:~$ sudo dmesg', ...DMESG], 'dmesg'],
    ['journal short whose messages are klog lines', JOURNAL_KLOG, 'journal-short'],
    ['a klog file with its header', KLOG, 'klog'],
    ['ceph config dump', CONFIG, 'ceph-config-dump'],
    [
      'journal short with markers and continuations',
      [
        '-- Logs begin at Tue 2019-11-12 06:00:01 UTC, end at Tue 2019-11-12 11:02:17 UTC. --',
        'Nov 12 10:14:03 node-a kernel: libceph: mon0 (1)10.0.0.1:6789 session lost, hunting for new mon',
        '                                 continued',
        '-- Reboot --',
        'Nov 12 10:20:01 node-a kubelet[1234]: E1112 10:20:01.123456    1234 kubelet_volumes.go:65] x',
      ],
      'journal-short',
    ],
    ['\\r\\n endings', DMESG.map((l) => `${l}\r`), 'dmesg'],
    ['paste noise around a log', ['```', ...DMESG, '...', '```'], 'dmesg'],
    ['one bad line in five', [...DMESG.slice(0, 4), 'garbage'], 'dmesg'],
  ])('%s', (_name, lines, want) => {
    const d = detectFormat(`${lines.join('\n')}\n`);
    expect(d.format).toBe(want);
    expect(d.score).toBeGreaterThanOrEqual(ACCEPT_SCORE);
    expect(d.reason).toMatch(new RegExp(`^${want}: \\d+ of \\d+ lines matched`));
    expect(d.candidates[0]?.format).toBe(want);
  });

  it('does not take a klog file for journal or a journal for klog', () => {
    const k = detectFormat(KLOG.join('\n'), 'kubelet.log');
    expect(k.candidates.find((c) => c.format === 'journal-short')?.score).toBe(0);
    const j = detectFormat(JOURNAL_KLOG.join('\n'), 'kubelet.log');
    expect(j.format).toBe('journal-short');
    expect(j.candidates.find((c) => c.format === 'klog')?.score).toBe(0);
  });

  it('names the best candidate and its score when nothing fits', () => {
    const lines = [DMESG[0] ?? '', 'a', 'b', 'c', 'd'];
    const d = detectFormat(lines.join('\n'));
    expect(d.format).toBe('unrecognised');
    expect(d.reason).toBe('no known format: best candidate dmesg matched 20% of the first 5 lines');
    expect(d.score).toBeCloseTo(0.2);
  });

  it('says when no format matched any line', () => {
    const d = detectFormat(
      [
        'Since Tuesday morning every pod on the three workers is stuck.',
        'We restarted kubelet twice, no change.',
        'Can you tell us if this is Ceph or Kubernetes?',
      ].join('\n'),
    );
    expect(d.format).toBe('unrecognised');
    expect(d.reason).toBe(
      `no known format: none of the ${d.candidates.length} formats tried matched any of the first 3 lines`,
    );
    expect(d.candidates.length).toBeGreaterThanOrEqual(4);
  });

  it('does not count indented lines as a continuation when no record precedes them', () => {
    const d = detectFormat('        indented\n        more\n[    1.000000] x\n        continued\n');
    expect(d.format).toBe('unrecognised');
    expect(d.reason).toBe('no known format: best candidate dmesg matched 33% of the first 4 lines');
  });

  it.each([
    ['an empty file', '', 'empty file'],
    ['blank lines only', '\n  \n\n', 'no text: the first 3 lines are blank'],
    ['NUL bytes only', '\u0000'.repeat(4096), 'no text: the first 4096 bytes are all NUL'],
    ['UTF-16LE without a BOM', 'N\u0000o\u0000v\u0000 \u00001\u00002\u0000\n\u0000', 'as in UTF-16LE text'],
    ['UTF-16BE without a BOM', '\u0000N\u0000o\u0000v\u0000 \u00001\u00002\u0000\n', 'as in UTF-16BE text'],
    ['undecodable bytes', '\ufffd\ufffd\u0001\ufffdab\ufffd\ufffd', 'control or undecodable'],
  ])('refuses %s with its own reason', (_name, head, reason) => {
    const d = detectFormat(head);
    expect(d.format).toBe('unrecognised');
    expect(d.reason).toContain(reason);
  });

  it('reads a log with NUL bytes in it (a NUL run where it was cut, a NUL in a message) by its other lines', () => {
    // 512 NULs are 65% of this head: the text around them decides, not the NULs.
    const head = `${DMESG[0]}\n${'\u0000'.repeat(512)}${DMESG[1]}\n${DMESG[2]}\n[ 5645.168000] ceph: x\u0000y\n`;
    expect(detectFormat(head).reason).toBe('dmesg: 4 of 4 lines matched (100%) in the first 4 lines');
    expect(detectFormat(head).format).toBe('dmesg');
  });

  it('names lone-CR line ends when no format takes the file, and only then', () => {
    const cr = `${DMESG.join('\r')}\r`;
    expect(detectFormat(cr).reason).toBe(
      'lines end with a lone CR (carriage return): the first 64 KiB hold 5 CR not followed by LF and 0 LF, ' +
        "and lines are split at LF; convert it with `tr '\\r' '\\n' < <file> > <file>.txt` and drop the result",
    );
    // CRLF is no lone CR, and a file a format takes keeps its format whatever CRs it holds.
    expect(detectFormat(`${DMESG.join('\r\n')}\r\n`).format).toBe('dmesg');
    expect(detectFormat(`${DMESG.join('\n')}\n${'progress\r'.repeat(3)}\n`).format).toBe('dmesg');
    // One stray CR in an unknown file is not what makes it unknown.
    expect(detectFormat('hello\rworld').reason).toMatch(/^no known format/);
  });

  it(`looks at the first ${SNIFF_LINES} lines only`, () => {
    const head = [
      ...Array.from({ length: SNIFF_LINES }, (_, i) => DMESG[i % DMESG.length]),
      ...Array(500).fill('zzz'),
    ];
    expect(detectFormat(head.join('\n')).reason).toBe(
      'dmesg: 200 of 200 lines matched (100%) in the first 200 lines',
    );
  });

  it('does not count the empty string after a final newline as a line', () => {
    expect(detectFormat(`${DMESG.join('\n')}\n`).reason).toContain('in the first 5 lines');
  });
});

describe('chooseFormat tie-break', () => {
  const tie = [
    { format: 'dmesg' as const, score: 0.9, matched: 9, candidates: 10 },
    { format: 'journal-short' as const, score: 0.9, matched: 9, candidates: 10 },
    { format: 'klog' as const, score: 0.1, matched: 1, candidates: 10 },
  ];
  it.each([
    ['node-a/journal.txt', 'journal-short', 'the file name suggests journal-short'],
    ['node-a/dmesg.txt', 'dmesg', 'the file name suggests dmesg'],
    ['README', 'dmesg', 'no file-name hint, took dmesg'],
    [undefined, 'dmesg', 'no file-name hint, took dmesg'],
  ])('%s → %s', (path, want, reason) => {
    const d = chooseFormat(tie, 10, path);
    expect(d.format).toBe(want);
    expect(d.reason).toContain(reason);
    expect(d.candidates.map((c) => c.format)).toEqual(['dmesg', 'journal-short', 'klog']);
  });
});

describe('pathHints', () => {
  it.each([
    ['dmesg', ['dmesg']],
    ['nodes/worker-1/dmesg.log', ['dmesg']],
    ['var/log/messages-20231112', ['syslog-rfc3164']],
    ['journalctl_--no-pager', ['journal-short']],
    ['host_service_logs/masters/kubelet_service.log', ['journal-short', 'klog']],
    ['var/log/kubelet.log.1', ['klog']],
    ['ceph/must_gather_commands/ceph_config_dump', ['ceph-config-dump']],
    ['C:\\bundle\\config-dump.txt', ['ceph-config-dump']],
    ['notes.txt', []],
  ])('%s', (path, want) => {
    // Several formats of a family may share a hint (journal*): the expected one must be among them.
    if (want.length === 0) expect(pathHints(path)).toEqual([]);
    else expect(pathHints(path)).toEqual(expect.arrayContaining(want));
  });
});

describe('parserFor', () => {
  it('returns a parser with the asked id', () => {
    for (const f of ['dmesg', 'journal-short', 'klog', 'ceph-config-dump'] as const) {
      expect(parserFor(f).id).toBe(f);
    }
  });

  it('returns a fresh ceph config parser each time (it keeps the header offsets)', () => {
    const a = parserFor('ceph-config-dump');
    const b = parserFor('ceph-config-dump');
    expect(a).not.toBe(b);
    a.parseLine('WHO    MASK  LEVEL     OPTION  VALUE  RO', 1, 0);
    expect(a.parseLine('mon          advanced  a_opt   1', 2, 0).t).toBe('record');
    expect(b.parseLine('mon          advanced  a_opt   1', 2, 0).t).toBe('unparsed');
  });
});
