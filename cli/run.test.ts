import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  gzipOf,
  mustGatherTree,
  sampleTree,
  sosName,
  sosTree,
  tarOf,
  writeTree,
  xzOf,
} from '../test/support/bundles.ts';
import { sampleInputs } from '../test/support/folder-inputs.ts';
import { analyzeFiles } from '../workers/engine.ts';
import type { Incident } from '../workers/incident.ts';
import { runCli } from './run.ts';

const sample = resolve(import.meta.dirname, '../public/sample');

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cascade CLI', () => {
  it.each([[[]], [['--nope', sample]]])('exits 2 on bad arguments %j', async (argv) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: npm run analyze');
    expect(r.out).toBe('');
  });

  it('exits 1 when no input could be read', async () => {
    const r = await run('/nonexistent/cascade/bundle');
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot read /nonexistent/cascade/bundle');
    expect(r.err).toContain('no input could be read');
  });

  it('prints help with exit 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('--json');
  });

  it('prints the incident JSON of a folder, keeping its folder structure in the paths', async () => {
    const r = await run('--json', sample);
    expect(r.code).toBe(0);
    const incident = JSON.parse(r.out) as Incident;
    expect(incident.schema).toBe('cascade/incident@1');
    expect(incident.sources.map((s) => s.path)).toContain('sample/k8s-worker-1/dmesg.log');
    expect(incident.hosts.map((h) => h.name)).toEqual(['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3']);
    expect(incident.stages.every((s) => s.count > 0)).toBe(true);
  });

  it('prints a readable stage summary by default', async () => {
    const r = await run(sample);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Stages \(times in UTC\)/);
    expect(r.out).toMatch(/3\. Session evicted \/ reconnect denied\s+first 2019-11-12 10:19:14\.\d{3}/);
    expect(r.out).toContain('$ ceph config set mds mds_session_blacklist_on_timeout false');
    // The episode's root cause and the order the hosts fell in.
    expect(r.out).toMatch(/Episode episode-1 \(2019-11-12 10:14:03\.\d{3} – .*confidence \w+\)/);
    expect(r.out).toMatch(/hosts in the order they fell: k8s-worker-1 .*, k8s-worker-2 .*, k8s-worker-3 /);
    expect(r.out).toMatch(
      /k8s-worker-1: kernel 3\.10\.0-1062\.4\.1\.el7\.x86_64, client ids 176873, fits the cascade/,
    );
  });

  it('reports an unreadable or unrecognised file and still analyses the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-cli-'));
    writeFileSync(join(dir, 'notes.txt'), 'customer says it broke on Tuesday\nplease check\n');
    const r = await run('--json', join(dir, 'notes.txt'), join(sample, 'k8s-worker-1/journal.log'));
    expect(r.code).toBe(0);
    const incident = JSON.parse(r.out) as Incident;
    const notes = incident.sources.find((s) => s.path === 'notes.txt');
    expect(notes?.format).toBe('unrecognised');
    expect(notes?.error).toMatch(/Unrecognised format/);
    expect(notes?.lines).toBe(2);
    expect(notes?.unparsed).toBe(2);
    expect(incident.stages.find((s) => s.id === 'reconnect-denied')?.count).toBeGreaterThan(0);
  });
});

describe('--format', () => {
  const prose = 'The customer pasted this from the node:\n\n[ 5645.168000] ceph: mds0 closed our session\n';

  it('reads a file as the given format instead of detecting it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-cli-'));
    const file = join(dir, 'notes.txt');
    writeFileSync(file, `${'We saw this on Tuesday.\n'.repeat(10)}${prose}`);
    const detected = JSON.parse((await run('--json', file)).out) as Incident;
    expect(detected.sources[0]?.format).toBe('unrecognised');
    const forced = await run('--json', '--format', `${file}=dmesg`, file);
    expect(forced.code).toBe(0);
    const incident = JSON.parse(forced.out) as Incident;
    expect(incident.sources[0]?.format).toBe('dmesg');
    expect(incident.sources[0]?.detection).toMatch(/set by the user/);
    expect(incident.stages.find((s) => s.id === 'reconnect-denied')?.count).toBe(1);
  });

  it.each([
    [['--format', 'x.log'], /needs FILE=FORMAT/],
    [['--format', 'x.log=nonsense'], /unknown format nonsense/],
  ])('exits 2 on %j', async (flags, message) => {
    const r = await run(...flags, sample);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('exits 2 when --format names a file that is not read', async () => {
    const r = await run('--format=/elsewhere/dmesg.log=dmesg', sample);
    expect(r.code).toBe(2);
    expect(r.err).toContain('not among the files read');
  });
});

describe('every format on the command line', () => {
  it('reads the whole fixture tree in one run, each file as the format of its folder', async () => {
    const fixtures = resolve(import.meta.dirname, '../test/fixtures');
    const r = await run('--json', fixtures);
    expect(r.code).toBe(0);
    const incident = JSON.parse(r.out) as Incident;
    const logs = incident.sources.filter((s) => s.path.endsWith('.log'));
    expect(logs.length).toBeGreaterThan(60);
    for (const s of logs) {
      const folder = s.path.split('/')[1];
      // The golden test gives detection the bare file name; here the path is the bundle path.
      expect(s.format, s.path).toBe(folder);
    }
  });
});

