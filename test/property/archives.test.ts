// Issue 9: the archive readers (workers/bundle: tar.ts, expand.ts with gzip, xz and zip.js) on
// random bytes and on real archives cut short or with bytes changed. analyzeFiles never rejects;
// every error of a source or an archive is a sentence; the good files of the same drop are read as
// if they were dropped alone; the same bytes give the same incident.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFiles } from '../../workers/engine.ts';
import type { Incident } from '../../workers/incident.ts';
import { gzipOf, sampleTree, type Tree, tarOf, xzOf, zipOf } from '../support/bundles.ts';
import {
  anyBytes,
  byteMutations,
  fixtures,
  inputFile,
  lineCount,
  params,
  withBytes,
} from '../support/property.ts';

/**
 * The sample bundle's ten files cut to their first lines (about 3 KB each, at a line end): the
 * same layout, names and formats as the real sample, small enough that an archive of it is
 * analysed in milliseconds and a property can try many damaged copies.
 */
function smallTree(): Tree {
  return new Map([...sampleTree()].map(([p, b]) => [p, b.slice(0, b.lastIndexOf(10, 3000) + 1)]));
}

/** A plain log dropped beside the broken archive: it must come out as if dropped alone. */
const GOOD = (() => {
  const fx = fixtures().find((f) => f.format === 'dmesg');
  if (!fx) throw new Error('no dmesg fixture');
  return { path: `good/${fx.name}`, bytes: fx.bytes };
})();

/** An error worth showing a person: words, a capital first, nothing leaked from code. */
function expectSentence(error: string | undefined, where: string) {
  if (error === undefined) return;
  expect(error.trim().length, where).toBeGreaterThan(10);
  expect(error, where).toMatch(/^[A-Z]/);
  expect(error, where).not.toMatch(/undefined|\[object |NaN|^Error:/);
}

function expectSentences(incident: Incident) {
  for (const s of incident.sources) expectSentence(s.error, `source ${s.path}`);
  for (const b of incident.bundles ?? []) expectSentence(b.error, `bundle ${b.path}`);
}

/** What a file dropped alone gives, to compare the same file in a drop with a broken archive. */
const counts = (incident: Incident, path: string) => {
  const s = incident.sources.find((x) => x.path === path);
  return (
    s && {
      format: s.format,
      lines: s.lines,
      parsed: s.parsed,
      unparsed: s.unparsed,
      events: s.events,
      error: s.error,
    }
  );
};

let goodAlone: ReturnType<typeof counts>;
beforeAll(async () => {
  goodAlone = counts(await analyzeFiles([inputFile(GOOD.path, GOOD.bytes)]), GOOD.path);
  expect(goodAlone).toMatchObject({ format: 'dmesg', lines: lineCount(GOOD.bytes), unparsed: 0 });
  expect(goodAlone?.error).toBeUndefined();
});

/** Analyses a drop of `name` (the broken bytes) and the good log, checks all that must hold, twice. */
async function checkDrop(name: string, bytes: Uint8Array): Promise<Incident> {
  const drop = () => [inputFile(name, bytes), inputFile(GOOD.path, GOOD.bytes)];
  const incident = await analyzeFiles(drop());
  expectSentences(incident);
  for (const s of incident.sources) expect(s.parsed + s.unparsed, s.path).toBe(s.lines);
  expect(counts(incident, GOOD.path)).toEqual(goodAlone);
  expect(JSON.stringify(await analyzeFiles(drop()))).toBe(JSON.stringify(incident));
  return incident;
}

// Magic bytes, not names, say what a file is: random bytes behind each container's magic reach
// that container's reader, whatever the file is called.
const MAGIC: Record<string, number[]> = {
  none: [],
  gzip: [0x1f, 0x8b, 0x08],
  xz: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
  zip: [0x50, 0x4b, 0x03, 0x04],
  'zip-end': [0x50, 0x4b, 0x05, 0x06],
};

describe('random bytes as archives', () => {
  it('never reject, say what is wrong in a sentence, and leave the rest of the drop alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('x.tar', 'x.tar.gz', 'x.tgz', 'x.zip', 'x.xz', 'x.gz', 'x.tar.xz'),
        fc.constantFrom(...Object.values(MAGIC)),
        anyBytes(3000),
        async (name, magic, bytes) => {
          await checkDrop(name, Uint8Array.from([...magic, ...bytes]));
        },
      ),
      params(9400, 120),
    );
  }, 120_000);

  it('a tar header with a good checksum and random fields is read or refused, never thrown', async () => {
    // Random header fields (name, size, type, PAX records) behind a checksum that matches, so the
    // reader gets past the checksum and meets the nonsense itself.
    const header = fc.record({
      name: fc.string({ maxLength: 100 }),
      size: fc.oneof(
        fc.constantFrom('', '0', '7', '777', '77777777777', '-1', 'zz', ' 12 '),
        fc.nat(5000).map((n) => n.toString(8)),
      ),
      flag: fc.constantFrom('0', '\0', '5', '1', '2', 'x', 'g', 'L', '3', 'Z'),
      body: anyBytes(1500),
    });
    await fc.assert(
      fc.asyncProperty(header, async ({ name, size, flag, body }) => {
        const block = new Uint8Array(512);
        const enc = new TextEncoder();
        block.set(enc.encode(name).subarray(0, 100), 0);
        block.set(enc.encode(size.padEnd(11, ' ').slice(0, 11)), 124);
        block[156] = flag.charCodeAt(0);
        block.set(enc.encode('ustar\x0000'), 257);
        let sum = 0;
        for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : (block[i] as number);
        block.set(enc.encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
        await checkDrop('forged.tar', Uint8Array.from([...block, ...body]));
      }),
      params(9401, 150),
    );
  }, 120_000);
});

