// Kubelet and container-runtime rules of the catalog (stage kubelet-mount-failure), split out of
// rules.ts for size. `msg` is the klog message after `] ` (kubelet, ceph-csi) or the whole runtime
// line (dockerd/containerd `time=… level=… msg="…"`), so runtime rules are not anchored at `^` but
// start with a literal.
//
// Generic failure texts (MountVolume.SetUp, TearDown, Operation for, Error syncing pod) only count
// when the same line carries evidence of a CephFS or dead-mount problem; a configmap that is not
// registered is not a mount failure. The one exception is a StartContainer that timed out
// (RunContainerError "context deadline exceeded"): a dead CephFS mount hangs the runtime on every
// pod that mounts it (rook#2255), so it counts, at warning severity and said to be indirect. The
// evidence test is a lookahead placed right after `^`, so it runs once per line.

import type { Rule } from './rules.ts';

const UUID = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
/** The pod's volume paths and Docker's bind-source error: the line is about a mount. */
const VOLUME_PATH = `/volumes/|/volume-subpaths/|/globalmount|mount source path`;
/** errnos that only a dead or fenced mount produces (ENOTCONN from fuse, ESTALE). */
const DEAD_MOUNT_ERRNO = `transport endpoint is not connected|stale (?:NFS )?file handle`;
/** CephFS volume types (in-tree, CSI, Rook flex). */
const CEPHFS = String.raw`[Cc]eph[Ff][Ss]|ceph\.rook\.io`;
/** errnos a volume operation gets from an evicted kernel CephFS mount. */
const VOLUME_ERRNO = `permission denied|file exists|[Ii]nput/output error|host is down|target is busy|device or resource busy`;

/** For `Error syncing pod`: the error must name a volume path or a dead-mount errno. */
const SYNC_EVIDENCE = `^(?=.*?(?<evidence>${VOLUME_PATH}|${DEAD_MOUNT_ERRNO}))`;
/** For volume-operation failures: a CephFS volume, a volume path, or a mount errno. */
const VOLUME_OP_EVIDENCE = `^(?=.*?(?<evidence>${CEPHFS}|${VOLUME_PATH}|${DEAD_MOUNT_ERRNO}|${VOLUME_ERRNO}))`;

const KUBELET_VOLUMES = 'kubernetes/kubernetes:pkg/kubelet/kubelet_volumes.go';
const POD_WORKERS = 'kubernetes/kubernetes:pkg/kubelet/pod_workers.go';
const OPERATION_GENERATOR = 'kubernetes/kubernetes:pkg/volume/util/operationexecutor/operation_generator.go';
const NESTED_PENDING =
  'kubernetes/kubernetes:pkg/volume/util/nestedpendingoperations/nestedpendingoperations.go';
const MOBY_MOUNTS = 'moby/moby:volume/mounts';

const POD = '80b1a2c4-5d6e-4f70-8a9b-0c1d2e3f4a5b';
const VOL = `/var/lib/kubelet/pods/${POD}/volumes/kubernetes.io~cephfs/data`;

