// Issue 9: the share-link reader (workers/share/share-link.ts) on random strings, random base64url,
// the sample's real link cut and changed at every position, and forged links whose checksum is
// good but whose content is not. It never throws; it gives a payload the schema accepts or a
// refusal with a message; it gives the same answer twice; and it never inflates past its bound.

import fc from 'fast-check';
import { deflateSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputFile } from '../../workers/api.ts';
import { analyzeFiles } from '../../workers/engine.ts';
import { SHARE_DICTIONARY } from '../../workers/share/share-dictionary.ts';
import {
  buildShareLink,
  fragmentOf,
  inflateBounded,
  isShareFragment,
  readShareFragment,
  SHARE_FRAGMENT_MAX,
  type ShareRead,
  type ShareView,
} from '../../workers/share/share-link.ts';
import { checkPayload, SHARE_SCHEMA } from '../../workers/share/share-schema.ts';
import { sampleTree } from '../support/bundles.ts';
import { anyChar, params } from '../support/property.ts';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const view: ShareView = {
  laneMode: 'stage',
  zoom: null,
  episode: null,
  timeDisplay: { mode: 'utc' },
  logFilter: { hosts: [], stages: [], sources: [], severities: [], query: '', regex: false },
  focus: null,
};

/** What must hold of any answer: a payload the schema takes, or a refusal that says why. */
function expectAnswer(read: ShareRead) {
  if (read.ok) {
    expect(read.payload.schema).toBe(SHARE_SCHEMA);
    expect(checkPayload(read.payload).ok).toBe(true);
  } else {
    expect(read.error.trim().length).toBeGreaterThan(10);
    expect(read.error).toMatch(/^[A-Z]/);
    // (The schema's own words may say a field "received undefined": a missing field, named.)
    expect(read.error).not.toMatch(/\[object |NaN/);
    // Each step refuses with its own message; the catch-all around them is for bugs only.
    expect(read.error).not.toMatch(/^The share link could not be read \(/);
  }
}

function read(fragment: string): ShareRead {
  const first = readShareFragment(fragment);
  expectAnswer(first);
  expect(readShareFragment(fragment)).toEqual(first);
  return first;
}

const deflate = (json: unknown) =>
  deflateSync(new TextEncoder().encode(JSON.stringify(json)), { level: 6, dictionary: SHARE_DICTIONARY });

/** The wire JSON of a link: the inflated body of its fragment. */
function wireOf(fragment: string): unknown {
  const body = fragment.slice('#share=1.'.length);
  const bytes = Uint8Array.from(Buffer.from(body, 'base64url'));
  const inflated = inflateBounded(bytes.subarray(0, bytes.length - 4));
  if (!inflated.ok) throw new Error(inflated.error);
  return JSON.parse(new TextDecoder().decode(inflated.bytes));
}

/** Every path to a value in `json`, objects' keys and arrays' indexes. */
function pathsOf(json: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(at);
  if (Array.isArray(json)) for (const [i, v] of json.entries()) pathsOf(v, [...at, i], out);
  else if (json !== null && typeof json === 'object')
    for (const [k, v] of Object.entries(json)) pathsOf(v, [...at, k], out);
  return out;
}

/** A deep copy of `json` with the value at `path` replaced, or removed when `value` is undefined. */
function replaced(json: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(json) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
}

let link = '';
let wire: unknown;
let paths: (string | number)[][] = [];
beforeAll(async () => {
  const drop: InputFile[] = [...sampleTree()].map(([path, bytes]) => ({
    path,
    blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
  }));
  const incident = await analyzeFiles(drop);
  const built = buildShareLink(incident, view, {
    baseUrl: 'http://127.0.0.1:4173/',
    created: '2025-06-01T12:00:00.000Z',
    redacted: false,
  });
  if (!built.ok) throw new Error(built.error);
  link = built.fragment;
  wire = wireOf(link);
  paths = pathsOf(wire);
}, 60_000);

describe('readShareFragment on anything', () => {
  it('random strings, with or without the prefix', () => {
    const text = fc.string({ unit: anyChar, maxLength: 300 });
    const fragment = fc.oneof(
      text,
      text.map((s) => `#share=${s}`),
      text.map((s) => `#share=1.${s}`),
      text.map((s) => `share=1.${s}`),
    );
    fc.assert(
      fc.property(fragment, (f) => {
        const answer = read(f);
        // Only a real link is read; the prefix alone is never enough.
        expect(answer.ok).toBe(false);
        expect(isShareFragment(f)).toBe(f.startsWith('#share=') || f.startsWith('share='));
      }),
      params(9500, 500),
    );
  });

  it('random base64url bodies, and random bytes framed with a good checksum', () => {
    const body = fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 600 });
    fc.assert(
      fc.property(
        fc.oneof(
          body.map((b) => `#share=1.${b}`),
          fc.uint8Array({ maxLength: 600 }).map((bytes) => fragmentOf(bytes)),
        ),
        (f) => {
          expect(read(f).ok).toBe(false);
        },
      ),
      params(9501, 500),
    );
  });
});

