// The benchmark's generator (test/bench/generate.ts): the same seed gives the same bytes, the size
// asked for is the size written, every file is the format it claims, and the truth it hands the
// benchmark agrees with the rule catalog line by line.
import { createHash } from 'node:crypto';
import { mkdtempSync, openAsBlob, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../parsers/detect.ts';
import { classify, PREFILTER_KEYWORDS, type RuleOrigin } from '../../parsers/rules.ts';
import { analyzeFiles } from '../../workers/engine.ts';
import type { Kind } from '../bench/bench-format.ts';
import {
  CSI_NOISE,
  CSI_RELEVANT,
  KERNEL_NOISE,
  KERNEL_RELEVANT,
  KUBELET_NOISE,
  KUBELET_RELEVANT,
  MDS_NOISE,
  USER_NOISE,
} from '../bench/bench-lines.ts';
import { cascadeOf, mdsEvictions, NODES } from '../bench/bench-script.ts';
import { type Generated, MIB, writeBundle, writeKernelLog } from '../bench/generate.ts';
import { checkIncident } from '../bench/truth.ts';
import { Rng } from '../support/rng.ts';

const dir = mkdtempSync(join(tmpdir(), 'bench-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digest = (g: Generated, root: string) =>
  g.files.map(
    (f) =>
      `${f.path} ${createHash('sha256')
        .update(readFileSync(join(root, f.path)))
        .digest('hex')}`,
  );

const bundle = writeBundle(join(dir, 'a'), 16 * MIB);
const kernel = writeKernelLog(join(dir, 'k', 'dmesg.log'), 16 * MIB);

describe('determinism', () => {
  it('writes the same bytes for the same seed and size, other bytes for another seed', () => {
    const again = writeBundle(join(dir, 'b'), 16 * MIB);
    expect(digest(again, join(dir, 'b'))).toEqual(digest(bundle, join(dir, 'a')));
    const other = writeBundle(join(dir, 'c'), 16 * MIB, 7);
    const changed = digest(other, join(dir, 'c')).filter((d, i) => d !== digest(bundle, join(dir, 'a'))[i]);
    expect(changed.length).toBe(bundle.files.length);
  });

  it('embeds the same cascade whatever the size', () => {
    const small = writeBundle(join(dir, 'small'), 4 * MIB);
    expect(small.truth).toEqual(bundle.truth);
  });
});

describe('size and files', () => {
  it.each([
    ['bundle', () => bundle, 16 * MIB],
    ['kernel log', () => kernel, 16 * MIB],
  ] as const)('%s: the size asked for, within one line', (_, g, target) => {
    expect(Math.abs(g().bytes - target)).toBeLessThan(4096);
  });

  it('says the true size and line count of every file', () => {
    for (const f of bundle.files) {
      const text = readFileSync(join(dir, 'a', f.path), 'latin1');
      expect(statSync(join(dir, 'a', f.path)).size, f.path).toBe(f.bytes);
      expect(text.split('\n').length - 1, f.path).toBe(f.lines);
    }
  });

  it('has one folder per host and every dialect of the issue', () => {
    expect(bundle.files.map((f) => `${f.path} ${f.format}`)).toEqual([
      'bench-node-1/dmesg.log dmesg',
      'bench-node-1/journal.log journal-short',
      'bench-node-1/kubelet.log klog',
      'bench-node-2/dmesg-T.log dmesg-ctime',
      'bench-node-2/journal-iso.log journal-short-iso',
      'bench-node-2/csi-cephfsplugin-0.log cri',
      'bench-node-3/journal.json journal-json',
      'bench-node-3/messages syslog-rfc3164',
      'bench-node-3/kubelet.log klog',
      'ceph-mds-a/ceph-mds.a.log ceph-mds-log',
    ]);
  });

  it('writes each file in the format its manifest names (the detector agrees)', () => {
    for (const f of [
      ...bundle.files.map((f) => ({ ...f, root: join(dir, 'a') })),
      { ...kernel.files[0], root: join(dir, 'k') },
    ]) {
      if (!f.path) continue;
      const head = readFileSync(join(f.root, f.path))
        .subarray(0, 64 * 1024)
        .toString('utf8');
      expect(detectFormat(head, f.path).format, f.path).toBe(f.format);
    }
  });

  it('keeps about 1% of the kernel log for healthy ceph lines', () => {
    const share = kernel.relevantLines / kernel.lines;
    expect(share).toBeGreaterThan(0.008);
    expect(share).toBeLessThan(0.012);
  });
});

describe('truth', () => {
  it('counts each cascade line once, on the host that fell', () => {
    const counts = Object.fromEntries(
      Object.entries(bundle.truth.stages).map(([id, s]) => [id, [s.count, s.recoveries, s.hosts.length]]),
    );
    expect(counts).toEqual({
      'connection-reset': [12, 0, 3],
      'mon-session-lost': [6, 3, 3],
      'reconnect-denied': [21, 0, 3],
      'mds-hung': [3, 0, 3],
      'caps-stale': [11, 0, 3],
      'quota-realm-loop': [7939, 0, 3],
      'kubelet-mount-failure': [576, 0, 3],
    });
    expect(bundle.truth.hostOrder).toEqual(['bench-node-1', 'bench-node-2', 'bench-node-3']);
    expect(bundle.truth.stages['connection-reset'].first).toBe('2019-11-12T10:14:03.412318Z');
    expect(bundle.truth.stages['reconnect-denied'].first).toBe('2019-11-12T10:19:12.351148Z');
  });

  it('gives the lone kernel log its first worker’s kernel lines, told by their own stamps', () => {
    expect(kernel.truth.stages['kubelet-mount-failure'].count).toBe(0);
    expect(kernel.truth.stages['reconnect-denied'].count).toBe(4);
    expect(kernel.truth.stages['connection-reset'].firstStamp).toBe('[716492.004091]');
    expect(kernel.truth.stages['quota-realm-loop'].count).toBe(
      bundle.truth.hosts['bench-node-1']?.['quota-realm-loop']?.count,
    );
  });

  const ORIGIN: Record<Kind, RuleOrigin> = {
    kernel: 'kernel',
    kubelet: 'kubelet',
    csi: 'kubelet',
    mds: 'mds',
    user: 'runtime',
  };
  /** The message as the rules see it: an MDS line without its dout level and clog tag. */
  const bare = (kind: Kind, msg: string) =>
    kind === 'mds'
      ? msg.slice(msg.indexOf(' ') + 1).replace(/^log_channel\(cluster\) log \[[A-Z]{3}\] : /, '')
      : msg;

  it.each(NODES.map((n) => [n.name, n] as const))(
    '%s: every cascade line is the stage the catalog says',
    (_, node) => {
      const lines = node.name === 'ceph-mds-a' ? mdsEvictions() : cascadeOf(node);
      expect(lines.length).toBeGreaterThan(node.name === 'ceph-mds-a' ? 8 : 1000);
      for (const line of lines) {
        const hit = classify(bare(line.kind, line.msg), ORIGIN[line.kind]);
        expect(hit ? `${hit.rule.stage}${hit.rule.recovery ? ' (recovery)' : ''}` : null, line.msg).toBe(
          line.tag ? `${line.tag.stage}${line.tag.recovery ? ' (recovery)' : ''}` : null,
        );
      }
    },
  );

  const sample = <T>(makes: readonly ((r: Rng) => T)[]) => {
    const r = new Rng(3);
    return makes.flatMap((make) => Array.from({ length: 50 }, () => make(r)));
  };
  it.each([
    ['kernel', sample(KERNEL_NOISE)],
    ['syslog', sample(USER_NOISE).map((u) => u.msg)],
    ['kubelet', sample(KUBELET_NOISE).map((k) => k.msg)],
    ['ceph-csi', sample(CSI_NOISE).map((k) => k.msg)],
    ['MDS', sample(MDS_NOISE)],
  ])('%s noise holds no catalog keyword, so it costs only the prefilter', (_, lines) => {
    for (const line of lines)
      expect(
        PREFILTER_KEYWORDS.filter((k) => line.includes(k)),
        line,
      ).toEqual([]);
  });

  it.each([
    ['kernel', 'kernel', sample(KERNEL_RELEVANT)],
    ['kubelet', 'kubelet', sample(KUBELET_RELEVANT).map((k) => k.msg)],
    ['ceph-csi', 'kubelet', sample(CSI_RELEVANT).map((k) => k.msg)],
  ] as const)('healthy %s lines are no stage event', (_, origin, lines) => {
    for (const line of lines) expect(classify(line, origin), line).toBeNull();
  });
});

describe('the truth check', () => {
  it('accepts the engine’s answer on the bundle and names what a wrong answer gets wrong', async () => {
    const inputs = await Promise.all(
      bundle.files.map(async (f) => ({
        path: `a/${f.path}`,
        blob: await openAsBlob(join(dir, 'a', f.path)),
      })),
    );
    const incident = await analyzeFiles(inputs);
    expect(checkIncident(incident, bundle, { placed: true }).problems).toEqual([]);

    const wrong = structuredClone(incident);
    const reset = wrong.stages.find((s) => s.id === 'connection-reset');
    if (reset) reset.count--;
    (wrong.sources[0] as (typeof wrong.sources)[number]).format = 'journal-short';
    const check = checkIncident(wrong, bundle, { placed: true });
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([
      'bench-node-1/dmesg.log: read as journal-short, written as dmesg',
      'connection-reset: 11 events, 12 written',
    ]);
  }, 60_000);
});
