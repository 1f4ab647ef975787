import { describe, expect, it } from 'vitest';
import { HOST_MOUNT_FORMATS, hostMountsParser, splitOptions, unescapeOctal } from './host-mounts.ts';
import type { Fact, LineOutcome } from './types.ts';

const parse = (text: string): LineOutcome => hostMountsParser.parseLine(text, 4, 200);
const mount = (device: string, mountPoint: string, fsType: string, options: string[]): Fact => ({
  kind: 'mount',
  device,
  mountPoint,
  fsType,
  options,
});

describe('hostMountsParser records', () => {
  it.each<[string, Fact]>([
    // The cascade vocabulary §6.3 example line (old device syntax, kernel shows secret=<hidden>).
    [
      '10.0.0.1:6789,10.0.0.2:6789:/volumes/csi/x /var/lib/kubelet/pods/7c1f/volumes/kubernetes.io~cephfs/pvc-x ceph rw,relatime,name=admin,secret=<hidden>,acl,fsc,recover_session=clean 0 0',
      mount(
        '10.0.0.1:6789,10.0.0.2:6789:/volumes/csi/x',
        '/var/lib/kubelet/pods/7c1f/volumes/kubernetes.io~cephfs/pvc-x',
        'ceph',
        ['rw', 'relatime', 'name=admin', 'secret=<hidden>', 'acl', 'fsc', 'recover_session=clean'],
      ),
    ],
    // New device syntax (name@fsid.fs=/path), `fsc=<uniq>`, `mon_addr` with `/` between monitors.
    [
      'admin@bf9495f9-726d-42d3-ac43-53938496bb29.cephfs=/volumes/x /mnt/x ceph rw,relatime,name=admin,secret=<hidden>,fsc=uniq1,mon_addr=10.99.10.1:6789/10.99.10.2:6789 0 0',
      mount('admin@bf9495f9-726d-42d3-ac43-53938496bb29.cephfs=/volumes/x', '/mnt/x', 'ceph', [
        'rw',
        'relatime',
        'name=admin',
        'secret=<hidden>',
        'fsc=uniq1',
        'mon_addr=10.99.10.1:6789/10.99.10.2:6789',
      ]),
    ],
    // Every line, not only ceph ones; octal escapes are decoded.
    [
      '/dev/mapper/centos-root / xfs rw,seclabel,relatime,attr2,inode64,noquota 0 0',
      mount('/dev/mapper/centos-root', '/', 'xfs', [
        'rw',
        'seclabel',
        'relatime',
        'attr2',
        'inode64',
        'noquota',
      ]),
    ],
    [
      '/dev/sdb1 /mnt/backup\\040disk\\011tab\\134x ext4 rw,relatime 0 0',
      mount('/dev/sdb1', '/mnt/backup disk\ttab\\x', 'ext4', ['rw', 'relatime']),
    ],
    ['rootfs / rootfs rw 0 0', mount('rootfs', '/', 'rootfs', ['rw'])],
    [
      'ceph-fuse /mnt/cephfs fuse.ceph-fuse rw,nosuid,nodev,relatime,user_id=0,group_id=0,allow_other 0 0',
      mount('ceph-fuse', '/mnt/cephfs', 'fuse.ceph-fuse', [
        'rw',
        'nosuid',
        'nodev',
        'relatime',
        'user_id=0',
        'group_id=0',
        'allow_other',
      ]),
    ],
    // SELinux context: the comma inside quotes does not split.
    [
      'overlay /var/lib/docker/overlay2/3f/merged overlay rw,context="system_u:object_r:svirt_sandbox_file_t:s0:c112,c835",relatime 0 0',
      mount('overlay', '/var/lib/docker/overlay2/3f/merged', 'overlay', [
        'rw',
        'context="system_u:object_r:svirt_sandbox_file_t:s0:c112,c835"',
        'relatime',
      ]),
    ],
    // `mount` / `mount -l` listing, with and without a label.
    [
      '10.101.233.60:6789:/volumes/csi/csi-vol-3f90 on /var/lib/www type ceph (rw,relatime,name=admin,secret=<hidden>,dirstat,acl,mds_namespace=myfs,wsize=16777216)',
      mount('10.101.233.60:6789:/volumes/csi/csi-vol-3f90', '/var/lib/www', 'ceph', [
        'rw',
        'relatime',
        'name=admin',
        'secret=<hidden>',
        'dirstat',
        'acl',
        'mds_namespace=myfs',
        'wsize=16777216',
      ]),
    ],
    [
      '/dev/vda1 on /boot type xfs (rw,relatime,seclabel,attr2,inode64,noquota) [boot]',
      mount('/dev/vda1', '/boot', 'xfs', ['rw', 'relatime', 'seclabel', 'attr2', 'inode64', 'noquota']),
    ],
  ])('%s', (text, want) => {
    const out = parse(text);
    expect(out).toMatchObject({ t: 'record', rec: { kind: 'fact', line: 4, offset: 200, msg: text } });
    expect(out.t === 'record' && out.rec.kind === 'fact' ? out.rec.fact : null).toEqual(want);
  });

  it('never keeps a secret, neither in the fact nor in msg', () => {
    const key = 'AQATSKdNGBnwLhAAnNDKnH65FmVKpXZJVasUeQ==';
    for (const text of [
      `10.0.0.1:6789:/ /mnt/x ceph rw,name=admin,secret=${key},acl 0 0`,
      `10.0.0.1:6789:/ on /mnt/x type ceph (rw,name=admin,secret=${key},acl)`,
      `//srv/share /mnt/s cifs rw,username=bob,password=${key} 0 0`,
    ]) {
      const out = parse(text);
      expect(out.t).toBe('record');
      expect(JSON.stringify(out)).not.toContain(key);
      if (out.t === 'record' && out.rec.kind === 'fact' && out.rec.fact.kind === 'mount') {
        expect(out.rec.fact.options.filter((o) => o.endsWith('=<hidden>'))).toHaveLength(1);
        expect(out.rec.msg).toBe(text.replace(key, '<hidden>'));
      }
    }
  });
});

