// The detection rule catalog: one typed data table, one rule per message family. Plain data plus a
// regex each; no I/O. Kernel and MDS rules live here, kubelet/runtime rules in rules-kubelet.ts.
// Texts come from the kernel (fs/ceph, net/ceph), Ceph MDS and kubelet sources; every rule
// names where its text comes from and carries real or format-built examples that the tests run.
//
//   classify('libceph: mds0 (1)10.99.10.4:6801 socket closed (con state OPEN)', 'kernel')
//     → { rule: <libceph-socket-closed>, groups: { peer: 'mds', rank: '0', addrtype: '1', … } }

import { KUBELET_RULES } from './rules-kubelet.ts';
import type { StageId } from './stages.ts';

/** Which kind of line a rule applies to: decided by the parser that produced the message. */
export type RuleOrigin = 'kernel' | 'kubelet' | 'runtime' | 'mds';

export interface Rule {
  /** kebab-case, unique */
  id: string;
  title: string;
  stage: StageId;
  /** Session established, reconnect success, came back, caps renewed, recovery completed. */
  recovery: boolean;
  origins: readonly RuleOrigin[];
  /** Cheap prefilter: the message must contain at least one of these (case-sensitive) first. */
  keywords: readonly string[];
  /** Anchored where possible, linear-time, named groups for useful fields. Never global/sticky. */
  match: RegExp;
  explanation: string;
  references: readonly string[];
  severity: 'critical' | 'warning' | 'info';
  examples: { positive: readonly string[]; negative: readonly string[] };
}

export interface RuleMatch {
  rule: Rule;
  groups: Record<string, string>;
}

// ---- shared regex fragments (kernel) ----------------------------------------------------------

const UUID = `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`;
/** fs/ceph message start; 6.7+ adds `[<fsid> <global id>]: ` (ceph_debug.h pr_*_client). */
const CEPH = String.raw`^ceph: (?:\[(?<fsid>${UUID}) (?<gid>\d+)\]: )?`;
/** ENTITY_NAME(): `mds0`, `mon2`, `osd7`, `client4123`. */
const PEER = String.raw`(?<peer>[a-z]+)(?<rank>-?\d+)`;
/**
 * ceph_pr_addr(): `1.2.3.4:6789` (<5.3), `(1)1.2.3.4:6789` / `(2)…:3300` (5.3+), `(1)[v6]:6789`, and
 * author-anonymised forms like `(2)XXX.XX.XX.XX :6800` (stray space kept from a real paste).
 */
const ADDR = String.raw`(?:\((?<addrtype>\d)\))?(?<ip>\[[0-9A-Fa-f:.]+\]|[^\s:()[\]]{1,64}) ?:(?<port>\d+)`;
const END = String.raw`\s*$`;
const BL = '(?:black|block)list';

// ---- shared regex fragment (Ceph MDS daemon / cluster log) -------------------------------------

/**
 * What may stay in front of an MDS message after the daemon-log prefix is cut: the dout prefix
 * (`mds.0.482 `, `mds.0.server `), the cluster-log source (`mds.a (mds.0) 12 : `), the clog tag
 * (`log_channel(cluster) log [WRN] : ` or `cluster [WRN] `), and health-detail indentation.
 */
const MDS = String.raw`^\s*(?:mds\.[\w.-]+ )?(?:\(mds\.\d+\) \d+ : )?(?:log_channel\(cluster\) log \[[A-Z]{3}\] : |cluster \[[A-Z]{3}\] )?`;

const FS67 = '[bf9495f9-726d-42d3-ac43-53938496bb29 176873]: ';

const K_MDS = 'torvalds/linux:fs/ceph/mds_client.c';
const K_CAPS = 'torvalds/linux:fs/ceph/caps.c';
const K_QUOTA = 'torvalds/linux:fs/ceph/quota.c';
const K_MSGR = 'torvalds/linux:net/ceph/messenger.c';
const K_MSGR1 = 'torvalds/linux:net/ceph/messenger_v1.c';
const K_MSGR2 = 'torvalds/linux:net/ceph/messenger_v2.c';
const K_MON = 'torvalds/linux:net/ceph/mon_client.c';
const K_DEBUG = 'torvalds/linux:include/linux/ceph/ceph_debug.h';
const C_SERVER = 'ceph/ceph:src/mds/Server.cc';
const C_RANK = 'ceph/ceph:src/mds/MDSRank.cc';
const C_TROUBLE = 'ceph/ceph:doc/cephfs/troubleshooting.rst';
const C_EVICTION = 'ceph/ceph:doc/cephfs/eviction.rst';

// ---- connection-reset ---------------------------------------------------------------------------

