// Issue 5: the sample incident as a folder and as every kind of archive gives the same incident;
// sosreport and must-gather layouts find their files by path and their hosts by metadata; broken
// archives each give their own error and leave the rest of the drop analysed.
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputFile } from '../../workers/api.ts';
import { analyzeFiles } from '../../workers/engine.ts';
import type { Incident } from '../../workers/incident.ts';
import {
  corrupted,
  encryptedZipOf,
  gzipBomb,
  gzipOf,
  mustGatherTree,
  SAMPLE_HOSTS,
  sampleTree,
  sos3Name,
  sos3Tree,
  sosName,
  sosTree,
  type Tree,
  tarOf,
  truncated,
  xzOf,
  zipOf,
} from '../support/bundles.ts';

const file = (path: string, bytes: Uint8Array): InputFile => ({
  path,
  blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
});
const folder = (tree: Tree): InputFile[] => [...tree].map(([p, b]) => file(p, b));

/** The incident with an archive's name taken off every path, and the archive fields dropped. */
function unwrapped(incident: Incident, archive: string): unknown {
  const { bundles: _bundles, ...rest } = incident;
  const json = JSON.stringify(rest, (key, value) =>
    key === 'container' || key === 'compression' ? undefined : value,
  );
  return JSON.parse(json.split(`${archive}/`).join(''));
}

const stageFirsts = (incident: Incident) => incident.stages.map((s) => [s.id, s.first, s.count]);

describe('the sample bundle in every container gives the identical incident', () => {
  const tree = sampleTree();
  let tar: Uint8Array;
  let plain: Incident;
  beforeAll(async () => {
    tar = await tarOf(tree);
    plain = await analyzeFiles(folder(tree));
  });

  it('the folder itself finds the whole cascade on three hosts', () => {
    expect(plain.hosts.map((h) => h.name)).toEqual([...SAMPLE_HOSTS]);
    expect(plain.sources).toHaveLength(10);
    expect(plain.stages.every((s) => s.count > 0)).toBe(true);
    expect(plain.bundles).toBeUndefined();
  });

  const cases: [string, () => Uint8Array | Promise<Uint8Array>, string, string][] = [
    ['sample.tar', () => tar, 'sample.tar', 'tar'],
    ['sample.tar.gz', () => gzipOf(tar), 'sample.tar.gz', 'tar.gz'],
    ['sample.tgz', () => gzipOf(tar), 'sample.tgz', 'tar.gz'],
    ['sample.tar.xz', () => xzOf(tar), 'sample.tar.xz', 'tar.xz'],
    ['sample.zip', () => zipOf(tree), 'sample.zip', 'zip'],
  ];
  for (const [name, build, archive, kind] of cases) {
    it(`${name} (${kind})`, async () => {
      const incident = await analyzeFiles([file(name, await build())]);
      expect(unwrapped(incident, archive)).toEqual(unwrapped(plain, '(none)'));
      expect(incident.bundles).toEqual([
        expect.objectContaining({
          path: archive,
          kind,
          layout: 'plain',
          entries: 10,
          analysed: 10,
          skipped: 0,
        }),
      ]);
      expect(incident.bundles?.[0]?.error).toBeUndefined();
      expect(incident.sources.every((s) => s.container === archive)).toBe(true);
    });
  }

  it('a zip holding a tar.gz (archives nest)', async () => {
    const zip = zipOf(new Map([['attachments/sample.tar.gz', gzipOf(tar)]]));
    const incident = await analyzeFiles([file('case-0042.zip', zip)]);
    const inner = 'case-0042.zip/attachments/sample.tar.gz';
    expect(unwrapped(incident, inner)).toEqual(unwrapped(plain, '(none)'));
    expect(incident.bundles?.map((b) => [b.path, b.kind, b.entries, b.analysed])).toEqual([
      ['case-0042.zip', 'zip', 1, 1],
      [inner, 'tar.gz', 10, 10],
    ]);
    expect(incident.sources[0]?.container).toBe(inner);
  });

  it('a folder with files of a node compressed one by one (rotated logs) reads them through', async () => {
    const mixed = new Map(tree);
    const journal = mixed.get('sample/k8s-worker-2/journal.log') as Uint8Array;
    const dmesg = mixed.get('sample/k8s-worker-2/dmesg.log') as Uint8Array;
    mixed.delete('sample/k8s-worker-2/journal.log');
    mixed.delete('sample/k8s-worker-2/dmesg.log');
    // Named without .gz on purpose: the magic bytes decide, never the name.
    mixed.set('sample/k8s-worker-2/journal.log', gzipOf(journal));
    mixed.set('sample/k8s-worker-2/dmesg.log.xz', xzOf(dmesg));
    const incident = await analyzeFiles(folder(mixed));
    expect(stageFirsts(incident)).toEqual(stageFirsts(plain));
    const byPath = new Map(incident.sources.map((s) => [s.path, s]));
    expect(byPath.get('sample/k8s-worker-2/journal.log')).toMatchObject({
      compression: 'gzip',
      format: 'journal-short',
    });
    expect(byPath.get('sample/k8s-worker-2/dmesg.log.xz')).toMatchObject({
      compression: 'xz',
      format: 'dmesg',
      host: 'k8s-worker-2',
    });
    expect(incident.bundles).toBeUndefined();
  });

  it('a multi-member gzip (`cat a.gz b.gz`) is read whole', async () => {
    const log = tree.get('sample/k8s-worker-3/journal.log') as Uint8Array;
    const cut = log.lastIndexOf(10, Math.floor(log.byteLength / 2)) + 1;
    const twoMembers = new Uint8Array([...gzipOf(log.subarray(0, cut)), ...gzipOf(log.subarray(cut))]);
    const incident = await analyzeFiles([file('journal.log.gz', twoMembers)]);
    const alone = await analyzeFiles([file('journal.log', log)]);
    expect(incident.sources[0]?.lines).toBe(alone.sources[0]?.lines);
    expect(incident.sources[0]?.error).toBeUndefined();
    expect(stageFirsts(incident)).toEqual(stageFirsts(alone));
  });
});

