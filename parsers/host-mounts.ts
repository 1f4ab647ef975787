// The mount table: `/proc/mounts` (≡ `/proc/self/mounts`, sos `proc/mounts`; fs/proc_namespace.c
// `show_vfsmnt`: `dev mnt fstype opts 0 0`, with space, tab, newline and backslash octal-escaped as
// `\040`, `\011`, `\012`, `\134`), and the same table as `mount` / `mount -l` prints it (sos root
// symlink `mount` → `sos_commands/filesys/mount_-l`): `dev on mnt type fstype (opts)`.
//
// Sample lines (constructed for the sample cluster from those formats; the ceph options follow
// fs/ceph/super.c `ceph_show_options` and the mount pastes in ceph/ceph-csi#576, containers/crun#1567):
//   10.0.0.1:6789,10.0.0.2:6789:/volumes/csi/csi-vol-4e2d /var/lib/kubelet/pods/8f0c/volumes/kubernetes.io~csi/pvc-1/mount ceph rw,relatime,name=admin,secret=<hidden>,acl,fsc 0 0
//   /dev/mapper/centos-root / xfs rw,relatime,attr2,inode64,noquota 0 0
//   /dev/sdb1 /mnt/backup\040disk ext4 rw,relatime 0 0
//   admin@bf9495f9-6c1c-4d1f-9c5a-0f3f0e7b8a11.cephfs=/volumes/x on /mnt/x type ceph (rw,relatime,name=admin,secret=<hidden>,acl,recover_session=clean)
//
// Example:
//   hostMountsParser.parseLine('/dev/sdb1 /mnt/backup\\040disk ext4 rw,relatime 0 0', 3, 120)
//   // → { t: 'record', rec: { kind: 'fact', line: 3, offset: 120, msg: '/dev/sdb1 /mnt/backup\\040disk ext4 rw,relatime 0 0',
//   //      fact: { kind: 'mount', device: '/dev/sdb1', mountPoint: '/mnt/backup disk', fsType: 'ext4', options: ['rw', 'relatime'] } } }

import { isBlank, matchPrompt } from './lines.ts';
import type { FactRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

// One space between fields is all the kernel prints; the mount point is always absolute.
const PROC_MOUNTS =
  /^(?<device>\S+) (?<mountPoint>\/\S*) (?<fsType>[\w.-]+) (?<options>\S+) (?<dump>\d+) (?<pass>\d+)$/;
// util-linux prints paths unescaped, so a path with a space would not match: such lines are rare
// in `mount` output and stay `unparsed` rather than guessed at.
const MOUNT_LIST =
  /^(?<device>\S+) on (?<mountPoint>\/\S*) type (?<fsType>[\w.-]+) \((?<options>[^()]*)\)(?: \[[^\]]*\])?$/;
// `/proc/self/mountinfo`: `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`.
const MOUNTINFO = /^\d+ \d+ \d+:\d+ \//;
// /etc/fstab names devices by tag and says `defaults`; the kernel never prints either.
const FSTAB_DEVICE = /^(?:UUID|LABEL|PARTUUID|PARTLABEL)=/;
const SECRET_OPTION = /^(?:secret|password|passwd)=/;
const SECRET_IN_RAW = /(^|,)(secret|password|passwd)=[^,]*/g;
const HIDDEN = '<hidden>';

/** Decodes the kernel's `\ooo` escapes (mangle() in fs/proc_namespace.c). */
export function unescapeOctal(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));
}

/**
 * Splits a mount option string on commas, except inside double quotes: SELinux contexts carry
 * commas (`context="system_u:object_r:container_file_t:s0:c12,c34"`). Secrets become `<hidden>`.
 */
export function splitOptions(raw: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of raw) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out
    .filter((o) => o !== '')
    .map((o) => {
      const opt = unescapeOctal(o);
      return SECRET_OPTION.test(opt) ? `${opt.slice(0, opt.indexOf('=') + 1)}${HIDDEN}` : opt;
    });
}

/** The line as kept in `msg`: identical to the source except that secret values are hidden. */
function redact(text: string, rawOptions: string): string {
  if (!/(?:secret|passw(?:or)?d)=/.test(rawOptions)) return text;
  const safe = rawOptions.replace(SECRET_IN_RAW, `$1$2=${HIDDEN}`);
  const at = text.lastIndexOf(rawOptions); // the options come after the device and the mount point
  return `${text.slice(0, at)}${safe}${text.slice(at + rawOptions.length)}`;
}

function parseLine(text: string, line: number, offset: number): LineOutcome<FactRecord> {
  if (isBlank(text)) return { t: 'blank' };
  const g = (PROC_MOUNTS.exec(text) ?? MOUNT_LIST.exec(text))?.groups;
  if (g?.device && g.mountPoint && g.fsType && g.options !== undefined) {
    const options = splitOptions(g.options);
    if (FSTAB_DEVICE.test(g.device) || options.includes('defaults')) {
      return {
        t: 'unparsed',
        reason: 'an /etc/fstab entry (UUID=/LABEL= device or `defaults`), not a mounted fs',
      };
    }
    return {
      t: 'record',
      rec: {
        kind: 'fact',
        line,
        offset,
        msg: redact(text, g.options),
        fact: {
          kind: 'mount',
          device: unescapeOctal(g.device),
          mountPoint: unescapeOctal(g.mountPoint),
          fsType: g.fsType,
          options,
        },
      },
    };
  }
  const prompt = matchPrompt(text);
  if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
  if (MOUNTINFO.test(text)) return { t: 'unparsed', reason: 'a /proc/self/mountinfo line (not supported)' };
  return {
    t: 'unparsed',
    reason: 'not a mount table line (`dev mnt fstype opts 0 0` or `dev on mnt type fstype (opts)`)',
  };
}

export const hostMountsParser: FormatParser<FactRecord> = { id: 'host-mounts', parseLine };

export const HOST_MOUNT_FORMATS: readonly FormatSpec[] = [
  {
    id: 'host-mounts',
    title: '/proc/mounts (mount table)',
    create: () => hostMountsParser,
    // sos `proc/mounts`, root `mount` → `mount_-l`; loose `node-a-mounts.txt`, `mtab`. Not `mountinfo`.
    pathHint: /(?:^|[._-])(?:mounts|mtab|mount(?:_-l)?)(?:$|[._-])/,
  },
];
