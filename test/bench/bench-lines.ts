// What the benchmark bundle's lines say (test/bench/generate.ts decides when and in which files).
// Noise is what a Kubernetes node logs all day and holds none of the rule catalog's keywords, so it
// costs the engine only its prefilter; "relevant" lines are the healthy ceph and kubelet-volume lines
// (about 1% of a real node's log) that a keyword search finds but that are no stage event. Shapes
// follow public/sample/ and the kernel, kubelet, ceph-csi and MDS sources the catalog cites.
import type { StageId } from '../../parsers/stages.ts';
import type { Rng } from '../support/rng.ts';

export type Make = (r: Rng) => string;

export const FSID = 'bf9495f9-726d-42d3-ac43-53938496bb29';
const MONS = ['10.99.10.1:6789', '10.99.10.2:6789', '10.99.10.3:6789'] as const;
export const MDS_ADDR = '10.99.10.4:6801';

const veth = (r: Rng) => `veth${r.hex(8)}`;
const osd = (r: Rng) => `osd${r.int(0, 23)}`;

/** Kernel printk noise: veth churn of pods starting and stopping, audit, perf, TCP. */
export const KERNEL_NOISE: readonly Make[] = [
  (r) => `IPv6: ADDRCONF(NETDEV_UP): ${veth(r)}: link is not ready`,
  (r) => `IPv6: ADDRCONF(NETDEV_CHANGE): ${veth(r)}: link becomes ready`,
  (r) => `cni0: port ${r.int(1, 40)}(${veth(r)}) entered blocking state`,
  (r) => `cni0: port ${r.int(1, 40)}(${veth(r)}) entered forwarding state`,
  (r) => `cni0: port ${r.int(1, 40)}(${veth(r)}) entered disabled state`,
  (r) => `device ${veth(r)} entered promiscuous mode`,
  (r) => `device ${veth(r)} left promiscuous mode`,
  (r) =>
    `perf: interrupt took too long (${r.int(2500, 9000)} > ${r.int(2500, 9000)}), lowering kernel.perf_event_max_sample_rate to ${r.int(20000, 80000)}`,
  (r) =>
    `TCP: request_sock_TCP: Possible SYN flooding on port ${r.int(30000, 32767)}. Sending cookies.  Check SNMP counters.`,
  (r) =>
    `audit: type=1400 audit(1573${r.int(100000, 999999)}.${r.int(100, 999)}:${r.int(1000, 99999)}): avc:  denied  { read } for  pid=${r.int(1000, 60000)} comm="java" name="${r.hex(12)}" dev="dm-0" ino=${r.int(100000, 9999999)} scontext=system_u:system_r:container_t:s0:c${r.int(1, 999)},c${r.int(1, 999)} tcontext=system_u:object_r:var_lib_t:s0 tclass=file permissive=0`,
  (r) => `XFS (dm-${r.int(2, 9)}): Mounting V5 Filesystem`,
  (r) => `XFS (dm-${r.int(2, 9)}): Ending clean mount`,
];

/** Healthy ceph kernel lines: OSD map changes, standby-replay MDS maps. No stage event. */
export const KERNEL_RELEVANT: readonly Make[] = [
  (r) => `libceph: ${osd(r)} up`,
  (r) => `libceph: ${osd(r)} down`,
  (r) => `libceph: ${osd(r)} weight 0x10000 (in)`,
  (r) => `libceph: ${osd(r)} weight 0x0 (out)`,
  () => 'ceph: mdsmap_decode got incorrect state(up:standby-replay)',
];

export interface UserMessage {
  ident: string;
  pid: number;
  msg: string;
}
export type MakeUser = (r: Rng) => UserMessage;

const logrus = (r: Rng) =>
  `2019-11-1${r.int(1, 2)}T${r.int(10, 23)}:${r.int(10, 59)}:${r.int(10, 59)}.${r.int(100000000, 999999999)}Z`;

