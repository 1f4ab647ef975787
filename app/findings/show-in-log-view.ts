// An evidence line shown in the log view: the store's focus moves the view's rows and reads the
// line's context; this also brings the view (found by its id: features do not import one another)
// into sight and gives it the keyboard, so the arrow keys go on from the line shown.
import { type LineRef, useStore } from '../store.ts';

export function showInLogView(ref: LineRef): void {
  useStore.getState().focusLine(ref);
  const view = document.getElementById('log-view');
  if (!view) return;
  view.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  const still = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  // The list scrolls to the row a frame after the focus lands; a smooth scroll of the page started
  // before that is cut short by it (Chromium), so the page scrolls after.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => view.scrollIntoView({ block: 'start', behavior: still ? 'auto' : 'smooth' })),
  );
}
