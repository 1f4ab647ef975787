// The log view's "All lines" mode as pure functions: the window's sizes and moves, the request sent
// to the worker, the moment it starts at, a time typed in the display zone, and the narrowing of the
// lines read by the log filter (hosts, sources, search) with the choices it offers.
import { describe, expect, it } from 'vitest';
import { describeMatches } from '../../app/logview/filter.ts';
import {
  BEYOND_EVENTS_MS,
  DEFAULT_WINDOW_SIZE,
  describeEdge,
  describeTruncated,
  eventBounds,
  filterWindowLines,
  findLineIndex,
  focusTime,
  initialCentre,
  inRange,
  isWindowFiltering,
  type LoadedLines,
  loadedFromWindow,
  mergeStretch,
  parseTimeIn,
  rowAtOrAfter,
  shiftCentre,
  stretchRequest,
  WINDOW_SIZES,
  windowAround,
  windowChoices,
  windowRequest,
  windowSize,
} from '../../app/logview/window.ts';
import type { WindowLine, WindowResult } from '../../app/logview/window-types.ts';
import { type LogFilter, NO_LOG_FILTER } from '../../app/store.ts';
import type { IncidentEvent } from '../../workers/incident.ts';

const T = Date.parse('2019-11-12T10:19:14.401Z');

function line(over: Partial<WindowLine> & { line: number }): WindowLine {
  return {
    ts: T + over.line * 1000,
    source: 'node-1/journal.log',
    host: 'node-1',
    text: `line ${over.line}`,
    stamp: 'Nov 12 10:19:14',
    ...over,
  };
}

function event(over: Partial<IncidentEvent> & { line: number }): IncidentEvent {
  return {
    ts: '2019-11-12T10:19:14.401445Z',
    host: 'node-1',
    stage: 'reconnect-denied',
    kind: 'ceph-mds-reconnect-denied',
    recovery: false,
    source: 'node-1/dmesg.log',
    offset: over.line * 80,
    text: `line ${over.line}`,
    stamp: '[632277.168337]',
    severity: 'critical',
    alsoIn: [],
    ...over,
  };
}

const filter = (over: Partial<LogFilter>): LogFilter => ({ ...NO_LOG_FILTER, ...over });

describe('the window around a moment', () => {
  it('offers ±30 s, ±2 min, ±10 min and ±1 h, ±2 min first', () => {
    expect(WINDOW_SIZES.map((s) => s.label)).toEqual(['±30 s', '±2 min', '±10 min', '±1 h']);
    expect(windowSize(DEFAULT_WINDOW_SIZE).half).toBe(120_000);
    expect(windowSize('10m').half).toBe(600_000);
    expect(windowSize('nonsense')).toBe(windowSize(DEFAULT_WINDOW_SIZE));
  });

  it('spans half a size on each side of the centre and moves by its whole width', () => {
    expect(windowAround(T, 30_000)).toEqual({ from: T - 30_000, to: T + 30_000 });
    expect(shiftCentre(T, 30_000, 1)).toBe(T + 60_000);
    expect(shiftCentre(T, 30_000, -2)).toBe(T - 120_000);
    // Later then Earlier comes back; consecutive windows touch without a gap.
    expect(shiftCentre(shiftCentre(T, 600_000, 1), 600_000, -1)).toBe(T);
    expect(windowAround(shiftCentre(T, 30_000, 1), 30_000).from).toBe(windowAround(T, 30_000).to);
  });

  it('holds its ends', () => {
    const range = windowAround(T, 1000);
    expect(inRange(range, T - 1000)).toBe(true);
    expect(inRange(range, T + 1000)).toBe(true);
    expect(inRange(range, T + 1001)).toBe(false);
  });

  it('asks for the chosen sources only when a source filter is set', () => {
    const range = windowAround(T, 1000);
    expect(windowRequest(range, [])).toEqual(range);
    expect(windowRequest(range, [])).not.toHaveProperty('sources');
    const chosen = ['a/dmesg'];
    const request = windowRequest(range, chosen);
    expect(request).toEqual({ ...range, sources: ['a/dmesg'] });
    expect(request.sources).not.toBe(chosen);
  });
});

