// Lets the user rename a host (a node that logged under a short and a long name, a dmesg folder named
// after the wrong node); the name of another host merges the two. The store analyses the same files
// again with every choice made so far; an emptied field gives back the names the analysis found.
import { CLUSTER_HOST } from '../../workers/incident.ts';
import { ApplyField, type Parsed } from '../lib/apply-field.tsx';
import { parseHostName } from '../sources/file-host-input.tsx';
import { useStore } from '../store.ts';

function parseNewName(text: string): Parsed<string> {
  const parsed = parseHostName(text);
  if (parsed.ok && parsed.value === CLUSTER_HOST) {
    return { ok: false, reason: `"${CLUSTER_HOST}" stands for the cluster's own logs, not a host` };
  }
  return parsed;
}

function HostNameInputEditor({
  host,
  others,
  listId,
}: {
  host: string;
  /** The names of the other hosts: renaming to one of them merges. */
  others: readonly string[];
  listId: string;
}) {
  // The name shown is the user's when some host was renamed to it.
  const chosen = useStore((s) => (Object.values(s.hostRenames).includes(host) ? host : undefined));
  const renameHost = useStore((s) => s.renameHost);
  return (
    <ApplyField
      label={`New name of ${host}`}
      applyLabel={`Apply the new name of ${host}`}
      chosen={chosen}
      parse={parseNewName}
      onApply={(name) => void renameHost(host, name)}
      note={(text) =>
        others.includes(text.trim())
          ? `${text.trim()} is another host of the bundle: the two will be merged into one`
          : null
      }
      inputProps={{
        className: 'host-input',
        list: listId,
        placeholder: 'new name',
        autoComplete: 'off',
        spellCheck: false,
      }}
    />
  );
}

/** A shared snapshot has no files to analyse again: nothing to set there. */
export function HostNameInput(props: {
  host: string;
  /** The names of the other hosts: renaming to one of them merges. */
  others: readonly string[];
  listId: string;
}) {
  const readOnly = useStore((s) => s.snapshot !== null);
  return readOnly ? null : <HostNameInputEditor {...props} />;
}
