import type * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Incident } from '../incident.ts';
import type { SharePayload, ShareView } from './share-link.ts';
import {
  checkPayload,
  checkView,
  type IncidentSchema,
  LINE_MAX,
  NAME_MAX,
  type SharePayloadSchema,
} from './share-schema.ts';

function payload(): SharePayload {
  return {
    schema: 'cascade/share@1',
    created: '2025-01-01T00:00:00.000Z',
    redacted: true,
    omittedEvents: 3,
    totalEvents: 4,
    view: {
      laneMode: 'host',
      zoom: [1573553643441, 1573556000000],
      episode: 'episode-1',
      timeDisplay: { mode: 'zone', zone: 'Asia/Shanghai' },
      logFilter: {
        hosts: ['node-a'],
        stages: ['caps-stale'],
        sources: [],
        severities: ['critical'],
        query: 'dirty.*state',
        regex: true,
      },
      focus: { source: 'node-a/dmesg', line: 12 },
    },
    incident: {
      schema: 'cascade/incident@1',
      generatedBy: 'cascade 0.1.0',
      sources: [
        {
          path: 'node-a/dmesg',
          format: 'dmesg',
          host: 'node-a',
          bytes: 10,
          lines: 2,
          parsed: 2,
          unparsed: 0,
          events: 1,
          first: '2019-11-12T10:14:03.441308Z',
          last: null,
          clock: { kind: 'monotonic', aligned: true, method: 'm', offsetSeconds: 1.5 },
          warnings: [],
        },
      ],
      hosts: [
        {
          name: 'node-a',
          kernel: null,
          clientIds: [4123],
          fsids: [],
          stages: { 'caps-stale': { first: null, last: null, count: 1 } },
          cascade: { fits: false, order: ['caps-stale'], reason: 'r' },
        },
      ],
      stages: [],
      findings: [
        {
          id: 'f',
          severity: 'info',
          title: 't',
          detail: 'd',
          evidence: [{ source: 'node-a/dmesg', line: 12, text: 'x' }],
          remediation: [],
        },
      ],
      events: [
        {
          ts: '2019-11-12T10:14:03.441308Z',
          host: 'node-a',
          stage: 'caps-stale',
          kind: 'ceph-mds-caps-stale',
          recovery: false,
          source: 'node-a/dmesg',
          line: 12,
          offset: 0,
          text: '[1.0] ceph: mds0 caps stale',
          stamp: '[1.0]',
          severity: 'warning',
          alsoIn: [],
          clientId: 4123,
        },
      ],
      episodes: [
        {
          id: 'episode-1',
          first: null,
          last: null,
          hosts: [],
          hostOrder: [],
          spreadSeconds: null,
          stages: [],
          summary: 's',
          confidence: 'low',
        },
      ],
    },
  };
}

type Mutation = (p: SharePayload & Record<string, unknown>) => void;
const set = (path: (string | number)[], value: unknown): Mutation => {
  return (p) => {
    let at: Record<string | number, unknown> = p;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    at[path[path.length - 1] as string | number] = value;
  };
};
const drop = (path: (string | number)[]): Mutation => {
  return (p) => {
    let at: Record<string | number, unknown> = p;
    for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
    delete at[path[path.length - 1] as string | number];
  };
};

