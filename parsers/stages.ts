// The fixed stage ids of the eviction cascade, in cascade order. UI, exports and tests use these
// strings; they may not change (docs/architecture.md).

export const STAGE_IDS = [
  'connection-reset',
  'mon-session-lost',
  'reconnect-denied',
  'mds-hung',
  'caps-stale',
  'quota-realm-loop',
  'kubelet-mount-failure',
] as const;

export type StageId = (typeof STAGE_IDS)[number];

export interface StageInfo {
  id: StageId;
  title: string;
  /** What the stage means and why it follows the one before: shown on the stage card. */
  annotation: string;
}

export const STAGES: readonly StageInfo[] = [
  {
    id: 'connection-reset',
    title: 'Connection reset',
    annotation:
      'The kernel client lost its TCP session to the MDS (libceph "socket closed", "connection reset"). ' +
      'A network blip is the usual trigger; everything that follows starts here.',
  },
  {
    id: 'mon-session-lost',
    title: 'Monitor session lost',
    annotation:
      'The client also lost its monitor session and went hunting for a new mon, so it could not learn ' +
      'the new MDS or OSD maps while the network was down.',
  },
  {
    id: 'reconnect-denied',
    title: 'Session evicted / reconnect denied',
    annotation:
      'When the client came back, the MDS had already evicted it (session_autoclose) and, with ' +
      'mds_session_blocklist_on_timeout=true, blocklisted it: "closed our session" then "reconnect denied". ' +
      'From now on every request on the mount fails with EACCES.',
  },
  {
    id: 'mds-hung',
    title: 'MDS session hung',
    annotation:
      'The client marks the MDS session hung because no renewal arrived within session_autoclose; ' +
      'with a denied reconnect it never recovers on its own.',
  },
  {
    id: 'caps-stale',
    title: 'Caps stale / dirty state dropped',
    annotation:
      'Capabilities lapsed with the session. "dropping dirty … state" means writes that were not yet ' +
      'flushed to the cluster were discarded: data loss for the applications on this mount.',
  },
  {
    id: 'quota-realm-loop',
    title: 'get_quota_realm loop',
    annotation:
      'On kernels before 5.3 a quota realm inode without caps makes get_quota_realm() loop forever after ' +
      'the eviction ("null i_snap_realm"), pinning a CPU and hanging every stat on the mount.',
  },
  {
    id: 'kubelet-mount-failure',
    title: 'Pods cannot use the volume',
    annotation:
      'The dead mount is never released (fscache keeps it pinned), so kubelet gets "permission denied" on ' +
      'stat, leaves orphaned pod directories, fails mkdir with "file exists", and new containers cannot run.',
  },
];

export const STAGE_BY_ID: Readonly<Record<StageId, StageInfo>> = Object.fromEntries(
  STAGES.map((s) => [s.id, s]),
) as Record<StageId, StageInfo>;
