import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { STAGE_BY_ID, type StageId } from '../../parsers/stages.ts';
import type { Incident, IncidentEvent } from '../incident.ts';
import { compactPayload, type WirePayload } from './compact.ts';
import {
  buildShareLink,
  fragmentOf,
  inflateBounded,
  isShareFragment,
  readShareFragment,
  SHARE_FRAGMENT_MAX,
  SHARE_INFLATED_MAX,
  SHARE_URL_LIMIT,
  type ShareView,
} from './share-link.ts';

const BASE = 'http://127.0.0.1:4173/';
const CREATED = '2025-06-01T12:00:00.000Z';
const INCOMPLETE = /^The share link is incomplete or damaged — was it cut off when pasted\?/;

const view: ShareView = {
  laneMode: 'stage',
  zoom: [1573553643441, 1573556000000],
  episode: 'episode-1',
  timeDisplay: { mode: 'zone', zone: 'Europe/Berlin' },
  logFilter: {
    hosts: ['node-a'],
    stages: ['caps-stale'],
    sources: [],
    severities: ['critical'],
    query: 'dirty',
    regex: false,
  },
  focus: { source: 'node-a/dmesg', line: 5 },
};

function ev(i: number, stage: StageId, over: Partial<IncidentEvent> = {}): IncidentEvent {
  const seconds = String(i % 60).padStart(2, '0');
  const minutes = String(10 + Math.floor(i / 60)).padStart(2, '0');
  return {
    ts: `2019-11-12T10:${minutes}:${seconds}.${String(123456 + i * 7919).slice(-6)}Z`,
    host: 'node-a',
    stage,
    kind: `rule-${stage}`,
    recovery: false,
    source: 'node-a/dmesg',
    line: i + 1,
    offset: 0,
    text: `[${631966 + i}.208200] ceph: line ${i} of ${stage} ffff9d90${(i * 2654435761).toString(16).slice(-8)}`,
    stamp: `[${631966 + i}.208200]`,
    severity: 'warning',
    alsoIn: [],
    episode: 'episode-1',
    ...over,
  };
}

function incidentOf(events: IncidentEvent[]): Incident {
  const stageIds = [...new Set(events.map((e) => e.stage))];
  return {
    schema: 'cascade/incident@1',
    generatedBy: 'cascade test',
    sources: [
      {
        path: 'node-a/dmesg',
        format: 'dmesg',
        host: 'node-a',
        bytes: 4000,
        lines: 50,
        parsed: 50,
        unparsed: 0,
        events: events.length,
        first: events[0]?.ts ?? null,
        last: events[events.length - 1]?.ts ?? null,
        clock: {
          kind: 'monotonic',
          aligned: true,
          method: 'kernel lines matched in the journal',
          offsetSeconds: 1.5,
        },
        warnings: [],
      },
    ],
    hosts: [
      {
        name: 'node-a',
        kernel: '3.10.0-1062.4.1.el7.x86_64',
        clientIds: [176873],
        fsids: [],
        stages: Object.fromEntries(
          stageIds.map((id) => [id, { first: events[0]?.ts ?? null, last: null, count: events.length }]),
        ),
      },
    ],
    stages: stageIds.map((id) => ({
      id,
      title: STAGE_BY_ID[id].title,
      annotation: STAGE_BY_ID[id].annotation,
      first: null,
      last: null,
      count: events.filter((e) => e.stage === id).length,
      hosts: ['node-a'],
      recoveries: 0,
    })),
    findings: [
      {
        id: 'client-evicted',
        episode: 'episode-1',
        severity: 'critical',
        title: 'The MDS evicted the CephFS kernel client of node-a',
        detail: 'An evicted and blocklisted client cannot recover on its own.',
        evidence: events.slice(0, 2).map((e) => ({ source: e.source, line: e.line, text: e.text })),
        remediation: ['kubectl drain node-a --ignore-daemonsets --delete-emptydir-data'],
      },
    ],
    events,
    episodes: [
      {
        id: 'episode-1',
        first: events[0]?.ts ?? null,
        last: null,
        hosts: ['node-a'],
        hostOrder: [{ host: 'node-a', first: events[0]?.ts ?? null }],
        spreadSeconds: null,
        stages: [],
        summary: 'Network blip → reconnect denied',
        confidence: 'medium',
      },
    ],
  };
}

