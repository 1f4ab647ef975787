// Redaction of an incident before it leaves the page (share link, exports, `--redact`): every host,
// address, pod, namespace, client id, fsid, UUID and volume path is replaced by a pseudonym
// (`node-1`, `10.0.0.1`, `pod-3`). The same original always gives the same pseudonym, so the
// timeline, findings and log lines still tell one story; the mapping stays with the caller.
//
// A redactor first learns the identifiers of the whole incident (its structure, then every string:
// first by context, so `pods/<uuid>` makes that UUID a pod UID everywhere, then by shape), numbers
// them in that order, and only then replaces: so a pod name found in one line is replaced in all.
import { hostRange } from '../findings.ts';
import { CLUSTER_HOST, type Incident } from '../incident.ts';
import {
  contextHits,
  domainAlternation,
  type FreeNames,
  freeText,
  genericHits,
  type Hit,
  isIpv4,
  isIpv6,
  type Known,
  literalAlternation,
  plainName,
  type RedactionKind,
  worthRedacting,
} from './redact-patterns.ts';

export type { RedactionKind } from './redact-patterns.ts';

export interface Replacement {
  kind: RedactionKind;
  original: string;
  pseudonym: string;
  /** Occurrences replaced so far. */
  count: number;
}

export interface Redactor {
  /** The same text with every identifier replaced; the same original always gives the same pseudonym. */
  text(s: string): string;
  /** Numeric client ids stay numbers (the contract types them as number). */
  clientId(id: number): number;
  /** Everything replaced so far, for the preview ("original → pseudonym"), in a stable order. */
  replacements(): Replacement[];
  /** Learns the identifiers of another incident (the log view's rows) before it is redacted with these pseudonyms. */
  learn(incident: Incident): void;
}

// ---------------------------------------------------------------------------------------------
// The registry: one entry per original, numbered per pseudonym prefix.

interface Entry {
  kind: RedactionKind;
  original: string;
  pseudonym: string;
  count: number;
  freeText: boolean;
  seq: number;
  /** A fully qualified host: its short name's entry and its domain's. */
  parts?: { host: Entry; domain: Entry };
}

const KIND_ORDER: RedactionKind[] = [
  'host',
  'domain',
  'ip',
  'pod',
  'pod-uid',
  'namespace',
  'volume',
  'volume-group',
  'volume-path',
  'client-id',
  'fsid',
  'uuid',
  'daemon',
];

const PREFIX: Record<RedactionKind, string> = {
  host: 'node-',
  domain: 'domain-',
  ip: '',
  pod: 'pod-',
  'pod-uid': 'pod-uid-',
  namespace: 'ns-',
  volume: 'vol-',
  'volume-group': 'group-',
  'volume-path': '/path-',
  'client-id': '',
  fsid: 'fsid-',
  uuid: 'uuid-',
  daemon: 'daemon-',
};

/** Host names are compared without case (DNS does), so are hex ids; everything else as written. */
const CASELESS = new Set<RedactionKind>(['host', 'domain', 'pod-uid', 'fsid', 'uuid']);
const keyOf = (kind: RedactionKind, value: string) =>
  kind === 'client-id' ? `#${value}` : CASELESS.has(kind) ? value.toLowerCase() : value;

class Registry implements Known {
  private readonly entries = new Map<string, Entry>();
  private readonly counters = new Map<string, number>();
  private pending: Entry[] = [];
  private deferred = false;
  private seq = 0;
  /** Bumped whenever an entry is added or promoted: cached results of `text()` are stale. */
  version = 0;
  /** Bumped only when the names replaced in free text change (`freeNames` is rebuilt then). */
  private literalVersion = 0;
  private names: { version: number; names: FreeNames } | null = null;

  kindOf(value: string): RedactionKind | undefined {
    return this.entries.get(value)?.kind;
  }

  get(kind: RedactionKind, value: string): Entry | undefined {
    return this.entries.get(keyOf(kind, value));
  }

  /** Numbers are given at once, or, while learning, in one go at the end (`flush`). */
  defer(on: boolean) {
    this.deferred = on;
    if (!on) this.flush();
  }