describe('sosreport layout', () => {
  let incident: Incident;
  beforeAll(async () => {
    const drop = await Promise.all(
      SAMPLE_HOSTS.map(async (h) => file(`${sosName(h)}.tar.xz`, xzOf(await tarOf(sosTree(h))))),
    );
    incident = await analyzeFiles([
      ...drop,
      ...folder(new Map([...sampleTree()].filter(([p]) => p.endsWith('.txt')))),
    ]);
  });

  it('reads only the files that matter, each with its host, and passes over the rest unread', () => {
    expect(incident.hosts.map((h) => h.name)).toEqual([...SAMPLE_HOSTS]);
    for (const h of SAMPLE_HOSTS) {
      const bundle = incident.bundles?.find((b) => b.path === `${sosName(h)}.tar.xz`);
      expect(bundle).toMatchObject({
        kind: 'tar.xz',
        layout: 'sosreport',
        entries: 12,
        analysed: 5,
        skipped: 7,
      });
      expect(bundle?.skippedExamples).toEqual(
        expect.arrayContaining(
          ['sos_commands/kernel/lsmod', 'proc/cpuinfo', 'etc/ssh/sshd_config'].map(
            (p) => `${sosName(h)}/${p}`,
          ),
        ),
      );
      const mine = incident.sources.filter((s) => s.container === bundle?.path);
      expect(mine.map((s) => s.format).sort()).toEqual([
        'dmesg',
        'host-hostname',
        'host-uname',
        'journal-short',
        'klog',
      ]);
      expect(mine.every((s) => s.host === h)).toBe(true);
    }
  });

  it('the dmesg, which names no host, takes the sosreport hostname file’s', () => {
    const dmesg = incident.sources.find((s) =>
      s.path.endsWith(`${sosName('k8s-worker-2')}/sos_commands/kernel/dmesg`),
    );
    expect(dmesg?.hostEvidence).toMatch(/^the sosreport hostname file \(.*sos_commands\/host\/hostname\)$/);
    expect(dmesg?.clock.aligned).toBe(true);
  });

  it('gives the cascade of the plain sample', async () => {
    const plain = await analyzeFiles(folder(sampleTree()));
    expect(stageFirsts(incident)).toEqual(stageFirsts(plain));
  });

  it('a sosreport dropped as an extracted folder is read by path the same way', async () => {
    const tree = sosTree('k8s-worker-1');
    const fromFolder = await analyzeFiles(folder(tree));
    expect(fromFolder.bundles).toEqual([
      expect.objectContaining({
        path: sosName('k8s-worker-1'),
        kind: 'folder',
        layout: 'sosreport',
        analysed: 5,
        skipped: 7,
      }),
    ]);
    expect(fromFolder.sources).toHaveLength(5);
    expect(fromFolder.sources.every((s) => s.host === 'k8s-worker-1')).toBe(true);
  });

  it('without a hostname file or host field, the sosreport name gives the host', async () => {
    const tree = new Map([...sosTree('k8s-worker-3')].filter(([p]) => /kernel\/dmesg$/.test(p)));
    const alone = await analyzeFiles([...folder(tree), ...folder(new Map([...sosTree('k8s-worker-1')]))]);
    const dmesg = alone.sources.find((s) => s.path.startsWith(sosName('k8s-worker-3')));
    expect(dmesg).toMatchObject({
      host: 'k8s-worker-3',
      hostEvidence: `sosreport name ${sosName('k8s-worker-3')}`,
    });
  });
});

