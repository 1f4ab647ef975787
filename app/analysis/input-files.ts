// Turns what the user or the sample gives us into the engine's InputFile; no file is read here.
import type { FileProgress, InputFile } from '../../workers/api.ts';

/** A file the user dropped or picked: its folder path when the browser gives one, else its name. */
export function userInput(file: File): InputFile {
  return { path: file.webkitRelativePath || file.name, blob: file, lastModified: file.lastModified };
}

/** The progress row shown for a file before the worker reports on it. */
export function queuedProgress(input: InputFile): FileProgress {
  return { path: input.path, state: 'queued', bytesDone: 0, bytesTotal: input.blob.size };
}
