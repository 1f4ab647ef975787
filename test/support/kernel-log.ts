// A generated kernel log for the scan's equivalence tests (workers/skim.test.ts, workers/split.test.ts):
// mostly noise, with every shape the cheap path must hand to the full path and every clock change
// a cut between parts must get right (reboots, small steps back, `Linux version` lines).
import type { Rng } from './rng.ts';

/** A kernel log of `n` lines: mostly noise, with every shape the skim must hand to the full path. */
export function kernelLog(r: Rng, n: number): string {
  const noise = [
    'IPv6: ADDRCONF(NETDEV_UP): veth1a2b: link is not ready',
    'device veth468276a5 entered promiscuous mode',
    'XFS (dm-9): Mounting V5 Filesystem',
    'cni0: port 17(veth3c19cb56) entered forwarding state',
    '',
    'double  spaced\tand tabbed  ',
  ];
  const special = [
    'libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
    'libceph: mon1 10.99.10.2:6789 session lost, hunting for new mon',
    'ceph: mds0 closed our session',
    'ceph: mds0 hung',
    'ceph:  dropping dirty Fw state for ffff9d9085da1340 1099512175611',
    'something hung up the phone',
    'Linux version 5.15.0-91-generic (buildd@lcy02) #101-Ubuntu SMP',
    'libceph: client176873 fsid 9b4e9d3c-6c8b-4a43-9d5c-2a1b6c0e8f11',
    'libceph: client4 wrong text',
  ];
  let mono = r.int(0, 5000) + 0.5;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = r.next();
    if (p < 0.002) mono = r.int(0, 30) + r.next();
    else if (p < 0.004) mono = Math.max(0, mono - r.int(0, 9) - r.next());
    else if (p < 0.008) mono += r.int(20, 500);
    else mono += r.next() * 0.01;
    const stamp = mono.toFixed(6);
    const pad = ' '.repeat(Math.max(0, 12 - stamp.length));
    const msg = r.chance(0.03) ? r.pick(special) : r.pick(noise);
    const q = r.next();
    if (q < 0.005) out.push(`  continued ${i}`);
    else if (q < 0.008) out.push('');
    else if (q < 0.011) out.push(`[${pad}${stamp}] [T${r.int(1, 999)}] ${msg}`);
    else if (q < 0.013) out.push(`[${pad}${stamp}] [  C${r.int(0, 9)}]${msg}`);
    else if (q < 0.015) out.push(`[${pad}${stamp}] with a \r carriage return`);
    else if (q < 0.017) out.push(`[${pad}${stamp}]${msg}\r`);
    else if (q < 0.019) out.push(`[${pad}${stamp.slice(0, -1)}] five decimals`);
    else if (q < 0.021) out.push(`root@node-a:~# dmesg ${i}`);
    // Characters of more than one byte are rare: the piece they are in is read the full way.
    else if (q < 0.0215) out.push(`[${pad}${stamp}] \u2028 separator`);
    else if (q < 0.022) out.push(`[${pad}${stamp}] caf\u00e9 cr\u00e8me`);
    else if (q < 0.0225) out.push(`[${pad}${stamp}] stray \udc80 half`);
    else out.push(`[${pad}${stamp}] ${msg}`);
  }
  return `${out.join('\n')}\n`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/**
 * A `journalctl -o short` (or `-o short-iso`, or an RFC 3164 syslog file) log of `n` lines: mostly noise of the kernel and
 * other programs, with kubelet and runtime lines, markers, continuations, rsyslog repeats,
 * impossible dates, printk times going back, hosts changing case and length, a New Year and a
 * repeated hour.
 */