describe('where the window starts', () => {
  const events = [
    event({ line: 9, ts: null }),
    event({ line: 10, ts: '2019-11-12T10:14:03.441308Z' }),
    event({
      line: 20,
      ts: '2019-11-12T10:19:14.401445Z',
      alsoIn: [{ source: 'node-1/journal.log', line: 265 }],
    }),
  ];

  it('at the focused line, else at the first timed event, else nowhere', () => {
    expect(initialCentre(T, events)).toBe(T);
    expect(initialCentre(null, events)).toBe(Date.parse('2019-11-12T10:14:03.441Z'));
    expect(initialCentre(null, [events[0] as IncidentEvent])).toBeNull();
    expect(initialCentre(null, [])).toBeNull();
  });

  it('times the focused line by the lines read, else by its event or the event it is a copy of', () => {
    const lines = [line({ line: 5, source: 'node-1/dmesg.log', ts: T - 7 })];
    expect(focusTime(null, lines, events)).toBeNull();
    expect(focusTime({ source: 'node-1/dmesg.log', line: 5 }, lines, events)).toBe(T - 7);
    // A line read for a window is placed to the microsecond; its time is given in whole milliseconds.
    const precise = [line({ line: 6, ts: T + 0.445068 })];
    expect(focusTime({ source: 'node-1/journal.log', line: 6 }, precise, [])).toBe(T);
    expect(focusTime({ source: 'node-1/dmesg.log', line: 20 }, lines, events)).toBe(
      Date.parse('2019-11-12T10:19:14.401Z'),
    );
    expect(focusTime({ source: 'node-1/journal.log', line: 265 }, [], events)).toBe(
      Date.parse('2019-11-12T10:19:14.401Z'),
    );
    // An untimed line, an untimed event, a line of neither: no time.
    expect(focusTime({ source: 'x', line: 1 }, [line({ line: 1, source: 'x', ts: null })], [])).toBeNull();
    expect(focusTime({ source: 'node-1/dmesg.log', line: 9 }, [], events)).toBeNull();
    expect(focusTime({ source: 'elsewhere', line: 1 }, lines, events)).toBeNull();
  });
});

describe('a time typed in the display zone', () => {
  const utc = { mode: 'utc' } as const;
  const shanghai = { mode: 'zone', zone: 'Asia/Shanghai' } as const;
  const newYork = { mode: 'zone', zone: 'America/New_York' } as const;

  it('reads a full date and time, with or without seconds and milliseconds', () => {
    expect(parseTimeIn('2019-11-12 10:19:14.401', utc, null)).toBe(T);
    expect(parseTimeIn('  2019-11-12T10:19:14.401  ', utc, null)).toBe(T);
    expect(parseTimeIn('2019-11-12 10:19:14', utc, null)).toBe(Date.parse('2019-11-12T10:19:14Z'));
    expect(parseTimeIn('2019-11-12 10:19', utc, null)).toBe(Date.parse('2019-11-12T10:19:00Z'));
    expect(parseTimeIn('2019-11-12 10:19:14.4', utc, null)).toBe(Date.parse('2019-11-12T10:19:14.400Z'));
    expect(parseTimeIn('2019-11-12 10:19:14.401445', utc, null)).toBe(T);
  });

  it('reads it in the zone chosen, daylight time included', () => {
    expect(parseTimeIn('2019-11-12 18:19:14.401', shanghai, null)).toBe(T);
    // New York: EDT (−4) in July, EST (−5) in November.
    expect(parseTimeIn('2019-07-01 08:00', newYork, null)).toBe(Date.parse('2019-07-01T12:00:00Z'));
    expect(parseTimeIn('2019-11-12 05:19:14.401', newYork, null)).toBe(T);
    // Across the spring change (a skipped hour): still a time near what was typed.
    const skipped = parseTimeIn('2019-03-10 02:30', newYork, null) as number;
    expect(Math.abs(skipped - Date.parse('2019-03-10T07:00:00Z'))).toBeLessThanOrEqual(3_600_000);
  });

  it('puts a clock time on the day the current centre falls on in that zone', () => {
    expect(parseTimeIn('10:20', utc, T)).toBe(Date.parse('2019-11-12T10:20:00Z'));
    expect(parseTimeIn('10:20:05.5', utc, T)).toBe(Date.parse('2019-11-12T10:20:05.500Z'));
    // 10:19 UTC is 18:19 in Shanghai, on the same day there; 02:00 of that day is 18:00 UTC the day before.
    expect(parseTimeIn('02:00', shanghai, T)).toBe(Date.parse('2019-11-11T18:00:00Z'));
    expect(parseTimeIn('10:20', utc, null)).toBeNull();
    // A reference to the microsecond (a line read for a window) is as good.
    expect(parseTimeIn('02:00', shanghai, T + 0.445)).toBe(Date.parse('2019-11-11T18:00:00Z'));
  });

  it('refuses what is no time', () => {
    for (const text of ['', 'soon', '2019-11-12', '25:00', '10:61', '2019-02-30 10:00', '2019-13-01 10:00']) {
      expect(parseTimeIn(text, utc, T), text).toBeNull();
    }
  });
});

