/**
 * Synthetic support bundles with known truth, built in memory for the correlator's goldens
 * (test/golden/synthetic.test.ts). Nothing is written to disk.
 *
 * Four Kubernetes workers mount one CephFS with the kernel client; two network blips a day apart
 * (Sun 2023-12-31 09:58 UTC and Mon 2024-01-01 10:30 UTC) get some of them evicted and blocklisted
 * by the MDS. Each host exercises what the correlator must get right:
 *
 * - node-a, 3.10 el7 (pre-5.3: `10.99.10.4:6801`, `connection reset` + `reset on mds0`, the
 *   get_quota_realm loop): a dmesg holding two boots and a journal short with the `-- Journal begins
 *   at … UTC --` header and a `-- Boot <id> --` marker; rebooted between the episodes.
 * - node-b, 5.15 (5.11+: `(1)` addresses, `session reset`): journal `-o short-iso` at +08:00.
 * - node-c, 6.8 (6.7+: `ceph: [<fsid> <gid>]:` prefix, msgr2 `(2)` addresses): each kernel line in
 *   dmesg, journal `-o json` (with `_SOURCE_MONOTONIC_TIMESTAMP`) and /var/log/messages (RFC 3164,
 *   no zone), the zone only in `timedatectl` (Asia/Shanghai).
 * - node-d, 5.4 (`(1)` addresses with `connection reset`): a journal short with no header running
 *   from Dec 31 into Jan 1; its year comes from the end of the bundle (collection time, file mtime).
 *
 * The cluster side: an MDS log with the evictions, daily `client ls` snapshots tying client ids to
 * hosts, and `ceph config dump` with or without the blocklist mitigation. The two variants differ
 * only there: the logs are the same, as if the options had been set after the incident. Options
 * pick a subset of the hosts and put a host's clock behind the cluster's (skew).
 *
 * Every value comes from fixed UTC instants and a seeded PRNG (no Date.now, no Math.random). Times
 * are microseconds since the Unix epoch, UTC. Kernel texts are those of the cascade vocabulary
 * (../shared/domain/cascade-vocabulary.md tables A, B and §2.1), copied here.
 */

import type { StageId } from '../../parsers/stages.ts';
import type { FormatId } from '../../parsers/types.ts';
import { Rng } from '../support/rng.ts';

// ---------------------------------------------------------------------------------------------
// Public shape

export interface SyntheticFile {
  path: string;
  text: string;
  /** The file's modification time in ms since the epoch (collection time). */
  lastModified?: number;
}

export interface StageTruth {
  /** First non-recovery event, ISO UTC with microseconds. */
  first: string;
  /** Distinct events after deduplication, recovery lines included. */
  count: number;
  recoveries: number;
  /** Distinct events by catalog rule id: the dialect decides which rules match. */
  kinds: Record<string, number>;
}

export type Dialect = 'pre-5.3' | '5.3-5.10' | '5.11+' | '6.7+';

export interface HostTruth {
  kernel: string;
  dialect: Dialect;
  clientIds: number[];
  /** From the host's own logs (the MDS lines are in `evictions`). */
  stages: Partial<Record<StageId, StageTruth>>;
  /** The episodes (indices into `episodes`) whose cascade hit this host. */
  episodes: number[];
  /** Every file holding a copy of each `reconnect denied` kernel line, in time order. */
  deniedCopies: string[][];
  /** Seconds to add to the host's own stamps to get true time (its clock runs behind by that much). */
  skewSeconds: number;
}

export type ClockTruth =
  /** `boots`: epoch seconds (host clock) of kernel time zero of each boot in the file, in file order. */
  | { kind: 'monotonic'; boots: number[] }
  /** `offsetSeconds`: seconds added to the printed stamps (minus the zone offset). */
  | { kind: 'wall'; offsetSeconds: number; zoneAssumed: boolean }
  | { kind: 'none' };

export interface SourceTruth {
  path: string;
  format: FormatId;
  /** Host the source belongs to; null for the cluster's files. */
  host: string | null;
  lines: number;
  clock: ClockTruth;
}

export interface EvictionTruth {
  /** 1-based line of the MDS log. */
  line: number;
  rule: string;
  clientId: number;
  host: string;
  ts: string;
  episode: number;
}

export interface EpisodeTruth {
  /** First stage event of the episode on any host. */
  first: string;
  hosts: string[];
}

export interface BundleTruth {
  mitigated: boolean;
  hosts: Record<string, HostTruth>;
  sources: SourceTruth[];
  mdsLog: string;
  evictions: EvictionTruth[];
  episodes: EpisodeTruth[];
}

export interface SyntheticBundle {
  name: string;
  files: SyntheticFile[];
  truth: BundleTruth;
}

// ---------------------------------------------------------------------------------------------
// PRNG (mulberry32)

// ---------------------------------------------------------------------------------------------
// Time

const S = 1_000_000; // µs per second
const MS = 1_000; // µs per millisecond
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) * MS;
}

const p2 = (n: number): string => String(n).padStart(2, '0');
const p6 = (n: number): string => String(n).padStart(6, '0');

interface Civil {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  wd: number;
  us: number;
}

/** The calendar reading of instant `us` on a clock `zoneMinutes` east of UTC. */
function civil(us: number, zoneMinutes = 0): Civil {
  const local = us + zoneMinutes * 60 * S;
  const secs = Math.floor(local / S);
  const date = new Date(secs * 1000);
  return {
    y: date.getUTCFullYear(),
    mo: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    h: date.getUTCHours(),
    mi: date.getUTCMinutes(),
    s: date.getUTCSeconds(),
    wd: date.getUTCDay(),
    us: local - secs * S,
  };
}
const hms = (c: Civil): string => `${p2(c.h)}:${p2(c.mi)}:${p2(c.s)}`;
const ymd = (c: Civil): string => `${c.y}-${p2(c.mo)}-${p2(c.d)}`;
const mon = (c: Civil): string => MONTHS[c.mo - 1] ?? 'Jan';
const wday = (c: Civil): string => WEEKDAYS[c.wd] ?? 'Sun';