describe('the sample incident’s link', () => {
  it('reads back whole', () => {
    const answer = read(link);
    expect(answer.ok).toBe(true);
  });

  it('cut at every position is refused', () => {
    for (let at = 0; at < link.length; at++) {
      const answer = read(link.slice(0, at));
      expect(answer.ok, `cut at ${at}`).toBe(false);
    }
  });

  it('changed at every position (a character replaced; dropped or doubled at every third) is refused', () => {
    const prefix = '#share=1.'.length;
    for (let at = 0; at < link.length; at++) {
      const c = link[at] as string;
      const other = at < prefix ? '~' : BASE64URL[(BASE64URL.indexOf(c) + 17) % 64];
      // Every position replaced; every third also dropped and doubled (each read decodes the
      // whole link, and 24,000 reads take a busy machine too long for what the third adds).
      const variants = [link.slice(0, at) + other + link.slice(at + 1)];
      if (at % 3 === 0)
        variants.push(link.slice(0, at) + link.slice(at + 1), link.slice(0, at) + c + link.slice(at));
      for (const v of variants) {
        // A double or a drop inside a run of one letter gives the same link back; without its
        // `#` it is the same link too (the reader takes `location.hash` with or without it).
        if (v === link || v === link.slice(1)) continue;
        expect(read(v).ok, `changed at ${at}: ${v.slice(Math.max(0, at - 5), at + 5)}`).toBe(false);
      }
    }
  }, 60_000);

  it('forged with a good checksum and a value changed anywhere in its content: a payload or a refusal', () => {
    const value = fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(-1, 0, 1e308, -0.5, 2 ** 53, '', 'x'.repeat(20_000), null, [], {}),
    );
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(fc.nat(), value, fc.nat(), value, (p1, v1, p2, v2) => {
        const once = replaced(wire, paths[p1 % paths.length] ?? [], v1);
        const twice = replaced(once, pathsOf(once)[p2 % pathsOf(once).length] ?? [], v2);
        for (const forged of [once, twice])
          seen[read(fragmentOf(deflate(forged))).ok ? 'accepted' : 'refused']++;
      }),
      params(9502, 300),
    );
    // Both answers occur, or the forgeries tested only one branch of the reader.
    expect(seen.accepted).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  }, 60_000);
});

describe('size bounds', () => {
  it('a fragment over the limit is refused unread', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.constantFrom(...BASE64URL), (extra, ch) => {
        const f = `#share=1.${ch.repeat(SHARE_FRAGMENT_MAX - 'share=1.'.length + 1 + extra)}`;
        const answer = read(f);
        expect(answer.ok).toBe(false);
        if (!answer.ok) expect(answer.error).toMatch(/more than the 65536 \(64 KiB\)/);
      }),
      params(9503, 20),
    );
  });

  it('inflateBounded stops within one slice of its bound on any bomb, and never throws on any bytes', () => {
    // A slice is 1024 input bytes and deflate expands at most 1032:1, so the output may pass the
    // bound by about 1 MiB before the check after that slice stops it.
    const SLICE_OUTPUT = 1032 * 1024;
    const bomb = fc.record({
      zeros: fc.integer({ min: 1, max: 8 * 1024 * 1024 }),
      max: fc.integer({ min: 0, max: 2 * 1024 * 1024 }),
    });
    fc.assert(
      fc.property(bomb, ({ zeros, max }) => {
        const data = deflateSync(new Uint8Array(zeros), { level: 9, dictionary: SHARE_DICTIONARY });
        const out = inflateBounded(data, max);
        if (zeros <= max) expect(out).toEqual({ ok: true, bytes: new Uint8Array(zeros) });
        else {
          expect(out.ok).toBe(false);
          if (!out.ok) {
            expect(out.produced).toBeGreaterThan(max);
            expect(out.produced).toBeLessThanOrEqual(max + SLICE_OUTPUT);
          }
        }
      }),
      params(9504, 40),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const out = inflateBounded(bytes, 64 * 1024);
        if (!out.ok) expect(out.error.trim()).not.toBe('');
        expect(inflateBounded(bytes, 64 * 1024)).toEqual(out);
      }),
      params(9505, 500),
    );
  });
});