const CONNECTION_RESET: readonly Rule[] = [
  {
    id: 'libceph-socket-closed',
    title: 'libceph socket closed',
    stage: 'connection-reset',
    recovery: false,
    origins: ['kernel'],
    keywords: ['socket closed'],
    match: new RegExp(String.raw`^libceph: ${PEER} ${ADDR} socket closed \(con state (?<state>[A-Z0-9_]+)\)`),
    explanation:
      'The kernel messenger saw the TCP connection to this MDS/mon/OSD close. Usually the first sign of the ' +
      'network blip; on its own it is harmless, the client reconnects.',
    references: [K_MSGR, K_MSGR1, K_MSGR2, C_TROUBLE],
    severity: 'warning',
    examples: {
      positive: [
        'libceph: mds0 172.21.5.114:6812 socket closed (con state OPEN)',
        'libceph: mds0 (1)10.99.10.4:6801 socket closed (con state OPEN)',
        'libceph: mon1 (2)10.130.0.43:3300 socket closed (con state OPEN)',
        'libceph: mds0 (2)XXX.XX.XX.XX :6800 socket closed (con state OPEN)',
        'libceph: osd3 (1)[fd00::5]:6805 socket closed (con state V1_BANNER)',
      ],
      negative: [
        'libceph: mds0 socket closed',
        'ceph: mds0 socket closed',
        'sshd[123]: Connection closed by 10.0.0.1 port 22',
        'libceph: osd7 down',
      ],
    },
  },
  {
    id: 'libceph-socket-error',
    title: 'libceph socket error',
    stage: 'connection-reset',
    recovery: false,
    origins: ['kernel'],
    keywords: ['socket error on', 'connect error'],
    match: new RegExp(`^libceph: ${PEER} ${ADDR} (?<error>socket error on (?:read|write)|connect error)`),
    explanation:
      'A read, write or connect on the messenger socket failed (con_fault). Same meaning as "socket closed": ' +
      'the link to that daemon is broken.',
    references: [K_MSGR, K_MSGR1],
    severity: 'warning',
    examples: {
      positive: [
        'libceph: mon0 192.168.20.29:6789 socket error on read',
        'libceph: osd7 (1)10.0.0.5:6805 socket error on write',
        'libceph: mon1 (1)192.168.20.30:6789 connect error',
      ],
      negative: [
        'libceph: mon0 192.168.20.29:6789 session lost, hunting for new mon',
        'blk_update_request: I/O error',
      ],
    },
  },
  {
    id: 'libceph-connection-reset',
    title: 'libceph connection reset (< 5.11)',
    stage: 'connection-reset',
    recovery: false,
    origins: ['kernel'],
    keywords: ['connection reset'],
    match: new RegExp(`^libceph: ${PEER} ${ADDR} connection reset${END}`),
    explanation:
      'The peer answered the reconnect with RESETSESSION: it no longer knows this connection. On an MDS this ' +
      'means the session is gone and "closed our session" follows. Kernels before 5.11 print this form.',
    references: [K_MSGR],
    severity: 'warning',
    examples: {
      positive: [
        'libceph: mds0 172.21.5.114:6812 connection reset',
        'libceph: mds0 192.168.20.29:6801 connection reset',
      ],
      negative: [
        'nfs: server 10.0.0.1 connection reset',
        'libceph: mon0 192.168.20.29:6789 session established',
      ],
    },
  },
  {
    id: 'libceph-reset-on',
    title: 'libceph reset on mdsN (< 5.11)',
    stage: 'connection-reset',
    recovery: false,
    origins: ['kernel'],
    keywords: ['reset on '],
    match: new RegExp(`^libceph: reset on ${PEER}${END}`),
    explanation:
      'Companion of "connection reset" on kernels before 5.11: the messenger tells the MDS client that the ' +
      'peer reset the session (peer_reset).',
    references: [K_MSGR],
    severity: 'warning',
    examples: {
      positive: ['libceph: reset on mds0', 'libceph: reset on mds12'],
      negative: ['watchdog: reset on cpu0', 'libceph: osd7 up'],
    },
  },
  {
    id: 'libceph-session-reset',
    title: 'libceph session reset (5.11+)',
    stage: 'connection-reset',
    recovery: false,
    origins: ['kernel'],
    keywords: ['session reset'],
    match: new RegExp(`^libceph: ${PEER} ${ADDR} session reset${END}`),
    explanation:
      'From 5.11 one line replaces "connection reset" + "reset on mdsN": the peer reset the session, so the ' +
      'client must reopen it; for an MDS that has evicted the client this ends in "reconnect denied".',
    references: [K_MSGR1, K_MSGR2, C_TROUBLE],
    severity: 'warning',
    examples: {
      positive: [
        'libceph: mds0 (2)192.168.1.81:6814 session reset',
        'libceph: mds0 (2)XXX.XX.XX.XX:6800 session reset',
        'libceph: mds0 (1)192.168.20.29:6801 session reset',
      ],
      negative: ['libceph: mon0 (1)192.168.3.235:6789 session established', 'usb 1-1: session reset'],
    },
  },
];

// ---- mon-session-lost ---------------------------------------------------------------------------

const MON_SESSION_LOST: readonly Rule[] = [
  {
    id: 'libceph-mon-session-lost',
    title: 'Monitor session lost, hunting',
    stage: 'mon-session-lost',
    recovery: false,
    origins: ['kernel'],
    keywords: ['hunting for new mon'],
    match: new RegExp(String.raw`^libceph: mon(?<rank>\d+) ${ADDR} session lost, hunting for new mon`),
    explanation:
      'The client lost its monitor session and is hunting for another mon; until it finds one it cannot ' +
      'learn new MDS/OSD maps (including its own blocklisting).',
    references: [K_MON, 'https://github.com/ceph/ceph-csi/issues/5265'],
    severity: 'warning',
    examples: {
      positive: [
        'libceph: mon0 192.168.20.29:6789 session lost, hunting for new mon',
        'libceph: mon0 (1)192.168.3.235:6789 session lost, hunting for new mon',
        'libceph: mon2 (2)10.130.0.43:3300 session lost, hunting for new mon',
      ],
      negative: [
        'libceph: osd7 down',
        'ceph: mds0 hung',
        'libceph: mon0 (1)10.102.28.116:6789 socket closed (con state OPEN)',
      ],
    },
  },
  {
    id: 'libceph-mon-session-established',
    title: 'Monitor session established',
    stage: 'mon-session-lost',
    recovery: true,
    origins: ['kernel'],
    keywords: ['session established'],
    match: new RegExp(String.raw`^libceph: mon(?<rank>\d+) ${ADDR} session established${END}`),
    explanation:
      'The client has a monitor session again (finish_hunting), either at mount time or after hunting. ' +
      'Marks the end of a mon-session-lost episode.',
    references: [K_MON],
    severity: 'info',
    examples: {
      positive: [
        'libceph: mon0 (1)192.168.3.235:6789 session established',
        'libceph: mon1 192.168.20.30:6789 session established',
        'libceph: mon0 (2)10.130.0.41:3300 session established',
      ],
      negative: [
        'sshd[1]: session established for user root',
        'libceph: client7984614 fsid 5d44c1b2-3fa7-42a1-827b-c4fb1b4a8e76',
        'libceph: mds0 (2)192.168.1.81:6814 session reset',
      ],
    },
  },
];