/** `+08:00` */
function zoneColon(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${p2(Math.floor(a / 60))}:${p2(a % 60)}`;
}

/** `2023-12-31T09:58:03.412318Z` */
export function isoUs(us: number): string {
  const c = civil(us);
  return `${ymd(c)}T${hms(c)}.${p6(c.us)}Z`;
}
/** dmesg `[%5lu.%06lu]` of boot-relative µs. */
function dmesgStamp(k: number): string {
  return `[${String(Math.floor(k / S)).padStart(5)}.${p6(k % S)}]`;
}
/** journalctl short: `Dec 31 09:58:03` (zero-padded day). */
function journalStamp(us: number, zoneMinutes: number): string {
  const c = civil(us, zoneMinutes);
  return `${mon(c)} ${p2(c.d)} ${hms(c)}`;
}
/** journalctl header: `Wed 2023-12-20 08:12:40 UTC` */
function journalHeaderStamp(us: number): string {
  const c = civil(us);
  return `${wday(c)} ${ymd(c)} ${hms(c)} UTC`;
}
/** journalctl short-iso (v255+): `2023-12-31T17:58:03+08:00` */
function shortIsoStamp(us: number, zoneMinutes: number): string {
  const c = civil(us, zoneMinutes);
  return `${ymd(c)}T${hms(c)}${zoneColon(zoneMinutes)}`;
}
/** RFC 3164 as rsyslog writes it: `Jan  1 18:30:02` (space-padded day). */
function rfc3164Stamp(us: number, zoneMinutes: number): string {
  const c = civil(us, zoneMinutes);
  return `${mon(c)} ${String(c.d).padStart(2)} ${hms(c)}`;
}
/** Ceph (Octopus+) log stamp: `2023-12-31T10:03:05.512+0000` (milliseconds). */
function cephStamp(us: number): string {
  const c = civil(us);
  return `${ymd(c)}T${hms(c)}.${String(Math.floor(c.us / MS)).padStart(3, '0')}+0000`;
}
/** A klog line: `E1231 17:58:03.123456    1234 file.go:66] msg`, in the kubelet's local time. */
function klogLine(us: number, zoneMinutes: number, pid: number, file: string, msg: string): string {
  const c = civil(us, zoneMinutes);
  return `E${p2(c.mo)}${p2(c.d)} ${hms(c)}.${p6(c.us)} ${String(pid).padStart(7)} ${file}] ${msg}`;
}

// ---------------------------------------------------------------------------------------------
// The cluster and the hosts

const SEED = 20231231;
const FSID = 'bf9495f9-726d-42d3-ac43-53938496bb29';
const MDS_IP = '10.99.10.4';
const MON_IPS = ['10.99.10.1', '10.99.10.2', '10.99.10.3'] as const;
const QUOTA_INO = '10000000afe.fffffffffffffffe';
const MDS_INCARNATION = 'mds.0.482';
/** Network blips, one per episode. */
const BLIPS = [utc(2023, 12, 31, 9, 58, 0), utc(2024, 1, 1, 10, 30, 0)] as const;
/** When the bundle was collected: the end of every host log, the files' mtime. */
const COLLECTED = utc(2024, 1, 1, 11, 40, 0);
/** `ceph tell mds.0 client ls`, taken by a daily cron job an hour before each blip. */
const CLIENT_LS_AT = [utc(2023, 12, 31, 9, 0, 0), utc(2024, 1, 1, 9, 0, 0)] as const;

type JournalShape = 'short-header' | 'short-iso' | 'json' | 'short-no-year';

interface HostSpec {
  name: string;
  ip: string;
  kernel: string;
  dialect: Dialect;
  /** The host's local zone, minutes east of UTC (its journal and kubelet print local time). */
  zoneMinutes: number;
  /** Boot instants (µs epoch of kernel time zero), in order. */
  boots: number[];
  /** CephFS client instances: mounted at `at` with global id `gid`. */
  mounts: { at: number; gid: number }[];
  /** Episodes (indices into BLIPS) that hit this host. */
  episodes: number[];
  journal: JournalShape;
  /** Start of the journal (a `--since` window), when it does not reach back to the first boot. */
  journalSince?: number;
  /** /var/log/messages and timedatectl as well (zone from timedatectl). */
  syslog?: { since: number };
  kubeletPid: number;
  /** Kubernetes ≥ 1.21 logs structured klog messages. */
  structuredKlog: boolean;
  /** node-a is rebooted after the first episode (the quota loop pins a CPU). */
  rebootAfter?: number;
}

const NODE_A_REBOOT = BLIPS[0] + (42 * 60 + 17) * S;

const HOSTS: readonly HostSpec[] = [
  {
    name: 'node-a',
    ip: '10.99.10.21',
    kernel: '3.10.0-1160.102.1.el7.x86_64',
    dialect: 'pre-5.3',
    zoneMinutes: 0,
    boots: [utc(2023, 12, 20, 8, 12, 33) + 418_227, NODE_A_REBOOT + 71 * S + 902_114],
    mounts: [
      { at: utc(2023, 12, 20, 8, 13, 14), gid: 4305 },
      { at: NODE_A_REBOOT + 113 * S, gid: 4391 },
    ],
    episodes: [0, 1],
    journal: 'short-header',
    kubeletPid: 1187,
    structuredKlog: false,
    rebootAfter: NODE_A_REBOOT,
  },
  {
    name: 'node-b',
    ip: '10.99.10.22',
    kernel: '5.15.0-91-generic',
    dialect: '5.11+',
    zoneMinutes: 480,
    boots: [utc(2023, 12, 18, 1, 4, 51) + 77_310],
    mounts: [{ at: utc(2023, 12, 18, 1, 5, 40), gid: 4310 }],
    episodes: [0],
    journal: 'short-iso',
    kubeletPid: 2044,
    structuredKlog: true,
  },
  {
    name: 'node-c',
    ip: '10.99.10.23',
    kernel: '6.8.9-1.el9.elrepo.x86_64',
    dialect: '6.7+',
    zoneMinutes: 480,
    boots: [utc(2023, 12, 22, 3, 30, 12) + 640_905],
    mounts: [{ at: utc(2023, 12, 22, 3, 31, 2), gid: 4322 }],
    episodes: [1],
    journal: 'json',
    // rotated at local midnight: the file starts on 2024-01-01 in Shanghai.
    syslog: { since: utc(2023, 12, 31, 16, 0, 0) },
    kubeletPid: 1630,
    structuredKlog: true,
  },
  {
    name: 'node-d',
    ip: '10.99.10.24',
    kernel: '5.4.0-150-generic',
    dialect: '5.3-5.10',
    zoneMinutes: 0,
    boots: [utc(2023, 12, 15, 14, 2, 9) + 250_117],
    mounts: [
      { at: utc(2023, 12, 15, 14, 3, 1), gid: 4317 },
      // remounted by kubelet once the pods were deleted after the first episode
      { at: BLIPS[0] + 51 * 60 * S + 6 * S, gid: 4388 },
    ],
    episodes: [0, 1],
    journal: 'short-no-year',
    journalSince: utc(2023, 12, 31, 0, 0, 0),
    kubeletPid: 3012,
    structuredKlog: true,
  },
];

// ---------------------------------------------------------------------------------------------
// Lines as generated (before they are written to files)

interface Tag {
  stage: StageId;
  rule: string;
  recovery: boolean;
}
const tag = (stage: StageId, rule: string, recovery = false): Tag => ({ stage, rule, recovery });

interface KernelLine {
  boot: number;
  /** µs since this boot. */
  k: number;
  msg: string;
  tag?: Tag;
  /** When journald received it (µs epoch): early-boot lines wait for journald to start. */
  recv: number;
  seq: number;
}

interface UserLine {
  wall: number;
  recv: number;
  ident: string;
  pid: number;
  msg: string;
  tag?: Tag;
  seq: number;
}

interface MdsLine {
  wall: number;
  thread: string;
  level: number;
  text: string;
  eviction?: { rule: string; gid: number; host: string; episode: number };
}

class Host {
  readonly kernel: KernelLine[] = [];
  readonly user: UserLine[] = [];
  readonly bootIds: string[];
  readonly machineId: string;
  private seq = 0;

  constructor(
    readonly spec: HostSpec,
    readonly rng: Rng,
    /** How far the host's wall clock runs behind true time, µs (its journal, kubelet, syslog). */
    readonly behind = 0,
  ) {
    this.bootIds = spec.boots.map(() => rng.hex(32));
    this.machineId = rng.hex(32);
  }
  get name(): string {
    return this.spec.name;
  }
  /** What the host's wall clock read at true instant `us`. */
  clock(us: number): number {
    return us - this.behind;
  }
  wall(line: KernelLine): number {
    return (this.spec.boots[line.boot] as number) + line.k;
  }
  /** The boot running at `wall`. */
  bootAt(wall: number): number {
    let b = 0;
    this.spec.boots.forEach((start, i) => {
      if (start <= wall) b = i;
    });
    return b;
  }
  /** The CephFS client id at `wall`. */
  gidAt(wall: number): number {
    let gid = this.spec.mounts[0]?.gid ?? 0;
    for (const m of this.spec.mounts) if (m.at <= wall) gid = m.gid;
    return gid;
  }
  /** When the client instance `gid` was mounted. */
  mountedAt(gid: number): number {
    return this.spec.mounts.find((m) => m.gid === gid)?.at ?? 0;
  }
  /** Whether the MDS evicted client instance `gid` before `at`. */
  evictedBefore(gid: number, at: number): boolean {
    return this.spec.episodes.some(
      (e) => (BLIPS[e] as number) < at && this.gidAt(BLIPS[e] as number) === gid,
    );
  }
  /** A printk at wall time `wall`; `recv` is set once the host's kernel lines are all known. */
  k(wall: number, msg: string, t?: Tag): void {
    const boot = this.bootAt(wall);
    const k = Math.round(wall - (this.spec.boots[boot] as number));
    this.kernel.push({ boot, k, msg, recv: 0, seq: this.seq++, ...(t ? { tag: t } : {}) });
  }
  /**
   * journald reads /dev/kmsg in order, 0.4-40 ms after each printk; lines printed before journald
   * started at boot are read when it starts (the early-boot delay of the format notes §8.5).
   */
  assignReceiveTimes(): void {
    let last = 0;
    for (const line of [...this.kernel].sort((a, b) => this.wall(a) - this.wall(b) || a.seq - b.seq)) {
      const journaldUp = (this.spec.boots[line.boot] as number) + 2 * S + 113_000;
      line.recv = Math.max(
        this.wall(line) + this.rng.int(400, 40_000),
        journaldUp,
        last + this.rng.int(2, 9),
      );
      last = line.recv;
    }
  }
  /** A userspace journal entry (kubelet, systemd, crond), received 1-300 ms after it was written. */
  u(wall: number, ident: string, pid: number, msg: string, t?: Tag): void {
    const recv = wall + this.rng.int(1 * MS, 300 * MS);
    this.user.push({ wall, recv, ident, pid, msg, seq: this.seq++, ...(t ? { tag: t } : {}) });
  }
  kubelet(wall: number, file: string, msg: string, t: Tag): void {
    const pid = this.spec.kubeletPid;
    this.u(wall, 'kubelet', pid, klogLine(this.clock(wall), this.spec.zoneMinutes, pid, file, msg), t);
  }
}

// ---------------------------------------------------------------------------------------------
// Kernel texts by dialect (cascade-vocabulary.md tables A and B)

/**
 * `ceph_pr_addr()`: `1.2.3.4:6789` before 5.3, `(1)…` legacy after; the 6.7+ host mounts with
 * `ms_mode=crc`, hence msgr2 `(2)…:6800` / `:3300`.
 */
function addr(d: Dialect, ip: string, legacyPort: number, msgr2Port: number): string {
  if (d === 'pre-5.3') return `${ip}:${legacyPort}`;
  if (d === '6.7+') return `(2)${ip}:${msgr2Port}`;
  return `(1)${ip}:${legacyPort}`;
}
const mdsAddr = (d: Dialect): string => addr(d, MDS_IP, 6801, 6800);
const monAddr = (d: Dialect, rank: number): string => addr(d, MON_IPS[rank] ?? MON_IPS[0], 6789, 3300);

/** fs/ceph lines; 6.7+ prints the cluster fsid and the client's global id first (ceph_debug.h). */
function ceph(d: Dialect, gid: number, body: string): string {
  return d === '6.7+' ? `ceph: [${FSID} ${gid}]: ${body}` : `ceph: ${body}`;
}

/** `%p`: raw before 4.15, hashed after. */
function inodePointer(d: Dialect, rng: Rng): string {
  return d === 'pre-5.3' ? `ffff9d90${rng.hex(5)}${'048c'.charAt(rng.int(0, 3))}40` : `00000000${rng.hex(8)}`;
}

const T = {
  socketClosed: tag('connection-reset', 'libceph-socket-closed'),
  connectionReset: tag('connection-reset', 'libceph-connection-reset'),
  resetOn: tag('connection-reset', 'libceph-reset-on'),
  sessionReset: tag('connection-reset', 'libceph-session-reset'),
  hunting: tag('mon-session-lost', 'libceph-mon-session-lost'),
  established: tag('mon-session-lost', 'libceph-mon-session-established', true),
  closed: tag('reconnect-denied', 'ceph-mds-closed-session'),
  reconnectStart: tag('reconnect-denied', 'ceph-mds-reconnect-start'),
  denied: tag('reconnect-denied', 'ceph-mds-reconnect-denied'),
  rejected: tag('reconnect-denied', 'ceph-mds-rejected-session'),
  hung: tag('mds-hung', 'ceph-mds-hung'),
  capsStale: tag('caps-stale', 'ceph-mds-caps-stale'),
  dirty: tag('caps-stale', 'ceph-dropping-dirty-caps'),
  quota: tag('quota-realm-loop', 'ceph-get-quota-realm-null-snaprealm'),
  suppressed: tag('quota-realm-loop', 'kernel-quota-callbacks-suppressed'),
  statDenied: tag('kubelet-mount-failure', 'kubelet-volume-check-stat-error'),
  statDeniedStructured: tag('kubelet-mount-failure', 'kubelet-volume-check-stat-error-structured'),
  syncing: tag('kubelet-mount-failure', 'kubelet-error-syncing-pod-volume'),
  syncingStructured: tag('kubelet-mount-failure', 'kubelet-error-syncing-pod-volume-structured'),
} as const;

// ---------------------------------------------------------------------------------------------
// What happens on a host

/** Kernel banner and early boot (before journald), then module load and the CephFS mount. */
function bootLines(h: Host, boot: number): void {
  const start = h.spec.boots[boot] as number;
  const at = (sec: number, msg: string) => h.k(start + Math.round(sec * S), msg);
  const kernel = h.spec.kernel;
  at(0, `Linux version ${kernel} (builder@build.example.org) (gcc version 11.4.1 (GCC) ) #1 SMP PREEMPT`);
  at(0, `Command line: BOOT_IMAGE=/vmlinuz-${kernel} root=/dev/mapper/vg0-root ro console=ttyS0,115200`);
  at(0.000211, "x86/fpu: Supporting XSAVE feature 0x001: 'x87 floating point registers'");
  at(0.312904, 'ACPI: Early table checksum verification disabled');
  at(0.507113, 'PCI: Using configuration type 1 for base access');
  at(0.884562, 'NET: Registered protocol family 16');
  at(1.320071, 'Freeing unused kernel memory: 2048K');
  at(4.10532, 'EXT4-fs (dm-0): mounted filesystem with ordered data mode. Opts: (null)');
  at(6.731448, `IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready`);
  at(7.902316, 'e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx');
  at(21.47702, 'bridge: filtering via arp/ip/ip6tables is no longer available by default.');
  const mount = h.spec.mounts.find((m) => h.bootAt(m.at) === boot && m.at >= start);
  if (!mount) return;
  const d = h.spec.dialect;
  h.k(mount.at - 812_004, 'Key type ceph registered');
  h.k(mount.at - 811_950, 'libceph: loaded (mon/osd proto 15/24)');
  h.k(mount.at - 790_331, 'ceph: loaded (mds proto 32)');
  // The first mount's mon session precedes any failure: context, not a recovery. A later boot's
  // mount comes after the first episode and is left out like a remount's (see remountLines).
  if (boot === 0) h.k(mount.at - 10_225, `libceph: mon0 ${monAddr(d, 0)} session established`, T.established);
  h.k(mount.at, `libceph: client${mount.gid} fsid ${FSID}`);
}