describe('sosreport 3.x layout (legacy name, 3.x command names)', () => {
  let incident: Incident;
  let plain: Incident;
  beforeAll(async () => {
    const drop = await Promise.all(
      SAMPLE_HOSTS.map(async (h) => file(`${sos3Name(h)}.tar.xz`, xzOf(await tarOf(sos3Tree(h))))),
    );
    incident = await analyzeFiles(drop);
    plain = await analyzeFiles(folder(new Map([...sampleTree()].filter(([p]) => !p.endsWith('.txt')))));
  });

  it('finds the 3.x journal and general-plugin hostname by path, and passes over the rest', () => {
    for (const h of SAMPLE_HOSTS) {
      const bundle = incident.bundles?.find((b) => b.path === `${sos3Name(h)}.tar.xz`);
      expect(bundle).toMatchObject({
        kind: 'tar.xz',
        layout: 'sosreport',
        entries: 9,
        analysed: 5,
        skipped: 4,
      });
      const mine = incident.sources.filter((s) => s.container === bundle?.path);
      expect(mine.map((s) => [s.path.split('/').slice(2).join('/'), s.format, s.host])).toEqual([
        ['sos_commands/kernel/dmesg', 'dmesg', h],
        ['sos_commands/logs/journalctl_--all_--this-boot_--no-pager', 'journal-short', h],
        // `-- No entries --` alone fits every journal mode: which one is taken does not matter.
        [
          'sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet',
          expect.stringMatching(/^journal-/),
          h,
        ],
        ['var/log/kubelet.log', 'klog', h],
        ['sos_commands/general/hostname', 'host-hostname', h],
      ]);
    }
  });

  it('gives the cascade of the plain sample', () => {
    expect(stageFirsts(incident)).toEqual(stageFirsts(plain));
  });

  it('a lone dmesg of a legacy-named sosreport takes its host from the name', async () => {
    const lone = new Map([...sos3Tree('k8s-worker-2')].filter(([p]) => p.endsWith('kernel/dmesg')));
    const other = folder(sos3Tree('k8s-worker-1'));
    const result = await analyzeFiles([...folder(lone), ...other]);
    expect(result.sources.find((s) => s.path.startsWith(sos3Name('k8s-worker-2')))).toMatchObject({
      host: 'k8s-worker-2',
      hostEvidence: `sosreport name ${sos3Name('k8s-worker-2')}`,
    });
  });
});