// ---- reconnect-denied (kernel and MDS side) -----------------------------------------------------

const RECONNECT_DENIED: readonly Rule[] = [
  {
    id: 'ceph-mds-closed-session',
    title: 'MDS closed our session',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['closed our session'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) closed our session${END}`),
    explanation:
      'The MDS reset the session while the client was not reconnecting (mds_peer_reset): it has evicted ' +
      'this client. The client now tries to reconnect.',
    references: [K_MDS, K_DEBUG, C_TROUBLE],
    severity: 'critical',
    examples: {
      positive: ['ceph: mds0 closed our session', `ceph: ${FS67}mds2 closed our session`],
      negative: ['ceph: mds0 came back', 'sshd[1]: pam_unix(sshd:session): session closed for user root'],
    },
  },
  {
    id: 'ceph-mds-reconnect-start',
    title: 'MDS reconnect start',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['reconnect start'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) reconnect start${END}`),
    explanation:
      'The client sends its reconnect to the MDS (send_mds_reconnect). Counted in this stage because it is ' +
      'the attempt that "reconnect denied" or "reconnect success" answers.',
    references: [K_MDS, C_TROUBLE],
    severity: 'info',
    examples: {
      positive: ['ceph: mds0 reconnect start', `ceph: ${FS67}mds0 reconnect start`],
      negative: [
        'libceph: client176873 fsid bf9495f9-726d-42d3-ac43-53938496bb29',
        'systemd[1]: Starting reconnect service',
      ],
    },
  },
  {
    id: 'ceph-mds-reconnect-denied',
    title: 'MDS reconnect denied',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['reconnect denied'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) reconnect denied${END}`),
    explanation:
      'The MDS refused the reconnect because it had already evicted (and usually blocklisted) the client. ' +
      'From now on requests on this mount fail with EACCES until it is unmounted and remounted.',
    references: [K_MDS, K_DEBUG, C_TROUBLE, C_EVICTION],
    severity: 'critical',
    examples: {
      positive: ['ceph: mds0 reconnect denied', `ceph: ${FS67}mds0 reconnect denied`],
      negative: ['ceph: mds0 is already opened', 'ceph: mds0 hung'],
    },
  },
  {
    id: 'ceph-mds-reconnect-success',
    title: 'MDS reconnect success',
    stage: 'reconnect-denied',
    recovery: true,
    origins: ['kernel'],
    keywords: ['reconnect success'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) reconnect success${END}`),
    explanation: 'The MDS accepted the reconnect: the session survived, no eviction on this rank.',
    references: [K_MDS],
    severity: 'info',
    examples: {
      positive: ['ceph: mds0 reconnect success', `ceph: ${FS67}mds1 reconnect success`],
      negative: ['ceph: mds0 came back', 'NetworkManager: reconnect success'],
    },
  },
  {
    id: 'ceph-mds-rejected-session',
    title: 'MDS rejected session',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['rejected session'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) rejected session${END}`),
    explanation:
      'The MDS rejected a new session (CEPH_SESSION_REJECT); when the reason says blocklisted the client ' +
      'marks itself blocklisted and every request fails with EACCES.',
    references: [K_MDS],
    severity: 'critical',
    examples: {
      positive: ['ceph: mds0 rejected session', `ceph: ${FS67}mds0 rejected session`],
      negative: ['ceph: mds0 caps stale', 'nfsd: rejected session'],
    },
  },
  {
    id: 'ceph-mds-session-blocklisted',
    title: 'MDS session blocklisted',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['session blocklisted', 'session blacklisted'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) session ${BL}ed${END}`),
    explanation:
      'The MDS told the client in a session message that it is blocklisted (newer kernels, session message ' +
      'v5). Requests fail until the client is remounted or recovers with recover_session=clean.',
    references: [K_MDS],
    severity: 'critical',
    examples: {
      // The message came after the 5.10 rename; the old spelling is kept for vendor backports.
      positive: [
        'ceph: mds0 session blocklisted',
        `ceph: ${FS67}mds0 session blocklisted`,
        'ceph: mds1 session blacklisted',
      ],
      negative: ['ceph: mds0 session blocklist', 'libceph: osd7 weight 0x0 (out)'],
    },
  },
  {
    id: 'ceph-auto-reconnect-after-blocklisted',
    title: 'Auto reconnect after blocklisted',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['auto reconnect after'],
    match: new RegExp(`${CEPH}auto reconnect after ${BL}ed${END}`),
    explanation:
      'With recover_session=clean (5.4+) the client reconnects by itself after being blocklisted, dropping ' +
      'dirty data and caps. It proves the client had been blocklisted ("blacklisted" before 5.10).',
    references: [K_MDS, 'https://github.com/ceph/ceph-csi/pull/2884'],
    severity: 'warning',
    examples: {
      positive: [
        'ceph: auto reconnect after blocklisted',
        'ceph: auto reconnect after blacklisted',
        `ceph: ${FS67}auto reconnect after blocklisted`,
      ],
      negative: ['ceph: mds0 caps went stale, renewing', 'wpa_supplicant: auto reconnect after 5 seconds'],
    },
  },
  {
    id: 'ceph-mds-reconnect-error',
    title: 'Error preparing MDS reconnect',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['preparing reconnect for'],
    match: new RegExp(String.raw`${CEPH}error (?<errno>-?\d+) preparing reconnect for mds(?<rank>\d+)`),
    explanation:
      'Building the reconnect message failed (for example -ENOMEM), so the client could not even ask the ' +
      'MDS to keep its session.',
    references: [K_MDS],
    severity: 'warning',
    examples: {
      positive: [
        'ceph: error -12 preparing reconnect for mds0',
        `ceph: ${FS67}error -5 preparing reconnect for mds1`,
      ],
      negative: ['ceph: error -12 preparing', 'ceph: mds0 hung'],
    },
  },
  {
    id: 'ceph-mds-unable-to-close-session',
    title: 'Unable to close MDS session',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['unable to close session'],
    match: new RegExp(String.raw`${CEPH}unable to close session to mds(?<rank>\d+): (?<errno>-?\d+)`),
    explanation: 'Closing the session to this MDS failed, typically while unmounting a dead (evicted) mount.',
    references: [K_MDS],
    severity: 'warning',
    examples: {
      positive: ['ceph: unable to close session to mds0: -5'],
      negative: ['ceph: mds0 came back', 'libceph: reset on mds0'],
    },
  },
  {
    id: 'ceph-no-mds-server-up',
    title: 'No MDS server is up or the cluster is laggy',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['kernel'],
    keywords: ['No mds server is up'],
    match: new RegExp(`${CEPH}No mds server is up or the cluster is laggy`),
    explanation:
      'A mount (or remount) waited for an MDS session and timed out (-EHOSTUNREACH): the client could not ' +
      'open a session at all. Counted here because no session means the mount is unusable.',
    references: ['torvalds/linux:fs/ceph/super.c'],
    severity: 'warning',
    examples: {
      positive: ['ceph: No mds server is up or the cluster is laggy'],
      negative: ['mount error: no mds server is up or the cluster is laggy', 'ceph: mds0 caps renewed'],
    },
  },
  {
    id: 'ceph-mds-recovery-completed',
    title: 'MDS recovery completed',
    stage: 'reconnect-denied',
    recovery: true,
    origins: ['kernel'],
    keywords: ['recovery completed'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) recovery completed${END}`),
    explanation:
      'The MDS rank finished its reconnect/rejoin phase and is active again (check_new_map); requests ' +
      'waiting on it are resent. Ends a reconnect episode on the good path.',
    references: [K_MDS],
    severity: 'info',
    examples: {
      positive: ['ceph: mds0 recovery completed', `ceph: ${FS67}mds0 recovery completed`],
      negative: ['ceph: mds0 came back', 'EXT4-fs (sda1): recovery complete', 'ceph: mds0 is already opened'],
    },
  },
  // MDS side: the same eviction seen from the daemon's log.
  {
    id: 'mds-evicting-client-session',
    title: 'MDS evicting client session',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['mds'],
    keywords: ['Evicting '],
    match: new RegExp(
      String.raw`${MDS}Evicting (?:\((?<blocklist>and ${BL}ing)\) )?client session (?<gid>\d+) \((?<addr>[^()\s]*)\)`,
    ),
    explanation:
      'The MDS evicted this client session; "(and blocklisting)" means it also added the client address to ' +
      'the OSD blocklist, so the kernel mount is dead until remounted ("blacklisting" before Pacific).',
    references: [C_RANK, C_EVICTION, 'https://github.com/ceph/ceph-csi/issues/5265'],
    severity: 'critical',
    examples: {
      positive: [
        'mds.0.482 Evicting (and blocklisting) client session 977313 (v1:10.10.10.253:0/180833414)',
        'log_channel(cluster) log [INF] : Evicting (and blocklisting) client session 977322 (v1:10.10.10.253:0/1499105884)',
        'Evicting (and blacklisting) client session 4305 (10.0.0.5:0/3382)',
        'mds.0.12 Evicting client session 4305 (v1:10.0.0.5:0/3382)',
      ],
      negative: [
        'Evicting pod default/web-0',
        'mds.0.482 handle_client_session client_session(request_renewcaps)',
      ],
    },
  },
  {
    id: 'mds-evicting-unresponsive-client',
    title: 'MDS evicting unresponsive client',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['mds'],
    keywords: ['evicting unresponsive client'],
    match: new RegExp(
      String.raw`${MDS}evicting unresponsive client (?<client>[^()]{1,256}?) \((?<gid>\d+)\), after (?:waiting )?(?<seconds>\d+(?:\.\d+)?) seconds`,
    ),
    explanation:
      'The client did not renew its session within session_autoclose (300 s by default), so the MDS evicts ' +
      'it; with mds_session_blocklist_on_timeout=true it is blocklisted too.',
    references: [C_SERVER, C_EVICTION, 'https://github.com/ceph/ceph-csi/issues/5265'],
    severity: 'critical',
    examples: {
      positive: [
        'log_channel(cluster) log [WRN] : evicting unresponsive client puhui-py:ai_asset (977313), after 316.554 seconds',
        'evicting unresponsive client host1 (4305), after waiting 45.01 seconds during MDS startup',
        'mds.a (mds.0) 17 : cluster [WRN] evicting unresponsive client node88 (176873), after 300.2 seconds',
      ],
      negative: [
        'evicting pod default/web-0 after 300 seconds',
        'mds.0.server reconnect by client.4305 after 1.2',
      ],
    },
  },
  {
    id: 'mds-denied-reconnect',
    title: 'MDS denied reconnect attempt',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['mds'],
    keywords: ['denied reconnect attempt'],
    match: new RegExp(
      String.raw`${MDS}denied reconnect attempt (?:\(mds is (?<mdsState>[^)]{1,64})\) )?from (?:client\.(?<gid>\d+))?`,
    ),
    explanation:
      'Server side of the kernel\'s "reconnect denied": the client came back after its session was closed ' +
      'or outside the reconnect window, and the MDS refused it.',
    references: [C_SERVER],
    severity: 'critical',
    examples: {
      positive: [
        'denied reconnect attempt (mds is up:active) from client.176873 v1:10.99.10.7:0/12345 after 1234.5 (allowed interval 45)',
        'log_channel(cluster) log [INF] : denied reconnect attempt from client.176873 v1:10.99.10.7:0/12345 (session is closed)',
      ],
      negative: [
        'reconnect by client.176873 v1:10.99.10.7:0/12345 after 1.5',
        'sshd[1]: denied connection from 1.2.3.4',
      ],
    },
  },
  {
    id: 'mds-closing-stale-session',
    title: 'MDS closing stale session (pre-Mimic)',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['mds'],
    keywords: ['closing stale session'],
    match: new RegExp(
      String.raw`${MDS}closing stale session client\.(?<gid>\d+) (?<addr>\S+) after (?<seconds>\d+(?:\.\d+)?)`,
    ),
    explanation:
      'Luminous and older MDS wording of the autoclose eviction: the session went unrenewed past ' +
      'mds_session_autoclose and was closed.',
    references: [C_SERVER],
    severity: 'critical',
    examples: {
      positive: [
        'closing stale session client.4123 10.0.0.5:0/3382 after 300.01',
        'log_channel(cluster) log [INF] : closing stale session client.4123 10.0.0.5:0/3382 after 301.7',
      ],
      negative: ['new stale session client.4123 10.0.0.5:0/3382', 'closing session client.4123'],
    },
  },
  {
    id: 'mds-cap-revoke-evicting',
    title: 'MDS evicting client that ignored cap revoke',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['mds'],
    keywords: ['has not responded to cap revoke'],
    match: new RegExp(
      String.raw`${MDS}client id (?<gid>\d+) has not responded to cap revoke by MDS for over (?<seconds>\d+(?:\.\d+)?) seconds, evicting`,
    ),
    explanation:
      'With mds_cap_revoke_eviction_timeout set, the MDS evicts a client that holds caps it was asked to ' +
      'release; blocklisting follows mds_session_blocklist_on_evict.',
    references: [C_SERVER],
    severity: 'critical',
    examples: {
      positive: ['client id 4305 has not responded to cap revoke by MDS for over 300 seconds, evicting'],
      negative: [
        "client.4305 isn't responding to mclientcaps(revoke), ino 0x1 pending pAsLsXsFr issued pAsLsXsFrw",
      ],
    },
  },
  {
    id: 'mds-evicting-session-missing-features',
    title: 'MDS evicting session missing required features',
    stage: 'reconnect-denied',
    recovery: false,
    origins: ['mds'],
    keywords: ['missing required features'],
    match: new RegExp(
      `${MDS}evicting session (?<client>[^,]{1,256}), missing required features '(?<features>[^']*)'`,
    ),
    explanation:
      'The MDS evicted a client whose feature bits are too old for the file system settings; an old kernel ' +
      'client cannot keep its session.',
    references: [C_SERVER],
    severity: 'warning',
    examples: {
      positive: ["evicting session node88 (176873), missing required features 'metric_collect'"],
      negative: ["mds.0.server handle_client_session: missing required features 'x'"],
    },
  },
];

