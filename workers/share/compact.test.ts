import { describe, expect, it } from 'vitest';
import { STAGE_BY_ID } from '../../parsers/stages.ts';
import type { Incident, IncidentEvent } from '../incident.ts';
import {
  compactEvents,
  compactPayload,
  expandPayload,
  microsToIso,
  type WireEvents,
  type WirePayload,
} from './compact.ts';
import { SHARE_DICTIONARY } from './share-dictionary.ts';
import type { SharePayload } from './share-link.ts';

function event(over: Partial<IncidentEvent>): IncidentEvent {
  return {
    ts: '2019-11-12T10:14:03.441308Z',
    host: 'node-a',
    stage: 'connection-reset',
    kind: 'libceph-socket-closed',
    recovery: false,
    source: 'node-a/dmesg',
    line: 10,
    offset: 0,
    text: '[631966.208200] libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
    stamp: '[631966.208200]',
    severity: 'warning',
    alsoIn: [],
    ...over,
  };
}

function payloadOf(events: IncidentEvent[], over: Partial<Incident> = {}): SharePayload {
  const reset = STAGE_BY_ID['connection-reset'];
  return {
    schema: 'cascade/share@1',
    created: '2025-01-01T00:00:00.000Z',
    redacted: false,
    omittedEvents: 0,
    totalEvents: events.length,
    view: {
      laneMode: 'stage',
      zoom: null,
      episode: null,
      timeDisplay: { mode: 'utc' },
      logFilter: { hosts: [], stages: [], sources: [], severities: [], query: '', regex: false },
      focus: null,
    },
    incident: {
      schema: 'cascade/incident@1',
      generatedBy: 'cascade test',
      sources: [],
      hosts: [],
      stages: [
        {
          id: 'connection-reset',
          title: reset.title,
          annotation: reset.annotation,
          first: events[0]?.ts ?? null,
          last: '2019-11-12T10:20:00.000000Z',
          count: events.length,
          hosts: ['node-a'],
          recoveries: 0,
        },
      ],
      findings: [],
      events,
      ...over,
    },
  };
}

const roundTrip = (p: SharePayload) => {
  const wire = JSON.parse(JSON.stringify(compactPayload(p))) as WirePayload;
  return expandPayload(wire);
};

describe('microsToIso', () => {
  it.each([
    [1573553643441308, '2019-11-12T10:14:03.441308Z'],
    [0, '1970-01-01T00:00:00.000000Z'],
    [-1, '1969-12-31T23:59:59.999999Z'],
    [Number.MAX_SAFE_INTEGER, '2255-06-05T23:47:34.740991Z'],
    [1e18, null], // year 33658
    [-1e17, null], // before year 0
  ])('%s → %s', (micros, iso) => {
    expect(microsToIso(micros)).toBe(iso);
  });
});

describe('compact events round trip', () => {
  const cases: [string, IncidentEvent[]][] = [
    ['a plain kernel line', [event({})]],
    [
      'times: exact, null, a spelling that is not the engine’s, and going back in time',
      [
        event({ line: 1 }),
        event({ ts: null, line: 2 }),
        event({ ts: '2019-11-12T10:14:03Z', line: 3 }),
        event({ ts: '2019-11-12T09:00:00.000001Z', line: 4 }),
        event({ ts: '2019-11-12T10:14:03.441309Z', line: 5 }),
      ],
    ],
    [
      'a stamp that is not the start of its text, lines out of order, copies, episode and client id',
      [
        event({
          source: 'node-a/kubelet.log',
          line: 900,
          stamp: 'Nov 12 10:20:13.406552',
          text: 'E1112 10:20:13.406552    1187 kubelet_volumes.go:66] pod "x" found',
          stage: 'kubelet-mount-failure',
          kind: 'kubelet-orphaned-pod',
          severity: 'critical',
          episode: 'episode-1',
        }),
        event({
          line: 7,
          alsoIn: [{ source: 'node-a/journal', line: 256 }],
          recovery: true,
          clientId: 176873,
        }),
        event({ line: 3, severity: 'info', host: 'ceph cluster' }),
      ],
    ],
    [
      'text that looks like markup stays text',
      [event({ text: '<script>alert(1)</script> & "quotes"', stamp: '' })],
    ],
    ['no events', []],
  ];
  it.each(cases)('%s', (_name, events) => {
    const p = payloadOf(events);
    const back = roundTrip(p);
    expect(back).toStrictEqual({ ok: true, value: p });
  });

  it('writes times as steps, stamps as prefix lengths and strings once', () => {
    const wire = compactEvents([
      event({ line: 866 }),
      event({ ts: '2019-11-12T10:14:03.441519Z', line: 867, stamp: 'Nov 12 10:14:03' }),
    ]);
    expect(wire.ts).toEqual([1573553643441308, 211]);
    expect(wire.line).toEqual([866, 1]);
    expect(wire.stamp).toEqual([15, 'Nov 12 10:14:03']);
    expect(wire.strings).toEqual(['node-a/dmesg', 'node-a', 'libceph-socket-closed']);
  });
});

