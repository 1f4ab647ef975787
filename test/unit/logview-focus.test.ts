// Focusing a line in the log view: finding its event (or the event it is a copy of), its row among
// the filtered rows, and planning the read of its context, checked against the sample's own files
// through the context reader's slicing.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filterEvents } from '../../app/logview/filter.ts';
import {
  contextLines,
  findEventIndex,
  MAX_ANCHOR_DISTANCE,
  planContext,
  rowOfEvent,
} from '../../app/logview/focus.ts';
import { NO_LOG_FILTER } from '../../app/store.ts';
import { linesAround } from '../../workers/context.ts';
import type { IncidentEvent } from '../../workers/incident.ts';

const root = resolve(import.meta.dirname, '../..');

function event(
  source: string,
  line: number,
  offset: number,
  over: Partial<IncidentEvent> = {},
): IncidentEvent {
  return {
    ts: '2019-11-12T10:14:03.441308Z',
    host: 'node-1',
    stage: 'connection-reset',
    kind: 'rule',
    recovery: false,
    source,
    line,
    offset,
    text: `${source}:${line}`,
    stamp: '',
    severity: 'warning',
    alsoIn: [],
    ...over,
  };
}

describe('findEventIndex', () => {
  const events = [
    event('a/dmesg', 10, 900, { alsoIn: [{ source: 'a/journal', line: 3 }] }),
    event('a/journal', 4, 300),
    event('b/dmesg', 10, 900),
  ];

  it('finds the event read from the line', () => {
    expect(findEventIndex(events, { source: 'b/dmesg', line: 10 })).toBe(2);
    expect(findEventIndex(events, { source: 'a/journal', line: 4 })).toBe(1);
  });

  it('finds the event a copy of which was read from the line', () => {
    expect(findEventIndex(events, { source: 'a/journal', line: 3 })).toBe(0);
  });

  it('says -1 for a line that is no event', () => {
    expect(findEventIndex(events, { source: 'a/dmesg', line: 11 })).toBe(-1);
    expect(findEventIndex(events, { source: 'c/conf', line: 10 })).toBe(-1);
    expect(findEventIndex([], { source: 'a/dmesg', line: 10 })).toBe(-1);
  });

  it('finds a line among a million events in a few milliseconds', () => {
    const many = Array.from({ length: 1_000_000 }, (_, i) => event(`h${i % 7}/dmesg`, i + 1, i * 80));
    const t0 = performance.now();
    expect(findEventIndex(many, { source: `h${999_997 % 7}/dmesg`, line: 999_998 })).toBe(999_997);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(200);
    const rows = filterEvents(many, { ...NO_LOG_FILTER, sources: [`h${999_997 % 7}/dmesg`] }).rows;
    expect(rowOfEvent(rows, 999_997)).toBe(rows.indexOf(999_997));
  });
});

describe('rowOfEvent', () => {
  it('finds an event among the filtered rows, or -1 when the filter hides it', () => {
    const rows = Int32Array.from([0, 3, 4, 9, 12]);
    expect(rowOfEvent(rows, 0)).toBe(0);
    expect(rowOfEvent(rows, 9)).toBe(3);
    expect(rowOfEvent(rows, 12)).toBe(4);
    expect(rowOfEvent(rows, 5)).toBe(-1);
    expect(rowOfEvent(rows, 13)).toBe(-1);
    expect(rowOfEvent(new Int32Array(0), 0)).toBe(-1);
  });
});