/**
 * A later mount in the same boot (kubelet remounting after the pods were deleted). It also prints
 * `session established`; that line is left out so that recovery counts do not hinge on whether a
 * new mount's first session is a recovery or context.
 */
function remountLines(h: Host, mount: { at: number; gid: number }): void {
  h.k(mount.at, `libceph: client${mount.gid} fsid ${FSID}`);
}

/** veth churn of pods coming and going: kernel lines with unique texts, the journal's anchors. */
function vethNoise(h: Host, from: number, to: number): void {
  let t = from + h.rng.int(20, 90) * 60 * S + h.rng.int(0, S);
  let port = 2;
  while (t < to) {
    const dev = `veth${h.rng.hex(8)}`;
    h.k(t, `IPv6: ADDRCONF(NETDEV_CHANGE): ${dev}: link becomes ready`);
    h.k(t + h.rng.int(200, 900) * MS, `cni0: port ${port}(${dev}) entered forwarding state`);
    port = (port % 30) + 2;
    t += h.rng.int(60, 200) * 60 * S + h.rng.int(0, S);
  }
}

/** Userspace lines that match no rule. */
function systemdNoise(h: Host, from: number, to: number): void {
  let t = from + h.rng.int(5, 50) * 60 * S + h.rng.int(0, S);
  let session = 100 + h.rng.int(0, 400);
  while (t < to) {
    h.u(t, 'systemd', 1, `Started Session ${session} of user root.`);
    session++;
    t += h.rng.int(45, 170) * 60 * S + h.rng.int(0, S);
  }
}