describe('compact incident parts', () => {
  it('leaves out catalog stage wording and keeps wording that differs', () => {
    const p = payloadOf([event({})]);
    const custom = payloadOf([event({})]);
    (custom.incident.stages[0] as { title: string }).title = 'Renamed';
    expect(compactPayload(p).incident.stages[0]).not.toHaveProperty('title');
    expect(compactPayload(p).incident.stages[0]).not.toHaveProperty('annotation');
    expect(compactPayload(custom).incident.stages[0]?.title).toBe('Renamed');
    expect(roundTrip(custom)).toStrictEqual({ ok: true, value: custom });
  });

  it('writes a first/last time equal to an event time as the event index', () => {
    const stage = compactPayload(payloadOf([event({})])).incident.stages[0];
    expect(stage?.first).toBe(0);
    expect(stage?.last).toBe('2019-11-12T10:20:00.000000Z');
  });

  it('leaves out the text of evidence the link carries as an event, and keeps other evidence text', () => {
    const e = event({});
    const p = payloadOf([e], {
      findings: [
        {
          id: 'client-evicted',
          severity: 'critical',
          title: 't',
          detail: 'd',
          evidence: [
            { source: e.source, line: e.line, text: e.text },
            { source: 'node-a/journal', line: 324, text: 'a line no event holds' },
            { source: e.source, line: e.line, text: 'same line, other text' },
          ],
          remediation: ['umount -l /mnt'],
        },
      ],
    });
    const evidence = compactPayload(p).incident.findings[0]?.evidence;
    expect(evidence).toEqual([
      { source: e.source, line: e.line },
      { source: 'node-a/journal', line: 324, text: 'a line no event holds' },
      { source: e.source, line: e.line, text: 'same line, other text' },
    ]);
    expect(roundTrip(p)).toStrictEqual({ ok: true, value: p });
  });
});

describe('expansion refuses broken cross-references', () => {
  const base = () =>
    JSON.parse(JSON.stringify(compactPayload(payloadOf([event({}), event({ line: 11 })])))) as WirePayload;
  const cases: [string, (w: WirePayload, ev: WireEvents) => void, RegExp][] = [
    [
      'a host index past the table',
      (_w, ev) => {
        ev.host[1] = 99;
      },
      /incident\.events\.host\[1\] points at string 99/,
    ],
    [
      'an alsoIn index past the table',
      (_w, ev) => {
        ev.alsoIn[0] = [40, 1];
      },
      /incident\.events\.alsoIn\[0\] points at string 40/,
    ],
    [
      'an episode index past the table',
      (_w, ev) => {
        ev.episode[0] = 7;
      },
      /incident\.events\.episode\[0\]/,
    ],
    [
      'a stage index past the stages',
      (_w, ev) => {
        ev.stage[0] = 7;
      },
      /incident\.events\.stage\[0\] is not a stage/,
    ],
    [
      'a severity index past the severities',
      (_w, ev) => {
        ev.severity[1] = 3;
      },
      /severity\[1\] is not a severity/,
    ],
    [
      'columns of different lengths',
      (_w, ev) => void ev.text.push('extra'),
      /incident\.events\.text has 3 entries/,
    ],
    [
      'a stamp longer than its text',
      (_w, ev) => {
        ev.stamp[0] = 500;
      },
      /stamp\[0\] is longer than its text/,
    ],
    [
      'an odd alsoIn list',
      (_w, ev) => {
        ev.alsoIn[0] = [0];
      },
      /alsoIn\[0\] is not a list of pairs/,
    ],
    [
      'a time past year 9999',
      (_w, ev) => {
        ev.ts[1] = 8e15;
      },
      /incident\.events\.ts\[1\] is out of range/,
    ],
    [
      'a line below zero',
      (_w, ev) => {
        ev.line[1] = -20;
      },
      /incident\.events\.line\[1\] is out of range/,
    ],
    [
      'a time pointing at no event',
      (w) => {
        (w.incident.stages[0] as { first: number }).first = 5;
      },
      /incident\.stages\[0\]\.first points at no timed event/,
    ],
    [
      'evidence without text citing a line the link does not carry',
      (w) =>
        void w.incident.findings.push({
          id: 'f',
          severity: 'info',
          title: 't',
          detail: 'd',
          evidence: [{ source: 'node-a/dmesg', line: 12 }],
          remediation: [],
        }),
      /incident\.findings\[0\]\.evidence\[0\] cites a line the link does not carry/,
    ],
  ];
  it.each(cases)('%s', (_name, mutate, message) => {
    const wire = base();
    mutate(wire, wire.incident.events);
    const result = expandPayload(wire);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(message);
  });
});

describe('the preset dictionary', () => {
  it('is frozen: format-1 links inflate with exactly these bytes', () => {
    // Changing the dictionary breaks every link made with it: a new one needs a new fragment version.
    let crc = 0xffffffff;
    for (const b of SHARE_DICTIONARY) {
      crc ^= b;
      for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
    }
    expect({ length: SHARE_DICTIONARY.length, crc32: ((crc ^ 0xffffffff) >>> 0).toString(16) }).toEqual({
      length: 8193,
      crc32: 'cfd232f8',
    });
  });
});
