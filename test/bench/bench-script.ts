// The cascade embedded in the benchmark bundle, line by line at fixed instants: the same whatever
// the bundle's size (its own seeded PRNG, apart from the noise). The three workers fall as the
// sample's do (public/sample, pre-5.3 kernel dialect): the monitor session is lost, the MDS session
// hangs, the MDS evicts the client (its log says so first), reconnect is denied, dirty caps are
// dropped, caps go stale, get_quota_realm loops until the logs end, and every restart of the pods
// on the volume fails with `mkdir …: file exists`.

import { Rng } from '../support/rng.ts';
import type { HostClock, Message } from './bench-format.ts';
import { nanoStamp } from './bench-format.ts';
import { FSID, MDS_ADDR, mon, TAGS, type Tag } from './bench-lines.ts';

/** A line of the cascade: its stage (absent for context lines) and the host the analysis must give it. */
export interface Scripted extends Message {
  tag?: Tag;
  host: string;
}

const at = (h: number, mi: number, s: number, us: number) => Date.UTC(2019, 10, 12, h, mi, s) * 1000 + us;
const S = 1e6;
const END = Date.UTC(2019, 10, 12, 12) * 1000;
const MOUNTED = Date.UTC(2019, 10, 11, 0, 1, 7) * 1000;

interface NodeStory {
  clock: HostClock;
  clientId: number;
  addr: string;
  seed: number;
  /** Monitor whose socket closes first, and the one the session is re-established with. */
  monLost: number;
  monBack: number;
  lost: number;
  hung: number;
  established: number;
  /** `closed our session`: the MDS evicted the client just before. */
  evicted: number;
  dirty: number;
  capsStale: number;
  quotaFrom: number;
  pods: { name: string; container: string; die: number }[];
}

const boot = (d: number, h: number) => Date.UTC(2019, 10, d, h, 12, 31) * 1000 + 408_227;

export const NODES: readonly [HostClock, HostClock, HostClock, HostClock] = [
  { name: 'bench-node-1', boot: boot(4, 3), bootId: '6f2b9e4c1d0a47b8a3c5e7f9d1b3a5c7', kubeletPid: 1187 },
  { name: 'bench-node-2', boot: boot(5, 9), bootId: '0c8e6a4b2d1f4e3a9b7c5d3e1f0a2b4c', kubeletPid: 1203 },
  { name: 'bench-node-3', boot: boot(3, 17), bootId: 'a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d', kubeletPid: 1176 },
  { name: 'ceph-mds-a', boot: boot(1, 1), bootId: '9e8d7c6b5a4f4e3d2c1b0a9f8e7d6c5b', kubeletPid: 0 },
];
const [N1, N2, N3] = NODES;

const STORIES: readonly NodeStory[] = [
  {
    clock: N1,
    clientId: 176873,
    addr: '10.99.20.11',
    seed: 101,
    monLost: 0,
    monBack: 2,
    lost: at(10, 14, 3, 412_318),
    hung: at(10, 18, 58, 517_204),
    established: at(10, 19, 11, 904_662),
    evicted: at(10, 19, 14, 351_266),
    dirty: 3,
    capsStale: at(10, 19, 34, 418_730),
    quotaFrom: at(10, 19, 36, 442_917),
    pods: [
      { name: 'media-worker-6b7f9d8c4-q7tmx', container: 'media', die: at(10, 20, 11, 820_336) },
      { name: 'web-frontend-7d9c8b6f5-x2k9p', container: 'web', die: at(10, 20, 16, 304_119) },
    ],
  },
  {
    clock: N2,
    clientId: 176874,
    addr: '10.99.20.12',
    seed: 102,
    monLost: 1,
    monBack: 0,
    lost: at(10, 14, 40, 533_117),
    hung: at(10, 19, 35, 447_096),
    established: at(10, 19, 52, 917_254),
    evicted: at(10, 19, 51, 462_841),
    dirty: 4,
    capsStale: at(10, 20, 8, 539_474),
    quotaFrom: at(10, 20, 10, 611_085),
    pods: [
      { name: 'web-frontend-7d9c8b6f5-m4r8z', container: 'web', die: at(10, 20, 50, 866_402) },
      { name: 'thumbnailer-5c6d7f8b9-h2j6w', container: 'thumbnailer', die: at(10, 20, 57, 290_845) },
    ],
  },
  {
    clock: N3,
    clientId: 176875,
    addr: '10.99.20.13',
    seed: 103,
    monLost: 2,
    monBack: 0,
    lost: at(10, 16, 5, 346_270),
    hung: at(10, 20, 59, 622_940),
    established: at(10, 21, 19, 240_118),
    evicted: at(10, 21, 16, 521_112),
    dirty: 1,
    capsStale: at(10, 21, 32, 455_903),
    quotaFrom: at(10, 21, 33, 527_661),
    pods: [
      { name: 'media-worker-6b7f9d8c4-w9n2c', container: 'media', die: at(10, 22, 15, 702_318) },
      { name: 'cms-api-84f7c9d6b-5lq8v', container: 'cms', die: at(10, 22, 20, 118_045) },
    ],
  },
];

