// Each parser file opens with real sample lines; this keeps those comments honest by feeding them
// through the parser they document (conventions: "a test feeds those sample lines through it").
import { describe, expect, it } from 'vitest';
import { headerSamples } from '../test/support/header-samples.ts';
import { createCephConfParser } from './ceph-conf.ts';
import { createCephConfigDumpParser } from './ceph-config-dump.ts';
import { createCephHealthDetailParser } from './ceph-health.ts';
import { createCephConfigJsonParser } from './ceph-json.ts';
import { cephMdsLogParser } from './ceph-logs.ts';
import { createCriParser } from './cri.ts';
import { detectFormat } from './detect.ts';
import { dmesgParser } from './dmesg.ts';
import { createJournalExportParser } from './journal-export.ts';
import { journalJsonParser } from './journal-json.ts';
import { journalShortParser } from './journal-short.ts';
import { klogParser } from './klog.ts';
import { klogJsonParser } from './klog-json.ts';
import { createKmsgParser } from './kmsg.ts';
import { createKubectlDescribeParser } from './kubectl-describe.ts';
import { syslogRfc3164Parser } from './syslog.ts';
import type { FormatParser } from './types.ts';

describe('header sample lines', () => {
  it.each<[string, () => FormatParser, string[]]>([
    ['./dmesg.ts', () => dmesgParser, ['record', 'record', 'record', 'record', 'continuation']],
    ['./journal-short.ts', () => journalShortParser, ['record', 'record', 'record', 'meta']],
    ['./klog.ts', () => klogParser, ['record', 'record', 'record', 'meta']],
    ['./ceph-config-dump.ts', () => createCephConfigDumpParser(), ['meta', 'meta', 'record', 'record']],
    ['./journal-json.ts', () => journalJsonParser, ['record', 'record', 'record']],
    ['./journal-export.ts', () => createJournalExportParser(), ['part', 'part', 'part', 'part', 'part']],
    ['./syslog.ts', () => syslogRfc3164Parser, ['record', 'record', 'record', 'record']],
    ['./klog-json.ts', () => klogJsonParser, ['unparsed', 'record', 'record']],
    ['./cri.ts', () => createCriParser(), ['part', 'record', 'record']],
    ['./ceph-json.ts', () => createCephConfigJsonParser(), [...Array(8).fill('part'), 'record', 'part']],
    ['./ceph-conf.ts', () => createCephConfParser(), ['meta', 'record', 'record', 'record']],
    ['./ceph-health.ts', () => createCephHealthDetailParser(), ['meta', 'part', 'part']],
    // The fourth sample is a cluster-log line: that file documents both formats.
    ['./ceph-logs.ts', () => cephMdsLogParser, ['record', 'record', 'record', 'unparsed']],
    [
      './kubectl-describe.ts',
      () => createKubectlDescribeParser(),
      ['record', 'record', 'record', 'record', 'record'],
    ],
    ['./kmsg.ts', () => createKmsgParser(), ['record', 'continuation', 'continuation', 'record', 'record']],
  ])('%s', (file, make, want) => {
    const samples = headerSamples(file);
    const parser = make();
    expect(samples.map((s, i) => parser.parseLine(s, i + 1, 0).t)).toEqual(want);
  });

  it('./detect.ts', () => {
    expect(detectFormat(headerSamples('./detect.ts').join('\n')).format).toBe('dmesg');
  });
});