describe('--tz', () => {
  const journal =
    'Mar 25 12:00:00 node-a kernel: ceph: mds0 closed our session\nMar 26 12:00:00 node-a kernel: ceph: mds0 reconnect denied\n';
  const bundle = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-tz-'));
    mkdirSync(join(dir, 'node-a'));
    writeFileSync(join(dir, 'node-a', 'journal.log'), journal);
    utimesSync(
      join(dir, 'node-a', 'journal.log'),
      new Date('2023-11-01T00:00:00Z'),
      new Date('2023-11-01T00:00:00Z'),
    );
    return dir;
  };
  const firstOf = (incident: Incident, stage: string) => incident.stages.find((s) => s.id === stage)?.first;

  it.each([
    [[], '2023-03-25T12:00:00.000000Z', '2023-03-26T12:00:00.000000Z'],
    [['--tz', '+08:00'], '2023-03-25T04:00:00.000000Z', '2023-03-26T04:00:00.000000Z'],
    [['--tz=Europe/Berlin'], '2023-03-25T11:00:00.000000Z', '2023-03-26T10:00:00.000000Z'],
  ])('reads files of unknown zone in the zone given: %j', async (flags, closed, denied) => {
    const r = await run('--json', ...flags, bundle());
    expect(r.code).toBe(0);
    const incident = JSON.parse(r.out) as Incident;
    expect(incident.events.find((e) => e.kind === 'ceph-mds-closed-session')?.ts).toBe(closed);
    expect(incident.events.find((e) => e.kind === 'ceph-mds-reconnect-denied')?.ts).toBe(denied);
    expect(firstOf(incident, 'reconnect-denied')).toBe(closed);
  });

  it.each([
    [
      [],
      /^Times in UTC; zone assumed to be UTC \(nothing in the bundle says; set it with --tz\): \S+\/node-a\/journal\.log\.$/m,
    ],
    [
      ['--tz', 'Asia/Shanghai'],
      /^Times in UTC; read in Asia\/Shanghai \(--tz\), as the bundle does not say: \S+\/node-a\/journal\.log\.$/m,
    ],
  ])('says in the summary header which zone was assumed or given: %j', async (flags, header) => {
    const r = await run(...flags, bundle());
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[1]).toMatch(header);
  });

  it('says every zone is known when the bundle states them', async () => {
    const r = await run(sample);
    expect(r.out.split('\n')[1]).toBe('Times in UTC; every source’s zone is known from the bundle.');
  });

  it.each([
    [['--tz', 'CST'], /--tz: "CST" is an abbreviation/],
    [['--tz', 'Mars/Olympus'], /--tz: "Mars\/Olympus" is not a time zone/],
    [['--tz=+25:00'], /--tz: "\+25:00" is not a time zone/],
    [['--tz'], /--tz needs a zone/],
  ])('exits 2 on a bad zone %j', async (flags, message) => {
    const r = await run(sample, ...flags);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  describe('archives and bundle layouts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cascade-cli-bundles-'));
    let tarXz = '';
    let mustGather = '';
    let sosFolder = '';
    beforeAll(async () => {
      tarXz = join(dir, 'sample.tar.xz');
      writeFileSync(tarXz, xzOf(await tarOf(sampleTree())));
      mustGather = join(dir, 'must-gather.tar.gz');
      writeFileSync(mustGather, gzipOf(await tarOf(mustGatherTree())));
      writeTree(join(dir, 'extracted'), sosTree('k8s-worker-2'));
      sosFolder = join(dir, 'extracted', sosName('k8s-worker-2'));
    });

    it('reads an archive like the folder it holds', async () => {
      const archived = await run('--json', tarXz);
      const plain = await run('--json', sample);
      expect(archived.code).toBe(0);
      const a = JSON.parse(archived.out) as Incident;
      const p = JSON.parse(plain.out) as Incident;
      expect(a.stages).toEqual(p.stages);
      expect(a.sources.map((s) => s.path)).toEqual(p.sources.map((s) => `sample.tar.xz/${s.path}`));
      expect(a.bundles).toEqual([
        expect.objectContaining({ path: 'sample.tar.xz', kind: 'tar.xz', analysed: 10 }),
      ]);
    });

    it('says in the summary what each archive held, and how each host was told', async () => {
      const r = await run(mustGather, sosFolder);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Archives and bundle folders$/m);
      expect(r.out).toMatch(
        /^ {2}must-gather\.tar\.gz {2}\[tar\.gz, must-gather\] {2}10 entries: 5 analysed, 5 skipped$/m,
      );
      expect(r.out).toMatch(
        new RegExp(
          `^  ${sosName('k8s-worker-2')}  \\[folder, sosreport\\]  12 entries: 5 analysed, 7 skipped$`,
          'm',
        ),
      );
      expect(r.out).toMatch(
        /^ {6}host: — \(several hosts: each line goes to the host its host field names \(k8s-worker-\d \d+/m,
      );
      expect(r.out).toMatch(
        /^ {6}host: k8s-worker-2 \(the sosreport hostname file \(.*sos_commands\/host\/hostname\)\)$/m,
      );
    });

    it('--format, --host and --rename-host reach files inside archives', async () => {
      const inside = 'sample.tar.xz/sample/k8s-worker-1/dmesg.log';
      const r = await run(
        '--json',
        `--format=${inside}=dmesg`,
        '--host',
        `${inside}=k8s-worker-9`,
        '--rename-host',
        'k8s-worker-3=k8s-worker-2',
        tarXz,
      );
      expect(r.code).toBe(0);
      const incident = JSON.parse(r.out) as Incident;
      expect(incident.sources.find((s) => s.path === inside)).toMatchObject({
        format: 'dmesg',
        detection: 'format set by the user (dmesg)',
        host: 'k8s-worker-9',
        hostEvidence: 'set by the user',
      });
      expect(incident.hosts.map((h) => h.name)).toEqual(['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-9']);
    });

    it.each([
      [
        ['--host', 'sample.tar.xz/nowhere.log=x'],
        /--host names sample\.tar\.xz\/nowhere\.log, which is not among the files read/,
      ],
      [['--format', 'sample.tar.xz/nowhere.log=dmesg'], /--format names sample\.tar\.xz\/nowhere\.log/],
      [['--host', 'novalue='], /--host needs FILE=HOST/],
      [['--rename-host', 'a'], /--rename-host needs HOST=NEW/],
    ])('exits 2 when %j names no file read or is malformed', async (flags, message) => {
      const r = await run(...flags, tarXz);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe('');
    });
  });
});

