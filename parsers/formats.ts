// The registry of formats the engine knows, in detection order: on equal scores the earlier
// format wins unless the file name suggests another (see detect.ts).
import { createCephConfigDumpParser } from './ceph-config-dump.ts';
import { dmesgParser } from './dmesg.ts';
import { journalShortParser } from './journal-short.ts';
import { klogParser } from './klog.ts';
import type { FormatParser, FormatSpec, KnownFormat } from './types.ts';

const FIRST_FORMATS: readonly FormatSpec[] = [
  { id: 'dmesg', title: 'dmesg (raw)', create: () => dmesgParser, pathHint: /^dmesg/ },
  {
    id: 'journal-short',
    title: 'journalctl (short)',
    create: () => journalShortParser,
    // must-gather `kubelet_service.log` is journal output.
    pathHint: /^(?:journal|messages|syslog|kern\.log)|_service\.log/,
  },
  { id: 'klog', title: 'kubelet klog', create: () => klogParser, pathHint: /^kubelet/ },
  {
    id: 'ceph-config-dump',
    title: 'ceph config dump',
    create: () => createCephConfigDumpParser(),
    pathHint: /config.*dump/,
  },
];

export const FORMATS: readonly FormatSpec[] = [...FIRST_FORMATS];

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
