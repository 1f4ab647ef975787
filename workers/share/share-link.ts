// Share links: the incident (its compact form, compact.ts), the view state and the cited lines,
// deflated and base64url-encoded into the URL fragment, which browsers never send to a server.
//
// Fragment: `#share=1.` + base64url without padding of [deflate-raw of the compact JSON, with the
// preset dictionary of compact.ts][CRC-32 of those deflated bytes, 4 bytes big-endian]. The CRC
// makes a link cut short or changed in any one character fail as "incomplete or damaged" before
// anything is inflated; a forged link with a good CRC still meets every bound below and the schema.
// Reading never throws: each step refuses with its own message.
import { deflateSync, Inflate } from 'fflate';
import type { StageId } from '../../parsers/stages.ts';
import { crc32 } from '../crc32.ts';
import type { Incident, Severity } from '../incident.ts';
import type { TimeZoneChoice } from '../report/time.ts';
import type { LaneMode } from '../report/timeline-model.ts';
import { compactPayload, expandPayload } from './compact.ts';
import { optionalCount, pickEvents, planEvents, shareIncident, type Trim } from './share-budget.ts';
import { SHARE_DICTIONARY } from './share-dictionary.ts';
import { checkPayload, checkWire, SHARE_SCHEMA } from './share-schema.ts';

export { SHARE_SCHEMA };

/**
 * Characters of the whole URL a link may take. RFC 9110 §4.1 recommends that every sender and
 * recipient support URIs of at least 8000 octets, and chat tools take far longer messages (Slack
 * about 40,000 characters, Microsoft Teams about 28 KB, Mattermost 16,383 by default), so a link
 * of at most 8000 characters survives being pasted in them. (Discord's 2000-character messages are
 * too short for any useful snapshot.)
 */
export const SHARE_URL_LIMIT = 8000;

/** Longest fragment read at all: eight times what Cascade makes, so a link made with a larger `limit` still opens. */
export const SHARE_FRAGMENT_MAX = 64 * 1024;

/** Most bytes a link may inflate to; a decompression bomb stops here, about 4 MiB in. */
export const SHARE_INFLATED_MAX = 4 * 1024 * 1024;

const PREFIX = 'share=';
const VERSION = '1';

/** What the log view shows: each list empty means no narrowing by it. */
export interface LogFilter {
  hosts: string[];
  stages: StageId[];
  sources: string[];
  severities: Severity[];
  /** Text (case-insensitive) or, with `regex`, a regular expression matched against each line. */
  query: string;
  regex: boolean;
}

/** The view a snapshot opens with: the app's own view state (app/store.ts uses these types). */
export interface ShareView {
  laneMode: LaneMode;
  /** Epoch ms. */
  zoom: [number, number] | null;
  episode: string | null;
  timeDisplay: TimeZoneChoice;
  logFilter: LogFilter;
  focus: { source: string; line: number } | null;
}

export interface SharePayload {
  schema: typeof SHARE_SCHEMA;
  /** ISO time the link was made. */
  created: string;
  /** Whether identifiers were replaced by pseudonyms before encoding. */
  redacted: boolean;
  /** Events possibly reduced to fit the budget; stage, host and episode counts stay those of the whole incident. */
  incident: Incident;
  /** Events of the original left out to fit. */
  omittedEvents: number;
  totalEvents: number;
  view: ShareView;
}

export type ShareBuild =
  | { ok: true; fragment: string; url: string; payload: SharePayload; length: number }
  | { ok: false; error: string };

export type ShareRead = { ok: true; payload: SharePayload } | { ok: false; error: string };

const INCOMPLETE = 'The share link is incomplete or damaged — was it cut off when pasted?';

// --- bytes -------------------------------------------------------------------------------------

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT = new Map([...ALPHABET].map((ch, i) => [ch, i]));

function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let j = 0; j < chars; j++) out += ALPHABET[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/** Strict decoding: the caller has checked the alphabet; a length no encoder makes, or stray bits after the last byte, is damage. */
function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const ch of text) {
    acc = ((acc << 6) | (DIGIT.get(ch) as number)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
    }
  }
  return (acc & ((1 << bits) - 1)) === 0 ? bytes : null;
}

/** The fragment (`#share=1.…`) of deflated bytes: what buildShareLink writes, and how tests forge links. */
export function fragmentOf(deflated: Uint8Array): string {
  const framed = new Uint8Array(deflated.length + 4);
  framed.set(deflated);
  new DataView(framed.buffer).setUint32(deflated.length, crc32(deflated));
  return `#${PREFIX}${VERSION}.${toBase64Url(framed)}`;
}

const deflate = (text: string): Uint8Array =>
  deflateSync(new TextEncoder().encode(text), { level: 9, mem: 8, dictionary: SHARE_DICTIONARY });

