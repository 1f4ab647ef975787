import { describe, expect, it } from 'vitest';
import { expectNotTakenBy, expectOwnFormat, fixtureCases } from '../test/support/detection.ts';
import { headerSamples } from '../test/support/header-samples.ts';
import {
  CEPH_JSON_FORMATS,
  createCephClientLsParser,
  createCephConfigJsonParser,
  createCephVersionsParser,
  JsonLineScanner,
  MAX_JSON_DOC_BYTES,
  matchCommandLine,
} from './ceph-json.ts';
import type { Fact, FormatParser, LineOutcome, LogRecord } from './types.ts';

// ---- helpers -----------------------------------------------------------------------------------

function feed(p: FormatParser, text: string): { outs: LineOutcome[]; final: LogRecord[] } {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let offset = 0;
  const outs = lines.map((l, i) => {
    const out = p.parseLine(l, i + 1, offset);
    offset += l.length + 1;
    return out;
  });
  return { outs, final: p.finish?.() ?? [] };
}

function kinds(outs: LineOutcome[]): string[] {
  return outs.map((o) => o.t);
}

function records(r: { outs: LineOutcome[]; final: LogRecord[] }): LogRecord[] {
  return [...r.outs.flatMap((o) => (o.t === 'record' ? [o.rec, ...(o.more ?? [])] : [])), ...r.final];
}

function facts(r: { outs: LineOutcome[]; final: LogRecord[] }): Fact[] {
  return records(r).flatMap((rec) => (rec.kind === 'fact' ? [rec.fact] : []));
}

const CONFIG_PRETTY = `[
    {
        "section": "mds",
        "name": "mds_session_blocklist_on_timeout",
        "value": "false",
        "level": "advanced",
        "can_update_at_runtime": true,
        "mask": ""
    }
]`;

const CLIENT_LS_DOC = `[
    {
        "id": 4305,
        "num_leases": 0,
        "num_caps": 3,
        "state": "open",
        "replay_requests": 0,
        "completed_requests": 0,
        "reconnecting": false,
        "inst": "client.4305 172.21.9.34:0/422650892",
        "client_metadata": {
            "ceph_sha1": "ae81e49d369875ac8b569ff3e3c456a31b8f3af5",
            "ceph_version": "ceph version 12.0.0-1934-gae81e49 (ae81e49d369875ac8b569ff3e3c456a31b8f3af5)",
            "entity_id": "0",
            "hostname": "senta04",
            "mount_point": "/tmp/tmpcMpF1b/mnt.0",
            "pid": "29377",
            "root": "/"
        }
    }
]`;

const VERSIONS_DOC = `{
    "mon": {
        "ceph version 12.1.1-235-g9c3232d (9c3232d4c9375963f7f5f6c04b035788a13c0b79) luminous (rc)": 1
    },
    "overall": {
        "ceph version 12.1.1-233-g1b51c63 (1b51c63d72ec10fd176af672e9cca7a85226021e) luminous (rc)": 4,
        "ceph version 12.1.1-235-g9c3232d (9c3232d4c9375963f7f5f6c04b035788a13c0b79) luminous (rc)": 2
    }
}`;

// Lines of the other formats, which every JSON parser must leave unparsed.
const OTHER_FORMATS = [
  '[ 5645.168000] ceph: mds0 closed our session',
  '[Tue Nov 12 10:14:03 2019] libceph: mon0 (1)10.0.0.1:6789 session lost, hunting for new mon',
  'Jul 20 08:14:38 teuthology kernel: [3677601.123718] ceph: mds0 closed our session',
  'E0129 14:25:06.950855   10850 kubelet_volumes.go:65] pod found',
  'mon          advanced  auth_allow_insecure_global_id_reclaim              false',
  '[global]',
  '[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing to respond to capability release',
  'debug 2025-04-27T10:12:45.617+0000 7f17a10a0640  1 mds.0.482 Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)',
  '2019-07-13T18:12:45.451223+0000 mon.b (mon.0) 1415 : cluster [WRN] Health check failed: 1 clients failing',
  '2025-04-27T10:12:45.617123456Z stderr F some container line',
];

// ---- the scanner -------------------------------------------------------------------------------

