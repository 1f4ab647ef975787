// Lets the user say how far a host's clock was off; the store analyses the same files again with
// every choice made so far.
import { useId, useState } from 'react';
import { useStore } from '../store.ts';

export function HostSkewInput({ host }: { host: string }) {
  const chosen = useStore((s) => s.hostSkews[host]);
  const setHostSkew = useStore((s) => s.setHostSkew);
  const [text, setText] = useState(chosen === undefined ? '' : String(chosen));
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();

  function apply() {
    const value = text.trim();
    if (value === '') {
      setError(null);
      // An emptied field gives the host back its estimated skew.
      if (chosen !== undefined) void setHostSkew(host, null);
      return;
    }
    const seconds = Number(value);
    if (!Number.isFinite(seconds)) {
      setError(`"${value}" is not a number of seconds`);
      return;
    }
    setError(null);
    if (seconds !== chosen) void setHostSkew(host, seconds);
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
        className="skew-input"
        type="number"
        step="any"
        inputMode="decimal"
        aria-label={`Skew of ${host} in seconds`}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        placeholder="seconds"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (error) setError(null);
        }}
      />
      <button type="submit" className="small-button" aria-label={`Apply the skew of ${host}`}>
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
