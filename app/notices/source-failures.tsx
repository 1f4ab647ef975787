// Part of the bundle could not be read (an unrecognised or corrupt file, a truncated archive): the
// result of the rest is still shown, and this notice says which files failed, why, and what to try.
// It is not a live region: it arrives with the result, and the page's one alert belongs to NoticeBar.
import { useMemo } from 'react';
import type { Incident } from '../../workers/incident.ts';
import { plural } from '../lib/format.ts';

/** How many failures are named before the rest are counted; all of them are in the Sources panel. */
const SHOWN = 6;

export interface Failure {
  path: string;
  /** `file` or `archive`. */
  kind: 'file' | 'archive';
  reason: string;
}

export function failuresOf(incident: Incident): Failure[] {
  const out: Failure[] = [];
  for (const b of incident.bundles ?? [])
    if (b.error) out.push({ path: b.path, kind: 'archive', reason: b.error });
  for (const s of incident.sources) if (s.error) out.push({ path: s.path, kind: 'file', reason: s.error });
  return out;
}

/** `2 of 9 files could not be read`, `1 archive stopped early and 1 of 9 files could not be read` */
export function failureTitle(failures: readonly Failure[], files: number): string {
  const archives = failures.filter((f) => f.kind === 'archive').length;
  const failed = failures.length - archives;
  const parts: string[] = [];
  if (archives > 0) parts.push(`${plural(archives, 'archive')} could not be read to the end`);
  if (failed > 0) parts.push(`${failed} of ${plural(files, 'file')} could not be read`);
  return parts.join(' and ');
}

export function SourceFailures({ incident }: { incident: Incident }) {
  const failures = useMemo(() => failuresOf(incident), [incident]);
  if (failures.length === 0) return null;
  const files = incident.sources.length;
  const allFailed = incident.sources.length > 0 && incident.sources.every((s) => s.error);
  const shown = failures.slice(0, SHOWN);

  return (
    <section
      className="notice notice-warning source-failures"
      aria-labelledby="source-failures-title"
      data-testid="source-failures"
    >
      <h2 id="source-failures-title">{failureTitle(failures, files)}</h2>
      <ul>
        {shown.map((f) => (
          <li key={`${f.kind}:${f.path}`} data-failed={f.path}>
            <span className="mono">{f.path}</span>
            {f.kind === 'archive' ? ' (archive)' : ''}: {f.reason}
          </li>
        ))}
        {failures.length > shown.length ? <li>… and {failures.length - shown.length} more</li> : null}
      </ul>
      <p>
        {allFailed ? 'Nothing else was read. ' : 'Everything else was read and is shown below. '}
        What to try: a file in a format Cascade did not recognise can be given its format in the{' '}
        <a href="#sources-title">Sources panel</a>; a binary journal can be exported with{' '}
        <code>journalctl --file FILE -o short-iso</code>; a damaged archive can be unpacked by hand and its
        files dropped as a folder.
      </p>
    </section>
  );
}
