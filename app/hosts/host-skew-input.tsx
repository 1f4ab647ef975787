// Lets the user say how far a host's clock was off; the store analyses the same files again with
// every choice made so far. An emptied field gives the host back its estimated skew.
import { ApplyField, type Parsed } from '../lib/apply-field.tsx';
import { hostSkewInputId } from '../lib/dom-ids.ts';
import { useStore } from '../store.ts';

function parseSeconds(text: string): Parsed<number> {
  const value = text.trim();
  const seconds = Number(value);
  return Number.isFinite(seconds)
    ? { ok: true, value: seconds }
    : { ok: false, reason: `"${value}" is not a number of seconds` };
}

function HostSkewInputEditor({ host }: { host: string }) {
  const chosen = useStore((s) => s.hostSkews[host]);
  const setHostSkew = useStore((s) => s.setHostSkew);
  return (
    <ApplyField
      label={`Skew of ${host} in seconds`}
      applyLabel={`Apply the skew of ${host}`}
      chosen={chosen}
      parse={parseSeconds}
      onApply={(seconds) => void setHostSkew(host, seconds)}
      inputProps={{
        // The Sources panel links each file's clock here.
        id: hostSkewInputId(host),
        className: 'skew-input',
        type: 'number',
        step: 'any',
        inputMode: 'decimal',
        placeholder: 'seconds',
      }}
    />
  );
}

/** A shared snapshot has no files to analyse again: nothing to set there. */
export function HostSkewInput(props: { host: string }) {
  const readOnly = useStore((s) => s.snapshot !== null);
  return readOnly ? null : <HostSkewInputEditor {...props} />;
}
