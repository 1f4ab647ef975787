// The log view's filter as pure functions: narrowing by host, stage, source and severity, plain and
// regular-expression search with its match count and highlights, an invalid pattern, and a million
// events narrowed well under a second.
import { describe, expect, it } from 'vitest';
import {
  compileQuery,
  describeMatches,
  filterChoices,
  filterEvents,
  inTimeOrder,
  isFiltering,
  splitMatches,
} from '../../app/logview/filter.ts';
import { type LogFilter, NO_LOG_FILTER } from '../../app/store.ts';
import type { StageId } from '../../parsers/stages.ts';
import type { IncidentEvent, Severity } from '../../workers/incident.ts';

function event(over: Partial<IncidentEvent> & { line: number }): IncidentEvent {
  return {
    ts: '2019-11-12T10:14:03.441308Z',
    host: 'node-1',
    stage: 'connection-reset',
    kind: 'libceph-socket-closed',
    recovery: false,
    source: 'node-1/dmesg.log',
    offset: over.line * 80,
    text: `line ${over.line}`,
    stamp: '[631966.208200]',
    severity: 'warning',
    alsoIn: [],
    ...over,
  };
}

const EVENTS: IncidentEvent[] = [
  event({ line: 1, text: '[1.0] libceph: mon0 10.0.0.1:6789 socket closed (con state OPEN)' }),
  event({
    line: 2,
    text: '[1.1] ceph: mds0 reconnect denied',
    stage: 'reconnect-denied',
    severity: 'critical',
  }),
  event({
    line: 7,
    host: 'node-2',
    source: 'node-2/journal.log',
    text: 'Nov 12 10:14:05 node-2 kernel: ceph: mds0 Reconnect Denied',
    stage: 'reconnect-denied',
    severity: 'critical',
  }),
  event({
    line: 9,
    host: 'node-2',
    source: 'node-2/kubelet.log',
    text: 'E1112 10:20:01 kubelet: MountVolume.SetUp failed: permission denied',
    stage: 'kubelet-mount-failure',
    severity: 'info',
  }),
];

const filter = (change: Partial<LogFilter>): LogFilter => ({ ...NO_LOG_FILTER, ...change });
const kept = (change: Partial<LogFilter>, events = EVENTS) => [...filterEvents(events, filter(change)).rows];

describe('filterEvents', () => {
  it('keeps every event, in order, without a filter', () => {
    const result = filterEvents(EVENTS, NO_LOG_FILTER);
    expect([...result.rows]).toEqual([0, 1, 2, 3]);
    expect(result.total).toBe(4);
    expect(isFiltering(NO_LOG_FILTER, result.query)).toBe(false);
  });

  it('narrows by host, stage, source and severity, each list a choice among its values', () => {
    expect(kept({ hosts: ['node-2'] })).toEqual([2, 3]);
    expect(kept({ stages: ['reconnect-denied'] })).toEqual([1, 2]);
    expect(kept({ stages: ['reconnect-denied', 'kubelet-mount-failure'] })).toEqual([1, 2, 3]);
    expect(kept({ sources: ['node-2/kubelet.log'] })).toEqual([3]);
    expect(kept({ severities: ['critical'] })).toEqual([1, 2]);
    // Different fields all apply.
    expect(kept({ hosts: ['node-1'], severities: ['critical'] })).toEqual([1]);
    expect(kept({ hosts: ['node-3'] })).toEqual([]);
  });

  it('searches text case-insensitively and literally unless it is a regular expression', () => {
    expect(kept({ query: 'reconnect denied' })).toEqual([1, 2]);
    // `.` and `(` are plain characters in a text search.
    expect(kept({ query: '(con state' })).toEqual([0]);
    expect(kept({ query: 'mds0.reconnect' })).toEqual([]);
    expect(kept({ query: 'mds0.reconnect', regex: true })).toEqual([1, 2]);
    expect(kept({ query: 'denied$', regex: true })).toEqual([1, 2, 3]);
    expect(kept({ query: '^E\\d{4} ', regex: true })).toEqual([3]);
    expect(kept({ query: 'denied', hosts: ['node-2'] })).toEqual([2, 3]);
  });

  it('keeps every event and says why when the regular expression is not valid', () => {
    const result = filterEvents(EVENTS, filter({ query: 'reconnect (denied', regex: true }));
    expect([...result.rows]).toEqual([0, 1, 2, 3]);
    expect(result.query.kind).toBe('error');
    if (result.query.kind === 'error')
      expect(result.query.message).toMatch(/^Not a valid regular expression: /);
    expect(isFiltering(filter({ query: 'reconnect (denied', regex: true }), result.query)).toBe(false);
    // The same text is a fine literal search.
    expect(kept({ query: '(con', regex: false })).toEqual([0]);
    expect(compileQuery('[', true).kind).toBe('error');
    expect(compileQuery('', true).kind).toBe('none');
  });
});