export const KUBELET_RULES: readonly Rule[] = [
  {
    id: 'kubelet-volume-check-stat-error',
    title: 'Pod found, but error checking mounted volumes',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['occurred during checking mounted volumes from disk'],
    match:
      /^pod "(?<podUID>[^"]{1,128})" found, but error (?<err>(?:l?stat (?<path>[^\s:]+): )?.*?) occurred during checking mounted volumes from disk/,
    explanation:
      'Kubelet could not even stat the volume directory of a deleted pod. "permission denied" here is the ' +
      'EACCES an evicted kernel CephFS mount returns: the dead mount is still there and blocks cleanup.',
    references: [
      KUBELET_VOLUMES,
      'https://github.com/rook/rook/issues/2589',
      'https://github.com/rook/rook/issues/3124',
    ],
    severity: 'critical',
    examples: {
      positive: [
        'pod "662f2657-0ac0-11e9-ac5a-0cc47a03ac3c" found, but error stat /var/lib/kubelet/pods/662f2657-0ac0-11e9-ac5a-0cc47a03ac3c/volumes/ceph.rook.io~rook/image-store: permission denied occurred during checking mounted volumes from disk',
        `pod "${POD}" found, but error stat ${VOL}: permission denied occurred during checking mounted volumes from disk`,
      ],
      negative: [
        `pod "${POD}" found, but volumes are still mounted on disk [${VOL}]`,
        '"Pod found, but volumes are still mounted on disk" podUID=80b1a2c4-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      ],
    },
  },
  {
    id: 'kubelet-volume-check-stat-error-structured',
    title: 'Pod found, but error checking mounted volumes (structured)',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['Pod found, but error occurred during checking mounted volumes from disk'],
    match:
      /^"Pod found, but error occurred during checking mounted volumes from disk" err="(?<err>(?:l?stat (?<path>[^\s:"\\]+): )?(?:[^"\\]|\\.)*)"(?:.*? podUID="?(?<podUID>[0-9a-f-]{1,64}))?/,
    explanation:
      'Structured-logging (1.21+) form of the same failure: stat on the pod volume directory failed, ' +
      'typically with EACCES from an evicted CephFS mount.',
    references: [KUBELET_VOLUMES],
    severity: 'critical',
    examples: {
      positive: [
        `"Pod found, but error occurred during checking mounted volumes from disk" err="stat ${VOL}: permission denied" podUID=${POD}`,
        `"Pod found, but error occurred during checking mounted volumes from disk" err="stat ${VOL}: transport endpoint is not connected" podUID="${POD}"`,
      ],
      negative: [
        `"Pod found, but volumes are still mounted on disk" podUID="${POD}" paths=[${VOL}]`,
        `"Orphaned pod found, removing" podUID="${POD}"`,
      ],
    },
  },
  {
    id: 'kubelet-orphaned-pod',
    title: 'Orphaned pod found, but volumes remain',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['rphaned pod \\"', 'rphaned pod "'],
    match:
      /^(?:"[^"]{0,256}" err=")?[Oo]rphaned pod \\?"(?<podUID>[^"\\]{1,128})\\?" found, but (?<reason>[^":]*[^":\s])/,
    explanation:
      'The pod is gone but kubelet cannot remove its volume directories because a (dead) mount is still in ' +
      'the way; it retries every housekeeping cycle and the node accumulates orphans.',
    references: [KUBELET_VOLUMES, 'https://github.com/ceph/ceph-csi/issues/2600'],
    severity: 'warning',
    examples: {
      positive: [
        `Orphaned pod "${POD}" found, but volume paths are still present on disk : There were a total of 3 errors similar to this. Turn up verbosity to see them.`,
        String.raw`"There were many similar errors. Turn up verbosity to see them." err="orphaned pod \"0b1946b3-2cec-4d7e-aa6b-da5eaaaa026e\" found, but error not a directory occurred when trying to remove the volumes dir" numErrs=8`,
        String.raw`"There were many similar errors. Turn up verbosity to see them." err="orphaned pod \"84344a7e-8003-462a-9321-a3f6c45e530f\" found, but error occurred when trying to remove the volumes dir: not a directory" numErrs=4`,
        `Orphaned pod "${POD}" found, but error permission denied occurred during reading volume dir from disk`,
      ],
      negative: [
        `"Orphaned pod found, removing" podUID="${POD}"`,
        `"Cleaned up orphaned pod volumes dir" podUID="${POD}"`,
      ],
    },
  },
  {
    id: 'kubelet-orphaned-pod-structured',
    title: 'Orphaned pod found, but volumes not cleaned up (structured)',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['"Orphaned pod found, but '],
    match: /^"Orphaned pod found, but (?<reason>[^"]{1,256})"(?:.*? podUID="?(?<podUID>[0-9a-f-]{1,64}))?/,
    explanation:
      'Structured (1.20+) notice that a deleted pod still has volume directories kubelet has not cleaned up.',
    references: [KUBELET_VOLUMES],
    severity: 'warning',
    examples: {
      positive: [`"Orphaned pod found, but volumes are not cleaned up" podUID="${POD}"`],
      negative: [
        `"Orphaned pod found, removing" podUID="${POD}"`,
        `"Failed to remove orphaned pod dir" podUID="${POD}"`,
      ],
    },
  },
  {
    id: 'kubelet-error-syncing-pod-volume',
    title: 'Error syncing pod on a volume path',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['Error syncing pod '],
    match: new RegExp(
      `${SYNC_EVIDENCE}Error syncing pod (?<pod>(?<podUID>${UUID})?[^,]{0,512}), skipping: (?<err>.*)`,
    ),
    explanation:
      "The pod worker gave up on the pod because starting it hit the pod's volume path or a dead mount " +
      '(e.g. mkdir on the stale CephFS mountpoint: "file exists"). Only lines whose error names a volume ' +
      'path or a dead-mount errno count.',
    references: [POD_WORKERS, MOBY_MOUNTS, 'https://github.com/kubernetes/kubernetes/issues/87491'],
    severity: 'critical',
    examples: {
      positive: [
        String.raw`Error syncing pod ${POD} ("app-0_ns(${POD})"), skipping: failed to "StartContainer" for "app" with RunContainerError: "failed to start container \"0f3c\": Error response from daemon: error while creating mount source path '${VOL}': mkdir ${VOL}: file exists"`,
        `Error syncing pod ${POD} ("app-0_ns(${POD})"), skipping: failed to "KillPodSandbox" for "${POD}" with KillPodSandboxError: "stat ${VOL}: transport endpoint is not connected"`,
      ],
      negative: [
        String.raw`Error syncing pod ${POD} ("app-0_ns(${POD})"), skipping: failed to "StartContainer" for "app" with RunContainerError: "failed to start container \"0f3c\": Error response from daemon: OCI runtime create failed: exec: \"/app\": executable file not found in $PATH"`,
        `Error syncing pod ${POD} ("app-0_ns(${POD})"), skipping: failed to "StartContainer" for "app" with ErrImagePull: "rpc error: code = Unknown desc = permission denied"`,
      ],
    },
  },
  {
    id: 'kubelet-start-container-deadline',
    title: 'Container start timed out in the runtime',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['Error syncing pod'],
    match: new RegExp(
      String.raw`^(?:Error syncing pod (?<pod>(?<podUID>${UUID})?[^,]{0,512}), skipping: |"Error syncing pod, skipping" err=")failed to \\?"StartContainer\\?" for \\?"(?<container>[^"\\]{1,253})\\?" with RunContainerError: \\?"context deadline exceeded\\?"`,
    ),
    explanation:
      'The runtime did not start the container in time. On a node with a dead CephFS mount the runtime hangs ' +
      'on the mount for every pod that uses it (rook#2255: pods mounting CephFS stuck in ContainerCreating), ' +
      'so this counts as a pod failure; it is indirect evidence, as the line names no mount.',
    references: [POD_WORKERS, 'https://github.com/rook/rook/issues/2255'],
    severity: 'warning',
    examples: {
      positive: [
        `Error syncing pod b2cf2996-ded3-11e8-bde9-0adb53589e2c ("97b67ee0-ba97-4768-b12f-f76a767eadef-6487ccc76-flwhb_staging(b2cf2996-ded3-11e8-bde9-0adb53589e2c)"), skipping: failed to "StartContainer" for "queue-consumer" with RunContainerError: "context deadline exceeded"`,
        String.raw`"Error syncing pod, skipping" err="failed to \"StartContainer\" for \"web\" with RunContainerError: \"context deadline exceeded\"" pod="shop/web-0" podUID=${POD}`,
      ],
      negative: [
        `Error syncing pod ${POD} ("app-0_ns(${POD})"), skipping: failed to "StartContainer" for "app" with CrashLoopBackOff: "back-off 5m0s restarting failed container=app pod=app-0_ns(${POD})"`,
        `ContainerStatus "cf5ce0f1e8283323773c49edea9762e8d72d04865de332da43336b57b68f533b" from runtime service failed: rpc error: code = DeadlineExceeded desc = context deadline exceeded`,
      ],
    },
  },
  {
    id: 'kubelet-error-syncing-pod-volume-structured',
    title: 'Error syncing pod on a volume path (structured)',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['"Error syncing pod, skipping"'],
    match: new RegExp(
      String.raw`${SYNC_EVIDENCE}"Error syncing pod, skipping" err="(?<err>(?:[^"\\]|\\.)*)"(?:.*? podUID="?(?<podUID>[0-9a-f-]{1,64}))?`,
    ),
    explanation:
      'Structured (1.21+) form: the pod worker skipped the pod because of an error on its volume path or a ' +
      'dead mount.',
    references: [POD_WORKERS],
    severity: 'critical',
    examples: {
      positive: [
        String.raw`"Error syncing pod, skipping" err="failed to \"StartContainer\" for \"app\" with RunContainerError: \"failed to start container: error while creating mount source path '${VOL}': mkdir ${VOL}: file exists\"" pod="ns/app-0" podUID=${POD}`,
      ],
      negative: [
        String.raw`"Error syncing pod, skipping" err="failed to \"StartContainer\" for \"app\" with CrashLoopBackOff: \"back-off 5m0s restarting failed container\"" pod="ns/app-0" podUID="${POD}"`,
      ],
    },
  },
  {
    id: 'kubelet-volume-operation-backoff',
    title: 'Volume operation failed, retry backed off',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['No retries permitted until'],
    match: new RegExp(
      String.raw`${VOLUME_OP_EVIDENCE}Operation for (?<operation>.{1,1024}?) failed\. No retries permitted until (?<until>[^(]{1,128}) \(durationBeforeRetry (?<backoff>[^)]{1,32})\)\.\s*Error: \\?"?(?<failure>(?:Mount|Unmount|Map|Unmap)(?:Volume|Device)(?:\.\w+(?: initialization)?)? failed|error cleaning subPath mounts)`,
    ),
    explanation:
      'The volume manager keeps failing to set up or tear down a pod volume and backs off exponentially; ' +
      'with a dead CephFS mount this repeats forever until the mount is cleaned up by hand.',
    references: [NESTED_PENDING, OPERATION_GENERATOR],
    severity: 'warning',
    examples: {
      positive: [
        String.raw`Operation for "\"kubernetes.io/cephfs/${POD}-data\" (\"${POD}\")" failed. No retries permitted until 2019-11-12 10:23:40.123 +0000 UTC (durationBeforeRetry 2m2s). Error: "UnmountVolume.TearDown failed for volume \"data\" (UniqueName: \"kubernetes.io/cephfs/${POD}-data\") pod \"${POD}\" (UID: \"${POD}\") : Unmount failed: exit status 16"`,
        `Operation for "{volumeName:kubernetes.io/csi/cephfs.csi.ceph.com^0001-0024-pvc podName:${POD} nodeName:}" failed. No retries permitted until 2023-05-06 17:43:56.403 +0000 UTC m=+5.1 (durationBeforeRetry 500ms). Error: MountVolume.SetUp failed for volume "pvc-1" (UniqueName: "kubernetes.io/csi/cephfs.csi.ceph.com^0001-0024-pvc") pod "app-0" (UID: "${POD}") : rpc error: code = Internal desc = stat /var/lib/kubelet/plugins/kubernetes.io/csi/cephfs.csi.ceph.com/x/globalmount: permission denied`,
      ],
      negative: [
        `Operation for "{volumeName:kubernetes.io/configmap/${POD}-config-volume podName:${POD} nodeName:}" failed. No retries permitted until 2025-12-13 09:15:34.818951832 +0000 UTC m=+32.205866644 (durationBeforeRetry 500ms). Error: MountVolume.SetUp failed for volume "config-volume" (UniqueName: "kubernetes.io/configmap/${POD}-config-volume") pod "coredns-76bb9b6fb5-zsjp6" (UID: "${POD}") : object "kube-system"/"coredns" not registered`,
        `Operation for "/var/lib/rancher/k3s/agent/kubelet/plugins/net.packet.csi/csi.sock" failed. No retries permitted until 2019-10-08 09:43:18.068964228 +0000 UTC m=+294.756846874 (durationBeforeRetry 2m2s). Error: "RegisterPlugin error -- failed to get plugin info using RPC GetInfo at socket /var/lib/rancher/k3s/agent/kubelet/plugins/net.packet.csi/csi.sock, err: rpc error: code = Unimplemented desc = unknown service"`,
      ],
    },
  },
  {
    id: 'kubelet-mountvolume-setup-failed',
    title: 'MountVolume.SetUp failed',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['MountVolume.'],
    match: new RegExp(
      String.raw`${VOLUME_OP_EVIDENCE}\\?"?MountVolume\.(?<op>\w+(?: initialization)?) failed for volume \\?"(?<volume>[^"\\]{1,256})\\?"`,
    ),
    explanation:
      "Kubelet could not mount the pod's CephFS volume (mount error, EACCES/EIO from an evicted client), so " +
      'the pod stays in ContainerCreating.',
    references: [OPERATION_GENERATOR],
    severity: 'warning',
    examples: {
      positive: [
        `MountVolume.SetUp failed for volume "pvc-1" (UniqueName: "kubernetes.io/cephfs/${POD}-pvc-1") pod "app-0" (UID: "${POD}") : CephFS: mount failed: mount failed: exit status 5`,
        String.raw`"MountVolume.SetUp failed for volume \"data\" (UniqueName: \"kubernetes.io/csi/cephfs.csi.ceph.com^x\") pod \"app-0\" (UID: \"${POD}\") : rpc error: code = Internal desc = permission denied"`,
      ],
      negative: [
        `MountVolume.SetUp failed for volume "kube-api-access-xyz" (UniqueName: "kubernetes.io/projected/${POD}-kube-api-access-xyz") pod "app-0" (UID: "${POD}") : object "default"/"kube-root-ca.crt" not registered`,
        `MountVolume.SetUp succeeded for volume "pvc-1" (UniqueName: "kubernetes.io/cephfs/${POD}-pvc-1") pod "app-0" (UID: "${POD}")`,
      ],
    },
  },
  {
    id: 'kubelet-unmountvolume-teardown-failed',
    title: 'UnmountVolume.TearDown failed',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['UnmountVolume.TearDown failed', 'UnmountDevice failed'],
    match: new RegExp(
      String.raw`${VOLUME_OP_EVIDENCE}\\?"?(?<op>UnmountVolume\.TearDown|UnmountDevice) failed for volume \\?"(?<volume>[^"\\]{1,256})\\?"`,
    ),
    explanation:
      'Kubelet could not unmount the volume of a deleted pod (target busy, EACCES, ENOTCONN on the dead ' +
      'mount): the mountpoint and pod directory stay behind.',
    references: [OPERATION_GENERATOR],
    severity: 'warning',
    examples: {
      positive: [
        `UnmountVolume.TearDown failed for volume "data" (UniqueName: "kubernetes.io/cephfs/${POD}-data") pod "${POD}" (UID: "${POD}") : Unmount failed: exit status 32 Output: umount: ${VOL}: target is busy`,
        `UnmountVolume.TearDown failed for volume "data" (volume.spec.Name: "data") pod "${POD}" (UID: "${POD}") with: stat ${VOL}: permission denied`,
        'UnmountDevice failed for volume "pvc-1" (UniqueName: "kubernetes.io/csi/cephfs.csi.ceph.com^0001-0024-pvc") on node "n1" : rpc error: code = Internal desc = umount failed: target is busy',
      ],
      negative: [
        `UnmountVolume.TearDown succeeded for volume "kubernetes.io/cephfs/${POD}-data" (OuterVolumeSpecName: "data") pod "${POD}" (UID: "${POD}")`,
        `UnmountVolume.TearDown failed for volume "tmp" (UniqueName: "kubernetes.io/empty-dir/${POD}-tmp") pod "${POD}" (UID: "${POD}") : unlinkat x: read-only file system`,
      ],
    },
  },
  {
    id: 'csi-corrupted-mount-detected',
    title: 'ceph-csi: corrupted mount detected',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet'],
    keywords: ['corrupted mount detected in'],
    match: /corrupted mount detected in (?<path>[^\s:]{1,1024}): (?<err>.*)/,
    explanation:
      "The ceph-csi node plugin found the pod's mountpoint unusable (EACCES/ENOTCONN from an evicted " +
      'client) and will try to remount it.',
    references: ['ceph/ceph-csi:internal/cephfs/nodeserver.go'],
    severity: 'warning',
    examples: {
      positive: [`ID: 42 Req-ID: 0001-0024-x corrupted mount detected in ${VOL}: permission denied`],
      negative: [`ID: 42 Req-ID: 0001-0024-x cephfs: mount ${VOL} succeeded`],
    },
  },
  // Runtime messages (also embedded in kubelet lines, after the kubelet wrappers above).
  {
    id: 'runtime-mount-source-path-error',
    title: 'Error while creating mount source path',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['runtime', 'kubelet'],
    keywords: ['error while creating mount source path'],
    match: /error while creating mount source path '(?<path>[^']{1,4096})': (?<err>[^"]*)/,
    explanation:
      'Docker tried to create the bind-mount source (the pod\'s CephFS volume dir) and failed: "mkdir …: file ' +
      'exists" means the directory is a dead mountpoint that can no longer be stat-ed. The container cannot run.',
    references: [MOBY_MOUNTS, 'https://github.com/kubernetes/kubernetes/issues/87491'],
    severity: 'critical',
    examples: {
      positive: [
        `time="2019-11-12T10:21:40.123456789Z" level=error msg="Handler for POST /v1.39/containers/0f3c/start returned error: error while creating mount source path '${VOL}': mkdir ${VOL}: file exists"`,
        "error while creating mount source path '/var/lib/kubelet/pods/22f40f9a-8588-4fd7-9ef3-7fec25b48f12/volumes/kubernetes.io~cephfs/cephfs': mkdir /var/lib/kubelet/pods/22f40f9a-8588-4fd7-9ef3-7fec25b48f12/volumes/kubernetes.io~cephfs/cephfs: file exists",
      ],
      negative: [
        'time="2019-11-12T10:21:40Z" level=error msg="Handler for POST /v1.39/containers/0f3c/start returned error: OCI runtime create failed"',
      ],
    },
  },
  {
    id: 'runtime-volume-mkdir-file-exists',
    title: 'mkdir on a pod volume: file exists',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['runtime', 'kubelet'],
    keywords: ['file exists'],
    match: /mkdir (?<path>\/[^\s:"']{0,4096}\/volumes\/[^\s:"']{1,4096}): file exists/,
    explanation:
      "The runtime (containerd wording) could not create the pod's volume directory because a stale mount " +
      'is in the way: the CephFS mountpoint is dead but still mounted.',
    references: ['containerd/containerd:pkg/cri', MOBY_MOUNTS],
    severity: 'critical',
    examples: {
      positive: [
        `time="2023-05-06T17:43:55Z" level=error msg="StartContainer for \\"0f3c\\" failed" error="failed to create containerd task: mkdir ${VOL}: file exists"`,
      ],
      negative: [
        'time="2023-05-06T17:43:55Z" level=error msg="mkdir /run/containerd/io.containerd.runtime.v2.task/k8s.io/0f3c: file exists"',
      ],
    },
  },
  {
    id: 'runtime-container-cannot-run',
    title: 'ContainerCannotRun',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['runtime', 'kubelet'],
    keywords: ['ContainerCannotRun'],
    match: new RegExp(
      String.raw`\bContainerCannotRun\b(?=["\s,]*$|.*?(?<evidence>${VOLUME_PATH}|${DEAD_MOUNT_ERRNO}))`,
    ),
    explanation:
      'Docker could not start the container (terminated reason ContainerCannotRun). Counted when it stands ' +
      'alone (kubectl describe prints the cause on the next line) or names a volume path / dead mount.',
    references: ['https://github.com/kubernetes/kubernetes/issues/87491'],
    severity: 'warning',
    examples: {
      positive: [
        'ContainerCannotRun',
        `{"reason":"ContainerCannotRun","message":"mkdir ${VOL}: permission denied"}`,
      ],
      negative: [
        '{"reason":"ContainerCannotRun","message":"OCI runtime create failed: exec: \\"/app\\": executable file not found in $PATH"}',
        'RunContainerError',
      ],
    },
  },
  {
    id: 'mount-transport-endpoint-not-connected',
    title: 'Transport endpoint is not connected',
    stage: 'kubelet-mount-failure',
    recovery: false,
    origins: ['kubelet', 'runtime'],
    keywords: ['transport endpoint is not connected'],
    match:
      /(?:(?<op>l?stat|open|openat|mkdir|readdir|unmount|umount) (?<path>[^\s:"']{1,4096}): )?transport endpoint is not connected/,
    explanation:
      'ENOTCONN on a pod volume: the FUSE/CSI mount behind it is gone (ceph-fuse evicted or crashed) while ' +
      'the mountpoint remains. Kubelet treats it as a corrupted mount.',
    references: [
      'kubernetes/mount-utils:mount_helper_common.go',
      'https://github.com/kubernetes/kubernetes/issues/52324',
    ],
    severity: 'critical',
    examples: {
      positive: [
        `stat ${VOL}: transport endpoint is not connected`,
        `"Unable to attach or mount volumes for pod; skipping pod" err="lstat ${VOL}: transport endpoint is not connected" pod="ns/app-0"`,
      ],
      negative: [
        '"Unable to attach or mount volumes for pod; skipping pod" err="unmounted volumes=[data]: timed out waiting for the condition"',
      ],
    },
  },
];