interface Eviction {
  /** When the MDS evicted the client. */
  evictAt: number;
  lastRenew: number;
  /** When the network came back and the client reconnected. */
  back: number;
}

/** The kernel side of one eviction, in the order of the documented incident. */
function kernelCascade(h: Host, blip: number, ev: Eviction, until: number): void {
  const d = h.spec.dialect;
  const gid = h.gidAt(blip);
  const r = h.rng;
  const c = (body: string) => ceph(d, gid, body);
  h.k(
    blip + r.int(500, 2900) * MS,
    `libceph: mds0 ${mdsAddr(d)} socket closed (con state OPEN)`,
    T.socketClosed,
  );
  h.k(
    blip + r.int(3000, 4900) * MS,
    `libceph: mon0 ${monAddr(d, 0)} session lost, hunting for new mon`,
    T.hunting,
  );
  const back = ev.back;
  if (d === 'pre-5.3' || d === '5.3-5.10') {
    h.k(back, `libceph: mds0 ${mdsAddr(d)} connection reset`, T.connectionReset);
    h.k(back + 211, 'libceph: reset on mds0', T.resetOn);
  } else {
    h.k(back, `libceph: mds0 ${mdsAddr(d)} session reset`, T.sessionReset);
  }
  h.k(back + 1_020, c('mds0 closed our session'), T.closed);
  h.k(back + 2_310, c('mds0 reconnect start'), T.reconnectStart);
  const denied = back + r.int(50, 300) * MS;
  h.k(denied, c('mds0 reconnect denied'), T.denied);
  h.k(
    denied + r.int(100, 400),
    c(` dropping dirty Fw state for ${inodePointer(d, r)} 1099512175611`),
    T.dirty,
  );
  h.k(
    denied + r.int(500, 900),
    c(` dropping dirty Fw state for ${inodePointer(d, r)} 1099512175764`),
    T.dirty,
  );
  h.k(back + r.int(600, 950) * MS, `libceph: mon1 ${monAddr(d, 1)} session established`, T.established);
  h.k(back + r.int(1200, 1900) * MS, c('mds0 rejected session'), T.rejected);
  h.k(back + r.int(58, 62) * S + r.int(0, S), c('mds0 hung'), T.hung);
  h.k(back + r.int(74, 78) * S + r.int(0, S), c('mds0 caps stale'), T.capsStale);
  if (d === 'pre-5.3') quotaLoop(h, back + 5 * S, until);
}