describe('JsonLineScanner', () => {
  it('returns the values at the capture depth with the line and offset where they begin', () => {
    const s = new JsonLineScanner(1);
    const units: { text: string; line: number; offset: number }[] = [];
    const lines = ['[ {"a": "}]{[", "b": [1, {"c": 2}]},', '  3, "x\\"y",', '  {', '  "d": null', '  }', ']'];
    let offset = 0;
    lines.forEach((l, i) => {
      const { events, error } = s.feed(l, i + 1, offset);
      expect(error).toBeUndefined();
      for (const e of events)
        if (e.e === 'unit') units.push({ text: e.text, line: e.line, offset: e.offset });
      offset += l.length + 1;
    });
    expect(units.map((u) => JSON.parse(u.text))).toEqual([
      { a: '}]{[', b: [1, { c: 2 }] },
      3,
      'x"y',
      { d: null },
    ]);
    expect(units.map((u) => [u.line, u.offset])).toEqual([
      [1, 0],
      [2, 37],
      [2, 37],
      [3, 50],
    ]);
    expect(s.inDoc).toBe(false);
  });

  it('reports member names with their path', () => {
    const s = new JsonLineScanner(2);
    const { events } = s.feed('{"mon": {"ceph version 1 (a) x (y)": 3}, "osd": {}}', 1, 0);
    expect(
      events.filter((e) => e.e === 'key').map((e) => (e.e === 'key' ? [e.depth, e.key, e.path] : [])),
    ).toEqual([
      [1, 'mon', []],
      [2, 'ceph version 1 (a) x (y)', ['mon']],
      [1, 'osd', []],
    ]);
    const unit = events.find((e) => e.e === 'unit');
    expect(unit).toMatchObject({ text: '3', key: 'ceph version 1 (a) x (y)', path: ['mon'] });
  });

  it.each([
    ['a stray closer', '[1]]', 'text after the end'],
    ['mismatched brackets', '[1}', 'unexpected "}"'],
    ['an unterminated string', '["abc', 'unterminated string'],
    ['a value where a name belongs', '{1: 2}', 'member name was expected'],
    ['a foreign character', '[1, @]', 'unexpected character "@"'],
    ['text after the document', '[ 5645.168000] ceph: mds0', 'text after the end'],
  ])('reports %s', (_name, line, error) => {
    expect(new JsonLineScanner(1).feed(line, 1, 0).error).toContain(error);
  });

  it('stops capturing beyond the document limit', () => {
    const s = new JsonLineScanner(1);
    s.feed('[', 1, 0);
    const big = `"${'x'.repeat(1024 * 1024)}",`;
    let oversize = false;
    for (let i = 0; i < MAX_JSON_DOC_BYTES / big.length + 2 && !oversize; i++) {
      s.feed(big, i + 2, 0);
      oversize = s.oversize;
    }
    expect(oversize).toBe(true);
  });
});

describe('matchCommandLine', () => {
  it.each([
    ['ceph tell mds.0 client ls', 'ceph tell mds.0 client ls'],
    ['$ ceph versions', 'ceph versions'],
    ['[root@host1 ~]# ceph config dump -f json', 'ceph config dump -f json'],
    ['sudo ceph health detail', 'sudo ceph health detail'],
  ])('%s', (text, command) => {
    expect(matchCommandLine(text)).toMatchObject({ kind: 'prompt', command });
  });

  it('leaves `ceph -v` output alone', () => {
    expect(
      matchCommandLine('ceph version 16.2.10 (45fa1a083152e41a408d15505f594ec5f1b4fe17) pacific (stable)'),
    ).toBeNull();
  });
});

// ---- ceph config dump -f json ------------------------------------------------------------------

