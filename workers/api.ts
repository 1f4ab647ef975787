// Types shared by the worker entry, the engine, the app's worker client and the CLI.
import type { StageId } from '../parsers/stages.ts';
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
  /** Path of the archive this entry was read from; entries are reported as the archive is read. */
  container?: string;
  /** For an archive: what it held so far. */
  archive?: ArchiveProgress;
  /** Stage lines found in this file so far (before copies across files are merged). */
  stages?: Partial<Record<StageId, number>>;
}

export interface ArchiveProgress {
  /** `tar.xz`, `zip`, `gzip` …: what the magic bytes said, outermost first. */
  kind: string;
  /** Entries met so far (files only). */
  entries: number;
  /** Entries read as logs (each has its own progress row). */
  analysed: number;
  /** Entries passed over: not a file the analysis uses in this bundle's layout. */
  skipped: number;
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
  /** Host of a file by path, set by the user; it replaces whatever host was inferred. */
  fileHosts?: Record<string, string>;
  /** New name of a host by the name the analysis gave it; two hosts given one name are merged. */
  hostRenames?: Record<string, string>;
}

/** Called at least every 250 ms while files are read, and once when each file ends. */
export type ProgressCallback = (files: FileProgress[]) => void;