const small = incidentOf([
  ev(0, 'connection-reset'),
  ev(1, 'reconnect-denied', { alsoIn: [{ source: 'node-a/journal', line: 7 }] }),
  ev(2, 'caps-stale', { text: '<script>alert("x")</script><img src=x onerror=alert(1)>', stamp: '' }),
  ev(3, 'caps-stale', { recovery: true, severity: 'info', clientId: 176873 }),
]);

function build(incident: Incident, limit?: number) {
  return buildShareLink(incident, view, { baseUrl: BASE, created: CREATED, redacted: false, limit });
}

function smallLink(): string {
  const link = build(small);
  if (!link.ok) throw new Error(link.error);
  return link.fragment;
}

/** A link with a good checksum around any bytes: what a forger (not a cut or a typo) can make. */
const forge = (content: string | Uint8Array) =>
  fragmentOf(deflateSync(typeof content === 'string' ? strToU8(content) : content));

function wireOfSmall(): WirePayload {
  const link = build(small);
  if (!link.ok) throw new Error(link.error);
  return JSON.parse(JSON.stringify(compactPayload(link.payload))) as WirePayload;
}

function refusal(fragment: string): string {
  const read = readShareFragment(fragment);
  expect(read.ok).toBe(false);
  return read.ok ? '' : read.error;
}

describe('buildShareLink and readShareFragment', () => {
  it('round-trips a small incident whole, exactly', () => {
    const link = build(small);
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(link.payload.omittedEvents).toBe(0);
    expect(link.payload.totalEvents).toBe(4);
    expect(link.url).toBe(`${BASE}${link.fragment}`);
    expect(link.length).toBe(link.url.length);
    expect(link.fragment.startsWith('#share=1.')).toBe(true);
    expect(readShareFragment(link.fragment)).toStrictEqual({ ok: true, payload: link.payload });
    expect(readShareFragment(link.fragment.slice(1))).toStrictEqual({ ok: true, payload: link.payload });
    // What travels is the incident itself, less the byte offsets and the uncited copies.
    expect(link.payload.incident.events).toStrictEqual(small.events.map((e) => ({ ...e, alsoIn: [] })));
    expect(link.payload.incident.findings).toStrictEqual(small.findings);
    expect(link.payload.incident.stages).toStrictEqual(small.stages);
    expect(link.payload.incident.episodes).toStrictEqual(small.episodes);
    expect(link.payload.view).toStrictEqual(view);
    expect(link.payload).toMatchObject({ schema: 'cascade/share@1', created: CREATED, redacted: false });
  });

  it('keeps log text that looks like markup as plain text', () => {
    const link = build(small);
    const read = link.ok ? readShareFragment(link.fragment) : null;
    expect(read?.ok && read.payload.incident.events[2]?.text).toBe(
      '<script>alert("x")</script><img src=x onerror=alert(1)>',
    );
  });

  it('carries only the view fields and drops the fragment of the base URL', () => {
    const extra = { ...view, theme: 'dark', phase: 'result' } as ShareView;
    const link = buildShareLink(small, extra, { baseUrl: `${BASE}#old=1`, created: CREATED, redacted: true });
    expect(link.ok && link.payload.view).toStrictEqual(view);
    expect(link.ok && link.url.startsWith(`${BASE}#share=1.`)).toBe(true);
    expect(link.ok && link.payload.redacted).toBe(true);
  });

  it('drops lower-priority events to fit the limit, keeping cited, first and last events', () => {
    const events = [
      ev(0, 'connection-reset'),
      ev(1, 'reconnect-denied'),
      ...Array.from({ length: 1500 }, (_, k) => ev(2 + k, 'quota-realm-loop')),
    ];
    const incident = incidentOf(events);
    const link = build(incident, 4000);
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    expect(link.length).toBeLessThanOrEqual(4000);
    const kept = link.payload.incident.events;
    expect(link.payload.totalEvents).toBe(1502);
    expect(link.payload.omittedEvents).toBe(1502 - kept.length);
    expect(kept.length).toBeGreaterThan(4);
    expect(kept.length).toBeLessThan(1502);
    expect(kept.slice(0, 3).map((e) => e.line)).toEqual([1, 2, 3]);
    expect(kept[kept.length - 1]?.line).toBe(1502);
    expect(link.payload.incident.stages.find((s) => s.id === 'quota-realm-loop')?.count).toBe(1500);
    // One more event does not fit: the search found the largest count.
    const longer = build(incident, link.length - 1);
    expect(longer.ok && longer.payload.incident.events.length).toBeLessThan(kept.length);
    expect(readShareFragment(link.fragment)).toStrictEqual({ ok: true, payload: link.payload });
  });

  it('refuses a limit even the essentials do not fit, naming the limit and the size', () => {
    const link = build(small, 300);
    expect(link.ok).toBe(false);
    if (!link.ok)
      expect(link.error).toMatch(
        /^The incident does not fit in a share link: .* come to \d+ characters, more than the limit of 300\.$/,
      );
  });

  it('refuses to make a link it could not read back', () => {
    const long = incidentOf([ev(0, 'connection-reset', { host: 'h'.repeat(5000) })]);
    const link = build(long);
    expect(link.ok).toBe(false);
    if (!link.ok)
      expect(link.error).toMatch(
        /^The share link could not be made: .*incident\.events\.strings\[1\]: Invalid length: Expected <=4096 but received 5000/,
      );
  });

  it('uses SHARE_URL_LIMIT by default', () => {
    expect(SHARE_URL_LIMIT).toBe(8000);
    const link = build(incidentOf(Array.from({ length: 3000 }, (_, k) => ev(k, 'kubelet-mount-failure'))));
    expect(link.ok && link.length).toBeLessThanOrEqual(SHARE_URL_LIMIT);
    expect(link.ok && link.length).toBeGreaterThan(SHARE_URL_LIMIT - 200);
  });
});