describe('ceph-config-json', () => {
  it('header sample lines', () => {
    const p = createCephConfigJsonParser();
    const samples = headerSamples('./ceph-json.ts');
    expect(samples).toEqual(
      CONFIG_PRETTY.split('\n').map((l) => l.replace(/^( +)/, (m) => ' '.repeat(m.length / 2))),
    );
    expect(samples.map((s, i) => p.parseLine(s, i + 1, 0).t)).toEqual([
      'part',
      'part',
      'part',
      'part',
      'part',
      'part',
      'part',
      'part',
      'record',
      'part',
    ]);
  });

  it('json-pretty: one record where the element closes, with the line and offset where it opens', () => {
    const r = feed(createCephConfigJsonParser(), CONFIG_PRETTY);
    expect(kinds(r.outs)).toEqual([
      'part',
      'part',
      'part',
      'part',
      'part',
      'part',
      'part',
      'part',
      'record',
      'part',
    ]);
    expect(records(r)).toEqual([
      {
        kind: 'ceph-config',
        line: 2,
        offset: 2,
        msg: '{"section":"mds","name":"mds_session_blocklist_on_timeout","value":"false","level":"advanced","can_update_at_runtime":true,"mask":""}',
        who: 'mds',
        mask: '',
        level: 'advanced',
        option: 'mds_session_blocklist_on_timeout',
        value: 'false',
        ro: false,
      },
    ]);
  });

  it('json (one line): the first option is the record, the others its `more`', () => {
    const line =
      '[{"section":"global","name":"auth_client_required","value":"cephx","level":"advanced","can_update_at_runtime":false,"mask":""},' +
      '{"section":"osd","name":"osd_memory_target","value":"4294967296","level":"basic","can_update_at_runtime":true,"mask":"","location_type":"host","location_value":"ceph-node-2"},' +
      '{"section":"mds","name":"debug_mds","value":"1","level":"advanced","mask":"fs:cephfs"}]';
    const r = feed(createCephConfigJsonParser(), `[root@host1 ~]# ceph config dump -f json\n${line}\n`);
    expect(kinds(r.outs)).toEqual(['meta', 'record']);
    expect(r.outs[1]?.t === 'record' && r.outs[1].more).toHaveLength(2);
    expect(r.final).toEqual([]);
    expect(
      records(r).map((c) =>
        c.kind === 'ceph-config' ? [c.line, c.offset, c.who, c.option, c.value, c.mask, c.ro] : null,
      ),
    ).toEqual([
      [2, 41, 'global', 'auth_client_required', 'cephx', '', true],
      [2, 41, 'osd', 'osd_memory_target', '4294967296', 'host:ceph-node-2', false],
      // no can_update_at_runtime: not read-only
      [2, 41, 'mds', 'debug_mds', '1', 'fs:cephfs', false],
    ]);
  });

  it('keeps parsing after a broken document', () => {
    const r = feed(createCephConfigJsonParser(), `[\n  {"section": "mds",\n  garbage here\n${CONFIG_PRETTY}`);
    expect(r.outs[2]).toEqual({ t: 'unparsed', reason: expect.stringContaining('not JSON') });
    expect(records(r)).toHaveLength(1);
  });

  it('an empty dump is a document without records', () => {
    expect(kinds(feed(createCephConfigJsonParser(), '[]\n[\n]').outs)).toEqual(['part', 'part', 'part']);
  });

  it.each([
    ['a client ls document', CLIENT_LS_DOC, 'an MDS session'],
    ['a ceph versions document', VERSIONS_DOC, 'top-level value is an object'],
    ['an array of strings', '["a", "b"]', 'not an object'],
    ['an element without section/name', '[{"name": "x"}]', 'without "section"'],
  ])('leaves %s unparsed', (_name, doc, reason) => {
    const r = feed(createCephConfigJsonParser(), doc);
    expect(records(r)).toEqual([]);
    expect(r.outs.filter((o) => o.t === 'unparsed')[0]).toEqual({
      t: 'unparsed',
      reason: expect.stringContaining(reason),
    });
  });

  it.each(OTHER_FORMATS)('leaves another format unparsed: %s', (line) => {
    expect(kinds(feed(createCephConfigJsonParser(), line).outs)).toEqual(['unparsed']);
  });

  it('keeps a journal JSON line out (a top-level object)', () => {
    const j =
      '{"__CURSOR":"s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a8b7494d8d1b8bd4a8d5ac0e","__REALTIME_TIMESTAMP":"1573553643123456","MESSAGE":"ceph: mds0 closed our session"}';
    expect(kinds(feed(createCephConfigJsonParser(), j).outs)).toEqual(['unparsed']);
  });
});

// ---- client ls ---------------------------------------------------------------------------------