describe('must-gather layout', () => {
  let incident: Incident;
  beforeAll(async () => {
    incident = await analyzeFiles([file('must-gather.tar.gz', gzipOf(await tarOf(mustGatherTree())))]);
  });
  const byEnd = (end: string) => incident.sources.find((s) => s.path.endsWith(end));

  it('reads the node journals, node folders and ODF ceph commands, and passes over the rest', () => {
    expect(incident.bundles).toEqual([
      expect.objectContaining({
        kind: 'tar.gz',
        layout: 'must-gather',
        entries: 10,
        analysed: 5,
        skipped: 5,
      }),
    ]);
    expect(incident.sources.map((s) => s.format).sort()).toEqual([
      'ceph-config-dump',
      'dmesg',
      'dmesg',
      'dmesg',
      'journal-short',
    ]);
  });

  it('the merged kubelet journal gives each line to the host its host field names, read in UTC', () => {
    const merged = byEnd('host_service_logs/workers/kubelet_service.log');
    expect(merged?.host).toBeNull();
    expect(merged?.hostEvidence).toMatch(/^several hosts: .*k8s-worker-1 \d+, .*k8s-worker-2 \d+/);
    expect(merged?.clock.zone).toBe('UTC');
    expect(merged?.clock.method).toMatch(/must-gather host_service_logs/);
    const kubeletHosts = new Set(incident.events.filter((e) => e.source === merged?.path).map((e) => e.host));
    expect([...kubeletHosts].sort()).toEqual([...SAMPLE_HOSTS]);
    expect(incident.hosts.map((h) => h.name)).toEqual([...SAMPLE_HOSTS]);
  });

  it('node folders name the host of the files in them', () => {
    const dmesg = byEnd('nodes/k8s-worker-2/dmesg');
    expect(dmesg).toMatchObject({
      host: 'k8s-worker-2',
      hostEvidence: 'must-gather node folder nodes/k8s-worker-2/',
    });
  });

  it('the kubelet failures land at the plain sample’s times on every host (journal stamps: whole seconds)', async () => {
    const plain = await analyzeFiles(folder(sampleTree()));
    for (const h of SAMPLE_HOSTS) {
      const first = (i: Incident) =>
        Date.parse(i.hosts.find((x) => x.name === h)?.stages['kubelet-mount-failure']?.first ?? '');
      expect(Math.abs(first(incident) - first(plain))).toBeLessThan(1000);
    }
  });
});