export function journalShortLog(r: Rng, n: number, mode: 'short' | 'iso' | 'syslog' = 'short'): string {
  // A host with `:` or brackets is refused by the short modes' body, not by journal-short.
  const hosts = ['node-a', 'NODE-A', 'node-b.cluster.example.com', 'node-b.cluster.example.com'];
  const noise = [
    'IPv6: ADDRCONF(NETDEV_UP): veth1a2b: link is not ready',
    'device veth468276a5 entered promiscuous mode',
    '',
    'double  spaced\tand tabbed  ',
  ];
  const special = [
    'libceph: mon0 10.99.10.1:6789 socket closed (con state OPEN)',
    'ceph: mds0 hung',
    'Linux version 5.15.0-91-generic (buildd@lcy02) #101-Ubuntu SMP',
    'libceph: client176873 fsid 9b4e9d3c-6c8b-4a43-9d5c-2a1b6c0e8f11',
    'message repeated 3 times: [ ceph: x]',
  ];
  const others = ['systemd[1]', 'systemd-logind[712]', 'dockerd[900]', 'containerd', 'CROND[22]', 'sshd[0]'];
  let t = Date.UTC(2019, 11, 31, 22, 0, 0) - r.int(0, 3600) * 1000;
  let mono = r.int(100, 5000) + 0.25;
  const out: string[] = [];
  let host = hosts[0] as string;
  for (let i = 0; i < n; i++) {
    const p = r.next();
    if (p < 0.002) t -= 3600_000;
    else if (p < 0.004) mono = r.int(0, 20) + r.next();
    else if (p < 0.006) mono -= r.next() * 5;
    t += r.int(0, 4000);
    mono += r.next() * 0.01;
    if (r.chance(0.01)) host = r.pick(hosts);
    const lineHost = r.chance(0.01) ? 'odd:host[1]' : host;
    const d = new Date(t);
    const micros = r.chance(0.1) ? `.${String(r.int(0, 999_999)).padStart(6, '0')}` : '';
    const clock = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
    const zone = r.pick(['+0000', '+00:00', '-0130', '+0000']);
    // syslog pads the day with a space (`Jan  1`), and has no fraction but on a few lines.
    const day =
      mode === 'syslog' && d.getUTCDate() < 10 && r.chance(0.9) ? ` ${d.getUTCDate()}` : two(d.getUTCDate());
    const stamp =
      mode === 'iso'
        ? `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${clock}${r.chance(0.01) ? '.12' : micros}${zone}`
        : `${MONTHS[d.getUTCMonth()]} ${day} ${clock}${mode === 'syslog' ? (r.chance(0.01) ? '.123' : '') : micros}`;
    const bad =
      mode === 'iso'
        ? ['2020-02-30T10:00:00+0000', '2020-01-01T25:61:00+0000']
        : ['Feb 30 10:00:00', 'Jan 01 25:61:00'];
    const msg = r.chance(0.03) ? r.pick(special) : r.pick(noise);
    const printk = `[${mono.toFixed(6).padStart(12, ' ')}]`;
    const q = r.next();
    if (q < 0.005) out.push(`        continued ${i}`);
    else if (q < 0.007)
      out.push(r.chance(0.5) ? '-- Reboot --' : `-- Boot ${'0123456789abcdef'.repeat(2)} --`);
    else if (q < 0.008) out.push(`${bad[0]} ${lineHost} kernel: ${msg}`);
    else if (q < 0.009) out.push(`${bad[1]} ${lineHost} systemd[1]: impossible time`);
    else if (q < 0.011)
      out.push(
        `${mode === 'iso' ? '2020-02-29T10:00:00+0000' : 'Feb 29 10:00:00'} ${lineHost} systemd[1]: ${msg}`,
      );
    else if (q < 0.013) out.push(`${stamp} ${lineHost} kernel: with a \r return`);
    else if (q < 0.015) out.push(`${stamp} ${lineHost} kernel:`);
    else if (q < 0.017) out.push(`${stamp} ${lineHost} kernel: `);
    else if (q < 0.019) out.push(`${stamp} ${lineHost} sshd[x]: bad pid`);
    else if (q < 0.021) out.push(`${stamp}  ${lineHost} kernel: two spaces`);
    else if (q < 0.023) out.push(`${stamp} ${lineHost} kernel:${printk} no space`);
    else if (q < 0.0235) out.push(`${stamp} ${lineHost} kernel: caf\u00e9 ${msg}`);
    else if (q < 0.025)
      out.push(`${stamp} ${lineHost} kubelet[1203]: I1399 10:00:00.000000 1 x.go:1] month 13`);
    else if (q < 0.027)
      out.push(`${stamp} ${lineHost} kubenswrapper[9]: W1231 10:00:00.000000 1 x.go:1]no space`);
    else if (q < 0.029) out.push(`<13>${stamp} ${lineHost} kernel: with a PRI`);
    else if (q < 0.031) out.push(`${stamp} ${lineHost} an untagged message`);
    else if (q < 0.033) out.push(`${stamp} ${lineHost} kernel: tab#011escaped and \\ slash`);
    else if (q < 0.035) out.push(`${stamp} ${lineHost} rsyslogd: -- MARK --`);
    else if (q < 0.037) out.push(`${stamp} ${lineHost} rsyslogd:  message repeated 3 times: [x]`);
    else if (q < 0.039) out.push(`${stamp} ${lineHost}`);
    else if (q < 0.2)
      out.push(
        `${stamp} ${lineHost} kubelet[1203]: I${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:00:00.000000    1203 x.go:1] ${msg}`,
      );
    else if (q < 0.45) out.push(`${stamp} ${lineHost} kernel: ${printk} ${msg}`);
    else if (q < 0.7) out.push(`${stamp} ${lineHost} kernel: ${msg}`);
    else out.push(`${stamp} ${lineHost} ${r.pick(others)}: ${msg}`);
  }
  return `${out.join('\n')}\n`;
}

