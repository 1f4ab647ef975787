// One text field with an Apply button for a choice the user makes about the analysis (a file's time
// zone, a host's skew or name): an invalid value shows its reason, an emptied field gives the choice
// back to the engine, and an unchanged value starts no new analysis. `note` may say, as the user
// types, what a valid value will do (a host renamed to another's name merges the two).
import { type InputHTMLAttributes, useId, useState } from 'react';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function ApplyField<T extends string | number>({
  label,
  applyLabel,
  chosen,
  parse,
  onApply,
  inputProps,
  note,
  showChosen = true,
}: {
  label: string;
  applyLabel: string;
  /** The value the user set before, if any. */
  chosen: T | undefined;
  parse: (text: string) => Parsed<T>;
  /** The new value, or null to forget the user's choice. */
  onApply: (value: T | null) => void;
  inputProps: InputHTMLAttributes<HTMLInputElement>;
  /** What the typed text will do when applied, if worth saying. */
  note?: (text: string) => string | null;
  /** Whether a value set before is marked "set by you" (a choice about the files, not about the view). */
  showChosen?: boolean;
}) {
  const [text, setText] = useState(chosen === undefined ? '' : String(chosen));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  const noteId = useId();
  const noteText = error ? null : (note?.(text) ?? null);

  function apply() {
    if (text.trim() === '') {
      setError(null);
      if (chosen !== undefined) onApply(null);
      return;
    }
    const parsed = parse(text);
    if (!parsed.ok) {
      setError(parsed.reason);
      return;
    }
    setError(null);
    if (parsed.value !== chosen) onApply(parsed.value);
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
        {...inputProps}
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : noteText ? noteId : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
      />
      <button type="submit" className="small-button" aria-label={applyLabel}>
        Apply
      </button>
      {showChosen && chosen !== undefined ? <span className="set-by-user"> set by you</span> : null}
      {error ? (
        <p id={errorId} className="row-error field-error" role="alert">
          {error}
        </p>
      ) : null}
      {noteText ? (
        <p id={noteId} className="muted small field-note" data-testid="field-note">
          {noteText}
        </p>
      ) : null}
    </form>
  );
}
