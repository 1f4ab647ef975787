// Element ids that one feature links to in another (a source's clock links to its host's skew field).

/** A valid, unique id for any string: characters other than letters, digits and `-` are escaped. */
function idPart(text: string): string {
  return [...text].map((c) => (/[A-Za-z0-9-]/.test(c) ? c : `_${c.codePointAt(0)?.toString(16)}_`)).join('');
}

/** The id of a host's skew field in the Hosts panel. */
export function hostSkewInputId(host: string): string {
  return `skew-${idPart(host)}`;
}
