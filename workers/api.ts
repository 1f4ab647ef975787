// Types shared by the worker entry, the engine, the app's worker client and the CLI.
import type { FormatId } from '../parsers/types.ts';

/** One input file. `blob` is a browser `File` or a Node `Blob` from `fs.openAsBlob`. */
export interface InputFile {
  /** Path inside the bundle (`node-a/dmesg.log`), or the bare file name. */
  path: string;
  blob: Blob;
  /** Modification time in ms since the epoch, when known (a hint for year inference). */
  lastModified?: number;
}

export type FileState = 'queued' | 'reading' | 'done' | 'error';

export interface FileProgress {
  path: string;
  state: FileState;
  bytesDone: number;
  bytesTotal: number;
  format?: FormatId;
  lines?: number;
  error?: string;
}

export interface AnalyzeOptions {
  /** Force the format of a file by path instead of detecting it. */
  formatOverrides?: Record<string, FormatId>;
  /** Zone of a file's naive stamps by path (`+08:00`, `Asia/Shanghai`), overriding what was inferred. */
  timeZones?: Record<string, string>;
  /** Zone for every file whose zone the bundle does not state (CLI `--tz`). */
  defaultTimeZone?: string;
  /** Seconds to add to every time of a host, set by hand (replaces the estimated skew). */
  hostSkews?: Record<string, number>;
}

/** Called at least every 250 ms while files are read, and once when each file ends. */
export type ProgressCallback = (files: FileProgress[]) => void;