/**
 * A klog file (`kubelet.log`) of `n` lines: its header, then klog lines with continuations,
 * malformed headers, impossible dates and keywords.
 */
export function klogLog(r: Rng, n: number): string {
  const out = [
    'Log file created at: 2019/11/11 00:00:00',
    'Running on machine: node-a',
    'Binary: Built with gc go1.12.12 for linux/amd64',
    'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
  ];
  const msgs = [
    'No ready sandbox for pod "web-1" can be found. Need to start a new one',
    'Error syncing pod 36f8da4d ("web-1"), skipping: failed to "StartContainer"',
    'pod "36f8da4d" found, but error stat /var/lib/kubelet/pods/x: permission denied occurred during checking mounted volumes from disk',
    '',
    'spaces  and\ttabs',
  ];
  let t = Date.UTC(2019, 10, 11) + r.int(0, 1000) * 1000;
  for (let i = 0; i < n; i++) {
    t += r.int(0, 3000);
    const d = new Date(t);
    const head = `${r.pick(['I', 'I', 'I', 'W', 'E'])}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(r.int(0, 999_999)).padStart(6, '0')}`;
    const msg = r.chance(0.05) ? r.pick(msgs) : 'Volume detached for volume "pvc-1" on node "node-a"';
    const q = r.next();
    if (q < 0.01) out.push(`\tgoroutine ${i} [running]:`);
    else if (q < 0.015) out.push(`I1231 25:00:00.000000    1203 x.go:1] bad hour`);
    else if (q < 0.02) out.push(`${head}    1203 x.go:1]${msg}`);
    else if (q < 0.025) out.push(`${head} 1203 x.go] no line`);
    else if (q < 0.03) out.push(`${head}    1203 x.go:1] with a \r return`);
    else if (q < 0.035) out.push(`${head}    1203 x.go:1]`);
    else if (q < 0.04) out.push(`${head}7    1203 x.go:1] seven decimals`);
    else out.push(`${head}    1203 kubelet.go:${r.int(1, 2000)}] ${msg}`);
  }
  return `${out.join('\n')}\n`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * A `dmesg -T` log of `n` lines: `[Www Mmm d hh:mm:ss yyyy] msg`, with messages that start like
 * another stamp, caller ids, `-d` deltas, impossible times, keywords and continuations.
 */
export function dmesgCtimeLog(r: Rng, n: number): string {
  const msgs = [
    'IPv6: ADDRCONF(NETDEV_UP): veth1a2b: link is not ready',
    '[drm] Initialized',
    '8021q: adding VLAN 0 to HW filter',
    'libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
    'Linux version 5.15.0-91-generic (buildd@lcy02) #101-Ubuntu SMP',
    '',
    'double  spaced\tand tabbed',
  ];
  let t = Date.UTC(2019, 10, 1) + r.int(0, 86_400) * 1000;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    t += r.chance(0.002) ? -r.int(1, 7200) * 1000 : r.int(0, 4000);
    const d = new Date(t);
    const day = String(d.getUTCDate()).padStart(2, ' ');
    const stamp = `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
    const msg = r.chance(0.1) ? r.pick(msgs) : 'device veth468276a5 entered promiscuous mode';
    const q = r.next();
    if (q < 0.01) out.push(`[${stamp}] [T${r.int(1, 999)}] ${msg}`);
    else if (q < 0.02) out.push(`[${stamp} <    0.000123>] ${msg}`);
    else if (q < 0.025) out.push(`[Tue Nov 12 25:00:00 2019] impossible hour`);
    else if (q < 0.03) out.push(`                    continued ${i}`);
    else if (q < 0.035) out.push(`[${stamp}]`);
    else if (q < 0.04) out.push(`[${stamp}] `);
    else if (q < 0.045) out.push(`[${stamp}]${msg}`);
    else if (q < 0.05) out.push(`[${stamp}] [  123.456789] both stamps`);
    else out.push(`[${stamp}] ${msg}`);
  }
  return `${out.join('\n')}\n`;
}