// ---- mds-hung -----------------------------------------------------------------------------------

const MDS_HUNG: readonly Rule[] = [
  {
    id: 'ceph-mds-hung',
    title: 'MDS session hung',
    stage: 'mds-hung',
    recovery: false,
    origins: ['kernel'],
    keywords: [' hung'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) hung${END}`),
    explanation:
      'No session renewal arrived within session_autoclose, so the client marks the MDS session hung. If ' +
      'the MDS evicted the client meanwhile, it never comes back on its own.',
    references: [K_MDS],
    severity: 'critical',
    examples: {
      positive: ['ceph: mds1 hung', `ceph: ${FS67}mds0 hung`],
      negative: ['ceph: mds0 caps stale', 'INFO: task kworker/0:1:123 blocked for more than 120 seconds.'],
    },
  },
  {
    id: 'ceph-mds-came-back',
    title: 'MDS came back',
    stage: 'mds-hung',
    recovery: true,
    origins: ['kernel'],
    keywords: ['came back'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) came back${END}`),
    explanation:
      'A hung MDS session received a message again and is open: the client recovered on this rank.',
    references: [K_MDS],
    severity: 'info',
    examples: {
      positive: [
        'ceph: mds0 came back',
        `ceph: [2a882841-48a3-11f1-838c-d00d99b60350 14451]: mds0 came back`,
      ],
      negative: ['ceph: mds0 caps renewed', 'e1000e: eth0 link came back'],
    },
  },
];

