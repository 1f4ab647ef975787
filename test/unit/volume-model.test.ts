// The log-volume histogram's model: bars per host over the range the timeline shows, ticks on round
// times of the display zone, and the sentences about what is drawn and what is not.
import { describe, expect, it } from 'vitest';
import {
  barRange,
  barsIn,
  buildVolumeView,
  describeVolume,
  OTHER_HOSTS,
  volumeNotes,
  volumeTicks,
} from '../../app/timeline/volume-model.ts';
import type { Incident, IncidentSource, IncidentVolume } from '../../workers/incident.ts';
import { COLORS } from '../../workers/report/timeline-model.ts';

const START = Date.parse('2019-11-12T10:13:00Z');
const UTC = { mode: 'utc' } as const;

function source(path: string, host: string | null): IncidentSource {
  return {
    path,
    format: 'dmesg',
    host,
    bytes: 0,
    lines: 0,
    parsed: 0,
    unparsed: 0,
    events: 0,
    first: null,
    last: null,
    clock: { kind: 'wall', aligned: true, method: '', offsetSeconds: 0 },
    warnings: [],
  };
}

/** Six 20 s buckets; node-b's two files, node-a's one, and the MDS log of no host. */
function incident(volume?: IncidentVolume): Incident {
  return {
    schema: 'cascade/incident@1',
    generatedBy: 'test',
    sources: [
      source('b/dmesg', 'node-b'),
      source('b/journal', 'node-b'),
      source('a/dmesg', 'node-a'),
      source('mds.log', null),
    ],
    hosts: ['node-a', 'node-b'].map((name) => ({ name, kernel: null, clientIds: [], fsids: [], stages: {} })),
    stages: [],
    findings: [],
    events: [],
    ...(volume ? { volume } : {}),
  };
}

const VOLUME: IncidentVolume = {
  start: '2019-11-12T10:13:00.000000Z',
  bucketSeconds: 20,
  buckets: 6,
  sources: [
    { path: 'b/dmesg', counts: [1, 0, 2, 0, 0, 5], before: 3, after: 0 },
    { path: 'b/journal', counts: [0, 0, 1, 0, 0, 1], before: 0, after: 1 },
    { path: 'a/dmesg', counts: [0, 4, 0, 0, 9, 0], before: 0, after: 0 },
    { path: 'mds.log', counts: [0, 0, 0, 0, 2, 0], before: 0, after: 0 },
  ],
  unplaced: [
    { path: 'ceph/config', lines: 22, reason: 'no timestamps in this file' },
    { path: 'ceph/versions', lines: 9, reason: 'no timestamps in this file' },
    { path: 'c/dmesg', lines: 100, reason: 'not aligned: no shared kernel lines' },
  ],
};

describe('buildVolumeView', () => {
  it('is null for an incident without volume (a shared snapshot)', () => {
    expect(buildVolumeView(incident(), null)).toBeNull();
  });

  it('sums the sources per host, in the timeline’s host order and colours, the hostless last', () => {
    const view = buildVolumeView(incident(VOLUME), null);
    if (!view) throw new Error('no view');
    expect(view.hosts).toEqual([
      { key: 'h0', name: 'node-a', color: COLORS[0], lines: 13, sources: 1 },
      { key: 'h1', name: 'node-b', color: COLORS[1], lines: 10, sources: 2 },
      { key: 'h2', name: OTHER_HOSTS, color: 'var(--fg-muted)', lines: 2, sources: 1 },
    ]);
    expect(view.bars.map((b) => [b.i, b.h0, b.h1, b.h2, b.total])).toEqual([
      [0, 0, 1, 0, 1],
      [1, 4, 0, 0, 4],
      [2, 0, 3, 0, 3],
      [3, 0, 0, 0, 0],
      [4, 9, 0, 2, 11],
      [5, 0, 6, 0, 6],
    ]);
    expect(view.bars[1]).toMatchObject({ t0: START + 20_000, t1: START + 40_000 });
    expect(view.fullest?.i).toBe(4);
    expect([view.shown, view.before, view.after]).toEqual([25, 3, 1]);
  });

  it('keeps the bars the range overlaps, and counts the rest before and after it', () => {
    const view = buildVolumeView(incident(VOLUME), [START + 25_000, START + 85_000]);
    if (!view) throw new Error('no view');
    expect(view.bars.map((b) => b.i)).toEqual([1, 2, 3, 4]);
    expect([view.shown, view.before, view.after]).toEqual([18, 3 + 1, 1 + 6]);
    expect(barsIn(view, [START + 41_000, START + 61_000])).toEqual([2, 3]);
    expect(barsIn(view, [START + 500_000, START + 600_000])).toBeNull();
  });
});

describe('ticks and sentences', () => {
  const view = buildVolumeView(incident(VOLUME), null);
  if (!view) throw new Error('no view');

  it('ticks the bars that start on round times of the zone shown', () => {
    // Two minutes of bars, three ticks at most: one a minute (10:13:00, 10:14:00; 10:15:00 ends the last bar).
    expect(volumeTicks(view, UTC, 3)).toEqual([0, 3]);
    // Eight at most: one every 15 s, each on the bar it falls in.
    const ticks = volumeTicks(view, UTC, 8);
    expect(ticks).toEqual([0, 1, 2, 3, 4, 5]);
    // +05:30: round times of the zone are round times of UTC here too (20 s buckets, 30 min offset).
    expect(volumeTicks(view, { mode: 'zone', zone: 'Asia/Kolkata' }, 8)).toEqual(ticks);
  });

  it('says the range of a bar in the zone shown', () => {
    const bar = view.bars[4];
    if (!bar) throw new Error('no bar');
    expect(barRange(bar, UTC)).toBe('2019-11-12 10:14:20 → 10:14:40');
    expect(barRange(bar, { mode: 'zone', zone: 'Asia/Kolkata' })).toBe('2019-11-12 15:44:20 → 15:44:40');
  });

  it('describes the chart, and notes the lines not drawn, one sentence per reason', () => {
    expect(describeVolume(view, UTC, 'UTC')).toBe(
      'Log volume: 25 stamped lines in 6 bars of 20 s, from 2019-11-12 10:13:00 → 10:15:00 (UTC), ' +
        `stacked by host (node-a 13, node-b 10, ${OTHER_HOSTS} 2). The fullest bar holds 11 lines, ` +
        '2019-11-12 10:14:20 → 10:14:40.',
    );
    expect(volumeNotes(view)).toEqual([
      'Not drawn: 3 lines placed before the range shown and 1 after it.',
      'Not placed in time: 31 lines of ceph/config, ceph/versions (no timestamps in this file).',
      'Not placed in time: 100 lines of c/dmesg (not aligned: no shared kernel lines).',
    ]);
  });
});
