// `kubectl describe pod` output, as support engineers paste it: `Key:  value` lines of the pod and
// its containers, indented by section, and the Events table. The container State block says why a
// container could not start (ContainerCannotRun, a `file exists` mount source path).
//
// Sample lines (kubernetes/kubernetes#87491, the container State block):
//       State:          Terminated
//         Reason:       ContainerCannotRun
//         Message:      error while creating mount source path '/var/lib/kubelet/pods/22f4…/volumes/kubernetes.io~cephfs/cephfs': mkdir …: file exists
//         Exit Code:    128
//     Warning  FailedMount  2m (x3 over 6m)  kubelet, node-a  MountVolume.SetUp failed for volume "data" : mount failed
//
// Example:
//   createKubectlDescribeParser().parseLine('      Reason:       ContainerCannotRun', 2, 30)
//   // → { t: 'record', rec: { kind: 'entry', time: { kind: 'none' }, ident: 'kubectl-describe',
//   //      msg: 'Reason: ContainerCannotRun', line: 2, offset: 30 } }

import { isBlank, matchPrompt } from './lines.ts';
import type { EntryRecord, FormatParser, FormatSpec, LineOutcome } from './types.ts';

/** The keys `kubectl describe pod` prints (pkg/describe), the ones that carry a value worth reading. */
const KEYS = new Set([
  'Name',
  'Namespace',
  'Priority',
  'Priority Class Name',
  'Service Account',
  'Node',
  'Start Time',
  'Labels',
  'Annotations',
  'Status',
  'Reason',
  'Message',
  'IP',
  'IPs',
  'Controlled By',
  'Containers',
  'Init Containers',
  'Container ID',
  'Image',
  'Image ID',
  'Port',
  'Ports',
  'Host Port',
  'Host Ports',
  'Command',
  'Args',
  'State',
  'Last State',
  'Exit Code',
  'Signal',
  'Started',
  'Finished',
  'Ready',
  'Restart Count',
  'Limits',
  'Requests',
  'Liveness',
  'Readiness',
  'Environment',
  'Mounts',
  'Conditions',
  'Volumes',
  'Type',
  'ClaimName',
  'ReadOnly',
  'Monitors',
  'Path',
  'User',
  'SecretRef',
  'SecretFile',
  'QoS Class',
  'Node-Selectors',
  'Tolerations',
  'Events',
  'Nominated Node Name',
]);

// `  Key:   value` (value may be empty for a section such as `Containers:`).
const KEY_LINE = /^(?<indent> *)(?<key>[A-Z][A-Za-z -]{0,40}):(?: +(?<value>.*))?$/;
// Events table row: `  Warning  FailedMount  2m (x3 over 6m)  kubelet, node-a  MountVolume.SetUp failed …`.
const EVENT_ROW =
  /^ +(?<type>Normal|Warning) {2,}(?<reason>\S+) {2,}(?<age>\S.*?) {2,}(?<from>\S.*?) {2,}(?<message>\S.*)$/;
const EVENTS_HEADER = /^ +Type {2,}Reason {2,}Age {2,}From {2,}Message\s*$/;
// `Node:  node-a/10.0.0.7`: the node the pod ran on, which is the host of what the pod reports.
const NODE = /^(?<node>[^/\s]+)(?:\/\S+)?$/;

export function createKubectlDescribeParser(): FormatParser<EntryRecord> {
  let node: string | undefined;
  const entry = (msg: string, line: number, offset: number): EntryRecord => ({
    kind: 'entry',
    line,
    offset,
    msg,
    time: { kind: 'none' },
    ident: 'kubectl-describe',
    ...(node ? { host: node } : {}),
  });
  return {
    id: 'kubectl-describe',
    parseLine(text: string, line: number, offset: number): LineOutcome<EntryRecord> {
      if (isBlank(text)) return { t: 'blank' };
      const event = EVENT_ROW.exec(text)?.groups;
      if (event) return { t: 'record', rec: entry((event.message ?? '').trim(), line, offset) };
      if (EVENTS_HEADER.test(text) || /^ +-{4}/.test(text)) return { t: 'meta', meta: { kind: 'header' } };
      const g = KEY_LINE.exec(text)?.groups;
      if (g?.key && KEYS.has(g.key)) {
        const value = (g.value ?? '').trim();
        if (g.key === 'Node' && g.indent === '') node = NODE.exec(value)?.groups?.node ?? node;
        return { t: 'record', rec: entry(value ? `${g.key}: ${value}` : `${g.key}:`, line, offset) };
      }
      const prompt = matchPrompt(text);
      if (prompt) return { t: 'meta', meta: { kind: 'prompt', text, ...prompt } };
      // Container names (`  app:`), label values and mount lists are indented under a key.
      if (/^ {2,}\S/.test(text)) return { t: 'continuation', text: text.trim() };
      return { t: 'unparsed', reason: 'not `kubectl describe` output (`Key:  value` of a pod)' };
    },
  };
}

export const KUBECTL_DESCRIBE_FORMATS: readonly FormatSpec[] = [
  {
    id: 'kubectl-describe',
    title: 'kubectl describe pod',
    create: createKubectlDescribeParser,
    pathHint: /describe/,
  },
];
