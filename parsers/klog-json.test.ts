// Detection of the klog-json fixtures against every other format is in syslog.test.ts.
import { describe, expect, it } from 'vitest';
import { headerSamples } from '../test/support/header-samples.ts';
import { KLOG_JSON_FORMATS, klogJsonParser } from './klog-json.ts';
import type { EntryRecord, LineOutcome } from './types.ts';

const parse = (text: string): LineOutcome => klogJsonParser.parseLine(text, 3, 77);

function entry(text: string): EntryRecord {
  const out = parse(text);
  if (out.t !== 'record' || out.rec.kind !== 'entry') throw new Error(`not an entry: ${JSON.stringify(out)}`);
  return out.rec;
}

describe('klog-json spec', () => {
  it('exports one spec', () => {
    expect(KLOG_JSON_FORMATS.map((f) => f.id)).toEqual(['klog-json']);
    expect(KLOG_JSON_FORMATS[0]?.create().id).toBe('klog-json');
    expect(KLOG_JSON_FORMATS[0]?.pathHint?.test('kubelet.log')).toBe(true);
  });

  it('header sample lines: the text line printed before JSON logging, then two JSON records', () => {
    expect(headerSamples('./klog-json.ts').map((s, i) => klogJsonParser.parseLine(s, i + 1, 0).t)).toEqual([
      'unparsed',
      'record',
      'record',
    ]);
  });
});

describe('klog-json records', () => {
  it('reads an error record (kubernetes/kubernetes#104997)', () => {
    expect(
      entry(
        '{"ts":1631610094233.7605,"caller":"app/server.go:276","msg":"Failed to construct kubelet dependencies","err":"error reading /var/lib/kubelet/pki/kubelet.key, certificate and key must be supplied as a pair"}',
      ),
    ).toEqual({
      kind: 'entry',
      line: 3,
      offset: 77,
      time: { kind: 'epoch', ms: 1631610094233.7605 },
      ident: 'kubelet',
      severity: 3,
      fields: { caller: 'app/server.go:276' },
      msg: 'Failed to construct kubelet dependencies err="error reading /var/lib/kubelet/pki/kubelet.key, certificate and key must be supplied as a pair"',
    });
  });

  it.each<[string, string, Partial<EntryRecord>]>([
    [
      'FLAG line without caller, trailing newline removed, v 1 = debug (kubernetes/kubernetes#100409)',
      '{"ts":1616398324656.7524,"msg":"FLAG: --eviction-soft=\\"\\"\\n","v":1}',
      { msg: 'FLAG: --eviction-soft=""', severity: 7, fields: { v: '1' } },
    ],
    [
      // hl issue #153 as quoted in the format notes; the `v` value is elided there, 0 is filled in.
      'cluster-autoscaler line (hl#153), v 0 = info',
      '{"ts":1710923450736.8257,"caller":"eligibility/eligibility.go:104","msg":"Scale-down calculation: ignoring 2 nodes unremovable in the last 5m0s\\n","v":0}',
      {
        time: { kind: 'epoch', ms: 1710923450736.8257 },
        severity: 6,
        msg: 'Scale-down calculation: ignoring 2 nodes unremovable in the last 5m0s',
        fields: { caller: 'eligibility/eligibility.go:104', v: '0' },
      },
    ],
    [
      'ts in seconds (zap default) with a level key',
      '{"level":"error","ts":1700000000.5,"logger":"controller","msg":"Reconciler error","error":"x"}',
      {
        time: { kind: 'epoch', ms: 1700000000500 },
        severity: 3,
        fields: { level: 'error', logger: 'controller', error: 'x' },
      },
    ],
    ['level warn', '{"ts":1700000000,"level":"WARN","msg":"m"}', { severity: 4 }],
    ['unknown level', '{"ts":1700000000,"level":"trace","msg":"m"}', { msg: 'm' }],
    [
      'ts as an RFC 3339 string',
      '{"ts":"2023-11-10T00:00:22.000123+08:00","msg":"m","v":3}',
      {
        time: {
          kind: 'civil',
          civil: { year: 2023, month: 11, day: 10, hour: 0, minute: 0, second: 22, micros: 123 },
          zone: '+08:00',
        },
      },
    ],
    [
      'structured keys: objects and numbers are stringified',
      '{"ts":1699545617120.05,"caller":"kubelet/pod_workers.go:1300","msg":"Error syncing pod, skipping","pod":{"name":"app-0","namespace":"ns"},"numErrs":8,"ok":false,"err":"mkdir /var/lib/kubelet/pods/x/volumes/kubernetes.io~cephfs/pvc-x: file exists"}',
      {
        msg: 'Error syncing pod, skipping err="mkdir /var/lib/kubelet/pods/x/volumes/kubernetes.io~cephfs/pvc-x: file exists"',
        fields: {
          caller: 'kubelet/pod_workers.go:1300',
          pod: '{"name":"app-0","namespace":"ns"}',
          numErrs: '8',
          ok: 'false',
        },
      },
    ],
    [
      'an err that is not a string is quoted as JSON text',
      '{"ts":1699545617120,"msg":"m","err":{"code":5}}',
      { msg: 'm err="{\\"code\\":5}"', severity: 3 },
    ],
  ])('%s', (_name, text, want) => {
    expect(entry(text)).toMatchObject(want);
  });

  it('has no severity when the line says nothing about it', () => {
    expect(entry('{"ts":1699545617120,"msg":"m"}').severity).toBeUndefined();
    expect(entry('{"ts":1699545617120,"msg":"m"}').fields).toBeUndefined();
  });

  it('keeps fields small', () => {
    const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i]));
    const r = entry(JSON.stringify({ ts: 1699545617120, msg: 'm', big: 'x'.repeat(1000), ...many }));
    expect(Object.keys(r.fields ?? {})).toHaveLength(24);
    expect(r.fields?.big).toHaveLength(256);
    expect(r.fields?.big?.endsWith('…')).toBe(true);
  });
});

