// Redaction of real incidents (issue 7): the built-in sample, its must-gather, and specimens with the
// other forms (MDS log and client ls, the 6.7+ `[fsid id]` prefix, klog JSON, CRI, describe, an FQDN
// host). The redacted incident, serialised, is scanned for every original address, host, pod, UID,
// namespace, client id and fsid; what must not change (stages, formats, kernels, event order and
// lines, texts without identifiers) is compared with the original.
import { openAsBlob } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InputFile } from '../../workers/api.ts';
import { analyzeFiles } from '../../workers/engine.ts';
import { CLUSTER_HOST, type Incident } from '../../workers/incident.ts';
import {
  createRedactor,
  type Redactor,
  type Replacement,
  redactIncident,
} from '../../workers/report/redact.ts';
import { mustGatherTree } from '../support/bundles.ts';
import { sampleInputs } from '../support/folder-inputs.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures');
const _SAMPLE = join(ROOT, 'public/sample');

/** Specimens, each under the path it is dropped as (`<dir>/<file>`: a folder name may name the host). */
async function fixtures(paths: [dropped: string, fixture: string][]): Promise<InputFile[]> {
  return Promise.all(paths.map(async ([path, f]) => ({ path, blob: await openAsBlob(join(FIXTURES, f)) })));
}

interface Case {
  name: string;
  inputs: () => Promise<InputFile[]>;
  /** Identifiers read from the inputs by hand that the structure does not list (MDS session names, pods). */
  secrets: string[];
  /** Whether some event lines name nothing to replace (dmesg lines without addresses): they must come out as they went in. */
  plainLines: boolean;
}