  /**
   * The entry of `value`, made when new. `placed`: the value was found where its kind stands (not
   * only by its shape), so it may also be replaced in free text when its kind allows.
   */
  ensure(kind: RedactionKind, value: string, placed = true): Entry | null {
    let k = kind;
    if (k === 'host' && (isIpv4(value) || isIpv6(value))) k = 'ip';
    if (!worthRedacting(k, value)) return null;
    const key = keyOf(k, value);
    const known = this.entries.get(key);
    if (known) {
      if (placed && !known.freeText && known.kind === k && freeText(k, value)) {
        known.freeText = true;
        this.version++;
        this.literalVersion++;
      }
      return known;
    }
    let parts: Entry['parts'];
    if (k === 'host' && value.includes('.')) {
      const dot = value.indexOf('.');
      const host = this.ensure('host', value.slice(0, dot), placed);
      const domain = this.ensure('domain', value.slice(dot + 1), true);
      if (host && domain && host.kind === 'host') parts = { host, domain };
    }
    const entry: Entry = {
      kind: k,
      original: value,
      pseudonym: '',
      count: 0,
      freeText: placed || parts !== undefined ? freeText(k, value) : false,
      seq: this.seq++,
      ...(parts ? { parts } : {}),
    };
    this.entries.set(key, entry);
    this.version++;
    if (entry.freeText || k === 'domain') this.literalVersion++;
    if (this.deferred) this.pending.push(entry);
    else this.assign(entry);
    return entry;
  }

  private flush() {
    for (const e of this.pending) this.assign(e);
    this.pending = [];
  }

  private assign(e: Entry) {
    if (e.pseudonym !== '') return;
    if (e.parts) {
      this.assign(e.parts.host);
      this.assign(e.parts.domain);
      e.pseudonym = `${e.parts.host.pseudonym}.${e.parts.domain.pseudonym}`;
      return;
    }
    const prefix =
      e.kind === 'volume' && /^(?:pvc|csi-vol)-/.test(e.original)
        ? e.original.startsWith('pvc-')
          ? 'pvc-'
          : 'csi-vol-'
        : e.kind === 'ip' && isIpv6(e.original)
          ? 'fd00::'
          : PREFIX[e.kind];
    // A pseudonym that is itself an original of the bundle would read as that original: skip it.
    for (;;) {
      const counter = `${e.kind} ${prefix}`;
      const n = (this.counters.get(counter) ?? 0) + 1;
      this.counters.set(counter, n);
      const candidate = render(e.kind, prefix, n);
      if (!this.entries.has(keyOf(e.kind, candidate)) && !this.entries.has(candidate.toLowerCase())) {
        e.pseudonym = candidate;
        return;
      }
    }
  }

  all(): Entry[] {
    return [...this.entries.values()];
  }

  freeNames(): FreeNames {
    if (this.names?.version === this.literalVersion) return this.names.names;
    const caseless = new Set<string>();
    const exact = new Set<string>();
    const odd: string[] = [];
    const domains: string[] = [];
    for (const e of this.entries.values()) {
      if (e.kind === 'domain') domains.push(e.original);
      if (!e.freeText || e.kind === 'ip' || e.kind === 'client-id') continue;
      if (!plainName(e.original)) odd.push(e.original);
      else if (CASELESS.has(e.kind)) caseless.add(e.original.toLowerCase());
      else exact.add(e.original);
    }
    const all = [...caseless, ...exact];
    const lengths = [...new Set(all.map((v) => v.length))].sort((a, b) => a - b);
    const heads = new Set(all.map((v) => v.slice(0, 2).toLowerCase()));
    const names = {
      caseless,
      exact,
      lengths,
      heads,
      odd: literalAlternation(odd),
      domains: domainAlternation(domains),
    };
    this.names = { version: this.literalVersion, names };
    return names;
  }
}

