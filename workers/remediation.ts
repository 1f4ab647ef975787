// Remediation (pure): the commands that fix the cascade, in the order they must run, and the spelling
// of the Ceph options that the cluster's release accepts.
//
//   releaseSpelling({ versions: [{ daemon: 'mon', version: '14.2.4', count: 3 }], dumpNames: [], mdsWording: [] })
//     → { spelling: 'blacklist', reason: 'ceph versions: the mons run 14.2.4 (nautilus), older than Pacific' }
//   blocklistCommands('blacklist', ['timeout'])
//     → ['ceph config set mds mds_session_blacklist_on_timeout false']

export type Spelling = 'blocklist' | 'blacklist' | 'both';
export type BlocklistOption = 'timeout' | 'evict';

/** Ceph release codenames in order; Pacific (16) renamed the blacklist options. */
const RELEASES = [
  'argonaut',
  'bobtail',
  'cuttlefish',
  'dumpling',
  'emperor',
  'firefly',
  'giant',
  'hammer',
  'infernalis',
  'jewel',
  'kraken',
  'luminous',
  'mimic',
  'nautilus',
  'octopus',
  'pacific',
  'quincy',
  'reef',
  'squid',
  'tentacle',
] as const;
const PACIFIC_MAJOR = 16;

export interface VersionClue {
  daemon: string;
  version: string;
  release?: string;
  count: number;
}

export interface SpellingClues {
  /** `ceph versions` facts. */
  versions: readonly VersionClue[];
  /** Option names as the config dump stores them (`mds_session_blacklist_on_timeout`, …). */
  dumpNames: readonly string[];
  /** MDS eviction lines: `Evicting (and blacklisting) …` is pre-Pacific wording. */
  mdsWording: readonly string[];
  /** `container_image` of the config dump (`quay.io/ceph/ceph:v16.2.15`). */
  images?: readonly string[];
}

export interface SpellingChoice {
  spelling: Spelling;
  reason: string;
}

/** true: Pacific or later; false: older; null: cannot tell. */
export function pacificOrLater(version: string, release?: string): boolean | null {
  const major = /^v?(\d+)\./.exec(version)?.[1];
  if (major !== undefined) return Number(major) >= PACIFIC_MAJOR;
  const i = release ? RELEASES.indexOf(release.toLowerCase() as (typeof RELEASES)[number]) : -1;
  return i < 0 ? null : i >= RELEASES.indexOf('pacific');
}

function verdict(values: readonly (boolean | null)[]): boolean | 'mixed' | null {
  const known = values.filter((v): v is boolean => v !== null);
  if (known.length === 0) return null;
  return known.every((v) => v === known[0]) ? (known[0] as boolean) : 'mixed';
}

const BOTH_RULE =
  'Pacific (16) and later accept only the "blocklist" names (the old ones are rejected: "unrecognized config ' +
  'option"); Octopus (15) and older know only the "blacklist" names: run the pair that matches `ceph versions`';

/**
 * Which option names `ceph config set` will accept. The mons validate the name, so their release
 * decides; without `ceph versions`, the names the config dump stores and the MDS's own wording
 * tell the release apart.
 */
export function releaseSpelling(clues: SpellingClues): SpellingChoice {
  const mons = clues.versions.filter((v) => v.daemon === 'mon');
  const pool = mons.length > 0 ? mons : clues.versions.filter((v) => v.daemon !== 'overall');
  const byVersions = verdict(pool.map((v) => pacificOrLater(v.version, v.release)));
  const who = mons.length > 0 ? 'the mons run' : 'the daemons run';
  const list = [...new Set(pool.map((v) => (v.release ? `${v.version} (${v.release})` : v.version)))].join(
    ', ',
  );
  if (byVersions === true)
    return { spelling: 'blocklist', reason: `ceph versions: ${who} ${list}, Pacific or later` };
  if (byVersions === false)
    return { spelling: 'blacklist', reason: `ceph versions: ${who} ${list}, older than Pacific` };
  if (byVersions === 'mixed') {
    return {
      spelling: 'both',
      reason: `ceph versions: ${who} ${list}, on both sides of Pacific. ${BOTH_RULE}`,
    };
  }
  const byImage = verdict((clues.images ?? []).map((i) => pacificOrLater(/:v?([\d.]+)/.exec(i)?.[1] ?? '')));
  if (typeof byImage === 'boolean') {
    return byImage
      ? { spelling: 'blocklist', reason: 'the config dump runs a Pacific or later container_image' }
      : { spelling: 'blacklist', reason: 'the config dump runs a pre-Pacific container_image' };
  }
  const byDump = verdict(
    clues.dumpNames.filter((n) => /b(?:la|lo)cklist/.test(n)).map((n) => n.includes('blocklist')),
  );
  if (byDump === true)
    return { spelling: 'blocklist', reason: 'the config dump stores the "blocklist" names' };
  if (byDump === false) {
    return { spelling: 'blacklist', reason: 'the config dump stores the pre-Pacific "blacklist" names' };
  }
  const byMds = verdict(
    clues.mdsWording.flatMap((t) => {
      const m = /\(and (black|block)listing\)/.exec(t);
      return m ? [m[1] === 'block'] : [];
    }),
  );
  if (byMds === true)
    return { spelling: 'blocklist', reason: 'the MDS logs "(and blocklisting)", Pacific wording' };
  if (byMds === false) {
    return { spelling: 'blacklist', reason: 'the MDS logs "(and blacklisting)", pre-Pacific wording' };
  }
  return { spelling: 'both', reason: `the cluster's release is not in the bundle. ${BOTH_RULE}` };
}

