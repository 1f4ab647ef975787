/**
 * Deterministic generator of the built-in sample incident (public/sample/) and of its ground truth
 * (test/sample/expected.json). Run it with `npx tsx test/sample/generate.ts`.
 *
 * Three CentOS 7.7 workers (kernel 3.10.0-1062.4.1.el7, pre-5.3 CephFS dialect), Kubernetes v1.15
 * with the docker runtime and in-tree `kubernetes.io~cephfs` volumes, a Ceph Nautilus 14.2 cluster. On
 * Tue 2019-11-12 a network blip gets each worker's CephFS client evicted and blacklisted; see
 * test/sample/README.md for the story and the timeline.
 *
 * Every value comes from fixed UTC instants and a seeded PRNG (no Date.now, no Math.random), so two
 * runs write byte-identical files. All times are microseconds since the Unix epoch, UTC.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STAGE_IDS, type StageId } from '../../parsers/stages.ts';
import { Rng } from '../support/rng.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = join(HERE, '..', '..');
const OUT_DIR = join(REPO, 'public', 'sample');
const EXPECTED_PATH = join(HERE, 'expected.json');

const SEED = 20191112;
const KERNEL = '3.10.0-1062.4.1.el7.x86_64';
const FSID = 'bf9495f9-726d-42d3-ac43-53938496bb29';
const MON_ADDRS = ['10.99.10.1:6789', '10.99.10.2:6789', '10.99.10.3:6789'] as const;
const MDS_ADDR = '10.99.10.4:6801';
const QUOTA_INO = '10000000afe.fffffffffffffffe';
const DOCKER_API = 'v1.38';

const S = 1_000_000; // microseconds per second
const MS = 1_000; // microseconds per millisecond

// ---------------------------------------------------------------------------------------------
// PRNG (mulberry32) and small random helpers
// ---------------------------------------------------------------------------------------------

/** A random offset of lo..hi milliseconds, at microsecond resolution. */
function rms(r: Rng, lo: number, hi: number): number {
  return r.int(lo * MS, hi * MS);
}
/** A random offset of lo..hi seconds, at microsecond resolution. */
function rs(r: Rng, lo: number, hi: number): number {
  return r.int(lo * S, hi * S);
}

// ---------------------------------------------------------------------------------------------
// Time formatting
// ---------------------------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

function utcUs(y: number, mo: number, d: number, h: number, mi: number, s: number, us = 0): number {
  return Date.UTC(y, mo - 1, d, h, mi, s) * MS + us;
}
/** An instant on the incident day, Tue 2019-11-12 (UTC). */
function nov12(h: number, mi: number, s: number, us = 0): number {
  return utcUs(2019, 11, 12, h, mi, s, us);
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
function civil(us: number): Civil {
  const secs = Math.floor(us / S);
  const date = new Date(secs * 1000);
  return {
    y: date.getUTCFullYear(),
    mo: date.getUTCMonth() + 1,
    d: date.getUTCDate(),
    h: date.getUTCHours(),
    mi: date.getUTCMinutes(),
    s: date.getUTCSeconds(),
    wd: date.getUTCDay(),
    us: us - secs * S,
  };
}
const month = (c: Civil): string => MONTHS[c.mo - 1] ?? 'Jan';
const weekday = (c: Civil): string => WEEKDAYS[c.wd] ?? 'Sun';
const hms = (c: Civil): string => `${p2(c.h)}:${p2(c.mi)}:${p2(c.s)}`;

/** `2019-11-12T10:14:03.412318Z` */
function isoUs(us: number): string {
  const c = civil(us);
  return `${c.y}-${p2(c.mo)}-${p2(c.d)}T${hms(c)}.${p6(c.us)}Z`;
}
/** journalctl short: `Nov 12 10:14:03` */
function journalStamp(us: number): string {
  const c = civil(us);
  return `${month(c)} ${p2(c.d)} ${hms(c)}`;
}
/** journalctl header: `Tue 2019-11-12 06:00:01 UTC` */
function journalHeaderStamp(us: number): string {
  const c = civil(us);
  return `${weekday(c)} ${c.y}-${p2(c.mo)}-${p2(c.d)} ${hms(c)} UTC`;
}
/** klog header: `E1112 10:20:01.123456    1187 file.go:66] msg` */
function klogLine(level: string, us: number, pid: number, file: string, msg: string): string {
  const c = civil(us);
  return `${level}${p2(c.mo)}${p2(c.d)} ${hms(c)}.${p6(c.us)} ${String(pid).padStart(7)} ${file}] ${msg}`;
}
/** logrus / docker RFC3339NanoFixed in UTC: `2019-11-12T10:20:15.412345678Z` */
function dockerTime(us: number, extraNs: number): string {
  const c = civil(us);
  return `${c.y}-${p2(c.mo)}-${p2(c.d)}T${hms(c)}.${p6(c.us)}${String(extraNs).padStart(3, '0')}Z`;
}
/** Go time.Time.String() of a time.Now() value: `2019-11-12 10:24:48.7235196 +0000 UTC m=+626341.234567890` */
function goTimeString(us: number, extraNs: number, processStartUs: number): string {
  const c = civil(us);
  const frac = `${p6(c.us)}${String(extraNs).padStart(3, '0')}`.replace(/0+$/, '');
  // the monotonic clock is not the wall clock: its sub-second digits differ
  const monoNs = (us - processStartUs) * 1000 + extraNs + 318_467;
  const mono = `${Math.floor(monoNs / 1e9)}.${String(monoNs % 1e9).padStart(9, '0')}`;
  return `${c.y}-${p2(c.mo)}-${p2(c.d)} ${hms(c)}${frac ? `.${frac}` : ''} +0000 UTC m=+${mono}`;
}
/** Go time.Duration.String() for whole milliseconds. */
function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const totalS = ms / 1000;
  if (totalS < 60) return `${totalS}s`;
  return `${Math.floor(totalS / 60)}m${totalS % 60}s`;
}
/** NetworkManager `[1573553643.4123]` */
function nmStamp(us: number): string {
  return `${Math.floor(us / S)}.${String(Math.floor((us % S) / 100)).padStart(4, '0')}`;
}
/** dmesg `[%5ld.%06ld]` from boot-relative microseconds. */
function dmesgStamp(kus: number): string {
  return `[${String(Math.floor(kus / S)).padStart(5)}.${p6(kus % S)}]`;
}
/** Go %q of a string without control characters. */
function goQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes v1 pod UIDs (k8s <= 1.15 generated time-based UUIDs on the apiserver)
// ---------------------------------------------------------------------------------------------

const APISERVERS = [
  { mac: 'fa163e2b7c41', clockSeq: 0x9a3f },
  { mac: 'fa163e8d0e52', clockSeq: 0xa1c6 },
  { mac: 'fa163e5f31a9', clockSeq: 0x8e07 },
] as const;

function uuidV1(us: number, rng: Rng): string {
  const api = rng.pick(APISERVERS);
  const ts = BigInt(us) * 10n + BigInt(rng.int(0, 9)) + 0x01b21dd213814000n;
  const timeLow = (ts & 0xffffffffn).toString(16).padStart(8, '0');
  const timeMid = ((ts >> 32n) & 0xffffn).toString(16).padStart(4, '0');
  const timeHi = (((ts >> 48n) & 0x0fffn) | 0x1000n).toString(16).padStart(4, '0');
  const seq = api.clockSeq.toString(16).padStart(4, '0');
  return `${timeLow}-${timeMid}-${timeHi}-${seq}-${api.mac}`;
}

// ---------------------------------------------------------------------------------------------
// Event model
// ---------------------------------------------------------------------------------------------

interface Tag {
  stage: StageId;
  kind: string;
  recovery: boolean;
}
const tag = (stage: StageId, kind: string, recovery = false): Tag => ({ stage, kind, recovery });

const T = {
  socketClosed: tag('connection-reset', 'socket-closed'),
  connectionReset: tag('connection-reset', 'connection-reset'),
  resetOnMds: tag('connection-reset', 'reset-on-mds'),
  hunting: tag('mon-session-lost', 'session-lost-hunting'),
  established: tag('mon-session-lost', 'session-established', true),
  closedOurSession: tag('reconnect-denied', 'closed-our-session'),
  reconnectStart: tag('reconnect-denied', 'reconnect-start'),
  reconnectDenied: tag('reconnect-denied', 'reconnect-denied'),
  rejectedSession: tag('reconnect-denied', 'rejected-session'),
  hung: tag('mds-hung', 'mds-hung'),
  capsStale: tag('caps-stale', 'caps-stale'),
  droppingDirty: tag('caps-stale', 'dropping-dirty-state'),
  quotaNullRealm: tag('quota-realm-loop', 'get-quota-realm-null-snap-realm'),
  quotaSuppressed: tag('quota-realm-loop', 'get-quota-realm-callbacks-suppressed'),
  podStatDenied: tag('kubelet-mount-failure', 'pod-found-stat-permission-denied'),
  orphanRollup: tag('kubelet-mount-failure', 'orphaned-pod-volume-paths-rollup'),
  startContainer: tag('kubelet-mount-failure', 'start-container-file-exists'),
  containerStartFailed: tag('kubelet-mount-failure', 'container-start-failed-file-exists'),
  errorSyncingPod: tag('kubelet-mount-failure', 'error-syncing-pod-file-exists'),
  teardownFailed: tag('kubelet-mount-failure', 'unmount-teardown-failed'),
  dockerdFileExists: tag('kubelet-mount-failure', 'dockerd-mount-source-file-exists'),
} as const;

type KlogLevel = 'I' | 'W' | 'E';
interface KernelEvent {
  wall: number;
  msg: string;
  tag: Tag | undefined;
  seq: number;
}
interface KlogEvent {
  wall: number;
  level: KlogLevel;
  file: string;
  msg: string;
  tag: Tag | undefined;
  seq: number;
}
interface OtherEvent {
  wall: number;
  ident: string;
  pid: number | undefined;
  msg: string;
  tag: Tag | undefined;
  seq: number;
}

interface HostConfig {
  name: string;
  index: number; // 1..3, also the flannel subnet 10.244.<index>.0/24
  seed: number;
  boot: number;
  /** page_offset_base: the direct map, so %p inode pointers and the percpu area agree. */
  directMap: bigint;
  clientId: number;
  mountMon: number;
  cpuSchedOffset: number;
  pids: {
    kubelet: number;
    dockerd: number;
    containerd: number;
    networkManager: number;
    chronyd: number;
    logind: number;
    journald: number;
    auditd: number;
  };
  journalFrom: number;
  kubeletLogFrom: number;
  capture: { dmesg: number; kubelet: number; journal: number };
  sessionAtNoiseStart: number;
  pidAtNoiseStart: number;
}

class Host {
  readonly kernel: KernelEvent[] = [];
  readonly klog: KlogEvent[] = [];
  readonly other: OtherEvent[] = [];
  readonly rng: Rng;
  readonly kubeletStart: number;
  private seq = 0;
  private session: number;
  private pid: number;
  private nmDevice: number;
  private readonly ports = new Set<number>();
  private podIp = 10;
  cronPods: CronPodRecord[] = [];
  pods = new Map<string, Pod>();

