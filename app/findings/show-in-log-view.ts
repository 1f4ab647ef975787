// An evidence line shown in the log view: the store's focus moves the view's rows and reads the
// line's context; this also brings the view (found by its id: features do not import one another)
// into sight and gives it the keyboard, so the arrow keys go on from the line shown.
import { type LineRef, useStore } from '../store.ts';

export function showInLogView(ref: LineRef): void {
  useStore.getState().focusLine(ref);
  const view = document.getElementById('log-view');
  if (!view) return;
  view.querySelector<HTMLElement>('[role="grid"]')?.focus({ preventScroll: true });
  // The list scrolls to the row a frame after the focus lands, so the page scrolls after that. A
  // smooth page scroll was cut short now and then by the list's own scroll (Chromium) and left the
  // row out of sight; the page jumps instead.
  requestAnimationFrame(() => requestAnimationFrame(() => view.scrollIntoView({ block: 'start' })));
}