describe('hostMountsParser other lines', () => {
  it.each<[string, LineOutcome['t']]>([
    ['', 'blank'],
    ['[root@k8s-worker-1 ~]# cat /proc/mounts', 'meta'],
    // /etc/fstab: tag devices and `defaults` are never in the kernel's table.
    ['UUID=3a9c6f2e-7b1d-4e5f-9a8b-1c2d3e4f5a6b /boot xfs defaults 0 0', 'unparsed'],
    ['/dev/mapper/centos-home /home xfs defaults 0 0', 'unparsed'],
    // fstab's usual column alignment, and comments.
    ['/dev/mapper/centos-root /                       xfs     defaults        0 0', 'unparsed'],
    // lines.ts reads a bare `# …` as a root prompt.
    ['# /etc/fstab', 'meta'],
    // /proc/self/mountinfo is another format.
    ['36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue', 'unparsed'],
    // Cut mid-line, relative mount point, non-numeric dump field.
    ['/dev/mapper/centos-home /home xfs rw,seclabel,relatime,attr2,inode64,no', 'unparsed'],
    ['/dev/sda1 boot xfs rw 0 0', 'unparsed'],
    ['/dev/sda1 /boot xfs rw x 0', 'unparsed'],
    ['mount: /proc: not mounted.', 'unparsed'],
    // Other formats.
    ['[ 5645.168000] ceph: mds0 closed our session', 'unparsed'],
    [
      'Nov 12 10:14:03 k8s-worker-1 kernel: libceph: mon0 10.99.10.1:6789 session lost, hunting for new mon',
      'unparsed',
    ],
    ['E1112 10:20:01.123456    1234 kubelet_volumes.go:65] pod "x" found', 'unparsed'],
    ['mgr          advanced  mgr/dashboard/ssl                                  true       *', 'unparsed'],
    ['WHO    MASK  LEVEL     OPTION                                             VALUE      RO', 'unparsed'],
    [
      'Linux k8s-worker-1 3.10.0-1062.4.1.el7.x86_64 #1 SMP Fri Oct 18 17:15:30 UTC 2019 x86_64 GNU/Linux',
      'unparsed',
    ],
    [' 11:05:02 up 7 days,  8:23,  2 users,  load average: 0.52, 0.58, 0.59', 'unparsed'],
    ['                Time zone: Asia/Shanghai (CST, +0800)', 'unparsed'],
    ['635025.31 2483207.64', 'unparsed'],
  ])('%j → %s', (text, want) => {
    expect(parse(text).t).toBe(want);
  });

  it('gives a specific reason', () => {
    expect(parse('36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw')).toEqual({
      t: 'unparsed',
      reason: 'a /proc/self/mountinfo line (not supported)',
    });
  });
});

describe('helpers', () => {
  it('unescapes only three-digit octal escapes', () => {
    expect(unescapeOctal('a\\040b\\012c\\9')).toBe('a b\nc\\9');
  });
  it('splits options, keeps quoted commas, drops empty ones', () => {
    expect(splitOptions('rw,,context="a,b",secret=x')).toEqual(['rw', 'context="a,b"', 'secret=<hidden>']);
  });
});

describe('HOST_MOUNT_FORMATS', () => {
  it.each([
    ['mounts', true],
    ['proc.mounts', true],
    ['k8s-worker-1-proc-mounts.log', true],
    ['mount', true],
    ['mount_-l', true],
    ['mtab', true],
    ['mountinfo', false],
    ['mountstats', false],
    ['umount.log', false],
  ])('path hint %s → %s', (name, want) => {
    expect(HOST_MOUNT_FORMATS[0]?.pathHint?.test(name)).toBe(want);
  });
});
