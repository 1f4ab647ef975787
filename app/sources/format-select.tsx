// Lets the user read one file as another format; the store analyses the same files again.
import { useId } from 'react';
import { FORMAT_IDS, type FormatId, type KnownFormat } from '../../parsers/types.ts';
import type { IncidentSource } from '../../workers/incident.ts';
import { useStore } from '../store.ts';

/** Option group by the id's family prefix; a prefix not named here is its own group. */
const FAMILY_LABEL: Record<string, string> = {
  journal: 'journald',
  klog: 'Kubernetes',
  cri: 'Kubernetes',
  ceph: 'Ceph',
  host: 'host facts',
};

const GROUPS = new Map<string, KnownFormat[]>();
for (const id of FORMAT_IDS) {
  if (id === 'unrecognised') continue;
  const prefix = id.split('-')[0] ?? id;
  const label = FAMILY_LABEL[prefix] ?? prefix;
  GROUPS.set(label, [...(GROUPS.get(label) ?? []), id]);
}

const isFormatId = (value: string): value is FormatId => (FORMAT_IDS as readonly string[]).includes(value);

function FormatSelectEditor({ source }: { source: IncidentSource }) {
  const overrideFormat = useStore((s) => s.overrideFormat);
  const override = useStore((s) => s.formatOverrides[source.path]);
  const reasonId = useId();
  // A chosen format the engine could not read with still shows as chosen; the row says why it failed.
  const value = source.format === 'unrecognised' ? (override ?? '') : source.format;

  return (
    <>
      <select
        className="format-select"
        aria-label={`Format of ${source.path}`}
        aria-describedby={source.detection ? reasonId : undefined}
        value={value}
        onChange={(e) => {
          if (isFormatId(e.target.value)) void overrideFormat(source.path, e.target.value);
        }}
      >
        {value === '' ? (
          <option value="" disabled>
            — choose —
          </option>
        ) : null}
        {[...GROUPS].map(([label, ids]) => (
          <optgroup key={label} label={label}>
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {override ? <span className="set-by-user"> set by you</span> : null}
      {source.detection ? (
        <p id={reasonId} className="muted small detection">
          {source.detection}
        </p>
      ) : null}
    </>
  );
}

/** The format chosen for a file; a shared snapshot has no files to read again, so it only says it. */
export function FormatSelect(props: { source: IncidentSource }) {
  const readOnly = useStore((s) => s.snapshot !== null);
  return readOnly ? <span className="mono">{props.source.format}</span> : <FormatSelectEditor {...props} />;
}