export function optionName(option: BlocklistOption, spelling: 'blocklist' | 'blacklist'): string {
  return `mds_session_${spelling}_on_${option}`;
}

/** `ceph config set mds … false` in the spelling the release accepts; both pairs, labelled, when unknown. */
export function blocklistCommands(spelling: Spelling, options: readonly BlocklistOption[]): string[] {
  const set = (s: 'blocklist' | 'blacklist') =>
    options.map((o) => `ceph config set mds ${optionName(o, s)} false`);
  if (spelling !== 'both') return set(spelling);
  return ['# Pacific (16) or later:', ...set('blocklist'), '# Octopus (15) or older:', ...set('blacklist')];
}

// ---------------------------------------------------------------------------------------------
// The ordered plan

/** What one node needs: the pods to move off it and the dead mounts to detach. */
export interface NodeWork {
  node: string;
  /** Pods seen failing on the node whose name and namespace are known (not orphaned). */
  pods: { namespace: string; name: string }[];
  /** Pods seen failing whose name is not known (only their uid); orphaned pods are not counted. */
  unnamedPods: number;
  /** Mount points to detach (kubelet volume paths, ceph mounts of the node). */
  mounts: string[];
  /** Pods already gone whose directory and dead mount are left (kubelet's orphan cleanup fails). */
  orphanedPods: number;
  /** The node's kernel client was evicted (all its CephFS mounts are dead). */
  evicted: boolean;
}

export interface PlanStep {
  title: string;
  why: string;
  commands: string[];
}

const MAX_UMOUNTS_PER_NODE = 20;
/** Detaches every kernel CephFS mount of the node: for a node whose client was evicted, all are dead. */
export const UMOUNT_ALL_CEPH = `awk '$3 == "ceph" {print $2}' /proc/mounts | xargs -r -n1 umount -l`;

/** Targeted deletes when every failing pod is known by name; a drain otherwise. */
export function podCommands(work: NodeWork): string[] {
  if (work.pods.length > 0 && work.unnamedPods === 0 && !work.evicted) {
    return [
      `kubectl cordon ${work.node}`,
      ...work.pods.map((p) => `kubectl delete pod -n ${p.namespace} ${p.name}`),
    ];
  }
  return [`kubectl drain ${work.node} --ignore-daemonsets --delete-emptydir-data`];
}

/** Nodes with pods to move: an evicted node, or one whose failing pods still exist. */
export function needsPodWork(n: NodeWork): boolean {
  return n.evicted || n.pods.length > 0 || n.unnamedPods > 0;
}

export function podStep(all: readonly NodeWork[]): PlanStep | null {
  const nodes = all.filter(needsPodWork);
  if (nodes.length === 0) return null;
  const targeted = nodes.filter((n) => podCommands(n)[0]?.startsWith('kubectl cordon'));
  const drained = nodes.filter((n) => !targeted.includes(n));
  const parts: string[] = [];
  if (drained.length > 0) {
    const silent = drained
      .filter((n) => n.pods.length === 0 && n.unnamedPods === 0 && n.orphanedPods === 0)
      .map((n) => n.node);
    parts.push(
      `drain ${drained.map((n) => n.node).join(', ')}: ` +
        (drained.some((n) => n.evicted)
          ? 'an evicted client leaves every CephFS mount of the node dead, including those of pods that logged nothing'
          : 'some failing pods are known only by uid') +
        (silent.length > 0
          ? ` (no pod line of ${silent.join(', ')} is in the bundle: drain it if it is a Kubernetes node)`
          : ''),
    );
  }
  if (targeted.length > 0) {
    parts.push(
      `delete ${targeted.flatMap((n) => n.pods.map((p) => `${p.namespace}/${p.name}`)).join(', ')} ` +
        `after cordoning ${targeted.map((n) => n.node).join(', ')}`,
    );
  }
  return {
    title: 'Move the pods off the dead mounts',
    why:
      `${parts.join('; ')}. The pods keep using mounts that fail with "permission denied" and kubelet cannot ` +
      'clean them up; the cordon keeps replacements off the node until its mounts are replaced ' +
      '(a pod stuck in Terminating is released by the unmount of the next step).',
    commands: nodes.flatMap(podCommands),
  };
}

