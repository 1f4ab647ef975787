import { describe, expect, it } from 'vitest';
import { CLUSTER_HOST, type IncidentEvent, type IncidentHost } from './incident.ts';
import { estimateSkews } from './skew.ts';

function ev(host: string, kind: string, ts: string, line: number, clientId?: number): IncidentEvent {
  return {
    ts,
    host,
    stage: 'reconnect-denied',
    kind,
    recovery: false,
    source: host === CLUSTER_HOST ? 'mds/ceph-mds.a.log' : `${host}/dmesg`,
    line,
    offset: 0,
    text: kind,
    stamp: '',
    severity: 'critical',
    alsoIn: [],
    ...(clientId === undefined ? {} : { clientId }),
  };
}

const host = (name: string, clientIds: number[]): IncidentHost => ({
  name,
  kernel: null,
  clientIds,
  fsids: [],
  stages: {},
});

const EVICT = 'mds-evicting-unresponsive-client';
const DENIED_MDS = 'mds-denied-reconnect';
const CLOSED = 'ceph-mds-closed-session';
const DENIED = 'ceph-mds-reconnect-denied';

describe('estimateSkews', () => {
  it.each<[string, IncidentEvent[], number, RegExp]>([
    [
      'client line 42.5 s before the eviction it answers: the clock is behind',
      [
        ev(CLUSTER_HOST, EVICT, '2019-11-12T10:19:00.000000Z', 10, 4305),
        ev('node-a', CLOSED, '2019-11-12T10:18:17.500000Z', 7),
      ],
      42.5,
      /node-a\/dmesg:7 is stamped 42\.5 s before mds\/ceph-mds\.a\.log:10/,
    ],
    [
      'client lines after the MDS lines: consistent, no correction',
      [
        ev(CLUSTER_HOST, EVICT, '2019-11-12T10:14:00.000000Z', 10, 4305),
        ev('node-a', CLOSED, '2019-11-12T10:19:14.000000Z', 7),
        ev(CLUSTER_HOST, DENIED_MDS, '2019-11-12T10:19:14.400000Z', 11, 4305),
        ev('node-a', DENIED, '2019-11-12T10:19:14.412000Z', 9),
      ],
      0,
      /^consistent with the MDS: 2 ordered pair\(s\)/,
    ],
    [
      // `closed our session` precedes the reconnect that the MDS then denies: not a broken order.
      'closed-session before the MDS denial is not paired with it',
      [
        ev(CLUSTER_HOST, DENIED_MDS, '2019-11-12T10:19:14.400000Z', 11, 4305),
        ev('node-a', CLOSED, '2019-11-12T10:19:14.000000Z', 7),
      ],
      0,
      /^not estimated/,
    ],
    [
      'the denial pair bounds the skew to the millisecond',
      [
        ev(CLUSTER_HOST, DENIED_MDS, '2019-11-12T10:19:14.400000Z', 11, 4305),
        ev('node-a', DENIED, '2019-11-12T10:19:12.150250Z', 9),
      ],
      2.25,
      /at least 2\.25 s behind/,
    ],
    [
      'an MDS line already tied to the host lane still counts as the cluster clock',
      [
        ev('node-a', EVICT, '2019-11-12T10:19:00.000000Z', 10, 4305),
        ev('node-a', CLOSED, '2019-11-12T10:18:50.000000Z', 7),
      ],
      10,
      /^estimated from 1 MDS\/client pair/,
    ],
    [
      'another client id is not this host',
      [
        ev(CLUSTER_HOST, EVICT, '2019-11-12T10:19:00.000000Z', 10, 9999),
        ev('node-a', CLOSED, '2019-11-12T10:18:17.500000Z', 7),
      ],
      0,
      /^not estimated: no MDS line about this host's sessions \(client 4305\)/,
    ],
    [
      'lines hours apart are different incidents',
      [
        ev(CLUSTER_HOST, EVICT, '2019-11-12T14:19:00.000000Z', 10, 4305),
        ev('node-a', CLOSED, '2019-11-12T10:18:17.500000Z', 7),
      ],
      0,
      /^not estimated/,
    ],
  ])('%s', (_, events, seconds, method) => {
    const skew = estimateSkews(events, [host('node-a', [4305])]).get('node-a');
    expect(skew?.seconds).toBe(seconds);
    expect(skew?.method).toMatch(method);
  });

  it('takes the largest lag over several pairs, and a value set by hand over any estimate', () => {
    const events = [
      ev(CLUSTER_HOST, EVICT, '2019-11-12T10:19:00.000000Z', 10, 4305),
      ev('node-a', CLOSED, '2019-11-12T10:18:50.000000Z', 7),
      ev(CLUSTER_HOST, EVICT, '2019-11-12T10:19:00.000000Z', 12, 4410),
      ev('node-b', CLOSED, '2019-11-12T10:18:30.000000Z', 3),
      ev(CLUSTER_HOST, DENIED_MDS, '2019-11-12T10:19:40.000000Z', 13, 4410),
      ev('node-b', DENIED, '2019-11-12T10:19:05.000000Z', 4),
    ];
    const hosts = [host('node-a', [4305]), host('node-b', [4410])];
    const estimated = estimateSkews(events, hosts);
    expect(estimated.get('node-a')?.seconds).toBe(10);
    expect(estimated.get('node-b')?.seconds).toBe(35);
    const byHand = estimateSkews(events, hosts, { hostSkews: { 'node-b': -3, 'node-c': 5 } });
    expect(byHand.get('node-a')?.seconds).toBe(10);
    expect(byHand.get('node-b')).toEqual({ seconds: -3, method: 'set by hand' });
    expect(byHand.get('node-c')).toEqual({ seconds: 5, method: 'set by hand' });
  });
});
