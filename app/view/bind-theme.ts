// Keeps <html data-theme> and localStorage in step with the store's theme. Called once, before the
// first render, so the page never paints in the wrong palette.
import { useStore } from '../store.ts';
import { applyTheme, readTheme, saveTheme, themeStorage } from './theme.ts';

export function bindTheme(root: Element = document.documentElement): () => void {
  const storage = themeStorage();
  const initial = readTheme(storage);
  applyTheme(root, initial);
  if (useStore.getState().theme !== initial) useStore.getState().setTheme(initial);
  return useStore.subscribe((state, previous) => {
    if (state.theme === previous.theme) return;
    applyTheme(root, state.theme);
    saveTheme(storage, state.theme);
  });
}