/** Userspace noise of the journal and syslog: systemd, logind, sshd, cron, NetworkManager, runtimes. */
export const USER_NOISE: readonly MakeUser[] = [
  (r) => ({ ident: 'systemd', pid: 1, msg: `Started Session ${r.int(1000, 99999)} of user root.` }),
  (r) => ({ ident: 'systemd', pid: 1, msg: `Starting Session ${r.int(1000, 99999)} of user root.` }),
  () => ({ ident: 'systemd', pid: 1, msg: 'Created slice User Slice of root.' }),
  () => ({ ident: 'systemd', pid: 1, msg: 'Removed slice User Slice of root.' }),
  (r) => ({ ident: 'systemd-logind', pid: 712, msg: `New session ${r.int(1000, 99999)} of user root.` }),
  (r) => ({ ident: 'systemd-logind', pid: 712, msg: `Removed session ${r.int(1000, 99999)}.` }),
  (r) => ({
    ident: 'sshd',
    pid: r.int(1000, 60000),
    msg: `Accepted publickey for ansible from 10.20.0.${r.int(2, 250)} port ${r.int(30000, 60000)} ssh2: RSA SHA256:${r.fromAlphabet('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 43)}`,
  }),
  (r) => ({ ident: 'CROND', pid: r.int(1000, 60000), msg: '(root) CMD (/usr/lib64/sa/sa1 1 1)' }),
  (r) => ({
    ident: 'NetworkManager',
    pid: 689,
    msg: `<info>  [${r.int(1573430400, 1573560000)}.${r.int(1000, 9999)}] device (${veth(r)}): carrier: link connected`,
  }),
  (r) => ({
    ident: 'containerd',
    pid: 1021,
    msg: `time="${logrus(r)}" level=info msg="shim reaped" id=${r.hex(64)}`,
  }),
  (r) => ({
    ident: 'dockerd',
    pid: 1109,
    msg: `time="${logrus(r)}" level=info msg="ignoring event" module=libcontainerd namespace=moby topic=/tasks/delete type="*events.TaskDelete"`,
  }),
  (r) => ({ ident: 'chronyd', pid: 655, msg: `Selected source 10.99.0.${r.int(1, 4)}` }),
];

export interface KlogMessage {
  level: 'I' | 'W' | 'E';
  file: string;
  msg: string;
}
export type MakeKlog = (r: Rng) => KlogMessage;

const POD_NAMES = [
  'web-frontend',
  'media-worker',
  'thumbnailer',
  'cms-api',
  'report-export',
  'search-indexer',
];
const pod = (r: Rng) => `${r.pick(POD_NAMES)}-${r.k8s(9)}-${r.k8s(5)}`;

/** Kubelet noise (klog bodies): sync loop, reflectors, sandboxes, container GC. */
export const KUBELET_NOISE: readonly MakeKlog[] = [
  (r) => ({
    level: 'I',
    file: 'kubelet.go:1904',
    msg: `SyncLoop (UPDATE, "api"): "${pod(r)}_shop(${r.uuid()})"`,
  }),
  (r) => ({
    level: 'W',
    file: 'reflector.go:289',
    msg: `object-"shop"/"${r.pick(POD_NAMES)}-config": watch of *v1.ConfigMap ended with: too old resource version: ${r.int(48000000, 49000000)} (${r.int(48000000, 49000000)})`,
  }),
  (r) => ({
    level: 'I',
    file: 'kuberuntime_manager.go:404',
    msg: `No ready sandbox for pod "${pod(r)}_shop(${r.uuid()})" can be found. Need to start a new one`,
  }),
  (r) => ({
    level: 'W',
    file: 'pod_container_deletor.go:75',
    msg: `Container "${r.hex(64)}" not found in pod's containers`,
  }),
  (r) => ({
    level: 'I',
    file: 'kubelet.go:1933',
    msg: `SyncLoop (PLEG): "${pod(r)}_shop(${r.uuid()})", event: &pleg.PodLifecycleEvent{ID:"${r.uuid()}", Type:"ContainerStarted", Data:"${r.hex(64)}"}`,
  }),
];

const cephVolume = (uid: string) => `"uploads" (UniqueName: "kubernetes.io/cephfs/${uid}-uploads")`;

