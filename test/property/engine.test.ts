// Issue 9: whole inputs through the engine. Every line read is accounted for, and the identity the
// scan keeps (workers/scan.ts scanLine, and the skim path of workers/skim.ts) is
//   lines = parsed + unparsed,
// with blank lines, markers, continuations and parts of multi-line records among `parsed` (there is
// no separate blank counter), and `lines` = the physical lines of the bytes (one per `\n`, plus a
// last one without it), except for a file the detector calls binary data: the engine does not read
// it (`Not read as a log: …`, 0 lines). No analysis rejects; the same bytes give the same incident, however the
// stream happens to be chunked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from '../../parsers/lines.ts';
import { HEAD_BYTES } from '../../workers/bundle/expand.ts';
import { LayoutTracker } from '../../workers/bundle/layout.ts';
import { sniff } from '../../workers/bundle/magic.ts';
import { analyzeFiles, scanPlainFile } from '../../workers/engine.ts';
import type { Incident, IncidentSource } from '../../workers/incident.ts';
import { sampleTree } from '../support/bundles.ts';
import { anyBytes, chunked, fixtures, inputFile, lineCount, params } from '../support/property.ts';

const ALL = fixtures();

type Counts = Pick<IncidentSource, 'lines' | 'parsed' | 'unparsed' | 'error'>;

/** Lines the engine reads of a plain file: all of them, or none of a binary one. */
const linesRead = (source: Counts, bytes: Uint8Array) =>
  source.error?.startsWith('Not read as a log: binary data') ? 0 : lineCount(bytes);

function expectAccounted(source: Counts, bytes: Uint8Array, what = '') {
  expect.soft(source.parsed + source.unparsed, what).toBe(source.lines);
  // A file the magic bytes call a container is opened as one, not read as lines.
  if (sniff(bytes.subarray(0, HEAD_BYTES)).kind === 'content')
    expect.soft(source.lines, what).toBe(linesRead(source, bytes));
}

const json = (incident: Incident) => JSON.stringify(incident);

const NAMES = ['dmesg', 'journal.log', 'kubelet.log', 'messages', 'date', 'hostname', 'x.bin', 'ceph.conf'];

describe('random bytes through analyzeFiles', () => {
  it('never rejects, accounts for every line, and gives one incident for any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyBytes(4096),
        fc.constantFrom(...NAMES),
        fc.array(fc.nat(4096), { maxLength: 12 }),
        async (bytes, name, cuts) => {
          const once = await analyzeFiles([inputFile(name, bytes)]);
          expect(once.sources).toHaveLength(1);
          expectAccounted(once.sources[0] as IncidentSource, bytes);
          expect(json(await analyzeFiles([inputFile(name, ...chunked(bytes, cuts))]))).toBe(json(once));
        },
      ),
      params(9300, 150),
    );
  }, 120_000);
});

describe('every fixture cut short', () => {
  // Every position of each fixture's first 128 bytes (its first line or two, where the detector's
  // choice and the multi-line formats' state are most fragile) and every 64th position after
  // that, to the end. Every position of every fixture (160 KB in all, at about half a millisecond
  // a scan on an idle core, most of it detection over the head) would take minutes, and even the
  // first 256 bytes took half a minute on a busy machine; cuts further in differ only in which
  // line is the last, which the 64-byte stride still puts inside nearly every line. The scan is
  // the engine's own (scanPlainFile: detection, the splitter with skimming, the parser, the
  // scan); every 16th cut also goes through analyzeFiles (correlation too) in three chunkings.
  const positions = (size: number): number[] => {
    const out: number[] = [];
    for (let at = 0; at <= Math.min(size, 128); at++) out.push(at);
    for (let at = 192; at < size; at += 64) out.push(at);
    return out;
  };

  it('each scan counts every line of the cut file, parsed or unparsed', async () => {
    for (const fx of ALL) {
      for (const at of positions(fx.bytes.length)) {
        const bytes = fx.bytes.subarray(0, at);
        const plan = new LayoutTracker().classify(fx.name);
        const scan = await scanPlainFile(
          { path: fx.name, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]), plan },
          () => {},
        );
        expectAccounted(scan, bytes, `${fx.name} cut at ${at}`);
      }
    }
  }, 120_000);

  it('analyzeFiles on a sample of the cuts: no rejection, lines accounted, same incident twice', async () => {
    for (const fx of ALL) {
      const cuts = positions(fx.bytes.length).filter((_, i) => i % 16 === 0);
      for (const at of [...cuts, fx.bytes.length]) {
        const bytes = fx.bytes.subarray(0, at);
        const incident = await analyzeFiles([inputFile(fx.name, bytes)]);
        expectAccounted(incident.sources[0] as IncidentSource, bytes, `${fx.name} cut at ${at}`);
        // Split into lines of the file as it is, so a chunk boundary falls inside a line.
        const parts = chunked(bytes, [at >> 1, at >> 2, (3 * at) >> 2]);
        expect(json(await analyzeFiles([inputFile(fx.name, ...parts)])), `${fx.name} cut at ${at}`).toBe(
          json(incident),
        );
      }
    }
  }, 120_000);

  it("the sample's big files, cut at 12 places each, together in one drop", async () => {
    const tree = [...sampleTree()];
    for (let k = 1; k <= 12; k++) {
      const drop = tree.map(([path, bytes]) => {
        const at = Math.floor((bytes.length * k) / 13) + k;
        return { path, bytes: bytes.subarray(0, at) };
      });
      const incident = await analyzeFiles(drop.map((d) => inputFile(d.path, d.bytes)));
      expect(incident.sources).toHaveLength(drop.length);
      for (const d of drop) {
        const source = incident.sources.find((s) => s.path === d.path);
        expect(source, d.path).toBeDefined();
        expectAccounted(source as IncidentSource, d.bytes);
      }
    }
  }, 120_000);
});

describe('LineSplitter in any chunking', () => {
  const split = (parts: readonly Uint8Array[], sharedText: boolean): SplitLine[] => {
    const out: SplitLine[] = [];
    const s = new LineSplitter(
      (text, line, offset, truncated) => out.push({ text, line, offset, truncated }),
      {
        sharedText,
      },
    );
    for (const p of parts) s.push(p);
    s.end();
    return out;
  };

  it('gives the same lines, numbers and byte offsets however the bytes arrive', () => {
    const bytes = fc.oneof(
      anyBytes(2048),
      fc.constantFrom(...ALL).chain((fx) => fc.nat(fx.bytes.length).map((at) => fx.bytes.subarray(0, at))),
    );
    fc.assert(
      fc.property(bytes, fc.array(fc.nat(2048), { maxLength: 20 }), fc.boolean(), (b, cuts, shared) => {
        const whole = split([b], shared);
        expect(whole).toHaveLength(lineCount(b));
        expect(split(chunked(b, cuts), shared)).toEqual(whole);
        // Offsets point at the line starts: byte 0, and each byte after a newline.
        whole.forEach((l, i) => {
          expect(l.line).toBe(i + 1);
          expect(l.offset === 0 || b[l.offset - 1] === 0x0a).toBe(true);
        });
      }),
      params(9301, 500),
    );
  });
});