describe('planContext', () => {
  const events = [event('a/dmesg', 100, 8000), event('a/dmesg', 300, 24000), event('b/dmesg', 50, 4000)];

  it('reads around an event from its own offset', () => {
    expect(planContext(events, { source: 'a/dmesg', line: 300 }, 10)?.request).toEqual({
      source: 'a/dmesg',
      line: 300,
      offset: 24000,
      before: 10,
      after: 10,
    });
  });

  it('reads around another line from the nearest line whose offset is known', () => {
    // Line 290 is 10 lines before the event at 300: 20 lines before it, none after beyond 300+0.
    expect(planContext(events, { source: 'a/dmesg', line: 290 }, 10)?.request).toEqual({
      source: 'a/dmesg',
      line: 300,
      offset: 24000,
      before: 20,
      after: 0,
    });
    // Line 4 is nearest line 1, which starts the file.
    expect(planContext(events, { source: 'a/dmesg', line: 4 }, 10)?.request).toEqual({
      source: 'a/dmesg',
      line: 1,
      offset: 0,
      before: 0,
      after: 13,
    });
    // A source without events: from its start.
    expect(planContext(events, { source: 'c/conf', line: 21 }, 10)?.request).toMatchObject({
      line: 1,
      offset: 0,
      before: 0,
      after: 30,
    });
  });

  it('gives up on a line too far from any known offset', () => {
    expect(planContext([], { source: 'c/conf', line: MAX_ANCHOR_DISTANCE + 2 })).toBeNull();
  });

  it('keeps the wanted lines of a read, or says the line was not found', () => {
    const plan = planContext(events, { source: 'a/dmesg', line: 290 }, 2);
    if (!plan) throw new Error('no plan');
    const lines = Array.from({ length: 20 }, (_, i) => ({ line: 280 + i, text: `t${280 + i}` }));
    expect(contextLines(plan, { source: 'a/dmesg', focus: 300, lines }).lines.map((l) => l.line)).toEqual([
      288, 289, 290, 291, 292,
    ]);
    expect(contextLines(plan, { source: 'a/dmesg', focus: 300, lines: lines.slice(15) }).error).toMatch(
      /could not be found/,
    );
    expect(contextLines(plan, { source: 'a/dmesg', focus: 300, lines: [], error: 'gone' }).error).toBe(
      'gone',
    );
  });
});

describe('context of the sample incident', () => {
  const file = (source: string) => new Uint8Array(readFileSync(resolve(root, 'public', source)));
  const read = (plan: NonNullable<ReturnType<typeof planContext>>) => {
    const bytes = file(plan.request.source);
    const lines = linesAround(bytes, 0, plan.request);
    return contextLines(plan, { source: plan.request.source, focus: plan.request.line, lines });
  };
  const textOf = (source: string, line: number) =>
    new TextDecoder().decode(file(source)).split('\n')[line - 1]?.replace(/\r$/, '');

  // A finding cites line 21 of the config dump, which holds no event.
  it('reads the lines around a line that is no event from the start of its file', () => {
    const plan = planContext([], { source: 'sample/ceph-config-dump.txt', line: 21 }, 3);
    if (!plan) throw new Error('no plan');
    const shown = read(plan);
    expect(shown.error).toBeUndefined();
    // The dump has 22 lines: the context stops at its end.
    expect(shown.lines.map((l) => l.line)).toEqual([18, 19, 20, 21, 22]);
    expect(shown.lines.find((l) => l.line === 21)?.text).toBe(textOf('sample/ceph-config-dump.txt', 21));
    expect(shown.lines.find((l) => l.line === 21)?.text).toContain('mds_session_blacklist_on_timeout');
  });

  it('reads the lines around a line near an event from the event', () => {
    const source = 'sample/k8s-worker-1/dmesg.log';
    const text = new TextDecoder().decode(file(source));
    // An event at line 866 with its true byte offset, as the engine gives it.
    const offset = text.split('\n').slice(0, 865).join('\n').length + 1;
    const events = [event(source, 866, offset)];
    for (const line of [866, 860, 875]) {
      const plan = planContext(events, { source, line }, 10);
      if (!plan) throw new Error('no plan');
      const shown = read(plan);
      expect(shown.error).toBeUndefined();
      expect(shown.lines.find((l) => l.line === line)?.text).toBe(textOf(source, line));
      expect(shown.lines).toHaveLength(21);
    }
  });
});