  constructor(readonly cfg: HostConfig) {
    this.rng = new Rng(cfg.seed);
    this.kubeletStart = cfg.boot + 21 * S + 408_227;
    this.session = cfg.sessionAtNoiseStart;
    this.pid = cfg.pidAtNoiseStart;
    this.nmDevice = 9;
  }
  get name(): string {
    return this.cfg.name;
  }
  /** A kernel printk at wall time `wall` (true time = boot + K). */
  k(wall: number, msg: string, t?: Tag): void {
    this.kernel.push({ wall: Math.round(wall), msg, tag: t, seq: this.seq++ });
  }
  /** A kubelet klog line. */
  kl(wall: number, level: KlogLevel, file: string, msg: string, t?: Tag): void {
    this.klog.push({ wall: Math.round(wall), level, file, msg, tag: t, seq: this.seq++ });
  }
  /** Any other journal entry (systemd, crond, dockerd, …). */
  o(wall: number, ident: string, pid: number | undefined, msg: string, t?: Tag): void {
    this.other.push({ wall: Math.round(wall), ident, pid, msg, tag: t, seq: this.seq++ });
  }
  nextPid(lo = 3, hi = 40): number {
    this.pid += this.rng.int(lo, hi);
    return this.pid;
  }
  nextSession(): number {
    this.session += 1;
    return this.session;
  }
  nextNmDevice(): number {
    this.nmDevice += 1;
    return this.nmDevice;
  }
  allocPort(): number {
    let p = 1;
    while (this.ports.has(p)) p++;
    this.ports.add(p);
    return p;
  }
  freePort(p: number): void {
    this.ports.delete(p);
  }
  nextPodIp(): string {
    this.podIp += this.rng.int(1, 3);
    if (this.podIp > 250) this.podIp = 10;
    return `10.244.${this.cfg.index}.${this.podIp}`;
  }
  /** An inode pointer in this host's direct map, as the old `%p` prints it. */
  inodePtr(): string {
    const phys = BigInt(this.rng.int(0x10000, 0x43efff)) * 0x1000n + BigInt(this.rng.int(0, 63)) * 0x40n;
    return (this.cfg.directMap + phys).toString(16);
  }
  dockerTs(us: number): string {
    return dockerTime(us, this.rng.int(0, 999));
  }
  containerd(wall: number, msg: string): void {
    this.o(
      wall,
      'containerd',
      this.cfg.pids.containerd,
      `time="${this.dockerTs(wall)}" level=info msg=${msg}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Kernel noise: boot, module load, veth churn
// ---------------------------------------------------------------------------------------------

const CMDLINE = `BOOT_IMAGE=/vmlinuz-${KERNEL} root=/dev/mapper/centos-root ro crashkernel=auto rd.lvm.lv=centos/root rhgb quiet LANG=en_US.UTF-8`;

function bootLines(h: Host): void {
  const r = h.rng;
  const percpu = (h.cfg.directMap + 0x43fc00000n).toString(16);
  const stretch = 1 + r.int(-30, 50) / 1000;
  const at = (sec: string, msg: string): void => {
    const [whole = '0', frac = '0'] = sec.split('.');
    const base = Number(whole) * S + Number(frac.padEnd(6, '0'));
    h.k(h.cfg.boot + Math.round(base * stretch), msg);
  };
  const bootEpoch = (kSec: number): string => {
    const us = h.cfg.boot + Math.round(kSec * S * stretch);
    return `${Math.floor(us / S)}.${String(Math.floor((us % S) / MS)).padStart(3, '0')}`;
  };
  const rtcUs = h.cfg.boot + Math.round(0.817044 * S * stretch);
  const rtc = civil(rtcUs);
  const rtcEpoch = Math.floor(rtcUs / S);

  const zero: string[] = [
    'Initializing cgroup subsys cpuset',
    'Initializing cgroup subsys cpu',
    'Initializing cgroup subsys cpuacct',
    `Linux version ${KERNEL} (mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-39) (GCC) ) #1 SMP Fri Oct 18 17:15:30 UTC 2019`,
    `Command line: ${CMDLINE}`,
    'e820: BIOS-provided physical RAM map:',
    'BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable',
    'BIOS-e820: [mem 0x000000000009fc00-0x000000000009ffff] reserved',
    'BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved',
    'BIOS-e820: [mem 0x0000000000100000-0x00000000bffdbfff] usable',
    'BIOS-e820: [mem 0x00000000bffdc000-0x00000000bfffffff] reserved',
    'BIOS-e820: [mem 0x00000000feffc000-0x00000000feffffff] reserved',
    'BIOS-e820: [mem 0x00000000fffc0000-0x00000000ffffffff] reserved',
    'BIOS-e820: [mem 0x0000000100000000-0x000000043fffffff] usable',
    'NX (Execute Disable) protection: active',
    'SMBIOS 2.8 present.',
    'DMI: OpenStack Foundation OpenStack Nova, BIOS 1.11.0-2.el7 04/01/2014',
    'Hypervisor detected: KVM',
    'e820: last_pfn = 0x440000 max_arch_pfn = 0x400000000',
    'x86 PAT enabled: cpu 0, old 0x7040600070406, new 0x7010600070106',
    'e820: last_pfn = 0xbffdc max_arch_pfn = 0x400000000',
    'Using GB pages for direct mapping',
    'RAMDISK: [mem 0x3598a000-0x36cbcfff]',
    'Early table checksum verification disabled',
    'ACPI: RSDP 00000000000f69c0 00014 (v00 BOCHS )',
    'ACPI: APIC 00000000bffe1d4b 000B0 (v01 BOCHS  BXPC     00000001 BXPC 00000001)',
    'Faking a node at [mem 0x0000000000000000-0x000000043fffffff]',
    'Reserving 168MB of memory at 688MB for crashkernel (System RAM: 16383MB)',
    'kvm-clock: cpu 0, msr 4:3ff7f001, primary cpu clock',
    `kvm-clock: using sched offset of ${h.cfg.cpuSchedOffset} cycles`,
    'Initmem setup node 0 [mem 0x00001000-0x43fffffff]',
    'smpboot: Allowing 4 CPUs, 0 hotplug CPUs',
    'Booting paravirtualized kernel on KVM',
    'setup_percpu: NR_CPUS:5120 nr_cpumask_bits:4 nr_cpu_ids:4 nr_node_ids:1',
    `percpu: Embedded 38 pages/cpu @${percpu} s118784 r8192 d28672 u524288`,
    'Built 1 zonelists in Node order, mobility grouping on.  Total pages: 4128619',
    `Kernel command line: ${CMDLINE}`,
    'xsave: enabled xstate_bv 0x7, cntxt size 0x340 using standard form',
    'Memory: 16203744k/17825792k available (7788k kernel code, 1049000k absent, 573048k reserved, 6104k data, 1988k init)',
    'SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=4, Nodes=1',
    'x86/pti: Unmapping kernel while in userspace',
    'Hierarchical RCU implementation.',
    '\tRCU restricting CPUs from NR_CPUS=5120 to nr_cpu_ids=4.',
    'Console: colour VGA+ 80x25',
    'console [tty0] enabled',
    'tsc: Detected 2394.454 MHz processor',
  ];
  for (const msg of zero) at('0.000000', msg);

  const timed: [string, string][] = [
    ['0.000003', 'Calibrating delay loop (skipped) preset value.. 4788.90 BogoMIPS (lpj=2394454)'],
    ['0.000005', 'pid_max: default: 32768 minimum: 301'],
    ['0.000027', 'Security Framework initialized'],
    ['0.000031', 'SELinux:  Initializing.'],
    ['0.002117', 'Dentry cache hash table entries: 2097152 (order: 12, 16777216 bytes)'],
    ['0.005731', 'Mount-cache hash table entries: 32768 (order: 6, 262144 bytes)'],
    ['0.006392', 'Initializing cgroup subsys memory'],
    ['0.006423', 'Initializing cgroup subsys pids'],
    [
      '0.006726',
      'Spectre V1 : Mitigation: Load fences, usercopy/swapgs barriers and __user pointer sanitization',
    ],
    ['0.006729', 'Spectre V2 : Mitigation: Full retpoline'],
    ['0.006747', 'MDS: Mitigation: Clear CPU buffers'],
    [
      '0.031215',
      'smpboot: CPU0: Intel Xeon E312xx (Sandy Bridge, IBRS update) (fam: 06, model: 2a, stepping: 01)',
    ],
    ['0.033524', 'Performance Events: unsupported p6 CPU model 42 no PMU driver, software events only.'],
    ['0.036804', 'smpboot: Booting Node   0, Processors  #1 #2 #3 OK'],
    ['0.069860', 'smpboot: Total of 4 processors activated (19155.63 BogoMIPS)'],
    ['0.074826', 'NET: Registered protocol family 16'],
    ['0.155219', 'ACPI: PCI Root Bridge [PCI0] (domain 0000 [bus 00-ff])'],
    ['0.171943', 'SCSI subsystem initialized'],
    ['0.194220', 'Switched to clocksource kvm-clock'],
    ['0.225371', 'NET: Registered protocol family 2'],
    ['0.238012', 'Unpacking initramfs...'],
    ['0.588302', 'Freeing initrd memory: 19660k freed'],
    ['0.705228', 'Serial: 8250/16550 driver, 4 ports, IRQ sharing enabled'],
    [
      '0.817044',
      `rtc_cmos 00:00: setting system clock to ${rtc.y}-${p2(rtc.mo)}-${p2(rtc.d)} ${hms(rtc)} UTC (${rtcEpoch})`,
    ],
    ['0.830155', 'Freeing unused kernel memory: 1988k freed'],
    [
      '0.847617',
      'systemd[1]: systemd 219 running in system mode. (+PAM +AUDIT +SELINUX +IMA -APPARMOR +SMACK +SYSVINIT +UTMP +LIBCRYPTSETUP +GCRYPT +GNUTLS +ACL +XZ +LZ4 -SECCOMP +BLKID +ELFUTILS +KMOD +IDN)',
    ],
    ['0.848206', 'systemd[1]: Detected virtualization kvm.'],
    ['0.848219', 'systemd[1]: Detected architecture x86-64.'],
    ['0.848226', 'systemd[1]: Running in initial RAM disk.'],
    ['0.848391', `systemd[1]: Set hostname to <${h.name}>.`],
    ['1.208732', 'virtio_blk virtio2: [vda] 167772160 512-byte logical blocks (85.8 GB/80.0 GiB)'],
    ['1.211402', ' vda: vda1 vda2'],
    ['1.689127', 'SGI XFS with ACLs, security attributes, no debug enabled'],
    ['1.697522', 'XFS (dm-0): Mounting V5 Filesystem'],
    ['1.853006', 'XFS (dm-0): Ending clean mount'],
    ['2.278340', 'systemd-journald[104]: Received SIGTERM from PID 1 (systemd).'],
    ['2.417936', 'SELinux:  Disabled at runtime.'],
    ['2.418014', 'SELinux:  Unregistering netfilter hooks'],
    ['2.451318', `type=1404 audit(${bootEpoch(2.451318)}:2): selinux=0 auid=4294967295 ses=4294967295`],
    [
      '2.911420',
      `systemd-journald[${h.cfg.pids.journald}]: Received request to flush runtime journal from PID 1`,
    ],
    ['3.487221', 'XFS (vda1): Mounting V5 Filesystem'],
    ['3.622930', 'XFS (vda1): Ending clean mount'],
    ['3.690718', 'XFS (dm-1): Mounting V5 Filesystem'],
    ['3.781265', 'XFS (dm-1): Ending clean mount'],
    [
      '3.925006',
      `type=1305 audit(${bootEpoch(3.925006)}:3): audit_pid=${h.cfg.pids.auditd} old=0 auid=4294967295 ses=4294967295 res=1`,
    ],
    ['5.102934', 'FS-Cache: Loaded'],
    ['5.118342', 'CacheFiles: Loaded'],
    ['5.160274', 'FS-Cache: Cache "mycache" added (type cachefiles)'],
    ['6.418203', 'IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready'],
    ['8.092337', 'ip_tables: (C) 2000-2006 Netfilter Core Team'],
    ['8.302118', 'nf_conntrack version 0.5.0 (65536 buckets, 262144 max)'],
    [
      '9.021553',
      'bridge: filtering via arp/ip/ip6tables is no longer available by default. Update your scripts to load br_netfilter if you need this.',
    ],
    ['9.043918', 'Bridge firewalling registered'],
    ['9.218771', 'Netfilter messages via NETLINK v0.30.'],
    ['9.226409', 'ip_set: protocol 6'],
    ['9.861044', 'IPv6: ADDRCONF(NETDEV_UP): docker0: link is not ready'],
    ['10.512917', 'Initializing XFRM netlink socket'],
    ['17.904215', 'IPv6: ADDRCONF(NETDEV_UP): cni0: link is not ready'],
  ];
  for (const [sec, msg] of timed) at(sec, msg);
}

/** CephFS modules load and the first in-tree cephfs mount of the host creates its one client. */
function cephMount(h: Host, t: number): void {
  const r = h.rng;
  let u = t;
  const step = (lo: number, hi: number): number => {
    u += r.int(lo, hi);
    return u;
  };
  h.k(u, 'Key type ceph registered');
  h.k(step(2000, 3500), 'libceph: loaded (mon/osd proto 15/24)');
  h.k(step(5000, 8000), "FS-Cache: Netfs 'ceph' registered for caching");
  h.k(step(3, 9), 'ceph: loaded (mds proto 32)');
  h.k(
    step(15000, 22000),
    `libceph: mon${h.cfg.mountMon} ${MON_ADDRS[h.cfg.mountMon]} session established`,
    T.established,
  );
  h.k(step(400, 900), `libceph: client${h.cfg.clientId} fsid ${FSID}`);
}