describe('ceph-client-ls', () => {
  it('reads the eviction.rst session', () => {
    const r = feed(createCephClientLsParser(), `ceph tell mds.0 client ls\n\n${CLIENT_LS_DOC}`);
    expect(r.outs[0]).toEqual({
      t: 'meta',
      meta: { kind: 'prompt', text: 'ceph tell mds.0 client ls', command: 'ceph tell mds.0 client ls' },
    });
    expect(r.outs[1]).toEqual({ t: 'blank' });
    expect(kinds(r.outs).filter((k) => k === 'unparsed')).toEqual([]);
    const recs = records(r);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toEqual({
      kind: 'fact',
      line: 4,
      offset: 29,
      msg: 'client.4305 172.21.9.34:0/422650892',
      fact: {
        kind: 'ceph-client',
        clientId: 4305,
        hostname: 'senta04',
        address: '172.21.9.34',
        mountPoint: '/tmp/tmpcMpF1b/mnt.0',
        state: 'open',
        root: '/',
      },
    });
  });

  it.each<[string, Record<string, unknown>, Partial<Extract<Fact, { kind: 'ceph-client' }>>]>([
    [
      'a kernel client with v1: inst',
      {
        id: 176873,
        state: 'stale',
        inst: 'client.176873 v1:10.99.10.7:0/12345',
        client_metadata: { hostname: 'node-a', kernel_version: '5.15.0-115-generic', root: '/volumes/csi/x' },
      },
      { clientId: 176873, address: '10.99.10.7', kernelVersion: '5.15.0-115-generic', state: 'stale' },
    ],
    [
      'the address from entity.addr when inst has none',
      { id: 6260815, inst: 'client.6260815', entity: { addr: { type: 'v1', addr: '10.1.2.3:0', nonce: 1 } } },
      { clientId: 6260815, address: '10.1.2.3' },
    ],
    ['an IPv6 inst', { inst: 'client.42 v2:[fd00::7]:0/99' }, { clientId: 42, address: 'fd00::7' }],
    [
      'an any: address',
      { id: 5672, inst: 'client.5672 any:192.168.0.1:0/1928644198' },
      { address: '192.168.0.1' },
    ],
  ])('%s', (_name, session, want) => {
    const r = feed(createCephClientLsParser(), JSON.stringify([session]));
    expect(facts(r)[0]).toMatchObject({ kind: 'ceph-client', ...want });
  });

  it('sorted keys (session ls via the admin socket) are fine', () => {
    const doc = [
      '[',
      '  {',
      '    "cap_acquisition": {',
      '      "halflife": 10,',
      '      "value": 0',
      '    },',
      '    "client_metadata": {',
      '      "hostname": "smithi131",',
      '      "root": "/"',
      '    },',
      '    "id": 5672,',
      '    "inst": "client.5672 192.168.0.1:0/1928644198"',
      '  }',
      ']',
    ].join('\n');
    const r = feed(createCephClientLsParser(), doc);
    expect(facts(r)).toEqual([
      { kind: 'ceph-client', clientId: 5672, hostname: 'smithi131', address: '192.168.0.1', root: '/' },
    ]);
  });

  it.each([
    ['a config dump', CONFIG_PRETTY, 'a config option'],
    ['a ceph versions document', VERSIONS_DOC, 'top-level value is an object'],
    ['an element without id or inst', '[{"num_caps": 3}]', 'not an MDS session'],
  ])('leaves %s unparsed', (_name, doc, reason) => {
    const r = feed(createCephClientLsParser(), doc);
    expect(records(r)).toEqual([]);
    expect(r.outs.find((o) => o.t === 'unparsed')).toEqual({
      t: 'unparsed',
      reason: expect.stringContaining(reason),
    });
  });

  it.each(OTHER_FORMATS)('leaves another format unparsed: %s', (line) => {
    expect(kinds(feed(createCephClientLsParser(), line).outs)).toEqual(['unparsed']);
  });
});

// ---- ceph versions -----------------------------------------------------------------------------