// Pushed a slice at a time: deflate expands at most about 1032:1, so one push yields at most about
// 1 MiB and the bound stops a bomb a slice after it is passed, never allocating its whole output.
const INFLATE_SLICE = 1024;

export type Inflated = { ok: true; bytes: Uint8Array } | { ok: false; error: string; produced: number };

/** Inflates with the share dictionary, stopping once the output passes `max` bytes (`produced` says where it stopped). */
export function inflateBounded(data: Uint8Array, max = SHARE_INFLATED_MAX): Inflated {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate({ dictionary: SHARE_DICTIONARY }, (chunk) => {
    total += chunk.length;
    if (total <= max) chunks.push(chunk);
  });
  try {
    for (let i = 0; i < data.length; i += INFLATE_SLICE) {
      inflater.push(data.subarray(i, i + INFLATE_SLICE), i + INFLATE_SLICE >= data.length);
      if (total > max) {
        return {
          ok: false,
          produced: total,
          error: `The share link unpacks to more than ${(max / 1024 / 1024).toFixed(0)} MiB, far more than any link Cascade makes; it was refused unread.`,
        };
      }
    }
  } catch (e) {
    const why = e instanceof Error ? e.message : 'it does not decompress';
    return { ok: false, produced: total, error: `${INCOMPLETE} (${why})` };
  }
  const bytes = new Uint8Array(total);
  let o = 0;
  for (const c of chunks) {
    bytes.set(c, o);
    o += c.length;
  }
  return { ok: true, bytes };
}

// --- reading -----------------------------------------------------------------------------------

/** Cheap check: does this hash look like a share link at all (so the app knows to try reading it). */
export function isShareFragment(fragment: string): boolean {
  return fragment.startsWith(`#${PREFIX}`) || fragment.startsWith(PREFIX);
}

const refuse = (error: string): ShareRead => ({ ok: false, error });

function decodeJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false; error: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, error: `${INCOMPLETE} (its content is not UTF-8 text)` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    const why = e instanceof Error ? e.message : 'syntax error';
    return {
      ok: false,
      error: `The share link's content is not valid JSON (${why.length > 120 ? `${why.slice(0, 119)}…` : why}).`,
    };
  }
}

function readUnchecked(fragment: string): ShareRead {
  const hash = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!hash.startsWith(PREFIX)) return refuse('This address does not hold a Cascade share link.');
  if (hash.length > SHARE_FRAGMENT_MAX) {
    return refuse(
      `The share link is ${hash.length} characters long, more than the ${SHARE_FRAGMENT_MAX} (64 KiB) a Cascade link may have; it was not read.`,
    );
  }
  const version = /^share=(\d{1,6})\./.exec(hash);
  if (!version) return refuse(`${INCOMPLETE} (it has no format version after "share=")`);
  if (version[1] !== VERSION) {
    return refuse(
      `This share link has format ${version[1]}, which this version of Cascade does not read (it reads format ${VERSION}); open it with the version that made it.`,
    );
  }
  const body = hash.slice(version[0].length);
  const bad = /[^A-Za-z0-9_-]/.exec(body);
  if (bad) {
    return refuse(
      `The share link holds a character no Cascade link contains (${JSON.stringify(bad[0])} at position ${version[0].length + bad.index + 1}); it was changed or damaged.`,
    );
  }
  const framed = fromBase64Url(body);
  if (framed === null || framed.length < 6)
    return refuse(`${INCOMPLETE} (its length or last character is wrong)`);
  const deflated = framed.subarray(0, framed.length - 4);
  const stored = new DataView(framed.buffer, framed.byteOffset + deflated.length, 4).getUint32(0);
  if (stored !== crc32(deflated)) return refuse(`${INCOMPLETE} (its checksum does not match)`);
  const inflated = inflateBounded(deflated);
  if (!inflated.ok) return refuse(inflated.error);
  const json = decodeJson(inflated.bytes);
  if (!json.ok) return refuse(json.error);
  const schema = (json.value as { schema?: unknown } | null)?.schema;
  if (typeof schema === 'string' && /^cascade\/share@\d{1,6}$/.test(schema) && schema !== SHARE_SCHEMA) {
    return refuse(
      `This share link holds ${schema}, which this version of Cascade does not read (it reads ${SHARE_SCHEMA}).`,
    );
  }
  const wire = checkWire(json.value);
  if (!wire.ok) return refuse(`The share link's content is not a Cascade snapshot: ${wire.error}.`);
  const expanded = expandPayload(wire.value);
  if (!expanded.ok) return refuse(`The share link's content is not a Cascade snapshot: ${expanded.error}.`);
  const payload = checkPayload(expanded.value);
  if (!payload.ok) return refuse(`The share link's content is not a Cascade snapshot: ${payload.error}.`);
  const { view, incident } = payload.value;
  if (view.episode !== null && !incident.episodes?.some((e) => e.id === view.episode)) {
    return refuse(
      `The share link's content is not a Cascade snapshot: view.episode names no episode of the incident.`,
    );
  }
  return { ok: true, payload: payload.value };
}

