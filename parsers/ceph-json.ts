// Ceph command outputs in JSON, fed one line at a time: `ceph config dump -f json` (one line) and
// `-f json-pretty` (ConfigMonitor.cc, MaskedOption::dump), `ceph tell mds.<rank> client ls` ≡
// `session ls` (SessionMap.cc Session::dump), and `ceph versions` (Monitor.cc).
//
// Sample lines (`ceph config dump -f json-pretty`, as quoted in the cascade vocabulary §6.2):
//   [
//     {
//       "section": "mds",
//       "name": "mds_session_blocklist_on_timeout",
//       "value": "false",
//       "level": "advanced",
//       "can_update_at_runtime": true,
//       "mask": ""
//     }
//   ]
//
// Example:
//   const p = createCephConfigJsonParser(); // one per file: a JSON document spans lines
//   p.parseLine('[', 1, 0); // → { t: 'part' }
//   … p.parseLine('  }', 9, 173)
//   // → { t: 'record', rec: { kind: 'ceph-config', who: 'mds', option: 'mds_session_blocklist_on_timeout',
//   //      value: 'false', level: 'advanced', mask: '', ro: false, line: 2, offset: 2, … } }
//   createCephClientLsParser() on `ceph tell mds.0 client ls` (ceph doc eviction.rst):
//   //   "inst": "client.4305 172.21.9.34:0/422650892", … "hostname": "senta04", …
//   // → { kind: 'fact', fact: { kind: 'ceph-client', clientId: 4305, hostname: 'senta04', address: '172.21.9.34', … } }
//   createCephVersionsParser() on `ceph versions` (ceph/ceph#16460):
//   //   "ceph version 12.1.1-235-g9c3232d (9c3232d4c9375963f7f5f6c04b035788a13c0b79) luminous (rc)": 1
//   // → { kind: 'fact', fact: { kind: 'ceph-version', daemon: 'mon', version: '12.1.1-235-g9c3232d', release: 'luminous', count: 1 } }
//
// When several records complete on one line (the one-line `-f json` forms), the first is that
// line's `record` and the others its `more`, in document order.

import { isBlank, matchPrompt } from './lines.ts';
import type {
  CephConfigRecord,
  FactRecord,
  FormatParser,
  FormatSpec,
  LineOutcome,
  LogRecord,
  MetaFact,
} from './types.ts';

/** Largest JSON document kept: these outputs are small; beyond this the rest of it is `unparsed`. */
export const MAX_JSON_DOC_BYTES = 16 * 1024 * 1024;

// ---- a small line-fed JSON scanner -------------------------------------------------------------

type ValueKind = 'object' | 'array' | 'string' | 'scalar';

/** What the scanner saw on one line. `depth` is the depth of the container that holds the thing (0 = none). */
export type JsonEvent =
  /** A value begins (only for depth ≤ captureDepth). `key` is its member name when its parent is an object. */
  | { e: 'start'; depth: number; kind: ValueKind; key: string | undefined; path: readonly string[] }
  /** A member name (only for depth ≤ captureDepth + 1). */
  | { e: 'key'; depth: number; key: string; path: readonly string[] }
  /** A value at captureDepth is complete: its raw text, and where it began. */
  | {
      e: 'unit';
      text: string;
      key: string | undefined;
      path: readonly string[];
      line: number;
      offset: number;
    }
  /** The top-level value closed. */
  | { e: 'end' };

interface Frame {
  type: '{' | '[';
  /** The member name this container is the value of (undefined for array elements and the root). */
  key: string | undefined;
  /** In an object: the next string is a member name. */
  expectKey: boolean;
}

interface Capture {
  parts: string[];
  line: number;
  offset: number;
  key: string | undefined;
  path: readonly string[];
}

/** Characters of numbers and `true`/`false`/`null` (and of the words of a non-JSON line). */
function isScalarChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || // 0-9
    (c >= 0x41 && c <= 0x5a) || // A-Z
    (c >= 0x61 && c <= 0x7a) || // a-z
    c === 0x2e || // .
    c === 0x2b || // +
    c === 0x2d // -
  );
}