interface Veth {
  name: string;
  port: number;
}

/** Pod sandbox network set up by the CNI bridge plugin (flannel): kernel + NetworkManager lines. */
function vethUp(h: Host, t: number): Veth {
  const r = h.rng;
  const v: Veth = { name: `veth${r.hex(8)}`, port: h.allocPort() };
  let u = t;
  const next = (lo: number, hi: number): number => {
    u += r.int(lo, hi);
    return u;
  };
  h.k(u, 'IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready');
  h.k(next(20, 60), 'IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready');
  h.k(next(150, 400), `cni0: port ${v.port}(${v.name}) entered blocking state`);
  h.k(next(2, 6), `cni0: port ${v.port}(${v.name}) entered disabled state`);
  h.k(next(40, 90), `device ${v.name} entered promiscuous mode`);
  h.k(next(30, 80), `cni0: port ${v.port}(${v.name}) entered blocking state`);
  h.k(next(2, 6), `cni0: port ${v.port}(${v.name}) entered forwarding state`);
  const nm = h.cfg.pids.networkManager;
  const dev = h.nextNmDevice();
  const w1 = t + r.int(1500, 4000);
  const w2 = w1 + r.int(2000, 5000);
  h.o(
    w1,
    'NetworkManager',
    nm,
    `<info>  [${nmStamp(w1 - r.int(40, 300))}] manager: (${v.name}): new Veth device (/org/freedesktop/NetworkManager/Devices/${dev})`,
  );
  h.o(
    w2,
    'NetworkManager',
    nm,
    `<info>  [${nmStamp(w2 - r.int(40, 300))}] device (${v.name}): carrier: link connected`,
  );
  return v;
}

function vethDown(h: Host, t: number, v: Veth): void {
  const r = h.rng;
  h.k(t, `cni0: port ${v.port}(${v.name}) entered disabled state`);
  h.k(t + r.int(300, 900), `device ${v.name} left promiscuous mode`);
  h.k(t + r.int(1000, 1600), `cni0: port ${v.port}(${v.name}) entered disabled state`);
  const w = t + r.int(3000, 7000);
  h.o(
    w,
    'NetworkManager',
    h.cfg.pids.networkManager,
    `<info>  [${nmStamp(w - r.int(40, 300))}] device (${v.name}): released from master device cni0`,
  );
  h.freePort(v.port);
}

// ---------------------------------------------------------------------------------------------
// Kubernetes pods
// ---------------------------------------------------------------------------------------------

const SECRETS: Record<string, string> = {
  shop: 'default-token-n7w2c',
  analytics: 'default-token-4xkq8',
  content: 'default-token-9pr6t',
  'kube-system': 'coredns-token-5vjxm',
  'ingress-nginx': 'nginx-ingress-token-h8d4q',
};

interface Pod {
  name: string;
  ns: string;
  uid: string;
  container: string;
  /** in-tree cephfs volume name, if the pod mounts the share */
  volume: string | undefined;
  secret: string;
  ip: string;
  sandboxId: string;
  containerId: string;
  veth: Veth;
  probe: boolean;
}

const fullName = (p: Pod): string => `${p.name}_${p.ns}(${p.uid})`;
const cephSource = (p: Pod, vol: string): string =>
  `/var/lib/kubelet/pods/${p.uid}/volumes/kubernetes.io~cephfs/${vol}`;
const pleg = (p: Pod, type: string, id: string): string =>
  `SyncLoop (PLEG): "${fullName(p)}", event: &pleg.PodLifecycleEvent{ID:"${p.uid}", Type:"${type}", Data:"${id}"}`;

function volumeUnique(p: Pod, vol: string, plugin: 'cephfs' | 'secret'): string {
  return `kubernetes.io/${plugin}/${p.uid}-${vol}`;
}

/** A pod that starts on the host at `t`: kubelet, runtime and kernel traces. Returns the pod. */
function startPod(
  h: Host,
  t: number,
  spec: { name: string; ns: string; container: string; volume?: string; probe?: boolean; uidTime?: number },
): Pod {
  const r = h.rng;
  const pod: Pod = {
    name: spec.name,
    ns: spec.ns,
    uid: uuidV1(spec.uidTime ?? t - rms(r, 30, 90), r),
    container: spec.container,
    volume: spec.volume,
    secret: SECRETS[spec.ns] ?? 'default-token-zz2qk',
    ip: h.nextPodIp(),
    sandboxId: r.hex(64),
    containerId: r.hex(64),
    veth: { name: '', port: 0 },
    probe: spec.probe ?? false,
  };
  const vols: [string, 'cephfs' | 'secret'][] = [];
  if (pod.volume) vols.push([pod.volume, 'cephfs']);
  vols.push([pod.secret, 'secret']);
  const file1888 = 'kubelet.go:1888';
  h.kl(t, 'I', file1888, `SyncLoop (ADD, "api"): "${fullName(pod)}"`);
  let u = t + rms(r, 80, 110);
  for (const [vol, plugin] of vols) {
    h.kl(
      u,
      'I',
      'reconciler.go:207',
      `operationExecutor.VerifyControllerAttachedVolume started for volume "${vol}" (UniqueName: "${volumeUnique(pod, vol, plugin)}") pod "${pod.name}" (UID: "${pod.uid}")`,
    );
    u += r.int(100, 400);
  }
  u += rms(r, 90, 110);
  for (const [vol, plugin] of vols) {
    h.kl(
      u,
      'I',
      'reconciler.go:252',
      `operationExecutor.MountVolume started for volume "${vol}" (UniqueName: "${volumeUnique(pod, vol, plugin)}") pod "${pod.name}" (UID: "${pod.uid}")`,
    );
    u += r.int(100, 400);
  }
  let m = u + rms(r, 3, 8);
  for (const [vol, plugin] of [...vols].reverse()) {
    h.o(
      m,
      'systemd',
      1,
      `Started Kubernetes transient mount for /var/lib/kubelet/pods/${pod.uid}/volumes/kubernetes.io~${plugin}/${vol}.`,
    );
    m += plugin === 'cephfs' ? rms(r, 180, 320) : rms(r, 6, 14);
    h.kl(
      m,
      'I',
      'operation_generator.go:667',
      `MountVolume.SetUp succeeded for volume "${vol}" (UniqueName: "${volumeUnique(pod, vol, plugin)}") pod "${pod.name}" (UID: "${pod.uid}")`,
    );
    m += rms(r, 2, 9);
  }
  let s = m + rms(r, 60, 140);
  h.kl(
    s,
    'I',
    'kuberuntime_manager.go:397',
    `No sandbox for pod "${fullName(pod)}" can be found. Need to start a new one`,
  );
  s += rms(r, 120, 260);
  h.containerd(
    s,
    `"shim containerd-shim started" address="/containerd-shim/moby/${pod.sandboxId}/shim.sock" debug=false pid=${h.nextPid()}`,
  );
  s += rms(r, 180, 320);
  pod.veth = vethUp(h, s);
  s += rms(r, 300, 420);
  h.kl(
    s,
    'W',
    'docker_sandbox.go:394',
    `failed to read pod IP from plugin/docker: Couldn't find network status for ${pod.ns}/${pod.name} through plugin: invalid network status for`,
  );
  s += rms(r, 120, 200);
  h.kl(s, 'I', 'kubelet.go:1933', pleg(pod, 'ContainerStarted', pod.sandboxId));
  s += rms(r, 250, 500);
  h.o(
    s,
    'dockerd',
    h.cfg.pids.dockerd,
    `time="${h.dockerTs(s)}" level=warning msg="Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap."`,
  );
  s += rms(r, 60, 120);
  const runcPid = h.nextPid();
  h.o(s, 'systemd', 1, `Created slice libcontainer_${runcPid}_systemd_test_default.slice.`);
  h.o(s + rms(r, 4, 9), 'systemd', 1, `Removed slice libcontainer_${runcPid}_systemd_test_default.slice.`);
  if (r.chance(0.35)) {
    h.kl(
      s + rms(r, 20, 60),
      'W',
      'container.go:409',
      `Failed to create summary reader for "/libcontainer_${runcPid}_systemd_test_default.slice": none of the resources are being tracked.`,
    );
  }
  s += rms(r, 30, 60);
  h.containerd(
    s,
    `"shim containerd-shim started" address="/containerd-shim/moby/${pod.containerId}/shim.sock" debug=false pid=${h.nextPid()}`,
  );
  s += rms(r, 600, 1000);
  h.kl(s, 'I', 'kubelet.go:1933', pleg(pod, 'ContainerStarted', pod.containerId));
  return pod;
}

/** A pod whose containers finished (a Job) or that was replaced: sandbox killed, volumes unmounted. */
function stopPod(h: Host, t: number, pod: Pod, opts: { completed: boolean }): void {
  const r = h.rng;
  let u = t;
  if (opts.completed) {
    h.containerd(u, `"shim reaped" id=${pod.containerId}`);
    u += rms(r, 500, 800);
    h.kl(u, 'I', 'kubelet.go:1933', pleg(pod, 'ContainerDied', pod.containerId));
  } else {
    h.kl(u, 'I', 'kubelet.go:1904', `SyncLoop (DELETE, "api"): "${fullName(pod)}"`);
    u += rms(r, 2, 6);
    h.kl(
      u,
      'I',
      'kuberuntime_container.go:581',
      `Killing container "docker://${pod.containerId}" with 30 second grace period`,
    );
    u += rms(r, 300, 900);
    h.containerd(u, `"shim reaped" id=${pod.containerId}`);
  }
  u += rms(r, 80, 200);
  vethDown(h, u, pod.veth);
  u += rms(r, 150, 300);
  h.containerd(u, `"shim reaped" id=${pod.sandboxId}`);
  u += rms(r, 600, 900);
  h.kl(u, 'I', 'kubelet.go:1933', pleg(pod, 'ContainerDied', pod.sandboxId));
  if (!opts.completed) {
    h.kl(u + rms(r, 1, 3), 'I', 'kubelet.go:1933', pleg(pod, 'ContainerDied', pod.containerId));
    u += rms(r, 200, 600);
    h.kl(u, 'I', 'kubelet.go:1904', `SyncLoop (DELETE, "api"): "${fullName(pod)}"`);
    u += rms(r, 3, 8);
    h.kl(u, 'I', 'kubelet.go:1898', `SyncLoop (REMOVE, "api"): "${fullName(pod)}"`);
  }
  u += rms(r, 40, 90);
  h.kl(u, 'W', 'pod_container_deletor.go:75', `Container "${pod.sandboxId}" not found in pod's containers`);
  u += rms(r, 50, 120);
  const vols: [string, 'cephfs' | 'secret'][] = [];
  if (pod.volume) vols.push([pod.volume, 'cephfs']);
  vols.push([pod.secret, 'secret']);
  for (const [vol, plugin] of vols) {
    h.kl(
      u,
      'I',
      'reconciler.go:181',
      `operationExecutor.UnmountVolume started for volume "${vol}" (UniqueName: "${volumeUnique(pod, vol, plugin)}") pod "${pod.uid}" (UID: "${pod.uid}")`,
    );
    u += r.int(100, 400);
  }
  for (const [vol, plugin] of [...vols].reverse()) {
    u += plugin === 'cephfs' ? rms(r, 40, 90) : rms(r, 5, 12);
    h.kl(
      u,
      'I',
      'operation_generator.go:831',
      `UnmountVolume.TearDown succeeded for volume "${volumeUnique(pod, vol, plugin)}" (OuterVolumeSpecName: "${vol}") pod "${pod.uid}" (UID: "${pod.uid}"). InnerVolumeSpecName "${vol}". PluginName "kubernetes.io/${plugin}", VolumeGidValue ""`,
    );
  }
  u += rms(r, 60, 110);
  for (const [vol, plugin] of vols) {
    h.kl(
      u,
      'I',
      'reconciler.go:301',
      `Volume detached for volume "${vol}" (UniqueName: "${volumeUnique(pod, vol, plugin)}") on node "${h.name}" DevicePath ""`,
    );
    u += r.int(100, 300);
  }
}

interface CronPodRecord {
  pod: Pod;
  end: number;
}

const CRONJOBS = [
  {
    name: 'report-export',
    ns: 'analytics',
    container: 'export',
    volume: 'uploads',
    minute: 0,
    run: [35, 80],
  },
  { name: 'cache-warmer', ns: 'shop', container: 'warmer', volume: undefined, minute: 30, run: [8, 20] },
] as const;

