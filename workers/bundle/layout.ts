// Bundle layouts (docs/input-formats §7.2–7.4): in a sosreport or a must-gather, the files that
// matter are found by path and everything else is passed over unread; anywhere else every file is
// read and its format detected. Also what a path says about a file's host and zone.

export type Layout = 'sosreport' | 'must-gather' | 'plain';

export interface PathPlan {
  layout: Layout;
  /** Read the file as a log; false: pass it over (counted, never decompressed to memory). */
  analyse: boolean;
  /** The sosreport or must-gather folder the file belongs to (files of one sosreport are one host). */
  root?: string;
  /** Host named by the bundle's structure, with what said so. */
  host?: { name: string; evidence: string };
  /** Zone of the file's naive stamps, when the bundle's tooling fixes it. */
  zone?: { zone: string; why: string };
  /** Lines of several hosts merged into one file: each line's host field says whose it is. */
  multiHost?: boolean;
}

const SOS_MARKERS = new Set(['sos_commands', 'sos_reports', 'sos_logs', 'sos_strings']);
const MUST_GATHER_MARKERS = new Set([
  'host_service_logs',
  'cluster-scoped-resources',
  'namespaces',
  'must_gather_commands',
  'must_gather_commands_json_output',
]);

/** Paths inside a sosreport that hold what the analysis reads (§7.2). */
const SOS_WANTED: readonly RegExp[] = [
  // kernel ring buffer
  /^sos_commands\/(kernel|general)\/dmesg(_-T)?$/,
  /^var\/log\/dmesg(\.old)?$/,
  // journals: the logs plugin's whole journal, and per-unit journals of the units that matter
  /^sos_commands\/logs\/journalctl_(?!.*(--disk-usage|--list-boots|--header))/,
  /^sos_commands\/[^/]+\/journalctl_.*--unit_(kubelet|atomic-openshift-node|crio|docker|containerd|ceph)/,
  // syslog files, rotated ones and sos's tail of a big one
  /^var\/log\/(messages|syslog|kern\.log)([-.][\w.-]*)?$/,
  /^sos_strings\/[^/]+\/var\.log\.(messages|syslog|kern\.log)/,
  // kubelet and container runtime logs
  /^var\/log\/(kubelet|kube-proxy)[\w.-]*$/,
  /^var\/log\/(kubernetes|kubelet)\/.*\.log([-.][\w.-]*)?$/,
  // ceph command outputs, config and logs (before sos 4.3 a single `ceph` plugin)
  /^sos_commands\/ceph[\w-]*\/(json_output\/)?ceph_(config_dump|health_detail|versions)/,
  /^sos_commands\/ceph[\w-]*\/.*(client_ls|session_ls)/,
  /^etc\/ceph\/ceph\.conf$/,
  /^var\/log\/ceph\/(.+\/)?ceph(-mds\.[^/]+)?\.log([-.][\w.-]*)?$/,
  // host facts
  /^proc\/mounts$/,
  /^sos_commands\/(kernel|general)\/uname_-a$/,
  /^sos_commands\/(host|general)\/hostname$/,
  /^etc\/hostname$/,
  /^sos_commands\/(date|general)\/date(_--utc)?$/,
  /^sos_commands\/(systemd|date)\/timedatectl(_status)?$/,
  /^sos_commands\/(host|general)\/uptime$/,
  /^etc\/localtime$/,
];

/** Paths inside a must-gather image folder that matter (§7.3). */
const MUST_GATHER_WANTED: readonly RegExp[] = [
  /^host_service_logs\/(masters|workers)\/(kubelet|crio)_service\.log$/,
  /^nodes\/[^/]+\/(?!.*\.(ya?ml|json)$)[^/]+$/,
  /^ceph\/must_gather_commands(_json_output)?\/ceph_(config_dump|health_detail|versions)/,
  /^ceph\/must_gather_commands(_json_output)?\/.*(client_ls|session_ls)/,
];

