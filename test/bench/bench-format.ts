// How each file of the benchmark bundle prints one message: the stamp and framing of every dialect
// (raw and `-T` dmesg, journalctl short / short-iso / json, RFC 3164 syslog, klog, CRI, the MDS log).
// All times are microseconds since the epoch, UTC.
import type { FormatId } from '../../parsers/types.ts';

export type Kind = 'kernel' | 'user' | 'kubelet' | 'csi' | 'mds';

export interface Message {
  /** Microseconds since the epoch, UTC. */
  t: number;
  kind: Kind;
  /** The message body (kernel printk text, syslog message, klog message, MDS `dout prefix msg`). */
  msg: string;
  /** user: syslog identifier and pid. */
  ident?: string;
  pid?: number;
  /** kubelet, csi: klog level and `file.go:line`. */
  level?: 'I' | 'W' | 'E';
  file?: string;
  /** A healthy ceph / kubelet-volume line (counted, not an event). */
  relevant: boolean;
}

/** What a line writer knows of its host. */
export interface HostClock {
  name: string;
  /** Kernel time zero of the host's boot, µs since the epoch. */
  boot: number;
  bootId: string;
  kubeletPid: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const p6 = (n: number) => String(n).padStart(6, '0');

interface Civil {
  y: number;
  mo: number;
  d: number;
  hms: string;
  wd: number;
}

// Millions of lines share a few hundred thousand seconds: one Date per second, not per line.
let cachedSecond = Number.NaN;
let cached: Civil = { y: 0, mo: 0, d: 0, hms: '', wd: 0 };
function civil(us: number): Civil {
  const sec = Math.floor(us / 1e6);
  if (sec !== cachedSecond) {
    const d = new Date(sec * 1000);
    cachedSecond = sec;
    cached = {
      y: d.getUTCFullYear(),
      mo: d.getUTCMonth() + 1,
      d: d.getUTCDate(),
      hms: `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
      wd: d.getUTCDay(),
    };
  }
  return cached;
}
const micros = (us: number) => p6(us % 1e6);

/** `[172803.412318]`, seconds since boot as dmesg prints them. */
export function monoStamp(t: number, boot: number): string {
  const d = t - boot;
  return `[${`${Math.floor(d / 1e6)}.${p6(d % 1e6)}`.padStart(12)}]`;
}
/** `Nov 12 10:14:03` (journal short, RFC 3164: day padded with a space). */
export function shortStamp(t: number): string {
  const c = civil(t);
  return `${MONTHS[c.mo - 1]} ${String(c.d).padStart(2)} ${c.hms}`;
}
/** `2019-11-12T10:14:03` */
function isoSeconds(t: number): string {
  const c = civil(t);
  return `${c.y}-${p2(c.mo)}-${p2(c.d)}T${c.hms}`;
}
/** journalctl header stamp: `Tue 2019-11-12 06:00:01 UTC` */
export function headerStamp(t: number): string {
  const c = civil(t);
  return `${WEEKDAYS[c.wd]} ${c.y}-${p2(c.mo)}-${p2(c.d)} ${c.hms} UTC`;
}
/** klog header: `E1112 10:20:01.123456    1187 file.go:66] msg` */
function klog(level: string, t: number, pid: number, file: string, msg: string): string {
  const c = civil(t);
  return `${level}${p2(c.mo)}${p2(c.d)} ${c.hms}.${micros(t)} ${String(pid).padStart(7)} ${file}] ${msg}`;
}
/** logrus / RFC3339Nano in UTC: `2019-11-12T10:20:15.412345000Z` */
export function nanoStamp(t: number): string {
  return `${isoSeconds(t)}.${micros(t)}000Z`;
}

/** `ident[pid]: msg` as journald and rsyslog print it; the kernel has no pid, kubelet lines carry klog. */
function syslogBody(m: Message, h: HostClock): string {
  switch (m.kind) {
    case 'kernel':
      return `kernel: ${m.msg}`;
    case 'kubelet':
      return `kubelet[${h.kubeletPid}]: ${klog(m.level ?? 'I', m.t, h.kubeletPid, m.file ?? '', m.msg)}`;
    default:
      return `${m.ident}[${m.pid}]: ${m.msg}`;
  }
}

function journalJson(m: Message, h: HostClock): string {
  const mono = m.t - h.boot;
  const cursor = `s=${h.bootId};i=${(m.t % 0xffffff).toString(16)};b=${h.bootId};m=${mono.toString(16)};t=${m.t.toString(16)};x=${(m.t % 0xffffffff).toString(16)}`;
  const head = `{"__CURSOR":"${cursor}","__REALTIME_TIMESTAMP":"${m.t}","__MONOTONIC_TIMESTAMP":"${mono}","_BOOT_ID":"${h.bootId}"`;
  const host = `"_MACHINE_ID":"4b0c8d3c2f7e4a1d9e6f5a4b3c2d1e0f","_HOSTNAME":"${h.name}"`;
  switch (m.kind) {
    case 'kernel':
      return `${head},"_TRANSPORT":"kernel","PRIORITY":"6","SYSLOG_FACILITY":"0","SYSLOG_IDENTIFIER":"kernel",${host},"_SOURCE_MONOTONIC_TIMESTAMP":"${mono - 37}","MESSAGE":${JSON.stringify(m.msg)}}`;
    case 'kubelet': {
      const text = klog(m.level ?? 'I', m.t, h.kubeletPid, m.file ?? '', m.msg);
      return `${head},"PRIORITY":"6","SYSLOG_FACILITY":"3","_UID":"0","_GID":"0","_TRANSPORT":"stdout","SYSLOG_IDENTIFIER":"kubelet","_PID":"${h.kubeletPid}","_COMM":"kubelet","_EXE":"/usr/bin/kubelet","_SYSTEMD_UNIT":"kubelet.service",${host},"MESSAGE":${JSON.stringify(text)}}`;
    }
    default:
      return `${head},"PRIORITY":"6","SYSLOG_FACILITY":"3","_UID":"0","_GID":"0","_TRANSPORT":"syslog","SYSLOG_IDENTIFIER":"${m.ident}","_PID":"${m.pid}","_COMM":"${m.ident}",${host},"MESSAGE":${JSON.stringify(m.msg)}}`;
  }
}

export type LineWriter = (m: Message, h: HostClock) => string;

/** One writer per format of the bundle: the message as that file prints it. */
export const WRITERS: Partial<Record<FormatId, LineWriter>> = {
  dmesg: (m, h) => `${monoStamp(m.t, h.boot)} ${m.msg}`,
  'dmesg-ctime': (m) => {
    const c = civil(m.t);
    return `[${WEEKDAYS[c.wd]} ${MONTHS[c.mo - 1]} ${String(c.d).padStart(2)} ${c.hms} ${c.y}] ${m.msg}`;
  },
  'journal-short': (m, h) => `${shortStamp(m.t)} ${h.name} ${syslogBody(m, h)}`,
  'syslog-rfc3164': (m, h) => `${shortStamp(m.t)} ${h.name} ${syslogBody(m, h)}`,
  'journal-short-iso': (m, h) => `${isoSeconds(m.t)}+0000 ${h.name} ${syslogBody(m, h)}`,
  'journal-json': journalJson,
  klog: (m, h) => klog(m.level ?? 'I', m.t, h.kubeletPid, m.file ?? '', m.msg),
  cri: (m) =>
    `${isoSeconds(m.t)}.${micros(m.t)}${String(m.t % 997).padStart(3, '0')}Z stderr F ${klog(m.level ?? 'I', m.t, 1, m.file ?? '', m.msg)}`,
  'ceph-mds-log': (m) => {
    const space = m.msg.indexOf(' ');
    const dout = m.msg.slice(0, space);
    return `${isoSeconds(m.t)}.${micros(m.t)}+0000 7f6c4e836700 ${dout.padStart(2)} ${m.msg.slice(space + 1)}`;
  },
};
