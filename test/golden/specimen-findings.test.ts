// Every real specimen (test/fixtures/*/<case>.log) through the whole engine: the findings are the
// ones the specimen list's "Expected diagnosis" gives, and every finding cites lines of the file.
import { openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parserFor } from '../../parsers/detect.ts';
import { LineSplitter } from '../../parsers/lines.ts';
import { correlate } from '../../workers/correlate.ts';
import { analyzeFiles } from '../../workers/engine.ts';
import type { Incident } from '../../workers/incident.ts';
import { newScan, type SourceScan, scanFinished, scanLine } from '../../workers/scan.ts';
import { summarise } from '../../workers/summary.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');
const SAMPLE = resolve(import.meta.dirname, '../../public/sample');

const SPECIMENS: [fixtures: string[], ids: string[], note: string][] = [
  [
    ['syslog-rfc3164/kern.log-teuthology.log'],
    ['client-evicted', 'dirty-data-dropped', 'remediation-plan'],
    'MDS closed the session, reconnect denied → dirty data dropped',
  ],
  [
    ['dmesg-ctime/ceph-doc-dmesgT-2025.log'],
    ['client-evicted', 'remediation-plan'],
    'caps stale → session reset → closed → reconnect denied',
  ],
  [
    ['dmesg/lkml-jlayton-2021-client-dmesg.log'],
    ['client-evicted', 'remediation-plan'],
    'mds1 hung → evicted by ranks 0 and 2',
  ],
  [['dmesg-ctime/ru-cephadm-lab-tentacle-dmesgT-2026.log'], ['network-faults'], 'recovered, no eviction'],
  [
    ['dmesg/rook-7994-rpi-dmesg.log'],
    ['fscache-mounts', 'network-faults'],
    'mon connections drop after establishment; fscache module present',
  ],
  [['dmesg/ceph-csi-5265-dmesg-5.15.log'], ['network-faults'], 'repeated mon session loss'],
  [
    ['ceph-mds-log/ceph-csi-5265-rook-mds-evict.log'],
    ['client-evicted', 'remediation-plan'],
    'MDS auto-evicted and blocklisted the clients after ~300 s',
  ],
  [
    ['dmesg/ceph-csi-5265-dmesg-5.15.log', 'ceph-mds-log/ceph-csi-5265-rook-mds-evict.log'],
    ['client-evicted', 'network-faults', 'remediation-plan'],
    'mon session loss on the node, evictions on the MDS (no client id ties them)',
  ],
  [
    ['journal-short/journalctl-rook-2589-kubelet-permission-denied-journal.log'],
    ['pods-cannot-use-volume', 'remediation-plan'],
    'EACCES on stat of the volume of an evicted client',
  ],
  [
    ['journal-short/journalctl-ceph-csi-2600-kubelet-structured-journal.log'],
    ['pods-cannot-use-volume', 'remediation-plan'],
    'orphaned pod volumes dir cannot be removed',
  ],
  [
    ['kubectl-describe/k8s-87491-kubectl-describe-containercannotrun.log'],
    ['pods-cannot-use-volume', 'remediation-plan'],
    'ContainerCannotRun: mkdir … file exists',
  ],
  [
    ['journal-short/journalctl-rook-2255-kubelet-wrapper-journal.log'],
    ['runtime-stalled'],
    'runtime/PLEG stall on a node with CephFS pods: a lead to the kernel log, no drain without it',
  ],
  [['syslog-rfc3164/messages-loghub-linux-2k.log'], [], 'negative'],
  [['dmesg/ubuntu-ollama-kvm-boot-dmesg-5.15-negative.log'], [], 'negative'],
  [['ceph-config-dump/mcgarrah-harlan-ceph-config-dump.log'], [], 'no blocklist option, no eviction'],
];