function render(kind: RedactionKind, prefix: string, n: number): string {
  if (kind === 'client-id') return String(n);
  if (kind === 'domain') return `${prefix}${n}.example`;
  if (prefix === 'fd00::') return `fd00::${n.toString(16)}`;
  if (kind === 'ip') return `10.0.${Math.floor((n - 1) / 254)}.${((n - 1) % 254) + 1}`;
  return `${prefix}${n}`;
}

// ---------------------------------------------------------------------------------------------
// One string: detect, keep the longest of overlapping spans, replace in one pass.

interface Rendered {
  out: string;
  used: Entry[];
}

type RankedHit = Hit & { rank: number };

/**
 * Longest first (ties: context before shape, then leftmost); a span overlapping a kept one is dropped.
 * A kept span is never shorter than a later one, so it cannot lie inside it: testing the later span's
 * two ends against the taken characters finds every overlap.
 */
function choose(hits: RankedHit[], length: number): RankedHit[] {
  const sorted = [...hits].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.rank - b.rank || a.start - b.start,
  );
  const taken = new Uint8Array(length);
  const kept: RankedHit[] = [];
  for (const h of sorted) {
    if (h.end <= h.start || taken[h.start] || taken[h.end - 1]) continue;
    taken.fill(1, h.start, h.end);
    kept.push(h);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** The spans to replace in `s`: by context only (the first pass of learning), or all. */
function spans(reg: Registry, s: string, all: boolean): RankedHit[] {
  const context = contextHits(s, reg).map((h) => ({ ...h, rank: 0 }));
  return choose(
    all ? [...context, ...genericHits(s, reg).map((h) => ({ ...h, rank: 1 }))] : context,
    s.length,
  );
}

function renderString(reg: Registry, s: string): Rendered {
  const hits = spans(reg, s, true);
  if (hits.length === 0) return { out: s, used: [] };
  let out = '';
  let at = 0;
  const used: Entry[] = [];
  for (const h of hits) {
    let replacement: string | null = null;
    if (h.kind === 'host-range') {
      const entries = h.values.map((v) => reg.get('host', v));
      if (entries.every((e): e is Entry => e !== undefined)) {
        replacement = hostRange(entries.map((e) => e.pseudonym));
        used.push(...entries);
      }
    } else {
      const entry = reg.ensure(h.kind, h.value, h.rank === 0);
      if (entry) {
        replacement = entry.pseudonym;
        used.push(entry);
      }
    }
    if (replacement === null) continue;
    out += s.slice(at, h.start) + replacement;
    at = h.end;
  }
  return { out: out + s.slice(at), used };
}

// ---------------------------------------------------------------------------------------------
// The incident's structure: which fields are fixed enumerations, which hold client ids.

/** Fields (and whole subtrees) copied as they are: fixed enumerations, ids of the contract, stage spans. */
const KEEP = new Set([
  'schema',
  'generatedBy',
  'sources.*.format',
  'sources.*.clock.kind',
  'sources.*.clock.zone',
  'sources.*.compression',
  'hosts.*.stages',
  'hosts.*.cascade.order',
  'stages.*.id',
  'stages.*.title',
  'findings.*.id',
  'findings.*.severity',
  'findings.*.episode',
  'events.*.stage',
  'events.*.kind',
  'events.*.severity',
  'events.*.episode',
  'episodes.*.id',
  'episodes.*.confidence',
  'episodes.*.stages.*.id',
  'bundles.*.kind',
  'bundles.*.layout',
]);
const CLIENT_IDS = new Set(['hosts.*.clientIds.*', 'events.*.clientId']);

function visitStrings(value: unknown, path: string, each: (s: string) => void) {
  if (KEEP.has(path)) return;
  if (typeof value === 'string') each(value);
  else if (Array.isArray(value))
    for (const v of value) visitStrings(v, path === '' ? '*' : `${path}.*`, each);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) visitStrings(v, path === '' ? k : `${path}.${k}`, each);
  }
}

function copy(value: unknown, path: string, r: Redactor): unknown {
  if (KEEP.has(path)) return typeof value === 'object' && value !== null ? structuredClone(value) : value;
  if (typeof value === 'string') return r.text(value);
  if (typeof value === 'number') return CLIENT_IDS.has(path) ? r.clientId(value) : value;
  if (Array.isArray(value)) return value.map((v) => copy(v, `${path}.*`, r));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copy(v, path === '' ? k : `${path}.${k}`, r);
    return out;
  }
  return value;
}

