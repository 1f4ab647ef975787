// Where identifiers sit in the lines and texts of an incident: the detectors behind `redact.ts`.
// Each detector returns spans of one string (`Hit`); `redact.ts` keeps the longest of overlapping
// spans and replaces them all in one pass, so a pseudonym is never matched again.
//
// Context detectors find identifiers by where they stand (a journal line's host field, `pod="ns/name"`,
// `kubernetes.io~cephfs/<volume>`, `client.<id>`, `ceph: [<fsid> <id>]:`); they also tell the kind of
// a name that could be anything (`uploads`, `shop`). Generic detectors find identifiers by their shape
// (IPv4, IPv6, UUIDs, fully qualified names under a real top-level domain) and names already known.

import { FORMAT_IDS } from '../../parsers/types.ts';

export type RedactionKind =
  | 'host'
  | 'domain'
  | 'ip'
  | 'pod'
  | 'pod-uid'
  | 'namespace'
  | 'volume'
  | 'volume-group'
  | 'volume-path'
  | 'client-id'
  | 'fsid'
  | 'uuid'
  | 'daemon';

/** A span of a string to replace: one identifier, or a run of hosts written `k8s-worker-1..3`. */
export type Hit =
  | { start: number; end: number; kind: RedactionKind; value: string }
  | { start: number; end: number; kind: 'host-range'; values: string[] };

/** What the detectors may ask of the names learned so far. */
export interface Known {
  kindOf(value: string): RedactionKind | undefined;
  freeNames(): FreeNames;
}

/** The learned names that may be replaced wherever they stand (`freeText`). */
export interface FreeNames {
  /** Host and domain names, lowercased. */
  caseless: Set<string>;
  /** The other names, as written. */
  exact: Set<string>;
  /** The lengths of the names in both sets, shortest first. */
  lengths: number[];
  /** Their first two characters, lowercased: most places in a text start no name. */
  heads: Set<string>;
  /** Names that do not start and end with a letter or digit (a hostile host name), as one alternation. */
  odd: RegExp | null;
  /** Fully qualified names under a domain of the incident's own hosts. */
  domains: RegExp | null;
}

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const UUID_RE = new RegExp(`^${UUID}$`);
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_RE = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const HOST_TOKEN = '[A-Za-z0-9][A-Za-z0-9._-]*';

export const isUuid = (s: string) => UUID_RE.test(s);
export const isIpv4 = (s: string) => IPV4_RE.test(s);

/** Addresses that name no machine of the bundle: unspecified, loopback, netmasks. */
export function ipv4Kept(ip: string): boolean {
  return ip.startsWith('0.') || ip.startsWith('127.') || ip.startsWith('255.');
}

/** A well-formed IPv6 address (one `::` at most, eight groups without it), not a time or a MAC. */
export function isIpv6(s: string): boolean {
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return false;
  return halves.length === 2 ? all.length <= 7 : all.length === 8;
}

export const ipv6Kept = (s: string) => s === '::' || s === '::1';

// Top-level domains that end a fully qualified host name in text. Those that are also file extensions
// or short English words (`.sh`, `.py`, `.md`, `.pl`, `.so`, `.cc`, `.in`, `.id`, `.is`, `.no`, `.go`)
// are left out: `kubelet.go` and `Makefile.in` are not hosts. Reserved names (`.example`, `.test`,
// `.invalid`) are left out too: they name nothing real, and the pseudonyms use `.example`.
const TLDS = new Set(
  (
    'com net org edu gov mil int io info biz name pro cloud dev app tech online site xyz ' +
    'local localdomain lan home corp internal intranet private arpa ' +
    'de uk fr nl ru cn jp ch se fi dk es cz au ca br kr tw eu ie nz za sg hk il pt gr hu ro sk si tr ' +
    'ua kz vn th at be us co'
  ).split(' '),
);

