// Test inputs near real ones: each seed, and variants of it with a few characters inserted, replaced
// or deleted by a fixed pseudo-random sequence (so a failure reproduces). The parsers' tests feed them
// to a hand-written reader and to the regex it replaced, which must agree on every one.

/**
 * The seeds and, for each, variants with a few characters inserted, replaced or deleted (a fixed
 * pseudo-random sequence, so failures reproduce).
 */
export function mutants(seeds: readonly string[], pieces: readonly string[], perSeed = 80): string[] {
  let state = 1;
  const rand = (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % n;
  };
  const out = [...seeds];
  for (const seed of seeds) {
    for (let k = 0; k < perSeed; k++) {
      let t = seed;
      for (let edits = 1 + rand(3); edits > 0; edits--) {
        const at = rand(Math.min(t.length, 60) + 1);
        const kind = rand(3);
        const piece = kind === 2 ? '' : (pieces[rand(pieces.length)] ?? '');
        t = t.slice(0, at) + piece + t.slice(at + (kind === 0 ? 0 : 1));
      }
      out.push(t);
    }
  }
  return out;
}
