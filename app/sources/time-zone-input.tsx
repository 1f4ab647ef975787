// Lets the user say in which zone a file's naive stamps were written; the store analyses the same
// files again with every choice made so far.
import { useId, useState } from 'react';
import { useStore } from '../store.ts';
import { checkZone } from './time-zone.ts';

export function TimeZoneInput({ path, listId }: { path: string; listId: string }) {
  const chosen = useStore((s) => s.timeZones[path]);
  const setTimeZone = useStore((s) => s.setTimeZone);
  const [text, setText] = useState(chosen ?? '');
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  function apply() {
    if (text.trim() === '') {
      setError(null);
      // An emptied field gives the file back its inferred zone.
      if (chosen !== undefined) void setTimeZone(path, null);
      return;
    }
    const check = checkZone(text);
    if (!check.ok) {
      setError(check.reason);
      return;
    }
    setError(null);
    if (check.zone !== chosen) void setTimeZone(path, check.zone);
  }

  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        apply();
      }}
    >
      <input
        className="zone-input"
        list={listId}
        aria-label={`Time zone of ${path}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        placeholder="+01:00"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
      />
      <button type="submit" className="small-button" aria-label={`Apply the time zone of ${path}`}>
        Apply
      </button>
      {chosen !== undefined ? <span className="set-by-user"> set by you</span> : null}
      {error ? (
        <p id={errorId} className="row-error field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