// Public domains that name software and vendors, not the user's machines; a host under them stays.
const PUBLIC_SUFFIXES = [
  'kubernetes.io',
  'k8s.io',
  'ceph.com',
  'ceph.io',
  'rook.io',
  'github.com',
  'githubusercontent.com',
  'golang.org',
  'google.com',
  'googleapis.com',
  'gcr.io',
  'docker.com',
  'docker.io',
  'quay.io',
  'ghcr.io',
  'redhat.com',
  'centos.org',
  'fedoraproject.org',
  'ubuntu.com',
  'canonical.com',
  'launchpad.net',
  'debian.org',
  'kernel.org',
  'suse.com',
  'suse.de',
  'opensuse.org',
  'openshift.io',
  'openshift.com',
  'okd.io',
  'cncf.io',
  'etcd.io',
  'containerd.io',
  'systemd.io',
  'freedesktop.org',
  'gnu.org',
  'rsyslog.com',
  'example.com',
  'example.org',
  'example.net',
];
// Kubernetes' own cluster domain is public knowledge, but a service name under it is not.
const PUBLIC_EXACT = new Set(['cluster.local', 'svc.cluster.local', 'localhost.localdomain']);

export function isPublicDomain(name: string): boolean {
  const n = name.toLowerCase();
  return PUBLIC_EXACT.has(n) || PUBLIC_SUFFIXES.some((d) => n === d || n.endsWith(`.${d}`));
}

// Words of the logs themselves: a host with one of these names is replaced where a host stands (the
// host field of a journal line, `kubectl drain …`), never in free text, or `app/server.go` and
// `libceph: mon1` would be mangled.
const LOG_WORDS = new Set(
  (
    'ceph cephfs libceph kernel kubelet client clients cluster mds mon mgr osd node nodes host hosts pod ' +
    'pods volume volumes mount mounts session docker dockerd containerd crio systemd journal debug info ' +
    'warning error default unknown none null true false local localhost rbd csi fuse root admin kube k8s ' +
    'linux server worker master stdout stderr dmesg messages syslog kern logs log var tmp sample'
  ).split(' '),
);
// A folder named after a format (`dmesg/`) becomes the host of its files when nothing else names one.
for (const id of FORMAT_IDS) LOG_WORDS.add(id);
const DEVICE_LIKE = /^(?:mds|mon|mgr|osd|client|rbd|sd[a-z]+|vd[a-z]+|nvme\d*n?|eth|ens|eno|bond|lo)\d*$/i;

/** Names that are never identifiers: shipped namespaces and volume groups, placeholders. */
const WELL_KNOWN_NAMESPACES = new Set([
  'default',
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'rook-ceph',
  'openshift-storage',
  'ceph-csi',
]);
const WELL_KNOWN_GROUPS = new Set(['csi', '_nogroup', 'kubernetes']);

/** Whether `value` names something worth a pseudonym at all. */
export function worthRedacting(kind: RedactionKind, value: string): boolean {
  if (value === '' || value === '-' || value.includes('*')) return false;
  switch (kind) {
    case 'host':
      return !/^localhost(?:\.localdomain)?$/i.test(value);
    case 'namespace':
      return !WELL_KNOWN_NAMESPACES.has(value) && !/^(?:openshift|kube)-/.test(value);
    case 'volume-group':
      return !WELL_KNOWN_GROUPS.has(value);
    case 'volume-path':
      return value !== '/';
    case 'daemon':
      return value.length > 1;
    case 'ip':
      return isIpv4(value) ? !ipv4Kept(value) : !ipv6Kept(value);
    default:
      return true;
  }
}

/**
 * Whether a learned name may be replaced wherever it stands in free text, or only where a context
 * says what it is. Host names are replaced everywhere unless they are words of the logs; other names
 * only when they look like identifiers (a digit, `-`, `_` or `.` in them): a volume called `data` or
 * a namespace called `shop` would otherwise eat the same word in every sentence.
 */
