import { describe, expect, it } from 'vitest';
import { mutants } from '../test/support/mutants.ts';
import { civilOf, isValidCivil } from './civil.ts';
import { klogParser, parseKlogHeader } from './klog.ts';
import type { KlogHeader, LineOutcome } from './types.ts';

describe('parseKlogHeader', () => {
  it.each<[string, Omit<KlogHeader, 'time'> & { hms: string }]>([
    [
      'I1025 00:15:15.525108       1 httplog.go:79] GET /api/v1/namespaces/kube-system/pods/metrics-server-v0.3.1-57c75779f-9p8wg: (1.512ms) 200 [pod_nanny/v0.0.0 (linux/amd64) kubernetes/$Format 10.56.1.19:51756]',
      {
        level: 'I',
        hms: '10-25 00:15:15.525108',
        pid: 1,
        file: 'httplog.go',
        srcLine: 79,
        msg: 'GET /api/v1/namespaces/kube-system/pods/metrics-server-v0.3.1-57c75779f-9p8wg: (1.512ms) 200 [pod_nanny/v0.0.0 (linux/amd64) kubernetes/$Format 10.56.1.19:51756]',
      },
    ],
    [
      // Structured (InfoS) lines keep everything after `] ` as the message.
      'I1025 00:15:15.525108       1 controller_utils.go:116] "Pod status updated" pod="kube-system/kubedns" status="ready"',
      {
        level: 'I',
        hms: '10-25 00:15:15.525108',
        pid: 1,
        file: 'controller_utils.go',
        srcLine: 116,
        msg: '"Pod status updated" pod="kube-system/kubedns" status="ready"',
      },
    ],
    [
      'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod "662f2657" found',
      {
        level: 'E',
        hms: '01-29 14:25:06.950855',
        pid: 10850,
        file: 'kubelet_volumes.go',
        srcLine: 65,
        msg: 'pod "662f2657" found',
      },
    ],
    [
      // --add_dir_header prints dir/file.
      'W1112 10:20:01.000001 4242 volume/util.go:7] x',
      { level: 'W', hms: '11-12 10:20:01.000001', pid: 4242, file: 'volume/util.go', srcLine: 7, msg: 'x' },
    ],
    [
      'F0101 00:00:00.000000       1 main.go:1]',
      { level: 'F', hms: '01-01 00:00:00.000000', pid: 1, file: 'main.go', srcLine: 1, msg: '' },
    ],
  ])('%s', (text, want) => {
    const h = parseKlogHeader(text);
    expect(h).not.toBeNull();
    if (!h) return;
    const t = h.time;
    const hms = `${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')} ${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}:${String(t.second).padStart(2, '0')}.${String(t.micros).padStart(6, '0')}`;
    const { hms: wantHms, ...rest } = want;
    expect({ ...h, time: undefined }).toEqual({ ...rest, time: undefined });
    expect(hms).toBe(wantHms);
    expect(t.year).toBeUndefined();
  });

  it.each([
    'X1112 10:20:01.123456    1234 kubelet.go:1] bad level',
    'E1399 10:20:01.123456    1234 kubelet.go:1] month 13',
    'E1112 25:20:01.123456    1234 kubelet.go:1] hour 25',
    'E1112 10:20:01.123    1234 kubelet.go:1] millis only',
    'E1112 10:20:01.123456 kubelet.go:1] no pid',
    'E1112 10:20:01.123456    1234 kubelet.go] no line',
    'Jan 29 15:25:06 krs-1 kubelet[10850]: E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod',
    '[ 5645.168000] ceph: mds0 closed our session',
  ])('not a header: %s', (text) => {
    expect(parseKlogHeader(text)).toBeNull();
  });
});