/** Before 5.3 get_quota_realm() spins; the ratelimiter lets one line through about every 30 s. */
function quotaLoop(h: Host, from: number, until: number): void {
  let t = from + h.rng.int(0, S);
  let first = true;
  while (t < until) {
    if (!first) h.k(t - 12, `get_quota_realm: ${h.rng.int(20, 90)} callbacks suppressed`, T.suppressed);
    h.k(t, `ceph: get_quota_realm: ino (${QUOTA_INO}) null i_snap_realm`, T.quota);
    first = false;
    t += h.rng.int(28, 32) * S + h.rng.int(0, S);
  }
}

/** Kubelet cannot stat the dead mount of a deleted pod, nor start a new container on it. */
function kubeletFailures(h: Host, back: number): void {
  const r = h.rng;
  const pod = r.uuid();
  const vol = `/var/lib/kubelet/pods/${pod}/volumes/kubernetes.io~cephfs/data`;
  const statMsg = h.spec.structuredKlog
    ? `"Pod found, but error occurred during checking mounted volumes from disk" err="stat ${vol}: permission denied" podUID="${pod}"`
    : `pod "${pod}" found, but error stat ${vol}: permission denied occurred during checking mounted volumes from disk`;
  for (let i = 0; i < 6; i++) {
    const t = back + (30 + i * 120) * S + r.int(0, S);
    h.kubelet(
      t,
      'kubelet_volumes.go:154',
      statMsg,
      h.spec.structuredKlog ? T.statDeniedStructured : T.statDenied,
    );
  }
  const mkdir = `error while creating mount source path '${vol}': mkdir ${vol}: file exists`;
  for (let i = 0; i < 3; i++) {
    const t = back + (90 + i * 240) * S + r.int(0, S);
    if (h.spec.structuredKlog) {
      const err = String.raw`failed to \"StartContainer\" for \"web\" with RunContainerError: \"failed to start container: ${mkdir}\"`;
      h.kubelet(
        t,
        'pod_workers.go:1300',
        `"Error syncing pod, skipping" err="${err}" pod="shop/web-0" podUID="${pod}"`,
        T.syncingStructured,
      );
    } else {
      const container = r.hex(64);
      const err = String.raw`failed to "StartContainer" for "web" with RunContainerError: "failed to start container \"${container}\": Error response from daemon: ${mkdir}"`;
      h.kubelet(
        t,
        'pod_workers.go:191',
        `Error syncing pod ${pod} ("web-0_shop(${pod})"), skipping: ${err}`,
        T.syncing,
      );
    }
  }
}

/**
 * The MDS side: evicting the unresponsive client, blocklisting it, refusing its reconnect. Real logs
 * also hold the clog `[INF]` copy of the `Evicting` line; it is left out so that the count does not
 * hinge on whether the two copies are one event.
 */
function mdsCascade(h: Host, ev: Eviction, episode: number, out: MdsLine[]): void {
  const gid = h.gidAt(ev.evictAt);
  const nonce = 3_000_000_000 + gid * 7919;
  const inst = `v1:${h.spec.ip}:0/${nonce}`;
  const after = ((ev.evictAt - ev.lastRenew) / S).toFixed(3);
  const e = (rule: string) => ({ rule, gid, host: h.name, episode });
  out.push({
    wall: ev.evictAt,
    thread: '7f3a2c7f8700',
    level: 0,
    text: `log_channel(cluster) log [WRN] : evicting unresponsive client ${h.name}:admin (${gid}), after ${after} seconds`,
    eviction: e('mds-evicting-unresponsive-client'),
  });
  out.push({
    wall: ev.evictAt + 96,
    thread: '7f3a2c7f8700',
    level: 1,
    text: `${MDS_INCARNATION} Evicting (and blocklisting) client session ${gid} (${inst})`,
    eviction: e('mds-evicting-client-session'),
  });
  out.push({
    wall: ev.back + 21 * MS,
    thread: '7f3a2affd700',
    level: 0,
    text: `log_channel(cluster) log [INF] : denied reconnect attempt from client.${gid} ${inst} (session is closed)`,
    eviction: e('mds-denied-reconnect'),
  });
}

/** MDS map updates and logrotate's SIGHUP: daemon lines that match no rule. */
function mdsNoise(rng: Rng, from: number, to: number, out: MdsLine[]): void {
  let t = from + rng.int(10, 50) * 60 * S + rng.int(0, S);
  let epoch = 1210;
  while (t < to) {
    out.push({
      wall: t,
      thread: '7f3a2e7fc700',
      level: 1,
      text: `mds.a Updating MDS map to version ${epoch} from mon.1`,
    });
    epoch++;
    t += rng.int(90, 240) * 60 * S + rng.int(0, S);
  }
  out.push({
    wall: utc(2024, 1, 1, 0, 0, 1) + 187 * MS,
    thread: '7f3a31ffb700',
    level: -1,
    text: 'received  signal: Hangup from killall -q -1 ceph-mon ceph-mgr ceph-mds ceph-osd ceph-fuse radosgw rbd-mirror cephfs-mirror  (PID: 2719044) UID: 0',
  });
}

// ---------------------------------------------------------------------------------------------
// Files: one function per file shape

interface Written {
  file: SyntheticFile;
  source: SourceTruth;
  /** Which generated lines the file holds, at which line number. */
  kernel: Map<KernelLine, number>;
  user: Map<UserLine, number>;
}

/** A file being written; `finish` sets its text once its lines are all there. */
function written(path: string, format: FormatId, host: string | null, clock: ClockTruth): Written {
  return {
    file: { path, text: '', lastModified: COLLECTED / MS },
    source: { path, format, host, lines: 0, clock },
    kernel: new Map(),
    user: new Map(),
  };
}

function finish(w: Written, lines: readonly string[]): Written {
  w.file.text = `${lines.join('\n')}\n`;
  w.source.lines = lines.length;
  return w;
}

const byKernelTime = (h: Host) => (a: KernelLine, b: KernelLine) => h.wall(a) - h.wall(b) || a.seq - b.seq;

/** `dmesg` (raw): every boot of the host in turn, so the kernel time restarts at a reboot. */
function dmesgFile(h: Host): Written {
  const lines: string[] = [];
  const w = written(`${h.name}/dmesg.log`, 'dmesg', h.name, {
    kind: 'monotonic',
    // read on the host's own clock: the fit is against its journal
    boots: h.spec.boots.map((b) => h.clock(b) / S),
  });
  for (const line of [...h.kernel].sort(byKernelTime(h))) {
    if (h.wall(line) > COLLECTED) continue;
    lines.push(`${dmesgStamp(line.k)} ${line.msg}`);
    w.kernel.set(line, lines.length);
  }
  return finish(w, lines);
}