/** CronJob pods every two hours, placed on the least busy of two random workers. */
function scheduleCronPods(hosts: Host[], rng: Rng): void {
  const from = Math.min(...hosts.map((h) => h.cfg.boot)) + 3600 * S;
  const to = Math.max(...hosts.map((h) => h.cfg.capture.journal));
  const startHour = Math.ceil(from / (3600 * S));
  const counts = new Map<Host, number>();
  for (let hour = startHour; hour * 3600 * S < to; hour++) {
    if (hour % 2 !== 0) continue;
    for (const job of CRONJOBS) {
      const scheduled = hour * 3600 * S + job.minute * 60 * S;
      if (scheduled > to) continue;
      const up = hosts.filter(
        (h) => h.cfg.boot + 600 * S < scheduled && scheduled + 120 * S < h.cfg.capture.dmesg,
      );
      if (up.length === 0) continue;
      const a = rng.pick(up);
      const b = rng.pick(up);
      const host = (counts.get(a) ?? 0) <= (counts.get(b) ?? 0) ? a : b;
      counts.set(host, (counts.get(host) ?? 0) + 1);
      const hr = host.rng;
      const created = scheduled + rms(hr, 900, 1900);
      const pod = startPod(host, created, {
        name: `${job.name}-${Math.floor(scheduled / S)}-${hr.k8s(5)}`,
        ns: job.ns,
        container: job.container,
        ...(job.volume ? { volume: job.volume } : {}),
        uidTime: created - rms(hr, 40, 120),
      });
      const end = created + rs(hr, job.run[0], job.run[1]) + rms(hr, 0, 999);
      stopPod(host, end, pod, { completed: true });
      host.cronPods.push({ pod, end });
    }
  }
}

