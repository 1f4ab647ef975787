// Orders the progress rows of a run as a tree: the entries of an archive right under the archive's
// own row (nested archives under theirs), whatever order the worker reported them in.
import type { FileProgress } from '../../workers/api.ts';

export interface ProgressRow {
  file: FileProgress;
  /** 0 for a dropped file or archive, 1 for an entry of one, 2 for an entry of an archive inside it… */
  depth: number;
  /** The path inside its archive (`sample/k8s-worker-1/dmesg.log`), or the whole path at depth 0. */
  name: string;
}

export function progressRows(files: readonly FileProgress[]): ProgressRow[] {
  const known = new Set(files.map((f) => f.path));
  const children = new Map<string, FileProgress[]>();
  const roots: FileProgress[] = [];
  for (const f of files) {
    // An entry whose archive has no row (yet) stands on its own rather than vanish.
    if (f.container && f.container !== f.path && known.has(f.container)) {
      children.set(f.container, [...(children.get(f.container) ?? []), f]);
    } else roots.push(f);
  }
  const out: ProgressRow[] = [];
  const placed = new Set<string>();
  const visit = (f: FileProgress, depth: number) => {
    // A container loop in a report would otherwise recurse for ever.
    if (placed.has(f.path)) return;
    placed.add(f.path);
    const prefix = depth > 0 && f.container ? `${f.container}/` : '';
    out.push({
      file: f,
      depth,
      name: prefix && f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path,
    });
    for (const child of children.get(f.path) ?? []) visit(child, depth + 1);
  };
  for (const f of roots) visit(f, 0);
  // Rows caught in a loop of containers have no root; they are still shown.
  for (const f of files) visit(f, 0);
  return out;
}

/** `tar.gz · 13 entries: 10 analysed, 3 skipped` */
export function archiveText(archive: NonNullable<FileProgress['archive']>): string {
  const entries = `${archive.entries.toLocaleString('en-US')} ${archive.entries === 1 ? 'entry' : 'entries'}`;
  return `${archive.kind} · ${entries}: ${archive.analysed.toLocaleString('en-US')} analysed, ${archive.skipped.toLocaleString('en-US')} skipped`;
}