export function freeText(kind: RedactionKind, value: string): boolean {
  switch (kind) {
    case 'host':
      return value.length >= 3 && !LOG_WORDS.has(value.toLowerCase()) && !DEVICE_LIKE.test(value);
    case 'domain':
    case 'volume-path':
      return true;
    case 'pod':
    case 'namespace':
    case 'volume':
    case 'volume-group':
    case 'daemon':
      return value.length >= 4 && /[\d._-]/.test(value) && !LOG_WORDS.has(value.toLowerCase());
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Context rules: a regular expression (with `d` for group offsets) and the kind of each group.

interface ContextRule {
  re: RegExp;
  kinds: (RedactionKind | null)[];
}

const Q = '\\\\{0,7}"?'; // an optional quote, maybe escaped (JSON inside JSON)
const QQ = '\\\\{0,7}"'; // the same quote, required
const NAME = '[a-z0-9][a-z0-9.-]{0,252}';
const NS = '[a-z0-9][a-z0-9-]{0,62}';

const CONTEXT_RULES: ContextRule[] = [
  // `Nov 12 10:20:13 host ident[pid]: `, `Tue 2023-11-21 16:56:27 EST host …`, short-iso, short-unix,
  // RFC 3339 syslog. The ident and colon after the host keep CRI, MDS and dmesg lines out.
  {
    re: new RegExp(
      '^(?:<\\d{1,3}>\\d{0,2} ?)?(?:[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?' +
        '|[A-Z][a-z]{2} \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(?: [A-Za-z]{2,6}| [+-]\\d{2,4})?' +
        '|\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?(?:Z|[+-]\\d\\d:?\\d\\d)?' +
        `|\\d{9,11}\\.\\d{1,9}) (${HOST_TOKEN}) [^\\s\\[:]+(?:\\[\\d+\\])?: `,
      'd',
    ),
    kinds: ['host'],
  },
  // RFC 5424: `<34>1 2003-10-11T22:14:15.003Z host app procid msgid …`
  { re: new RegExp(`^<\\d{1,3}>\\d{1,2} \\S+ (${HOST_TOKEN}) `, 'd'), kinds: ['host'] },
  // Commands and texts the findings write, must-gather and describe layouts, prompts.
  {
    re: new RegExp(
      `(?:# on |\\bkubectl (?:drain|cordon|uncordon) |\\bssh )(${HOST_TOKEN}?)(?=[\\s:",]|$)`,
      'dg',
    ),
    kinds: ['host'],
  },
  { re: new RegExp(`(?:\\bnodes/|(?<![\\w/])node/)(${HOST_TOKEN}?)(?=/|\\s|$)`, 'dg'), kinds: ['host'] },
  { re: new RegExp(`\\bnodeName${Q}[:=]\\s*${Q}(${HOST_TOKEN}?)(?=[\\s"\\\\},]|$)`, 'dg'), kinds: ['host'] },
  { re: new RegExp(`^\\s*Node:\\s+(${HOST_TOKEN}?)/`, 'dgm'), kinds: ['host'] },
  { re: new RegExp(`\\bkubelet, (${HOST_TOKEN}?)(?=\\s|$)`, 'dg'), kinds: ['host'] },
  { re: new RegExp(`Running on machine: (${HOST_TOKEN})`, 'dg'), kinds: ['host'] },
  { re: new RegExp(`${QQ}hostname${QQ}\\s*:\\s*${QQ}(${HOST_TOKEN}?)${QQ}`, 'dg'), kinds: ['host'] },
  { re: new RegExp(`\\bhostname[:=] ?(${HOST_TOKEN})$`, 'dgm'), kinds: ['host'] },
  { re: new RegExp(`\\[\\w{1,32}@(${HOST_TOKEN}?) [^\\]\\n]{0,200}\\][#$]`, 'dg'), kinds: ['host'] },
  { re: new RegExp(`\\b\\w{1,32}@(${HOST_TOKEN}?):[~/][^\\s]{0,200}[#$]`, 'dg'), kinds: ['host'] },
  // `ceph config dump` masks: `host:node1`.
  { re: new RegExp(`(?<![\\w-])host:(${HOST_TOKEN}?)(?=[\\s/,]|$)`, 'dg'), kinds: ['host'] },
  // MDS sessions are named `<hostname>` or `<hostname>:<entity>`, with the client id after.
  {
    re: /\bevicting unresponsive client ([^\s():]+)(?::[^\s()]+)? \((\d+)\)/dg,
    kinds: ['host', 'client-id'],
  },
  { re: /\bClient ([^\s():]+)(?::\S+)? failing to respond/dg, kinds: ['host'] },

  // Pods and namespaces.
  { re: new RegExp(`\\bpods?=${Q}(${NS})/(${NAME})`, 'dg'), kinds: ['namespace', 'pod'] },
  {
    re: new RegExp(`${Q}name${Q}:\\s*${Q}(${NAME})${Q},\\s*${Q}namespace${Q}:\\s*${Q}(${NS})`, 'dg'),
    kinds: ['pod', 'namespace'],
  },
  {
    re: new RegExp(`(?<![\\w.-])(${NAME})_(${NS})\\((${UUID})\\)`, 'dg'),
    kinds: ['pod', 'namespace', 'pod-uid'],
  },
  { re: new RegExp(`\\bpod ${Q}(${NAME})${Q} \\(UID: ${Q}(${UUID})`, 'dg'), kinds: ['pod', 'pod-uid'] },
  {
    re: new RegExp(`/var/log/pods/(${NS})_(${NAME})_(${UUID})`, 'dg'),
    kinds: ['namespace', 'pod', 'pod-uid'],
  },
  {
    re: new RegExp(`/var/log/containers/(${NAME})_(${NS})_[\\w.-]+-[0-9a-f]{64}\\.log`, 'dg'),
    kinds: ['pod', 'namespace'],
  },
  { re: new RegExp(`\\bnamespaces/(${NS})/pods/(${NAME})/`, 'dg'), kinds: ['namespace', 'pod'] },
  { re: new RegExp(`\\bnamespaces/(${NS})/`, 'dg'), kinds: ['namespace'] },
  {
    re: new RegExp(`\\bkubectl\\b[^\\n|;]{0,200}? (?:-n|--namespace)[= ](${NS})(?![\\w.-])`, 'dg'),
    kinds: ['namespace'],
  },
  {
    re: new RegExp(
      `\\bkubectl\\b[^\\n|;]{0,200}? (?:describe|delete|get|logs|exec|edit) pods?[ /](${NAME})`,
      'dg',
    ),
    kinds: ['pod'],
  },
  { re: new RegExp(`^Name:\\s+(${NAME})$`, 'dgm'), kinds: ['pod'] },
  { re: new RegExp(`^\\s*Namespace:\\s+(${NS})$`, 'dgm'), kinds: ['namespace'] },

  // Volumes: kubelet volume dirs, unique names, CSI staging paths, CephFS subvolumes, mount sources.
  { re: /\/volumes\/[\w.-]+~[\w.-]+\/([\w-]+(?:\.[\w-]+)*)/dg, kinds: ['volume'] },
  { re: new RegExp(`\\bvolume(?:\\.spec\\.Name:)? ${QQ}([^"\\\\\\s]+)${QQ}`, 'dg'), kinds: ['volume'] },
  {
    re: new RegExp(`\\bkubernetes\\.io/(?!csi/)[\\w.-]+/(${UUID})-([^\\s"'\\\\)]+)`, 'dg'),
    kinds: ['pod-uid', 'volume'],
  },
  { re: /\/pv\/([^/\s]+)\/globalmount/dg, kinds: ['volume'] },
  { re: /(?<=^|[\s:="'(,[])\/volumes\/([\w.-]+)\/([\w.-]+)/dg, kinds: ['volume-group', 'volume'] },
  { re: /(?<=\d:)(\/(?!\/|volumes\/)[^\s'",;)\]]+)/dg, kinds: ['volume-path'] },
  { re: /@[\w-]+\.[\w-]+=(\/(?!volumes\/)[^\s,)]+)/dg, kinds: ['volume-path'] },
  {
    re: new RegExp(`${QQ}root${QQ}\\s*:\\s*${QQ}(/(?!volumes/)[^\\s"\\\\,]+)`, 'dg'),
    kinds: ['volume-path'],
  },
  // A CSI volume handle: `0001-0009-<cluster id>-<pool id>-<uuid>`; the cluster id is Rook's namespace.
  { re: new RegExp(`\\b\\d{4}-[0-9a-f]{4}-(${NS}?)-[0-9a-f]{16}-${UUID}`, 'dg'), kinds: ['namespace'] },

  // Client ids, in every spelling Ceph and the findings use.
  { re: /(?<![A-Za-z0-9_])client\.?(\d+)(?!\d)/dg, kinds: ['client-id'] },
  { re: /\bclient_id\W{0,4}(\d+)/dg, kinds: ['client-id'] },
  { re: /\bglobal_id\W{0,4}(\d+)/dg, kinds: ['client-id'] },
  { re: /\bclient (?:id |session )?(\d+)(?!\d)/dg, kinds: ['client-id'] },
  { re: /\bClient (\d+) is laggy/dg, kinds: ['client-id'] },
  { re: /\bclient evict id=(\d+)/dg, kinds: ['client-id'] },
  { re: new RegExp(`\\[${UUID} (\\d+)\\]`, 'dg'), kinds: ['client-id'] },

  // Ceph daemon names (cephadm puts the host in them: `mds.cephfs.ceph2.qwkfzp`).
  { re: /(?<![\w.-])(?:mds|mon|mgr|osd)\.([A-Za-z][\w-]*(?:\.[A-Za-z0-9][\w-]*)*)/dg, kinds: ['daemon'] },
  { re: /\bceph-(?:mds|mon|mgr|osd)\.([A-Za-z][\w-]*?)(?=\.(?:log|asok)\b)/dg, kinds: ['daemon'] },
  { re: /\bceph-(?:mds|mon|mgr|osd)@([A-Za-z][\w-]*?)(?=\.service\b|[\s/]|$)/dg, kinds: ['daemon'] },
];

/** Lists of client ids the findings write: `client 977313, 977322`. */
const CLIENT_LIST = /\bclients? (\d+(?:, \d+)+)/g;

// `<ns>/<pod>` written by the findings (`pod(s) shop/web-frontend-…`): replaced where one side is known.
const NS_SLASH_POD = new RegExp(`(?<![\\w./~-])(${NS})/(${NAME})(?![\\w/-])`, 'dg');

function pushGroup(hits: Hit[], m: RegExpExecArray, g: number, kind: RedactionKind) {
  const span = m.indices?.[g];
  const value = m[g];
  if (!span || value === undefined || value === '') return;
  hits.push({ start: span[0], end: span[1], kind, value });
}

function pushRule(hits: Hit[], m: RegExpExecArray, kinds: (RedactionKind | null)[]) {
  kinds.forEach((k, i) => {
    if (k) pushGroup(hits, m, i + 1, k);
  });
}

/** Identifiers found by the words around them. */
export function contextHits(s: string, known: Known): Hit[] {
  const hits: Hit[] = [];
  for (const rule of CONTEXT_RULES) {
    const re = rule.re;
    if (!re.global) {
      const m = re.exec(s);
      if (m) pushRule(hits, m, rule.kinds);
      continue;
    }
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      pushRule(hits, m, rule.kinds);
      if (m[0] === '') re.lastIndex++;
    }
  }
  CLIENT_LIST.lastIndex = 0;
  for (let m = CLIENT_LIST.exec(s); m; m = CLIENT_LIST.exec(s)) {
    const list = m[1] ?? '';
    const base = m.index + m[0].length - list.length;
    for (const n of list.matchAll(/\d+/g)) {
      hits.push({ start: base + n.index, end: base + n.index + n[0].length, kind: 'client-id', value: n[0] });
    }
  }
  NS_SLASH_POD.lastIndex = 0;
  for (let m = NS_SLASH_POD.exec(s); m; m = NS_SLASH_POD.exec(s)) {
    const ns = m[1] ?? '';
    const pod = m[2] ?? '';
    if (known.kindOf(pod) === 'pod') {
      pushGroup(hits, m, 2, 'pod');
      pushGroup(hits, m, 1, 'namespace');
    } else if (known.kindOf(ns) === 'namespace') pushGroup(hits, m, 1, 'namespace');
  }
  return hits.filter((h) => h.kind === 'host-range' || refine(h, s));
}

type ValueHit = Extract<Hit, { value: string }>;

/** Drops context hits that are not what their place suggests (an IP where a host stands, `client.N`). */
function refine(h: ValueHit, s: string): boolean {
  if (h.kind === 'host') {
    if (isIpv4(h.value) || isIpv6(h.value)) {
      h.kind = 'ip';
      return worthRedacting('ip', h.value);
    }
    if (/^client\.\d+$/.test(h.value) || !/[A-Za-z]/.test(h.value)) return false;
  }
  if (h.kind === 'pod' && isUuid(h.value)) h.kind = 'pod-uid';
  // A CSI cluster id is Rook's namespace, or the fsid when ceph-csi runs on its own.
  if (h.kind === 'namespace' && isUuid(h.value)) h.kind = 'fsid';
  if (h.kind === 'volume' && isUuid(h.value)) h.kind = classifyUuid(s, h.start, h.end);
  return worthRedacting(h.kind, h.value);
}

// ---------------------------------------------------------------------------------------------
// Generic detectors.

const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:.])/g;
const UUIDS = new RegExp(`(?<![0-9A-Za-z])${UUID}(?![0-9A-Za-z])`, 'g');
// journald boot and machine ids: 128 bits without dashes.
const HEX32 = /(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])/g;
const NAMED_VOLUMES = new RegExp(`(?<![\\w-])(?:pvc|csi-vol)-${UUID}(?![\\w-])`, 'g');
const FQDN = /(?<![\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24})(?![\w-]|\.[a-z0-9])/gi;
const KNOWN_NUMBER = /(?<![\w.:/#@-])\d{4,}(?![\w]|[.:]\d)/g;
const HOST_RANGE = /(?<![A-Za-z0-9.-])([A-Za-z0-9][A-Za-z0-9-]*)\.\.(\d+)(?!\d)/g;

const POD_UID_BEFORE =
  /(?:pods\/|podUID\W{0,4}|podName:|pod \\*"|syncing pod |UID: \\*"|kubernetes\.io\/[\w.-]{1,40}\/|[a-z0-9]_[a-z0-9-]{1,63}\()$/;
const FSID_BEFORE = /(?:fsid\W{0,4}|ceph: \[|libceph \(|@|ceph,)$/;

/** What a UUID is, from the words just before (and after) it. */
export function classifyUuid(s: string, start: number, end: number): RedactionKind {
  const before = s.slice(Math.max(0, start - 48), start);
  if (POD_UID_BEFORE.test(before)) return 'pod-uid';
  if (FSID_BEFORE.test(before)) return 'fsid';
  if (before.endsWith('[') && /^ (?:\d+|e\d+)\]/.test(s.slice(end, end + 24))) return 'fsid';
  return 'uuid';
}

function matchAll(re: RegExp, s: string, each: (m: RegExpExecArray) => void) {
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    each(m);
    if (m[0] === '') re.lastIndex++;
  }
}

/** Identifiers found by their shape, and names learned before wherever they stand. */
export function genericHits(s: string, known: Known): Hit[] {
  const hits: Hit[] = [];
  const at = (m: RegExpExecArray, kind: RedactionKind, value = m[0]) =>
    hits.push({ start: m.index, end: m.index + m[0].length, kind, value });

  matchAll(IPV4, s, (m) => {
    if (!ipv4Kept(m[0])) at(m, 'ip');
  });
  matchAll(IPV6, s, (m) => {
    if (isIpv6(m[0]) && !ipv6Kept(m[0]) && /::|[a-fA-F]/.test(m[0])) at(m, 'ip', m[0].toLowerCase());
  });
  matchAll(UUIDS, s, (m) => {
    const value = m[0].toLowerCase();
    at(m, known.kindOf(value) ?? classifyUuid(s, m.index, m.index + m[0].length), value);
  });
  matchAll(HEX32, s, (m) => at(m, known.kindOf(m[0]) ?? 'uuid'));
  matchAll(NAMED_VOLUMES, s, (m) => at(m, 'volume', m[0].toLowerCase()));
  matchAll(FQDN, s, (m) => {
    const tld = (m[1] ?? '').toLowerCase();
    const first = m[0].slice(0, m[0].indexOf('.'));
    // A known host under a public domain is still the user's (`k8s-worker-1.cluster.example.com`).
    if (TLDS.has(tld) && (known.kindOf(first.toLowerCase()) === 'host' || !isPublicDomain(m[0])))
      at(m, 'host');
  });
  const domains = known.freeNames().domains;
  if (domains) matchAll(domains, s, (m) => at(m, 'host'));
  matchAll(KNOWN_NUMBER, s, (m) => {
    if (known.kindOf(`#${m[0]}`) === 'client-id') at(m, 'client-id');
  });
  const names = known.freeNames();
  literalHits(s, names, (start, end) => {
    const value = s.slice(start, end);
    const kind = known.kindOf(value) ?? known.kindOf(value.toLowerCase());
    if (kind) hits.push({ start, end, kind, value });
  });
  if (names.odd) {
    matchAll(names.odd, s, (m) => {
      const kind = known.kindOf(m[0]) ?? known.kindOf(m[0].toLowerCase());
      if (kind) at(m, kind);
    });
  }
  matchAll(HOST_RANGE, s, (m) => {
    // `k8s-worker-1..3`, split by hand: a regular expression would backtrack over long digit runs.
    const first = m[1] ?? '';
    let cut = first.length;
    while (cut > 0 && first.charCodeAt(cut - 1) >= 48 && first.charCodeAt(cut - 1) <= 57) cut--;
    if (cut === first.length || first.length - cut > 6) return;
    const prefix = first.slice(0, cut);
    const from = Number(first.slice(cut));
    const to = Number(m[2]);
    if (!(to > from) || to - from > 500) return;
    const values: string[] = [];
    for (let i = from; i <= to; i++) values.push(`${prefix}${i}`);
    if (values.every((v) => known.kindOf(v.toLowerCase()) === 'host')) {
      hits.push({ start: m.index, end: m.index + m[0].length, kind: 'host-range', values });
    }
  });
  const whole = known.kindOf(s) ?? known.kindOf(s.toLowerCase());
  if (whole && whole !== 'client-id') hits.push({ start: 0, end: s.length, kind: whole, value: s });
  return hits;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number) => isAlnum(c) || c === 45 || c === 46 || c === 95; // - . _

/** Whether a name can be found by `literalHits` (else it goes in the `odd` alternation). */
export const plainName = (name: string) => /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(name);

/**
 * Every occurrence of a free name bounded by non-alphanumerics, without one big alternation (which
 * costs the number of names at every character): in each run of name characters, each substring
 * that starts after and ends before a non-alphanumeric, and has the length of a name, is looked up.
 */
export function literalHits(s: string, names: FreeNames, each: (start: number, end: number) => void) {
  if (names.lengths.length === 0) return;
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (!isNameChar(s.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && isNameChar(s.charCodeAt(j))) j++;
    for (let a = i; a < j; a++) {
      if (!isAlnum(s.charCodeAt(a)) || (a > i && isAlnum(s.charCodeAt(a - 1)))) continue;
      if (!names.heads.has(s.slice(a, a + 2).toLowerCase())) continue;
      for (const len of names.lengths) {
        const b = a + len;
        if (b > j) break;
        if (!isAlnum(s.charCodeAt(b - 1)) || (b < j && isAlnum(s.charCodeAt(b)))) continue;
        const sub = s.slice(a, b);
        if (names.exact.has(sub) || names.caseless.has(sub.toLowerCase())) each(a, b);
      }
    }
    i = j;
  }
}

/** One alternation of literal names, longest first, bounded by non-alphanumerics. */
export function literalAlternation(values: readonly string[]): RegExp | null {
  if (values.length === 0) return null;
  const escaped = [...values]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
    .map((v) => v.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return new RegExp(`(?<![A-Za-z0-9])(?:${escaped.join('|')})(?![A-Za-z0-9])`, 'gi');
}

/** Fully qualified names under a domain the incident's own hosts live in (`*.corp.acme`). */
export function domainAlternation(domains: readonly string[]): RegExp | null {
  if (domains.length === 0) return null;
  const escaped = domains.map((d) => d.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'));
  return new RegExp(
    `(?<![\\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${escaped.join('|')})(?![\\w-]|\\.[a-z0-9])`,
    'gi',
  );
}
