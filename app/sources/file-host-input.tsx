// Lets the user say which host a file belongs to (a dmesg saved without a host name, a file put in
// the wrong folder); the store analyses the same files again with every choice made so far. An
// emptied field gives the file back the host the analysis inferred.
import { ApplyField, type Parsed } from '../lib/apply-field.tsx';
import { useStore } from '../store.ts';

/** A host name as the user typed it: trimmed, one line, no longer than a DNS name. */
export function parseHostName(text: string): Parsed<string> {
  const name = text.trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return { ok: false, reason: 'A host name is one line of text' };
  if (name.length > 253) return { ok: false, reason: 'A host name has at most 253 characters' };
  return { ok: true, value: name };
}

function FileHostInputEditor({ path, listId }: { path: string; listId: string }) {
  const chosen = useStore((s) => s.fileHosts[path]);
  const setFileHost = useStore((s) => s.setFileHost);
  return (
    <ApplyField
      label={`Host of ${path}`}
      applyLabel={`Apply the host of ${path}`}
      chosen={chosen}
      parse={parseHostName}
      onApply={(host) => void setFileHost(path, host)}
      inputProps={{
        className: 'host-input',
        list: listId,
        placeholder: 'host',
        autoComplete: 'off',
        spellCheck: false,
      }}
    />
  );
}

/** A shared snapshot has no files to analyse again: nothing to set there. */
export function FileHostInput(props: { path: string; listId: string }) {
  const readOnly = useStore((s) => s.snapshot !== null);
  return readOnly ? null : <FileHostInputEditor {...props} />;
}
