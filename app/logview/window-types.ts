// The analysis worker's window read (workers/window.ts), as the log view's "All lines" mode uses it:
// the one place app/logview takes these types from.
export type { WindowLine, WindowRequest, WindowResult } from '../../workers/window.ts';