describe('isShareFragment', () => {
  it.each([
    ['#share=1.abc', true],
    ['share=1.abc', true],
    ['#share=', true],
    ['#shared', false],
    ['', false],
    ['#', false],
    ['#/incident', false],
  ])('%j → %s', (hash, yes) => {
    expect(isShareFragment(hash)).toBe(yes);
  });
});

describe('damaged links', () => {
  it('refuses a link cut at every position with the "cut off" message', () => {
    const fragment = smallLink();
    for (let cut = 0; cut < fragment.length; cut++) {
      const error = refusal(fragment.slice(0, cut));
      if (cut < '#share='.length) expect(error).toBe('This address does not hold a Cascade share link.');
      else expect(error, `cut at ${cut}`).toMatch(INCOMPLETE);
    }
  });

  it('refuses a link with any one character changed', () => {
    const fragment = smallLink();
    const start = '#share=1.'.length;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let i = start; i < fragment.length; i++) {
      for (const shift of [1, 17, 32]) {
        const was = alphabet.indexOf(fragment[i] as string);
        const changed = `${fragment.slice(0, i)}${alphabet[(was + shift) % 64]}${fragment.slice(i + 1)}`;
        expect(refusal(changed), `position ${i}`).toMatch(INCOMPLETE);
      }
    }
  });

  it.each([
    ['a space', ' '],
    ['padding', '='],
    ['base64 (not base64url)', '+'],
    ['a slash', '/'],
    ['a percent escape', '%3C'],
    ['markup', '<script>'],
    ['a non-ASCII letter', 'é'],
  ])('refuses %s inside the data, saying where', (_name, bad) => {
    const fragment = smallLink();
    const at = 20;
    const error = refusal(`${fragment.slice(0, at)}${bad}${fragment.slice(at)}`);
    expect(error).toBe(
      `The share link holds a character no Cascade link contains (${JSON.stringify(bad[0])} at position ${at}); it was changed or damaged.`,
    );
  });

  it.each([
    ['#shore=1.AAAA', 'This address does not hold a Cascade share link.'],
    ['#SHARE=1.AAAA', 'This address does not hold a Cascade share link.'],
    ['#share=1', /^The share link is incomplete or damaged .* \(it has no format version after "share="\)$/],
    ['#share=x.AAAA', /no format version/],
    [
      '#share=2.AAAA',
      'This share link has format 2, which this version of Cascade does not read (it reads format 1); open it with the version that made it.',
    ],
    ['#share=1.A', /\(its length or last character is wrong\)$/],
    ['#share=1.AAAAA', /\(its length or last character is wrong\)$/],
    ['#share=1.AAB', /\(its length or last character is wrong\)$/], // stray bits after the last byte
    ['#share=1.', /\(its length or last character is wrong\)$/],
  ])('refuses %j', (fragment, message) => {
    const error = refusal(fragment);
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });

  it('refuses a fragment over the hard limit before decoding it', () => {
    const error = refusal(`#share=1.${'A'.repeat(SHARE_FRAGMENT_MAX)}`);
    expect(error).toBe(
      `The share link is ${SHARE_FRAGMENT_MAX + 8} characters long, more than the 65536 (64 KiB) a Cascade link may have; it was not read.`,
    );
  });
});