// ---- caps-stale ---------------------------------------------------------------------------------

const CAPS_STALE: readonly Rule[] = [
  {
    id: 'ceph-mds-caps-stale',
    title: 'Caps stale',
    stage: 'caps-stale',
    recovery: false,
    origins: ['kernel'],
    keywords: ['caps stale'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) caps stale${END}`),
    explanation:
      'The client could not renew its capabilities in time (session_timeout): cached data and metadata from ' +
      'this MDS may no longer be trusted. Usually the first kernel line of an eviction.',
    references: [K_MDS, C_TROUBLE],
    severity: 'warning',
    examples: {
      positive: ['ceph: mds1 caps stale', `ceph: ${FS67}mds0 caps stale`],
      negative: ['ceph: mds0 hung', 'ceph: mds0 caps stale soon'],
    },
  },
  {
    id: 'ceph-mds-caps-still-stale',
    title: 'Caps still stale',
    stage: 'caps-stale',
    recovery: false,
    origins: ['kernel'],
    keywords: ['caps still stale'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) caps still stale${END}`),
    explanation: 'A caps renewal was answered but the caps are still stale: the session has not recovered.',
    references: [K_MDS],
    severity: 'warning',
    examples: {
      positive: ['ceph: mds0 caps still stale', `ceph: ${FS67}mds0 caps still stale`],
      negative: ['ceph: mds0 hung', 'ceph: mds0 reconnect denied'],
    },
  },
  {
    id: 'ceph-mds-caps-renewed',
    title: 'Caps renewed',
    stage: 'caps-stale',
    recovery: true,
    origins: ['kernel'],
    keywords: ['caps renewed'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) caps renewed${END}`),
    explanation: 'Stale caps were renewed by the MDS: the session is healthy again and no data was dropped.',
    references: [K_MDS],
    severity: 'info',
    examples: {
      positive: [
        'ceph: mds0 caps renewed',
        'ceph: [2a882841-48a3-11f1-838c-d00d99b60350 14451]: mds0 caps renewed',
      ],
      negative: ['ceph: mds0 came back', 'ceph: mds0 recovery completed'],
    },
  },
  {
    id: 'ceph-mds-caps-went-stale',
    title: 'Caps went stale, renewing',
    stage: 'caps-stale',
    recovery: false,
    origins: ['kernel'],
    keywords: ['caps went stale'],
    match: new RegExp(String.raw`${CEPH}mds(?<rank>\d+) caps went stale, renewing${END}`),
    explanation:
      'The MDS itself marked the session stale (CEPH_SESSION_STALE) and the client tries to renew.',
    references: [K_MDS],
    severity: 'warning',
    examples: {
      positive: ['ceph: mds0 caps went stale, renewing', `ceph: ${FS67}mds0 caps went stale, renewing`],
      negative: ['ceph: mds0 caps went stale', 'ceph: mds0 reconnect start'],
    },
  },
  {
    id: 'ceph-dropping-unsafe-request',
    title: 'Dropping unsafe request',
    stage: 'caps-stale',
    recovery: false,
    origins: ['kernel'],
    keywords: ['dropping unsafe request'],
    match: new RegExp(String.raw`${CEPH} ?dropping unsafe request (?<tid>\d+)`),
    explanation:
      'A metadata request the MDS had not yet committed is dropped with the session: that operation may be ' +
      'lost.',
    references: [K_MDS],
    severity: 'critical',
    examples: {
      positive: ['ceph:  dropping unsafe request 12345', `ceph: ${FS67} dropping unsafe request 77`],
      negative: ['ceph: mds0 closed our session', 'sd 0:0:0:0: [sda] dropping unsafe request'],
    },
  },
  {
    id: 'ceph-dropping-dirty-caps',
    title: 'Dropping dirty state (data loss)',
    stage: 'caps-stale',
    recovery: false,
    origins: ['kernel'],
    keywords: ['dropping dirty'],
    match: new RegExp(
      String.raw`${CEPH} ?dropping dirty(?<flushing>\+flushing)? (?<caps>\S+) state for (?<inode>[0-9a-fx]+) (?<ino>-?\d+)`,
    ),
    explanation:
      'Caps were torn down with the evicted session while the inode still had dirty (or flushing) data: ' +
      'writes not yet flushed to the cluster are discarded. Data loss for applications on the mount.',
    references: [K_MDS, K_CAPS, C_TROUBLE],
    severity: 'critical',
    examples: {
      positive: [
        'ceph:  dropping dirty Fw state for ffff9d9085da1340 1099512175611',
        'ceph:  dropping dirty+flushing Fw state for ffff8802dc150518 1099935956631',
        `ceph: ${FS67} dropping dirty AxFw state for 00000000c0ffee12 1099511627776`,
      ],
      negative: ['ceph: mds0 reconnect denied', 'ceph:  dropping dirty state'],
    },
  },
  {
    id: 'ceph-dropping-file-locks',
    title: 'Dropping file locks',
    stage: 'caps-stale',
    recovery: false,
    origins: ['kernel'],
    keywords: ['dropping file locks'],
    match: new RegExp(
      String.raw`${CEPH} ?dropping file locks for (?<inode>[0-9a-fx]+) (?<ino>[0-9a-f]+)\.(?<snap>[0-9a-f]+)`,
    ),
    explanation:
      'POSIX/flock locks held on this inode are lost with the session; applications relying on them are unprotected.',
    references: [K_CAPS],
    severity: 'warning',
    examples: {
      positive: [
        'ceph:  dropping file locks for 00000000c0ffee12 10000000afe.fffffffffffffffe',
        `ceph: ${FS67} dropping file locks for 00000000c0ffee12 10000000afe.fffffffffffffffe`,
      ],
      negative: ['ceph: mds0 rejected session', 'nfs: dropping file locks'],
    },
  },
  {
    id: 'mds-client-not-responding-to-revoke',
    title: 'Client not responding to cap revoke',
    stage: 'caps-stale',
    recovery: false,
    origins: ['mds'],
    keywords: ["isn't responding to mclientcaps"],
    match: new RegExp(
      String.raw`${MDS}client\.(?<gid>\d+) isn't responding to mclientcaps\((?<op>\w+)\), ino (?<ino>0x[0-9a-f]+) pending (?<pending>\S+) issued (?<issued>\S+)`,
    ),
    explanation:
      'The MDS asked the client to give back caps and got no answer: the client is unreachable or stuck, the ' +
      'usual prelude to eviction.',
    references: ['ceph/ceph:src/mds/Locker.cc'],
    severity: 'warning',
    examples: {
      positive: [
        "log_channel(cluster) log [WRN] : client.176873 isn't responding to mclientcaps(revoke), ino 0x10000000afe pending pAsLsXsFr issued pAsLsXsFrw, sent 964.899182 seconds ago",
      ],
      negative: [
        'client id 4305 has not responded to cap revoke by MDS for over 300 seconds, evicting',
        'mds.0.locker revoking pAsLsXsFr on [inode 0x10000000afe]',
      ],
    },
  },
  {
    id: 'mds-client-late-release',
    title: 'Client failing to respond to capability release',
    stage: 'caps-stale',
    recovery: false,
    origins: ['mds'],
    keywords: ['failing to respond to capability release'],
    match: new RegExp(
      String.raw`${MDS}(?:\[[A-Z]{3}\] MDS_CLIENT_LATE_RELEASE(?:_MANY)?: |Health check (?:failed|update): |[\w.-]+\(mds\.\d+\): )?(?:(?<count>\d+) clients|Many clients \((?<many>\d+)\)|Client (?<client>\S+)) failing to respond to capability release`,
    ),
    explanation:
      'Health warning MDS_CLIENT_LATE_RELEASE: a client holds caps others need and does not release them, ' +
      'typically because it lost its connection.',
    references: ['ceph/ceph:src/mds/Beacon.cc', 'ceph/ceph:doc/cephfs/health-messages.rst'],
    severity: 'warning',
    examples: {
      positive: [
        '    mds.cfs01.ceph2.qwkfzp(mds.0): Client gpu-node-17 failing to respond to capability release client_id: 4305',
        '[WRN] MDS_CLIENT_LATE_RELEASE: 1 clients failing to respond to capability release',
        'cluster [WRN] Health check failed: 1 clients failing to respond to capability release (MDS_CLIENT_LATE_RELEASE)',
      ],
      negative: ['Health check cleared: MDS_CLIENT_LATE_RELEASE (was: 1 clients failing to respond)'],
    },
  },
];