describe('ceph-versions', () => {
  it('one fact per daemon kind and version, on the line of the pair', () => {
    const r = feed(createCephVersionsParser(), `$ ceph versions\n${VERSIONS_DOC}`);
    expect(kinds(r.outs)).toEqual([
      'meta',
      'part',
      'part',
      'record',
      'part',
      'part',
      'record',
      'record',
      'part',
      'part',
    ]);
    expect(records(r).map((x) => [x.line, x.kind === 'fact' ? x.fact : null])).toEqual([
      [
        4,
        {
          kind: 'ceph-version',
          daemon: 'mon',
          version: '12.1.1-235-g9c3232d',
          release: 'luminous',
          count: 1,
        },
      ],
      [
        7,
        {
          kind: 'ceph-version',
          daemon: 'overall',
          version: '12.1.1-233-g1b51c63',
          release: 'luminous',
          count: 4,
        },
      ],
      [
        8,
        {
          kind: 'ceph-version',
          daemon: 'overall',
          version: '12.1.1-235-g9c3232d',
          release: 'luminous',
          count: 2,
        },
      ],
    ]);
  });

  it('one line: the first fact is the record, the rest its `more`', () => {
    const v = 'ceph version 16.2.10 (45fa1a083152e41a408d15505f594ec5f1b4fe17) pacific (stable)';
    const r = feed(
      createCephVersionsParser(),
      JSON.stringify({ mon: { [v]: 3 }, mds: { [v]: 2 }, overall: { [v]: 5 } }),
    );
    expect(kinds(r.outs)).toEqual(['record']);
    expect(facts(r)).toEqual([
      { kind: 'ceph-version', daemon: 'mon', version: '16.2.10', release: 'pacific', count: 3 },
      { kind: 'ceph-version', daemon: 'mds', version: '16.2.10', release: 'pacific', count: 2 },
      { kind: 'ceph-version', daemon: 'overall', version: '16.2.10', release: 'pacific', count: 5 },
    ]);
  });

  it('a version string it cannot split keeps the text and no release', () => {
    const r = feed(createCephVersionsParser(), '{"mds": {"ceph version 19.3.0-1234-gabcdef": 1}}');
    expect(facts(r)).toEqual([
      { kind: 'ceph-version', daemon: 'mds', version: '19.3.0-1234-gabcdef', count: 1 },
    ]);
  });

  it.each([
    ['a config dump', CONFIG_PRETTY, 'top-level value is an array'],
    ['`jq .mds` output', '{\n  "ceph version 16.2.10 (45fa) pacific (stable)": 1\n}', 'not a daemon kind'],
    [
      'a klog JSON line',
      '{"ts":1580306777.04728,"caller":"x.go:1","msg":"y","v":0}',
      'not a map of versions',
    ],
    [
      'a journal JSON line',
      '{"__CURSOR":"s=1;i=2","__REALTIME_TIMESTAMP":"1573553643123456","MESSAGE":"x"}',
      'not a daemon kind',
    ],
    ['a count that is not a number', '{"mon": {"ceph version 1 (a) x (y)": "3"}}', 'not a number'],
    ['a map of something else', '{"mon": {"quorum": 3}}', 'not a "ceph version'],
  ])('leaves %s unparsed', (_name, doc, reason) => {
    const r = feed(createCephVersionsParser(), doc);
    expect(records(r)).toEqual([]);
    expect(r.outs.find((o) => o.t === 'unparsed')).toEqual({
      t: 'unparsed',
      reason: expect.stringContaining(reason),
    });
  });

  it.each(OTHER_FORMATS)('leaves another format unparsed: %s', (line) => {
    expect(kinds(feed(createCephVersionsParser(), line).outs)).toEqual(['unparsed']);
  });
});

// ---- detection ---------------------------------------------------------------------------------

const CEPH_JSON_IDS = CEPH_JSON_FORMATS.map((f) => f.id);

describe('detection (detect.ts over the registered formats)', () => {
  it.each(fixtureCases(['ceph-config-json', 'ceph-client-ls', 'ceph-versions']))(
    '%s/%s is its own format, alone at the top',
    (dir, file) => {
      expectOwnFormat(dir, file);
    },
  );

  it.each(fixtureCases(['dmesg', 'journal-short', 'klog', 'ceph-config-dump', 'unrecognised']))(
    '%s/%s is not taken by a Ceph JSON format',
    (dir, file) => {
      expectNotTakenBy(dir, file, CEPH_JSON_IDS);
    },
  );
});