describe('klogParser', () => {
  const parse = (text: string): LineOutcome => klogParser.parseLine(text, 9, 400);

  it('turns a header line into a record', () => {
    const out = parse('I1102 19:28:26.855841    3132 kubelet.go:1777] skipping pod synchronization');
    expect(out).toMatchObject({
      t: 'record',
      rec: {
        kind: 'klog',
        line: 9,
        offset: 400,
        msg: 'skipping pod synchronization',
        header: { level: 'I', pid: 3132 },
      },
    });
  });

  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    // klog `key=<` multi-line value: tab-indented lines, then ` >`.
    ['\tline one of the value', { t: 'continuation', text: 'line one of the value' }],
    ['\t\tnested', { t: 'continuation', text: '\tnested' }],
    [' >', { t: 'continuation', text: ' >' }],
    [
      '        /usr/local/go/src/runtime/panic.go:965 +0x1b9',
      { t: 'continuation', text: '        /usr/local/go/src/runtime/panic.go:965 +0x1b9' },
    ],
    [
      'Log file created at: 2019/11/12 06:00:01',
      {
        t: 'meta',
        meta: {
          kind: 'klog-created',
          time: { year: 2019, month: 11, day: 12, hour: 6, minute: 0, second: 1, micros: 0 },
        },
      },
    ],
    ['Running on machine: node-a', { t: 'meta', meta: { kind: 'host', name: 'node-a' } }],
    [
      'Binary: Built with gc go1.12.10 for linux/amd64',
      { t: 'meta', meta: { kind: 'other-marker', text: 'Binary: Built with gc go1.12.10 for linux/amd64' } },
    ],
    [
      'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
      {
        t: 'meta',
        meta: {
          kind: 'other-marker',
          text: 'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
        },
      },
    ],
    [
      'root@node-a:~# tail /var/log/kubelet.log',
      {
        t: 'meta',
        meta: {
          kind: 'prompt',
          text: 'root@node-a:~# tail /var/log/kubelet.log',
          host: 'node-a',
          command: 'tail /var/log/kubelet.log',
        },
      },
    ],
  ])('%j', (text, want) => {
    expect(parse(text)).toEqual(want);
  });

  it.each([
    // A journal line whose message is klog must not pass as a klog file line.
    'Jan 29 15:25:06 krs-1 kubelet[10850]: E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod found',
    '[ 5645.168000] ceph: mds0 closed our session',
    'WHO    MASK  LEVEL     OPTION     VALUE      RO',
    'osd.0        basic     osd_mclock_max_capacity_iops_hdd                   86.136079',
    'goroutine 1 [running]:',
    'Log file created at: 2019/13/12 06:00:01',
  ])('unparsed with a reason: %s', (text) => {
    expect(parse(text)).toEqual({ t: 'unparsed', reason: expect.stringContaining('klog header') });
  });
});

describe('parseKlogHeader reads exactly what its regex matches', () => {
  const KLOG_HEADER =
    /^(?<level>[IWEF])(?<month>\d{2})(?<day>\d{2}) (?<hour>\d{2}):(?<minute>\d{2}):(?<second>\d{2})\.(?<micros>\d{6}) +(?<pid>\d+) (?<file>[^ :\]]+):(?<srcLine>\d+)\](?: (?<msg>.*))?$/;
  const texts = mutants(
    [
      'I1025 00:15:15.525108       1 httplog.go:79] GET /api/v1/namespaces',
      'E1112 10:20:01.123456    1187 file.go:66] "Error syncing pod, skipping" err="x"',
      'W0229 23:59:60.000000 123456789012345678 a:1]',
      'F1231 00:00:00.999999 7 weird\tfile\rname:12] msg',
      'I1025 00:15:15.525108       1 http]log.go:79] a bracket ends the file name',
      'I1025 00:15:15.525108       1 http log.go:79] so does a space',
    ],
    ['0', '9', ' ', ':', ']', '[', '.', 'I', '\r', '\n', '\u2028', '\t', 'x'],
  );

  it('agrees on every variant', () => {
    let headers = 0;
    for (const text of texts) {
      const g = KLOG_HEADER.exec(text)?.groups;
      const time = g && civilOf(g);
      const want =
        g && time && isValidCivil(time)
          ? {
              level: g.level,
              time,
              pid: Number(g.pid),
              file: g.file,
              srcLine: Number(g.srcLine),
              msg: g.msg ?? '',
            }
          : null;
      if (want) headers++;
      expect(parseKlogHeader(text), JSON.stringify(text)).toStrictEqual(want);
    }
    expect(headers).toBeGreaterThan(50);
    expect(headers).toBeLessThan(texts.length - 50);
  });
});