interface JournalEntry {
  recv: number;
  seq: number;
  boot: number;
  ident: string;
  pid: number | undefined;
  msg: string;
  kernel?: KernelLine;
  user?: UserLine;
}

/** Kernel and userspace entries of the host in journal order (receive time), within a window. */
function journalEntries(h: Host, since: number, until: number): JournalEntry[] {
  const out: JournalEntry[] = [];
  for (const k of h.kernel) {
    out.push({
      recv: k.recv,
      seq: k.seq,
      boot: k.boot,
      ident: 'kernel',
      pid: undefined,
      msg: k.msg,
      kernel: k,
    });
  }
  for (const u of h.user) {
    out.push({
      recv: u.recv,
      seq: u.seq,
      boot: h.bootAt(u.wall),
      ident: u.ident,
      pid: u.pid,
      msg: u.msg,
      user: u,
    });
  }
  return out
    .filter((e) => e.recv >= since && e.recv <= until)
    .sort((a, b) => a.recv - b.recv || a.seq - b.seq);
}

function mark(w: Written, e: JournalEntry, line: number): void {
  if (e.kernel) w.kernel.set(e.kernel, line);
  if (e.user) w.user.set(e.user, line);
}

const body = (h: Host, e: JournalEntry): string =>
  `${h.name} ${e.ident}${e.pid === undefined ? '' : `[${e.pid}]`}: ${e.msg}`;

/**
 * `journalctl` short with the v246–v249 `-- Journal begins at … --` header and `-- Boot <id> --`
 * markers (read on the collector with `journalctl -D … --utc`, hence UTC and the newer markers).
 */
function journalShortWithHeader(h: Host): Written {
  const entries = journalEntries(h, h.spec.journalSince ?? 0, COLLECTED);
  const lines: string[] = [];
  const w = written(`${h.name}/journal.log`, 'journal-short', h.name, {
    kind: 'wall',
    offsetSeconds: 0,
    zoneAssumed: false,
  });
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (!first || !last) throw new Error(`${h.name}: empty journal`);
  lines.push(
    `-- Journal begins at ${journalHeaderStamp(h.clock(first.recv))}, ends at ${journalHeaderStamp(h.clock(last.recv))}. --`,
  );
  let boot = first.boot;
  for (const e of entries) {
    if (e.boot !== boot) lines.push(`-- Boot ${h.bootIds[e.boot]} --`);
    boot = e.boot;
    lines.push(`${journalStamp(h.clock(e.recv), 0)} ${body(h, e)}`);
    mark(w, e, lines.length);
  }
  return finish(w, lines);
}

/** `journalctl --utc -q` short: no header, no year anywhere; only the file's mtime dates it. */
function journalShortNoYear(h: Host): Written {
  const entries = journalEntries(h, h.spec.journalSince ?? 0, COLLECTED);
  const lines: string[] = [];
  const w = written(`${h.name}/journal.log`, 'journal-short', h.name, {
    kind: 'wall',
    offsetSeconds: 0,
    zoneAssumed: true,
  });
  for (const e of entries) {
    lines.push(`${journalStamp(h.clock(e.recv), 0)} ${body(h, e)}`);
    mark(w, e, lines.length);
  }
  return finish(w, lines);
}

/** `journalctl -o short-iso` (v255+ `+hh:mm` offsets) in the host's local zone. */
function journalShortIso(h: Host): Written {
  const zone = h.spec.zoneMinutes;
  const lines: string[] = [];
  const w = written(`${h.name}/journal-short-iso.log`, 'journal-short-iso', h.name, {
    kind: 'wall',
    offsetSeconds: -zone * 60,
    zoneAssumed: false,
  });
  for (const e of journalEntries(h, h.spec.journalSince ?? 0, COLLECTED)) {
    lines.push(`${shortIsoStamp(h.clock(e.recv), zone)} ${body(h, e)}`);
    mark(w, e, lines.length);
  }
  return finish(w, lines);
}

/** `journalctl -o json`: realtime is the receive time; kernel entries carry their printk time. */
function journalJson(h: Host): Written {
  const lines: string[] = [];
  const w = written(`${h.name}/journal.json`, 'journal-json', h.name, {
    kind: 'wall',
    offsetSeconds: 0,
    zoneAssumed: false,
  });
  const seqnumId = h.rng.hex(32);
  let seqnum = 0x2a300;
  for (const e of journalEntries(h, h.spec.journalSince ?? 0, COLLECTED)) {
    const bootId = h.bootIds[e.boot] as string;
    const mono = e.recv - (h.spec.boots[e.boot] as number);
    const realtime = h.clock(e.recv);
    seqnum++;
    const entry: Record<string, string> = {
      __CURSOR: `s=${seqnumId};i=${seqnum.toString(16)};b=${bootId};m=${mono.toString(16)};t=${realtime.toString(16)};x=${h.rng.hex(16)}`,
      __REALTIME_TIMESTAMP: String(realtime),
      __MONOTONIC_TIMESTAMP: String(mono),
      _BOOT_ID: bootId,
    };
    if (e.kernel) {
      Object.assign(entry, {
        _SOURCE_MONOTONIC_TIMESTAMP: String(e.kernel.k),
        _TRANSPORT: 'kernel',
        PRIORITY: '6',
        SYSLOG_FACILITY: '0',
        SYSLOG_IDENTIFIER: 'kernel',
      });
    } else {
      Object.assign(entry, {
        _TRANSPORT: 'stdout',
        PRIORITY: e.ident === 'kubelet' ? '3' : '6',
        SYSLOG_FACILITY: '3',
        SYSLOG_IDENTIFIER: e.ident,
        _PID: String(e.pid),
        _COMM: e.ident,
        _SYSTEMD_UNIT: e.ident === 'kubelet' ? 'kubelet.service' : 'init.scope',
      });
    }
    Object.assign(entry, { MESSAGE: e.msg, _MACHINE_ID: h.machineId, _HOSTNAME: h.name });
    lines.push(JSON.stringify(entry));
    mark(w, e, lines.length);
  }
  return finish(w, lines);
}

/** /var/log/messages (rsyslog imjournal, traditional format): local time, no zone, no year. */
function messagesFile(h: Host, since: number): Written {
  const zone = h.spec.zoneMinutes;
  const lines: string[] = [];
  const w = written(`${h.name}/messages`, 'syslog-rfc3164', h.name, {
    kind: 'wall',
    offsetSeconds: -zone * 60,
    zoneAssumed: false,
  });
  for (const e of journalEntries(h, since, COLLECTED)) {
    lines.push(`${rfc3164Stamp(h.clock(e.recv), zone)} ${body(h, e)}`);
    mark(w, e, lines.length);
  }
  return finish(w, lines);
}

