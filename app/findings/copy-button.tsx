import { useEffect, useState } from 'react';

type CopyState = 'idle' | 'copied' | 'failed';

/** Puts `text` on the clipboard (nothing leaves the page) and says whether it worked. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<CopyState>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  return (
    <span className="copy">
      <button
        type="button"
        className="small-button"
        aria-label={label}
        onClick={() => {
          // The clipboard API is missing outside secure contexts; say so rather than fail silently.
          const write = navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'));
          write.then(
            () => setState('copied'),
            () => setState('failed'),
          );
        }}
      >
        Copy
      </button>
      <span className="copy-status small" aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy: select the text instead' : ''}
      </span>
    </span>
  );
}
