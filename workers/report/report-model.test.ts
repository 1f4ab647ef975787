import { describe, expect, it } from 'vitest';
import type { StageId } from '../../parsers/stages.ts';
import type { Finding, Incident, IncidentEvent, IncidentSource } from '../incident.ts';
import { buildReportModel, formatCount, keyEvents, visibleControls } from './report-model.ts';

let offset = 0;
function ev(
  ts: string | null,
  host: string,
  stage: StageId,
  line: number,
  more: Partial<IncidentEvent> = {},
): IncidentEvent {
  return {
    ts,
    host,
    stage,
    kind: `rule-${stage}`,
    recovery: false,
    source: `${host}/dmesg`,
    line,
    offset: offset++,
    text: `line ${line} of ${host}`,
    stamp: `[${line}.000000]`,
    severity: 'warning',
    alsoIn: [],
    episode: 'episode-1',
    ...more,
  };
}

function source(path: string, more: Partial<IncidentSource> = {}): IncidentSource {
  return {
    path,
    format: 'dmesg',
    host: 'a',
    bytes: 100,
    lines: 1200,
    parsed: 1190,
    unparsed: 10,
    events: 3,
    first: null,
    last: null,
    clock: { kind: 'wall', aligned: true, method: 'timestamps of the file', offsetSeconds: 0, zone: 'UTC' },
    warnings: [],
    ...more,
  };
}

function incident(events: IncidentEvent[], more: Partial<Incident> = {}): Incident {
  return {
    schema: 'cascade/incident@1',
    generatedBy: 'cascade test',
    sources: [source('a/dmesg')],
    hosts: [],
    stages: [],
    findings: [],
    events,
    ...more,
  };
}

const finding = (id: string, evidence: Finding['evidence'], remediation: string[] = []): Finding => ({
  id,
  severity: 'critical',
  title: `title of ${id}`,
  detail: `detail of ${id}`,
  evidence,
  remediation,
});

describe('visibleControls', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['tab\there', 'tab\\there'],
    ['esc \u001b[31mred', 'esc \\x1b[31mred'],
    ['nul \u0000', 'nul \\x00'],
    ['del \u007f', 'del \\x7f'],
    ['c1 \u0085', 'c1 \\x85'],
    ['rtl \u202egnp.exe', 'rtl \\u202egnp.exe'],
    ['isolate \u2066x\u2069', 'isolate \\u2066x\\u2069'],
    ['line sep \u2028', 'line sep \\u2028'],
    ['ümlaut → ≥ 😀', 'ümlaut → ≥ 😀'],
  ])('%j → %j', (input, expected) => {
    expect(visibleControls(input)).toBe(expected);
  });
});

describe('formatCount', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [7982, '7,982'],
    [1234567, '1,234,567'],
  ])('%d → %s', (n, expected) => {
    expect(formatCount(n)).toBe(expected);
  });
});

describe('keyEvents', () => {
  it('keeps each host and stage first event, first recovery and last event, in time order', () => {
    const events = [
      ev('2019-11-12T10:00:05Z', 'a', 'connection-reset', 5),
      ev('2019-11-12T10:00:01Z', 'a', 'connection-reset', 1),
      ev('2019-11-12T10:00:03Z', 'a', 'connection-reset', 3),
      ev('2019-11-12T10:00:02Z', 'a', 'mon-session-lost', 2),
      ev('2019-11-12T10:00:04Z', 'a', 'mon-session-lost', 4, { recovery: true }),
      ev('2019-11-12T10:00:06Z', 'a', 'mon-session-lost', 6, { recovery: true }),
      ev('2019-11-12T10:00:07Z', 'a', 'mon-session-lost', 7),
      ev('2019-11-12T10:00:01.5Z', 'b', 'connection-reset', 8),
    ];
    const keys = keyEvents(incident(events));
    expect(keys.map((k) => [k.event.host, k.event.line, k.reasons])).toEqual([
      ['a', 1, ['first']],
      ['b', 8, ['first', 'last']],
      ['a', 2, ['first']],
      ['a', 4, ['first-recovery']],
      ['a', 5, ['last']],
      ['a', 7, ['last']],
    ]);
  });

  it('adds the lines findings cite, also through a deduplicated copy, and puts untimed events last', () => {
    const events = [
      ev(null, 'a', 'caps-stale', 9),
      ev('2019-11-12T10:00:01Z', 'a', 'quota-realm-loop', 10),
      ev('2019-11-12T10:00:02Z', 'a', 'quota-realm-loop', 11, {
        alsoIn: [{ source: 'a/journal', line: 400 }],
      }),
      ev('2019-11-12T10:00:03Z', 'a', 'quota-realm-loop', 12),
      ev('2019-11-12T10:00:04Z', 'a', 'quota-realm-loop', 13),
    ];
    const cited = incident(events, {
      findings: [
        finding('loop', [
          { source: 'a/journal', line: 400, text: 'the journal copy' },
          { source: 'a/dmesg', line: 12, text: 'line 12 of a' },
          { source: 'a/config', line: 3, text: 'not an event' },
        ]),
      ],
    });
    expect(keyEvents(cited).map((k) => [k.event.line, k.reasons])).toEqual([
      [10, ['first']],
      [11, ['cited']],
      [12, ['cited']],
      [13, ['last']],
      [9, ['first', 'last']],
    ]);
  });

  it('is empty for an incident without events', () => {
    expect(keyEvents(incident([]))).toEqual([]);
  });
});