describe('real archives of the sample, cut short or with bytes changed', () => {
  const tree = smallTree();
  const archives: [string, () => Promise<Uint8Array>][] = [
    ['sample.tar', () => tarOf(tree)],
    ['sample.tar.gz', async () => gzipOf(await tarOf(tree))],
    ['sample.tar.xz', async () => xzOf(await tarOf(tree))],
    ['sample.zip', async () => zipOf(tree)],
    ['sample.zip.gz', async () => gzipOf(zipOf(tree))],
  ];

  archives.forEach(([name, build], n) => {
    it(`${name}: cut anywhere or changed anywhere, the drop is still analysed`, async () => {
      const whole = await build();
      const intact = await checkDrop(name, whole);
      // The undamaged archive reads every file of the tree, without an error.
      expect(intact.sources.filter((s) => s.path !== GOOD.path)).toHaveLength(tree.size);
      expect(intact.bundles?.every((b) => b.error === undefined)).toBe(true);
      const damage = fc.oneof(
        fc.nat(whole.length - 1).map((at) => ({ cut: true, bytes: whole.slice(0, at) })),
        byteMutations(3).map((edits) => ({ cut: false, bytes: withBytes(whole, edits) })),
        fc.tuple(fc.nat(whole.length - 1), byteMutations(2)).map(([at, edits]) => ({
          cut: false,
          bytes: withBytes(whole.slice(0, Math.max(1, at)), edits),
        })),
      );
      await fc.assert(
        fc.asyncProperty(damage, async ({ cut, bytes }) => {
          const incident = await checkDrop(name, bytes);
          // A cut archive names only files of the tree. (A changed byte may change a name: zip
          // has no checksum over its names, and gzip's CRC-32 is not checked, see issue 9's report.)
          if (!cut) return;
          for (const s of incident.sources) {
            if (s.path === GOOD.path || s.path === name) continue;
            expect(tree.has(s.path.slice(name.length + 1)), s.path).toBe(true);
          }
        }),
        params(9410 + n, 40),
      );
    }, 120_000);
  });
});
