// The theme is remembered in localStorage under `cascade.theme`; storage that is missing or throws
// must never break the page, and the two dark palettes in styles.css must not drift apart.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyTheme, isTheme, readTheme, saveTheme, THEME_KEY } from '../../app/view/theme.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => {
      data.set(key, value);
    },
  };
}

const throwing = {
  getItem(): string | null {
    throw new DOMException('denied', 'SecurityError');
  },
  setItem(): void {
    throw new DOMException('full', 'QuotaExceededError');
  },
};

describe('theme storage', () => {
  it('uses the cascade.theme key', () => {
    expect(THEME_KEY).toBe('cascade.theme');
  });

  it('reads what was saved, and system when nothing or nonsense was', () => {
    const storage = memoryStorage();
    expect(readTheme(storage)).toBe('system');
    expect(saveTheme(storage, 'dark')).toBe(true);
    expect(storage.data.get(THEME_KEY)).toBe('dark');
    expect(readTheme(storage)).toBe('dark');
    saveTheme(storage, 'system');
    expect(readTheme(storage)).toBe('system');
    expect(readTheme(memoryStorage({ [THEME_KEY]: 'purple' }))).toBe('system');
  });

  it('survives storage that throws or is missing', () => {
    expect(readTheme(throwing)).toBe('system');
    expect(saveTheme(throwing, 'light')).toBe(false);
    expect(readTheme(null)).toBe('system');
    expect(saveTheme(null, 'light')).toBe(false);
  });

  it('knows the three themes', () => {
    expect(['system', 'light', 'dark'].every(isTheme)).toBe(true);
    expect(isTheme('auto')).toBe(false);
    expect(isTheme(null)).toBe(false);
  });

  it('sets data-theme on the root', () => {
    const attrs: Record<string, string> = {};
    const root = {
      setAttribute(name: string, value: string) {
        attrs[name] = value;
      },
    };
    applyTheme(root, 'dark');
    expect(attrs['data-theme']).toBe('dark');
  });
});

describe('styles.css palettes', () => {
  const css = readFileSync(resolve(import.meta.dirname, '../../app/styles.css'), 'utf8');
  /** The custom properties of the first block after `selector`. */
  function vars(selector: string): Map<string, string> {
    const start = css.indexOf(selector);
    expect(start, selector).toBeGreaterThanOrEqual(0);
    const body = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start));
    return new Map(
      [...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1] as string, m[2] as string]),
    );
  }

  it('gives the system dark palette and the chosen dark palette the same colours', () => {
    const system = vars(':root:not([data-theme="light"])');
    const chosen = vars(':root[data-theme="dark"]');
    expect(system.size).toBeGreaterThan(10);
    expect(chosen).toEqual(system);
  });

  it('defines every dark colour in the light palette too', () => {
    const light = vars(':root {');
    for (const name of vars(':root[data-theme="dark"]').keys()) expect(light.has(name), name).toBe(true);
  });
});
