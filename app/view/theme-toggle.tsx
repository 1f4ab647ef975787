// Light, dark, or whatever the system prefers (the default). bind-theme.ts applies and remembers it.
import { useId } from 'react';
import type { Theme } from '../store.ts';
import { useStore } from '../store.ts';
import { THEMES } from './theme.ts';

const THEME_TEXT: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

export function ThemeToggle() {
  const theme = useStore((s) => s.theme);
  const setTheme = useStore((s) => s.setTheme);
  const name = useId();
  return (
    <fieldset className="segmented">
      <legend>Theme</legend>
      <div className="segment-options">
        {THEMES.map((t) => (
          <label key={t}>
            <input type="radio" name={name} value={t} checked={theme === t} onChange={() => setTheme(t)} />
            {THEME_TEXT[t]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
