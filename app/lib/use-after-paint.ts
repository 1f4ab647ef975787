// Work that takes a while on the main thread (redacting a large incident, packing a share link)
// runs after the dialog that asked for it has painted, so the click answers at once and the
// dialog says what it is preparing instead of the page freezing with no sign of life.
import { type DependencyList, useEffect, useState } from 'react';

/** `build()`'s result once computed after the next paint; null until then and after `deps` change. */
export function useAfterPaint<T>(build: () => T, deps: DependencyList): T | null {
  const [result, setResult] = useState<{ value: T; deps: DependencyList } | null>(null);
  useEffect(() => {
    let frame = 0;
    // Two frames: the first lets React commit the "preparing" state, the second runs after it painted.
    frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => setResult({ value: build(), deps }));
    });
    return () => cancelAnimationFrame(frame);
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names what `build` depends on
  }, deps);
  const current =
    result && result.deps.length === deps.length && result.deps.every((d, i) => Object.is(d, deps[i]));
  return current ? (result?.value ?? null) : null;
}
