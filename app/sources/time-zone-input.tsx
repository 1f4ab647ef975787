// Lets the user say in which zone a file's naive stamps were written; the store analyses the same
// files again with every choice made so far. An emptied field gives the file back its inferred zone.
import { ApplyField, type Parsed } from '../lib/apply-field.tsx';
import { useStore } from '../store.ts';
import { checkZone } from './time-zone.ts';

function parseZone(text: string): Parsed<string> {
  const check = checkZone(text);
  return check.ok ? { ok: true, value: check.zone } : { ok: false, reason: check.reason };
}

function TimeZoneInputEditor({ path, listId }: { path: string; listId: string }) {
  const chosen = useStore((s) => s.timeZones[path]);
  const setTimeZone = useStore((s) => s.setTimeZone);
  return (
    <ApplyField
      label={`Time zone of ${path}`}
      applyLabel={`Apply the time zone of ${path}`}
      chosen={chosen}
      parse={parseZone}
      onApply={(zone) => void setTimeZone(path, zone)}
      inputProps={{
        className: 'zone-input',
        list: listId,
        placeholder: '+01:00',
        autoComplete: 'off',
        spellCheck: false,
      }}
    />
  );
}

/** A shared snapshot has no files to analyse again: nothing to set there. */
export function TimeZoneInput(props: { path: string; listId: string }) {
  const readOnly = useStore((s) => s.snapshot !== null);
  return readOnly ? null : <TimeZoneInputEditor {...props} />;
}