/** Reads a fragment (`location.hash`, with or without `#`); never throws. */
export function readShareFragment(fragment: string): ShareRead {
  try {
    return readUnchecked(fragment);
  } catch (e) {
    // Every step above returns its own refusal; this is the last guard of "never a broken page".
    return refuse(
      `The share link could not be read (${e instanceof Error ? e.message : 'unexpected error'}).`,
    );
  }
}

// --- building ----------------------------------------------------------------------------------

/** The view fields a link carries, copied so that a caller's extra fields do not travel. */
function shareView(view: ShareView): ShareView {
  const f = view.logFilter;
  return {
    laneMode: view.laneMode,
    zoom: view.zoom === null ? null : [view.zoom[0], view.zoom[1]],
    episode: view.episode,
    timeDisplay:
      view.timeDisplay.mode === 'zone'
        ? { mode: 'zone', zone: view.timeDisplay.zone }
        : { mode: view.timeDisplay.mode },
    logFilter: {
      hosts: [...f.hosts],
      stages: [...f.stages],
      sources: [...f.sources],
      severities: [...f.severities],
      query: f.query,
      regex: f.regex,
    },
    focus: view.focus === null ? null : { source: view.focus.source, line: view.focus.line },
  };
}

interface Attempt {
  payload: SharePayload;
  fragment: string;
  url: string;
  length: number;
}

/** Builds the link for `baseUrl` (page URL without fragment), dropping lower-priority events until the whole URL fits `limit`. */
export function buildShareLink(
  incident: Incident,
  view: ShareView,
  options: { baseUrl: string; created: string; redacted: boolean; limit?: number },
): ShareBuild {
  const limit = options.limit ?? SHARE_URL_LIMIT;
  const hashAt = options.baseUrl.indexOf('#');
  const base = hashAt < 0 ? options.baseUrl : options.baseUrl.slice(0, hashAt);
  const plan = planEvents(incident);
  const totalEvents = incident.events.length;
  const sharedView = shareView(view);
  const attempt = (extra: number, trim: Trim): Attempt => {
    const keep = pickEvents(plan, extra);
    const payload: SharePayload = {
      schema: SHARE_SCHEMA,
      created: options.created,
      redacted: options.redacted,
      incident: shareIncident(incident, keep, trim),
      omittedEvents: totalEvents - keep.length,
      totalEvents,
      view: sharedView,
    };
    const fragment = fragmentOf(deflate(JSON.stringify(compactPayload(payload))));
    return { payload, fragment, url: base + fragment, length: base.length + fragment.length };
  };

  // The long explanations (cascade reasons, clock methods, warnings) are shortened before an event
  // of priority 1 or 2 is dropped: they say how the files were read, the events are the incident.
  const most = optionalCount(plan);
  let trim: Trim = 'full';
  let fits = plan.few.length;
  let best = attempt(fits, trim);
  if (best.length > limit) {
    trim = 'tight';
    fits = 0;
    best = attempt(fits, trim);
  }
  if (best.length > limit) {
    return {
      ok: false,
      error: `The incident does not fit in a share link: even its findings, cited lines and first and last events per host and stage come to ${best.length} characters, more than the limit of ${limit}.`,
    };
  }
  // Doubling from a few events, then halving the gap: the attempts stay near the size that fits
  // instead of deflating thousands of events first. Deflated size grows with the count only roughly
  // (not byte for byte), so the result is the largest count whose own measured link fitted.
  let over = -1;
  for (let k = Math.min(Math.max(16, fits * 2), most); k > fits; k = Math.min(k * 2, most)) {
    const candidate = attempt(k, trim);
    if (candidate.length > limit) {
      over = k;
      break;
    }
    fits = k;
    best = candidate;
  }
  while (over - fits > 1) {
    const mid = Math.floor((fits + over) / 2);
    const candidate = attempt(mid, trim);
    if (candidate.length <= limit) {
      fits = mid;
      best = candidate;
    } else over = mid;
  }

  // A link Cascade makes must be a link Cascade reads: a field over a bound fails here, not on the reader's side.
  // The payload handed back is the one read from the link, so it is exactly what its reader sees
  // (JSON has no -0, no undefined fields).
  const back = readShareFragment(best.fragment);
  if (!back.ok) return { ok: false, error: `The share link could not be made: ${back.error}` };
  return { ok: true, fragment: best.fragment, url: best.url, length: best.length, payload: back.payload };
}
