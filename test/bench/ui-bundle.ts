// A large, realistic bundle for the browser benchmarks: the sample incident's three nodes, each
// file padded with ordinary noise interleaved in time order (1% or so of the lines belong to the
// cascade), written to disk so the browser reads it through the File API like a user's drop.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PREFILTER_KEYWORDS } from '../../parsers/rules.ts';
import { Rng } from '../support/rng.ts';

const SAMPLE = resolve(import.meta.dirname, '../../public/sample');
const HOSTS = ['k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const JOURNAL_NOISE = [
  (r: Rng) => `systemd[1]: Started Session ${r.int(1000, 99999)} of user root.`,
  (r: Rng) => `systemd-logind[${r.int(600, 900)}]: New session ${r.int(1000, 99999)} of user root.`,
  (r: Rng) =>
    `sshd[${r.int(1000, 60000)}]: Accepted publickey for ansible from 10.20.0.${r.int(2, 250)} port ${r.int(30000, 60000)} ssh2`,
  (r: Rng) => `CROND[${r.int(1000, 60000)}]: (root) CMD (/usr/lib64/sa/sa1 1 1)`,
  (r: Rng) =>
    `NetworkManager[${r.int(600, 900)}]: <info>  [${r.int(1573500000, 1573600000)}.${r.int(1000, 9999)}] device (veth${r.int(1e6, 9e6).toString(16)}): carrier: link connected`,
  (r: Rng) =>
    `containerd[${r.int(900, 1200)}]: time="2019-11-12T08:00:00.000000000Z" level=info msg="shim reaped" id=${r.int(1e9, 9e9).toString(16)}`,
];
const DMESG_NOISE = [
  (r: Rng) => `IPv6: ADDRCONF(NETDEV_UP): veth${r.int(1e6, 9e6).toString(16)}: link is not ready`,
  (r: Rng) => `cni0: port ${r.int(1, 40)}(veth${r.int(1e6, 9e6).toString(16)}) entered forwarding state`,
  (r: Rng) => `device veth${r.int(1e6, 9e6).toString(16)} entered promiscuous mode`,
  (r: Rng) =>
    `perf: interrupt took too long (${r.int(2500, 9000)} > ${r.int(2500, 9000)}), lowering kernel.perf_event_max_sample_rate to ${r.int(20000, 80000)}`,
];

function checkNoise() {
  const r = new Rng(1);
  for (const make of [...JOURNAL_NOISE, ...DMESG_NOISE]) {
    const line = make(r);
    const hit = PREFILTER_KEYWORDS.find((k) => line.includes(k));
    if (hit) throw new Error(`noise line would pass the prefilter (${hit}): ${line}`);
  }
}

/** `Nov 12 10:14:03` → seconds of the year (enough to order one file's lines). */
function journalKey(line: string): number | null {
  const m = /^(\w{3}) (\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(line);
  if (!m) return null;
  return (
    (((MONTHS.indexOf(m[1] as string) * 31 + Number(m[2])) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60 +
    Number(m[5])
  );
}

function dmesgKey(line: string): number | null {
  const m = /^\[\s*(\d+\.\d+)\]/.exec(line);
  return m ? Number(m[1]) : null;
}

/**
 * Interleaves `noiseBytes` of noise with `lines` in time order: each noise line takes the time of
 * a random real line (so stamps stay monotonic and within the file's own span), and is merged in
 * just before the first real line of a later time. Unstamped lines (headers) keep their place.
 */
function pad(
  lines: string[],
  noiseBytes: number,
  rng: Rng,
  kind: 'journal' | 'dmesg',
  host: string,
): string[] {
  const keyOf = kind === 'journal' ? journalKey : dmesgKey;
  const stamped = lines
    .map((l) => ({ l, k: keyOf(l) }))
    .filter((x): x is { l: string; k: number } => x.k !== null);
  const noise: { l: string; k: number }[] = [];
  let bytes = 0;
  while (bytes < noiseBytes && stamped.length > 0) {
    const at = stamped[rng.int(0, stamped.length - 1)] as { l: string; k: number };
    let line: string;
    if (kind === 'journal') {
      const make = JOURNAL_NOISE[rng.int(0, JOURNAL_NOISE.length - 1)] as (r: Rng) => string;
      line = `${at.l.slice(0, 15)} ${host} ${make(rng)}`;
    } else {
      const make = DMESG_NOISE[rng.int(0, DMESG_NOISE.length - 1)] as (r: Rng) => string;
      line = `[${at.k.toFixed(6).padStart(12)}] ${make(rng)}`;
    }
    noise.push({ l: line, k: at.k });
    bytes += line.length + 1;
  }
  noise.sort((a, b) => a.k - b.k);
  const out: string[] = [];
  let n = 0;
  for (const l of lines) {
    const k = keyOf(l);
    if (k !== null)
      while (n < noise.length && (noise[n] as { k: number }).k < k) out.push((noise[n++] as { l: string }).l);
    out.push(l);
  }
  while (n < noise.length) out.push((noise[n++] as { l: string }).l);
  return out;
}

/** Writes the bundle under `dir` and returns its size in bytes. */
export function writeBenchBundle(dir: string, targetMiB = 200): number {
  checkNoise();
  rmSync(dir, { recursive: true, force: true });
  const rng = new Rng(20261130);
  const perHost = (targetMiB * 1024 * 1024) / HOSTS.length;
  let total = 0;
  for (const host of HOSTS) {
    mkdirSync(join(dir, host), { recursive: true });
    for (const [name, kind, share] of [
      ['journal.log', 'journal', 0.6],
      ['dmesg.log', 'dmesg', 0.37],
    ] as const) {
      const lines = readFileSync(join(SAMPLE, host, name), 'utf8')
        .trimEnd()
        .split('\n');
      const text = `${pad(lines, perHost * share, rng, kind, host).join('\n')}\n`;
      writeFileSync(join(dir, host, name), text);
      total += Buffer.byteLength(text);
    }
    const kubelet = readFileSync(join(SAMPLE, host, 'kubelet.log'));
    writeFileSync(join(dir, host, 'kubelet.log'), kubelet);
    total += kubelet.byteLength;
  }
  const dump = readFileSync(join(SAMPLE, 'ceph-config-dump.txt'));
  writeFileSync(join(dir, 'ceph-config-dump.txt'), dump);
  return total + dump.byteLength;
}