/** `sosreport-<host>[-label][-case]-YYYY-MM-DD-<random>` or legacy `sosreport-<host>[.case]-YYYYMMDDHHMMSS`. */
function hostOfSosName(name: string): string | null {
  const m = /^sosreport-(.+?)(?:-\d{4}-\d{2}-\d{2}-[a-z]{7}|-\d{14})(?:\.tar(?:\.\w+)?)?$/i.exec(name);
  if (!m?.[1]) return null;
  return (m[1].split('.')[0] as string).toLowerCase();
}

/**
 * Follows the layouts seen so far, since the path of one entry can tell what the archive is (sos
 * stores `version.txt`, `sos_reports/` and `sos_logs/` first).
 */
export class LayoutTracker {
  private readonly sosRoots = new Set<string>();
  private readonly mustGatherRoots = new Set<string>();

  /** `path`: the file's full path in the drop (`bundle.tar.xz/sosreport-…/sos_commands/kernel/dmesg`). */
  classify(path: string): PathPlan {
    const parts = path.split('/');
    this.learn(parts);
    for (let i = parts.length - 1; i >= 0; i--) {
      const root = parts.slice(0, i).join('/');
      if (this.sosRoots.has(root)) return this.sosPlan(root, parts.slice(i).join('/'));
      if (this.mustGatherRoots.has(root)) return this.mustGatherPlan(root, parts.slice(i).join('/'));
    }
    return { layout: 'plain', analyse: true };
  }

  private learn(parts: readonly string[]) {
    for (let i = 0; i < parts.length - 1; i++) {
      const seg = parts[i] as string;
      const root = parts.slice(0, i).join('/');
      if (SOS_MARKERS.has(seg)) this.sosRoots.add(root);
      else if (/^sosreport-/i.test(seg)) this.sosRoots.add(parts.slice(0, i + 1).join('/'));
      else if (/^must-gather/i.test(seg)) this.mustGatherRoots.add(parts.slice(0, i + 1).join('/'));
      else if (MUST_GATHER_MARKERS.has(seg) || (seg === 'nodes' && this.isMustGatherImage(root))) {
        // The must-gather root is the image folder (`…/<image>/host_service_logs/…`); ODF's
        // commands sit one level deeper (`<image>/ceph/must_gather_commands/…`).
        this.mustGatherRoots.add(
          seg.startsWith('must_gather_commands') ? parts.slice(0, i - 1).join('/') : root,
        );
      }
    }
  }

  private isMustGatherImage(root: string): boolean {
    return this.mustGatherRoots.has(root) || /(^|\/)must-gather[^/]*\/[^/]+$/.test(root);
  }

  private sosPlan(root: string, rel: string): PathPlan {
    const plan: PathPlan = { layout: 'sosreport', root, analyse: SOS_WANTED.some((r) => r.test(rel)) };
    const top = root.split('/').pop() ?? '';
    const host = hostOfSosName(top);
    if (host) plan.host = { name: host, evidence: `sosreport name ${top}` };
    return plan;
  }

  private mustGatherPlan(root: string, path: string): PathPlan {
    // Under the top `must-gather.local.<n>/` folder, the image folder comes first.
    const rel = MUST_GATHER_WANTED.some((r) => r.test(path)) ? path : path.slice(path.indexOf('/') + 1);
    const plan: PathPlan = {
      layout: 'must-gather',
      root,
      analyse: MUST_GATHER_WANTED.some((r) => r.test(rel)),
    };
    const node = /^nodes\/([^/]+)\//.exec(rel)?.[1];
    if (node) plan.host = { name: node.toLowerCase(), evidence: `must-gather node folder nodes/${node}/` };
    if (rel.startsWith('host_service_logs/')) {
      plan.multiHost = true;
      plan.zone = {
        zone: 'UTC',
        why: 'must-gather host_service_logs are written by `oc adm node-logs` in UTC',
      };
    }
    return plan;
  }
}