describe('klog-json outcomes that are not records', () => {
  it.each<[string, LineOutcome]>([
    ['', { t: 'blank' }],
    [
      '$ go run ./cmd/kubelet --logging-format=json',
      {
        t: 'meta',
        meta: {
          kind: 'prompt',
          text: '$ go run ./cmd/kubelet --logging-format=json',
          command: 'go run ./cmd/kubelet --logging-format=json',
        },
      },
    ],
    [
      "Flag --cgroup-driver has been deprecated, This parameter should be set via the config file specified by the Kubelet's --config flag.",
      { t: 'unparsed', reason: 'not a JSON log line (text printed before JSON logging started?)' },
    ],
    [
      '{"ts":1699545621000.5,"caller":"kubelet/kubelet.go:2',
      { t: 'unparsed', reason: 'malformed JSON (cut or wrapped line?)' },
    ],
    ['{}', { t: 'unparsed', reason: 'JSON object without a numeric "ts" and a "msg" (not klog JSON)' }],
    [
      '{"ts":-5,"msg":"m"}',
      { t: 'unparsed', reason: 'JSON object without a numeric "ts" and a "msg" (not klog JSON)' },
    ],
    [
      '{"ts":1699545621000,"msg":7}',
      { t: 'unparsed', reason: 'JSON object without a numeric "ts" and a "msg" (not klog JSON)' },
    ],
  ])('%s', (text, want) => {
    expect(parse(text)).toEqual(want);
  });

  it.each<[string, string]>([
    [
      'journalctl -o json',
      '{"__REALTIME_TIMESTAMP":"1699545615903162","MESSAGE":"ceph: mds0 closed our session"}',
    ],
    [
      'docker json-file',
      '{"log":"I1110 00:00:23.000000       1 main.go:1] x\\n","stream":"stderr","time":"2023-11-09T16:00:23.000000000Z"}',
    ],
    ['JSON array', '[{"ts":1699545621000,"msg":"m"}]'],
    ['klog text', 'E0914 10:54:57.540301   69656 server.go:271] "Failed to construct kubelet dependencies"'],
    [
      'journal short',
      'Jan 29 15:25:06 krs-1 kubelet[10850]: E0129 14:25:06.950855   10850 kubelet_volumes.go:65] x',
    ],
    ['dmesg', '[ 5645.168000] ceph: mds0 closed our session'],
    ['syslog RFC 5424', '<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - m'],
    [
      'rsyslog RFC 3339',
      '2020-05-31T00:00:45.738158+00:00 localhost systemd[1]: Reloaded System Logging Service.',
    ],
    ['CRI', '2016-10-06T00:17:09.669794203Z stderr F log content 2'],
    [
      'ceph config dump',
      'mgr          advanced  mgr/dashboard/ssl                                  true       *',
    ],
  ])('rejects %s', (_name, text) => {
    expect(parse(text).t).toBe('unparsed');
  });
});