describe('broken archives: each says what is wrong, and the other files of the drop are analysed', () => {
  const tree = sampleTree();
  let tar: Uint8Array;
  beforeAll(async () => {
    tar = await tarOf(tree);
  });
  const good = folder(new Map([...tree].filter(([p]) => p.includes('k8s-worker-3/'))));
  const run = (bad: InputFile) => analyzeFiles([bad, ...good]);
  const worker3Analysed = (incident: Incident) => {
    expect(incident.hosts.map((h) => h.name)).toContain('k8s-worker-3');
    const w3 = incident.sources.filter((s) => s.path.startsWith('sample/k8s-worker-3/'));
    expect(w3).toHaveLength(3);
    expect(w3.every((s) => !s.error && s.lines > 0)).toBe(true);
  };

  it('truncated tar.gz: the entries read stay analysed, and the archive says where it stopped', async () => {
    const incident = await run(file('bundle.tar.gz', truncated(gzipOf(tar))));
    worker3Analysed(incident);
    expect(incident.bundles?.[0]?.error).toMatch(
      /^The tar\.gz data ends early: the file is truncated; reading stopped after sample\/.+, and entries after it are missing\.$/,
    );
    const mine = incident.sources.filter((s) => s.container === 'bundle.tar.gz');
    expect(mine.filter((s) => !s.error && s.lines > 0).length).toBeGreaterThan(0);
    // An entry the cut fell inside (if any) keeps its lines and says it was cut.
    for (const s of mine.filter((s) => s.error)) {
      expect(s.error).toMatch(
        /^The data of bundle\.tar\.gz ends early: the file is truncated; the \d+ lines before that point were read\.$/,
      );
    }
  });

  it('truncated plain tar: the entry cut short keeps its lines and says so, and so does the archive', async () => {
    // Cut 1000 bytes into the body of k8s-worker-2's journal (its first line names the host).
    const body = tree.get('sample/k8s-worker-2/journal.log') as Uint8Array;
    const at = Buffer.from(tar).indexOf(Buffer.from(body.subarray(0, 200)));
    expect(at).toBeGreaterThan(0);
    const incident = await run(file('bundle.tar', tar.slice(0, at + 1000)));
    expect(incident.bundles?.[0]?.error).toBe(
      'The tar data ends without its end-of-archive marker: the archive is truncated; reading stopped after ' +
        'sample/k8s-worker-2/journal.log, and entries after it are missing.',
    );
    const cut = incident.sources.filter((s) => s.container === 'bundle.tar' && s.error);
    expect(cut.map((s) => s.path)).toEqual(['bundle.tar/sample/k8s-worker-2/journal.log']);
    expect(cut[0]?.error).toBe(
      `The archive ends inside sample/k8s-worker-2/journal.log: 1000 of its ${body.byteLength} bytes were read ` +
        `(the archive is truncated); the ${cut[0]?.lines} lines before that point were read.`,
    );
    expect(cut[0]?.lines).toBeGreaterThan(5);
    expect(incident.sources.filter((s) => s.container === 'bundle.tar' && !s.error)).toHaveLength(5);
  });

  it('corrupt tar.xz: the xz integrity check fails', async () => {
    const incident = await run(file('bundle.tar.xz', corrupted(xzOf(tar))));
    worker3Analysed(incident);
    expect(incident.bundles?.[0]?.error).toMatch(
      /^The tar\.xz data is corrupt \(its xz integrity check failed\)/,
    );
  });

  it('corrupt gzip: invalid deflate data', async () => {
    const incident = await run(file('bundle.tar.gz', corrupted(gzipOf(tar), 200)));
    worker3Analysed(incident);
    // Damaged 200 bytes in, the gzip fails before its first 64 KiB: the file itself says so.
    expect(incident.sources.find((s) => s.path === 'bundle.tar.gz')?.error).toMatch(
      /^The gzip data is corrupt \(invalid [\w/ ]+\); the 0 lines before that point were read\.$/,
    );
  });

  it('corrupt zip entry: its CRC or data is bad; the other entries are read', async () => {
    const zip = zipOf(new Map([...tree].filter(([p]) => !p.includes('k8s-worker-3/'))));
    // Damage the middle of the first entry's data (the config dump is stored first).
    const incident = await run(file('bundle.zip', corrupted(zip, 400)));
    worker3Analysed(incident);
    const broken = incident.sources.filter((s) => s.container === 'bundle.zip' && s.error);
    expect(broken).toHaveLength(1);
    expect(broken[0]?.path).toBe('bundle.zip/sample/ceph-config-dump.txt');
    expect(broken[0]?.error).toMatch(
      /^The data of bundle\.zip is corrupt(: its CRC-32 does not match the zip's record| \(invalid [\w ]+\))/,
    );
    expect(incident.sources.filter((s) => s.container === 'bundle.zip' && !s.error).length).toBe(6);
  });

  it('truncated zip: its central directory is missing', async () => {
    const incident = await run(file('bundle.zip', truncated(zipOf(tree))));
    worker3Analysed(incident);
    expect(incident.bundles?.[0]?.error).toBe(
      'The archive is not a readable zip: its central directory is missing (the file is truncated or damaged)',
    );
  });

  it('gzip bomb: stopped at the ratio limit, both limits named', async () => {
    const incident = await run(file('logs.gz', gzipBomb()));
    worker3Analysed(incident);
    const bomb = incident.sources.find((s) => s.path === 'logs.gz');
    expect(bomb?.error).toMatch(
      /^Expansion stopped: logs\.gz expanded to 6\d\.\d MiB from 3\d\d\.\d KiB, a ratio of \d+:1 \(limits: 200:1 once past 64\.0 MiB, and 16\.00 GiB in all\); this looks like a decompression bomb\./,
    );
  });

  it('zip bomb (a bomb nested in a zip): the zip reports it and stops', async () => {
    const incident = await run(file('bomb.zip', zipOf(new Map([['a/zeros.gz', gzipBomb()]]))));
    worker3Analysed(incident);
    const entry = incident.sources.find((s) => s.path === 'bomb.zip/a/zeros.gz');
    expect(entry?.error).toMatch(/^Expansion stopped: bomb\.zip expanded to .* a ratio of \d+:1/);
  });

  it('the absolute limit applies whatever the ratio', async () => {
    const incident = await analyzeFiles([file('bundle.tar.gz', gzipOf(tar)), ...good], {
      limits: { maxExpandedBytes: 2 * 1024 * 1024 },
    });
    worker3Analysed(incident);
    expect(incident.bundles?.[0]?.error).toMatch(
      /^Expansion stopped: bundle\.tar\.gz expanded to over 2\.0 MiB \(limits: 200:1 once past 64\.0 MiB, and 2\.0 MiB in all\)/,
    );
  });

  it('encrypted zip (AES and ZipCrypto): every entry says so, and so does the archive', async () => {
    for (const zipCrypto of [false, true]) {
      const zip = await encryptedZipOf(
        new Map([...tree].filter(([p]) => p.includes('k8s-worker-1/'))),
        zipCrypto,
      );
      const incident = await run(file('secret.zip', zip));
      worker3Analysed(incident);
      const entries = incident.sources.filter((s) => s.container === 'secret.zip');
      expect(entries).toHaveLength(3);
      for (const e of entries) {
        expect(e.error).toBe(
          `The entry is encrypted (${zipCrypto ? 'ZipCrypto' : 'AES'}); Cascade never asks for passwords. Extract the archive with its password and drop the files.`,
        );
        expect(e.lines).toBe(0);
      }
      expect(incident.bundles?.[0]?.error).toMatch(/^Every entry to be read is encrypted \(3\)/);
    }
  });

  it('compressions Cascade cannot open are named, with what to do', async () => {
    const bzip2 = new Uint8Array([0x42, 0x5a, 0x68, 0x39, 0x31, 0x41, 0x59, 0x26, 0x53, 0x59]);
    const incident = await run(file('messages.bz2', bzip2));
    worker3Analysed(incident);
    expect(incident.sources.find((s) => s.path === 'messages.bz2')?.error).toBe(
      'This is bzip2-compressed data, which Cascade cannot open: decompress it with `bunzip2` and drop the result.',
    );
  });

  it('an entry name that climbs out of the archive is read inside it, with a warning', async () => {
    const evil = await tarOf(
      new Map([
        ['../../etc/k8s-worker-3/journal.log', tree.get('sample/k8s-worker-3/journal.log') as Uint8Array],
      ]),
    );
    const incident = await analyzeFiles([file('evil.tar', evil)]);
    expect(incident.sources.map((s) => s.path)).toEqual(['evil.tar/etc/k8s-worker-3/journal.log']);
    expect(incident.bundles?.[0]?.warnings).toEqual([
      'The entry name "../../etc/k8s-worker-3/journal.log" points outside the archive; it is read as etc/k8s-worker-3/journal.log.',
    ]);
  });
});
