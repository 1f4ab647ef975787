// A chart point or a stage start leads to its log line: the store's focus (the log view scrolls
// to it) and the log view itself brought on screen.
import { type LineRef, useStore } from '../store.ts';

export function showLine(ref: LineRef): void {
  useStore.getState().focusLine({ source: ref.source, line: ref.line });
  // The log view may mount or re-render in reaction to the focus: look for it after that frame.
  requestAnimationFrame(() => document.getElementById('log-view')?.scrollIntoView({ block: 'start' }));
}