/** Long-running pods: old replicas since boot, replaced by a rollout on Fri 2019-11-08. */
interface LongPodSpec {
  name: string;
  ns: string;
  container: string;
  volume?: string;
  probe?: boolean;
  rollout?: number;
}
function longRunningPods(h: Host, specs: LongPodSpec[]): Map<string, Pod> {
  const r = h.rng;
  const result = new Map<string, Pod>();
  let t = h.cfg.boot + 19 * S + rms(r, 0, 900);
  let mounted = false;
  const old: { pod: Pod; spec: LongPodSpec }[] = [];
  for (const spec of specs) {
    const rsHash = spec.rollout ? r.k8s(9) : '';
    const name = spec.rollout ? `${spec.name.replace(/-[^-]+-[^-]+$/, '')}-${rsHash}-${r.k8s(5)}` : spec.name;
    const pod = startPod(h, t, {
      name,
      ns: spec.ns,
      container: spec.container,
      ...(spec.volume ? { volume: spec.volume } : {}),
      // these pods survived the reboot: created days before it
      uidTime: h.cfg.boot - rs(r, 86_400, 900_000),
    });
    if (spec.volume && !mounted) {
      cephMount(h, t + rms(r, 300, 420));
      mounted = true;
    }
    if (spec.rollout) old.push({ pod, spec });
    else result.set(spec.name, pod);
    t += rms(r, 400, 1500);
  }
  for (const { pod: oldPod, spec } of old) {
    const when = spec.rollout ?? 0;
    const pod = startPod(h, when, {
      name: spec.name,
      ns: spec.ns,
      container: spec.container,
      ...(spec.volume ? { volume: spec.volume } : {}),
      probe: spec.probe ?? false,
      uidTime: when - rms(r, 150, 600),
    });
    result.set(spec.name, pod);
    stopPod(h, when + rs(r, 25, 45), oldPod, { completed: false });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Userland noise in the journal window
// ---------------------------------------------------------------------------------------------

function periodicNoise(h: Host): void {
  const r = h.rng;
  const from = Math.min(h.cfg.journalFrom, h.cfg.kubeletLogFrom) - 15 * 60 * S;
  const to = h.cfg.capture.journal;
  // sysstat sa1 every ten minutes, cron.hourly at :01
  for (let m = Math.ceil(from / (600 * S)) * 600 * S; m < to; m += 600 * S) {
    const t = m + S + rms(r, 8, 60);
    cronSession(h, t, '/usr/lib64/sa/sa1 1 1');
    const c = civil(m);
    if (c.mi === 0) {
      const th = m + 61 * S + rms(r, 8, 60);
      if (th < to) cronSession(h, th, 'run-parts /etc/cron.hourly', true);
    }
  }
  // kubelet: [ContainerManager] every five minutes, phase so that one of them opens kubelet.log
  const phase = h.cfg.kubeletLogFrom;
  for (let t = phase - 300 * S * 4; t < h.cfg.capture.kubelet; t += 300 * S) {
    const wall = t === phase ? t : t + r.int(-3 * MS, 3 * MS);
    h.kl(
      wall,
      'I',
      'container_manager_linux.go:457',
      '[ContainerManager]: Discovered runtime cgroups name: /system.slice/docker.service',
    );
  }
  // chronyd now and then
  const chrony = from + rs(r, 40 * 60, 120 * 60);
  h.o(chrony, 'chronyd', h.cfg.pids.chronyd, `Selected source 10.99.0.${r.pick([2, 3])}`);
  // systemd-tmpfiles-clean.timer: 15 min after boot, then daily
  const dayUs = 86_400 * S;
  for (let t = h.cfg.boot + 15 * 60 * S + rs(r, 0, 40); t < to; t += dayUs) {
    if (t < from) continue;
    h.o(t, 'systemd', 1, 'Starting Cleanup of Temporary Directories...');
    h.o(t + rms(r, 20, 90), 'systemd', 1, 'Started Cleanup of Temporary Directories.');
  }
  // hourly configuration drift check from the ansible host
  const minute = 7 + h.cfg.index * 13;
  for (let m = Math.ceil(from / (3600 * S)) * 3600 * S + minute * 60 * S; m < to - 60 * S; m += 3600 * S) {
    ansibleCheck(h, m + rs(r, 2, 9));
  }
  // watch-based secret/configmap manager: reflector watches expire now and then
  // (resource versions are etcd revisions: they grow with time across all objects)
  const expiries: { t: number; obj: string }[] = [];
  for (const obj of reflectorObjects(h)) {
    for (let t = from + rs(r, 0, 50 * 60); t < to; t += rs(r, 35 * 60, 95 * 60)) expiries.push({ t, obj });
  }
  expiries.sort((a, b) => a.t - b.t);
  let rv = 48_102_000 + r.int(0, 90_000);
  for (const { t, obj } of expiries) {
    const seen = rv - r.int(600, 2500);
    rv += r.int(900, 4000);
    const kind = obj.includes('token') ? '*v1.Secret' : '*v1.ConfigMap';
    h.kl(
      t,
      'W',
      'reflector.go:289',
      `${obj}: watch of ${kind} ended with: too old resource version: ${seen} (${rv})`,
    );
  }
  // a readiness probe that times out once in a while
  const flaky = [...h.pods.values()].find((p) => p.ns === 'kube-system' || p.ns === 'ingress-nginx');
  if (flaky) {
    const port = flaky.ns === 'kube-system' ? '8080/health' : '10254/healthz';
    for (let i = 0; i < 2; i++) {
      h.kl(
        from + rs(r, 20 * 60, 270 * 60),
        'I',
        'prober.go:112',
        `Readiness probe for "${fullName(flaky)}:${flaky.container}" failed (failure): Get http://${flaky.ip}:${port}: net/http: request canceled (Client.Timeout exceeded while awaiting headers)`,
      );
    }
  }
  // image garbage collection on the node with the fullest image filesystem
  if (h.cfg.index === 2) {
    let t = nov12(8, 41, 7, r.int(0, 999_999));
    h.kl(
      t,
      'I',
      'image_gc_manager.go:300',
      '[imageGCManager]: Disk usage on image filesystem is at 86% which is over the high threshold (85%). Trying to free 2469298380 bytes down to the low threshold (80%).',
    );
    for (const bytes of [412330125, 1088431566, 997114870]) {
      t += rms(r, 2, 40);
      h.kl(
        t,
        'I',
        'image_gc_manager.go:371',
        `[imageGCManager]: Removing image "sha256:${r.hex(64)}" to free ${bytes} bytes`,
      );
    }
  }
  // cadvisor: slow du on a container layer
  for (let i = 0; i < 2; i++) {
    const t = from + rs(r, 30 * 60, 280 * 60);
    const took = `1.${String(r.int(0, 999_999_999)).padStart(9, '0')}s`;
    h.kl(
      t,
      'I',
      'fsHandler.go:135',
      `du and find on following dirs took ${took}: [/var/lib/docker/overlay2/${r.hex(64)}/diff /var/lib/docker/containers/${r.hex(64)}]; will not log again for this container unless duration exceeds 2s`,
    );
  }
}

function reflectorObjects(h: Host): string[] {
  const objs = ['object-"kube-system"/"kube-proxy"', 'object-"kube-system"/"kube-flannel-cfg"'];
  const namespaces = new Set([...h.pods.values()].map((p) => p.ns));
  for (const ns of namespaces) objs.push(`object-"${ns}"/"${SECRETS[ns] ?? 'default-token-zz2qk'}"`);
  return objs;
}

function ansibleCheck(h: Host, t: number): void {
  const r = h.rng;
  const sshd = h.nextPid(30, 200);
  const session = h.nextSession();
  const port = r.int(40000, 60999);
  const logind = h.cfg.pids.logind;
  h.o(
    t,
    'sshd',
    sshd,
    `Accepted publickey for ansible from 10.99.0.20 port ${port} ssh2: RSA SHA256:tV0qJ8mXc2LrS5yH1wK9dF4gN7bZ3pE6uA2oI8vC0jQ`,
  );
  h.o(t + rms(r, 7, 11), 'systemd', 1, 'Created slice User Slice of ansible.');
  h.o(t + rms(r, 11, 13), 'systemd-logind', logind, `New session ${session} of user ansible.`);
  h.o(t + rms(r, 13, 16), 'systemd', 1, `Started Session ${session} of user ansible.`);
  h.o(t + rms(r, 25, 40), 'sshd', sshd, 'pam_unix(sshd:session): session opened for user ansible by (uid=0)');
  const sudoPid = h.nextPid(20, 90);
  const s = t + rms(r, 380, 700);
  const tmp = `ansible-tmp-${Math.floor(s / S)}.${String(r.int(1, 99)).padStart(2, '0')}-${r.int(10_000_000_000_000, 281_474_976_710_655)}`;
  const become = r.fromAlphabet('abcdefghijklmnopqrstuvwxyz', 32);
  h.o(
    s,
    'sudo',
    sudoPid,
    ` ansible : TTY=unknown ; PWD=/home/ansible ; USER=root ; COMMAND=/bin/sh -c echo BECOME-SUCCESS-${become}; /usr/bin/python /home/ansible/.ansible/tmp/${tmp}/AnsiballZ_command.py`,
  );
  h.o(s + rms(r, 1, 3), 'sudo', sudoPid, 'pam_unix(sudo:session): session opened for user root by (uid=0)');
  h.o(
    s + rms(r, 250, 420),
    'ansible-command',
    sudoPid + 2,
    'Invoked with warn=True executable=None _uses_shell=False strip_empty_ends=True _raw_params=systemctl is-active kubelet docker cachefilesd removes=None argv=None creates=None chdir=None stdin_add_newline=True stdin=None',
  );
  const e = s + rms(r, 480, 700);
  h.o(e, 'sudo', sudoPid, 'pam_unix(sudo:session): session closed for user root');
  h.o(
    e + rms(r, 150, 300),
    'sshd',
    sshd + 2,
    `Received disconnect from 10.99.0.20 port ${port}:11: disconnected by user`,
  );
  h.o(e + rms(r, 301, 310), 'sshd', sshd + 2, `Disconnected from 10.99.0.20 port ${port}`);
  h.o(e + rms(r, 311, 320), 'sshd', sshd, 'pam_unix(sshd:session): session closed for user ansible');
  h.o(e + rms(r, 321, 330), 'systemd-logind', logind, `Removed session ${session}.`);
  h.o(e + rms(r, 331, 340), 'systemd', 1, 'Removed slice User Slice of ansible.');
}

function cronSession(h: Host, t: number, cmd: string, hourly = false): void {
  const r = h.rng;
  const session = h.nextSession();
  const pid = h.nextPid(60, 400);
  h.o(t, 'systemd', 1, 'Created slice User Slice of root.');
  h.o(t + rms(r, 2, 6), 'systemd', 1, `Started Session ${session} of user root.`);
  h.o(t + rms(r, 8, 14), 'CROND', pid, `(root) CMD (${cmd})`);
  let end = t + rms(r, 200, 600);
  if (hourly) {
    const rp = pid + r.int(2, 5);
    h.o(t + rms(r, 20, 30), 'run-parts(/etc/cron.hourly)', rp, 'starting 0anacron');
    end = t + rms(r, 40, 60);
    h.o(end, 'run-parts(/etc/cron.hourly)', rp + r.int(2, 4), 'finished 0anacron');
    end += rms(r, 2, 8);
  }
  h.o(end, 'systemd', 1, 'Removed slice User Slice of root.');
}

/** An operator logs in, looks around with sudo and at the end collects the three files. */
function operator(h: Host, login: number, peeks: { t: number; cmd: string; dur: number }[]): void {
  const r = h.rng;
  const sshd = h.nextPid(20, 80);
  const session = h.nextSession();
  h.o(
    login,
    'sshd',
    sshd,
    `Accepted publickey for centos from 10.99.0.15 port ${r.int(40000, 60999)} ssh2: RSA SHA256:Hn4wQ2bJc7nVYk1pLxRu8sT0eZfGm3dA6hKqW9oN5yE`,
  );
  h.o(login + 9 * MS, 'systemd', 1, 'Created slice User Slice of centos.');
  h.o(login + 12 * MS, 'systemd-logind', h.cfg.pids.logind, `New session ${session} of user centos.`);
  h.o(login + 14 * MS, 'systemd', 1, `Started Session ${session} of user centos.`);
  h.o(login + 31 * MS, 'sshd', sshd, 'pam_unix(sshd:session): session opened for user centos by (uid=0)');
  const sudo = (t: number, cmd: string, dur: number | undefined): void => {
    const pid = h.nextPid(8, 60);
    h.o(t, 'sudo', pid, `  centos : TTY=pts/0 ; PWD=/home/centos ; USER=root ; COMMAND=${cmd}`);
    h.o(
      t + rms(r, 1, 3),
      'sudo',
      pid,
      'pam_unix(sudo:session): session opened for user root by centos(uid=0)',
    );
    if (dur !== undefined) h.o(t + dur, 'sudo', pid, 'pam_unix(sudo:session): session closed for user root');
  };
  for (const p of peeks) sudo(p.t, p.cmd, p.dur);
  const c = h.cfg.capture;
  sudo(c.dmesg - 4 * MS, '/bin/dmesg', 38 * MS);
  sudo(
    c.kubelet - 4 * MS,
    '/bin/cp /var/log/kubernetes/kubelet.log /home/centos/incident-20191112/',
    61 * MS,
  );
  // journalctl reads the journal right after sudo logged the session: its close is not in the output
  sudo(c.journal - 4 * MS, '/bin/journalctl --no-pager', undefined);
}

// ---------------------------------------------------------------------------------------------
// The incident
// ---------------------------------------------------------------------------------------------

/** The pre-5.3 `get_quota_realm` loop, ratelimited (burst 10 per 5 s window) until the capture. */
function quotaLoop(h: Host, first: number, until: number): void {
  const r = h.rng;
  let t = first;
  let missed = 0;
  for (let window = 0; t <= until; window++) {
    let u = t;
    if (missed > 0) {
      h.k(u, `get_quota_realm: ${missed} callbacks suppressed`, T.quotaSuppressed);
      u += r.int(6, 30);
    }
    const full = window < 3 || r.chance(0.9);
    const n = full ? 10 : r.int(2, 9);
    for (let i = 0; i < n; i++) {
      h.k(u, `ceph: get_quota_realm: ino (${QUOTA_INO}) null i_snap_realm`, T.quotaNullRealm);
      u += r.chance(0.18) ? rms(r, 1, 420) : r.int(4, 70);
    }
    missed = full ? r.int(3, 430) : 0;
    const roll = r.next();
    const idle = roll < 0.45 ? rms(r, 50, 8000) : roll < 0.8 ? rms(r, 8000, 28000) : rms(r, 28000, 55000);
    t = t + 5 * S + idle;
  }
}

/** The app on a cephfs pod dies on EACCES; every restart then fails with `mkdir …: file exists`. */
function podFailure(h: Host, pod: Pod, die: number, firstAttempt: number, until: number): void {
  const r = h.rng;
  const fp = fullName(pod);
  if (pod.probe) {
    for (let i = 2; i >= 0; i--) {
      h.kl(
        die - i * 10 * S - rms(r, 2, 40),
        'I',
        'prober.go:112',
        `Liveness probe for "${fp}:${pod.container}" failed (failure): Get http://${pod.ip}:8080/healthz: net/http: request canceled (Client.Timeout exceeded while awaiting headers)`,
      );
    }
    h.kl(
      die + rms(r, 2, 6),
      'I',
      'kuberuntime_container.go:581',
      `Killing container "docker://${pod.containerId}" with 30 second grace period`,
    );
  }
  const reaped = die + rms(r, 250, 700);
  h.containerd(reaped, `"shim reaped" id=${pod.containerId}`);
  h.kl(reaped + rms(r, 400, 900), 'I', 'kubelet.go:1933', pleg(pod, 'ContainerDied', pod.containerId));

  const vol = pod.volume ?? 'shared-data';
  const src = cephSource(pod, vol);
  const daemonErr = `error while creating mount source path '${src}': mkdir ${src}: file exists`;
  let attemptAt = firstAttempt;
  for (let k = 0; attemptAt <= until; k++) {
    const id = r.hex(64);
    const created = attemptAt - rms(r, 60, 140);
    h.o(
      created,
      'dockerd',
      h.cfg.pids.dockerd,
      `time="${h.dockerTs(created)}" level=warning msg="Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap."`,
    );
    h.o(
      attemptAt,
      'dockerd',
      h.cfg.pids.dockerd,
      `time="${h.dockerTs(attemptAt)}" level=error msg="Handler for POST /${DOCKER_API}/containers/${id}/start returned error: ${daemonErr}"`,
      T.dockerdFileExists,
    );
    const msg = `failed to start container "${id}": Error response from daemon: ${daemonErr}`;
    h.kl(
      attemptAt + r.int(500, 1400),
      'E',
      'remote_runtime.go:222',
      `StartContainer "${id}" from runtime service failed: rpc error: code = Unknown desc = ${msg}`,
      T.startContainer,
    );
    h.kl(
      attemptAt + r.int(1500, 2100),
      'E',
      'kuberuntime_manager.go:783',
      `container start failed: RunContainerError: ${msg}`,
      T.containerStartFailed,
    );
    h.kl(
      attemptAt + r.int(2200, 3000),
      'E',
      'pod_workers.go:190',
      `Error syncing pod ${pod.uid} ("${fp}"), skipping: failed to "StartContainer" for "${pod.container}" with RunContainerError: ${goQuote(msg)}`,
      T.errorSyncingPod,
    );
    const backoffS = Math.min(10 * 2 ** k, 300);
    const allowed = attemptAt + backoffS * S;
    let sync = attemptAt + rms(r, 700, 1100);
    h.kl(sync - rms(r, 5, 15), 'I', 'kubelet.go:1933', pleg(pod, 'ContainerDied', id));
    while (sync < allowed && sync <= until) {
      h.kl(
        sync,
        'E',
        'pod_workers.go:190',
        `Error syncing pod ${pod.uid} ("${fp}"), skipping: failed to "StartContainer" for "${pod.container}" with CrashLoopBackOff: "Back-off ${goDuration(backoffS * 1000)} restarting failed container=${pod.container} pod=${fp}"`,
      );
      sync += rms(r, 10_000, 15_000);
    }
    attemptAt = sync + rms(r, 90, 240);
  }
}

interface Orphan {
  pod: Pod;
  from: number;
}

/** The operator deletes a stuck pod: the dead cephfs mount cannot be torn down, the pod dir stays. */
function deleteStuckPod(h: Host, pod: Pod, del: number, until: number): Orphan {
  const r = h.rng;
  const fp = fullName(pod);
  const vol = pod.volume ?? 'shared-data';
  h.kl(del, 'I', 'kubelet.go:1904', `SyncLoop (DELETE, "api"): "${fp}"`);
  let u = del + rms(r, 120, 300);
  vethDown(h, u, pod.veth);
  u += rms(r, 150, 300);
  h.containerd(u, `"shim reaped" id=${pod.sandboxId}`);
  u += rms(r, 600, 900);
  h.kl(u, 'I', 'kubelet.go:1933', pleg(pod, 'ContainerDied', pod.sandboxId));
  u += rms(r, 200, 500);
  h.kl(u, 'I', 'kubelet.go:1904', `SyncLoop (DELETE, "api"): "${fp}"`);
  u += rms(r, 3, 8);
  const gone = u;
  h.kl(gone, 'I', 'kubelet.go:1898', `SyncLoop (REMOVE, "api"): "${fp}"`);
  u += rms(r, 40, 90);
  h.kl(u, 'W', 'pod_container_deletor.go:75', `Container "${pod.sandboxId}" not found in pod's containers`);
  u += rms(r, 50, 110);
  const secretUnique = volumeUnique(pod, pod.secret, 'secret');
  const cephUnique = volumeUnique(pod, vol, 'cephfs');
  h.kl(
    u,
    'I',
    'reconciler.go:181',
    `operationExecutor.UnmountVolume started for volume "${pod.secret}" (UniqueName: "${secretUnique}") pod "${pod.uid}" (UID: "${pod.uid}")`,
  );
  h.kl(
    u + r.int(100, 400),
    'I',
    'reconciler.go:181',
    `operationExecutor.UnmountVolume started for volume "${vol}" (UniqueName: "${cephUnique}") pod "${pod.uid}" (UID: "${pod.uid}")`,
  );
  h.kl(
    u + rms(r, 7, 12),
    'I',
    'operation_generator.go:831',
    `UnmountVolume.TearDown succeeded for volume "${secretUnique}" (OuterVolumeSpecName: "${pod.secret}") pod "${pod.uid}" (UID: "${pod.uid}"). InnerVolumeSpecName "${pod.secret}". PluginName "kubernetes.io/secret", VolumeGidValue ""`,
  );
  h.kl(
    u + rms(r, 105, 130),
    'I',
    'reconciler.go:301',
    `Volume detached for volume "${pod.secret}" (UniqueName: "${secretUnique}") on node "${h.name}" DevicePath ""`,
  );
  // TearDown of the dead cephfs mount fails; nestedpendingoperations backs off 500ms … 2m2s
  let attempt = u + rms(r, 1, 3);
  let backoffMs = 500;
  for (let first = true; attempt <= until; first = false) {
    if (!first) {
      h.kl(
        attempt,
        'I',
        'reconciler.go:181',
        `operationExecutor.UnmountVolume started for volume "${vol}" (UniqueName: "${cephUnique}") pod "${pod.uid}" (UID: "${pod.uid}")`,
      );
    }
    const failedAt = attempt + r.int(900, 2200);
    const inner = `UnmountVolume.TearDown failed for volume "${vol}" (UniqueName: "${cephUnique}") pod "${pod.uid}" (UID: "${pod.uid}") : stat ${cephSource(pod, vol)}: permission denied`;
    const key = `"${cephUnique}" ("${pod.uid}")`;
    h.kl(
      failedAt,
      'E',
      'nestedpendingoperations.go:270',
      `Operation for ${goQuote(key)} failed. No retries permitted until ${goTimeString(failedAt + backoffMs * MS, r.int(0, 999), h.kubeletStart)} (durationBeforeRetry ${goDuration(backoffMs)}). Error: ${goQuote(inner)}`,
      T.teardownFailed,
    );
    attempt = failedAt + backoffMs * MS + rms(r, 1, 99);
    backoffMs = Math.min(backoffMs * 2, 122_000);
  }
  return { pod, from: gone + rms(r, 300, 1700) };
}

/**
 * kubelet housekeeping (every 2 s): each orphaned pod whose cephfs dir cannot be stat'ed logs
 * `pod "…" found, but error stat …: permission denied …`; every ~2 min an orphaned-pod rollup.
 */
function housekeeping(
  h: Host,
  orphans: Orphan[],
  rollup: { uid: string; count: number; from: number },
  until: number,
): void {
  const r = h.rng;
  const start = Math.min(...orphans.map((o) => o.from));
  let nextRollup = rollup.from;
  for (let tick = start; tick <= until; tick += 2 * S + rms(r, 0, 6)) {
    let u = tick + rms(r, 0, 9);
    for (const o of orphans) {
      if (o.from > tick) continue;
      const vol = o.pod.volume ?? 'shared-data';
      h.kl(
        u,
        'E',
        'kubelet_volumes.go:66',
        `pod "${o.pod.uid}" found, but error stat ${cephSource(o.pod, vol)}: permission denied occurred during checking mounted volumes from disk`,
        T.podStatDenied,
      );
      u += r.int(200, 900);
    }
    if (tick >= nextRollup) {
      h.kl(
        u + r.int(100, 600),
        'E',
        'kubelet_volumes.go:155',
        `Orphaned pod "${rollup.uid}" found, but volume paths are still present on disk : There were a total of ${rollup.count} errors similar to this. Turn up verbosity to see them.`,
        T.orphanRollup,
      );
      nextRollup = tick + rs(r, 114, 127);
    }
  }
}

/** The operator also cleans up completed Job pods; their leftover volume dirs show in the rollup. */
function deleteCompletedPods(h: Host, at: number, count: number): string[] {
  const r = h.rng;
  const before = h.cronPods.filter((c) => c.end < at - 600 * S).slice(-count);
  let u = at;
  for (const c of before) {
    h.kl(u, 'I', 'kubelet.go:1904', `SyncLoop (DELETE, "api"): "${fullName(c.pod)}"`);
    h.kl(u + rms(r, 4, 9), 'I', 'kubelet.go:1898', `SyncLoop (REMOVE, "api"): "${fullName(c.pod)}"`);
    u += rms(r, 200, 700);
  }
  if (before.length === 0) throw new Error(`${h.name}: no completed cron pod to clean up`);
  return before.map((c) => c.pod.uid);
}

function kmsg(h: Host, wall: number, msg: string, t: Tag): void {
  h.k(wall, msg, t);
}

// Per-host cascades. The first event of every stage on every host sits at .30–.70 s (checked below).

function cascadeWorker1(h: Host, pods: Map<string, Pod>): void {
  const mon = `mon0 ${MON_ADDRS[0]}`;
  kmsg(h, nov12(10, 14, 3, 412_318), `libceph: ${mon} socket closed (con state OPEN)`, T.socketClosed);
  kmsg(h, nov12(10, 14, 3, 412_529), `libceph: ${mon} session lost, hunting for new mon`, T.hunting);
  kmsg(h, nov12(10, 18, 58, 517_204), 'ceph: mds0 hung', T.hung);
  kmsg(h, nov12(10, 19, 11, 904_662), `libceph: mon2 ${MON_ADDRS[2]} session established`, T.established);
  kmsg(
    h,
    nov12(10, 19, 14, 338_912),
    `libceph: mds0 ${MDS_ADDR} socket closed (con state OPEN)`,
    T.socketClosed,
  );
  kmsg(h, nov12(10, 19, 14, 351_208), `libceph: mds0 ${MDS_ADDR} connection reset`, T.connectionReset);
  kmsg(h, nov12(10, 19, 14, 351_231), 'libceph: reset on mds0', T.resetOnMds);
  kmsg(h, nov12(10, 19, 14, 351_266), 'ceph: mds0 closed our session', T.closedOurSession);
  kmsg(h, nov12(10, 19, 14, 351_318), 'ceph: mds0 reconnect start', T.reconnectStart);
  kmsg(h, nov12(10, 19, 14, 372_455), 'ceph: mds0 reconnect denied', T.reconnectDenied);
  kmsg(
    h,
    nov12(10, 19, 14, 374_906),
    'ceph:  dropping dirty Fw state for ffff9d9085da1340 1099512175611',
    T.droppingDirty,
  );
  kmsg(
    h,
    nov12(10, 19, 14, 374_951),
    `ceph:  dropping dirty Fw state for ${h.inodePtr()} 1099512175618`,
    T.droppingDirty,
  );
  kmsg(
    h,
    nov12(10, 19, 14, 375_012),
    `ceph:  dropping dirty+flushing Fw state for ${h.inodePtr()} 1099512174987`,
    T.droppingDirty,
  );
  kmsg(h, nov12(10, 19, 15, 961_447), 'ceph: mds0 rejected session', T.rejectedSession);
  kmsg(
    h,
    nov12(10, 19, 17, 207_381),
    'libceph: osd4 10.99.10.22:6804 socket closed (con state OPEN)',
    T.socketClosed,
  );
  kmsg(h, nov12(10, 19, 34, 418_730), 'ceph: mds0 caps stale', T.capsStale);
  quotaLoop(h, nov12(10, 19, 36, 442_917), h.cfg.capture.journal);

  const web = need(pods, 'web-frontend-7d9c8b6f5-x2k9p');
  const media = need(pods, 'media-worker-6b7f9d8c4-q7tmx');
  const end = h.cfg.capture.journal;
  const del = nov12(10, 24, 46, 208_114);
  podFailure(h, media, nov12(10, 20, 11, 820_336), nov12(10, 20, 13, 406_552), del);
  podFailure(h, web, nov12(10, 20, 16, 304_119), nov12(10, 20, 17, 951_208), end);
  const orphan = deleteStuckPod(h, media, del, end);
  const uids = deleteCompletedPods(h, del + 19 * S + 417 * MS, 2);
  housekeeping(h, [orphan], { uid: uids[0] ?? '', count: uids.length, from: del + 95 * S }, end);
  operator(h, nov12(10, 23, 9, 774_120), [
    { t: nov12(10, 23, 31, 118_400), cmd: '/bin/dmesg -T', dur: 41 * MS },
    { t: nov12(10, 23, 58, 604_912), cmd: '/bin/grep ceph /proc/mounts', dur: 6 * MS },
    {
      t: nov12(10, 26, 40, 290_551),
      cmd: `/bin/ls -la /var/lib/kubelet/pods/${media.uid}/volumes/kubernetes.io~cephfs/`,
      dur: 9 * MS,
    },
  ]);
}

function cascadeWorker2(h: Host, pods: Map<string, Pod>): void {
  const mon = `mon1 ${MON_ADDRS[1]}`;
  kmsg(
    h,
    nov12(10, 14, 40, 531_806),
    `libceph: mds0 ${MDS_ADDR} socket closed (con state OPEN)`,
    T.socketClosed,
  );
  kmsg(h, nov12(10, 14, 40, 533_117), `libceph: ${mon} socket closed (con state OPEN)`, T.socketClosed);
  kmsg(h, nov12(10, 14, 40, 533_342), `libceph: ${mon} session lost, hunting for new mon`, T.hunting);
  kmsg(
    h,
    nov12(10, 16, 48, 902_517),
    `libceph: mds0 ${MDS_ADDR} socket closed (con state CONNECTING)`,
    T.socketClosed,
  );
  kmsg(
    h,
    nov12(10, 18, 57, 305_880),
    `libceph: mds0 ${MDS_ADDR} socket closed (con state CONNECTING)`,
    T.socketClosed,
  );
  kmsg(h, nov12(10, 19, 35, 447_096), 'ceph: mds0 hung', T.hung);
  kmsg(h, nov12(10, 19, 51, 462_775), `libceph: mds0 ${MDS_ADDR} connection reset`, T.connectionReset);
  kmsg(h, nov12(10, 19, 51, 462_803), 'libceph: reset on mds0', T.resetOnMds);
  kmsg(h, nov12(10, 19, 51, 462_841), 'ceph: mds0 closed our session', T.closedOurSession);
  kmsg(h, nov12(10, 19, 51, 462_902), 'ceph: mds0 reconnect start', T.reconnectStart);
  kmsg(h, nov12(10, 19, 51, 481_330), 'ceph: mds0 reconnect denied', T.reconnectDenied);
  kmsg(
    h,
    nov12(10, 19, 51, 483_612),
    `ceph:  dropping dirty+flushing Fw state for ${h.inodePtr()} 1099512176044`,
    T.droppingDirty,
  );
  kmsg(
    h,
    nov12(10, 19, 51, 483_669),
    `ceph:  dropping dirty Fw state for ${h.inodePtr()} 1099512176051`,
    T.droppingDirty,
  );
  kmsg(
    h,
    nov12(10, 19, 51, 483_702),
    `ceph:  dropping dirty Fw state for ${h.inodePtr()} 1099512175907`,
    T.droppingDirty,
  );
  kmsg(
    h,
    nov12(10, 19, 51, 483_740),
    `ceph:  dropping dirty Fw state for ${h.inodePtr()} 1099512176063`,
    T.droppingDirty,
  );
  kmsg(h, nov12(10, 19, 52, 917_254), `libceph: mon0 ${MON_ADDRS[0]} session established`, T.established);
  kmsg(h, nov12(10, 19, 53, 806_121), 'ceph: mds0 rejected session', T.rejectedSession);
  kmsg(h, nov12(10, 20, 8, 539_474), 'ceph: mds0 caps stale', T.capsStale);
  quotaLoop(h, nov12(10, 20, 10, 611_085), h.cfg.capture.journal);

  const web = need(pods, 'web-frontend-7d9c8b6f5-m4r8z');
  const thumb = need(pods, 'thumbnailer-5c6d7f8b9-h2j6w');
  const end = h.cfg.capture.journal;
  const del = nov12(10, 27, 13, 671_020);
  podFailure(h, web, nov12(10, 20, 50, 866_402), nov12(10, 20, 52, 357_119), end);
  podFailure(h, thumb, nov12(10, 20, 57, 290_845), nov12(10, 20, 59, 124_733), del);
  const orphan = deleteStuckPod(h, thumb, del, end);
  const uids = deleteCompletedPods(h, del + 24 * S + 96 * MS, 2);
  housekeeping(h, [orphan], { uid: uids[0] ?? '', count: uids.length, from: del + 71 * S }, end);
  operator(h, nov12(10, 25, 52, 108_446), [
    { t: nov12(10, 26, 3, 770_215), cmd: '/bin/dmesg -T', dur: 52 * MS },
    { t: nov12(10, 26, 41, 402_339), cmd: '/bin/df -h', dur: 30_004 * MS },
  ]);
}

function cascadeWorker3(h: Host, pods: Map<string, Pod>): void {
  const mon = `mon2 ${MON_ADDRS[2]}`;
  kmsg(h, nov12(10, 16, 5, 346_270), `libceph: ${mon} socket closed (con state OPEN)`, T.socketClosed);
  kmsg(h, nov12(10, 16, 5, 346_488), `libceph: ${mon} session lost, hunting for new mon`, T.hunting);
  kmsg(h, nov12(10, 20, 59, 622_940), 'ceph: mds0 hung', T.hung);
  kmsg(
    h,
    nov12(10, 21, 16, 509_631),
    `libceph: mds0 ${MDS_ADDR} socket closed (con state OPEN)`,
    T.socketClosed,
  );
  kmsg(h, nov12(10, 21, 16, 521_047), `libceph: mds0 ${MDS_ADDR} connection reset`, T.connectionReset);
  kmsg(h, nov12(10, 21, 16, 521_070), 'libceph: reset on mds0', T.resetOnMds);
  kmsg(h, nov12(10, 21, 16, 521_112), 'ceph: mds0 closed our session', T.closedOurSession);
  kmsg(h, nov12(10, 21, 16, 521_169), 'ceph: mds0 reconnect start', T.reconnectStart);
  kmsg(h, nov12(10, 21, 16, 538_802), 'ceph: mds0 reconnect denied', T.reconnectDenied);
  kmsg(
    h,
    nov12(10, 21, 16, 540_377),
    `ceph:  dropping dirty Fw state for ${h.inodePtr()} 1099512177302`,
    T.droppingDirty,
  );
  kmsg(h, nov12(10, 21, 18, 112_560), 'ceph: mds0 rejected session', T.rejectedSession);
  kmsg(h, nov12(10, 21, 19, 240_118), `libceph: mon0 ${MON_ADDRS[0]} session established`, T.established);
  kmsg(h, nov12(10, 21, 32, 455_903), 'ceph: mds0 caps stale', T.capsStale);
  quotaLoop(h, nov12(10, 21, 33, 527_661), h.cfg.capture.journal);

  const media = need(pods, 'media-worker-6b7f9d8c4-w9n2c');
  const cms = need(pods, 'cms-api-84f7c9d6b-5lq8v');
  const web = need(pods, 'web-frontend-7d9c8b6f5-t6v3n');
  const end = h.cfg.capture.journal;
  const del1 = nov12(10, 29, 2, 448_902);
  const del2 = nov12(10, 52, 30, 117_554);
  podFailure(h, media, nov12(10, 22, 15, 702_318), nov12(10, 22, 17, 433_906), end);
  podFailure(h, cms, nov12(10, 22, 20, 118_045), nov12(10, 22, 21, 860_547), del1);
  podFailure(h, web, nov12(10, 22, 31, 912_774), nov12(10, 22, 33, 508_190), del2);
  const o1 = deleteStuckPod(h, cms, del1, end);
  const uids = deleteCompletedPods(h, del1 + 14 * S + 733 * MS, 3);
  const o2 = deleteStuckPod(h, web, del2, end);
  housekeeping(h, [o1, o2], { uid: uids[0] ?? '', count: uids.length, from: del1 + 88 * S }, end);
  operator(h, nov12(10, 28, 1, 406_781), [
    { t: nov12(10, 28, 14, 901_227), cmd: '/bin/dmesg -T', dur: 47 * MS },
    { t: nov12(10, 31, 20, 557_018), cmd: '/bin/systemctl status cachefilesd', dur: 22 * MS },
  ]);
}

function need(pods: Map<string, Pod>, name: string): Pod {
  const p = pods.get(name);
  if (!p) throw new Error(`missing pod ${name}`);
  return p;
}

/** A few kernel lines a long-running VM prints now and then. */
function kernelOddities(h: Host, items: { t: number; msg: string }[]): void {
  for (const it of items) h.k(it.t, it.msg);
}

// ---------------------------------------------------------------------------------------------
// Hosts
// ---------------------------------------------------------------------------------------------

const ROLLOUT_SHOP = utcUs(2019, 11, 8, 14, 22, 7, 0);
const ROLLOUT_CONTENT = utcUs(2019, 11, 9, 10, 5, 41, 0);

const HOSTS: HostConfig[] = [
  {
    name: 'k8s-worker-1',
    index: 1,
    seed: SEED + 1,
    boot: utcUs(2019, 11, 5, 2, 41, 17, 204_118),
    directMap: 0xffff9d8c80000000n,
    clientId: 176873,
    mountMon: 0,
    cpuSchedOffset: 6293840981,
    pids: {
      kubelet: 1187,
      dockerd: 1043,
      containerd: 1021,
      networkManager: 701,
      chronyd: 689,
      logind: 706,
      journald: 545,
      auditd: 662,
    },
    journalFrom: nov12(6, 0, 1, 0),
    kubeletLogFrom: nov12(6, 0, 1, 263_540),
    capture: {
      dmesg: nov12(11, 2, 9, 802_331),
      kubelet: nov12(11, 2, 13, 517_604),
      journal: nov12(11, 2, 17, 318_227),
    },
    sessionAtNoiseStart: 8729,
    pidAtNoiseStart: 18020,
  },
  {
    name: 'k8s-worker-2',
    index: 2,
    seed: SEED + 2,
    boot: utcUs(2019, 11, 3, 13, 5, 42, 611_930),
    directMap: 0xffff8e2a40000000n,
    clientId: 174406,
    mountMon: 1,
    cpuSchedOffset: 5517204466,
    pids: {
      kubelet: 1203,
      dockerd: 1051,
      containerd: 1019,
      networkManager: 698,
      chronyd: 684,
      logind: 703,
      journald: 541,
      auditd: 657,
    },
    journalFrom: nov12(5, 50, 1, 0),
    kubeletLogFrom: nov12(5, 47, 33, 402_117),
    capture: {
      dmesg: nov12(11, 3, 33, 914_506),
      kubelet: nov12(11, 3, 37, 640_112),
      journal: nov12(11, 3, 41, 207_449),
    },
    sessionAtNoiseStart: 11402,
    pidAtNoiseStart: 27411,
  },
  {
    name: 'k8s-worker-3',
    index: 3,
    seed: SEED + 3,
    boot: utcUs(2019, 11, 6, 8, 52, 31, 77_402),
    directMap: 0xffffa07b00000000n,
    clientId: 177412,
    mountMon: 2,
    cpuSchedOffset: 7104418829,
    pids: {
      kubelet: 1176,
      dockerd: 1038,
      containerd: 1012,
      networkManager: 695,
      chronyd: 681,
      logind: 700,
      journald: 538,
      auditd: 652,
    },
    journalFrom: nov12(6, 10, 1, 0),
    kubeletLogFrom: nov12(6, 3, 12, 884_301),
    capture: {
      dmesg: nov12(11, 4, 44, 106_228),
      kubelet: nov12(11, 4, 48, 13_905),
      journal: nov12(11, 4, 52, 430_771),
    },
    sessionAtNoiseStart: 7214,
    pidAtNoiseStart: 14390,
  },
];

const LONG_PODS: Record<string, LongPodSpec[]> = {
  'k8s-worker-1': [
    { name: 'coredns-5c98db65d4-7qwxk', ns: 'kube-system', container: 'coredns' },
    {
      name: 'web-frontend-7d9c8b6f5-x2k9p',
      ns: 'shop',
      container: 'web',
      volume: 'shared-data',
      probe: true,
      rollout: ROLLOUT_SHOP + 2 * S,
    },
    {
      name: 'media-worker-6b7f9d8c4-q7tmx',
      ns: 'shop',
      container: 'worker',
      volume: 'uploads',
      rollout: ROLLOUT_SHOP + 31 * S,
    },
  ],
  'k8s-worker-2': [
    {
      name: 'nginx-ingress-controller-6d4f7c9b8-zs5pl',
      ns: 'ingress-nginx',
      container: 'nginx-ingress-controller',
    },
    {
      name: 'web-frontend-7d9c8b6f5-m4r8z',
      ns: 'shop',
      container: 'web',
      volume: 'shared-data',
      probe: true,
      rollout: ROLLOUT_SHOP + 58 * S,
    },
    {
      name: 'thumbnailer-5c6d7f8b9-h2j6w',
      ns: 'shop',
      container: 'thumbnailer',
      volume: 'uploads',
      rollout: ROLLOUT_SHOP + 9 * S,
    },
  ],
  'k8s-worker-3': [
    { name: 'coredns-5c98db65d4-hv8mz', ns: 'kube-system', container: 'coredns' },
    {
      name: 'media-worker-6b7f9d8c4-w9n2c',
      ns: 'shop',
      container: 'worker',
      volume: 'uploads',
      rollout: ROLLOUT_SHOP + 63 * S,
    },
    {
      name: 'cms-api-84f7c9d6b-5lq8v',
      ns: 'content',
      container: 'api',
      volume: 'shared-data',
      rollout: ROLLOUT_CONTENT,
    },
    {
      name: 'web-frontend-7d9c8b6f5-t6v3n',
      ns: 'shop',
      container: 'web',
      volume: 'shared-data',
      probe: true,
      rollout: ROLLOUT_SHOP + 95 * S,
    },
  ],
};

function oddities(h: Host): { t: number; msg: string }[] {
  const r = h.rng;
  const b = h.cfg.boot;
  const list = [
    {
      t: b + rs(r, 40_000, 90_000),
      msg: 'perf: interrupt took too long (2503 > 2500), lowering kernel.perf_event_max_sample_rate to 79000',
    },
    {
      t: b + rs(r, 200_000, 300_000),
      msg: 'perf: interrupt took too long (3142 > 3128), lowering kernel.perf_event_max_sample_rate to 63000',
    },
    { t: b + rs(r, 100_000, 180_000), msg: `hrtimer: interrupt took ${r.int(1_200_000, 3_900_000)} ns` },
    {
      t: b + rs(r, 320_000, 420_000),
      msg: 'TCP: request_sock_TCP: Possible SYN flooding on port 30080. Sending cookies.  Check SNMP counters.',
    },
  ];
  if (h.cfg.index === 2) {
    list.push({
      t: nov12(7, 42, 18, 506_331),
      msg: 'TCP: request_sock_TCP: Possible SYN flooding on port 30080. Sending cookies.  Check SNMP counters.',
    });
  }
  return list.map((x) => ({ t: x.t + r.int(0, 999_999), msg: x.msg }));
}

// ---------------------------------------------------------------------------------------------
// Writers
// ---------------------------------------------------------------------------------------------

interface FileOut {
  path: string; // relative to public/sample
  lines: string[];
  /** distinct event ids present in this file, by stage */
  events: Map<StageId, number>;
}

interface Included {
  kernel: Set<KernelEvent>;
  klog: Set<KlogEvent>;
  other: Set<OtherEvent>;
}

const byTime = <E extends { wall: number; seq: number }>(a: E, b: E): number =>
  a.wall - b.wall || a.seq - b.seq;

function bumpStage(m: Map<StageId, number>, t: Tag | undefined): void {
  if (t) m.set(t.stage, (m.get(t.stage) ?? 0) + 1);
}

function writeHost(h: Host, inc: Included): FileOut[] {
  const { cfg } = h;
  const files: FileOut[] = [];

  // dmesg
  const kernelSorted = [...h.kernel].sort(byTime);
  const dmesg: FileOut = { path: `${cfg.name}/dmesg.log`, lines: [], events: new Map() };
  for (const e of kernelSorted) {
    if (e.wall > cfg.capture.dmesg) continue;
    dmesg.lines.push(`${dmesgStamp(e.wall - cfg.boot)} ${e.msg}`);
    inc.kernel.add(e);
    bumpStage(dmesg.events, e.tag);
  }
  files.push(dmesg);

  // journal: receive times; kernel lines arrive 0–40 ms late, in kmsg order
  const r = new Rng(cfg.seed * 7 + 11);
  interface Entry {
    recv: number;
    seq: number;
    text: (stamp: string) => string;
    mark: () => void;
    t: Tag | undefined;
  }
  const entries: Entry[] = [];
  let lastRecv = 0;
  for (const e of kernelSorted) {
    const recv = Math.max(lastRecv + r.int(2, 9), e.wall + r.int(400, 40_000));
    lastRecv = recv;
    entries.push({
      recv,
      seq: e.seq,
      text: (st) => `${st} ${cfg.name} kernel: ${e.msg}`,
      mark: () => inc.kernel.add(e),
      t: e.tag,
    });
  }
  // one stdout/stderr stream per process: journald receives its lines in the order they were written
  const streamLast = new Map<string, number>();
  const streamRecv = (stream: string, wall: number): number => {
    const recv = Math.max((streamLast.get(stream) ?? 0) + r.int(1, 6), wall + r.int(40, 1800));
    streamLast.set(stream, recv);
    return recv;
  };
  for (const e of [...h.klog].sort(byTime)) {
    if (e.level === 'I') continue;
    entries.push({
      recv: streamRecv('kubelet', e.wall),
      seq: e.seq,
      text: (st) =>
        `${st} ${cfg.name} kubelet[${cfg.pids.kubelet}]: ${klogLine(e.level, e.wall, cfg.pids.kubelet, e.file, e.msg)}`,
      mark: () => inc.klog.add(e),
      t: e.tag,
    });
  }
  for (const e of [...h.other].sort(byTime)) {
    entries.push({
      recv: streamRecv(`${e.ident}[${e.pid ?? ''}]`, e.wall),
      seq: e.seq,
      text: (st) => `${st} ${cfg.name} ${e.ident}${e.pid === undefined ? '' : `[${e.pid}]`}: ${e.msg}`,
      mark: () => inc.other.add(e),
      t: e.tag,
    });
  }
  const inJournal = entries
    .filter((e) => e.recv >= cfg.journalFrom && e.recv <= cfg.capture.journal)
    .sort((a, b) => a.recv - b.recv || a.seq - b.seq);
  const first = inJournal[0];
  const last = inJournal[inJournal.length - 1];
  if (!first || !last) throw new Error(`${cfg.name}: empty journal`);
  const journal: FileOut = { path: `${cfg.name}/journal.log`, lines: [], events: new Map() };
  journal.lines.push(
    `-- Logs begin at ${journalHeaderStamp(first.recv)}, end at ${journalHeaderStamp(last.recv)}. --`,
  );
  for (const e of inJournal) {
    journal.lines.push(e.text(journalStamp(e.recv)));
    e.mark();
    bumpStage(journal.events, e.t);
  }
  files.push(journal);

  // kubelet.log (klog --log-file)
  const klogSorted = h.klog
    .filter((e) => e.wall >= cfg.kubeletLogFrom && e.wall <= cfg.capture.kubelet)
    .sort(byTime);
  const firstK = klogSorted[0];
  if (!firstK) throw new Error(`${cfg.name}: empty kubelet.log`);
  const created = civil(firstK.wall);
  const kubelet: FileOut = { path: `${cfg.name}/kubelet.log`, lines: [], events: new Map() };
  kubelet.lines.push(
    `Log file created at: ${created.y}/${p2(created.mo)}/${p2(created.d)} ${hms(created)}`,
    `Running on machine: ${cfg.name}`,
    'Binary: Built with gc go1.12.10 for linux/amd64',
    'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
  );
  for (const e of klogSorted) {
    kubelet.lines.push(klogLine(e.level, e.wall, cfg.pids.kubelet, e.file, e.msg));
    inc.klog.add(e);
    bumpStage(kubelet.events, e.tag);
  }
  files.push(kubelet);
  return files;
}

function cephConfigDump(): string[] {
  // Nautilus 14.2 (current in November 2019): options still carry the pre-Pacific "blacklist" names.
  const rows: string[][] = [
    ['global', '', 'advanced', 'cluster_network', '10.99.20.0/24', '*'],
    ['global', '', 'basic', 'log_to_file', 'true', ''],
    ['global', '', 'advanced', 'mon_cluster_log_to_file', 'true', ''],
    [
      'global',
      '',
      'advanced',
      'mon_host',
      '[v2:10.99.10.1:3300/0,v1:10.99.10.1:6789/0] [v2:10.99.10.2:3300/0,v1:10.99.10.2:6789/0] [v2:10.99.10.3:3300/0,v1:10.99.10.3:6789/0]',
      '*',
    ],
    ['global', '', 'advanced', 'osd_pool_default_min_size', '2', ''],
    ['global', '', 'advanced', 'osd_pool_default_size', '3', ''],
    ['global', '', 'advanced', 'public_network', '10.99.10.0/24', '*'],
    ['mon', '', 'advanced', 'mon_allow_pool_delete', 'false', ''],
    ['mon', '', 'advanced', 'mon_data_avail_warn', '15', ''],
    ['mgr', '', 'advanced', 'mgr/dashboard/ssl_server_port', '8443', '*'],
    ['mgr', '', 'advanced', 'mgr/prometheus/server_addr', '0.0.0.0', '*'],
    ['mgr', '', 'advanced', 'mgr/balancer/mode', 'upmap', '*'],
    ['mgr', '', 'advanced', 'mgr/balancer/active', 'true', '*'],
    ['osd', 'host:ceph-osd-3', 'basic', 'osd_memory_target', '6442450944', ''],
    ['osd', '', 'advanced', 'osd_scrub_begin_hour', '22', ''],
    ['osd', '', 'advanced', 'osd_scrub_end_hour', '6', ''],
    ['osd', 'class:ssd', 'advanced', 'osd_recovery_max_active', '5', ''],
    ['mds', '', 'basic', 'mds_cache_memory_limit', '8589934592', ''],
    ['mds', '', 'advanced', 'mds_session_blacklist_on_evict', 'true', ''],
    ['mds', '', 'advanced', 'mds_session_blacklist_on_timeout', 'true', ''],
    ['mds.ceph-mds-1', '', 'basic', 'mds_standby_replay', 'true', ''],
  ];
  const header = ['WHO', 'MASK', 'LEVEL', 'OPTION', 'VALUE', 'RO'];
  const widths = header.map((hd, i) => Math.max(hd.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  // TextTable pads every cell, the last one too: rows keep their trailing blanks, the header ends in "RO".
  return [fmt(header), ...rows.map(fmt)];
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

function firstFracCheck(hostName: string, stage: string, us: number): void {
  const frac = us % S;
  if (frac < 300_000 || frac > 700_000) {
    throw new Error(`${hostName}: first ${stage} event at ${isoUs(us)} is not at .30–.70 s`);
  }
}

interface StageStats {
  first: number | undefined;
  last: number | undefined;
  firstRecovery: number | undefined;
  lastRecovery: number | undefined;
  count: number;
  recoveryCount: number;
  kinds: Map<string, number>;
}
function emptyStats(): StageStats {
  return {
    first: undefined,
    last: undefined,
    firstRecovery: undefined,
    lastRecovery: undefined,
    count: 0,
    recoveryCount: 0,
    kinds: new Map(),
  };
}
function addToStats(s: StageStats, wall: number, t: Tag): void {
  s.count += 1;
  s.kinds.set(t.kind, (s.kinds.get(t.kind) ?? 0) + 1);
  if (t.recovery) {
    s.recoveryCount += 1;
    if (s.firstRecovery === undefined || wall < s.firstRecovery) s.firstRecovery = wall;
    if (s.lastRecovery === undefined || wall > s.lastRecovery) s.lastRecovery = wall;
  } else {
    if (s.first === undefined || wall < s.first) s.first = wall;
    if (s.last === undefined || wall > s.last) s.last = wall;
  }
}
const isoOrNull = (us: number | undefined): string | null => (us === undefined ? null : isoUs(us));

function main(): void {
  const hosts = HOSTS.map((cfg) => new Host(cfg));
  const scheduler = new Rng(SEED);
  for (const h of hosts) {
    bootLines(h);
    h.pods = longRunningPods(h, LONG_PODS[h.name] ?? []);
  }
  scheduleCronPods(hosts, scheduler);
  for (const h of hosts) {
    kernelOddities(h, oddities(h));
    periodicNoise(h);
    if (h.cfg.index === 1) cascadeWorker1(h, h.pods);
    else if (h.cfg.index === 2) cascadeWorker2(h, h.pods);
    else cascadeWorker3(h, h.pods);
  }

  mkdirSync(OUT_DIR, { recursive: true });
  const files: FileOut[] = [];
  const perHost = new Map<string, Map<StageId, StageStats>>();
  const bundle = new Map<StageId, StageStats>(STAGE_IDS.map((id) => [id, emptyStats()]));

  for (const h of hosts) {
    const inc: Included = { kernel: new Set(), klog: new Set(), other: new Set() };
    const out = writeHost(h, inc);
    files.push(...out);
    const stats = new Map<StageId, StageStats>(STAGE_IDS.map((id) => [id, emptyStats()]));
    const all: { wall: number; tag: Tag }[] = [];
    for (const e of inc.kernel) if (e.tag) all.push({ wall: e.wall, tag: e.tag });
    for (const e of inc.klog) if (e.tag) all.push({ wall: e.wall, tag: e.tag });
    for (const e of inc.other) if (e.tag) all.push({ wall: e.wall, tag: e.tag });
    // A recovery line counts only after a failure of its stage on the host: the mount-time
    // `session established` days before the incident is context, not part of the cascade.
    const firstFailure = new Map<StageId, number>();
    for (const ev of all) {
      if (ev.tag.recovery) continue;
      const f = firstFailure.get(ev.tag.stage);
      if (f === undefined || ev.wall < f) firstFailure.set(ev.tag.stage, ev.wall);
    }
    for (const ev of all) {
      if (ev.tag.recovery && !(ev.wall > (firstFailure.get(ev.tag.stage) ?? Infinity))) continue;
      const s = stats.get(ev.tag.stage);
      const b = bundle.get(ev.tag.stage);
      if (!s || !b) throw new Error(`unknown stage ${ev.tag.stage}`);
      addToStats(s, ev.wall, ev.tag);
      addToStats(b, ev.wall, ev.tag);
    }
    for (const [id, s] of stats) {
      if (s.first === undefined) throw new Error(`${h.name}: stage ${id} has no event`);
      firstFracCheck(h.name, id, s.first);
    }
    perHost.set(h.name, stats);
  }

  const cfgLines = cephConfigDump();
  files.push({ path: 'ceph-config-dump.txt', lines: cfgLines, events: new Map() });

  for (const f of files) {
    const p = join(OUT_DIR, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, `${f.lines.join('\n')}\n`);
  }

  const manifest = {
    name: 'CephFS eviction cascade on three Kubernetes workers (2019-11-12)',
    description:
      'A network blip gets the CephFS kernel clients of three CentOS 7.7 workers (kernel 3.10.0-1062.4.1.el7) ' +
      'evicted and blacklisted by the MDS (mds_session_blacklist_on_timeout=true, the default). Each node shows the socket ' +
      'reset, the lost monitor session, the denied reconnect, dropped dirty caps, the endless get_quota_realm ' +
      'loop of pre-5.3 kernels, and kubelet/docker failing every pod that uses the cephfs volume ' +
      '(permission denied on stat, mkdir: file exists). dmesg, journalctl and kubelet.log per node, plus ceph config dump.',
    files: files.map((f) => f.path),
  };
  writeFileSync(join(OUT_DIR, '..', 'sample.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const stageOut = (s: StageStats) => ({
    first: isoOrNull(s.first),
    last: isoOrNull(s.last),
    count: s.count,
    recoveryCount: s.recoveryCount,
    firstRecovery: isoOrNull(s.firstRecovery),
    lastRecovery: isoOrNull(s.lastRecovery),
    kinds: Object.fromEntries([...s.kinds].sort(([a], [b]) => a.localeCompare(b))),
  });
  const stages: Record<string, unknown> = {};
  for (const id of STAGE_IDS) {
    const b = bundle.get(id) ?? emptyStats();
    const hostsOut: Record<string, unknown> = {};
    for (const h of hosts) {
      const s = perHost.get(h.name)?.get(id) ?? emptyStats();
      hostsOut[h.name] = stageOut(s);
    }
    stages[id] = { ...stageOut(b), hosts: hostsOut };
  }
  const order = [...STAGE_IDS].sort((a, b) => (bundle.get(a)?.first ?? 0) - (bundle.get(b)?.first ?? 0));
  const expected = {
    schema: 'cascade/sample-expected@1',
    generator: 'test/sample/generate.ts',
    seed: SEED,
    notes: [
      'All times are UTC. Kernel events: true time = boot time + dmesg seconds (the journal shows the receive time, 0-40 ms later, at 1 s resolution). kubelet events: the klog time. dockerd events: the time="" field.',
      'count = distinct events: a kernel message in both dmesg and journal counts once; a kubelet W/E line in both kubelet.log and journal counts once; dockerd lines are only in the journal.',
      'count includes recovery lines (session established) that follow a failure of their stage on the same host; earlier ones (the mount-time session established days before the incident) are context and not counted. first/last are over non-recovery events only; firstRecovery/lastRecovery/recoveryCount cover the counted recovery lines.',
      'kubelet-mount-failure counts: kubelet_volumes.go stat permission denied, the orphaned-pod rollup, remote_runtime/kuberuntime_manager/pod_workers StartContainer errors naming the mount source path (file exists), nestedpendingoperations UnmountVolume.TearDown failed, dockerd Handler … file exists. pod_workers CrashLoopBackOff lines name no path and are not counted.',
      'quota-realm-loop counts both the null i_snap_realm lines and the get_quota_realm: N callbacks suppressed lines.',
    ],
    hosts: Object.fromEntries(
      hosts.map((h) => [
        h.name,
        {
          kernel: KERNEL,
          boot: isoUs(h.cfg.boot),
          clientId: h.cfg.clientId,
          kubeletPid: h.cfg.pids.kubelet,
          captured: {
            dmesg: isoUs(h.cfg.capture.dmesg),
            kubelet: isoUs(h.cfg.capture.kubelet),
            journal: isoUs(h.cfg.capture.journal),
          },
        },
      ]),
    ),
    stageOrderByFirstSeen: order,
    stages,
    files: Object.fromEntries(
      files.map((f) => [
        f.path,
        {
          lines: f.lines.length,
          stageLines: Object.fromEntries(
            STAGE_IDS.filter((id) => f.events.has(id)).map((id) => [id, f.events.get(id)]),
          ),
        },
      ]),
    ),
  };
  writeFileSync(EXPECTED_PATH, `${JSON.stringify(expected, null, 2)}\n`);

  for (const f of files) {
    const limit = f.path.endsWith('kubelet.log') ? 3000 : 4000;
    if (f.lines.length > limit) throw new Error(`${f.path}: ${f.lines.length} lines (limit ${limit})`);
    process.stdout.write(`${f.path.padEnd(28)} ${String(f.lines.length).padStart(5)} lines\n`);
  }
  for (const id of order) {
    process.stdout.write(`${id.padEnd(22)} first ${isoOrNull(bundle.get(id)?.first)}\n`);
  }
}

main();
