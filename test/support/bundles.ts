// Archives built from the sample incident, by the tests themselves (issue 5): the same bundle as a
// folder, tar.gz, tar.xz, zip and a zip holding a tar.gz; a sosreport per node and a must-gather
// tree; and the broken ones (corrupt, truncated, bomb, encrypted). Node-only (test support).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BlobWriter, configure, Uint8ArrayReader, ZipWriter } from '@zip.js/zip.js';
import { zipSync } from 'fflate';
import { packTar } from 'modern-tar';

configure({ useWebWorkers: false });

export const ROOT = resolve(import.meta.dirname, '../..');
export const SAMPLE_DIR = resolve(ROOT, 'public/sample');
export const SAMPLE_HOSTS = ['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3'] as const;
/** When the sample's engineer collected the bundle (2019-11-12 11:05 UTC): the archive entries' mtime. */
const COLLECTED = new Date('2019-11-12T11:05:00Z');

/** Path inside the bundle → bytes. */
export type Tree = Map<string, Uint8Array>;

const text = (s: string) => new TextEncoder().encode(s);

function walk(dir: string, base: string, out: Tree) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, base, out);
    else out.set(relative(base, p).split(sep).join('/'), new Uint8Array(readFileSync(p)));
  }
}

/** The sample bundle as `sample/<file>` paths: exactly what dropping the `sample` folder gives. */
export function sampleTree(prefix = 'sample'): Tree {
  const tree: Tree = new Map();
  walk(SAMPLE_DIR, SAMPLE_DIR, tree);
  return new Map([...tree].map(([p, b]) => [prefix ? `${prefix}/${p}` : p, b]));
}

export async function tarOf(tree: Tree): Promise<Uint8Array> {
  return packTar(
    [...tree].map(([name, body]) => ({
      header: { name, size: body.byteLength, type: 'file' as const, mtime: COLLECTED },
      body,
    })),
  );
}

export function gzipOf(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(gzipSync(bytes));
}

/** xz by the `xz` program (xz-utils; `.ci/run` installs it when missing): the encoder sos uses. */
export function xzOf(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(execFileSync('xz', ['-c', '-3', '-T1'], { input: bytes, maxBuffer: 1 << 30 }));
}

export function zipOf(tree: Tree): Uint8Array {
  return zipSync(Object.fromEntries([...tree].map(([p, b]) => [p, [b, { mtime: COLLECTED }]])));
}

/** A zip whose entries are encrypted with a password (AES, or ZipCrypto when asked). */
export async function encryptedZipOf(tree: Tree, zipCrypto = false): Promise<Uint8Array> {
  const writer = new ZipWriter(new BlobWriter('application/zip'));
  for (const [p, b] of tree) {
    await writer.add(p, new Uint8ArrayReader(b), { password: 'cascade', zipCrypto, lastModDate: COLLECTED });
  }
  return new Uint8Array(await (await writer.close()).arrayBuffer());
}

/**
 * A gzip stream that expands about 1000-fold: `members` gzip members of 1 MiB of zeros each (a
 * multi-member gzip is valid, and costs nothing to build).
 */
export function gzipBomb(members = 320): Uint8Array {
  const one = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
  const out = new Uint8Array(one.byteLength * members);
  for (let i = 0; i < members; i++) out.set(one, i * one.byteLength);
  return out;
}

/** `bytes` with one byte in the middle inverted. */
export function corrupted(bytes: Uint8Array, at = Math.floor(bytes.byteLength / 2)): Uint8Array {
  const out = bytes.slice();
  out[at] = (out[at] ?? 0) ^ 0xff;
  return out;
}

export function truncated(bytes: Uint8Array, fraction = 0.6): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.byteLength * fraction));
}

// ---------------------------------------------------------------------------------------------
// Layouts

const sampleFile = (host: string, name: string) => new Uint8Array(readFileSync(join(SAMPLE_DIR, host, name)));

/** The top folder of the sosreport of one sample node (sos 4 "friendly" name). */
export function sosName(host: string): string {
  return `sosreport-${host}-2019-11-12-${host.endsWith('1') ? 'qwzhmxa' : host.endsWith('2') ? 'bnkdsoe' : 'ptrlyva'}`;
}

/**
 * One node's sosreport (4.x layout) holding the sample's logs of that node where sos puts them, plus
 * files the analysis must pass over. The dmesg has no host field: only the sos hostname tells.
 */
