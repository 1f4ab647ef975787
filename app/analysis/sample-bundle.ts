// The bundled sample incident: `./sample.json` lists the files of `./sample/` (kept outside the folder so
// the folder holds exactly the bundle, as the CLI reads it). They
// are fetched from this page's own origin and then take exactly the path user files take.
import type { InputFile } from '../../workers/api.ts';

interface SampleManifest {
  files: string[];
}

function isManifest(value: unknown): value is SampleManifest {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { files?: unknown }).files) &&
    (value as { files: unknown[] }).files.every((f) => typeof f === 'string')
  );
}

async function fetchOk(url: URL, signal: AbortSignal): Promise<Response> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`Could not load the sample: ${url.pathname} answered ${response.status}`);
  return response;
}

/** Resolves a manifest entry inside the sample folder; anything that would leave it is refused. */
function sampleUrl(relative: string, base: URL): URL {
  const url = new URL(relative, base);
  if (
    url.origin !== base.origin ||
    !url.pathname.startsWith(base.pathname) ||
    relative.split('/').includes('..')
  ) {
    throw new Error(`The sample manifest names a file outside the sample folder: ${relative}`);
  }
  return url;
}

export async function loadSampleBundle(signal: AbortSignal): Promise<InputFile[]> {
  const base = new URL('./sample/', document.baseURI);
  const manifest: unknown = await (await fetchOk(new URL('./sample.json', document.baseURI), signal)).json();
  if (!isManifest(manifest)) throw new Error('The sample manifest is not of the form { files: string[] }');

  return Promise.all(
    manifest.files.map(async (relative) => {
      const response = await fetchOk(sampleUrl(relative, base), signal);
      const blob = await response.blob();
      // The server's Last-Modified is the only honest mtime; without it we give the engine no hint.
      const modified = Date.parse(response.headers.get('Last-Modified') ?? '');
      const lastModified = Number.isFinite(modified) ? modified : undefined;
      const name = relative.split('/').pop() || relative;
      const file = new File([blob], name, lastModified === undefined ? {} : { lastModified });
      return { path: `sample/${relative}`, blob: file, lastModified };
    }),
  );
}