const CASES: Case[] = [
  {
    name: 'the sample',
    inputs: () => sampleInputs(),
    secrets: [
      'shop',
      'content',
      'media-worker-6b7f9d8c4-q7tmx',
      'web-frontend-7d9c8b6f5-x2k9p',
      'cms-api-84f7c9d6b-5lq8v',
    ],
    plainLines: true,
  },
  {
    name: 'the sample as a must-gather (host per line, nodes/<node>/)',
    inputs: async () =>
      [...mustGatherTree()].map(([path, bytes]) => ({
        path,
        blob: new Blob([bytes as Uint8Array<ArrayBuffer>]),
      })),
    secrets: ['shop', 'web-frontend-7d9c8b6f5-m4r8z'],
    plainLines: true,
  },
  {
    name: 'MDS evictions naming their clients, and a client dmesg',
    inputs: () =>
      fixtures([
        ['ceph/ceph-mds.a.log', 'ceph-mds-log/ceph-csi-5265-rook-mds-evict.log'],
        ['csi-node-7/dmesg.log', 'dmesg/ceph-csi-5265-dmesg-5.15.log'],
      ]),
    secrets: [
      'csi-node-7',
      'puhui-py',
      'idzreccqr',
      '977313',
      '977322',
      '978888',
      '10.10.10.253',
      '192.168.3.235',
    ],
    plainLines: false,
  },
  {
    name: 'MDS log, client ls and a node syslog with pods',
    inputs: () =>
      fixtures([
        ['ceph/ceph-mds.a.log', 'ceph-mds-log/handwritten-mds-log-blacklisting.log'],
        ['ceph/client-ls.txt', 'ceph-client-ls/handwritten-kernel-client-ls.log'],
        ['node-a/messages', 'syslog-rfc3164/messages-20231112-node-a-cascade.log'],
      ]),
    secrets: ['node-a', '176873', 'app-0', 'pvc-x'],
    plainLines: false,
  },
  {
    name: 'the 6.7+ prefix: fsids and client ids in kernel lines',
    inputs: () =>
      fixtures([
        ['faldara/journal.txt', 'journal-short-full/constructed-cascade-short-full.log'],
        ['faldara/dmesg-T.txt', 'dmesg-ctime/ru-cephadm-lab-tentacle-dmesgT-2026.log'],
      ]),
    secrets: ['faldara', '14451', '176873', '10.130.0.41'],
    plainLines: false,
  },
  {
    name: 'kubelet JSON, CSI plugin CRI log, kubectl describe',
    inputs: () =>
      fixtures([
        ['k8s-worker-2/kubelet.log', 'klog-json/kubelet-json-node-a-cascade.log'],
        ['k8s-worker-2/csi-cephfsplugin/0.log', 'cri/csi-cephfsplugin-nodeplugin-cascade.log'],
        ['k8s-worker-2/describe-pod.txt', 'kubectl-describe/constructed-pod-cephfs-events.log'],
      ]),
    secrets: ['app-1', 'pvc-y', 'pvc-x', 'k8s-worker-2'],
    plainLines: false,
  },
  {
    name: 'a host known by its FQDN, pods by name and namespace',
    inputs: () =>
      fixtures([['journal/kubelet.txt', 'journal-short/journalctl-rook-2255-kubelet-wrapper-journal.log']]),
    secrets: [
      'ip-10-0-6-103',
      'ec2.internal',
      'staging',
      '97b67ee0-ba97-4768-b12f-f76a767eadef-6487ccc76-flwhb',
    ],
    plainLines: false,
  },
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/**
 * `name` as a whole token: not inside a longer name (`k8s-worker-1` is not in `k8s-worker-12`). A
 * short name is a whole hyphenated word: the namespace `ns` is not in the pseudonym `ns-1`.
 */
const token = (name: string) =>
  name.length < 5
    ? new RegExp(`(?<![A-Za-z0-9-])${escapeRe(name)}(?![A-Za-z0-9-])`, 'i')
    : new RegExp(`(?<![A-Za-z0-9])${escapeRe(name)}(?![A-Za-z0-9])`, 'i');

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX32 = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/gi;
const IPV4 = /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g;

/** What the original names, found without the redactor's own detectors. */
function identifiers(incident: Incident, json: string) {
  const hosts = new Set<string>();
  for (const h of incident.hosts) hosts.add(h.name);
  for (const s of incident.sources) if (s.host) hosts.add(s.host);
  for (const e of incident.events) if (e.host !== CLUSTER_HOST) hosts.add(e.host);
  const ips = new Set(
    [...json.matchAll(IPV4)]
      .map((m) => m[0])
      .filter((ip) => !/^(?:0|127|255)\./.test(ip) && ip.split('.').every((o) => Number(o) < 256)),
  );
  const clientIds = new Set<number>([
    ...incident.hosts.flatMap((h) => h.clientIds),
    ...incident.events.flatMap((e) => (e.clientId === undefined ? [] : [e.clientId])),
  ]);
  const pods = new Set<string>();
  const namespaces = new Set<string>();
  for (const e of incident.events) {
    for (const m of e.text.matchAll(/"([a-z0-9][a-z0-9.-]*)_([a-z0-9-]+)\(/g)) {
      pods.add(m[1] ?? '');
      namespaces.add(m[2] ?? '');
    }
    for (const m of e.text.matchAll(/pod=\\?"([a-z0-9-]+)\/([a-z0-9.-]+)\\?"/g)) {
      namespaces.add(m[1] ?? '');
      pods.add(m[2] ?? '');
    }
  }
  for (const shipped of ['default', 'kube-system', 'rook-ceph', 'openshift-storage'])
    namespaces.delete(shipped);
  return {
    hosts,
    ips,
    clientIds,
    pods,
    namespaces,
    uuids: new Set([...json.matchAll(UUID)].map((m) => m[0])),
  };
}

describe.each(CASES)('redacting $name', ({ inputs, secrets, plainLines }) => {
  let original: Incident;
  let redacted: Incident;
  let redactor: Redactor;
  let json: string;
  let out: string;
  let found: ReturnType<typeof identifiers>;

  beforeAll(async () => {
    original = await analyzeFiles(await inputs());
    json = JSON.stringify(original);
    ({ incident: redacted, redactor } = redactIncident(original));
    out = JSON.stringify(redacted);
    found = identifiers(original, json);
  });

  it('leaves no original address, UUID or boot id anywhere', () => {
    expect(found.ips.size + found.uuids.size).toBeGreaterThan(0);
    for (const ip of found.ips)
      expect(out, ip).not.toMatch(new RegExp(`(?<![\\w.])${escapeRe(ip)}(?![\\w]|\\.\\d)`));
    expect(out.match(UUID)).toBeNull();
    expect(out.match(HEX32)).toBeNull();
  });

  it('leaves no host, pod, namespace or hand-picked identifier anywhere', () => {
    expect(found.hosts.size).toBeGreaterThan(0);
    for (const name of [...found.hosts, ...found.pods, ...found.namespaces, ...secrets]) {
      expect(json, `${name} is in the original`).toMatch(token(name));
      expect(out, name).not.toMatch(token(name));
    }
  });

  it('leaves no client id, in text or as a number', () => {
    for (const id of found.clientIds) {
      expect(out, String(id)).not.toMatch(
        new RegExp(`client[._ ]?(?:id )?(?:session )?${id}(?!\\d)|\\(${id}\\)`),
      );
    }
    const ids = (i: Incident) => [...i.hosts.flatMap((h) => h.clientIds), ...i.events.map((e) => e.clientId)];
    const pairs = ids(original).map((id, i) => [id, ids(redacted)[i]]);
    for (const [from, to] of pairs)
      expect(to, String(from)).toBe(from === undefined ? undefined : redactor.clientId(from));
  });

  it('keeps the stages, formats, kernels and every event in its order and place', () => {
    expect(redacted.schema).toBe(original.schema);
    expect(redacted.generatedBy).toBe(original.generatedBy);
    expect(redacted.stages.map((s) => [s.id, s.title, s.count, s.first, s.last, s.annotation])).toEqual(
      original.stages.map((s) => [s.id, s.title, s.count, s.first, s.last, s.annotation]),
    );
    expect(redacted.sources.map((s) => [s.format, s.lines, s.clock.kind, s.clock.zone])).toEqual(
      original.sources.map((s) => [s.format, s.lines, s.clock.kind, s.clock.zone]),
    );
    expect(redacted.hosts.map((h) => [h.kernel, h.stages, h.cascade?.order])).toEqual(
      original.hosts.map((h) => [h.kernel, h.stages, h.cascade?.order]),
    );
    const place = (i: Incident) =>
      i.events.map((e) => [
        e.ts,
        e.stage,
        e.kind,
        e.severity,
        e.recovery,
        e.line,
        e.offset,
        e.stamp,
        e.episode,
      ]);
    expect(redacted.events.length).toBe(original.events.length);
    expect(place(redacted)).toEqual(place(original));
    expect(redacted.findings.map((f) => [f.id, f.severity, f.evidence.map((e) => e.line)])).toEqual(
      original.findings.map((f) => [f.id, f.severity, f.evidence.map((e) => e.line)]),
    );
  });

  it('gives one original the same pseudonym wherever it stands', () => {
    const paths = new Set(redacted.sources.map((s) => s.path));
    for (const e of redacted.events) {
      expect(paths.has(e.source), e.source).toBe(true);
      for (const a of e.alsoIn) expect(paths.has(a.source), a.source).toBe(true);
      // A journal or syslog line names its host in the line too (short, or fully qualified).
      const field = /^(?:[A-Z][a-z]{2} [ \d]\d [\d:.]+|\d{4}-\d\d-\d\dT\S+) (\S+) \S+?(?:\[\d+\])?: /.exec(
        e.text,
      )?.[1];
      if (field && e.host !== CLUSTER_HOST) expect(field.split('.')[0], e.text).toBe(e.host);
    }
    const byPlace = new Map(redacted.events.map((e) => [`${e.source}:${e.line}`, e.text]));
    const originalByPlace = new Map(original.events.map((e) => [`${e.source}:${e.line}`, e.text]));
    original.findings.forEach((f, i) => {
      f.evidence.forEach((ev, j) => {
        const r = redacted.findings[i]?.evidence[j];
        if (originalByPlace.get(`${ev.source}:${ev.line}`) === ev.text) {
          expect(r?.text).toBe(byPlace.get(`${r?.source}:${r?.line}`));
        }
      });
    });
    expect(redacted.hosts.map((h) => h.name)).toEqual(original.hosts.map((h) => redactor.text(h.name)));
  });

  it('lists every replacement once, with its count, and no pseudonym that is an original', () => {
    const list: Replacement[] = redactor.replacements();
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((r) => r.original)).size).toBe(list.length);
    expect(new Set(list.map((r) => `${r.kind} ${r.pseudonym}`)).size).toBe(list.length);
    const originals = new Set(list.map((r) => r.original.toLowerCase()));
    for (const r of list) {
      expect(r.count, r.original).toBeGreaterThan(0);
      expect(originals.has(r.pseudonym.toLowerCase()), r.pseudonym).toBe(false);
    }
  });

  it.runIf(plainLines)('leaves a line without identifiers as it is', () => {
    const originals = redactor.replacements().map((r) => r.original.toLowerCase());
    let kept = 0;
    original.events.forEach((e, i) => {
      const text = e.text.toLowerCase();
      if (originals.some((o) => text.includes(o))) return;
      expect(redacted.events[i]?.text).toBe(e.text);
      kept++;
    });
    expect(kept).toBeGreaterThan(0);
  });
});

