import { describe, expect, it } from 'vitest';
import type { StageId } from '../../parsers/stages.ts';
import type { Incident, IncidentEvent, IncidentHost, IncidentSource } from '../incident.ts';
import { clip, FEW_EVENTS, optionalCount, pickEvents, planEvents, shareIncident } from './share-budget.ts';

function ev(i: number, host: string, stage: StageId, over: Partial<IncidentEvent> = {}): IncidentEvent {
  return {
    ts: new Date(Date.UTC(2019, 10, 12, 10, 0, i)).toISOString().replace('Z', '000Z'),
    host,
    stage,
    kind: `kind-${stage}`,
    recovery: false,
    source: `${host}/dmesg`,
    line: i + 1,
    offset: 1000 + i,
    text: `line ${i}`,
    stamp: '',
    severity: 'warning',
    alsoIn: [],
    ...over,
  };
}

const source: IncidentSource = {
  path: 'a/dmesg',
  format: 'dmesg',
  host: 'a',
  bytes: 5000,
  lines: 100,
  parsed: 100,
  unparsed: 0,
  events: 3,
  first: null,
  last: null,
  clock: {
    kind: 'monotonic',
    aligned: true,
    method:
      'kernel lines matched in the journal (112 anchors from a/journal: 112 by text; 1 s resolution, bounds agree)',
    offsetSeconds: 1572921677.233108,
    anchors: 112,
    spreadSeconds: 0.99,
    zone: 'UTC',
    zoneAssumed: false,
    year: 2019,
    yearSource: 'from the header',
    boots: [
      {
        firstLine: 1,
        lastLine: 100,
        aligned: true,
        method: 'm',
        offsetSeconds: 1,
        anchors: 1,
        spreadSeconds: 0,
      },
    ],
  },
  warnings: ['w1', 'w2', 'w3', 'w4', 'w5', 'w6'],
  detection: 'dmesg: 200 of 200 lines matched',
  hostEvidence: 'a file in the same folder names it',
};

const host: IncidentHost = {
  name: 'a',
  kernel: '3.10.0',
  clientIds: [1],
  fsids: [],
  stages: { 'connection-reset': { first: null, last: null, count: 3 } },
  skewSeconds: 0,
  skewMethod: 'not estimated: no MDS line about this host’s sessions lies near its own lines',
  cascade: {
    fits: true,
    order: ['connection-reset'],
    reason: `fits: denial-after-reset held (0.02 s after the reset); ${'x'.repeat(200)}`,
  },
};

function incidentOf(events: IncidentEvent[], cite: { source: string; line: number }[] = []): Incident {
  return {
    schema: 'cascade/incident@1',
    generatedBy: 'test',
    sources: [source],
    hosts: [host],
    stages: [],
    findings: [
      {
        id: 'f',
        severity: 'critical',
        title: 't',
        detail: 'd',
        evidence: cite.map((c) => ({ ...c, text: 'cited' })),
        remediation: [],
      },
    ],
    events,
  };
}

describe('planEvents', () => {
  // Host a: 3 resets (one a recovery), 60 loop lines; host b: 2 resets, 1 loop line.
  const events: IncidentEvent[] = [
    ev(0, 'a', 'connection-reset'),
    ev(1, 'a', 'connection-reset', { recovery: true }),
    ev(2, 'b', 'connection-reset'),
    ...Array.from({ length: 60 }, (_, k) => ev(3 + k, 'a', 'quota-realm-loop')),
    ev(63, 'a', 'connection-reset'),
    ev(64, 'b', 'quota-realm-loop'),
    ev(65, 'b', 'connection-reset', { alsoIn: [{ source: 'b/journal', line: 9 }] }),
  ];

  it('keeps cited events (by source and line, or a cited copy), first, first recovery and last per host and stage', () => {
    const plan = planEvents(
      incidentOf(events, [
        { source: 'a/dmesg', line: 31 },
        { source: 'b/journal', line: 9 },
      ]),
    );
    // a/reset: 0 first, 1 recovery, 63 last; b/reset: 2, 65 (also cited through its copy);
    // a/loop: 3 first, 62 last, 30 cited (line 31); b/loop: 64 alone.
    expect(plan.essential).toEqual([0, 1, 2, 3, 30, 62, 63, 64, 65]);
    expect(plan.few).toEqual([]);
    expect(plan.rest).toHaveLength(events.length - 9);
    expect(plan.rest.every((i, k) => k === 0 || i > (plan.rest[k - 1] as number))).toBe(true);
  });

  it('puts the events of small stages before the rest, the smallest stage first', () => {
    const more = [
      ...events,
      ev(70, 'c', 'caps-stale'),
      ev(71, 'c', 'caps-stale'),
      ev(72, 'c', 'caps-stale'),
      ev(73, 'c', 'mds-hung'),
      ev(74, 'c', 'mds-hung'),
      ev(75, 'c', 'mds-hung'),
      ev(76, 'c', 'mds-hung'),
    ];
    const plan = planEvents(incidentOf(more));
    // caps-stale (3 events) before mds-hung (4) before connection-reset (7); each minus its essentials.
    expect(plan.few).toEqual([more.length - 6, more.length - 3, more.length - 2]);
    expect(FEW_EVENTS).toBeGreaterThanOrEqual(7);
  });
});

