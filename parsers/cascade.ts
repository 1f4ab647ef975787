// The ordered eviction cascade, declared as data beside the rule catalog (like a Sigma
// `temporal_ordered` correlation): which stage may follow which on one host, and within what
// window. Single lines are matched by parsers/rules.ts; this table is evaluated afterwards, per
// host, by workers/assembly.ts.
//
// Windows are measured between lines of ONE host: a link `from → to` holds when some failure line
// of `to` begins between `minSeconds` and `maxSeconds` after some failure line of `from`. Pairs
// rather than first lines, because a long outage logs its reset twice (when the network drops and
// when it returns) and the eviction follows the second.
//
// Sources named below:
//   sample   = test/sample/README.md timeline (three workers, kernel 3.10 el7, Nautilus)
//   teuth    = specimen ceph-doc-teuthology-kernlog (test/fixtures/syslog-rfc3164/kern.log-teuthology.log)
//   jlayton  = specimen lkml-jlayton-2021-client-dmesg (test/fixtures/dmesg/, ~5.16 kernel, 3 MDS ranks)
//   doc2025  = specimen ceph-doc-dmesgT-2025 (ceph/ceph doc/cephfs/troubleshooting.rst)
//   vocab    = the project's cascade vocabulary: §2 A11 (`mds%d hung` when renew + session_autoclose
//              passes), §6.1 (session_autoclose 300 s, session_timeout 60 s, renewal every
//              session_timeout/4), §7 K10 (kubelet volume retry back-off, 2m2s cap)

import type { StageId } from './stages.ts';

export interface CascadeLink {
  /** Named in the reason a host fits or not. */
  id: string;
  from: StageId;
  to: StageId;
  /** Negative: `to` may be logged slightly before `from` (same burst, or a stage that can lead). */
  minSeconds: number;
  maxSeconds: number;
  /** Where the window comes from, observed values first. */
  source: string;
}

export interface CascadeFit {
  /** The stage that starts a host's cascade. */
  trigger: StageId;
  /** The stage that proves the eviction; without it a reset is stray. */
  anchor: StageId;
  /** The link from trigger to anchor, which must hold. */
  anchorLink: string;
  /** Anchor-stage rules that prove the client was evicted or blocklisted. */
  proofKinds: readonly string[];
  /** Anchor-stage rules that only show an attempt or a side effect: not proof on their own. */
  attemptKinds: readonly string[];
  /** Stages besides trigger and anchor whose link must hold for the host to fit. */
  minFurtherStages: number;
}

/** Lines of one burst less than this far apart are not ordered evidence (see BURST_SOURCE). */
export const BURST_SECONDS = 5;
export const BURST_SOURCE =
  'teuth: the connection reset is logged 1.03 s after "reconnect denied"; jlayton: "mds1 hung" 2.3 s before ' +
  'the socket closed line; a journal-only host has 1 s stamps received up to ~1 s late';