/** Kubelet volume lines of healthy pods: they name a CephFS volume, some hold a catalog keyword. */
export const KUBELET_RELEVANT: readonly MakeKlog[] = [
  (r) => {
    const uid = r.uuid();
    return {
      level: 'I',
      file: 'reconciler.go:207',
      msg: `operationExecutor.VerifyControllerAttachedVolume started for volume ${cephVolume(uid)} pod "${pod(r)}" (UID: "${uid}")`,
    };
  },
  (r) => {
    const uid = r.uuid();
    return {
      level: 'I',
      file: 'operation_generator.go:667',
      msg: `MountVolume.SetUp succeeded for volume ${cephVolume(uid)} pod "${pod(r)}" (UID: "${uid}")`,
    };
  },
  (r) => {
    const uid = r.uuid();
    return {
      level: 'I',
      file: 'operation_generator.go:831',
      msg: `UnmountVolume.TearDown succeeded for volume "kubernetes.io/cephfs/${uid}-uploads" (OuterVolumeSpecName: "uploads") pod "${uid}" (UID: "${uid}"). InnerVolumeSpecName "uploads". PluginName "kubernetes.io/cephfs", VolumeGidValue ""`,
    };
  },
];

/** ceph-csi nodeplugin output (klog bodies inside CRI lines): probes and capability calls. */
export const CSI_NOISE: readonly MakeKlog[] = [
  (r) => ({
    level: 'I',
    file: 'utils.go:177',
    msg: `ID: ${r.int(1, 99999)} GRPC call: /csi.v1.Identity/Probe`,
  }),
  (r) => ({
    level: 'I',
    file: 'utils.go:179',
    msg: `ID: ${r.int(1, 99999)} GRPC request: {}`,
  }),
  (r) => ({
    level: 'I',
    file: 'utils.go:188',
    msg: `ID: ${r.int(1, 99999)} GRPC response: {"capabilities":[{"Type":{"Rpc":{"type":1}}},{"Type":{"Rpc":{"type":2}}}]}`,
  }),
];

/** ceph-csi lines about CephFS volumes of healthy pods. */
export const CSI_RELEVANT: readonly MakeKlog[] = [
  (r) => ({
    level: 'I',
    file: 'nodeserver.go:231',
    msg: `ID: ${r.int(1, 99999)} Req-ID: 0001-0009-rook-ceph-0000000000000001-${r.uuid()} cephfs: mounting volume 0001-0009-rook-ceph-0000000000000001-${r.uuid()} with Ceph kernel client`,
  }),
];

/** MDS daemon log noise (dout level, prefix and message). */
export const MDS_NOISE: readonly Make[] = [
  (r) => `1 mds.a Updating MDS map to version ${r.int(1000, 9999)} from mon.${r.int(0, 2)}`,
  (r) => `5 mds.beacon.a Sending beacon up:active seq ${r.int(1, 999999)}`,
  (r) => `5 mds.beacon.a received beacon reply up:active seq ${r.int(1, 999999)} rtt 0.${r.int(1, 999)}`,
  (r) =>
    `3 mds.0.server handle_client_session client_session(request_renewcaps seq ${r.int(1, 99999)}) from client.${r.int(170000, 179999)}`,
];

// ---- the cascade ------------------------------------------------------------------------------

export interface Tag {
  stage: StageId;
  recovery: boolean;
}
const tag = (stage: StageId, recovery = false): Tag => ({ stage, recovery });

/** Stage of every cascade line the bundle holds (checked against the catalog by the unit test). */
export const TAGS = {
  socketClosed: tag('connection-reset'),
  connectionReset: tag('connection-reset'),
  resetOnMds: tag('connection-reset'),
  hunting: tag('mon-session-lost'),
  established: tag('mon-session-lost', true),
  closedOurSession: tag('reconnect-denied'),
  reconnectStart: tag('reconnect-denied'),
  reconnectDenied: tag('reconnect-denied'),
  rejectedSession: tag('reconnect-denied'),
  mdsEvicting: tag('reconnect-denied'),
  hung: tag('mds-hung'),
  capsStale: tag('caps-stale'),
  droppingDirty: tag('caps-stale'),
  quota: tag('quota-realm-loop'),
  podFailure: tag('kubelet-mount-failure'),
} as const;

export const mon = (i: number) => `mon${i} ${MONS[i]}`;
