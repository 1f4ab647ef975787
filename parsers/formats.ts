// The registry of formats the engine knows, in detection order: on equal scores the earlier
// format wins unless the file name suggests another (see detect.ts).

import { CEPH_CONF_FORMATS } from './ceph-conf.ts';
import { createCephConfigDumpParser } from './ceph-config-dump.ts';
import { CEPH_HEALTH_FORMATS } from './ceph-health.ts';
import { CEPH_JSON_FORMATS } from './ceph-json.ts';
import { CEPH_LOG_FORMATS } from './ceph-logs.ts';
import { CRI_FORMATS } from './cri.ts';
import { dmesgParser } from './dmesg.ts';
import { DMESG_VARIANT_FORMATS } from './dmesg-variants.ts';
import { HOST_FACT_FORMATS } from './host-facts.ts';
import { HOST_LOCALTIME_FORMATS } from './host-localtime.ts';
import { HOST_MOUNT_FORMATS } from './host-mounts.ts';
import { JOURNAL_EXPORT_FORMATS } from './journal-export.ts';
import { JOURNAL_JSON_FORMATS } from './journal-json.ts';
import { JOURNAL_MODE_FORMATS } from './journal-modes.ts';
import { journalShortParser } from './journal-short.ts';
import { JOURNAL_VERBOSE_FORMATS } from './journal-verbose.ts';
import { klogParser } from './klog.ts';
import { KLOG_JSON_FORMATS } from './klog-json.ts';
import { KMSG_FORMATS } from './kmsg.ts';
import { KUBECTL_DESCRIBE_FORMATS } from './kubectl-describe.ts';
import { SYSLOG_FORMATS } from './syslog.ts';
import type { FormatParser, FormatSpec, KnownFormat } from './types.ts';

const spec = (id: KnownFormat, title: string, create: () => FormatParser, pathHint: RegExp): FormatSpec => ({
  id,
  title,
  create,
  pathHint,
});

const byId = (list: readonly FormatSpec[], id: KnownFormat): FormatSpec => {
  const found = list.find((f) => f.id === id);
  if (!found) throw new Error(`format ${id} is not in its family's list`);
  return found;
};

/**
 * Order matters only on equal scores. Short-monotonic comes before raw dmesg: a journal with
 * nothing but `[ 1.2] host ident: msg` lines fits both, while real dmesg changes its second token
 * on every line and so fails the stateful monotonic parser.
 */
export const FORMATS: readonly FormatSpec[] = [
  byId(JOURNAL_MODE_FORMATS, 'journal-short-monotonic'),
  spec('dmesg', 'dmesg (raw)', () => dmesgParser, /^dmesg/),
  ...DMESG_VARIANT_FORMATS,
  ...KMSG_FORMATS,
  // must-gather `kubelet_service.log` is journal output; `messages`, `syslog`, `kern.log` are syslog files.
  spec('journal-short', 'journalctl (short)', () => journalShortParser, /^journal|_service\.log/),
  ...JOURNAL_MODE_FORMATS.filter((f) => f.id !== 'journal-short-monotonic'),
  ...JOURNAL_VERBOSE_FORMATS,
  ...JOURNAL_JSON_FORMATS,
  ...JOURNAL_EXPORT_FORMATS,
  ...SYSLOG_FORMATS,
  spec('klog', 'kubelet klog', () => klogParser, /^kubelet/),
  ...KLOG_JSON_FORMATS,
  ...CRI_FORMATS,
  ...KUBECTL_DESCRIBE_FORMATS,
  spec('ceph-config-dump', 'ceph config dump', () => createCephConfigDumpParser(), /config.*dump/),
  ...CEPH_JSON_FORMATS,
  ...CEPH_CONF_FORMATS,
  ...CEPH_LOG_FORMATS,
  ...CEPH_HEALTH_FORMATS,
  ...HOST_MOUNT_FORMATS,
  ...HOST_FACT_FORMATS,
  ...HOST_LOCALTIME_FORMATS,
];

const BY_ID = new Map(FORMATS.map((f) => [f.id, f]));

export function formatSpec(id: KnownFormat): FormatSpec | undefined {
  return BY_ID.get(id);
}

/** A fresh parser for one file (some parsers keep per-file state, so instances are never shared). */
export function parserFor(format: KnownFormat): FormatParser {
  const spec = BY_ID.get(format);
  if (!spec) throw new Error(`no parser for format ${format}`);
  return spec.create();
}