// ---- quota-realm-loop ---------------------------------------------------------------------------

const QUOTA_REALM_LOOP: readonly Rule[] = [
  {
    id: 'ceph-get-quota-realm-null-snaprealm',
    title: 'get_quota_realm: null i_snap_realm',
    stage: 'quota-realm-loop',
    recovery: false,
    origins: ['kernel'],
    keywords: ['null i_snap_realm'],
    match: new RegExp(
      String.raw`${CEPH}get_quota_realm: ino \((?<ino>[0-9a-f]+)\.(?<snap>[0-9a-f]+)\) null i_snap_realm`,
    ),
    explanation:
      'A quota realm inode lost its caps with the eviction; before 5.3 get_quota_realm() then loops forever ' +
      'on it, pinning a CPU and hanging every stat on the mount (fixed by "ceph: fix infinite loop in ' +
      'get_quota_realm()").',
    references: [K_QUOTA],
    severity: 'critical',
    examples: {
      positive: [
        'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) null i_snap_realm',
        'ceph: get_quota_realm: ino (1.fffffffffffffffe) null i_snap_realm',
      ],
      negative: [
        'ceph: mds0 caps stale',
        'ceph: get_quota_realm: ino (10000000afe.fffffffffffffffe) has quota',
      ],
    },
  },
  {
    id: 'ceph-check-quota-exceeded-null-snaprealm',
    title: 'check_quota_exceeded: null i_snap_realm',
    stage: 'quota-realm-loop',
    recovery: false,
    origins: ['kernel'],
    keywords: ['null i_snap_realm'],
    match: new RegExp(
      String.raw`${CEPH}check_quota_exceeded: ino \((?<ino>[0-9a-f]+)\.(?<snap>[0-9a-f]+)\) null i_snap_realm`,
    ),
    explanation:
      'Same cap-less quota realm seen from a write path (quota check): writes under the quota directory ' +
      'stall or fail after the eviction.',
    references: [K_QUOTA],
    severity: 'critical',
    examples: {
      positive: ['ceph: check_quota_exceeded: ino (10000000afe.fffffffffffffffe) null i_snap_realm'],
      negative: ['ceph: mds0 hung', 'ceph: check_quota_exceeded: ino (10000000afe.fffffffffffffffe) ok'],
    },
  },
  {
    id: 'ceph-quota-null-snaprealm',
    title: 'Quota realm: null i_snap_realm (6.7+)',
    stage: 'quota-realm-loop',
    recovery: false,
    origins: ['kernel'],
    keywords: ['null i_snap_realm'],
    match: new RegExp(
      String.raw`${CEPH}(?<inode>[0-9a-f]{8,16}) (?<ino>[0-9a-f]+)\.(?<snap>[0-9a-f]+) null i_snap_realm`,
    ),
    explanation:
      'The 6.7+ wording of the quota-realm message (pointer and ino, no function name). Those kernels have ' +
      'the loop fix, so this marks a cap-less realm after eviction rather than a spinning CPU.',
    references: [K_QUOTA, K_DEBUG],
    severity: 'warning',
    examples: {
      positive: [`ceph: ${FS67}00000000c0ffee12 10000000afe.fffffffffffffffe null i_snap_realm`],
      negative: ['ceph: mds0 caps stale', 'ceph: null i_snap_realm'],
    },
  },
  {
    id: 'kernel-quota-callbacks-suppressed',
    title: 'get_quota_realm callbacks suppressed',
    stage: 'quota-realm-loop',
    recovery: false,
    origins: ['kernel'],
    keywords: ['get_quota_realm:', 'check_quota_exceeded:'],
    match: /^(?<func>get_quota_realm|check_quota_exceeded): (?<count>\d+) callbacks suppressed/,
    explanation:
      'The rate limiter hid N more null i_snap_realm messages: the count shows how hard the loop is spinning.',
    references: ['torvalds/linux:lib/ratelimit.c', K_QUOTA],
    severity: 'critical',
    examples: {
      positive: ['get_quota_realm: 37 callbacks suppressed', 'check_quota_exceeded: 5 callbacks suppressed'],
      negative: ['net_ratelimit: 12 callbacks suppressed', 'ceph_check_caps: 3 callbacks suppressed'],
    },
  },
];