describe('describeMatches', () => {
  it('counts the lines shown out of all, with thousands separators', () => {
    expect(describeMatches(4064, 4064, false)).toBe('4,064 lines');
    expect(describeMatches(132, 4064, true)).toBe('132 of 4,064 lines match');
    expect(describeMatches(1, 4064, true)).toBe('1 of 4,064 lines matches');
    expect(describeMatches(0, 1, true)).toBe('0 of 1 line match');
  });
});

describe('splitMatches', () => {
  const matcher = (q: string, regex = false) => {
    const c = compileQuery(q, regex);
    if (c.kind !== 'match') throw new Error('no matcher');
    return c.matcher;
  };

  it('cuts a line into the parts a search marks and the parts between', () => {
    expect(splitMatches('ceph: mds0 Reconnect Denied; reconnect later', matcher('reconnect'))).toEqual([
      { text: 'ceph: mds0 ', match: false, at: 0 },
      { text: 'Reconnect', match: true, at: 11 },
      { text: ' Denied; ', match: false, at: 20 },
      { text: 'reconnect', match: true, at: 29 },
      { text: ' later', match: false, at: 38 },
    ]);
    expect(splitMatches('abc', null)).toEqual([{ text: 'abc', match: false, at: 0 }]);
    expect(splitMatches('abc', matcher('x'))).toEqual([{ text: 'abc', match: false, at: 0 }]);
  });

  it('never loops on a pattern that matches the empty string', () => {
    expect(splitMatches('baab', matcher('a*', true))).toEqual([
      { text: 'b', match: false, at: 0 },
      { text: 'aa', match: true, at: 1 },
      { text: 'b', match: false, at: 3 },
    ]);
    expect(splitMatches('xyz', matcher('^', true))).toEqual([{ text: 'xyz', match: false, at: 0 }]);
  });

  it('gives back the text whole, part by part', () => {
    const text = 'reconnect denied reconnect denied';
    expect(
      splitMatches(text, matcher('e', true))
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });
});

describe('filterChoices', () => {
  it('offers each value with its count: hosts and sources by name, stages and severities in order', () => {
    const choices = filterChoices(EVENTS);
    expect(choices.hosts).toEqual([
      { value: 'node-1', count: 2 },
      { value: 'node-2', count: 2 },
    ]);
    expect(choices.sources.map((c) => c.value)).toEqual([
      'node-1/dmesg.log',
      'node-2/journal.log',
      'node-2/kubelet.log',
    ]);
    expect(choices.stages).toEqual([
      { value: 'connection-reset', count: 1 },
      { value: 'reconnect-denied', count: 2 },
      { value: 'kubelet-mount-failure', count: 1 },
    ]);
    expect(choices.severities.map((c) => c.value)).toEqual(['critical', 'warning', 'info']);
  });
});

describe('inTimeOrder', () => {
  it('hands back events already in order as they are', () => {
    expect(inTimeOrder(EVENTS)).toBe(EVENTS);
  });

  it('sorts a copy by time, untimed events last, equal times kept in their order', () => {
    const a = event({ line: 1, ts: '2019-11-12T10:00:02.000000Z' });
    const b = event({ line: 2, ts: null });
    const c = event({ line: 3, ts: '2019-11-12T10:00:01.000000Z' });
    const d = event({ line: 4, ts: '2019-11-12T10:00:01.000000Z' });
    expect(inTimeOrder([a, b, c, d]).map((e) => e.line)).toEqual([3, 4, 1, 2]);
  });
});

describe('a million events', () => {
  const HOSTS = ['node-1', 'node-2', 'node-3', 'node-4'];
  const STAGES: StageId[] = ['connection-reset', 'reconnect-denied', 'caps-stale', 'kubelet-mount-failure'];
  const SEVERITIES: Severity[] = ['warning', 'critical', 'info'];
  const N = 1_000_000;
  // Built once, shaped like engine output (sorted, distinct texts), off screen.
  const events: IncidentEvent[] = new Array(N);
  const base = Date.UTC(2019, 10, 12, 10);
  for (let i = 0; i < N; i++) {
    const host = HOSTS[i % 4] as string;
    events[i] = {
      ts: new Date(base + i * 10).toISOString().replace('Z', '000Z'),
      host,
      stage: STAGES[i % 4] as StageId,
      kind: 'rule',
      recovery: false,
      source: `${host}/dmesg.log`,
      line: i + 1,
      offset: i * 90,
      text:
        i % 1000 === 7
          ? `[${i}.000000] ceph: mds0 reconnect denied (client ${i})`
          : `[${i}.000000] libceph: mon${i % 3} 10.0.0.${i % 250}:6789 socket closed (con state OPEN)`,
      stamp: `[${i}.000000]`,
      severity: SEVERITIES[i % 3] as Severity,
      alsoIn: [],
    };
  }

  it('filters and searches them well under a second each', () => {
    // Strings the worker sends arrive flat; the template-built texts here are flattened by one pass
    // first, so that the timings are of matching, not of building strings.
    filterEvents(events, filter({ query: 'x' }));
    const timed = (change: Partial<LogFilter>) => {
      const t0 = performance.now();
      const result = filterEvents(events, filter(change));
      return { count: result.rows.length, ms: performance.now() - t0 };
    };
    const all = timed({});
    const host = timed({ hosts: ['node-2'], severities: ['critical'] });
    const text = timed({ query: 'Reconnect DENIED' });
    const regex = timed({ query: 'mds\\d reconnect (denied|success)', regex: true });
    const mixed = timed({ query: 'socket closed', hosts: ['node-1', 'node-3'], stages: ['caps-stale'] });
    expect(all.count).toBe(N);
    // node-2 is i % 4 === 1, critical i % 3 === 1: i % 12 === 1.
    expect(host.count).toBe(Math.ceil((N - 1) / 12));
    expect(text.count).toBe(N / 1000);
    expect(regex.count).toBe(N / 1000);
    expect(mixed.count).toBeGreaterThan(0);
    for (const run of [all, host, text, regex, mixed]) expect(run.ms).toBeLessThan(500);
    console.info(
      `1,000,000 events: all ${all.ms.toFixed(0)} ms, host+severity ${host.ms.toFixed(0)} ms, text ${text.ms.toFixed(0)} ms, regex ${regex.ms.toFixed(0)} ms, mixed ${mixed.ms.toFixed(0)} ms`,
    );
  });

  // Once per incident (or episode), not per keystroke: every host and source string is hashed once.
  it('finds the choices and checks the order in one pass each', () => {
    const t0 = performance.now();
    const choices = filterChoices(events);
    expect(inTimeOrder(events)).toBe(events);
    const ms = performance.now() - t0;
    expect(choices.hosts).toHaveLength(4);
    expect(ms).toBeLessThan(1000);
    console.info(`1,000,000 events: choices and order check ${ms.toFixed(0)} ms`);
  });
});