/** `timedatectl` at collection: the only statement of the host's zone. */
function timedatectlFile(h: Host): Written {
  const local = civil(h.clock(COLLECTED + 5 * S), h.spec.zoneMinutes);
  const u = civil(h.clock(COLLECTED + 5 * S));
  const lines = [
    `               Local time: ${wday(local)} ${ymd(local)} ${hms(local)} CST`,
    `           Universal time: ${wday(u)} ${ymd(u)} ${hms(u)} UTC`,
    `                 RTC time: ${wday(u)} ${ymd(u)} ${hms(u)}`,
    '                Time zone: Asia/Shanghai (CST, +0800)',
    'System clock synchronized: yes',
    '              NTP service: active',
    '          RTC in local TZ: no',
  ];
  return finish(written(`${h.name}/timedatectl`, 'host-timedatectl', h.name, { kind: 'none' }), lines);
}

/** The MDS daemon log (Reef): dout lines and the clog entries the daemon also writes. */
function mdsLogFile(mds: MdsLine[]): { w: Written; evictions: EvictionTruth[] } {
  const lines: string[] = [];
  const evictions: EvictionTruth[] = [];
  const w = written('ceph/ceph-mds.a.log', 'ceph-mds-log', null, {
    kind: 'wall',
    offsetSeconds: 0,
    zoneAssumed: false,
  });
  for (const m of [...mds].sort((a, b) => a.wall - b.wall)) {
    lines.push(`${cephStamp(m.wall)} ${m.thread} ${String(m.level).padStart(2)} ${m.text}`);
    if (m.eviction) {
      // The log prints milliseconds: that is the instant the truth holds.
      const printed = Math.floor(m.wall / MS) * MS;
      evictions.push({
        line: lines.length,
        rule: m.eviction.rule,
        clientId: m.eviction.gid,
        host: m.eviction.host,
        ts: isoUs(printed),
        episode: m.eviction.episode,
      });
    }
  }
  return { w: finish(w, lines), evictions };
}

/** `ceph tell mds.0 client ls` (json-pretty): the sessions open at `at`. */
function clientLsFile(hosts: readonly Host[], at: number): Written {
  const sessions = hosts.flatMap((h) => {
    const gid = h.gidAt(at);
    if (h.evictedBefore(gid, at)) return [];
    const nonce = 3_000_000_000 + gid * 7919;
    return [
      {
        id: gid,
        entity: { name: { type: 'client', num: gid }, addr: { type: 'v1', addr: `${h.spec.ip}:0`, nonce } },
        state: 'open',
        num_leases: 0,
        num_caps: 412 + (gid % 97),
        request_load_avg: 3,
        uptime: Math.round((at - h.mountedAt(gid)) / MS) / 1000,
        requests_in_flight: 0,
        reconnecting: false,
        inst: `client.${gid} v1:${h.spec.ip}:0/${nonce}`,
        completed_requests: [],
        prealloc_inos: [],
        client_metadata: {
          client_features: { feature_bits: '0x0000000000007bff' },
          entity_id: 'admin',
          hostname: h.name,
          kernel_version: h.spec.kernel,
          root: '/volumes/csi/csi-vol-5f0c0a3e',
        },
      },
    ];
  });
  const day = civil(at);
  const lines = JSON.stringify(sessions, null, 4).split('\n');
  const path = `ceph/client-ls-${day.y}${p2(day.mo)}${p2(day.d)}.json`;
  return finish(written(path, 'ceph-client-ls', null, { kind: 'none' }), lines);
}

/** `ceph config dump` (Reef, plain table); the mitigated cluster turns blocklisting off. */
function configDumpFile(mitigated: boolean): Written {
  const rows: string[][] = [
    ['global', '', 'advanced', 'cluster_network', '10.99.20.0/24', '*'],
    ['global', '', 'basic', 'container_image', 'quay.io/ceph/ceph@sha256:0a3c5e8d', '*'],
    ['global', '', 'advanced', 'public_network', '10.99.10.0/24', '*'],
    ['mon', '', 'advanced', 'auth_allow_insecure_global_id_reclaim', 'false', ''],
    ['mgr', '', 'advanced', 'mgr/cephadm/migration_current', '6', '*'],
    ['osd', '', 'advanced', 'osd_memory_target_autotune', 'true', ''],
    ['mds', '', 'basic', 'mds_cache_memory_limit', '8589934592', ''],
  ];
  if (mitigated) {
    rows.push(['mds', '', 'advanced', 'mds_session_blocklist_on_evict', 'false', '']);
    rows.push(['mds', '', 'advanced', 'mds_session_blocklist_on_timeout', 'false', '']);
  }
  const header = ['WHO', 'MASK', 'LEVEL', 'OPTION', 'VALUE', 'RO'];
  const widths = header.map((hd, i) => Math.max(hd.length, ...rows.map((row) => (row[i] ?? '').length)));
  // TextTable pads every cell, the last one too; the header ends in "RO".
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  const lines = [fmt(header).trimEnd(), ...rows.map(fmt)];
  return finish(written('ceph/ceph-config-dump.txt', 'ceph-config-dump', null, { kind: 'none' }), lines);
}

// ---------------------------------------------------------------------------------------------
// Truth

/** Per stage: first failure, distinct events, recoveries (only those after a failure of the stage). */
function stageTruth(events: { wall: number; tag: Tag }[]): Partial<Record<StageId, StageTruth>> {
  const firstFailure = new Map<StageId, number>();
  for (const e of events) {
    if (e.tag.recovery) continue;
    const f = firstFailure.get(e.tag.stage);
    if (f === undefined || e.wall < f) firstFailure.set(e.tag.stage, e.wall);
  }
  const out: Partial<Record<StageId, StageTruth>> = {};
  for (const e of events) {
    const first = firstFailure.get(e.tag.stage);
    if (first === undefined || (e.tag.recovery && e.wall <= first)) continue;
    const s = out[e.tag.stage] ?? { first: isoUs(first), count: 0, recoveries: 0, kinds: {} };
    s.count++;
    s.kinds[e.tag.rule] = (s.kinds[e.tag.rule] ?? 0) + 1;
    if (e.tag.recovery) s.recoveries++;
    out[e.tag.stage] = s;
  }
  return out;
}