/**
 * The catalog, in stage order. `classify` returns the FIRST rule (in this order) that applies to
 * the origin, has a keyword in the message and whose regex matches. Kernel and MDS rules are
 * anchored on distinct phrases, so at most one of them matches a message; order matters only among
 * kubelet/runtime rules, where wrappers (`Operation for … failed`, `Error syncing pod`) come before
 * the generic texts they embed (`MountVolume.SetUp failed`, `mount source path`, ENOTCONN).
 */
export const RULES: readonly Rule[] = [
  ...CONNECTION_RESET,
  ...MON_SESSION_LOST,
  ...RECONNECT_DENIED,
  ...MDS_HUNG,
  ...CAPS_STALE,
  ...QUOTA_REALM_LOOP,
  ...KUBELET_RULES,
];

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this id; throws for an unknown id (ids are stored in events and must resolve). */
export function ruleById(id: string): Rule {
  const rule = BY_ID.get(id);
  if (!rule) throw new Error(`unknown rule id: ${id}`);
  return rule;
}

/** Union of every rule's keywords, for a line-level prefilter before `classify`. */
export const PREFILTER_KEYWORDS: readonly string[] = [...new Set(RULES.flatMap((r) => r.keywords))];

const BY_ORIGIN: Readonly<Record<RuleOrigin, readonly Rule[]>> = {
  kernel: RULES.filter((r) => r.origins.includes('kernel')),
  kubelet: RULES.filter((r) => r.origins.includes('kubelet')),
  runtime: RULES.filter((r) => r.origins.includes('runtime')),
  mds: RULES.filter((r) => r.origins.includes('mds')),
};