describe('checkPayload', () => {
  it('passes a valid payload through unchanged', () => {
    expect(checkPayload(payload())).toStrictEqual({ ok: true, value: payload() });
  });

  it('strips keys the schema does not know, at every level', () => {
    const p = payload() as SharePayload & { extra?: string };
    p.extra = 'x';
    Object.assign(p.incident, { extra: 1 });
    Object.assign(p.incident.events[0] as object, { offsetExtra: 2 });
    Object.assign(p.view.logFilter, { evil: true });
    expect(checkPayload(p)).toStrictEqual({ ok: true, value: payload() });
  });

  const refusals: [string, Mutation, string][] = [
    ['a missing field', drop(['incident', 'events', 0, 'text']), 'incident.events[0].text: missing'],
    ['a missing top-level field', drop(['view']), 'view: missing'],
    [
      'an unknown stage',
      set(['incident', 'events', 0, 'stage'], 'meltdown'),
      'incident.events[0].stage: Invalid type',
    ],
    ['an unknown format', set(['incident', 'sources', 0, 'format'], 'evtx'), 'incident.sources[0].format:'],
    [
      'an unknown severity',
      set(['view', 'logFilter', 'severities', 0], 'fatal'),
      'view.logFilter.severities[0]:',
    ],
    [
      'a string for a number',
      set(['incident', 'events', 0, 'line'], '12'),
      'incident.events[0].line: Invalid type',
    ],
    ['a fractional line', set(['incident', 'events', 0, 'line'], 1.5), 'incident.events[0].line:'],
    ['a negative count', set(['incident', 'sources', 0, 'lines'], -1), 'incident.sources[0].lines:'],
    [
      'a number for a string',
      set(['incident', 'hosts', 0, 'name'], 7),
      'incident.hosts[0].name: Invalid type',
    ],
    ['an object for a list', set(['incident', 'findings'], {}), 'incident.findings: Invalid type'],
    ['null for the incident', set(['incident'], null), 'incident: Invalid type'],
    [
      'a too long line',
      set(['incident', 'events', 0, 'text'], 'x'.repeat(LINE_MAX + 1)),
      'incident.events[0].text: Invalid length',
    ],
    [
      'a too long name',
      set(['incident', 'events', 0, 'host'], 'h'.repeat(NAME_MAX + 1)),
      'incident.events[0].host: Invalid length',
    ],
    [
      'a time that is not ISO UTC',
      set(['incident', 'events', 0, 'ts'], '2019-11-12 10:14:03'),
      'incident.events[0].ts:',
    ],
    [
      'a time with an offset',
      set(['incident', 'sources', 0, 'first'], '2019-11-12T10:14:03+01:00'),
      'incident.sources[0].first:',
    ],
    [
      'a month 13',
      set(['incident', 'sources', 0, 'first'], '2019-13-12T10:14:03Z'),
      'incident.sources[0].first:',
    ],
    [
      'an unknown stage key on a host',
      set(['incident', 'hosts', 0, 'cascade', 'order', 0], 'x'),
      'incident.hosts[0].cascade.order[0]:',
    ],
    ['another incident schema', set(['incident', 'schema'], 'cascade/incident@2'), 'incident.schema:'],
    [
      'a zone the runtime does not know',
      set(['view', 'timeDisplay', 'zone'], 'Mars/Olympus'),
      'view.timeDisplay.zone: not a time zone',
    ],
    ['an unknown time display', set(['view', 'timeDisplay'], { mode: 'tai' }), 'view.timeDisplay.mode:'],
    [
      'a search that is not a regular expression',
      set(['view', 'logFilter', 'query'], '(['),
      'view.logFilter: the search is not a valid regular expression',
    ],
    [
      'a zoom that ends before it starts',
      set(['view', 'zoom'], [5, 1]),
      'view.zoom: the zoom ends before it starts',
    ],
    ['a zoom of one number', set(['view', 'zoom'], [5]), 'view.zoom'],
    [
      'an infinite number',
      set(['incident', 'hosts', 0, 'skewSeconds'], Number.POSITIVE_INFINITY),
      'incident.hosts[0].skewSeconds:',
    ],
    ['a created time that is not ISO', set(['created'], 'yesterday'), 'created:'],
  ];
  it.each(refusals)('refuses %s', (_name, mutate, start) => {
    const p = payload() as SharePayload & Record<string, unknown>;
    mutate(p);
    const result = checkPayload(p);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.startsWith(start), result.error).toBe(true);
      expect(result.error.length).toBeLessThan(300);
    }
  });

  it('accepts a plain search that is not a regular expression', () => {
    const p = payload();
    p.view.logFilter = { ...p.view.logFilter, query: '([', regex: false };
    expect(checkPayload(p).ok).toBe(true);
  });
});

describe('checkView', () => {
  it.each([
    [{ mode: 'utc' }, true],
    [{ mode: 'local' }, true],
    [{ mode: 'zone', zone: 'Europe/Berlin' }, true],
    [{ mode: 'zone', zone: 'Europe/Nowhere' }, false],
    [{ mode: 'zone', zone: 'x'.repeat(65) }, false],
  ])('time display %j → %s', (timeDisplay, ok) => {
    expect(checkView({ ...payload().view, timeDisplay }).ok).toBe(ok);
  });
});

describe('types', () => {
  it('the schemas’ output is an Incident and a SharePayload (checked by tsc)', () => {
    expectTypeOf<v.InferOutput<typeof IncidentSchema>>().toExtend<Incident>();
    expectTypeOf<v.InferOutput<typeof SharePayloadSchema>>().toExtend<SharePayload>();
    expectTypeOf<ReturnType<typeof checkView>>().toEqualTypeOf<
      { ok: true; value: ShareView } | { ok: false; error: string }
    >();
  });
});