/** Hosts first, in the incident's order (`node-1` is its first host), then client ids and fsids. */
function learnStructure(reg: Registry, incident: Incident) {
  const host = (name: string | null | undefined) => {
    if (name && name !== CLUSTER_HOST) reg.ensure('host', name);
  };
  for (const h of incident.hosts) host(h.name);
  for (const s of incident.sources) host(s.host);
  for (const e of incident.events) host(e.host);
  for (const ep of incident.episodes ?? []) {
    ep.hosts.forEach(host);
    for (const o of ep.hostOrder) host(o.host);
  }
  for (const h of incident.hosts) for (const id of h.clientIds) reg.ensure('client-id', String(id));
  for (const e of incident.events) if (e.clientId !== undefined) reg.ensure('client-id', String(e.clientId));
  for (const h of incident.hosts) for (const f of h.fsids) reg.ensure('fsid', f.toLowerCase());
}

class IncidentRedactor implements Redactor {
  private readonly reg = new Registry();
  private readonly learned = new Set<string>();
  private readonly learnedIncidents = new WeakSet<Incident>();
  private readonly cache = new Map<string, Rendered & { version: number }>();

  learn(incident: Incident) {
    if (this.learnedIncidents.has(incident)) return;
    this.learnedIncidents.add(incident);
    const reg = this.reg;
    reg.defer(true);
    learnStructure(reg, incident);
    const fresh: string[] = [];
    visitStrings(incident, '', (s) => {
      if (this.learned.has(s)) return;
      this.learned.add(s);
      fresh.push(s);
    });
    // First by context, so that a name's kind comes from where it stands, then by shape (the
    // context spans are kept from the first pass: the second only adds to them).
    const context = fresh.map((s) => contextHits(s, reg).map((h) => ({ ...h, rank: 0 })));
    context.forEach((hits, i) => {
      for (const h of choose(hits, fresh[i]?.length ?? 0))
        if (h.kind !== 'host-range') reg.ensure(h.kind, h.value);
    });
    fresh.forEach((s, i) => {
      const generic = genericHits(s, reg).map((h) => ({ ...h, rank: 1 }));
      for (const h of choose([...(context[i] ?? []), ...generic], s.length)) {
        if (h.kind !== 'host-range') reg.ensure(h.kind, h.value, h.rank === 0);
      }
    });
    reg.defer(false);
  }

  text(s: string): string {
    let r = this.cache.get(s);
    if (!r || r.version !== this.reg.version) {
      const rendered = renderString(this.reg, s);
      r = { ...rendered, version: this.reg.version };
      this.cache.set(s, r);
    }
    for (const e of r.used) e.count++;
    return r.out;
  }

  clientId(id: number): number {
    const e = this.reg.ensure('client-id', String(id));
    if (!e) return id;
    e.count++;
    return Number(e.pseudonym);
  }

  replacements(): Replacement[] {
    return this.reg
      .all()
      .filter((e) => e.count > 0)
      .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.seq - b.seq)
      .map(({ kind, original, pseudonym, count }) => ({ kind, original, pseudonym, count }));
  }
}

/** A redactor that knows the identifiers of `incident` (its hosts are `node-1`, `node-2`… in order). */
export function createRedactor(incident: Incident): Redactor {
  const r = new IncidentRedactor();
  r.learn(incident);
  return r;
}

/**
 * A deep copy of `incident` with every string through `text()` and every client id through
 * `clientId()`, except the fixed enumerations (schema, stage ids, kinds, formats, severities, clock
 * kinds), which stay as they are. A field added to the contract later is redacted by default.
 */
export function redactIncident(
  incident: Incident,
  redactor?: Redactor,
): { incident: Incident; redactor: Redactor } {
  const r = redactor ?? createRedactor(incident);
  if (redactor) redactor.learn(incident);
  return { incident: copy(incident, '', r) as Incident, redactor: r };
}