function hostTruth(h: Host, files: readonly Written[], episodes: readonly number[]): HostTruth {
  const kernelIn = new Set(files.flatMap((w) => [...w.kernel.keys()]));
  const userIn = new Set(files.flatMap((w) => [...w.user.keys()]));
  const events: { wall: number; tag: Tag }[] = [];
  for (const k of kernelIn) if (k.tag) events.push({ wall: h.wall(k), tag: k.tag });
  for (const u of userIn) if (u.tag) events.push({ wall: u.wall, tag: u.tag });
  const denied = [...kernelIn].filter((k) => k.tag === T.denied).sort(byKernelTime(h));
  return {
    kernel: h.spec.kernel,
    dialect: h.spec.dialect,
    clientIds: h.spec.mounts.map((m) => m.gid).sort((a, b) => a - b),
    stages: stageTruth(events),
    episodes: h.spec.episodes.map((i) => episodes.indexOf(i)),
    skewSeconds: h.behind / S,
    deniedCopies: denied.map((k) => files.filter((w) => w.kernel.has(k)).map((w) => w.source.path)),
  };
}

/** The blips that hit at least one host of the bundle, in time order: its episodes. */
function episodeBlips(hosts: readonly Host[]): number[] {
  return BLIPS.map((_, i) => i).filter((i) => hosts.some((h) => h.spec.episodes.includes(i)));
}

function episodeTruth(hosts: readonly Host[], files: Map<Host, Written[]>): EpisodeTruth[] {
  return episodeBlips(hosts).map((i) => {
    const blip = BLIPS[i] as number;
    const hit = hosts.filter((h) => h.spec.episodes.includes(i));
    const firsts = hit.flatMap((h) => {
      const inFiles = new Set((files.get(h) ?? []).flatMap((w) => [...w.kernel.keys()]));
      return [...inFiles]
        .filter((k) => k.tag && !k.tag.recovery && h.wall(k) >= blip && h.wall(k) < blip + 3600 * S)
        .map((k) => h.wall(k));
    });
    return { first: isoUs(Math.min(...firsts)), hosts: hit.map((h) => h.name).sort() };
  });
}

// ---------------------------------------------------------------------------------------------
// The bundle

function hostFiles(h: Host): Written[] {
  const files = [dmesgFile(h)];
  if (h.spec.journal === 'short-header') files.push(journalShortWithHeader(h));
  else if (h.spec.journal === 'short-no-year') files.push(journalShortNoYear(h));
  else if (h.spec.journal === 'short-iso') files.push(journalShortIso(h));
  else files.push(journalJson(h));
  if (h.spec.syslog) files.push(messagesFile(h, h.spec.syslog.since), timedatectlFile(h));
  return files;
}

/** Lines of a host's life: boots, mounts, noise, and the cascade of each episode that hits it. */
function simulateHost(h: Host, mds: MdsLine[]): void {
  const { spec } = h;
  spec.boots.forEach((start, boot) => {
    bootLines(h, boot);
    const end = spec.boots[boot + 1] ?? COLLECTED;
    vethNoise(h, start, end - 10 * 60 * S);
    systemdNoise(h, start + 60 * S, end - 5 * 60 * S);
  });
  for (const m of spec.mounts) {
    const bootStart = spec.boots[h.bootAt(m.at)] as number;
    if (m.at - bootStart > 3600 * S) remountLines(h, m);
  }
  for (const episode of spec.episodes) {
    const blip = (BLIPS[episode] as number) + h.rng.int(0, 20) * S + h.rng.int(0, S);
    const lastRenew = blip - h.rng.int(1, 14) * S - h.rng.int(0, S);
    const ev: Eviction = {
      lastRenew,
      evictAt: lastRenew + 300 * S + h.rng.int(400, 9_000) * MS,
      back: blip + h.rng.int(318, 330) * S + h.rng.int(0, S),
    };
    const until = spec.rebootAfter !== undefined && spec.rebootAfter > blip ? spec.rebootAfter : COLLECTED;
    kernelCascade(h, blip, ev, until);
    kubeletFailures(h, ev.back);
    mdsCascade(h, ev, episode, mds);
  }
}

export interface BundleOptions {
  /** `mds_session_blocklist_on_timeout` and `…_on_evict` false in the config dump. */
  mitigated: boolean;
  /**
   * Only these hosts (their files, their MDS lines and `client ls` sessions). node-d alone leaves its
   * journal's mtime as the only year reference of the bundle (node-c's timedatectl reads the
   * collection time, a bundle-wide reference).
   */
  hosts?: readonly string[];
  /**
   * Seconds a host's wall clock runs behind the cluster's (true time): its journal, syslog and
   * kubelet stamps are that much early, its kernel lines too once fitted to them. The truth stays in
   * true time, so the host lines up only once the skew is found.
   */
  clockBehind?: Readonly<Record<string, number>>;
}

/** The bundle of the hosts and the cluster files; the two variants differ only in the config dump. */
export function syntheticBundle(opts: BundleOptions): SyntheticBundle {
  const rng = new Rng(SEED);
  const behind = (name: string) => Math.round((opts.clockBehind?.[name] ?? 0) * S);
  const hosts = HOSTS.map(
    (spec, i) => new Host(spec, new Rng(SEED * 31 + i * 7919), behind(spec.name)),
  ).filter((h) => opts.hosts === undefined || opts.hosts.includes(h.name));
  const mds: MdsLine[] = [];
  for (const h of hosts) {
    simulateHost(h, mds);
    h.assignReceiveTimes();
  }
  mdsNoise(rng, utc(2023, 12, 30, 0, 0, 0), COLLECTED, mds);

  const perHost = new Map<Host, Written[]>(hosts.map((h) => [h, hostFiles(h)]));
  const { w: mdsLog, evictions } = mdsLogFile(mds);
  const cluster = [
    mdsLog,
    ...CLIENT_LS_AT.map((at) => clientLsFile(hosts, at)),
    configDumpFile(opts.mitigated),
  ];
  const all = [...[...perHost.values()].flat(), ...cluster];
  const episodes = episodeBlips(hosts);
  const skews = Object.entries(opts.clockBehind ?? {}).map(([h, sec]) => `${h} ${sec} s behind`);
  const parts = [...(opts.hosts ?? []), ...skews];
  const name = `${opts.mitigated ? 'mitigated' : 'unmitigated'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
  return {
    name,
    files: all.map((w) => w.file),
    truth: {
      mitigated: opts.mitigated,
      hosts: Object.fromEntries(hosts.map((h) => [h.name, hostTruth(h, perHost.get(h) ?? [], episodes)])),
      sources: all.map((w) => w.source),
      mdsLog: mdsLog.source.path,
      evictions: evictions.map((e) => ({ ...e, episode: episodes.indexOf(e.episode) })),
      episodes: episodeTruth(hosts, perHost),
    },
  };
}
