// Context facts carried by kernel lines that are not stage events: the running kernel and the
// CephFS client global id (the id the MDS names when it evicts a session).
//
//   [    0.000000] Linux version 3.10.0-1062.4.1.el7.x86_64 (mockbuild@kbuilder.bsys.centos.org) …
//   [45567.909875] libceph: client7984614 fsid 5d44c1b2-3fa7-42a1-827b-c4fb1b4a8e76
//
//   kernelFact('libceph: client176873 fsid bf94…') → { kind: 'client-id', clientId: 176873, fsid: 'bf94…' }

export type KernelFact =
  | { kind: 'kernel-version'; version: string }
  | { kind: 'client-id'; clientId: number; fsid: string };

const LINUX_VERSION = /^Linux version (?<version>\S+)/;
const CLIENT_FSID = /^libceph: client(?<clientId>\d+) fsid (?<fsid>[0-9a-f-]{36})\s*$/;

export function kernelFact(msg: string): KernelFact | null {
  if (msg.startsWith('Linux version ')) {
    const m = LINUX_VERSION.exec(msg);
    if (m?.groups?.version) return { kind: 'kernel-version', version: m.groups.version };
  } else if (msg.startsWith('libceph: client')) {
    const m = CLIENT_FSID.exec(msg);
    if (m?.groups?.clientId && m.groups.fsid) {
      return { kind: 'client-id', clientId: Number(m.groups.clientId), fsid: m.groups.fsid };
    }
  }
  return null;
}

/**
 * Compare two kernel release strings by their numeric `major.minor.patch` head.
 * Vendor suffixes (`-1062.4.1.el7.x86_64`) are ignored: the caller must say that a vendor kernel
 * may carry backports.
 */
export function kernelAtLeast(release: string, major: number, minor: number): boolean | null {
  const m = /^(\d+)\.(\d+)/.exec(release);
  if (!m) return null;
  const [maj, min] = [Number(m[1]), Number(m[2])];
  return maj > major || (maj === major && min >= minor);
}