/** Index of the quote closing the string that opens at `from`, or -1 (JSON strings never span lines). */
function stringEnd(text: string, from: number): number {
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

/**
 * Tracks nesting across lines without ever holding more than the value being captured: the values
 * whose parent is at `captureDepth` (1 = the elements of a top-level array) are returned whole, as
 * text, when they close. Strings are skipped quote-aware, so braces inside values do not count.
 * Structure is checked loosely (brackets match, members have names); the captured text is checked by
 * `JSON.parse` in the caller.
 */
export class JsonLineScanner {
  private readonly captureDepth: number;
  private frames: Frame[] = [];
  private pendingKey: string | undefined = undefined;
  private afterKey = false;
  private capture: Capture | null = null;
  private docBytes = 0;
  /** The document passed MAX_JSON_DOC_BYTES: nothing more is captured from it. */
  oversize = false;
  private started = false;

  constructor(captureDepth: number) {
    this.captureDepth = captureDepth;
  }

  /** Inside a document that has not closed yet. */
  get inDoc(): boolean {
    return this.started;
  }

  reset(): void {
    this.frames = [];
    this.pendingKey = undefined;
    this.afterKey = false;
    this.capture = null;
    this.docBytes = 0;
    this.oversize = false;
    this.started = false;
  }

  private path(): string[] {
    return this.frames.slice(1).map((f) => f.key ?? '');
  }

  /** Scans one line; on a syntax error returns its description (the caller resets the scanner). */
  feed(text: string, line: number, offset: number): { events: JsonEvent[]; error?: string } {
    const events: JsonEvent[] = [];
    this.started = true;
    this.docBytes += text.length + 1;
    if (this.docBytes > MAX_JSON_DOC_BYTES && !this.oversize) {
      this.oversize = true;
      this.capture = null;
    }
    let capFrom = this.capture ? 0 : -1;
    let ended = false;
    let scalarFrom = -1;

    const begin = (at: number, kind: ValueKind): string | undefined => {
      const depth = this.frames.length;
      const top = this.frames[depth - 1];
      if (top?.type === '{' && (top.expectKey || this.afterKey))
        return 'a value where a member name was expected';
      const key = top?.type === '{' ? this.pendingKey : undefined;
      if (depth <= this.captureDepth) events.push({ e: 'start', depth, kind, key, path: this.path() });
      if (depth === this.captureDepth && !this.oversize) {
        this.capture = { parts: [], line, offset, key, path: this.path() };
        capFrom = at;
      }
      return undefined;
    };
    // A value that began at the current depth ends just before `end`.
    const finish = (end: number): void => {
      const depth = this.frames.length;
      this.pendingKey = undefined;
      if (depth === this.captureDepth && this.capture) {
        const cap = this.capture;
        cap.parts.push(text.slice(Math.max(capFrom, 0), end));
        events.push({
          e: 'unit',
          text: cap.parts.join('\n'),
          key: cap.key,
          path: cap.path,
          line: cap.line,
          offset: cap.offset,
        });
        this.capture = null;
        capFrom = -1;
      }
      if (depth === 0) {
        events.push({ e: 'end' });
        ended = true;
      }
    };

    for (let i = 0; i < text.length; i++) {
      const c = text.charAt(i);
      if (scalarFrom >= 0) {
        if (isScalarChar(text.charCodeAt(i))) continue;
        scalarFrom = -1;
        finish(i);
      }
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (ended) return { events, error: `text after the end of the JSON document at column ${i + 1}` };
      if (c === '"') {
        const end = stringEnd(text, i);
        if (end < 0) return { events, error: `unterminated string at column ${i + 1}` };
        const top = this.frames[this.frames.length - 1];
        if (top?.type === '{' && top.expectKey) {
          top.expectKey = false;
          this.afterKey = true;
          // Names below the captured values are not needed: the captured text holds them.
          this.pendingKey = undefined;
          if (this.frames.length <= this.captureDepth + 1) {
            let key: unknown;
            try {
              key = JSON.parse(text.slice(i, end + 1));
            } catch {
              return { events, error: `bad member name at column ${i + 1}` };
            }
            this.pendingKey = String(key);
            events.push({ e: 'key', depth: this.frames.length, key: this.pendingKey, path: this.path() });
          }
        } else {
          const bad = begin(i, 'string');
          if (bad) return { events, error: `${bad} at column ${i + 1}` };
          finish(end + 1);
        }
        i = end;
      } else if (c === ':') {
        if (!this.afterKey) return { events, error: `unexpected ":" at column ${i + 1}` };
        this.afterKey = false;
      } else if (c === ',') {
        const top = this.frames[this.frames.length - 1];
        if (!top || this.afterKey) return { events, error: `unexpected "," at column ${i + 1}` };
        if (top.type === '{') top.expectKey = true;
      } else if (c === '{' || c === '[') {
        const bad = begin(i, c === '{' ? 'object' : 'array');
        if (bad) return { events, error: `${bad} at column ${i + 1}` };
        this.frames.push({ type: c, key: this.pendingKey, expectKey: c === '{' });
        this.pendingKey = undefined;
      } else if (c === '}' || c === ']') {
        const top = this.frames.pop();
        if (!top || (c === '}') !== (top.type === '{') || this.afterKey) {
          return { events, error: `unexpected "${c}" at column ${i + 1}` };
        }
        finish(i + 1);
      } else if (isScalarChar(text.charCodeAt(i))) {
        const bad = begin(i, 'scalar');
        if (bad) return { events, error: `${bad} at column ${i + 1}` };
        scalarFrom = i;
      } else {
        return { events, error: `unexpected character "${c}" at column ${i + 1}` };
      }
    }
    if (scalarFrom >= 0) finish(text.length);
    if (this.capture) this.capture.parts.push(text.slice(Math.max(capFrom, 0)));
    if (ended) this.reset();
    return { events };
  }
}

// ---- command lines pasted with the output ------------------------------------------------------

// Documentation and issues often show the command bare, without a shell prompt.
const CEPH_COMMAND = /^\s*(?<command>(?:sudo )?ceph(?: +[\w.:*=/,-]+)+)\s*$/;

/** A shell prompt, or a bare `ceph …` command line, pasted with a command's output. */
export function matchCommandLine(text: string): MetaFact | null {
  const prompt = matchPrompt(text);
  if (prompt) return { kind: 'prompt', text, ...prompt };
  const bare = CEPH_COMMAND.exec(text)?.groups?.command;
  return bare === undefined ? null : { kind: 'prompt', text, command: bare };
}

// ---- one parser per JSON output ----------------------------------------------------------------

type Scope = 'doc' | 'element';

interface JsonFormat<R extends LogRecord> {
  id: 'ceph-config-json' | 'ceph-client-ls' | 'ceph-versions';
  root: 'array' | 'object';
  /** Depth whose values become records: 1 = array elements, 2 = members of the root's members. */
  captureDepth: number;
  /** A reason when an early event shows the document (or the current element) is another output. */
  check(ev: Extract<JsonEvent, { e: 'start' | 'key' }>): { scope: Scope; reason: string } | null;
  /** The record(s) for one captured value, or why it is not one. */
  toRecord(value: unknown, unit: Extract<JsonEvent, { e: 'unit' }>): R | string;
}

function kindName(kind: ValueKind): string {
  return kind === 'object'
    ? 'an object'
    : kind === 'array'
      ? 'an array'
      : kind === 'string'
        ? 'a string'
        : 'a number or literal';
}

function createJsonParser<R extends LogRecord>(fmt: JsonFormat<R>): FormatParser<R> {
  const scanner = new JsonLineScanner(fmt.captureDepth);
  let docForeign: string | null = null;
  let elemForeign: string | null = null;
  const opener = fmt.root === 'array' ? '[' : '{';

  return {
    id: fmt.id,
    parseLine(text: string, line: number, offset: number): LineOutcome<R> {
      if (!scanner.inDoc) {
        if (isBlank(text)) return { t: 'blank' };
        // Before the JSON check: `[root@host ~]# ceph …` starts with a bracket too.
        const meta = matchCommandLine(text);
        if (meta) return { t: 'meta', meta };
        const first = text.trimStart().charAt(0);
        if (first !== '[' && first !== '{') {
          return { t: 'unparsed', reason: `not JSON: a ${fmt.id} document starts with "${opener}"` };
        }
        docForeign = null;
        elemForeign = null;
      }
      const { events, error } = scanner.feed(text, line, offset);
      if (error) {
        scanner.reset();
        docForeign = null;
        elemForeign = null;
        return { t: 'unparsed', reason: `not JSON: ${error}` };
      }
      let reason: string | null = docForeign ?? elemForeign;
      const records: R[] = [];
      for (const ev of events) {
        if (ev.e === 'end') continue;
        if (ev.e === 'start' && ev.depth === 0) {
          const want = fmt.root === 'array' ? 'array' : 'object';
          if (ev.kind !== want)
            docForeign ??= `top-level value is ${kindName(ev.kind)}, not the ${want} of ${fmt.id}`;
        } else if (ev.e === 'start' || ev.e === 'key') {
          const bad = docForeign ? null : fmt.check(ev);
          if (bad?.scope === 'doc') docForeign = bad.reason;
          else if (bad) elemForeign ??= bad.reason;
        } else if (ev.e === 'unit') {
          if (!docForeign && !elemForeign) {
            let value: unknown;
            try {
              value = JSON.parse(ev.text);
            } catch {
              value = undefined;
              reason ??= 'not JSON: the value does not parse';
            }
            if (value !== undefined) {
              const rec = fmt.toRecord(value, ev);
              if (typeof rec === 'string') reason ??= rec;
              else records.push(rec);
            }
          }
          reason ??= docForeign ?? elemForeign;
          elemForeign = null;
        }
        reason ??= docForeign ?? elemForeign;
      }
      if (scanner.oversize) reason ??= `JSON document larger than ${MAX_JSON_DOC_BYTES / 1024 / 1024} MiB`;
      if (!scanner.inDoc) {
        docForeign = null;
        elemForeign = null;
      }
      const [head, ...rest] = records;
      if (head) return rest.length > 0 ? { t: 'record', rec: head, more: rest } : { t: 'record', rec: head };
      return reason ? { t: 'unparsed', reason } : { t: 'part' };
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Drops undefined members so facts compare and print cleanly. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

// ---- ceph config dump -f json ------------------------------------------------------------------

/** Members of a Session::dump element: seeing one means the array is `client ls`, not a config dump. */
const SESSION_KEYS: ReadonlySet<string> = new Set(['id', 'inst', 'client_metadata', 'entity', 'num_caps']);
/** Members of a MaskedOption::dump element. */
const CONFIG_KEYS: ReadonlySet<string> = new Set([
  'section',
  'can_update_at_runtime',
  'level',
  'mask',
  'location_type',
]);

function elementMustBeObject(
  ev: Extract<JsonEvent, { e: 'start' | 'key' }>,
): { scope: Scope; reason: string } | null {
  if (ev.e === 'start' && ev.depth === 1 && ev.kind !== 'object') {
    return { scope: 'element', reason: `array element is ${kindName(ev.kind)}, not an object` };
  }
  return null;
}

export function createCephConfigJsonParser(): FormatParser<CephConfigRecord> {
  return createJsonParser<CephConfigRecord>({
    id: 'ceph-config-json',
    root: 'array',
    captureDepth: 1,
    check(ev) {
      if (ev.e === 'key' && ev.depth === 2 && SESSION_KEYS.has(ev.key)) {
        return { scope: 'element', reason: `element has "${ev.key}": an MDS session, not a config option` };
      }
      return elementMustBeObject(ev);
    },
    toRecord(v, unit) {
      if (!isObject(v)) return 'array element is not an object';
      const section = str(v.section);
      const name = str(v.name);
      if (section === undefined || name === undefined) {
        return 'element without "section" and "name": not a config dump option';
      }
      const raw = v.value;
      const value = typeof raw === 'string' ? raw : raw === undefined ? '' : JSON.stringify(raw);
      let mask = str(v.mask) ?? '';
      const locType = str(v.location_type);
      const locValue = str(v.location_value);
      if (mask === '' && locType && locValue) mask = `${locType}:${locValue}`;
      return {
        kind: 'ceph-config',
        line: unit.line,
        offset: unit.offset,
        msg: JSON.stringify(v),
        who: section,
        mask,
        level: str(v.level) ?? '',
        option: name,
        value,
        ro: v.can_update_at_runtime === false,
      };
    },
  });
}

// ---- ceph tell mds.N client ls / session ls ----------------------------------------------------

// session_info_t inst: `client.4305 172.21.9.34:0/422650892`, `client.4305 v1:…` (Nautilus+), `any:`.
const INST = /^client\.(?<id>\d+) (?:v[12]:|any:)?(?<ip>\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):\d+\/\d+$/;
const ADDR = /^(?<ip>\[[0-9A-Fa-f:.]+\]|[^\s:/[\]]+):\d+$/;

function unbracket(ip: string): string {
  return ip.startsWith('[') ? ip.slice(1, -1) : ip;
}

export function createCephClientLsParser(): FormatParser<FactRecord> {
  return createJsonParser<FactRecord>({
    id: 'ceph-client-ls',
    root: 'array',
    captureDepth: 1,
    check(ev) {
      if (ev.e === 'key' && ev.depth === 2 && CONFIG_KEYS.has(ev.key)) {
        return { scope: 'element', reason: `element has "${ev.key}": a config option, not an MDS session` };
      }
      return elementMustBeObject(ev);
    },
    toRecord(v, unit) {
      if (!isObject(v)) return 'array element is not an object';
      const inst = str(v.inst);
      const fromInst = inst === undefined ? undefined : INST.exec(inst)?.groups;
      const id =
        typeof v.id === 'number' ? v.id : fromInst?.id === undefined ? undefined : Number(fromInst.id);
      if (id === undefined || !Number.isSafeInteger(id)) {
        return 'element without a numeric "id" or a client "inst": not an MDS session';
      }
      const md = isObject(v.client_metadata) ? v.client_metadata : {};
      const entity = isObject(v.entity) ? v.entity : {};
      const entityAddr = isObject(entity.addr) ? str(entity.addr.addr) : undefined;
      const ip = fromInst?.ip ?? (entityAddr === undefined ? undefined : ADDR.exec(entityAddr)?.groups?.ip);
      return {
        kind: 'fact',
        line: unit.line,
        offset: unit.offset,
        msg: inst ?? `client.${id}`,
        fact: defined({
          kind: 'ceph-client' as const,
          clientId: id,
          hostname: str(md.hostname),
          address: ip === undefined ? undefined : unbracket(ip),
          mountPoint: str(md.mount_point),
          kernelVersion: str(md.kernel_version),
          state: str(v.state),
          root: str(md.root),
        }),
      };
    },
  });
}

// ---- ceph versions -----------------------------------------------------------------------------

const DAEMON_KIND = /^[a-z][a-z0-9_-]*$/;
// `ceph version 16.2.10 (45fa1a08…) pacific (stable)`; dev builds: `12.1.1-235-g9c3232d … luminous (rc)`.
const VERSION = /^ceph version (?<version>\S+) \([0-9a-f]+\) (?<release>[a-z]+) \([a-z]+\)$/;

export function createCephVersionsParser(): FormatParser<FactRecord> {
  return createJsonParser<FactRecord>({
    id: 'ceph-versions',
    root: 'object',
    captureDepth: 2,
    check(ev) {
      if (ev.e === 'key' && ev.depth === 1 && !DAEMON_KIND.test(ev.key)) {
        return { scope: 'doc', reason: `member "${ev.key}" is not a daemon kind` };
      }
      if (ev.e === 'start' && ev.depth === 1 && ev.kind !== 'object') {
        return {
          scope: 'doc',
          reason: `member "${ev.key ?? ''}" is ${kindName(ev.kind)}, not a map of versions`,
        };
      }
      if (ev.e === 'key' && ev.depth === 2 && !ev.key.startsWith('ceph version ')) {
        return { scope: 'doc', reason: `"${ev.key}" is not a "ceph version …" string` };
      }
      return null;
    },
    toRecord(v, unit) {
      const daemon = unit.path[0];
      const key = unit.key;
      if (daemon === undefined || key === undefined) return 'not a daemon kind → version map';
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
        return `count for "${key}" is not a number`;
      const g = VERSION.exec(key)?.groups;
      return {
        kind: 'fact',
        line: unit.line,
        offset: unit.offset,
        msg: `${daemon}: ${key}: ${v}`,
        fact: defined({
          kind: 'ceph-version' as const,
          daemon,
          version: g?.version ?? key.slice('ceph version '.length),
          release: g?.release,
          count: v,
        }),
      };
    },
  });
}

export const CEPH_JSON_FORMATS: readonly FormatSpec[] = [
  {
    id: 'ceph-config-json',
    title: 'ceph config dump -f json',
    create: () => createCephConfigJsonParser(),
    pathHint: /config.*dump.*json/,
  },
  {
    id: 'ceph-client-ls',
    title: 'ceph tell mds.N client ls',
    create: () => createCephClientLsParser(),
    pathHint: /(?:client|session)[_ -]?ls/,
  },
  {
    id: 'ceph-versions',
    title: 'ceph versions',
    create: () => createCephVersionsParser(),
    pathHint: /versions/,
  },
];