const ms = (r: Rng, lo: number, hi: number) => r.int(lo * 1000, hi * 1000);

/** Every cascade line of one worker (kernel, kubelet and dockerd), in no particular order. */
export function cascadeOf(clock: HostClock): Scripted[] {
  const story = STORIES.find((s) => s.clock === clock);
  if (!story) return [];
  const r = new Rng(story.seed);
  const host = clock.name;
  const out: Scripted[] = [];
  const k = (t: number, msg: string, tag?: Tag) =>
    out.push({ t, kind: 'kernel', msg, relevant: false, host, ...(tag ? { tag } : {}) });
  const ptr = () => `ffff9d${r.hex(10)}`;

  k(MOUNTED, `libceph: client${story.clientId} fsid ${FSID}`);
  k(story.lost, `libceph: ${mon(story.monLost)} socket closed (con state OPEN)`, TAGS.socketClosed);
  k(story.lost + 211, `libceph: ${mon(story.monLost)} session lost, hunting for new mon`, TAGS.hunting);
  k(story.hung, 'ceph: mds0 hung', TAGS.hung);
  k(story.established, `libceph: ${mon(story.monBack)} session established`, TAGS.established);
  const e = story.evicted;
  k(e - 12_354, `libceph: mds0 ${MDS_ADDR} socket closed (con state OPEN)`, TAGS.socketClosed);
  k(e - 58, `libceph: mds0 ${MDS_ADDR} connection reset`, TAGS.connectionReset);
  k(e - 35, 'libceph: reset on mds0', TAGS.resetOnMds);
  k(e, 'ceph: mds0 closed our session', TAGS.closedOurSession);
  k(e + 52, 'ceph: mds0 reconnect start', TAGS.reconnectStart);
  k(e + 21_189, 'ceph: mds0 reconnect denied', TAGS.reconnectDenied);
  for (let i = 0; i < story.dirty; i++) {
    const how = i === story.dirty - 1 && story.dirty > 1 ? 'dirty+flushing' : 'dirty';
    k(
      e + 23_640 + i * 47,
      `ceph:  dropping ${how} Fw state for ${ptr()} ${1099512175000 + r.int(0, 2999)}`,
      TAGS.droppingDirty,
    );
  }
  k(e + 1_610_181, 'ceph: mds0 rejected session', TAGS.rejectedSession);
  k(story.capsStale, 'ceph: mds0 caps stale', TAGS.capsStale);
  quotaLoop(r, story.quotaFrom, k);
  for (const pod of story.pods) podFailure(r, story.clock, pod, out);
  return out;
}

/** get_quota_realm() spinning: bursts of ten lines, the rest suppressed by the rate limit, until the logs end. */
function quotaLoop(r: Rng, from: number, k: (t: number, msg: string, tag?: Tag) => void) {
  let t = from;
  let missed = 0;
  while (t <= END) {
    let u = t;
    if (missed > 0) {
      k(u, `get_quota_realm: ${missed} callbacks suppressed`, TAGS.quota);
      u += r.int(6, 30);
    }
    for (let i = 0; i < 10; i++) {
      k(u, 'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm', TAGS.quota);
      u += r.chance(0.18) ? ms(r, 1, 420) : r.int(4, 70);
    }
    missed = r.int(3, 430);
    t += 5 * S + ms(r, 50, 40_000);
  }
}

