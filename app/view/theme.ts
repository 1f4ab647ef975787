// The colour theme: the system's by default (`prefers-color-scheme`), or light or dark as the user
// chose, remembered in localStorage. Storage may be missing or throw (private windows, a policy that
// blocks it, a full quota): the theme then simply is not remembered.
import type { Theme } from '../store.ts';

export const THEME_KEY = 'cascade.theme';
export const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

export const isTheme = (value: unknown): value is Theme => THEMES.includes(value as Theme);

/** The storage to use, or null when even reaching it throws (a sandboxed frame). */
export function themeStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The theme remembered in `storage`; `system` when none is, or it cannot be read. */
export function readTheme(storage: Pick<Storage, 'getItem'> | null): Theme {
  try {
    const value = storage?.getItem(THEME_KEY);
    return isTheme(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

/** Remembers `theme`; false when there is no storage or it refused. */
export function saveTheme(storage: Pick<Storage, 'setItem'> | null, theme: Theme): boolean {
  if (!storage) return false;
  try {
    storage.setItem(THEME_KEY, theme);
    return true;
  } catch {
    return false;
  }
}

/** Sets `data-theme` on the root element; styles.css picks the palette (and `color-scheme`) from it. */
export function applyTheme(root: Pick<Element, 'setAttribute'>, theme: Theme): void {
  root.setAttribute('data-theme', theme);
}