describe('cascade CLI exports', () => {
  const HOSTS = ['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3'];
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cascade-export-'));
  });

  it('writes the Markdown, CSV, HTML, SVG and JSON exports of one run to their files', async () => {
    const file = (name: string) => join(dir, name);
    const r = await run(
      `--md=${file('a.md')}`,
      `--csv=${file('a.csv')}`,
      `--html=${file('a.html')}`,
      `--svg=${file('a.svg')}`,
      `--json=${file('a.json')}`,
      sample,
    );
    expect(r.code).toBe(0);
    // Nothing went to standard output: every export had its file, and the summary is not printed.
    expect(r.out).toBe('');
    for (const name of ['a.md', 'a.csv', 'a.html', 'a.svg', 'a.json'])
      expect(r.err).toContain(`wrote ${file(name)}`);
    const incident = JSON.parse(readFileSync(file('a.json'), 'utf8')) as Incident;
    const csv = readFileSync(file('a.csv'), 'utf8').trimEnd().split('\r\n');
    expect(csv.length).toBe(incident.events.length + 1);
    const md = readFileSync(file('a.md'), 'utf8');
    expect(md).toContain(incident.episodes?.[0]?.summary.slice(0, 40));
    const html = readFileSync(file('a.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<svg');
    expect(html).not.toContain('<script');
    expect(readFileSync(file('a.svg'), 'utf8')).toMatch(/^<svg [^>]*width="\d+" height="\d+"/);
  });

  it('prints one export to standard output', async () => {
    const r = await run('--csv', sample);
    expect(r.code).toBe(0);
    expect(r.out.split('\r\n')[0]).toMatch(/^time_utc,host,stage/);
  });

  it('refuses two exports to standard output', async () => {
    const r = await run('--md', '--csv', sample);
    expect(r.code).toBe(2);
    expect(r.err).toContain('only one export can go to standard output');
    expect(r.err).toContain('--md=FILE, --csv=FILE');
  });

  it('redacts every export and the summary; the mapping goes to standard error only', async () => {
    const md = join(dir, 'r.md');
    const r = await run('--redact', `--md=${md}`, '--json', sample);
    expect(r.code).toBe(0);
    const outputs = [r.out, readFileSync(md, 'utf8')];
    for (const text of outputs) {
      for (const host of HOSTS) expect(text).not.toContain(host);
      expect(text).not.toMatch(/\b10\.99\.\d+\.\d+\b/);
      expect(text).toContain('node-1');
    }
    expect(r.err).toMatch(/k8s-worker-1 → node-1/);
    const summary = await run('--redact', sample);
    for (const host of HOSTS) expect(summary.out).not.toContain(host);
    // Two full analyses of the sample with scan threads: about 4.5 s alone, more beside other tests.
  }, 60_000);
});

describe('cascade CLI scan threads', () => {
  it('scans the files of a folder in threads and gives the incident of one engine scanning them in turn', async () => {
    const r = await run('--json', sample);
    expect(r.code).toBe(0);
    const threaded = JSON.parse(r.out) as Incident;
    const inTurn = await analyzeFiles(await sampleInputs());
    expect(threaded).toEqual(JSON.parse(JSON.stringify(inTurn)));
  }, 60_000);
});