async function analyse(fixtures: string[]): Promise<Incident> {
  return analyzeFiles(
    await Promise.all(fixtures.map(async (f) => ({ path: f, blob: await openAsBlob(join(FIXTURES, f)) }))),
  );
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('findings of the real specimens', () => {
  it.each(SPECIMENS)('%j → %j (%s)', async (fixtures, ids) => {
    const incident = await analyse(fixtures);
    expect(incident.findings.map((f) => f.id).sort()).toEqual([...ids].sort());
    for (const f of incident.findings) {
      expect(f.evidence.length, f.id).toBeGreaterThan(0);
      for (const e of f.evidence) {
        // Log lines are cited whole; context lines (fscache) by their message.
        const line = readFileSync(join(FIXTURES, e.source), 'utf8').split('\n')[e.line - 1] ?? '';
        expect(collapse(line), `${f.id} ${e.source}:${e.line}`).toContain(collapse(e.text));
      }
    }
  });

  it('teuthology: the eviction is cited by its reconnect denied, its trigger is not shown', async () => {
    const incident = await analyse(['syslog-rfc3164/kern.log-teuthology.log']);
    const f = incident.findings.find((x) => x.id === 'client-evicted');
    expect(f?.evidence.map((e) => e.line)).toEqual([3]);
    expect(f?.detail).toContain('by timeout or by hand: not shown');
    const dirty = incident.findings.find((x) => x.id === 'dirty-data-dropped');
    expect(dirty?.detail).toContain('1099935956631 (flushing), 1099935946707 (flushing)');
  });

  it('tentacle: recovered, so an info finding and no plan', async () => {
    const incident = await analyse(['dmesg-ctime/ru-cephadm-lab-tentacle-dmesgT-2026.log']);
    const f = incident.findings[0];
    expect(f?.severity).toBe('info');
    expect(f?.title).toContain('recovered: no eviction');
  });

  it('the MDS log alone: by timeout, blocklisted, Pacific spelling from its wording', async () => {
    const incident = await analyse(['ceph-mds-log/ceph-csi-5265-rook-mds-evict.log']);
    const f = incident.findings.find((x) => x.id === 'client-evicted');
    expect(f?.title).toBe('The MDS evicted and blocklisted 2 client(s) by timeout');
    expect(f?.detail).toContain('10.10.10.253 (client 977313, 977322)');
    const plan = incident.findings.find((x) => x.id === 'remediation-plan');
    expect(plan?.remediation).toContain('ceph config set mds mds_session_blocklist_on_timeout false');
  });

  it('rook-2589: the kubelet permission denied ties three pods and their volume paths to krs-1', async () => {
    const incident = await analyse([
      'journal-short/journalctl-rook-2589-kubelet-permission-denied-journal.log',
    ]);
    const f = incident.findings.find((x) => x.id === 'pods-cannot-use-volume');
    expect(f?.title).toBe('Pods on krs-1 cannot use their CephFS volumes');
    expect(f?.remediation.filter((r) => r.startsWith('umount -l'))).toHaveLength(3);
  });
});

// ---- summaries: the engine does not hand its scans out, so the files are scanned here ----------

function scanText(path: string, bytes: Uint8Array): SourceScan {
  const head = new TextDecoder().decode(bytes.slice(0, 64 * 1024));
  const format = detectFormat(head, path).format;
  const scan = newScan(path, format, bytes.length);
  const parser = format === 'unrecognised' ? null : parserFor(format);
  const splitter = new LineSplitter((text, line, offset) => {
    if (parser) scanLine(scan, parser.parseLine(text, line, offset), text, line);
  });
  splitter.push(bytes);
  splitter.end();
  if (parser?.finish) scanFinished(scan, parser.finish());
  return scan;
}

function summariesOf(files: [path: string, abs: string][]) {
  const scans = files.map(([path, abs]) => scanText(path, new Uint8Array(readFileSync(abs))));
  return summarise(correlate(scans), scans);
}

describe('root-cause summaries', () => {
  it('the sample: the whole chain, high confidence, worded for the missing MDS log', () => {
    const files = readdirSync(SAMPLE, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e): [string, string] => {
        const abs = join(e.parentPath, e.name);
        return [`sample/${relative(SAMPLE, abs)}`, abs];
      });
    expect(summariesOf(files)).toEqual([
      {
        summary:
          'Network blip → MDS evicted and blocklisted the kernel clients of k8s-worker-1..3 → reconnect denied → ' +
          'unflushed writes dropped → pre-5.3 quota loop → pods failing on the dead mounts ' +
          "(eviction inferred from the clients' `reconnect denied`: no MDS log).",
        confidence: 'high',
      },
    ]);
  });

  it('teuthology: medium, with what is assumed', () => {
    const f = 'syslog-rfc3164/kern.log-teuthology.log';
    const [s] = summariesOf([[f, join(FIXTURES, f)]]);
    expect(s?.confidence).toBe('medium');
    expect(s?.summary).toContain('blocklisting assumed from the default');
    expect(s?.summary).toContain('pod impact not shown');
  });
});