describe('pickEvents', () => {
  const plan = { essential: [0, 50], few: [10, 20], rest: Array.from({ length: 40 }, (_, k) => 60 + k) };
  it.each([
    [0, [0, 50]],
    [1, [0, 10, 50]],
    [2, [0, 10, 20, 50]],
    [4, [0, 10, 20, 50, 70, 90]], // the rest at even steps: 1/4 and 3/4 of the way
    [6, [0, 10, 20, 50, 65, 75, 85, 95]],
    [-3, [0, 50]],
  ])('extra %i → %j', (extra, picked) => {
    expect(pickEvents(plan, extra)).toEqual(picked);
  });
  it('takes everything at the optional count and no more past it', () => {
    expect(optionalCount(plan)).toBe(42);
    expect(pickEvents(plan, 42)).toHaveLength(44);
    expect(pickEvents(plan, 1000)).toEqual(pickEvents(plan, 42));
  });
});

describe('clip', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['one; two; three four five', 12, 'one; two…'],
    ['abcdefghijklmnop', 6, 'abcde…'],
  ])('%s at %i → %s', (text, max, out) => {
    expect(clip(text, max)).toBe(out);
    expect(clip(text, max).length).toBeLessThanOrEqual(max);
  });
});

describe('shareIncident', () => {
  const events = [
    ev(0, 'a', 'connection-reset', {
      alsoIn: [
        { source: 'a/journal', line: 1 },
        { source: 'a/journal', line: 2 },
      ],
    }),
    ev(1, 'a', 'connection-reset'),
  ];
  const incident = incidentOf(events, [{ source: 'a/journal', line: 2 }]);

  it('keeps the chosen events without offsets, and only the copies a finding cites', () => {
    const shared = shareIncident(incident, [1, 0].sort(), 'full');
    expect(shared.events.map((e) => e.offset)).toEqual([0, 0]);
    expect(shared.events[0]?.alsoIn).toEqual([{ source: 'a/journal', line: 2 }]);
    expect(shared.events[0]?.text).toBe('line 0');
    expect(shareIncident(incident, [1], 'full').events.map((e) => e.line)).toEqual([2]);
  });

  it('keeps what the snapshot shows of a source and nothing about reading the file', () => {
    const s = shareIncident(incident, [], 'full').sources[0];
    expect(s).toStrictEqual({
      path: 'a/dmesg',
      format: 'dmesg',
      host: 'a',
      bytes: 5000,
      lines: 100,
      parsed: 100,
      unparsed: 0,
      events: 3,
      first: null,
      last: null,
      clock: {
        kind: 'monotonic',
        aligned: true,
        method: source.clock.method,
        offsetSeconds: 1572921677.233108,
        zone: 'UTC',
        zoneAssumed: false,
        year: 2019,
      },
      warnings: ['w1', 'w2', 'w3', 'w4', 'w5'],
    });
  });

  it('shortens explanations and warnings when tight, and keeps counts of the whole incident', () => {
    const tight = shareIncident(incident, [], 'tight');
    expect(tight.sources[0]?.warnings).toEqual(['w1']);
    expect(tight.sources[0]?.clock.method).toBe(
      'kernel lines matched in the journal (112 anchors from a/journal: 112 by text…',
    );
    expect(tight.hosts[0]?.cascade?.reason).toBe('fits: denial-after-reset held (0.02 s after the reset)…');
    expect(tight.hosts[0]?.skewMethod?.length).toBeLessThanOrEqual(80);
    expect(tight.hosts[0]?.stages).toEqual(host.stages);
    expect(shareIncident(incident, [], 'full').hosts[0]).toStrictEqual(host);
  });
});