describe('buildReportModel', () => {
  const events = [
    ev('2019-11-12T10:14:03.441308Z', 'k8s-worker-1', 'connection-reset', 866),
    ev('2019-11-12T10:19:14.380256Z', 'k8s-worker-1', 'reconnect-denied', 873),
  ];
  const base = incident(events, {
    hosts: [
      {
        name: 'k8s-worker-1',
        kernel: null,
        clientIds: [],
        fsids: [],
        stages: {},
        skewSeconds: 0,
        skewMethod: 'not estimated',
      },
      {
        name: 'k8s-worker-2',
        kernel: null,
        clientIds: [],
        fsids: [],
        stages: {},
        skewSeconds: -2.5,
        skewMethod: 'MDS eviction line',
      },
    ],
    stages: [
      {
        id: 'connection-reset',
        title: 'Connection reset',
        first: '2019-11-12T10:14:03.441308Z',
        last: '2019-11-12T10:14:03.441308Z',
        count: 1,
        hosts: ['k8s-worker-1'],
        recoveries: 0,
        annotation: 'the reset',
      },
    ],
    episodes: [
      {
        id: 'episode-1',
        first: '2019-11-12T10:14:03.441308Z',
        last: '2019-11-12T10:19:14.380256Z',
        hosts: ['k8s-worker-1'],
        hostOrder: [{ host: 'k8s-worker-1', first: '2019-11-12T10:14:03.441308Z' }],
        spreadSeconds: 310.9,
        stages: [],
        summary: 'Network blip → eviction.',
        confidence: 'high',
      },
    ],
  });

  it('writes every time in the chosen zone and names the zone in headings and sentences', () => {
    const model = buildReportModel(base, {
      display: { mode: 'zone', zone: 'Asia/Shanghai' },
      generatedAt: '2025-01-02T03:04:05Z',
    });
    expect(model.zone).toBe('Asia/Shanghai');
    expect(model.generated).toBe(
      'Generated by cascade test on 2025-01-02 11:04:05 Asia/Shanghai from 1 source (1,200 lines read, 2 stage events). All times are in Asia/Shanghai.',
    );
    expect(model.title).toBe('CephFS eviction cascade of 2019-11-12 18:14 Asia/Shanghai');
    expect(model.timeline.heading).toBe('Timeline (Asia/Shanghai)');
    expect(model.timeline.columns[0]).toBe('Time (Asia/Shanghai)');
    expect(model.timeline.rows.map((r) => r.time)).toEqual([
      '2019-11-12 18:14:03.441',
      '2019-11-12 18:19:14.380',
    ]);
    expect(model.overview[0]?.span).toBe(
      '2019-11-12 18:14:03 to 2019-11-12 18:19:14 Asia/Shanghai, confidence high',
    );
    expect(model.overview[0]?.hostOrder).toEqual(['k8s-worker-1 at 2019-11-12 18:14:03 Asia/Shanghai']);
    expect(model.overview[0]?.spread).toBe(
      "Spread from the first host's connection reset to the last host's kubelet failure: 5 min 11 s.",
    );
    expect(model.stages.sections[0]?.facts.slice(0, 2)).toEqual([
      ['First seen (Asia/Shanghai)', '2019-11-12 18:14:03.441'],
      ['Last seen (Asia/Shanghai)', '2019-11-12 18:14:03.441'],
    ]);
    expect(model.stages.unseen).toContain('Not seen in this bundle: Monitor session lost; Session evicted');
  });

  it('states the scope and the redaction, and uses a given title', () => {
    const model = buildReportModel(base, {
      display: { mode: 'utc' },
      scope: 'Episode 2 of 3 (10:14–10:21 UTC).',
      redacted: true,
      title: 'Outage 42',
    });
    expect(model.title).toBe('Outage 42');
    expect(model.notices[0]).toBe('Scope: Episode 2 of 3 (10:14–10:21 UTC).');
    expect(model.notices[1]).toMatch(
      /^Redacted: host names, addresses, pods, namespaces, client ids, fsids and volume paths were replaced by pseudonyms; /,
    );
    expect(model.generated).not.toContain(' on ');
  });

  it('says how the clocks were set: method, anchors, assumed zone, year, ambiguous years, boots, skews', () => {
    const clocked = incident(events, {
      hosts: base.hosts,
      sources: [
        source('a/dmesg', {
          clock: {
            kind: 'monotonic',
            aligned: true,
            method: 'kernel lines matched in the journal',
            offsetSeconds: 1,
            anchors: 112,
            spreadSeconds: 0.9949961,
            zone: 'UTC',
            zoneAssumed: false,
            boots: [
              {
                firstLine: 1,
                lastLine: 10,
                aligned: true,
                method: 'fit one',
                offsetSeconds: 1,
                anchors: 5,
                spreadSeconds: 0,
              },
              {
                firstLine: 11,
                lastLine: 20,
                aligned: false,
                method: 'no anchors',
                offsetSeconds: 0,
                anchors: 0,
                spreadSeconds: 0,
              },
            ],
          },
        }),
        source('a/messages', {
          format: 'syslog-rfc3164',
          clock: {
            kind: 'wall',
            aligned: true,
            method: 'timestamps of the file',
            offsetSeconds: 0,
            zone: 'UTC',
            zoneAssumed: true,
            year: 2019,
            yearSource: 'from the file modification time',
            ambiguousYearLines: 3,
          },
        }),
        source('ceph-config-dump.txt', {
          format: 'ceph-config-dump',
          host: null,
          clock: { kind: 'none', aligned: false, method: 'no timestamps in this file', offsetSeconds: 0 },
        }),
      ],
    });
    const { clocks } = buildReportModel(clocked, { display: { mode: 'utc' } });
    expect(clocks.sources).toEqual([
      {
        path: 'a/dmesg',
        what: 'dmesg, host a',
        notes: [
          'seconds since boot, aligned: kernel lines matched in the journal',
          '112 anchors, spread 0.995 s',
          'zone UTC, stated by the bundle',
          '2 boots fitted apart: lines 1–10: fit one; lines 11–20 (NOT aligned): no anchors',
        ],
      },
      {
        path: 'a/messages',
        what: 'syslog-rfc3164, host a',
        notes: [
          'wall-clock stamps, aligned: timestamps of the file',
          'zone UTC ASSUMED: nothing in the bundle said which zone the stamps are in',
          'year 2019 (from the file modification time)',
          '3 lines whose year could not be told apart, left off the timeline',
        ],
      },
      {
        path: 'ceph-config-dump.txt',
        what: 'ceph-config-dump, no host',
        notes: ['no clock: no timestamps in this file'],
      },
    ]);
    expect(clocks.hosts).toEqual([
      'k8s-worker-1: no correction (not estimated)',
      'k8s-worker-2: −2.5 s added to its times (MDS eviction line)',
    ]);
  });

  it('lists the remediation once: the plan first, then what other findings add', () => {
    const withFindings = incident(events, {
      findings: [
        finding('client-evicted', [], ['kubectl drain a', 'umount -l /x']),
        finding('dirty-data-dropped', [], ['Tell the owners']),
        finding('remediation-plan', [], ['kubectl drain a', '# on a:', 'umount -l /x', 'kubectl uncordon a']),
        finding('no-commands', []),
      ],
    });
    expect(buildReportModel(withFindings, { display: { mode: 'utc' } }).remediation).toEqual([
      {
        title: 'title of remediation-plan',
        commands: ['kubectl drain a', '# on a:', 'umount -l /x', 'kubectl uncordon a'],
      },
      { title: 'title of dirty-data-dropped', commands: ['Tell the owners'] },
    ]);
  });

  it('gives evidence that is an event its time and counts cited lines that are not events', () => {
    const withFindings = incident(events, {
      findings: [
        finding('client-evicted', [
          { source: 'k8s-worker-1/dmesg', line: 873, text: 'denied' },
          { source: 'ceph-config-dump.txt', line: 21, text: 'mds advanced x true' },
        ]),
      ],
    });
    const model = buildReportModel(withFindings, { display: { mode: 'utc' } });
    expect(model.findings[0]?.evidence).toEqual([
      { time: '2019-11-12 10:19:14.380 UTC', ref: 'k8s-worker-1/dmesg:873', text: 'denied' },
      { time: null, ref: 'ceph-config-dump.txt:21', text: 'mds advanced x true' },
    ]);
    expect(model.timeline.note).toBe(
      'This table shows 2 of the 2 events: for each host and stage its first event, its first recovery and its ' +
        'last event, and every line a finding cites. The CSV export of the events lists all of them. 1 cited line ' +
        'that is not a stage event (configuration, boot messages) is quoted under Findings.',
    );
  });

  it('still describes a bundle without events: no overview or stages, sources and clocks kept', () => {
    const empty = incident([], { sources: [source('a/dmesg', { events: 0, error: 'unrecognised' })] });
    const model = buildReportModel(empty, { display: { mode: 'utc' } });
    expect(model.hasEvents).toBe(false);
    expect(model.title).toBe('CephFS eviction cascade: incident report');
    expect(model.noCascade).toMatch(
      /^No eviction cascade found: none of the 1,200 lines read from 1 source matched/,
    );
    expect(model.overview).toEqual([]);
    expect(model.timeline.rows).toEqual([]);
    expect(model.stages).toEqual({ sections: [], unseen: null });
    expect(model.clocks.sources).toHaveLength(1);
    expect(model.sources.rows[0]).toMatchObject({
      path: 'a/dmesg',
      lines: '1,200',
      unparsed: '10',
      error: 'unrecognised',
    });
    expect(model.sources.summary).toBe(
      '1 source: 1,200 lines read, 1,190 parsed, 10 not understood; 1 source could not be read.',
    );
  });

  it('orders hosts by their first stage line when the incident has no episodes', () => {
    const old = incident(events, {
      hosts: [
        {
          name: 'late',
          kernel: null,
          clientIds: [],
          fsids: [],
          stages: {
            'connection-reset': { first: '2019-11-12T10:20:00Z', last: '2019-11-12T10:20:00Z', count: 1 },
          },
        },
        {
          name: 'early',
          kernel: null,
          clientIds: [],
          fsids: [],
          stages: { 'caps-stale': { first: '2019-11-12T10:10:00Z', last: '2019-11-12T10:10:00Z', count: 1 } },
        },
      ],
    });
    const [block] = buildReportModel(old, { display: { mode: 'utc' } }).overview;
    expect(block?.summary).toBe('This incident carries no episode summary.');
    expect(block?.hostOrder).toEqual(['early at 2019-11-12 10:10:00 UTC', 'late at 2019-11-12 10:20:00 UTC']);
    expect(block?.span).toBe('2019-11-12 10:14:03 to 2019-11-12 10:19:14 UTC');
  });

  it('labels episodes and the findings that belong to one when there are several', () => {
    const episode = base.episodes?.[0];
    if (!episode) throw new Error('fixture has an episode');
    const two = incident(events, {
      episodes: [episode, { ...episode, id: 'episode-2', summary: 'Second.' }],
      findings: [{ ...finding('x', []), episode: 'episode-2' }],
    });
    const model = buildReportModel(two, { display: { mode: 'utc' } });
    expect(model.overview.map((b) => b.label)).toEqual(['Episode 1 of 2', 'Episode 2 of 2']);
    expect(model.findings[0]?.episode).toBe('Episode 2 of 2');
  });
});