describe('the lines of a window narrowed by the log filter', () => {
  const LINES = [
    line({ line: 1, text: 'systemd[1]: Started Session 8762 of user root.' }),
    line({
      line: 2,
      source: 'node-1/dmesg.log',
      text: 'ceph: mds0 reconnect denied',
      stage: 'reconnect-denied',
      severity: 'critical',
    }),
    line({ line: 3, host: 'node-2', source: 'node-2/kubelet.log', text: 'MountVolume.SetUp failed' }),
    line({ line: 4, host: null, source: 'cluster/ceph-mds.log', text: 'evicting client.4305' }),
  ];
  const lines = (f: LogFilter) =>
    [...filterWindowLines(LINES, f).rows].map((i) => (LINES[i] as WindowLine).line);

  it('keeps every line without a filter, and the stage and severity filters do not narrow it', () => {
    const all = filterWindowLines(LINES, NO_LOG_FILTER);
    expect([...all.rows]).toEqual([0, 1, 2, 3]);
    expect(all.total).toBe(4);
    const events = filter({ stages: ['reconnect-denied'], severities: ['critical'] });
    expect(lines(events)).toEqual([1, 2, 3, 4]);
    expect(isWindowFiltering(events, filterWindowLines(LINES, events).query)).toBe(false);
  });

  it('narrows by host (a line of no known host is of none) and by source', () => {
    expect(lines(filter({ hosts: ['node-1'] }))).toEqual([1, 2]);
    expect(lines(filter({ hosts: ['node-2', 'node-1'] }))).toEqual([1, 2, 3]);
    expect(lines(filter({ sources: ['node-1/dmesg.log', 'cluster/ceph-mds.log'] }))).toEqual([2, 4]);
    expect(lines(filter({ hosts: ['node-1'], sources: ['node-2/kubelet.log'] }))).toEqual([]);
  });

  it('searches text case-insensitively, or as a regular expression, and says an invalid one', () => {
    expect(lines(filter({ query: 'RECONNECT' }))).toEqual([2]);
    expect(lines(filter({ query: 'session|mount', regex: true }))).toEqual([1, 3]);
    expect(lines(filter({ query: 'a.b' }))).toEqual([]);
    const broken = filterWindowLines(LINES, filter({ query: 'reconnect (denied', regex: true }));
    expect(broken.query.kind).toBe('error');
    expect(broken.rows.length).toBe(4);
    const f = filter({ query: 'denied' });
    expect(isWindowFiltering(f, filterWindowLines(LINES, f).query)).toBe(true);
  });

  it('counts the lines of the window that match', () => {
    expect(describeMatches(85, 1240, true, ' in the window')).toBe('85 of 1,240 lines in the window match');
    expect(describeMatches(1, 1240, true, ' in the window')).toBe('1 of 1,240 lines in the window matches');
    expect(describeMatches(1240, 1240, false, ' in the window')).toBe('1,240 lines in the window');
    expect(describeTruncated(20_000)).toMatch(
      /^Truncated: showing the first 20,000 lines of the window — narrow it/,
    );
  });

  it('offers every host and source with its lines in the window; a source left unread has no count', () => {
    const sources = [
      { path: 'node-1/journal.log', host: 'node-1' },
      { path: 'node-3/dmesg.log', host: 'node-3' },
      { path: 'config.txt', host: null },
    ];
    const choices = windowChoices(LINES, sources, null);
    expect(choices.hosts).toEqual([
      { value: 'node-1', count: 2 },
      { value: 'node-2', count: 1 },
      { value: 'node-3', count: 0 },
    ]);
    expect(choices.sources).toEqual([
      { value: 'cluster/ceph-mds.log', count: 1 },
      { value: 'config.txt', count: 0 },
      { value: 'node-1/dmesg.log', count: 1 },
      { value: 'node-1/journal.log', count: 1 },
      { value: 'node-2/kubelet.log', count: 1 },
      { value: 'node-3/dmesg.log', count: 0 },
    ]);
    const narrowed = windowChoices([LINES[1] as WindowLine], sources, ['node-1/dmesg.log']);
    expect(narrowed.sources.find((c) => c.value === 'node-1/dmesg.log')?.count).toBe(1);
    expect(narrowed.sources.find((c) => c.value === 'node-3/dmesg.log')?.count).toBeNull();
  });

  it('finds a line, and the first row at or after a moment', () => {
    expect(findLineIndex(LINES, { source: 'node-2/kubelet.log', line: 3 })).toBe(2);
    expect(findLineIndex(LINES, { source: 'node-2/kubelet.log', line: 4 })).toBe(-1);
    const rows = Int32Array.from([0, 1, 2, 3]);
    expect(rowAtOrAfter(LINES, rows, T)).toBe(0);
    expect(rowAtOrAfter(LINES, rows, T + 2000)).toBe(1);
    expect(rowAtOrAfter(LINES, rows, T + 2500)).toBe(2);
    expect(rowAtOrAfter(LINES, rows, T + 60_000)).toBe(3);
    expect(rowAtOrAfter(LINES, Int32Array.from([1, 3]), T + 2500)).toBe(1);
  });
});