/**
 * One regex that finds any of `keywords` in a message: a single pass of the regex engine instead
 * of one `includes` per keyword, several times faster on the lines that hold none (nearly all).
 */
function anyKeyword(keywords: readonly string[]): RegExp {
  if (keywords.length === 0) return /(?!)/;
  return new RegExp([...new Set(keywords)].map((k) => k.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'));
}

const ANY_KEYWORD = anyKeyword(PREFILTER_KEYWORDS);
const KEYWORD_OF_ORIGIN: Readonly<Record<RuleOrigin, RegExp>> = {
  kernel: anyKeyword(BY_ORIGIN.kernel.flatMap((r) => r.keywords)),
  kubelet: anyKeyword(BY_ORIGIN.kubelet.flatMap((r) => r.keywords)),
  runtime: anyKeyword(BY_ORIGIN.runtime.flatMap((r) => r.keywords)),
  mds: anyKeyword(BY_ORIGIN.mds.flatMap((r) => r.keywords)),
};

/**
 * The line-level prefilter: true when `msg` holds one of PREFILTER_KEYWORDS (with `origin`, one of
 * the keywords of that origin's rules). A false answer means `classify` finds nothing.
 */
export function hasRuleKeyword(msg: string, origin?: RuleOrigin): boolean {
  return (origin === undefined ? ANY_KEYWORD : KEYWORD_OF_ORIGIN[origin]).test(msg);
}

/**
 * Classify one message (the text after the log prefix). Rules are tried in catalog order (see
 * RULES); the first one whose origin fits, whose keyword prefilter passes and whose regex matches
 * wins. Groups that did not participate in the match are left out.
 */
export function classify(msg: string, origin: RuleOrigin): RuleMatch | null {
  if (!KEYWORD_OF_ORIGIN[origin].test(msg)) return null;
  for (const rule of BY_ORIGIN[origin]) {
    if (!rule.keywords.some((k) => msg.includes(k))) continue;
    const m = rule.match.exec(msg);
    if (!m) continue;
    const groups: Record<string, string> = {};
    if (m.groups) for (const [k, v] of Object.entries(m.groups)) if (v !== undefined) groups[k] = v;
    return { rule, groups };
  }
  return null;
}