export function sosTree(host: string): Tree {
  const top = sosName(host);
  const kernel = '3.10.0-1062.4.1.el7.x86_64';
  const files: [string, Uint8Array][] = [
    ['version.txt', text('sosreport: 4.3\n')],
    [
      'sos_reports/manifest.json',
      text(JSON.stringify({ version: '4.3', start_time: '2019-11-12T11:04:51Z', hostname: host })),
    ],
    ['sos_logs/sos.log', text('2019-11-12 11:04:51,000 INFO: sos report 4.3 started\n')],
    ['sos_commands/kernel/dmesg', sampleFile(host, 'dmesg.log')],
    ['sos_commands/logs/journalctl_--no-pager', sampleFile(host, 'journal.log')],
    ['var/log/kubelet.log', sampleFile(host, 'kubelet.log')],
    ['sos_commands/host/hostname', text(`${host}\n`)],
    [
      'sos_commands/kernel/uname_-a',
      text(`Linux ${host} ${kernel} #1 SMP Wed Oct 16 18:37:12 UTC 2019 x86_64 x86_64 x86_64 GNU/Linux\n`),
    ],
    [
      'sos_commands/kernel/lsmod',
      text('Module                  Size  Used by\nceph                  363016  1\n'),
    ],
    ['proc/cpuinfo', text('processor\t: 0\nvendor_id\t: GenuineIntel\n')],
    ['etc/ssh/sshd_config', text('PermitRootLogin no\n')],
    ['var/log/yum.log', text('Nov 01 10:00:00 Updated: kernel-3.10.0-1062.4.1.el7.x86_64\n')],
  ];
  return new Map(files.map(([p, b]) => [`${top}/${p}`, b]));
}

/** The top folder of a sos 3.x report, legacy name: `sosreport-<host>.<case>-YYYYMMDDHHMMSS`. */
export function sos3Name(host: string): string {
  return `sosreport-${host}.01234567-20191112110451`;
}

/**
 * One node's sosreport in the 3.x layout: the journal of this boot under its 3.x name, hostname
 * under the `general` plugin, no manifest. Here the journal names the host.
 */
export function sos3Tree(host: string): Tree {
  const files: [string, Uint8Array][] = [
    ['version.txt', text('sosreport: 3.9\n')],
    ['sos_logs/sos.log', text('2019-11-12 11:04:51,000 INFO: sosreport (version 3.9) started\n')],
    ['sos_commands/kernel/dmesg', sampleFile(host, 'dmesg.log')],
    ['sos_commands/logs/journalctl_--all_--this-boot_--no-pager', sampleFile(host, 'journal.log')],
    ['sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet', text('-- No entries --\n')],
    ['var/log/kubelet.log', sampleFile(host, 'kubelet.log')],
    ['sos_commands/general/hostname', text(`${host}\n`)],
    ['sos_commands/general/dmesg_now', text('Tue Nov 12 11:04:51 UTC 2019\n')],
    ['etc/yum.conf', text('[main]\n')],
  ];
  return new Map(files.map(([p, b]) => [`${sos3Name(host)}/${p}`, b]));
}

const IMAGE = 'quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-8c1f7d05e2a4b3c9';
const ODF_IMAGE = 'registry-redhat-io-odf4-odf-must-gather-rhel9-sha256-3b7e91d2c0aa';

/**
 * A must-gather tree: the kubelet journals of all nodes merged into one `kubelet_service.log`
 * (lines sorted byte-wise, as `oc adm node-logs` merges them, so only each line's host field says
 * whose it is), per-node dmesg under `nodes/<node>/`, the ODF image's `ceph config dump`, and
 * resources the analysis passes over.
 */
export function mustGatherTree(top = 'must-gather.local.5023485334'): Tree {
  const kubeletLines: string[] = [];
  for (const host of SAMPLE_HOSTS) {
    for (const line of new TextDecoder().decode(sampleFile(host, 'journal.log')).split('\n')) {
      if (/^\w{3} \d{2} [\d:]{8} \S+ kubelet\[\d+\]: /.test(line)) kubeletLines.push(line);
    }
  }
  kubeletLines.sort();
  const files: [string, Uint8Array][] = [
    ['timestamp', text('2019-11-12 11:05:00.000000000 +0000 UTC m=+0.1\n')],
    [`${IMAGE}/version`, text('openshift-must-gather\n4.2.4\n')],
    [`${IMAGE}/host_service_logs/workers/kubelet_service.log`, text(`${kubeletLines.join('\n')}\n`)],
    [`${IMAGE}/cluster-scoped-resources/core/nodes/k8s-worker-1.yaml`, text('kind: Node\n')],
    [`${IMAGE}/namespaces/default/core/pods.yaml`, text('kind: PodList\nitems: []\n')],
    [
      `${ODF_IMAGE}/ceph/must_gather_commands/ceph_config_dump`,
      new Uint8Array(readFileSync(join(SAMPLE_DIR, 'ceph-config-dump.txt'))),
    ],
    [`${ODF_IMAGE}/ceph/must_gather_commands/ceph_osd_tree`, text('ID CLASS WEIGHT TYPE NAME\n')],
  ];
  for (const host of SAMPLE_HOSTS)
    files.push([`${IMAGE}/nodes/${host}/dmesg`, sampleFile(host, 'dmesg.log')]);
  return new Map(files.map(([p, b]) => [`${top}/${p}`, b]));
}

/** Writes a tree under `dir` (for the CLI and for dropping a real folder in the browser). */
export function writeTree(dir: string, tree: Tree): void {
  for (const [p, b] of tree) {
    const file = join(dir, ...p.split('/'));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, b);
  }
}