describe('the sample: who becomes what', () => {
  let list: Replacement[];
  beforeAll(async () => {
    const incident = await analyzeFiles(await sampleInputs());
    const redactor = createRedactor(incident);
    redactIncident(incident, redactor);
    list = redactor.replacements();
  });

  const of = (kind: string) => list.filter((r) => r.kind === kind).map((r) => [r.original, r.pseudonym]);

  it('names the hosts node-1..3 in order, their client ids 1..3 and the cluster fsid-1', () => {
    expect(of('host')).toEqual([
      ['k8s-worker-1', 'node-1'],
      ['k8s-worker-2', 'node-2'],
      ['k8s-worker-3', 'node-3'],
    ]);
    expect(of('client-id')).toEqual([
      ['176873', '1'],
      ['174406', '2'],
      ['177412', '3'],
    ]);
    expect(of('fsid')).toEqual([['bf9495f9-726d-42d3-ac43-53938496bb29', 'fsid-1']]);
  });

  it('finds the monitors and MDS addresses, the pods, their UIDs, namespaces and volumes', () => {
    expect(of('ip').map(([o]) => o)).toEqual([
      '10.99.10.1',
      '10.99.10.4',
      '10.99.10.3',
      '10.99.10.2',
      '10.99.10.22',
    ]);
    expect(of('ip').map(([, p]) => p)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5']);
    expect(of('pod')).toHaveLength(7);
    expect(of('pod-uid')).toHaveLength(10);
    expect(of('namespace')).toEqual([
      ['shop', 'ns-1'],
      ['content', 'ns-2'],
    ]);
    expect(of('volume')).toEqual([
      ['shared-data', 'vol-1'],
      ['uploads', 'vol-2'],
    ]);
    expect(list.map((r) => r.kind)).toEqual(
      [...list.map((r) => r.kind)].sort((a, b) => KINDS.indexOf(a) - KINDS.indexOf(b)),
    );
  });
});

const KINDS = [
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