export function umountStep(nodes: readonly NodeWork[]): PlanStep | null {
  if (nodes.length === 0) return null;
  const commands: string[] = [];
  const capped: string[] = [];
  for (const n of nodes) {
    commands.push(`# on ${n.node}:`);
    if (n.mounts.length === 0) commands.push(UMOUNT_ALL_CEPH);
    for (const m of n.mounts.slice(0, MAX_UMOUNTS_PER_NODE)) commands.push(`umount -l ${m}`);
    if (n.mounts.length > MAX_UMOUNTS_PER_NODE) {
      capped.push(`${n.node}: ${n.mounts.length - MAX_UMOUNTS_PER_NODE} more paths not listed`);
    }
  }
  for (const n of nodes.filter(needsPodWork)) commands.push(`kubectl uncordon ${n.node}`);
  const unknown = nodes.filter((n) => n.mounts.length === 0).map((n) => n.node);
  return {
    title: 'Detach the dead mounts',
    why:
      'An evicted client never recovers its mounts: a lazy unmount detaches them so kubelet can clean the pod ' +
      'directories and the next mount starts a new client session instead of reusing the blocklisted one ' +
      '(fscache otherwise keeps the dead mount pinned).' +
      (nodes.some(needsPodWork) ? ' Then the node takes pods again.' : '') +
      (unknown.length > 0
        ? ` The mount points of ${unknown.join(', ')} are not in the bundle: the awk line detaches every kernel CephFS mount of the node (run it after the drain).`
        : '') +
      (capped.length > 0 ? ` (${capped.join('; ')}.)` : ''),
    commands,
  };
}

export function configStep(
  choice: SpellingChoice,
  options: readonly BlocklistOption[],
  basis: string,
): PlanStep | null {
  if (options.length === 0) return null;
  return {
    title: 'Stop the MDS from blocklisting the clients it evicts',
    why:
      `${basis}. With blocklisting off, a client evicted after a network blip can reconnect instead of keeping ` +
      'dead mounts (at some risk to data consistency: the eviction is no longer fenced on the OSDs). ' +
      `Spelling: ${choice.reason}.`,
    commands: blocklistCommands(choice.spelling, options),
  };
}

/** A host's kernel and what it lacks. */
export interface KernelNeed {
  host: string;
  /** `uname -r`, or a description of what the lines imply (`older than 5.3 (address format)`). */
  kernel: string;
  needsQuotaFix: boolean;
  needsRecoverSession: boolean;
}

export function kernelStep(needs: readonly KernelNeed[]): PlanStep | null {
  const todo = needs.filter((n) => n.needsQuotaFix || n.needsRecoverSession);
  if (todo.length === 0) return null;
  const commands = todo.map(
    (n) =>
      `# ${n.host}: ${n.kernel} → Linux ≥ 5.4 (` +
      [n.needsQuotaFix ? '5.3 fixes the get_quota_realm loop' : '', '5.4 adds recover_session=clean']
        .filter(Boolean)
        .join(', ') +
      ')',
  );
  commands.push(
    '# then mount CephFS with recover_session=clean (ceph-csi StorageClass: kernelMountOptions: recover_session=clean; in-tree PV: mountOptions: [recover_session=clean])',
  );
  return {
    title: 'Move the clients to a kernel that survives an eviction',
    why:
      (todo.some((n) => n.needsQuotaFix)
        ? 'Before 5.3 a cap-less quota realm makes get_quota_realm() spin after an eviction ("ceph: fix infinite ' +
          'loop in get_quota_realm()" is in 5.3; vendor kernels may carry it as a backport). '
        : '') +
      'From 5.4 the mount option recover_session=clean lets a blocklisted client reconnect by itself, dropping ' +
      'its dirty state instead of leaving the mount dead.',
    commands,
  };
}

/** The plan's detail: each step numbered, with why. */
export function describePlan(steps: readonly PlanStep[]): string {
  return steps.map((s, i) => `${i + 1}. ${s.title}: ${s.why}`).join(' ');
}