/** A pod on the dead mount: every start fails on `mkdir …: file exists`, backing off up to five minutes. */
function podFailure(r: Rng, clock: HostClock, pod: NodeStory['pods'][number], out: Scripted[]) {
  const host = clock.name;
  const uid = r.uuid();
  const fp = `${pod.name}_shop(${uid})`;
  const src = `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~cephfs/uploads`;
  const daemonErr = `error while creating mount source path '${src}': mkdir ${src}: file exists`;
  const kl = (t: number, level: 'I' | 'E', file: string, msg: string, relevant: boolean, tag?: Tag) =>
    out.push({ t, kind: 'kubelet', level, file, msg, relevant, host, ...(tag ? { tag } : {}) });
  let attempt = pod.die + ms(r, 1500, 1800);
  for (let n = 0; attempt <= END; n++) {
    const id = r.hex(64);
    out.push({
      t: attempt,
      kind: 'user',
      ident: 'dockerd',
      pid: 1109,
      msg: `time="${nanoStamp(attempt)}" level=error msg="Handler for POST /v1.38/containers/${id}/start returned error: ${daemonErr}"`,
      relevant: false,
      host,
      tag: TAGS.podFailure,
    });
    const msg = `failed to start container "${id}": Error response from daemon: ${daemonErr}`;
    kl(
      attempt + r.int(500, 1400),
      'E',
      'remote_runtime.go:222',
      `StartContainer "${id}" from runtime service failed: rpc error: code = Unknown desc = ${msg}`,
      false,
      TAGS.podFailure,
    );
    kl(
      attempt + r.int(1500, 2100),
      'E',
      'kuberuntime_manager.go:783',
      `container start failed: RunContainerError: ${msg}`,
      false,
      TAGS.podFailure,
    );
    kl(
      attempt + r.int(2200, 3000),
      'E',
      'pod_workers.go:190',
      `Error syncing pod ${uid} ("${fp}"), skipping: failed to "StartContainer" for "${pod.container}" with RunContainerError: ${JSON.stringify(msg)}`,
      false,
      TAGS.podFailure,
    );
    const backoff = Math.min(10 * 2 ** n, 300) * S;
    let sync = attempt + ms(r, 700, 1100);
    while (sync < attempt + backoff && sync <= END) {
      kl(
        sync,
        'E',
        'pod_workers.go:190',
        `Error syncing pod ${uid} ("${fp}"), skipping: failed to "StartContainer" for "${pod.container}" with CrashLoopBackOff: "Back-off ${backoff / S >= 60 ? `${Math.floor(backoff / S / 60)}m${(backoff / S) % 60}s` : `${backoff / S}s`} restarting failed container=${pod.container} pod=${fp}"`,
        true,
      );
      sync += ms(r, 10_000, 15_000);
    }
    attempt = sync + ms(r, 90, 240);
  }
}

/** The MDS log's side: it evicts each worker's client two seconds before the worker hears of it. */
export function mdsEvictions(): Scripted[] {
  const r = new Rng(100);
  return STORIES.flatMap((s) => [
    {
      t: s.evicted - 2_000_118,
      kind: 'mds' as const,
      msg: `0 log_channel(cluster) log [WRN] : evicting unresponsive client ${s.clock.name}:uploads (${s.clientId}), after 300.${r.int(100, 999)} seconds`,
      relevant: false,
      host: s.clock.name,
      tag: TAGS.mdsEvicting,
    },
    {
      t: s.evicted - 1_990_407,
      kind: 'mds' as const,
      msg: `1 mds.0.482 Evicting (and blacklisting) client session ${s.clientId} (${s.addr}:0/${r.int(1000000000, 4000000000)})`,
      relevant: false,
      host: s.clock.name,
      tag: TAGS.mdsEvicting,
    },
    {
      t: s.evicted - 1_990_011,
      kind: 'mds' as const,
      msg: `0 log_channel(cluster) log [INF] : Evicting (and blacklisting) client session ${s.clientId} (${s.addr}:0/${r.int(1000000000, 4000000000)})`,
      relevant: false,
      host: s.clock.name,
      tag: TAGS.mdsEvicting,
    },
  ]);
}