describe('forged links', () => {
  it.each([
    [
      'bytes that are not deflate',
      new Uint8Array([0xff, 0xff, 0xff, 0xff]),
      /^The share link is incomplete or damaged .*\(invalid block type\)$/,
    ],
    [
      'deflate cut short',
      deflateSync(strToU8('{"schema":"cascade/share@1","x":1}')).subarray(0, 10),
      /incomplete or damaged .*\(unexpected EOF\)$/,
    ],
  ])('refuses %s', (_name, bytes, message) => {
    expect(refusal(fragmentOf(bytes))).toMatch(message);
  });

  it.each([
    ['text that is not JSON', 'hello, world', /^The share link's content is not valid JSON \(.+\)\.$/],
    ['JSON cut short', '{"schema":"cascade/share@1",', /not valid JSON/],
    ['HTML', '<html><script>alert(1)</script></html>', /not valid JSON/],
    [
      'a JSON number',
      '42',
      /^The share link's content is not a Cascade snapshot: Invalid type: Expected Object but received 42\.$/,
    ],
    ['JSON null', 'null', /not a Cascade snapshot: Invalid type/],
    [
      'arrays nested 100,000 deep',
      `${'['.repeat(1e5)}${']'.repeat(1e5)}`,
      /^The share link's content is not a Cascade snapshot: schema: missing\.$/,
    ],
    ['an empty object', '{}', /^The share link's content is not a Cascade snapshot: schema: missing\.$/],
    [
      'a newer share schema',
      '{"schema":"cascade/share@2"}',
      'This share link holds cascade/share@2, which this version of Cascade does not read (it reads cascade/share@1).',
    ],
    ['another kind of JSON', '{"schema":"something/else"}', /not a Cascade snapshot: schema: Invalid type/],
  ])('refuses %s', (_name, text, message) => {
    const error = refusal(forge(text));
    if (typeof message === 'string') expect(error).toBe(message);
    else expect(error).toMatch(message);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(refusal(forge(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d])))).toMatch(
      /incomplete or damaged .*\(its content is not UTF-8 text\)$/,
    );
  });

  type Edit = (w: WirePayload & Record<string, unknown>) => void;
  const shapes: [string, Edit, string][] = [
    [
      'a missing field',
      (w) => {
        delete (w as Partial<WirePayload>).view;
      },
      'view: missing',
    ],
    [
      'a missing event column',
      (w) => {
        delete (w.incident.events as Partial<WirePayload['incident']['events']>).text;
      },
      'incident.events.text: missing',
    ],
    [
      'an unknown stage id',
      (w) => {
        (w.incident.stages[0] as { id: string }).id = 'meltdown';
      },
      'incident.stages[0].id: Invalid type',
    ],
    [
      'a wrong format',
      (w) => {
        (w.incident.sources[0] as { format: string }).format = 'evtx';
      },
      'incident.sources[0].format: Invalid type',
    ],
    [
      'a string too long',
      (w) => {
        w.incident.events.text[0] = 'x'.repeat(20_000);
      },
      'incident.events.text[0]: Invalid length',
    ],
    [
      'a number as text',
      (w) => {
        (w.incident.events.text as unknown[])[1] = 5;
      },
      'incident.events.text[1]: Invalid type',
    ],
    [
      'text as a number',
      (w) => {
        (w.incident.events.host as unknown[])[0] = '0';
      },
      'incident.events.host[0]: Invalid type',
    ],
    [
      'a fractional index',
      (w) => {
        w.incident.events.kind[0] = 0.5;
      },
      'incident.events.kind[0]: Invalid',
    ],
    [
      'a string index out of range',
      (w) => {
        w.incident.events.source[3] = 1000;
      },
      'incident.events.source[3] points at string 1000, but the table has',
    ],
    [
      'a stage index out of range',
      (w) => {
        w.incident.events.stage[0] = 9;
      },
      'incident.events.stage[0]: Invalid value',
    ],
    [
      'a time index out of range',
      (w) => {
        (w.incident.sources[0] as { first: unknown }).first = 99;
      },
      'incident.sources[0].first points at no timed event',
    ],
    [
      'an episode the view names but the incident lacks',
      (w) => {
        w.view.episode = 'episode-9';
      },
      'view.episode names no episode of the incident',
    ],
    [
      'a short column',
      (w) => {
        w.incident.events.line.pop();
      },
      'incident.events.line has 3 entries, incident.events.ts has 4',
    ],
    [
      'a negative event count',
      (w) => {
        w.omittedEvents = -1;
      },
      'omittedEvents: Invalid value',
    ],
    [
      'a boolean as a string',
      (w) => {
        (w as { redacted: unknown }).redacted = 'no';
      },
      'redacted: Invalid type',
    ],
  ];
  it.each(shapes)('refuses %s, naming the field', (_name, edit, where) => {
    const wire = wireOfSmall() as WirePayload & Record<string, unknown>;
    edit(wire);
    const error = refusal(forge(JSON.stringify(wire)));
    expect(error.startsWith(`The share link's content is not a Cascade snapshot: ${where}`), error).toBe(
      true,
    );
  });

  it('reads __proto__ and constructor keys without touching any prototype', () => {
    const wire = wireOfSmall();
    const hostile = JSON.stringify(wire)
      .replace('{', '{"__proto__":{"polluted":"top"},"constructor":{"prototype":{"polluted":"ctor"}},')
      .replace('"events":{', '"events":{"__proto__":{"polluted":"events"},')
      .replace('"stages":{', '"stages":{"__proto__":{"first":null,"last":null,"count":1},');
    const read = readShareFragment(forge(hostile));
    expect(read.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    if (!read.ok) return;
    expect(Object.getPrototypeOf(read.payload)).toBe(Object.prototype);
    expect(Object.keys(read.payload).sort()).toEqual([
      'created',
      'incident',
      'omittedEvents',
      'redacted',
      'schema',
      'totalEvents',
      'view',
    ]);
    expect(Object.keys(read.payload.incident.hosts[0]?.stages ?? {})).toEqual([
      'connection-reset',
      'reconnect-denied',
      'caps-stale',
    ]);
  });

  it('keeps names like __proto__ as plain strings', () => {
    const incident = incidentOf([
      ev(0, 'connection-reset', { host: '__proto__', kind: 'constructor', source: 'toString' }),
    ]);
    const link = build(incident);
    expect(link.ok).toBe(true);
    if (!link.ok) return;
    const read = readShareFragment(link.fragment);
    expect(read.ok && read.payload.incident.events[0]).toMatchObject({
      host: '__proto__',
      kind: 'constructor',
      source: 'toString',
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on random input', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const fragment = smallLink();
    for (let n = 0; n < 300; n++) {
      const len = Math.floor(random() * 200);
      const junk = Array.from({ length: len }, () => String.fromCharCode(Math.floor(random() * 128))).join(
        '',
      );
      const bytes = Uint8Array.from({ length: len }, () => Math.floor(random() * 256));
      for (const attempt of [`#share=1.${junk}`, fragmentOf(bytes), `${fragment.slice(0, 9 + len)}${junk}`]) {
        expect(() => readShareFragment(attempt)).not.toThrow();
        expect(readShareFragment(attempt).ok).toBe(false);
      }
    }
  });
});

describe('decompression bombs', () => {
  it('refuses 50 MB of zeros (about 50 KB deflated) by its length, without inflating', () => {
    const bomb = forge(new Uint8Array(50 * 1024 * 1024));
    expect(bomb.length).toBeGreaterThan(SHARE_FRAGMENT_MAX);
    const started = performance.now();
    expect(refusal(bomb)).toMatch(
      /more than the 65536 \(64 KiB\) a Cascade link may have; it was not read\.$/,
    );
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('stops a bomb within the character limit a slice after 4 MiB', () => {
    const deflated = deflateSync(new Uint8Array(30 * 1024 * 1024));
    const bomb = fragmentOf(deflated);
    expect(bomb.length).toBeLessThan(SHARE_FRAGMENT_MAX);
    expect(refusal(bomb)).toBe(
      'The share link unpacks to more than 4 MiB, far more than any link Cascade makes; it was refused unread.',
    );
    const stopped = inflateBounded(deflated);
    expect(stopped.ok).toBe(false);
    if (!stopped.ok) {
      expect(stopped.produced).toBeGreaterThan(SHARE_INFLATED_MAX);
      // One 1 KiB slice of deflate yields at most about 1 MiB: far from the 30 MiB it holds.
      expect(stopped.produced).toBeLessThan(SHARE_INFLATED_MAX + 1.1 * 1024 * 1024);
    }
  });

  it('inflates what is under the bound', () => {
    const ok = inflateBounded(deflateSync(new Uint8Array(1000).fill(65)), 1000);
    expect(ok.ok && ok.bytes.length).toBe(1000);
    expect(inflateBounded(deflateSync(new Uint8Array(1001)), 1000).ok).toBe(false);
  });
});

describe('format 1', () => {
  // A link made when format 1 was defined: it must open with every later version (the preset
  // dictionary and the wire form are frozen). Made from `tiny` below with buildShareLink.
  const FORMAT_1_LINK =
    '#share=1.rVrLbtwwDPyVQnc5eqxlb08F-gvppYJRFMUCPfTUJkCDwP-eISmasrObSwLkIG9siaJIamYkIwlK-e7-_cYyf4muQ8ouhTT6UHyI9zF9DgF_QwjhO14y_MXl_9UuGQ6bb1Su3uO4xlmVz5Oa09UOedxt6SoBuMeHX27dwY6N2NbFcoDbWvb4oUMV9NxoseMZMVfm6aDrRqLJCDwZEO0RahW00tCsCqboy5Ic3hTVC782GuQOut6bFJ8wvv-JjxVJu3cUjQH9GJCC9YrUnQxzx4fjeEk2j3kaV_hot4lXp_RJ7l_Ih5-8B_wHlsGJzIXO2QhjegQpQvji6WrJE7AJH9e4hfrcFqh58BjYsKEVYQSS7GBotAqNWNK1boY7NtPSJ_AYxxA3aILud9BRXxHMSgu4BY3qPkcXKWeVCwX4QUCpGrSpDOdAMxDt4WysF00D0HhDQQzmdm3iomKoGIUsaAcDGGdjXg9_H5GHyrCb1tW2KalzfDGAoq3Jv_j6AKfiOKVzimWahpRzDLNq4O7b_VdO1E5Q0FQxWlB5cXVxVKY1n6j-5vIQUUp8DCUNJ_j88mca_s_lRzlRATINoMapzFNGp02G7LP7-XXYcHrejJt1JfPU1Z0-oHG0re5m8U09h1JJKpWPFH48Y7gvj2M-j6c8o3aW5gz6j9qNdkJbFpKbRn9r2OpVe5BErMhEGoK1xepqySlhhWKZc54WvuJwQ5Eky5pECOOsAOpgKibVupBntPRW8rhx9EpVcMFKG4fXxDUfXA3cK3naCd_o5Jg12gcn8F6flP3gwysHj6RnHK6vyxYEnfCNBKOLSW5d1vUFlLoT2w';
  const denied = {
    ts: '2019-11-12T10:19:14.380256Z',
    host: 'node-a',
    stage: 'reconnect-denied',
    kind: 'ceph-mds-reconnect-denied',
    recovery: false,
    source: 'node-a/dmesg',
    line: 875,
    offset: 0,
    text: '[632277.168337] ceph: mds0 reconnect denied',
    stamp: '[632277.168337]',
    severity: 'critical',
    alsoIn: [],
    episode: 'episode-1',
  } satisfies IncidentEvent;
  const ts = denied.ts;
  const tiny: Incident = {
    schema: 'cascade/incident@1',
    generatedBy: 'cascade 0.1.0',
    sources: [
      {
        path: 'node-a/dmesg',
        format: 'dmesg',
        host: 'node-a',
        bytes: 900,
        lines: 9,
        parsed: 9,
        unparsed: 0,
        events: 1,
        first: ts,
        last: ts,
        clock: {
          kind: 'monotonic',
          aligned: true,
          method: 'kernel lines matched in the journal',
          offsetSeconds: 1572921677.233108,
          zone: 'UTC',
          zoneAssumed: false,
        },
        warnings: [],
      },
    ],
    hosts: [
      {
        name: 'node-a',
        kernel: '3.10.0-1062.4.1.el7.x86_64',
        clientIds: [176873],
        fsids: [],
        stages: { 'reconnect-denied': { first: ts, last: ts, count: 1 } },
      },
    ],
    stages: [
      {
        id: 'reconnect-denied',
        title: STAGE_BY_ID['reconnect-denied'].title,
        annotation: STAGE_BY_ID['reconnect-denied'].annotation,
        first: ts,
        last: ts,
        count: 1,
        hosts: ['node-a'],
        recoveries: 0,
      },
    ],
    findings: [
      {
        id: 'client-evicted',
        severity: 'critical',
        title: 'The MDS evicted the CephFS kernel client of node-a',
        detail: 'An evicted and blocklisted client cannot recover on its own.',
        evidence: [{ source: 'node-a/dmesg', line: 875, text: denied.text }],
        remediation: ['kubectl drain node-a --ignore-daemonsets --delete-emptydir-data'],
      },
    ],
    events: [denied],
    episodes: [
      {
        id: 'episode-1',
        first: ts,
        last: ts,
        hosts: ['node-a'],
        hostOrder: [{ host: 'node-a', first: ts }],
        spreadSeconds: null,
        stages: [{ id: 'reconnect-denied', first: ts, last: ts, count: 1, hosts: ['node-a'] }],
        summary: 'MDS evicted node-a',
        confidence: 'medium',
      },
    ],
  };
  const tinyView: ShareView = {
    laneMode: 'stage',
    zoom: null,
    episode: null,
    timeDisplay: { mode: 'utc' },
    logFilter: { hosts: [], stages: [], sources: [], severities: [], query: '', regex: false },
    focus: null,
  };

  it('reads a link made with format 1', () => {
    expect(readShareFragment(FORMAT_1_LINK)).toStrictEqual({
      ok: true,
      payload: {
        schema: 'cascade/share@1',
        created: '2025-06-01T12:00:00.000Z',
        redacted: false,
        incident: tiny,
        omittedEvents: 0,
        totalEvents: 1,
        view: tinyView,
      },
    });
  });

  it('still writes links that read back to the same payload', () => {
    const link = buildShareLink(tiny, tinyView, {
      baseUrl: 'https://example.org/cascade/',
      created: '2025-06-01T12:00:00.000Z',
      redacted: false,
    });
    const old = readShareFragment(FORMAT_1_LINK);
    expect(link.ok && old.ok && link.payload).toStrictEqual(old.ok && old.payload);
  });
});
