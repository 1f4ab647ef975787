// A folder on disk as the files a drop of it gives the engine: every file under it, in path order,
// named `<prefix>/<path under the folder>` (the folder names hosts, so the structure is kept).
import { openAsBlob, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { InputFile } from '../../workers/api.ts';

export const SAMPLE_DIR = resolve(import.meta.dirname, '../../public/sample');

export async function folderInputs(dir: string, prefix: string): Promise<InputFile[]> {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (abs) => ({
      path: `${prefix}/${relative(dir, abs).split('\\').join('/')}`,
      blob: await openAsBlob(abs),
      lastModified: statSync(abs).mtimeMs,
    })),
  );
}

/** The built-in sample as the landing's button analyses it. */
export const sampleInputs = (): Promise<InputFile[]> => folderInputs(SAMPLE_DIR, 'sample');