export const CASCADE: {
  /** The usual order in which the stages begin (sample, bundle-wide first sightings). */
  order: readonly StageId[];
  /** A tree rooted at the trigger: every other stage has exactly one incoming link. */
  links: readonly CascadeLink[];
  fit: CascadeFit;
  /**
   * Quiet time that separates two episodes. Longer than the longest window below (1800 s), so
   * no allowed step of one cascade is ever cut; shorter than the "hours or days" between separate
   * incidents. Continuous lines (the quota loop's ratelimited bursts, kubelet retries every 2 s to
   * 2m2s) never leave an hour's hole, so a loop running for days stays one episode.
   */
  episodeGapSeconds: number;
} = {
  order: [
    'connection-reset',
    'mon-session-lost',
    'mds-hung',
    'reconnect-denied',
    'caps-stale',
    'quota-realm-loop',
    'kubelet-mount-failure',
  ],
  links: [
    {
      id: 'mon-lost-after-reset',
      from: 'connection-reset',
      to: 'mon-session-lost',
      minSeconds: -BURST_SECONDS,
      maxSeconds: 30,
      source:
        'sample: hunting 0.2-1.5 ms after the socket closed line on every worker; the mon client hunts on its ' +
        'own connection fault, 30 s allows a mon link that faults a little after the MDS one',
    },
    {
      id: 'hung-after-reset',
      from: 'connection-reset',
      to: 'mds-hung',
      minSeconds: -BURST_SECONDS,
      maxSeconds: 360,
      source:
        'sample: 294-295 s after the first socket closed line; vocab A11 + §6.1: hung once session_autoclose ' +
        '(300 s) passes without a renewal, the last renewal up to session_timeout (60 s) before the drop; ' +
        `jlayton: 2.3 s before the reset (${BURST_SECONDS} s burst)`,
    },
    {
      id: 'denial-after-reset',
      from: 'connection-reset',
      to: 'reconnect-denied',
      minSeconds: -BURST_SECONDS,
      maxSeconds: 600,
      source:
        'sample: 311 s after the first socket closed line, 0.02 s after the reconnect-time connection reset; ' +
        'doc2025/jlayton: under 0.3 s; the MDS evicts after session_autoclose (300 s, vocab §6.1) and the ' +
        `client learns it when it reconnects: 300 s more for that; teuth: reset 1.03 s after (${BURST_SECONDS} s burst)`,
    },
    {
      id: 'caps-stale-around-denial',
      from: 'reconnect-denied',
      to: 'caps-stale',
      minSeconds: -360,
      maxSeconds: 300,
      source:
        'caps go stale while the network is down, before the eviction shows: jlayton 240 s before, doc2025 18 s ' +
        'before (bounded by session_autoclose + session_timeout, 360 s); or right after: teuth "dropping dirty" ' +
        '5 ms after, sample 3 ms (dropping dirty) and 16-20 s ("caps stale", next renewal tick, vocab §6.1)',
    },
    {
      id: 'quota-loop-after-denial',
      from: 'reconnect-denied',
      to: 'quota-realm-loop',
      minSeconds: -BURST_SECONDS,
      maxSeconds: 1800,
      source:
        'sample: 17-22 s after "reconnect denied"; the loop starts at the first stat under the quota realm ' +
        'once its caps are gone, so an idle mount may start it later: same half hour as the kubelet window',
    },
    {
      id: 'kubelet-after-denial',
      from: 'reconnect-denied',
      to: 'kubelet-mount-failure',
      minSeconds: -BURST_SECONDS,
      maxSeconds: 1800,
      source:
        'sample: 59-61 s after "reconnect denied" (containers die on EACCES, restarts fail on "file exists"); ' +
        'kubelet retries volume operations with a back-off capped at 2m2s (vocab K10) and restarts containers ' +
        'with a 5 min CrashLoopBackOff cap; 30 min leaves room for a pod that is only (re)started later',
    },
  ],
  fit: {
    trigger: 'connection-reset',
    anchor: 'reconnect-denied',
    anchorLink: 'denial-after-reset',
    proofKinds: [
      'ceph-mds-reconnect-denied',
      'ceph-mds-rejected-session',
      'ceph-mds-session-blocklisted',
      'ceph-auto-reconnect-after-blocklisted',
      'mds-evicting-client-session',
      'mds-evicting-unresponsive-client',
      'mds-denied-reconnect',
      'mds-closing-stale-session',
      'mds-cap-revoke-evicting',
      'mds-evicting-session-missing-features',
    ],
    // "closed our session" → "reconnect start" → "reconnect success" is an MDS failover the client
    // survives; errors preparing/closing a session and a mount that finds no MDS are not evictions.
    attemptKinds: [
      'ceph-mds-closed-session',
      'ceph-mds-reconnect-start',
      'ceph-mds-reconnect-error',
      'ceph-mds-unable-to-close-session',
      'ceph-no-mds-server-up',
    ],
    // Every real eviction in the specimens shows one more stage: teuth dropping dirty, doc2025 caps
    // stale, jlayton caps stale + hung, sample all five. A reset + denial alone is too thin to call.
    minFurtherStages: 1,
  },
  episodeGapSeconds: 3600,
};