describe('scrolling on through the bundle', () => {
  const W = 60_000;
  /** A line `n` s after T of `source`. */
  const at = (n: number, source = 'a.log') => line({ line: n, source, ts: T + n * 1000 });
  const result = (
    req: { from: number; to: number },
    lines: WindowLine[],
    truncated = false,
  ): WindowResult => ({
    ...req,
    lines,
    truncated,
    errors: [],
  });
  const first = { from: T, to: T + W };
  const start = (): LoadedLines => loadedFromWindow(first, result(first, [at(0), at(10), at(60)]));
  const bounds = { from: T - 3_600_000, to: T + 3_600_000 };

  it('starts with the window read, its ends where the next stretches start', () => {
    const loaded = start();
    expect(loaded.lines.map((l) => l.line)).toEqual([0, 10, 60]);
    expect(loaded.start).toMatchObject({ at: T, done: false });
    expect(loaded.end).toMatchObject({ at: T + W, done: false });
    // A window cut short goes on from its last line.
    const cut = loadedFromWindow(first, result(first, [at(0), at(10)], true));
    expect(cut.end.at).toBe(T + 10_000);
  });

  it('asks for the stretch after the end and before the start, with the source filter', () => {
    const loaded = start();
    expect(stretchRequest(loaded, 'later', W, [])).toEqual({ from: T + W, to: T + 2 * W });
    expect(stretchRequest(loaded, 'earlier', W, ['a.log'])).toEqual({
      from: T - W,
      to: T,
      sources: ['a.log'],
    });
    const done = { ...loaded, end: { ...loaded.end, done: true } };
    expect(stretchRequest(done, 'later', W, [])).toBeNull();
  });

  it('appends a later stretch without the lines already there, and goes on from its end', () => {
    const req = { from: T + W, to: T + 2 * W };
    const merged = mergeStretch(
      start(),
      'later',
      req,
      result(req, [at(60), at(60, 'b.log'), at(90)]),
      W,
      bounds,
    );
    expect(merged.added).toBe(2);
    expect(merged.loaded.lines.map((l) => `${l.source}:${l.line}`)).toEqual([
      'a.log:0',
      'a.log:10',
      'a.log:60',
      'b.log:60',
      'a.log:90',
    ]);
    expect(merged.loaded.end).toMatchObject({ at: T + 2 * W, done: false });
    // Cut short: the next stretch starts at its last line.
    const cut = mergeStretch(start(), 'later', req, result(req, [at(70), at(80)], true), W, bounds);
    expect(cut.loaded.end.at).toBe(T + 80_000);
  });

  it('prepends an earlier stretch without the lines already there', () => {
    const req = { from: T - W, to: T };
    const merged = mergeStretch(start(), 'earlier', req, result(req, [at(-30), at(0)]), W, bounds);
    expect(merged.added).toBe(1);
    expect(merged.loaded.lines.map((l) => l.line)).toEqual([-30, 0, 10, 60]);
    expect(merged.loaded.start).toMatchObject({ at: T - W, done: false });
  });

  it('reads an earlier stretch cut short again, shorter, rather than leave a gap', () => {
    const req = { from: T - W, to: T };
    const merged = mergeStretch(start(), 'earlier', req, result(req, [at(-60)], true), W, bounds);
    expect(merged.added).toBe(0);
    expect(merged.loaded.lines).toHaveLength(3);
    expect(merged.loaded.start).toMatchObject({ at: T, span: W / 4 });
    expect(stretchRequest(merged.loaded, 'earlier', W, [])).toEqual({ from: T - W / 4, to: T });
  });

  it('ends where a stretch past the events brings nothing, or a day past them', () => {
    const near = { from: T + W, to: T + 2 * W };
    // Nothing new before the last event: a quiet moment, read on.
    expect(mergeStretch(start(), 'later', near, result(near, []), W, bounds).loaded.end.done).toBe(false);
    const past = { from: bounds.to - 1000, to: bounds.to - 1000 + W };
    expect(mergeStretch(start(), 'later', past, result(past, []), W, bounds).loaded.end.done).toBe(true);
    expect(mergeStretch(start(), 'later', past, result(past, [at(3599)]), W, bounds).loaded.end.done).toBe(
      false,
    );
    const far = { from: bounds.to + BEYOND_EVENTS_MS - 10, to: bounds.to + BEYOND_EVENTS_MS + W };
    expect(mergeStretch(start(), 'later', far, result(far, [at(90_000)]), W, bounds).loaded.end.done).toBe(
      true,
    );
    const before = { from: bounds.from - W, to: bounds.from + 1000 };
    expect(mergeStretch(start(), 'earlier', before, result(before, []), W, bounds).loaded.start.done).toBe(
      true,
    );
    // No event with a time: the first stretch that brings nothing ends it.
    expect(mergeStretch(start(), 'later', near, result(near, []), W, null).loaded.end.done).toBe(true);
    expect(describeEdge('earlier', { at: 0, span: W, done: true, trimmed: false }, false)).toBe(
      'Start of the logs',
    );
    expect(describeEdge('later', { at: 0, span: W, done: true, trimmed: false }, false)).toBe(
      'End of the logs',
    );
    expect(describeEdge('later', { at: 0, span: W, done: false, trimmed: false }, true)).toBe(
      'Reading later lines…',
    );
  });

  it('keeps at most the lines allowed, dropping the far end (to be read again)', () => {
    const req = { from: T + W, to: T + 2 * W };
    const merged = mergeStretch(start(), 'later', req, result(req, [at(70), at(80)]), W, bounds, 4);
    expect(merged.dropped).toBe(1);
    expect(merged.loaded.lines.map((l) => l.line)).toEqual([10, 60, 70, 80]);
    expect(merged.loaded.start).toMatchObject({ at: T + 10_000, done: false, trimmed: true });
    expect(stretchRequest(merged.loaded, 'earlier', W, [])).toEqual({ from: T + 10_000 - W, to: T + 10_000 });
    const back = { from: T - W, to: T };
    const earlier = mergeStretch(start(), 'earlier', back, result(back, [at(-20), at(-10)]), W, bounds, 4);
    expect(earlier.loaded.lines.map((l) => l.line)).toEqual([-20, -10, 0, 10]);
    expect(earlier.loaded.end).toMatchObject({ at: T + 10_000, done: false, trimmed: true });
  });

  it('takes the range of the events with a time', () => {
    expect(eventBounds([])).toBeNull();
    expect(
      eventBounds([
        event({ line: 1, ts: '2019-11-12T10:00:00Z' }),
        event({ line: 2, ts: '2019-11-12T09:00:00Z' }),
        event({ line: 3, ts: '2019-11-12T11:00:00Z' }),
      ]),
    ).toEqual({ from: Date.parse('2019-11-12T09:00:00Z'), to: Date.parse('2019-11-12T11:00:00Z') });
  });
});
